"""The ``pelican-collab`` command: build a site; bad input is one line and exit 1."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .build import build
from .errors import CollabError


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
    arguments = parser.parse_args(argv)

    overrides = {"OUTPUT_PATH": arguments.output} if arguments.output else None
    try:
        report = build(arguments.settings, overrides)
    except Exception as error:  # one line for people; tracebacks help nobody here
        print(f"pelican-collab: error: {describe(error)}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def describe(error: BaseException) -> str:
    """One line for an error: our own messages as they are, others with their type."""
    text = str(error) if isinstance(error, CollabError) else f"{type(error).__name__}: {error}"
    return " ".join(text.split())
