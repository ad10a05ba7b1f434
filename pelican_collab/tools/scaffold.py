"""``pelican-collab init DIR``: a new partnership site that builds at once.

Interactive by default; every question is also an option, and ``--no-input``
takes the defaults for whatever the options leave open. It writes the settings
(``pelicanconf.py``, ``publishconf.py``), a two-line ``tasks.py``, a starter
narrative per language (headings and placeholders that show the structure;
the translations carry a "[Translate into …]" marker and are stamped as up to
date with the original), the contacts file, a README and a ``.gitignore``.

It never overwrites: when any file it would write exists, it names them all,
writes nothing and exits 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from babel import Locale
from pelican.utils import slugify

from ..errors import CollabError
from ..site.colours import check_accent
from ..site.contacts import _EMAIL, parse_phone
from ..site.languages import parse_locale
from ..site.settings import DEFAULTS, PACKAGE_LOCALE_DIR

DEFAULT_LANGUAGES = ["da", "en"]
DEFAULT_ACCENT = DEFAULTS["COLLAB_ACCENT_COLOUR"]
DEFAULT_NAMES = {"da": "Vores partnerskab", "en": "Our partnership"}
STAMPS_FILE = DEFAULTS.get("COLLAB_STAMPS_FILE", "translation-stamps.json")


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

    @property
    def source(self) -> str:
        return self.languages[0]


# Validation: each turns one answer into a value or raises ValueError with the reason.


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


def _key(name: str, kind: str) -> str:
    return slugify(name, regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")]) or kind


def language_label(code: str) -> str:
    """ "Arabic (العربية)": how questions and markers name a language."""
    locale = Locale.parse(code.replace("-", "_"))
    english, native = locale.get_display_name("en"), locale.get_display_name(locale)
    return english if english == native else f"{english} ({native})"


# Asking ------------------------------------------------------------------------------------


class Asker:
    """Ask one question at a time, with a default, until the answer is valid."""

    def __init__(self, interactive: bool, ask: Callable[[str], str], out: TextIO) -> None:
        self.interactive, self.ask, self.out = interactive, ask, out

    def __call__(self, question: str, default: str | None, parse: Callable[[str], object]) -> object:
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
    ask = ask or input
    out = out or sys.stdout
    interactive = not options.no_input
    asker = Asker(interactive, ask, out)
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

    accent = _single(
        options.accent_colour,
        "--accent-colour",
        asker,
        interactive,
        "Accent colour (links and borders; AA contrast is checked)",
        DEFAULT_ACCENT,
        parse_colour,
    )
    statement = _single(
        options.accessibility_statement_url,
        "--accessibility-statement-url",
        asker,
        interactive,
        "Accessibility statement URL (optional)",
        None,
        parse_url,
    )
    siteurl = _single(
        options.siteurl,
        "--siteurl",
        asker,
        interactive,
        "Public address of the site, SITEURL (optional now; e.g. https://example.org/partnership)",
        None,
        parse_url,
    )
    return Answers(languages, names, partners, contacts, accent, statement, siteurl)


def _single(
    value: str | None,
    option: str,
    asker: Asker,
    interactive: bool,
    question: str,
    default: str | None,
    parse: Callable[[str], str],
) -> str | None:
    if value is not None:
        return _option(option, parse, value)
    if interactive:
        return asker(question, default, parse)
    return default


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


# What is written ----------------------------------------------------------------------------


def planned_files(answers: Answers) -> list[str]:
    """Every file init writes (or the stamp writes), relative to the new site's folder."""
    files = ["pelicanconf.py", "publishconf.py", "tasks.py", "README.md", ".gitignore"]
    files += [f"content/{code}/index.md" for code in answers.languages]
    if answers.contacts:
        files.append("content/contacts.toml")
    files.append(f"content/{STAMPS_FILE}")
    return files


def render(answers: Answers, today: date | None = None) -> dict[str, str]:
    """The text of every file init writes (not the stamps, which the stamp writes)."""
    today = today or date.today()
    files = {
        "pelicanconf.py": _pelicanconf(answers),
        "publishconf.py": _publishconf(answers),
        "tasks.py": TASKS,
        "README.md": _readme(answers),
        ".gitignore": GITIGNORE,
    }
    for code in answers.languages:
        files[f"content/{code}/index.md"] = _narrative(answers, code, today)
    if answers.contacts:
        files["content/contacts.toml"] = _contacts_toml(answers)
    return files


