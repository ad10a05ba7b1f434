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

from .engine import pelican_compat, workers
from .engine.reader import install_readers, prepare_pages
from .engine.writer import Writer
from .errors import CollabError, MetadataError, display_path
from .extras import PageExtras
from .site import (
    alternates,
    catalogs,
    contacts,
    furniture,
    languages,
    lastmodified,
    locations,
    navigation,
    pairing,
    sources,
)
from .site.metadata import header_lines, is_placeholder, metadata_line, metadata_lines, read_page_text
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
    # Before configuring, so that bad settings too are one line under plain `pelican`.
    pelican_compat.one_line_errors_in_pelicans_command()
    site = configure(settings)
    if site.keep_unchanged:
        # Imported only for the editing loop: a build for publishing keeps nothing.
        from .engine import kept

        # Pelican's content cache holds HTML made by the code and settings of the
        # build that wrote it: after they changed, the pages are read afresh.
        if settings.get("LOAD_CONTENT_CACHE") and not kept.reading_unchanged(settings):
            settings["LOAD_CONTENT_CACHE"] = False


def on_get_generators(pelican: Any) -> type | None:
    settings = pelican.settings
    if not site_of(settings):
        return None
    # Once per build, before any generator is made (the pages generator starts
    # reading as it is made): no symlink out of the content folder, no loop,
    # no page Pelican would silently leave out.
    sources.check_content_tree(
        Path(settings["PATH"]), settings["IGNORE_FILES"], settings["COLLAB_ALLOW_SYMLINKS_OUTSIDE_CONTENT"]
    )
    return Run


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
    # Every template escapes what it prints, the site's own overrides too.
    env.autoescape = True
    if _has_templates_of_its_own(generator.settings):
        # Written the way Pelican's themes are (`{{ page.content }}`), they get
        # pages' HTML as safe markup; the theme's own templates say `|safe`,
        # and are spared the lookup this costs on every attribute.
        pelican_compat.markup_content(env)
    # Templates do not change during a build: no file checks on every render.
    env.auto_reload = False
    # Compiled templates are kept between builds (Jinja's own cache, in the
    # system's temporary folder, keyed by the template's source). Without a
    # usable temporary folder the build just compiles them again.
    with contextlib.suppress(OSError, RuntimeError):
        env.bytecode_cache = FileSystemBytecodeCache()
    catalogs.install(env)


