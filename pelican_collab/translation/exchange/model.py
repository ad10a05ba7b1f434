"""What every exchange format reads back: pages, units, their source and target, and its errors.

The XLIFF 2.1, XLIFF 1.2 and PO readers each turn a returned file into these
plain records; :mod:`.importer` checks them against the original the file was
exported from and writes the translations. A code in a read unit is a
:class:`Ref` to the source code with the same id, never Markdown.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import CollabError, display_path

#: The namespace and category of pelican-collab's own metadata in the files.
NAMESPACE = "urn:pelican-collab:exchange:1"
TOOL = "pelican-collab"
FORMATS = ("xliff2", "xliff1", "po")
SUFFIXES = {"xliff2": ".xlf", "xliff1": ".xlf", "po": ".po"}


class ExchangeError(CollabError):
    """A file that cannot be imported: ``<file>[:<line>]: <unit id>: <what>``."""

    def __init__(self, file: Path | str, line: int | None, unit: str, what: str) -> None:
        where = display_path(file) + (f":{line}" if line else "")
        super().__init__(f"{where}: {unit}: {what}")


@dataclass(frozen=True, slots=True)
class Ref:
    """An inline code in a read unit: ``open``, ``close`` or ``ph``, by the source code's id."""

    kind: str
    id: str


ReadItem = str | Ref


@dataclass(slots=True)
class ReadUnit:
    id: str
    line: int | None
    source: list[ReadItem]
    target: list[ReadItem] | None  # None: not translated
    translate: bool = True


@dataclass(slots=True)
class ReadPage:
    """One page of a returned file, with what the export carried about its original."""

    file: Path
    line: int | None
    source_language: str
    language: str  # the file's target language
    carried: dict[str, str]  # key, source, translation, language, status, digests
    text: str  # the original at export (the skeleton)
    units: dict[str, ReadUnit] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


def carried_metadata(exported) -> dict[str, str]:
    """What a file carries about a page, so an import can check it and stamp against it."""
    return {
        "key": exported.key,
        "source": exported.source,
        "translation": exported.translation or "",
        "language": exported.language,
        "status": exported.status,
        "digests": " ".join(section.digest for section in exported.sections),
        "text-digest": text_digest(exported.text),
    }


def text_digest(text: str) -> str:
    return hashlib.sha256(_lines(text).encode("utf-8")).hexdigest()[:16]


def _lines(text: str) -> str:
    return "\n".join(text.splitlines())


def file_id(exported) -> str:
    """An XML NMTOKEN for a page: its translation key, made safe."""
    return "f-" + re.sub(r"[^\w.-]", "_", exported.key)


def pack(data: dict[str, str]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def last_unit_before(text: str, line: int) -> str:
    """The id of the last unit opened before ``line`` (for a file cut off inside it)."""
    head = "\n".join(text.splitlines()[:line])
    found = re.findall(r"<(?:unit|trans-unit)\b[^>]*?\bid=\"([^\"]+)\"", head)
    return found[-1] if found else "(no unit)"
