"""A Markdown page as translation units: blocks, inline codes, sentences, ids.

The page is read with markdown-it-py (CommonMark plus tables): its block
tokens carry the source lines they came from (``token.map``), which is what
lets an import put a translated paragraph back where the old one was and
leave every other line of the file as it is. Python-Markdown, which Pelican
renders with, builds an element tree without source positions.

A *unit* is one translatable piece: a metadata value the theme shows
(``Title:``, ``Summary:``, …), a heading, a paragraph, a list item, a table
cell, an image's alt text or a link's title. Its content is text and *codes*:
the inline Markdown (emphasis, links, code spans, line breaks, inline HTML)
that a translator must keep but never edit. Alt texts and link titles are
units of their own, *sub-flows* of the code they belong to.

A unit's id is a short hash of its kind and its text with the codes in place,
so it stays the same across exports while the text does; a text that occurs
twice in a page gets ``-2``, ``-3``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from ...site.metadata import header_lines
from ..freshness import TRANSLATED_METADATA

#: Metadata whose value Pelican renders as Markdown (the rest is plain text).
FORMATTED_METADATA = ("summary",)
PLACEHOLDER_KEY = "translation-status"
PLACEHOLDER_VALUE = "placeholder"

_PARSER = MarkdownIt("commonmark").enable("table")
_ATTRIBUTE_LIST = re.compile(r"\s*\{[^{}]*\}\s*$")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")


@dataclass(frozen=True, slots=True)
class Code:
    """One piece of inline Markdown a translator keeps as it is.

    ``kind`` is ``open``/``close`` (a pair around text: emphasis, a link) or
    ``ph`` (standing alone: a code span, a line break, an image, inline HTML).
    An open and its close share one ``id``.
    """

    id: str
    kind: str
    type: str  # XLIFF 2's code type: fmt, link, image, other
    markup: str  # the Markdown itself; a link's close and an image are built from the fields below
    href: str = ""
    alt: str | None = None  # the sub-flow unit holding an image's alt text
    title: str | None = None  # the sub-flow unit holding a link's or an image's title
    name: str = ""  # what it is, for people: "strong", "emphasis", "link", "code", …
    label: str = ""  # a reference link's label ("[text][label]"): its target is defined elsewhere

    @property
    def sub_flows(self) -> tuple[str, ...]:
        return tuple(unit for unit in (self.alt, self.title) if unit)

    def canonical(self) -> str:
        """The code as it takes part in the unit's id (sub-flows by reference, not text)."""
        return f"\x00{self.kind}:{self.name}:{self.markup}:{self.href}:{self.label}\x00"


Item = str | Code
Content = tuple[Item, ...]


@dataclass(slots=True)
class Unit:
    kind: str  # a metadata key (title, summary, …), heading, paragraph, item, cell, alt, link-title
    content: Content
    section: int
    block: int  # index of its block in Page.blocks
    parent: Unit | None = None  # for alt texts and link titles: the unit whose code holds them
    id: str = ""
    heading: str = ""  # the heading of its section (the page title for the introduction)

    @property
    def codes(self) -> list[Code]:
        return [item for item in self.content if isinstance(item, Code)]

    def canonical(self) -> str:
        text = "".join(item if isinstance(item, str) else item.canonical() for item in self.content)
        return " ".join(text.split())

    def plain(self) -> str:
        return plain_text(self.content)


@dataclass(slots=True)
class Block:
    """Lines of the file that one or more units are written back into."""

    kind: str  # meta, heading, paragraph, row
    start: int  # first line (0-based, in the whole file)
    end: int  # after the last line
    prefix: str = ""  # what precedes the text on its first line: list marker, quote, indentation
    level: int = 0  # headings
    units: list[Unit] = field(default_factory=list)  # its main units (not the sub-flows)
    key: str = ""  # meta: the metadata key as written


