"""Worker processes: the same site as in one process, and never a wait without end."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import babel.localedata
import pytest

from pelican_collab.engine import workers
from pelican_collab.engine.build import BuildFailed
from pelican_collab.errors import CollabError

from .conftest import FixtureSite

needs_fork = pytest.mark.skipif(not workers.can_fork(), reason="workers are forked; this system cannot fork")


def many_pages(site: FixtureSite, count: int = 9) -> None:
    """Danish pages with English translations (one missing), enough for every worker to get some."""
    for number in range(count):
        key = "index" if number == 0 else f"side-{number}"
        extra = "Summary: Et *kort* resumé.\n" if number == 1 else ""
        site.page(
            f"da/{key}.md",
            f"Title: Side {number}\nModified: 2026-11-2{number % 9}\n{extra}\n"
            f"Indledning {number}.\n\n## Første afsnit\n\nTekst [link](https://example.org/{number}).\n"
            "\n## Andet afsnit\n\nMere tekst.\n",
        )
        if number != 4:
            site.page(
                f"en/{key}.md",
                f"Title: Page {number}\nTranslation-Key: {key}\nSlug: page-{number}\n"
                f"Modified: 2026-11-2{number % 9}\n\nIntroduction {number}.\n\n## First section\n\nText.\n",
            )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built_in_one_process(site: FixtureSite) -> dict[str, bytes]:
    """The many-page site built with COLLAB_WORKERS = 1: what the workers must reproduce."""
    many_pages(site)
    site.settings("COLLAB_WORKERS = 1\n")
    site.build()
    return snapshot(site.output)


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie has stopped running, and is no longer)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# ---------------------------------------------------------------------------
# Whole builds


@needs_fork
def test_two_workers_build_exactly_what_one_process_builds(
    site: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = built_in_one_process(site)

    shared_out = []
    run_shared = workers.run_shared

    def counting(items, work, count, timeout, name_of, share_here=True):
        shared_out.append((len(items), count, share_here))
        return run_shared(items, work, count, timeout, name_of, share_here)

    backgrounds = []

    class Recorded(workers.InBackground):
        def __init__(self, work, forked, what, timeout, **options):
            super().__init__(work, forked, what, timeout, **options)
            backgrounds.append(self._worker is not None)

    cldr_loaded_here = []
    get_locale_data = babel.localedata.get_locale_data

    def recording(name):
        cldr_loaded_here.append(name)  # only calls in this process: workers have their own list
        return get_locale_data(name)

    monkeypatch.setattr(workers, "run_shared", counting)
    monkeypatch.setattr(workers, "InBackground", Recorded)
    monkeypatch.setattr(babel.localedata, "get_locale_data", recording)
    site.settings("COLLAB_WORKERS = 2\n")
    site.build()

    assert snapshot(site.output) == serial
    assert len(serial) > 30
    # Reading (17 sources) and writing (every page and view) were each shared
    # between two processes; the freshness check and the answers from CLDR
    # (dates, language names) were each worked out in a process of their own,
    # so the build process, which renders pages too, never loaded CLDR's data.
    assert shared_out[0] == (17, 2, True)
    assert shared_out[1][0] > 17 and shared_out[1][1:] == (2, False)
    assert len(shared_out) == 2
    assert backgrounds == [True, True]
    assert cldr_loaded_here == []


@needs_fork
def test_warnings_logged_in_workers_are_printed_and_counted_once(site: FixtureSite) -> None:
    many_pages(site)
    # Pelican warns about a second Slug: line while it reads the file (in a worker).
    site.page("da/side-3.md", "Title: Side 3\nSlug: tre\nSlug: three\n\nTekst.\n")
    printed = {}
    for count in (1, 2):
        site.settings(f"COLLAB_WORKERS = {count}\n")
        result = subprocess.run(
            [sys.executable, "-m", "pelican_collab", "build"], cwd=site.root, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        printed[count] = result.stderr.splitlines()
        summary = result.stdout.splitlines()[-1]
        assert summary.endswith(f", {len(printed[count])} warnings"), summary
    assert printed[2] == printed[1]
    assert all(line.startswith("warning: ") for line in printed[2])
    assert (
        printed[2].count(
            f"warning: Duplicate definition of `slug` for {site.content}/da/side-3.md. Using first one."
        )
        == 1
    )
    assert (
        "warning: COLLAB_ACCESSIBILITY_STATEMENT_URL is not set: the footer has no accessibility "
        "statement link (Danish public sites must have one)" in printed[2]
    )


@needs_fork
@pytest.mark.parametrize(
    ("action", "said"),
    [
        ("time.sleep(60)", "no answer from its worker process for 1 s (COLLAB_WORKER_TIMEOUT)"),
        ("os.kill(os.getpid(), signal.SIGKILL)", "its worker process died (killed by SIGKILL)"),
    ],
    ids=["hangs", "dies"],
)
def test_a_worker_that_hangs_or_dies_fails_the_build_naming_the_page(
    site: FixtureSite, action: str, said: str
) -> None:
    """Rendering happens in workers only; a filter that stalls (or kills its process)
    on one page stands for any fault there."""
    many_pages(site)
    site.build()
    before = snapshot(site.output)
    (site.root / "templates").mkdir()
    (site.root / "templates" / "page.html").write_text(
        '{% extends "!theme/page.html" %}{% block head %}{{ page.title|fault }}{% endblock %}\n',
        encoding="utf-8",
    )
    site.settings(
        textwrap.dedent(f"""\
        import os, signal, time
        def fault(title):
            if title == "Page 7":
                {action}
            return ""
        JINJA_FILTERS = {{"fault": fault}}
        THEME_TEMPLATES_OVERRIDES = ["templates"]
        COLLAB_WORKERS = 2
        COLLAB_WORKER_TIMEOUT = 1
        """)
    )
    started = time.monotonic()
    with pytest.raises(BuildFailed) as raised:
        site.build()
    assert time.monotonic() - started < 20
    message = str(raised.value)
    assert "\n" not in message
    assert message == f"output/en/page-7/index.html: {said} (output left unchanged)"
    assert snapshot(site.output) == before
    assert workers_of_this_process() == []


def workers_of_this_process() -> list[int]:
    """Child processes of this one that still run (the tests run no others)."""
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    return [pid for pid in map(int, children.read_text().split()) if alive(pid)] if children.exists() else []


@pytest.mark.parametrize("value", ["0", "'2'", "True", "1.5"])
def test_workers_must_be_a_whole_number(two_language_site: FixtureSite, value: str) -> None:
    two_language_site.settings(f"COLLAB_WORKERS = {value}\n")
    with pytest.raises(CollabError) as raised:
        two_language_site.build()
    assert str(raised.value).startswith("COLLAB_WORKERS: ")
    assert "not a whole number of processes" in str(raised.value)


@pytest.mark.parametrize("value", ["0", "-1", "'60'", "None", "True"])
def test_the_worker_timeout_must_be_seconds(two_language_site: FixtureSite, value: str) -> None:
    two_language_site.settings(f"COLLAB_WORKER_TIMEOUT = {value}\n")
    with pytest.raises(CollabError) as raised:
        two_language_site.build()
    assert str(raised.value) == f"COLLAB_WORKER_TIMEOUT: {value} is not a number of seconds above 0"


# ---------------------------------------------------------------------------
# run_shared and InBackground


def name(item: int) -> str:
    return f"item {item}"


def test_results_come_in_the_order_of_the_items_one_share_here() -> None:
    here = os.getpid()

    def work(item: int) -> tuple[int, bool]:
        return item * 2, os.getpid() == here

    results = workers.run_shared(list(range(7)), work, 3 if workers.can_fork() else 1, 5, name)
    assert [value for value, _ in results] == [0, 2, 4, 6, 8, 10, 12]
    if workers.can_fork():  # every third item was done here, the others in two workers
        assert [done_here for _, done_here in results] == [n % 3 == 0 for n in range(7)]


@needs_fork
def test_an_error_in_a_worker_fails_with_one_line_and_here_as_it_is() -> None:
    here = os.getpid()

    def work(item: int) -> int:
        if item == 4 and os.getpid() != here:
            raise ValueError("four\nis not\nwelcome")
        if item == 6:
            raise KeyError("six")
        return item

    with pytest.raises(workers.WorkerFailed) as raised:
        workers.run_shared([1, 2, 3, 4, 5], work, 2, 5, name, share_here=False)
    assert str(raised.value) == "ValueError: four is not welcome"
    with pytest.raises(KeyError):  # this process's own share: the real exception
        workers.run_shared([6, 7], work, 2, 5, name)
    assert workers_of_this_process() == []


@needs_fork
def test_a_worker_that_dies_is_named_by_its_item_at_once() -> None:
    def work(item: int) -> int:
        if item == 5:
            os._exit(3)
        return item

    started = time.monotonic()
    with pytest.raises(workers.WorkerFailed) as raised:
        workers.run_shared([1, 2, 3, 4, 5, 6], work, 2, 60, name, share_here=False)
    assert str(raised.value) == "item 5: its worker process died (exit code 3)"
    assert time.monotonic() - started < 10  # not the 60 s without an answer
    assert workers_of_this_process() == []


@needs_fork
def test_a_worker_that_hangs_is_stopped_after_the_timeout() -> None:
    def work(item: int) -> int:
        if item == 3:
            time.sleep(120)
        return item

    started = time.monotonic()
    with pytest.raises(workers.WorkerFailed) as raised:
        workers.run_shared([1, 2, 3, 4], work, 2, 1.0, name, share_here=False)
    assert time.monotonic() - started < 10
    assert str(raised.value) == ("item 3: no answer from its worker process for 1 s (COLLAB_WORKER_TIMEOUT)")
    assert workers_of_this_process() == []


@needs_fork
def test_the_timeout_counts_from_the_last_answer_not_from_the_start() -> None:
    """Ten items of 0.3 s each take 3 s in all: no single wait reaches the 1 s timeout."""

    def work(item: int) -> int:
        time.sleep(0.3)
        return item

    assert workers.run_shared(list(range(20)), work, 2, 1.0, name, share_here=False) == list(range(20))


@needs_fork
def test_what_a_worker_logs_is_logged_again_here(caplog: pytest.LogCaptureFixture) -> None:
    here = os.getpid()

    def work(item: int) -> int:
        if os.getpid() != here:
            logging.getLogger("pelican_collab.engine.reader").warning("from a worker: %s", item)
        return item

    with caplog.at_level(logging.WARNING):
        workers.run_shared([1, 2, 3, 4], work, 2, 5, name)
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("pelican_collab.engine.reader", "from a worker: 2"),
        ("pelican_collab.engine.reader", "from a worker: 4"),
    ]


@needs_fork
def test_a_background_answer_raises_here_or_fails_the_build() -> None:
    here = os.getpid()

    def raises() -> int:
        raise LookupError(f"raised in {'this process' if os.getpid() == here else 'a worker'}")

    with pytest.raises(LookupError, match="raised in this process"):  # done again here: its real error
        workers.InBackground(raises, forked=True, what="the answer", timeout=5).result()

    def dies() -> int:
        os.kill(os.getpid(), signal.SIGKILL)
        return 1

    with pytest.raises(
        workers.WorkerFailed, match=r"^the answer: its worker process died \(killed by SIGKILL\)$"
    ):
        workers.InBackground(dies, forked=True, what="the answer", timeout=5).result()

    def hangs() -> int:
        time.sleep(120)
        return 1

    with pytest.raises(workers.WorkerFailed, match=r"^the answer: no answer from its worker process for 1 s"):
        workers.InBackground(hangs, forked=True, what="the answer", timeout=1).result()
    assert workers.InBackground(lambda: 42, forked=True, what="the answer", timeout=5).result() == 42
    assert workers_of_this_process() == []


# Run as a program: a build process with a worker that would hang, and that
# prints the worker's pid; the test then signals or kills the build process.
_ORPHAN_PROGRAM = """
import os, sys, time
from pelican_collab.engine import workers

