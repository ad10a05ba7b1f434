"""A Markdown page's metadata header, read straight from its file.

The header is the ``Key: value`` lines up to the first other line, as
Python-Markdown's ``meta`` extension (and so Pelican) reads it. Reading it
directly lets messages point at a line, and lets the translation tools group
pages without a Pelican run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from ..errors import CollabError, display_path

#: ``Translation-Status: placeholder`` marks a translation that is not one yet
#: (``pelican-collab init`` writes such pages): it is published as a stand-in
#: and reported as missing until a translator replaces it and stamps it.
TRANSLATION_STATUS = "translation-status"
PLACEHOLDER = "placeholder"

_HEADER_LINE = re.compile(r"\s*([A-Za-z][\w-]*)\s*:(.*)")


def header_lines(lines: Iterable[str]) -> list[tuple[int, str, str]]:
    """``(line number, lower-cased key, value)`` for each header line."""
    found = []
    for number, line in enumerate(lines, start=1):
        match = _HEADER_LINE.match(line)
        if not line.strip() or not match:
            break
        found.append((number, match.group(1).lower(), " ".join(match.group(2).split())))
    return found


def metadata_lines(path: str) -> list[tuple[int, str, str]]:
    """The header lines of a page's file; none when it cannot be read as UTF-8 text."""
    try:
        with open(path, encoding="utf-8-sig") as handle:  # a byte order mark is no part of the header
            return header_lines(handle)
    except (OSError, UnicodeDecodeError):
        return []


def read_page_text(path: str | os.PathLike[str]) -> str:
    """A page's text, as Pelican reads it (UTF-8, a byte order mark dropped, any line ends)."""
    return read_utf8(path).replace("\r\n", "\n").replace("\r", "\n")


def read_utf8(path: str | os.PathLike[str]) -> str:
    """A file the editors write (a page, the contacts, the stamps) as text: UTF-8, a
    byte order mark from Windows editors dropped. Another encoding is an error naming
    the line of the first bad byte; a file that cannot be read raises ``OSError``."""
    raw = open(path, "rb").read()  # noqa: SIM115 (read at once)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CollabError(
            f"{display_path(path)}:{line}: is not UTF-8 text (byte {raw[error.start]:#04x}); save it as UTF-8"
        ) from None


def metadata_line(path: str, key: str) -> int | str:
    """The line of a metadata key in the page's header, or '?' when it is not there."""
    wanted = key.lower().replace("_", "-")
    for number, name, _ in metadata_lines(path):
        if name.replace("_", "-") == wanted:
            return number
    return "?"


def value_line(path: str, value: str) -> int | None:
    """The header line whose value is ``value`` (to point at a bad ``Date:``)."""
    wanted = " ".join(value.split())
    for number, _, text in metadata_lines(path):
        if text == wanted:
            return number
    return None


def is_placeholder(metadata: dict[str, object]) -> bool:
    """Whether a page's metadata (as Pelican or :func:`header_lines` reads it) marks it a placeholder."""
    value = metadata.get(TRANSLATION_STATUS, metadata.get(TRANSLATION_STATUS.replace("-", "_")))
    return str(value or "").strip().lower() == PLACEHOLDER