@dataclass(slots=True)
class Page:
    text: str
    lines: list[str]
    header: list[tuple[int, str, str]]  # (line number from 1, lower-cased key, value)
    blocks: list[Block]
    units: list[Unit]  # in reading order, each sub-flow right after its parent
    sections: list[tuple[int, int]]  # line ranges: the introduction (after the header), then each h2/h3

    @property
    def metadata(self) -> dict[str, str]:
        return {key.replace("-", "_"): value for _, key, value in self.header}

    @property
    def title(self) -> str:
        return self.metadata.get("title", "")

    @property
    def is_placeholder(self) -> bool:
        return self.metadata.get(PLACEHOLDER_KEY.replace("-", "_"), "").lower() == PLACEHOLDER_VALUE

    def by_id(self) -> dict[str, Unit]:
        return {unit.id: unit for unit in self.units}


# Reading -------------------------------------------------------------------------


def parse_page(text: str) -> Page:
    """Every translatable unit of a Markdown page with a Pelican metadata header."""
    lines = text.splitlines(keepends=True)
    header = header_lines(lines)
    body_start = len(header)
    blocks: list[Block] = []
    units: list[Unit] = []
    for number, key, value in header:
        if key.replace("-", "_") in TRANSLATED_METADATA:
            block = Block("meta", number - 1, number, key=lines[number - 1].split(":", 1)[0].strip())
            content = _metadata_content(key, value)
            _add(blocks, units, block, key.replace("-", "_"), content, 0)
    env: dict = {}
    tokens = _PARSER.parse("".join(lines[body_start:]), env)
    section = 0
    section_starts = [body_start]
    stack: list[str] = []
    row: Block | None = None
    for index, token in enumerate(tokens):
        if token.type.endswith("_open") and token.nesting == 1:
            stack.append(token.type[:-5])
        elif token.nesting == -1 and stack:
            stack.pop()
        if token.type == "heading_open" and token.markup in ("##", "###"):
            section += 1
            section_starts.append(body_start + token.map[0])
        if token.type == "tr_open":
            row = Block("row", body_start + token.map[0], body_start + token.map[1])
            blocks.append(row)
        if token.type != "inline":
            continue
        start, end = token.map
        start, end = start + body_start, end + body_start
        if "th" in stack[-1:] or "td" in stack[-1:]:
            assert row is not None
            _add_to(row, blocks, units, "cell", _inline(token.children or [], env, token.content), section)
        elif stack[-1:] == ["heading"]:
            opening = tokens[index - 1]
            start, end = opening.map[0] + body_start, opening.map[1] + body_start
            content_text = token.content
            if opening.markup not in ("=", "-"):
                content_text = _CLOSING_HASHES.sub("", content_text)
            content_text = _ATTRIBUTE_LIST.sub("", content_text)
            children = _PARSER.parseInline(content_text, env)[0].children or []
            block = Block("heading", start, end, level=int(opening.tag[1]))
            _add(blocks, units, block, "heading", _inline(children, env, content_text), section)
        else:
            kind = "item" if "list_item" in stack else "paragraph"
            prefix = _prefix(lines[start], token.content.split("\n", 1)[0])
            block = Block("paragraph", start, end, prefix=prefix)
            _add(blocks, units, block, kind, _inline(token.children or [], env, token.content), section)
    section_starts.append(len(lines))
    sections = [(section_starts[i], section_starts[i + 1]) for i in range(len(section_starts) - 1)]
    page = Page(text, lines, header, blocks, units, sections)
    _name_units(page)
    return page


def _metadata_content(key: str, value: str) -> tuple[Content, list]:
    if key in FORMATTED_METADATA:
        env: dict = {}
        return _inline(_PARSER.parseInline(value, env)[0].children or [], env, value)
    return ((value,) if value else ()), []


def _add(blocks: list[Block], units: list[Unit], block: Block, kind: str, inline, section: int) -> None:
    blocks.append(block)
    _add_to(block, blocks, units, kind, inline, section)


def _add_to(block: Block, blocks: list[Block], units: list[Unit], kind: str, inline, section: int) -> None:
    content, subs = inline
    unit = Unit(kind, content, section, len(blocks) - 1)
    block.units.append(unit)
    units.append(unit)
    for sub_kind, sub_content, code_slot in subs:
        sub = Unit(sub_kind, sub_content, section, len(blocks) - 1, parent=unit)
        units.append(sub)
        code_slot.append(sub)


