"""Which pages translate each other.

Pages pair across languages by translation key: the path inside the language
folder (without extension), or a ``Translation-Key:`` metadata line so that
pages in other folders or with other file names still pair
(``en/core-narrative.md`` ↔ ``da/grundfortaelling.md``). See
:mod:`.locations` for how a page gets its language, key and address.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import CollabError, display_path

if TYPE_CHECKING:
    from pelican.contents import Page

    from .settings import Site

#: A translation group: the versions of one page by language code.
Group = Mapping[str, "Page"]


def source_name(page: Any) -> str:
    """The page's file as people name it in messages."""
    return display_path(page.source_path)


def pair(pages: Iterable[Page]) -> dict[str, dict[str, Page]]:
    """The translation groups by key, each page's ``translations`` set; an error
    naming both files when two pages have one key in one language or would be
    written to one file."""
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
            claim(written, page.save_as, page)
    return dict(groups)


def original_of_group(group: Group, site: Site) -> Page:
    """The version the others translate: the default language's, else the first configured one's."""
    return group.get(site.default.code) or next(
        group[language.code] for language in site.languages if language.code in group
    )


def claim(written: dict[str, Any], save_as: str, page: Any) -> None:
    """Record that ``page`` is written to ``save_as``; an error if another page is already."""
    earlier = written.get(save_as)
    if earlier is not None:
        raise CollabError(
            f"{source_name(earlier)} and {source_name(page)}: both would be written "
            f"to {save_as} (give one of them another Slug:)"
        )
    written[save_as] = page
