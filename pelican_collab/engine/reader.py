"""Pelican's Markdown reader, with every page source converted on every core.

When the pages generator is set up, :func:`prepare_pages` lists the sources
Pelican is about to read; the first time Pelican reads one of them, each is
converted by Pelican's own ``MarkdownReader.read()``, in worker processes and
in the build's own, with metadata processing left out (:class:`_RawMetadata`).
(Not at once: the build's background helpers, started when the run is made
in between, are forked before the build holds every page's HTML.) Converted,
each comes back as its HTML and the metadata values as Pelican found them in
the file, which pickle. When Pelican then reads the file, our
:class:`MarkdownReader` hands out that HTML and processes the values here,
through Pelican's ``process_metadata``, exactly as ``read()`` would have: so
processed values (dates, authors, …) never cross a process boundary, and a
value Pelican cannot use fails here, with its file and line.

A file a worker could not convert is simply not prepared: Pelican's read then
converts it itself and meets the error in the build's own process.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import readers as pelican_readers

from ..errors import MetadataError, display_path
from . import workers

logger = logging.getLogger(__name__)

#: What a worker hands back for one source: its HTML and its raw metadata.
Converted = tuple[str, dict[str, Any]]


class MarkdownReader(pelican_readers.MarkdownReader):
    """Pelican's Markdown reader, handing out prepared results, naming metadata errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepared: dict[str, Converted] = {}
        # The sources still to convert on every core before Pelican's first read.
        self.batch: _Batch | None = None

    def hand_over(self, path: str, converted: Converted) -> None:
        """Keep a worker's result for the moment Pelican reads ``path``."""
        self._prepared[path] = converted

    def process_metadata(self, name: str, value: Any) -> Any:
        """Pelican's processing of one metadata value; a value it cannot use is an
        error that names the metadata key, so that the message can point at its line."""
        try:
            return super().process_metadata(name, value)
        except Exception as error:
            raise MetadataError(name, f"{name.capitalize()}: {error}") from None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        if self.batch is not None:
            self.batch.convert()
        prepared = self._prepared.pop(source_path, None)
        if prepared is None:
            return super().read(source_path)
        content, raw = prepared
        return content, {name: self.process_metadata(name, value) for name, value in raw.items()}


class _RawMetadata(pelican_readers.MarkdownReader):
    """Pelican's Markdown reader with metadata left as found: processed later, by the build."""

    def process_metadata(self, name: str, value: Any) -> Any:
        return value


def install_readers(readers: Any) -> None:
    """On ``readers_init``: our reader for every extension Pelican's Markdown reader has."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is pelican_readers.MarkdownReader:
            readers.reader_classes[extension] = MarkdownReader


def prepare_pages(generator: Any, count: int, timeout: float) -> None:
    """On ``page_generator_init``: convert the page sources Pelican is about to read, on ``count`` workers."""
    if count < 2 or not workers.can_fork():
        return
    readers = generator.readers
    wanted: dict[str, MarkdownReader] = {}
    for relative in generator.get_files(
        generator.settings["PAGE_PATHS"], exclude=generator.settings["PAGE_EXCLUDES"]
    ):
        reader = readers.readers.get(relative.rsplit(".", 1)[-1])
        path = os.path.abspath(os.path.join(generator.path, relative))
        # What Pelican's content cache already holds it does not read again.
        if (
            isinstance(reader, MarkdownReader)
            and generator.get_cached_data(relative, None) is None
            and readers.get_cached_data(path, None) is None
        ):
            wanted[path] = reader
    if len(wanted) < 2:
        return
    batch = _Batch(wanted, count, timeout)
    for reader in set(wanted.values()):
        reader.batch = batch


class _Batch:
    """The sources to convert on every core when Pelican first reads one of them."""

    def __init__(self, wanted: dict[str, MarkdownReader], count: int, timeout: float) -> None:
        self._wanted, self._count, self._timeout = wanted, count, timeout

    def convert(self) -> None:
        wanted = self._wanted
        for reader in set(wanted.values()):
            reader.batch = None  # converted once, whichever reader asks first
        # Every Markdown reader has the same settings: any one's will do.
        raw = _RawMetadata(next(iter(wanted.values())).settings)

        def convert(path: str) -> Converted | None:
            try:
                return raw.read(path)
            except Exception:  # Pelican's read converts it again and raises the real error
                return None

        paths = list(wanted)
        results = workers.run_shared(
            paths, convert, min(self._count, len(paths)), self._timeout, display_path
        )
        for path, converted in zip(paths, results, strict=True):
            if converted is not None:
                wanted[path].hand_over(path, converted)
