"""A site served under a sub-path (SITEURL=https://example.org/partnership) has no broken
link, asset or hreflang: checked by `check` and by crawling a real HTTP server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen
from xml.etree import ElementTree

import pytest

from pelican_collab.engine.build import load_settings
from pelican_collab.tools.checks import PageParser, SiteOutput, check_site

from .conftest import FixtureSite

SITEURL = "https://example.org/partnership"
BASE = "/partnership"
SUBPATH_SETTINGS = f"""
SITEURL = "{SITEURL}"
COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/example"
"""


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the output folder at /partnership/ and nothing at the root, like a shared host."""

    def translate_path(self, path: str) -> str:
        if path != BASE and not path.startswith(BASE + "/"):
            return str(Path(self.directory) / "__not_here__")
        return super().translate_path(path[len(BASE) :] or "/")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "served"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(SubPathHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()


def crawl(local: str) -> tuple[set[str], list[str]]:
    """Fetch every page and asset reachable from the home page and the sitemap; (URLs fetched, failures)."""
    seen: set[str] = set()
    failures: list[str] = []
    with urlopen(f"{local}{BASE}/sitemap.xml", timeout=10) as response:
        sitemap = ElementTree.fromstring(response.read())
    locs = [loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    queue = [f"{local}{BASE}/", f"{local}{BASE}/404.html", f"{local}{BASE}/robots.txt"]
    queue += [loc.replace(SITEURL, f"{local}{BASE}", 1) for loc in locs]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
        except HTTPError as error:
            failures.append(f"{url}: {error.code}")
            continue
        if "html" not in kind:
            continue
        parser = PageParser()
        parser.feed(body.decode("utf-8"))
        links = [link.value for link in parser.links]
        links += [href for _, href in parser.alternates]
        for value in links:
            target = urljoin(url, value.replace(SITEURL, f"{local}{BASE}", 1))
            parts = urlsplit(target)
            if parts.scheme in ("http", "https") and target.startswith(local):
                queue.append(parts._replace(fragment="").geturl())
    return seen, failures


@pytest.mark.parametrize("every_language_in_folder", [False, True])
def test_a_sub_path_site_has_no_broken_link_asset_or_hreflang(
    two_language_site: FixtureSite, server: tuple[str, Path], every_language_in_folder: bool
) -> None:
    site = two_language_site
    site.settings(SUBPATH_SETTINGS + f"COLLAB_EVERY_LANGUAGE_IN_FOLDER = {every_language_in_folder}\n")
    site.build()

    report = check_site(load_settings(site.settings_file), html=False)
    assert report.problems["links"] == []
    assert report.problems["sitemap"] == []

    output = SiteOutput(site.output, SITEURL)
    for path in output.files:
        page = output.parsed(path)
        for link in page.links:
            value = link.value
            if value.startswith("/"):
                assert value.startswith(BASE + "/"), f"{path}: {value} ignores the sub-path"
            elif value.startswith("https://example.org"):
                assert value.startswith(SITEURL + "/"), f"{path}: {value}"
        for _, href in page.alternates:
            assert href.startswith(SITEURL + "/"), f"{path}: hreflang {href}"

    local, root = server
    root.rmdir()
    site.output.rename(root)
    fetched, failures = crawl(local)
    assert failures == []
    paths = {urlsplit(url).path for url in fetched}
    prefix = f"{BASE}/da/" if every_language_in_folder else f"{BASE}/"
    for wanted in (
        prefix,
        f"{BASE}/en/",
        f"{BASE}/en/core-narrative/",
        f"{BASE}/theme/css/collab.css",
        f"{BASE}/theme/favicon.svg",
    ):
        assert wanted in paths, sorted(paths)


def test_hosting_files_and_robots_follow_the_sub_path(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.settings(SUBPATH_SETTINGS)
    site.build()
    redirects = (site.output / "_redirects").read_text(encoding="utf-8")
    assert f"{BASE}/en/* {BASE}/en/404.html 404" in redirects
    assert f"{BASE}/* {BASE}/404.html 404" in redirects
    assert f"{BASE}/was https://www.was.digst.dk/example 302" in redirects
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (site.output / "robots.txt").read_text(encoding="utf-8")


def test_a_link_that_ignores_the_sub_path_is_reported(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.settings(SUBPATH_SETTINGS)
    site.page("en/index.md", "Title: Home\nModified: 2026-11-27\n\n[Core narrative](/en/core-narrative/)\n")
    site.build()
    report = check_site(load_settings(site.settings_file), html=False)
    assert any(
        line.startswith("en/index.html:")
        and line.endswith("broken link /en/core-narrative/: is outside the site's path /partnership/")
        for line in report.problems["links"]
    ), report.problems["links"]
