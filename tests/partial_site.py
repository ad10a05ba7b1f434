"""A partnership that publishes before every page is translated (issue 12's walk-through).

Danish original, English, German and Faroese: the home page is translated into
English (stamped) and has init-style placeholders in German and Faroese; a
second page, ``om/projekter``, is translated into English only, and never
stamped. So: 4 missing (de 2, fo 2; two of them placeholders), 1 stale (en 1).
"""

from __future__ import annotations

from pelican_collab.engine.build import load_settings
from pelican_collab.translation.freshness import stamp

from .conftest import FixtureSite

SETTINGS = """\
COLLAB_LANGUAGES = ["da", "en", "de", "fo"]
COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/example"
"""
STATES = "4 missing (de 2, fo 2), 1 stale (en 1)"

DANISH_HOME = """\
Title: Forside
Modified: 2026-11-27

Velkommen til partnerskabet.

## Hvorfor samarbejder vi?

Fordi vi er stærkere sammen.
"""
ENGLISH_HOME = """\
Title: Home
Modified: 2026-11-27

Welcome to the partnership.

## Why do we work together?

Because we are stronger together.
"""


def placeholder(language_name: str, title: str = "Forside") -> str:
    """A translation as ``pelican-collab init`` writes it: marked, every line still Danish."""
    marker = f"[Translate into {language_name}]"
    return (
        f"Title: {title}\n"
        "Modified: 2026-11-27\n"
        "Translation-Status: placeholder\n"
        "\n"
        f"{marker} Velkommen til partnerskabet.\n"
        "\n"
        f"## {marker} Hvorfor samarbejder vi?\n"
        "\n"
        f"{marker} Fordi vi er stærkere sammen.\n"
    )


def write_partial_site(site: FixtureSite, extra_settings: str = "") -> FixtureSite:
    site.settings(SETTINGS + extra_settings)
    site.page("da/index.md", DANISH_HOME)
    site.page("en/index.md", ENGLISH_HOME)
    site.page("de/index.md", placeholder("German"))
    site.page("fo/index.md", placeholder("Faroese"))
    site.page("da/om/projekter.md", "Title: Projekter\nDate: 2026-01-15\n\nVores projekter.\n")
    site.page("en/om/projekter.md", "Title: Projects\nDate: 2026-01-15\n\nOur projects.\n")
    stamp(load_settings(site.settings_file), [site.content / "en" / "index.md"])
    return site
