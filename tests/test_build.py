"""Builds: atomic (a failed or stopped build leaves the previous output exactly as it
was), from a clean state, with one line for every error and warning."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pelican_collab.engine.build import BuildFailed, leftovers
from pelican_collab.errors import CollabError

from .conftest import FixtureSite

# Renders the Danish pages and fails on the English one: some files of the new
# build are already written when it stops.
FAILING_PAGE_TEMPLATE = (
    '{% extends "!theme/page.html" %}\n'
    '{% block head %}{% if page.lang == "en" %}{{ page.no_such_thing.boom() }}{% endif %}{% endblock %}\n'
)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time (nanoseconds)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_build_failing_half_way_leaves_the_previous_output_untouched(
    two_language_site: FixtureSite,
) -> None:
    site = two_language_site
    site.build()
    before = snapshot(site.output)
    assert "index.html" in before and "en/index.html" in before

    site.page("da/index.md", "Title: Ny forside\nModified: 2026-11-28\n\nÆndret.\n")
    (site.root / "templates").mkdir()
    (site.root / "templates" / "page.html").write_text(FAILING_PAGE_TEMPLATE, encoding="utf-8")
    site.settings('THEME_TEMPLATES_OVERRIDES = ["templates"]\n')
    with pytest.raises(BuildFailed) as raised:
        site.build()

    message = str(raised.value)
    assert "\n" not in message
    assert "no_such_thing" in message  # why it failed
    assert message.endswith("(output left unchanged)")
    assert snapshot(site.output) == before
    assert not leftovers(site.output), "the staging folder must be removed"


def test_the_command_says_why_in_one_line_and_exits_1(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.build()
    before = snapshot(site.output)
    (site.root / "templates").mkdir()
    (site.root / "templates" / "page.html").write_text(FAILING_PAGE_TEMPLATE, encoding="utf-8")
    site.settings('THEME_TEMPLATES_OVERRIDES = ["templates"]\n')
    result = subprocess.run(
        [sys.executable, "-m", "pelican_collab", "build"], cwd=site.root, capture_output=True, text=True
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("pelican-collab: error:")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "(output left unchanged)" in errors[0]
    assert snapshot(site.output) == before


def test_a_first_build_that_fails_writes_no_output(two_language_site: FixtureSite) -> None:
    two_language_site.page("stray.md", "Title: Stray\n\nOutside every language folder.\n")
    with pytest.raises(CollabError) as raised:
        two_language_site.build()
    assert "left unchanged" not in str(raised.value)
    assert not two_language_site.output.exists()
    assert not leftovers(two_language_site.output)


def test_a_successful_build_replaces_the_output(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.build()
    site.page("en/index.md", "Title: New home\nModified: 2026-11-28\n\nChanged.\n")
    site.build()
    assert "<h1>New home</h1>" in site.html("en/index.html")
    assert not leftovers(site.output)
    # mkdtemp makes private folders; the output must stay readable for a web server.
    mode = stat.S_IMODE(site.output.stat().st_mode)
    assert mode & 0o055 == 0o055 & ~_umask(), oct(mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_build_starts_clean_and_keeps_only_output_retention(two_language_site: FixtureSite) -> None:
    """Nothing of the previous output survives a build but the names in OUTPUT_RETENTION:
    a page whose source was deleted disappears, and so does anything put there by hand."""
    site = two_language_site
    site.settings('OUTPUT_RETENTION = ["CNAME", ".git"]\n')
    site.build()
    (site.output / "extra.txt").write_text("by hand\n", encoding="utf-8")
    (site.output / "CNAME").write_text("example.org\n", encoding="utf-8")
    (site.output / ".git").mkdir()
    (site.output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    assert (site.output / "grundfortaelling" / "index.html").is_file()
    (site.content / "da" / "grundfortaelling.md").unlink()
    site.build()
    assert not (site.output / "grundfortaelling").exists()
    assert not (site.output / "extra.txt").exists()
    assert (site.output / "CNAME").read_text(encoding="utf-8") == "example.org\n"
    assert (site.output / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert (site.output / "en" / "index.html").is_file()


def test_an_output_folder_that_holds_the_content_is_refused(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.settings('OUTPUT_PATH = "."\n')
    with pytest.raises(CollabError) as raised:
        site.build()
    assert str(raised.value).startswith("OUTPUT_PATH: ")
    assert "holds the content folder" in str(raised.value)
    assert (site.content / "da" / "index.md").is_file()
    assert not list(site.root.glob(".*building-*"))


def test_invoke_clean_removes_leftover_staging_folders(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.build()
    leftover = site.root / ".output.building-interrupted"
    leftover.mkdir()
    (site.root / "tasks.py").write_text("from pelican_collab.tools.tasks import namespace  # noqa: F401\n")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "clean"], cwd=site.root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert not leftover.exists() and not site.output.exists()
    assert result.stdout.strip().splitlines()[-1].startswith("removed ")


def test_an_output_path_that_is_a_file_is_refused_and_left_alone(two_language_site: FixtureSite) -> None:
    site = two_language_site
    site.output.write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(CollabError) as raised:
        site.build()
    assert str(raised.value) == (
        "OUTPUT_PATH: output is a file, not a folder; a build replaces the output folder as a whole, "
        "so move the file away or give OUTPUT_PATH another name"
    )
    assert site.output.read_text(encoding="utf-8") == "not a folder\n"
    assert not leftovers(site.output)


def test_invoke_clean_removes_leftover_staging_files_too(two_language_site: FixtureSite) -> None:
    """An older version swapped an output that was a file into the staging folder's name."""
    site = two_language_site
    site.build()
    (site.root / ".output.building-abcd").write_text("the old output file\n", encoding="utf-8")
    (site.root / "tasks.py").write_text("from pelican_collab.tools.tasks import namespace  # noqa: F401\n")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "clean"], cwd=site.root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert not leftovers(site.output) and not site.output.exists()
    assert "and 1 leftover staging folder(s)" in result.stdout


