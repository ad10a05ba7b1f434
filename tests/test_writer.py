"""The writer: Pelican's own writing, in workers; every error one line naming where it is."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from pathlib import Path

import pelican.writers
import pytest
from jinja2 import Template
from pelican import signals
from pelican.settings import DEFAULT_CONFIG

from pelican_collab.engine import pelican_compat
from pelican_collab.engine import writer as writing
from pelican_collab.engine.build import BuildFailed

from .conftest import FixtureSite
from .test_build import snapshot
from .test_workers import many_pages, needs_fork


def override(site: FixtureSite, text: str, workers: int = 2) -> None:
    """An override of the theme's page.html; pages are rendered in ``workers`` processes."""
    (site.root / "templates").mkdir(exist_ok=True)
    (site.root / "templates" / "page.html").write_text(text, encoding="utf-8")
    site.settings(f'COLLAB_WORKERS = {workers}\nTHEME_TEMPLATES_OVERRIDES = ["templates"]\n')


@pytest.mark.parametrize("workers", [1, 2])
def test_an_error_while_rendering_names_the_template_line_and_the_output(
    site: FixtureSite, workers: int
) -> None:
    many_pages(site)
    override(
        site,
        '{% extends "!theme/page.html" %}\n'
        "{% block content %}{% if page.slug == 'page-7' %}\n{{ page.nothing.at_all }}{% endif %}"
        "{{ super() }}{% endblock %}\n",
        workers,
    )
    with pytest.raises(BuildFailed) as raised:
        site.build()
    assert str(raised.value) == (
        "templates/page.html:3: 'pelican.contents.Page object' has no attribute 'nothing' "
        "(writing output/en/page-7/index.html)"
    )
    assert not site.output.exists()


def run(site: FixtureSite, *command: str) -> subprocess.CompletedProcess[str]:
    # Pelican's log handler wraps lines to the terminal's width: a wide one, to read them whole.
    environment = {**os.environ, "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=site.root, capture_output=True, text=True, env=environment
    )


@pytest.mark.parametrize(
    ("template", "said"),
    [
        (
            '{% extends "!theme/page.html" %}\n{% block head %}\n{{ page.title }\n{% endblock %}\n',
            "templates/page.html:3: unexpected '}'",
        ),
        (
            '{% extends "!theme/page.html" %}\n{% block head %}\n{% include "partials/nope.html" %}'
            "{% endblock %}\n",
            "templates/page.html:3: template 'partials/nope.html' not found (writing output/",
        ),
    ],
    ids=["syntax error", "missing include"],
)
def test_a_broken_override_is_one_line_with_file_and_line_also_under_plain_pelican(
    two_language_site: FixtureSite, template: str, said: str
) -> None:
    site = two_language_site
    site.settings("COLLAB_WORKERS = 2\n")
    assert run(site, "pelican_collab", "build").returncode == 0
    before = snapshot(site.output)
    override(site, template)

    ours = run(site, "pelican_collab", "build")
    assert ours.returncode == 1
    # An error while rendering also names the output it was writing (whichever came first).
    last = ours.stderr.splitlines()[-1]
    assert last.startswith(f"pelican-collab: error: {said}")
    assert last.endswith(
        ".html) (output left unchanged)" if "(writing" in said else f"{said} (output left unchanged)"
    )
    assert [line for line in ours.stderr.splitlines() if not line.startswith("warning: ")] == [
        ours.stderr.splitlines()[-1]
    ]
    assert snapshot(site.output) == before

    plain = run(site, "pelican", "--settings", "pelicanconf.py", "--output", "plain")
    assert plain.returncode == 1
    critical = [line for line in (plain.stdout + plain.stderr).splitlines() if "CRITICAL" in line]
    assert len(critical) == 1
    assert said.replace("output/", "plain/") in critical[0]
    assert "Traceback" not in plain.stdout + plain.stderr


def test_a_full_disk_names_the_file_it_could_not_write(
    two_language_site: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pelican's writer opens each file with ``open``; this one writes the English page to
    /dev/full, where every write fails as on a full disk (ENOSPC)."""
    site = two_language_site
    site.build()
    before = snapshot(site.output)

    def opening(path, *args, **kwargs):
        if str(path).endswith("core-narrative/index.html"):
            return builtins.open("/dev/full", *args, **kwargs)
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(pelican.writers, "open", opening, raising=False)
    for workers in (1, 2):
        site.settings(f"COLLAB_WORKERS = {workers}\n")
        with pytest.raises(BuildFailed) as raised:
            site.build()
        assert str(raised.value) == (
            "output/en/core-narrative/index.html: No space left on device (output left unchanged)"
        )
        assert snapshot(site.output) == before


def collecting_writer(folder: Path) -> writing.Writer:
    """A writer that collects pages for two workers, whatever this machine has."""
    writer = writing.Writer(str(folder), settings={**DEFAULT_CONFIG})
    writer._workers, writer._collecting, writer._timeout = 2, True, 30
    return writer


@needs_fork
def test_a_file_written_twice_follows_pelicans_rule(tmp_path: Path) -> None:
    writer = collecting_writer(tmp_path)
    first, second = Template("first {{ output_file }}"), Template("second")
    context = {"localsiteurl": "https://example.org"}
    writer.write_file("a/index.html", first, context)
    with pytest.raises(pelican_compat.FileOverwriteFailed):
        writer.write_file("a/index.html", second, context)
    writer.write_file("a/index.html", second, context, override_output=True)
    with pytest.raises(pelican_compat.FileOverwriteFailed):
        writer.write_file("a/index.html", first, context, override_output=True)  # a second override
    writer.write_file("b/index.html", first, context, override_output=True)
    writer.write_file("b/index.html", second, context)  # skipped: b was overridden already
    assert not (tmp_path / "a").exists()  # queued, not yet written
    writer.flush()
    assert (tmp_path / "a" / "index.html").read_text(encoding="utf-8") == "second"
    assert (tmp_path / "b" / "index.html").read_text(encoding="utf-8") == "first b/index.html"
    writer.write_file("c.html", first, context)  # after the flush: written at once
    assert (tmp_path / "c.html").read_text(encoding="utf-8") == "first c.html"
    with pytest.raises(pelican_compat.FileOverwriteFailed):
        writer.write_file("c.html", second, context)  # the rule still holds after it


@needs_fork
def test_a_plugin_listening_for_written_files_hears_every_one(site: FixtureSite) -> None:
    many_pages(site)
    site.settings("COLLAB_WORKERS = 2\n")
    heard: list[str] = []

    def listen(path, context):
        # Written into the build's staging folder, which then becomes the output.
        heard.append(Path(path).as_posix().split(".output.building-", 1)[1].split("/", 1)[1])
        assert Path(path).as_posix().endswith(context["output_file"])

    signals.content_written.connect(listen)
    try:
        site.build()
    finally:
        signals.content_written.disconnect(listen)
    assert len(heard) == len(set(heard))
    assert set(heard) == {str(path.relative_to(site.output)) for path in site.output.rglob("*.html")}


def test_a_build_without_a_usable_temporary_folder_compiles_its_templates_again(
    two_language_site: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2.bccache

    def no_temporary_folder(self):
        raise RuntimeError("Cannot determine safe temp directory")

    monkeypatch.setattr(jinja2.bccache.FileSystemBytecodeCache, "_get_default_cache_dir", no_temporary_folder)
    two_language_site.build()
    assert "<h1>Home</h1>" in two_language_site.html("en/index.html")
