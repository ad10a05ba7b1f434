"""`invoke check`: defects (links and anchors, the Nu HTML Checker, sitemap ↔ hreflang,
interface catalogs) apart from translation states (missing, stale, drifted, orphan)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pelican_collab.engine.build import load_settings
from pelican_collab.tools import checks
from pelican_collab.tools.checks import DEFECT, TRANSLATION, Check, check_site
from pelican_collab.translation.freshness import stamp

from .conftest import FixtureSite, built_pages, require_java
from .partial_site import SETTINGS, STATES, write_partial_site

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
        r"checked 4 pages \(da: 2, en: 2\): links ok, HTML ok, sitemap ok, catalogs ok; "
        r"0 defects; translations: all up to date in \d+\.\d\d s",
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


def test_a_stale_translation_is_a_state_not_a_defect(checked_site: FixtureSite) -> None:
    site = checked_site
    site.page(
        "da/index.md", "Title: Forside\nModified: 2026-11-28\n\nNy velkomst.\n\n## Første afsnit\n\nTekst.\n"
    )
    report = run_check(site)
    assert report.translation_states == [
        "content/en/index.md: stale: changed in content/da/index.md since the stamp: "
        "'(title and introduction)'"
    ]
    assert report.defects == [] and report.ok
    assert report.summary().endswith("; 0 defects; translations: 1 stale (en 1) in " + report.summary()[-6:])
    strict = check_site(load_settings(site.settings_file), html=False, strict=True)
    assert not strict.ok
    assert "; 0 defects; translations (strict): 1 stale (en 1) in " in strict.summary()


def test_an_incomplete_interface_catalog_is_a_defect(checked_site: FixtureSite) -> None:
    site = checked_site
    folder = site.root / "locale" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Contents"\nmsgstr ""\n',
        encoding="utf-8",
    )
    site.settings(
        'COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/x"\nCOLLAB_LOCALE_DIRS = ["locale"]\n'
    )
    report = run_check(site)
    assert report.problems["catalogs"] == [
        "locale/en/LC_MESSAGES/messages.po: 1 untranslated interface strings"
    ]
    assert report.defects == report.problems["catalogs"] and not report.ok
    assert ", catalogs 1 problem; 1 defect; translations: all up to date in " in report.summary()


def test_a_translation_status_that_cannot_be_read_is_a_defect(checked_site: FixtureSite) -> None:
    site = checked_site
    site.build()
    (site.content / "translation-stamps.json").write_text("{\n  oops\n", encoding="utf-8")
    report = check_site(load_settings(site.settings_file), html=False)
    assert report.defects == [
        "translations: content/translation-stamps.json:2: not valid JSON "
        "(Expecting property name enclosed in double quotes)"
    ]
    assert not report.ok
    assert report.summary().split("; ")[-1].startswith("translations not checked in ")


def test_a_check_is_one_entry_in_the_registry(
    checked_site: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a check is a Check in CHECKS: it runs, and its kind decides what its lines mean."""
    found_pages = Check("pages", DEFECT, "pages", lambda site: [f"{len(site.output.files)} pages seen"])
    monkeypatch.setattr(checks, "CHECKS", (*checks.CHECKS, found_pages))
    checked_site.build()
    report = check_site(load_settings(checked_site.settings_file), html=False)
    assert report.problems["pages"] == [f"{len(built_pages(checked_site.output))} pages seen"]
    assert report.defects == report.problems["pages"] and not report.ok
    assert ", pages 1 problem; 1 defect;" in report.summary()
    names = [check.name for check in checks.CHECKS[:-1]]
    assert names == ["links", "HTML", "sitemap", "catalogs", "translations"]
    assert [check.kind for check in checks.CHECKS[:-1]] == [DEFECT] * 4 + [TRANSLATION]


