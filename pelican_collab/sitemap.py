"""sitemap.xml with hreflang alternates that agree with each page's head, and robots.txt."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

if TYPE_CHECKING:
    from .alternates import Alternate
    from .settings import Site


def sitemap_xml(entries: Iterable[tuple[str, tuple[Alternate, ...], Any]]) -> str:
    """``entries``, in the order to list them: (absolute URL, the same alternates
    as the page's head, last update or None)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for url, alternates, updated in entries:
        lines.append("<url>")
        lines.append(f"<loc>{_text(url)}</loc>")
        if updated is not None:
            lines.append(f"<lastmod>{updated.isoformat()}</lastmod>")
        for alternate in alternates:
            lines.append(
                f'<xhtml:link rel="alternate" hreflang={quoteattr(alternate.hreflang)} '
                f"href={quoteattr(alternate.url)}/>"
            )
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site: Site) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.siteurl}/sitemap.xml\n"


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
