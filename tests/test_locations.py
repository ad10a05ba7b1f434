"""Where pages live: addresses from the content tree, Slug:, URL: with Save_as:, links between pages."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from pelican_collab.errors import CollabError

from .conftest import FixtureSite


def parse(site: FixtureSite, relative: str) -> BeautifulSoup:
    return BeautifulSoup(site.html(relative), "html.parser")


def page_files(site: FixtureSite) -> set[str]:
    return {path.relative_to(site.output).as_posix() for path in site.output.rglob("index.html")}


def test_the_address_is_the_path_inside_the_language_folder(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/om/projekter.md", "Title: Vores projekter\n\nTekst.\n")
    two_language_site.page("da/om/index.md", "Title: Om os\n\nTekst.\n")
    two_language_site.page(
        "en/about/projects.md", "Title: Projects\nTranslation-Key: om/projekter\n\nText.\n"
    )
    two_language_site.page("da/Nyheder og Presse/Første Nyhed.md", "Title: Nyhed\n\nTekst.\n")
    two_language_site.build()
    files = page_files(two_language_site)
    # The folder stays; the title plays no part; index.md is its folder's page.
    assert {"om/projekter/index.html", "om/index.html", "en/about/projects/index.html"} <= files
    assert "nyheder-og-presse/forste-nyhed/index.html" in files
    assert "vores-projekter/index.html" not in files
    danish = parse(two_language_site, "om/projekter/index.html")
    links = {link["hreflang"]: link["href"] for link in danish.find_all("link", rel="alternate")}
    assert links == {
        "da": "https://example.org/om/projekter/",
        "en": "https://example.org/en/about/projects/",
        "x-default": "https://example.org/om/projekter/",
    }


def test_slug_replaces_the_last_part_only(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/om/projekter.md", "Title: Projekter\nSlug: vores-projekter\n\nTekst.\n")
    two_language_site.page("da/om/index.md", "Title: Om\nSlug: om-os\n\nTekst.\n")
    two_language_site.build()
    files = page_files(two_language_site)
    assert {"om/vores-projekter/index.html", "om-os/index.html"} <= files


def test_url_with_save_as_sets_the_whole_address(two_language_site: FixtureSite) -> None:
    header = "Title: P\nURL: projekter.html\nSave_as: projekter.html\n"
    two_language_site.page("da/om/projekter.md", f"{header}\nT.\n")
    two_language_site.build()
    assert (two_language_site.output / "projekter.html").is_file()
    # Its stand-in in English mirrors it under /en/.
    assert (two_language_site.output / "en" / "projekter.html").is_file()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Save_as: x/index.html\n", "content/da/p.md:2: Save_as: without URL:"),
        ("URL: x/\n", "content/da/p.md:2: URL: without Save_as:"),
        ("Slug: a/b\n", "content/da/p.md:2: Slug: 'a/b' is not one part of an address"),
        (
            "URL: x.html\nSave_as: ../output-evil/e.html\n",
            "content/da/p.md:3: Save_as: '../output-evil/e.html'",
        ),
    ],
)
def test_addresses_that_cannot_be_are_named(
    two_language_site: FixtureSite, header: str, message: str
) -> None:
    two_language_site.page("da/p.md", f"Title: P\n{header}\nTekst.\n")
    with pytest.raises(CollabError) as raised:
        two_language_site.build()
    assert str(raised.value).startswith(message), str(raised.value)


def test_plain_pelican_refuses_a_page_written_outside_the_output_too(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/evil.md", "Title: E\nURL: e.html\nSave_as: ../output-evil/e.html\n\nT.\n")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", str(two_language_site.settings_file)],
        cwd=two_language_site.root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "300"},  # Pelican's log handler wraps lines to the terminal's width
    )
    assert result.returncode != 0
    said = " ".join((result.stdout + result.stderr).split())
    assert "content/da/evil.md:3: Save_as: '../output-evil/e.html' is not a file inside the output" in said
    assert not (two_language_site.root / "output-evil").exists()


def test_a_name_that_gives_an_empty_address_is_named(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/🎉.md", "Title: 🎉 !\n\nTekst.\n")
    with pytest.raises(CollabError) as raised:
        two_language_site.build()
    assert str(raised.value).startswith("content/da/🎉.md: its file or folder name gives an empty address")


@pytest.mark.parametrize("siteurl", ["http://localhost:8000", "https://example.org/partnership"])
def test_links_between_pages_are_path_absolute(two_language_site: FixtureSite, siteurl: str) -> None:
    two_language_site.settings(f'SITEURL = "{siteurl}"\n')
    two_language_site.page("da/om/projekter.md", "Title: P\n\nSe [forsiden]({filename}../index.md).\n")
    two_language_site.build()
    base = "/partnership" if "partnership" in siteurl else ""
    link = parse(two_language_site, "om/projekter/index.html").find("a", string="forsiden")
    assert link["href"] == f"{base}/"


def test_a_placeholder_translation_is_not_published_as_a_page(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/om.md", "Title: Om\n\nDansk tekst.\n")
    two_language_site.page(
        "en/om.md", "Title: [Translate] Om\nTranslation-Status: placeholder\n\n[Translate] Dansk.\n"
    )
    report = two_language_site.build()
    assert report.pages_per_language == {"da": 3, "en": 2}
    english = two_language_site.html("en/om/index.html")
    assert "[Translate]" not in english  # the stand-in, not the placeholder's own text
    danish = parse(two_language_site, "om/index.html")
    assert {link["hreflang"] for link in danish.find_all("link", rel="alternate")} == {"da", "x-default"}
