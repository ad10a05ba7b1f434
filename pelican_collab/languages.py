"""The configured languages, each described once with what Babel knows of it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from .errors import CollabError


@dataclass(frozen=True)
class Language:
    """One language of the site.

    ``code`` is what editors see: the content folder name, the URL prefix and
    the ``lang``/``hreflang`` value. ``locale`` is the Babel locale used for
    dates and ``og:locale``; it may be more specific than the code (``en`` →
    ``en_GB``) through the ``COLLAB_LOCALES`` setting.
    """

    code: str
    locale: Locale
    is_default: bool
    url_prefix: str

    # Computed once: templates ask for these on every page, twice per switcher.
    @cached_property
    def native_name(self) -> str:
        """The language named in itself, capitalised as a menu label ("Dansk")."""
        name = self.locale.get_language_name(self.locale) or self.code
        return name[:1].upper() + name[1:]

    @cached_property
    def direction(self) -> str:
        return self.locale.text_direction

    @cached_property
    def og_locale(self) -> str:
        """``language_TERRITORY`` as Open Graph wants it, using CLDR's likely region."""
        if self.locale.territory:
            return f"{self.locale.language}_{self.locale.territory}"
        likely = get_global("likely_subtags").get(self.locale.language)
        territory = Locale.parse(likely).territory if likely else None
        return f"{self.locale.language}_{territory}" if territory else self.locale.language


def parse_locale(code: str, setting: str) -> Locale:
    """Parse a BCP 47 or POSIX code with Babel, or fail naming the setting."""
    if not isinstance(code, str) or not code.strip():
        raise CollabError(f"{setting}: {code!r} is not a language code")
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise CollabError(f"{setting}: {code!r} is not a language Babel knows") from None


def build_languages(
    codes: list[str], default: str, locales: dict[str, str], every_language_in_folder: bool
) -> tuple[Language, ...]:
    """Validate the language settings and describe each language."""
    if not isinstance(codes, list | tuple) or not codes:
        raise CollabError("COLLAB_LANGUAGES: give a list of at least one language code")
    if len(set(codes)) != len(codes):
        raise CollabError(f"COLLAB_LANGUAGES: a language is listed twice in {list(codes)}")
    for code in codes:
        parse_locale(code, "COLLAB_LANGUAGES")
        if "/" in code or code != code.strip():
            raise CollabError(f"COLLAB_LANGUAGES: {code!r} cannot be a folder name")
    if default not in codes:
        raise CollabError(
            f"COLLAB_DEFAULT_LANGUAGE: {default!r} is not one of COLLAB_LANGUAGES {list(codes)}"
        )
    unknown = sorted(set(locales) - set(codes))
    if unknown:
        raise CollabError(f"COLLAB_LOCALES: {unknown} are not in COLLAB_LANGUAGES")
    languages = []
    for code in codes:
        locale = parse_locale(
            locales.get(code, code), "COLLAB_LOCALES" if code in locales else "COLLAB_LANGUAGES"
        )
        is_default = code == default
        prefix = "" if is_default and not every_language_in_folder else f"{code.lower()}/"
        languages.append(Language(code, locale, is_default, prefix))
    return tuple(languages)
