"""What ``pelican-collab init`` needs to know, from options, questions or defaults.

Each ``parse_*`` function turns one answer into a value or raises ValueError
with the reason; :func:`collect_answers` takes the options first, then asks
(interactive) or takes the defaults (``--no-input``) for the rest. A bad option
value is an :class:`OptionError` (exit 2), a bad typed answer is asked again.
"""

from __future__ import annotations

import argparse
import re
import sys
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.core import parse_locale as split_locale
from pelican.utils import slugify

from ...errors import CollabError
from ...site.colours import check_accent
from ...site.contacts import _EMAIL, parse_phone
from ...site.languages import parse_locale
from ...site.settings import DEFAULTS

DEFAULT_LANGUAGES = ["da", "en"]
DEFAULT_ACCENT = DEFAULTS["COLLAB_ACCENT_COLOUR"]
DEFAULT_NAMES = {"da": "Vores partnerskab", "en": "Our partnership"}
#: English is written the British way unless told otherwise: the partnerships
#: write for Europe ("1 December 2026", og:locale en_GB), not "December 1, 2026".
DEFAULT_ENGLISH = "en-GB"
#: When the original's country has several time zones and none is given.
FALLBACK_TIMEZONE = "UTC"


@dataclass(frozen=True)
class Partner:
    key: str
    name: str
    url: str | None


@dataclass(frozen=True)
class Contact:
    key: str
    name: str
    email: str
    partner: str  # a partner key
    title: str
    phone: str | None


@dataclass
class Answers:
    languages: list[str]
    site_names: dict[str, str]
    partners: list[Partner] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    accent: str = DEFAULT_ACCENT
    statement_url: str | None = None
    siteurl: str | None = None
    # The regional locale of each language whose code names no region (COLLAB_LOCALES).
    locales: dict[str, str] = field(default_factory=dict)
    timezone: str = FALLBACK_TIMEZONE
    # Why the time zone is the fallback, when it is (init prints it as a note).
    timezone_note: str | None = None

    @property
    def source(self) -> str:
        return self.languages[0]

    @property
    def translations(self) -> list[str]:
        return self.languages[1:]


# Validation ---------------------------------------------------------------------------------


def parse_languages(text: str) -> list[str]:
    codes = [code for code in re.split(r"[\s,]+", text.strip()) if code]
    if len(codes) < 2:
        raise ValueError("give two or more language codes; the first is the original language")
    if len(set(codes)) != len(codes):
        raise ValueError(f"a language is listed twice in {codes}")
    for code in codes:
        if "/" in code or "." in code:
            raise ValueError(f"{code!r} cannot be a folder name")
        try:
            parse_locale(code, "language")
        except CollabError:
            raise ValueError(f"{code!r} is not a language Babel knows") from None
    return codes


def parse_colour(text: str) -> str:
    try:
        return check_accent(text.strip(), None).light
    except CollabError as error:
        raise ValueError(str(error).removeprefix("COLLAB_ACCENT_COLOUR: ")) from None


def parse_url(text: str) -> str:
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{text!r} is not an absolute http(s) URL such as https://example.org")
    return text.rstrip("/")


def parse_partner(text: str) -> Partner:
    name, _, url = (part.strip() for part in text.partition("|"))
    if not name:
        raise ValueError("a partner needs a name: 'NAME|URL' (the URL is optional)")
    return Partner(_key(name, "partner"), name, parse_url(url) if url else None)


def parse_contact(text: str, partners: list[Partner]) -> Contact:
    parts = [part.strip() for part in text.split("|")]
    if len(parts) not in (4, 5) or not all(parts[:4]):
        raise ValueError("a contact is 'NAME|EMAIL|PARTNER|JOB TITLE' with an optional '|PHONE'")
    name, email, partner, title = parts[:4]
    phone = parts[4] if len(parts) == 5 and parts[4] else None
    if not _EMAIL.fullmatch(email):
        raise ValueError(f"{email!r} is not an e-mail address")
    return Contact(_key(name, "contact"), name, email, find_partner(partner, partners).key, title, phone)


def find_partner(text: str, partners: list[Partner]) -> Partner:
    for partner in partners:
        if text in (partner.key, partner.name) or text.casefold() == partner.name.casefold():
            return partner
    names = ", ".join(partner.name for partner in partners) or "none given"
    raise ValueError(f"{text!r} is not one of the partners ({names})")


def check_phone(text: str) -> str:
    try:
        parse_phone(text, DEFAULTS["COLLAB_PHONE_COUNTRY_CODE"], "phone")
    except CollabError:
        raise ValueError(f"{text!r} is not a phone number") from None
    return text.strip()