# ---------------------------------------------------------------------------
# Stopping a real 2000-page build


def session_processes(session: int) -> list[int]:
    """Every process of a session (field 6 of /proc/<pid>/stat), zombies left out."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_or_ctrl_c_stops_a_2000_page_build_leaving_nothing_behind(tmp_path: Path) -> None:
    from benchmarks import sites

    site = sites.generate("collab", sites.Size(2, 1000), tmp_path / "site")
    command = [sys.executable, "-m", "pelican_collab", "build", "--settings", str(site.config)]

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            command,
            cwd=site.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    # Two full builds: the first also fills Jinja's bytecode cache, so the
    # second is what the signalled builds below take, and what 60 % refers to.
    for _ in range(2):
        started = time.monotonic()
        first = start()
        assert first.wait(120) == 0, first.stderr.read()
        full_build = time.monotonic() - started
    before = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert len(before) > 2000

    for how, after in (
        ("SIGTERM", 1.0),
        ("SIGINT", 1.0),
        ("SIGTERM", 0.6 * full_build),
        ("SIGINT", 0.6 * full_build),
    ):
        build = start()
        signalled = time.monotonic()
        time.sleep(after)
        # At 1 s the build has usually begun; where Python starts slower, as soon as it has.
        while not list(site.root.glob(".output.building-*")) and build.poll() is None:
            time.sleep(0.02)
        if how == "SIGTERM":
            build.send_signal(signal.SIGTERM)  # to the build process alone, as a service manager does
        else:
            os.killpg(build.pid, signal.SIGINT)  # Ctrl-C: to every process of the terminal's group
        signalled = time.monotonic()
        out, err = build.communicate(timeout=30)
        stopped_in = time.monotonic() - signalled
        case = f"{how} at {after:.1f} s"
        assert build.returncode != 0, case
        assert stopped_in < 5, f"{case}: took {stopped_in:.1f} s to stop"
        said = [line for line in (out + err).splitlines() if not line.startswith("warning: ")]
        assert said == [f"pelican-collab: error: stopped by {how} (output left unchanged)"], (case, out + err)
        deadline = time.monotonic() + 5
        while session_processes(build.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert session_processes(build.pid) == [], case
        assert not list(site.root.glob(".output.building-*")), case
        after_stop = {
            p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()
        }
        assert after_stop == before, case
