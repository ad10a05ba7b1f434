"""The site menu, and what ``base.html`` shows around an output that is not a content page.

Each language gets a menu of the site's pages, worked out once per build
(:func:`navigations`): a tree that follows the content folders of the
*original* pages (``da/om/index.md`` is the node of the folder ``om``, the
other files in it are its children), the home page first, then by ``Order:``
(a whole number, smaller first; the original's decides for every language),
then by title. A page the language lacks is its stand-in, labelled with the
original's title; a hidden page (``Status: hidden``) is left out, its
children move up.

What a page shows of it (:meth:`Navigation.menu_for`) is the first level and,
down to the page, the level below each entry on its way, so nested folders
give a second level. Each level shows at most :data:`SHOWN_PER_LEVEL` entries
(plus the one on the way to the page): however many pages a site has, a
page's menu stays small, and a site with a longer level gets a page per
language that lists them all (:data:`ALL_PAGES_PATH`), linked from the menu.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..errors import CollabError, display_path
from . import alternates
from .locations import Location
from .metadata import metadata_line
from .pairing import original_of_group

if TYPE_CHECKING:
    from pelican.contents import Page

    from .alternates import SwitcherEntry
    from .languages import Language
    from .settings import Site

#: Entries a level of the menu shows before it leaves the rest to the page of all pages.
SHOWN_PER_LEVEL = 10
#: The page of all pages, below each language's prefix (only on sites that need it).
ALL_PAGES_PATH = "all-pages/"


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One page in a language's menu: its translation, or the stand-in for it."""

    key: str
    href: str
    title: str  # plain text (the page's title without markup), worked out once per build
    language: Language  # the title's: the page's, or the original's on a stand-in
    translated: bool  # False: the stand-in, marked "not translated"
    children: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class MenuItem:
    """An entry as one page shows it."""

    entry: Entry
    current: str | None  # aria-current: "page" for the page itself, "true" for the entries above it
    id: str | None  # set when the next level lists its children: that level is named after it


@dataclass(frozen=True, slots=True)
class MenuLevel:
    items: tuple[MenuItem, ...]
    labelled_by: str | None  # the id of the entry whose children these are


@dataclass(frozen=True, slots=True)
class Menu:
    """One page's menu: the levels down to it, and the link to the page of all pages."""

    levels: tuple[MenuLevel, ...]
    all_pages_href: str | None
    on_all_pages: bool = False


@dataclass(frozen=True, eq=False)
class Navigation:
    """One language's menu for one build, and the footer's contact link."""

    language: Language
    entries: tuple[Entry, ...]  # the first level, the home page first
    all_pages: Location | None  # where the page of all pages is written, on sites that need it
    all_pages_href: str | None
    contact_href: str | None
    _ways: Mapping[str, tuple[Entry, ...]] = field(repr=False)  # key → its entry and those above it

    def menu_for(self, key: str | None, current: str = "page") -> Menu | None:
        """The menu of the page with translation key ``key`` (None: a page outside
        the menu); ``current`` is the mark of its own entry. None when the language
        has nothing to show but its home page."""
        if len(self.entries) < 2:
            return None
        way = self._ways.get(key, ()) if key is not None else ()
        levels = []
        siblings, labelled_by = self.entries, None
        for depth in range(len(way) + 1):
            on_way = way[depth] if depth < len(way) else None
            shown = siblings[:SHOWN_PER_LEVEL]
            if on_way is not None and on_way not in shown:
                shown += (on_way,)
            opens = on_way is not None and bool(on_way.children)
            items = tuple(
                MenuItem(
                    entry,
                    (current if entry.key == key else "true") if entry is on_way else None,
                    f"menu-{depth}" if entry is on_way and opens else None,
                )
                for entry in shown
            )
            levels.append(MenuLevel(items, labelled_by))
            if not opens:
                break
            siblings, labelled_by = on_way.children, f"menu-{depth}"
        return Menu(tuple(levels), self.all_pages_href)

    def all_pages_menu(self) -> Menu | None:
        """The menu of the page of all pages: its own link marked."""
        menu = self.menu_for(None)
        return None if menu is None else Menu(menu.levels, menu.all_pages_href, on_all_pages=True)


@dataclass(frozen=True, slots=True)
class Frame:
    """What ``base.html`` shows around an output that is not a content page (a 404
    page, /was/, the editors' report, the language chooser, the page of all pages);
    content pages bring their own (``page.collab``, a stand-in)."""

    language: Language
    switcher: tuple[SwitcherEntry, ...]
    menu: Menu | None = None
    contact_href: str | None = None
    last_updated: date | None = None


def navigations(
    site: Site,
    groups: Mapping[str, Mapping[str, Page]],
    stand_ins: Mapping[str, Mapping[str, Any]],
    contact_hrefs: Mapping[str, str],
) -> dict[str, Navigation]:
    """Every language's navigation. ``stand_ins`` are the stand-ins by key and language
    (anything with a ``url``); ``contact_hrefs`` the footer's contact link by language."""
    parents, orders = _structure(site, groups)
    needs_all_pages = _longest_level(site, groups, parents) > SHOWN_PER_LEVEL
    found = {}
    for language in site.languages:
        entries: dict[str, Entry] = {}
        for key, group in groups.items():
            page = group.get(language.code)
            if page is not None:
                entry = Entry(key, alternates.href(site, page.url), _plain(page.title), page.language, True)
            else:
                original = original_of_group(group, site)
                stand_in = stand_ins[key][language.code]
                href = alternates.href(site, stand_in.url)
                entry = Entry(key, href, _plain(original.title), original.language, False)
                page = original
            if page.status != "hidden":
                entries[key] = entry
        tree = _tree(site, entries, parents, orders)
        all_pages = None
        if needs_all_pages:
            url = language.url_prefix + ALL_PAGES_PATH
            all_pages = Location(language, "", url, url + "index.html")
        found[language.code] = Navigation(
            language,
            tree,
            all_pages,
            alternates.href(site, all_pages.url) if all_pages else None,
            contact_hrefs.get(language.code),
            _ways_to(tree),
        )
    _claim_all_pages(found, groups, stand_ins)
    return found


