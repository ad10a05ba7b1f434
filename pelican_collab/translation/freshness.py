"""Is each translation still true to its original? Missing, stale, orphan, drifted.

A translation is *stamped* when a translator has brought it up to date: the
stamp records, for each section of the source (the title and introduction,
then every h2/h3), a digest and the section's text at that moment. The stamps
live in one JSON file beside the content (``content/translation-stamps.json``),
not in the pages' metadata: translators never edit them by hand, the Markdown
stays clean, and the stored source text lets the status show exactly what
changed since. Only ``invoke i18n.stamp`` / ``pelican-collab stamp`` write it;
a build never stamps.

Everything here reads the Markdown files directly, so the status needs no
Pelican run; the build uses the same functions for its notices and its policy.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import CollabError, display_path
from ..site.locations import translation_key
from ..site.metadata import (
    PLACEHOLDER,
    TRANSLATION_STATUS,
    header_lines,
    is_placeholder,
    metadata_lines,
    read_page_text,
    read_utf8,
)
from ..site.sources import MARKDOWN_SUFFIXES, content_files, ignore_patterns

UP_TO_DATE = "up to date"
#: What a translation can be short of up to date, in the order summaries name them.
STATES = ("missing", "stale", "drifted", "orphan")
#: The text ``pelican-collab init`` puts before every line of a starter
#: translation ("[Translate into Faroese] …"): a placeholder that still has it
#: has not been translated, and is not stamped.
UNTRANSLATED_MARKER = "[Translate into "
#: Metadata that readers see, so a change to it is a change to the text.
TRANSLATED_METADATA = ("title", "overview_caption", "description", "summary")
INTRODUCTION = "(title and introduction)"

_HEADING = re.compile(r"^(#{2,3})\s+(.*?)\s*(?:\{[^}]*\})?\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK = re.compile(r"\[[^\]]*\]\([^)]+\)|<(?:https?|mailto):[^>]+>")


@dataclass(frozen=True, slots=True)
class Section:
    level: int  # 0 for the title and introduction, 2 or 3 for headings
    title: str
    text: str

    @property
    def name(self) -> str:
        return self.title or INTRODUCTION

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """One Markdown page as the freshness check sees it."""

    path: Path
    relative: str  # below the content folder, with forward slashes
    language: str
    key: str
    sections: tuple[Section, ...]
    links: int
    contacts: tuple[str, ...]
    placeholder: bool = False  # Translation-Status: placeholder (see site/metadata.py)

    @property
    def text(self) -> str:
        return "".join(section.text for section in self.sections)


@dataclass(frozen=True, slots=True)
class Row:
    """One page × language: its status and what a translator needs to see."""

    key: str
    language: str
    status: str
    source: str | None
    translation: str | None
    changed_sections: tuple[str, ...] = ()
    diff: str = ""
    drift: tuple[str, ...] = ()
    #: Words of the original in units not approved: what an agency quotes on (None: not counted).
    new_words: int | None = None
    #: Missing, but a placeholder (``Translation-Status: placeholder``) stands at
    #: its place: ``translation`` names that file.
    placeholder: bool = False

    @property
    def problem(self) -> str | None:
        """One line naming the files, or None when up to date."""
        if self.status == UP_TO_DATE:
            return None
        if self.status == "missing":
            if self.placeholder:
                return (
                    f"{self.source}: missing in {self.language} ({self.translation} is a placeholder, "
                    "not translated yet)"
                )
            return f"{self.source}: missing in {self.language} (no page with translation key {self.key!r})"
        if self.status == "orphan":
            return f"{self.translation}: orphan: its original (translation key {self.key!r}) is gone"
        changed = ", ".join(repr(name) for name in self.changed_sections)
        if self.status == "drifted":
            since = f"; changed in the original since the stamp: {changed}" if changed else ""
            return f"{self.translation}: drifted from {self.source}: {'; '.join(self.drift)}{since}"
        changed = changed or "never stamped"
        return f"{self.translation}: stale: changed in {self.source} since the stamp: {changed}"

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "language": self.language,
            "status": self.status,
            "source": self.source,
            "translation": self.translation,
            "changed_sections": list(self.changed_sections),
            "drift": list(self.drift),
            "diff": self.diff,
            "new_words": self.new_words,
            "placeholder": self.placeholder,
        }


@dataclass(frozen=True)
class CatalogState:
    language: str
    catalog: str | None  # the .po file, or None when the language has none
    untranslated: tuple[str, ...] = ()
    fuzzy: tuple[str, ...] = ()

    @property
    def problem(self) -> str | None:
        if self.catalog is None:
            return None  # a documented fallback (English interface text), reported but not an error
        parts = []
        if self.untranslated:
            parts.append(f"{len(self.untranslated)} untranslated")
        if self.fuzzy:
            parts.append(f"{len(self.fuzzy)} fuzzy")
        return f"{self.catalog}: {' and '.join(parts)} interface strings" if parts else None


@dataclass(frozen=True)
class StatusReport:
    source_language: str
    rows: tuple[Row, ...]
    catalogs: tuple[CatalogState, ...] = field(default=())
    #: Each translated original's section names, by path below the content folder (for the parallel views).
    section_names: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    #: The site's languages, in its order (summaries count per language in this order).
    languages: tuple[str, ...] = ()

    def with_new_words(self, counts: dict[tuple[str, str], int]) -> StatusReport:
        """This report with each row's new words, by (translation key, language); 0 where not given."""
        rows = tuple(
            dataclasses.replace(row, new_words=counts.get((row.key, row.language), 0)) for row in self.rows
        )
        return dataclasses.replace(self, rows=rows)

    @property
    def new_words(self) -> dict[str, int]:
        """New words per translation language (rows counted only)."""
        totals: dict[str, int] = {}
        for row in self.rows:
            if row.new_words is not None:
                totals[row.language] = totals.get(row.language, 0) + row.new_words
        return totals

    def state_counts(self) -> dict[str, dict[str, int]]:
        """For each translation state that occurs, its number of rows per language (in the site's order)."""
        order = {language: index for index, language in enumerate(self.languages)}
        counts: dict[str, dict[str, int]] = {}
        for state in STATES:
            found = Counter(row.language for row in self.rows if row.status == state)
            if found:
                codes = sorted(found, key=lambda code: (order.get(code, len(order)), code))
                counts[state] = {code: found[code] for code in codes}
        return counts

    def states_summary(self) -> str:
        """The translation states in a few words: ``3 missing (de 2, fo 1), 1 stale (en 1)``; "" if none."""
        return ", ".join(
            f"{sum(per_language.values())} {state} "
            f"({', '.join(f'{code} {count}' for code, count in per_language.items())})"
            for state, per_language in self.state_counts().items()
        )

    @property
    def problems(self) -> list[str]:
        lines = [row.problem for row in self.rows if row.problem]
        lines += [state.problem for state in self.catalogs if state.problem]
        return lines  # type: ignore[return-value]

    def as_json(self) -> dict[str, Any]:
        return {
            "source_language": self.source_language,
            "rows": [row.as_json() for row in self.rows],
            "catalogs": [
                {
                    "language": c.language,
                    "catalog": c.catalog,
                    "untranslated": list(c.untranslated),
                    "fuzzy": list(c.fuzzy),
                }
                for c in self.catalogs
            ],
            "new_words": self.new_words,
            "problems": self.problems,
        }


