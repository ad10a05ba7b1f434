"""The configured languages, each described once with what Babel knows of it."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date

from ..errors import CollabError


@dataclass(frozen=True)
class Language:
    """One language of the site.

    ``code`` is what editors see: the content folder name, the URL prefix and
    the ``lang``/``hreflang`` value. ``locale`` is the Babel locale used for
    dates and ``og:locale``; it may be more specific than the code (``en`` →
    ``en_GB``) through the ``COLLAB_LOCALES`` setting.

    What the templates ask of CLDR (names, direction, og:locale, dates) is
    worked out once and remembered. Babel loads a language's whole CLDR data
    (and its global tables) for the first answer, several MiB a build would
    otherwise hold; a build that renders in workers works the answers out in a
    helper process and lets every language :meth:`learn` them (see :func:`work_out`).
    """

    code: str
    locale: Locale
    is_default: bool
    url_prefix: str
    _known: dict[Hashable, str] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def native_name(self) -> str:
        """The language named in itself, capitalised as a menu label ("Dansk")."""
        return self._answer("native_name", self._native_name)

    @property
    def direction(self) -> str:
        return self._answer("direction", lambda: self.locale.text_direction)

    @property
    def og_locale(self) -> str:
        """``language_TERRITORY`` as Open Graph wants it, using CLDR's likely region."""
        return self._answer("og_locale", self._og_locale)

    def name_of(self, other: Language) -> str:
        """Another language named in this one ("Danish" in English)."""
        return self._answer(
            ("name", other.code),
            lambda: self.locale.languages.get(other.locale.language, other.native_name),
        )

    def format_date(self, day: date, format: str = "long") -> str:
        """A date as this language writes it ("27. november 2026")."""
        return self._answer(("date", day, format), lambda: format_date(day, format, locale=self.locale))

    def learn(self, answers: Mapping[Hashable, str]) -> None:
        """Remember answers worked out elsewhere (by :func:`work_out` in a helper process)."""
        self._known.update(answers)

    def _answer(self, question: Hashable, work: Callable[[], str]) -> str:
        answer = self._known.get(question)
        if answer is None:
            answer = self._known[question] = work()
        return answer

    def _native_name(self) -> str:
        name = self.locale.get_language_name(self.locale) or self.code
        return name[:1].upper() + name[1:]

    def _og_locale(self) -> str:
        if self.locale.territory:
            return f"{self.locale.language}_{self.locale.territory}"
        likely = get_global("likely_subtags").get(self.locale.language)
        territory = Locale.parse(likely).territory if likely else None
        return f"{self.locale.language}_{territory}" if territory else self.locale.language


def work_out(
    languages: Iterable[Language], dates: Mapping[str, Iterable[date]]
) -> dict[str, dict[Hashable, str]]:
    """Ask each language everything the templates will ask, with the ``dates``
    (by language code) its pages show; each language's answers, to :meth:`Language.learn`."""
    languages = list(languages)
    for language in languages:
        _ = language.native_name, language.direction, language.og_locale  # asking records the answer
        for other in languages:
            language.name_of(other)
        for day in dates.get(language.code, ()):
            language.format_date(day)
    return {language.code: dict(language._known) for language in languages}


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
