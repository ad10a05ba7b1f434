"""``invoke serve``: the built site over HTTP, answered as a static host answers it.

Python's own HTTP server, with what the hosts the site is published to do
(see ``site/hosting.py``): a path that is not there gets status 404 and the
nearest ``404.html`` above it, which is the 404 page of the language whose
folder the path is in (``/en/nope`` → ``en/404.html``, ``/nope`` →
``404.html``); a folder without an ``index.html`` is not listed; and a
``SITEURL`` with a sub-path (``https://example.org/partnership``) is served
under that path, with ``/`` leading to it. For looking at a build on this
machine only: it listens on localhost.
"""

from __future__ import annotations

import functools
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HOST = "localhost"


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves ``output`` below the URL path ``base`` ("" or "/partnership")."""

    def __init__(self, *args: Any, output: Path, base: str, **kwargs: Any) -> None:
        # Set before the base class's __init__, which handles the request at once.
        self.output, self.base = output, base
        super().__init__(*args, directory=str(output), **kwargs)

    def _inside(self, path: str) -> str | None:
        """The part of a URL path below the site's base path, or None when it is outside."""
        if not self.base:
            return path
        if path == self.base or path.startswith(self.base + "/"):
            return path[len(self.base) :] or "/"
        return None

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        if self._inside(path) is None:
            if path == "/":  # the site lives under its sub-path: lead there
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", f"{self.base}/")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        """The file of a URL path below the base (send_head answers the paths outside it)."""
        inside = self._inside(urlsplit(path).path)
        return super().translate_path(inside if inside is not None else path)

    def list_directory(self, path: str | Any) -> None:
        """A folder without index.html is not there, as on a static host."""
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.not_found_page() if code == HTTPStatus.NOT_FOUND else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.log_error("code %d, message %s", code, message)
        self.send_response(code, message)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def not_found_page(self) -> Path | None:
        """The nearest 404.html above the requested path, inside the output."""
        inside = self._inside(urlsplit(self.path).path) or "/"
        segments = [part for part in unquote(inside).split("/")[:-1] if part not in ("", ".", "..")]
        root = self.output.resolve()
        for depth in range(len(segments), -1, -1):
            candidate = root.joinpath(*segments[:depth], "404.html")
            if candidate.is_file() and candidate.resolve().is_relative_to(root):
                return candidate
        return None


def site_server(output: Path, siteurl: str, port: int, host: str = HOST) -> ThreadingHTTPServer:
    """A server for the built site in ``output`` (port 0: any free port); ``serve_forever()`` starts it."""
    base = urlsplit(siteurl).path.rstrip("/")
    handler = functools.partial(SiteRequestHandler, output=Path(output), base=base)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True  # Ctrl-C does not wait for open connections
    return server


def site_address(server: ThreadingHTTPServer, siteurl: str) -> str:
    """Where people open the served site: the host and port, and the sub-path of ``SITEURL``."""
    base = urlsplit(siteurl).path.rstrip("/")
    return f"http://{HOST}:{server.server_address[1]}{base}/"
