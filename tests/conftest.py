"""Real Pelican builds of small fixture sites in temporary folders."""

from __future__ import annotations

import contextlib
import functools
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pelican_collab.engine.build import BuildReport, build

REPOSITORY = Path(__file__).resolve().parent.parent

SETTINGS_TEMPLATE = """\
from pelican_collab import theme_path
PLUGINS = ["pelican_collab"]
THEME = theme_path()
PATH = "content"
OUTPUT_PATH = "output"
SITEURL = "https://example.org"
SITENAME = "Fixture"
TIMEZONE = "Europe/Copenhagen"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


class FixtureSite:
    """A throw-away site: content files, a settings file, and its build output."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        self.settings_file = root / "pelicanconf.py"

    def page(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    def settings(self, extra: str = "") -> None:
        self.settings_file.write_text(SETTINGS_TEMPLATE + textwrap.dedent(extra), encoding="utf-8")

    def build(self):
        return build(self.settings_file)

    def html(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FixtureSite:
    """A fixture site whose folder is the working directory, as for `invoke build`."""
    monkeypatch.chdir(tmp_path)
    fixture = FixtureSite(tmp_path)
    fixture.settings()
    return fixture


@pytest.fixture
def editing_build(site: FixtureSite, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., BuildReport]]:
    """A build of the editing loop, in this process, as if in a fresh one.

    The editing loop builds in a fresh process each time (`pelican-collab build
    --keep-unchanged`), and keeping trusts no module whose file changed after
    its process started (Python does not load a module twice). Here each build
    imports the site's own modules afresh instead, so the modules it runs are
    what their files hold, and every module may be trusted.
    """
    from pelican_collab.engine import kept

    monkeypatch.setattr(kept, "_process_started", lambda: float("inf"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no .pyc of an edited module to reuse
    sites = str(site.root.resolve().parent)  # every test's site: their modules share names

    def forget_site_modules() -> None:
        for name, module in list(sys.modules.items()):
            if str(getattr(module, "__file__", None) or "").startswith(sites):
                del sys.modules[name]

    def editing_build(overrides: dict | None = None) -> BuildReport:
        forget_site_modules()
        return build(site.settings_file, overrides, keep_unchanged=True)

    yield editing_build
    forget_site_modules()


@pytest.fixture
def pelican_command_logging() -> Iterator[None]:
    """For a test that runs Pelican's command line in this process: it sets the level
    of Pelican's logger (--quiet: errors only), which later tests must not inherit."""
    import logging

    logger = logging.getLogger("pelican")
    level = logger.level
    yield
    logger.setLevel(level)


@pytest.fixture
def two_language_site(site: FixtureSite) -> FixtureSite:
    """Danish and English home pages plus one page with translated slugs."""
    site.page(
        "da/index.md",
        """
        Title: Forside
        Modified: 2026-11-27

        Velkommen.

        ## Første afsnit

        Tekst.
        """,
    )
    site.page(
        "en/index.md",
        """
        Title: Home
        Modified: 2026-11-27

        Welcome.

        ## First section

        Text.
        """,
    )
    site.page(
        "da/grundfortaelling.md",
        """
        Title: Grundfortælling
        Date: 2026-01-15

        Den danske tekst.
        """,
    )
    site.page(
        "en/core-narrative.md",
        """
        Title: Core narrative
        Translation-Key: grundfortaelling
        Date: 2026-01-15

        The English text.
        """,
    )
    return site


def built_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


BuildFunction = Callable[[], object]


def require_java() -> None:
    """The Nu HTML Checker (vnu.jar) needs Java: fail in CI without it, skip elsewhere."""
    import os
    import shutil

    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("Java is not installed; the Nu HTML Checker (vnu.jar) needs it")
        pytest.skip("Java is not installed; the Nu HTML Checker (vnu.jar) needs it")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 from a background thread: yields its origin URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    server.daemon_threads = True
    with running(server, "127.0.0.1") as origin:
        yield origin


@contextlib.contextmanager
def running(server: ThreadingHTTPServer, host: str) -> Iterator[str]:
    """``server`` (bound to a free port) serving from a background thread: yields
    ``http://host:port``; shut down and closed afterwards."""
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
