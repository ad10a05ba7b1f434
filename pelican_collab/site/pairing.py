"""Which language a page is in, which pages translate each other, and where each lives.

A page's language is its folder ``content/<lang>/``. Pages pair across
languages by translation key: the path inside the language folder (without
extension), or a ``Translation-Key:`` metadata line so that translated slugs
still pair (``en/core-narrative.md`` ↔ ``da/grundfortaelling.md``).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import CollabError, display_path
from ..extras import PageExtras
from . import alternates
from .narrative import heading_id

if TYPE_CHECKING:
    from pelican.contents import Page

    from .alternates import SwitcherEntry
    from .languages import Language
    from .settings import Site

KEY_METADATA = ("translation-key", "translation_key")


def source_name(page: Any) -> str:
    """The page's file as people name it in messages."""
    return display_path(page.source_path)


def place(page: Page, site: Site) -> None:
    """Give a freshly read page its language and translation key from its folder.

    Runs inside Pelican's reader, where exceptions are logged and swallowed, so
    problems are recorded on the page and raised by :func:`check_and_pair`.
    """
    relative = page.relative_source_path.replace(os.sep, "/")
    folder, _, inside = relative.partition("/")
    language = site.language(folder) if inside else None
    if language is None:
        codes = ", ".join(f"{site.content_folder}/{lang.code}/" for lang in site.languages)
        page.collab_problem = f"{source_name(page)}: is outside every language folder ({codes})"
        return
    declared = page.metadata.get("lang")
    if declared is not None and declared != language.code:
        page.collab_problem = (
            f"{source_name(page)}:{_line_of(page, 'lang')}: Lang: {declared} contradicts "
            f"its folder {folder}/ (leave Lang: out; the folder decides)"
        )
        return
    page.lang = language.code
    page.in_default_lang = language.is_default
    page.language = language
    page.translation_key = translation_key(page.metadata, inside)
    if not ("url" in page.metadata and "save_as" in page.metadata):
        # A page's own URL:/Save_as: metadata (Pelican's override) wins.
        page.override_url, page.override_save_as = location(site, language, page.translation_key, page.slug)
    # Every attribute the plugin gives a page is set here, while Pelican is
    # still creating pages: CPython sizes each new instance's attribute table
    # for the names its class has seen so far, and a name first added later
    # makes every page carry a table of its own (about 1.3 KB a page).
    page.collab = PageExtras(page, site)


def translation_key(metadata: dict[str, Any], inside: str) -> str:
    """``Translation-Key:`` if given, else the path inside the language folder without extension."""
    key = next((metadata[k] for k in KEY_METADATA if k in metadata), None)
    return str(key).strip() if key else os.path.splitext(inside)[0]


@dataclass(frozen=True, slots=True)
class Fallback:
    """The page that stands in for a missing translation: it says so and links the original."""

    language: Language
    key: str
    url: str
    save_as: str
    original: Page

    @property
    def switcher(self) -> tuple[SwitcherEntry, ...]:
        """The switcher of the stand-in's page, this language marked as the current one."""
        versions = self.original.collab
        return alternates.switcher(versions.site, versions.group, versions.fallbacks, self.language)


@dataclass(frozen=True)
class Pairing:
    groups: dict[str, dict[str, Page]]
    fallbacks: dict[str, dict[str, Fallback]]  # key → language → stand-in


def check_and_pair(pages: Iterable[Page], site: Site) -> Pairing:
    """Raise on the first problem; otherwise pair pages and give each its URL.

    Every language a page lacks gets a stand-in at the address the translation
    would have, so the switcher never leads to a 404.
    """
    pages = list(pages)
    for page in pages:
        problem = getattr(page, "collab_problem", None)
        if problem:
            raise CollabError(problem)

    groups: dict[str, dict[str, Page]] = defaultdict(dict)
    for page in sorted(pages, key=lambda p: p.source_path):
        same = groups[page.translation_key].get(page.lang)
        if same is not None:
            raise CollabError(
                f"{source_name(same)} and {source_name(page)}: both have translation key "
                f"{page.translation_key!r} in language {page.lang!r} (set Translation-Key: on one)"
            )
        groups[page.translation_key][page.lang] = page

    written: dict[str, Page] = {}
    for group in groups.values():
        for page in group.values():
            page.translations = [other for other in group.values() if other is not page]
            _claim(written, page.save_as, page)

    fallbacks: dict[str, dict[str, Fallback]] = defaultdict(dict)
    for key, group in groups.items():
        original = group.get(site.default.code) or next(
            group[language.code] for language in site.languages if language.code in group
        )
        for language in site.languages:
            if language.code not in group:
                # Where the translation would live; if a page of another key
                # has that slug there, by the translation key, then marked with
                # the original's language.
                candidates = (original.slug, slugify_key(key), f"{slugify_key(key)}-{original.lang}")
                places = [location(site, language, key, slug) for slug in candidates]
                url, save_as = next((p for p in places if p[1] not in written), places[0])
                _claim(written, save_as, original)
                fallbacks[key][language.code] = Fallback(language, key, url, save_as, original)
    return Pairing(dict(groups), dict(fallbacks))


def location(site: Site, language: Language, key: str, slug: str) -> tuple[str, str]:
    """URL and file of a page: home pages at their language's root, others below it by slug."""
    prefix = language.url_prefix
    if key == site.home_key:
        return prefix, f"{prefix}index.html"
    return prefix + site.page_url.format(slug=slug), prefix + site.page_save_as.format(slug=slug)


def slugify_key(key: str) -> str:
    """A translation key as a URL path ("om/os" stays "om/os"; spaces and capitals do not)."""
    return "/".join(heading_id(part) for part in key.split("/"))


def _claim(written: dict[str, Page], save_as: str, page: Page) -> None:
    earlier = written.get(save_as)
    if earlier is not None:
        raise CollabError(
            f"{source_name(earlier)} and {source_name(page)}: both would be written "
            f"to {save_as} (give one another Slug:)"
        )
    written[save_as] = page


def _line_of(page: Any, key: str) -> int | str:
    """The line of a metadata key in the page's header, or '?' when not found."""
    for number, name, _ in metadata_lines(page.source_path):
        if name == key.lower():
            return number
    return "?"


def metadata_line(path: str, value: str) -> int | None:
    """The header line whose value is ``value`` (to point at a bad ``Date:``)."""
    wanted = " ".join(value.split())
    for number, _, text in metadata_lines(path):
        if text == wanted:
            return number
    return None


def metadata_lines(path: str) -> list[tuple[int, str, str]]:
    """``(line number, lower-cased key, value)`` for each ``Key: value`` header line."""
    try:
        with open(path, encoding="utf-8") as handle:
            return header_lines(handle)
    except (OSError, UnicodeDecodeError):
        return []


_HEADER_LINE = re.compile(r"\s*([A-Za-z][\w-]*)\s*:(.*)")


def header_lines(lines: Iterable[str]) -> list[tuple[int, str, str]]:
    """The metadata header of a Markdown page: the ``Key: value`` lines up to the first other line."""
    found = []
    for number, line in enumerate(lines, start=1):
        match = _HEADER_LINE.match(line)
        if not line.strip() or not match:
            break
        found.append((number, match.group(1).lower(), " ".join(match.group(2).split())))
    return found
