"""The generated translation pages in a real browser: stale notice, stand-in,
parallel view and editors' report pass axe (light and dark) and reflow at 320 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pelican_collab.engine.build import build, load_settings
from pelican_collab.translation.freshness import stamp

from .browser import SCHEMES, Tab, axe_violations, chromium, describe_violations, tab_on  # noqa: F401
from .conftest import SETTINGS_TEMPLATE

PAGES = {
    "da/index.md": "Title: Forside\nModified: 2026-11-20\n\nVelkommen.\n\n## Første afsnit\n\nTekst.\n",
    "en/index.md": "Title: Home\nModified: 2026-11-20\n\nWelcome.\n\n## First section\n\nText.\n",
    "da/om.md": "Title: Om samarbejdet\nModified: 2026-11-20\n\nKun på dansk.\n",
}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("translations-site")
    for relative, text in PAGES.items():
        (root / "content" / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / relative).write_text(text, encoding="utf-8")
    settings_file = root / "pelicanconf.py"
    settings_file.write_text(
        SETTINGS_TEMPLATE.replace('PATH = "content"', f'PATH = "{root / "content"}"').replace(
            'OUTPUT_PATH = "output"', f'OUTPUT_PATH = "{root / "output"}"'
        ),
        encoding="utf-8",
    )
    stamp(load_settings(settings_file), [root / "content" / "en" / "index.md"])
    danish = root / "content" / "da" / "index.md"
    danish.write_text(danish.read_text(encoding="utf-8").replace("Tekst.", "Ny tekst."), encoding="utf-8")
    build(settings_file)  # the English home page is now stale, "om" has no English page
    return root / "output"


@pytest.fixture(scope="module")
def tab(chromium: Any, output: Path) -> Iterator[Tab]:  # noqa: F811
    with tab_on(chromium, output) as opened:
        yield opened


GENERATED = ["/en/", "/en/om/", "/en/parallel/index.html", "/translation-status/"]


def test_the_fixture_has_each_generated_page(output: Path) -> None:
    for path in GENERATED:
        served = output / path.lstrip("/")
        assert (served / "index.html" if path.endswith("/") else served).is_file(), path
    assert 'class="notice"' in (output / "en" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", GENERATED)
def test_axe_finds_no_violations_on_generated_pages(tab: Tab, path: str, scheme: str) -> None:
    page = tab.open(path, scheme=scheme)
    violations = axe_violations(page)
    assert not violations, describe_violations(f"{path} ({scheme})", violations)


@pytest.mark.parametrize("path", GENERATED)
def test_generated_pages_reflow_at_320_px(tab: Tab, path: str) -> None:
    page = tab.open(path, width=320, height=640)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
