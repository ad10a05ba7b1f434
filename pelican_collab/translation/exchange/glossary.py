"""The site's glossary: a Markdown table of terms, read for context notes and the termbase.

The first table of the file is the glossary. Its header names the languages
(``Danish | English | note``, or codes: ``da | en | note``); a column headed
``note`` (or ``notes``, ``comment``) holds the translator's note. A cell may
give alternatives (``Silkeborg Kommune / Viborg Kommune``) and a remark in
parentheses (``samarbejde (general)``), which is not part of the term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError

from ...errors import CollabError, display_path

_NOTE_HEADINGS = {"note", "notes", "comment", "comments", "bemærkning", "note/bemærkning"}
_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_RULE = re.compile(r"^[\s|:-]+$")


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary row: its terms per language (alternatives in order) and the note."""

    number: int  # the row's line in the file
    terms: dict[str, tuple[str, ...]]
    note: str

    def describe(self, source: str, target: str) -> str:
        """``forretningsstrategisk samarbejde → strategic business partnership (note)``."""
        left = " / ".join(self.terms.get(source, ()))
        right = " / ".join(self.terms.get(target, ())) or "?"
        return f"{left} → {right}" + (f" ({self.note})" if self.note else "")


def read_glossary(path: Path | None, languages: list[str]) -> list[Term]:
    """The glossary's rows; none when there is no glossary file."""
    if path is None or not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    terms: list[Term] = []
    columns: list[str | None] | None = None
    for number, line in enumerate(lines, start=1):
        match = _ROW.match(line)
        if not match:
            if columns is not None and terms:
                break  # the end of the first table
            continue
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", match.group(1))]
        if columns is None:
            columns = [_column(cell, languages) for cell in cells]
            if not any(column and column != "note" for column in columns):
                raise CollabError(f"{display_path(path)}:{number}: the table's header names no language")
            continue
        if _RULE.match(line):
            continue
        found: dict[str, tuple[str, ...]] = {}
        note = ""
        for column, cell in zip(columns, cells, strict=False):
            if column == "note":
                note = cell
            elif column and cell:
                found[column] = tuple(_alternatives(cell))
        if len(found) >= 1:
            terms.append(Term(number, found, note))
    return terms


def _column(heading: str, languages: list[str]) -> str | None:
    name = heading.strip().strip("*").lower()
    if name in _NOTE_HEADINGS:
        return "note"
    for code in languages:
        if name == code.lower():
            return code
        try:
            locale = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
        names = {
            (locale.get_language_name("en") or "").lower(),
            (locale.get_language_name(code) or "").lower(),
            (locale.get_display_name("en") or "").lower(),
        }
        if name in names:
            return code
    return None


def _alternatives(cell: str) -> list[str]:
    cell = re.sub(r"\s*\([^)]*\)", "", cell)
    return [part.strip() for part in cell.split(" / ") if part.strip()]


def terms_in(text: str, terms: list[Term], language: str) -> list[Term]:
    """The glossary rows whose term (in ``language``) occurs in the text, inflected forms included.

    Each word of a term matches a word of the text that begins with it, so
    *kommune* finds *kommuner* and *kommunerne*.
    """
    found = []
    lowered = text.lower()
    for term in terms:
        for alternative in term.terms.get(language, ()):
            words = alternative.lower().split()
            if not words:
                continue
            pattern = r"(?<!\w)" + r"\w*\s+".join(re.escape(word) for word in words) + r"\w*"
            if re.search(pattern, lowered):
                found.append(term)
                break
    return found
