"""The ``pelican-collab`` command: build, check, init a site; bad input is one line and exit 1."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import __version__
from ..engine.build import build, load_settings
from ..errors import CollabError
from ..translation import exchange
from ..translation.freshness import format_report, stamp
from . import checks, scaffold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pelican-collab", description="Multilingual narrative sites with Pelican."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the site in one Pelican run")
    build_command.add_argument(
        "-s", "--settings", default="pelicanconf.py", help="settings file (default: %(default)s)"
    )
    build_command.add_argument("-o", "--output", help="output folder (default: OUTPUT_PATH)")
    build_command.add_argument(
        "--keep-unchanged",
        action="store_true",
        help="keep the output files whose inputs did not change (the editing loop; never for publishing)",
    )
    status_command = commands.add_parser("status", help="translation status: one row per page × language")
    status_command.add_argument(
        "-s", "--settings", default="pelicanconf.py", help="settings file (default: %(default)s)"
    )
    status_command.add_argument("--json", action="store_true", help="print JSON for machines")
    status_command.add_argument(
        "--strict", action="store_true", help="exit 1 unless everything is up to date"
    )
    stamp_command = commands.add_parser("stamp", help="mark translations as made from the current original")
    stamp_command.add_argument("paths", nargs="+", type=Path, help="translated pages")
    stamp_command.add_argument(
        "--all",
        action="store_true",
        help="the paths are originals: stamp every translation of them (placeholders are skipped)",
    )
    stamp_command.add_argument(
        "-s", "--settings", default="pelicanconf.py", help="settings file (default: %(default)s)"
    )
    export_command = commands.add_parser(
        "export", help="write what needs translating as XLIFF 2.1 (or XLIFF 1.2, PO) for an agency"
    )
    export_command.add_argument("--lang", help="target language(s), comma-separated (default: all)")
    export_command.add_argument(
        "--all", action="store_true", help="every page, not only missing, stale or drifted ones"
    )
    export_command.add_argument("--format", default="xliff2", choices=exchange.FORMATS)
    export_command.add_argument("-o", "--output", default="export", help="folder (default: %(default)s)")
    export_command.add_argument(
        "--per-page", action="store_true", help="one file per page instead of one per language"
    )
    export_command.add_argument("--memory", action="store_true", help="also write the TMX and TBX files")
    import_command = commands.add_parser(
        "import", help="check returned XLIFF/PO files, then write and stamp the translations"
    )
    import_command.add_argument("files", nargs="+", type=Path, help="returned XLIFF or PO files")
    memory_command = commands.add_parser(
        "memory", help="write the TMX memory of approved pairs and the TBX termbase of the glossary"
    )
    memory_command.add_argument("--lang", help="target language(s), comma-separated (default: all)")
    memory_command.add_argument("-o", "--output", default="export", help="folder (default: %(default)s)")
    for command in (export_command, import_command, memory_command):
        command.add_argument(
            "-s", "--settings", default="pelicanconf.py", help="settings file (default: %(default)s)"
        )
    init_command = commands.add_parser(
        "init", help="start a new partnership site in DIR (asks, or takes options and --no-input)"
    )
    scaffold.add_arguments(init_command)
    check_command = commands.add_parser(
        "check", help="build, then check for defects (links, HTML, sitemap, catalogs) and translation states"
    )
    check_command.add_argument(
        "-s", "--settings", default="pelicanconf.py", help="settings file (default: %(default)s)"
    )
    check_command.add_argument("--no-build", action="store_true", help="check the output as it is")
    check_command.add_argument(
        "--strict", action="store_true", help="translation states (missing, stale, …) fail the check too"
    )
    arguments = parser.parse_args(argv)
    if arguments.command == "init":
        return scaffold.run(arguments)

    try:
        if arguments.command == "check":
            return _check(arguments)
        if arguments.command == "status":
            return _status(arguments)
        if arguments.command in ("export", "import", "memory"):
            return _exchange(arguments)
        if arguments.command == "stamp":
            settings = load_settings(arguments.settings)
            stamped = stamp(settings, arguments.paths, all_translations=arguments.all)
            print("\n".join(stamped.lines()))
            return 0
        overrides = {"OUTPUT_PATH": arguments.output} if arguments.output else None
        report = build(arguments.settings, overrides, keep_unchanged=arguments.keep_unchanged)
    except Exception as error:  # one line for people; tracebacks help nobody here
        print(f"pelican-collab: error: {describe(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C before or after the build itself
        print("pelican-collab: error: stopped by SIGINT", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _check(arguments: argparse.Namespace) -> int:
    if not arguments.no_build:
        print(build(arguments.settings).summary())
    report = checks.check_site(load_settings(arguments.settings), strict=arguments.strict, progress=print)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def _exchange(arguments: argparse.Namespace) -> int:
    settings = load_settings(arguments.settings)
    project = Path(arguments.settings).resolve().parent
    languages = arguments.lang.split(",") if getattr(arguments, "lang", None) else None
    if arguments.command == "export":
        written = exchange.export_files(
            settings,
            Path(arguments.output),
            languages,
            everything=arguments.all,
            file_format=arguments.format,
            per_page=arguments.per_page,
            project=project,
            with_memory=arguments.memory,
        )
        for item in written:
            print(f"wrote {item.path}: {item.pages} page(s), {item.units} units, {item.new_words} new words")
        if not written:
            print("nothing to export: every translation is up to date (--all exports every page)")
    elif arguments.command == "import":
        for item in exchange.import_files(settings, arguments.files, project):
            how = "created" if item.created else f"updated ({item.changed_blocks} change(s))"
            print(f"{how} {item.path}, stamped against {item.source} as exported")
    else:
        for path in exchange.write_memory(settings, Path(arguments.output), languages, project):
            print(f"wrote {path}")
    return 0


def _status(arguments: argparse.Namespace) -> int:
    settings = load_settings(arguments.settings)
    report = exchange.status_with_words(settings, Path(arguments.settings).resolve().parent)
    if arguments.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 1 if arguments.strict and report.problems else 0


def describe(error: BaseException) -> str:
    """An error for people: our own messages as they are, others with their type.

    One line, except where a message lists several problems (a strict
    translation check): then the first line says what failed and each further
    line names one file.
    """
    if isinstance(error, CollabError):
        return "\n".join(" ".join(line.split()) for line in str(error).splitlines())
    return " ".join(f"{type(error).__name__}: {error}".split())
