"""The built narrative in a real browser: axe-core, keyboard, reflow, print, screenshots.

Every .html file of the repository's built site is checked (found by walking the
output folder); the keyboard, print and screenshot checks use the two home pages.
Needs Debian's Chromium at /usr/bin/chromium and Playwright: skipped without
them, failed when the environment variable CI is set.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from .browser import (
    HOME_PAGES,
    PNG_SIGNATURE,
    SCHEMES,
    SCREENSHOTS,
    Tab,
    axe_violations,
    chromium,  # noqa: F401 - fixture used by `tab`
    describe_violations,
    page_paths,
    site_output,  # noqa: F401 - fixture used by `site_url`
    site_url,  # noqa: F401 - fixture used by `tab`
    tab,  # noqa: F401 - fixture
)

OTHER = {"da": "en", "en": "da"}
SKIP_LINK_TEXT = {"da": "Gå til sidens indhold", "en": "Skip to main content"}
REFLOW_VIEWPORTS = {
    "320px": (320, 640),  # WCAG 1.4.10: 320 CSS px wide
    "1280px-at-200pct": (640, 512),  # a 1280 × 1024 window zoomed to 200 %
}
SCREENSHOT_WIDTHS = [375, 1280]

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, text: e.textContent.trim(),
    href: e.getAttribute('href'), inHeader: !!e.closest('header'), inMain: !!e.closest('main'),
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
             && r.top < window.innerHeight && r.left < window.innerWidth,
  };
}"""

OVERFLOWING = """() => {
  const width = window.innerWidth;
  const sticksOut = e => {
    const r = e.getBoundingClientRect();
    // The box itself, or content spilling out of it (a long word in a <pre>, say).
    return r.right > width + 0.5 || r.left < -0.5
      || (e.scrollWidth > e.clientWidth + 1 && r.left + e.scrollWidth > width + 0.5);
  };
  const wide = [...document.querySelectorAll('body *')].filter(sticksOut);
  // The innermost offenders name the culprit best.
  return wide.filter(e => !wide.some(o => o !== e && e.contains(o))).slice(0, 10).map(e => {
    const r = e.getBoundingClientRect();
    const classes = typeof e.className === 'string' ? e.className.trim().split(/\\s+/) : [];
    const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
      + classes.filter(Boolean).map(c => '.' + c).join('');
    const right = Math.round(Math.max(r.right, r.left + e.scrollWidth));
    return `${name} (left ${Math.round(r.left)}, right ${right}): `
      + JSON.stringify(e.textContent.trim().slice(0, 60));
  });
}"""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `page_path` over every .html page of the real build."""
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", page_paths(metafunc.config))


def focused(page: Any) -> dict[str, Any] | None:
    return page.evaluate(FOCUSED)


# ---------------------------------------------------------------- axe-core


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_wcag_violations(tab: Tab, page_path: str, scheme: str) -> None:  # noqa: F811
    page = tab.open(page_path, scheme=scheme)
    violations = axe_violations(page)
    assert not violations, describe_violations(f"{page_path} ({scheme})", violations)


# ---------------------------------------------------------------- keyboard


@pytest.mark.parametrize("lang", HOME_PAGES)
def test_first_tab_is_the_skip_link_and_enter_focuses_main(tab: Tab, lang: str) -> None:  # noqa: F811
    path = HOME_PAGES[lang]
    page = tab.open(path)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None, f"{path}: the first Tab focused nothing"
    assert first["tag"] == "a" and first["href"] == "#main-content", (
        f"{path}: the first Tab focused {first}, not the skip link"
    )
    assert first["text"] == SKIP_LINK_TEXT[lang], f"{path}: the skip link reads {first['text']!r}"
    assert first["visible"], f"{path}: the focused skip link is not visible in the viewport: {first}"
    page.keyboard.press("Enter")
    active = page.evaluate("() => document.activeElement && document.activeElement.id")
    assert active == "main-content", (
        f"{path}: after Enter on the skip link, focus is on {focused(page)}, not #main-content"
    )


@pytest.mark.parametrize("lang", HOME_PAGES)
def test_tabbing_reaches_the_other_language_and_enter_lands_on_the_counterpart(
    tab: Tab,  # noqa: F811
    lang: str,
) -> None:
    path, other = HOME_PAGES[lang], OTHER[lang]
    selector = f"nav.switcher a[hreflang={other}]"
    page = tab.open(path)
    assert page.locator(selector).count() >= 1, f"{path}: no {selector}"
    visited: list[dict[str, Any] | None] = []
    for _ in range(15):
        page.keyboard.press("Tab")
        visited.append(focused(page))
        if page.evaluate(f"() => !!document.activeElement?.matches({selector!r})"):
            break
    else:
        pytest.fail(f"{path}: 15 Tabs from the top never reached {selector}; focus went {visited}")
    assert visited[0] and visited[0]["href"] == "#main-content", f"{path}: tab order {visited}"
    assert not any(v and v["inMain"] for v in visited), (
        f"{path}: Tab reached the main content before the header's language switcher: {visited}"
    )
    assert visited[-1]["inHeader"], f"{path}: {selector} is not in the header: {visited[-1]}"
    assert visited[-1]["visible"], f"{path}: the focused {selector} is not visible: {visited[-1]}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    landed = urlsplit(page.url).path
    assert landed == HOME_PAGES[other], f"{path}: Enter on {selector} landed on {page.url}"
    assert page.evaluate("() => document.documentElement.lang") == other, f"{page.url}: wrong <html lang>"


# ---------------------------------------------------------------- reflow


@pytest.mark.parametrize("viewport", REFLOW_VIEWPORTS)
def test_no_horizontal_scrolling(tab: Tab, page_path: str, viewport: str) -> None:  # noqa: F811
    width, height = REFLOW_VIEWPORTS[viewport]
    page = tab.open(page_path, width=width, height=height)
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    overflowing = [] if scroll_width <= inner_width else page.evaluate(OVERFLOWING)
    assert scroll_width <= inner_width, (
        f"{page_path} at {width} px: scrollWidth {scroll_width} > innerWidth {inner_width}; "
        f"sticking out: {overflowing}"
    )


# ---------------------------------------------------------------- print


@pytest.mark.parametrize("lang", HOME_PAGES)
def test_print_hides_the_switcher(tab: Tab, lang: str) -> None:  # noqa: F811
    path = HOME_PAGES[lang]
    page = tab.open(path)
    page.emulate_media(media="print")
    displays = page.eval_on_selector_all("nav.switcher", "navs => navs.map(n => getComputedStyle(n).display)")
    assert displays, f"{path}: no nav.switcher"
    assert all(display == "none" for display in displays), f"{path}: nav.switcher in print: {displays}"


# ---------------------------------------------------------------- screenshots


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
@pytest.mark.parametrize("lang", HOME_PAGES)
def test_screenshot_of_home_page(tab: Tab, lang: str, width: int, scheme: str) -> None:  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"home-{lang}-{width}-{scheme}.png"
    target.unlink(missing_ok=True)
    page = tab.open(HOME_PAGES[lang], width=width, height=800, scheme=scheme)
    page.screenshot(path=str(target), full_page=True)
    assert target.is_file(), f"{target} was not written"
    data = target.read_bytes()
    assert len(data) > len(PNG_SIGNATURE) and data.startswith(PNG_SIGNATURE), f"{target} is not a PNG"
