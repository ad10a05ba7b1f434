"""Reading a page's metadata header straight from its file (site/metadata.py)."""

from __future__ import annotations

from pathlib import Path

from pelican_collab.site import metadata


def test_the_header_ends_at_the_first_line_that_is_not_key_value() -> None:
    lines = ["Title:  Om   os\n", "Translation-Key: om\n", "\n", "Body: not metadata\n"]
    assert metadata.header_lines(lines) == [(1, "title", "Om os"), (2, "translation-key", "om")]
    assert metadata.header_lines(["Just text\n", "Title: late\n"]) == []


def test_lines_are_found_by_key_and_by_value(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("Title: P\nSave_as: x.html\nDate: soon-ish\n\nText.\n", encoding="utf-8")
    assert metadata.metadata_line(str(page), "save_as") == 2
    assert metadata.metadata_line(str(page), "Save-As") == 2
    assert metadata.metadata_line(str(page), "slug") == "?"
    assert metadata.value_line(str(page), "soon-ish") == 3
    assert metadata.value_line(str(page), "never") is None


def test_an_unreadable_file_has_no_header(tmp_path: Path) -> None:
    latin = tmp_path / "latin.md"
    latin.write_bytes("Title: Sø\n".encode("latin-1"))
    assert metadata.metadata_lines(str(latin)) == []
    assert metadata.metadata_lines(str(tmp_path / "missing.md")) == []


def test_placeholders_are_recognised_whichever_way_the_key_is_spelt() -> None:
    assert metadata.is_placeholder({"translation-status": "placeholder"})
    assert metadata.is_placeholder({"translation_status": " Placeholder "})
    assert not metadata.is_placeholder({"translation_status": "done"})
    assert not metadata.is_placeholder({})
