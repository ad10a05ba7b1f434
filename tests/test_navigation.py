"""The site menu on real builds: on every page, in the editor's order, the current
page marked, nested folders as a second level, stand-ins for missing pages,
no menu where there is nothing to choose, a bounded size on large sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican_collab.errors import CollabError
from pelican_collab.site.navigation import SHOWN_PER_LEVEL

from .conftest import FixtureSite
from .multilingual import LOCALE_FOLDER, PREFIXES, build_site, interface_text, parse
from .test_kept import GROUP_OUTPUTS, assert_as_full_build, cached, rebuild  # noqa: F401 (cached: a fixture)


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("navigation"))


def menu_of(document: BeautifulSoup) -> list[list[tuple[str, str, str | None]]]:
    """The menu's levels: (label, href, aria-current) of each link."""
    menu = document.header.select_one("nav.menu")
    return [
        [(" ".join(a.get_text().split()), a["href"], a.get("aria-current")) for a in level.select("a")]
        for level in menu.select("ul.menu__level")
    ]


def url_path(output: Path, page: Path) -> str:
    relative = page.relative_to(output).as_posix()
    return "/" + relative.removesuffix("index.html")


def test_every_page_has_its_languages_menu_in_the_header(output: Path) -> None:
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        document = parse(page)
        lang = document.html["lang"]
        menus = document.select("nav.menu")
        assert len(menus) == 1 and menus[0].parent.name == "header", page
        menu = menus[0]
        # A landmark named in the interface language, apart from the switcher's.
        name = menu["aria-label"]
        assert name == interface_text(lang, "Main menu"), page
        assert name != document.select_one("nav.switcher")["aria-label"]
        has_catalog = (LOCALE_FOLDER / lang).is_dir()
        assert menu.get("lang", lang) == (lang if has_catalog else "en"), page
        hrefs = [a["href"] for a in menu.select("a")]
        assert all(href.startswith(PREFIXES[lang]) for href in hrefs), (page, hrefs)
        for href in hrefs:  # every entry is a page of the site: a translation or a stand-in
            assert (output / href.lstrip("/") / "index.html").is_file(), (page, href)


def test_the_first_level_is_the_home_page_then_order_then_title(output: Path) -> None:
    danish = menu_of(parse(output / "index.html"))
    assert [label for label, _, _ in danish[0]] == [
        "Velkommen til partnerskabet",
        "Kontakt os",  # Order: 1
        "Om partnerskabet",  # Order: 2
        "Arkiv",  # then by title
        "Nyheder",
    ]
    assert [href for _, href, _ in danish[0]] == ["/", "/kontakt/", "/om/", "/arkiv/", "/nyheder/"]
    english = menu_of(parse(output / "en" / "index.html"))
    assert [label for label, _, _ in english[0]] == [
        "Welcome to the partnership",
        "Kontakt os (not translated)",
        "About the partnership",
        "Arkiv (not translated)",
        "Nyheder (not translated)",
    ]
    assert "Skjult side" not in str(parse(output / "index.html").select_one("nav.menu"))


def test_the_current_page_is_marked_and_its_folder_opens_a_second_level(output: Path) -> None:
    home = menu_of(parse(output / "index.html"))
    assert len(home) == 1
    assert [current for _, _, current in home[0]] == ["page", None, None, None, None]

    folder = parse(output / "om" / "index.html")
    levels = menu_of(folder)
    assert [(label, current) for label, _, current in levels[0]][2] == ("Om partnerskabet", "page")
    assert levels[1] == [("Projekter", "/om/projekter/", None)]

    nested = parse(output / "om" / "projekter" / "index.html")
    levels = menu_of(nested)
    assert [current for _, _, current in levels[0]] == [None, None, "true", None, None]
    assert levels[1] == [("Projekter", "/om/projekter/", "page")]
    # The second level is named after its folder's entry.
    parent = nested.select_one("nav.menu a[aria-current=true]")
    assert nested.select("ul.menu__level")[1]["aria-labelledby"] == parent["id"]


def test_the_page_marked_current_is_the_page_itself(output: Path) -> None:
    for page in output.rglob("*.html"):
        document = parse(page)
        marked = document.select("nav.menu a[aria-current=page]")
        path = url_path(output, page)
        if "/parallel/" in path or path.endswith("404.html") or path in ("/was/", "/translation-status/"):
            assert not marked, page  # no page of the menu (a side-by-side view marks its page "true")
        elif path.rstrip("/").endswith("skjult"):
            assert not marked, page  # hidden: not in the menu
        else:
            assert [a["href"] for a in marked] == [path], page


