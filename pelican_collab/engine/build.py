"""Run one Pelican build from a settings file and report it in one line.

Used by the invoke tasks and the ``pelican-collab`` command so that bad input
ends in a single line naming the file, not a traceback; every warning logged
during the build (in worker processes too) is printed as ``warning: …`` and
counted in the summary.

Builds are atomic: Pelican writes into an empty staging folder beside the
output (``.output.building-…``), and only a build that finished without error
replaces the output, in one rename. A failed build, or one stopped by Ctrl-C or
SIGTERM, deletes its staging folder and leaves the previous output exactly as
it was.

A build renders every output from its sources (Pelican's content cache is not
read, nothing of the previous output is kept but the names in
``OUTPUT_RETENTION``), unless it is a build of the editing loop
(``keep_unchanged=True``): then Pelican's content cache is read and the output
files whose inputs did not change are kept (see :mod:`.kept`).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from pelican import Pelican, signals

from ..errors import CollabError, display_path, one_line
from ..site.settings import read_site_settings
from .writer import REPLACES_SETTING

#: Staging folders beside the output: ``.output.building-x1y2`` (``invoke clean`` removes leftovers).
STAGING_INFIX = ".building-"
PREVIOUS_INFIX = ".previous-"

#: A build for publishing renders everything, whatever the site's settings say:
#: without Pelican's content cache nothing is kept (the site's own
#: COLLAB_KEEP_UNCHANGED is still checked, so a mistake in it is still named).
RENDER_EVERYTHING = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
#: A build of the editing loop reads Pelican's content cache and keeps unchanged outputs.
KEEP_UNCHANGED = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "COLLAB_KEEP_UNCHANGED": True}


class BuildFailed(CollabError):
    """The build stopped; the output is as it was before. ``str()`` starts with one line: why."""


class BuildInterrupted(BuildFailed):
    """Ctrl-C or SIGTERM stopped the build; the output is as it was before."""


class _Stop(BaseException):
    """SIGINT or SIGTERM arrived. Not an ``Exception``, so that no ``except Exception``
    on the way (Pelican skips a page it cannot read that way) carries on past it."""

    def __init__(self, number: int) -> None:
        super().__init__(signal.Signals(number).name)


@dataclass(frozen=True)
class BuildReport:
    output: Path
    pages_per_language: dict[str, int]
    seconds: float
    warnings: int = 0

    def summary(self) -> str:
        total = sum(self.pages_per_language.values())
        counts = ", ".join(f"{code}: {n}" for code, n in self.pages_per_language.items())
        noun = "warning" if self.warnings == 1 else "warnings"
        return (
            f"built {total} pages ({counts}) into {self.output} in {self.seconds:.2f} s, "
            f"{self.warnings} {noun}"
        )


def load_settings(settings_file: str | Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    if not Path(settings_file).is_file():
        raise CollabError(f"{settings_file}: settings file not found")
    return read_site_settings(settings_file, overrides or {})


def build(
    settings_file: str | Path = "pelicanconf.py",
    overrides: dict[str, Any] | None = None,
    keep_unchanged: bool = False,
) -> BuildReport:
    """Build the site atomically; raises :class:`BuildFailed` (a ``CollabError``) on bad
    input, and :class:`BuildInterrupted` when Ctrl-C or SIGTERM stops it."""
    started = time.perf_counter()
    mode = KEEP_UNCHANGED if keep_unchanged else RENDER_EVERYTHING
    console = _Console()
    counted: dict[str, int] = {}
    workers_before = set(multiprocessing.active_children())
    staging: Path | None = None
    had_output, configured = False, Path(str(settings_file))
    root = logging.getLogger()
    root.addHandler(console)
    try:
        with _signals_stop_the_build():
            settings = load_settings(settings_file, {**(overrides or {}), **mode})
            configured = Path(settings["OUTPUT_PATH"])
            output = Path(os.path.realpath(configured))  # a symlinked output is replaced where it points
            _refuse_unusable_output(settings, output, configured)
            had_output = output.exists()
            staging = _staging_folder(output)
            settings["OUTPUT_PATH"] = str(staging)
            settings[REPLACES_SETTING] = str(output)  # where unchanged pages are kept from (see kept.py)
            pelican = Pelican(settings)

            def count_pages(generator: Any) -> None:
                if generator.settings is pelican.settings:
                    for page in [*generator.pages, *generator.hidden_pages]:
                        counted[page.lang] = counted.get(page.lang, 0) + 1

            signals.page_generator_finalized.connect(count_pages)
            try:
                pelican.run()
            finally:
                signals.page_generator_finalized.disconnect(count_pages)
            _carry_over(output, staging, settings)
            _swap(staging, output)
    except (_Stop, KeyboardInterrupt) as stop:
        _tidy_up(staging, workers_before)
        reason = f"stopped by {stop if isinstance(stop, _Stop) else 'SIGINT'}"
        raise BuildInterrupted(_unchanged(reason, had_output, configured)) from None
    except Exception as error:
        _tidy_up(staging, workers_before)
        # One line saying why; a strict translation check adds one line per problem.
        reason, *details = _lines(error, configured)
        raise BuildFailed("\n".join([_unchanged(reason, had_output, configured), *details])) from error
    finally:
        root.removeHandler(console)
    # Pages per language, in the order of the site's languages.
    order = settings.get("COLLAB_LANGUAGES") or []
    counts = {code: counted.pop(code, 0) for code in order} | counted
    return BuildReport(configured, counts, time.perf_counter() - started, console.warnings)


def _unchanged(reason: str, had_output: bool, configured: Path) -> str:
    return f"{reason} ({display_path(configured)} left unchanged)" if had_output else reason


def _tidy_up(staging: Path | None, workers_before: set[Any]) -> None:
    """After a failed build: no process of it left (its workers first, since they
    may still write into the staging folder), then no staging folder."""
    for process in set(multiprocessing.active_children()) - workers_before:
        process.terminate()
        process.join(2)
        if process.is_alive():
            process.kill()
            process.join()
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _signals_stop_the_build() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`_Stop` in the build (once: the tidying up
    that follows is not interrupted again). Only the main thread gets signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping: list[int] = []

    def stop(number: int, frame: Any) -> None:
        if not stopping:
            stopping.append(number)
            raise _Stop(number)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class _Console(logging.Handler):
    """Prints each warning and error logged during the build as one line, and counts the warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        # Pelican logs a source it could not read, and goes on; the plugin then
        # stops the build with one line saying which file and why.
        if record.msg == "Could not process %s" and record.name.startswith("pelican."):
            return
        try:
            message = " ".join(record.getMessage().split())
        except Exception:  # a record whose arguments do not fit its message
            message = " ".join(str(record.msg).split())
        if record.levelno >= logging.ERROR:
            print(f"error: {message}", file=sys.stderr, flush=True)
        else:
            self.warnings += 1
            print(f"warning: {message}", file=sys.stderr, flush=True)