def test_invoke_check_ends_with_one_summary_and_fails_on_a_problem(checked_site: FixtureSite) -> None:
    require_java()
    site = checked_site
    (site.root / "tasks.py").write_text(TASKS, encoding="utf-8")
    invoke = [sys.executable, "-m", "invoke", "check"]
    good = subprocess.run(invoke, cwd=site.root, capture_output=True, text=True, timeout=300)
    assert good.returncode == 0, good.stdout + good.stderr
    last = good.stdout.strip().splitlines()[-1]
    assert last.startswith("checked 4 pages (da: 2, en: 2): ") and "; 0 defects; " in last

    site.page("da/grundfortaelling.md", "Title: Grundfortælling\nDate: 2026-01-15\n\n[Død](/findes-ikke/)\n")
    site.page("en/core-narrative.md", (site.content / "en/core-narrative.md").read_text() + "\n[Dead](/x/)\n")
    stamp_translations(site)
    bad = subprocess.run(invoke, cwd=site.root, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1
    lines = bad.stdout.strip().splitlines()
    assert re.search(
        r": links \d+ problems?, HTML ok, .*; \d+ defects?; translations: all up to date in [\d.]+ s$",
        lines[-1],
    ), lines[-1]
    assert any("broken link /findes-ikke/" in line for line in lines)
    assert "Traceback" not in bad.stderr


def test_check_prints_defects_and_translation_states_apart(site: FixtureSite) -> None:
    require_java()
    write_partial_site(site)
    site.page(
        "da/om/projekter.md", "Title: Projekter\nDate: 2026-01-15\n\nVores [projekter](/intetsteds/).\n"
    )
    site.page("en/om/projekter.md", "Title: Projects\nDate: 2026-01-15\n\nOur [projects](/en/).\n")
    command = [sys.executable, "-m", "pelican_collab", "check"]
    bad = subprocess.run(command, cwd=site.root, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    lines = bad.stdout.strip().splitlines()
    # The page, the side-by-side view and the two stand-ins that show it.
    defects = lines.index("defects (4):")
    states = lines.index("translation states (5):")
    assert defects < states
    assert [line.split(":", 1)[0] for line in lines[defects + 1 : defects + 5]] == [
        "  de/om/projekter/index.html",
        "  en/parallel/om/projekter.html",
        "  fo/om/projekter/index.html",
        "  om/projekter/index.html",
    ]
    assert all(
        line.endswith("broken link /intetsteds/: no file intetsteds/index.html")
        for line in lines[defects + 1 : defects + 5]
    )
    assert lines[states + 1 : states + 6] == [
        "  content/da/index.md: missing in de (content/de/index.md is a placeholder, not translated yet)",
        "  content/da/index.md: missing in fo (content/fo/index.md is a placeholder, not translated yet)",
        "  content/da/om/projekter.md: missing in de (no page with translation key 'om/projekter')",
        "  content/da/om/projekter.md: missing in fo (no page with translation key 'om/projekter')",
        "  content/en/om/projekter.md: stale: changed in content/da/om/projekter.md since the stamp: "
        "never stamped",
    ]
    assert lines[-1].startswith("checked 4 pages (da: 2, en: 2, de: 0, fo: 0): links 4 problems, HTML ok, ")
    assert f"; 4 defects; translations: {STATES} in " in lines[-1]

    # Translation states alone pass, unless strict.
    site.page("da/om/projekter.md", "Title: Projekter\nDate: 2026-01-15\n\nVores [projekter](/).\n")
    good = subprocess.run(command, cwd=site.root, capture_output=True, text=True, timeout=300)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "defects (" not in good.stdout and "translation states (5):" in good.stdout
    assert f"; 0 defects; translations: {STATES} in " in good.stdout.strip().splitlines()[-1]
    strict = subprocess.run(
        [*command, "--no-build", "--strict"], cwd=site.root, capture_output=True, text=True, timeout=300
    )
    assert strict.returncode == 1
    assert f"; 0 defects; translations (strict): {STATES} in " in strict.stdout.strip().splitlines()[-1]
    (site.root / "tasks.py").write_text(TASKS, encoding="utf-8")
    site.settings(SETTINGS + 'COLLAB_TRANSLATION_POLICY = "strict"\n')
    policy = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--no-build"],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert policy.returncode == 1
    assert f"; 0 defects; translations (strict): {STATES} in " in policy.stdout.strip().splitlines()[-1]


def test_check_without_a_build_says_so(two_language_site: FixtureSite) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pelican_collab", "check", "--no-build"],
        cwd=two_language_site.root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "no built site here (run `invoke build` first)" in result.stderr


def test_a_hidden_page_is_in_the_sitemap_and_passes_the_check(checked_site: FixtureSite) -> None:
    checked_site.page("da/kampagne.md", "Title: Kampagne\nStatus: hidden\n\nKun via links.\n")
    checked_site.page("en/kampagne.md", "Title: Campaign\nStatus: hidden\n\nOnly through links.\n")
    stamp(load_settings(checked_site.settings_file), [checked_site.content / "en" / "kampagne.md"])
    report = run_check(checked_site, html=False)
    assert report.problems["sitemap"] == [], report.problems["sitemap"]
    sitemap = (checked_site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/kampagne/" in sitemap and "https://example.org/en/kampagne/" in sitemap
