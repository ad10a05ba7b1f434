"""The editing loop's builds keep the outputs whose inputs did not change.

The oracle for every change: a clean build (what publishing does), from the
same content, code and settings, into another folder. The incremental build
must write exactly the same files, byte for byte, and must have rendered
again (its file is newer) every output the change can reach.

The builds here run in this process as the editing loop's run in fresh ones
(the ``editing_build`` fixture); ``test_editing_loop.py`` runs the loop itself.
"""

from __future__ import annotations

import copy
import os
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from jinja2 import DictLoader, Environment, FunctionLoader
from pelican import main as pelican_main
from pelican.contents import Page
from pelican.settings import DEFAULT_CONFIG

from pelican_collab.engine import kept as reuse
from pelican_collab.engine.build import BuildFailed, build, load_settings
from pelican_collab.engine.kept import RECORD_NAME, Inputs, canonical, loaded_code, site_fingerprint
from pelican_collab.translation.freshness import StatusReport, stamp
from pelican_collab.translation.side_by_side import SideBySide

from .conftest import FixtureSite

CACHED = """
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
COLLAB_KEEP_UNCHANGED = True
CACHE_PATH = "cache"
COLLAB_WORKERS = 1
THEME_TEMPLATES_OVERRIDES = ["templates"]
PLUGIN_PATHS = ["."]
PLUGINS = ["pelican_collab", "site_plugin"]
COLLAB_PARTNERS = [{"key": "north", "name": "Nordby Kommune"}]
COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/"
"""
CONTACTS = """\
[contacts.ada]
name = "Ada Jensen"
partner = "north"
title = "Kontorchef"
email = "ada@example.org"
phone = "11 22 33 44"
"""
#: The site's own plugin: it fails a build at its very end when asked to.
SITE_PLUGIN = """\
from pathlib import Path

from pelican import signals


def register():
    signals.finalized.connect(fail_when_asked)


def fail_when_asked(pelican):
    if Path("fail-at-the-end").exists():
        raise RuntimeError("asked to fail at the end")
"""
#: Every output that belongs to one translation group (the rest is rendered every time).
DANISH_HOME = {"index.html"}
ENGLISH_HOME = {"en/index.html", "en/parallel/index.html"}
NARRATIVE = {
    "grundfortaelling/index.html",
    "en/core-narrative/index.html",
    "en/parallel/grundfortaelling.html",
}
ONLY_DANISH = {"kun-dansk/index.html", "en/kun-dansk/index.html"}  # the original and its English stand-in
GROUP_OUTPUTS = DANISH_HOME | ENGLISH_HOME | NARRATIVE | ONLY_DANISH
ALWAYS = {"translation-status/index.html", "404.html", "en/404.html"}


@pytest.fixture
def cached(two_language_site: FixtureSite, editing_build: Callable) -> FixtureSite:
    """The two-language site plus an untranslated page and contacts, with the content
    cache on, a (still empty) folder of template overrides and a plugin of its own."""
    site = two_language_site
    site.editing_build = editing_build
    site.settings(CACHED)
    site.page("da/kun-dansk.md", "Title: Kun på dansk\nSlug: kun-dansk\n\nTeksten.\n")
    (site.content / "contacts.toml").write_text(CONTACTS, encoding="utf-8")
    site.page("da/index.md", "Title: Forside\nModified: 2026-11-27\nContacts: ada\n\nVelkommen.\n")
    (site.root / "templates").mkdir()
    (site.root / "site_plugin.py").write_text(SITE_PLUGIN, encoding="utf-8")
    editing_build()
    return site


def files(output: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(output).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in output.rglob("*")
        if path.is_file()
    }


def rendered_by(site: FixtureSite, action: Callable[[], object]) -> set[str]:
    """The output files ``action`` wrote (their time changed)."""
    before = files(site.output)
    action()
    after = files(site.output)
    return {name for name, (_, time) in after.items() if before.get(name, (b"", None))[1] != time}


def rebuild(site: FixtureSite, **overrides) -> set[str]:
    """Build again as the editing loop does; the output files the build rendered."""
    return rendered_by(site, lambda: site.editing_build(overrides))


