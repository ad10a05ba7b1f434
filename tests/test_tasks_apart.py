"""A site's tasks apart from this repository's maintainer tasks (issue 13).

``pelican_collab.tools.tasks`` is what every site's ``tasks.py`` imports: only
a site's tasks. The benchmark and the theme's catalog tasks work on a checkout
of pelican-collab only, and live in the repository's own ``tasks.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from .conftest import REPOSITORY

SITE_TASKS = {
    "clean",
    "build",
    "rebuild",
    "regenerate",
    "serve",
    "reserve",
    "preview",
    "livereload",
    "check",
    "publish",
    "gh-pages",
    "i18n.status",
    "i18n.stamp",
    "i18n.export",
    "i18n.import",
    "i18n.memory",
}
MAINTAINER_TASKS = {"bench", "i18n.extract", "i18n.update", "i18n.compile"}


def invoke(arguments: list[str], cwd: Path, python: Path | str = sys.executable) -> str:
    result = subprocess.run(
        [str(python), "-m", "invoke", *arguments], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"invoke {' '.join(arguments)}: {result.stdout}{result.stderr}"
    return result.stdout


def listed_tasks(cwd: Path, python: Path | str = sys.executable) -> set[str]:
    """The task names `invoke --list` shows in ``cwd`` (read from its JSON form)."""
    listing = json.loads(invoke(["--list", "--list-format=json"], cwd, python))

    def names(collection: dict, prefix: str) -> set[str]:
        found = {prefix + task["name"] for task in collection["tasks"]}
        for child in collection["collections"]:
            found |= names(child, f"{prefix}{child['name']}.")
        return found

    return names(listing, "")


def test_a_site_made_by_init_lists_only_a_sites_tasks(tmp_path: Path) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "pelican_collab", "init", "site", "--no-input"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert listed_tasks(tmp_path / "site") == SITE_TASKS
    plain = invoke(["--list"], tmp_path / "site")
    assert "bench" not in plain and "extract" not in plain


def test_the_repository_lists_the_maintainer_tasks_too() -> None:
    assert listed_tasks(REPOSITORY) == SITE_TASKS | MAINTAINER_TASKS


def test_the_maintainer_catalog_tasks_work_on_a_copy_of_the_repository(tmp_path: Path) -> None:
    """extract, update and compile, as the README runs them, give the committed catalogs' messages."""
    copy = tmp_path / "checkout"
    copy.mkdir()
    shutil.copy(REPOSITORY / "tasks.py", copy)
    shutil.copy(REPOSITORY / "babel.cfg", copy)
    shutil.copytree(REPOSITORY / "themes", copy / "themes")
    # The whole package: invoke puts the checkout first on sys.path, so its pelican_collab is imported.
    shutil.copytree(
        REPOSITORY / "pelican_collab",
        copy / "pelican_collab",
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for compiled in (copy / "pelican_collab" / "locale").glob("*/LC_MESSAGES/messages.mo"):
        compiled.unlink()
    (copy / "pelican_collab" / "locale" / "messages.pot").unlink()

    catalogs = len(list((copy / "pelican_collab" / "locale").glob("*/LC_MESSAGES/messages.po")))
    out = invoke(["i18n.extract", "i18n.update", "i18n.compile"], copy)
    assert out.strip().splitlines()[-1].startswith(f"compiled {catalogs} catalogs in pelican_collab/locale")

    def ids(path: Path, reader) -> set:
        with open(path, "rb") as handle:
            return {m.id if isinstance(m.id, str) else tuple(m.id) for m in reader(handle) if m.id}

    committed = REPOSITORY / "pelican_collab" / "locale"
    made = copy / "pelican_collab" / "locale"
    assert ids(made / "messages.pot", read_po) == ids(committed / "messages.pot", read_po)
    for code in ("da", "en"):
        mo = made / code / "LC_MESSAGES" / "messages.mo"
        assert ids(mo, read_mo) == ids(committed / code / "LC_MESSAGES" / "messages.mo", read_mo), code
