"""Pelican's Markdown reader, converting every page source on every core."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from typing import Any

from markdown import Markdown
from pelican import readers as pelican_readers
from pelican.utils import pelican_open

from ..errors import MetadataError
from . import workers

logger = logging.getLogger(__name__)


class _Converter:
    """One reusable Markdown instance (and a second one for metadata fields)."""

    def __init__(self, config: dict[str, Any], formatted_fields: Iterable[str]) -> None:
        self._config = config
        self._formatted_fields = set(formatted_fields)
        self._document: Markdown | None = None
        self._field: Markdown | None = None

    def convert(self, path: str) -> tuple[str, dict, dict[str, str]]:
        """HTML, the raw metadata (name → lines) and the HTML of the formatted fields."""
        if self._document is None:
            self._document = Markdown(**self._config)
        document = self._document.reset()
        with pelican_open(path) as text:
            content = document.convert(text)
        meta = dict(getattr(document, "Meta", {}))
        formatted = {}
        for name, lines in meta.items():
            if name.lower() in self._formatted_fields:
                formatted[name] = self._convert_field("\n".join(lines))
        return content, meta, formatted

    def _convert_field(self, text: str) -> str:
        # A metadata field is Markdown without metadata of its own.
        if self._field is None:
            self._field = Markdown(**self._config)
            self._field.preprocessors.deregister("meta")
        return self._field.reset().convert(text)


class MarkdownReader(pelican_readers.MarkdownReader):
    """Pelican's Markdown reader, handing out prepared results and reusing its Markdown instance."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.converter = _Converter(self.settings["MARKDOWN"], self.settings["FORMATTED_FIELDS"])
        self._prepared: dict[str, tuple[str, dict, dict[str, str]]] = {}

    def hand_over(self, path: str, converted: tuple[str, dict, dict[str, str]]) -> None:
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
        self._source_path = source_path
        converted = self._prepared.pop(source_path, None)
        if converted is None:
            converted = self.converter.convert(source_path)
        content, meta, formatted = converted
        return content, self._metadata(meta, formatted)

    def _metadata(self, meta: dict[str, list[str]], formatted: dict[str, str]) -> dict[str, Any]:
        """Pelican's rules for Markdown metadata: formatted fields as HTML, one
        value where only one is allowed, a list where a name is repeated."""
        metadata = {}
        for name, values in meta.items():
            key = name.lower()
            if name in formatted:
                metadata[key] = self.process_metadata(key, formatted[name])
            elif len(values) > 1 and not pelican_readers.DUPLICATES_DEFINITIONS_ALLOWED.get(key, True):
                logger.warning(
                    "Duplicate definition of `%s` for %s. Using first one.", key, self._source_path
                )
                metadata[key] = self.process_metadata(key, values[0])
            else:
                metadata[key] = self.process_metadata(key, values if len(values) > 1 else values[0])
        return metadata


def install_readers(readers: Any) -> None:
    """On ``readers_init``: our reader for every extension Pelican's Markdown reader has."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is pelican_readers.MarkdownReader:
            readers.reader_classes[extension] = MarkdownReader


def prepare_pages(generator: Any, count: int) -> None:
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
    # Every Markdown reader has the same settings: any one's converter will do.
    converter = next(iter(wanted.values())).converter

    def convert_share(share: Sequence[str]) -> dict[str, tuple[str, dict, dict[str, str]]]:
        converted = {}
        for path in share:
            try:
                converted[path] = converter.convert(path)
            except Exception:  # read() converts it again and raises the real error
                continue
        return converted

    for _share, result in workers.run_shared(list(wanted), convert_share, min(count, len(wanted))):
        for path, converted in (result or {}).items():
            wanted[path].hand_over(path, converted)
