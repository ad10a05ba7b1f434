"""Contact people, given by editors as data and rendered as cards, vCards and JSON-LD.

Editors keep contacts in a TOML file beside the content (``content/contacts.toml``)
and list them on a page with ``Contacts: id, id``. Nobody writes contact HTML
by hand, so a phone number or an e-mail address is typed once.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CollabError, display_path
from .escaping import script_json
from .metadata import metadata_line, read_utf8

if TYPE_CHECKING:
    from .languages import Language
    from .settings import Partner

logger = logging.getLogger(__name__)

REQUIRED = ("name", "partner", "email", "title")
OPTIONAL = ("phone", "mobile")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: A contact's key names its vCard file and is what pages list: TOML's bare keys.
_KEY = re.compile(r"[A-Za-z0-9_-]+")


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
    """Read and validate the contacts file; a missing file means no contacts.

    Every mistake is one :class:`CollabError` naming the file, the line where
    it can be found, the contact and the field. Keys the plugin does not know
    are reported as a warning (a misspelt ``mobil`` would otherwise vanish).
    """
    if not path.is_file():
        return {}
    source = _ContactsSource(path)
    data = source.parse()
    table = data.get("contacts", {})
    if not isinstance(table, dict):
        raise source.error(r"contacts\b", "'contacts' must be a table of people ([contacts.<key>] sections)")
    for key in sorted(set(data) - {"contacts"}):
        logger.warning("%s: %r is not used (the file holds [contacts.<key>] sections)", source.name, key)
    contacts = {}
    for key, entry in table.items():
        contacts[key] = source.contact(key, entry, partners, languages, country_code)
    return contacts


class _ContactsSource:
    """The contacts file being read: its name and lines, for messages that point at a line."""

    def __init__(self, path: Path) -> None:
        self.path, self.name = path, display_path(path)
        self.lines: list[str] = []

    def parse(self) -> dict[str, Any]:
        try:
            text = read_utf8(self.path)
        except OSError as error:
            raise CollabError(f"{self.name}: cannot be read ({error.strerror})") from None
        self.lines = text.splitlines()
        import tomllib  # here: most sites have no contacts file, and every build imports this module

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            at = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
            if at:
                message = f"{at.group(1)}: {message[: at.start()]}"
            raise CollabError(f"{self.name}:{message} (TOML)") from None

    def error(self, pattern: str, message: str, after: int = 0) -> CollabError:
        """An error at the first line from ``after`` on matching ``pattern`` (or the file alone)."""
        line = self.line_of(pattern, after)
        return CollabError(f"{self.name}{f':{line}' if line else ''}: {message}")

    def line_of(self, pattern: str, after: int = 0) -> int | None:
        compiled = re.compile(rf"\s*\"?{pattern}")
        for number, line in enumerate(self.lines[after:], start=after + 1):
            if compiled.match(line):
                return number
        return None

    def contact(
        self, key: str, entry: Any, partners: dict[str, Partner], languages: list[str], country_code: str
    ) -> Contact:
        section = self.line_of(rf"\[\s*contacts\s*\.\s*[\"']?{re.escape(key)}\b") or 0

        def where(field_name: str | None) -> str:
            line = self.line_of(rf"{re.escape(field_name)}\b", section) if field_name else section
            return f"{self.name}{f':{line}' if line else ''}: contact {key!r}" + (
                f" {field_name}" if field_name else ""
            )

        def fail(field_name: str | None, message: str) -> CollabError:
            return CollabError(f"{where(field_name)}{'' if message.startswith('has ') else ':'} {message}")

        if not _KEY.fullmatch(key):
            raise fail(None, "is not a key: use letters, digits, '-' and '_' (it names the vCard file)")
        if not isinstance(entry, dict):
            raise fail(None, "is not a section of fields (name, partner, email, title, …)")
        missing = [name for name in REQUIRED if entry.get(name) in (None, "", {})]
        if missing:
            raise fail(None, f"has no {', '.join(missing)}")
        unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            logger.warning(
                "%s: contact %r: %s not used (known fields: %s)",
                self.name,
                key,
                ", ".join(map(repr, unknown)),
                ", ".join((*REQUIRED, *OPTIONAL)),
            )
        name = entry["name"]
        if not isinstance(name, str) or not name.strip():
            raise fail("name", f"{name!r} is not a name (give it as text in quotes)")
        partner_key = entry["partner"]
        partner = partners.get(partner_key) if isinstance(partner_key, str) else None
        if partner is None:
            known = ", ".join(partners) or "none"
            raise fail("partner", f"{partner_key!r} is not a key of COLLAB_PARTNERS ({known})")
        email = entry["email"]
        if not isinstance(email, str) or not _EMAIL.fullmatch(email):
            raise fail("email", f"{email!r} is not an e-mail address")
        title = entry["title"]
        titles = title if isinstance(title, dict) else {lang: title for lang in languages}
        for lang, text in titles.items():
            if not isinstance(text, str) or not text.strip():
                shown = f"title.{lang}" if isinstance(title, dict) else "title"
                raise fail("title", f"{shown} {text!r} is not text (give it in quotes, or one per language)")
        phones = {}
        for field_name in OPTIONAL:
            value = entry.get(field_name)
            if value is None or value == "":
                phones[field_name] = None
            elif isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
                phones[field_name] = parse_phone(str(value), country_code, where(field_name))
            else:
                raise fail(field_name, f"{value!r} is not a phone number (give it in quotes)")
        return Contact(
            key=key,
            name=" ".join(name.split()),
            partner=partner,
            email=email,
            titles={lang: " ".join(text.split()) for lang, text in titles.items()},
            phone=phones["phone"],
            mobile=phones["mobile"],
        )


def contacts_of(page: Any, contacts: dict[str, Contact], source: str) -> tuple[Contact, ...]:
    """The contacts a page lists in ``Contacts:``, in its order."""
    listed = page.metadata.get("contacts")
    if not listed:
        return ()
    keys = [key.strip() for key in str(listed).split(",") if key.strip()]
    unknown = [key for key in keys if key not in contacts]
    if unknown:
        line = metadata_line(page.source_path, "contacts")
        missing, known = ", ".join(unknown), ", ".join(contacts) or "none"
        raise CollabError(
            f"{source}:{line}: Contacts: {missing} not found in the contacts file (it has: {known})"
        )
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
    return script_json({"@context": "https://schema.org", "@graph": graph})


def _escape(value: str) -> str:
    """A vCard text value: backslash, comma and semicolon escaped, on one line."""
    value = " ".join(value.split())
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
