"""The one exception the plugin raises for bad input, and how errors are told to people."""

from __future__ import annotations

import os
import traceback

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError


class CollabError(Exception):
    """Bad settings or content: the message is a single line naming the culprit.

    Raised from Pelican signal handlers so that the build stops before anything
    is written; :mod:`pelican_collab.engine.build` prints it as one line and exits 1.
    """


def display_path(path: str | os.PathLike[str]) -> str:
    """A file as people name it in messages: relative to the working directory if inside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative


class MetadataError(CollabError):
    """A metadata value Pelican could not use; ``key`` names the header line to point at."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def one_line(error: BaseException) -> str:
    """An error as one line that names the file (and line) where people can mend it.

    Our own messages stay as they are; a template error names the template
    file and line (Jinja's own message spreads them over three lines, and an
    error while rendering names neither); a failed file operation names the
    file. Anything else is its type and message.
    """
    if isinstance(error, CollabError):
        return _joined(str(error))
    if isinstance(error, TemplateSyntaxError):
        where = error.filename or error.name
        if where:
            return _joined(f"{display_path(where)}:{error.lineno}: {error.message}")
    frame = _template_frame(error)
    if isinstance(error, TemplateNotFound):
        what = f"template {error.name!r} not found"
    elif isinstance(error, TemplateError):
        what = str(error)
    elif isinstance(error, OSError) and error.filename and frame is None:
        return _joined(f"{display_path(error.filename)}: {error.strerror or error}")
    else:
        what = f"{type(error).__name__}: {error}"
    return _joined(f"{frame}: {what}" if frame else what)


def _template_frame(error: BaseException) -> str | None:
    """``file:line`` of the innermost template the error passed through, if any.

    Jinja rewrites a rendering error's traceback so that each template shows
    as a frame with the template's own file and line; Python modules end in ``.py``.
    """
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        name = frame.filename
        if not name.endswith((".py", ".pyc", ">")) and os.path.isfile(name):
            return f"{display_path(name)}:{frame.lineno}"
    return None


def _joined(text: str) -> str:
    return " ".join(text.split())
