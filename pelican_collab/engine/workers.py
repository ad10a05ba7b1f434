"""Worker processes: the build's work on every core, and never a wait without end.

Pelican converts one Markdown file after another and renders one page after
another, so a build uses one core however many the machine has. Both halves
are independent per file, so the plugin shares them out over forked worker
processes (:func:`run_shared`), and starts two slower answers early in
processes of their own (:class:`InBackground`).

Workers are forked, so they share the build's memory copy-on-write and only
results are pickled. Where ``fork`` is not available (Windows, and macOS where
it is unsafe) everything stays in one process.

What holds for every worker:

* It answers with the results of the items it finished, every tenth of a
  second while it works (and hands on whatever it logged, which the build
  process logs again, so warnings are printed and counted there); the item it
  is on it keeps in memory the build process can read.
* Every wait for it is bounded: a worker that finishes nothing for ``timeout``
  seconds (``COLLAB_WORKER_TIMEOUT``) is stopped and fails the build, in one
  line naming the item it was on; so does a worker that dies.
* It ignores Ctrl-C (the build process stops it, so the terminal shows one
  line, not a traceback per process), is stopped by SIGTERM, and on Linux is
  killed by the system when the build process dies, however it dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import time
import weakref
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import CollabError, one_line

logger = logging.getLogger(__name__)

#: How long a stopped worker gets to exit before it is killed.
_GRACE = 2.0
#: How often a working worker answers: each answer wakes the build process,
#: which would take a core from the workers if it woke for every page.
_ANSWER_EVERY = 0.1
#: ``prctl`` option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1
#: How much a background helper gives way to the processes that convert and render (os.nice).
LOW_PRIORITY = 10


class WorkerFailed(CollabError):
    """A worker died, hung or raised: one line naming the item it was on."""


class WorkRaised(WorkerFailed):
    """The work raised in a worker: its one-line description."""


def can_fork() -> bool:
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def run_shared(
    items: Sequence[Any],
    work: Callable[[Any], Any],
    workers: int,
    timeout: float,
    name_of: Callable[[Any], str],
    share_here: bool = True,
) -> list[Any]:
    """``work(item)`` for every item, on ``workers`` interleaved shares of them,
    one share in this process unless ``share_here`` is false (then it only waits).

    Returns the results in the order of ``items``. An exception in a worker
    fails the call with a :class:`WorkerFailed` carrying its one-line
    description (so ``work`` should catch what it can recover from); in this
    process it propagates as it is. ``name_of(item)`` names an item in messages.
    """
    results: list[Any] = [None] * len(items)
    shares = [range(number, len(items), workers) for number in range(workers)]
    own, forked = (shares[0], shares[1:]) if share_here else (range(0), shares)
    running: list[_Worker] = []
    try:
        for share in forked:
            if share:
                running.append(_Worker(share, items, work))
        for index in own:
            results[index] = work(items[index])
            for worker in running:  # so that no worker waits on a full pipe meanwhile
                worker.take(results, name_of)
        _wait_for(running, results, timeout, name_of)
    finally:  # also when this process's own share raised: no worker outlives the call
        for worker in running:
            worker.stop()
    return results


def _wait_for(running: list[_Worker], results: list[Any], timeout: float, name_of: Callable) -> None:
    """Take every worker's answers; fail when one dies or sends nothing for ``timeout`` s."""
    listening = time.monotonic()
    busy = [worker for worker in running if not worker.finished]
    while busy:
        now = time.monotonic()
        deadline = min(max(worker.heard, listening) for worker in busy) + timeout
        wait([worker.receiver for worker in busy], timeout=max(0.0, deadline - now))
        for worker in busy:
            worker.take(results, name_of)
        now = time.monotonic()
        for worker in busy:
            if not worker.finished and now - max(worker.heard, listening) >= timeout:
                worker.stop()
                raise WorkerFailed(
                    f"{name_of(worker.current)}: no answer from its worker process for {timeout:g} s "
                    "(COLLAB_WORKER_TIMEOUT)"
                )
        busy = [worker for worker in busy if not worker.finished]


