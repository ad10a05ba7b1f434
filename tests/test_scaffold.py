"""`pelican-collab init`: a new site that builds at once, never overwriting anything;
and the whole way from the built wheel in a fresh venv to gh-pages and rsync."""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup

from pelican_collab import __version__
from pelican_collab.engine.build import build, load_settings
from pelican_collab.site.metadata import header_lines, is_placeholder
from pelican_collab.tools.cli import main
from pelican_collab.tools.scaffold import missing_catalogs
from pelican_collab.tools.scaffold.answers import default_regional_locale, default_timezone

from .conftest import REPOSITORY, require_java
from .test_publish import require
from .test_tasks_apart import SITE_TASKS, listed_tasks
from .test_wheel import NOT_SOURCES, _run

THREE_LANGUAGES = [
    "--no-input",
    "--languages",
    "da,en,ar",
    "--site-name",
    "da=Nordby og Sydby Kommune",
    "--site-name",
    "en=Nordby and Sydby Municipalities",
    "--site-name",
    "ar=بلديتا نوردبي وسيدبي",
    "--partner",
    "Nordby Kommune|https://nordby.example",
    "--partner",
    "Sydby Kommune|https://sydby.example",
    "--contact",
    "Ada Jensen|ada@nordby.example|Nordby Kommune|Kontorchef|11 22 33 44",
    "--accent-colour",
    "#7a1f5c",
    "--accessibility-statement-url",
    "https://www.was.digst.dk/nordby-example",
    "--siteurl",
    "https://example.org/partnership",
]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_init_writes_a_three_language_site_that_builds_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "site", *THREE_LANGUAGES]) == 0
    out = capsys.readouterr().out
    without_catalog = missing_catalogs(["da", "en", "ar"])  # the package's catalogs decide
    for code in without_catalog:
        assert f"no theme catalog for {code!r}" in out
    assert "invoke i18n.stamp content/en/index.md" in out
    assert out.strip().splitlines()[-1].startswith("created 9 files in site for da (original), en, ar")
    site = tmp_path / "site"
    # No stamps: a stamp would make the placeholders look translated.
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        ".gitignore",
        "README.md",
        "content/ar/index.md",
        "content/contacts.toml",
        "content/da/index.md",
        "content/en/index.md",
        "pelicanconf.py",
        "publishconf.py",
        "tasks.py",
    ]
    assert (site / "tasks.py").read_text(encoding="utf-8").count("\n") == 2
    assert "output/" in (site / ".gitignore").read_text(encoding="utf-8").splitlines()
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Nordby og Sydby Kommune\n")
    prose = " ".join(readme.split())
    if "ar" in without_catalog:
        assert "There is none for Arabic (العربية): the build shows the English interface text" in prose
    else:
        assert "Every language of this site has one." in prose
    # Complete commands, and an installation that works without a release on the package index.
    assert "invoke i18n.stamp content/en/index.md" in readme
    assert "pip install pelican-collab\n" not in readme
    assert f"python3 -m pip install path/to/pelican_collab-{__version__}-py3-none-any.whl" in readme

    settings = load_settings(site / "pelicanconf.py")
    assert settings["COLLAB_LANGUAGES"] == ["da", "en", "ar"]
    assert settings["COLLAB_SITENAMES"]["ar"] == "بلديتا نوردبي وسيدبي"
    assert [p["key"] for p in settings["COLLAB_PARTNERS"]] == ["nordby-kommune", "sydby-kommune"]
    assert settings["COLLAB_ACCENT_COLOUR"] == "#7a1f5c"
    # Regional defaults: British English, the likeliest country of the others, Danish time.
    assert settings["COLLAB_LOCALES"] == {"da": "da-DK", "en": "en-GB", "ar": "ar-EG"}
    assert settings["TIMEZONE"] == "Europe/Copenhagen"
    monkeypatch.setenv("SITEURL", "https://elsewhere.example")
    assert load_settings(site / "publishconf.py")["SITEURL"] == "https://elsewhere.example"
    monkeypatch.delenv("SITEURL")
    assert load_settings(site / "publishconf.py")["SITEURL"] == "https://example.org/partnership"

    # The starter narrative: the original in Danish, the translations placeholders.
    danish = (site / "content" / "da" / "index.md").read_text(encoding="utf-8")
    assert danish.startswith("Title: Nordby og Sydby Kommune\nContacts: ada-jensen\nOverview_caption: ")
    assert "## Hvorfor samarbejder vi?\n\n### Den første grund\n" in danish
    assert "[Translate into" not in danish
    for code, language in (("en", "English"), ("ar", "Arabic")):
        lines = (site / "content" / code / "index.md").read_text(encoding="utf-8").splitlines()
        header = header_lines(lines)
        assert is_placeholder({key: value for _, key, value in header}), code
        body = [line.lstrip("# ") for line in lines[len(header) :] if line.strip()]
        assert body and all(line.startswith(f"[Translate into {language}] ") for line in body), code
        assert f"Overview_caption: [Translate into {language}] " in "\n".join(lines)
    assert "## [Translate into Arabic] Hvorfor samarbejder vi?" in "\n".join(lines)
    for page in site.glob("content/*/index.md"):  # the git date serves
        assert "modified" not in {key for _, key, _ in header_lines(page.read_text().splitlines())}, page

    monkeypatch.chdir(site)
    report = build(site / "pelicanconf.py")
    assert report.pages_per_language["da"] == 1
    home = parse(site / "output" / "index.html")
    assert (home.html["lang"], home.html["dir"]) == ("da", "ltr")
    assert [li.get_text() for li in home.select(".overview li")] == [
        "Den første grund",
        "Den anden grund",
        "Den tredje grund",
    ]
    assert home.select_one(".contact h3").get_text() == "Ada Jensen"
    # The placeholders are no translations: no hreflang for them, and not one of their lines published.
    assert [link["hreflang"] for link in home.find_all("link", rel="alternate")] == ["da", "x-default"]
    for page in (site / "output").rglob("*.html"):
        assert "[Translate into" not in page.read_text(encoding="utf-8"), page
    # Right-to-left throughout: every Arabic page, the stand-in and the 404 page included.
    arabic_pages = sorted((site / "output" / "ar").rglob("*.html"))
    assert {site / "output" / "ar" / "404.html", site / "output" / "ar" / "index.html"} <= set(arabic_pages)
    for page in arabic_pages:
        document = parse(page)
        assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl"), page


