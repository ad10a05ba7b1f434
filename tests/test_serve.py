"""`invoke serve`: the built site over HTTP, unknown paths answered with status 404 and the
404 page of their language, under the sub-path of SITEURL when it has one."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener, urlopen

import pytest

from pelican_collab.tools.server import site_server

from .conftest import FixtureSite, running

TASKS = "from pelican_collab.tools.tasks import namespace  # noqa: F401\n"


@contextlib.contextmanager
def serving(output: Path, siteurl: str) -> Iterator[str]:
    """The site served on a free port from a background thread: yields its origin."""
    with running(site_server(output, siteurl, 0), "localhost") as origin:
        yield origin


def fetch(url: str, method: str = "GET") -> tuple[int, bytes, dict[str, str]]:
    """Status, body and headers, without following redirects."""

    class NoRedirect(HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with build_opener(NoRedirect).open(Request(url, method=method), timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except HTTPError as error:
        with error:
            return error.code, error.read(), dict(error.headers)


def test_an_unknown_path_gets_the_404_page_of_its_language(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.build()
    english_404 = (site.output / "en" / "404.html").read_bytes()
    root_404 = (site.output / "404.html").read_bytes()
    assert english_404 != root_404
    with serving(site.output, "https://example.org") as origin:
        status, body, headers = fetch(f"{origin}/en/nope")
        assert (status, body) == (404, english_404)
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert fetch(f"{origin}/en/no/such/page/")[:2] == (404, english_404)
        assert fetch(f"{origin}/nope")[:2] == (404, root_404)
        assert fetch(f"{origin}/theme/")[:2] == (404, root_404), "no folder listing"
        assert fetch(f"{origin}/en/nope", method="HEAD")[:2] == (404, b"")
        status, body, _ = fetch(f"{origin}/en/")
        assert status == 200 and body == (site.output / "en" / "index.html").read_bytes()
        assert fetch(f"{origin}/en")[0] == 301  # a folder without its slash, as before


def test_a_sub_path_siteurl_is_served_under_its_path(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.settings('SITEURL = "https://example.org/partnership"\n')
    site.build()
    english_404 = (site.output / "en" / "404.html").read_bytes()
    root_404 = (site.output / "404.html").read_bytes()
    with serving(site.output, "https://example.org/partnership") as origin:
        assert fetch(f"{origin}/partnership/en/nope")[:2] == (404, english_404)
        assert fetch(f"{origin}/partnership/nope")[:2] == (404, root_404)
        assert fetch(f"{origin}/partnership/en/")[0] == 200
        assert fetch(f"{origin}/partnership/theme/css/collab.css")[0] == 200
        status, _, headers = fetch(f"{origin}/")
        assert (status, headers["Location"]) == (302, "/partnership/")
        assert fetch(f"{origin}/en/")[:2] == (404, root_404), "the site is not at the root"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def test_invoke_serve_answers_until_ctrl_c(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.build()
    (site.root / "tasks.py").write_text(TASKS, encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=site.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urlopen(f"http://localhost:{port}/", timeout=2) as response:
                    assert response.status == 200
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("invoke serve did not start: " + process.stderr.read())
                time.sleep(0.2)
        assert fetch(f"http://localhost:{port}/en/nope")[:2] == (
            404,
            (site.output / "en" / "404.html").read_bytes(),
        )
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    lines = out.strip().splitlines()
    assert lines[0] == f"serving output on http://localhost:{port}/ (Ctrl-C stops)"
    assert lines[-1].startswith(f"stopped: served on port {port} (pelicanconf.py) for ")


def test_invoke_serve_without_a_build_says_so(two_language_site: FixtureSite) -> None:
    (two_language_site.root / "tasks.py").write_text(TASKS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "serve", "--port", str(free_port())],
        cwd=two_language_site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "error: output: no built site here (run `invoke build` first)"


def test_invoke_serve_on_a_port_in_use_says_so(two_language_site: FixtureSite) -> None:
    two_language_site.build()
    (two_language_site.root / "tasks.py").write_text(TASKS, encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("localhost", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
            cwd=two_language_site.root,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: cannot serve on port {port}: Address already in use"
