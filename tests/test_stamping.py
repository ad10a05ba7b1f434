"""Stamping: a translation stamps itself; an original refuses unless --all, which skips
placeholders; a placeholder is stamped only once translated, losing its marker line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from pelican_collab.engine.build import load_settings
from pelican_collab.errors import CollabError
from pelican_collab.translation.freshness import stamp, translation_status

from .conftest import FixtureSite
from .partial_site import write_partial_site

TASKS = "from pelican_collab.tools.tasks import namespace  # noqa: F401\n"


@pytest.fixture
def partial(site: FixtureSite) -> FixtureSite:
    write_partial_site(site)
    (site.root / "tasks.py").write_text(TASKS, encoding="utf-8")
    return site


def stamps(site: FixtureSite) -> dict:
    return json.loads((site.content / "translation-stamps.json").read_text(encoding="utf-8"))


def contents(site: FixtureSite) -> dict[str, bytes]:
    return {
        p.relative_to(site.root).as_posix(): p.read_bytes() for p in site.content.rglob("*") if p.is_file()
    }


def run(site: FixtureSite, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=site.root, capture_output=True, text=True, timeout=120)


def statuses(site: FixtureSite) -> dict[tuple[str, str], str]:
    report = translation_status(load_settings(site.settings_file))
    return {(row.key, row.language): row.status for row in report.rows}


def test_stamping_a_translation_stamps_that_translation_only(partial: FixtureSite) -> None:
    before = stamps(partial)
    result = run(partial, sys.executable, "-m", "invoke", "i18n.stamp", "content/en/om/projekter.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "stamped content/en/om/projekter.md against content/da/om/projekter.md",
        "1 translation stamped",
    ]
    after = stamps(partial)
    assert set(after) == {"en/index.md", "en/om/projekter.md"}
    assert after["en/index.md"] == before["en/index.md"]
    assert statuses(partial)[("om/projekter", "en")] == "up to date"


@pytest.mark.parametrize(
    "command",
    [
        ("-m", "invoke", "i18n.stamp", "content/da/index.md"),
        ("-m", "pelican_collab", "stamp", "content/da/index.md"),
    ],
)
def test_stamping_an_original_refuses_naming_its_translations(
    partial: FixtureSite, command: tuple[str, ...]
) -> None:
    before = contents(partial)
    result = run(partial, sys.executable, *command)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith(
        "error: content/da/index.md is an original: its translations are content/en/index.md, "
        "content/de/index.md (placeholder), content/fo/index.md (placeholder); stamp those, or give --all"
    )
    assert contents(partial) == before


def test_stamping_an_original_with_all_stamps_its_translations_and_skips_placeholders(
    partial: FixtureSite,
) -> None:
    before = contents(partial)
    result = run(
        partial, sys.executable, "-m", "pelican_collab", "stamp", "--all", "content/da/om/projekter.md"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "stamped content/en/om/projekter.md against content/da/om/projekter.md",
        "1 translation stamped",
    ]
    result = run(partial, sys.executable, "-m", "invoke", "i18n.stamp", "--all", "content/da/index.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "stamped content/en/index.md against content/da/index.md",
        "skipped content/de/index.md: a placeholder, not translated yet",
        "skipped content/fo/index.md: a placeholder, not translated yet",
        "1 translation stamped, 2 placeholders skipped",
    ]
    assert set(stamps(partial)) == {"en/index.md", "en/om/projekter.md"}
    after = contents(partial)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"content/translation-stamps.json"}, "the placeholders are untouched"
    assert statuses(partial)[("index", "de")] == "missing"


def test_an_original_without_translations_has_nothing_to_stamp(partial: FixtureSite) -> None:
    partial.page("da/nyt.md", "Title: Nyt\n\nTekst.\n")
    with pytest.raises(CollabError, match=r"^content/da/nyt\.md is an original and has no translations"):
        stamp(load_settings(partial.settings_file), [partial.content / "da" / "nyt.md"])
    stamped = stamp(load_settings(partial.settings_file), [partial.content / "da" / "nyt.md"], True)
    assert stamped.lines() == ["0 translations stamped"]


def test_a_placeholder_still_marked_is_refused_at_its_first_marked_line(partial: FixtureSite) -> None:
    path = partial.content / "de" / "index.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "[Translate into German] Velkommen til partnerskabet.", "Willkommen in der Partnerschaft."
        ),
        encoding="utf-8",
    )
    before = contents(partial)
    result = run(partial, sys.executable, "-m", "invoke", "i18n.stamp", "content/de/index.md")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'error: content/de/index.md:7: a placeholder still marked "[Translate into …]"; '
        "translate every marked line, then stamp it"
    )
    assert contents(partial) == before


def test_a_translated_placeholder_loses_its_marker_line_and_is_stamped(partial: FixtureSite) -> None:
    path = partial.content / "de" / "index.md"
    translated = (
        "Title: Startseite\r\n"
        "Modified: 2026-11-27\r\n"
        "Translation-Status: placeholder\r\n"
        "\r\n"
        "Willkommen in der Partnerschaft.  \r\n"
        "\r\n"
        "## Warum arbeiten wir zusammen?\r\n"
        "\r\n"
        "Weil wir gemeinsam stärker sind.\r\n"
    )
    path.write_bytes(translated.encode("utf-8"))
    result = run(partial, sys.executable, "-m", "pelican_collab", "stamp", "content/de/index.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "stamped content/de/index.md against content/da/index.md; "
        "removed its Translation-Status: placeholder line",
        "1 translation stamped (1 was a placeholder)",
    ]
    assert path.read_bytes() == translated.replace("Translation-Status: placeholder\r\n", "").encode("utf-8")
    assert "de/index.md" in stamps(partial)
    assert statuses(partial)[("index", "de")] == "up to date"

    partial.build()  # a translation now: a German page, listed in hreflang and the sitemap
    german = BeautifulSoup(partial.html("de/index.html"), "html.parser")
    assert german.html["lang"] == "de" and "Willkommen in der Partnerschaft." in german.main.get_text()
    danish = BeautifulSoup(partial.html("index.html"), "html.parser")
    assert {link["hreflang"] for link in danish.find_all("link", rel="alternate")} == {
        "da",
        "en",
        "de",
        "x-default",
    }
    assert "https://example.org/de/" in partial.html("sitemap.xml")


def test_nothing_is_written_when_one_of_several_paths_is_refused(partial: FixtureSite) -> None:
    before = contents(partial)
    result = run(
        partial,
        sys.executable,
        "-m",
        "pelican_collab",
        "stamp",
        "content/en/om/projekter.md",
        "content/fo/index.md",
    )
    assert result.returncode == 1
    assert "content/fo/index.md:5: a placeholder still marked" in result.stderr
    assert contents(partial) == before
