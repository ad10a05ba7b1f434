"""Every link a page has to its other-language versions: head and switcher.

Worked out from the page's translation group when a template asks (see
``extras.PageExtras``), so no page keeps its own copies through the build.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pelican.contents import Page

    from .languages import Language
    from .settings import Site


@dataclass(frozen=True, slots=True)
class Alternate:
    """One ``<link rel="alternate" hreflang>``: a language code (or x-default) and a URL."""

    hreflang: str
    url: str


@dataclass(frozen=True, slots=True)
class SwitcherEntry:
    """One language in the switcher, named in itself.

    ``current`` is the ``aria-current`` value: "page" when the link is this
    very page, "true" when it is this page's language but another page (the
    home page, from a 404 page), None otherwise.
    """

    language: Language
    href: str
    current: str | None
    available: bool


def permalink(site: Site, url: str) -> str:
    return f"{site.siteurl}/{url}"


def href(site: Site, url: str) -> str:
    """Path-absolute link: works on any host and port, and under a sub-path SITEURL."""
    return f"{site.base_path}/{url}"


def hreflang_links(site: Site, group: Mapping[str, Page]) -> tuple[Alternate, ...]:
    """The hreflang links of a translation group, the same for each of its pages.

    Only real translations are alternates; a missing one is a stand-in page,
    which the switcher links (marked as not available) and hreflang leaves out.
    """
    links = [
        Alternate(language.code, permalink(site, group[language.code].url))
        for language in site.languages
        if language.code in group
    ]
    default_version = group.get(site.default.code)
    if default_version is not None:
        links.append(Alternate("x-default", permalink(site, default_version.url)))
    return tuple(links)


def switcher(
    site: Site, group: Mapping[str, Page], stand_ins: Mapping[str, Any], current: Language
) -> tuple[SwitcherEntry, ...]:
    """One entry per language: the translation, or the stand-in that says there is none."""
    entries = []
    for language in site.languages:
        if language.code in group:
            entries.append(SwitcherEntry(language, href(site, group[language.code].url), None, True))
        else:
            entries.append(SwitcherEntry(language, href(site, stand_ins[language.code].url), None, False))
    return tuple(
        SwitcherEntry(e.language, e.href, "page", e.available) if e.language is current else e
        for e in entries
    )


@dataclass(frozen=True)
class Chooser:
    """The language-neutral root page: each language's home, named in itself."""

    permalink: str
    entries: tuple[SwitcherEntry, ...]
    alternates: tuple[Alternate, ...]


def chooser(site: Site) -> Chooser:
    entries = tuple(
        SwitcherEntry(language, href(site, language.url_prefix), None, True) for language in site.languages
    )
    links = [Alternate(language.code, permalink(site, language.url_prefix)) for language in site.languages]
    links.append(Alternate("x-default", permalink(site, site.default.url_prefix)))
    return Chooser(permalink(site, ""), entries, tuple(links))


def home_switcher(site: Site, current: Language) -> tuple[SwitcherEntry, ...]:
    """For pages that exist once per language (404): each language's home page."""
    return tuple(
        SwitcherEntry(
            language, href(site, language.url_prefix), "true" if language is current else None, True
        )
        for language in site.languages
    )
