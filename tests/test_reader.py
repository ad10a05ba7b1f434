"""The Markdown reader: Pelican's own reading, prepared in workers, metadata processed here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader as PelicanMarkdownReader
from pelican.settings import DEFAULT_CONFIG

from pelican_collab.engine import reader as reading
from pelican_collab.engine.build import BuildFailed

from .conftest import FixtureSite
from .test_workers import many_pages, needs_fork

SOURCE = (
    "Title: A page\nSlug: first\nSlug: second\nSummary: A *short* summary\n    over two lines.\n"
    "Tags: one, two\nDate: 2026-11-27 10:30\nAuthors: A. Author\nAuthors: B. Author\n"
    "Custom-Field: kept\nCustom-Field: twice\n\n"
    "# Heading\n\nText with a [link](https://example.org) and *emphasis*.\n"
)


def settings() -> dict:
    return {**DEFAULT_CONFIG, "MARKDOWN": {"extension_configs": {}, "output_format": "html5"}}


def test_a_prepared_page_reads_as_pelicans_own_reader_reads_it(tmp_path: Path) -> None:
    source = tmp_path / "page.md"
    source.write_text(SOURCE, encoding="utf-8")
    expected_content, expected_metadata = PelicanMarkdownReader(settings()).read(str(source))

    ours = reading.MarkdownReader(settings())
    ours.hand_over(str(source), reading._RawMetadata(settings()).read(str(source)))  # as a worker does
    prepared = ours.read(str(source))
    unprepared = ours.read(str(source))  # nothing handed over: Pelican's read() itself
    for content, metadata in (prepared, unprepared):
        assert content == expected_content
        assert metadata == expected_metadata
    metadata = prepared[1]
    assert metadata["summary"] == "<p>A <em>short</em> summary\nover two lines.</p>"
    assert metadata["slug"] == "first"  # a second Slug: is warned about and ignored
    assert [str(author) for author in metadata["authors"]] == ["A. Author"]  # authors: the first line
    assert metadata["custom-field"] == ["kept", "twice"]


def test_what_a_worker_hands_back_is_plain_values(tmp_path: Path) -> None:
    """Raw metadata (strings and lists of strings, as in the file) pickles; processed does not need to."""
    source = tmp_path / "page.md"
    source.write_text(SOURCE, encoding="utf-8")
    _, raw = reading._RawMetadata(settings()).read(str(source))
    assert raw["date"] == "2026-11-27 10:30"
    assert raw["authors"] == "A. Author"
    assert raw["custom-field"] == ["kept", "twice"]
    assert raw["slug"] == "first"
    assert all(isinstance(value, str | list) for value in raw.values())


def test_prepared_results_are_handed_out_once(tmp_path: Path) -> None:
    source = tmp_path / "page.md"
    source.write_text("Title: On disk\n\nFrom the file.\n", encoding="utf-8")
    reader = reading.MarkdownReader(settings())
    reader.hand_over(str(source), ("<p>Prepared.</p>", {"title": "Prepared"}))
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
def test_in_the_editing_loop_the_content_cache_is_not_read_again(
    site: FixtureSite, monkeypatch: pytest.MonkeyPatch, editing_build
) -> None:
    many_pages(site)
    site.settings("COLLAB_WORKERS = 2\n")
    editing_build()
    site.page("da/side-5.md", "Title: Side 5\nModified: 2026-11-30\n\nÆndret.\n")
    site.page("da/side-6.md", "Title: Side 6\nModified: 2026-11-30\n\nOgså ændret.\n")
    prepared: list[str] = []
    hand_over = reading.MarkdownReader.hand_over

    def spy(self, path, converted):
        prepared.append(os.path.basename(path))
        return hand_over(self, path, converted)

    monkeypatch.setattr(reading.MarkdownReader, "hand_over", spy)
    editing_build()
    assert sorted(prepared) == ["side-5.md", "side-6.md"]
    assert "Også ændret." in site.html("side-6/index.html")
    prepared.clear()
    site.build()  # a build for publishing reads every page
    assert len(prepared) == 17


def test_a_site_whose_markdown_settings_changed_is_read_afresh_in_the_editing_loop(
    site: FixtureSite, monkeypatch: pytest.MonkeyPatch, editing_build
) -> None:
    """Pelican's content cache holds HTML made with the old settings: not loaded then."""
    many_pages(site, 3)
    site.settings("COLLAB_WORKERS = 1\n")
    editing_build()
    read: list[str] = []
    read_file = PelicanMarkdownReader.read

    def spy(self, path):
        read.append(os.path.basename(path))
        return read_file(self, path)

    monkeypatch.setattr(PelicanMarkdownReader, "read", spy)
    editing_build()
    assert read == []  # every page from the cache
    site.settings('COLLAB_WORKERS = 1\nMARKDOWN = {"output_format": "xhtml"}\n')
    editing_build()
    assert sorted(read) == sorted(path.name for path in site.content.rglob("*.md"))


def test_the_reader_is_installed_for_every_markdown_extension() -> None:
    from pelican.readers import Readers

    readers = Readers({**DEFAULT_CONFIG, "MARKDOWN": {}})
    reading.install_readers(readers)
    markdown = {ext for ext, cls in readers.reader_classes.items() if cls is reading.MarkdownReader}
    assert markdown == set(PelicanMarkdownReader.file_extensions)