def test_untranslated_pages_are_their_stand_ins_labelled_in_the_originals_language(output: Path) -> None:
    for lang in ("en", "de", "fo", "ar", "is"):
        document = parse(output / PREFIXES[lang].lstrip("/") / "index.html")
        entry = document.select_one(f"nav.menu a[href='{PREFIXES[lang]}nyheder/']")
        title = entry.select_one("[lang=da]")
        assert title.get_text() == "Nyheder"
        note = entry.select_one(".menu__note")
        assert note.get_text() == f"({interface_text(lang, 'not translated')})"
        stand_in = parse(output / PREFIXES[lang].lstrip("/") / "nyheder" / "index.html")
        assert stand_in.html["lang"] == lang
    # A translated page is labelled with its own title, in the page's language.
    english = parse(output / "en" / "index.html").select_one("nav.menu a[href='/en/om/']")
    assert english.get_text() == "About the partnership" and not english.select("[lang]")


def test_a_side_by_side_view_marks_its_page_as_related(output: Path) -> None:
    view = menu_of(parse(output / "en" / "parallel" / "om" / "projekter.html"))
    assert view[0][2][2] == "true" and view[1] == [("Projects", "/en/om/projekter/", "true")]


def test_a_hidden_page_is_not_in_the_menu_but_has_one(output: Path) -> None:
    hidden = parse(output / "skjult" / "index.html")
    labels = [label for label, _, _ in menu_of(hidden)[0]]
    assert labels == ["Velkommen til partnerskabet", "Kontakt os", "Om partnerskabet", "Arkiv", "Nyheder"]


def test_a_language_with_only_its_home_page_has_no_menu(two_language_site: FixtureSite) -> None:
    site = two_language_site
    (site.content / "da" / "grundfortaelling.md").unlink()
    (site.content / "en" / "core-narrative.md").unlink()
    site.build()
    for page in site.output.rglob("*.html"):
        document = parse(page)
        assert not document.select(".menu"), page
        assert len(document.find_all("nav")) == len(document.select("nav.switcher, nav.contents")), page


def test_bad_order_names_the_file_and_its_line(two_language_site: FixtureSite) -> None:
    two_language_site.page("da/om.md", "Title: Om\nOrder: first\n\nTekst.\n")
    with pytest.raises(CollabError) as raised:
        two_language_site.build()
    assert str(raised.value).startswith(
        "content/da/om.md:2: Order: 'first' is not a whole number (smaller numbers come first in the menu)"
    )


def test_a_long_level_is_cut_and_a_page_lists_every_page(two_language_site: FixtureSite) -> None:
    """However many pages, a page's menu shows a bounded number of entries; the
    rest are on each language's page of all pages, which the menu links."""
    site = two_language_site
    count = 3 * SHOWN_PER_LEVEL
    for number in range(count):
        site.page(
            f"da/side-{number:02}.md", f"Title: Side {number:02}\nOrder: {number + 1}\n\nTekst {number}.\n"
        )
    site.build()
    for page in site.output.rglob("*.html"):
        document = parse(page)
        links = document.select("nav.menu a")
        assert len(links) <= SHOWN_PER_LEVEL + 2, (page, len(links))  # the page itself, and "all pages"
    last = parse(site.output / f"side-{count - 1:02}" / "index.html")
    first_level = menu_of(last)[0]
    assert first_level[-2] == (f"Side {count - 1:02}", f"/side-{count - 1:02}/", "page")
    assert first_level[-1] == ("Alle sider", "/all-pages/", None)
    for prefix, lang in (("", "da"), ("en/", "en")):
        everything = parse(site.output / prefix / "all-pages" / "index.html")
        assert everything.html["lang"] == lang
        listed = [a["href"] for a in everything.main.select(".page-tree a")]
        assert len(listed) == count + 2  # every page, the home page and the core narrative
        assert f"/{prefix}side-{count - 1:02}/" in listed
        assert everything.select_one("nav.menu a[aria-current=page]")["href"] == f"/{prefix}all-pages/"
        assert everything.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "all-pages" not in (site.output / "sitemap.xml").read_text(encoding="utf-8")


def test_a_page_where_the_page_of_all_pages_goes_is_an_error(two_language_site: FixtureSite) -> None:
    site = two_language_site
    for number in range(SHOWN_PER_LEVEL):
        site.page(f"da/side-{number}.md", f"Title: Side {number}\n\nTekst.\n")
    site.page("da/all-pages.md", "Title: Alt\n\nTekst.\n")
    with pytest.raises(CollabError) as raised:
        site.build()
    assert str(raised.value).startswith(
        "content/da/all-pages.md: its address /all-pages/ is where the site's"
    )


def test_changing_an_order_renders_every_page_again(cached: FixtureSite) -> None:  # noqa: F811
    """The menu is on every page: a rebuild that keeps unchanged pages must not keep
    a page whose menu is now in another order."""
    rebuild(cached)
    page = cached.content / "da" / "kun-dansk.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Slug:", "Order: 1\nSlug:"), encoding="utf-8")
    rendered = rebuild(cached)
    assert rendered >= GROUP_OUTPUTS
    assert_as_full_build(cached)
    first = [
        a.get_text() for a in parse(cached.output / "grundfortaelling" / "index.html").select("nav.menu a")
    ]
    assert first[:2] == ["Forside", "Kun på dansk"]
