"""The one exception the plugin raises for bad input, and how it names files."""

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
