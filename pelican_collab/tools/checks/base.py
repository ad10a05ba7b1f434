"""What every check shares: what a check is, the site it looks at, and the report.

A check has a name, a kind and a function of the :class:`CheckedSite` that
returns one line per finding. Its kind says what a finding means:

- a **defect** makes the site unfit to publish (a broken link, invalid HTML,
  a sitemap that contradicts the pages' hreflang links);
- a **translation state** is a page not (or no longer) translated: the site
  publishes it honestly, with a stand-in or a notice, unless the policy is
  strict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...errors import CollabError

if TYPE_CHECKING:
    from ...translation.freshness import StatusReport
    from .output import SiteOutput

DEFECT = "defect"
TRANSLATION = "translation"


@dataclass(frozen=True)
class Check:
    name: str  # as the summary names it
    kind: str  # DEFECT or TRANSLATION
    doing: str  # what the progress line says while it runs
    run: Callable[[CheckedSite], list[str]]


class CheckedSite:
    """The built site and its settings, as every check sees them; what several
    checks need (the parsed pages, the translation status) is made once."""

    def __init__(self, settings: dict[str, Any], output: SiteOutput) -> None:
        self.settings = settings
        self.output = output
        self.read_status: StatusReport | None = None  # once read

    @property
    def status(self) -> StatusReport:
        """The translation status of the site's sources (a CollabError when they cannot be read)."""
        if self.read_status is None:
            from ...translation.freshness import translation_status

            self.read_status = translation_status(self.settings)
        return self.read_status


@dataclass(frozen=True)
class Result:
    """What one check found: its lines, or None when it did not run."""

    check: Check
    lines: tuple[str, ...] | None
    #: The check could not run (bad input it depends on): its lines say why, and count as defects.
    failed: bool = False

    @property
    def defects(self) -> tuple[str, ...]:
        return (self.lines or ()) if self.check.kind == DEFECT or self.failed else ()

    @property
    def states(self) -> tuple[str, ...]:
        return () if self.check.kind == DEFECT or self.failed else (self.lines or ())


def run_check(check: Check, site: CheckedSite) -> Result:
    try:
        lines = check.run(site)
    except CollabError as error:
        return Result(check, (f"{check.name}: {' '.join(str(error).split())}",), failed=True)
    return Result(check, tuple(lines))


@dataclass
class CheckReport:
    """Every check's findings, defects apart from translation states, and one summary line."""

    pages_per_language: dict[str, int]
    results: list[Result] = field(default_factory=list)
    #: Translation states stop a publish too (``--strict``, or ``COLLAB_TRANSLATION_POLICY = "strict"``).
    strict: bool = False
    #: The translation status the translation checks read (None when it could not be read).
    status: StatusReport | None = None
    seconds: float = 0.0

    @property
    def problems(self) -> dict[str, list[str] | None]:
        """Each check's lines by its name (None: it did not run)."""
        return {r.check.name: None if r.lines is None else list(r.lines) for r in self.results}

    @property
    def defects(self) -> list[str]:
        return [line for result in self.results for line in result.defects]

    @property
    def translation_states(self) -> list[str]:
        return [line for result in self.results for line in result.states]

    @property
    def all_problems(self) -> list[str]:
        return self.defects + self.translation_states

    @property
    def ok(self) -> bool:
        """Fit to publish: no defect, and no translation state when strict."""
        return not self.defects and not (self.strict and self.translation_states)

    def states_summary(self) -> str:
        """``3 missing (de 2, fo 1), 1 stale (en 1)``, or "" when every translation is up to date."""
        return self.status.states_summary() if self.status is not None else ""

    def lines(self) -> list[str]:
        """The findings for people: the defects, then the translation states, then the summary."""
        lines: list[str] = []
        for title, found in (("defects", self.defects), ("translation states", self.translation_states)):
            if found:
                lines.append(f"{title} ({len(found)}):")
                lines.extend(f"  {line}" for line in found)
        return [*lines, self.summary()]

    def summary(self) -> str:
        total = sum(self.pages_per_language.values())
        counts = ", ".join(f"{code}: {n}" for code, n in self.pages_per_language.items())
        parts = []
        for result in self.results:
            if result.check.kind != DEFECT:
                continue
            name, found = result.check.name, result.lines
            parts.append(f"{name} not checked" if found is None else f"{name} {_count(found)}")
        if any(result.failed for result in self.results if result.check.kind != DEFECT):
            translations = "translations not checked"
        else:
            states = self.states_summary() or "all up to date"
            translations = f"translations{' (strict)' if self.strict else ''}: {states}"
        return (
            f"checked {total} pages ({counts}): {', '.join(parts)}; "
            f"{_plural(len(self.defects), 'defect')}; {translations} in {self.seconds:.2f} s"
        )


def _count(lines: tuple[str, ...]) -> str:
    return "ok" if not lines else _plural(len(lines), "problem")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
