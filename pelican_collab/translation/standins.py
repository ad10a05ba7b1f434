"""Stand-ins: a page in every language a translation is missing from.

A translation group that lacks a language gets a stand-in page at the address
the translation would have, so the language switcher (and any link into that
language) never leads to a 404. What it shows is decided by its template
(``fallback.html``); the stand-in knows its language, its address and the
original it stands in for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..site import alternates
from ..site.locations import locate
from ..site.pairing import claim

if TYPE_CHECKING:
    from pelican.contents import Page

    from ..site.alternates import SwitcherEntry
    from ..site.languages import Language
    from ..site.settings import Site


@dataclass(frozen=True, slots=True)
class StandIn:
    """The page that stands in for a missing translation."""

    language: Language
    key: str
    url: str
    save_as: str
    original: Page

    @property
    def switcher(self) -> tuple[SwitcherEntry, ...]:
        """The switcher of the stand-in's page, this language marked as the current one."""
        versions = self.original.collab
        return alternates.switcher(versions.site, versions.group, versions.stand_ins, self.language)


def original_of_group(group: dict[str, Page], site: Site) -> Page:
    """The version the others translate: the default language's, else the first configured one's."""
    return group.get(site.default.code) or next(
        group[language.code] for language in site.languages if language.code in group
    )


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