def create_site(directory: Path, answers: Answers) -> list[Path]:
    """Write the new site into ``directory`` and stamp its translations; the files written."""
    if directory.exists() and not directory.is_dir():
        raise CollabError(f"{directory}: exists and is not a folder")
    existing = [name for name in planned_files(answers) if (directory / name).exists()]
    if existing:
        raise CollabError(
            f"{directory} already has {', '.join(existing)}; init never overwrites, so nothing was written"
        )
    written = []
    for name, text in render(answers).items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
        written.append(path)
    translations = [directory / f"content/{code}/index.md" for code in answers.languages[1:]]
    written += stamp_translations(directory, translations)
    return written


def stamp_translations(directory: Path, translations: list[Path]) -> list[Path]:
    """Record the starter translations as up to date with the starter original."""
    from ..engine.build import load_settings
    from ..translation.freshness import stamp  # integration point with the translation-freshness module

    settings = load_settings(directory / "pelicanconf.py")
    stamp(settings, translations)
    stamps = Path(settings["PATH"]) / settings.get("COLLAB_STAMPS_FILE", STAMPS_FILE)
    return [stamps] if stamps.is_file() else []


def missing_catalogs(languages: list[str]) -> list[str]:
    return [
        code
        for code in languages
        if not (PACKAGE_LOCALE_DIR / code.replace("-", "_") / "LC_MESSAGES" / "messages.mo").is_file()
    ]


TASKS = '''"""This site's tasks: `invoke --list`."""
from pelican_collab.tools.tasks import namespace  # noqa: F401
'''

GITIGNORE = """\
# The built site, and what building leaves behind
output/
/.output.building-*/
/.output.previous-*/
cache/
__pycache__/
*.pid
"""


def _pelicanconf(answers: Answers) -> str:
    partners = [{"key": p.key, "name": p.name, **({"url": p.url} if p.url else {})} for p in answers.partners]
    lines = [
        f'"""Settings for {answers.site_names[answers.source]} (the development build).',
        "",
        "`invoke build` builds into output/, `invoke serve` shows it on http://localhost:8000.",
        "Every COLLAB_* setting is described in pelican-collab's README (configuration reference).",
        '"""',
        "",
        "from pelican_collab import theme_path",
        "",
        'PLUGINS = ["pelican_collab"]',
        "THEME = theme_path()",
        "",
        'PATH = "content"',
        'OUTPUT_PATH = "output"',
        "# Absolute, because hreflang and canonical links must be; publishconf.py has the public address.",
        'SITEURL = "http://localhost:8000"',
        'TIMEZONE = "UTC"  # your time zone, e.g. "Europe/Copenhagen"',
        "",
        f"SITENAME = {_python(answers.site_names[answers.source])}",
        f"COLLAB_SITENAMES = {_python(answers.site_names)}",
        "# The first language is the original; the others are translations of it.",
        f"COLLAB_LANGUAGES = {_python(answers.languages)}",
        f"COLLAB_DEFAULT_LANGUAGE = {_python(answers.source)}",
        "",
        "# The responsible authorities, named in every footer and in the JSON-LD.",
        f"COLLAB_PARTNERS = {_python(partners)}",
        f"COLLAB_ACCENT_COLOUR = {_python(answers.accent)}",
        f"COLLAB_ACCESSIBILITY_STATEMENT_URL = {_python(answers.statement_url)}",
    ]
    return "\n".join(lines) + "\n"


def _python(value: object, nested: bool = False) -> str:
    """A Python literal for the settings file (double quotes; one item per line when long)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        items = [f"{_python(k, True)}: {_python(v, True)}" for k, v in value.items()]
        brackets = "{}"
    elif isinstance(value, list):
        items = [_python(item, True) for item in value]
        brackets = "[]"
    else:
        return repr(value)
    flat = brackets[0] + ", ".join(items) + brackets[1]
    if len(flat) <= 80 or nested:
        return flat
    return brackets[0] + "\n" + "".join(f"    {item},\n" for item in items) + brackets[1]


def _publishconf(answers: Answers) -> str:
    if answers.siteurl:
        address = f'SITEURL = os.environ.get("SITEURL", {_python(answers.siteurl)})'
    else:
        address = (
            "# No public address yet: set it here or in the environment variable SITEURL;\n"
            "# publishing refuses the development address (localhost).\n"
            'SITEURL = os.environ.get("SITEURL", _base["SITEURL"])'
        )
    return f'''"""Settings for publishing: pelicanconf.py plus the site's public address.