class _Worker:
    """A forked process doing ``work`` for its share of the items, answering through a pipe."""

    def __init__(self, share: range, items: Sequence[Any], work: Callable[[Any], Any]) -> None:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.share, self.items = share, items
        self.done = 0  # items answered
        self.at = context.RawValue("q", share[0])  # the item the worker is on, in shared memory
        self.finished = False
        self.process = context.Process(
            target=_serve, args=(share, items, work, sender, os.getpid(), self.at), daemon=True
        )
        self.process.start()
        sender.close()
        self.heard = time.monotonic()

    @property
    def current(self) -> Any:
        return self.items[self.at.value]

    def take(self, results: list[Any], name_of: Callable[[Any], str]) -> None:
        """Everything the worker has sent so far (without waiting)."""
        while not self.finished:
            try:
                if not self.receiver.poll():
                    return
                message = self.receiver.recv()
            except (EOFError, OSError):  # the pipe closed: it exited, or died
                self._ended(name_of)
                return
            self.heard = time.monotonic()
            kind = message[0]
            if kind == "done":
                for result in message[1]:
                    results[self.share[self.done]] = result
                    self.done += 1
            elif kind == "log":
                _log_again(message[1])
            else:  # "error": the work raised
                self.finished = True
                raise WorkRaised(message[1])

    def _ended(self, name_of: Callable[[Any], str]) -> None:
        self.finished = True
        if self.done < len(self.share):
            self.process.join(_GRACE)
            raise WorkerFailed(
                f"{name_of(self.current)}: its worker process died ({_how(self.process.exitcode)})"
            )

    def stop(self) -> None:
        """End the process if it still runs (bounded: SIGTERM, then SIGKILL)."""
        self.finished = True
        self.receiver.close()
        _end(self.process)


def _end(process: multiprocessing.process.BaseProcess) -> None:
    if process.is_alive():
        process.terminate()
        process.join(_GRACE)
        if process.is_alive():
            process.kill()
    process.join()


def _how(exitcode: int | None) -> str:
    if exitcode is None:
        return "still running"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _serve(
    share: range, items: Sequence[Any], work: Callable[[Any], Any], sender: Connection, parent: int, at: Any
) -> None:
    """The worker's life: its share, answered every tenth of a second, then exit."""
    _become_worker(parent)
    logging.getLogger().handlers = [_Forwarding(sender)]
    finished: list[Any] = []
    answered = time.monotonic()
    try:
        for index in share:
            at.value = index
            try:
                finished.append(work(items[index]))
            except Exception as error:
                sender.send(("done", finished))
                sender.send(("error", one_line(error)))
                return
            if time.monotonic() - answered >= _ANSWER_EVERY:
                sender.send(("done", finished))
                finished, answered = [], time.monotonic()
        sender.send(("done", finished))
    finally:
        sender.close()


def _become_worker(parent: int) -> None:
    """Ctrl-C is for the build process; SIGTERM ends a worker; so does its parent's death."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


class _Forwarding(logging.Handler):
    """Hands each record a worker logs to the build process, which logs it again."""

    def __init__(self, sender: Connection) -> None:
        super().__init__()
        self._sender = sender

    def emit(self, record: logging.LogRecord) -> None:
        plain = logging.makeLogRecord(
            {
                "name": record.name,
                "levelno": record.levelno,
                "levelname": record.levelname,
                "pathname": record.pathname,
                "lineno": record.lineno,
                "funcName": record.funcName,
                "msg": record.getMessage(),
                "created": record.created,
            }
        )
        with contextlib.suppress(OSError, ValueError):  # unless the build process no longer listens
            self._sender.send(("log", plain))


def _log_again(record: logging.LogRecord) -> None:
    source = logging.getLogger(record.name)
    if source.isEnabledFor(record.levelno):
        source.handle(record)


class InBackground:
    """``work()`` started now in a forked process (when it can be), its result fetched later.

    Started early, while the build is still small, the work's own memory is
    not added on top of everything the build holds by then. :meth:`result`
    does the work here instead when there is no fork, or when the work raised
    in its process (so that the error is raised here, with its traceback); a
    process that dies or sends nothing for ``timeout`` s fails the build,
    naming ``what`` it was working out.
    """

    def __init__(
        self, work: Callable[[], Any], forked: bool, what: str, timeout: float, low_priority: bool = False
    ) -> None:
        self._work, self._what, self._timeout = work, what, timeout

        def in_its_process(_: Any) -> Any:
            if low_priority:
                # Started before the pages are converted on every core, it
                # takes a core only when one is idle (Pelican then makes pages
                # in one process), instead of slowing the conversion down.
                with contextlib.suppress(OSError):
                    os.nice(LOW_PRIORITY)
            return work()

        self._worker = _Worker(range(1), [None], in_its_process) if forked and can_fork() else None
        if self._worker:  # a build that fails before asking leaves no process behind
            weakref.finalize(self, self._worker.stop)

    def result(self) -> Any:
        if self._worker is None:
            return self._work()
        answer: list[Any] = [None]
        try:
            _wait_for([self._worker], answer, self._timeout, lambda _: self._what)
        except WorkRaised:  # meet the error here, with its traceback
            self._worker.stop()
            return self._work()
        finally:
            self._worker.stop()
        return answer[0]
