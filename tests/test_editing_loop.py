"""The editing loop: every rebuild in a fresh process, so an edit of any file shows.

Issue 13's reproduction: a site's settings file imports ``decorate`` from its
own ``helpers.py`` for a Jinja filter, an override template uses it; editing
only ``helpers.py`` must change the pages (it did not, when the build kept
pages it believed unchanged, in a process that had loaded the old module).
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import types

import pytest
from bs4 import BeautifulSoup
from invoke import Context

from pelican_collab.tools import tasks

from .conftest import FixtureSite

REPRODUCTION = """
from helpers import decorate

JINJA_FILTERS = {"decorate": lambda s: decorate(s)}
THEME_TEMPLATES_OVERRIDES = ["templates"]
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
"""


def helpers(site: FixtureSite, mark: str) -> None:
    (site.root / "helpers.py").write_text(f"def decorate(s):\n    return {mark!r} + s\n", encoding="utf-8")


@pytest.fixture
def decorated(two_language_site: FixtureSite, monkeypatch: pytest.MonkeyPatch) -> FixtureSite:
    site = two_language_site
    # Invoke puts the folder of tasks.py on sys.path: the settings file finds helpers.py.
    monkeypatch.syspath_prepend(str(site.root))
    monkeypatch.delitem(sys.modules, "helpers", raising=False)
    site.settings(REPRODUCTION)
    helpers(site, "old: ")
    (site.root / "templates").mkdir()
    (site.root / "templates" / "page.html").write_text(
        '{% extends "!theme/page.html" %}'
        "{% block title %}<title>{{ page.title|decorate }}</title>{% endblock %}\n",
        encoding="utf-8",
    )
    (site.root / "tasks.py").write_text("from pelican_collab.tools.tasks import namespace  # noqa: F401\n")
    return site


def title(site: FixtureSite, page: str = "en/index.html") -> str:
    return BeautifulSoup(site.html(page), "html.parser").title.string


def test_editing_only_a_module_the_settings_import_shows_on_the_next_rebuild(decorated: FixtureSite) -> None:
    site = decorated
    command = [sys.executable, "-m", "pelican_collab", "build", "--keep-unchanged"]
    for _ in range(2):  # the second build keeps every page: nothing changed
        built = subprocess.run(command, cwd=site.root, capture_output=True, text=True)
        assert built.returncode == 0, built.stderr
    assert title(site) == "old: Home"
    kept_since = (site.output / "en" / "index.html").stat().st_mtime_ns
    helpers(site, "new: ")
    built = subprocess.run(command, cwd=site.root, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert title(site) == "new: Home"
    assert title(site, "index.html") == "new: Forside"
    assert (site.output / "en" / "index.html").stat().st_mtime_ns != kept_since


class Lines:
    """A running process's output, line by line, waited for with a time limit."""

    def __init__(self, process: subprocess.Popen) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self._lines.put(line.rstrip("\n"))

    def until(self, start: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while True:
            line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            self.seen.append(line)
            if line.startswith(start):
                return line

    def after(self, edit, start: str = "built ") -> str:
        """The line that follows an edit; the edit is made again (the same text, a new
        time) while the watcher may not have been watching yet."""
        for _ in range(10):
            edit()
            try:
                return self.until(start, seconds=6)
            except queue.Empty:
                continue
        raise AssertionError(f"no {start!r} after the edit: {self.seen}")


@pytest.mark.skipif(sys.platform == "win32", reason="signals a process group")
def test_invoke_regenerate_rebuilds_after_each_edit_in_a_fresh_process(decorated: FixtureSite) -> None:
    site = decorated
    regenerate = subprocess.Popen(
        [sys.executable, "-m", "invoke", "regenerate"],
        cwd=site.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = Lines(regenerate)
    try:
        lines.until("built ")
        assert title(site) == "old: Home"
        lines.after(lambda: helpers(site, "new: "))
        assert title(site) == "new: Home"
        lines.after(lambda: site.page("en/index.md", "Title: Home again\nModified: 2026-11-27\n\nWelcome.\n"))
        assert title(site) == "new: Home again"
        os.killpg(regenerate.pid, signal.SIGINT)  # Ctrl-C in the terminal
        assert lines.until("stopped: regenerated").startswith("stopped: regenerated (pelicanconf.py) for ")
        assert regenerate.wait(20) == 0
    finally:
        if regenerate.poll() is None:
            os.killpg(regenerate.pid, signal.SIGKILL)
            regenerate.wait()
    assert not any("Traceback" in line for line in lines.seen), "\n".join(lines.seen)


def test_livereload_rebuilds_on_an_edit_and_reloads_when_the_output_changes(
    decorated: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = decorated
    watched: list[str] = []
    titles: list[str] = []

    class Server:  # stands in for livereload's: records what it watches, serves nothing
        def watch(self, pattern: str, *callbacks) -> None:
            watched.append(pattern)

        def serve(self, **options) -> None:
            titles.append(title(site))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and title(site) != "new: Home":
                helpers(site, "new: ")  # again while the watcher may not have been watching yet
                time.sleep(3)
            titles.append(title(site))
            raise KeyboardInterrupt  # Ctrl-C: the task reports and returns

    monkeypatch.setitem(sys.modules, "livereload", types.SimpleNamespace(Server=Server))
    tasks.livereload(Context(), settings=str(site.settings_file))
    assert titles == ["old: Home", "new: Home"]
    assert watched == [str(site.output / "**" / "*")]  # the browser reloads when the output changed


def test_the_loop_watches_the_sites_files_but_not_what_builds_write(decorated: FixtureSite) -> None:
    site = decorated
    values = tasks._settings(str(site.settings_file))
    assert site.root.resolve() in tasks._watched(values, str(site.settings_file))
    files = tasks.SiteFiles(values)
    added = tasks.watchfiles.Change.added
    for path in ("helpers.py", "templates/page.html", "content/da/index.md", "locale/da/x.mo"):
        assert files(added, str(site.root / path)), path
    for path in ("output/index.html", "cache/x", ".output.building-x1y2/index.html", "__pycache__/h.pyc"):
        assert not files(added, str(site.root / path)), path
