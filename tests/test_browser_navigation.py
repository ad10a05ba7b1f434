"""The site menu and the stand-ins in a real browser: axe-core (light and dark),
the keyboard through the menu, 44 px targets, reflow at 320 px, print.

The six-language site of tests/multilingual.py (menus with a second level,
stand-ins in every language, English interface text on Icelandic pages,
Arabic right to left), and a site with more pages than a menu level shows
(the page of all pages). Needs Debian's Chromium and Playwright: skipped
without them, failed when CI is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from pelican_collab.site.navigation import SHOWN_PER_LEVEL

from .browser import SCHEMES, Tab, axe_violations, chromium, describe_violations, tab_on  # noqa: F401
from .multilingual import build_long_site, build_site

#: A page of each kind: menus of one and two levels, stand-ins (a missing page, a
#: placeholder, a page without a catalog, right to left), a stale translation, the
#: side-by-side view, a 404 page, the editors' report.
PAGES = [
    "/",
    "/om/projekter/",
    "/en/kontakt/",
    "/de/om/projekter/",
    "/is/om/",
    "/is/",
    "/ar/",
    "/ar/om/projekter/",
    "/fo/om/",
    "/en/om/projekter/",
    "/en/parallel/om/projekter.html",
    "/de/404.html",
    "/translation-status/",
]
LONG_PAGES = ["/all-pages/", f"/side-{3 * SHOWN_PER_LEVEL - 1:02}/", "/en/all-pages/"]

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const style = getComputedStyle(e);
  return {
    href: e.getAttribute('href'), text: e.textContent.trim(), inMenu: !!e.closest('nav.menu'),
    below: !!e.closest('main, footer'), current: e.getAttribute('aria-current'),
    outline: style.outlineStyle, width: r.width, height: r.height,
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight,
  };
}"""


@pytest.fixture(scope="module")
def tab(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tab]:  # noqa: F811
    with tab_on(chromium, build_site(tmp_path_factory.mktemp("browser-navigation"))) as opened:
        yield opened


@pytest.fixture(scope="module")
def long_tab(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tab]:  # noqa: F811
    output = build_long_site(tmp_path_factory.mktemp("browser-long-menu"), 3 * SHOWN_PER_LEVEL)
    with tab_on(chromium, output) as opened:
        yield opened


# ---------------------------------------------------------------- axe-core


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(tab: Tab, path: str, scheme: str) -> None:
    page = tab.open(path, scheme=scheme)
    assert page.locator("nav.menu").count() == 1, f"{path}: no menu"
    violations = axe_violations(page)
    assert not violations, describe_violations(f"{path} ({scheme})", violations)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", LONG_PAGES)
def test_axe_finds_no_violations_with_a_long_menu(long_tab: Tab, path: str, scheme: str) -> None:
    page = long_tab.open(path, scheme=scheme)
    violations = axe_violations(page)
    assert not violations, describe_violations(f"{path} ({scheme})", violations)


# ---------------------------------------------------------------- keyboard


def tab_through(page: Any, presses: int) -> list[dict[str, Any]]:
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    return stops


@pytest.mark.parametrize("path", ["/om/projekter/", "/ar/om/projekter/", "/is/om/"])
def test_tab_reaches_every_menu_link_in_order_before_the_content(tab: Tab, path: str) -> None:
    page = tab.open(path)
    expected = page.eval_on_selector_all("nav.menu a", "links => links.map(a => a.getAttribute('href'))")
    assert len(expected) >= 5, f"{path}: the menu has {expected}"
    stops = tab_through(page, 30)
    in_menu = [stop for stop in stops if stop and stop["inMenu"]]
    assert [stop["href"] for stop in in_menu] == expected, f"{path}: Tab went {stops}"
    first_below = next(i for i, stop in enumerate(stops) if stop and stop["below"])
    last_menu = max(i for i, stop in enumerate(stops) if stop and stop["inMenu"])
    assert last_menu < first_below, f"{path}: the content came before the menu: {stops}"
    for stop in in_menu:
        assert stop["visible"] and stop["outline"] == "solid", f"{path}: focus not visible on {stop}"
    current = [stop for stop in in_menu if stop["current"] == "page"]
    assert [stop["href"] for stop in current] == [path]


def test_enter_on_a_menu_link_opens_its_page(tab: Tab) -> None:
    page = tab.open("/om/projekter/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('href')") == "/kontakt/":
            break
    else:
        pytest.fail("Tab never reached the menu's link to /kontakt/")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/kontakt/"
    assert page.locator("nav.menu a[aria-current=page]").get_attribute("href") == "/kontakt/"


# ---------------------------------------------------------------- phone, reflow, print


@pytest.mark.parametrize("path", ["/om/projekter/", "/ar/om/projekter/", "/is/om/", "/en/kontakt/"])
def test_on_a_phone_the_menu_wraps_and_its_targets_are_44_px(tab: Tab, path: str) -> None:
    page = tab.open(path, width=320, height=640)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, f"{path}: scrolls sideways"
    boxes = page.eval_on_selector_all(
        "nav.menu a",
        "links => links.map(a => { const r = a.getBoundingClientRect();"
        " return [a.getAttribute('href'), r.width, r.height, r.left, r.right]; })",
    )
    assert boxes
    for href, width, height, left, right in boxes:
        assert width >= 44 and height >= 44, f"{path}: {href} is {width}×{height} px"
        assert left >= 0 and right <= 320, f"{path}: {href} sticks out ({left}–{right})"


@pytest.mark.parametrize("path", LONG_PAGES)
def test_a_long_menu_reflows_at_320_px(long_tab: Tab, path: str) -> None:
    page = long_tab.open(path, width=320, height=640)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("path", ["/om/projekter/", "/de/om/projekter/"])
def test_print_leaves_the_menu_out(tab: Tab, path: str) -> None:
    page = tab.open(path)
    page.emulate_media(media="print")
    displays = page.eval_on_selector_all(
        "nav.menu, nav.switcher", "navs => navs.map(n => getComputedStyle(n).display)"
    )
    assert displays and all(display == "none" for display in displays), f"{path}: {displays}"
    # The stand-in's notice and the original it shows are printed.
    assert page.locator("main .notice, main article").first.is_visible()
