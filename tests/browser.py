"""Helpers and fixtures for the browser tests (test_browser.py).

The repository's real site is built once per test session into a temporary
folder, served over HTTP on 127.0.0.1 from a background thread, and opened in
Debian's Chromium through Playwright. Nothing is downloaded: Playwright launches
the system Chromium (``CHROMIUM``), never a browser of its own.

The build is shared between collection (the tests are parametrized over the
pages it produced, so a failure names the page) and the fixtures, through
``built_site(config)``. A build that fails does not break collection of the
rest of the suite: the pages collapse to one placeholder and every browser test
fails with the build's error.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pelican_collab.engine.build import build

from .conftest import REPOSITORY, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = ["light", "dark"]
SCREENSHOTS = REPOSITORY / "test-artifacts" / "screenshots"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BUILD_FAILED = "<the site did not build>"
"""The one page id collected when the build fails (its tests fail with the error)."""

# The two pages every build has; everything else is discovered in the output.
HOME_PAGES = {"da": "/", "en": "/en/"}


# --------------------------------------------------------------------------
# The built site


@dataclass
class BuiltSite:
    output: Path | None
    error: BaseException | None = None


_SITE_KEY = pytest.StashKey[BuiltSite]()


def built_site(config: pytest.Config) -> BuiltSite:
    """Build the repository's site once per session (cached on the config)."""
    site = config.stash.get(_SITE_KEY, None)
    if site is None:
        root = Path(tempfile.mkdtemp(prefix="pelican-collab-browser-"))
        config.add_cleanup(functools.partial(shutil.rmtree, root, ignore_errors=True))
        output = root / "output"
        try:
            # Like `invoke build` from a checkout; contextlib.chdir restores the cwd.
            with contextlib.chdir(REPOSITORY):
                build(
                    REPOSITORY / "pelicanconf.py",
                    {"OUTPUT_PATH": str(output), "PATH": str(REPOSITORY / "content")},
                )
            site = BuiltSite(output)
        except Exception as error:  # reported by every browser test, not at collection
            site = BuiltSite(None, error)
        config.stash[_SITE_KEY] = site
    return site


def url_path(output: Path, page: Path) -> str:
    """The URL path that serves an output file: `en/index.html` → `/en/`."""
    relative = page.relative_to(output).as_posix()
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative.removesuffix("index.html")
    return "/" + relative


def page_paths(config: pytest.Config) -> list[str]:
    """URL paths of every .html file in the output, home pages first."""
    site = built_site(config)
    if site.output is None:
        return [BUILD_FAILED]
    paths = {url_path(site.output, page) for page in site.output.rglob("*.html")}
    homes = [path for path in HOME_PAGES.values() if path in paths]
    return homes + sorted(paths - set(homes))


@pytest.fixture(scope="session")
def site_output(request: pytest.FixtureRequest) -> Path:
    """The output folder of the repository's site, built for real."""
    site = built_site(request.config)
    if site.output is None:
        pytest.fail(f"the site did not build: {type(site.error).__name__}: {site.error}")
    return site.output


@pytest.fixture(scope="session")
def site_url(site_output: Path) -> Iterator[str]:
    """`http://127.0.0.1:<free port>` serving the output folder; stopped at teardown."""
    with serve(site_output) as origin:
        yield origin


# --------------------------------------------------------------------------
# The browser


def _missing(reason: str) -> None:
    message = f"browser tests need {reason}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, launched once for the test module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        _missing(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import axe_playwright_python  # noqa: F401 - checked here so the skip names it
    except ImportError:
        _missing("axe-playwright-python (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Tab:
    """One browser tab on the test server, reused by every check of the module.

    `open()` sets the viewport, colour scheme and screen media, then loads a
    page afresh and checks that it and its own resources loaded. Requests that
    leave the test server are aborted, not followed: the machine may be offline,
    and a page that redirects elsewhere (`/was/` refreshes to the accessibility
    statement) is checked as it is served, not as its target.
    """

    def __init__(self, browser: Any, origin: str) -> None:
        self.origin = origin
        self.context = browser.new_context(reduced_motion="reduce")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._request_failed)
        self.blocked: set[str] = set()
        self.failed: list[str] = []

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url == self.origin or url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.blocked.add(url)
            route.abort("aborted")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.failed.append(f"{response.status} {response.url}")

    def _request_failed(self, request: Any) -> None:
        # ERR_ABORTED: cancelled by the next navigation (the favicon, say), not missing.
        if request.url not in self.blocked and request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.failure} {request.url}")

    def open(self, path: str, *, width: int = 1280, height: int = 800, scheme: str = "light") -> Any:
        page = self.page
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(media="screen", color_scheme=scheme, reduced_motion="reduce")
        self.failed.clear()
        url = self.origin + path
        loaded = page.goto(url, wait_until="load")
        assert loaded is not None and loaded.ok, f"{url}: {loaded and loaded.status}"
        assert not self.failed, f"{url}: resources did not load: {self.failed}"
        return page

    def close(self) -> None:
        self.context.close()


@contextlib.contextmanager
def open_tab(browser: Any, origin: str) -> Iterator[Tab]:
    """A tab on ``origin``, closed afterwards."""
    opened = Tab(browser, origin)
    try:
        yield opened
    finally:
        opened.close()


@contextlib.contextmanager
def tab_on(browser: Any, output: Path) -> Iterator[Tab]:
    """A tab on ``output``, served for as long as the tab is open."""
    with serve(output) as origin, open_tab(browser, origin) as opened:
        yield opened


@pytest.fixture(scope="module")
def tab(chromium: Any, site_url: str) -> Iterator[Tab]:
    """The module's one browser tab on the served site."""
    with open_tab(chromium, site_url) as opened:
        yield opened


# --------------------------------------------------------------------------
# axe-core


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the loaded page."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def _target(node: dict[str, Any]) -> str:
    # A target is a list of selectors, nested lists for shadow DOM / frames.
    parts = [" >> ".join(part) if isinstance(part, list) else part for part in node.get("target", [])]
    return " | ".join(parts)


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where}: {len(violations)} axe violation(s)"]
    for violation in violations:
        impact, url = violation.get("impact"), violation.get("helpUrl", "")
        lines.append(f"- {violation['id']} ({impact}): {violation['help']} [{url}]")
        for node in violation.get("nodes", []):
            summary_lines = [line.strip() for line in node.get("failureSummary", "").splitlines()]
            summary = "; ".join(line for line in summary_lines if line).replace(":;", ":")
            lines.append(f"    target {_target(node)}" + (f" — {summary}" if summary else ""))
    return "\n".join(lines)