def test_init_refuses_to_overwrite_and_leaves_every_file_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site), *THREE_LANGUAGES]) == 0
    (site / "content" / "da" / "index.md").write_text("Title: Mine\n\nMy own text.\n", encoding="utf-8")
    before = snapshot(site)
    capsys.readouterr()
    assert main(["init", str(site), *THREE_LANGUAGES]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"pelican-collab init: error: {site} already has pelicanconf.py, ")
    assert "nothing was written" in error
    assert snapshot(site) == before

    # One file in the way is enough, even one that only the content part would write.
    other = tmp_path / "other"
    (other / "content" / "en").mkdir(parents=True)
    (other / "content" / "en" / "index.md").write_text("Title: Mine\n\nKeep me.\n", encoding="utf-8")
    before = snapshot(other)
    assert main(["init", str(other), *THREE_LANGUAGES]) == 1
    assert "already has content/en/index.md; init never overwrites" in capsys.readouterr().err
    assert snapshot(other) == before


def test_init_asks_each_question_and_asks_again_on_a_bad_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(
        [
            "da, xx",  # not a language: asked again
            "en, he",
            "",  # site name in English: the default
            "השותפות",  # site name in Hebrew
            "de-DE",  # not English: asked again
            "en_US",  # American English after all
            "",  # Hebrew as in Israel: the default
            "America/Nowhere",  # not a time zone: asked again
            "America/Chicago",
            "Northtown Council",  # partner 1
            "https://northtown.example",
            "",  # no more partners
            "Ada Jensen",  # contact 1
            "not an address",  # asked again
            "ada@northtown.example",
            "Head of Office",
            "",  # no phone
            "",  # partner: the default (the first)
            "",  # no more contacts
            "#77aaff",  # too little contrast: asked again
            "#005a8c",
            "https://www.was.digst.dk/northtown",
            "",  # no public address yet
        ]
    )
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next(answers)

    monkeypatch.setattr("builtins.input", ask)
    monkeypatch.chdir(tmp_path)
    assert main(["init", "site"]) == 0
    out = capsys.readouterr().out
    assert "'xx' is not a language Babel knows" in out
    assert "'not an address' is not an e-mail address" in out
    assert "contrast" in out
    assert "'de-DE' is not a locale of English ('en')" in out
    assert "'America/Nowhere' is not a time zone" in out
    assert asked[0] == "Languages (codes Babel knows; the first is the original) [da, en]: "
    assert "Regional conventions for English (dates, og:locale) [en-GB]: " in asked
    assert "Regional conventions for Hebrew (עברית) (dates, og:locale) [he-IL]: " in asked
    # American English has several time zones: no guess, UTC until one is given.
    assert "Time zone (TIMEZONE: the dates of pages and of their last change) [UTC]: " in asked
    assert next(answers, None) is None, "every answer was used"
    settings = load_settings(tmp_path / "site" / "pelicanconf.py")
    assert settings["COLLAB_LANGUAGES"] == ["en", "he"]
    assert settings["COLLAB_SITENAMES"] == {"en": "Our partnership", "he": "השותפות"}
    assert settings["COLLAB_LOCALES"] == {"en": "en-US", "he": "he-IL"}
    assert settings["TIMEZONE"] == "America/Chicago"
    assert settings["COLLAB_PARTNERS"] == [
        {"key": "northtown-council", "name": "Northtown Council", "url": "https://northtown.example"}
    ]
    contacts = (tmp_path / "site" / "content" / "contacts.toml").read_text(encoding="utf-8")
    assert 'partner = "northtown-council"' in contacts and 'title.he = "Head of Office"' in contacts
    # Without a public address publishconf falls back to the development one (publishing refuses it).
    assert load_settings(tmp_path / "site" / "publishconf.py")["SITEURL"] == "http://localhost:8000"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--languages", "da"], "--languages: give two or more language codes"),
        (["--languages", "da,xx"], "--languages: 'xx' is not a language Babel knows"),
        (["--languages", "da,en,da"], "--languages: a language is listed twice"),
        (["--accent-colour", "#77aaff"], "--accent-colour: #77aaff has contrast 2.34:1"),
        (["--siteurl", "example.org"], "--siteurl: 'example.org' is not an absolute http(s) URL"),
        (["--contact", "Ada|ada@x.example|Nowhere|Chief"], "--contact: 'Nowhere' is not one of the partners"),
        (["--site-name", "de=Partnerschaft"], "--site-name: 'de' is not one of the languages"),
        (["--locale", "en"], "--locale: 'en' is not CODE=LOCALE, e.g. en=en-US"),
        (["--locale", "fr=fr-FR"], "--locale: 'fr' is not one of the languages"),
        (["--locale", "en=de-DE"], "--locale: 'de-DE' is not a locale of English ('en')"),
        (["--locale", "en=en-XX"], "--locale: 'en-XX' is not a locale Babel knows"),
        (["--timezone", "Europe/Nowhere"], "--timezone: 'Europe/Nowhere' is not a time zone"),
    ],
)
def test_init_names_a_bad_option_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert main(["init", str(tmp_path / "site"), "--no-input", *options]) == 2
    assert capsys.readouterr().err.startswith(f"pelican-collab init: error: {message}")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("code", "locale", "timezone"),
    [
        ("da", "da-DK", "Europe/Copenhagen"),
        ("en", "en-GB", "Europe/London"),  # British unless told otherwise
        ("de", "de-DE", "Europe/Berlin"),  # two zones (Busingen), one time
        ("sv", "sv-SE", "Europe/Stockholm"),
        ("kl", "kl-GL", "UTC"),  # Greenland keeps several times
        ("pt-BR", None, "UTC"),  # the code names its country already; Brazil has several times
        ("en-US", None, "UTC"),
        ("fo", "fo-FO", "Atlantic/Faroe"),
    ],
)
def test_regional_defaults_come_from_cldr(code: str, locale: str | None, timezone: str) -> None:
    assert default_regional_locale(code) == locale
    zone, note = default_timezone(locale or code)
    assert zone == timezone
    assert (note is None) == (timezone != "UTC"), note
    if note:
        assert note.startswith("TIMEZONE is UTC: the country of ") and "set yours in pelicanconf.py" in note


