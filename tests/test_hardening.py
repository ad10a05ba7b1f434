"""Issue 14: bad input gets one line naming the file, a non-zero exit and an untouched output.

The catalogue below is the set of bad inputs, each tried on a fixture site
that built once before: under ``pelican-collab build`` (one line
``pelican-collab: error: …``, exit 1, no traceback) and, where the input
reaches Pelican, under plain ``pelican`` (exit 1, the same message, no
traceback). Either way the previous output must be byte for byte the same.
Then the inputs the plugin accepts on purpose (junk files, a byte order mark,
Windows line ends, hostile metadata) and the publish destinations.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican_collab.engine.build import load_settings
from pelican_collab.errors import CollabError
from pelican_collab.site.escaping import script_json
from pelican_collab.tools.publish import checked_destination, guard
from pelican_collab.translation.exchange.plan import plan_export
from pelican_collab.translation.freshness import translation_status

from .browser import CHROMIUM, CHROMIUM_ARGS
from .conftest import FixtureSite, serve

PARTNERS = """
COLLAB_PARTNERS = [{"key": "north", "name": {"da": "Nordby Kommune", "en": "Nordby Municipality"},
                    "url": "https://north.example"}]
"""
CONTACTS = """\
[contacts.ada]
name = "Ada Jensen"
partner = "north"
email = "ada@north.example"
phone = "11 22 33 44"
title.da = "Kontorchef"
title.en = "Head of Office"
"""
STAMP = {"source": "da/index.md", "stamped": "2026-11-27", "sections": []}


def run(site: FixtureSite, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "1000"},  # Pelican's log lines unwrapped
    )


def collab_build(site: FixtureSite) -> subprocess.CompletedProcess[str]:
    return run(site, "pelican_collab", "build", "-s", str(site.settings_file))


def pelican_build(site: FixtureSite) -> subprocess.CompletedProcess[str]:
    return run(site, "pelican", "content", "-s", str(site.settings_file))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def contact_site(two_language_site: FixtureSite) -> FixtureSite:
    """The two-language site with a partner, a contacts file and contact cards on both home pages."""
    site = two_language_site
    site.settings(PARTNERS)
    (site.content / "contacts.toml").write_text(CONTACTS, encoding="utf-8")
    for relative, title in (("da/index.md", "Forside"), ("en/index.md", "Home")):
        site.page(relative, f"Title: {title}\nContacts: ada\n\nTekst.\n\n## Afsnit\n\nMere.\n")
    return site


# The catalogue of refusals -------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """One bad input: how to make it, and the start of the one line that must name it."""

    make: Callable[[FixtureSite], object]
    message: str
    reaches_pelican: bool = True  # False: Pelican itself stops first (its own message)


def write(relative: str, data: str | bytes) -> Callable[[FixtureSite], object]:
    def make(site: FixtureSite) -> None:
        path = site.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return make


def contacts(text: str) -> Callable[[FixtureSite], object]:
    return write("contacts.toml", text)


def field(old: str, new: str) -> Callable[[FixtureSite], object]:
    """The contacts file with one line replaced."""
    assert old in CONTACTS
    return contacts(CONTACTS.replace(old, new))


def stamps(data: object) -> Callable[[FixtureSite], object]:
    return write("translation-stamps.json", json.dumps(data, indent=2))


def setting(text: str) -> Callable[[FixtureSite], object]:
    def make(site: FixtureSite) -> None:
        site.settings(PARTNERS + text)

    return make


def symlink(relative: str, target: Callable[[FixtureSite], Path]) -> Callable[[FixtureSite], object]:
    def make(site: FixtureSite) -> None:
        (site.content / relative).symlink_to(target(site))

    return make


def outside_file(site: FixtureSite) -> Path:
    secret = site.root / "secret.md"
    secret.write_text("Title: Secret\n\nNot for the web.\n", encoding="utf-8")
    return secret


def outside_folder(site: FixtureSite) -> Path:
    folder = site.root / "elsewhere"
    folder.mkdir()
    (folder / "page.md").write_text("Title: Elsewhere\n\nNot for the web.\n", encoding="utf-8")
    return folder


BAD_INPUTS: dict[str, Bad] = {
    # Pages
    "empty page": Bad(write("da/tom.md", ""), "content/da/tom.md: is empty; every page needs a Title: line"),
    "blank page": Bad(
        write("da/tom.md", "  \n\n\t\n"), "content/da/tom.md: is empty; every page needs a Title: line"
    ),
    "page without title": Bad(
        write("da/tom.md", "Hej.\n"), "content/da/tom.md: every page needs a Title: line"
    ),
    "empty title": Bad(write("da/p.md", "Title:\n\nTekst.\n"), "content/da/p.md:1: Title: is empty"),
    "title given twice": Bad(
        write("da/p.md", "Title: Først\nTitle: Siden\n\nTekst.\n"),
        "content/da/p.md:2: Title: is given 2 times (lines 1, 2); keep one",
    ),
    "page in Latin-1": Bad(
        write("da/latin.md", "Title: Sæt\n\nRødgrød.\n".encode("latin-1")),
        "content/da/latin.md:1: is not UTF-8 text (byte 0xe6); save it as UTF-8",
    ),
    "page named .MD": Bad(
        write("da/om.MD", "Title: Om\n\nTekst.\n"),
        "content/da/om.MD: Pelican reads only pages ending in .md (lower case): rename it to om.md",
    ),
    "page where a side-by-side view goes": Bad(
        write("en/parallel.md", "Title: Parallel\n\nText.\n"),
        "content/en/parallel.md: its address /en/parallel/ is where the site's side-by-side view "
        "of a translation goes (/en/parallel/index.html); give it another Slug:",
    ),
    "page where the translation report goes": Bad(
        write("da/translation-status.md", "Title: Status\n\nTekst.\n"),
        "content/da/translation-status.md: its address /translation-status/ is where the site's "
        "translation report goes",
    ),
    "URL to another site": Bad(
        write("da/p.md", "Title: P\nURL: //evil.example/x\nSave_as: p.html\n\nT.\n"),
        "content/da/p.md:2: URL: '//evil.example/x' is not an address inside the site",
    ),
    "javascript URL": Bad(
        write("da/p.md", "Title: P\nURL: javascript:alert(1)\nSave_as: p.html\n\nT.\n"),
        "content/da/p.md:2: URL: 'javascript:alert(1)' is not an address inside the site",
    ),
    "slug with a backslash": Bad(
        write("da/p.md", "Title: P\nSlug: a\\b\n\nT.\n"), "content/da/p.md:2: Slug: 'a\\\\b' is not one part"
    ),
    "two files differing in case": Bad(
        lambda site: (
            write("da/Om.md", "Title: Om\n\nA.\n")(site),
            write("da/om.md", "Title: om\n\nB.\n")(site),
        ),
        "content/da/Om.md and content/da/om.md: both would be written to om/index.html",
    ),
    # The contacts file
    "contacts not UTF-8": Bad(
        write("contacts.toml", CONTACTS.replace("Ada Jensen", "Åse Jensen").encode("latin-1")),
        "content/contacts.toml:2: is not UTF-8 text",
    ),
    "contacts not TOML": Bad(contacts(CONTACTS + "name = \n"), "content/contacts.toml:8: "),
    "contact name a number": Bad(
        field('name = "Ada Jensen"', "name = 42"),
        "content/contacts.toml:2: contact 'ada' name: 42 is not a name",
    ),
    "contact name a list": Bad(
        field('name = "Ada Jensen"', 'name = ["Ada"]'), "content/contacts.toml:2: contact 'ada' name: ['Ada']"
    ),
    "contact name a table": Bad(
        field('name = "Ada Jensen"', 'name = {first = "Ada"}'),
        "content/contacts.toml:2: contact 'ada' name: {",
    ),
    "contact email a number": Bad(
        field('email = "ada@north.example"', "email = 5"),
        "content/contacts.toml:4: contact 'ada' email: 5 is not an e-mail address",
    ),
    "contact title a number": Bad(
        field('title.da = "Kontorchef"\ntitle.en = "Head of Office"', "title = 7"),
        "content/contacts.toml:6: contact 'ada' title: title 7 is not text",
    ),
    "contact title a list in one language": Bad(
        field('title.da = "Kontorchef"', "title.da = []"),
        "content/contacts.toml:6: contact 'ada' title: title.da [] is not text",
    ),
    "contact phone a list": Bad(
        field('phone = "11 22 33 44"', "phone = [1]"),
        "content/contacts.toml:5: contact 'ada' phone: [1] is not a phone number",
    ),
    "contact phone true": Bad(
        field('phone = "11 22 33 44"', "phone = true"),
        "content/contacts.toml:5: contact 'ada' phone: True is not a phone number",
    ),
    "contact partner a number": Bad(
        field('partner = "north"', "partner = 3"),
        "content/contacts.toml:3: contact 'ada' partner: 3 is not a key of COLLAB_PARTNERS (north)",
    ),
    "contacts not a table": Bad(
        contacts("contacts = 5\n"), "content/contacts.toml:1: 'contacts' must be a table"
    ),
    "contact not a table": Bad(
        contacts("[contacts]\nada = 5\n"), "content/contacts.toml: contact 'ada': is not a section of fields"
    ),
    "contact key that is a path": Bad(
        contacts(CONTACTS.replace("[contacts.ada]", '[contacts."../../evil"]')),
        "content/contacts.toml:1: contact '../../evil': is not a key",
    ),
    "unknown contact on a page": Bad(
        write("da/index.md", "Title: Forside\nContacts: ada, bob\n\nTekst.\n"),
        "content/da/index.md:2: Contacts: bob not found in the contacts file (it has: ada)",
    ),
    # The stamps file
    "stamps a list": Bad(
        stamps([1, 2]), "content/translation-stamps.json: not a stamps file: it holds a list"
    ),
    "stamps not JSON": Bad(
        write("translation-stamps.json", '{\n  "en/index.md": {,\n}\n'),
        "content/translation-stamps.json:2: not valid JSON",
    ),
    "stamps not UTF-8": Bad(
        write("translation-stamps.json", '{"en/index.md": "\xe6"}'.encode("latin-1")),
        "content/translation-stamps.json:1: is not UTF-8 text",
    ),
    "stamp entry a number": Bad(
        stamps({"en/index.md": 5}),
        "content/translation-stamps.json:2: not a stamps file: entry 'en/index.md' is a number",
    ),
    "stamp entry without sections": Bad(
        stamps({"en/index.md": {"source": "da/index.md"}}),
        "content/translation-stamps.json:2: not a stamps file: entry 'en/index.md' has no 'sections' list",
    ),
    "stamp section with a bad level": Bad(
        stamps({"en/index.md": {**STAMP, "sections": [{"level": "x", "title": "", "text": ""}]}}),
        "content/translation-stamps.json:2: not a stamps file: entry 'en/index.md' sections[0]: 'level' 'x'",
    ),
    "stamp section without text": Bad(
        stamps({"en/index.md": {**STAMP, "sections": [{"level": 0, "title": ""}]}}),
        "content/translation-stamps.json:2: not a stamps file: entry 'en/index.md' sections[0] has no 'text'",
    ),
    # Settings of the wrong kind
    "languages a string": Bad(
        setting('COLLAB_LANGUAGES = "da"\n'), "COLLAB_LANGUAGES: give a list of language"
    ),
    "default language a list": Bad(
        setting('COLLAB_DEFAULT_LANGUAGE = ["da"]\n'), "COLLAB_DEFAULT_LANGUAGE: give a language code"
    ),
    "site URL with a space": Bad(
        setting('SITEURL = "https://example.org/a b"\n'), "SITEURL: hreflang and canonical links need"
    ),
    "locales a list": Bad(setting('COLLAB_LOCALES = ["en-GB"]\n'), "COLLAB_LOCALES: give a dict"),
    "site names a list": Bad(setting("COLLAB_SITENAMES = []\n"), "COLLAB_SITENAMES: give a dict"),
    "site name a number": Bad(setting('COLLAB_SITENAMES = {"da": 1}\n'), "COLLAB_SITENAMES: give a dict"),
    "home key a number": Bad(setting("COLLAB_HOME_KEY = 1\n"), "COLLAB_HOME_KEY: give a translation key"),
    "folder flag a string": Bad(
        setting('COLLAB_EVERY_LANGUAGE_IN_FOLDER = "yes"\n'),
        "COLLAB_EVERY_LANGUAGE_IN_FOLDER: give True or False",
    ),
    "page URL with another field": Bad(
        setting('COLLAB_PAGE_URL = "{path}/{lang}/"\n'),
        "COLLAB_PAGE_URL: '{path}/{lang}/' may contain {path}",
    ),
    "locale dirs a string": Bad(
        setting('COLLAB_LOCALE_DIRS = "locale"\n'), "COLLAB_LOCALE_DIRS: give a list"
    ),
    "partners a dict": Bad(setting("COLLAB_PARTNERS = {}\n"), "COLLAB_PARTNERS: give a list of partners"),
    "partner name a number": Bad(
        setting('COLLAB_PARTNERS = [{"key": "north", "name": 42}]\n'),
        "COLLAB_PARTNERS[1] name: give the name",
    ),
    "partner name a list": Bad(
        setting('COLLAB_PARTNERS = [{"key": "north", "name": ["N"]}]\n'),
        "COLLAB_PARTNERS[1] name: give the name",
    ),
    "partner key a path": Bad(
        setting('COLLAB_PARTNERS = [{"key": "../evil", "name": "N"}]\n'),
        "COLLAB_PARTNERS[1] key: '../evil' is not a key",
    ),
    "partner URL javascript": Bad(
        setting('COLLAB_PARTNERS = [{"key": "n", "name": "N", "url": "javascript:alert(1)"}]\n'),
        "COLLAB_PARTNERS[1] url: 'javascript:alert(1)' is not an http(s) URL",
    ),
    "partner URL a number": Bad(
        setting('COLLAB_PARTNERS = [{"key": "n", "name": "N", "url": 5}]\n'),
        "COLLAB_PARTNERS[1] url: 5 is not an http(s) URL",
    ),
    "partner logo outside the content": Bad(
        setting('COLLAB_PARTNERS = [{"key": "n", "name": "N", "logo": "../pelicanconf.svg"}]\n'),
        "COLLAB_PARTNERS[1] logo: '../pelicanconf.svg' is not a file below PATH",
    ),
    "statement URL with a line break": Bad(
        setting('COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://was.example/x\\n/* https://evil 200"\n'),
        "COLLAB_ACCESSIBILITY_STATEMENT_URL: 'https://was.example/x\\n",
    ),
    "contacts file outside the content": Bad(
        setting('COLLAB_CONTACTS_FILE = "../contacts.toml"\n'),
        "COLLAB_CONTACTS_FILE: '../contacts.toml' is not a file below PATH",
    ),
    "accent colour a number": Bad(
        setting("COLLAB_ACCENT_COLOUR = 0x005A8C\n"), "COLLAB_ACCENT_COLOUR: 23180 is not"
    ),
    "translation policy a number": Bad(
        setting("COLLAB_TRANSLATION_POLICY = 1\n"),
        "COLLAB_TRANSLATION_POLICY: 1 is neither 'warn' nor 'strict'",
    ),
    "statement URL a number": Bad(
        setting("COLLAB_ACCESSIBILITY_STATEMENT_URL = 1\n"),
        "COLLAB_ACCESSIBILITY_STATEMENT_URL: 1 is not an http(s) URL",
    ),
    "stamps file a number": Bad(
        setting("COLLAB_STAMPS_FILE = 5\n"), "COLLAB_STAMPS_FILE: give a file below PATH"
    ),
    "favicon a number": Bad(setting("COLLAB_FAVICON = 5\n"), "COLLAB_FAVICON: give an SVG file"),
    "country code with a plus": Bad(
        setting('COLLAB_PHONE_COUNTRY_CODE = "+45"\n'),
        "COLLAB_PHONE_COUNTRY_CODE: give a country calling code",
    ),
    "security policy on two lines": Bad(
        setting("COLLAB_CONTENT_SECURITY_POLICY = \"default-src 'self'\\nX-Evil: 1\"\n"),
        "COLLAB_CONTENT_SECURITY_POLICY: give a Content-Security-Policy on one line",
    ),
    "keep unchanged a string": Bad(
        setting('COLLAB_KEEP_UNCHANGED = "no"\n'), "COLLAB_KEEP_UNCHANGED: give True"
    ),
    "workers a string": Bad(setting('COLLAB_WORKERS = "2"\n'), "COLLAB_WORKERS: '2' is not a whole number"),
    "symlink flag a string": Bad(
        setting('COLLAB_ALLOW_SYMLINKS_OUTSIDE_CONTENT = "yes"\n'),
        "COLLAB_ALLOW_SYMLINKS_OUTSIDE_CONTENT: give",
    ),
    "settings file with an undefined name": Bad(
        setting("COLLAB_LANGUAGES = LANGUAGES\n"), "pelicanconf.py:", reaches_pelican=False
    ),
    "settings file with a syntax error": Bad(setting("COLLAB_LANGUAGES = [\n"), "pelicanconf.py:", False),
    "content folder missing": Bad(
        setting('PATH = "nowhere"\n'), "pelicanconf.py: PATH: nowhere is not a folder", reaches_pelican=False
    ),
    # Symlinks leading outside the content folder
    "symlinked page outside": Bad(
        symlink("da/secret.md", outside_file), "content/da/secret.md: is a symlink to", reaches_pelican=True
    ),
    "symlinked folder outside": Bad(
        symlink("da/elsewhere", outside_folder), "content/da/elsewhere: is a symlink to", reaches_pelican=True
    ),
    "symlinked static file outside": Bad(
        lambda site: (
            (site.content / "images").mkdir(),
            (site.content / "images" / "x.png").symlink_to(outside_file(site)),
        ),
        "content/images/x.png: is a symlink to",
    ),
    "symlink loop": Bad(
        symlink("da/loop", lambda site: site.content / "da"), "content/da/loop: is a symlink to content/da"
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_is_one_line_naming_the_file_and_the_output_stays(
    contact_site: FixtureSite, case: str
) -> None:
    bad = BAD_INPUTS[case]
    site = contact_site
    site.build()
    before = snapshot(site.output)
    bad.make(site)

    result = collab_build(site)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("pelican-collab: error:")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"pelican-collab: error: {bad.message}"), errors[0]
    assert snapshot(site.output) == before

    if bad.reaches_pelican:
        result = pelican_build(site)
        said = result.stdout + result.stderr
        assert result.returncode == 1, said
        assert "Traceback" not in said
        critical = [line for line in said.splitlines() if "CRITICAL" in line]
        assert len(critical) == 1 and f"CRITICAL {bad.message}" in critical[0], said
        assert snapshot(site.output) == before


@pytest.mark.parametrize(
    "command",
    [("status",), ("stamp", "content/en/index.md"), ("export", "-o", "export")],
    ids=lambda command: command[0],
)
def test_the_translation_commands_name_a_broken_stamps_file_too(
    contact_site: FixtureSite, command: tuple[str, ...]
) -> None:
    site = contact_site
    stamps({"en/index.md": {"source": 5}})(site)
    before = (site.content / "translation-stamps.json").read_bytes()
    result = run(site, "pelican_collab", *command, "-s", str(site.settings_file))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip() == (
        "pelican-collab: error: content/translation-stamps.json:2: not a stamps file: entry 'en/index.md' "
        "has no 'source' text (only `invoke i18n.stamp` writes it; restore it from version control)"
    )
    assert (site.content / "translation-stamps.json").read_bytes() == before
    assert not (site.root / "export").exists()


def test_symlinks_outside_are_published_when_the_site_allows_them(contact_site: FixtureSite) -> None:
    site = contact_site
    site.settings(PARTNERS + "COLLAB_ALLOW_SYMLINKS_OUTSIDE_CONTENT = True\n")
    (site.content / "da" / "elsewhere").symlink_to(outside_folder(site))
    site.build()
    assert "Elsewhere" in site.html("elsewhere/page/index.html")


# Junk files and other inputs the plugin accepts on purpose ----------------------------------------

JUNK = {
    "da/.#index.md": None,  # Emacs's lock file: a dangling symlink
    "da/._index.md": b"\x00\x05\x16\x07Mac OS X resource fork",
    "da/index.md~": b"Title: Old backup\n",
    "da/#index.md#": b"Title: Emacs auto-save\n",
    "da/.index.md.swp": b"b0VIM 9.0\x00",
    ".DS_Store": b"\x00\x00\x00\x01Bud1",
    "da/Thumbs.db": b"\xd0\xcf\x11\xe0",
    "en/.hidden/page.md": b"Title: Hidden folder\n",
}


def test_junk_files_are_ignored_by_the_build_and_every_scan(contact_site: FixtureSite) -> None:
    site = contact_site
    site.build()
    before = snapshot(site.output)
    for relative, data in JUNK.items():
        path = site.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            path.symlink_to("user@host.12345:1700000000")
        else:
            path.write_bytes(data)
    for build in (collab_build, pelican_build):
        result = build(site)
        assert result.returncode == 0, result.stdout + result.stderr
        assert snapshot(site.output).keys() == before.keys()
    # The freshness check and the exchange with agencies see the same pages as the build.
    settings = load_settings(site.settings_file)
    report = translation_status(settings)
    assert {row.translation for row in report.rows} == {"content/en/index.md", "content/en/core-narrative.md"}
    exports = plan_export(settings, everything=True, project=site.root)
    assert {(export.source, export.translation) for export in exports} == {
        ("da/index.md", "en/index.md"),
        ("da/grundfortaelling.md", "en/core-narrative.md"),
    }


def test_the_scans_follow_symlinks_inside_the_content_as_pelican_does_but_not_round_a_loop(
    contact_site: FixtureSite,
) -> None:
    site = contact_site
    (site.content / "da" / "loop").symlink_to(site.content / "da")
    (site.content / "en" / "shared").symlink_to(site.content / "da" / "shared")
    site.page("da/shared/note.md", "Title: Note\n\nDelt.\n")
    report = translation_status(load_settings(site.settings_file))  # the build refuses the loop; status ends
    keys = sorted((row.key, row.status) for row in report.rows)
    assert keys == [("grundfortaelling", "stale"), ("index", "stale"), ("shared/note", "stale")]


def test_a_site_with_its_own_ignore_files_is_honoured_by_the_scans(contact_site: FixtureSite) -> None:
    site = contact_site
    site.settings(PARTNERS + 'IGNORE_FILES = ["draft-*"]\n')
    site.page("en/draft-notes.md", "Title: Draft notes\n\nNot yet.\n")
    site.build()
    assert not (site.output / "en" / "draft-notes").exists()
    report = translation_status(load_settings(site.settings_file))
    assert all("draft-notes" not in (row.translation or "") for row in report.rows)


def test_byte_order_mark_and_windows_line_ends_are_read_as_text(contact_site: FixtureSite) -> None:
    site = contact_site
    (site.content / "da" / "om.md").write_bytes("\ufeffTitle: Om os\r\nSlug: om\r\n\r\nTekst.\r\n".encode())
    (site.content / "contacts.toml").write_bytes(("\ufeff" + CONTACTS.replace("\n", "\r\n")).encode())
    site.build()
    page = BeautifulSoup(site.html("om/index.html"), "html.parser")
    assert page.find("h1").get_text(strip=True) == "Om os"
    report = translation_status(load_settings(site.settings_file))
    assert any(row.source == "content/da/om.md" and row.status == "missing" for row in report.rows)


def test_editor_slips_the_build_accepts_on_purpose(contact_site: FixtureSite) -> None:
    """Documented acceptance: a header line without a value is no value (the description
    falls back to the first paragraph)."""
    site = contact_site
    site.page("da/tom-linje.md", "Title: T\nSummary:\nDescription:\n\nFørste afsnit.\n")
    site.build()
    page = BeautifulSoup(site.html("tom-linje/index.html"), "html.parser")
    assert page.find("meta", attrs={"name": "description"})["content"] == "Første afsnit."


HOSTILE = '</script><script>alert(1)</script><!--<script> & "quotes"'


def test_hostile_metadata_stays_text(contact_site: FixtureSite) -> None:
    site = contact_site
    site.page(
        "da/index.md",
        f"Title: Forside {HOSTILE}\nDescription: {HOSTILE}\nSummary: {HOSTILE}\n"
        f"Overview_caption: {HOSTILE}\nContacts: ada\n\nTekst.\n\n## Grunde\n\n### Én\n\nMere.\n",
    )
    site.page("da/lang.md", "Title: " + "Lang " * 20000 + "\n\n" + "ord " * 200000 + "\n")
    site.build()
    page = BeautifulSoup(site.html("index.html"), "html.parser")
    assert [script.get("type") for script in page.find_all("script")] == ["application/ld+json"]
    # The page title and og:title drop tags (the theme's |striptags); the h1 shows them as text.
    assert page.find("h1").get_text() == f"Forside {HOSTILE}"
    # (What |striptags makes of an unclosed "<!--" differs between MarkupSafe releases.)
    title = page.find("title").get_text()
    assert title.startswith("Forside ") and "alert(1)" in title and '& "quotes"' in title
    assert page.find("meta", attrs={"name": "description"})["content"] == HOSTILE
    assert page.find("figcaption").get_text() == HOSTILE
    assert page.find("main").find("p").get_text() == "Tekst."
    assert (site.output / "lang" / "index.html").is_file()


def test_contact_data_cannot_break_out_of_the_json_ld(contact_site: FixtureSite) -> None:
    """Issue 14 item 1: a name with ``<!--<script>`` kept the element open to the end of the page."""
    site = contact_site
    hostile = CONTACTS.replace("Ada Jensen", "Ada <!--<script> Jensen").replace(
        "Kontorchef", "Chef</script>&"
    )
    (site.content / "contacts.toml").write_text(hostile, encoding="utf-8")
    site.build()
    html = site.html("index.html")
    script = BeautifulSoup(html, "html.parser").find("script", type="application/ld+json")
    text = script.string
    assert not {"<", ">", "&"} & set(text), text
    people = json.loads(text)["@graph"][0]["employee"]
    assert people[0]["name"] == "Ada <!--<script> Jensen"
    assert people[0]["jobTitle"] == "Chef</script>&"
    # The element ends where the theme ends it: one <script in the page, one </script>.
    assert html.count("<script") == 1 and html.count("</script>") == 1
    vcard = (site.output / "vcard" / "ada.vcf").read_bytes()
    assert b"FN:Ada <!--<script> Jensen\r\n" in vcard


def test_script_json_escapes_what_could_end_the_element() -> None:
    text = script_json({"a": "</script><!--&\u2028\u2029"})
    assert text == '{"a": "\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}'
    assert json.loads(text) == {"a": "</script><!--&\u2028\u2029"}


def test_the_page_survives_hostile_contact_data_in_a_browser(contact_site: FixtureSite) -> None:
    """What a browser makes of the page: its body and main text are there, and no script ran."""
    if not os.environ.get("CI"):
        pytest.skip("browser tests run in CI (set CI=true)")
    from playwright.sync_api import sync_playwright

    site = contact_site
    (site.content / "contacts.toml").write_text(
        CONTACTS.replace("Ada Jensen", "Ada <!--<script> Jensen"), encoding="utf-8"
    )
    site.build()
    with serve(site.output) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(origin + "/")
            assert page.locator("main h1").inner_text() == "Forside"
            assert "Ada <!--<script> Jensen" in page.locator("main").inner_text()
            assert page.evaluate("document.scripts.length") == 1
        finally:
            browser.close()


# Heading ids --------------------------------------------------------------------------------------


def test_heading_ids_come_from_the_visible_text(contact_site: FixtureSite) -> None:
    """Issue 14 item 10: ids leaked Markdown's placeholders (``et-wzxhzdk0vigtigtwzxhzdk1-punkt``)."""
    site = contact_site
    site.page(
        "da/index.md",
        "Title: Forside\n\nIntro.\n\n## Et *vigtigt* punkt\n\nA.\n\n## `a < b`\n\nB.\n\n"
        "## Tom &amp; [Jerry](https://example.org)\n\nC.\n\n## Ja\\*nej\n\nD.\n",
    )
    site.build()
    page = BeautifulSoup(site.html("index.html"), "html.parser")
    ids = [
        heading["id"] for heading in page.find("main").find_all("h2") if heading["id"] != "contents-heading"
    ]
    assert ids == ["et-vigtigt-punkt", "a-b", "tom-jerry", "janej"]
    contents = [link["href"] for link in page.select("a[href^='#']") if link["href"] != "#main-content"]
    assert {"#et-vigtigt-punkt", "#a-b"} <= set(contents)