def _has_templates_of_its_own(settings: dict[str, Any]) -> bool:
    """Whether the site renders with templates besides the bundled theme's."""
    from . import theme_path

    theme = os.path.realpath(settings.get("THEME") or "")
    return bool(settings.get("THEME_TEMPLATES_OVERRIDES")) or theme != os.path.realpath(theme_path())


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
            functools.partial(_status_with_words, settings),
            forked=self.site.workers > 1,
            what="the translation check",
            timeout=self.site.worker_timeout,
            low_priority=True,
        )
        self.pages_generator: PagesGenerator | None = None
        self.groups: dict[str, dict[str, Page]] = {}
        self.stand_ins: dict[str, dict[str, standins.StandIn]] = {}
        self.report: freshness.StatusReport | None = None
        self.navigations: dict[str, navigation.Navigation] = {}
        self._answers: workers.InBackground | None = None

    # Pelican calls these on every generator.
    def generate_context(self) -> None:
        """Nothing to read: the run works on the pages generator's pages (see :meth:`finalize`)."""

    def generate_output(self, writer: Any) -> None:
        """After the pages: stand-ins, side-by-side views, the editors' report, the furniture."""
        if self.pages_generator is None:
            return
        # A page with an address of its own (Pelican writes it with override) would
        # silently replace what the run writes there: refuse it instead.
        taken = {os.path.normpath(page.save_as): page for page in self.pages}
        write = functools.partial(self._write, writer, taken)
        site = self.site
        if site.every_language_in_folder:
            chooser = alternates.chooser(site)
            frame = navigation.Frame(site.default, chooser.entries)
            write("index.html", "languages", collab_page=frame, chooser=chooser)
        self._write_translation_pages(write)
        self._write_all_pages(write)
        furniture.write_all(site, self.pages, self.navigations, Path(self.output_path), write)
        # Asked for only now: the helper works while the outputs above are queued.
        if self._answers is not None:
            known = self._answers.result()
            for language in self._interface_languages():
                language.learn(known[language.code])
        if isinstance(writer, Writer):
            keep = None
            if self.site.keep_unchanged:
                from .engine import kept

                keep = kept.Reuse(self, writer.output_path)
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
        placeholders = self._refuse_failed_sources(pages_generator)
        site = self.site
        pages = self.pages
        self.groups = groups = pairing.pair(pages)
        self.stand_ins = standins.stand_ins(groups, site)
        # A link to a placeholder ({filename}../index.md from a translation) leads to its stand-in.
        for relative, (key, lang) in placeholders.items():
            stand_in = self.stand_ins.get(key, {}).get(lang)
            if stand_in is not None:
                pelican_compat.add_link_target(self.context, relative, stand_in)
        homes = groups.get(site.home_key, {})
        if not homes:
            # A language that lacks only its translation of the home page gets a stand-in there.
            logger.warning(
                "%s/%s/: no home page (a page with translation key %r); links to it will not resolve",
                site.content_folder,
                site.default.code,
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
        contact_hrefs = {
            lang: f"{home.collab.href}#contacts" for lang, home in homes.items() if home.collab.contacts
        }
        rows = {(row.key, row.language): row for row in status.rows}
        # Every language's menu, worked out once; each page shows its part of it.
        self.navigations = navigation.navigations(site, groups, self.stand_ins, contact_hrefs)
        for key, group in groups.items():
            for lang, page in group.items():
                page.collab.translation_notice = report.notice(page, group, rows.get((key, lang)), site)
                page.collab.navigations = self.navigations
        # Worked out while the pages are queued, so that the processes that render
        # them need not load CLDR's data (see languages.Language).
        if site.workers > 1:
            asked = functools.partial(
                languages.work_out, self._interface_languages(), _dates_shown(groups, site)
            )
            self._answers = workers.InBackground(
                asked, forked=True, what="dates and language names (CLDR)", timeout=site.worker_timeout
            )

    def _refuse_failed_sources(self, generator: PagesGenerator) -> dict[str, tuple[str, str]]:
        """Pelican logs and skips a source it cannot make a page of; the build stops instead.

        The sources Pelican looked at and the pages it made are compared; a
        source without a page is read again to find out why (only such sources).
        Returns the placeholders among them (by path below the content folder:
        translation key and language), which Pelican rightly made no page of.
        """
        made = {os.path.normpath(page.source_path) for page in self.pages}
        made.update(os.path.normpath(page.source_path) for page in generator.draft_pages)
        expected = generator.get_files(self.settings["PAGE_PATHS"], exclude=self.settings["PAGE_EXCLUDES"])
        placeholders = {}
        for relative in sorted(expected):
            path = os.path.normpath(os.path.join(generator.path, relative))
            if path in made:
                continue
            problem = _why_not_a_page(generator, relative, path)
            if problem:
                raise CollabError(problem)
            header = {key.replace("-", "_"): value for _, key, value in metadata_lines(path)}
            if is_placeholder(header):
                source = relative.replace(os.sep, "/")
                language, _, inside = source.partition("/")
                placeholders[source] = (locations.translation_key(header, inside), language)
        return placeholders

    # Writing ----------------------------------------------------------------------

    def _write(self, writer: Any, taken: dict[str, Page], name: str, template: str, **variables: Any) -> None:
        assert self.pages_generator is not None
        page = taken.get(os.path.normpath(name))
        if page is not None:
            what = _WRITTEN_BY_THE_RUN.get(template, f"{template} page")
            raise CollabError(
                f"{display_path(page.source_path)}: its address /{page.url} is where the site's {what} "
                f"goes (/{name}); give it another Slug:"
            )
        writer.write_file(name, self.pages_generator.get_template(template), self.context, **variables)

    def _write_translation_pages(self, write: Any) -> None:
        site, status = self.site, self.report
        assert status is not None
        rows = {(row.key, row.language): row for row in status.rows}
        for stand_ins in self.stand_ins.values():
            for stand_in in stand_ins.values():
                write(stand_in.save_as, "standin", collab_page=stand_in)
        for key, group in self.groups.items():
            for lang, page in group.items():
                original = side_by_side.original_of(page, group, site)
                if original is None:
                    continue
                write(
                    side_by_side.side_by_side_url(page),
                    "parallel",
                    original=original,
                    translation=page,
                    rows=side_by_side.SideBySide(original, page, rows.get((key, lang)), status),
                )
        write(
            report.REPORT_PAGE,
            "translation_status",
            collab_page=furniture.frame(site, site.default, self.navigations),
            report=status,
            groups=self.groups,
            introduction=freshness.INTRODUCTION,  # the name a row gives the part before the first heading
        )

    def _write_all_pages(self, write: Any) -> None:
        """On a site whose menu cannot show every page: each language's page that lists them all."""
        for found in self.navigations.values():
            if found.all_pages is None:
                continue
            frame = navigation.Frame(
                found.language,
                navigation.all_pages_switcher(self.site, found.language, self.navigations),
                found.all_pages_menu(),
                found.contact_href,
            )
            write(found.all_pages.save_as, "all_pages", collab_page=frame, navigation=found)

    def _interface_languages(self) -> list[languages.Language]:
        """The site's languages and the English interface of those without a catalog."""
        found = {language.code: language for language in self.site.languages}
        for interface in self.site.interfaces.values():
            found.setdefault(interface.code, interface.language)
        return list(found.values())


#: What each template the run writes with is, as an error message names it.
_WRITTEN_BY_THE_RUN = {
    "languages": "language chooser",
    "standin": "stand-in for a missing translation",
    "parallel": "side-by-side view of a translation",
    "translation_status": "translation report",
    "all_pages": "list of all pages",
    "404": "404 page",
    "was": "link to the accessibility statement (/was/)",
}


def _status_with_words(settings: dict[str, Any]) -> freshness.StatusReport:
    """The translation status with the new words of each row (the editors' report shows them)."""
    report = freshness.translation_status(settings)
    if all(row.status == freshness.UP_TO_DATE for row in report.rows):
        return report.with_new_words({})  # nothing to count: every row has none
    # Imported only here, where words are counted: the exchange needs lxml and markdown-it.
    from .translation import exchange

    return exchange.with_new_words(settings, report)


def _why_not_a_page(generator: PagesGenerator, relative: str, path: str) -> str | None:
    """Why Pelican made no page of a source, or None when that was right (``Status: skip``)."""
    try:
        text = read_page_text(path)
    except CollabError as error:
        return str(error)
    except OSError as error:  # a dangling symlink, say
        return f"{display_path(path)}: cannot be read ({error.strerror})"
    header = {key: value for _, key, value in header_lines(text.splitlines())}
    if header.get("status", "").lower() == "skip" or is_placeholder(header):
        return None
    name = display_path(path)
    if not text.strip():
        return f"{name}: is empty; every page needs a Title: line and its text"
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


def _dates_shown(groups: dict[str, dict[str, Any]], site: Site) -> dict[str, set[date]]:
    """The dates the theme shows, by the interface language that writes them: each
    page's last update (a stand-in shows its original's) and, on a stale translation,
    its original's. (A theme that shows others gets them from Babel.)"""
    shown: dict[str, set[date]] = defaultdict(set)
    for group in groups.values():
        original = pairing.original_of_group(group, site)
        for language in site.languages:
            page = group.get(language.code)
            notice = page.collab.translation_notice if page is not None else None
            updated = (page or original).collab.last_updated
            for day in (updated, notice.updated if notice else None):
                if day is not None:
                    shown[site.interfaces[language.code].code].add(day)
    return shown
