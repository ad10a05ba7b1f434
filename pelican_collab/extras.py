"""``page.collab``: everything pelican-collab adds to a Pelican page, in one attribute.

One attribute rather than one per feature: CPython shares one table of
attribute names among the instances of a class only while they keep to the
names the class had when they were made, and a name added to the pages after
Pelican has made them all gives every page a table of its own (about 1.3 KB a
page). So the plugin gives a page its names while Pelican is creating it (see
``run.on_content_object_init``).

What can be worked out from the page and its translation group (which all its
versions share) is worked out when a template asks, rather than kept for every
page through the whole build: links, the meta description, the narrative.
Each of these is computed on every access, so a template that uses one twice
sets it once (``{% set narrative = page.collab.narrative %}``).

It is also what ``base.html`` shows around the page (``collab_page``, see the
contract at its top): ``language``, ``switcher``, ``menu``, ``contact_href``
and ``last_updated``, as a stand-in (``translation.standins.StandIn``) and a
``site.navigation.Frame`` have them for the other pages the plugin writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .site import alternates, contacts, narrative
from .translation import side_by_side

if TYPE_CHECKING:
    from pelican.contents import Page

    from .site.alternates import Alternate, SwitcherEntry
    from .site.contacts import Contact
    from .site.languages import Language
    from .site.navigation import Menu, Navigation
    from .site.settings import Site
    from .translation.report import Notice
    from .translation.standins import StandIn


@dataclass(slots=True, eq=False, repr=False)
class PageExtras:
    """Made when Pelican makes the page; filled in when the run pairs the pages."""

    page: Page
    site: Site
    group: Mapping[str, Page] | None = None  # the page's versions by language code, itself included
    stand_ins: Mapping[str, StandIn] | None = None  # for the languages the group lacks
    last_updated: date | None = None
    contacts: tuple[Contact, ...] = ()
    translation_notice: Notice | None = None  # set on a stale translation
    navigations: Mapping[str, Navigation] | None = None  # every language's menu, shared by all pages

    @property
    def language(self) -> Language:
        return self.page.language

    @property
    def contact_href(self) -> str | None:
        """The footer's link to the contact cards of the page's language (its navigation's)."""
        return self.navigations[self.page.lang].contact_href if self.navigations else None

    @property
    def menu(self) -> Menu | None:
        """The site menu of the page's language, the page marked as the current one."""
        return self.navigations[self.page.lang].menu_for(self.page.translation_key)

    @property
    def menu_of_view(self) -> Menu | None:
        """The menu of a view of the page (its side-by-side view): its entry marked
        as the one the view belongs to, not as the current page."""
        return self.navigations[self.page.lang].menu_for(self.page.translation_key, current="true")

    @property
    def permalink(self) -> str:
        """The page's absolute URL (canonical link, og:url, sitemap)."""
        return alternates.permalink(self.site, self.page.url)

    @property
    def href(self) -> str:
        return alternates.href(self.site, self.page.url)

    @property
    def alternates(self) -> tuple[Alternate, ...]:
        return alternates.hreflang_links(self.site, self.group)

    @property
    def og_locale(self) -> str:
        return self.page.language.og_locale

    @property
    def og_locale_alternates(self) -> tuple[str, ...]:
        current = self.page.language
        return tuple(
            language.og_locale
            for language in self.site.languages
            if language.code in self.group and language is not current
        )

    @property
    def switcher(self) -> tuple[SwitcherEntry, ...]:
        return alternates.switcher(self.site, self.group, self.stand_ins, self.page.language)

    @property
    def description(self) -> str:
        """``Description:`` if the page has one, else the start of its introduction."""
        return self.page.metadata.get("description") or narrative.description(self.page.content)

    @property
    def narrative(self) -> narrative.Narrative:
        return narrative.read_narrative(self.page.content)

    @property
    def side_by_side_href(self) -> str | None:
        """A translation's side-by-side view with its original (None for an original)."""
        if side_by_side.original_of(self.page, self.group, self.site) is None:
            return None
        return alternates.href(self.site, side_by_side.side_by_side_url(self.page))

    @property
    def json_ld(self) -> str | None:
        """The page's contacts as schema.org data, or None for a page without contacts."""
        if not self.contacts:
            return None
        return contacts.json_ld(list(self.site.partners), self.contacts, self.page.lang)