# Publish destinations -----------------------------------------------------------------------------


@pytest.fixture
def project(
    contact_site: FixtureSite, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> FixtureSite:
    """The fixture site as a project, with a home folder of its own elsewhere (HOME)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PUBLISH_ROOT", str(home / "www"))
    return contact_site


@pytest.mark.parametrize(
    ("dest", "message"),
    [
        ("~", "is your home folder"),
        ("$HOME", "is your home folder"),
        ("/", "it holds the project folder"),
        (".", "it is the project folder"),
        ("public", "it is inside the project folder"),
        ("content/www", "it is inside the project folder"),
        ("$NO_SUCH_VARIABLE/site", "cannot expand"),
        ("~no-such-user-here/site", "cannot expand"),
    ],
)
def test_publish_refuses_destinations_that_are_not_a_folder_of_their_own(
    project: FixtureSite, dest: str, message: str
) -> None:
    with pytest.raises(CollabError) as raised:
        checked_destination(dest, project.settings_file)
    text = str(raised.value)
    assert text.startswith(f"--dest {dest}: ") and message in text and "\n" not in text, text


def test_publish_expands_home_and_variables_and_leaves_remote_targets(project: FixtureSite) -> None:
    home = Path(os.environ["HOME"])
    (home / "www").mkdir()
    assert checked_destination("~/www", project.settings_file) == str((home / "www").resolve())
    assert checked_destination("$PUBLISH_ROOT/site", project.settings_file) == str(home / "www" / "site")
    assert checked_destination("user@host:~/www", project.settings_file) == "user@host:~/www"


def test_invoke_publish_to_tilde_creates_no_folder_named_tilde(project: FixtureSite) -> None:
    """Issue 14 item 9: ``invoke publish --dest=~`` made a folder ``~`` inside the project."""
    (project.root / "tasks.py").write_text(
        "from pelican_collab.tools.tasks import namespace  # noqa: F401\n", encoding="utf-8"
    )
    (project.root / "publishconf.py").write_text("from pelicanconf import *\n", encoding="utf-8")
    result = run(project, "invoke", "publish", "--dest=~")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("error: --dest ~: refusing to publish to"), result.stderr
    assert not (project.root / "~").exists()


def test_publish_refuses_a_file_as_destination(project: FixtureSite) -> None:
    file = Path(os.environ["HOME"]) / "a-file"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(CollabError, match="is not a folder"):
        guard(checked_destination("~/a-file", project.settings_file))
