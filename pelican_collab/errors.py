"""The one exception the plugin raises for bad input."""


class CollabError(Exception):
    """Bad settings or content: the message is a single line naming the culprit.

    Raised from Pelican signal handlers so that the build stops before anything
    is written; :mod:`pelican_collab.build` prints it as one line and exits 1.
    """
