"""When a page was last updated: its ``Modified:`` metadata, else its last git commit.

Never the build time: a rebuild must not make an unchanged page look new.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any


def git_commit_dates(folder: str) -> dict[Path, date]:
    """The date of the last commit touching each file under ``folder``: one git call.

    Returns an empty mapping outside a git checkout or when git is missing.
    """
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--no-renames", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[Path, date] = {}
    current: date | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            current = date.fromisoformat(line[1:])
        elif line and current is not None:
            # git log lists newest first: keep the first date seen for a file.
            dates.setdefault((Path(top) / line).resolve(), current)
    return dates


def last_updated(page: Any, commit_dates: dict[Path, date] | None) -> date | None:
    """``Modified:`` first, then the last commit, then ``Date:``; None if none is known."""
    modified = getattr(page, "modified", None)
    if modified is not None:
        return _as_date(modified)
    if commit_dates:
        committed = commit_dates.get(Path(page.source_path).resolve())
        if committed is not None:
            return committed
    moment = getattr(page, "date", None)
    return _as_date(moment) if moment is not None else None


def _as_date(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment
