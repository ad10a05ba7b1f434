"""A partnership site in six languages, built for real, and a check that every
text on its pages is marked with the language it is in.

The site is issue 12's scenario, widened: a Danish original with pages in
folders (``om/index.md``, ``om/projekter.md``), translated into English in
part, into German with one placeholder (``Translation-Status: placeholder``),
into Faroese and Arabic (right to left) only on the home page, and Icelandic
(a language the package has no catalog for) not at all; a hidden page, pages
with and without ``Order:``, contact cards, a partner logo, a partner name
and a contact's title missing in some languages, and one stale translation.
Every text in it is listed here with its language (``CONTENT``), so that
:func:`language_problems` can tell what language each text on a built page is in.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, NavigableString, Tag

from pelican_collab.engine.build import build, load_settings
from pelican_collab.translation.freshness import stamp

from .conftest import REPOSITORY, SETTINGS_TEMPLATE

LANGUAGES = ["da", "en", "de", "fo", "ar", "is"]
PREFIXES = {"da": "/", "en": "/en/", "de": "/de/", "fo": "/fo/", "ar": "/ar/", "is": "/is/"}
LOCALES = {"en": "en_GB"}
LOCALE_FOLDER = REPOSITORY / "pelican_collab" / "locale"

SETTINGS = """
COLLAB_LANGUAGES = ["da", "en", "de", "fo", "ar", "is"]
PREFIXES = {"da": "/", "en": "/en/", "de": "/de/", "fo": "/fo/", "ar": "/ar/", "is": "/is/"}
COLLAB_LOCALES = {"en": "en-GB"}
COLLAB_SITENAMES = {
    "da": "Nordby og Sydby", "en": "Nordby and Sydby", "de": "Nordby und Sydby",
    "fo": "Nordby og Sydby saman", "ar": "نوردبي وسيدبي", "is": "Nordby og Sydby saman á Íslandi",
}
COLLAB_PARTNERS = [
    {"key": "nordby", "name": "Nordby Kommune", "url": "https://nordby.example", "logo": "logos/nordby.svg"},
    {"key": "sydby", "name": {"da": "Sydby Kommune", "en": "Sydby Municipality"}, "url": "https://sydby.example"},
]
COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/nordby-example"
COLLAB_WORKERS = 1
"""

CONTACTS = """\
[contacts.ada]
name = "Ada Jensen"
partner = "nordby"
email = "ada@nordby.example"
phone = "11 22 33 44"
mobile = "55 66 77 88"
title.da = "Kontorchef"
title.en = "Head of Office"
title.de = "Büroleiterin"
title.ar = "رئيسة المكتب"
title.is = "Skrifstofustjóri"
"""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'

PAGES = {
    "da/index.md": """
        Title: Velkommen til partnerskabet
        Modified: 2026-12-01
        Contacts: ada

        Partnerskabet samler to kommuner.

        ## Hvorfor samarbejde

        Vi deler [projekterne]({filename}om/projekter.md) og viden.

        ## Hvordan vi arbejder

        Vi mødes hver måned.
        """,
    "da/om/index.md": """
        Title: Om partnerskabet
        Order: 2
        Modified: 2026-11-20

        Sådan er partnerskabet bygget op.
        """,
    "da/om/projekter.md": """
        Title: Projekter
        Modified: 2026-11-15

        Vores fælles projekter.
        """,
    "da/kontakt.md": """
        Title: Kontakt os
        Order: 1
        Modified: 2026-11-10

        Skriv til os.
        """,
    "da/nyheder.md": """
        Title: Nyheder
        Modified: 2026-11-05

        Det nyeste fra partnerskabet.
        """,
    "da/arkiv.md": """
        Title: Arkiv
        Modified: 2026-11-01

        Ældre tekster.
        """,
    "da/skjult.md": """
        Title: Skjult side
        Status: hidden
        Modified: 2026-11-01

        Ikke i menuen.
        """,
    "en/index.md": """
        Title: Welcome to the partnership
        Modified: 2026-12-01
        Contacts: ada

        The partnership brings two municipalities together.

        ## Why we work together

        We share [the projects]({filename}om/projekter.md) and knowledge.

        ## How we work

        We meet every month.
        """,
    "en/om/index.md": """
        Title: About the partnership
        Modified: 2026-11-20

        How the partnership is organised.
        """,
    "en/om/projekter.md": """
        Title: Projects
        Modified: 2026-11-15

        Our shared projects.
        """,
    "de/index.md": """
        Title: Willkommen in der Partnerschaft
        Modified: 2026-12-01
        Contacts: ada

        Die Partnerschaft verbindet zwei Gemeinden.

        ## Warum wir zusammenarbeiten

        Wir teilen [die Projekte]({filename}/da/om/projekter.md) und Wissen.

        ## Wie wir arbeiten

        Wir treffen uns jeden Monat.
        """,
    # What `pelican-collab init` writes for a translation: not one yet.
    "de/om/projekter.md": """
        Title: [Übersetzen] Projekter
        Translation-Status: placeholder

        [Ins Deutsche übersetzen] Vores fælles projekter.
        """,
    "fo/index.md": """
        Title: Vælkomin í felagsskapin
        Modified: 2026-12-01
        Contacts: ada

        Felagsskapurin savnar tvær kommunur.

        ## Hví vit samstarva

        Vit deila [verkætlanirnar]({filename}/da/om/projekter.md) og vitan.

        ## Hvussu vit arbeiða

        Vit hittast hvønn mánað.
        """,
    "ar/index.md": """
        Title: مرحبا بكم في الشراكة
        Modified: 2026-12-01
        Contacts: ada

        تجمع الشراكة بلديتين.

        ## لماذا نتعاون

        نتشارك [المشاريع]({filename}/da/om/projekter.md) والمعرفة.

        ## كيف نعمل

        نلتقي كل شهر.
        """,
}
#: Every text of the content, by language. Names (people, partners, addresses)
#: are the same in every language.
CONTENT = {
    "da": [
        "Velkommen til partnerskabet",
        "Partnerskabet samler to kommuner.",
        "Hvorfor samarbejde",
        "Vi deler",
        "projekterne",
        "og viden.",
        "Hvordan vi arbejder",
        "Vi mødes hver måned.",
        "Om partnerskabet",
        "Sådan er partnerskabet bygget op.",
        "Projekter",
        "Vores fælles projekter.",
        "Vores fælles projekter, også i Sydby.",
        "Kontakt os",
        "Skriv til os.",
        "Nyheder",
        "Det nyeste fra partnerskabet.",
        "Arkiv",
        "Ældre tekster.",
        "Skjult side",
        "Ikke i menuen.",
        "Nordby og Sydby",
        "Kontorchef",
        "Sydby Kommune",
    ],
    "en": [
        "Welcome to the partnership",
        "The partnership brings two municipalities together.",
        "Why we work together",
        "We share",
        "the projects",
        "and knowledge.",
        "How we work",
        "We meet every month.",
        "About the partnership",
        "How the partnership is organised.",
        "Projects",
        "Our shared projects.",
        "Nordby and Sydby",
        "Head of Office",
        "Sydby Municipality",
    ],
    "de": [
        "Willkommen in der Partnerschaft",
        "Die Partnerschaft verbindet zwei Gemeinden.",
        "Warum wir zusammenarbeiten",
        "Wir teilen",
        "die Projekte",
        "und Wissen.",
        "Wie wir arbeiten",
        "Wir treffen uns jeden Monat.",
        "Nordby und Sydby",
        "Büroleiterin",
    ],
    "fo": [
        "Vælkomin í felagsskapin",
        "Felagsskapurin savnar tvær kommunur.",
        "Hví vit samstarva",
        "Vit deila",
        "verkætlanirnar",
        "og vitan.",
        "Hvussu vit arbeiða",
        "Vit hittast hvønn mánað.",
        "Nordby og Sydby saman",
    ],
    "ar": [
        "مرحبا بكم في الشراكة",
        "تجمع الشراكة بلديتين.",
        "لماذا نتعاون",
        "نتشارك",
        "المشاريع",
        "والمعرفة.",
        "كيف نعمل",
        "نلتقي كل شهر.",
        "نوردبي وسيدبي",
        "رئيسة المكتب",
    ],
    "is": ["Nordby og Sydby saman á Íslandi", "Skrifstofustjóri"],
}
NAMES = ["Ada Jensen", "Nordby Kommune", "ada@nordby.example", "vCard"]
#: The translation keys (the editors' report lists them).
KEYS = ["index", "om/index", "om/projekter", "kontakt", "nyheder", "arkiv", "skjult"]
#: The days the pages show (their Modified:), in every language's words.
DATES = [date(2026, 12, d) for d in (1,)] + [date(2026, 11, d) for d in (20, 15, 10, 5, 1)]


def build_site(root: Path) -> Path:
    """Write the site into ``root``, stamp its translations, make one stale, build; the output."""
    content = root / "content"
    for relative, text in PAGES.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (content / "contacts.toml").write_text(CONTACTS, encoding="utf-8")
    (content / "logos").mkdir()
    (content / "logos" / "nordby.svg").write_text(LOGO, encoding="utf-8")
    settings_file = root / "pelicanconf.py"
    settings = SETTINGS_TEMPLATE.replace('PATH = "content"', f'PATH = "{content}"').replace(
        'OUTPUT_PATH = "output"', f'OUTPUT_PATH = "{root / "output"}"'
    )
    settings_file.write_text(settings + SETTINGS, encoding="utf-8")
    originals = [
        content / "da" / "index.md",
        content / "da" / "om" / "index.md",
        content / "da" / "om" / "projekter.md",
    ]
    stamp(load_settings(settings_file), originals, all_translations=True)
    # The original changes after its English translation was stamped: a stale notice.
    projects = content / "da" / "om" / "projekter.md"
    text = projects.read_text(encoding="utf-8")
    projects.write_text(text.replace("projekter.", "projekter, også i Sydby."), encoding="utf-8")
    build(settings_file)
    return root / "output"


def build_long_site(root: Path, count: int) -> Path:
    """A Danish and English site with ``count`` more Danish pages on the menu's first
    level (more than it shows: each language gets a page of all pages); the output."""
    pages = {"da/index.md": "Title: Forside\n\nVelkommen.\n", "en/index.md": "Title: Home\n\nWelcome.\n"}
    for number in range(count):
        pages[f"da/side-{number:02}.md"] = f"Title: Side {number:02}\nOrder: {number}\n\nTekst.\n"
    for relative, text in pages.items():
        (root / "content" / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / relative).write_text(text, encoding="utf-8")
    settings = SETTINGS_TEMPLATE.replace('PATH = "content"', f'PATH = "{root / "content"}"')
    settings = settings.replace('OUTPUT_PATH = "output"', f'OUTPUT_PATH = "{root / "output"}"')
    (root / "pelicanconf.py").write_text(settings, encoding="utf-8")
    build(root / "pelicanconf.py")
    return root / "output"


def interface_text(lang: str, message: str) -> str:
    """``message`` as the package's catalog for ``lang`` has it; English without one."""
    po = LOCALE_FOLDER / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return message
    with po.open("rb") as handle:
        return read_po(handle)[message].string


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# ---------------------------------------------------------------------------
# What language is a text in?

