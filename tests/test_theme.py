"""The public-sector theme on fixture sites and on the real narrative: furniture,
contacts as data, branding, budgets and extension points."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from pelican_collab import theme_path
from pelican_collab.engine.build import build
from pelican_collab.errors import CollabError
from pelican_collab.site.contacts import parse_phone

from .conftest import REPOSITORY, FixtureSite

BUDGET = 14 * 1024
CONTACTS = """\
[contacts.ada]
name = "Ada Jensen"
partner = "north"
email = "ada@north.example"
phone = "11 22 33 44"
mobile = "+45 55 66 77 88"
title.da = "Kontorchef"
title.en = "Head of Office"
"""
PARTNERS = """
COLLAB_PARTNERS = [
    {"key": "north", "name": {"da": "Nordby Kommune", "en": "Nordby Municipality"},
     "url": "https://north.example", "logo": "logos/north.svg"},
    {"key": "south", "name": "Sydby Kommune", "url": "https://south.example"},
]
COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/north-example"
"""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def branded(two_language_site: FixtureSite) -> FixtureSite:
    site = two_language_site
    (site.content / "logos").mkdir()
    (site.content / "logos" / "north.svg").write_text(LOGO, encoding="utf-8")
    (site.content / "contacts.toml").write_text(CONTACTS, encoding="utf-8")
    site.page("da/index.md", "Title: Forside\nModified: 2026-11-27\nContacts: ada\n\nHej.\n\n## Kontakt\n")
    site.page("en/index.md", "Title: Home\nModified: 2026-11-27\nContacts: ada\n\nHi.\n\n## Contact\n")
    site.settings(PARTNERS)
    return site


def test_contacts_are_cards_with_mailto_tel_and_a_vcard(branded: FixtureSite) -> None:
    branded.build()
    card = parse(branded.output / "en" / "index.html").select_one(".contacts .contact")
    assert card.h3.get_text() == "Ada Jensen"
    assert "Head of Office, Nordby Municipality" in card.get_text()
    hrefs = [a["href"] for a in card.find_all("a")]
    assert "mailto:ada@north.example" in hrefs
    phones = {a["href"]: a.get_text() for a in card.find_all("a") if a["href"].startswith("tel:")}
    assert phones == {"tel:+4511223344": "+45 11 22 33 44", "tel:+4555667788": "+45 55 66 77 88"}
    vcard_href = next(h for h in hrefs if h.endswith(".vcf"))
    assert vcard_href == "/en/vcard/ada.vcf"
    vcard = (branded.output / "en" / "vcard" / "ada.vcf").read_bytes().decode("utf-8")
    assert vcard.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and vcard.endswith("END:VCARD\r\n")
    for line in (
        "N:Jensen;Ada;;;",
        "FN:Ada Jensen",
        "ORG:Nordby Municipality",
        "TITLE:Head of Office",
        "EMAIL;TYPE=INTERNET,WORK:ada@north.example",
        "TEL;TYPE=WORK,VOICE:+4511223344",
        "TEL;TYPE=CELL:+4555667788",
    ):
        assert line + "\r\n" in vcard
    danish = (branded.output / "vcard" / "ada.vcf").read_bytes().decode("utf-8")
    assert "TITLE:Kontorchef\r\n" in danish


@pytest.mark.parametrize(
    ("default", "national", "international"),
    [("da", "da", "en"), ("en", "en", "da")],
)
def test_numbers_are_national_in_the_original_language_and_international_elsewhere(
    branded: FixtureSite, default: str, national: str, international: str
) -> None:
    """The default language (the original, the partnership's own) shows the numbers
    as its readers dial them; every other language's pages add the country code.
    The labels begin the card's phone line, capitalised; tel: links stay E.164."""
    branded.settings(PARTNERS + f'COLLAB_DEFAULT_LANGUAGE = "{default}"\n')
    branded.build()
    pages = {
        national: branded.output / "index.html",
        international: branded.output / international / "index.html",
    }
    lines = {
        lang: " ".join(parse(path).select_one(".contacts .contact p:has(a[href^='tel:'])").get_text().split())
        for lang, path in pages.items()
    }
    labels = {"da": ("Tlf.", "Mobil"), "en": ("Tel.", "Mobile")}
    tel, mobile = labels[national]
    assert lines[national] == f"{tel} 11 22 33 44 / {mobile} 55 66 77 88"
    tel, mobile = labels[international]
    assert lines[international] == f"{tel} +45 11 22 33 44 / {mobile} +45 55 66 77 88"
    for path in pages.values():
        hrefs = [a["href"] for a in parse(path).select(".contacts a[href^='tel:']")]
        assert hrefs == ["tel:+4511223344", "tel:+4555667788"]


@pytest.mark.parametrize(
    ("written", "country_code", "national", "international", "e164"),
    [
        ("89 70 15 51", "45", "89 70 15 51", "+45 89 70 15 51", "+4589701551"),
        ("89701551", "45", "89 70 15 51", "+45 89 70 15 51", "+4589701551"),
        ("+45 8970 1551", "45", "89 70 15 51", "+45 89 70 15 51", "+4589701551"),
        ("0045 89 70 15 51", "45", "89 70 15 51", "+45 89 70 15 51", "+4589701551"),
        # A number from abroad keeps its own grouping; "00" becomes "+" for readers abroad.
        ("+46 8 123 456 78", "45", "+46 8 123 456 78", "+46 8 123 456 78", "+46812345678"),
        ("0046 8 123 456 78", "45", "0046 8 123 456 78", "+46 8 123 456 78", "+46812345678"),
        # Another country's site: its numbers as written, the code in front abroad.
        ("915 12 345", "47", "915 12 345", "+47 915 12 345", "+4791512345"),
    ],
)
def test_phone_numbers_have_a_national_and_an_international_form(
    written: str, country_code: str, national: str, international: str, e164: str
) -> None:
    phone = parse_phone(written, country_code, "phone")
    assert (phone.display, phone.international, phone.e164) == (national, international, e164)


def test_logo_alt_text_is_grammatical_danish_for_any_partner_name(two_language_site: FixtureSite) -> None:
    """Danish needs a genitive before "forside" ("Aarhus Kommunes forside"), which a
    template cannot form for every name; the catalog puts the name last instead."""
    site = two_language_site
    (site.content / "logos").mkdir()
    (site.content / "logos" / "aarhus.svg").write_text(LOGO, encoding="utf-8")
    site.settings(
        'COLLAB_PARTNERS = [{"key": "aarhus", "name": {"da": "Aarhus Kommune", "en": "Aarhus Municipality"},'
        ' "url": "https://aarhus.dk", "logo": "logos/aarhus.svg"}]\n'
    )
    site.build()
    danish = parse(site.output / "index.html").footer.select_one(".partners img")
    english = parse(site.output / "en" / "index.html").footer.select_one(".partners img")
    assert danish["alt"] == "Forside for Aarhus Kommune"
    assert english["alt"] == "Aarhus Municipality home page"


def test_json_ld_has_a_government_organisation_per_partner(branded: FixtureSite) -> None:
    branded.build()
    document = parse(branded.output / "index.html")
    scripts = document.find_all("script")
    assert [s["type"] for s in scripts] == ["application/ld+json"]
    data = json.loads(scripts[0].string)
    organisations = data["@graph"]
    assert [o["@type"] for o in organisations] == ["GovernmentOrganization", "GovernmentOrganization"]
    assert [o["name"] for o in organisations] == ["Nordby Kommune", "Sydby Kommune"]
    assert organisations[0]["employee"] == [
        {
            "@type": "Person",
            "name": "Ada Jensen",
            "jobTitle": "Kontorchef",
            "email": "mailto:ada@north.example",
            "telephone": "+4511223344",
        }
    ]
    assert "employee" not in organisations[1]


def test_footer_names_authorities_statement_cookies_and_languages(branded: FixtureSite) -> None:
    branded.build()
    for relative, lang in (("index.html", "da"), ("en/index.html", "en")):
        footer = parse(branded.output / relative).footer
        logo = footer.select_one(".partners img")
        assert logo["src"] == "/logos/north.svg"
        alt = {"da": "Forside for Nordby Kommune", "en": "Nordby Municipality home page"}[lang]
        assert logo["alt"] == alt
        assert (branded.output / "logos" / "north.svg").read_text(encoding="utf-8") == LOGO
        assert "Sydby Kommune" in footer.select_one(".partners").get_text()
        statement = footer.find("a", href="https://www.was.digst.dk/north-example")
        assert (
            statement.get_text() == {"da": "Tilgængelighedserklæring", "en": "Accessibility statement"}[lang]
        )
        contact = footer.find("a", href=re.compile("#contacts$"))
        assert contact["href"] == {"da": "/#contacts", "en": "/en/#contacts"}[lang]
        cookies = {"da": "Dette website sætter ingen cookies.", "en": "This website sets no cookies."}[lang]
        assert cookies in footer.get_text()
        assert footer.select(".switcher a") and footer.select_one(".last-updated time")


def test_was_page_points_to_the_statement(branded: FixtureSite) -> None:
    branded.build()
    was = parse(branded.output / "was" / "index.html")
    assert was.html["lang"] == "da"
    refresh = was.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == "0; url=https://www.was.digst.dk/north-example"
    assert was.main.find("a", href="https://www.was.digst.dk/north-example")
    assert was.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_404_pages_per_language_and_at_the_root(branded: FixtureSite) -> None:
    branded.settings(PARTNERS + "COLLAB_EVERY_LANGUAGE_IN_FOLDER = True\n")
    branded.build()
    for relative, lang, title in (
        ("404.html", "da", "Siden findes ikke"),
        ("da/404.html", "da", "Siden findes ikke"),
        ("en/404.html", "en", "Page not found"),
    ):
        page = parse(branded.output / relative)
        assert page.html["lang"] == lang and page.h1.get_text() == title
        home = {"da": "/da/", "en": "/en/"}[lang]
        assert page.main.find("a", href=home)
        current = page.select_one("nav.switcher a[aria-current]")
        assert current["lang"] == lang and current["aria-current"] == "true"


def test_robots_and_sitemap_agree_with_every_page_head(branded: FixtureSite) -> None:
    branded.build()
    robots = (branded.output / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/sitemap.xml" in robots
    assert_sitemap_matches_heads(branded.output, "https://example.org")


def assert_sitemap_matches_heads(output: Path, siteurl: str) -> None:
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ElementTree.parse(output / "sitemap.xml")
    in_sitemap = {}
    for url in tree.getroot().findall("s:url", namespaces):
        loc = url.find("s:loc", namespaces).text
        in_sitemap[loc] = {
            (link.get("hreflang"), link.get("href")) for link in url.findall("x:link", namespaces)
        }
    in_heads = {}
    for path in output.rglob("*.html"):
        document = parse(path)
        canonical = document.find("link", rel="canonical")
        if canonical is None:
            assert document.find("meta", attrs={"name": "robots", "content": "noindex"}), path
            continue
        in_heads[canonical["href"]] = {
            (link["hreflang"], link["href"]) for link in document.find_all("link", rel="alternate")
        }
    assert in_sitemap == in_heads
    assert all(loc.startswith(siteurl + "/") for loc in in_sitemap)


def test_favicon_is_the_sites_own_svg(branded: FixtureSite) -> None:
    (branded.content / "mark.svg").write_text(LOGO, encoding="utf-8")
    branded.settings(PARTNERS + 'COLLAB_FAVICON = "mark.svg"\n')
    branded.build()
    icon = parse(branded.output / "en" / "index.html").find("link", rel="icon")
    assert icon["href"] == "/favicon.svg" and icon["type"] == "image/svg+xml"
    assert (branded.output / "favicon.svg").read_text(encoding="utf-8") == LOGO


def test_accent_colour_is_used_and_its_dark_twin_derived(branded: FixtureSite) -> None:
    """The theme's stylesheet is copied as it is; only the accent colours are
    generated, into a stylesheet of their own that every page links after it."""
    branded.settings(PARTNERS + 'COLLAB_ACCENT_COLOUR = "#7a1f5c"\n')
    branded.build()
    css = branded.output / "theme" / "css"
    theme_css = Path(theme_path()) / "static" / "css" / "collab.css"
    assert (css / "collab.css").read_bytes() == theme_css.read_bytes()
    accent = (css / "accent.css").read_text(encoding="utf-8")
    assert "--accent: #7a1f5c;" in accent
    dark = re.search(r"prefers-color-scheme: dark\) \{\s*:root \{\s*--accent: (#[0-9a-f]{6});", accent)
    assert dark.group(1) != "#7a1f5c"
    links = parse(branded.output / "index.html").find_all("link", rel="stylesheet")
    sheets = [link["href"] for link in links]
    assert sheets == ["/theme/css/collab.css", "/theme/css/accent.css"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            'COLLAB_ACCENT_COLOUR = "#77aaff"\n',
            "COLLAB_ACCENT_COLOUR: #77aaff has contrast 2.34:1 against the light background #ffffff; "
            "WCAG AA needs 4.5:1",
        ),
        (
            'COLLAB_ACCENT_COLOUR_DARK = "#005a8c"\n',
            "COLLAB_ACCENT_COLOUR_DARK: #005a8c has contrast 2.50:1 against the dark background #121417",
        ),
        ('COLLAB_ACCENT_COLOUR = "blue"\n', "COLLAB_ACCENT_COLOUR: 'blue' is not a colour"),
        (
            'COLLAB_PARTNERS = [{"key": "x"}]\n',
            "COLLAB_PARTNERS[1]: every partner needs a 'key' and a 'name'",
        ),
        (
            'COLLAB_PARTNERS = [{"key": "x", "name": "X", "logo": "nope.png"}]\n',
            "COLLAB_PARTNERS[1] logo: content/nope.png is not an SVG file",
        ),
        (
            'COLLAB_ACCESSIBILITY_STATEMENT_URL = "was.digst.dk"\n',
            "COLLAB_ACCESSIBILITY_STATEMENT_URL: 'was.digst.dk' is not an http(s) URL",
        ),
    ],
)
def test_bad_branding_names_the_setting(two_language_site: FixtureSite, extra: str, message: str) -> None:
    two_language_site.settings(extra)
    with pytest.raises(CollabError) as raised:
        two_language_site.build()
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    ("contacts", "page_line", "message"),
    [
        (
            CONTACTS.replace('email = "ada@north.example"\n', ""),
            "Contacts: ada",
            "content/contacts.toml:1: contact 'ada' has no email",
        ),
        (
            CONTACTS.replace('partner = "north"', 'partner = "west"'),
            "Contacts: ada",
            "content/contacts.toml:3: contact 'ada' partner: 'west' is not a key of COLLAB_PARTNERS",
        ),
        (
            CONTACTS.replace('phone = "11 22 33 44"', 'phone = "call me"'),
            "Contacts: ada",
            "content/contacts.toml:5: contact 'ada' phone: 'call me' is not a phone number",
        ),
        (CONTACTS + "[broken\n", "Contacts: ada", "content/contacts.toml:9: "),
        (CONTACTS, "Contacts: ada, bob", "content/da/index.md:2: Contacts: bob not found in the contacts"),
    ],
)
def test_bad_contacts_name_the_file(
    branded: FixtureSite, contacts: str, page_line: str, message: str
) -> None:
    (branded.content / "contacts.toml").write_text(contacts, encoding="utf-8")
    branded.page("da/index.md", f"Title: Forside\n{page_line}\n\nHej.\n")
    with pytest.raises(CollabError) as raised:
        branded.build()
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_a_site_overrides_one_block_and_one_partial_without_copying_the_theme(branded: FixtureSite) -> None:
    templates = branded.root / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "page.html").write_text(
        '{% extends "!theme/page.html" %}\n'
        '{% block head %}<meta name="x-site" content="own">{% endblock %}\n',
        encoding="utf-8",
    )
    (templates / "partials" / "contacts.html").write_text(
        '{% macro contact_cards(contacts, language) %}<p class="own-contacts">'
        "{% for c in contacts %}{{ c.name }}{% endfor %}</p>{% endmacro %}\n",
        encoding="utf-8",
    )
    branded.settings(PARTNERS + 'THEME_TEMPLATES_OVERRIDES = ["templates"]\n')
    branded.build()
    page = parse(branded.output / "en" / "index.html")
    assert page.find("meta", attrs={"name": "x-site"})["content"] == "own"
    assert page.select_one(".own-contacts").get_text() == "Ada Jensen"
    assert page.select_one(".skip-link") and page.select_one("nav.switcher"), "the rest of the theme stays"


