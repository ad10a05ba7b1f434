"""What the plugin adds to Pelican's page objects, and when.

CPython sizes each new object's attribute table for the attribute names its
class has seen so far; a name first added after the pages are read gives every
page a table of its own (about 1.3 KB a page: 1584 bytes instead of 264 for a
page of the benchmark sites, by ``sys.getsizeof(vars(page))``). So everything
the plugin gives a page is set while Pelican creates it, and the rest of the
build only fills in ``page.collab``.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from tests.conftest import FixtureSite


def test_no_page_gains_an_attribute_after_the_pages_are_read(two_language_site: FixtureSite) -> None:
    names_when_read: dict[str, set[str]] = {}
    names_at_the_end: dict[str, set[str]] = {}
    pages: list[Any] = []

    def read(generator: Any) -> None:
        pages.extend([*generator.pages, *generator.hidden_pages])
        names_when_read.update({page.source_path: set(vars(page)) for page in pages})

    def finished(pelican: Any) -> None:
        names_at_the_end.update({page.source_path: set(vars(page)) for page in pages})

    signals.page_generator_finalized.connect(read)
    signals.finalized.connect(finished)
    try:
        two_language_site.build()
    finally:
        signals.page_generator_finalized.disconnect(read)
        signals.finalized.disconnect(finished)

    assert len(names_at_the_end) == 4
    for path, names in names_at_the_end.items():
        assert names == names_when_read[path], f"{path}: added later: {names - names_when_read[path]}"
        assert {"collab", "language", "translation_key", "override_url"} <= names
    # Filled in by then: links are worked out from the page's translation group.
    danish_home = next(page for page in pages if page.source_path.endswith("da/index.md"))
    assert danish_home.collab.permalink == "https://example.org/"
    assert [link.hreflang for link in danish_home.collab.alternates] == ["da", "en", "x-default"]