#: Text that is no language's: no letters, a language code, a file.
_NEUTRAL = re.compile(r"[\W\d_]*|[a-z]{2}|(content/)?[\w-]+(/[\w-]+)*\.md")
#: How the theme joins texts of different kinds in one text node (the <title>, say).
_JOINS = re.compile(r" – | · |: |, | / |\n")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_SLOT = "SLOTxSLOT"  # a placeholder while a message becomes a pattern (letters: trimming keeps it)


def _trim(text: str) -> str:
    """Whitespace collapsed, punctuation and diff marks stripped from the ends."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", " ".join(text.split()))


class Languages:
    """What the site's texts are: content, interface (every catalog), names, dates."""

    def __init__(self) -> None:
        self.exact: dict[str, set[str]] = {}
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        for lang, texts in CONTENT.items():
            for text in texts:
                self._add(text, lang)
        for text in NAMES + KEYS:
            self._add(text, "*")
        self._add(format_date(DATES[0], "long", locale="en_GB"), "en")
        for po in sorted(LOCALE_FOLDER.glob("*/LC_MESSAGES/messages.po")):
            lang = po.parent.parent.name
            with po.open("rb") as handle:
                catalog = read_po(handle)
            for message in catalog:
                if not message.id:
                    continue
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for string in strings:
                    if string:
                        self._add_message(string, lang)
        english = Locale.parse("en_GB")
        for lang in LANGUAGES:
            locale = Locale.parse(LOCALES.get(lang, lang))
            own = locale.get_display_name(locale)
            self._add(own[:1].upper() + own[1:], lang)
            for other in LANGUAGES:
                self._add(locale.languages.get(Locale.parse(other).language, ""), lang)
                self._add(english.languages.get(Locale.parse(other).language, ""), "en")
            for day in DATES:
                self._add(format_date(day, "long", locale=locale), lang)
                self._add(format_date(day, "long", locale=english), "en")

    def _add(self, text: str, lang: str) -> None:
        if _trim(text):
            self.exact.setdefault(_trim(text), set()).add(lang)

    def _add_message(self, string: str, lang: str) -> None:
        marked = _PLACEHOLDER.sub(_SLOT, string)
        if _SLOT not in marked:
            self._add(string, lang)
            return
        parts = [re.escape(part.strip()) for part in _trim(marked).split(_SLOT)]
        self.patterns.append((re.compile(r"\s*(.*?)\s*".join(parts), re.DOTALL), lang))

    def of(self, text: str) -> set[str] | None:
        """The languages ``text`` is in ("*": any), or None when it is not the site's."""
        original, text = text, _trim(text)
        if _NEUTRAL.fullmatch(text):
            return {"*"}
        if text in self.exact:
            return self.exact[text]
        found: set[str] = set()
        for pattern, lang in self.patterns:
            # As written, or trimmed: "Ostatnia aktualizacja:" ends where its date begins.
            match = pattern.fullmatch(" ".join(original.split())) or pattern.fullmatch(text)
            if match and all(self._fits(part, lang) for part in match.groups()):
                found.add(lang)
        return found or self._joined(text)

    def _fits(self, part: str, lang: str) -> bool:
        languages = self.of(part)
        return languages is not None and ("*" in languages or lang in languages)

    def _joined(self, text: str) -> set[str] | None:
        """A text made of parts joined as the theme joins them: the languages all parts are in."""
        parts = [part for part in _JOINS.split(text) if part.strip()]
        if len(parts) < 2:
            return None
        common: set[str] | None = None
        for part in parts:
            languages = self.of(part)
            if languages is None:
                return None
            if "*" not in languages:
                common = languages if common is None else common & languages
        return {"*"} if common is None else common or None


