"""The story's structure, read from a page's rendered headings (site/narrative.py)."""

from __future__ import annotations

import markdown

from pelican_collab.site import narrative

HTML = (
    "<p>Intro <em>one</em>.</p><p>Second.</p>"
    '<h2 id="why">Why</h2><h3 id="a">A &amp; B</h3><p>x</p><h3 id="b">B</h3>'
    '<h2 id="how">How</h2><p>See <a href="#why">why</a>.</p>'
)


def test_a_page_splits_at_its_first_h2_into_intro_and_sections_with_their_reasons() -> None:
    found = narrative.read_narrative(HTML)
    assert found.intro_html == "<p>Intro <em>one</em>.</p><p>Second.</p>"
    assert found.body_html.startswith('<h2 id="why">')
    assert [(s.anchor, s.title, [c.title for c in s.children]) for s in found.sections] == [
        ("why", "Why", ["A & B", "B"]),
        ("how", "How", []),
    ]
    assert [reason.anchor for reason in found.reasons] == ["a", "b"]
    assert narrative.read_narrative("<p>Only text.</p>").reasons == ()


def test_the_description_is_the_first_paragraph_cut_at_a_word() -> None:
    assert narrative.description(HTML) == "Intro one."
    long = "<p>" + "ord " * 100 + "</p>"
    cut = narrative.description(long)
    assert len(cut) <= narrative.DESCRIPTION_LENGTH and cut.endswith("ord…")


def test_heading_ids_are_ascii_unique_and_keep_ids_given() -> None:
    md = markdown.Markdown(extensions=["attr_list", narrative.HeadingIdExtension()])
    html = md.convert(
        "## Sammen er vi stærkere\n\n## Sammen er vi stærkere\n\n## Egen {#own}\n\n### `a < b`\n"
    )
    assert 'id="sammen-er-vi-staerkere"' in html and 'id="sammen-er-vi-staerkere-1"' in html
    assert 'id="own"' in html
    assert "lt" not in html.split("<h3", 1)[1].split(">", 1)[0]


def test_sections_for_the_side_by_side_view_lose_their_ids_and_point_home() -> None:
    chunks = narrative.html_sections(HTML)
    assert len(chunks) == 5 and chunks[0].startswith("<p>Intro")
    shown = narrative.for_side_by_side(chunks[4], "/om/")
    assert "id=" not in shown and 'href="/om/#why"' in shown
