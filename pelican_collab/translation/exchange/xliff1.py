"""XLIFF 1.2 (strict): write an export, read a returned file.

For tools that do not read XLIFF 2 yet. One ``<file>`` per page: the
original's Markdown in ``<header><skl><internal-file>``, what an import needs
as JSON in ``<header><reference><internal-file form="application/json">``.
One ``<group>`` per section, one ``<trans-unit>`` per unit, its sentences as
``<mrk mtype="seg">`` in ``<seg-source>``. Inline Markdown is ``<g>`` (a pair)
or ``<x/>`` (a placeholder); approved units have ``approved="yes"`` and a
``state="final"`` target, changed ones their previous translation in
``<alt-trans>``.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from ... import __version__
from .markdown import Code, Content, segments
from .model import TOOL, ExchangeError, ReadPage, ReadUnit, Ref, carried_metadata, pack
from .plan import FINAL, PageExport
from .xliff2 import _indent, similarity, unit_notes, unit_segments, write_inline

XLF = "urn:oasis:names:tc:xliff:document:1.2"
_G_TYPES = {"strong": "bold", "emphasis": "italic", "link": "link"}
_X_TYPES = {"image": "image", "line break": "lb"}


def _q(name: str) -> str:
    return f"{{{XLF}}}{name}"


def write(exports: list[PageExport], source_language: str, language: str) -> bytes:
    root = etree.Element(_q("xliff"), nsmap={None: XLF}, version="1.2")
    for exported in exports:
        file = etree.SubElement(
            root,
            _q("file"),
            {
                "original": exported.source,
                "source-language": source_language,
                "target-language": language,
                "datatype": "x-markdown",
            },
        )
        header = etree.SubElement(file, _q("header"))
        skeleton = etree.SubElement(
            etree.SubElement(header, _q("skl")), _q("internal-file"), form="text/markdown"
        )
        skeleton.text = exported.text
        etree.SubElement(
            header, _q("tool"), {"tool-id": TOOL, "tool-name": TOOL, "tool-version": __version__}
        )
        reference = etree.SubElement(header, _q("reference"))
        etree.SubElement(reference, _q("internal-file"), form="application/json").text = pack(
            carried_metadata(exported)
        )
        etree.SubElement(
            header, _q("note"), {"from": TOOL}
        ).text = f"Page: {exported.page.title} ({exported.source}); status: {exported.status}"
        body = etree.SubElement(file, _q("body"))
        groups: dict[int, etree._Element] = {}
        for entry in exported.entries:
            unit = entry.unit
            if unit.section not in groups:
                groups[unit.section] = etree.SubElement(
                    body, _q("group"), id=f"s{unit.section}", resname=unit.heading or exported.page.title
                )
            element = etree.SubElement(groups[unit.section], _q("trans-unit"), id=unit.id, resname=unit.kind)
            if not entry.translatable:
                element.set("translate", "no")
            if entry.state == FINAL:
                element.set("approved", "yes")
            _inline(etree.SubElement(element, _q("source")), unit.content)
            parts = unit_segments(entry)
            if len(parts) > 1:
                _segmented(etree.SubElement(element, _q("seg-source")), [(s, space) for s, _, space in parts])
            if entry.target is not None:
                target = etree.SubElement(element, _q("target"), state="final")
                if len(parts) > 1:
                    _segmented(target, [(t, space) for _, t, space in parts])  # type: ignore[misc]
                else:
                    _inline(target, entry.target)
            for category, text in unit_notes(entry, exported):
                etree.SubElement(element, _q("note"), {"from": f"{TOOL}:{category}"}).text = text
            if entry.previous is not None:
                before = entry.previous_source if entry.previous_source is not None else unit.content
                alt = etree.SubElement(
                    element,
                    _q("alt-trans"),
                    {
                        "match-quality": f"{similarity(before, unit.content):.0f}%",
                        "origin": "previous translation",
                    },
                )
                _inline(etree.SubElement(alt, _q("source")), before)
                _inline(etree.SubElement(alt, _q("target")), entry.previous)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _segmented(parent, parts: list[tuple[Content, str]]) -> None:
    last = None
    for number, (content, space) in enumerate(parts, start=1):
        mark = etree.SubElement(parent, _q("mrk"), mtype="seg", mid=str(number))
        _inline(mark, content)
        if space:
            mark.tail = space
        last = mark
    del last


def _inline(parent, content: Content) -> None:
    """Text and codes as XLIFF 1.2 inline content (pairs nest as ``<g>``, lone codes are ``<x/>``)."""

    def pair(code: Code) -> tuple[str, dict[str, str]]:
        close = next(i for i in content if isinstance(i, Code) and i.id == code.id and i.kind == "close")
        attributes = {"id": code.id, "ctype": _G_TYPES.get(code.name, f"x-{code.name.replace(' ', '-')}")}
        if close.title:
            attributes["xid"] = close.title
        return _q("g"), attributes

    def lone(code: Code) -> tuple[str, dict[str, str]]:
        attributes = {
            "id": code.id,
            "ctype": _X_TYPES.get(code.name, f"x-{code.name.replace(' ', '-')}"),
            "equiv-text": code.markup if code.name != "image" else f"![…]({code.href})",
        }
        if code.alt:
            attributes["xid"] = code.alt
        return _q("x"), attributes

    write_inline(parent, content, pair, lone)


# Reading -------------------------------------------------------------------------------------


def read(path: Path, root) -> list[ReadPage]:
    if root.get("version") != "1.2":
        raise ExchangeError(
            path, root.sourceline, "(file)", f"XLIFF version {root.get('version')!r} is not 1.2"
        )
    pages = []
    for file in root.iterfind(_q("file")):
        header = file.find(_q("header"))
        carried = None
        skeleton = ""
        if header is not None:
            for internal in header.iter(_q("internal-file")):
                parent = internal.getparent()
                if (
                    parent is not None
                    and parent.tag == _q("reference")
                    and internal.get("form") == "application/json"
                ):
                    try:
                        carried = json.loads(internal.text or "")
                    except json.JSONDecodeError:
                        carried = None
                elif parent is not None and parent.tag == _q("skl"):
                    skeleton = internal.text or ""
        if not isinstance(carried, dict):
            raise ExchangeError(
                path,
                file.sourceline,
                file.get("original", "(file)"),
                "no pelican-collab metadata: not exported by it",
            )
        page = ReadPage(
            file=path,
            line=file.sourceline,
            source_language=file.get("source-language", ""),
            language=file.get("target-language", ""),
            carried={key: str(value) for key, value in carried.items()},
            text=skeleton,
        )
        for unit in file.iter(_q("trans-unit")):
            unit_id = unit.get("id", "")
            source = unit.find(_q("source"))
            target = unit.find(_q("target"))
            if source is None:
                raise ExchangeError(path, unit.sourceline, unit_id, "<trans-unit> without <source>")
            source_items = read_inline(path, source, unit_id)
            translate = unit.get("translate", "yes") != "no"
            if target is None:
                target_items = None if translate else source_items
            else:
                target_items = read_inline(path, target, unit_id)
            if unit_id in page.units:
                raise ExchangeError(path, unit.sourceline, unit_id, "the unit occurs twice")
            page.units[unit_id] = ReadUnit(unit_id, unit.sourceline, source_items, target_items, translate)
            page.order.append(unit_id)
        pages.append(page)
    if not pages:
        raise ExchangeError(path, root.sourceline, "(file)", "no <file> element (truncated?)")
    return pages


def read_inline(path: Path, element, unit_id: str) -> list:
    items: list = []
    if element.text:
        items.append(element.text)
    for child in element:
        if not isinstance(child.tag, str):
            if child.tail:
                items.append(child.tail)
            continue
        name = etree.QName(child).localname
        code = child.get("id", "")
        if name == "g":
            items.append(Ref("open", code))
            items += read_inline(path, child, unit_id)
            items.append(Ref("close", code))
        elif name in ("x", "ph", "it"):
            items.append(Ref("ph", code))
        elif name == "bx":
            items.append(Ref("open", child.get("rid") or code))
        elif name == "ex":
            items.append(Ref("close", child.get("rid") or code))
        elif name == "mrk":
            items += read_inline(path, child, unit_id)
        else:
            raise ExchangeError(path, child.sourceline, unit_id, f"unexpected <{name}> in the text")
        if child.tail:
            items.append(child.tail)
    return items


__all__ = ["read", "segments", "write"]
