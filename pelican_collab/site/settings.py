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
import traceback
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.support import NullTranslations
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file, read_settings

from ..errors import CollabError, display_path
from .catalogs import Interface, load_interfaces
from .colours import Accent, check_accent
from .escaping import file_key, web_url
from .languages import Language, build_languages
from .locations import SOURCE_METADATA
from .narrative import HEADING_IDS_EXTENSION
from .sources import ignore_patterns

logger = logging.getLogger(__name__)

#: The plugin's settings and their defaults (documented in docs/reference.md).
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
    # Where translation stamps are kept, below PATH (see docs/reference.md: Translation workflow).
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
    # A symlink in the content folder that leads outside it stops the build
    # (it would publish whatever it points to); True publishes such links.
    "COLLAB_ALLOW_SYMLINKS_OUTSIDE_CONTENT": False,
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


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _optional_text(value: Any) -> bool:
    return value is None or _text(value)


def _texts(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(_text(item) for item in value)


def _text_by_text(value: Any) -> bool:
    return isinstance(value, dict) and all(_text(k) and _text(v) for k, v in value.items())


def _folders(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str | os.PathLike) for item in value)


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


#: What each setting must be, as (test, what to write). Settings with a
#: richer check of their own (partners, colours, URL, workers, policy) are
#: checked where they are read.
SETTING_TYPES: dict[str, tuple[Any, str]] = {
    "COLLAB_LANGUAGES": (_texts, 'a list of language codes, like ["da", "en"]'),
    "COLLAB_DEFAULT_LANGUAGE": (_optional_text, 'a language code, like "da", or None'),
    "COLLAB_LOCALES": (_text_by_text, 'a dict of language code to locale, like {"en": "en-GB"}'),
    "COLLAB_EVERY_LANGUAGE_IN_FOLDER": (_flag, "True or False"),
    "COLLAB_HOME_KEY": (_text, 'a translation key, like "index"'),
    "COLLAB_SITENAMES": (_text_by_text, 'a dict of language code to name, like {"da": "…", "en": "…"}'),
    "COLLAB_PAGE_URL": (_text, 'text containing {path}, like "{path}/"'),
    "COLLAB_PAGE_SAVE_AS": (_text, 'text containing {path}, like "{path}/index.html"'),
    "COLLAB_LOCALE_DIRS": (_folders, 'a list of folders, like ["locale"]'),
    "COLLAB_CONTACTS_FILE": (_text, 'a file below PATH, like "contacts.toml"'),
    "COLLAB_STAMPS_FILE": (_text, 'a file below PATH, like "translation-stamps.json"'),
    "COLLAB_GLOSSARY_FILE": (
        _optional_text,
        'a file below the settings file\'s folder, like "docs/glossary.md", or None',
    ),
    "COLLAB_PHONE_COUNTRY_CODE": (
        lambda value: isinstance(value, str | int) and not isinstance(value, bool) and str(value).isdigit(),
        'a country calling code in digits, like "45"',
    ),
    "COLLAB_FAVICON": (_optional_text, 'an SVG file below PATH, like "favicon.svg", or None'),
    "COLLAB_CONTENT_SECURITY_POLICY": (
        lambda value: _text(value) and value.isprintable(),
        "a Content-Security-Policy on one line",
    ),
    "COLLAB_KEEP_UNCHANGED": (_flag, "True or False"),
    "COLLAB_ALLOW_SYMLINKS_OUTSIDE_CONTENT": (_flag, "True or False"),
}


def check_setting_types(settings: dict[str, Any]) -> None:
    """Stop at the first setting of the wrong kind, naming it, what it holds and what it takes."""
    for key, (test, wanted) in SETTING_TYPES.items():
        value = settings.get(key, DEFAULTS[key])
        if not test(value):
            raise CollabError(f"{key}: give {wanted} (got {value!r})")


def read_site_settings(settings_file: str | os.PathLike[str], overrides: dict[str, Any]) -> dict[str, Any]:
    """Pelican's ``read_settings``, with its failures as one line naming the settings file:
    the line of a syntax error or of the code that failed, or a content folder
    (``PATH``) that is not there. (Pelican checks ``PATH`` before any plugin is
    loaded, and its own message names neither the folder nor the file.)
    """
    try:
        return read_settings(str(settings_file), override=dict(overrides))
    except Exception as error:
        name = display_path(settings_file)
        if isinstance(error, SyntaxError) and _same_file(error.filename or "", settings_file):
            raise CollabError(f"{name}:{error.lineno}: {error.msg}") from None
        # The settings file's own code failed: name its line.
        frames = traceback.extract_tb(error.__traceback__)
        lines = [frame.lineno for frame in frames if _same_file(frame.filename, settings_file)]
        if lines:
            raise CollabError(f"{name}:{lines[-1]}: {type(error).__name__}: {error}") from None
        settings = {**get_settings_from_file(str(settings_file)), **overrides}
        folder = os.path.join(os.path.dirname(os.path.abspath(settings_file)), str(settings.get("PATH", ".")))
        if not os.path.isdir(folder):
            raise CollabError(
                f"{name}: PATH: {display_path(folder)} is not a folder "
                "(the content folder, with a folder of pages per language)"
            ) from None
        raise


