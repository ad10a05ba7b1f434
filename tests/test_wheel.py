"""The built wheel carries the theme and compiled catalogs and works outside the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from .conftest import REPOSITORY

WHEEL_FILES = [
    "pelican_collab/theme/templates/base.html",
    "pelican_collab/theme/static/css/collab.css",
    "pelican_collab/theme/static/favicon.svg",
    "pelican_collab/locale/da/LC_MESSAGES/messages.mo",
    "pelican_collab/locale/en/LC_MESSAGES/messages.mo",
]

NOT_SOURCES = (
    ".git",
    "build",
    "dist",
    "output",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    "test-artifacts",
    "node_modules",
)

SETTINGS = """\
PLUGINS = ["pelican_collab"]
from pelican_collab import theme_path
THEME = theme_path()
PATH = "content"
SITEURL = "https://example.org"
COLLAB_LANGUAGES = ["da", "en"]
"""


def _clean_environment() -> dict[str, str]:
    """The caller's environment without anything that would reach back into the repository."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(command: list[str | Path], cwd: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=_clean_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} exited {result.returncode}\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )
    return result


def _text(html: str) -> str:
    """The page's text with tags removed and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_wheel_installs_and_builds_a_site_outside_the_repository(tmp_path: Path) -> None:
    # 1. Build the wheel from a copy of the sources: setuptools builds in place,
    #    and a stale build/ folder in the checkout could mask a missing file.
    source = tmp_path / "source"
    shutil.copytree(REPOSITORY, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    dist = tmp_path / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source],
        cwd=tmp_path,
        timeout=300,
    )
    wheels = sorted(dist.glob("pelican_collab-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {dist}, found {[w.name for w in dist.iterdir()]}"
    wheel = wheels[0]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = [name for name in WHEEL_FILES if name not in names]
    assert not missing, f"{wheel.name} lacks {missing}; it holds:\n" + "\n".join(sorted(names))

    # 2. Install it into a fresh virtual environment outside the repository.
    venv = tmp_path / "venv"
    assert not venv.resolve().is_relative_to(REPOSITORY)
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path, timeout=300)
    python = venv / "bin" / "python"
    _run(
        [python, "-m", "pip", "install", "--disable-pip-version-check", "-q", wheel],
        cwd=tmp_path,
        timeout=600,
    )

    # The installed package, theme included, comes from the venv, not from the repository.
    located = _run(
        [
            python,
            "-c",
            "import pelican_collab; print(pelican_collab.__file__); print(pelican_collab.theme_path())",
        ],
        cwd=tmp_path,
        timeout=120,
    ).stdout.split()
    module_file, theme = (Path(line).resolve() for line in located[-2:])
    for path in (module_file, theme):
        assert path.is_relative_to(venv.resolve()), f"{path} is not inside {venv}"
        assert not path.is_relative_to(REPOSITORY), f"{path} is inside the repository"
    assert (theme / "templates" / "base.html").is_file()

    # 3. A minimal two-language site in its own folder.
    project = tmp_path / "project"
    (project / "content" / "da").mkdir(parents=True)
    (project / "content" / "en").mkdir(parents=True)
    (project / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    (project / "content" / "da" / "index.md").write_text(
        textwrap.dedent("""\
            Title: Forside
            Modified: 2026-11-27

            Velkommen til fortællingen.
            """),
        encoding="utf-8",
    )
    (project / "content" / "en" / "index.md").write_text(
        textwrap.dedent("""\
            Title: Home
            Modified: 2026-11-27

            Welcome to the narrative.
            """),
        encoding="utf-8",
    )

    # 4. Build it with the installed command.
    result = _run([venv / "bin" / "pelican-collab", "build"], cwd=project, timeout=300)
    assert "built" in result.stdout, result.stdout + result.stderr

    danish = (project / "output" / "index.html").read_text(encoding="utf-8")
    english = (project / "output" / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="da"' in danish
    assert '<html lang="en"' in english
    # The Danish sentence only appears when the installed, compiled da catalog is used.
    assert "Sidst opdateret 27. november 2026" in _text(danish), _text(danish)
    assert "Last updated" in _text(english), _text(english)
    assert "Sidst opdateret" not in english
    # The stylesheet of the installed theme was copied into the output.
    assert (project / "output" / "theme" / "css" / "collab.css").is_file()