# Reading pages -------------------------------------------------------------


def read_document(path: Path, content: Path, language: str) -> Document:
    """Split a Markdown page into its translatable sections."""
    text = read_page_text(path)
    lines = text.splitlines(keepends=True)
    header = header_lines(lines)
    metadata = {key.replace("-", "_"): value for _, key, value in header}
    sections = split_sections(lines[len(header) :], metadata)
    relative = path.relative_to(content).as_posix()
    inside = relative.partition("/")[2]
    contacts = tuple(k.strip() for k in metadata.get("contacts", "").split(",") if k.strip())
    return Document(
        path=path,
        relative=relative,
        language=language,
        key=translation_key(metadata, inside),
        sections=sections,
        links=len(_LINK.findall(text)),
        contacts=contacts,
        placeholder=is_placeholder(metadata),
    )


def page_sections(text: str) -> tuple[Section, ...]:
    """The sections of a page's text, as a stamp records them (for pages not read from a file)."""
    lines = text.splitlines(keepends=True)
    header = header_lines(lines)
    metadata = {key.replace("-", "_"): value for _, key, value in header}
    return split_sections(lines[len(header) :], metadata)


def split_sections(lines: list[str], metadata: dict[str, str]) -> tuple[Section, ...]:
    """The title and introduction, then one section per h2/h3, of a page's body lines."""
    intro = "".join(f"{key}: {metadata[key]}\n" for key in TRANSLATED_METADATA if key in metadata)
    sections: list[Section] = []
    level, title, body = 0, "", [intro]
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line.rstrip("\n"))
        if match:
            sections.append(Section(level, title, _normalise("".join(body))))
            level, title, body = len(match.group(1)), match.group(2).strip(), [line]
        else:
            body.append(line)
    sections.append(Section(level, title, _normalise("".join(body))))
    return tuple(sections)