def _same_file(first: str, second: str | os.PathLike[str]) -> bool:
    return os.path.abspath(first) == os.path.abspath(second)


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
    interfaces: dict[str, Interface]  # each language's interface text (see catalogs.py)
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

    @property
    def catalogs(self) -> dict[str, NullTranslations]:
        """The catalog each language's pages are rendered with (English where it has none)."""
        return {code: interface.translations for code, interface in self.interfaces.items()}

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
    check_setting_types(settings)
    settings["IGNORE_FILES"] = list(ignore_patterns(settings))

    siteurl = settings.get("SITEURL", "")
    try:
        web_url(siteurl, "SITEURL")
    except CollabError:
        raise CollabError(
            f"SITEURL: hreflang and canonical links need an absolute URL "
            f"such as 'https://example.org' (got {siteurl!r})"
        ) from None
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
        try:
            settings[key].format(path="x")
        except (KeyError, IndexError, ValueError) as error:
            raise CollabError(
                f"{key}: {settings[key]!r} may contain {{path}} and nothing else in braces ({error})"
            ) from None

    content = Path(settings["PATH"])
    partners = _partners(settings["COLLAB_PARTNERS"], content, codes)
    accent = check_accent(settings["COLLAB_ACCENT_COLOUR"], settings["COLLAB_ACCENT_COLOUR_DARK"])
    statement = settings["COLLAB_ACCESSIBILITY_STATEMENT_URL"]
    if statement is None:
        logger.warning(
            "COLLAB_ACCESSIBILITY_STATEMENT_URL is not set: the footer has no accessibility "
            "statement link (Danish public sites must have one)"
        )
    else:
        web_url(statement, "COLLAB_ACCESSIBILITY_STATEMENT_URL")
    favicon = _svg_file(settings["COLLAB_FAVICON"], content, "COLLAB_FAVICON")
    policy = settings["COLLAB_TRANSLATION_POLICY"]
    if policy not in ("warn", "strict"):
        raise CollabError(f"COLLAB_TRANSLATION_POLICY: {policy!r} is neither 'warn' nor 'strict'")

    if settings.get("CONTENT_CACHING_LAYER") == "generator":
        # Pelican would pickle whole pages, and with them the site's settings
        # objects (catalogs, languages), which cannot be pickled; its reader layer
        # caches what takes the time (the converted Markdown) and works. Refused
        # even where this build caches nothing: the editing loop turns caching on.
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

    _below(content, settings["COLLAB_STAMPS_FILE"], "COLLAB_STAMPS_FILE")
    _own_pelican_settings(settings, default)
    extra_dirs = [Path(directory) for directory in settings["COLLAB_LOCALE_DIRS"]]
    site = Site(
        languages=languages,
        home_key=settings["COLLAB_HOME_KEY"],
        page_url=settings["COLLAB_PAGE_URL"],
        page_save_as=settings["COLLAB_PAGE_SAVE_AS"],
        siteurl=siteurl.rstrip("/"),
        every_language_in_folder=bool(settings["COLLAB_EVERY_LANGUAGE_IN_FOLDER"]),
        interfaces=load_interfaces(languages, [*extra_dirs, PACKAGE_LOCALE_DIR]),
        content_folder=os.path.basename(os.path.normpath(settings["PATH"])),
        site_names=dict(settings["COLLAB_SITENAMES"]),
        fallback_site_name=settings.get("SITENAME", ""),
        partners=partners,
        accent=accent,
        statement_url=statement,
        contacts_file=_below(content, settings["COLLAB_CONTACTS_FILE"], "COLLAB_CONTACTS_FILE"),
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
        key = file_key(entry["key"], f"{where} key")
        names = entry["name"] if isinstance(entry["name"], dict) else {code: entry["name"] for code in codes}
        if not _text_by_text(names):
            raise CollabError(
                f"{where} name: give the name as text, or one per language like "
                f'{{"da": "…", "en": "…"}} (got {entry["name"]!r})'
            )
        unknown = sorted(set(entry) - {"key", "name", "url", "logo"})
        if unknown:
            logger.warning("%s: %s not used (a partner has key, name, url and logo)", where, unknown)
        url = entry.get("url")
        if url is not None:
            web_url(url, f"{where} url")
        logo = _svg_file(entry.get("logo"), content, f"{where} logo")
        partners.append(
            Partner(key, {code: " ".join(name.split()) for code, name in names.items()}, url, logo)
        )
    keys = [partner.key for partner in partners]
    if len(set(keys)) != len(keys):
        raise CollabError(f"COLLAB_PARTNERS: a key is used twice in {keys}")
    return tuple(partners)


def _below(content: Path, value: str, setting: str) -> Path:
    """A file named by a setting as a path below the content folder (and staying there)."""
    path = content / value
    inside = os.path.normpath(os.path.join(os.path.abspath(content), value))
    if os.path.isabs(value) or not inside.startswith(os.path.join(os.path.abspath(content), "")):
        raise CollabError(f"{setting}: {value!r} is not a file below PATH ({display_path(content)})")
    return path


def _svg_file(value: str | None, content: Path, setting: str) -> Path | None:
    """An SVG file below the content folder, or None when not configured."""
    if not value:
        return None
    if not isinstance(value, str):
        raise CollabError(f"{setting}: give an SVG file below PATH (got {value!r})")
    path = _below(content, value, setting)
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