def _english_home_in_git(tmp_path: Path, options: list[str]) -> tuple[BeautifulSoup, date]:
    """An English-original site made by init, committed to git and built: its home page and commit date."""
    require("git")
    site = tmp_path / "site"
    assert main(["init", str(site), "--no-input", "--languages", "en,da", *options]) == 0
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    for command in (["init", "--quiet"], ["add", "."], ["commit", "--quiet", "-m", "Start"]):
        _run([*git, *command], site, 60)
    committed = date.fromisoformat(_run(["git", "log", "-1", "--format=%cs"], site, 60).stdout.strip())
    build(site / "pelicanconf.py")
    return parse(site / "output" / "index.html"), committed


def test_an_english_site_is_british_by_default_and_dated_by_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    home, committed = _english_home_in_git(tmp_path, [])
    assert "note: TIMEZONE" not in capsys.readouterr().out
    settings = load_settings(tmp_path / "site" / "pelicanconf.py")
    assert (settings["COLLAB_LOCALES"], settings["TIMEZONE"]) == (
        {"en": "en-GB", "da": "da-DK"},
        "Europe/London",
    )
    assert home.find("meta", property="og:locale")["content"] == "en_GB"
    # No Modified: line: the footer's date is the last commit's, the British way ("1 December 2026").
    british = format_date(committed, "long", locale="en_GB")
    assert british.startswith(str(committed.day))
    assert f"Last updated {british}" in " ".join(home.get_text().split())


