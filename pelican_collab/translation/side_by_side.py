"""The side-by-side view: a translation beside its original, section by section.

Every page that has an original gets one, at ``/<lang>/parallel/<key>.html``;
the sections of the original changed since the translation was stamped are
marked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..site import narrative

if TYPE_CHECKING:
    from ..site.settings import Site
    from .freshness import Row, StatusReport


@dataclass(frozen=True, slots=True)
class SideBySideRow:
    original_html: str
    translation_html: str
    stale: bool


def original_of(page: Any, group: Mapping[str, Any], site: Site) -> Any | None:
    """The original a translation was made from: None for an original, and for
    a page whose group has none. Exactly the pages with an original get a
    side-by-side view."""
    original = group.get(site.default.code)
    return None if original is None or original is page else original


def side_by_side_url(page: Any) -> str:
    """Also where the view is saved. A file, not a folder with an index.html:
    one folder per language holds every view, and a build makes one folder
    fewer per translated page."""
    return f"{page.language.url_prefix}parallel/{page.translation_key}.html"


@dataclass(frozen=True, slots=True)
class SideBySide:
    """The rows of a side-by-side view, cut when the page is rendered (by whichever
    process renders it) rather than when it is queued for writing."""

    original: Any
    translation: Any
    row: Row | None
    report: StatusReport

    def __iter__(self):
        return iter(side_by_side_rows(self.original, self.translation, self.row, self.report))


def side_by_side_rows(
    original: Any, translation: Any, row: Row | None, report: StatusReport
) -> list[SideBySideRow]:
    """Both pages cut at their h2/h3 headings and paired in order; stale sections marked."""
    changed = set(row.changed_sections) if row else set()
    left = narrative.html_sections(original.content)
    right = narrative.html_sections(translation.content)
    left_href, right_href = original.collab.href, translation.collab.href
    names = report.section_names.get(original.relative_source_path.replace(os.sep, "/"), ())
    result = []
    for index in range(max(len(left), len(right))):
        result.append(
            SideBySideRow(
                narrative.for_side_by_side(left[index], left_href) if index < len(left) else "",
                narrative.for_side_by_side(right[index], right_href) if index < len(right) else "",
                stale=index < len(names) and names[index] in changed,
            )
        )
    return result
