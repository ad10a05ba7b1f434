"""``pelican-collab init DIR``: a new partnership site that builds at once.

Interactive by default; every question is also an option, and ``--no-input``
takes the defaults for whatever the options leave open (``answers.py``). The
files it writes are Jinja templates in ``templates/``, as Pelican keeps its
quickstart's: the settings (``pelicanconf.py``, ``publishconf.py``), a
two-line ``tasks.py``, a starter narrative per language, the contacts file,
a README and a ``.gitignore``.

The original gets the starter text; each translation is a placeholder
(``Translation-Status: placeholder``, every line marked "[Translate into …]"),
which the site shows as missing until it is translated and stamped. Nothing is
stamped here: a stamp would make a placeholder look translated. No page gets a
``Modified:`` line: the date of its last git commit serves.

It never overwrites: when any file it would write exists, it names them all,
writes nothing and exits 1 (a bad option value exits 2).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from babel import Locale
from jinja2 import Environment, PackageLoader, StrictUndefined

from ... import __version__
from ...errors import CollabError
from ...site.metadata import PLACEHOLDER
from ...site.settings import PACKAGE_LOCALE_DIR
from ...translation.freshness import UNTRANSLATED_MARKER
from .answers import (
    DEFAULT_ACCENT,
    DEFAULT_ENGLISH,
    DEFAULT_LANGUAGES,
    Answers,
    OptionError,
    collect_answers,
    language_label,
)

#: The files every site gets: (template, file written), before the content.
SITE_FILES = [
    ("pelicanconf.py.j2", "pelicanconf.py"),
    ("publishconf.py.j2", "publishconf.py"),
    ("tasks.py.j2", "tasks.py"),
    ("README.md.j2", "README.md"),
    ("gitignore.j2", ".gitignore"),
]
#: Starter narratives by the original's language; any other original gets the English one.
STARTERS = {"da": "index.da.md.j2", "en": "index.en.md.j2"}


def planned_files(answers: Answers) -> list[str]:
    """Every file init writes, relative to the new site's folder."""
    files = [name for _, name in SITE_FILES]
    files += [f"content/{code}/index.md" for code in answers.languages]
    if answers.contacts:
        files.append("content/contacts.toml")
    return files


def render(answers: Answers) -> dict[str, str]:
    """The text of every file init writes, by its path in the new site."""
    templates = _environment()
    context = {
        "answers": answers,
        "source": answers.source,
        "site_name": answers.site_names[answers.source],
        "version": __version__,
        "missing_catalogs": missing_catalogs(answers.languages),
        "placeholders": [f"`content/{code}/index.md`" for code in answers.translations],
        "partners": [
            {"key": p.key, "name": p.name, **({"url": p.url} if p.url else {})} for p in answers.partners
        ],
    }
    files = {name: templates.get_template(template).render(context) for template, name in SITE_FILES}
    starter = templates.get_template(
        STARTERS.get(Locale.parse(answers.source.replace("-", "_")).language, STARTERS["en"])
    )
    for code in answers.languages:
        translation = code != answers.source
        english = Locale.parse(code.replace("-", "_")).get_display_name("en")
        files[f"content/{code}/index.md"] = starter.render(
            context,
            title=answers.site_names[code],
            placeholder=PLACEHOLDER if translation else None,
            mark=f"{UNTRANSLATED_MARKER}{english}] " if translation else "",
        )
    if answers.contacts:
        files["content/contacts.toml"] = templates.get_template("contacts.toml.j2").render(context)
    return files


def _environment() -> Environment:
    """Templates that write text files: no HTML escaping, every variable required."""
    environment = Environment(
        loader=PackageLoader("pelican_collab.tools.scaffold", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        python=python_literal, toml=toml_string, toml_key=toml_key, prose=prose, language_label=language_label
    )
    environment.globals.update(language_label=language_label)
    return environment


def create_site(directory: Path, answers: Answers) -> list[Path]:
    """Write the new site into ``directory``; the files written."""
    if directory.exists() and not directory.is_dir():
        raise CollabError(f"{directory}: exists and is not a folder")
    existing = [name for name in planned_files(answers) if (directory / name).exists()]
    if existing:
        raise CollabError(
            f"{directory} already has {', '.join(existing)}; init never overwrites, so nothing was written"
        )
    files = render(answers)  # everything rendered before the first file is written
    written = []
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
        written.append(path)
    return written


def missing_catalogs(languages: list[str]) -> list[str]:
    return [
        code
        for code in languages
        if not (PACKAGE_LOCALE_DIR / code.replace("-", "_") / "LC_MESSAGES" / "messages.mo").is_file()
    ]


# Filters: values as the files they go into write them ---------------------------------------


def python_literal(value: object, nested: bool = False) -> str:
    """A Python literal for the settings file (double quotes; one item per line when long)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        items = [f"{python_literal(k, True)}: {python_literal(v, True)}" for k, v in value.items()]
        brackets = "{}"
    elif isinstance(value, list):
        items = [python_literal(item, True) for item in value]
        brackets = "[]"
    else:
        return repr(value)
    flat = brackets[0] + ", ".join(items) + brackets[1]
    if len(flat) <= 80 or nested:
        return flat
    return brackets[0] + "\n" + "".join(f"    {item},\n" for item in items) + brackets[1]


def prose(items: list[str]) -> str:
    """ "a, b and c": a list as a sentence has it."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def toml_key(code: str) -> str:
    return code if re.fullmatch(r"[A-Za-z0-9_-]+", code) else toml_string(code)


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
        "--locale",
        action="append",
        metavar="CODE=LOCALE",
        help=f"a language's regional conventions for dates and og:locale, e.g. en=en-US "
        f"(repeatable; default {DEFAULT_ENGLISH} for English, else the language's likeliest country)",
    )
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help="TIMEZONE, e.g. Europe/Copenhagen (default: the original language's country's zone)",
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
        fixed = [name for _, name in SITE_FILES if (directory / name).exists()]
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
    if answers.timezone_note:
        print(f"note: {answers.timezone_note}", file=out)
    first = f"content/{answers.translations[0]}/index.md"
    print(
        f"note: the translations are placeholders, shown as not translated until someone "
        f"translates them and stamps each: invoke i18n.stamp {first}",
        file=out,
    )
    languages = ", ".join([f"{answers.source} (original)", *answers.translations])
    print(
        f"created {len(written)} files in {directory} for {languages}; next: cd {directory} && invoke build",
        file=out,
    )
    return 0