def _normalise(text: str) -> str:
    """Ignore trailing spaces and runs of blank lines: they change nothing a reader sees."""
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    squeezed: list[str] = []
    for line in lines:
        if line or (squeezed and squeezed[-1]):
            squeezed.append(line)
    return "\n".join(squeezed).strip("\n") + "\n"


def scan(
    content: Path, languages: list[str], ignore_files: tuple[str, ...]
) -> dict[str, dict[str, Document]]:
    """Every Markdown page, grouped by translation key and language."""
    return {
        key: {language: read_document(path, content, language) for language, path in group.items()}
        for key, group in scan_paths(content, languages, ignore_files).items()
    }


def scan_paths(
    content: Path, languages: list[str], ignore_files: tuple[str, ...]
) -> dict[str, dict[str, Path]]:
    """Every Markdown page's file, grouped by translation key and language (from its header alone).

    The files are the ones Pelican reads: names matching ``ignore_files`` (the
    site's ``IGNORE_FILES``, see :func:`site_paths`) are skipped.
    """
    groups: dict[str, dict[str, Path]] = defaultdict(dict)
    for language in languages:
        folder = content / language
        if not folder.is_dir():
            continue
        for path in content_files(folder, ignore_files):
            if path.suffix in MARKDOWN_SUFFIXES:  # as Pelican compares them: "x.MD" is no page
                metadata = {key.replace("-", "_"): value for _, key, value in metadata_lines(path)}
                inside = path.relative_to(content).as_posix().partition("/")[2]
                groups[translation_key(metadata, inside)].setdefault(language, path)
    return groups


# Stamps ----------------------------------------------------------------------


def load_stamps(path: Path) -> dict[str, Any]:
    """The stamps file, checked entry by entry; a missing file means no stamps."""
    if not path.is_file():
        return {}
    name = display_path(path)
    text = read_utf8(path)
    try:
        stamps = json.loads(text)
    except json.JSONDecodeError as error:
        raise CollabError(f"{name}:{error.lineno}: not valid JSON ({error.msg})") from None
    problem = _stamps_problem(stamps)
    if problem:
        entry, message = problem
        line = _line_of_entry(text, entry)
        where = f"{name}:{line}" if line else name
        raise CollabError(
            f"{where}: not a stamps file: {message} (only `invoke i18n.stamp` writes it; "
            "restore it from version control)"
        )
    return stamps


