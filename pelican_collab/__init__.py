"""pelican-collab: one Pelican run renders a multilingual narrative site.

Add ``PLUGINS = ["pelican_collab"]`` and ``THEME = theme_path()`` to a
pelicanconf; put each language's Markdown in ``content/<lang>/``.

The handlers below only wire Pelican's signals to the modules that do the
work; every piece of state they need lives in ``settings["COLLAB_SITE"]`` or on
Pelican's own page objects.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
from collections import defaultdict
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from typing import Any

from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.contents import Page

from .engine import kept as reuse
from .engine import workers as parallel
from .errors import CollabError, display_path
from .site import alternates, catalogs, contacts, furniture, languages, lastmodified, pairing
from .site.settings import configure
from .translation import freshness
from .translation import pages as translation_pages

try:
    __version__ = version("pelican-collab")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

logger = logging.getLogger(__name__)

__all__ = ["CollabError", "__version__", "register", "theme_path"]


def theme_path() -> str:
    """The folder of the bundled theme, for ``THEME = theme_path()``."""
    return str(files("pelican_collab") / "theme")


def register() -> None:
    signals.initialized.connect(_configure)
    signals.get_writer.connect(_writer)
    signals.readers_init.connect(_install_reader)
    signals.page_generator_init.connect(_prepare_pages)
    signals.generator_init.connect(_prepare_templates)
    signals.content_object_init.connect(_place_page)
    signals.page_generator_finalized.connect(_check_sources)
    signals.all_generators_finalized.connect(_pair_and_annotate)
    signals.page_writer_finalized.connect(_write_furniture)


# Signals are process-wide: a Pelican instance that does not list this plugin
# (a benchmark contender in the same process, say) must pass untouched.
def _site(settings: dict[str, Any]):
    return settings.get("COLLAB_SITE")


def _configure(pelican: Any) -> None:
    if any(getattr(plugin, "__name__", "") == __name__ for plugin in pelican.plugins):
        configure(pelican.settings)


def _writer(pelican: Any) -> type | None:
    return parallel.Writer if _site(pelican.settings) else None


def _install_reader(readers: Any) -> None:
    if _site(readers.settings):
        parallel.install_reader(readers)


def _prepare_pages(generator: Any) -> None:
    site = _site(generator.settings)
    if site:
        # The freshness check reads every source and every stamp: in a worker
        # of its own, started before the build holds the site's pages.
        settings = generator.settings
        generator.collab_status = parallel.InBackground(
            lambda: freshness.translation_status(settings), forked=site.workers > 1
        )
        parallel.prepare_pages(generator, site.workers)


def _prepare_templates(generator: Any) -> None:
    if _site(generator.settings):
        # The theme prints page.content with |safe and escapes everything else.
        generator.env.autoescape = True
        # Templates do not change during a build: no file checks on every render.
        generator.env.auto_reload = False
        # Compiled templates are kept between builds (Jinja's own cache, in the
        # system's temporary folder, keyed by the template's source). Without a
        # usable temporary folder the build just compiles them again.
        with contextlib.suppress(OSError, RuntimeError):
            generator.env.bytecode_cache = FileSystemBytecodeCache()
        catalogs.install(generator.env)


def _place_page(content: Any) -> None:
    site = _site(content.settings)
    if site and isinstance(content, Page):
        pairing.place(content, site)


def _check_sources(generator: Any) -> None:
    """Pelican logs and skips a page it cannot read; we stop the build instead."""
    if not _site(generator.settings):
        return
    failed = sorted(path for path, item in generator.context["generated_content"].items() if item is None)
    if failed:
        raise CollabError(_explain_failure(generator, failed[0]))


def _explain_failure(generator: Any, path: str) -> str:
    source = os.path.join(generator.path, path)
    name = display_path(source)
    try:
        generator.readers.read_file(
            base_path=generator.path, path=path, content_class=Page, context=generator.context
        )
    except Exception as error:  # the reader's own message, with the line when we can find it
        quoted = re.search(r"'([^']+)'", str(error))
        line = pairing.metadata_line(source, quoted.group(1)) if quoted else None
        where = f"{name}:{line}" if line else name
        return f"{where}: {error}"
    return f"{name}: is not a valid page (every page needs a Title: line)"


def _pair_and_annotate(generators: list[Any]) -> None:
    pages_generator = next((g for g in generators if hasattr(g, "hidden_pages")), None)
    if pages_generator is None or not _site(pages_generator.settings):
        return
    site = _site(pages_generator.settings)
    pages = [*pages_generator.pages, *pages_generator.hidden_pages]
    paired = pairing.check_and_pair(pages, site)
    groups = paired.groups
    homes = groups.get(site.home_key, {})
    for language in site.languages:
        if language.code not in homes:
            logger.warning(
                "%s/%s/: no home page (translation key %r); links to it will not resolve",
                site.content_folder,
                language.code,
                site.home_key,
            )
    commit_dates = None
    if any(getattr(page, "modified", None) is None for page in pages):
        commit_dates = lastmodified.git_commit_dates(pages_generator.path)
    # The build report reads this (pages per language, in the configured order).
    pages_generator.settings["COLLAB_PAGE_COUNTS"] = {
        language.code: sum(language.code in group for group in groups.values()) for language in site.languages
    }
    people = contacts.load_contacts(
        site.contacts_file,
        {partner.key: partner for partner in site.partners},
        [language.code for language in site.languages],
        site.phone_country_code,
    )
    report = pages_generator.collab_status.result()
    translation_pages.apply_policy(report, site, logger)
    for key, group in groups.items():
        fallbacks = paired.fallbacks.get(key, {})
        for page in group.values():
            extras = page.collab
            extras.group, extras.fallbacks = group, fallbacks
            extras.last_updated = lastmodified.last_updated(page, commit_dates)
            extras.contacts = contacts.contacts_of(page, people, pairing.source_name(page))
    # The footer's contact link: the contact cards on the home page of the language.
    contact_hrefs = {
        lang: f"{home.collab.href}#contacts" for lang, home in homes.items() if home.collab.contacts
    }
    for page in pages:
        page.collab.contact_href = contact_hrefs.get(page.lang)
    pages_generator.collab_contact_hrefs = contact_hrefs
    translation_pages.annotate(paired, report, site)
    # Worked out while the pages are queued, so that the processes that render
    # them need not load CLDR's data (see languages.Language).
    pages_generator.collab_answers = (
        parallel.InBackground(
            functools.partial(languages.work_out, site.languages, _dates_shown(groups)), forked=True
        )
        if site.workers > 1
        else None
    )
    # For the writing stage (stand-ins, parallel views, the editors' report).
    pages_generator.collab_pairing = paired
    pages_generator.collab_report = report


def _dates_shown(groups: dict[str, dict[str, Any]]) -> dict[str, set[date]]:
    """The dates the theme shows, by language: each page's last update and, on a
    stale translation, its original's. (A theme that shows others gets them from Babel.)"""
    shown: dict[str, set[date]] = defaultdict(set)
    for group in groups.values():
        for lang, page in group.items():
            notice = page.collab.translation_notice
            for day in (page.collab.last_updated, notice.updated if notice else None):
                if day is not None:
                    shown[lang].add(day)
    return shown


def _write_furniture(generator: Any, writer: Any) -> None:
    """After the pages: the language chooser (folder mode), then the site furniture."""
    site = _site(generator.settings)
    if not site:
        return
    answers = getattr(generator, "collab_answers", None)
    if answers is not None:
        known = answers.result()
        for language in site.languages:
            language.learn(known[language.code])
    if site.every_language_in_folder:
        writer.write_file(
            "index.html",
            generator.get_template("languages"),
            generator.context,
            collab_lang=site.default.code,
            chooser=alternates.chooser(site),
        )
    furniture.write_all(generator, writer, site, [*generator.pages, *generator.hidden_pages])
    translation_pages.write_all(generator, writer, site)
    if isinstance(writer, parallel.Writer):
        writer.flush(reuse.Reuse(generator, site, writer.output_path) if site.keep_unchanged else None)
