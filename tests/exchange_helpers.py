"""Helpers for the exchange tests: pseudo-translation of returned files, structure of Markdown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from lxml import etree
from markdown_it import MarkdownIt

from pelican_collab.site.metadata import header_lines

from .conftest import REPOSITORY

SCHEMAS = REPOSITORY / "tests" / "schemas"
XLF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLF1 = "urn:oasis:names:tc:xliff:document:1.2"
OPEN, CLOSE = "⟪", "⟫"


def mark(text: str) -> str:
    """A marked transform of a text node: its words between ⟪ ⟫, its outer spaces kept."""
    match = re.fullmatch(r"(\s*)(.*?)(\s*)", text, flags=re.DOTALL)
    assert match is not None
    lead, core, trail = match.groups()
    return f"{lead}{OPEN}{core}{CLOSE}{trail}" if core else text


def _copy_marked(source, target) -> None:
    """Copy ``source``'s inline content into ``target`` with every text node marked."""
    target.text = mark(source.text) if source.text else source.text
    for child in source:
        copy = etree.SubElement(target, child.tag, dict(child.attrib))
        _copy_marked(child, copy)
        copy.tail = mark(child.tail) if child.tail else child.tail


def pseudo_translate_xliff2(path: Path, language: str = "en") -> None:
    """Fill every segment's target with its marked source, as a CAT tool would return it."""
    tree = etree.parse(str(path))
    for segment in tree.iter(f"{{{XLF2}}}segment"):
        source = segment.find(f"{{{XLF2}}}source")
        old = segment.find(f"{{{XLF2}}}target")
        if old is not None:
            segment.remove(old)
        target = etree.SubElement(segment, f"{{{XLF2}}}target")
        _copy_marked(source, target)
        segment.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def pseudo_translate_xliff1(path: Path) -> None:
    tree = etree.parse(str(path))
    for unit in tree.iter(f"{{{XLF1}}}trans-unit"):
        source = unit.find(f"{{{XLF1}}}source")
        old = unit.find(f"{{{XLF1}}}target")
        target = etree.Element(f"{{{XLF1}}}target", state="translated")
        if old is not None:
            unit.replace(old, target)
        else:
            (
                unit.find(f"{{{XLF1}}}seg-source")
                if unit.find(f"{{{XLF1}}}seg-source") is not None
                else source
            ).addnext(target)
        _copy_marked(source, target)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def structure(text: str) -> tuple[list[str], list[str]]:
    """A page's metadata keys and its Markdown structure (block and inline token types, link targets)."""
    lines = text.splitlines(keepends=True)
    header = header_lines(lines)
    tokens = MarkdownIt("commonmark").enable("table").parse("".join(lines[len(header) :]))
    shape: list[str] = []
    for token in tokens:
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "softbreak"):
                    continue
                shape.append(f"  {child.type}:{child.attrs.get('href', '')}{child.attrs.get('src', '')}")
        else:
            shape.append(f"{token.type}:{token.tag}")
    return [key for _, key, _ in header], shape


def text_nodes(text: str) -> list[str]:
    """The text of every inline text token of the page's body (and of its text metadata)."""
    lines = text.splitlines(keepends=True)
    header = header_lines(lines)
    tokens = MarkdownIt("commonmark").enable("table").parse("".join(lines[len(header) :]))
    found = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "text" and child.content.strip():
                found.append(child.content)
    return found


def run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *arguments], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def validator(schema: Path):
    """An XML Schema from the vendored files, offline: the W3C xml.xsd resolved locally."""
    xml_xsd = SCHEMAS / "xliff-2.1" / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"

    class Local(etree.Resolver):
        def resolve(self, url, id, context):
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(xml_xsd), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(schema), parser))