def _prefix(line: str, first: str) -> str:
    """The part of a block's first line before its text (list marker, ``> ``, indentation)."""
    body = line.rstrip("\r\n")
    stripped_first = first.rstrip()
    at = body.rfind(stripped_first) if stripped_first else len(body.rstrip())
    return body[:at] if at >= 0 else ""


def _inline(children, env, raw: str = "") -> tuple[Content, list]:
    """Inline tokens as text and codes; alt texts and link titles as sub-flows to be named."""
    items: list[Item | _Pending] = []
    subs: list = []
    opened: list[tuple[str, _Pending | None]] = []  # (id, the pending link close)
    counter = 0

    def new_id() -> str:
        nonlocal counter
        counter += 1
        return str(counter)

    for child in children:
        kind = child.type
        if opened and opened[-1][0] == "" and kind != "link_close":
            continue  # the text inside an autolink is part of its placeholder
        if kind == "text":
            items.append(child.content)
        elif kind == "softbreak":
            items.append(" ")
        elif kind == "hardbreak":
            items.append(Code(new_id(), "ph", "fmt", "  \n", name="line break"))
        elif kind in ("em_open", "strong_open", "s_open"):
            code_id = new_id()
            opened.append((code_id, None))
            name = {"em_open": "emphasis", "strong_open": "strong", "s_open": "strikethrough"}[kind]
            items.append(Code(code_id, "open", "fmt", child.markup, name=name))
        elif kind in ("em_close", "strong_close", "s_close"):
            code_id, _ = opened.pop()
            name = {"em_close": "emphasis", "strong_close": "strong", "s_close": "strikethrough"}[kind]
            items.append(Code(code_id, "close", "fmt", child.markup, name=name))
        elif kind == "link_open" and child.markup == "autolink":
            opened.append(("", None))
            items.append(Code(new_id(), "ph", "link", f"<{child.attrs.get('href', '')}>", name="autolink"))
        elif kind == "link_open":
            code_id = new_id()
            pending = _Pending(code_id, str(child.attrs.get("href", "")))
            pending.label = _reference_label(pending.href, env, raw)
            opened.append((code_id, pending))
            items.append(Code(code_id, "open", "link", "[", href=pending.href, name="link"))
            title = child.attrs.get("title")
            if title and not pending.label:
                pending.title_slot = []
                subs.append(("link-title", (str(title),), pending.title_slot))
        elif kind == "link_close":
            code_id, pending = opened.pop()
            if not code_id:  # an autolink: its text was part of the placeholder
                continue
            items.append(pending)
        elif kind == "image":
            pending = _Pending(new_id(), str(child.attrs.get("src", "")), image=True)
            alt = plain_text(_inline(child.children or [], env, raw)[0])
            if alt.strip():
                pending.alt_slot = []
                subs.append(("alt", (alt,), pending.alt_slot))
            if child.attrs.get("title"):
                pending.title_slot = []
                subs.append(("link-title", (str(child.attrs["title"]),), pending.title_slot))
            items.append(pending)
        elif kind == "code_inline":
            fence = "`" * (_longest_run(child.content, "`") + 1)
            pad = " " if child.content.startswith("`") or child.content.endswith("`") else ""
            items.append(Code(new_id(), "ph", "fmt", f"{fence}{pad}{child.content}{pad}{fence}", name="code"))
        elif kind == "html_inline":
            items.append(Code(new_id(), "ph", "other", child.content, name="html"))
        else:
            items.append(child.content)
    return tuple(_merge(items)), subs


@dataclass(slots=True)
class _Pending:
    """A link's close or an image, finished once its sub-flow units have ids."""

    id: str
    href: str
    image: bool = False
    alt_slot: list | None = None
    title_slot: list | None = None
    label: str = ""

    def canonical(self) -> str:
        return _finish(self).canonical()


