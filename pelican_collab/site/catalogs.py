"""Gettext catalogs per language, chosen per render inside one Pelican run.

Jinja's i18n extension accepts gettext callables marked ``pass_context``; ours
read the language of the page being rendered from the template context, so a
single Jinja environment serves every language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from jinja2.runtime import Context

from ..errors import CollabError

if TYPE_CHECKING:
    from .languages import Language
    from .settings import Site

logger = logging.getLogger(__name__)

DOMAIN = "messages"


def load_catalogs(languages: Iterable[Language], directories: list[Path]) -> dict[str, NullTranslations]:
    """Load each language's catalog; later directories are overridden by earlier ones.

    A language with no catalog anywhere falls back to the English message ids
    with a warning (documented in the README), never silently.
    """
    catalogs: dict[str, NullTranslations] = {}
    for language in languages:
        wanted = [language.code.replace("-", "_"), str(language.locale)]
        merged: Translations | None = None
        for directory in reversed(directories):
            found = Translations.load(str(directory), wanted, DOMAIN)
            if not isinstance(found, Translations):
                continue
            if merged is None:
                merged = found
            else:
                merged.merge(found)
        if merged is None:
            logger.warning(
                "COLLAB_LANGUAGES: no theme catalog for %r; its interface text "
                "is shown in English (add one with COLLAB_LOCALE_DIRS)",
                language.code,
            )
            catalogs[language.code] = NullTranslations()
        else:
            catalogs[language.code] = merged
    return catalogs


def render_language(context: Context | dict[str, Any]) -> Language:
    """The language of the render: ``collab_lang`` if given, else the page's."""
    site: Site = context["COLLAB_SITE"]
    code = context.get("collab_lang")
    if code is None:
        page = context.get("page")
        if page is None:
            raise CollabError(
                "template rendered without a language: pass collab_lang or page "
                "(import macros 'with context')"
            )
        code = page.lang
    language = site.language(code)
    if language is None:
        raise CollabError(f"template rendered in {code!r}, which is not in COLLAB_LANGUAGES")
    return language


@pass_context
def gettext(context: Context, message: str) -> str:
    return context["COLLAB_SITE"].catalogs[render_language(context).code].gettext(message)


@pass_context
def ngettext(context: Context, singular: str, plural: str, number: int) -> str:
    catalog = context["COLLAB_SITE"].catalogs[render_language(context).code]
    return catalog.ngettext(singular, plural, number)


@pass_context
def localdate(context: Context, value: date | datetime, format: str = "long") -> str:
    """Format a date with CLDR in the render's language ("27. november 2026")."""
    return render_language(context).format_date(value, format)


def install(env: Any) -> None:
    """Give a generator's Jinja environment gettext and the date filter."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters["localdate"] = localdate
