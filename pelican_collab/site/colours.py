"""The accent colour, checked for WCAG AA contrast on the backgrounds it is used on.

The accent colours links and borders; as link text it needs 4.5:1 against
every background of its colour scheme (WCAG 2.1 SC 1.4.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import CollabError

AA_TEXT = 4.5

#: The theme's backgrounds per colour scheme: the page and the tinted panels.
LIGHT_BACKGROUNDS = ("#ffffff", "#f2f4f6")
DARK_BACKGROUNDS = ("#121417", "#1f2328")

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


@dataclass(frozen=True)
class Accent:
    light: str
    dark: str


def parse_hex(value: object, setting: str) -> tuple[int, int, int]:
    match = _HEX.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        raise CollabError(f"{setting}: {value!r} is not a colour like '#005a8c'")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(2 * d for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance as WCAG 2.1 defines it."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def lighten_for_dark(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """Mix the colour with white, in small steps, until it reads on the dark backgrounds."""
    darkest = [parse_hex(b, "theme") for b in DARK_BACKGROUNDS]
    for step in range(101):
        share = step / 100
        mixed = tuple(round(v + (255 - v) * share) for v in rgb)
        if all(contrast(mixed, b) >= AA_TEXT for b in darkest):
            return mixed  # type: ignore[return-value]
    return (255, 255, 255)


def check_accent(light: object, dark: object | None) -> Accent:
    """Validate ``COLLAB_ACCENT_COLOUR`` (and its dark twin) or fail naming the setting."""
    light_rgb = parse_hex(light, "COLLAB_ACCENT_COLOUR")
    _require(light_rgb, LIGHT_BACKGROUNDS, "COLLAB_ACCENT_COLOUR", "light")
    if dark is None:
        dark_rgb = lighten_for_dark(light_rgb)
    else:
        dark_rgb = parse_hex(dark, "COLLAB_ACCENT_COLOUR_DARK")
        _require(dark_rgb, DARK_BACKGROUNDS, "COLLAB_ACCENT_COLOUR_DARK", "dark")
    return Accent(to_hex(light_rgb), to_hex(dark_rgb))


def _require(rgb: tuple[int, int, int], backgrounds: tuple[str, ...], setting: str, scheme: str) -> None:
    for background in backgrounds:
        ratio = contrast(rgb, parse_hex(background, "theme"))
        if ratio < AA_TEXT:
            raise CollabError(
                f"{setting}: {to_hex(rgb)} has contrast {ratio:.2f}:1 against the {scheme} "
                f"background {background}; WCAG AA needs {AA_TEXT}:1 for link text"
            )


def accent_css(accent: Accent) -> str:
    """The one generated stylesheet: the accent colours as the custom properties the
    theme's static stylesheet (``static/css/collab.css``) reads. A file, not an
    inline style: the Content-Security-Policy allows no inline styles."""
    return (
        "/* pelican-collab: COLLAB_ACCENT_COLOUR (and its dark twin), checked for AA contrast. */\n"
        f":root {{\n  --accent: {accent.light};\n}}\n"
        "@media (prefers-color-scheme: dark) {\n"
        f"  :root {{\n    --accent: {accent.dark};\n  }}\n"
        "}\n"
    )
