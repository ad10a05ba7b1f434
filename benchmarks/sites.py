"""Synthetic multilingual sites with identical content for every contender.

Every contender gets the same pages: per language one home page and
``pages - 1`` other pages, each with a title, a date, an introduction and
three ``##`` sections with ``###`` sub-sections, a list and links (one to
another page of the same language, one to another host). The Markdown body
of a page is byte-identical for every contender; only the metadata header
differs where a tool demands its own format (Hugo's YAML front matter).

We benchmark *pages*, not articles, for every contender: a narrative site is
pages, pelican-collab only makes pages, and Pelican's page path does the same
reading and rendering work as its article path minus the blog indexes, which
none of the contenders writes here.

Layouts on disk (``content/<lang>/`` for all of them, so the sources are the
same files in the same places):

* ``collab`` — pelican-collab: language from the folder, pairing by path.
* ``lean`` — Pelican 4.12, ``simple`` theme, native translations: every page
  says ``Lang:`` and translations share a ``Slug:`` (``PAGE_TRANSLATION_ID =
  "slug"``, Pelican's default); no page menu.
* ``i18n`` — the same plus pelican-i18n-subsites as its README documents it:
  ``I18N_SUBSITES`` with one (empty) override dict per extra language and
  ``jinja2.ext.i18n`` in ``JINJA_ENVIRONMENT``.
* ``hugo`` — Hugo with ``contentDir`` per language, pairing by path, and the
  minimal layouts in ``benchmarks/hugo/layouts`` (hreflang and switcher).
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

LANGUAGE_CODES = ("da", "en", "de")
LANGUAGE_NAMES = {"da": "Dansk", "en": "English", "de": "Deutsch"}
CONTENDERS = ("collab", "lean", "i18n", "hugo")
HUGO_LAYOUTS = Path(__file__).resolve().parent / "hugo" / "layouts"
SITEURL = "https://example.org"


def _words(text: str) -> list[str]:
    return text.split()


WORDS = {
    "da": _words(
        "samarbejde kommune digitalisering borger strategi løsning fælles udvikling data tværgående "
        "indsats mål værdi styrke økonomi drift sikkerhed platform ansvar partnerskab viden kvalitet "
        "medarbejder service område fremtid teknologi proces gevinst beslutning omstilling fællesskab "
        "infrastruktur opgave hverdag rammer ressource prioritering læring effekt forandring erfaring"
    ),
    "en": _words(
        "partnership municipality digitalisation citizen strategy solution shared development data "
        "cross-cutting effort goal value strength economy operations security platform responsibility "
        "knowledge quality employee service area future technology process benefit decision change "
        "community infrastructure task everyday framework resource priority learning impact experience"
    ),
    "de": _words(
        "Partnerschaft Gemeinde Digitalisierung Bürger Strategie Lösung gemeinsam Entwicklung Daten "
        "übergreifend Einsatz Ziel Wert Stärke Wirtschaft Betrieb Sicherheit Plattform Verantwortung "
        "Wissen Qualität Mitarbeiter Dienst Bereich Zukunft Technik Prozess Nutzen Entscheidung Wandel"
    ),
}


@dataclass(frozen=True)
class Size:
    """A site size: so many languages, so many pages in each (home page included)."""

    languages: int
    pages: int

    @property
    def label(self) -> str:
        return f"{self.languages}x{self.pages}"

    @property
    def codes(self) -> tuple[str, ...]:
        return LANGUAGE_CODES[: self.languages]

    @property
    def total_pages(self) -> int:
        return self.languages * self.pages


@dataclass(frozen=True)
class GeneratedSite:
    """One contender's copy of a synthetic site, ready to build."""

    contender: str
    size: Size
    root: Path
    content: Path
    output: Path
    config: Path
    #: Output files, relative to ``output``: one per page and language.
    expected: tuple[str, ...]

    def command(self, python: str, hugo: str | None = None) -> list[str]:
        """The build command, run with ``root`` as the working directory."""
        if self.contender == "hugo":
            return [hugo or "hugo", "--source", str(self.root), "--destination", str(self.output), "--quiet"]
        # All three Pelican contenders use Pelican's own command line, so the
        # start-up work is identical and only plugin and theme differ.
        return [python, "-m", "pelican", "--settings", str(self.config)]

    def pages_built(self) -> int:
        return sum((self.output / relative).is_file() for relative in self.expected)


# ---------------------------------------------------------------------------
# Content


def slug(number: int) -> str:
    return "index" if number == 0 else f"page-{number:04d}"


