"""Contact people as data (site/contacts.py), read and rendered without a Pelican run."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from pelican_collab.errors import CollabError
from pelican_collab.site.contacts import contacts_of, load_contacts, parse_phone, vcard
from pelican_collab.site.languages import build_languages
from pelican_collab.site.settings import Partner

PARTNERS = {"nordby": Partner("nordby", {"da": "Nordby Kommune", "en": "Nordby Municipality"}, None, None)}
CONTACTS = """\
[contacts.ada]
name = "Ada Jensen"
partner = "nordby"
email = "ada@nordby.example"
phone = "11 22 33 44"
title.da = "Kontorchef"
title.en = "Head of Office"
"""


@pytest.mark.parametrize(
    ("written", "e164", "national", "international"),
    [
        ("89 70 15 51", "+4589701551", "89 70 15 51", "+45 89 70 15 51"),
        ("0047 22 33 44 55", "+4722334455", "0047 22 33 44 55", "+47 22 33 44 55"),
        ("+46 8 123 456", "+468123456", "+46 8 123 456", "+46 8 123 456"),
    ],
)
def test_a_number_is_dialled_in_e164_and_shown_nationally_or_internationally(
    written: str, e164: str, national: str, international: str
) -> None:
    phone = parse_phone(written, "45", "x")
    assert (phone.e164, phone.display, phone.international, phone.href) == (
        e164,
        national,
        international,
        f"tel:{e164}",
    )
    danish, english = build_languages(["da", "en"], "da", {}, every_language_in_folder=False)
    assert phone.shown(danish) == national and phone.shown(english) == international


def test_what_is_no_number_is_named() -> None:
    with pytest.raises(CollabError, match=r"^contacts\.toml: contact 'ada' phone: 'ring mig' is not a phone"):
        parse_phone("ring mig", "45", "contacts.toml: contact 'ada' phone")


def test_contacts_are_read_with_their_titles_per_language(tmp_path: Path) -> None:
    path = tmp_path / "contacts.toml"
    path.write_text(CONTACTS, encoding="utf-8")
    contacts = load_contacts(path, PARTNERS, ["da", "en"], "45")
    ada = contacts["ada"]
    assert (ada.name, ada.partner.key, ada.title("en"), ada.title("de")) == (
        "Ada Jensen",
        "nordby",
        "Head of Office",
        "Kontorchef",
    )
    assert ada.vcard_path("en/") == "en/vcard/ada.vcf"
    assert load_contacts(tmp_path / "none.toml", PARTNERS, ["da"], "45") == {}


def test_a_contact_of_an_unknown_partner_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "contacts.toml"
    path.write_text(CONTACTS.replace('partner = "nordby"', 'partner = "sydby"'), encoding="utf-8")
    with pytest.raises(CollabError) as raised:
        load_contacts(path, PARTNERS, ["da", "en"], "45")
    assert ":3: contact 'ada' partner" in str(raised.value)


def test_a_page_lists_its_contacts_in_its_order_and_unknown_ones_are_named(tmp_path: Path) -> None:
    path = tmp_path / "contacts.toml"
    path.write_text(CONTACTS + CONTACTS.replace("contacts.ada", "contacts.bo"), encoding="utf-8")
    people = load_contacts(path, PARTNERS, ["da", "en"], "45")
    source = tmp_path / "p.md"
    source.write_text("Title: P\nContacts: ada, eve\n\nText.\n", encoding="utf-8")
    page = SimpleNamespace(metadata={"contacts": "bo, ada"}, source_path=str(source))
    assert [c.key for c in contacts_of(page, people, "p.md")] == ["bo", "ada"]
    wrong = SimpleNamespace(metadata={"contacts": "ada, eve"}, source_path=str(source))
    with pytest.raises(CollabError) as raised:
        contacts_of(wrong, people, "p.md")
    assert str(raised.value).startswith("p.md:2: ") and "eve" in str(raised.value)


def test_a_vcard_is_version_3_with_crlf_and_escaped_values(tmp_path: Path) -> None:
    path = tmp_path / "contacts.toml"
    path.write_text(CONTACTS.replace('"Kontorchef"', '"Chef, kontor; it"'), encoding="utf-8")
    ada = load_contacts(path, PARTNERS, ["da", "en"], "45")["ada"]
    card = vcard(ada, "da")
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and card.endswith("END:VCARD\r\n")
    lines = card.split("\r\n")
    assert "N:Jensen;Ada;;;" in lines
    assert "TITLE:Chef\\, kontor\\; it" in lines
    assert "ORG:Nordby Kommune" in lines
    assert "TEL;TYPE=WORK,VOICE:+4511223344" in lines
