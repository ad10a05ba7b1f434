"""Run one Pelican build from a settings file and report it in one line.

Used by the invoke tasks and the ``pelican-collab`` command so that bad input
ends in a single line naming the file, not a traceback.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

from .errors import CollabError


@dataclass(frozen=True)
class BuildReport:
    output: Path
    pages_per_language: dict[str, int]
    seconds: float

    def summary(self) -> str:
        total = sum(self.pages_per_language.values())
        counts = ", ".join(f"{code}: {n}" for code, n in self.pages_per_language.items())
        return f"built {total} pages ({counts}) into {self.output} in {self.seconds:.2f} s"


def load_settings(settings_file: str | Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    if not Path(settings_file).is_file():
        raise CollabError(f"{settings_file}: settings file not found")
    return read_settings(str(settings_file), override=overrides or {})


def build(
    settings_file: str | Path = "pelicanconf.py", overrides: dict[str, Any] | None = None
) -> BuildReport:
    """Build the site; raises :class:`~pelican_collab.errors.CollabError` on bad input."""
    started = time.perf_counter()
    settings = load_settings(settings_file, overrides)
    pelican = Pelican(settings)
    pelican.run()
    counts = pelican.settings.get("COLLAB_PAGE_COUNTS", {})
    return BuildReport(Path(settings["OUTPUT_PATH"]), dict(counts), time.perf_counter() - started)
