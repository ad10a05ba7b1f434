"""Pairing pages into translation groups (site/pairing.py), without a Pelican run."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from pelican_collab.errors import CollabError
from pelican_collab.site.pairing import claim, pair


@dataclass
class FakePage:
    source_path: str
    translation_key: str
    lang: str
    save_as: str
    translations: list = field(default_factory=list)


def test_pages_pair_by_key_and_know_their_translations() -> None:
    danish = FakePage("content/da/om.md", "om", "da", "om/index.html")
    english = FakePage("content/en/about.md", "om", "en", "en/about/index.html")
    alone = FakePage("content/da/x.md", "x", "da", "x/index.html")
    groups = pair([english, alone, danish])
    assert groups == {"om": {"da": danish, "en": english}, "x": {"da": alone}}
    assert danish.translations == [english] and english.translations == [danish]
    assert alone.translations == []


def test_two_pages_with_one_key_in_one_language_are_named() -> None:
    first = FakePage("content/da/a.md", "k", "da", "a/index.html")
    second = FakePage("content/da/b.md", "k", "da", "b/index.html")
    with pytest.raises(CollabError) as raised:
        pair([second, first])
    assert str(raised.value) == (
        "content/da/a.md and content/da/b.md: both have translation key 'k' in language 'da' "
        "(set Translation-Key: on one)"
    )


def test_two_pages_written_to_one_file_are_named() -> None:
    first = FakePage("content/da/a.md", "a", "da", "same/index.html")
    second = FakePage("content/da/b.md", "b", "da", "same/index.html")
    with pytest.raises(CollabError, match=r"both would be written to same/index\.html"):
        pair([first, second])


def test_claim_records_a_file_once() -> None:
    written: dict = {}
    first = FakePage("content/da/a.md", "a", "da", "a.html")
    claim(written, "a.html", first)
    assert written == {"a.html": first}
    with pytest.raises(CollabError):
        claim(written, "a.html", FakePage("content/da/b.md", "b", "da", "a.html"))
