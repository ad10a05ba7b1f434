"""The agency's memory and termbase: TMX 1.4b of approved segment pairs, TBX of the glossary.

The memory holds every pair a translator approved: for each stamped
translation, the original's units *as stamped* paired with the translation's
(by position within each section, as the export pairs them), sentence by
sentence where both have the same number of sentences, else the whole unit.
So a changed paragraph still finds its earlier translation as a fuzzy match.
Inline codes are TMX ``<bpt>``/``<ept>``/``<ph>`` holding the Markdown.

The termbase is TBX-Basic (ISO 30042, the ``martif`` form that memoQ,
Trados MultiTerm, Phrase and Weblate import): one ``termEntry`` per glossary
row, a ``langSet`` per language, the note as a ``note``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from lxml import etree

from ... import __version__
from ...site.metadata import read_page_text
from ..freshness import load_stamps, scan_paths, stamped_sections
from .glossary import Term
from .markdown import Code, Content, Page, parse_page, plain_text, segments
from .model import TOOL
from .plan import Exchange, _stamped_page, map_codes, pair_units

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def approved_pairs(config: Exchange, languages: list[str]) -> list[tuple[str, str, Content, Content]]:
    """``(source language, language, source, translation)`` for every approved segment, once each."""
    stamps = load_stamps(config.stamps_file)
    pairs: list[tuple[str, str, Content, Content]] = []
    seen: set[tuple[str, str, str]] = set()
    for _, paths in sorted(scan_paths(config.content, config.languages, config.ignore_files).items()):
        source_path = paths.get(config.source_language)
        if source_path is None:
            continue
        source_relative = source_path.relative_to(config.content).as_posix()
        for language in languages:
            path = paths.get(language)
            if path is None:
                continue
            stamp = stamps.get(path.relative_to(config.content).as_posix())
            if not stamp or stamp.get("source") != source_relative:
                continue
            translation = parse_page(read_page_text(path))
            if translation.is_placeholder:
                continue
            stamped = parse_page(_stamped_page(stamped_sections(stamp)))
            for source, target in _unit_pairs(stamped, translation):
                key = (language, _key(source), _key(target))
                if key not in seen and plain_text(source).strip() and plain_text(target).strip():
                    seen.add(key)
                    pairs.append((config.source_language, language, source, target))
    return pairs


def _unit_pairs(stamped: Page, translation: Page):
    paired = pair_units(stamped, translation)
    for index, unit in enumerate(stamped.units):
        own = paired.get(index)
        if own is None:
            continue
        target = map_codes(unit.content, own.content)
        if target is None:
            continue
        sources, targets = segments(unit.content), segments(target)
        if len(sources) == len(targets) and all(
            _ids(s) == _ids(t) for (s, _), (t, _) in zip(sources, targets, strict=True)
        ):
            yield from ((s, t) for (s, _), (t, _) in zip(sources, targets, strict=True))
        else:
            yield unit.content, target


def _ids(content: Content) -> list[str]:
    return sorted(f"{item.kind}{item.id}" for item in content if isinstance(item, Code))


def _key(content: Content) -> str:
    return "".join(item if isinstance(item, str) else f"\x00{item.kind}{item.id}" for item in content)


def write_tmx(pairs: list[tuple[str, str, Content, Content]], source_language: str) -> bytes:
    now = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": TOOL,
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": TOOL,
            "adminlang": "en",
            "srclang": source_language,
            "datatype": "markdown",
            "creationdate": now,
        },
    )
    body = etree.SubElement(root, "body")
    for source_language_, language, source, target in pairs:
        tu = etree.SubElement(body, "tu")
        for code, content in ((source_language_, source), (language, target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: code})
            _tmx_inline(etree.SubElement(tuv, "seg"), content)
    tree = etree.ElementTree(root)
    for element in root.iter("tu", "tuv", "header", "body"):
        element.tail = "\n"
    root.text = "\n"
    return (
        etree.tostring(
            tree, xml_declaration=True, encoding="UTF-8", doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
        )
        + b"\n"
    )


def _tmx_inline(seg, content: Content) -> None:
    last = None
    number = 0
    opened: dict[str, int] = {}
    for item in content:
        if isinstance(item, str):
            if last is None:
                seg.text = (seg.text or "") + item
            else:
                last.tail = (last.tail or "") + item
            continue
        if item.kind == "open":
            number += 1
            opened[item.id] = number
            last = etree.SubElement(seg, "bpt", i=str(number), x=item.id, type=item.name)
            last.text = item.markup
        elif item.kind == "close":
            last = etree.SubElement(seg, "ept", i=str(opened.pop(item.id, 0)))
            last.text = item.markup if item.type != "link" else f"]({item.href})"
        else:
            last = etree.SubElement(seg, "ph", x=item.id, type=item.name)
            last.text = item.markup if item.name != "image" else f"![]({item.href})"


def write_tbx(terms: list[Term], source_language: str, languages: list[str], origin: str) -> bytes:
    martif = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: source_language})
    header = etree.SubElement(martif, "martifHeader")
    file_description = etree.SubElement(header, "fileDesc")
    etree.SubElement(
        etree.SubElement(file_description, "sourceDesc"), "p"
    ).text = f"The glossary {origin}, exported by {TOOL} {__version__}"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(martif, "text"), "body")
    for term in terms:
        entry = etree.SubElement(body, "termEntry", id=f"c{term.number}")
        if term.note:
            etree.SubElement(entry, "note").text = term.note
        for language in [source_language, *[code for code in languages if code != source_language]]:
            alternatives = term.terms.get(language)
            if not alternatives:
                continue
            lang_set = etree.SubElement(entry, "langSet", {XML_LANG: language})
            for alternative in alternatives:
                etree.SubElement(etree.SubElement(lang_set, "tig"), "term").text = alternative
    etree.indent(martif, space="  ")
    return etree.tostring(martif, xml_declaration=True, encoding="UTF-8") + b"\n"


def memory_files(settings: dict[str, Any], languages: list[str], config: Exchange) -> dict[str, bytes]:
    """File name → contents: one TMX per target language, and the TBX when there is a glossary."""
    from .glossary import read_glossary

    files: dict[str, bytes] = {}
    for language in languages:
        pairs = approved_pairs(config, [language])
        files[f"{config.source_language}-{language}.tmx"] = write_tmx(pairs, config.source_language)
    terms = read_glossary(config.glossary_file, config.languages)
    if terms:
        origin = config.glossary_file.name if config.glossary_file else ""
        files["glossary.tbx"] = write_tbx(terms, config.source_language, config.languages, origin)
    return files