def _merge(items) -> list[Item | _Pending]:
    merged: list = []
    for item in items:
        if isinstance(item, str) and merged and isinstance(merged[-1], str):
            merged[-1] += item
        elif item != "":
            merged.append(item)
    return merged


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(run) for run in runs), default=0)


def _name_units(page: Page) -> None:
    """Give every unit its id and section heading; finish the codes that hold sub-flows."""
    seen: Counter[str] = Counter()
    for unit in page.units:
        base = unit_id(unit.kind, unit.canonical())
        seen[base] += 1
        unit.id = base if seen[base] == 1 else f"{base}-{seen[base]}"
    for unit in page.units:
        unit.content = tuple(_finish(item) for item in unit.content)
    headings = {0: page.title}
    for unit in page.units:
        if unit.kind == "heading" and unit.section not in headings:
            headings[unit.section] = unit.plain()
        unit.heading = headings.get(unit.section, "")


def _finish(item):
    if not isinstance(item, _Pending):
        return item
    alt = item.alt_slot[0].id if item.alt_slot and item.alt_slot[0].id else None
    title = item.title_slot[0].id if item.title_slot and item.title_slot[0].id else None
    if item.image:
        return Code(item.id, "ph", "image", "![]", href=item.href, alt=alt, title=title, name="image")
    return Code(item.id, "close", "link", "]", href=item.href, title=title, name="link", label=item.label)


def _reference_label(href: str, env: dict, raw: str) -> str:
    """The label of a reference link (``[text][label]``) to ``href``, or "" for an inline link."""
    if f"]({href}" in raw or f"](<{href}>" in raw:
        return ""
    for label, definition in (env.get("references") or {}).items():
        if definition.get("href") == href and re.search(rf"\]\[{re.escape(label)}\]", raw, re.IGNORECASE):
            return next(
                (m.group(1) for m in re.finditer(r"\]\[([^\]]+)\]", raw) if m.group(1).upper() == label),
                label,
            )
    return ""


def unit_id(kind: str, canonical: str) -> str:
    digest = hashlib.sha256(f"{kind}\n{canonical}".encode()).hexdigest()
    return f"u{digest[:10]}"


# Text ------------------------------------------------------------------------------------


def plain_text(content: Content) -> str:
    return "".join(item for item in content if isinstance(item, str))


_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def count_words(content: Content) -> int:
    """Words as agencies count them: runs of letters and digits, hyphenated compounds as one."""
    return len(_WORD.findall(plain_text(content)))


#: Abbreviations after which a full stop does not end a sentence (Danish and English).
ABBREVIATIONS = frozenset(
    [
        "bl.a",
        "f.eks",
        "ca",
        "mv",
        "osv",
        "jf",
        "pga",
        "kl",
        "tlf",
        "nr",
        "dvs",
        "evt",
        "inkl",
        "ekskl",
        "hhv",
        "mht",
        "vedr",
        "iflg",
        "ift",
        "etc",
        "e.g",
        "i.e",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "vs",
        "fig",
        "approx",
    ]
)
_BOUNDARY = re.compile(r"(?<=[.!?…])([\"'”’»)\]]*)(\s+)(?=[\"'“‘«(\[]?[A-ZÆØÅÄÖÜ0-9])")


def segments(content: Content) -> list[tuple[Content, str]]:
    """The content cut into sentences: ``(sentence, whitespace after it)`` pairs.

    Only text outside paired codes is cut, so every sentence keeps its codes
    whole; a full stop after a known abbreviation or a single letter is no end.
    """
    result: list[tuple[Content, str]] = []
    current: list[Item] = []
    depth = 0
    for item in content:
        if isinstance(item, Code):
            depth += {"open": 1, "close": -1}.get(item.kind, 0)
            current.append(item)
            continue
        if depth:
            current.append(item)
            continue
        position = 0
        for match in _BOUNDARY.finditer(item):
            before = item[position : match.start(2)]
            words = re.findall(r"[\w.]+", before)
            last = words[-1].rstrip(".").lower() if words else ""
            if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
            if not (current or before.strip()):
                continue
            current.append(before)
            result.append((tuple(_merge(current)), match.group(2)))
            current = []
            position = match.end(2)
        rest = item[position:]
        if rest:
            current.append(rest)
    if current or not result:
        result.append((tuple(_merge(current)), ""))
    return result


