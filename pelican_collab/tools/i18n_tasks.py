"""The ``i18n.*`` invoke tasks of a site: translation status and stamps, and the
exchange with translation agencies.

The theme's own catalogs are maintained with the pelican-collab repository's
``tasks.py`` (``i18n.extract``, ``i18n.update``, ``i18n.compile``), not here.
"""

from __future__ import annotations

import json as json_module
import shlex
from pathlib import Path

from invoke import Collection, task
from invoke.exceptions import Exit

from ..engine.build import load_settings
from ..errors import CollabError
from ..translation import exchange
from ..translation.freshness import format_report
from ..translation.freshness import stamp as stamp_pages

SETTINGS = "pelicanconf.py"


def _settings(settings: str) -> dict:
    try:
        return load_settings(settings)
    except CollabError as error:
        raise Exit(f"error: {error}", code=1) from None


@task(
    help={
        "settings": f"settings file (default {SETTINGS})",
        "json": "print the status as JSON for machines",
        "strict": "exit 1 unless every translation is up to date",
    }
)
def status(c, settings=SETTINGS, json=False, strict=False):
    """One row per page × language: up to date / missing / stale / orphan / drifted."""
    try:
        report = exchange.status_with_words(_settings(settings), Path(settings).resolve().parent)
    except CollabError as error:
        raise Exit(f"error: {error}", code=1) from None
    if json:
        print(json_module.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    if strict and report.problems:
        raise Exit(f"{len(report.problems)} translation problems (--strict)", code=1)


@task(
    positional=["path"],
    help={
        "path": "a translated page to mark as up to date with its original",
        "all": "PATH is an original: stamp every translation of it (placeholders are skipped)",
        "settings": f"settings file (default {SETTINGS})",
    },
)
def stamp(c, path, all=False, settings=SETTINGS):
    """Record the original's current state for a translation a translator has brought up to date."""
    try:
        stamped = stamp_pages(_settings(settings), [Path(path)], all_translations=all)
    except CollabError as error:
        raise Exit(f"error: {error}", code=1) from None
    print("\n".join(stamped.lines()))


def _languages(lang: str | None) -> list[str] | None:
    return [code.strip() for code in lang.split(",") if code.strip()] if lang else None


@task(
    name="export",
    help={
        "lang": "target language(s), comma-separated (default: every translation language)",
        "all": "every page, not only those missing, stale or drifted",
        "format": "xliff2 (XLIFF 2.1, the default), xliff1 (XLIFF 1.2) or po",
        "output": "folder for the files (default export)",
        "per_page": "one file per page instead of one per target language",
        "memory": "also write the TMX memory and the TBX termbase",
        "settings": f"settings file (default {SETTINGS})",
    },
)
def export_task(
    c, lang=None, all=False, format="xliff2", output="export", per_page=False, memory=False, settings=SETTINGS
):
    """Write what needs translating as XLIFF (or PO) for a translation agency."""
    try:
        written = exchange.export_files(
            _settings(settings),
            Path(output),
            _languages(lang),
            everything=all,
            file_format=format,
            per_page=per_page,
            project=Path(settings).resolve().parent,
            with_memory=memory,
        )
    except CollabError as error:
        raise Exit(f"error: {error}", code=1) from None
    for item in written:
        print(f"wrote {item.path}: {item.pages} page(s), {item.units} units, {item.new_words} new words")
    if not written:
        print("nothing to export: every translation is up to date (--all exports every page)")


@task(
    name="import",
    positional=["files"],
    help={
        "files": "returned XLIFF or PO file(s): one, several comma-separated, or more after --",
        "settings": f"settings file (default {SETTINGS})",
    },
)
def import_task(c, files, settings=SETTINGS):
    """Check returned files, then write the translations and stamp them (nothing on any error)."""
    names = [name for name in files.split(",") if name] + shlex.split(getattr(c, "remainder", "") or "")
    if not names:
        raise Exit("error: name the returned file(s): invoke i18n.import FILE[,FILE…] [-- FILE…]", code=1)
    try:
        done = exchange.import_files(
            _settings(settings), [Path(name) for name in names], Path(settings).resolve().parent
        )
    except CollabError as error:
        raise Exit(f"error: {error}", code=1) from None
    for item in done:
        how = "created" if item.created else f"updated ({item.changed_blocks} change(s))"
        print(f"{how} {item.path}, stamped against {item.source} as exported")
    print(f"{len(done)} translation{'s' if len(done) != 1 else ''} imported")


@task(
    help={
        "lang": "target language(s), comma-separated (default: every translation language)",
        "output": "folder for the files (default export)",
        "settings": f"settings file (default {SETTINGS})",
    }
)
def memory(c, lang=None, output="export", settings=SETTINGS):
    """Write the translation memory (TMX 1.4b, approved pairs) and the termbase (TBX, the glossary)."""
    try:
        written = exchange.write_memory(
            _settings(settings), Path(output), _languages(lang), Path(settings).resolve().parent
        )
    except CollabError as error:
        raise Exit(f"error: {error}", code=1) from None
    for path in written:
        print(f"wrote {path}")


i18n = Collection("i18n", status, stamp, export_task, import_task, memory)
