"""One test per undocumented Pelican behaviour that pelican_compat relies on.

Each fails loudly when a Pelican release changes what the plugin relies on.
"""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup
from pelican.contents import Page
from pelican.settings import DEFAULT_CONFIG

from pelican_collab.engine import pelican_compat

from .conftest import FixtureSite


def test_content_links_resolve_against_the_link_base_entry_of_the_context() -> None:
    settings = {**DEFAULT_CONFIG, "PATH": "/content"}
    context = {"generated_content": {}, "static_content": {}, "static_links": set()}
    pelican_compat.set_content_link_base(context, "/partnership")
    assert context[pelican_compat.CONTENT_LINK_BASE] == "/partnership"
    target = Page(
        "", {"title": "T", "url": "om/"}, settings=settings, source_path="/content/om.md", context=context
    )
    context["generated_content"]["om.md"] = target
    page = Page(
        '<a href="{filename}om.md">x</a>',
        {"title": "P"},
        settings=settings,
        source_path="/content/p.md",
        context=context,
    )
    assert page.content == '<a href="/partnership/om/">x</a>'


def test_pages_html_reaches_templates_as_markup_and_titles_stay_escaped() -> None:
    env = Environment(autoescape=True)
    pelican_compat.markup_content(env)
    page = Page("<p>Hi</p>", {"title": "<b>T</b>"}, settings=dict(DEFAULT_CONFIG), source_path="p.md")
    html = env.from_string("{{ page.content }}|{{ page.title }}|{{ page.summary }}").render(page=page)
    assert html == "<p>Hi</p>|&lt;b&gt;T&lt;/b&gt;|<p>Hi</p>"
    assert isinstance(env.getattr(page, "content"), Markup)


def test_a_pelican_style_override_renders_page_html_and_escapes_titles(
    two_language_site: FixtureSite,
) -> None:
    overrides = two_language_site.root / "templates"
    overrides.mkdir()
    (overrides / "page.html").write_text(
        '<!doctype html><html lang="{{ page.lang }}"><title>{{ page.title }}</title>'
        "<h1>{{ page.title }}</h1>{{ page.content }}<p>{{ page.summary }}</p></html>\n",
        encoding="utf-8",
    )
    two_language_site.settings('THEME_TEMPLATES_OVERRIDES = ["templates"]\n')
    two_language_site.page("da/x.md", "Title: A <script>alert(1)</script> & B\n\nEt *afsnit*.\n")
    two_language_site.build()
    html = two_language_site.html("x/index.html")
    assert "<p>Et <em>afsnit</em>.</p>" in html
    assert "<h1>A &lt;script&gt;alert(1)&lt;/script&gt; &amp; B</h1>" in html
    assert "<script>" not in html


def test_content_links_find_their_target_by_source_path_in_the_context() -> None:
    settings = {**DEFAULT_CONFIG, "PATH": "/content"}
    context = {"generated_content": {}, "static_content": {}, "static_links": set(), "localsiteurl": ""}

    class StandsIn:
        url = "en/"

    pelican_compat.add_link_target(context, "en/index.md", StandsIn())
    page = Page(
        '<a href="{filename}../index.md">x</a>',
        {"title": "P"},
        settings=settings,
        source_path="/content/en/om/p.md",
        context=context,
    )
    assert page.content == '<a href="/en/">x</a>'
