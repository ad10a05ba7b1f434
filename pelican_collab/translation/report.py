"""What readers and editors are told about the state of the translations.

- a notice on a stale (or drifted) translation, in its own language, with the
  date the original changed and a link to it;
- the translation policy: strict stops the build listing every problem, warn
  logs them;
- the editors' report: the translation status as a page (``/translation-status/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import CollabError
from .side_by_side import original_of

if TYPE_CHECKING:
    from ..site.settings import Site
    from .freshness import Row, StatusReport

REPORT_PAGE = "translation-status/index.html"


@dataclass(frozen=True, slots=True)
class Notice:
    """Shown on a translation made from an earlier version of its original."""

    original: Any
    updated: date | None


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


def notice(page: Any, group: dict[str, Any], row: Row | None, site: Site) -> Notice | None:
    """The notice a stale (or drifted) translation shows; None for any other page."""
    original = original_of(page, group, site)
    if original is None or row is None or row.status not in ("stale", "drifted"):
        return None
    return Notice(original, original.collab.last_updated)