def prefix(code: str, codes: tuple[str, ...]) -> str:
    """URL prefix of a language: the first (default) language sits at the root."""
    return "" if code == codes[0] else f"{code}/"


def _sentence(rng: random.Random, words: list[str], length: int) -> str:
    chosen = [rng.choice(words) for _ in range(length)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, words: list[str], sentences: int) -> str:
    return " ".join(_sentence(rng, words, rng.randint(6, 12)) for _ in range(sentences))


def _heading(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(2, 4))).capitalize()


def page_text(code: str, number: int, size: Size) -> tuple[str, str, str]:
    """``(title, ISO date, Markdown body)`` of one page; the same for every contender."""
    rng = random.Random(f"{code}-{number}")
    words = WORDS.get(code, WORDS["en"])
    title = f"{_heading(rng, words)} {number}"
    when = (date(2026, 1, 1) + timedelta(days=number % 365)).isoformat()
    parts = [_paragraph(rng, words, 3)]
    here = prefix(code, size.codes)
    for section in range(3):
        parts.append(f"## {_heading(rng, words)} {section + 1}")
        parts.append(_paragraph(rng, words, 3))
        for sub in range(2):
            parts.append(f"### {_heading(rng, words)} {section + 1}.{sub + 1}")
            parts.append(_paragraph(rng, words, 2))
        if section == 0:
            parts.append("\n".join(f"- {_sentence(rng, words, 6)}" for _ in range(3)))
        if section == 1 and size.pages > 1:
            target = 1 + (number * 7 + 3) % (size.pages - 1)
            parts.append(
                f"See [{_heading(rng, words)}](/{here}{slug(target)}/) and "
                f"[the partnership's site](https://example.org/{code}/about/) for more."
            )
    return title, when, "\n\n".join(parts) + "\n"


def _pelican_source(code: str, number: int, size: Size) -> str:
    title, when, body = page_text(code, number, size)
    return f"Title: {title}\nDate: {when}\nSlug: {slug(number)}\nLang: {code}\n\n{body}"


