"""Reading and writing on several processes: the same site as in one, and errors still surface."""

from __future__ import annotations

import os
from pathlib import Path

import babel.localedata
import pytest
from jinja2 import StrictUndefined, Template
from pelican import signals
from pelican.readers import MarkdownReader as PelicanMarkdownReader
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import FileOverwriteFailedError

from pelican_collab.engine import reader as reading
from pelican_collab.engine import workers
from pelican_collab.engine import writer as writing
from pelican_collab.engine.build import BuildFailed
from pelican_collab.errors import CollabError

from .conftest import FixtureSite

needs_fork = pytest.mark.skipif(not workers.can_fork(), reason="workers are forked; this system cannot fork")


def many_pages(site: FixtureSite, count: int = 9) -> None:
    """Danish pages with English translations (one missing), enough for every worker to get some."""
    for number in range(count):
        key = "index" if number == 0 else f"side-{number}"
        extra = "Summary: Et *kort* resumé.\n" if number == 1 else ""
        site.page(
            f"da/{key}.md",
            f"Title: Side {number}\nModified: 2026-11-2{number % 9}\n{extra}\n"
            f"Indledning {number}.\n\n## Første afsnit\n\nTekst [link](https://example.org/{number}).\n"
            "\n## Andet afsnit\n\nMere tekst.\n",
        )
        if number != 4:
            site.page(
                f"en/{key}.md",
                f"Title: Page {number}\nTranslation-Key: {key}\nSlug: page-{number}\n"
                f"Modified: 2026-11-2{number % 9}\n\nIntroduction {number}.\n\n## First section\n\nText.\n",
            )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built_in_one_process(site: FixtureSite) -> dict[str, bytes]:
    """The many-page site built with COLLAB_WORKERS = 1: what the workers must reproduce."""
    many_pages(site)
    site.settings("COLLAB_WORKERS = 1\n")
    site.build()
    return snapshot(site.output)


