"""A built site as the checks read it: its HTML files, each parsed once, and links
resolved as a web server would (under the sub-path of ``SITEURL`` when it has one).

Only the standard library parses the HTML, so the checks run wherever the
package is installed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


@dataclass
class Link:
    value: str
    line: int


class PageParser(HTMLParser):
    """What the checks need of one page: ids, links, language, head links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[Link] = []
        self.lang: str | None = None
        self.canonical: str | None = None
        self.alternates: set[tuple[str, str]] = set()
        self.noindex = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "html":
            self.lang = values.get("lang")
        for name in ("href", "src"):
            if name in values:
                self.links.append(Link(values[name], line))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.links.append(Link(candidate.split()[0], line))
        if tag == "link":
            rel = values.get("rel", "").lower().split()
            if "canonical" in rel:
                self.canonical = values.get("href")
            if "alternate" in rel and "hreflang" in values:
                self.alternates.add((values["hreflang"], values.get("href", "")))
        if tag == "meta":
            if values.get("name", "").lower() == "robots" and "noindex" in values.get("content", ""):
                self.noindex = True
            if values.get("property") == "og:url":
                self.links.append(Link(values.get("content", ""), line))


class SiteOutput:
    """A built site: its HTML files parsed once, and links resolved as a web server would."""

    def __init__(self, output: Path, siteurl: str) -> None:
        self.output = output
        self._resolved = output.resolve()  # what no link may lead out of
        self.site = urlsplit(siteurl)
        self.base = self.site.path.rstrip("/")
        self.files = sorted(output.rglob("*.html"))
        self._parsed: dict[Path, PageParser] = {}

    def relative(self, path: Path) -> str:
        return path.relative_to(self.output).as_posix()

    def parsed(self, path: Path) -> PageParser:
        if path not in self._parsed:
            parser = PageParser()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self._parsed[path] = parser
        return self._parsed[path]

    def pages_per_language(self, order: Iterable[str] = ()) -> dict[str, int]:
        """Pages with a canonical URL (what the sitemap lists) per language, in the site's order."""
        counts: dict[str, int] = {code: 0 for code in order}
        for path in self.files:
            page = self.parsed(path)
            if page.canonical:
                counts[page.lang or "?"] = counts.get(page.lang or "?", 0) + 1
        return counts

    def url_path(self, path: Path) -> str:
        return f"{self.base}/{self.relative(path)}"

    def resolve(self, value: str, page: Path) -> tuple[Path | None, str, str | None]:
        """(file, fragment, problem) for one link; file None and no problem means not ours to check."""
        parts = urlsplit(value.strip())
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None, "", None  # mailto:, tel:, data: …
        if parts.scheme or parts.netloc:
            if (parts.scheme or self.site.scheme, parts.netloc) != (self.site.scheme, self.site.netloc):
                return None, "", None  # another site
            path = parts.path or "/"
        elif not parts.path:
            path = self.url_path(page)  # "#anchor" or "?query": this page
        else:
            path = urljoin(self.url_path(page), parts.path)
        if self.base and path != self.base and not path.startswith(self.base + "/"):
            return None, parts.fragment, f"is outside the site's path {self.base}/"
        relative = unquote(path[len(self.base) :]).lstrip("/")
        target = self.output / relative
        if not relative or relative.endswith("/") or target.is_dir():
            target = target / "index.html"
        try:
            target.resolve().relative_to(self._resolved)
        except ValueError:
            return None, parts.fragment, "leaves the output folder"
        if not target.is_file():
            return None, parts.fragment, f"no file {self.relative(target)}"
        return target, parts.fragment, None
