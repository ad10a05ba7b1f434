"""What readers and translators are shown about translations, built in the same run.

- a notice on a stale (or drifted) translation, in its own language, with the
  date the original changed and a link to it;
- a stand-in page for each missing translation, in that language, linking the
  original (the switcher marks the language as not available and links here);
- for each translated page, a parallel view: original and translation side by
  side, section by section, stale sections marked;
- the editors' report: the translation status as a page (``/translation-status/``).

All of them are ``noindex`` and outside the sitemap and hreflang.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import CollabError
from ..site import alternates, narrative

if TYPE_CHECKING:
    from ..site.pairing import Pairing
    from ..site.settings import Site
    from .freshness import Row, StatusReport

REPORT_PAGE = "translation-status/index.html"


@dataclass(frozen=True, slots=True)
class Notice:
    """Shown on a translation made from an earlier version of its original."""

    original: Any
    updated: date | None


@dataclass(frozen=True, slots=True)
class ParallelRow:
    original_html: str
    translation_html: str
    stale: bool


def apply_policy(report: StatusReport, site: Site, log: Any) -> None:
    """Strict: stop the build listing every problem. Warn: log them and go on."""
    problems = report.problems
    if not problems:
        return
    if site.translation_policy == "strict":
        lines = "\n".join(f"  {line}" for line in problems)
        raise CollabError(
            f"{len(problems)} translation problem{'s' if len(problems) > 1 else ''} "
            f"(COLLAB_TRANSLATION_POLICY = 'strict'):\n{lines}"
        )
    for line in problems:
        log.warning("%s", line)


def annotate(pairing: Pairing, report: StatusReport, site: Site) -> None:
    """Give each stale (or drifted) translation its notice."""
    rows = {(row.key, row.language): row for row in report.rows}
    for key, group in pairing.groups.items():
        for lang, page in group.items():
            original = original_of(page, group, site)
            if original is None:
                continue
            row = rows.get((key, lang))
            if row is not None and row.status in ("stale", "drifted"):
                page.collab.translation_notice = Notice(original, original.collab.last_updated)


def original_of(page: Any, group: Mapping[str, Any], site: Site) -> Any | None:
    """The original a translation was made from: None for an original, and for
    a page whose group has none. Exactly the pages with an original get a
    parallel view."""
    original = group.get(site.default.code)
    return None if original is None or original is page else original


def parallel_url(page: Any) -> str:
    return f"{page.language.url_prefix}parallel/{page.translation_key}/"


@dataclass(frozen=True, slots=True)
class SideBySide:
    """The rows of a parallel view, cut when the page is rendered (by whichever
    process renders it) rather than when it is queued for writing."""

    original: Any
    translation: Any
    row: Row | None
    report: StatusReport

    def __iter__(self):
        return iter(parallel_rows(self.original, self.translation, self.row, self.report))


def parallel_rows(
    original: Any, translation: Any, row: Row | None, report: StatusReport
) -> list[ParallelRow]:
    """Both pages cut at their h2/h3 headings and paired in order; stale sections marked."""
    changed = set(row.changed_sections) if row else set()
    left = narrative.html_sections(original.content)
    right = narrative.html_sections(translation.content)
    left_href, right_href = original.collab.href, translation.collab.href
    names = report.section_names.get(original.relative_source_path.replace(os.sep, "/"), ())
    result = []
    for index in range(max(len(left), len(right))):
        result.append(
            ParallelRow(
                narrative.for_side_by_side(left[index], left_href) if index < len(left) else "",
                narrative.for_side_by_side(right[index], right_href) if index < len(right) else "",
                stale=index < len(names) and names[index] in changed,
            )
        )
    return result


def write_all(generator: Any, writer: Any, site: Site) -> None:
    pairing: Pairing = generator.collab_pairing
    report: StatusReport = generator.collab_report
    contact_hrefs: dict[str, str] = generator.collab_contact_hrefs
    rows = {(row.key, row.language): row for row in report.rows}
    for fallbacks in pairing.fallbacks.values():
        for lang, fallback in fallbacks.items():
            writer.write_file(
                fallback.save_as,
                generator.get_template("fallback"),
                generator.context,
                collab_lang=lang,
                collab_contact_href=contact_hrefs.get(lang),
                fallback=fallback,
            )
    for key, group in pairing.groups.items():
        for lang, page in group.items():
            original = original_of(page, group, site)
            if original is None:
                continue
            writer.write_file(
                parallel_url(page) + "index.html",
                generator.get_template("parallel"),
                generator.context,
                collab_lang=lang,
                collab_contact_href=contact_hrefs.get(lang),
                original=original,
                translation=page,
                rows=SideBySide(original, page, rows.get((key, lang)), report),
            )
    writer.write_file(
        REPORT_PAGE,
        generator.get_template("translation_status"),
        generator.context,
        collab_lang=site.default.code,
        collab_contact_href=contact_hrefs.get(site.default.code),
        report=report,
        groups=pairing.groups,
        switcher=alternates.home_switcher(site, site.default),
    )
