"""One test per undocumented Pelican behaviour that pelican_compat relies on.

Each fails loudly when a Pelican release changes what the plugin relies on.
"""

from __future__ import annotations

import logging
import re

import pytest
from jinja2 import Environment
from markupsafe import Markup
from pelican.contents import Page
from pelican.settings import DEFAULT_CONFIG

from pelican_collab.engine import pelican_compat

from .conftest import REPOSITORY, FixtureSite


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


def test_a_file_written_twice_is_refused_by_pelicans_writer_with_this_class(tmp_path) -> None:
    from jinja2 import Template
    from pelican.writers import Writer

    writer = Writer(str(tmp_path), settings={**DEFAULT_CONFIG})
    writer.write_file("a.html", Template("x"), {"localsiteurl": ""})
    with pytest.raises(pelican_compat.FileOverwriteFailed):
        writer.write_file("a.html", Template("y"), {"localsiteurl": ""})


def test_pelicans_command_reports_a_failed_build_on_its_logger_in_one_line(
    two_language_site: FixtureSite,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    pelican_command_logging: None,
) -> None:
    """``pelican`` logs the exception that stopped a build on COMMAND_LINE_LOGGER with its
    traceback; the plugin's filter there makes bad input one line naming the file."""
    from pelican import Pelican
    from pelican import main as pelican_main

    from pelican_collab.errors import CollabError

    def fail(self):
        raise CollabError("content/da/x.md:2: Date: 'soon' is not a valid date")

    monkeypatch.setattr(Pelican, "run", fail)
    with pytest.raises(SystemExit):
        pelican_main(["--settings", str(two_language_site.settings_file), "--quiet"])
    reported = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert [(r.name, r.getMessage(), r.exc_info) for r in reported] == [
        (pelican_compat.COMMAND_LINE_LOGGER, "content/da/x.md:2: Date: 'soon' is not a valid date", None)
    ]


#: Names private to Pelican, Babel or Jinja that the plugin once used; none may
#: appear outside pelican_compat.
PRIVATE_NAMES = (
    "_written_files",
    "_overridden_files",
    "_open_w",
    "_parse_metadata",
    "._md",
    "._content",
    "._catalog",
    "._source_path",
    "_get_localcontext",
    "_add_failed_source_path",
)
#: Private names of the standard library and of the plugin's own classes that are fine.
OWN_OR_DOCUMENTED = {"os._exit", "language._known"}


def test_no_private_name_of_another_package_is_used_outside_the_compat_module() -> None:
    package = REPOSITORY / "pelican_collab"
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "pelican_compat.py":
            continue
        text = path.read_text(encoding="utf-8")
        found += [
            f"{path.relative_to(package)}: {name}"
            for name in PRIVATE_NAMES
            if re.search(re.escape(name) + r"\b", text)
        ]
        # Any attribute with a leading underscore read from something other than self or cls.
        for match in re.finditer(r"\b(\w+)\.(_[a-z]\w*)", text):
            if match.group(1) not in ("self", "cls") and match.group(0) not in OWN_OR_DOCUMENTED:
                found.append(f"{path.relative_to(package)}: {match.group(0)}")
    assert found == []
