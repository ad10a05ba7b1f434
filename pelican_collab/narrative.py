"""The story's structure, read from a page's own rendered headings.

The contents list and the overview of reasons are drawn from the h2/h3
headings at build time, so they can never drift from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify


def heading_id(value: str, separator: str = "-") -> str:
    """Section ids in ASCII, the way Pelican makes slugs ("stærkere" → "staerkere")."""
    return slugify(value, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


@dataclass(frozen=True)
class Section:
    level: int
    anchor: str
    title: str
    children: tuple[Section, ...] = field(default=())


@dataclass(frozen=True)
class Narrative:
    """A page split at its first h2: the introduction, then the sections."""

    intro_html: str
    body_html: str
    sections: tuple[Section, ...]

    @property
    def description(self) -> str:
        """The introduction's first paragraph as plain text, cut for a meta description."""
        collector = _ParagraphText()
        collector.feed(self.intro_html or self.body_html)
        return shorten(collector.text, DESCRIPTION_LENGTH)

    @property
    def reasons(self) -> tuple[Section, ...]:
        """The sub-sections of the first section: what the overview graphic shows."""
        return self.sections[0].children if self.sections else ()


DESCRIPTION_LENGTH = 160


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


class _HeadingCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self._open = (int(tag[1]), dict(attrs).get("id") or "")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == f"h{self._open[0]}":
            level, anchor = self._open
            self.headings.append((level, anchor, "".join(self._text).strip()))
            self._open = None


def read_narrative(html: str) -> Narrative:
    collector = _HeadingCollector()
    collector.feed(html)
    sections: list[Section] = []
    children: list[Section] = []
    for level, anchor, title in collector.headings:
        if level == 2:
            if sections:
                sections[-1] = _with_children(sections[-1], children)
            sections.append(Section(2, anchor, title))
            children = []
        elif sections:
            children.append(Section(3, anchor, title))
    if sections:
        sections[-1] = _with_children(sections[-1], children)
    split = html.find("<h2")
    if split < 0:
        return Narrative(html, "", tuple(sections))
    return Narrative(html[:split], html[split:], tuple(sections))


def _with_children(section: Section, children: list[Section]) -> Section:
    return Section(section.level, section.anchor, section.title, tuple(children))


_SECTION_START = re.compile(r"<h[23][\s>]")
_HEADING_ID = re.compile(r"(<h[1-6][^>]*?)\s+id=\"[^\"]*\"")


def html_sections(html: str) -> list[str]:
    """The rendered page cut before each h2/h3: the introduction, then one chunk per section.

    The cut matches the Markdown sections the freshness check digests, so
    chunk *n* of a translation sits beside chunk *n* of its original.
    """
    starts = [0, *(match.start() for match in _SECTION_START.finditer(html))]
    if len(starts) > 1 and starts[1] == 0:
        starts = starts[1:]
    return [html[start:end] for start, end in zip(starts, [*starts[1:], len(html)], strict=True)]


def without_heading_ids(html: str) -> str:
    """For showing two versions on one page: their headings' ids could clash."""
    return _HEADING_ID.sub(r"\1", html)