def _hugo_source(code: str, number: int, size: Size) -> str:
    title, when, body = page_text(code, number, size)
    front = [f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {when}"]
    if number:
        front.append(f"slug: {slug(number)}")
    return "---\n" + "\n".join(front) + "\n---\n\n" + body


# ---------------------------------------------------------------------------
# Settings


def _common_pelican(site_root: Path, cache: bool) -> str:
    return (
        f"PATH = {str(site_root / 'content')!r}\n"
        f"OUTPUT_PATH = {str(site_root / 'output')!r}\n"
        f"CACHE_PATH = {str(site_root / 'cache')!r}\n"
        f"SITEURL = {SITEURL!r}\n"
        'SITENAME = "Benchmark"\n'
        'TIMEZONE = "Europe/Copenhagen"\n'
        f"CACHE_CONTENT = {cache}\n"
        f"LOAD_CONTENT_CACHE = {cache}\n"
    )


def _collab_settings(site_root: Path, size: Size, cache: bool) -> str:
    return (
        "from pelican_collab import theme_path\n\n"
        'PLUGINS = ["pelican_collab"]\n'
        "THEME = theme_path()\n"
        + _common_pelican(site_root, cache)
        + f"COLLAB_LANGUAGES = {list(size.codes)!r}\n"
        'COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/"\n'
        # With the cache on, as in the editing loop (invoke regenerate/livereload):
        # unchanged outputs are kept, not only the converted Markdown.
        f"COLLAB_KEEP_UNCHANGED = {cache}\n"
    )


def _lean_settings(site_root: Path, size: Size, cache: bool) -> str:
    return (
        "PLUGINS = []  # explicit: no namespace plugin is loaded behind our back\n"
        'THEME = "simple"\n' + _common_pelican(site_root, cache) + f"DEFAULT_LANG = {size.codes[0]!r}\n"
        "ARTICLE_PATHS = []\n"
        'PAGE_PATHS = [""]\n'
        "DISPLAY_PAGES_ON_MENU = False\n"
        'PAGE_URL = "{slug}/"\n'
        'PAGE_SAVE_AS = "{slug}/index.html"\n'
        'PAGE_LANG_URL = "{lang}/{slug}/"\n'
        'PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"\n'
        "# The same Pelican output pelican-collab switches off: no blog indexes or feeds.\n"
        "DIRECT_TEMPLATES = []\n"
        "FEED_ALL_ATOM = None\n"
        "CATEGORY_FEED_ATOM = None\n"
        "TRANSLATION_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\n"
        "AUTHOR_FEED_RSS = None\n"
        'TAGS_SAVE_AS = ""\n'
        'CATEGORIES_SAVE_AS = ""\n'
        'AUTHORS_SAVE_AS = ""\n'
        'ARCHIVES_SAVE_AS = ""\n'
    )


def _i18n_settings(site_root: Path, size: Size, cache: bool) -> str:
    subsites = {code: {} for code in size.codes[1:]}
    return (
        _lean_settings(site_root, size, cache).replace(
            "PLUGINS = []  # explicit: no namespace plugin is loaded behind our back\n",
            'PLUGINS = ["i18n_subsites"]\n',
        )
        + "# pelican-i18n-subsites, as its README documents it:\n"
        + f"I18N_SUBSITES = {subsites!r}\n"
        + 'JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, '
        '"extensions": ["jinja2.ext.i18n"]}\n'
    )


def _hugo_config(size: Size) -> str:
    lines = [
        f'baseURL = "{SITEURL}/"',
        'title = "Benchmark"',
        f'defaultContentLanguage = "{size.codes[0]}"',
        "defaultContentLanguageInSubdir = false",
        "buildFuture = true",
        'disableKinds = ["taxonomy", "term", "RSS"]',
        "",
        "[languages]",
    ]
    for weight, code in enumerate(size.codes, start=1):
        lines += [
            f"[languages.{code}]",
            f'contentDir = "content/{code}"',
            f'languageName = "{LANGUAGE_NAMES.get(code, code)}"',
            f"weight = {weight}",
        ]
    return "\n".join(lines) + "\n"


def expected_outputs(contender: str, size: Size) -> tuple[str, ...]:
    """One output file per page and language, where the contender writes it."""
    files = []
    for code in size.codes:
        here = prefix(code, size.codes)
        for number in range(size.pages):
            if number == 0 and contender in ("collab", "hugo"):
                files.append(f"{here}index.html")  # the home page at the language root
            else:  # Pelican's own URL scheme: the home page is just the page "index"
                files.append(f"{here}{slug(number)}/index.html")
    return tuple(files)


def generate(contender: str, size: Size, root: Path, cache: bool = False) -> GeneratedSite:
    """Write one contender's site under ``root`` (emptied first) and describe it."""
    if contender not in CONTENDERS:
        raise ValueError(f"unknown contender {contender!r}; choose from {CONTENDERS}")
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    for code in size.codes:
        folder = content / code
        folder.mkdir(parents=True)
        for number in range(size.pages):
            if contender == "hugo":
                name = "_index.md" if number == 0 else f"{slug(number)}.md"
                text = _hugo_source(code, number, size)
            else:
                name = f"{slug(number)}.md"
                text = _pelican_source(code, number, size)
            (folder / name).write_text(text, encoding="utf-8")
    if contender == "hugo":
        config = root / "config.toml"
        config.write_text(_hugo_config(size), encoding="utf-8")
        shutil.copytree(HUGO_LAYOUTS, root / "layouts")
    else:
        config = root / "pelicanconf.py"
        writer = {"collab": _collab_settings, "lean": _lean_settings, "i18n": _i18n_settings}[contender]
        config.write_text(writer(root, size, cache), encoding="utf-8")
    site = GeneratedSite(
        contender=contender,
        size=size,
        root=root,
        content=content,
        output=root / "output",
        config=config,
        expected=expected_outputs(contender, size),
    )
    if contender == "collab":
        stamp_translations(site)
    return site


def stamp_translations(site: GeneratedSite) -> bool:
    """Mark every translation as up to date, as on a maintained site (pelican-collab only).

    pelican-collab warns about each translation its translators have not
    stamped (``pelican-collab stamp``); a synthetic site whose translations
    were all "never stamped" would time a thousand warnings instead of a
    normal build. Uses the plugin's own stamping when it has one; returns
    whether it did.
    """
    try:
        from pelican.settings import read_settings

        from pelican_collab.translation import freshness
    except ImportError:
        return False
    stamp = getattr(freshness, "stamp", None)
    if stamp is None:
        return False
    settings = read_settings(str(site.config))
    originals = sorted((site.content / site.size.codes[0]).glob("*.md"))
    if len(site.size.codes) > 1:
        stamp(settings, originals, all_translations=True)
    return True


def source_file(site: GeneratedSite, code: str, number: int) -> Path:
    """The Markdown file of one page (to edit it for the incremental benchmark)."""
    if site.contender == "hugo":
        return site.content / code / ("_index.md" if number == 0 else f"{slug(number)}.md")
    return site.content / code / f"{slug(number)}.md"
