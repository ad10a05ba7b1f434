"""Publishing: _headers/_redirects, gh-pages to a bare git repository, rsync with a guard;
defects refused, translation states published with stand-ins (refused with --strict)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican_collab.errors import CollabError
from pelican_collab.tools.publish import MARKER, gh_pages, rsync_publish

from .conftest import FixtureSite, require_java
from .partial_site import STATES, write_partial_site

TASKS = "from pelican_collab.tools.tasks import namespace  # noqa: F401\n"
STATEMENT = 'COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/example"\n'


def require(program: str) -> None:
    if shutil.which(program) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{program} is not installed")
        pytest.skip(f"{program} is not installed")


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def git(*arguments: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(["git", *map(str, arguments)], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def invoke(site: FixtureSite, *arguments: str) -> subprocess.CompletedProcess[str]:
    (site.root / "tasks.py").write_text(TASKS, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "invoke", *arguments],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def built(two_language_site: FixtureSite) -> FixtureSite:
    two_language_site.settings(STATEMENT)
    two_language_site.build()
    return two_language_site


@pytest.fixture
def partial(site: FixtureSite) -> FixtureSite:
    """The partly translated site, with what publishing it needs (rsync, git, Java for the check)."""
    require("rsync")
    require("git")
    require_java()
    write_partial_site(site)
    return site


def test_headers_and_redirects_for_static_hosts(built: FixtureSite) -> None:
    headers = (built.output / "_headers").read_text(encoding="utf-8").splitlines()
    assert "/*" in headers
    values = dict(line.strip().split(": ", 1) for line in headers if line.startswith("  "))
    assert set(values) == {
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
    }
    page = BeautifulSoup(built.html("en/index.html"), "html.parser")
    meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert values["Content-Security-Policy"] == f"{meta}; frame-ancestors 'none'"
    assert values["X-Content-Type-Options"] == "nosniff"
    assert values["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in values["Permissions-Policy"]

    redirects = [
        line.split()
        for line in (built.output / "_redirects").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert ["/was", "https://www.was.digst.dk/example", "302"] in redirects
    assert redirects[-2:] == [["/en/*", "/en/404.html", "404"], ["/*", "/404.html", "404"]]
    for _, target, status in redirects:
        if status == "404":
            assert (built.output / target.lstrip("/")).is_file()


def test_gh_pages_commits_the_output_and_pushes_to_a_bare_repository(
    built: FixtureSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    require("git")
    remote = tmp_path_factory.mktemp("remote") / "site.git"
    git("init", "--bare", "--quiet", remote)
    first = gh_pages(built.output, str(remote), cname="partnership.example.org")
    assert git("--git-dir", remote, "rev-parse", "gh-pages").strip() == first

    listed = set(git("--git-dir", remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert listed == set(files(built.output)) | {".nojekyll", "CNAME"}
    assert git("--git-dir", remote, "show", "gh-pages:CNAME").strip() == "partnership.example.org"
    assert git("--git-dir", remote, "show", "gh-pages:en/index.html") == built.html("en/index.html")

    # A second publish is a fast-forward on top of the first: the branch keeps its history.
    built.page("en/index.md", "Title: Home again\nModified: 2026-11-28\n\nChanged.\n")
    built.build()
    second = gh_pages(built.output, str(remote))
    history = git("--git-dir", remote, "rev-list", "gh-pages").split()
    assert history == [second, first]
    assert "Home again" in git("--git-dir", remote, "show", "gh-pages:en/index.html")
    assert "CNAME" not in git("--git-dir", remote, "ls-tree", "--name-only", "gh-pages").split()


def test_publish_fills_an_empty_folder_and_later_replaces_its_contents(
    built: FixtureSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    require("rsync")
    destination = tmp_path_factory.mktemp("www") / "site"
    rsync_publish(built.output, str(destination))
    published = files(destination)
    assert published.pop(MARKER).startswith(b"This folder is published by pelican-collab")
    assert published == files(built.output)

    (destination / "stale.html").write_text("left from an old build\n", encoding="utf-8")
    sent, deleted = rsync_publish(built.output, str(destination))
    assert deleted == 1 and not (destination / "stale.html").exists()
    assert sent == 0, "unchanged files are not sent again"
    assert (destination / MARKER).is_file()


def test_publish_guard_refuses_a_non_empty_unmarked_folder_and_deletes_nothing(
    built: FixtureSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    require("rsync")
    destination = tmp_path_factory.mktemp("precious")
    (destination / "notes.txt").write_text("not a website\n", encoding="utf-8")
    (destination / "photos").mkdir()
    (destination / "photos" / "a.jpg").write_bytes(b"\xff\xd8")
    before = files(destination)

    with pytest.raises(CollabError) as raised:
        rsync_publish(built.output, str(destination))
    assert "refusing to publish" in str(raised.value) and MARKER in str(raised.value)
    assert files(destination) == before

    # The task refuses too, before building anything.
    result = invoke(built, "publish", "--dest", str(destination), "--settings", "pelicanconf.py")
    assert result.returncode == 1
    assert "refusing to publish" in result.stderr and "nothing was deleted" in result.stderr
    assert files(destination) == before


def test_publishing_refuses_when_check_fails(
    built: FixtureSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    require("rsync")
    built.page("en/index.md", "Title: Home\nModified: 2026-11-27\n\n[Broken](/en/nowhere/)\n")
    destination = tmp_path_factory.mktemp("www") / "site"
    result = invoke(built, "publish", "--dest", str(destination), "--settings", "pelicanconf.py")
    assert result.returncode == 1
    assert "error: not publishing: check found" in result.stderr
    assert "broken link /en/nowhere/" in result.stdout
    assert not destination.exists()


def test_a_partly_translated_site_is_published_with_stand_ins_and_one_summary_line(
    partial: FixtureSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = partial
    destination = tmp_path_factory.mktemp("www") / "site"
    result = invoke(site, "publish", "--dest", str(destination), "--settings", "pelicanconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-2] == f"translations: {STATES}; published with stand-ins"
    assert lines[-1].startswith(f"published 4 pages (da: 2, en: 2, de: 0, fo: 0) to {destination} (")
    assert "translation states (" not in result.stdout, "one line, not a list"

    # The placeholders are published as stand-ins in their own language, outside hreflang and the sitemap.
    for code in ("de", "fo"):
        stand_in = BeautifulSoup(
            (destination / code / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert stand_in.html["lang"] == code
        assert "[Translate into" not in str(stand_in)
        assert stand_in.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    home = BeautifulSoup((destination / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert {link["hreflang"] for link in home.find_all("link", rel="alternate")} == {"da", "en", "x-default"}
    sitemap = (destination / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/de/" not in sitemap and "https://example.org/fo/" not in sitemap

    remote = tmp_path_factory.mktemp("remote") / "site.git"
    git("init", "--bare", "--quiet", remote)
    result = invoke(site, "gh-pages", "--remote", str(remote), "--settings", "pelicanconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-2] == f"translations: {STATES}; published with stand-ins"
    assert lines[-1].startswith(
        f"published 4 pages (da: 2, en: 2, de: 0, fo: 0) to {remote} gh-pages (commit "
    )
    assert git("--git-dir", remote, "show", "gh-pages:fo/index.html") == site.html("fo/index.html")


def test_strict_refuses_translation_states_and_sends_nothing(
    partial: FixtureSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = partial
    destination = tmp_path_factory.mktemp("www") / "site"
    result = invoke(site, "publish", "--dest", str(destination), "--settings", "pelicanconf.py", "--strict")
    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1] == f"error: not publishing: translations: {STATES} (--strict)"
    )
    assert "translation states (5):" in result.stdout
    assert not destination.exists()

    remote = tmp_path_factory.mktemp("remote") / "site.git"
    git("init", "--bare", "--quiet", remote)
    result = invoke(site, "gh-pages", "--remote", str(remote), "--settings", "pelicanconf.py", "--strict")
    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1] == f"error: not publishing: translations: {STATES} (--strict)"
    )
    assert git("--git-dir", remote, "branch", "--list") == ""

    # The site's own policy refuses as --strict does: its build stops, listing every state.
    write_partial_site(site, 'COLLAB_TRANSLATION_POLICY = "strict"\n')
    result = invoke(site, "publish", "--dest", str(destination), "--settings", "pelicanconf.py")
    assert result.returncode == 1
    assert "5 translation problems (COLLAB_TRANSLATION_POLICY = 'strict')" in result.stderr
    assert not destination.exists()


def test_publishing_refuses_a_development_siteurl(
    built: FixtureSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    built.settings(STATEMENT + 'SITEURL = "http://localhost:8000"\n')
    destination = tmp_path_factory.mktemp("www") / "site"
    result = invoke(built, "publish", "--dest", str(destination), "--settings", "pelicanconf.py")
    assert result.returncode == 1
    assert "SITEURL is http://localhost:8000, a development address" in result.stderr
    assert not destination.exists()


def test_gh_pages_expands_a_remote_under_the_home_folder(
    built: FixtureSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--remote=~/site.git`: the shell leaves the `~` after `=` alone, so gh-pages expands
    it itself, and names a `~user` it cannot expand (git's own message said nothing of `~`)."""
    require("git")
    monkeypatch.setenv("HOME", str(tmp_path))
    git("init", "--bare", "--quiet", tmp_path / "site.git")
    commit = gh_pages(built.output, "~/site.git")
    assert git("--git-dir", tmp_path / "site.git", "rev-parse", "gh-pages").strip() == commit
    assert not (Path.cwd() / "~").exists()
    with pytest.raises(CollabError, match=r"^--remote ~no-such-user-x/site.git: cannot expand"):
        gh_pages(built.output, "~no-such-user-x/site.git")


def test_gh_pages_names_a_remote_that_is_not_there(built: FixtureSite, tmp_path: Path) -> None:
    require("git")
    with pytest.raises(CollabError) as raised:
        gh_pages(built.output, str(tmp_path / "missing.git"))
    assert str(raised.value).startswith("git ls-remote: ")
