"""Translations: every page × language not up to date (missing, stale, drifted, orphan),
one line each from the translation status. These are states, not defects: a site
publishes them with stand-ins and notices unless the translation policy is strict."""

from __future__ import annotations

from ...translation.freshness import STATES
from .base import TRANSLATION, Check, CheckedSite


def translation_states(site: CheckedSite) -> list[str]:
    rows = site.status.rows
    return [row.problem for state in STATES for row in rows if row.status == state and row.problem]


CHECK = Check("translations", TRANSLATION, "the translation status", translation_states)
