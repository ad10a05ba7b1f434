"""sitemap.xml with hreflang alternates that agree with each page's head, and robots.txt."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

if TYPE_CHECKING:
    from .alternates import Alternate
    from .settings import Site


def sitemap_lines(entries: Iterable[tuple[str, tuple[Alternate, ...], Any]]) -> Iterator[str]:
    """The sitemap, line by line (so that a large site's is never all in memory at once).

    ``entries``, in the order to list them: (absolute URL, the same alternates
    as the page's head, last update or None).
    """
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    )
    for url, alternates, updated in entries:
        yield "<url>"
        yield f"<loc>{_text(url)}</loc>"
        if updated is not None:
            yield f"<lastmod>{updated.isoformat()}</lastmod>"
        for alternate in alternates:
            yield (
                f'<xhtml:link rel="alternate" hreflang={quoteattr(alternate.hreflang)} '
                f"href={quoteattr(alternate.url)}/>"
            )
        yield "</url>"
    yield "</urlset>"


def robots_txt(site: Site) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.siteurl}/sitemap.xml\n"


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