def test_an_american_site_when_told_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    home, committed = _english_home_in_git(tmp_path, ["--locale", "en=en-US"])
    # Several time zones in the US: UTC, and init says so.
    assert "note: TIMEZONE is UTC: the country of 'en-US' (US) has several" in capsys.readouterr().out
    assert load_settings(tmp_path / "site" / "pelicanconf.py")["TIMEZONE"] == "UTC"
    assert home.find("meta", property="og:locale")["content"] == "en_US"
    american = format_date(committed, "long", locale="en_US")  # "December 1, 2026"
    assert f"Last updated {american}" in " ".join(home.get_text().split())


# The whole way, as a new partnership would go it -------------------------------------------


def translate(page: Path) -> None:
    """What a translator does to a placeholder: every marked line translated (here: the marker
    taken off), the placeholder line gone."""
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.lower().startswith("translation-status:")]
    page.write_text(
        "".join(re.sub(r"\[Translate into [^]]+\] ", "", line) for line in kept), encoding="utf-8"
    )


def test_from_the_wheel_in_a_fresh_venv_to_gh_pages_and_rsync(tmp_path: Path) -> None:
    require_java()
    require("git")
    require("rsync")
    source = tmp_path / "source"
    shutil.copytree(REPOSITORY, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source], tmp_path, 300)
    (wheel,) = dist.glob("pelican_collab-*.whl")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path, 300)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], tmp_path, 600)
    bin_ = venv / "bin"

    def last_line(command: list, cwd: Path) -> str:
        return _run(command, cwd, 300).stdout.strip().splitlines()[-1]

    _run([bin_ / "pelican-collab", "init", "partnership", *THREE_LANGUAGES], tmp_path, 120)
    site = tmp_path / "partnership"
    assert listed_tasks(site, bin_ / "python") == SITE_TASKS  # no maintainer tasks from the wheel
    _run([bin_ / "invoke", "build"], site, 300)
    stand_in = parse(site / "output" / "ar" / "index.html")  # the Arabic placeholder is no page yet
    assert (
        stand_in.html["dir"] == "rtl"
        and stand_in.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    )

    # The translators' turn, as the new site's README tells it: translate, then stamp.
    for code in ("en", "ar"):
        translate(site / "content" / code / "index.md")
        stamped = last_line([bin_ / "invoke", "i18n.stamp", f"content/{code}/index.md"], site)
        assert stamped == "1 translation stamped"
    counts = "3 pages (da: 1, en: 1, ar: 1)"
    assert last_line([bin_ / "invoke", "build"], site).startswith(f"built {counts} into ")
    assert parse(site / "output" / "ar" / "index.html").html["dir"] == "rtl"

    summary = last_line([bin_ / "invoke", "check"], site)
    assert summary.startswith(
        f"checked {counts}: links ok, HTML ok, sitemap ok, catalogs ok; 0 defects; "
        "translations: all up to date"
    )

    remote = tmp_path / "remote.git"
    _run(["git", "init", "--bare", "--quiet", remote], tmp_path, 60)
    summary = last_line([bin_ / "invoke", "gh-pages", "--remote", remote], site)
    assert summary.startswith(f"published {counts} to {remote} gh-pages (commit ")
    tree = _run(["git", "--git-dir", remote, "ls-tree", "--name-only", "gh-pages"], tmp_path, 60).stdout
    assert {".nojekyll", "index.html", "_headers", "_redirects", "ar", "en"} <= set(tree.split())
    canonical = _run(["git", "--git-dir", remote, "show", "gh-pages:ar/index.html"], tmp_path, 60).stdout
    assert '<link rel="canonical" href="https://example.org/partnership/ar/">' in canonical

    www = tmp_path / "www"
    summary = last_line([bin_ / "invoke", "publish", "--dest", www], site)
    assert summary.startswith(f"published {counts} to {www} (")
    assert (www / ".pelican-collab-publish").is_file()
    assert (www / "ar" / "index.html").read_text(encoding="utf-8") == canonical
