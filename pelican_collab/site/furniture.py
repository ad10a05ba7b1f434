"""Everything a public site needs besides its pages, written after the pages.

The accent colours (``css/accent.css``, beside the theme's static
stylesheet), the favicon, partner logos, vCards, a 404 page per language, the
/was/ page pointing to the accessibility statement, robots.txt, sitemap.xml,
and _headers/_redirects for static hosts.
"""

from __future__ import annotations

import heapq
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import alternates, contacts, hosting, sitemap
from .colours import accent_css
from .navigation import Frame
from .settings import FAVICON

if TYPE_CHECKING:
    from .languages import Language
    from .navigation import Navigation
    from .settings import Site

WAS_PAGE = "was/index.html"
#: The generated stylesheet, in the theme's static folder beside the theme's own.
ACCENT_STYLESHEET = "css/accent.css"


def logo_path(partner_key: str) -> str:
    return f"logos/{partner_key}.svg"


def write_all(
    site: Site,
    pages: list[Any],
    navigations: dict[str, Navigation],
    output: Path,
    write: Callable[..., None],
) -> None:
    """Write the furniture into ``output``; pages go through ``write(name, template, **variables)``
    (the build's writer), the other files straight to disk."""
    _write_text(output / site.theme_static_dir / ACCENT_STYLESHEET, accent_css(site.accent))
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
            write(name, "404", collab_page=frame(site, language, navigations))
    if site.statement_url:
        write(WAS_PAGE, "was", collab_page=frame(site, site.default, navigations))

    # Every page written, hidden ones too: a hidden page is only left out of the
    # menu; it is published, with its canonical link, for links from elsewhere.
    listed = sorted(((page.collab.permalink, page) for page in pages), key=lambda item: item[0])
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


def frame(site: Site, language: Language, navigations: dict[str, Navigation]) -> Frame:
    """The frame of a page that exists once per language: its switcher leads to each
    language's home page, its menu marks no page."""
    navigation = navigations[language.code]
    return Frame(
        language,
        alternates.home_switcher(site, language),
        navigation.menu_for(None),
        navigation.contact_href,
    )


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