def work(item):
    if os.getpid() != PARENT:
        print(os.getpid(), flush=True)
        time.sleep(120)
    return item

PARENT = os.getpid()
workers.run_shared([1], work, 1, 300, str, share_here=False)
"""


@needs_fork
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers die with their parent on Linux")
def test_workers_ignore_ctrl_c_and_die_with_the_build_process_even_when_it_is_killed(tmp_path: Path) -> None:
    build = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_PROGRAM], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        worker = int(build.stdout.readline())
        os.kill(worker, signal.SIGINT)  # Ctrl-C reaches every process of the terminal
        time.sleep(0.5)
        assert alive(worker)  # ignored: the build process decides
        os.kill(build.pid, signal.SIGKILL)  # no chance to tidy up
        build.wait(10)
        deadline = time.monotonic() + 10
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(worker)
        assert "Traceback" not in build.stderr.read()
    finally:
        build.kill()
        build.wait()


@needs_fork
def test_a_low_priority_helper_gives_way_and_answers_as_any_other() -> None:
    def niceness() -> int:
        return os.nice(0)

    here = os.nice(0)
    helper = workers.InBackground(niceness, forked=True, what="niceness", timeout=10, low_priority=True)
    assert helper.result() == min(here + workers.LOW_PRIORITY, 19)
    assert workers.InBackground(niceness, forked=True, what="niceness", timeout=10).result() == here
    assert os.nice(0) == here  # the build's own process keeps its priority
