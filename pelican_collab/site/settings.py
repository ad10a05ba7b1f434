"""Every ``COLLAB_*`` setting with its default, and the Pelican settings the plugin owns.

This is the one place where defaults live. :func:`configure` runs once per
Pelican instance (on the ``initialized`` signal): it validates the settings,
adjusts Pelican's own settings so that one run renders every language, and
stores the resulting :class:`Site` under ``settings["COLLAB_SITE"]`` where
signal handlers and templates find it. Nothing is kept at module level.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.support import NullTranslations
from pelican.settings import DEFAULT_CONFIG

from ..errors import CollabError, display_path
from .catalogs import load_catalogs
from .colours import Accent, check_accent
from .languages import Language, build_languages
from .locations import SOURCE_METADATA
from .narrative import HEADING_IDS_EXTENSION

logger = logging.getLogger(__name__)

#: The plugin's settings and their defaults (documented in the README).
DEFAULTS: dict[str, Any] = {
    # Language codes (BCP 47); each is a folder content/<code>/.
    "COLLAB_LANGUAGES": ["da", "en"],
    # The language served at the site root; None means the first of COLLAB_LANGUAGES.
    "COLLAB_DEFAULT_LANGUAGE": None,
    # A more specific Babel locale per language, for dates and og:locale.
    "COLLAB_LOCALES": {},
    # True: every language under /<code>/ and a language-neutral chooser at /.
    "COLLAB_EVERY_LANGUAGE_IN_FOLDER": False,
    # The page (by translation key) that is each language's home page.
    "COLLAB_HOME_KEY": "index",
    # The site's name per language ({"da": "…", "en": "…"}); falls back to SITENAME.
    "COLLAB_SITENAMES": {},
    # URL and file of any other page, below its language prefix; {path} is the
    # page's path inside its language folder ("om/projekter"), its last part
    # replaced by a Slug: line.
    "COLLAB_PAGE_URL": "{path}/",
    "COLLAB_PAGE_SAVE_AS": "{path}/index.html",
    # Extra gettext catalog folders (<dir>/<lang>/LC_MESSAGES/messages.mo),
    # searched before the package's own; lets a site translate the theme into
    # a language the package does not ship.
    "COLLAB_LOCALE_DIRS": [],
    # The responsible authorities, in the footer and the JSON-LD: a list of
    # {"key": "silkeborg", "name": {"da": "…", "en": "…"} or "…",
    #  "url": "https://…", "logo": "images/logo.svg" (optional, below PATH)}.
    "COLLAB_PARTNERS": [],
    # Links and borders; checked for WCAG AA contrast (light and dark scheme).
    "COLLAB_ACCENT_COLOUR": "#005a8c",
    # The accent in dark mode; None derives a lighter one that passes AA.
    "COLLAB_ACCENT_COLOUR_DARK": None,
    # The accessibility statement (Danish sites: on was.digst.dk); the footer
    # links it and /was/ points to it. None leaves both out, with a warning.
    "COLLAB_ACCESSIBILITY_STATEMENT_URL": None,
    # Contact people as data, below PATH; pages list them with `Contacts:`.
    "COLLAB_CONTACTS_FILE": "contacts.toml",
    # Where translation stamps are kept, below PATH (see README: translation workflow).
    "COLLAB_STAMPS_FILE": "translation-stamps.json",
    # The glossary (a Markdown table: one column per language, and a note),
    # below the folder of the settings file: exports quote the terms each unit
    # uses, and `invoke i18n.memory` writes it as a TBX termbase. None: none.
    "COLLAB_GLOSSARY_FILE": "docs/glossary.md",
    # "warn": build, and tell readers the truth about stale and missing
    # translations; "strict": fail the build listing every problem.
    "COLLAB_TRANSLATION_POLICY": "warn",
    # Country calling code for phone numbers written without one. Pages in the
    # default language show numbers in national form, the others with this code.
    "COLLAB_PHONE_COUNTRY_CODE": "45",
    # The site's SVG favicon, below PATH; None uses the theme's own.
    "COLLAB_FAVICON": None,
    # The theme's Content-Security-Policy (a meta tag on every page, and the
    # header in _headers); extend it if your own templates load more.
    "COLLAB_CONTENT_SECURITY_POLICY": (
        "default-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'"
    ),
    # Processes that convert and render pages; None: one per usable core,
    # 1: everything in the build's own process.
    "COLLAB_WORKERS": None,
    # Seconds a worker process may go without finishing a page before the
    # build stops it and fails, naming the page.
    "COLLAB_WORKER_TIMEOUT": 120,
    # With Pelican's content cache on (CACHE_CONTENT and LOAD_CONTENT_CACHE),
    # keep the output files whose inputs did not change instead of rendering
    # them again (see pelican_collab/engine/kept.py for what counts as an
    # input). For the editing loop: `invoke livereload`/`regenerate` turn it
    # on for their builds; `invoke build`, `preview`, `publish`, `gh-pages` and
    # `pelican-collab build` turn it off and render everything.
    "COLLAB_KEEP_UNCHANGED": False,
}

#: Pelican settings the plugin replaces while they still hold Pelican's default:
#: the site is pages only (no blog), with no feeds or article indexes.
PELICAN_DEFAULTS: dict[str, Any] = {
    "ARTICLE_PATHS": [],
    "PAGE_PATHS": [""],
    "DIRECT_TEMPLATES": [],
    "FEED_ALL_ATOM": None,
    "CATEGORY_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "TRANSLATION_FEED_ATOM": None,
    "TAGS_SAVE_AS": "",
    "CATEGORIES_SAVE_AS": "",
    "AUTHORS_SAVE_AS": "",
    "ARCHIVES_SAVE_AS": "",
}


#: The site's own favicon is copied to the output's root; the theme's lives in its static folder.
FAVICON = "favicon.svg"
PACKAGE_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


@dataclass(frozen=True)
class Partner:
    """One responsible authority of the partnership."""

    key: str
    names: dict[str, str]
    url: str | None
    logo: Path | None

    def name(self, lang: str) -> str:
        return self.names.get(lang) or next(iter(self.names.values()))


@dataclass(frozen=True)
class Site:
    """What the plugin derives from the settings, once per Pelican instance."""

    languages: tuple[Language, ...]
    home_key: str
    page_url: str
    page_save_as: str
    siteurl: str
    every_language_in_folder: bool
    catalogs: dict[str, NullTranslations]
    content_folder: str
    site_names: dict[str, str]
    fallback_site_name: str
    partners: tuple[Partner, ...]
    accent: Accent
    statement_url: str | None
    contacts_file: Path
    phone_country_code: str
    favicon: Path | None
    theme_static_dir: str
    content_security_policy: str
    translation_policy: str
    workers: int
    worker_timeout: float
    keep_unchanged: bool  # COLLAB_KEEP_UNCHANGED, and Pelican's content cache is written

    @property
    def default(self) -> Language:
        return next(language for language in self.languages if language.is_default)

    def language(self, code: str) -> Language | None:
        return self._by_code.get(code)

    @cached_property
    def _by_code(self) -> dict[str, Language]:
        return {language.code: language for language in self.languages}

    def site_name(self, code: str) -> str:
        return self.site_names.get(code) or self.fallback_site_name

    @property
    def favicon_href(self) -> str:
        """The site's own favicon (copied to the root) or else the theme's."""
        return f"{self.base_path}/" + (FAVICON if self.favicon else f"{self.theme_static_dir}/{FAVICON}")

    @property
    def base_path(self) -> str:
        """The path part of SITEURL ("" or "/partnership"), for path-absolute links."""
        return urlsplit(self.siteurl).path.rstrip("/")


def configure(settings: dict[str, Any]) -> Site:
    """Validate the settings, adjust Pelican's, and return the :class:`Site`."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)

    siteurl = settings.get("SITEURL", "")
    parts = urlsplit(siteurl or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CollabError(
            f"SITEURL: hreflang and canonical links need an absolute URL "
            f"such as 'https://example.org' (got {siteurl!r})"
        )
    codes = settings["COLLAB_LANGUAGES"]
    default = settings["COLLAB_DEFAULT_LANGUAGE"] or (codes[0] if codes else None)
    languages = build_languages(
        codes,
        default,
        settings["COLLAB_LOCALES"],
        settings["COLLAB_EVERY_LANGUAGE_IN_FOLDER"],
    )
    for key in ("COLLAB_PAGE_URL", "COLLAB_PAGE_SAVE_AS"):
        if "{path}" not in settings[key]:
            raise CollabError(f"{key}: {settings[key]!r} must contain {{path}}")

    content = Path(settings["PATH"])
    partners = _partners(settings["COLLAB_PARTNERS"], content, codes)
    accent = check_accent(settings["COLLAB_ACCENT_COLOUR"], settings["COLLAB_ACCENT_COLOUR_DARK"])
    statement = settings["COLLAB_ACCESSIBILITY_STATEMENT_URL"]
    if statement is None:
        logger.warning(
            "COLLAB_ACCESSIBILITY_STATEMENT_URL is not set: the footer has no accessibility "
            "statement link (Danish public sites must have one)"
        )
    elif urlsplit(statement).scheme not in ("http", "https"):
        raise CollabError(f"COLLAB_ACCESSIBILITY_STATEMENT_URL: {statement!r} is not an http(s) URL")
    favicon = _svg_file(settings["COLLAB_FAVICON"], content, "COLLAB_FAVICON")
    policy = settings["COLLAB_TRANSLATION_POLICY"]
    if policy not in ("warn", "strict"):
        raise CollabError(f"COLLAB_TRANSLATION_POLICY: {policy!r} is neither 'warn' nor 'strict'")

    if settings.get("CACHE_CONTENT") and settings.get("CONTENT_CACHING_LAYER") == "generator":
        # Pelican would pickle whole pages, and with them the site's settings
        # objects (catalogs, languages), which cannot be pickled; its reader layer
        # caches what takes the time (the converted Markdown) and works.
        raise CollabError(
            "CONTENT_CACHING_LAYER: 'generator' is not supported by pelican-collab "
            "(use Pelican's default, 'reader')"
        )
    workers = settings["COLLAB_WORKERS"]
    if workers is None:
        workers = _usable_cores()
    elif not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise CollabError(f"COLLAB_WORKERS: {workers!r} is not a whole number of processes (1 or more)")
    worker_timeout = settings["COLLAB_WORKER_TIMEOUT"]
    if not isinstance(worker_timeout, int | float) or isinstance(worker_timeout, bool) or worker_timeout <= 0:
        raise CollabError(f"COLLAB_WORKER_TIMEOUT: {worker_timeout!r} is not a number of seconds above 0")

    _own_pelican_settings(settings, default)
    extra_dirs = [Path(directory) for directory in settings["COLLAB_LOCALE_DIRS"]]
    site = Site(
        languages=languages,
        home_key=settings["COLLAB_HOME_KEY"],
        page_url=settings["COLLAB_PAGE_URL"],
        page_save_as=settings["COLLAB_PAGE_SAVE_AS"],
        siteurl=siteurl.rstrip("/"),
        every_language_in_folder=bool(settings["COLLAB_EVERY_LANGUAGE_IN_FOLDER"]),
        catalogs=load_catalogs(languages, [*extra_dirs, PACKAGE_LOCALE_DIR]),
        content_folder=os.path.basename(os.path.normpath(settings["PATH"])),
        site_names=dict(settings["COLLAB_SITENAMES"]),
        fallback_site_name=settings.get("SITENAME", ""),
        partners=partners,
        accent=accent,
        statement_url=statement,
        contacts_file=content / settings["COLLAB_CONTACTS_FILE"],
        phone_country_code=str(settings["COLLAB_PHONE_COUNTRY_CODE"]),
        favicon=favicon,
        theme_static_dir=settings["THEME_STATIC_DIR"],
        content_security_policy=str(settings["COLLAB_CONTENT_SECURITY_POLICY"]),
        translation_policy=policy,
        workers=workers,
        worker_timeout=float(worker_timeout),
        keep_unchanged=bool(settings["COLLAB_KEEP_UNCHANGED"] and settings["CACHE_CONTENT"]),
    )
    settings["COLLAB_SITE"] = site
    return site


def _usable_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _partners(entries: Any, content: Path, codes: list[str]) -> tuple[Partner, ...]:
    if not isinstance(entries, list | tuple):
        raise CollabError("COLLAB_PARTNERS: give a list of partners")
    partners = []
    for number, entry in enumerate(entries, start=1):
        where = f"COLLAB_PARTNERS[{number}]"
        if not isinstance(entry, dict) or not entry.get("key") or not entry.get("name"):
            raise CollabError(f"{where}: every partner needs a 'key' and a 'name'")
        names = entry["name"] if isinstance(entry["name"], dict) else {code: entry["name"] for code in codes}
        url = entry.get("url")
        if url is not None and urlsplit(url).scheme not in ("http", "https"):
            raise CollabError(f"{where}: url {url!r} is not an http(s) URL")
        logo = _svg_file(entry.get("logo"), content, f"{where} logo")
        partners.append(Partner(str(entry["key"]), dict(names), url, logo))
    keys = [partner.key for partner in partners]
    if len(set(keys)) != len(keys):
        raise CollabError(f"COLLAB_PARTNERS: a key is used twice in {keys}")
    return tuple(partners)


def _svg_file(value: str | None, content: Path, setting: str) -> Path | None:
    """An SVG file below the content folder, or None when not configured."""
    if not value:
        return None
    path = content / value
    if path.suffix.lower() != ".svg" or not path.is_file():
        raise CollabError(f"{setting}: {display_path(path)} is not an SVG file")
    return path


def _own_pelican_settings(settings: dict[str, Any], default_language: str) -> None:
    """Point Pelican at the language folders; keep anything the site set itself."""
    for key, value in PELICAN_DEFAULTS.items():
        if settings.get(key) == DEFAULT_CONFIG.get(key):
            settings[key] = value
    # Pelican made ARTICLE_PATHS and PAGE_PATHS exclude each other while reading
    # the settings file; undo that for the defaults replaced above.
    settings["PAGE_EXCLUDES"] = [
        p for p in settings["PAGE_EXCLUDES"] if p not in DEFAULT_CONFIG["ARTICLE_PATHS"]
    ]
    settings["DEFAULT_LANG"] = default_language
    # Pelican hands each page's path below the content folder to the plugin
    # as metadata (see locations.place), besides what the site's own pattern finds.
    own = settings.get("PATH_METADATA") or ""
    settings["PATH_METADATA"] = rf"(?=(?P<{SOURCE_METADATA}>.*))" + (f"(?:{own})?" if own else "")
    # Translations are paired by the plugin (by translation key), not by slug.
    settings["PAGE_TRANSLATION_ID"] = None
    markdown = settings.setdefault("MARKDOWN", {})
    configs = markdown.setdefault("extension_configs", {})
    configs.setdefault(HEADING_IDS_EXTENSION, {})
