"""One Pelican run of a pelican-collab site, and the signal handlers that lead to it.

Pelican makes a :class:`Run` for every build through its ``get_generators``
signal, as it makes its own generators; the run is the plugin's only state and
lives exactly as long as the build. The handlers before it (readers, page
placement, templates) need nothing but the validated settings
(``settings["COLLAB_SITE"]``, put there while Pelican is configured); after
Pelican has read every page, ``all_generators_finalized`` hands the run the
pages generator, and the run pairs and annotates the pages, then writes what
the plugin adds besides them when Pelican asks it to (``generate_output``).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.contents import Content, Page, SkipStub
from pelican.generators import PagesGenerator

from .engine import kept, pelican_compat, workers
from .engine.reader import install_readers, prepare_pages
from .engine.writer import Writer
from .errors import CollabError, MetadataError, display_path
from .extras import PageExtras
from .site import alternates, catalogs, contacts, furniture, languages, lastmodified, locations, pairing
from .site.metadata import is_placeholder, metadata_line, metadata_lines
from .site.settings import Site, configure
from .translation import freshness, report, side_by_side, standins

logger = logging.getLogger(__name__)


# Signals are process-wide: a Pelican instance that does not list this plugin
# (a benchmark contender in the same process, say) must pass untouched.
def site_of(settings: dict[str, Any]) -> Site | None:
    return settings.get("COLLAB_SITE")


def on_initialized(pelican: Any) -> None:
    if not any(getattr(plugin, "__name__", "") == "pelican_collab" for plugin in pelican.plugins):
        return
    settings = pelican.settings
    site = configure(settings)
    pelican_compat.one_line_errors_in_pelicans_command()
    # Pelican's content cache holds HTML made by the code and settings of the
    # build that wrote it: after they changed, the pages are read afresh.
    if site.keep_unchanged and settings.get("LOAD_CONTENT_CACHE") and not kept.reading_unchanged(settings):
        settings["LOAD_CONTENT_CACHE"] = False


def on_get_generators(pelican: Any) -> type | None:
    return Run if site_of(pelican.settings) else None


def on_get_writer(pelican: Any) -> type | None:
    return Writer if site_of(pelican.settings) else None


def on_readers_init(readers: Any) -> None:
    if site_of(readers.settings):
        install_readers(readers)


def on_page_generator_init(generator: Any) -> None:
    site = site_of(generator.settings)
    if site:
        prepare_pages(generator, site.workers, site.worker_timeout)


def on_page_generator_context(generator: Any, metadata: dict[str, Any]) -> None:
    """Before Pelican makes a page: its language, translation key and address."""
    site = site_of(generator.settings)
    if site:
        locations.place(site, generator.settings, metadata)


def on_content_object_init(content: Any) -> None:
    site = site_of(content.settings)
    if site and isinstance(content, Page) and hasattr(content, "translation_key"):
        # Every attribute the plugin gives a page is set here, while Pelican
        # is still creating pages: CPython sizes each new instance's attribute
        # table for the names its class has seen so far, and a name first
        # added later makes every page carry a table of its own (~1.3 KB a page).
        content.language = site.language(content.lang)
        content.collab = PageExtras(content, site)


def on_generator_init(generator: Any) -> None:
    site = site_of(generator.settings)
    if not site:
        return
    env = generator.env
    # Every template escapes what it prints, the site's own overrides too;
    # pages' HTML reaches them as safe markup (see pelican_compat.markup_content).
    env.autoescape = True
    pelican_compat.markup_content(env)
    # Templates do not change during a build: no file checks on every render.
    env.auto_reload = False
    # Compiled templates are kept between builds (Jinja's own cache, in the
    # system's temporary folder, keyed by the template's source). Without a
    # usable temporary folder the build just compiles them again.
    with contextlib.suppress(OSError, RuntimeError):
        env.bytecode_cache = FileSystemBytecodeCache()
    catalogs.install(env)


def on_all_generators_finalized(generators: list[Any]) -> None:
    run = next((g for g in generators if isinstance(g, Run)), None)
    pages = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    if run is not None and pages is not None:
        run.finalize(pages)


class Run:
    """The plugin's state for one build: made by Pelican (``get_generators``) with
    the build's shared context and settings, given the pages once they are read."""

    def __init__(
        self,
        context: dict[str, Any],
        settings: dict[str, Any],
        path: str,
        theme: str,
        output_path: str,
        **_: Any,
    ) -> None:
        self.site: Site = settings["COLLAB_SITE"]
        self.settings, self.context, self.output_path = settings, context, output_path
        # Links between pages ({filename}…) are path-absolute, as the theme's own.
        pelican_compat.set_content_link_base(context, self.site.base_path)
        # The freshness check reads every source and every stamp: in a process
        # of its own, while Pelican reads the pages.
        self._status = workers.InBackground(
            functools.partial(freshness.translation_status, settings),
            forked=self.site.workers > 1,
            what="the translation check",
            timeout=self.site.worker_timeout,
        )
        self.pages_generator: PagesGenerator | None = None
        self.groups: dict[str, dict[str, Page]] = {}
        self.stand_ins: dict[str, dict[str, standins.StandIn]] = {}
        self.report: freshness.StatusReport | None = None
        self.contact_hrefs: dict[str, str] = {}
        self._answers: workers.InBackground | None = None

    # Pelican calls these on every generator.
    def generate_context(self) -> None:
        """Nothing to read: the run works on the pages generator's pages (see :meth:`finalize`)."""

    def generate_output(self, writer: Any) -> None:
        """After the pages: stand-ins, side-by-side views, the editors' report, the furniture."""
        if self.pages_generator is None:
            return
        if self._answers is not None:
            known = self._answers.result()
            for language in self.site.languages:
                language.learn(known[language.code])
        write = functools.partial(self._write, writer)
        if self.site.every_language_in_folder:
            write(
                "index.html",
                "languages",
                collab_lang=self.site.default.code,
                chooser=alternates.chooser(self.site),
            )
        self._write_translation_pages(write)
        furniture.write_all(
            self.site,
            self.pages,
            self.contact_hrefs,
            Path(self.output_path),
            self.pages_generator.env.get_template("collab.css").render(accent=self.site.accent),
            write,
        )
        if isinstance(writer, Writer):
            keep = kept.Reuse(self, writer.output_path) if self.site.keep_unchanged else None
            writer.flush(keep)

    # The pages ------------------------------------------------------------------

    @property
    def pages(self) -> list[Page]:
        """Every page that is written: published and hidden (drafts are not paired)."""
        generator = self.pages_generator
        return [*generator.pages, *generator.hidden_pages] if generator else []

    def finalize(self, pages_generator: PagesGenerator) -> None:
        """Pair and annotate the pages once Pelican has read them all."""
        self.pages_generator = pages_generator
        self._refuse_failed_sources(pages_generator)
        site = self.site
        pages = self.pages
        self.groups = groups = pairing.pair(pages)
        self.stand_ins = standins.stand_ins(groups, site)
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
        people = contacts.load_contacts(
            site.contacts_file,
            {partner.key: partner for partner in site.partners},
            [language.code for language in site.languages],
            site.phone_country_code,
        )
        self.report = status = self._status.result()
        report.apply_policy(status, site, logger)
        for key, group in groups.items():
            stand_ins = self.stand_ins.get(key, {})
            for page in group.values():
                extras = page.collab
                extras.group, extras.stand_ins = group, stand_ins
                extras.last_updated = lastmodified.last_updated(page, commit_dates)
                extras.contacts = contacts.contacts_of(page, people, pairing.source_name(page))
        # The footer's contact link: the contact cards on the home page of the language.
        self.contact_hrefs = {
            lang: f"{home.collab.href}#contacts" for lang, home in homes.items() if home.collab.contacts
        }
        rows = {(row.key, row.language): row for row in status.rows}
        for key, group in groups.items():
            for lang, page in group.items():
                page.collab.contact_href = self.contact_hrefs.get(lang)
                page.collab.translation_notice = report.notice(page, group, rows.get((key, lang)), site)
        # Worked out while the pages are queued, so that the processes that render
        # them need not load CLDR's data (see languages.Language).
        if site.workers > 1:
            self._answers = workers.InBackground(
                functools.partial(languages.work_out, site.languages, _dates_shown(groups)),
                forked=True,
                what="dates and language names (CLDR)",
                timeout=site.worker_timeout,
            )

    def _refuse_failed_sources(self, generator: PagesGenerator) -> None:
        """Pelican logs and skips a source it cannot make a page of; the build stops instead.

        The sources Pelican looked at and the pages it made are compared; a
        source without a page is read again to find out why (only such sources).
        """
        made = {os.path.normpath(page.source_path) for page in self.pages}
        made.update(os.path.normpath(page.source_path) for page in generator.draft_pages)
        expected = generator.get_files(self.settings["PAGE_PATHS"], exclude=self.settings["PAGE_EXCLUDES"])
        for relative in sorted(expected):
            path = os.path.normpath(os.path.join(generator.path, relative))
            if path not in made:
                problem = _why_not_a_page(generator, relative, path)
                if problem:
                    raise CollabError(problem)

    # Writing ----------------------------------------------------------------------

    def _write(self, writer: Any, name: str, template: str, **variables: Any) -> None:
        assert self.pages_generator is not None
        writer.write_file(name, self.pages_generator.get_template(template), self.context, **variables)

    def _write_translation_pages(self, write: Any) -> None:
        site, status = self.site, self.report
        assert status is not None
        rows = {(row.key, row.language): row for row in status.rows}
        for stand_ins in self.stand_ins.values():
            for lang, stand_in in stand_ins.items():
                write(
                    stand_in.save_as,
                    "fallback",
                    collab_lang=lang,
                    collab_contact_href=self.contact_hrefs.get(lang),
                    fallback=stand_in,
                )
        for key, group in self.groups.items():
            for lang, page in group.items():
                original = side_by_side.original_of(page, group, site)
                if original is None:
                    continue
                write(
                    side_by_side.side_by_side_url(page) + "index.html",
                    "parallel",
                    collab_lang=lang,
                    collab_contact_href=self.contact_hrefs.get(lang),
                    original=original,
                    translation=page,
                    rows=side_by_side.SideBySide(original, page, rows.get((key, lang)), status),
                )
        write(
            report.REPORT_PAGE,
            "translation_status",
            collab_lang=site.default.code,
            collab_contact_href=self.contact_hrefs.get(site.default.code),
            report=status,
            groups=self.groups,
            switcher=alternates.home_switcher(site, site.default),
        )


def _why_not_a_page(generator: PagesGenerator, relative: str, path: str) -> str | None:
    """Why Pelican made no page of a source, or None when that was right (``Status: skip``)."""
    header = {key: value for _, key, value in metadata_lines(path)}
    if header.get("status", "").lower() == "skip" or is_placeholder(header):
        return None
    name = display_path(path)
    try:
        content = generator.readers.read_file(
            base_path=generator.path,
            path=relative,
            content_class=Page,
            context=generator.context,
            context_signal=signals.page_generator_context,
            context_sender=generator,
        )
    except MetadataError as error:
        return f"{name}:{metadata_line(path, error.key)}: {error}"
    except CollabError as error:
        return str(error)
    except Exception as error:  # the reader's own message, with the file's name
        return f"{name}: {type(error).__name__}: {error}"
    if isinstance(content, SkipStub):
        return None
    if not isinstance(content, Content) or not getattr(content, "title", None):
        return f"{name}: every page needs a Title: line"
    status = getattr(content, "status", None)
    allowed = getattr(content, "allowed_statuses", ())
    if status not in allowed:
        return f"{name}: Status: {status} is not one of {', '.join(allowed)}"
    return f"{name}: Pelican made no page of it (pelican --debug shows why)"


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