@needs_fork
def test_two_workers_build_exactly_what_one_process_builds(
    site: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = built_in_one_process(site)

    shared_out = []
    run_shared = workers.run_shared

    def counting(items, work, workers, share_here=True):
        shared_out.append((len(items), workers, share_here))
        return run_shared(items, work, workers, share_here)

    backgrounds = []

    class Recorded(workers.InBackground):
        def __init__(self, work, forked):
            super().__init__(work, forked)
            backgrounds.append(self._fork is not None)

    cldr_loaded_here = []
    get_locale_data = babel.localedata.get_locale_data

    def recording(name):
        cldr_loaded_here.append(name)  # only calls in this process: workers have their own list
        return get_locale_data(name)

    monkeypatch.setattr(workers, "run_shared", counting)
    monkeypatch.setattr(workers, "InBackground", Recorded)
    monkeypatch.setattr(babel.localedata, "get_locale_data", recording)
    site.settings("COLLAB_WORKERS = 2\n")
    site.build()

    assert snapshot(site.output) == serial
    assert len(serial) > 30
    # Reading (17 sources) and writing (every page and view) were each shared
    # between two processes; the freshness check and the answers from CLDR
    # (dates, language names) were each worked out in a process of their own,
    # so the build process, which renders pages too, never loaded CLDR's data.
    assert shared_out[0] == (17, 2, True)
    assert shared_out[1][0] > 17 and shared_out[1][1:] == (2, False)
    assert len(shared_out) == 2
    assert backgrounds == [True, True]
    assert cldr_loaded_here == []


def test_the_reader_gives_what_pelicans_own_reader_gives(tmp_path: Path) -> None:
    source = tmp_path / "page.md"
    source.write_text(
        "Title: A page\nSlug: first\nSlug: second\nSummary: A *short* summary\n    over two lines.\n"
        "Tags: one, two\nDate: 2026-11-27 10:30\nAuthors: A. Author\nAuthors: B. Author\n"
        "Custom-Field: kept\n\n# Heading\n\nText with a [link](https://example.org) and *emphasis*.\n",
        encoding="utf-8",
    )
    settings = {**DEFAULT_CONFIG, "MARKDOWN": {"extension_configs": {}, "output_format": "html5"}}
    ours = reading.MarkdownReader({**settings, "MARKDOWN": dict(settings["MARKDOWN"])})
    stock = PelicanMarkdownReader({**settings, "MARKDOWN": dict(settings["MARKDOWN"])})

    expected_content, expected_metadata = stock.read(str(source))
    for _ in range(2):  # the Markdown instance is reused: a second read must not carry state over
        content, metadata = ours.read(str(source))
        assert content == expected_content
        assert {key: str(value) for key, value in metadata.items()} == {
            key: str(value) for key, value in expected_metadata.items()
        }
    assert metadata["summary"] == "<p>A <em>short</em> summary\nover two lines.</p>"
    assert metadata["slug"] == "first"  # a second Slug: is warned about and ignored


def test_prepared_results_are_handed_out_once(tmp_path: Path) -> None:
    source = tmp_path / "page.md"
    source.write_text("Title: On disk\n\nFrom the file.\n", encoding="utf-8")
    reader = reading.MarkdownReader({**DEFAULT_CONFIG, "MARKDOWN": {}})
    reader.hand_over(str(source), ("<p>Prepared.</p>", {"title": ["Prepared"]}, {}))
    assert reader.read(str(source)) == ("<p>Prepared.</p>", {"title": "Prepared"})
    assert reader.read(str(source)) == ("<p>From the file.</p>", {"title": "On disk"})


@needs_fork
def test_a_broken_page_still_fails_with_its_own_line(site: FixtureSite) -> None:
    many_pages(site)
    site.page("da/side-3.md", "Title: Side 3\nDate: not a date at all\n\nTekst.\n")
    site.settings("COLLAB_WORKERS = 2\n")
    with pytest.raises(BuildFailed) as raised:
        site.build()
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("content/da/side-3.md:2: ")
    assert "not a date at all" in message


@needs_fork
def test_a_template_error_in_a_worker_is_raised_by_the_build(site: FixtureSite) -> None:
    many_pages(site)
    (site.root / "templates").mkdir()
    (site.root / "templates" / "page.html").write_text(
        '{% extends "!theme/page.html" %}\n'
        "{% block content %}{% if page.slug == 'page-7' %}{{ page.nothing.at_all }}{% endif %}"
        "{{ super() }}{% endblock %}\n",
        encoding="utf-8",
    )
    site.settings('COLLAB_WORKERS = 2\nTHEME_TEMPLATES_OVERRIDES = ["templates"]\n')
    with pytest.raises(BuildFailed) as raised:
        site.build()
    assert "\n" not in str(raised.value)
    assert str(raised.value).startswith("UndefinedError: ")
    assert "has no attribute 'nothing'" in str(raised.value)
    assert not site.output.exists()


@needs_fork
def test_a_worker_that_dies_or_fails_leaves_its_share_to_the_caller() -> None:
    parent = os.getpid()

    def work(share):
        if os.getpid() != parent:
            if 2 in share:
                os._exit(3)
            raise ValueError("a worker's error is not raised there")
        return [item * 2 for item in share]

    assert workers.run_shared([1, 2, 3, 4, 5], work, 2) == [([1, 3, 5], [2, 6, 10]), ([2, 4], None)]
    assert workers.run_shared([1, 2, 3, 4, 5, 6], work, 3) == [
        ([1, 4], [2, 8]),
        ([2, 5], None),
        ([3, 6], None),
    ]
    # Every share in a worker: this process only waits (and here every worker fails).
    assert workers.run_shared([1, 2, 3], work, 2, share_here=False) == [([1, 3], None), ([2], None)]
    assert workers.run_shared([1, 3, 5], work, 2, share_here=False) == [([1, 5], None), ([3], None)]


@needs_fork
def test_pages_of_a_worker_that_died_are_written_here(
    site: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = built_in_one_process(site)

    def second_worker_dies(items, work, workers, share_here=True):
        shares = [items[number::workers] for number in range(workers)]
        return [(shares[0], work(shares[0])), *[(share, None) for share in shares[1:]]]

    monkeypatch.setattr(workers, "run_shared", second_worker_dies)

    class Dies(workers.InBackground):
        def result(self):
            self._fork.stop()  # killed before it answered
            return super().result()

    monkeypatch.setattr(workers, "InBackground", Dies)
    site.settings("COLLAB_WORKERS = 2\n")
    site.build()
    assert snapshot(site.output) == serial


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


def collecting_writer(folder: Path) -> writing.Writer:
    """A writer that collects pages for two workers, whatever this machine has."""
    writer = writing.Writer(str(folder), settings={**DEFAULT_CONFIG})
    writer._workers, writer._collecting = 2, True
    return writer


@needs_fork
def test_a_file_written_twice_follows_pelicans_rule(tmp_path: Path) -> None:
    writer = collecting_writer(tmp_path)
    first, second = Template("first {{ output_file }}"), Template("second")
    context = {"localsiteurl": "https://example.org"}
    writer.write_file("a/index.html", first, context)
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("a/index.html", second, context)
    writer.write_file("a/index.html", second, context, override_output=True)
    writer.write_file("b/index.html", first, context, override_output=True)
    writer.write_file("b/index.html", second, context)  # skipped: b was overridden already
    writer.flush()
    assert (tmp_path / "a" / "index.html").read_text(encoding="utf-8") == "second"
    assert (tmp_path / "b" / "index.html").read_text(encoding="utf-8") == "first b/index.html"
    writer.write_file("c.html", first, context)  # after the flush: written at once
    assert (tmp_path / "c.html").read_text(encoding="utf-8") == "first c.html"


@pytest.mark.parametrize("value", ["0", "'2'", "True", "1.5"])
def test_workers_must_be_a_whole_number(two_language_site: FixtureSite, value: str) -> None:
    two_language_site.settings(f"COLLAB_WORKERS = {value}\n")
    with pytest.raises(CollabError) as raised:
        two_language_site.build()
    assert str(raised.value).startswith("COLLAB_WORKERS: ")
    assert "not a whole number of processes" in str(raised.value)


@needs_fork
def test_the_content_cache_is_not_read_again(site: FixtureSite, monkeypatch: pytest.MonkeyPatch) -> None:
    many_pages(site)
    site.settings("COLLAB_WORKERS = 2\nCACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n")
    site.build()
    site.page("da/side-5.md", "Title: Side 5\nModified: 2026-11-30\n\nÆndret.\n")
    site.page("da/side-6.md", "Title: Side 6\nModified: 2026-11-30\n\nOgså ændret.\n")
    prepared: list[str] = []
    hand_over = reading.MarkdownReader.hand_over

    def spy(self, path, converted):
        prepared.append(os.path.basename(path))
        return hand_over(self, path, converted)

    monkeypatch.setattr(reading.MarkdownReader, "hand_over", spy)
    site.build()
    assert sorted(prepared) == ["side-5.md", "side-6.md"]
    assert "Også ændret." in site.html("side-6/index.html")


@needs_fork
def test_a_page_a_worker_could_not_render_is_rendered_here(tmp_path: Path) -> None:
    parent = os.getpid()

    def only_here() -> str:
        if os.getpid() != parent:
            raise RuntimeError("fails in a worker only")
        return "rendered here"

    writer = collecting_writer(tmp_path)
    template = Template("{{ only_here() }} {{ output_file }}")
    for number in range(6):
        writer.write_file(f"{number}.html", template, {"only_here": only_here, "localsiteurl": ""})
    writer.flush()
    # The worker's share (1, 3, 5) failed at its first page; this process wrote it and the rest.
    assert [(tmp_path / f"{n}.html").read_text(encoding="utf-8") for n in range(6)] == [
        f"rendered here {n}.html" for n in range(6)
    ]

    failing = Template("{{ nothing.at_all }}", undefined=StrictUndefined)
    writer = collecting_writer(tmp_path / "again")
    for number in range(4):
        writer.write_file(f"{number}.html", failing, {"localsiteurl": ""})
    with pytest.raises(Exception, match="'nothing' is undefined"):
        writer.flush()


def test_a_build_without_a_usable_temporary_folder_compiles_its_templates_again(
    two_language_site: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2.bccache

    def no_temporary_folder(self):
        raise RuntimeError("Cannot determine safe temp directory")

    monkeypatch.setattr(jinja2.bccache.FileSystemBytecodeCache, "_get_default_cache_dir", no_temporary_folder)
    two_language_site.build()
    assert "<h1>Home</h1>" in two_language_site.html("en/index.html")
