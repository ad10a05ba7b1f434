"""Contact people, given by editors as data and rendered as cards, vCards and JSON-LD.

Editors keep contacts in a TOML file beside the content (``content/contacts.toml``)
and list them on a page with ``Contacts: id, id``. Nobody writes contact HTML
by hand, so a phone number or an e-mail address is typed once.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CollabError, display_path

if TYPE_CHECKING:
    from .languages import Language
    from .settings import Partner

REQUIRED = ("name", "partner", "email", "title")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Phone:
    """A number as dialled (E.164) in ``tel:`` links and as shown to people.

    ``display`` is the national form ("89 70 15 51"), for readers in the
    partnership's own country; ``international`` carries the country code
    ("+45 89 70 15 51"), for everyone else. :meth:`shown` picks one for a page.
    """

    display: str
    e164: str
    international: str

    @property
    def href(self) -> str:
        return f"tel:{self.e164}"

    def shown(self, language: Language) -> str:
        """The national form on pages in the site's default language (the original,
        the partnership's own language), the international form on every other."""
        return self.display if language.is_default else self.international


@dataclass(frozen=True)
class Contact:
    key: str
    name: str
    partner: Partner
    email: str
    titles: dict[str, str]
    phone: Phone | None
    mobile: Phone | None

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or next(iter(self.titles.values()))

    def vcard_path(self, url_prefix: str) -> str:
        return f"{url_prefix}vcard/{self.key}.vcf"


def parse_phone(value: str, country_code: str, where: str) -> Phone:
    """Normalise to E.164 and work out the national and international forms.

    Danish 8-digit numbers show in pairs ("89 70 15 51", "+45 89 70 15 51");
    other numbers keep their own grouping, with the country code put in front
    of the international form when they were written without one.
    """
    digits = re.sub(r"[\s().-]", "", value)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+?\d{6,15}", digits):
        raise CollabError(f"{where}: {value!r} is not a phone number")
    e164 = digits if digits.startswith("+") else f"+{country_code}{digits}"
    national = e164.removeprefix(f"+{country_code}")
    written = " ".join(value.split())
    if country_code == "45" and national != e164 and len(national) == 8:
        display = " ".join(national[i : i + 2] for i in range(0, 8, 2))
        international = f"+{country_code} {display}"
    elif digits.startswith("+"):
        display = written
        international = re.sub(r"^00\s*", "+", written)
    else:
        display = written
        international = f"+{country_code} {written}"
    return Phone(display, e164, international)


def load_contacts(
    path: Path, partners: dict[str, Partner], languages: list[str], country_code: str
) -> dict[str, Contact]:
    """Read and validate the contacts file; a missing file means no contacts."""
    if not path.is_file():
        return {}
    name = display_path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CollabError(f"{name}: {error}") from None
    contacts = {}
    for key, entry in data.get("contacts", {}).items():
        where = f"{name}: contact {key!r}"
        missing = [field for field in REQUIRED if not entry.get(field)]
        if missing:
            raise CollabError(f"{where} has no {', '.join(missing)}")
        partner = partners.get(entry["partner"])
        if partner is None:
            raise CollabError(f"{where}: partner {entry['partner']!r} is not in COLLAB_PARTNERS")
        if not _EMAIL.fullmatch(entry["email"]):
            raise CollabError(f"{where}: {entry['email']!r} is not an e-mail address")
        titles = (
            entry["title"]
            if isinstance(entry["title"], dict)
            else {lang: entry["title"] for lang in languages}
        )
        contacts[key] = Contact(
            key=key,
            name=entry["name"],
            partner=partner,
            email=entry["email"],
            titles=dict(titles),
            phone=parse_phone(str(entry["phone"]), country_code, f"{where} phone")
            if entry.get("phone")
            else None,
            mobile=parse_phone(str(entry["mobile"]), country_code, f"{where} mobile")
            if entry.get("mobile")
            else None,
        )
    return contacts


def contacts_of(page: Any, contacts: dict[str, Contact], source: str) -> tuple[Contact, ...]:
    """The contacts a page lists in ``Contacts:``, in its order."""
    listed = page.metadata.get("contacts")
    if not listed:
        return ()
    keys = [key.strip() for key in str(listed).split(",") if key.strip()]
    unknown = [key for key in keys if key not in contacts]
    if unknown:
        raise CollabError(f"{source}: Contacts: {', '.join(unknown)} not found in the contacts file")
    return tuple(contacts[key] for key in keys)


def vcard(contact: Contact, lang: str) -> str:
    """A vCard 3.0 (the version address books import most reliably), CRLF-terminated."""
    given, _, family = contact.name.rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_escape(family)};{_escape(given)};;;",
        f"FN:{_escape(contact.name)}",
        f"ORG:{_escape(contact.partner.name(lang))}",
        f"TITLE:{_escape(contact.title(lang))}",
        f"EMAIL;TYPE=INTERNET,WORK:{contact.email}",
    ]
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{contact.phone.e164}")
    if contact.mobile:
        lines.append(f"TEL;TYPE=CELL:{contact.mobile.e164}")
    if contact.partner.url:
        lines.append(f"URL:{contact.partner.url}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def json_ld(partners: list[Partner], contacts: tuple[Contact, ...], lang: str) -> str:
    """schema.org: one GovernmentOrganization per partner with its contact persons."""
    graph = []
    for partner in partners:
        organisation: dict[str, Any] = {"@type": "GovernmentOrganization", "name": partner.name(lang)}
        if partner.url:
            organisation["url"] = partner.url
        people = [
            {
                "@type": "Person",
                "name": c.name,
                "jobTitle": c.title(lang),
                "email": f"mailto:{c.email}",
                **({"telephone": c.phone.e164} if c.phone else {}),
            }
            for c in contacts
            if c.partner is partner
        ]
        if people:
            organisation["employee"] = people
        graph.append(organisation)
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    # Inside <script>, "</" could end the element early.
    return text.replace("</", "<\\/")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