def _texts(document: BeautifulSoup) -> Iterator[tuple[str, Tag, str]]:
    """Every text node and every alt/aria-label/title attribute: (what, element, text).
    Not data (JSON-LD) and not source text (the editors' report shows diffs of
    the Markdown files in a <pre>)."""
    for node in document.find_all(string=True):
        # Only text: a Comment or a Doctype is a NavigableString too.
        plain = type(node) is NavigableString and node.strip()
        if plain and node.parent.name not in ("script", "style", "pre"):
            yield "text", node.parent, str(node)
    for element in document.find_all(True):
        for attribute in ("alt", "aria-label", "title"):
            if element.get(attribute):
                yield f"{attribute}=", element, element[attribute]


def nearest_lang(element: Tag) -> str | None:
    for candidate in (element, *element.parents):
        if isinstance(candidate, Tag) and candidate.has_attr("lang"):
            return candidate["lang"]
    return None


def language_problems(path: Path, languages: Languages) -> list[str]:
    """Each text of the page that is not in the language its nearest ``lang`` says, or unknown."""
    problems = []
    for what, element, text in _texts(parse(path)):
        found = languages.of(text)
        lang = nearest_lang(element)
        if found is None:
            problems.append(f"{path.name}: unknown {what} {text.strip()!r} (lang={lang})")
        elif "*" not in found and lang not in found:
            problems.append(f"{what} {text.strip()!r} is {'/'.join(sorted(found))} but marked lang={lang}")
    return problems