def assert_as_full_build(site: FixtureSite) -> None:
    """The output is what a clean build writes (from scratch, into another folder)."""
    full = site.root / "full"
    build(site.settings_file, {"OUTPUT_PATH": str(full), "CACHE_PATH": str(site.root / "full-cache")})
    expected = {name: data for name, (data, _) in files(full).items()}
    found = {name: data for name, (data, _) in files(site.output).items()}
    assert found.keys() == expected.keys()
    assert [name for name in expected if found[name] != expected[name]] == []


def test_an_unchanged_site_keeps_every_page_and_renders_the_rest(cached: FixtureSite) -> None:
    assert set(files(cached.output)) >= GROUP_OUTPUTS
    rendered = rebuild(cached)
    assert rendered & GROUP_OUTPUTS == set()
    assert rendered >= ALWAYS  # tied to no single group: rendered every time
    assert (cached.root / "cache" / RECORD_NAME).is_file()
    assert_as_full_build(cached)


def edit_body(site: FixtureSite) -> None:
    path = site.content / "da" / "grundfortaelling.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")


def edit_title(site: FixtureSite) -> None:
    site.page("da/kun-dansk.md", "Title: Kun på dansk (ny titel)\nSlug: kun-dansk\n\nTeksten.\n")


def edit_contacts(site: FixtureSite) -> None:
    (site.content / "contacts.toml").write_text(
        CONTACTS.replace("11 22 33 44", "99 88 77 66"), encoding="utf-8"
    )


def edit_settings(site: FixtureSite) -> None:
    site.settings(CACHED + 'COLLAB_SITENAMES = {"da": "Nyt navn", "en": "New name"}\n')


def add_override(site: FixtureSite) -> None:
    (site.root / "templates" / "page.html").write_text(
        '{% extends "!theme/page.html" %}{% block head %}<meta name="x-site" content="1">{% endblock %}\n',
        encoding="utf-8",
    )


def edit_plugin(site: FixtureSite) -> None:
    (site.root / "site_plugin.py").write_text(SITE_PLUGIN + "# edited\n", encoding="utf-8")


def stamp_translations(site: FixtureSite) -> None:
    stamp(
        load_settings(site.settings_file),
        [site.content / "da" / "grundfortaelling.md"],
        all_translations=True,
    )


def add_page(site: FixtureSite) -> None:
    site.page("da/ny-side.md", "Title: Ny side\n\nNy.\n")


def tamper_with_output(site: FixtureSite) -> None:
    path = site.output / "en" / "index.html"
    path.write_text(path.read_text(encoding="utf-8") + "<!-- edited by hand -->", encoding="utf-8")


def delete_output(site: FixtureSite) -> None:
    (site.output / "grundfortaelling" / "index.html").unlink()


