"""pelican-collab: one Pelican run renders a multilingual narrative site.

Add ``PLUGINS = ["pelican_collab"]`` and ``THEME = theme_path()`` to a
pelicanconf; put each language's Markdown in ``content/<lang>/``.

:func:`register` wires Pelican's signals to :mod:`pelican_collab.run`, where
Pelican makes one :class:`~pelican_collab.run.Run` per build: the plugin's
only state.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files

from pelican import signals

from . import run
from .errors import CollabError

try:
    __version__ = version("pelican-collab")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["CollabError", "__version__", "register", "theme_path"]


def theme_path() -> str:
    """The folder of the bundled theme, for ``THEME = theme_path()``."""
    return str(files("pelican_collab") / "theme")


def register() -> None:
    signals.initialized.connect(run.on_initialized)
    signals.get_generators.connect(run.on_get_generators)
    signals.get_writer.connect(run.on_get_writer)
    signals.readers_init.connect(run.on_readers_init)
    signals.page_generator_init.connect(run.on_page_generator_init)
    signals.page_generator_context.connect(run.on_page_generator_context)
    signals.content_object_init.connect(run.on_content_object_init)
    signals.generator_init.connect(run.on_generator_init)
    signals.all_generators_finalized.connect(run.on_all_generators_finalized)
