"""Gettext PO: write an export, read a returned file (Weblate, Poedit, Crowdin …).

One message per unit, its context ``<original>#<unit id>``. PO has no inline
codes, so they are numbered tags: ``<1>…</1>`` around text (emphasis, a
link), ``<2/>`` standing alone (a code span, a line break, an image); keep
each exactly once. An approved unit has its translation; a changed one its
previous translation, marked fuzzy, with the earlier original as the
previous msgid (``#|``); notes are extracted comments (``#.``). What an import
needs about each page, the original at export included, is one JSON line per
page in the header comment.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from ... import __version__
from .markdown import Code, Content
from .model import TOOL, ExchangeError, ReadPage, ReadUnit, Ref, carried_metadata, pack
from .plan import FINAL, PageExport
from .xliff2 import unit_notes

_HEADER = "pelican-collab-page: "
_TAG = re.compile(r"<(/?)(\d+)(/?)>")


def encode(content: Content) -> str:
    out = []
    for item in content:
        if isinstance(item, str):
            out.append(item)
        elif item.kind == "open":
            out.append(f"<{item.id}>")
        elif item.kind == "close":
            out.append(f"</{item.id}>")
        else:
            out.append(f"<{item.id}/>")
    return "".join(out)


def decode(text: str) -> list:
    items: list = []
    position = 0
    for match in _TAG.finditer(text):
        if match.start() > position:
            items.append(text[position : match.start()])
        closing, number, empty = match.groups()
        if closing and empty:
            items.append(match.group(0))
        else:
            items.append(Ref("close" if closing else "ph" if empty else "open", number))
        position = match.end()
    if position < len(text):
        items.append(text[position:])
    return items


def write(exports: list[PageExport], source_language: str, language: str) -> bytes:
    lines = [f"# Translations from {source_language} into {language}, exported by {TOOL} {__version__}."]
    lines.append("# Keep every <n>…</n> and <n/> tag exactly once; do not edit the lines below.")
    for exported in exports:
        data = carried_metadata(exported) | {"text": exported.text, "source-language": source_language}
        lines.append(f"# {_HEADER}{pack(data)}")
    catalog = Catalog(
        locale=language.replace("-", "_"),
        project=TOOL,
        version=__version__,
        header_comment="\n".join(lines),
        fuzzy=False,
    )
    for exported in exports:
        for entry in exported.entries:
            unit = entry.unit
            line = exported.page.blocks[unit.block].start + 1
            if entry.state == FINAL:
                string, flags, previous = encode(entry.target or ()), [], None
            elif entry.previous is not None:
                string, flags = encode(entry.previous), ["fuzzy"]
                previous = encode(entry.previous_source) if entry.previous_source is not None else None
            else:
                string, flags, previous = "", [], None
            catalog.add(
                encode(unit.content),
                string=string,
                context=f"{exported.source}#{unit.id}",
                locations=[(exported.source, line)],
                auto_comments=[f"{category}: {text}" for category, text in unit_notes(entry, exported)],
                flags=flags,
                previous_id=previous,
            )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True, sort_output=False)
    return buffer.getvalue()


def read(path: Path, data: bytes) -> list[ReadPage]:
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        raise ExchangeError(
            path, getattr(error, "lineno", None), "(file)", f"not a valid PO file ({error})"
        ) from None
    language = str(catalog.locale).replace("_", "-") if catalog.locale else ""
    for _, name_value in enumerate(catalog.mime_headers):
        if name_value[0].lower() == "language" and name_value[1]:
            language = name_value[1].replace("_", "-")
    pages: dict[str, ReadPage] = {}
    for line in (catalog.header_comment or "").splitlines():
        text = line.lstrip("# ")
        if text.startswith(_HEADER):
            try:
                data_ = json.loads(text[len(_HEADER) :])
            except json.JSONDecodeError:
                raise ExchangeError(
                    path, None, "(file)", "the pelican-collab header line is damaged"
                ) from None
            carried = {key: str(value) for key, value in data_.items() if key != "text"}
            pages[carried.get("source", "")] = ReadPage(
                file=path,
                line=None,
                source_language=carried.get("source-language", ""),
                language=language,
                carried=carried,
                text=str(data_.get("text", "")),
            )
    if not pages:
        raise ExchangeError(path, None, "(file)", "no pelican-collab header lines: not exported by it")
    for message in catalog:
        if not message.id:
            continue
        context = message.context or ""
        source, _, unit_id = context.rpartition("#")
        page = pages.get(source)
        if page is None:
            raise ExchangeError(
                path, message.lineno, unit_id or context, f"belongs to no exported page ({source})"
            )
        translated = bool(message.string) and not message.fuzzy
        source_items = decode(str(message.id))
        target = decode(str(message.string)) if translated else None
        if unit_id in page.units:
            raise ExchangeError(path, message.lineno, unit_id, "the unit occurs twice")
        page.units[unit_id] = ReadUnit(unit_id, message.lineno, source_items, target)
        page.order.append(unit_id)
    return list(pages.values())


__all__ = ["Code", "decode", "encode", "read", "write"]
