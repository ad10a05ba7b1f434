"""Translation freshness on fixture sites built for real, and on the real narrative."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican_collab.engine.build import load_settings
from pelican_collab.errors import CollabError
from pelican_collab.translation.freshness import stamp, translation_status

from .conftest import REPOSITORY, FixtureSite

DANISH = """\
Title: Grundfortælling
Modified: 2026-11-20

Indledning.

## Hvorfor

### Sammen er vi stærkere

Flere fagligheder skaber ny viden.

### Nu er det rigtige tidspunkt

Det er tid.

## Sådan arbejder vi

Vi arbejder sammen.
"""
ENGLISH = """\
Title: Core narrative
Translation-Key: grundfortaelling
Modified: 2026-11-20

Introduction.

## Why

### Together we are stronger

More disciplines create new knowledge.

### Now is the right time

It is time.

## How we work

We work together.
"""


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def stamped(two_language_site: FixtureSite) -> FixtureSite:
    """The fixture site with a sectioned narrative, every translation stamped."""
    site = two_language_site
    site.page("da/grundfortaelling.md", DANISH)
    site.page("en/core-narrative.md", ENGLISH)
    settings = load_settings(site.settings_file)
    stamp(
        settings,
        [site.content / "da" / "index.md", site.content / "da" / "grundfortaelling.md"],
        all_translations=True,
    )
    return site


def status(site: FixtureSite):
    return translation_status(load_settings(site.settings_file))


def rows(site: FixtureSite) -> dict[tuple[str, str], object]:
    return {(row.key, row.language): row for row in status(site).rows}


def edit_danish_section(site: FixtureSite) -> None:
    path = site.content / "da" / "grundfortaelling.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Flere fagligheder skaber ny viden.", "Flere fagligheder og relationer skaber ny viden."
        ),
        encoding="utf-8",
    )


def test_a_stamped_site_is_up_to_date(stamped: FixtureSite) -> None:
    report = status(stamped)
    assert [(r.key, r.language, r.status) for r in report.rows] == [
        ("grundfortaelling", "en", "up to date"),
        ("index", "en", "up to date"),
    ]
    assert report.problems == []
    stamps = json.loads((stamped.content / "translation-stamps.json").read_text(encoding="utf-8"))
    assert set(stamps) == {"en/index.md", "en/core-narrative.md"}
    assert stamps["en/core-narrative.md"]["source"] == "da/grundfortaelling.md"


def test_an_edited_section_makes_exactly_that_translation_stale(stamped: FixtureSite) -> None:
    edit_danish_section(stamped)
    row = rows(stamped)[("grundfortaelling", "en")]
    assert row.status == "stale"
    assert row.changed_sections == ("Sammen er vi stærkere",)
    assert "-Flere fagligheder skaber ny viden." in row.diff
    assert "+Flere fagligheder og relationer skaber ny viden." in row.diff
    assert rows(stamped)[("index", "en")].status == "up to date"
    assert status(stamped).problems == [
        "content/en/core-narrative.md: stale: changed in content/da/grundfortaelling.md since the stamp: "
        "'Sammen er vi stærkere'"
    ]


def test_a_strict_build_fails_listing_every_problem(stamped: FixtureSite) -> None:
    edit_danish_section(stamped)
    stamped.page("da/ny.md", "Title: Ny side\n\nTekst.\n")
    stamped.settings('COLLAB_TRANSLATION_POLICY = "strict"\n')
    result = subprocess.run(
        [sys.executable, "-m", "pelican_collab", "build", "-s", str(stamped.settings_file)],
        cwd=stamped.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("pelican-collab: error:"))
    assert (
        lines[start]
        == "pelican-collab: error: 2 translation problems (COLLAB_TRANSLATION_POLICY = 'strict'):"
    )
    assert lines[start + 1 :] == [
        "content/en/core-narrative.md: stale: changed in content/da/grundfortaelling.md since the stamp: "
        "'Sammen er vi stærkere'",
        "content/da/ny.md: missing in en (no page with translation key 'ny')",
    ]
    assert not stamped.output.exists(), "a failed build writes nothing"


def test_a_warn_build_tells_readers_of_the_stale_translation(stamped: FixtureSite) -> None:
    edit_danish_section(stamped)
    stamped.build()
    english = parse(stamped.output / "en" / "core-narrative" / "index.html")
    notice = english.select_one(".notice")
    assert notice is not None
    text = " ".join(notice.get_text(" ").split())
    assert "This translation was made from an earlier version of the original." in text
    assert "The original was updated on November 20, 2026." in text
    link = notice.find("a", href="/grundfortaelling/")
    # The link's words are the page's; the original's title in it is marked Danish.
    assert link["hreflang"] == "da" and link.find("span", lang="da").get_text() == "Grundfortælling"
    assert parse(stamped.output / "en" / "index.html").select_one(".notice") is None
    assert parse(stamped.output / "grundfortaelling" / "index.html").select_one(".notice") is None


def test_a_danish_reader_sees_the_notice_in_danish(site: FixtureSite) -> None:
    site.settings('COLLAB_LANGUAGES = ["en", "da"]\n')
    site.page("en/index.md", "Title: Home\nModified: 2026-11-20\n\nHello.\n")
    site.page("da/index.md", "Title: Forside\nModified: 2026-11-20\n\nHej.\n")
    site.build()  # never stamped: stale
    notice = parse(site.output / "da" / "index.html").select_one(".notice")
    text = " ".join(notice.get_text(" ").split())
    assert "Denne oversættelse er lavet ud fra en tidligere udgave af originalen." in text
    assert "Originalen blev opdateret 20. november 2026." in text


def test_a_missing_translation_is_marked_and_has_a_stand_in(stamped: FixtureSite) -> None:
    (stamped.content / "en" / "core-narrative.md").unlink()
    assert rows(stamped)[("grundfortaelling", "en")].status == "missing"
    stamped.build()
    danish = parse(stamped.output / "grundfortaelling" / "index.html")
    entry = danish.select_one("nav.switcher a[lang=en]")
    assert "switcher__unavailable" in entry["class"] and "(ikke oversat)" in entry.get_text()
    stand_in = parse(stamped.output / entry["href"].lstrip("/") / "index.html")
    assert stand_in.html["lang"] == "en"
    assert stand_in.main.find("a", href="/grundfortaelling/")
    alternates = {link["hreflang"] for link in danish.find_all("link", rel="alternate")}
    assert alternates == {"da", "x-default"}
    sitemap = (stamped.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/en/grundfortaelling/" not in sitemap and "/en/core-narrative/" not in sitemap
    for page in stamped.output.rglob("*.html"):  # no switcher leads to a 404
        for link in parse(page).select(".switcher a"):
            target = stamped.output / link["href"].lstrip("/") / "index.html"
            assert target.exists(), f"{page}: {link['href']}"


def test_an_orphan_translation_is_reported(stamped: FixtureSite) -> None:
    (stamped.content / "da" / "grundfortaelling.md").unlink()
    row = rows(stamped)[("grundfortaelling", "en")]
    assert row.status == "orphan"
    assert (
        row.problem
        == "content/en/core-narrative.md: orphan: its original (translation key 'grundfortaelling') is gone"
    )


def test_a_drifted_structure_is_reported(stamped: FixtureSite) -> None:
    path = stamped.content / "en" / "core-narrative.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n## Extra\n\nSee [the partners](https://example.org).\n"
    )
    row = rows(stamped)[("grundfortaelling", "en")]
    assert row.status == "drifted"
    assert row.drift == (
        "sections 3×h2/2×h3 where the original has 2×h2/2×h3",
        "1 links where the original has 0",
    )


def test_restamping_makes_it_up_to_date_again(stamped: FixtureSite) -> None:
    edit_danish_section(stamped)
    (stamped.root / "tasks.py").write_text("from pelican_collab.tools.tasks import namespace  # noqa: F401\n")
    invoke = [sys.executable, "-m", "invoke"]
    failing = subprocess.run(
        [*invoke, "i18n.status", "--strict"], cwd=stamped.root, capture_output=True, text=True
    )
    assert failing.returncode == 1
    assert (
        "grundfortaelling  en     stale       content/en/core-narrative.md: Sammen er vi stærkere"
        in failing.stdout
    )
    restamp = subprocess.run(
        [*invoke, "i18n.stamp", "content/en/core-narrative.md"],
        cwd=stamped.root,
        capture_output=True,
        text=True,
    )
    assert restamp.returncode == 0, restamp.stderr
    passing = subprocess.run(
        [*invoke, "i18n.status", "--strict"], cwd=stamped.root, capture_output=True, text=True
    )
    assert passing.returncode == 0, passing.stdout
    as_json = subprocess.run(
        [sys.executable, "-m", "pelican_collab", "status", "--json", "--strict", "-s", "pelicanconf.py"],
        cwd=stamped.root,
        capture_output=True,
        text=True,
    )
    assert as_json.returncode == 0
    assert {row["status"] for row in json.loads(as_json.stdout)["rows"]} == {"up to date"}


def test_stamping_something_that_is_not_a_page_is_an_error(stamped: FixtureSite) -> None:
    with pytest.raises(CollabError, match=r"content/notes\.txt: not a Markdown page"):
        stamp(load_settings(stamped.settings_file), [stamped.content / "notes.txt"])


def test_a_build_never_stamps(stamped: FixtureSite) -> None:
    stamps = stamped.content / "translation-stamps.json"
    before = stamps.read_bytes()
    edit_danish_section(stamped)
    stamped.build()
    assert stamps.read_bytes() == before


def test_parallel_view_aligns_sections_and_marks_the_stale_one(stamped: FixtureSite) -> None:
    edit_danish_section(stamped)
    stamped.build()
    english = parse(stamped.output / "en" / "core-narrative" / "index.html")
    link = english.select_one(".parallel-link a")
    assert link["href"] == "/en/parallel/grundfortaelling.html"  # the translation key: the original's name
    view = parse(stamped.output / link["href"].lstrip("/"))
    assert view.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    rows_ = view.select(".parallel__row:not(.parallel__head)")
    assert len(rows_) == 5  # introduction, 2 h2 and 2 h3 sections
    for row in rows_:
        left, right = row.select(".parallel__cell")
        assert (left["lang"], right["lang"]) == ("da", "en")
    stale = [row for row in rows_ if "parallel__row--stale" in row["class"]]
    assert len(stale) == 1 and "Sammen er vi stærkere" in stale[0].get_text()
    assert "Together we are stronger" in stale[0].get_text()
    assert not view.find(id="sammen-er-vi-staerkere"), "heading ids are dropped: two columns could clash"


def test_editors_report_lists_every_row(stamped: FixtureSite) -> None:
    edit_danish_section(stamped)
    stamped.page("da/ny.md", "Title: Ny side\n\nTekst.\n")
    stamped.build()
    report = parse(stamped.output / "translation-status" / "index.html")
    assert report.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    cells = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")][:3]
        for tr in report.select_one("table").select("tbody tr")
    ]
    assert cells == [
        ["grundfortaelling", "en", "forældet"],
        ["index", "en", "ajour"],
        ["ny", "en", "mangler"],
    ]
    assert "+Flere fagligheder og relationer skaber ny viden." in report.select_one("pre").get_text()


def test_editors_report_shows_new_words_per_page_and_language(stamped: FixtureSite) -> None:
    edit_danish_section(stamped)  # one sentence changed: its seven words are new
    stamped.page("da/ny.md", "Title: Ny side\n\nTo ord.\n")  # missing: the title and the text
    stamped.build()
    report = parse(stamped.output / "translation-status" / "index.html")
    pages, per_language = report.select("table")
    assert [th.get_text(strip=True) for th in pages.select("thead th")] == [
        "Side",
        "Sprog",
        "Status",
        "Nye ord",
        "Detaljer",
    ]
    cells = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")][:4] for tr in pages.select("tbody tr")
    ]
    assert cells == [
        ["grundfortaelling", "en", "forældet", "7"],
        ["index", "en", "ajour", "0"],
        ["ny", "en", "mangler", "4"],
    ]
    heading = report.find("h2", id="new-words")
    assert heading.get_text(strip=True) == "Nye ord pr. sprog"
    assert [
        [td.get_text(strip=True) for td in tr.find_all("td")] for tr in per_language.select("tbody tr")
    ] == [["en", "11"]]
    # The same numbers as `i18n.status`, which an agency's quote is made from.
    from pelican_collab.translation.exchange import status_with_words

    assert status_with_words(load_settings(stamped.settings_file)).new_words == {"en": 11}


def test_a_placeholder_is_reported_missing_and_named(stamped: FixtureSite) -> None:
    path = stamped.page(
        "en/core-narrative.md",
        "Title: [Translate into English] Grundfortælling\nTranslation-Key: grundfortaelling\n"
        "Translation-Status: placeholder\n\n" + DANISH.split("\n\n", 1)[1],
    )
    row = rows(stamped)[("grundfortaelling", "en")]
    assert (row.status, row.placeholder, row.translation) == ("missing", True, "content/en/core-narrative.md")
    assert row.problem == (
        "content/da/grundfortaelling.md: missing in en "
        "(content/en/core-narrative.md is a placeholder, not translated yet)"
    )
    assert path.is_file()  # stamped before it became a placeholder: still missing
    (stamped.root / "tasks.py").write_text("from pelican_collab.tools.tasks import namespace  # noqa: F401\n")
    strict = subprocess.run(
        [sys.executable, "-m", "invoke", "i18n.status", "--strict"],
        cwd=stamped.root,
        capture_output=True,
        text=True,
    )
    assert strict.returncode == 1
    assert (
        "grundfortaelling  en     missing     content/en/core-narrative.md: a placeholder, not translated yet"
        in strict.stdout
    ), strict.stdout
    as_json = subprocess.run(
        [sys.executable, "-m", "pelican_collab", "status", "--json", "--strict"],
        cwd=stamped.root,
        capture_output=True,
        text=True,
    )
    assert as_json.returncode == 1
    listed = {row["key"]: row for row in json.loads(as_json.stdout)["rows"]}
    assert listed["grundfortaelling"]["status"] == "missing" and listed["grundfortaelling"]["placeholder"]

    stamped.build()  # and readers get the stand-in: no hreflang, no sitemap entry, no English page
    danish = parse(stamped.output / "grundfortaelling" / "index.html")
    assert {link["hreflang"] for link in danish.find_all("link", rel="alternate")} == {"da", "x-default"}
    assert "/en/core-narrative/" not in (stamped.output / "sitemap.xml").read_text(encoding="utf-8")


def test_a_drifted_translation_shows_the_original_diff_since_its_stamp(stamped: FixtureSite) -> None:
    edit_danish_section(stamped)
    path = stamped.content / "en" / "core-narrative.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## Extra\n\nMore.\n", encoding="utf-8")
    row = rows(stamped)[("grundfortaelling", "en")]
    assert row.status == "drifted"
    assert row.changed_sections == ("Sammen er vi stærkere",)
    assert "-Flere fagligheder skaber ny viden." in row.diff
    assert "+Flere fagligheder og relationer skaber ny viden." in row.diff
    assert row.problem == (
        "content/en/core-narrative.md: drifted from content/da/grundfortaelling.md: "
        "sections 3×h2/2×h3 where the original has 2×h2/2×h3; "
        "changed in the original since the stamp: 'Sammen er vi stærkere'"
    )
    (stamped.root / "tasks.py").write_text("from pelican_collab.tools.tasks import namespace  # noqa: F401\n")
    shown = subprocess.run(
        [sys.executable, "-m", "invoke", "i18n.status"], cwd=stamped.root, capture_output=True, text=True
    )
    assert "      +Flere fagligheder og relationer skaber ny viden." in shown.stdout.splitlines()
    as_json = subprocess.run(
        [sys.executable, "-m", "pelican_collab", "status", "--json"],
        cwd=stamped.root,
        capture_output=True,
        text=True,
    )
    listed = {row["key"]: row for row in json.loads(as_json.stdout)["rows"]}
    assert listed["grundfortaelling"]["status"] == "drifted"
    assert listed["grundfortaelling"]["diff"] == row.diff
    stamped.build()
    report = parse(stamped.output / "translation-status" / "index.html")
    assert "+Flere fagligheder og relationer skaber ny viden." in report.select_one("pre").get_text()


def test_a_drifted_translation_never_stamped_has_no_diff(two_language_site: FixtureSite) -> None:
    two_language_site.page(
        "en/index.md", "Title: Home\n\nWelcome.\n"
    )  # no section where the original has one
    row = rows(two_language_site)[("index", "en")]
    assert (row.status, row.diff, row.changed_sections) == ("drifted", "", ())


def test_catalog_strings_untranslated_or_fuzzy_are_reported(stamped: FixtureSite) -> None:
    folder = stamped.root / "locale" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Contents"\nmsgstr ""\n\n#, fuzzy\nmsgid "Language"\nmsgstr "Tongue"\n',
        encoding="utf-8",
    )
    stamped.settings('COLLAB_LOCALE_DIRS = ["locale"]\n')
    report = status(stamped)
    english = next(state for state in report.catalogs if state.language == "en")
    assert english.untranslated == ("Contents",) and english.fuzzy == ("Language",)
    assert report.problems == [
        "locale/en/LC_MESSAGES/messages.po: 1 untranslated and 1 fuzzy interface strings"
    ]


def test_the_real_narrative_is_stamped_and_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPOSITORY)
    report = translation_status(load_settings("pelicanconf.py"))
    assert [(row.key, row.language, row.status) for row in report.rows] == [("index", "en", "up to date")]
    assert report.problems == []


def test_the_states_summary_counts_per_state_and_language_in_the_site_order() -> None:
    from pelican_collab.translation.freshness import Row, StatusReport

    rows = (
        Row("a", "fo", "missing", "content/da/a.md", None),
        Row("a", "en", "up to date", "content/da/a.md", "content/en/a.md"),
        Row("b", "en", "stale", "content/da/b.md", "content/en/b.md"),
        Row("b", "de", "missing", "content/da/b.md", "content/de/b.md", placeholder=True),
        Row("c", "de", "missing", "content/da/c.md", None),
        Row("c", "fo", "drifted", "content/da/c.md", "content/fo/c.md"),
    )
    report = StatusReport("da", rows, languages=("da", "en", "de", "fo"))
    assert report.states_summary() == "3 missing (de 2, fo 1), 1 stale (en 1), 1 drifted (fo 1)"
    assert StatusReport("da", rows[1:2]).states_summary() == ""


def test_new_words_are_counted_only_where_a_translation_is_not_up_to_date(
    stamped: FixtureSite,
) -> None:
    # The editors' report's word counts need the exchange (lxml, markdown-it): a site
    # whose translations are all up to date does without it; one that is not counts.
    program = (
        "import sys\n"
        "from pelican_collab.engine.build import load_settings\n"
        "from pelican_collab.run import _status_with_words\n"
        f"report = _status_with_words(load_settings({str(stamped.settings_file)!r}))\n"
        "loaded = 'pelican_collab.translation.exchange' in sys.modules\n"
        "print([row.new_words for row in report.rows], loaded)\n"
    )

    def counted() -> str:
        run = subprocess.run(
            [sys.executable, "-c", program], cwd=stamped.root, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert counted() == "[0, 0] False"
    stamped.page("da/index.md", stamped.content.joinpath("da/index.md").read_text() + "\nNye ord her.\n")
    words, imported = counted().rsplit(" ", 1)
    assert imported == "True" and words != "[0, 0]"