def _stamps_problem(stamps: Any) -> tuple[str | None, str] | None:
    """What is wrong with the stamps' shape, and in which entry; None when all is well."""
    if not isinstance(stamps, dict):
        return None, f"it holds a {_json_type(stamps)}, not an object of translations"
    for relative, entry in stamps.items():
        where = f"entry {relative!r}"
        if not isinstance(entry, dict):
            return relative, f"{where} is a {_json_type(entry)}, not an object"
        if not isinstance(entry.get("source"), str):
            return relative, f"{where} has no 'source' text"
        if not isinstance(entry.get("stamped", ""), str):
            return relative, f"{where}: 'stamped' is not a date in text"
        sections = entry.get("sections")
        if not isinstance(sections, list):
            return relative, f"{where} has no 'sections' list"
        for number, section in enumerate(sections):
            inside = f"{where} sections[{number}]"
            if not isinstance(section, dict):
                return relative, f"{inside} is a {_json_type(section)}, not an object"
            level = section.get("level")
            if not isinstance(level, int) or isinstance(level, bool) or level not in (0, 2, 3):
                return relative, f"{inside}: 'level' {level!r} is not 0, 2 or 3"
            for key in ("title", "text"):
                if not isinstance(section.get(key), str):
                    return relative, f"{inside} has no {key!r} text"
    return None


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number")


def _line_of_entry(text: str, entry: str | None) -> int | None:
    """The line where an entry's key is written (JSON's own encoding of it, or as is)."""
    if entry is None:
        return None
    for spelling in (json.dumps(entry, ensure_ascii=False), json.dumps(entry)):
        found = text.find(spelling + ":")
        if found < 0:
            found = text.find(spelling)
        if found >= 0:
            return text.count("\n", 0, found) + 1
    return None


