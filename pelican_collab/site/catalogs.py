"""The interface language of each page, and gettext chosen per render inside one Pelican run.

A page's *interface text* is what the theme writes around the editors' text:
the skip link, menus, labels, notices, the footer. It is in the page's own
language when a catalog translates the theme into it (the package's, or one
from ``COLLAB_LOCALE_DIRS``), else in English. Each language's
:class:`Interface` says which, and gives templates what they need to mark
English interface text on, say, an Icelandic page with ``lang="en"``, so that
every text on a page carries the language it is really in.

Jinja's i18n extension accepts gettext callables marked ``pass_context``; ours
read the page being rendered from the template context (``collab_page``, see
``base.html``), so a single Jinja environment serves every language.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..errors import CollabError
from .languages import Language

if TYPE_CHECKING:
    from .settings import Site

logger = logging.getLogger(__name__)

DOMAIN = "messages"
#: The interface language of a page whose language has no catalog. When the
#: site has an English of its own, that one (its locale dates the pages);
#: else British English, as the EU writes it ("1 December 2026").
ENGLISH = "en"
ENGLISH_LOCALE = "en_GB"
#: What :attr:`Interface.lang` gives where interface and text agree (most elements of most pages).
_NO_ATTRIBUTES = Markup("")


@dataclass(frozen=True, slots=True)
class Interface:
    """The language interface text is in, and how to mark it where it differs.

    ``language`` is the interface text's language; ``around`` the language of
    the text it sits in: the page's, or inside a part of the page in another
    language (the original on a stand-in page), that part's (:meth:`within`).
    The two differ on a page whose language has no catalog.
    """

    language: Language
    around: Language
    translations: NullTranslations

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def foreign(self) -> bool:
        """Whether interface text here is in another language than the text around it."""
        return self.language.code != self.around.code

    @property
    def lang(self) -> Markup:
        """The attributes for an element that holds interface text (its text, its
        ``aria-label`` or ``alt``): ``lang`` (and ``dir``) when it differs from
        the text around it, else nothing. Put it inside the start tag:
        ``<p class="x"{{ ui.lang }}>``."""
        return language_attributes(self.language, self.around) if self.foreign else _NO_ATTRIBUTES

    def lang_of(self, language: Language) -> Markup:
        """The attributes for an element whose text is in ``language``, inside the text around."""
        return language_attributes(language, self.around)

    def mark(self, language: Language, text: Any) -> Markup:
        """``text``, in ``language``, inside the text around: in a ``<span lang>`` where they differ."""
        if language.code == self.around.code:
            return escape(text)
        return Markup("<span{}>{}</span>").format(language_attributes(language, self.around), text)

    def span(self, text: Any) -> Markup:
        """Interface text among text of the surrounding language: marked where they differ."""
        return self.mark(self.language, text)

    def own(self, text: Any) -> Markup:
        """Text in the surrounding language inside an element marked with :attr:`lang`
        (a page title in the menu, a contact's name in a link): marked back."""
        return self.within(self.language).mark(self.around, text)

    def within(self, language: Language) -> Interface:
        """The same interface text, inside a part of the page in ``language`` (the
        original on a stand-in page; ``ui.within(ui.language)`` inside an element
        marked with :attr:`lang`)."""
        return dataclasses.replace(self, around=language)

    def name_of(self, language: Language) -> str:
        """A language named in the interface language ("tysk" in Danish, "German" in English)."""
        return self.language.name_of(language)


def language_attributes(language: Language, inside: Language) -> Markup:
    """``lang`` for text in ``language`` inside text in ``inside``, and ``dir`` where
    the direction changes."""
    direction = f' dir="{language.direction}"' if language.direction != inside.direction else ""
    return Markup(' lang="{}"{}').format(language.code, Markup(direction))


def load_interfaces(languages: Iterable[Language], directories: list[Path]) -> dict[str, Interface]:
    """Each language's interface, by code; earlier directories override later ones.

    A language with no catalog anywhere gets the English interface, with a
    warning (documented in docs/reference.md), never silently.
    """
    languages = list(languages)
    english = next((language for language in languages if language.code == ENGLISH), None)
    english = english or Language(ENGLISH, Locale.parse(ENGLISH_LOCALE), False, "")
    english_catalog = _load_catalog(english, directories) or NullTranslations()
    interfaces = {}
    for language in languages:
        catalog = english_catalog if language is english else _load_catalog(language, directories)
        if catalog is None:
            logger.warning(
                "COLLAB_LANGUAGES: no theme catalog for %r; its interface text "
                "is shown in English (add one with COLLAB_LOCALE_DIRS)",
                language.code,
            )
            interfaces[language.code] = Interface(english, language, english_catalog)
        else:
            interfaces[language.code] = Interface(language, language, catalog)
    return interfaces


def _load_catalog(language: Language, directories: list[Path]) -> Translations | None:
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
    return merged


@pass_context
def interface(context: Context | dict[str, Any]) -> Interface:
    """The interface of the page being rendered: ``collab_page``'s language, or ``page``'s."""
    site: Site = context["COLLAB_SITE"]
    frame = context.get("collab_page")
    if frame is None:
        page = context.get("page")
        if page is None:
            raise CollabError(
                "template rendered without a page: set collab_page or pass page (see base.html)"
            )
        frame = page.collab
    found = site.interfaces.get(frame.language.code)
    if found is None:
        raise CollabError(f"template rendered in {frame.language.code!r}, which is not in COLLAB_LANGUAGES")
    return found


@pass_context
def gettext(context: Context, message: str) -> str:
    return interface(context).translations.gettext(message)


@pass_context
def ngettext(context: Context, singular: str, plural: str, number: int) -> str:
    return interface(context).translations.ngettext(singular, plural, number)


@pass_context
def localdate(context: Context, value: date | datetime, format: str = "long") -> str:
    """A date with CLDR in the interface language, like the words around it
    ("27. november 2026" in Danish, "27 November 2026" in British English)."""
    return interface(context).language.format_date(value, format)


def install(env: Any) -> None:
    """Give a generator's Jinja environment gettext, the date filter and ``interface()``."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    # `_` is Jinja's alias that looks `gettext` up in the context on every call;
    # the theme calls it a dozen times per page, so it is the callable itself.
    env.globals["_"] = env.globals["gettext"]
    env.filters["localdate"] = localdate
    env.globals["interface"] = interface
