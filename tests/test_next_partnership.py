"""The next partnership, end to end, from the built wheel in a fresh virtual environment.

A new partnership as a new user would start it: ``pelican-collab init`` with
Danish (the original), English, German and Faroese and a contact; a second
page in a folder, ``om/projekter.md``, translated into English only; then
build, check and publish under a sub-path, to a folder and to a bare git
repository. The published pages are parsed and checked: stand-ins in the
right language, hreflang and sitemap with real translations only, the menu on
every page, addresses from the content tree, every text in the language its
``lang`` says, English dates in British form.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from babel.messages.mofile import read_mo
from bs4 import BeautifulSoup, NavigableString, Tag

from .conftest import REPOSITORY, require_java

LANGUAGES = ["da", "en", "de", "fo"]
SITEURL = "https://example.org/partnership"
BASE = "/partnership"
NOT_SOURCES = (".git", "build", "dist", "output", "*.egg-info", "__pycache__", ".*_cache", "test-artifacts")
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@dataclass
class Installed:
    root: Path
    bin: Path

    def run(self, *command: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        environment = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
        environment.pop("SITEURL", None)
        result = subprocess.run(
            [str(part) for part in command],
            cwd=cwd,
            env={**environment, "PATH": f"{self.bin}{os.pathsep}{environment.get('PATH', '')}"},
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check:
            assert result.returncode == 0, (
                f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
            )
        return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """pelican-collab built as a wheel from a copy of the sources and installed into a fresh venv."""
    root = tmp_path_factory.mktemp("next-partnership")
    source = root / "source"
    shutil.copytree(
        REPOSITORY, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_SOURCES, "node_modules")
    )
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("pelican_collab-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return Installed(root, venv / "bin")


@dataclass
class Partnership:
    folder: Path
    published: Path
    publish_output: str
    strict: subprocess.CompletedProcess[str]
    gh_pages_output: str
    bare: Path


@pytest.fixture(scope="module")
def partnership(installed: Installed) -> Partnership:
    require_java()  # publishing runs the Nu HTML Checker
    folder = installed.root / "nordby-sydby"
    installed.run(
        "pelican-collab",
        "init",
        folder,
        "--no-input",
        "--languages",
        ",".join(LANGUAGES),
        "--site-name",
        "da=Nordby og Sydby Kommuner",
        "--site-name",
        "en=Nordby and Sydby Municipalities",
        "--site-name",
        "de=Gemeinden Nordby und Sydby",
        "--site-name",
        "fo=Nordby og Sydby kommunur",
        "--partner",
        "Nordby Kommune|https://nordby.example",
        "--partner",
        "Sydby Kommune|https://sydby.example",
        "--contact",
        "Ada Jensen|ada@nordby.example|Nordby Kommune|Kontorchef|11 22 33 44",
        "--accessibility-statement-url",
        "https://www.was.digst.dk/nordby-sydby",
        "--siteurl",
        SITEURL,
        cwd=installed.root,
    )
    # A second page in a folder, translated into English only.
    (folder / "content" / "da" / "om").mkdir(parents=True)
    (folder / "content" / "da" / "om" / "projekter.md").write_text(
        textwrap.dedent("""\
            Title: Vores projekter
            Order: 2

            Her kan du læse om de projekter, som kommunerne driver sammen.
            Se også [forsiden]({filename}../index.md).

            ## Fælles it-drift

            Kommunerne deler driften af deres systemer.
            """),
        encoding="utf-8",
    )
    (folder / "content" / "en" / "om").mkdir(parents=True)
    (folder / "content" / "en" / "om" / "projekter.md").write_text(
        textwrap.dedent("""\
            Title: Our projects
            Order: 2

            Here you can read about the projects the municipalities run together.
            See also [the home page]({filename}../index.md).

            ## Shared IT operations

            The municipalities share the operation of their systems.
            """),
        encoding="utf-8",
    )
    installed.run("invoke", "i18n.stamp", "content/en/om/projekter.md", cwd=folder)
    # The last-updated dates come from git, as on a real site.
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", "commit", "-qm", "Start"],
    ):
        subprocess.run(command, cwd=folder, check=True, timeout=60)

    published = installed.root / "published"
    publish = installed.run("invoke", "publish", "--dest", published, cwd=folder)
    strict = installed.run(
        "invoke", "publish", "--dest", installed.root / "strict", "--strict", cwd=folder, check=False
    )
    bare = installed.root / "site.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True, timeout=60)
    gh_pages = installed.run("invoke", "gh-pages", "--remote", bare, cwd=folder)
    return Partnership(folder, published, publish.stdout, strict, gh_pages.stdout, bare)


def page(partnership: Partnership, address: str) -> BeautifulSoup:
    """A published page by its address below the sub-path ("/de/om/projekter/")."""
    relative = address.removeprefix(BASE).strip("/")
    path = partnership.published / relative / "index.html" if not relative.endswith(".html") else None
    path = path or partnership.published / relative
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def published_pages(partnership: Partnership) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(partnership.published.rglob("*.html")):
        relative = path.relative_to(partnership.published).as_posix()
        yield relative, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def alternates(document: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in document.find_all("link", rel="alternate")}


# Publishing ---------------------------------------------------------------------------


def test_publishing_succeeds_with_stand_ins_and_a_one_line_summary(partnership: Partnership) -> None:
    for output in (partnership.publish_output, partnership.gh_pages_output):
        summaries = [line for line in output.splitlines() if line.startswith("translations:")]
        assert len(summaries) == 1, output
        assert "missing" in summaries[0], summaries[0]
    assert (partnership.published / "index.html").is_file()
    branch = subprocess.run(
        ["git", "--git-dir", str(partnership.bare), "ls-tree", "-r", "--name-only", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"index.html", "om/projekter/index.html", "de/om/projekter/index.html"} <= set(branch)


def test_strict_publishing_refuses_and_sends_nothing(partnership: Partnership) -> None:
    assert partnership.strict.returncode != 0
    assert not (partnership.published.parent / "strict" / "index.html").exists()


# Addresses, stand-ins, hreflang, sitemap --------------------------------------------------


def test_addresses_follow_the_content_tree(partnership: Partnership) -> None:
    for address, lang in [
        ("/", "da"),
        ("/om/projekter/", "da"),
        ("/en/om/projekter/", "en"),
        ("/en/", "en"),
        ("/de/", "de"),
        ("/de/om/projekter/", "de"),
        ("/fo/", "fo"),
        ("/fo/om/projekter/", "fo"),
    ]:
        assert page(partnership, address).html["lang"] == lang, address


@pytest.mark.parametrize("address", ["/en/", "/de/", "/fo/", "/de/om/projekter/", "/fo/om/projekter/"])
def test_untranslated_pages_are_stand_ins_in_their_own_language(
    partnership: Partnership, address: str
) -> None:
    document = page(partnership, address)
    language = address.strip("/").split("/")[0]
    assert document.html["lang"] == language
    assert document.find("meta", attrs={"name": "robots", "content": "noindex"}), address
    # The original's text, marked as Danish.
    danish = [element for element in document.find_all(attrs={"lang": "da"}) if element.name != "a"]
    assert any("Skriv" in element.get_text() or "projekter" in element.get_text() for element in danish), (
        address
    )
    assert "[Translate into" not in document.get_text()


def test_hreflang_and_sitemap_list_only_real_translations(partnership: Partnership) -> None:
    home = page(partnership, "/")
    assert alternates(home) == {"da": f"{SITEURL}/", "x-default": f"{SITEURL}/"}
    projects = page(partnership, "/om/projekter/")
    assert alternates(projects) == {
        "da": f"{SITEURL}/om/projekter/",
        "en": f"{SITEURL}/en/om/projekter/",
        "x-default": f"{SITEURL}/om/projekter/",
    }
    assert alternates(page(partnership, "/en/om/projekter/")) == alternates(projects)
    root = ElementTree.parse(partnership.published / "sitemap.xml").getroot()
    listed = {
        url.findtext("s:loc", "", SITEMAP): {link.get("hreflang") for link in url.findall("x:link", SITEMAP)}
        for url in root.findall("s:url", SITEMAP)
    }
    assert listed == {
        f"{SITEURL}/": {"da", "x-default"},
        f"{SITEURL}/om/projekter/": {"da", "en", "x-default"},
        f"{SITEURL}/en/om/projekter/": {"da", "en", "x-default"},
    }


# The menu ---------------------------------------------------------------------------------


def test_every_page_has_the_menu_with_the_current_page_marked(partnership: Partnership) -> None:
    for relative, document in published_pages(partnership):
        if document.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # /was/ points elsewhere at once
        lang = document.html["lang"]
        menus = [nav for nav in document.find_all("nav") if "switcher" not in (nav.get("class") or [])]
        links = [a for nav in menus for a in nav.find_all("a")]
        hrefs = {a["href"] for a in links}
        prefix = "" if lang == "da" else f"{lang}/"
        # Both pages of the language (or their stand-ins), below the sub-path.
        assert {f"{BASE}/{prefix}", f"{BASE}/{prefix}om/projekter/"} <= hrefs, (relative, hrefs)
        if relative in (f"{prefix}index.html", f"{prefix}om/projekter/index.html"):
            current = [a["href"] for a in links if a.get("aria-current") == "page"]
            assert current == [f"{BASE}/{relative.removesuffix('index.html')}"], (relative, current)


# One page, one language --------------------------------------------------------------------


def _catalog_sentences(installed: Installed) -> dict[str, set[str]]:
    """Interface sentences of each language's installed catalog (those only that language has)."""
    site_packages = next((installed.root / "venv" / "lib").glob("python3*/site-packages"))
    found: dict[str, set[str]] = {}
    for code in LANGUAGES:
        mo = site_packages / "pelican_collab" / "locale" / code / "LC_MESSAGES" / "messages.mo"
        with mo.open("rb") as handle:
            catalog = read_mo(handle)
        found[code] = {
            re.sub(r"%\(\w+\)[sd]", "", str(message.string)).strip(" .:")
            for message in catalog
            if message.id and isinstance(message.string, str) and len(message.string.split()) >= 3
        }
    for code in LANGUAGES:  # keep what is distinctive of one language
        others = set().union(*(found[other] for other in LANGUAGES if other != code))
        found[code] = {sentence for sentence in found[code] - others if sentence}
    return found


