"""Stand-ins and "one page, one language" on the six-language site: a missing or
placeholder translation is a page of its own language that shows the original
in the original's language; every text on every page carries its language."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from babel import Locale

from .multilingual import PREFIXES, Languages, build_site, interface_text, language_problems, parse

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NOTICE = "This page has not been translated into %(language)s yet. Below is the original, in %(original)s."


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("standins"))


def expected_notice(lang: str) -> tuple[str, str]:
    """The stand-in notice as a page in ``lang`` says it, and the language it is in:
    the catalog's words with CLDR's names, or English (and English names)."""
    words = interface_text(lang, NOTICE)
    interface = lang if words != NOTICE or lang == "en" else "en"
    names = Locale.parse("en_GB" if interface == "en" else interface).languages
    return words % {"language": names[lang], "original": names["da"]}, interface


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


@pytest.mark.parametrize(
    ("lang", "key", "title", "body"),
    [
        ("en", "kontakt", "Kontakt os", "Skriv til os."),
        ("de", "om/projekter", "Projekter", "Vores fælles projekter, også i Sydby."),  # a placeholder
        ("fo", "om/projekter", "Projekter", "Vores fælles projekter, også i Sydby."),
        ("ar", "om/projekter", "Projekter", "Vores fælles projekter, også i Sydby."),
        ("is", "om/projekter", "Projekter", "Vores fælles projekter, også i Sydby."),  # no catalog
    ],
)
def test_a_missing_page_is_a_stand_in_in_its_language_showing_the_original(
    output: Path, lang: str, key: str, title: str, body: str
) -> None:
    page = parse(output / PREFIXES[lang].lstrip("/") / key / "index.html")
    assert page.html["lang"] == lang
    assert page.html["dir"] == ("rtl" if lang == "ar" else "ltr")
    notice = page.main.select_one(".notice")
    words, interface = expected_notice(lang)
    assert text(notice.p) == words
    assert notice.get("lang", lang) == interface
    # The original, whole, in its own language: its title, its current text.
    original = page.main.select_one(".original")
    assert original["lang"] == "da" and original.get("dir", "ltr") == "ltr"
    assert original.h1.get_text() == title
    assert original.find("p", string=body)
    link = notice.find("a", href=f"/{key}/", hreflang="da")
    assert link.select_one("[lang=da]").get_text() == title
    # Not a translation: for no index, no canonical address, no alternates.
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not page.find("link", rel="canonical") and not page.find("link", rel="alternate")


def test_a_placeholder_is_published_as_the_stand_in_not_as_itself(output: Path) -> None:
    stand_in = (output / "de" / "om" / "projekter" / "index.html").read_text(encoding="utf-8")
    assert "Übersetzen" not in stand_in and "Vores fælles projekter, også i Sydby." in stand_in
    danish = parse(output / "om" / "projekter" / "index.html")
    alternates = {link["hreflang"]: link["href"] for link in danish.find_all("link", rel="alternate")}
    assert alternates == {
        "da": "https://example.org/om/projekter/",
        "en": "https://example.org/en/om/projekter/",
        "x-default": "https://example.org/om/projekter/",
    }
    german = danish.select_one("nav.switcher a[lang=de]")
    assert german["href"] == "/de/om/projekter/" and "switcher__unavailable" in german["class"]


def test_hreflang_and_the_sitemap_list_only_real_translations(output: Path) -> None:
    sitemap = ElementTree.parse(output / "sitemap.xml").getroot()
    listed = {element.text for element in sitemap.iter(SITEMAP + "loc")}
    listed |= {link.get("href") for link in sitemap.iter(XHTML + "link")}
    for url in listed:  # every address in it is a page of the content, with that canonical address
        page = parse(output / url.removeprefix("https://example.org/") / "index.html")
        assert page.find("link", rel="canonical")["href"] == url
    for missing in ("/de/om/projekter/", "/is/", "/fo/om/", "/en/kontakt/", "/ar/arkiv/"):
        assert f"https://example.org{missing}" not in listed
    home = parse(output / "index.html")
    hreflangs = {link["hreflang"] for link in home.find_all("link", rel="alternate")}
    assert hreflangs == {"da", "en", "de", "fo", "ar", "x-default"}  # no "is": it has no home page


def test_english_dates_and_their_labels_are_british(output: Path) -> None:
    home = parse(output / "en" / "index.html").select_one(".last-updated")
    assert text(home) == "Last updated 1 December 2026"
    stand_in = parse(output / "en" / "kontakt" / "index.html").select_one(".last-updated")
    assert text(stand_in) == "Last updated 10 November 2026"  # the original's date
    stale = parse(output / "en" / "om" / "projekter" / "index.html").select_one(".notice")
    assert "The original was updated on 15 November 2026." in text(stale)
    danish = parse(output / "index.html").select_one(".last-updated")
    assert text(danish) == "Sidst opdateret 1. december 2026"


def test_a_language_without_a_catalog_has_english_interface_text_marked_english(output: Path) -> None:
    page = parse(output / "is" / "om" / "index.html")
    assert page.html["lang"] == "is"
    for selector in (".skip-link", "nav.switcher", "nav.menu", ".notice", ".last-updated", ".footer-links"):
        assert page.select_one(selector)["lang"] == "en", selector
    assert text(page.select_one(".notice p")) == (
        "This page has not been translated into Icelandic yet. Below is the original, in Danish."
    )
    assert text(page.select_one(".last-updated")) == "Last updated 20 November 2026"
    # Inside the English menu, the pages' titles are marked with their own language.
    title = page.select_one("nav.menu a[aria-current=page] [lang]")
    assert (title["lang"], title.get_text()) == ("da", "Om partnerskabet")
    # Its own name for the title: the site's name in Icelandic, no English label.
    assert page.title.get_text() == "Nordby og Sydby saman á Íslandi"


def test_the_original_on_a_stand_in_keeps_its_links_contacts_and_contents(output: Path) -> None:
    page = parse(output / "is" / "index.html")
    original = page.select_one(".original")
    link = original.find("a", string="projekterne")
    assert link["href"] == "/om/projekter/" and (output / "om" / "projekter" / "index.html").is_file()
    for anchor in original.select(".contents a"):
        assert page.find(id=anchor["href"].removeprefix("#")), anchor
    # The table of contents' heading is interface text: marked inside the Danish original.
    heading = original.select_one(".contents h2")
    assert heading["lang"] == "en" and heading.get_text() == "Contents"
    card = original.select_one(".contacts .contact")
    assert card.h3.get_text() == "Ada Jensen" and "Kontorchef" in text(card)
    vcard = card.find("a", download=True)
    assert (output / vcard["href"].lstrip("/")).is_file()
    assert vcard["lang"] == "en" and vcard.select_one(".visually-hidden [lang=da]").get_text() == "Ada Jensen"


def test_a_name_missing_in_a_language_is_shown_in_the_first_one_marked(output: Path) -> None:
    faroese = parse(output / "fo" / "index.html")
    assert faroese.footer.select_one(".partners [lang=da]").get_text() == "Sydby Kommune"
    title = faroese.select_one(".contacts .contact p [lang]")  # no Faroese title for Ada
    assert (title["lang"], title.get_text()) == ("da", "Kontorchef")
    english = parse(output / "en" / "index.html")
    assert english.footer.select_one(".partners").find(string="Sydby Municipality")
    assert not english.footer.select(".partners [lang]")


def test_every_text_on_every_page_is_in_the_language_its_lang_says(output: Path) -> None:
    languages = Languages()
    pages = sorted(output.rglob("*.html"))
    problems = [problem for page in pages for problem in language_problems(page, languages)]
    assert not problems, f"{len(problems)} texts in the wrong language:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<html lang="is"><body><a>Skip to main content</a></body></html>', "is en but marked lang=is"),
        (
            '<html lang="da"><body><p lang="en">Velkommen til partnerskabet</p></body></html>',
            "marked lang=en",
        ),
        ('<html lang="de"><body><img alt="Forside for Nordby Kommune"></body></html>', "alt="),
        ('<html lang="da"><body><p>Something nobody wrote</p></body></html>', "unknown text"),
    ],
)
def test_the_language_check_finds_text_in_another_language(tmp_path: Path, html: str, problem: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    found = language_problems(page, Languages())
    assert len(found) == 1 and problem in found[0]
