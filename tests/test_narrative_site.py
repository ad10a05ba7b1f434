"""The bundled Silkeborg–Viborg narrative, built for real from this repository."""

from __future__ import annotations

import os
import re
from itertools import pairwise
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup

from pelican_collab.engine.build import build
from pelican_collab.site.lastmodified import git_commit_dates

from .conftest import REPOSITORY

SEED = REPOSITORY.parent / "shared" / "seed" / "000_c457c466a912f90d.txt"
SITEURL = "http://localhost:8000"


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("narrative") / "output"
    build(REPOSITORY / "pelicanconf.py", {"OUTPUT_PATH": str(out), "PATH": str(REPOSITORY / "content")})
    return out


def soup(output: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "html.parser")


def test_home_pages_are_the_narrative_in_each_language(output: Path) -> None:
    danish, english = soup(output, "index.html"), soup(output, "en/index.html")
    assert danish.html["lang"] == "da" and danish.html["dir"] == "ltr"
    assert english.html["lang"] == "en" and english.html["dir"] == "ltr"
    assert danish.h1.get_text() == "Grundfortælling om forretningsstrategisk samarbejde med Viborg Kommune"
    assert english.h1.get_text().startswith("Core narrative")
    # Two municipalities: "Kommuner", as the body's "Viborg og Silkeborg kommuner".
    assert danish.select_one(".site-name").get_text() == "Silkeborg og Viborg Kommuner"
    assert english.select_one(".site-name").get_text() == "Silkeborg and Viborg Municipalities"


def test_danish_page_contains_every_line_of_the_seed_verbatim(output: Path) -> None:
    if not SEED.exists() and not os.environ.get("CI"):
        pytest.skip(f"the seed text is not beside this checkout ({SEED})")
    document = soup(output, "index.html")
    text = words(document.body.get_text(" "))
    lines = [words(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    prose = [line for line in lines if "@" not in line]
    assert len(prose) > 20
    missing = [line for line in prose if line not in text]
    assert not missing, f"seed lines not published verbatim: {missing}"
    # The two contact lines are data now (content/contacts.toml): every fact of
    # each line is on the card of that person, worded as in the seed.
    cards = {card.h3.get_text(): words(card.get_text(" ")) for card in document.select(".contact")}
    contact_lines = [line for line in lines if "@" in line]
    assert len(contact_lines) == 2 == len(cards)
    for line in contact_lines:
        title_and_name, authority, email, phones = line.split(", ")
        name = next(name for name in cards if title_and_name.endswith(name))
        title = title_and_name.removesuffix(name).strip()
        # The card's phone line begins with its label, so the labels are
        # capitalised there ("Tlf. … / Mobil …"); the seed has them mid-sentence.
        phones = phones.replace("tlf.", "Tlf.").replace("mobil", "Mobil")
        for fact in (title, authority, email, phones):
            assert fact in cards[name], f"{fact!r} missing from the card of {name}"


def test_sections_are_real_headings_that_pair_across_languages(output: Path) -> None:
    danish, english = soup(output, "index.html"), soup(output, "en/index.html")
    for page in (danish, english):
        assert len(page.find_all("h1")) == 1
        # The text's own outline: the title, 3 sections holding 7 and 3 sub-sections.
        levels = [tag.name for tag in page.article.find_all(re.compile(r"^h[1-6]$"), recursive=False)]
        assert levels.count("h1") == 1 and levels.count("h2") == 3 and levels.count("h3") == 10
        # No level is skipped anywhere on the page (contents, contact cards included).
        numbers = [int(tag.name[1]) for tag in page.find_all(re.compile(r"^h[1-6]$"))]
        assert all(later <= earlier + 1 for earlier, later in pairwise(numbers))
    da_outline = [tag.name for tag in danish.article.find_all(["h2", "h3"])]
    en_outline = [tag.name for tag in english.article.find_all(["h2", "h3"])]
    assert da_outline == en_outline
    reasons = [li.get_text() for li in danish.select(".overview li")]
    assert reasons[0] == "Sammen er vi stærkere" and len(reasons) == 7
    assert danish.select_one(".overview figcaption").get_text().startswith("Grafik, der viser")


def test_contacts_keep_names_addresses_and_numbers_in_english(output: Path) -> None:
    text = words(soup(output, "en/index.html").select_one(".contacts").get_text(" "))
    for fact in (
        "Henrik Willumsen",
        "hw@silkeborg.dk",
        "Tel. +45 89 70 15 51 / Mobile +45 21 70 99 51",
        "Erik Sørensen",
        "es@viborg.dk",
        "Tel. +45 87 87 41 50 / Mobile +45 21 70 39 20",
    ):
        assert fact in text
    assert "Head of IT and Digitalisation" in text and "It- og digitaliseringschef" not in text


def test_numbers_are_national_in_danish_and_international_in_english(output: Path) -> None:
    """Readers abroad need the country code; Danish readers dial the numbers as written."""
    for relative, shown in (
        ("index.html", ["89 70 15 51", "21 70 99 51", "87 87 41 50", "21 70 39 20"]),
        ("en/index.html", ["+45 89 70 15 51", "+45 21 70 99 51", "+45 87 87 41 50", "+45 21 70 39 20"]),
    ):
        links = soup(output, relative).select(".contacts a[href^='tel:']")
        assert [a.get_text() for a in links] == shown
        assert [a["href"] for a in links] == [
            "tel:+4589701551",
            "tel:+4521709951",
            "tel:+4587874150",
            "tel:+4521703920",
        ]


def test_last_updated_is_each_pages_last_commit_localised(output: Path) -> None:
    """No Modified: line: each page shows the date of its file's last commit (none outside git)."""
    committed = git_commit_dates(str(REPOSITORY / "content"))
    for relative, source, label, locale in (
        ("index.html", "da/index.md", "Sidst opdateret", "da"),
        ("en/index.html", "en/index.md", "Last updated", "en_GB"),
    ):
        shown = soup(output, relative).select_one(".last-updated")
        day = committed.get((REPOSITORY / "content" / source).resolve())
        if day is None:
            assert shown is None, relative
            continue
        assert words(shown.get_text()) == f"{label} {format_date(day, 'long', locale=locale)}"
        assert shown.time["datetime"] == day.isoformat()


def test_every_internal_link_and_hreflang_target_exists(output: Path) -> None:
    pages = sorted(output.rglob("*.html"))
    assert pages
    for page in pages:
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        page_url = SITEURL + "/" + page.relative_to(output).as_posix().removesuffix("index.html")
        ids = {tag["id"] for tag in document.find_all(id=True)}
        for tag in document.find_all(["a", "link"], href=True):
            target = urljoin(page_url, tag["href"])
            if not target.startswith(SITEURL):
                continue
            parts = urlsplit(target)
            path = output / parts.path.lstrip("/")
            if parts.path.endswith("/"):
                path = path / "index.html"
            assert path.exists(), f"{page}: {tag['href']} does not exist"
            if parts.fragment and path == page:
                assert parts.fragment in ids, f"{page}: #{parts.fragment} has no target"
