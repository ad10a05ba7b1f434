"""Stand-ins: a page in every language a translation is missing from.

A translation group that lacks a language (no page, or a placeholder that
``Translation-Status: placeholder`` marks as not translated yet) gets a
stand-in page at the address the translation would have, so the language
switcher, the menu and any link into that language never lead to a 404. The
stand-in is a page of its language (its menu, its interface text) that says
the page is not translated yet and shows the original, in the original's
language (``standin.html``). It is not a translation: no hreflang or
canonical link points at it, it is ``noindex`` and not in the sitemap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..site import alternates
from ..site.locations import locate
from ..site.pairing import claim, original_of_group

if TYPE_CHECKING:
    from pelican.contents import Page

    from ..site.alternates import SwitcherEntry
    from ..site.languages import Language
    from ..site.navigation import Menu, Navigation
    from ..site.settings import Site


@dataclass(frozen=True, slots=True)
class StandIn:
    """The page that stands in for a missing translation."""

    language: Language
    key: str
    url: str
    save_as: str
    original: Page

    # What base.html shows around it (see its contract), as page.collab has it for a page.

    @property
    def switcher(self) -> tuple[SwitcherEntry, ...]:
        """The switcher of the stand-in's page, this language marked as the current one."""
        versions = self.original.collab
        return alternates.switcher(versions.site, versions.group, versions.stand_ins, self.language)

    @property
    def menu(self) -> Menu | None:
        return self._navigation.menu_for(self.key)

    @property
    def contact_href(self) -> str | None:
        return self._navigation.contact_href

    @property
    def last_updated(self) -> date | None:
        """The original's: what the page shows is the original."""
        return self.original.collab.last_updated

    @property
    def _navigation(self) -> Navigation:
        return self.original.collab.navigations[self.language.code]


def stand_ins(groups: dict[str, dict[str, Page]], site: Site) -> dict[str, dict[str, StandIn]]:
    """A stand-in for every language each group lacks, by key and language.

    It lives where the translation would: the original's address under the
    other language's prefix (``/om/projekter/`` → ``/de/om/projekter/``). If a
    page of that language has that address already, the address gets the
    original's language code as a suffix.
    """
    written: dict[str, Any] = {page.save_as: page for group in groups.values() for page in group.values()}
    found: dict[str, dict[str, StandIn]] = {}
    for key, group in groups.items():
        original = original_of_group(group, site)
        for language in site.languages:
            if language.code in group:
                continue
            url, save_as = _mirrored(original, language, site)
            if save_as in written:
                location = locate(site, language, key, f"{_path_of(original, site)}-{original.lang}")
                url, save_as = location.url, location.save_as
            claim(written, save_as, original)
            found.setdefault(key, {})[language.code] = StandIn(language, key, url, save_as, original)
    return found


def _mirrored(original: Page, language: Language, site: Site) -> tuple[str, str]:
    """The original's URL and file under another language's prefix."""
    prefix = original.language.url_prefix
    url, save_as = original.url, original.save_as
    if url.startswith(prefix) and save_as.startswith(prefix):
        return language.url_prefix + url[len(prefix) :], language.url_prefix + save_as[len(prefix) :]
    location = locate(site, language, original.translation_key, _path_of(original, site))
    return location.url, location.save_as


def _path_of(original: Page, site: Site) -> str:
    """The original's address below its language prefix, as a path ("om/projekter")."""
    prefix = original.language.url_prefix
    url = original.url[len(prefix) :] if original.url.startswith(prefix) else original.translation_key
    return url.strip("/").removesuffix(".html") or original.translation_key