def _lines(error: BaseException, output: Path) -> list[str]:
    if isinstance(error, CollabError):
        return [" ".join(line.split()) for line in str(error).splitlines()] or [""]
    if isinstance(error, OSError) and not isinstance(error, TemplateError) and not error.filename:
        # A full disk, say, while copying: the folder it was writing.
        return [f"{display_path(output)}: {error.strerror or error}"]
    return [one_line(error)]


def _refuse_unusable_output(settings: dict[str, Any], output: Path, configured: Path) -> None:
    """The output folder is replaced as a whole, so it must be a folder and hold nothing but the output."""
    if output.exists() and not output.is_dir():
        raise CollabError(
            f"OUTPUT_PATH: {display_path(configured)} is a file, not a folder; a build replaces "
            "the output folder as a whole, so move the file away or give OUTPUT_PATH another name"
        )
    _refuse_shared_output(settings, output)


def _refuse_shared_output(settings: dict[str, Any], output: Path) -> None:
    """The output folder is replaced as a whole, so it must hold nothing but the output."""
    content = Path(os.path.realpath(settings["PATH"]))
    here = Path.cwd().resolve()
    for what, path in (("the content folder", content), ("the working directory", here)):
        if path == output or output in path.parents:
            raise CollabError(
                f"OUTPUT_PATH: {output} holds {what}; a build replaces the whole output folder, "
                "so give it a folder of its own (e.g. OUTPUT_PATH = 'output')"
            )


def _staging_folder(output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}{STAGING_INFIX}", dir=output.parent))
    # mkdtemp makes the folder private (0700); the output must stay readable by a web server.
    if output.is_dir():
        mode = output.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o777 & ~umask
    os.chmod(staging, mode)
    return staging


def _carry_over(old: Path, new: Path, settings: dict[str, Any]) -> None:
    """Keep from the previous output only what Pelican keeps when it cleans it:
    the top-level names in ``OUTPUT_RETENTION`` (a ``.git`` folder, ``CNAME``…)."""
    if not old.is_dir():
        return
    for name in settings.get("OUTPUT_RETENTION", []):
        source = old / name
        if (source.exists() or source.is_symlink()) and not _exists(new / name):
            _copy(source, new / name)


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _copy(source: Path, target: Path) -> None:
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True)
    else:
        shutil.copy2(source, target, follow_symlinks=False)


def _swap(staging: Path, output: Path) -> None:
    """Put the staging folder in the output's place; the old output is then deleted."""
    if not _exists(output):
        os.rename(staging, output)
        return
    if _exchange(staging, output):  # one atomic step: a web server never sees a missing folder
        shutil.rmtree(staging, ignore_errors=True)
        return
    previous = Path(tempfile.mkdtemp(prefix=f".{output.name}{PREVIOUS_INFIX}", dir=output.parent))
    previous.rmdir()
    os.rename(output, previous)
    try:
        os.rename(staging, output)
    except OSError:
        os.rename(previous, output)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


def require_built_site(output: Path) -> None:
    """Refuse, in one line, to check, serve or publish a folder no build has written."""
    if not (output / "index.html").is_file():
        raise CollabError(f"{display_path(output)}: no built site here (run `invoke build` first)")


def leftovers(output: Path) -> list[Path]:
    """Staging folders (or a file swapped out by an older version) that an
    interrupted build left beside the output."""
    parent, name = output.parent, output.name
    if not parent.is_dir():
        return []
    prefixes = (f".{name}{STAGING_INFIX}", f".{name}{PREVIOUS_INFIX}")
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefixes))


def remove_leftovers(output: Path) -> int:
    """Remove what :func:`leftovers` finds (for ``invoke clean``); how many there were."""
    found = leftovers(output)
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    return len(found)