def _plain(title: str) -> str:
    """A title as text, as Jinja's ``|striptags`` gives it (done here once, not on every page)."""
    return Markup(title).striptags()


def all_pages_switcher(
    site: Site, current: Language, found: Mapping[str, Navigation]
) -> tuple[SwitcherEntry, ...]:
    """The switcher of a page of all pages: the same page in each language."""
    return tuple(
        alternates.SwitcherEntry(
            language,
            found[language.code].all_pages_href or alternates.href(site, language.url_prefix),
            "page" if language is current else None,
            True,
        )
        for language in site.languages
    )


def _structure(
    site: Site, groups: Mapping[str, Mapping[str, Page]]
) -> tuple[dict[str, str | None], dict[str, int | None]]:
    """Each key's parent key (None: the first level) from the originals' places in
    the content folders, and each key's ``Order:``."""
    places: dict[str, str] = {}  # key → the folder its entry hangs below
    folders: dict[str, str] = {}  # folder → the key of its index page
    orders: dict[str, int | None] = {}
    for key, group in groups.items():
        for page in group.values():
            _order(page)  # a bad Order: is an error in any language
        original = original_of_group(group, site)
        orders[key] = _order(original)
        inside = original.relative_source_path.replace(os.sep, "/").partition("/")[2]
        folder, _, name = inside.rpartition("/")
        if os.path.splitext(name)[0] == "index" and folder:
            folders.setdefault(folder, key)
            places[key] = folder.rpartition("/")[0]
        else:
            places[key] = folder
    parents: dict[str, str | None] = {}
    for key, folder in places.items():
        parent = None
        while folder and key != site.home_key:
            candidate = folders.get(folder)
            if candidate is not None and candidate != key:
                parent = candidate
                break
            folder = folder.rpartition("/")[0]
        parents[key] = parent
    return parents, orders


def _order(page: Page) -> int | None:
    value = page.metadata.get("order")
    if value is None:
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        line = metadata_line(page.source_path, "order")
        raise CollabError(
            f"{display_path(page.source_path)}:{line}: Order: {value!r} is not a whole number "
            "(smaller numbers come first in the menu)"
        ) from None


def _visible_parent(key: str, parents: Mapping[str, str | None], shown: Mapping[str, Any]) -> str | None:
    """The nearest entry above ``key`` that is shown (a hidden page's children move up)."""
    parent = parents[key]
    while parent is not None and parent not in shown:
        parent = parents[parent]
    return parent


def _tree(
    site: Site,
    entries: Mapping[str, Entry],
    parents: Mapping[str, str | None],
    orders: Mapping[str, int | None],
) -> tuple[Entry, ...]:
    children: dict[str | None, list[str]] = defaultdict(list)
    for key in entries:
        children[_visible_parent(key, parents, entries)].append(key)

    def sort_key(key: str) -> tuple:
        order = orders[key]
        return (key != site.home_key, order is None, order or 0, entries[key].title.casefold(), key)

    def build(key: str) -> Entry:
        entry = entries[key]
        below = tuple(build(child) for child in sorted(children.get(key, ()), key=sort_key))
        return Entry(entry.key, entry.href, entry.title, entry.language, entry.translated, below)

    return tuple(build(key) for key in sorted(children.get(None, ()), key=sort_key))


def _ways_to(entries: tuple[Entry, ...]) -> dict[str, tuple[Entry, ...]]:
    ways: dict[str, tuple[Entry, ...]] = {}
    stack = [((), entries)]
    while stack:
        above, level = stack.pop()
        for entry in level:
            way = (*above, entry)
            ways[entry.key] = way
            stack.append((way, entry.children))
    return ways


def _longest_level(
    site: Site, groups: Mapping[str, Mapping[str, Page]], parents: Mapping[str, str | None]
) -> int:
    """The most entries one level of the menu has in the originals' language."""
    shown = {key: True for key, group in groups.items() if original_of_group(group, site).status != "hidden"}
    sizes: dict[str | None, int] = defaultdict(int)
    for key in shown:
        sizes[_visible_parent(key, parents, shown)] += 1
    return max(sizes.values(), default=0)


def _claim_all_pages(
    found: Mapping[str, Navigation],
    groups: Mapping[str, Mapping[str, Page]],
    stand_ins: Mapping[str, Mapping[str, Any]],
) -> None:
    """The page of all pages must not take a page's address."""
    wanted = {nav.all_pages.save_as: nav for nav in found.values() if nav.all_pages is not None}
    if not wanted:
        return
    for key, group in groups.items():
        for page in group.values():
            if page.save_as in wanted:
                raise CollabError(
                    f"{display_path(page.source_path)}: its address /{page.url} is where the site's "
                    f"list of all pages goes ({ALL_PAGES_PATH}); give it another Slug:"
                )
        for stand_in in stand_ins.get(key, {}).values():
            if stand_in.save_as in wanted:
                raise CollabError(
                    f"{display_path(stand_in.original.source_path)}: its address in another language is "
                    f"where the site's list of all pages goes ({ALL_PAGES_PATH}); give it another Slug:"
                )
