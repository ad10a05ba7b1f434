"""Every page the theme produces passes the Nu HTML Checker (vnu) without errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican_collab.engine.build import build
from pelican_collab.site.navigation import SHOWN_PER_LEVEL
from pelican_collab.tools.checks import CheckUnavailable, run_vnu

from .conftest import REPOSITORY, FixtureSite, built_pages, require_java
from .multilingual import build_long_site, build_site


def _vnu_errors(files: list[Path]) -> list[dict]:
    """Run vnu once over all files (as `invoke check` does) and return its error messages."""
    require_java()
    try:
        return run_vnu(files, timeout=300)
    except CheckUnavailable as error:
        pytest.fail(f"{error}; install the test extra: pip install -e .[test]")


def _describe(message: dict, roots: dict[str, Path]) -> str:
    url = message.get("url", "")
    where = url.removeprefix("file:")
    for label, root in roots.items():
        root_text = str(root)
        if root_text in where:
            where = f"{label}/{where.split(root_text, 1)[1].lstrip('/')}"
            break
    line = message.get("lastLine", message.get("firstLine", "?"))
    extract = message.get("extract", "").strip()
    text = f"{where}:{line}: {message.get('message', '')}"
    return f"{text}\n    {extract!r}" if extract else text


def test_every_built_page_is_valid_html(
    two_language_site: FixtureSite,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The repository's own narrative, as `invoke build` makes it, but into a temporary folder.
    narrative_output = tmp_path_factory.mktemp("narrative-output")
    monkeypatch.chdir(REPOSITORY)
    build(
        REPOSITORY / "pelicanconf.py",
        {"OUTPUT_PATH": str(narrative_output), "PATH": str(REPOSITORY / "content")},
    )

    # A fixture site with every language in its own folder (and the language chooser at /).
    monkeypatch.chdir(two_language_site.root)
    two_language_site.settings("COLLAB_EVERY_LANGUAGE_IN_FOLDER = True\n")
    two_language_site.build()

    # Six languages: menus, stand-ins (a placeholder, no catalog, right to left);
    # and a menu too long to show whole, with the pages of all pages.
    multilingual_output = build_site(tmp_path_factory.mktemp("multilingual"))
    long_output = build_long_site(tmp_path_factory.mktemp("long-menu"), 2 * SHOWN_PER_LEVEL)

    narrative_pages = built_pages(narrative_output)
    fixture_pages = built_pages(two_language_site.output)
    multilingual_pages = built_pages(multilingual_output) + built_pages(long_output)
    assert narrative_pages, f"the narrative build wrote no pages into {narrative_output}"
    assert fixture_pages, f"the fixture build wrote no pages into {two_language_site.output}"
    # The chooser page exists in folder mode, so it is checked too.
    assert two_language_site.output / "index.html" in fixture_pages
    assert multilingual_output / "de" / "om" / "projekter" / "index.html" in multilingual_pages
    assert long_output / "all-pages" / "index.html" in multilingual_pages

    pages = narrative_pages + fixture_pages + multilingual_pages
    errors = _vnu_errors(pages)
    roots = {
        "narrative": narrative_output.resolve(),
        "fixture": two_language_site.output.resolve(),
        "multilingual": multilingual_output.resolve(),
        "long-menu": long_output.resolve(),
    }
    assert not errors, f"vnu found {len(errors)} error(s) in {len(pages)} pages:\n" + "\n".join(
        _describe(message, roots) for message in errors
    )