def stamps_text(stamps: dict[str, Any]) -> str:
    """The stamps file's text (one JSON layout, whoever writes it)."""
    return json.dumps(stamps, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_atomically(writes: dict[Path, str]) -> None:
    """Every file written to a temporary file beside it first, then all moved into place.

    A failure while writing leaves every file as it was; the moves come only
    once every text is safely on disk.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in writes.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temporary = Path(name)
            staged.append((temporary, path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise CollabError(
            f"{display_path(path)}: cannot be written ({error.strerror}); nothing was changed"
        ) from None
    for temporary, path in staged:
        os.replace(temporary, path)


def stamp_entry(source: Document) -> dict[str, Any]:
    return sections_stamp(source.relative, source.sections)


def sections_stamp(source: str, sections: tuple[Section, ...]) -> dict[str, Any]:
    """A stamp against these sections of the original ``source`` (path below the content folder)."""
    return {
        "source": source,
        "stamped": date.today().isoformat(),
        "sections": [
            {"level": s.level, "title": s.title, "digest": s.digest, "text": s.text} for s in sections
        ],
    }


def stamped_sections(stamp: dict[str, Any]) -> tuple[Section, ...]:
    """The sections of the original as a stamp recorded them."""
    return tuple(Section(s["level"], s["title"], s["text"]) for s in stamp.get("sections", []))


# Comparing -------------------------------------------------------------------


def compare(source: Document, translation: Document, stamp: dict[str, Any] | None) -> Row:
    """The status of one translation against its source and its stamp.

    A drifted translation, like a stale one, carries what changed in its
    original since the stamp (when it has one): the section names and the diff.
    """
    common = {
        "key": source.key,
        "language": translation.language,
        "source": display_path(source.path),
        "translation": display_path(translation.path),
    }
    stamped = stamp is not None and stamp.get("source") == source.relative
    changed, diff = _changes_since(stamp, source, common["source"]) if stamped else ((), "")
    drift = structure_drift(source, translation)
    if drift:
        return Row(status="drifted", drift=tuple(drift), changed_sections=changed, diff=diff, **common)
    if not stamped:
        return Row(status="stale", **common)
    if not changed:
        return Row(status=UP_TO_DATE, **common)
    return Row(status="stale", changed_sections=changed, diff=diff, **common)


def _changes_since(stamp: dict[str, Any], source: Document, name: str) -> tuple[tuple[str, ...], str]:
    """The sections of the original changed since the stamp, and its unified diff since then."""
    stamped = list(stamped_sections(stamp))
    changed = changed_sections(stamped, list(source.sections))
    if not changed:
        return (), ""
    diff = "".join(
        difflib.unified_diff(
            "".join(s.text for s in stamped).splitlines(keepends=True),
            source.text.splitlines(keepends=True),
            fromfile=f"{name} (stamped {stamp.get('stamped', '?')})",
            tofile=f"{name} (now)",
        )
    )
    return tuple(changed), diff


def changed_sections(stamped: list[Section], current: list[Section]) -> list[str]:
    """Names of the sections added, removed or edited since the stamp, in reading order."""
    matcher = difflib.SequenceMatcher(
        a=[s.digest for s in stamped], b=[s.digest for s in current], autojunk=False
    )
    names: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for section in current[j1:j2] or stamped[i1:i2]:
            if section.name not in names:
                names.append(section.name)
    return names


def structure_drift(source: Document, translation: Document) -> list[str]:
    """How the translation's structure differs: sections and their levels, links, contacts."""
    differences = []
    source_levels = [s.level for s in source.sections if s.level]
    translation_levels = [s.level for s in translation.sections if s.level]
    if source_levels != translation_levels:
        differences.append(
            f"sections {_outline(translation_levels)} where the original has {_outline(source_levels)}"
        )
    if source.links != translation.links:
        differences.append(f"{translation.links} links where the original has {source.links}")
    if source.contacts != translation.contacts:
        differences.append(
            f"contacts {', '.join(translation.contacts) or 'none'} where the original has "
            f"{', '.join(source.contacts) or 'none'}"
        )
    return differences


def _outline(levels: list[int]) -> str:
    return f"{levels.count(2)}×h2/{levels.count(3)}×h3" if levels else "none"


def rows_for(
    groups: dict[str, dict[str, Document]], source_language: str, languages: list[str], stamps: dict[str, Any]
) -> list[Row]:
    rows: list[Row] = []
    for key in sorted(groups):
        group = groups[key]
        source = group.get(source_language)
        for language in languages:
            if language == source_language:
                continue
            translation = group.get(language)
            if source is None:
                if translation is not None:
                    rows.append(Row(key, language, "orphan", None, display_path(translation.path)))
            elif translation is None:
                rows.append(Row(key, language, "missing", display_path(source.path), None))
            elif translation.placeholder:
                rows.append(
                    Row(
                        key,
                        language,
                        "missing",
                        display_path(source.path),
                        display_path(translation.path),
                        placeholder=True,
                    )
                )
            else:
                rows.append(compare(source, translation, stamps.get(translation.relative)))
    return rows


# The public entry points -------------------------------------------------------------


@dataclass(frozen=True)
class _Config:
    content: Path
    languages: list[str]
    source_language: str
    stamps_file: Path
    locale_dirs: list[Path]
    ignore_files: tuple[str, ...]


def site_paths(settings: dict[str, Any]) -> _Config:
    """The content folder, languages, source language, stamps file and catalog folders of a site."""
    return _config(settings)


def _config(settings: dict[str, Any]) -> _Config:
    from ..site.settings import DEFAULTS, PACKAGE_LOCALE_DIR, check_setting_types

    check_setting_types(settings)

    def value(key: str) -> Any:
        return settings.get(key, DEFAULTS[key])

    languages = list(value("COLLAB_LANGUAGES"))
    source = value("COLLAB_DEFAULT_LANGUAGE") or (languages[0] if languages else None)
    if not languages or source not in languages:
        raise CollabError("COLLAB_LANGUAGES / COLLAB_DEFAULT_LANGUAGE: no source language")
    content = Path(settings["PATH"])
    return _Config(
        content=content,
        languages=languages,
        source_language=source,
        stamps_file=content / value("COLLAB_STAMPS_FILE"),
        locale_dirs=[*map(Path, value("COLLAB_LOCALE_DIRS")), PACKAGE_LOCALE_DIR],
        ignore_files=ignore_patterns(settings),
    )


def translation_status(settings: dict[str, Any]) -> StatusReport:
    """Every page × language, and the theme catalogs, for the site of these settings."""
    config = _config(settings)
    stamps = load_stamps(config.stamps_file)
    rows: list[Row] = []
    names: dict[str, tuple[str, ...]] = {}
    # One translation group at a time, so that only its pages' text is held.
    for key, paths in sorted(scan_paths(config.content, config.languages, config.ignore_files).items()):
        group = {language: read_document(path, config.content, language) for language, path in paths.items()}
        rows += rows_for({key: group}, config.source_language, config.languages, stamps)
        source = group.get(config.source_language)
        if source is not None and len(group) > 1:
            # The parallel views mark an original's changed sections by name.
            names[source.relative] = tuple(section.name for section in source.sections)
    return StatusReport(
        config.source_language, tuple(rows), catalog_states(config), names, tuple(config.languages)
    )


@dataclass(frozen=True)
class Stamped:
    """What one stamp run did, file by file."""

    #: (translation, original) for each translation stamped, in the order given.
    stamped: tuple[tuple[Path, Path], ...] = ()
    #: The placeholders among them, whose ``Translation-Status: placeholder`` line was removed.
    unmarked: tuple[Path, ...] = ()
    #: Placeholders an original's ``--all`` passed over: they are not translations yet.
    skipped: tuple[Path, ...] = ()

    def lines(self) -> list[str]:
        """One line per file, then a summary."""
        lines = []
        for translation, original in self.stamped:
            removed = (
                f"; removed its {TRANSLATION_STATUS.title()}: {PLACEHOLDER} line"
                if translation in self.unmarked
                else ""
            )
            lines.append(f"stamped {display_path(translation)} against {display_path(original)}{removed}")
        lines += [f"skipped {display_path(path)}: a placeholder, not translated yet" for path in self.skipped]
        count = len(self.stamped)
        summary = f"{count} translation{'' if count == 1 else 's'} stamped"
        if self.unmarked:
            were = "was a placeholder" if len(self.unmarked) == 1 else "were placeholders"
            summary += f" ({len(self.unmarked)} {were})"
        if self.skipped:
            summary += f", {len(self.skipped)} placeholder{'' if len(self.skipped) == 1 else 's'} skipped"
        return [*lines, summary]


def stamp(settings: dict[str, Any], paths: list[Path], all_translations: bool = False) -> Stamped:
    """Record the original's current state for these translations.

    A translation stamps itself. An original is refused, naming its
    translations, unless ``all_translations``: then every translation of it is
    stamped but placeholders, which are skipped. A placeholder named itself is
    stamped once its text is translated (no line still carries init's
    "[Translate into …]" marker): its ``Translation-Status: placeholder`` line
    is removed, the rest of the file kept byte for byte. Every problem is found
    before anything is written; then the pages and the stamps file are written
    at once.
    """
    config = _config(settings)
    groups = scan(config.content, config.languages, config.ignore_files)
    by_path = {doc.path.resolve(): doc for group in groups.values() for doc in group.values()}
    chosen: dict[Path, tuple[Document, Document]] = {}  # translation file: (translation, original)
    passed_over: list[Document] = []
    for path in paths:
        document = by_path.get(Path(path).resolve())
        if document is None:
            raise CollabError(
                f"{display_path(path)}: not a Markdown page in a language folder of {config.content}"
            )
        group = groups[document.key]
        source = group.get(config.source_language)
        if source is None:
            raise CollabError(
                f"{display_path(path)}: has no original in {config.source_language} to stamp against"
            )
        if document is not source:
            chosen[document.path] = (document, source)
            continue
        translations = [
            group[code] for code in config.languages if code in group and group[code] is not source
        ]
        if not all_translations:
            raise CollabError(_original_refused(source, translations))
        for translation in translations:
            if translation.placeholder:
                passed_over.append(translation)
            else:
                chosen.setdefault(translation.path, (translation, source))
    writes: dict[Path, str] = {}
    stamps = load_stamps(config.stamps_file)
    for translation, source in chosen.values():
        if translation.placeholder:
            writes[translation.path] = _without_placeholder_line(translation.path)
        stamps[translation.relative] = stamp_entry(source)
    if chosen:
        writes[config.stamps_file] = stamps_text(stamps)
        write_atomically(writes)
    return Stamped(
        stamped=tuple((translation.path, source.path) for translation, source in chosen.values()),
        unmarked=tuple(translation.path for translation, _ in chosen.values() if translation.placeholder),
        skipped=tuple(doc.path for doc in passed_over if doc.path not in chosen),
    )


def _original_refused(source: Document, translations: list[Document]) -> str:
    name = display_path(source.path)
    if not translations:
        return f"{name} is an original and has no translations: nothing to stamp"
    listed = ", ".join(
        display_path(doc.path) + (" (placeholder)" if doc.placeholder else "") for doc in translations
    )
    return f"{name} is an original: its translations are {listed}; stamp those, or give --all"


def _without_placeholder_line(path: Path) -> str:
    """The placeholder's text without its ``Translation-Status: placeholder`` line, or an
    error naming the first line that still carries init's "[Translate into …]" marker."""
    with open(path, encoding="utf-8", newline="") as handle:  # keep the file's own line endings
        lines = handle.read().splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if UNTRANSLATED_MARKER in line:
            raise CollabError(
                f"{display_path(path)}:{number}: a placeholder still marked "
                f'"{UNTRANSLATED_MARKER}…]"; translate every marked line, then stamp it'
            )
    status_lines = [number for number, key, value in header_lines(lines) if is_placeholder({key: value})]
    return "".join(line for number, line in enumerate(lines, start=1) if number not in status_lines)


def catalog_states(config: _Config) -> tuple[CatalogState, ...]:
    """Untranslated and fuzzy interface strings per configured language."""
    # Imported here: only the freshness check reads .po files, and a build with
    # workers runs that check in one of them.
    from babel.messages.pofile import read_po

    states = []
    for language in config.languages:
        for directory in config.locale_dirs:
            po = directory / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"
            if po.is_file():
                with po.open("rb") as handle:
                    catalog = read_po(handle, locale=None)
                messages = [m for m in catalog if m.id]
                states.append(
                    CatalogState(
                        language,
                        display_path(po),
                        untranslated=tuple(str(m.id) for m in messages if not m.string),
                        fuzzy=tuple(str(m.id) for m in messages if m.fuzzy),
                    )
                )
                break
        else:
            states.append(CatalogState(language, None))
    return tuple(states)


def format_report(report: StatusReport, with_diffs: bool = True) -> str:
    """The status as text for people: a row per page × language, then the catalogs."""
    lines = [f"Translations (source language: {report.source_language})"]
    width = max([len(row.key) for row in report.rows] + [3])
    for row in report.rows:
        where = row.translation or row.source or ""
        detail = ""
        if row.status == "stale":
            detail = ": " + (", ".join(row.changed_sections) or "never stamped")
        elif row.status == "drifted":
            detail = ": " + "; ".join(row.drift)
            if row.changed_sections:
                detail += "; changed in the original since the stamp: " + ", ".join(row.changed_sections)
        elif row.placeholder:
            detail = ": a placeholder, not translated yet"
        if row.new_words:
            detail += f" ({row.new_words} new word{'s' if row.new_words != 1 else ''})"
        lines.append(f"  {row.key:<{width}}  {row.language:<5}  {row.status:<10}  {where}{detail}")
        if with_diffs and row.diff:
            lines.extend("      " + line for line in row.diff.rstrip("\n").splitlines())
    if not report.rows:
        lines.append("  (no translated pages)")
    if report.new_words:
        lines.append("New words to translate (what an agency quotes on)")
        lines.extend(f"  {language:<5}  {words}" for language, words in report.new_words.items())
    lines.append("Interface text (theme catalogs)")
    for state in report.catalogs:
        if state.catalog is None:
            lines.append(f"  {state.language:<5}  no catalog: English interface text is shown")
        else:
            lines.append(
                f"  {state.language:<5}  {len(state.untranslated)} untranslated, {len(state.fuzzy)} fuzzy"
                f"  ({state.catalog})"
            )
    problems = report.problems
    lines.append(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return "\n".join(lines)
