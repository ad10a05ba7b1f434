"""What an export holds: per page and language, every unit and what is known of its translation.

A unit is *final* when the translation is stamped and the unit's source has
not changed since the stamp: its approved translation comes with it. It is
*stale* when its source changed since the stamp (or the translation was never
stamped): the previous translation comes as a candidate, with the diff of the
source. Otherwise it is *new*. Source and translation units pair by position
within each section, which the freshness check's drift test keeps aligned;
a drifted page, a missing translation and a placeholder (``Translation-Status:
placeholder``) have only new units.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import CollabError, display_path
from ...site.metadata import read_page_text
from ..freshness import (
    Section,
    load_stamps,
    page_sections,
    read_document,
    scan_paths,
    site_paths,
    stamped_sections,
    structure_drift,
)
from .glossary import Term, read_glossary, terms_in
from .markdown import Code, Content, Page, Unit, count_words, parse_page, plain_text, render_inline, segments

FINAL, STALE, NEW = "final", "stale", "new"


@dataclass(slots=True)
class Entry:
    """One unit of an export."""

    unit: Unit
    state: str
    target: Content | None = None  # final: the approved translation, its codes the source's
    previous: Content | None = None  # stale: the previous translation (codes the source's, or none)
    previous_source: Content | None = None  # stale: the source it was a translation of
    diff: str = ""
    glossary: list[Term] = field(default_factory=list)

    @property
    def translatable(self) -> bool:
        return bool(plain_text(self.unit.content).strip())

    @property
    def new_words(self) -> int:
        return 0 if self.state == FINAL else count_words(self.unit.content)


@dataclass(slots=True)
class PageExport:
    key: str
    source_language: str
    language: str
    status: str  # the page's translation status: missing, stale, drifted, up to date (placeholder: missing)
    source: str  # the original below the content folder ("da/index.md")
    translation: str | None  # the translation below the content folder, if there is one
    text: str  # the original's text at export
    page: Page
    sections: tuple[Section, ...]
    entries: list[Entry]
    glossary: list[Term]

    @property
    def new_words(self) -> int:
        return sum(entry.new_words for entry in self.entries)


@dataclass(frozen=True)
class Exchange:
    """Where a site keeps what export and import need."""

    content: Path
    languages: list[str]
    source_language: str
    stamps_file: Path
    glossary_file: Path | None
    ignore_files: tuple[str, ...]  # IGNORE_FILES, as the build honours it


def exchange_config(settings: dict[str, Any], project: Path | None = None) -> Exchange:
    """The site's paths; ``COLLAB_GLOSSARY_FILE`` is below ``project`` (the settings file's folder)."""
    from ...site.settings import DEFAULTS

    paths = site_paths(settings)
    glossary = settings.get("COLLAB_GLOSSARY_FILE", DEFAULTS["COLLAB_GLOSSARY_FILE"])
    glossary_file = (Path(project or Path.cwd()) / glossary) if glossary else None
    return Exchange(
        paths.content,
        paths.languages,
        paths.source_language,
        paths.stamps_file,
        glossary_file,
        paths.ignore_files,
    )


def plan_export(
    settings: dict[str, Any],
    languages: list[str] | None = None,
    everything: bool = False,
    project: Path | None = None,
) -> list[PageExport]:
    """Every page × language that needs translating (or every page, with ``everything``)."""
    config = exchange_config(settings, project)
    targets = _languages(config, languages)
    stamps = load_stamps(config.stamps_file)
    glossary = read_glossary(config.glossary_file, config.languages)
    result: list[PageExport] = []
    for key, paths in sorted(scan_paths(config.content, config.languages, config.ignore_files).items()):
        source_path = paths.get(config.source_language)
        if source_path is None:
            continue  # an orphan: nothing to translate from
        for language in targets:
            exported = page_export(config, key, source_path, paths.get(language), language, stamps, glossary)
            if everything or exported.status != "up to date":
                result.append(exported)
    return result


def _languages(config: Exchange, languages: list[str] | None) -> list[str]:
    others = [code for code in config.languages if code != config.source_language]
    if not languages:
        return others
    for code in languages:
        if code not in others:
            raise CollabError(
                f"--lang {code}: not a translation language of this site ({', '.join(others) or 'none'})"
            )
    return list(languages)


def page_export(
    config: Exchange,
    key: str,
    source_path: Path,
    translation_path: Path | None,
    language: str,
    stamps: dict[str, Any],
    glossary: list[Term],
) -> PageExport:
    """One page × language: its units, each final, stale or new."""
    text = read_page_text(source_path)
    source = parse_page(text)
    source_relative = source_path.relative_to(config.content).as_posix()
    translation = None
    translation_relative = None
    status = "missing"
    if translation_path is not None:
        translation_relative = translation_path.relative_to(config.content).as_posix()
        translation_text = read_page_text(translation_path)
        translation = parse_page(translation_text)
        if translation.is_placeholder:
            translation = None
        else:
            status = _status(
                config, source_path, translation_path, language, stamps.get(translation_relative)
            )
    stamp = stamps.get(translation_relative) if translation_relative else None
    if stamp is not None and stamp.get("source") != source_relative:
        stamp = None
    if translation is None or status == "drifted":
        entries = [Entry(unit, NEW) for unit in source.units]
    elif stamp is None:
        entries = _candidates_only(source, translation)
    else:
        stamped_text = _stamped_page(stamped_sections(stamp))
        entries = _entries(source, parse_page(stamped_text), translation)
    for entry in entries:
        if not entry.translatable:
            entry.state, entry.target = FINAL, entry.unit.content
        entry.glossary = terms_in(plain_text(entry.unit.content), glossary, config.source_language)
    return PageExport(
        key=key,
        source_language=config.source_language,
        language=language,
        status=status,
        source=source_relative,
        translation=translation_relative,
        text=text,
        page=source,
        sections=page_sections(text),
        entries=entries,
        glossary=glossary,
    )


def _status(config: Exchange, source: Path, translation: Path, language: str, stamp: Any) -> str:
    from ..freshness import compare

    source_doc = read_document(source, config.content, config.source_language)
    translation_doc = read_document(translation, config.content, language)
    if structure_drift(source_doc, translation_doc):
        return "drifted"
    return compare(source_doc, translation_doc, stamp).status


def _stamped_page(sections: tuple[Section, ...]) -> str:
    """The original as stamped, as a page: its metadata lines become a header again."""
    if not sections:
        return ""
    first = sections[0].text
    return first + "".join(section.text for section in sections[1:])


def pair_units(first: Page, second: Page) -> dict[int, Unit]:
    """Units of ``second`` paired with those of ``first`` (by index in ``first.units``).

    Metadata pairs by key; the rest by position within each section, where the
    two sections have the same kinds of units in the same order.
    """
    pairs: dict[int, Unit] = {}
    second_meta = {unit.kind: unit for unit in second.units if _is_meta(unit)}
    for index, unit in enumerate(first.units):
        if _is_meta(unit) and unit.kind in second_meta:
            pairs[index] = second_meta[unit.kind]
    first_sections = _by_section(first)
    second_sections = _by_section(second)
    if len(first.sections) != len(second.sections):
        return pairs
    for section, indexed in first_sections.items():
        others = second_sections.get(section, [])
        if [unit.kind for _, unit in indexed] == [unit.kind for _, unit in others]:
            for (index, _), (_, other) in zip(indexed, others, strict=True):
                pairs[index] = other
    return pairs


def _is_meta(unit: Unit) -> bool:
    return unit.kind not in ("heading", "paragraph", "item", "cell", "alt", "link-title")


def _by_section(page: Page) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for index, unit in enumerate(page.units):
        if not _is_meta(unit):
            grouped[unit.section].append((index, unit))
    return dict(grouped)


def _entries(source: Page, stamped: Page, translation: Page) -> list[Entry]:
    translated = pair_units(stamped, translation)
    keys_now = [(unit.kind, unit.canonical()) for unit in source.units]
    keys_then = [(unit.kind, unit.canonical()) for unit in stamped.units]
    matcher = difflib.SequenceMatcher(a=keys_then, b=keys_now, autojunk=False)
    entries: list[Entry | None] = [None] * len(source.units)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset, j in enumerate(range(j1, j2)):
            unit = source.units[j]
            i = i1 + offset
            old = translated.get(i) if i < i2 else None
            if tag == "equal" and old is not None:
                target = map_codes(unit.content, old.content)
                if target is not None:
                    entries[j] = Entry(unit, FINAL, target=target)
                    continue
                entries[j] = Entry(unit, STALE, previous=_candidate(unit, old))
            elif tag == "replace" and old is not None:
                before = stamped.units[i]
                entries[j] = Entry(
                    unit,
                    STALE,
                    previous=_candidate(unit, old),
                    previous_source=before.content,
                    diff=source_diff(before, unit),
                )
            else:
                entries[j] = Entry(unit, NEW)
    return [entry for entry in entries if entry is not None]


def _candidates_only(source: Page, translation: Page) -> list[Entry]:
    """A translation never stamped: its units are candidates, none approved."""
    paired = pair_units(source, translation)
    return [
        Entry(unit, STALE, previous=_candidate(unit, paired[index])) if index in paired else Entry(unit, NEW)
        for index, unit in enumerate(source.units)
    ]


def _candidate(unit: Unit, old: Unit) -> Content:
    mapped = map_codes(unit.content, old.content)
    return mapped if mapped is not None else (plain_text(old.content),)


def map_codes(source: Content, translated: Content) -> Content | None:
    """The translation with its codes replaced by the source's (same kinds, in order); None if they differ.

    Pairs match pairs of the same name (strong, emphasis, link …) in order of
    their opening, placeholders match placeholders of the same name; a link may
    point elsewhere in the translation (its own language's page).
    """
    pairs: dict[str, list[str]] = defaultdict(list)
    singles: dict[str, list[Code]] = defaultdict(list)
    by_id: dict[tuple[str, str], Code] = {}
    for item in source:
        if isinstance(item, Code):
            by_id[(item.id, item.kind)] = item
            if item.kind == "open":
                pairs[item.name].append(item.id)
            elif item.kind == "ph":
                singles[item.name].append(item)
    wanted = sum(len(ids) for ids in pairs.values()) + sum(len(codes) for codes in singles.values())
    result: list = []
    ids: dict[str, str] = {}
    used = 0
    for item in translated:
        if isinstance(item, str):
            result.append(item)
            continue
        if item.kind == "open":
            if not pairs[item.name]:
                return None
            ids[item.id] = pairs[item.name].pop(0)
            result.append(by_id[(ids[item.id], "open")])
            used += 1
        elif item.kind == "close":
            result.append(by_id[(ids[item.id], "close")])
        else:
            if not singles[item.name]:
                return None
            result.append(singles[item.name].pop(0))
            used += 1
    return tuple(result) if used == wanted else None


def source_diff(before: Unit, now: Unit) -> str:
    """The unit's source since the approved translation, a sentence a line."""

    def sentences(unit: Unit) -> list[str]:
        return [render_inline(part, {}, escaped=False) + "\n" for part, _ in segments(unit.content)]

    lines = difflib.unified_diff(sentences(before), sentences(now), "before", "now", n=1)
    return "".join(lines).rstrip("\n")


def describe_state(entry: Entry) -> str:
    return {FINAL: "approved", STALE: "changed", NEW: "new"}[entry.state]


def words_by_language(exports: list[PageExport]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for exported in exports:
        totals[exported.language] += exported.new_words
    return dict(totals)


def check_source_exists(config: Exchange, relative: str, where: str) -> Path:
    path = config.content / relative
    if not path.is_file():
        raise CollabError(f"{where}: its original {display_path(path)} no longer exists")
    return path
