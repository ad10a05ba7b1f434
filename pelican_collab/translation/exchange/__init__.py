"""Exchange with translation agencies: XLIFF (2.1, 1.2) and PO out and back, TMX and TBX.

- :mod:`.markdown` reads a page into units (blocks, inline codes, sentences, ids)
  and writes translated units back as Markdown;
- :mod:`.plan` decides, per page and language, which units are approved,
  changed or new;
- :mod:`.xliff2`, :mod:`.xliff1`, :mod:`.po` write and read the files;
- :mod:`.importer` checks a returned file and writes the translations;
- :mod:`.memory` writes the TMX memory and the TBX termbase;
- :mod:`.glossary` reads the glossary table.

The entry points are :func:`export_files`, :func:`import_files`,
:func:`write_memory` and :func:`new_words`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import CollabError
from ..freshness import StatusReport, load_stamps, scan_paths, translation_status, write_atomically
from . import po, xliff1, xliff2
from .importer import Imported, import_files
from .memory import memory_files
from .model import FORMATS, SUFFIXES
from .plan import PageExport, exchange_config, page_export, plan_export

__all__ = [
    "FORMATS",
    "Imported",
    "export_files",
    "import_files",
    "new_words",
    "status_with_words",
    "with_new_words",
    "write_memory",
]

_WRITERS = {"xliff2": xliff2.write, "xliff1": xliff1.write, "po": po.write}


@dataclass(frozen=True)
class Exported:
    path: Path
    language: str
    pages: int
    units: int
    new_words: int


def export_files(
    settings: dict[str, Any],
    output: Path,
    languages: list[str] | None = None,
    everything: bool = False,
    file_format: str = "xliff2",
    per_page: bool = False,
    project: Path | None = None,
    with_memory: bool = False,
) -> list[Exported]:
    """Write what needs translating: one file per target language, or one per page."""
    if file_format not in _WRITERS:
        raise CollabError(f"--format {file_format}: choose one of {', '.join(FORMATS)}")
    exports = plan_export(settings, languages, everything, project)
    config = exchange_config(settings, project)
    by_file: dict[Path, list[PageExport]] = defaultdict(list)
    suffix = SUFFIXES[file_format]
    for exported in exports:
        name = f"{config.source_language}-{exported.language}"
        path = output / name / f"{exported.key}{suffix}" if per_page else output / f"{name}{suffix}"
        by_file[path].append(exported)
    writes: dict[Path, str | bytes] = {}
    result = []
    for path, pages in by_file.items():
        language = pages[0].language
        writes[path] = _WRITERS[file_format](pages, config.source_language, language)
        result.append(
            Exported(
                path,
                language,
                len(pages),
                sum(len(page.entries) for page in pages),
                sum(page.new_words for page in pages),
            )
        )
    if with_memory:
        targets = sorted({exported.language for exported in exports}) or [
            code for code in config.languages if code != config.source_language
        ]
        for name, data in memory_files(settings, targets, config).items():
            writes[output / name] = data
    _write(writes)
    return result


def write_memory(
    settings: dict[str, Any], output: Path, languages: list[str] | None = None, project: Path | None = None
) -> list[Path]:
    """The TMX memory per target language and the TBX termbase, in ``output``."""
    config = exchange_config(settings, project)
    others = [code for code in config.languages if code != config.source_language]
    for code in languages or []:
        if code not in others:
            raise CollabError(f"--lang {code}: not a translation language of this site ({', '.join(others)})")
    files = memory_files(settings, list(languages or others), config)
    writes: dict[Path, str | bytes] = {output / name: data for name, data in files.items()}
    _write(writes)
    return list(writes)


def _write(writes: dict[Path, str | bytes]) -> None:
    texts = {path: data.decode("utf-8") if isinstance(data, bytes) else data for path, data in writes.items()}
    write_atomically(texts)


def new_words(
    settings: dict[str, Any], report: StatusReport, project: Path | None = None
) -> dict[tuple[str, str], int]:
    """The words an agency would be paid for, per (translation key, language) not up to date."""
    wanted = {(row.key, row.language) for row in report.rows if row.status in ("missing", "stale", "drifted")}
    if not wanted:
        return {}
    config = exchange_config(settings, project)
    stamps = load_stamps(config.stamps_file)
    counts: dict[tuple[str, str], int] = {}
    for key, paths in scan_paths(config.content, config.languages, config.ignore_files).items():
        source = paths.get(config.source_language)
        if source is None:
            continue
        for language in config.languages:
            if (key, language) in wanted:
                exported = page_export(config, key, source, paths.get(language), language, stamps, [])
                counts[(key, language)] = exported.new_words
    return counts


def status_with_words(settings: dict[str, Any], project: Path | None = None) -> StatusReport:
    """The translation status with each row's new words (what an agency quotes on)."""
    return with_new_words(settings, translation_status(settings), project)


def with_new_words(
    settings: dict[str, Any], report: StatusReport, project: Path | None = None
) -> StatusReport:
    """``report`` with each row's new words."""
    try:
        counts = new_words(settings, report, project)
    except (OSError, UnicodeDecodeError):  # the status itself already read these files
        counts = {}
    return report.with_new_words(counts)
