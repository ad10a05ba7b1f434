"""Catalogs, one run for all languages, and no state carried between builds."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pelican import signals

from pelican_collab.engine.build import load_settings

from .conftest import REPOSITORY, FixtureSite

LOCALE = REPOSITORY / "pelican_collab" / "locale"


#: The interface languages the package ships (issue 12: these ten, every message reviewed).
SHIPPED = ["da", "en", "de", "sv", "nb", "fi", "fo", "pl", "uk", "ar"]


def test_the_package_ships_exactly_these_catalogs() -> None:
    assert sorted(path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/messages.po")) == sorted(
        SHIPPED
    )


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_catalog_translates_every_message_of_the_template(lang: str) -> None:
    """Complete against messages.pot: no message missing, none untranslated or fuzzy,
    the plural forms Babel's rules give the language, the placeholders kept."""
    with open(LOCALE / "messages.pot", "rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with open(LOCALE / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle, locale=lang)
    messages = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    assert set(messages) == template, "update the catalog: python3 -m invoke i18n.update"
    rules = get_plural(lang)
    assert (catalog.num_plurals, catalog.plural_expr) == (rules.num_plurals, rules.plural_expr)
    for message in messages.values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{lang}: {message.id!r} is not translated"
        if message.pluralizable:
            assert len(strings) == catalog.num_plurals, (
                f"{lang}: {message.id!r} needs {catalog.num_plurals} forms"
            )
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog.check()]
    assert not problems, f"{lang}: {problems}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_compiled_catalogs_match_their_po_files_and_are_complete(lang: str) -> None:
    folder = LOCALE / lang / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as handle:
        po = read_po(handle, locale=lang)
    with open(folder / "messages.mo", "rb") as handle:
        mo = read_mo(handle)

    def plain(value: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
        return value if isinstance(value, str) else tuple(value)

    translated = {plain(m.id): plain(m.string) for m in po if m.id and all(plain(m.string)) and not m.fuzzy}
    compiled = {plain(m.id): plain(m.string) for m in mo if m.id}
    assert translated == compiled, "compile the catalogs: pybabel compile -d pelican_collab/locale"
    assert len(translated) == len([m for m in po if m.id]), f"untranslated strings in {lang}"


def test_catalog_template_lists_every_string_of_the_templates(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(fresh),
            "--no-location",
            "--sort-output",
            ".",
        ],
        cwd=REPOSITORY,
        check=True,
        capture_output=True,
    )
    with open(fresh, "rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with open(LOCALE / "messages.pot", "rb") as handle:
        committed = {m.id for m in read_po(handle) if m.id}
    assert wanted == committed, (
        "templates changed: re-run the catalog commands (docs/reference.md, Interface text)"
    )
    assert "Skip to main content" in wanted


def test_a_language_without_catalog_warns_and_falls_back_to_english(
    site: FixtureSite, caplog: pytest.LogCaptureFixture
) -> None:
    # Greenlandic, which no other test builds: Pelican logs a message once per process.
    site.settings('COLLAB_LANGUAGES = ["da", "kl"]\n')
    site.page("da/index.md", "Title: Forside\n\nHej.\n")
    site.page("kl/index.md", "Title: Saqqaa\n\nAluu.\n")
    with caplog.at_level(logging.WARNING):
        site.build()
    assert any("no theme catalog for 'kl'" in record.getMessage() for record in caplog.records)
    greenlandic = BeautifulSoup(site.html("kl/index.html"), "html.parser")
    skip_link = greenlandic.select_one(".skip-link")
    assert skip_link.get_text() == "Skip to main content" and skip_link["lang"] == "en"


def test_a_site_catalog_translates_the_theme_into_another_language(site: FixtureSite) -> None:
    """A catalog in COLLAB_LOCALE_DIRS gives a language the package lacks its
    interface text, and overrides single strings of one the package has."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    for lang, text in (("is", "Fara beint í efnið"), ("da", "Spring til indholdet")):
        catalog = Catalog(locale=lang)
        catalog.add("Skip to main content", text)
        folder = site.root / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with open(folder / "messages.mo", "wb") as handle:
            write_mo(handle, catalog)
    site.settings('COLLAB_LANGUAGES = ["da", "is"]\nCOLLAB_LOCALE_DIRS = ["locale"]\n')
    site.page("da/index.md", "Title: Forside\n\nHej.\n")
    site.page("is/index.md", "Title: Forsíða\n\nHæ.\n")
    site.build()
    icelandic = BeautifulSoup(site.html("is/index.html"), "html.parser")
    skip_link = icelandic.select_one(".skip-link")
    assert skip_link.get_text() == "Fara beint í efnið" and not skip_link.has_attr("lang")
    danish = BeautifulSoup(site.html("index.html"), "html.parser")
    assert danish.select_one(".skip-link").get_text() == "Spring til indholdet"
    assert danish.select_one("nav.switcher")["aria-label"] == "Sprog"  # the rest from the package


def test_one_pelican_run_renders_every_language(two_language_site: FixtureSite) -> None:
    runs: list[object] = []

    def count(pelican: object) -> None:
        runs.append(pelican)

    signals.finalized.connect(count)
    try:
        two_language_site.build()
    finally:
        signals.finalized.disconnect(count)
    assert len(runs) == 1
    langs = {
        BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").html["lang"]
        for p in two_language_site.output.rglob("*.html")
    }
    assert langs == {"da", "en"}


def test_consecutive_builds_in_one_process_share_no_state(
    two_language_site: FixtureSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    two_language_site.build()
    other = FixtureSite(tmp_path_factory.mktemp("other"))
    other.settings('COLLAB_LANGUAGES = ["en", "de"]\nSITEURL = "https://other.example"\n')
    other.page("en/index.md", "Title: Home\n\nHi.\n")
    other.page("de/index.md", "Title: Startseite\n\nHallo.\n")
    os.chdir(other.root)
    other.build()
    german = BeautifulSoup(other.html("de/index.html"), "html.parser")
    assert [a.get_text() for a in german.select("nav.switcher a")] == ["English", "Deutsch"]
    assert german.find("link", rel="canonical")["href"] == "https://other.example/de/"
    os.chdir(two_language_site.root)
    two_language_site.build()
    danish = BeautifulSoup(two_language_site.html("index.html"), "html.parser")
    assert [a.get_text() for a in danish.select("nav.switcher a")] == ["Dansk", "English"]
    assert danish.find("link", rel="canonical")["href"] == "https://example.org/"


def test_a_pelican_site_without_the_plugin_is_left_alone(site: FixtureSite) -> None:
    # Signals are process-wide: our handlers must ignore a site that does not list us.
    site.settings_file.write_text(
        'PLUGINS = []\nPATH = "content"\nOUTPUT_PATH = "output"\nSITEURL = ""\nPAGE_PATHS = ["pages"]\n'
        "CACHE_CONTENT = False\n",
        encoding="utf-8",
    )
    site.page("pages/about.md", "Title: About\n\nPlain Pelican.\n")
    site.build()
    assert (site.output / "pages" / "about.html").exists()


def test_publishconf_takes_siteurl_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPOSITORY)
    monkeypatch.setenv("SITEURL", "https://example.org/partnership")
    assert load_settings("publishconf.py")["SITEURL"] == "https://example.org/partnership"
    monkeypatch.delenv("SITEURL")
    assert load_settings("publishconf.py")["SITEURL"] == load_settings("pelicanconf.py")["SITEURL"]


def test_invoke_tasks_build_and_clean_a_site(two_language_site: FixtureSite) -> None:
    (two_language_site.root / "tasks.py").write_text(
        "from pelican_collab.tools.tasks import namespace  # noqa: F401\n", encoding="utf-8"
    )
    invoke = [sys.executable, "-m", "invoke"]
    listed = subprocess.run([*invoke, "--list"], cwd=two_language_site.root, capture_output=True, text=True)
    for name in ("clean", "build", "rebuild", "regenerate", "serve", "reserve", "preview", "livereload"):
        assert f"  {name} " in listed.stdout
    built = subprocess.run([*invoke, "build"], cwd=two_language_site.root, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "built 4 pages (da: 2, en: 2)" in built.stdout
    assert (two_language_site.output / "en" / "index.html").exists()
    cleaned = subprocess.run([*invoke, "clean"], cwd=two_language_site.root, capture_output=True, text=True)
    assert cleaned.returncode == 0 and not two_language_site.output.exists()
    assert (two_language_site.content / "da" / "index.md").exists()


def test_invoke_clean_refuses_an_output_path_that_holds_the_project(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.settings('OUTPUT_PATH = "."\n')
    (site.root / "tasks.py").write_text("from pelican_collab.tools.tasks import namespace  # noqa: F401\n")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "clean"], cwd=site.root, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "refusing to delete it" in result.stderr
    assert (site.root / "pelicanconf.py").exists()


def test_invoke_build_reports_bad_input_in_one_line(two_language_site: FixtureSite) -> None:
    (two_language_site.root / "tasks.py").write_text(
        "from pelican_collab.tools.tasks import namespace  # noqa: F401\n"
    )
    two_language_site.page("stray.md", "Title: Stray\n\nText.\n")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build"], cwd=two_language_site.root, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "error: content/stray.md: is outside every language folder" in result.stderr