# The real narrative: budgets, no script, no third-party resources, sitemap agreement.


@pytest.fixture(scope="module")
def narrative(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("theme-narrative") / "output"
    build(REPOSITORY / "pelicanconf.py", {"OUTPUT_PATH": str(out), "PATH": str(REPOSITORY / "content")})
    return out


def narrative_pages(output: Path) -> list[Path]:
    pages = sorted(output.rglob("*.html"))
    assert {p.relative_to(output).as_posix() for p in pages} >= {
        "index.html",
        "en/index.html",
        "404.html",
        "en/404.html",
        "was/index.html",
    }
    return pages


def test_every_page_with_its_css_fits_in_14_kb_gzipped(narrative: Path) -> None:
    for page in narrative_pages(narrative):
        document = parse(page)
        total = len(gzip.compress(page.read_bytes(), 9))
        for sheet in document.find_all("link", rel="stylesheet"):
            total += len(gzip.compress((narrative / sheet["href"].lstrip("/")).read_bytes(), 9))
        assert total <= BUDGET, f"{page}: {total} bytes gzipped"


def test_no_script_and_no_third_party_resources(narrative: Path) -> None:
    for page in narrative_pages(narrative):
        document = parse(page)
        scripts = document.find_all("script")
        assert all(s.get("type") == "application/ld+json" and not s.get("src") for s in scripts), page
        csp = document.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        resources = [t.get("src") for t in document.find_all(["img", "script", "iframe", "source"])]
        resources += [
            link["href"]
            for link in document.find_all("link")
            if set(link["rel"]) & {"stylesheet", "icon", "preload"}
        ]
        for url in filter(None, resources):
            assert not urlsplit(url).netloc, f"{page}: off-site resource {url}"
        assert not document.find("style") and not document.find(attrs={"style": True})
        assert "@font-face" not in (narrative / "theme" / "css" / "collab.css").read_text(encoding="utf-8")


def test_the_stylesheet_mirrors_on_right_to_left_pages() -> None:
    """Arabic pages are dir="rtl": the stylesheet places things by the start and end
    of a line (inset-inline-start, border-inline-start), never by left and right."""
    stylesheet = (Path(theme_path()) / "static" / "css" / "collab.css").read_text(encoding="utf-8")
    physical = re.findall(r"[\w-]*\b(?:left|right)\b[\w-]*\s*:", stylesheet)
    assert not physical, physical
    assert "border-inline-start" in stylesheet and "padding-inline-start" in stylesheet


def test_narrative_sitemap_agrees_with_every_head(narrative: Path) -> None:
    assert_sitemap_matches_heads(narrative, "http://localhost:8000")