`invoke publish` and `invoke gh-pages` always build with this file; the
environment variable SITEURL overrides the address, e.g.
``SITEURL=https://example.org/partnership invoke preview``.
"""

import os
import runpy

# pelicanconf.py beside this file, read by path (an import could find another site's).
_base = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelicanconf.py"))
globals().update({{name: value for name, value in _base.items() if name.isupper()}})

{address}
# Every publish starts from an empty output folder.
DELETE_OUTPUT_DIRECTORY = True
'''


def _contacts_toml(answers: Answers) -> str:
    lines = [
        "# Contact people, as data: a page lists them with `Contacts: key, key`.",
        "# Phone numbers without a country code are taken as Danish (COLLAB_PHONE_COUNTRY_CODE).",
    ]
    for contact in answers.contacts:
        lines += [
            "",
            f"[contacts.{contact.key}]",
            f"name = {_toml(contact.name)}",
            f"partner = {_toml(contact.partner)}",
            f"email = {_toml(contact.email)}",
        ]
        if contact.phone:
            lines.append(f"phone = {_toml(contact.phone)}")
        for index, code in enumerate(answers.languages):
            note = "" if index == 0 else f"  # translate into {language_label(code)}"
            lines.append(f"title.{_toml_key(code)} = {_toml(contact.title)}{note}")
    return "\n".join(lines) + "\n"


def _toml(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _toml_key(code: str) -> str:
    return code if re.fullmatch(r"[A-Za-z0-9_-]+", code) else _toml(code)


# The starter narrative: the original in Danish or English, the translations marked.
STARTER = {
    "en": {
        "caption": "An overview of the main reasons for our partnership.",
        "intro": "Write two or three sentences that say what the partnership is and why it matters. "
        "This paragraph introduces the page and describes it in search results.",
        "why": "Why do we work together?",
        "reasons": [
            (
                "The first reason",
                "Write one paragraph for each reason. The headings of the reasons in "
                "this section make up the overview at the top of the page.",
            ),
            ("The second reason", "Write one paragraph about the second reason."),
            ("The third reason", "Write one paragraph about the third reason."),
        ],
        "goals": (
            "What we want to achieve",
            "Describe the goals: what will be different for citizens, businesses and staff.",
        ),
        "how": ("How we work together", "Describe how decisions are made and who takes part."),
        "more": ("Would you like to know more?", "Contact us:"),
    },
    "da": {
        "caption": "Overblik over de vigtigste grunde til vores samarbejde.",
        "intro": "Skriv to eller tre sætninger om, hvad samarbejdet er, og hvorfor det er vigtigt. "
        "Afsnittet indleder siden og beskriver den i søgeresultater.",
        "why": "Hvorfor samarbejder vi?",
        "reasons": [
            (
                "Den første grund",
                "Skriv et afsnit om hver grund. Overskrifterne på grundene i dette "
                "afsnit bliver til overblikket øverst på siden.",
            ),
            ("Den anden grund", "Skriv et afsnit om den anden grund."),
            ("Den tredje grund", "Skriv et afsnit om den tredje grund."),
        ],
        "goals": (
            "Det vil vi opnå",
            "Beskriv målene: hvad bliver anderledes for borgere, virksomheder og medarbejdere?",
        ),
        "how": ("Sådan arbejder vi sammen", "Beskriv, hvordan beslutninger træffes, og hvem der er med."),
        "more": ("Vil du vide mere?", "Kontakt os:"),
    },
}


def _narrative(answers: Answers, code: str, today: date) -> str:
    text = STARTER["da" if answers.source.split("-")[0] == "da" else "en"]
    english = Locale.parse(code.replace("-", "_")).get_display_name("en")
    marker = "" if code == answers.source else f"[Translate into {english}] "
    lines = [f"Title: {answers.site_names[code]}", f"Modified: {today.isoformat()}"]
    if answers.contacts:
        lines.append(f"Contacts: {', '.join(contact.key for contact in answers.contacts)}")
    lines += [f"Overview_caption: {marker}{text['caption']}", "", f"{marker}{text['intro']}", ""]
    lines += [f"## {marker}{text['why']}", ""]
    for heading, body in text["reasons"]:
        lines += [f"### {marker}{heading}", "", f"{marker}{body}", ""]
    for heading, body in (text["goals"], text["how"]):
        lines += [f"## {marker}{heading}", "", f"{marker}{body}", ""]
    if answers.contacts:
        heading, body = text["more"]
        lines += [f"## {marker}{heading}", "", f"{marker}{body}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _readme(answers: Answers) -> str:
    source = answers.source
    name = answers.site_names[source]
    others = ", ".join(f"{language_label(code)} (`{code}`)" for code in answers.languages[1:])
    fallback = missing_catalogs(answers.languages)
    interface = (
        "The theme's own text (the skip link, the menu, the footer, dates) has catalogs in ten languages. "
        + (
            f"For {', '.join(language_label(code) for code in fallback)} the build falls back to the "
            "English interface text and says so in a warning; to translate it, make a gettext catalog "
            "and name its folder in `COLLAB_LOCALE_DIRS` (pelican-collab's README, *Interface text*)."
            if fallback
            else "Every language of this site has it."
        )
    )
    address = answers.siteurl or "the address in the environment variable `SITEURL`"
    return f"""# {name}

