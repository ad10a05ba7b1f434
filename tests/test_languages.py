"""Fixture sites: languages from folders, pairing, URLs, hreflang and the switcher."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from pelican_collab.site.languages import build_languages, work_out

from .conftest import FixtureSite

SITEURL = "https://example.org"


def parse(site: FixtureSite, relative: str) -> BeautifulSoup:
    return BeautifulSoup(site.html(relative), "html.parser")


def all_pages(site: FixtureSite) -> list[Path]:
    return sorted(site.output.rglob("*.html"))


def alternates(document: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in document.find_all("link", rel="alternate")}


def test_languages_come_from_folders_and_land_at_the_right_urls(two_language_site: FixtureSite) -> None:
    report = two_language_site.build()
    assert report.pages_per_language == {"da": 2, "en": 2}
    for relative, lang in [
        ("index.html", "da"),
        ("grundfortaelling/index.html", "da"),
        ("en/index.html", "en"),
        ("en/core-narrative/index.html", "en"),
    ]:
        assert parse(two_language_site, relative).html["lang"] == lang, relative
    assert not (two_language_site.output / "da").exists()


def test_hreflang_is_complete_absolute_reciprocal_with_x_default(two_language_site: FixtureSite) -> None:
    two_language_site.build()
    pairs = {
        "index.html": ("https://example.org/", "https://example.org/en/"),
        "en/index.html": ("https://example.org/", "https://example.org/en/"),
        "grundfortaelling/index.html": (
            "https://example.org/grundfortaelling/",
            "https://example.org/en/core-narrative/",
        ),
        "en/core-narrative/index.html": (
            "https://example.org/grundfortaelling/",
            "https://example.org/en/core-narrative/",
        ),
    }
    for relative, (danish, english) in pairs.items():
        document = parse(two_language_site, relative)
        assert alternates(document) == {"da": danish, "en": english, "x-default": danish}, relative
        own = english if relative.startswith("en/") else danish
        assert document.find("link", rel="canonical")["href"] == own
        locales = [meta["content"] for meta in document.find_all("meta", property="og:locale:alternate")]
        assert document.find("meta", property="og:locale")["content"] == (
            "en_US" if own == english else "da_DK"
        )
        assert locales == (["da_DK"] if own == english else ["en_US"])


def test_switcher_links_each_page_to_its_counterpart(two_language_site: FixtureSite) -> None:
    two_language_site.build()
    content_pages = [
        p for p in all_pages(two_language_site) if 'rel="canonical"' in p.read_text(encoding="utf-8")
    ]
    assert len(content_pages) == 4
    for page in content_pages:
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        lang = document.html["lang"]
        expected = {
            link["hreflang"]: link["href"].removeprefix(SITEURL)
            for link in document.find_all("link", rel="alternate")
            if link["hreflang"] != "x-default"
        }
        switchers = document.select(".switcher")
        assert len(switchers) == 2, "a switcher at the top and one in the footer"
        assert switchers[0].parent.name == "header" and switchers[1].parent.name == "footer"
        for switcher in switchers:
            links = switcher.find_all("a")
            assert [a.get_text() for a in links] == ["Dansk", "English"]
            for a in links:
                assert a["lang"] == a["hreflang"]
                assert a["href"] == expected[a["hreflang"]]
                target = two_language_site.output / a["href"].lstrip("/") / "index.html"
                assert target.exists()
                assert (a.get("aria-current") == "page") == (a["lang"] == lang)
        assert not document.find("img"), "no flags"


def test_ui_strings_and_dates_are_localised_per_page(two_language_site: FixtureSite) -> None:
    two_language_site.build()
    danish = parse(two_language_site, "grundfortaelling/index.html")
    english = parse(two_language_site, "en/core-narrative/index.html")
    assert danish.select_one(".skip-link").get_text() == "Gå til sidens indhold"
    assert english.select_one(".skip-link").get_text() == "Skip to main content"
    assert danish.select_one("nav.switcher")["aria-label"] == "Sprog"
    assert english.select_one("nav.switcher")["aria-label"] == "Language"
    # No Modified: and no git history here, so Date: is the last update.
    assert danish.select_one(".last-updated").get_text(" ", strip=True) == "Sidst opdateret 15. januar 2026"
    assert english.select_one(".last-updated").get_text(" ", strip=True) == "Last updated January 15, 2026"


def test_a_more_specific_locale_formats_dates_and_og_locale(two_language_site: FixtureSite) -> None:
    two_language_site.settings('COLLAB_LOCALES = {"en": "en-GB"}\n')
    two_language_site.build()
    english = parse(two_language_site, "en/core-narrative/index.html")
    assert english.select_one(".last-updated").get_text(" ", strip=True) == "Last updated 15 January 2026"
    assert english.find("meta", property="og:locale")["content"] == "en_GB"
    assert english.html["lang"] == "en"


def test_every_language_in_its_own_folder_with_a_neutral_chooser(two_language_site: FixtureSite) -> None:
    two_language_site.settings("COLLAB_EVERY_LANGUAGE_IN_FOLDER = True\n")
    two_language_site.build()
    assert parse(two_language_site, "da/index.html").html["lang"] == "da"
    assert parse(two_language_site, "da/grundfortaelling/index.html").html["lang"] == "da"
    assert parse(two_language_site, "en/core-narrative/index.html").html["lang"] == "en"
    chooser = parse(two_language_site, "index.html")
    assert not chooser.find("script") and not chooser.find("meta", attrs={"http-equiv": "refresh"})
    links = chooser.select("main a")
    assert [(a.get_text(), a["href"], a["lang"]) for a in links] == [
        ("Dansk", "/da/", "da"),
        ("English", "/en/", "en"),
    ]
    assert alternates(chooser) == {
        "da": "https://example.org/da/",
        "en": "https://example.org/en/",
        "x-default": "https://example.org/da/",
    }
    page = parse(two_language_site, "en/core-narrative/index.html")
    assert alternates(page)["x-default"] == "https://example.org/da/grundfortaelling/"


def test_languages_and_default_are_settings(site: FixtureSite) -> None:
    site.settings('COLLAB_LANGUAGES = ["en", "da", "ar"]\nCOLLAB_DEFAULT_LANGUAGE = "en"\n')
    site.page("en/index.md", "Title: Home\n\nHello.\n")
    site.page("da/index.md", "Title: Forside\n\nHej.\n")
    site.page("ar/index.md", "Title: الرئيسية\n\nمرحبا.\n")
    site.build()
    assert parse(site, "index.html").html["lang"] == "en"
    arabic = parse(site, "ar/index.html")
    assert arabic.html["lang"] == "ar" and arabic.html["dir"] == "rtl"
    assert [a.get_text() for a in arabic.select("nav.switcher a")] == ["English", "Dansk", "العربية"]
    assert alternates(arabic)["x-default"] == "https://example.org/"


def test_a_page_without_translation_still_links_every_language(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/kun-dansk.md", "Title: Kun dansk\n\nTekst.\n")
    two_language_site.build()
    document = parse(two_language_site, "kun-dansk/index.html")
    assert alternates(document) == {
        "da": "https://example.org/kun-dansk/",
        "x-default": "https://example.org/kun-dansk/",
    }
    english = document.select_one("nav.switcher a[lang=en]")
    assert english["href"] == "/en/kun-dansk/"
    assert "not-translated" not in english.get("class", []) and "switcher__unavailable" in english["class"]
    assert english.select_one(".switcher__note").get_text() == "(ikke oversat)"
    stand_in = parse(two_language_site, "en/kun-dansk/index.html")
    assert stand_in.html["lang"] == "en"
    notice = stand_in.main.select_one(".notice")
    assert " ".join(notice.p.get_text().split()) == (
        "This page has not been translated into English yet. Below is the original, in Danish."
    )
    link = notice.find("a", href="/kun-dansk/", hreflang="da")
    assert link.get_text() == "Read the original: Kun dansk" and link.span["lang"] == "da"
    # The original itself, in its own language: title and text.
    original = stand_in.main.select_one(".original")
    assert original["lang"] == "da" and original.h1.get_text() == "Kun dansk"
    assert original.find("p", string="Tekst.")
    assert stand_in.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not stand_in.find("link", rel="alternate") and not stand_in.find("link", rel="canonical")


def test_translations_pair_by_key_not_by_title(two_language_site: FixtureSite) -> None:
    # Same title in both languages, different keys: not a pair.
    two_language_site.page("da/om.md", "Title: About\n\nDansk side.\n")
    two_language_site.page("en/about.md", "Title: About\n\nEnglish page.\n")
    two_language_site.build()
    danish = parse(two_language_site, "om/index.html")
    assert set(alternates(danish)) == {"da", "x-default"}
    # The stand-in for the missing English "om" lives where the translation would.
    assert danish.select_one("nav.switcher a[lang=en]")["href"] == "/en/om/"
    assert parse(two_language_site, "en/about/index.html").h1.get_text() == "About"
    assert parse(two_language_site, "en/om/index.html").html["lang"] == "en"


def test_a_stand_in_makes_way_for_a_page_of_another_key(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/om.md", "Title: Om\n\nDansk side.\n")
    two_language_site.page("en/om.md", "Title: Other\nTranslation-Key: other\n\nEnglish page.\n")
    two_language_site.build()
    danish = parse(two_language_site, "om/index.html")
    # /en/om/ is the English page of another key: the stand-in is marked with the original's language.
    assert danish.select_one("nav.switcher a[lang=en]")["href"] == "/en/om-da/"
    assert parse(two_language_site, "en/om/index.html").h1.get_text() == "Other"
    assert parse(two_language_site, "en/om-da/index.html").html["lang"] == "en"


def test_answers_worked_out_elsewhere_are_the_ones_babel_gives() -> None:
    def fresh():
        return build_languages(["da", "en"], "da", {"en": "en_GB"}, every_language_in_folder=False)

    asked_elsewhere = work_out(fresh(), {"da": [date(2026, 11, 27)], "en": [date(2026, 11, 20)]})
    danish, english = fresh()
    danish.learn(asked_elsewhere["da"])
    english.learn(asked_elsewhere["en"])
    expected_danish, expected_english = fresh()  # these ask Babel themselves
    for learnt, asked in ((danish, expected_danish), (english, expected_english)):
        assert (learnt.native_name, learnt.direction, learnt.og_locale) == (
            asked.native_name,
            asked.direction,
            asked.og_locale,
        )
    assert danish.format_date(date(2026, 11, 27)) == expected_danish.format_date(date(2026, 11, 27))
    assert danish.format_date(date(2026, 11, 27)) == "27. november 2026"
    assert english.name_of(danish) == "Danish" and danish.name_of(english) == "engelsk"
    assert english.og_locale == "en_GB" and danish.og_locale == "da_DK"
    # A learnt answer is used as it is: nothing asks Babel again.
    english.learn({"native_name": "English (learnt)"})
    assert english.native_name == "English (learnt)"
