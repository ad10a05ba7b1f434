"""Everything a public site needs besides its pages, written after the pages.

The stylesheet (rendered with the accent colour), the favicon, partner logos,
vCards, a 404 page per language, the /was/ page pointing to the accessibility
statement, robots.txt, sitemap.xml, and _headers/_redirects for static hosts.
"""

from __future__ import annotations

import heapq
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import alternates, contacts, hosting, sitemap
from .settings import FAVICON

if TYPE_CHECKING:
    from .settings import Site

WAS_PAGE = "was/index.html"


def logo_path(partner_key: str) -> str:
    return f"logos/{partner_key}.svg"


def write_all(
    site: Site,
    pages: list[Any],
    contact_hrefs: dict[str, str],
    output: Path,
    stylesheet: str,
    write: Callable[..., None],
) -> None:
    """Write the furniture into ``output``; pages go through ``write(name, template, **variables)``
    (the build's writer), the other files straight to disk."""
    _write_text(output / site.theme_static_dir / "css" / "collab.css", stylesheet)
    if site.favicon is not None:
        _copy(site.favicon, output / FAVICON)
    for partner in site.partners:
        if partner.logo is not None:
            _copy(partner.logo, output / logo_path(partner.key))
    for page in pages:
        for contact in page.collab.contacts:
            _write_text(
                output / contact.vcard_path(page.language.url_prefix), contacts.vcard(contact, page.lang)
            )
    for language in site.languages:
        names = [f"{language.url_prefix}404.html"]
        if language.is_default and language.url_prefix:
            names.append("404.html")  # the root 404 page static hosts serve
        for name in names:
            write(
                name,
                "404",
                collab_lang=language.code,
                switcher=alternates.home_switcher(site, language),
                collab_contact_href=contact_hrefs.get(language.code),
            )
    if site.statement_url:
        write(
            WAS_PAGE,
            "was",
            collab_lang=site.default.code,
            switcher=alternates.home_switcher(site, site.default),
            collab_contact_href=contact_hrefs.get(site.default.code),
        )

    listed = sorted(
        ((page.collab.permalink, page) for page in pages if page.status == "published"),
        key=lambda item: item[0],
    )
    # Each page's alternates are made as its entry is written, not all at once.
    entries = [((url, page.collab.alternates, page.collab.last_updated) for url, page in listed)]
    if site.every_language_in_folder:
        chooser = alternates.chooser(site)
        entries.append([(chooser.permalink, chooser.alternates, None)])
    with (output / "sitemap.xml").open("w", encoding="utf-8", newline="") as file:
        lines = sitemap.sitemap_lines(heapq.merge(*entries, key=lambda entry: entry[0]))
        file.writelines(f"{line}\n" for line in lines)
    _write_text(output / "robots.txt", sitemap.robots_txt(site))
    hosting.write_hosting_files(output, site)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
