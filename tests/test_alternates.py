"""hreflang links, the language switcher and the chooser (site/alternates.py)."""

from __future__ import annotations

from types import SimpleNamespace

from pelican_collab.site import alternates
from pelican_collab.site.languages import build_languages


def make_site(siteurl: str = "https://example.org/partnership", in_folder: bool = False) -> SimpleNamespace:
    languages = build_languages(["da", "en", "de"], "da", {}, every_language_in_folder=in_folder)
    site = SimpleNamespace(siteurl=siteurl, base_path="/partnership" if "partnership" in siteurl else "")
    site.languages = languages
    site.default = languages[0]
    return site


def test_links_are_absolute_for_search_engines_and_path_absolute_for_readers() -> None:
    site = make_site()
    assert alternates.permalink(site, "en/om/") == "https://example.org/partnership/en/om/"
    assert alternates.href(site, "en/om/") == "/partnership/en/om/"


def test_hreflang_lists_real_translations_and_x_default_in_the_sites_order() -> None:
    site = make_site()
    group = {"en": SimpleNamespace(url="en/about/"), "da": SimpleNamespace(url="om/")}
    assert alternates.hreflang_links(site, group) == (
        alternates.Alternate("da", "https://example.org/partnership/om/"),
        alternates.Alternate("en", "https://example.org/partnership/en/about/"),
        alternates.Alternate("x-default", "https://example.org/partnership/om/"),
    )
    # Without the default language's version there is no x-default.
    english_only = {"en": SimpleNamespace(url="en/about/")}
    assert [link.hreflang for link in alternates.hreflang_links(site, english_only)] == ["en"]


def test_the_switcher_links_stand_ins_for_missing_languages_and_marks_the_current_one() -> None:
    site = make_site()
    _danish, english, _german = site.languages
    group = {"da": SimpleNamespace(url="om/"), "en": SimpleNamespace(url="en/about/")}
    stand_ins = {"de": SimpleNamespace(url="de/om/")}
    entries = alternates.switcher(site, group, stand_ins, english)
    assert [(e.language.code, e.href, e.current, e.available) for e in entries] == [
        ("da", "/partnership/om/", None, True),
        ("en", "/partnership/en/about/", "page", True),
        ("de", "/partnership/de/om/", None, False),
    ]


def test_the_chooser_names_each_language_home_and_the_home_switcher_marks_the_language() -> None:
    site = make_site(in_folder=True)
    chooser = alternates.chooser(site)
    assert chooser.permalink == "https://example.org/partnership/"
    assert [entry.href for entry in chooser.entries] == [
        "/partnership/da/",
        "/partnership/en/",
        "/partnership/de/",
    ]
    assert chooser.alternates[-1] == alternates.Alternate("x-default", "https://example.org/partnership/da/")
    english = site.languages[1]
    assert [e.current for e in alternates.home_switcher(site, english)] == [None, "true", None]
