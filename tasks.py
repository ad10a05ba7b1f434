"""This repository's tasks: `invoke --list`.

The repository is a pelican-collab site (the Silkeborg–Viborg narrative), so
it has every task a site has (``pelican_collab.tools.tasks``), plus the
maintainers' tasks, which work on this checkout only and so do not ship in the
package every site imports:

- ``bench``: build time against lean Pelican, i18n_subsites and Hugo;
- ``i18n.extract``, ``i18n.update``, ``i18n.compile``: the theme's interface
  text, with Babel's own ``pybabel`` commands (README: Interface text).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from invoke import Collection, task
from invoke.exceptions import Exit

from pelican_collab.tools.tasks import namespace as site_tasks

ROOT = Path(__file__).resolve().parent
MAPPING = ROOT / "babel.cfg"
CATALOGS = ROOT / "pelican_collab" / "locale"
TEMPLATE = CATALOGS / "messages.pot"


@task(help={"quick": "smoke test: small sites, 2 runs; results go to the work folder, not benchmarks/"})
def bench(c, quick=False):
    """Benchmark build time against lean Pelican, i18n_subsites and Hugo (writes benchmarks/RESULTS.md)."""
    runner = ROOT / "benchmarks" / "run.py"
    code = subprocess.run([sys.executable, str(runner), *(["--quick"] if quick else [])]).returncode
    if code:
        raise Exit(f"error: benchmarks/run.py exited with status {code}", code=code)


def _pybabel(*arguments: str) -> None:
    try:
        CommandLineInterface().run(["pybabel", *arguments])
    except SystemExit as stop:  # pybabel exits on bad input; say so as a task does
        if stop.code:
            raise Exit(f"error: pybabel {arguments[0]} failed", code=1) from None


def _strings(catalog: Path, locale: str | None = None) -> list:
    with open(catalog, "rb") as handle:
        return [message for message in read_po(handle, locale=locale) if message.id]


def _untranslated(message) -> bool:
    forms = [message.string] if isinstance(message.string, str) else list(message.string)
    return message.fuzzy or not all(forms)


@task
def extract(c):
    """Collect the templates' interface strings into the catalog template (messages.pot)."""
    _pybabel(
        "extract",
        "-F",
        str(MAPPING),
        "-o",
        str(TEMPLATE),
        "--no-location",
        "--sort-output",
        "--project",
        "pelican-collab",
        str(ROOT),
    )
    print(f"extracted {len(_strings(TEMPLATE))} strings into {TEMPLATE.relative_to(ROOT)}")


@task
def update(c):
    """Merge the catalog template into every language's messages.po (new strings untranslated)."""
    _pybabel("update", "-i", str(TEMPLATE), "-d", str(CATALOGS), "--ignore-obsolete")
    catalogs = sorted(CATALOGS.glob("*/LC_MESSAGES/messages.po"))
    untranslated = {
        po.parent.parent.name: sum(1 for m in _strings(po, po.parent.parent.name) if _untranslated(m))
        for po in catalogs
    }
    counts = ", ".join(f"{code}: {count}" for code, count in untranslated.items())
    print(f"updated {len(catalogs)} catalogs; untranslated or fuzzy strings ({counts})")


@task(name="compile")
def compile_catalogs(c):
    """Compile every messages.po to the messages.mo the wheel ships."""
    _pybabel("compile", "-d", str(CATALOGS), "--statistics")
    compiled = sorted(CATALOGS.glob("*/LC_MESSAGES/messages.mo"))
    print(f"compiled {len(compiled)} catalogs in {CATALOGS.relative_to(ROOT)}")


def repository_tasks() -> Collection:
    """A site's tasks (copied, so the package's collection stays as every site sees it), plus ours."""
    namespace = Collection()
    for name, site_task in site_tasks.tasks.items():
        namespace.add_task(site_task, name=name)
    namespace.add_task(bench)
    i18n = Collection("i18n")
    for name, site_task in site_tasks.collections["i18n"].tasks.items():
        i18n.add_task(site_task, name=name)
    for maintainer_task in (extract, update, compile_catalogs):
        i18n.add_task(maintainer_task)
    namespace.add_collection(i18n)
    namespace.configure(site_tasks.configuration())
    return namespace


namespace = repository_tasks()
