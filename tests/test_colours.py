"""The accent colour and its WCAG contrast checks (site/colours.py)."""

from __future__ import annotations

import pytest

from pelican_collab.errors import CollabError
from pelican_collab.site import colours


def test_contrast_matches_wcag_reference_values() -> None:
    black, white = (0, 0, 0), (255, 255, 255)
    assert colours.contrast(black, white) == pytest.approx(21.0)
    assert colours.contrast(white, white) == pytest.approx(1.0)
    # #767676 on white is the well-known lightest grey that passes AA (4.54:1).
    assert colours.contrast(colours.parse_hex("#767676", "x"), white) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("text", "rgb"), [("#005a8c", (0, 90, 140)), ("fff", (255, 255, 255)), (" #ABC ", (170, 187, 204))]
)
def test_hex_colours_parse(text: str, rgb: tuple[int, int, int]) -> None:
    assert colours.parse_hex(text, "S") == rgb


@pytest.mark.parametrize("value", ["#12", "blue", "#gggggg", 42, None])
def test_what_is_not_a_colour_names_the_setting(value: object) -> None:
    with pytest.raises(CollabError, match=r"^COLLAB_X: .* is not a colour"):
        colours.parse_hex(value, "COLLAB_X")


def test_the_dark_accent_is_derived_until_it_passes_on_every_dark_background() -> None:
    accent = colours.check_accent("#005a8c", None)
    assert accent.light == "#005a8c"
    dark = colours.parse_hex(accent.dark, "x")
    for background in colours.DARK_BACKGROUNDS:
        assert colours.contrast(dark, colours.parse_hex(background, "x")) >= colours.AA_TEXT


def test_an_accent_without_aa_contrast_is_refused_with_its_ratio() -> None:
    with pytest.raises(CollabError) as raised:
        colours.check_accent("#ffcc00", None)
    assert str(raised.value).startswith("COLLAB_ACCENT_COLOUR: #ffcc00 has contrast 1.")
    with pytest.raises(CollabError, match=r"^COLLAB_ACCENT_COLOUR_DARK: #000000"):
        colours.check_accent("#005a8c", "#000000")
