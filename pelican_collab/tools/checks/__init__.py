"""``invoke check``: is the built site fit to publish, and how far is it translated?

Every check is a small unit in its own module, registered in :data:`CHECKS`
(the order in which they run and are reported). A check of kind *defect*
stops a publish; one of kind *translation* reports translation states, which
stop a publish only when strict (``--strict`` or ``COLLAB_TRANSLATION_POLICY =
"strict"``). Adding a check is a module with a :class:`Check` and a line here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...engine.build import require_built_site
from ...site.settings import DEFAULTS
from . import catalogs, links, sitemap, translations, valid_html
from .base import DEFECT, TRANSLATION, Check, CheckedSite, CheckReport, Result, run_check
from .output import PageParser, SiteOutput
from .valid_html import CheckUnavailable, run_vnu

__all__ = [
    "CHECKS",
    "DEFECT",
    "TRANSLATION",
    "Check",
    "CheckReport",
    "CheckUnavailable",
    "CheckedSite",
    "PageParser",
    "Result",
    "SiteOutput",
    "check_site",
    "is_strict",
    "run_vnu",
]

CHECKS: tuple[Check, ...] = (
    links.CHECK,
    valid_html.CHECK,
    sitemap.CHECK,
    catalogs.CHECK,
    translations.CHECK,
)


def is_strict(settings: dict[str, Any], strict: bool = False) -> bool:
    """Whether translation states stop a publish: ``--strict``, or the site's strict policy."""
    policy = settings.get("COLLAB_TRANSLATION_POLICY", DEFAULTS["COLLAB_TRANSLATION_POLICY"])
    return strict or policy == "strict"


def check_site(
    settings: dict[str, Any],
    output: Path | None = None,
    *,
    html: bool = True,  # False: leave out the Nu HTML Checker (it needs Java and takes a while)
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Run every check on the built output of the site of ``settings`` (from ``load_settings``)."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    output = Path(output or settings["OUTPUT_PATH"])
    require_built_site(output)
    site = CheckedSite(settings, SiteOutput(output, settings["SITEURL"]))
    languages = settings.get("COLLAB_LANGUAGES", DEFAULTS["COLLAB_LANGUAGES"])
    report = CheckReport(site.output.pages_per_language(languages), strict=is_strict(settings, strict))
    skipped = set() if html else {valid_html.CHECK.name}
    for check in CHECKS:
        if check.name in skipped:
            report.results.append(Result(check, None))
            continue
        say(f"checking {check.doing} …")
        report.results.append(run_check(check, site))
    report.status = site.read_status  # None when it could not be read: the translations check says why
    report.seconds = time.perf_counter() - started
    return report
