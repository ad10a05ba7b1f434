"""XLIFF 2.1: write an export, read a returned file.

One ``<file>`` per page: its ``<skeleton>`` holds the original's Markdown at
export, the Metadata module (``mda:``) what an import needs to check and
stamp (the page's key and paths, the status, each section's digest). One
``<group>`` per section, one ``<unit>`` per unit, one ``<segment>`` per
sentence (the spaces between in ``<ignorable>``). Inline Markdown is
``<pc>`` (a pair: emphasis, a link) or ``<ph>`` (a code span, a line break,
an image, inline HTML); an image's alt text and a link's title are units of
their own, named in the code's ``subFlows``. A changed unit's previous
translation is a Translation Candidates (``mtc:``) match.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from ... import __version__
from .markdown import Code, Content, plain_text, segments
from .model import TOOL, ExchangeError, ReadPage, ReadUnit, Ref, carried_metadata, file_id
from .plan import FINAL, STALE, Entry, PageExport

XLF = "urn:oasis:names:tc:xliff:document:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CATEGORY = "pelican-collab"
_STRUCTURE = {
    "xliff",
    "file",
    "group",
    "unit",
    "segment",
    "ignorable",
    "notes",
    "matches",
    "match",
    "metadata",
}
_STRUCTURE |= {"metaGroup", "originalData"}


def _q(name: str, namespace: str = XLF) -> str:
    return f"{{{namespace}}}{name}"


def write(exports: list[PageExport], source_language: str, language: str) -> bytes:
    root = etree.Element(
        _q("xliff"),
        nsmap={None: XLF, "mtc": MTC, "mda": MDA},
        version="2.1",
        srcLang=source_language,
        trgLang=language,
    )
    for exported in exports:
        _write_file(root, exported)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _write_file(root, exported: PageExport) -> None:
    file = etree.SubElement(root, _q("file"), id=file_id(exported), original=exported.source)
    skeleton = etree.SubElement(file, _q("skeleton"))
    skeleton.text = exported.text
    metadata = etree.SubElement(file, _q("metadata", MDA), id="pelican-collab")
    group = etree.SubElement(metadata, _q("metaGroup", MDA), category=CATEGORY)
    for key, value in carried_metadata(exported).items():
        etree.SubElement(group, _q("meta", MDA), type=key).text = value
    etree.SubElement(metadata, _q("metaGroup", MDA), category="tool").append(
        _meta("version", f"{TOOL} {__version__}")
    )
    notes = etree.SubElement(file, _q("notes"))
    _note(notes, "page", f"Page: {exported.page.title} ({exported.source}); status: {exported.status}")
    sections: dict[int, etree._Element] = {}
    for entry in exported.entries:
        unit = entry.unit
        if unit.section not in sections:
            sections[unit.section] = etree.SubElement(
                file, _q("group"), id=f"s{unit.section}", name=unit.heading or exported.page.title
            )
        _write_unit(sections[unit.section], entry, exported)


def _meta(kind: str, value: str):
    element = etree.Element(_q("meta", MDA), type=kind)
    element.text = value
    return element


def _note(parent, category: str, text: str) -> None:
    etree.SubElement(parent, _q("note"), category=category).text = text


def _write_unit(parent, entry: Entry, exported: PageExport) -> None:
    unit = entry.unit
    element = etree.SubElement(parent, _q("unit"), id=unit.id, name=unit.kind, type=f"collab:{unit.kind}")
    if not entry.translatable:
        element.set("translate", "no")
    parts = unit_segments(entry)
    if entry.previous is not None:
        matches = etree.SubElement(element, _q("matches", MTC))
        before = entry.previous_source if entry.previous_source is not None else unit.content
        match = etree.SubElement(
            matches,
            _q("match", MTC),
            ref="#s1",
            type="tm",
            origin=f"{TOOL}: the approved translation of an earlier original",
            similarity=f"{similarity(before, unit.content):.1f}",
        )
        _inline(etree.SubElement(match, _q("source")), before)
        _inline(etree.SubElement(match, _q("target")), entry.previous)
    notes = etree.SubElement(element, _q("notes"))
    for category, text in unit_notes(entry, exported):
        _note(notes, category, text)
    for number, (source, target, space) in enumerate(parts, start=1):
        segment = etree.SubElement(
            element, _q("segment"), id=f"s{number}", state="final" if entry.state == FINAL else "initial"
        )
        _inline(etree.SubElement(segment, _q("source")), source)
        if target is not None:
            _inline(etree.SubElement(segment, _q("target")), target)
        if space:
            ignorable = etree.SubElement(element, _q("ignorable"))
            etree.SubElement(ignorable, _q("source")).text = space


def unit_segments(entry: Entry) -> list[tuple[Content, Content | None, str]]:
    """``(source, target, space after)`` per segment: sentences where source and target agree."""
    content = entry.unit.content
    if entry.state == STALE:
        return [(content, None, "")]
    sources = segments(content)
    if entry.target is None:
        return [(source, None, space) for source, space in sources]
    targets = segments(entry.target)
    if len(targets) != len(sources) or any(
        sorted(_ids(s)) != sorted(_ids(t)) for (s, _), (t, _) in zip(sources, targets, strict=True)
    ):
        return [(content, entry.target, "")]
    return [(s, t, space) for (s, space), (t, _) in zip(sources, targets, strict=True)]


def _ids(content: Content) -> list[tuple[str, str]]:
    return [(item.id, item.kind) for item in content if isinstance(item, Code)]


def unit_notes(entry: Entry, exported: PageExport) -> list[tuple[str, str]]:
    """The context a translator sees with a unit: where it is, its terms, what changed."""
    unit = entry.unit
    where = {
        "heading": "heading",
        "paragraph": "paragraph",
        "item": "list item",
        "cell": "table cell",
        "alt": "alt text of an image (read aloud by screen readers)",
        "link-title": "title of a link or image (shown on hover)",
    }.get(unit.kind, f"page metadata {unit.kind.replace('_', ' ').capitalize()}")
    notes = [("location", f"{where}; page: {exported.page.title}; section: {unit.heading}")]
    state = {
        FINAL: "approved: the translation is up to date",
        STALE: "changed: the original changed since the approved translation (a candidate is attached)",
    }.get(entry.state, "new: not translated yet")
    notes.append(("state", state))
    for term in entry.glossary:
        notes.append(("glossary", term.describe(exported.source_language, exported.language)))
    if entry.diff:
        notes.append(("diff", "The original since the approved translation:\n" + entry.diff))
    return notes


def similarity(before: Content, now: Content) -> float:
    return 100.0 * difflib.SequenceMatcher(a=plain_text(before), b=plain_text(now), autojunk=False).ratio()


def _inline(parent, content: Content) -> None:
    """Text and codes as XLIFF 2 inline content (pairs nest as ``<pc>``)."""
    write_inline(
        parent,
        content,
        pair=lambda code: (_q("pc"), _code_attributes(code, content)),
        lone=lambda code: (_q("ph"), _code_attributes(code, content)),
    )


def write_inline(
    parent,
    content: Content,
    pair: Callable[[Code], tuple[str, dict[str, str]]],
    lone: Callable[[Code], tuple[str, dict[str, str]]],
) -> None:
    """Text and codes as inline XML content, for either XLIFF: a pair of codes
    nests the text between them in the element ``pair(opening code)`` names (tag
    and attributes), a lone code is the empty element ``lone(code)`` names."""
    stack = [parent]
    last = None  # the element whose tail takes the next text, or None for the current parent's text
    for item in content:
        if isinstance(item, str):
            if last is None:
                stack[-1].text = (stack[-1].text or "") + item
            else:
                last.tail = (last.tail or "") + item
        elif item.kind == "open":
            stack.append(etree.SubElement(stack[-1], *pair(item)))
            last = None
        elif item.kind == "close":
            last = stack.pop()
        else:
            last = etree.SubElement(stack[-1], *lone(item))


def _code_attributes(code: Code, content: Content) -> dict[str, str]:
    attributes = {"id": code.id, "type": code.type, "subType": f"collab:{code.name.replace(' ', '-')}"}
    attributes |= {"canCopy": "no", "canDelete": "no"}
    if code.kind == "ph":
        attributes["disp"] = _display(code)
        if code.name == "line break":
            attributes["equiv"] = "\n"
        if code.sub_flows:
            attributes["subFlows"] = " ".join(code.sub_flows)
    else:
        close = next(i for i in content if isinstance(i, Code) and i.id == code.id and i.kind == "close")
        attributes["dispStart"] = code.markup
        attributes["dispEnd"] = _display(close)
        if close.sub_flows:
            attributes["subFlowsEnd"] = " ".join(close.sub_flows)
    return attributes


def _display(code: Code) -> str:
    if code.name == "image":
        return f"![…]({code.href})"
    if code.name == "line break":
        return "↵"
    if code.kind == "close" and code.type == "link":
        return f"]({code.href})"
    return code.markup


def _indent(element, level: int = 0) -> None:
    """Line breaks and indentation between structural elements only, never inside text."""
    name = etree.QName(element).localname
    if name not in _STRUCTURE or len(element) == 0:
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level


# Reading -----------------------------------------------------------------------------------


def read(path: Path, root) -> list[ReadPage]:
    version = root.get("version", "")
    source_language = root.get("srcLang", "")
    language = root.get("trgLang", "")
    if not version.startswith("2."):
        raise ExchangeError(path, root.sourceline, "(file)", f"XLIFF version {version!r} is not 2.x")
    pages = []
    for file in root.iterfind(_q("file")):
        carried = _carried(path, file)
        skeleton = file.find(_q("skeleton"))
        page = ReadPage(
            file=path,
            line=file.sourceline,
            source_language=source_language,
            language=language,
            carried=carried,
            text=skeleton.text or "" if skeleton is not None else "",
        )
        for unit in file.iter(_q("unit")):
            read_unit = _read_unit(path, unit, language)
            if read_unit.id in page.units:
                raise ExchangeError(path, unit.sourceline, read_unit.id, "the unit occurs twice")
            page.units[read_unit.id] = read_unit
            page.order.append(read_unit.id)
        pages.append(page)
    if not pages:
        raise ExchangeError(path, root.sourceline, "(file)", "no <file> element (truncated?)")
    return pages


def _carried(path: Path, file) -> dict[str, str]:
    for group in file.iter(_q("metaGroup", MDA)):
        if group.get("category") == CATEGORY:
            return {meta.get("type", ""): meta.text or "" for meta in group.iterfind(_q("meta", MDA))}
    raise ExchangeError(
        path,
        file.sourceline,
        file.get("id", "(file)"),
        "no pelican-collab metadata: not exported by pelican-collab",
    )


def _read_unit(path: Path, unit, language: str) -> ReadUnit:
    unit_id = unit.get("id", "")
    source: list = []
    target: list | None = []
    for child in unit:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name not in ("segment", "ignorable") or etree.QName(child).namespace != XLF:
            continue
        source_element = child.find(_q("source"))
        target_element = child.find(_q("target"))
        if source_element is None:
            raise ExchangeError(path, child.sourceline, unit_id, f"<{name}> without <source>")
        source_items = read_inline(path, source_element, unit_id)
        source += source_items
        if target_element is not None:
            declared = target_element.get(f"{{{XML_NS}}}lang")
            if declared and declared.lower() != language.lower():
                raise ExchangeError(
                    path,
                    target_element.sourceline,
                    unit_id,
                    f"target in {declared!r}, the file's is {language!r}",
                )
        if target is None:
            continue
        if target_element is None:
            if name == "ignorable" or unit.get("translate") == "no":
                target += source_items
            else:
                target = None
        else:
            target += read_inline(path, target_element, unit_id)
    return ReadUnit(unit_id, unit.sourceline, source, target, unit.get("translate") != "no")


def read_inline(path: Path, element, unit_id: str) -> list:
    items: list = []
    if element.text:
        items.append(element.text)
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            if child.tail:
                items.append(child.tail)
            continue
        name = etree.QName(child).localname
        code = child.get("id", "")
        if name == "pc":
            items.append(Ref("open", code))
            items += read_inline(path, child, unit_id)
            items.append(Ref("close", code))
        elif name == "ph":
            items.append(Ref("ph", code))
        elif name == "sc":
            items.append(Ref("open", code))
        elif name == "ec":
            items.append(Ref("close", child.get("startRef") or code))
        elif name == "mrk":
            items += read_inline(path, child, unit_id)
        elif name == "cp":
            items.append(chr(int(child.get("hex", "20"), 16)))
        elif name not in ("sm", "em"):
            raise ExchangeError(path, child.sourceline, unit_id, f"unexpected <{name}> in the text")
        if child.tail:
            items.append(child.tail)
    return items