def parse_regional_locale(code: str, text: str) -> str:
    """A regional locale for the language ``code`` ("en-US" for "en"), written BCP 47 style."""
    text = text.strip().replace("_", "-")
    try:
        locale = Locale.parse(text.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"{text!r} is not a locale Babel knows") from None
    language = Locale.parse(code.replace("-", "_")).language
    if locale.language != language:
        raise ValueError(f"{text!r} is not a locale of {language_label(code)} ({code!r})")
    return text


def parse_timezone(text: str) -> str:
    text = text.strip()
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{text!r} is not a time zone such as Europe/Copenhagen") from None
    return text


def _key(name: str, kind: str) -> str:
    return slugify(name, regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")]) or kind


def language_label(code: str) -> str:
    """ "Arabic (العربية)": how questions and markers name a language."""
    locale = Locale.parse(code.replace("-", "_"))
    english, native = locale.get_display_name("en"), locale.get_display_name(locale)
    return english if english == native else f"{english} ({native})"


# Regional defaults ------------------------------------------------------------------------


def likely_territory(code: str) -> str | None:
    """The country a language code names, or the one CLDR finds likeliest ("da" → "DK")."""
    locale = Locale.parse(code.replace("-", "_"))
    if locale.territory:
        return locale.territory
    likely = get_global("likely_subtags")
    keys = [f"{locale.language}_{locale.script}"] if locale.script else []
    for key in [*keys, locale.language]:
        if key in likely:
            return split_locale(likely[key])[1]
    return None


def default_regional_locale(code: str) -> str | None:
    """The regional locale a language gets unless told otherwise; None when its code
    names a region already, or CLDR knows no likely one ("en" → "en-GB", "da" → "da-DK")."""
    locale = Locale.parse(code.replace("-", "_"))
    if locale.territory:
        return None
    if locale.language == "en" and not locale.script:
        return DEFAULT_ENGLISH
    territory = likely_territory(code)
    if territory is None:
        return None
    regional = f"{code}-{territory}"
    try:
        Locale.parse(regional.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    return regional


def default_timezone(code: str) -> tuple[str, str | None]:
    """The time zone of the country of ``code`` (a regional locale), and a note when there is none.

    A country whose time zones all keep one time (CLDR's metazone: Germany's
    Europe/Berlin and Europe/Busingen) has one answer; a country with several
    times (the US, Spain with the Canaries) has none, and the site gets UTC
    until someone chooses.
    """
    territory = likely_territory(code)
    zones = list(get_global("territory_zones").get(territory, ())) if territory else []
    times = {get_global("meta_zones").get(zone, zone) for zone in zones}
    if len(times) == 1:
        return zones[0], None
    where = f"the country of {code!r} ({territory}) has several" if zones else f"CLDR knows none for {code!r}"
    return FALLBACK_TIMEZONE, (
        f"TIMEZONE is {FALLBACK_TIMEZONE}: {where}; set yours in pelicanconf.py (or init with --timezone)"
    )


# Asking ------------------------------------------------------------------------------------


class Asker:
    """Ask one question at a time, with a default, until the answer is valid."""

    def __init__(self, ask: Callable[[str], str], out: TextIO) -> None:
        self.ask, self.out = ask, out

    def __call__(self, question: str, default: str | None, parse: Callable[[str], Any]) -> Any:
        while True:
            shown = f" [{default}]" if default else ""
            try:
                answer = self.ask(f"{question}{shown}: ").strip()
            except EOFError:
                raise CollabError(f"no answer to {question!r}; use the options or --no-input") from None
            if not answer and default is None:
                return None
            try:
                return parse(answer or default or "")
            except ValueError as error:
                print(f"  {error}", file=self.out)


def collect_answers(
    options: argparse.Namespace, ask: Callable[[str], str] | None = None, out: TextIO | None = None
) -> Answers:
    """Options first; then questions (interactive) or defaults (``--no-input``)."""
    out = out or sys.stdout
    interactive = not options.no_input
    asker = Asker(ask or input, out)
    if options.languages is not None:
        languages = _option("--languages", parse_languages, options.languages)
    elif interactive:
        languages = asker(
            "Languages (codes Babel knows; the first is the original)",
            ", ".join(DEFAULT_LANGUAGES),
            parse_languages,
        )
    else:
        languages = list(DEFAULT_LANGUAGES)

    given = _site_name_options(options.site_name, languages)
    names: dict[str, str] = {}
    for code in languages:
        default = given.get(code) or DEFAULT_NAMES.get(code) or names.get(languages[0]) or "Our partnership"
        if code in given or not interactive:
            names[code] = default
        else:
            names[code] = asker(f"Site name in {language_label(code)}", default, _text)

    locales = _regional_locales(options.locale, languages, asker, interactive)
    zone, note = default_timezone(locales.get(languages[0], languages[0]))
    if options.timezone is not None:
        timezone, note = _option("--timezone", parse_timezone, options.timezone), None
    elif interactive:
        timezone = asker(
            "Time zone (TIMEZONE: the dates of pages and of their last change)", zone, parse_timezone
        )
        note = note if timezone == zone else None
    else:
        timezone = zone

    partners: list[Partner] = []
    if options.partner:
        partners = [_option("--partner", parse_partner, text) for text in options.partner]
    elif interactive:
        print("Partners (the responsible authorities; an empty name ends the list)", file=out)
        while True:
            name = asker(f"  Partner {len(partners) + 1}: name", None, _text)
            if not name:
                break
            url = asker(f"  Web address of {name} (optional)", None, parse_url)
            partners.append(Partner(_key(name, "partner"), name, url))
    _unique([partner.key for partner in partners], "--partner", "partner")

    contacts: list[Contact] = []
    if options.contact:
        contacts = [
            _option("--contact", lambda text: parse_contact(text, partners), text) for text in options.contact
        ]
    elif interactive and partners:
        print("Contact people (an empty name ends the list)", file=out)
        while True:
            name = asker(f"  Contact {len(contacts) + 1}: name", None, _text)
            if not name:
                break
            email = asker("  E-mail", "", _email)
            title = asker(f"  Job title (in {language_label(languages[0])})", "", _text_required)
            phone = asker("  Phone (optional)", None, check_phone)
            partner = asker(
                f"  Partner ({', '.join(p.name for p in partners)})",
                partners[0].name,
                lambda text: find_partner(text, partners),
            )
            contacts.append(Contact(_key(name, "contact"), name, email, partner.key, title, phone))
    for contact in contacts:
        if contact.phone:
            _option("--contact", check_phone, contact.phone)
    _unique([contact.key for contact in contacts], "--contact", "contact")

    def single(value: str | None, option: str, question: str, default: str | None, parse) -> str | None:
        if value is not None:
            return _option(option, parse, value)
        return asker(question, default, parse) if interactive else default

    accent = single(
        options.accent_colour,
        "--accent-colour",
        "Accent colour (links and borders; AA contrast is checked)",
        DEFAULT_ACCENT,
        parse_colour,
    )
    statement = single(
        options.accessibility_statement_url,
        "--accessibility-statement-url",
        "Accessibility statement URL (optional)",
        None,
        parse_url,
    )
    siteurl = single(
        options.siteurl,
        "--siteurl",
        "Public address of the site, SITEURL (optional now; e.g. https://example.org/partnership)",
        None,
        parse_url,
    )
    return Answers(languages, names, partners, contacts, accent, statement, siteurl, locales, timezone, note)


def _regional_locales(
    values: list[str] | None, languages: list[str], asker: Asker, interactive: bool
) -> dict[str, str]:
    """COLLAB_LOCALES: ``--locale CODE=LOCALE`` first, then asked or defaulted per language."""
    given: dict[str, str] = {}
    for value in values or []:
        code, separator, text = (part.strip() for part in value.partition("="))
        if not separator or not code or not text:
            raise OptionError(f"--locale: {value!r} is not CODE=LOCALE, e.g. en=en-US")
        if code not in languages:
            raise OptionError(f"--locale: {code!r} is not one of the languages {languages}")
        given[code] = _option("--locale", lambda text, code=code: parse_regional_locale(code, text), text)
    locales: dict[str, str] = {}
    for code in languages:
        default = default_regional_locale(code)
        if code in given:
            locales[code] = given[code]
        elif interactive and default is not None:
            question = f"Regional conventions for {language_label(code)} (dates, og:locale)"
            locales[code] = asker(
                question, default, lambda text, code=code: parse_regional_locale(code, text)
            )
        elif default is not None:
            locales[code] = default
    return locales


def _option(name: str, parse: Callable[[str], Any], value: str) -> Any:
    try:
        return parse(value)
    except ValueError as error:
        raise OptionError(f"{name}: {error}") from None


class OptionError(CollabError):
    """An option's value is invalid (exit 2)."""


def _site_name_options(values: list[str] | None, languages: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for value in values or []:
        code, separator, name = value.partition("=")
        if separator and code.strip() in languages:
            names[code.strip()] = name.strip()
        elif separator and re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]+)*", code.strip()):
            raise OptionError(f"--site-name: {code.strip()!r} is not one of the languages {languages}")
        else:
            for language in languages:
                names.setdefault(language, value.strip())
    if any(not name for name in names.values()):
        raise OptionError("--site-name: a site name cannot be empty")
    return names


def _unique(keys: list[str], option: str, kind: str) -> None:
    if len(set(keys)) != len(keys):
        raise OptionError(f"{option}: two {kind}s have the same name")


def _text(text: str) -> str:
    return text.strip()


def _text_required(text: str) -> str:
    if not text.strip():
        raise ValueError("an answer is needed")
    return text.strip()


def _email(text: str) -> str:
    if not _EMAIL.fullmatch(text.strip()):
        raise ValueError(f"{text!r} is not an e-mail address")
    return text.strip()
