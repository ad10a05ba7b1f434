"""Where each page lives: its language, translation key and address, from its place in the content tree.

A page's language is its folder ``content/<lang>/``; its address is its path
inside that folder: ``da/om/projekter.md`` → ``/om/projekter/``,
``en/about/projects.md`` → ``/en/about/projects/``, ``da/om/index.md`` →
``/om/``. ``Slug:`` replaces the last part of the address; ``URL:`` together
with ``Save_as:`` replaces the whole of it. The page with the home key
(``index``) is its language's home page.

This runs on Pelican's ``page_generator_context`` signal, before Pelican makes
the page, and hands Pelican what it needs as metadata (``lang``, ``url``,
``save_as``), so that Pelican's own rules apply from there on.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pelican.utils import slugify

from ..errors import CollabError, display_path
from .metadata import is_placeholder, metadata_line, metadata_lines

if TYPE_CHECKING:
    from .languages import Language
    from .settings import Site

KEY_METADATA = ("translation-key", "translation_key")
#: Metadata the plugin and the theme read as one value; Pelican makes a list
#: of a key given twice (except a few of its own), which would be printed as one.
SINGLE_VALUED = (
    "title",
    "translation_key",
    "translation_status",
    "lang",
    "description",
    "summary",
    "overview_caption",
    "contacts",
    "template",
)
#: The metadata name under which Pelican hands the page's path below the
#: content folder to :func:`place` (the plugin adds it to ``PATH_METADATA``).
SOURCE_METADATA = "collab_source"


@dataclass(frozen=True, slots=True)
class Location:
    language: Language
    key: str
    url: str
    save_as: str


def place(site: Site, settings: dict[str, Any], metadata: dict[str, Any]) -> None:
    """Give a page about to be made its language, translation key and address.

    ``metadata`` is what Pelican read from the page (plus the source path the
    plugin asked Pelican for); it is completed here. Raises :class:`CollabError`
    naming the file (and line) for a page that cannot be placed.
    """
    source = metadata.pop(SOURCE_METADATA, None)
    if not source:
        return  # not read from the content folder (a page a plugin made)
    source = source.replace(os.sep, "/")
    path = os.path.join(settings["PATH"], source)
    folder, _, inside = source.partition("/")
    language = site.language(folder) if inside else None
    if language is None:
        codes = ", ".join(f"{site.content_folder}/{lang.code}/" for lang in site.languages)
        raise CollabError(f"{display_path(path)}: is outside every language folder ({codes})")
    declared = metadata.get("lang")
    if declared is not None and declared != language.code:
        raise CollabError(
            f"{display_path(path)}:{metadata_line(path, 'lang')}: Lang: {declared} contradicts "
            f"its folder {folder}/ (leave Lang: out; the folder decides)"
        )
    for name in SINGLE_VALUED:
        if isinstance(metadata.get(name), list):  # Pelican keeps every line of a repeated key
            lines = [str(number) for number, key, _ in metadata_lines(path) if key.replace("-", "_") == name]
            shown = name.replace("_", "-").capitalize()
            raise CollabError(
                f"{display_path(path)}:{lines[-1] if lines else '?'}: {shown}: is given "
                f"{len(metadata[name])} times (lines {', '.join(lines)}); keep one"
            )
    title = metadata.get("title")
    if title is not None and not str(title).strip():
        raise CollabError(
            f"{display_path(path)}:{metadata_line(path, 'title')}: Title: is empty; every page needs a title"
        )
    key = translation_key(metadata, inside)
    if is_placeholder(metadata) and not language.is_default:
        # Not a translation yet: Pelican makes no page of it, and the run puts
        # a stand-in at its address (see translation/standins.py).
        metadata["status"] = "skip"
    metadata["lang"] = language.code
    metadata["translation_key"] = key
    has_url, has_save_as = "url" in metadata, "save_as" in metadata
    if has_url and has_save_as:
        metadata["url"] = _site_address(path, str(metadata["url"]))
        metadata["save_as"] = _inside_output(path, "save_as", str(metadata["save_as"]))
        return  # the page's own address (Pelican's URL:/Save_as: override)
    if has_url or has_save_as:
        given, missing = ("URL", "Save_as") if has_url else ("Save_as", "URL")
        line = metadata_line(path, given.lower())
        raise CollabError(
            f"{display_path(path)}:{line}: {given}: without {missing}: give both to choose the "
            f"whole address, or leave both out (the address is the file's path; Slug: sets its last part)"
        )
    segments = address_segments(inside, settings)
    slug = metadata.get("slug")
    if slug is not None:
        slug = str(slug).strip()
        if not slug or "/" in slug or "\\" in slug or slug in (".", "..") or not slug.isprintable():
            raise CollabError(
                f"{display_path(path)}:{metadata_line(path, 'slug')}: Slug: {slug!r} is not one part "
                "of an address (no slashes, not empty)"
            )
        segments = [*segments[:-1], slug] if segments else segments
    if not all(segments):
        raise CollabError(
            f"{display_path(path)}: its file or folder name gives an empty address; "
            "rename it or add a Slug: line"
        )
    location = locate(site, language, key, "/".join(segments))
    metadata["url"] = location.url
    metadata["save_as"] = _inside_output(path, "save_as", location.save_as)


def translation_key(metadata: dict[str, Any], inside: str) -> str:
    """``Translation-Key:`` if given, else the path inside the language folder without extension."""
    key = next((metadata[k] for k in KEY_METADATA if k in metadata), None)
    return str(key).strip() if key else os.path.splitext(inside)[0]


def address_segments(inside: str, settings: dict[str, Any]) -> list[str]:
    """The parts of a page's address: its folders, then its file name unless it is ``index``."""
    *folders, name = inside.split("/")
    stem = os.path.splitext(name)[0]
    parts = [*folders, *([] if stem == "index" else [stem])]
    return [
        slugify(
            part,
            regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
        )
        for part in parts
    ]


def locate(site: Site, language: Language, key: str, path: str) -> Location:
    """URL and file of a page: home pages at their language's root, others below it by path."""
    prefix = language.url_prefix
    if key == site.home_key or not path:
        return Location(language, key, prefix, f"{prefix}index.html")
    return Location(
        language, key, prefix + site.page_url.format(path=path), prefix + site.page_save_as.format(path=path)
    )


def _site_address(path: str, url: str) -> str:
    """``URL:`` as an address inside the site, or an error naming the page.

    Links are made by putting the site's path before it, so ``//host/x`` would
    lead to another site and ``javascript:…`` or ``../`` nowhere good.
    """
    first = url.split("/", 1)[0]
    if (
        not url.strip()
        or url.startswith(("/", "\\"))
        or ":" in first
        or "\\" in url
        or ".." in url.split("/")
        or not url.isprintable()
        or " " in url
    ):
        raise CollabError(
            f"{display_path(path)}:{metadata_line(path, 'url')}: URL: {url!r} is not an address inside "
            "the site (like om/projekter.html: no scheme, no leading slash, no '..', no spaces)"
        )
    return url


def _inside_output(path: str, name: str, save_as: str) -> str:
    """A file name below the output folder, or an error naming the page.

    Pelican's own check compares string prefixes, so ``../output-evil/x.html``
    would pass it; this compares path parts.
    """
    normal = posixpath.normpath(save_as.replace("\\", "/"))
    if not save_as.strip() or posixpath.isabs(normal) or normal == ".." or normal.startswith("../"):
        raise CollabError(
            f"{display_path(path)}:{metadata_line(path, name)}: Save_as: {save_as!r} is not a file "
            "inside the output folder"
        )
    return normal
