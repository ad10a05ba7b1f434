"""Reading and writing on every core.

Pelican converts one Markdown file after another and renders one page after
another, so a build uses one core however many the machine has. Both halves
are independent per file, so the plugin shares them out:

* :class:`MarkdownReader` converts every page source in forked worker
  processes when the pages generator is set up; Pelican then asks it for each
  file as usual and gets the prepared result. It also keeps one Markdown
  instance per process (``Markdown.reset()`` between documents, as
  Python-Markdown documents) instead of building a new one per file.
* :class:`Writer` collects the pages to write and renders them in forked
  workers once the pages generator has handed over its last page.

Both only ever do work Pelican would do anyway, in the same way, and fall
back to doing it in the build's own process: a file a worker could not convert
is converted again on demand (so a broken file fails with Pelican's own error),
and a page a worker could not render is rendered again in the build process so
that its error surfaces there. Workers are forked, so they share the build's
memory copy-on-write and nothing is pickled but results; where ``fork`` is not
available (Windows, and macOS where it is unsafe) everything stays in one process.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import sys
import weakref
from collections.abc import Callable, Sequence
from typing import Any

logger = logging.getLogger(__name__)


def can_fork() -> bool:
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def run_shared(
    items: Sequence[Any], work: Callable[[Sequence[Any]], Any], workers: int, share_here: bool = True
) -> list[tuple[Sequence[Any], Any]]:
    """``work`` on ``workers`` interleaved shares of ``items``, one of them in
    this process unless ``share_here`` is false (then this process only waits).

    Returns each share with its result; the result is None when the worker
    failed or died (the caller then does that share's work itself and meets
    the error there), so ``work`` must not return None.
    """
    shares = [items[number::workers] for number in range(workers)]
    forked = shares[1:] if share_here else shares
    running = [_Forked(functools.partial(work, share)) for share in forked]
    try:
        own = [(shares[0], work(shares[0]))] if share_here else []
        return [*own, *((share, fork.result()) for share, fork in zip(forked, running, strict=True))]
    finally:  # also when this process's own share raised: no worker outlives the call
        for fork in running:
            fork.stop()


class _Forked:
    """``work()`` in a forked process, answering through a pipe."""

    def __init__(self, work: Callable[[], Any]) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_result, args=(work, sender), daemon=True)
        self._process.start()
        sender.close()

    def result(self) -> Any:
        """The answer, or None when the work raised or the process died."""
        try:
            return self._receiver.recv()
        except (EOFError, OSError):  # died before it answered, or stopped already
            return None
        finally:
            self.stop()

    def stop(self) -> None:
        self._receiver.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _send_result(work: Callable[[], Any], sender: Any) -> None:
    try:
        result = work()
    except Exception:  # the caller does this work itself and meets the error there
        result = None
    sender.send(result)
    sender.close()


class InBackground:
    """``work()`` started now in a forked process (when it can be), its result fetched later.

    Started early, while the build is still small, the work's own memory is
    not added on top of everything the build holds by then. :meth:`result`
    does the work here instead when there is no fork, or the process failed
    (so an error is raised here, with its traceback).
    """

    def __init__(self, work: Callable[[], Any], forked: bool) -> None:
        self._work = work
        self._fork = _Forked(work) if forked and can_fork() else None
        if self._fork:  # a build that fails before asking leaves no process behind
            weakref.finalize(self, self._fork.stop)

    def result(self) -> Any:
        answer = self._fork.result() if self._fork else None
        return self._work() if answer is None else answer
