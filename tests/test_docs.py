"""The README's configuration reference lists every setting the plugin reads."""

from __future__ import annotations

from pelican_collab.site.settings import DEFAULTS

from .conftest import REPOSITORY


def test_every_collab_setting_is_in_the_configuration_reference() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    reference = readme[readme.index("## Configuration reference") :]
    reference = reference[: reference.index("\n## ", 1)]
    missing = [key for key in DEFAULTS if f"| `{key}` |" not in reference]
    assert not missing, f"document these in the README's configuration reference: {missing}"
