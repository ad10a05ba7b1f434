"""sitemap.xml and robots.txt (site/sitemap.py)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from xml.etree import ElementTree

from pelican_collab.site.alternates import Alternate
from pelican_collab.site.sitemap import robots_txt, sitemap_lines

NAMESPACES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_the_sitemap_lists_each_url_with_its_alternates_and_date() -> None:
    entries = [
        (
            "https://example.org/?a=1&b=<2>",
            (Alternate("da", "https://example.org/"), Alternate("x-default", "https://example.org/")),
            date(2026, 11, 27),
        ),
        ("https://example.org/en/", (), None),
    ]
    text = "\n".join(sitemap_lines(entries))
    root = ElementTree.fromstring(text.encode("utf-8"))
    urls = root.findall("s:url", NAMESPACES)
    assert [url.findtext("s:loc", None, NAMESPACES) for url in urls] == [
        "https://example.org/?a=1&b=<2>",
        "https://example.org/en/",
    ]
    assert urls[0].findtext("s:lastmod", None, NAMESPACES) == "2026-11-27"
    assert urls[1].find("s:lastmod", NAMESPACES) is None
    assert [(link.get("hreflang"), link.get("href")) for link in urls[0].findall("x:link", NAMESPACES)] == [
        ("da", "https://example.org/"),
        ("x-default", "https://example.org/"),
    ]


def test_the_sitemap_is_made_line_by_line() -> None:
    lines = sitemap_lines(iter([]))
    assert next(lines).startswith("<?xml")


def test_robots_txt_allows_all_and_names_the_sitemap_under_the_sub_path() -> None:
    site = SimpleNamespace(siteurl="https://example.org/partnership")
    assert (
        robots_txt(site)
        == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/partnership/sitemap.xml\n"
    )
