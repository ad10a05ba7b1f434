"""`pelican-collab init`: a new site that builds at once, never overwriting anything;
and the whole way from the built wheel in a fresh venv to gh-pages and rsync."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican_collab.engine.build import build, load_settings
from pelican_collab.tools.cli import main
from pelican_collab.translation.freshness import translation_status

from .conftest import REPOSITORY, require_java
from .test_publish import require
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
    assert "no theme catalog" not in out  # the package ships an Arabic interface
    assert out.strip().splitlines()[-1].startswith("created 10 files in site for da (original), en, ar")
    site = tmp_path / "site"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        ".gitignore",
        "README.md",
        "content/ar/index.md",
        "content/contacts.toml",
        "content/da/index.md",
        "content/en/index.md",
        "content/translation-stamps.json",
        "pelicanconf.py",
        "publishconf.py",
        "tasks.py",
    ]
    assert (site / "tasks.py").read_text(encoding="utf-8").count("\n") == 2
    assert "output/" in (site / ".gitignore").read_text(encoding="utf-8").splitlines()
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Nordby og Sydby Kommune\n")
    assert "Every language of this site has it." in readme  # Arabic too, since issue 12

    settings = load_settings(site / "pelicanconf.py")
    assert settings["COLLAB_LANGUAGES"] == ["da", "en", "ar"]
    assert settings["COLLAB_SITENAMES"]["ar"] == "بلديتا نوردبي وسيدبي"
    assert [p["key"] for p in settings["COLLAB_PARTNERS"]] == ["nordby-kommune", "sydby-kommune"]
    assert settings["COLLAB_ACCENT_COLOUR"] == "#7a1f5c"
    monkeypatch.setenv("SITEURL", "https://elsewhere.example")
    assert load_settings(site / "publishconf.py")["SITEURL"] == "https://elsewhere.example"
    monkeypatch.delenv("SITEURL")
    assert load_settings(site / "publishconf.py")["SITEURL"] == "https://example.org/partnership"

    # The starter narrative: the original in Danish, the translations marked, all stamped.
    danish = (site / "content" / "da" / "index.md").read_text(encoding="utf-8")
    arabic = (site / "content" / "ar" / "index.md").read_text(encoding="utf-8")
    assert danish.startswith("Title: Nordby og Sydby Kommune\nModified: ")
    assert "Contacts: ada-jensen\nOverview_caption: " in danish
    assert "## Hvorfor samarbejder vi?\n\n### Den første grund\n" in danish
    assert "## [Translate into Arabic] Hvorfor samarbejder vi?" in arabic
    assert translation_status(settings).problems == []

    monkeypatch.chdir(site)
    report = build(site / "pelicanconf.py")
    assert report.pages_per_language == {"da": 1, "en": 1, "ar": 1}
    home = parse(site / "output" / "index.html")
    assert (home.html["lang"], home.html["dir"]) == ("da", "ltr")
    assert [li.get_text() for li in home.select(".overview li")] == [
        "Den første grund",
        "Den anden grund",
        "Den tredje grund",
    ]
    assert home.select_one(".contact h3").get_text() == "Ada Jensen"
    # Right-to-left throughout: every Arabic page, the 404 page included.
    arabic_pages = sorted((site / "output" / "ar").rglob("*.html"))
    assert site / "output" / "ar" / "404.html" in arabic_pages
    for page in arabic_pages:
        document = parse(page)
        assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl"), page
    arabic_home = parse(site / "output" / "ar" / "index.html")
    assert arabic_home.h1.get_text() == "بلديتا نوردبي وسيدبي"
    assert arabic_home.find("link", rel="canonical")["href"] == "http://localhost:8000/ar/"


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
    assert asked[0] == "Languages (codes Babel knows; the first is the original) [da, en]: "
    assert next(answers, None) is None, "every answer was used"
    settings = load_settings(tmp_path / "site" / "pelicanconf.py")
    assert settings["COLLAB_LANGUAGES"] == ["en", "he"]
    assert settings["COLLAB_SITENAMES"] == {"en": "Our partnership", "he": "השותפות"}
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
    ],
)
def test_init_names_a_bad_option_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert main(["init", str(tmp_path / "site"), "--no-input", *options]) == 2
    assert capsys.readouterr().err.startswith(f"pelican-collab init: error: {message}")
    assert not (tmp_path / "site").exists()


# The whole way, as a new partnership would go it -------------------------------------------


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

    counts = "3 pages (da: 1, en: 1, ar: 1)"
    _run([bin_ / "pelican-collab", "init", "partnership", *THREE_LANGUAGES], tmp_path, 120)
    site = tmp_path / "partnership"
    assert last_line([bin_ / "invoke", "build"], site).startswith(f"built {counts} into ")
    assert parse(site / "output" / "ar" / "index.html").html["dir"] == "rtl"

    summary = last_line([bin_ / "invoke", "check"], site)
    assert summary.startswith(f"checked {counts}: links ok, HTML ok, translations ok, sitemap ok; 0 problems")

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
