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
from typing import TYPE_CHECKING, Any

from .errors import CollabError, display_path

if TYPE_CHECKING:
    from pelican.contents import Page

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
    key = next((page.metadata[k] for k in KEY_METADATA if k in page.metadata), None)
    page.translation_key = str(key).strip() if key else os.path.splitext(inside)[0]


def check_and_pair(pages: Iterable[Page], site: Site) -> dict[str, dict[str, Page]]:
    """Raise on the first problem; otherwise pair pages and give each its URL."""
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
            _give_url(page, site)
            earlier = written.get(page.save_as)
            if earlier is not None:
                raise CollabError(
                    f"{source_name(earlier)} and {source_name(page)}: both would be written "
                    f"to {page.save_as} (give one another Slug:)"
                )
            written[page.save_as] = page
    return groups


def _give_url(page: Page, site: Site) -> None:
    """Home pages sit at their language's root; other pages below it by slug.

    A page's own ``URL:``/``Save_as:`` metadata (Pelican's override) wins.
    """
    if "url" in page.metadata and "save_as" in page.metadata:
        return
    prefix = page.language.url_prefix
    if page.translation_key == site.home_key:
        page.override_url = prefix
        page.override_save_as = f"{prefix}index.html"
    else:
        page.override_url = prefix + site.page_url.format(slug=page.slug)
        page.override_save_as = prefix + site.page_save_as.format(slug=page.slug)


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
    found = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                match = re.match(r"\s*([A-Za-z][\w-]*)\s*:(.*)", line)
                if not line.strip() or not match:
                    break
                found.append((number, match.group(1).lower(), " ".join(match.group(2).split())))
    except (OSError, UnicodeDecodeError):
        return []
    return found