A multilingual narrative site made with
[pelican-collab](https://pypi.org/project/pelican-collab/). The original is in
{language_label(source)} (`content/{source}/`); {others} are translations of it.

## Build and look at it

```sh
python3 -m pip install pelican-collab
invoke build      # into output/
invoke serve      # on http://localhost:8000
invoke check      # links, anchors, HTML, translations, sitemap
```

`invoke --list` shows every task. The settings are in `pelicanconf.py`.

## Write

- `content/{source}/index.md` is the home page in the original language.
  Replace the placeholder sentences; keep the structure: `## ` for sections,
  `### ` for their parts. The headings of the first section's parts make up the
  overview at the top of the page (its caption is the `Overview_caption:` line).
- `content/<language>/index.md` are the translations: translate every line
  marked "[Translate into …]" and keep the same headings, section for section.
- Once a translation is up to date with the original, stamp it
  (`invoke i18n.stamp`); `invoke check` fails while a translation is stale.
- Contact people are data in `content/contacts.toml` (if you named any); a page
  lists them with a `Contacts:` line.

## Interface text

{interface}

## Publish

Publishing always builds with `publishconf.py` (public address: {address})
and refuses to publish while `invoke check` finds a problem:

```sh
invoke gh-pages --remote git@github.com:OWNER/REPOSITORY.git   # GitHub Pages
invoke publish --dest user@server:/var/www/site                # your own web server (rsync)
```

On Netlify or Cloudflare Pages use the build command `invoke preview` and the
folder `output/`; the build writes `_headers` and `_redirects` for them.
"""


# The command --------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", metavar="DIR", type=Path, help="the new site's folder (may exist)")
    parser.add_argument("--no-input", action="store_true", help="ask nothing; defaults for what is not given")
    parser.add_argument(
        "--languages",
        metavar="CODES",
        help=f"two or more language codes, the first is the original (default {','.join(DEFAULT_LANGUAGES)})",
    )
    parser.add_argument(
        "--site-name",
        action="append",
        metavar="CODE=NAME",
        help="the site's name in one language (repeat per language); NAME alone for every language",
    )
    parser.add_argument(
        "--partner", action="append", metavar="NAME|URL", help="a responsible authority (repeatable)"
    )
    parser.add_argument(
        "--contact",
        action="append",
        metavar="NAME|EMAIL|PARTNER|TITLE[|PHONE]",
        help="a contact person of one of the partners (repeatable)",
    )
    parser.add_argument(
        "--accent-colour", metavar="#RRGGBB", help=f"the brand colour (default {DEFAULT_ACCENT})"
    )
    parser.add_argument("--accessibility-statement-url", metavar="URL", help="the accessibility statement")
    parser.add_argument(
        "--siteurl", metavar="URL", help="the public address, e.g. https://example.org/partnership"
    )


def run(
    options: argparse.Namespace,
    ask: Callable[[str], str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """``pelican-collab init``: 0 when written, 1 when refused or failed, 2 for a bad option."""
    out, err = out or sys.stdout, err or sys.stderr
    directory: Path = options.directory
    try:
        # Fail before asking anything when the fixed files are already there.
        fixed = [
            name
            for name in ("pelicanconf.py", "publishconf.py", "tasks.py", "README.md", ".gitignore")
            if (directory / name).exists()
        ]
        if fixed:
            raise CollabError(
                f"{directory} already has {', '.join(fixed)}; init never overwrites, so nothing was written"
            )
        answers = collect_answers(options, ask, out)
        written = create_site(directory, answers)
    except OptionError as error:
        print(f"pelican-collab init: error: {error}", file=err)
        return 2
    except CollabError as error:
        print(f"pelican-collab init: error: {error}", file=err)
        return 1
    for code in missing_catalogs(answers.languages):
        print(
            f"note: no theme catalog for {code!r}: its interface text will be English (see README.md)",
            file=out,
        )
    languages = ", ".join([f"{answers.source} (original)", *answers.languages[1:]])
    print(
        f"created {len(written)} files in {directory} for {languages}; next: cd {directory} && invoke build",
        file=out,
    )
    return 0
