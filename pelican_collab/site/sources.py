"""Which files in the content folder are the site's: junk is ignored, links stay inside.

Editors' tools and operating systems leave files beside the pages: Emacs lock
files (``.#index.md``, often a dangling symlink), macOS resource forks
(``._index.md``), ``.DS_Store``, ``Thumbs.db``, backups (``index.md~``).
Pelican's own default ``IGNORE_FILES`` (``**/.*``) is compared with bare file
names and so matches none of them; while a site keeps that default, the
plugin adds patterns that do (:func:`ignore_patterns`). Pelican and every scan
of the plugin (the freshness check, the exchange with agencies) then skip the
same files, through :func:`is_ignored` and :func:`content_files`.

A symlink in the content folder that leads outside it would publish whatever
it points to; :func:`check_content_tree` stops the build instead, unless
``COLLAB_ALLOW_SYMLINKS_OUTSIDE_CONTENT`` says the site means it. It stops a
symlink loop, and a page named ``index.MD`` that Pelican would leave out, too.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pelican.settings import DEFAULT_CONFIG

from ..errors import CollabError, display_path

#: The names Pelican's Markdown reader reads (it compares them as they are written).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")

#: Bare-name patterns for what editors and operating systems leave behind:
#: hidden files (which include macOS's ``._*`` and ``.DS_Store``, Emacs's
#: ``.#*`` lock files and Vim's ``.*.swp``), Emacs's ``#*#`` auto-saves,
#: ``*~`` backups and Windows's ``Thumbs.db`` and ``desktop.ini``.
JUNK_FILES = (".*", "._*", ".#*", ".DS_Store", "#*#", "*~", "Thumbs.db", "desktop.ini")


def ignore_patterns(settings: dict[str, Any]) -> tuple[str, ...]:
    """The site's ``IGNORE_FILES``; Pelican's default gets :data:`JUNK_FILES` added."""
    # (Pelican itself replaces an IGNORE_FILES that is not a list by its default.)
    patterns = tuple(settings.get("IGNORE_FILES", DEFAULT_CONFIG["IGNORE_FILES"]))
    if list(patterns) == DEFAULT_CONFIG["IGNORE_FILES"]:
        patterns += JUNK_FILES
    return patterns


def is_ignored(name: str, patterns: Iterable[str]) -> bool:
    """Whether a file or folder name matches a pattern, as Pelican compares them."""
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def content_files(folder: Path, patterns: Iterable[str]) -> Iterator[Path]:
    """Every file below ``folder`` that Pelican would read, in a stable order.

    Ignored names are skipped, folders included, as Pelican skips them; like
    Pelican, symlinked folders are followed (those leading outside the content
    folder, and loops, stop a build: :func:`check_content_tree`); a loop
    is not gone round here.
    """
    patterns = tuple(patterns)
    for root, folders, files in os.walk(folder, followlinks=True):
        if _in_a_loop(Path(root), folder):
            folders[:] = []
            continue
        folders[:] = sorted(name for name in folders if not is_ignored(name, patterns))
        for name in sorted(files):
            path = Path(root, name)
            if not is_ignored(name, patterns) and path.is_file():
                yield path


def _in_a_loop(folder: Path, top: Path) -> bool:
    """Whether ``folder`` is, through a symlink, one of the folders it is in (below ``top``)."""
    real = os.path.realpath(folder)
    return any(os.path.realpath(top / parent) == real for parent in folder.relative_to(top).parents)


def check_content_tree(content: Path, patterns: Iterable[str], allow_outside: bool = False) -> None:
    """Stop the build at the first file below ``content`` that would be published wrongly.

    - a symlink that leads outside the content folder (unless ``allow_outside``:
      ``COLLAB_ALLOW_SYMLINKS_OUTSIDE_CONTENT``): it would publish whatever it
      points to;
    - a symlinked folder that contains the link (a loop): Pelican would read the
      same pages again under ever longer paths;
    - a page whose name ends in ``.MD`` (or another case of a Markdown suffix):
      Pelican would leave it out without a word.

    Ignored names are not looked at.
    """
    patterns = tuple(patterns)
    real_content = Path(os.path.realpath(content))
    for root, folders, files in os.walk(content):  # not following links: each is checked here
        folders[:] = sorted(name for name in folders if not is_ignored(name, patterns))
        real_root = Path(os.path.realpath(root))
        for name in [*folders, *sorted(files)]:
            path = Path(root, name)
            if is_ignored(name, patterns):
                continue
            suffix = path.suffix
            if suffix.lower() in MARKDOWN_SUFFIXES and suffix not in MARKDOWN_SUFFIXES:
                raise CollabError(
                    f"{display_path(path)}: Pelican reads only pages ending in {suffix.lower()} "
                    f"(lower case): rename it to {path.stem}{suffix.lower()}"
                )
            if not path.is_symlink():
                continue
            target = Path(os.path.realpath(path))
            outside = target != real_content and real_content not in target.parents
            if outside and not allow_outside:
                raise CollabError(
                    f"{display_path(path)}: is a symlink to {target}, outside the content folder; "
                    "copy the file in, or allow such links with COLLAB_ALLOW_SYMLINKS_OUTSIDE_CONTENT = True"
                )
            if target.is_dir() and (target == real_root or target in real_root.parents):
                raise CollabError(
                    f"{display_path(path)}: is a symlink to {display_path(target)}, a folder that "
                    "contains it; Pelican would read its pages again and again"
                )