# Writing Markdown back -----------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=|]|\d+[.)])(?=\s|$)")


def escape(text: str) -> str:
    """Text as Markdown that shows exactly that text."""
    text = _ESCAPE.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    # Python-Markdown does not take a backslash before "<": an entity works in both.
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)


def render_inline(content: Content, sub_texts: dict[str, str], escaped: bool = True) -> str:
    """Markdown for text and codes; ``sub_texts`` gives each sub-flow unit's text."""
    out: list[str] = []
    for item in _tidy_spaces(content):
        if isinstance(item, str):
            out.append(escape(item) if escaped else item)
        elif item.name == "image":
            alt = _bracketed(sub_texts.get(item.alt or "", ""))
            out.append(f"![{alt}]({_destination(item.href)}{_title(sub_texts.get(item.title or ''))})")
        elif item.kind == "close" and item.type == "link" and item.label:
            out.append(f"][{item.label}]")
        elif item.kind == "close" and item.type == "link":
            out.append(f"]({_destination(item.href)}{_title(sub_texts.get(item.title or ''))})")
        else:
            out.append(item.markup)
    return "".join(out)


def _tidy_spaces(content: Content) -> list[Item]:
    """Spaces just inside a pair of codes move outside it (``** x**`` is no emphasis)."""
    items = list(content)
    for index, item in enumerate(items):
        if not isinstance(item, Code):
            continue
        if item.kind == "open" and index + 1 < len(items) and isinstance(items[index + 1], str):
            text = items[index + 1]
            stripped = text.lstrip()
            if stripped != text:
                items[index + 1] = stripped
                items[index] = (text[: len(text) - len(stripped)], item)  # type: ignore[assignment]
        if item.kind == "close" and index > 0 and isinstance(items[index - 1], str):
            text = items[index - 1]
            stripped = text.rstrip()
            if stripped != text:
                items[index - 1] = stripped
                items[index] = (item, text[len(stripped) :])  # type: ignore[assignment]
    flat: list[Item] = []
    for item in items:
        if isinstance(item, tuple):
            flat.extend(part for part in item if part != "")
        elif item != "":
            flat.append(item)
    return flat


def _destination(href: str) -> str:
    return f"<{href}>" if (" " in href or not href) else href.replace("(", "%28").replace(")", "%29")


def _title(title: str | None) -> str:
    if not title:
        return ""
    return ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bracketed(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def render_block(block: Block, texts: dict[str, str], old_lines: list[str]) -> list[str]:
    """The lines of a block with its units' new Markdown (``texts`` by unit id)."""
    newline = "\r\n" if old_lines and old_lines[0].endswith("\r\n") else "\n"
    if block.kind == "meta":
        return [f"{block.key}: {' '.join(texts[block.units[0].id].split())}{newline}"]
    if block.kind == "heading":
        first = old_lines[0].rstrip("\r\n") if old_lines else ""
        suffix = _ATTRIBUTE_LIST.search(first)
        text = _safe_start(texts[block.units[0].id].replace("\n", " ").replace("  ", " "))
        return [f"{'#' * block.level} {text}{suffix.group(0) if suffix else ''}{newline}"]
    if block.kind == "row":
        cells = [texts[unit.id].replace("|", "\\|").replace("\n", " ") for unit in block.units]
        indent = re.match(r"\s*", old_lines[0]).group(0) if old_lines else ""
        return [f"{indent}| {' | '.join(cells)} |{newline}"]
    text = texts[block.units[0].id]
    continuation = re.sub(r"[^\s>]", " ", block.prefix)
    lines = text.split("\n")
    out = [f"{block.prefix}{_safe_start(lines[0])}"]
    out += [f"{continuation}{_safe_start(line)}" for line in lines[1:]]
    return [line + newline for line in out]


def _safe_start(text: str) -> str:
    """Escape what would make a line start a heading, quote, list or table."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)
