"""Run one Pelican build from a settings file and report it in one line.

Used by the invoke tasks and the ``pelican-collab`` command so that bad input
ends in a single line naming the file, not a traceback.

Builds are atomic: Pelican writes into a staging folder beside the output
(``.output.building-…``), and only a build that finished without error
replaces the output, in one rename. A failed build deletes its staging folder
and leaves the previous output exactly as it was.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import Pelican, signals

from ..errors import CollabError, display_path
from ..site.settings import read_site_settings
from .kept import REPLACES_SETTING

#: Staging folders beside the output: ``.output.building-x1y2`` (``invoke clean`` removes leftovers).
STAGING_INFIX = ".building-"
PREVIOUS_INFIX = ".previous-"


class BuildFailed(CollabError):
    """The build stopped; the output is as it was before. ``str()`` starts with one line: why."""


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
    return read_site_settings(settings_file, overrides or {})


def build(
    settings_file: str | Path = "pelicanconf.py", overrides: dict[str, Any] | None = None
) -> BuildReport:
    """Build the site atomically; raises :class:`BuildFailed` (a ``CollabError``) on bad input."""
    started = time.perf_counter()
    settings = load_settings(settings_file, overrides)
    configured = Path(settings["OUTPUT_PATH"])
    output = Path(os.path.realpath(configured))  # a symlinked output is replaced where it points
    _refuse_shared_output(settings, output)
    had_output = output.exists()
    staging = _staging_folder(output)
    settings["OUTPUT_PATH"] = str(staging)
    settings[REPLACES_SETTING] = str(output)  # where unchanged pages are kept from (see reuse.py)
    counted: dict[str, int] = {}

    def count_pages(generator: Any) -> None:
        if generator.settings is pelican.settings:
            for page in [*generator.pages, *generator.hidden_pages]:
                counted[page.lang] = counted.get(page.lang, 0) + 1

    signals.page_generator_finalized.connect(count_pages)
    try:
        pelican = Pelican(settings)
        pelican.run()
        _carry_over(output, staging, settings)
        _swap(staging, output)
    except Exception as error:
        shutil.rmtree(staging, ignore_errors=True)
        # One line saying why; a strict translation check adds one line per problem.
        reason, *details = _lines(error)
        if had_output:
            reason += f" ({display_path(configured)} left unchanged)"
        raise BuildFailed("\n".join([reason, *details])) from error
    except BaseException:  # Ctrl-C: tidy up, change nothing
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        signals.page_generator_finalized.disconnect(count_pages)
    # Pages per language, in the order of the site's languages.
    order = settings.get("COLLAB_LANGUAGES") or []
    counts = {code: counted.pop(code, 0) for code in order} | counted
    return BuildReport(configured, counts, time.perf_counter() - started)


def _lines(error: BaseException) -> list[str]:
    if isinstance(error, CollabError):
        return [" ".join(line.split()) for line in str(error).splitlines()] or [""]
    return [" ".join(f"{type(error).__name__}: {error}".split())]


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
    """Keep from the previous output what Pelican itself would have kept.

    With ``DELETE_OUTPUT_DIRECTORY`` only the top-level names in
    ``OUTPUT_RETENTION``; without it (Pelican's default: it writes over the old
    output) every file this build did not write.
    """
    if not old.is_dir():
        return
    if settings.get("DELETE_OUTPUT_DIRECTORY"):
        for name in settings.get("OUTPUT_RETENTION", []):
            source = old / name
            if (source.exists() or source.is_symlink()) and not _exists(new / name):
                _copy(source, new / name)
        return
    _merge(old, new)


def _merge(old: Path, new: Path) -> None:
    for entry in os.scandir(old):
        source, target = Path(entry.path), new / entry.name
        if not _exists(target):
            _copy(source, target)
        elif entry.is_dir(follow_symlinks=False) and target.is_dir() and not target.is_symlink():
            _merge(source, target)


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


def leftover_folders(output: Path) -> list[Path]:
    """Staging folders an interrupted build left beside the output (for ``invoke clean``)."""
    parent, name = output.parent, output.name
    if not parent.is_dir():
        return []
    prefixes = (f".{name}{STAGING_INFIX}", f".{name}{PREVIOUS_INFIX}")
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefixes) and p.is_dir())
