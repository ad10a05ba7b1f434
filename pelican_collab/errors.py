"""The one exception the plugin raises for bad input, and how it names files."""

import logging
import os


class CollabError(Exception):
    """Bad settings or content: the message is a single line naming the culprit.

    Raised from Pelican signal handlers so that the build stops before anything
    is written; :mod:`pelican_collab.build` prints it as one line and exits 1.
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


def drop_traceback(record: logging.LogRecord) -> bool:
    """A logging filter: a :class:`CollabError` is logged as its one line, without a traceback.

    Plain ``pelican`` logs whatever stopped the build with its traceback; for
    the plugin's own errors the message already says everything (the file,
    the line, what to do). Any other exception keeps its traceback.
    """
    if record.exc_info and isinstance(record.exc_info[1], CollabError):
        record.exc_info = None
        record.exc_text = None
    return True
