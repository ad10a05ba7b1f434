"""`invoke check`: links and anchors, the Nu HTML Checker, translation status, sitemap ↔ hreflang."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pelican_collab.engine.build import load_settings
from pelican_collab.tools.checks import check_site
from pelican_collab.translation.freshness import stamp

from .conftest import FixtureSite, require_java

TASKS = "from pelican_collab.tools.tasks import namespace  # noqa: F401\n"


def stamp_translations(site: FixtureSite) -> None:
    settings = load_settings(site.settings_file)
    stamp(settings, sorted((site.content / "en").glob("*.md")))


@pytest.fixture
def checked_site(two_language_site: FixtureSite) -> FixtureSite:
    """The two-language fixture with its translations stamped, so that it is clean."""
    two_language_site.settings('COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/x"\n')
    stamp_translations(two_language_site)
    return two_language_site


def run_check(site: FixtureSite, html: bool = False):
    site.build()
    return check_site(load_settings(site.settings_file), html=html)


def test_a_clean_site_passes_every_check(checked_site: FixtureSite) -> None:
    require_java()
    report = run_check(checked_site, html=True)
    assert report.all_problems == []
    assert report.ok
    assert report.pages_per_language == {"da": 2, "en": 2}
    assert re.fullmatch(
        r"checked 4 pages \(da: 2, en: 2\): links ok, HTML ok, translations ok, sitemap ok; "
        r"0 problems in \d+\.\d\d s",
        report.summary(),
    ), report.summary()


def test_broken_links_and_anchors_are_named(checked_site: FixtureSite) -> None:
    site = checked_site
    site.page(
        "en/index.md",
        """
        Title: Home
        Modified: 2026-11-27

        Welcome. [Gone](/en/nowhere/), [no anchor](#no-such-section), [fine](#first-section),
        [Danish section](/#forste-afsnit), [relative](../grundfortaelling/), [image](/theme/none.png).

        ## First section

        Text.
        """,
    )
    report = run_check(site)
    links = report.problems["links"]
    assert any(
        line.startswith("en/index.html:")
        and line.endswith("broken link /en/nowhere/: no file en/nowhere/index.html")
        for line in links
    ), links
    assert any(
        line.endswith("broken link #no-such-section: no id 'no-such-section' in en/index.html")
        for line in links
    ), links
    assert any(line.endswith("broken link /theme/none.png: no file theme/none.png") for line in links), links
    on_the_page = [line for line in links if line.startswith("en/index.html:")]
    assert len(on_the_page) == 3, links  # the good links are not reported
    assert not report.ok
    assert f"links {len(links)} problems" in report.summary()


def test_sitemap_and_hreflang_disagreements_are_named(checked_site: FixtureSite) -> None:
    site = checked_site
    site.build()
    sitemap = site.output / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    # Drop one alternate of the English home page and the whole entry of the Danish narrative.
    text = text.replace(
        '<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/"/>', "", 1
    )
    text = re.sub(r"<url>\s*<loc>https://example.org/grundfortaelling/</loc>.*?</url>", "", text, flags=re.S)
    sitemap.write_text(text, encoding="utf-8")
    # And make one page's head disagree with its translation.
    english = site.output / "en" / "core-narrative" / "index.html"
    english.write_text(
        english.read_text(encoding="utf-8").replace('hreflang="da"', 'hreflang="de"'), encoding="utf-8"
    )
    report = check_site(load_settings(site.settings_file), html=False)
    problems = report.problems["sitemap"]
    assert any(
        line.startswith("sitemap.xml: lacks https://example.org/grundfortaelling/") for line in problems
    ), problems
    assert any(
        line.startswith("sitemap.xml: https://example.org/:") and "differ" in line for line in problems
    ), problems
    assert any(
        line.startswith("en/core-narrative/index.html: hreflang de") and "in 'da'" in line
        for line in problems
    ), problems


def test_html_errors_are_named_by_vnu(checked_site: FixtureSite) -> None:
    require_java()
    site = checked_site
    site.build()
    page = site.output / "en" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("<main ", '<span id="main-content"></span><main ', 1),
        encoding="utf-8",
    )
    report = check_site(load_settings(site.settings_file), html=True)
    assert any(
        line.startswith("en/index.html:") and "Duplicate ID" in line for line in report.problems["HTML"]
    ), report.problems["HTML"]


def test_a_stale_translation_is_a_problem(checked_site: FixtureSite) -> None:
    site = checked_site
    site.page(
        "da/index.md", "Title: Forside\nModified: 2026-11-28\n\nNy velkomst.\n\n## Første afsnit\n\nTekst.\n"
    )
    report = run_check(site)
    assert report.problems["translations"], report.summary()
    assert any("en/index.md" in line and "stale" in line for line in report.problems["translations"])


def test_invoke_check_ends_with_one_summary_and_fails_on_a_problem(checked_site: FixtureSite) -> None:
    require_java()
    site = checked_site
    (site.root / "tasks.py").write_text(TASKS, encoding="utf-8")
    invoke = [sys.executable, "-m", "invoke", "check"]
    good = subprocess.run(invoke, cwd=site.root, capture_output=True, text=True, timeout=300)
    assert good.returncode == 0, good.stdout + good.stderr
    last = good.stdout.strip().splitlines()[-1]
    assert last.startswith("checked 4 pages (da: 2, en: 2): ") and "; 0 problems in " in last

    site.page("da/grundfortaelling.md", "Title: Grundfortælling\nDate: 2026-01-15\n\n[Død](/findes-ikke/)\n")
    site.page("en/core-narrative.md", (site.content / "en/core-narrative.md").read_text() + "\n[Dead](/x/)\n")
    stamp_translations(site)
    bad = subprocess.run(invoke, cwd=site.root, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1
    lines = bad.stdout.strip().splitlines()
    assert re.search(r": links \d+ problems?, HTML ok, .*; \d+ problems? in [\d.]+ s$", lines[-1]), lines[-1]
    assert any("broken link /findes-ikke/" in line for line in lines)
    assert "Traceback" not in bad.stderr


def test_check_without_a_build_says_so(two_language_site: FixtureSite) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pelican_collab", "check", "--no-build"],
        cwd=two_language_site.root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "no built site here (run `invoke build` first)" in result.stderr
