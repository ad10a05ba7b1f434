"""The ``i18n.*`` invoke tasks: translation status and stamps, and the theme's catalogs.

The catalog tasks wrap Babel's own ``pybabel`` commands for the templates of
a pelican-collab checkout (``babel.cfg`` and ``pelican_collab/locale``).
"""

from __future__ import annotations

import json as json_module
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from invoke import Collection, task
from invoke.exceptions import Exit

from ..engine.build import load_settings
from ..errors import CollabError
from ..translation.freshness import format_report, translation_status
from ..translation.freshness import stamp as stamp_pages

SETTINGS = "pelicanconf.py"
MAPPING = "babel.cfg"
CATALOGS = "pelican_collab/locale"
TEMPLATE = f"{CATALOGS}/messages.pot"


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
        report = translation_status(_settings(settings))
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
        "path": "a translated page (or an original: all its translations) to mark as up to date",
        "settings": f"settings file (default {SETTINGS})",
    },
)
def stamp(c, path, settings=SETTINGS):
    """Record the original's current state for a translation a translator has brought up to date."""
    try:
        stamped = stamp_pages(_settings(settings), [Path(path)])
    except CollabError as error:
        raise Exit(f"error: {error}", code=1) from None
    for page in stamped:
        print(f"stamped {page}")
    print(f"{len(stamped)} translation{'s' if len(stamped) != 1 else ''} stamped")


def _pybabel(*arguments: str) -> None:
    if not Path(MAPPING).is_file():
        raise Exit(
            f"error: {MAPPING} not found: the catalog tasks work on the theme in a pelican-collab checkout",
            code=1,
        )
    CommandLineInterface().run(["pybabel", *arguments])


@task
def extract(c):
    """Collect the templates' interface strings into the catalog template (messages.pot)."""
    _pybabel(
        "extract",
        "-F",
        MAPPING,
        "-o",
        TEMPLATE,
        "--no-location",
        "--sort-output",
        "--project",
        "pelican-collab",
        ".",
    )


@task
def update(c):
    """Merge the catalog template into every language's messages.po (new strings untranslated)."""
    _pybabel("update", "-i", TEMPLATE, "-d", CATALOGS, "--ignore-obsolete")


@task(name="compile")
def compile_catalogs(c):
    """Compile every messages.po to the messages.mo the wheel ships."""
    _pybabel("compile", "-d", CATALOGS, "--statistics")


i18n = Collection("i18n", status, stamp, extract, update, compile_catalogs)