@pytest.mark.parametrize(
    ("change", "must_render", "may_keep"),
    [
        # A page's text: its own outputs, its translation's (stale notice) and the parallel view.
        (edit_body, NARRATIVE, DANISH_HOME | ENGLISH_HOME | ONLY_DANISH),
        # What a link to a page shows, the contacts, the settings, the templates, the code:
        # every page may show it.
        (edit_title, GROUP_OUTPUTS, set()),
        (edit_contacts, GROUP_OUTPUTS, set()),
        (edit_settings, GROUP_OUTPUTS, set()),
        (add_override, GROUP_OUTPUTS, set()),
        (edit_plugin, GROUP_OUTPUTS, set()),
        (add_page, GROUP_OUTPUTS, set()),
        # A translator's stamp changes that group's notices only.
        (stamp_translations, {"en/core-narrative/index.html"}, DANISH_HOME | ENGLISH_HOME | ONLY_DANISH),
        # An output that is no longer what the last build wrote.
        (tamper_with_output, {"en/index.html"}, DANISH_HOME | NARRATIVE | ONLY_DANISH),
        (delete_output, {"grundfortaelling/index.html"}, DANISH_HOME | ENGLISH_HOME | ONLY_DANISH),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_change_renders_what_it_reaches_and_the_output_is_as_a_full_build(
    cached: FixtureSite, change, must_render: set[str], may_keep: set[str]
) -> None:
    rebuild(cached)  # the record now holds every page
    change(cached)
    rendered = rebuild(cached)
    assert must_render <= rendered
    assert rendered & may_keep == set()
    assert_as_full_build(cached)


def test_a_template_that_reads_every_page_is_rendered_every_time(cached: FixtureSite) -> None:
    (cached.root / "templates" / "page.html").write_text(
        '{% extends "!theme/page.html" %}{% block head %}<meta name="x-pages" content="{{ pages|length }}">'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    rebuild(cached)
    rendered = rebuild(cached)
    pages = {"index.html", "en/index.html", "grundfortaelling/index.html", "en/core-narrative/index.html"}
    assert pages <= rendered
    assert rendered & {"en/parallel/index.html", "en/kun-dansk/index.html"} == set()
    assert 'content="5"' in (cached.output / "index.html").read_text(encoding="utf-8")


def test_a_build_for_publishing_renders_everything_whatever_the_settings_say(cached: FixtureSite) -> None:
    rebuild(cached)
    assert (
        rendered_by(cached, cached.build) >= GROUP_OUTPUTS
    )  # invoke build, publish …: COLLAB_KEEP_UNCHANGED = True
    # Its files are not the ones the record describes: the editing loop renders them once more.
    assert rebuild(cached) >= GROUP_OUTPUTS
    assert not rebuild(cached) & GROUP_OUTPUTS


def test_workers_keep_and_render_the_same(cached: FixtureSite) -> None:
    cached.settings(CACHED + "COLLAB_WORKERS = 2\n")
    rebuild(cached)
    edit_body(cached)
    rendered = rebuild(cached)
    assert rendered >= NARRATIVE
    assert rendered & (DANISH_HOME | ENGLISH_HOME | ONLY_DANISH) == set()
    assert_as_full_build(cached)


def test_pelicans_own_command_keeps_pages_in_place(
    cached: FixtureSite, pelican_command_logging: None
) -> None:
    """``pelican`` writes into the output folder itself (no staging folder), and keeps
    unchanged outputs when the site sets COLLAB_KEEP_UNCHANGED itself."""

    def pelican_command() -> None:
        sys.modules.pop("site_plugin", None)
        pelican_main(["--settings", str(cached.settings_file), "--quiet"])

    pelican_command()  # the record now describes its output
    edit_body(cached)
    rendered = rendered_by(cached, pelican_command)
    assert rendered >= NARRATIVE
    assert rendered & (DANISH_HOME | ENGLISH_HOME | ONLY_DANISH) == set()
    assert_as_full_build(cached)


def test_a_build_that_fails_while_rendering_leaves_the_last_record(cached: FixtureSite) -> None:
    rebuild(cached)
    edit_body(cached)
    (cached.root / "templates" / "translation_status.html").write_text("{{ 1/0 }}", encoding="utf-8")
    with pytest.raises(BuildFailed, match="division by zero"):
        cached.editing_build()
    (cached.root / "templates" / "translation_status.html").unlink()
    assert rebuild(cached) >= NARRATIVE
    assert_as_full_build(cached)


def test_a_build_that_fails_after_its_record_keeps_nothing_wrongly(cached: FixtureSite) -> None:
    """The record then describes files the failed build wrote and threw away: their
    times do not match the output that stayed, so those are rendered again; the
    files it kept are the output's own."""
    rebuild(cached)
    edit_body(cached)
    record = cached.root / "cache" / RECORD_NAME
    written = record.stat().st_mtime_ns
    (cached.root / "fail-at-the-end").touch()
    with pytest.raises(BuildFailed, match="asked to fail at the end"):
        cached.editing_build()
    assert record.stat().st_mtime_ns != written  # the failed build did record its outputs
    (cached.root / "fail-at-the-end").unlink()
    rendered = rebuild(cached)
    assert rendered >= NARRATIVE
    assert rendered & (DANISH_HOME | ENGLISH_HOME | ONLY_DANISH) == set()
    assert_as_full_build(cached)


def test_descriptions_are_equal_for_equal_values_and_unique_for_unknown_ones() -> None:
    assert canonical({"b": [1, 2], "a": (3,)}) == canonical({"a": (3,), "b": [1, 2]})
    assert canonical([1, 2]) != canonical((1, 2))

    def first(text):
        return text.upper()

    def second(text):
        return text.lower()

    assert canonical(first) == canonical(first)
    assert canonical(first) != canonical(second)
    thing = object()
    assert canonical(thing) != canonical(thing)  # cannot be described: never equal, so never kept


def test_an_output_made_from_a_page_outside_its_group_is_never_kept() -> None:
    """A parallel view of an original and a page its group does not hold (a draft
    translation, say) is not described by the group's fingerprint: never kept."""
    settings = copy.deepcopy(DEFAULT_CONFIG)

    def page(lang: str) -> Page:
        made = Page(
            "<p>Tekst.</p>", {"title": "T", "lang": lang}, settings=settings, source_path=f"{lang}/k.md"
        )
        made.translation_key, made.collab = "k", object()
        return made

    original, translation, draft = page("da"), page("en"), page("en")
    inputs = object.__new__(Inputs)  # only what choosing the group reads
    inputs._context, inputs._groups = {}, {"k": {"da": original, "en": translation}}
    inputs._templates = {("parallel.html", frozenset({"rows"})): True}
    inputs._site, inputs._group_prints = "site", {"k": "group"}
    template = types.SimpleNamespace(name="parallel.html")
    report = StatusReport("da", ())

    def fingerprint(other: Page) -> str | None:
        rows = SideBySide(original, other, None, report)
        return inputs.of(template, inputs._context, "en/parallel/k.html", False, {"rows": rows})

    assert fingerprint(translation) is not None
    assert fingerprint(draft) is None


def test_a_record_that_cannot_be_saved_warns_and_the_build_goes_on(
    cached: FixtureSite, caplog: pytest.LogCaptureFixture
) -> None:
    (cached.root / "cache" / f"{RECORD_NAME}.partial").mkdir()  # in the way of the new record
    edit_body(cached)
    assert rebuild(cached) >= NARRATIVE
    assert any("Could not save" in record.getMessage() for record in caplog.records)
    assert_as_full_build(cached)


def test_a_kept_file_that_cannot_be_carried_over_is_rendered(
    cached: FixtureSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(cached)

    def refuse(*args, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr(reuse.shutil, "copy2", refuse)
    assert rebuild(cached) >= GROUP_OUTPUTS
    assert_as_full_build(cached)


def test_a_site_whose_templates_cannot_be_listed_is_never_described_alike() -> None:
    def fingerprint(loader) -> str:
        generator = types.SimpleNamespace(env=Environment(loader=loader), context={}, settings={})
        site = types.SimpleNamespace(catalogs={}, contacts_file=None)
        return site_fingerprint(generator, site, {"software": "s", "modules": {}, "settings": "x"})

    listed = DictLoader({"page.html": "{{ page.title }}"})
    assert fingerprint(listed) == fingerprint(listed)
    assert fingerprint(listed) != fingerprint(DictLoader({"page.html": "{{ page.title|upper }}"}))
    unlisted = FunctionLoader(lambda name: "{{ page.title }}")  # cannot list its templates
    assert fingerprint(unlisted) != fingerprint(unlisted)


def test_loaded_code_is_every_module_outside_the_standard_library_and_the_distributions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    import jinja2

    import pelican_collab

    module = tmp_path / "site_helpers_for_kept.py"
    module.write_text("VALUE = 1\n", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(module, (an_hour_ago, an_hour_ago))  # written before this process started
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "site_helpers_for_kept", raising=False)
    __import__("site_helpers_for_kept")
    found = loaded_code()
    assert str(module) in found
    assert not any(path == os.path.realpath(json.__file__) for path in found)  # the standard library
    assert not any(path == os.path.realpath(jinja2.__file__) for path in found)  # an installed distribution
    if not os.path.realpath(pelican_collab.__file__).startswith(os.path.realpath(sys.prefix)):
        assert os.path.realpath(pelican_collab.__file__) in found  # installed from a checkout
    first = found[str(module)]
    assert loaded_code()[str(module)] == first
    # Changed after this process loaded it: Python runs the old code, so the
    # module cannot be described by its file (unique every time).
    module.write_text("VALUE = 2\n", encoding="utf-8")
    again = loaded_code()[str(module)]
    assert again != first and again != loaded_code()[str(module)]


# ---------------------------------------------------------------------------
# Random edits of every kind a site can make, each checked against a clean build

EDITED_SETTINGS = """
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the site's own modules
from helpers import decorate

JINJA_FILTERS = {{"decorate": lambda text: decorate(text)}}
THEME_TEMPLATES_OVERRIDES = ["templates"]
PLUGIN_PATHS = ["."]
PLUGINS = ["pelican_collab", "site_plugin"]
COLLAB_WORKERS = 1
COLLAB_LOCALE_DIRS = ["locale"]
COLLAB_PARTNERS = [{{"key": "north", "name": "Nordby Kommune"}}]
COLLAB_ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/"
COLLAB_SITENAMES = {{"da": {site_name!r}, "en": "The site"}}
COLLAB_ACCENT_COLOUR = {accent!r}
"""
#: The site's plugin gives templates a motto from a module of its own.
MOTTO_PLUGIN = """\
from pelican import signals

import plugin_text


def register():
    signals.generator_init.connect(lambda generator: generator.env.globals.update(motto=plugin_text.MOTTO))
"""
OVERRIDE = (
    '{{% extends "!theme/page.html" %}}{{% block head %}}'
    '<meta name="x-title" content="{{{{ page.title|decorate }}}}">'
    '<meta name="x-motto" content="{{{{ motto }}}}"><meta name="x-note" content="{note}">'
    "{{% endblock %}}\n"
)
#: A theme string the site translates itself (COLLAB_LOCALE_DIRS), shown on every page.
SKIP_LINK = "Skip to main content"


class RandomEdits:
    """A site with Python code, a plugin, overrides, catalogs, contacts and stamps, and
    the edits an editor, a translator or a developer makes to it."""

    def __init__(self, site: FixtureSite, rng) -> None:
        self.site, self.rng = site, rng
        self.pages = ["grundfortaelling", "om", "projekter"]
        for key in ("om", "projekter"):
            site.page(f"da/{key}.md", f"Title: {key.capitalize()}\nContacts: ada\n\nTekst om {key}.\n")
            site.page(f"en/{key}.md", f"Title: {key.capitalize()} (en)\nContacts: ada\n\nText about {key}.\n")
        (site.content / "contacts.toml").write_text(CONTACTS, encoding="utf-8")
        (site.root / "templates").mkdir()
        (site.root / "site_plugin.py").write_text(MOTTO_PLUGIN, encoding="utf-8")
        self.settings("Nordby", "#005a8c")
        self.helpers("✦")
        self.motto("Sammen")
        self.override("første")
        self.catalog("Spring til indholdet")

    def settings(self, site_name: str, accent: str) -> None:
        self.site.settings(CACHED + EDITED_SETTINGS.format(site_name=site_name, accent=accent))

    def helpers(self, mark: str) -> None:
        text = f"def decorate(text):\n    return {mark!r} + ' ' + text\n"
        (self.site.root / "helpers.py").write_text(text, encoding="utf-8")

    def motto(self, motto: str) -> None:
        (self.site.root / "plugin_text.py").write_text(f"MOTTO = {motto!r}\n", encoding="utf-8")

    def override(self, note: str) -> None:
        (self.site.root / "templates" / "page.html").write_text(OVERRIDE.format(note=note), encoding="utf-8")

    def catalog(self, text: str) -> None:
        catalog = Catalog(locale="da", domain="messages")
        catalog.add(SKIP_LINK, text)
        folder = self.site.root / "locale" / "da" / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "messages.mo", "wb") as file:
            write_mo(file, catalog)

    def word(self) -> str:
        return self.rng.choice(["sol", "hav", "skov", "by", "bro", "eng", "fjord", "lys"]) + str(
            self.rng.randrange(1000)
        )

    def source(self, lang: str, key: str) -> Path:
        if key == "grundfortaelling":
            return self.site.content / lang / ("grundfortaelling.md" if lang == "da" else "core-narrative.md")
        return self.site.content / lang / f"{key}.md"

    # The edits -----------------------------------------------------------------

    def edit_text(self) -> str:
        path = self.source(self.rng.choice(["da", "en"]), self.rng.choice(self.pages))
        if path.exists():
            path.write_text(path.read_text(encoding="utf-8") + f"\n{self.word()}.\n", encoding="utf-8")
        return f"text of {path.name}"

    def edit_title(self) -> str:
        path = self.source(self.rng.choice(["da", "en"]), self.rng.choice(self.pages))
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            lines[0] = f"Title: {self.word().capitalize()}"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return f"title of {path.name}"

    def add_page(self) -> str:
        key = self.word()
        self.site.page(f"da/{key}.md", f"Title: {key}\n\nNy side.\n")
        if self.rng.random() < 0.5:
            self.site.page(f"en/{key}.md", f"Title: {key} (en)\nTranslation-Key: {key}\n\nNew page.\n")
        self.pages.append(key)
        return f"page {key} added"

    def delete_page(self) -> str:
        extra = [key for key in self.pages if key not in ("grundfortaelling", "om")]
        if not extra:
            return self.add_page()
        key = self.rng.choice(extra)
        self.pages.remove(key)
        for lang in ("da", "en"):
            self.source(lang, key).unlink(missing_ok=True)
        return f"page {key} deleted"

    def edit_template(self) -> str:
        self.override(self.word())
        return "template"

    def edit_settings(self) -> str:
        self.settings(self.word().capitalize(), self.rng.choice(["#005a8c", "#7a1f5c", "#1d5c2e"]))
        return "settings"

    def edit_contacts(self) -> str:
        phone = " ".join(str(self.rng.randrange(10, 100)) for _ in range(4))
        (self.site.content / "contacts.toml").write_text(
            CONTACTS.replace("11 22 33 44", phone), encoding="utf-8"
        )
        return "contacts"

    def edit_catalog(self) -> str:
        self.catalog(f"Spring til indholdet ({self.word()})")
        return "catalog"

    def stamp(self) -> str:
        translations = [self.source("en", key) for key in self.pages if self.source("en", key).exists()]
        chosen = self.rng.choice(translations)
        stamp(load_settings(self.site.settings_file), [chosen])
        return f"stamp of {chosen.name}"

    def edit_helpers(self) -> str:
        self.helpers(self.rng.choice(["✦", "★", "→", "•", "§"]) + self.word())
        return "helpers.py (imported by the settings file)"

    def edit_plugin_module(self) -> str:
        self.motto(self.word())
        return "plugin_text.py (imported by the plugin)"

    def edit_plugin(self) -> str:
        text = MOTTO_PLUGIN.replace("motto=plugin_text.MOTTO", f"motto=plugin_text.MOTTO + ' {self.word()}'")
        (self.site.root / "site_plugin.py").write_text(text, encoding="utf-8")
        return "site_plugin.py"

    def edits(self) -> list[Callable[[], str]]:
        return [
            self.edit_text,
            self.edit_title,
            self.add_page,
            self.delete_page,
            self.edit_template,
            self.edit_settings,
            self.edit_contacts,
            self.edit_catalog,
            self.stamp,
            self.edit_helpers,
            self.edit_plugin_module,
            self.edit_plugin,
        ]


def test_random_edits_of_every_kind_give_what_a_clean_build_gives(
    two_language_site: FixtureSite, editing_build: Callable
) -> None:
    import random

    site = two_language_site
    site.editing_build = editing_build
    rng = random.Random(20261201)
    edits = RandomEdits(site, rng)
    editing_build()
    editing_build()
    assert "Spring til indholdet" in site.html("index.html")  # the site's own catalog is used
    kinds = edits.edits()
    # Every kind at least twice, in a random order, then random ones: 36 edits in all.
    plan = [*kinds, *kinds] + [rng.choice(kinds) for _ in range(12)]
    rng.shuffle(plan)
    kept_somewhere = 0
    for number, edit in enumerate(plan, start=1):
        what = edit()
        rendered = rebuild(site)
        kept_somewhere += len(GROUP_OUTPUTS & (set(files(site.output)) - rendered)) > 0
        try:
            assert_as_full_build(site)
        except AssertionError as failure:
            raise AssertionError(f"edit {number} ({what}): output differs from a clean build") from failure
    assert kept_somewhere >= 5  # the edits that reach one group only kept the others' outputs