def _language_of(node: NavigableString) -> str | None:
    for parent in node.parents:
        if isinstance(parent, Tag) and parent.get("lang"):
            return parent["lang"]
    return None


def test_no_text_is_in_another_language_than_its_lang(installed: Installed, partnership: Partnership) -> None:
    sentences = _catalog_sentences(installed)
    danish_body = "Her kan du læse om de projekter, som kommunerne driver sammen."
    wrong = []
    for relative, document in published_pages(partnership):
        for node in document.find_all(string=True):
            if isinstance(node, NavigableString) and node.parent.name not in ("script", "style"):
                text = " ".join(node.split())
                if not text:
                    continue
                marked = _language_of(node)
                for code, known in sentences.items():
                    if any(sentence in text for sentence in known) and marked != code:
                        wrong.append(f"{relative}: {text!r} is {code}, marked {marked}")
                if danish_body in text and marked != "da":
                    wrong.append(f"{relative}: the Danish text is marked {marked}")
    assert not wrong, "\n".join(wrong[:20])


def test_english_dates_are_british(partnership: Partnership) -> None:
    today = date.today()
    expected = f"{today.day} {today:%B} {today.year}"
    footer = page(partnership, "/en/om/projekter/").find("footer").get_text(" ")
    assert expected in " ".join(footer.split()), footer
    danish = page(partnership, "/om/projekter/").find("footer").get_text(" ")
    assert f"{today.day}. " in danish


def test_the_report_of_states_is_machine_readable(installed: Installed, partnership: Partnership) -> None:
    status = installed.run("invoke", "i18n.status", "--json", cwd=partnership.folder)
    rows = json.loads(status.stdout)["rows"]
    states = {(row["key"], row["language"]): row["status"] for row in rows}
    assert states[("om/projekter", "en")] == "up to date"
    assert states[("om/projekter", "de")] == "missing"
    assert states[("index", "en")] == "missing"  # init's placeholder
