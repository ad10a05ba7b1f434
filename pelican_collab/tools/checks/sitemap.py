"""Sitemap and hreflang: ``sitemap.xml`` lists each page's canonical URL with exactly the
hreflang alternates of that page's head, and the alternates agree between the pages of
a group and with each target page's language."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

from .base import DEFECT, Check, CheckedSite
from .output import SiteOutput

NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}

Alternates = set[tuple[str, str]]  # (hreflang, URL)


def sitemap_disagreements(site: CheckedSite) -> list[str]:
    output = site.output
    problems: list[str] = []
    in_sitemap = _sitemap_entries(output, problems)
    if in_sitemap is None:
        return problems
    robots = output.output / "robots.txt"
    wanted = f"Sitemap: {output.site.geturl().rstrip('/')}/sitemap.xml"
    if robots.is_file() and wanted not in robots.read_text(encoding="utf-8"):
        problems.append(f"robots.txt: lacks the line {wanted!r}")
    in_heads = _page_heads(output, problems)
    problems += _sitemap_against_heads(output, in_sitemap, in_heads)
    problems += _groups_consistent(output, in_heads)
    return problems


def _sitemap_entries(output: SiteOutput, problems: list[str]) -> dict[str, Alternates] | None:
    """Each URL of sitemap.xml with its alternates; None when it is not XML at all."""
    sitemap = output.output / "sitemap.xml"
    if not sitemap.is_file():
        problems.append("sitemap.xml: missing")
        return {}
    try:
        root = ElementTree.parse(sitemap).getroot()
    except ElementTree.ParseError as error:
        problems.append(f"sitemap.xml: not well-formed XML ({error})")
        return None
    entries: dict[str, Alternates] = {}
    for url in root.findall("s:url", NAMESPACES):
        loc = (url.findtext("s:loc", "", NAMESPACES) or "").strip()
        entries[loc] = {
            (link.get("hreflang", ""), link.get("href", "")) for link in url.findall("x:link", NAMESPACES)
        }
    return entries


def _page_heads(output: SiteOutput, problems: list[str]) -> dict[str, tuple[Path, Alternates]]:
    """Each page's canonical URL with its file and its head's alternates."""
    heads: dict[str, tuple[Path, Alternates]] = {}
    for path in output.files:
        page = output.parsed(path)
        name = output.relative(path)
        if not page.canonical:
            if not page.noindex:
                problems.append(f"{name}: neither a canonical link nor robots noindex")
            continue
        target, _, problem = output.resolve(page.canonical, path)
        if problem or target != path:
            problems.append(f"{name}: canonical {page.canonical} does not lead to this page")
        heads[page.canonical] = (path, page.alternates)
    return heads


def _sitemap_against_heads(
    output: SiteOutput, in_sitemap: dict[str, Alternates], in_heads: dict[str, tuple[Path, Alternates]]
) -> list[str]:
    problems = []
    for loc in sorted(set(in_heads) - set(in_sitemap)):
        problems.append(f"sitemap.xml: lacks {loc} (canonical of {output.relative(in_heads[loc][0])})")
    for loc in sorted(set(in_sitemap) - set(in_heads)):
        problems.append(f"sitemap.xml: {loc} is the canonical URL of no page")
    for loc in sorted(set(in_sitemap) & set(in_heads)):
        path, head = in_heads[loc]
        listed = in_sitemap[loc]
        if listed != head:
            problems.append(
                f"sitemap.xml: {loc}: hreflang links differ from the head of {output.relative(path)} "
                f"(only in the sitemap: {_pairs(listed - head)}; only in the page: {_pairs(head - listed)})"
            )
    return problems


def _groups_consistent(output: SiteOutput, in_heads: dict[str, tuple[Path, Alternates]]) -> list[str]:
    """Every alternate is a page here, links back the same way, and is in the language it says."""
    problems = []
    for path, head in sorted(in_heads.values()):
        name = output.relative(path)
        for hreflang, url in sorted(head):
            other = in_heads.get(url)
            if other is None:
                problems.append(f"{name}: hreflang {hreflang} {url} is no page here")
                continue
            other_page = output.parsed(other[0])
            if other[1] != head:
                problems.append(
                    f"{name}: hreflang {hreflang} {url} does not link back the same way "
                    f"({output.relative(other[0])} has other alternates)"
                )
            if hreflang != "x-default" and (other_page.lang or "").lower() != hreflang.lower():
                problems.append(f"{name}: hreflang {hreflang} {url} leads to a page in {other_page.lang!r}")
    return problems


def _pairs(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{hreflang} {url}" for hreflang, url in sorted(pairs)) or "none"


CHECK = Check("sitemap", DEFECT, "sitemap.xml against every page's hreflang links", sitemap_disagreements)
