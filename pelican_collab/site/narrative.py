"""The story's structure, read from a page's own rendered headings.

The contents list and the overview of reasons are drawn from the h2/h3
headings at build time, so they can never drift from the text. Headings get
their ids from a small Markdown extension (Markdown's ``toc`` extension does
the same and much more: it builds a table of contents for every page that
nobody reads, which costs more than the rest of the plugin).
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

from markdown.extensions import Extension
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor
from unidecode import unidecode

#: How the plugin names its Markdown extension in MARKDOWN["extension_configs"].
HEADING_IDS_EXTENSION = "pelican_collab.site.narrative:HeadingIdExtension"
_ID_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")


def heading_id(value: str) -> str:
    """Section ids in ASCII, as Pelican makes slugs ("Vi er stærkere!" → "vi-er-staerkere").

    Pelican's own slugify does the same with more generality (markup, case,
    configurable substitutions) and costs several times more; it ran for every
    heading of every page.
    """
    return _SEPARATORS.sub("-", _NOT_WORD.sub("", unidecode(value)).strip()).lower()


class _HeadingIds(Treeprocessor):
    """Give each h2–h6 without an id one made from its text, unique in the page."""

    def run(self, root: Element) -> None:
        taken = {element.get("id") for element in root.iter() if element.get("id")}
        for element in root.iter():
            if element.tag in _ID_HEADINGS and not element.get("id"):
                base = heading_id(self._visible_text(element)) or "section"
                anchor, number = base, 1
                while anchor in taken:
                    anchor, number = f"{base}-{number}", number + 1
                taken.add(anchor)
                element.set("id", anchor)

    def _visible_text(self, heading: Element) -> str:
        """The heading's text as readers see it.

        While tree processors run, inline markup and escapes are still
        Markdown's placeholders (``\\x02wzxhzdk:0\\x03``) and code spans hold
        entities (``a &lt; b``); the ``toc`` extension's public helpers render
        the heading as it will be written, and its tags and entities go.
        """
        text = "".join(heading.itertext())
        if "\x02" not in text and "&" not in text:
            return text  # plain text: nothing to render (most headings)
        return html_module.unescape(strip_tags(render_inner_html(heading, self.md)))


class HeadingIdExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After inline processing (priority 20), so the heading's text is final.
        md.treeprocessors.register(_HeadingIds(md), "collab_heading_ids", 4)


@dataclass(frozen=True, slots=True)
class Section:
    level: int
    anchor: str
    title: str
    children: tuple[Section, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Narrative:
    """A page split at its first h2: the introduction, then the sections.

    Keeps the page's own HTML and where to cut it, not copies of the halves:
    a site of thousands of pages should not hold its text twice.
    """

    html: str
    split: int
    sections: tuple[Section, ...]

    @property
    def intro_html(self) -> str:
        return self.html[: self.split]

    @property
    def body_html(self) -> str:
        return self.html[self.split :]

    @property
    def reasons(self) -> tuple[Section, ...]:
        """The sub-sections of the first section: what the overview graphic shows."""
        return self.sections[0].children if self.sections else ()


DESCRIPTION_LENGTH = 160


def description(html: str) -> str:
    """The introduction's first paragraph (or else the page's first) as plain text,
    cut for a meta description."""
    split = _intro_end(html)
    collector = _ParagraphText()
    collector.feed(html[:split] or html[split:])
    return shorten(collector.text, DESCRIPTION_LENGTH)


def _intro_end(html: str) -> int:
    """Where the introduction ends: at the first h2, or at the end of a page without one."""
    split = html.find("<h2")
    return len(html) if split < 0 else split


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class _ParagraphText(HTMLParser):
    """The text of the first <p>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self._state = "before"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and self._state == "before":
            self._state = "inside"

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._state == "inside":
            self._state = "done"

    def handle_data(self, data: str) -> None:
        if self._state == "inside":
            self.text += data


_HEADING = re.compile(r"<h([23])\b[^>]*?\sid=\"([^\"]*)\"[^>]*>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def read_narrative(html: str) -> Narrative:
    sections: list[Section] = []
    children: list[Section] = []
    for match in _HEADING.finditer(html):
        level, anchor = int(match.group(1)), match.group(2)
        title = html_module.unescape(_TAG.sub("", match.group(3))).strip()
        if level == 2:
            if sections:
                sections[-1] = _with_children(sections[-1], children)
            sections.append(Section(2, anchor, title))
            children = []
        elif sections:
            children.append(Section(3, anchor, title))
    if sections:
        sections[-1] = _with_children(sections[-1], children)
    return Narrative(html, _intro_end(html), tuple(sections))


def _with_children(section: Section, children: list[Section]) -> Section:
    return Section(section.level, section.anchor, section.title, tuple(children))


_SECTION_START = re.compile(r"<h[23][\s>]")
_HEADING_ID = re.compile(r"(<h[1-6][^>]*?)\s+id=\"[^\"]*\"")
_OWN_ANCHOR = re.compile(r'(\shref)="#')


def html_sections(html: str) -> list[str]:
    """The rendered page cut before each h2/h3: the introduction, then one chunk per section.

    The cut matches the Markdown sections the freshness check digests, so
    chunk *n* of a translation sits beside chunk *n* of its original.
    """
    starts = [0, *(match.start() for match in _SECTION_START.finditer(html))]
    if len(starts) > 1 and starts[1] == 0:
        starts = starts[1:]
    return [html[start:end] for start, end in zip(starts, [*starts[1:], len(html)], strict=True)]


def for_side_by_side(html: str, page_href: str) -> str:
    """A page's HTML to show beside another version on one page.

    Heading ids are dropped (the two versions' ids could clash) and links to
    the page's own sections point back to the page itself.
    """
    return _OWN_ANCHOR.sub(rf'\1="{page_href}#', _HEADING_ID.sub(r"\1", html))
