"""Settings for the Silkeborg–Viborg core narrative (development build).

Every COLLAB_* setting is listed in docs/reference.md (configuration reference).
"""

from pelican_collab import theme_path

PLUGINS = ["pelican_collab"]
THEME = theme_path()

PATH = "content"
OUTPUT_PATH = "output"
# Absolute, because hreflang and canonical links must be; `invoke serve` uses this port.
SITEURL = "http://localhost:8000"
TIMEZONE = "Europe/Copenhagen"

SITENAME = "Silkeborg og Viborg Kommuner"
COLLAB_SITENAMES = {
    "da": "Silkeborg og Viborg Kommuner",
    "en": "Silkeborg and Viborg Municipalities",
}
COLLAB_LANGUAGES = ["da", "en"]
COLLAB_DEFAULT_LANGUAGE = "da"
# Our English is British English: dates as "27 November 2026", og:locale en_GB.
COLLAB_LOCALES = {"en": "en-GB"}

COLLAB_PARTNERS = [
    {
        "key": "silkeborg",
        "name": {"da": "Silkeborg Kommune", "en": "Silkeborg Municipality"},
        "url": "https://silkeborg.dk",
    },
    {
        "key": "viborg",
        "name": {"da": "Viborg Kommune", "en": "Viborg Municipality"},
        "url": "https://viborg.dk",
    },
]
COLLAB_ACCENT_COLOUR = "#005a8c"
# The partnership's statement on was.digst.dk, the Danish Agency for
# Digital Government's service for accessibility statements.
COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/"
COLLAB_FAVICON = "favicon.svg"
