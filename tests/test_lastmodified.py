"""When a page was last updated (site/lastmodified.py): Modified:, else git, else Date:."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

from pelican_collab.site.lastmodified import git_commit_dates, last_updated


def test_the_last_commit_of_each_file_is_found_with_one_git_call(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    page = tmp_path / "content" / "p.md"
    page.write_text("Title: P\n", encoding="utf-8")
    run = {"cwd": tmp_path, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", "-A"], **run)
    env = {"GIT_COMMITTER_DATE": "2026-11-20T12:00:00", "GIT_AUTHOR_DATE": "2026-11-20T12:00:00"}
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
        env={**__import__("os").environ, **env},
        **run,
    )
    dates = git_commit_dates(str(tmp_path / "content"))
    assert dates == {page.resolve(): date(2026, 11, 20)}


def test_outside_a_git_checkout_there_are_no_commit_dates(tmp_path: Path) -> None:
    assert git_commit_dates(str(tmp_path)) == {}


def test_modified_wins_then_git_then_date(tmp_path: Path) -> None:
    source = str(tmp_path / "p.md")
    committed = {Path(source).resolve(): date(2026, 11, 20)}
    both = SimpleNamespace(source_path=source, modified=datetime(2026, 1, 2, 3, 4), date=datetime(2025, 1, 1))
    assert last_updated(both, committed) == date(2026, 1, 2)
    dated = SimpleNamespace(source_path=source, date=datetime(2025, 1, 1))
    assert last_updated(dated, committed) == date(2026, 11, 20)
    assert last_updated(dated, {}) == date(2025, 1, 1)
    assert last_updated(SimpleNamespace(source_path=source), None) is None
