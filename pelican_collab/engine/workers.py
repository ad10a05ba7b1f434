"""Reading and writing on every core.

Pelican converts one Markdown file after another and renders one page after
another, so a build uses one core however many the machine has. Both halves
are independent per file, so the plugin shares them out:

* :class:`MarkdownReader` converts every page source in forked worker
  processes when the pages generator is set up; Pelican then asks it for each
  file as usual and gets the prepared result. It also keeps one Markdown
  instance per process (``Markdown.reset()`` between documents, as
  Python-Markdown documents) instead of building a new one per file.
* :class:`Writer` collects the pages to write and renders them in forked
  workers once the pages generator has handed over its last page.

Both only ever do work Pelican would do anyway, in the same way, and fall
back to doing it in the build's own process: a file a worker could not convert
is converted again on demand (so a broken file fails with Pelican's own error),
and a page a worker could not render is rendered again in the build process so
that its error surfaces there. Workers are forked, so they share the build's
memory copy-on-write and nothing is pickled but results; where ``fork`` is not
available (Windows, and macOS where it is unsafe) everything stays in one process.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import sys
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from markdown import Markdown
from pelican import readers as pelican_readers
from pelican import signals
from pelican import writers as pelican_writers
from pelican.utils import get_relative_path, path_to_url, pelican_open, sanitised_join

logger = logging.getLogger(__name__)


def usable_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def run_shared(
    items: Sequence[Any], work: Callable[[Sequence[Any]], Any], workers: int, share_here: bool = True
) -> list[tuple[Sequence[Any], Any]]:
    """``work`` on ``workers`` interleaved shares of ``items``, one of them in
    this process unless ``share_here`` is false (then this process only waits).

    Returns each share with its result; the result is None when the worker
    failed or died (the caller then does that share's work itself and meets
    the error there), so ``work`` must not return None.
    """
    shares = [items[number::workers] for number in range(workers)]
    forked = shares[1:] if share_here else shares
    running = [_Forked(functools.partial(work, share)) for share in forked]
    try:
        own = [(shares[0], work(shares[0]))] if share_here else []
        return [*own, *((share, fork.result()) for share, fork in zip(forked, running, strict=True))]
    finally:  # also when this process's own share raised: no worker outlives the call
        for fork in running:
            fork.stop()


class _Forked:
    """``work()`` in a forked process, answering through a pipe."""

    def __init__(self, work: Callable[[], Any]) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_result, args=(work, sender), daemon=True)
        self._process.start()
        sender.close()

    def result(self) -> Any:
        """The answer, or None when the work raised or the process died."""
        try:
            return self._receiver.recv()
        except (EOFError, OSError):  # died before it answered, or stopped already
            return None
        finally:
            self.stop()

    def stop(self) -> None:
        self._receiver.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _send_result(work: Callable[[], Any], sender: Any) -> None:
    try:
        result = work()
    except Exception:  # the caller does this work itself and meets the error there
        result = None
    sender.send(result)
    sender.close()


class InBackground:
    """``work()`` started now in a forked process (when it can be), its result fetched later.

    Started early, while the build is still small, the work's own memory is
    not added on top of everything the build holds by then. :meth:`result`
    does the work here instead when there is no fork, or the process failed
    (so an error is raised here, with its traceback).
    """

    def __init__(self, work: Callable[[], Any], forked: bool) -> None:
        self._work = work
        self._fork = _Forked(work) if forked and can_fork() else None
        if self._fork:  # a build that fails before asking leaves no process behind
            weakref.finalize(self, self._fork.stop)

    def result(self) -> Any:
        answer = self._fork.result() if self._fork else None
        return self._work() if answer is None else answer


# ---------------------------------------------------------------------------
# Reading


class _Converter:
    """One reusable Markdown instance (and a second one for metadata fields)."""

    def __init__(self, config: dict[str, Any], formatted_fields: Iterable[str]) -> None:
        self._config = config
        self._formatted_fields = set(formatted_fields)
        self._document: Markdown | None = None
        self._field: Markdown | None = None

    def convert(self, path: str) -> tuple[str, dict, dict[str, str]]:
        """HTML, the raw metadata (name → lines) and the HTML of the formatted fields."""
        if self._document is None:
            self._document = Markdown(**self._config)
        document = self._document.reset()
        with pelican_open(path) as text:
            content = document.convert(text)
        meta = dict(getattr(document, "Meta", {}))
        formatted = {}
        for name, lines in meta.items():
            if name.lower() in self._formatted_fields:
                formatted[name] = self._convert_field("\n".join(lines))
        return content, meta, formatted

    def _convert_field(self, text: str) -> str:
        # A metadata field is Markdown without metadata of its own.
        if self._field is None:
            self._field = Markdown(**self._config)
            self._field.preprocessors.deregister("meta")
        return self._field.reset().convert(text)


class MarkdownReader(pelican_readers.MarkdownReader):
    """Pelican's Markdown reader, handing out prepared results and reusing its Markdown instance."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.converter = _Converter(self.settings["MARKDOWN"], self.settings["FORMATTED_FIELDS"])
        self._prepared: dict[str, tuple[str, dict, dict[str, str]]] = {}

    def hand_over(self, path: str, converted: tuple[str, dict, dict[str, str]]) -> None:
        """Keep a worker's result for the moment Pelican reads ``path``."""
        self._prepared[path] = converted

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        converted = self._prepared.pop(source_path, None)
        if converted is None:
            converted = self.converter.convert(source_path)
        content, meta, formatted = converted
        return content, self._metadata(meta, formatted)

    def _metadata(self, meta: dict[str, list[str]], formatted: dict[str, str]) -> dict[str, Any]:
        """Pelican's rules for Markdown metadata: formatted fields as HTML, one
        value where only one is allowed, a list where a name is repeated."""
        metadata = {}
        for name, values in meta.items():
            key = name.lower()
            if name in formatted:
                metadata[key] = self.process_metadata(key, formatted[name])
            elif len(values) > 1 and not pelican_readers.DUPLICATES_DEFINITIONS_ALLOWED.get(key, True):
                logger.warning(
                    "Duplicate definition of `%s` for %s. Using first one.", key, self._source_path
                )
                metadata[key] = self.process_metadata(key, values[0])
            else:
                metadata[key] = self.process_metadata(key, values if len(values) > 1 else values[0])
        return metadata


def install_reader(readers: Any) -> None:
    """On ``readers_init``: our reader for every extension Pelican's Markdown reader has."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is pelican_readers.MarkdownReader:
            readers.reader_classes[extension] = MarkdownReader


def prepare_pages(generator: Any, workers: int) -> None:
    """On ``page_generator_init``: convert the page sources Pelican is about to read."""
    if workers < 2 or not can_fork():
        return
    readers = generator.readers
    wanted: dict[str, MarkdownReader] = {}
    for relative in generator.get_files(
        generator.settings["PAGE_PATHS"], exclude=generator.settings["PAGE_EXCLUDES"]
    ):
        reader = readers.readers.get(relative.rsplit(".", 1)[-1])
        path = os.path.abspath(os.path.join(generator.path, relative))
        # What Pelican's content cache already holds it does not read again.
        if (
            isinstance(reader, MarkdownReader)
            and generator.get_cached_data(relative, None) is None
            and readers.get_cached_data(path, None) is None
        ):
            wanted[path] = reader
    if len(wanted) < 2:
        return
    # Every Markdown reader has the same settings: any one's converter will do.
    converter = next(iter(wanted.values())).converter

    def convert_share(share: Sequence[str]) -> dict[str, tuple[str, dict, dict[str, str]]]:
        converted = {}
        for path in share:
            try:
                converted[path] = converter.convert(path)
            except Exception:  # read() converts it again and raises the real error
                continue
        return converted

    for _share, result in run_shared(list(wanted), convert_share, min(workers, len(wanted))):
        for path, converted in (result or {}).items():
            wanted[path].hand_over(path, converted)


# ---------------------------------------------------------------------------
# Writing


class Writer(pelican_writers.Writer):
    """Pelican's writer, rendering pages in workers once the pages are all handed over.

    ``write_file`` keeps what it needs to render a page (the template, the
    shared context, the page's own variables) and checks at once, as Pelican
    does, that no file is written twice. :meth:`flush` renders them all; after
    it the writer writes at once, for whatever comes later in the build.
    """

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        site = self.settings.get("COLLAB_SITE")
        self._workers = site.workers if site and can_fork() else 1
        self._pending: dict[str, tuple[Any, dict, str, bool, dict[str, Any]]] = {}
        # Kept from the last build or not is decided once every output is queued.
        self._collecting = self._workers > 1 or bool(site and site.keep_unchanged)

    def write_file(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: dict[str, Any] | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        paginates = template_name in self.settings.get("PAGINATED_TEMPLATES", {}) and (
            paginated or {"articles", "dates"} & kwargs.keys()
        )
        if not self._collecting or paginates or not name:
            super().write_file(
                name,
                template,
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                **kwargs,
            )
            return
        path = sanitised_join(self.output_path, name)
        if self._claim(path, override_output):
            self._pending[path] = (template, context, name, relative_urls, kwargs)

    def _claim(self, path: str, override: bool) -> bool:
        """Pelican's rule for a file written twice: only if exactly one of the writes overrides."""
        if path in self._overridden_files:
            if override:
                raise pelican_writers.FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in self._written_files:
            if not override:
                raise pelican_writers.FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)"
                )
            logger.info('Overwriting "%s"', path)
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    def flush(self, reuse: Any = None) -> None:
        """Render and write every collected page, on every core, except those
        ``reuse`` (a :class:`~pelican_collab.reuse.Reuse`) keeps from the last build."""
        self._collecting = False
        pending = list(self._pending.items())
        self._pending = {}
        # A plugin listening for written files must hear about each one in this process.
        listened = bool(signals.content_written.receivers)
        if reuse is not None and not listened:
            pending = [(path, item) for path, item in pending if not reuse.keep(path, *item)]
        workers = 1 if listened else min(self._workers, len(pending))
        self._render_all(pending, workers)
        if reuse is not None and not listened:
            reuse.save()

    def _render_all(self, pending: list[tuple[str, tuple]], workers: int) -> None:
        if workers < 2:
            for path, item in pending:
                self._render(path, *item)
            return

        def render_share(share: Sequence[tuple[str, tuple]]) -> list[int]:
            for number, (path, item) in enumerate(share):
                try:
                    self._render(path, *item)
                except Exception:  # the build process renders it again to report it
                    return [number]
            return []

        # The build process renders nothing itself: it is the largest process
        # (it holds the whole site), and what rendering leaves in a heap would
        # add to it; a worker gives that back when it exits.
        for share, failed in run_shared(pending, render_share, workers, share_here=False):
            # A worker that died or failed on a page: carry on here from where
            # it stopped, so that a page's error is raised here, with its traceback.
            start = 0 if failed is None else failed[0] if failed else len(share)
            for path, item in share[start:]:
                self._render(path, *item)

    def _render(
        self, path: str, template: Any, context: dict, name: str, relative_urls: bool, variables: dict
    ) -> None:
        page_context = context.copy()
        page_context["localsiteurl"] = context.get("localsiteurl")
        if relative_urls:
            page_context["SITEURL"] = page_context["localsiteurl"] = path_to_url(get_relative_path(name))
        page_context["output_file"] = name
        page_context.update(variables)
        # Pelican's content objects read the current site URL from the shared
        # context when they resolve {filename} links.
        if page_context["localsiteurl"]:
            context["localsiteurl"] = page_context["localsiteurl"]
        output = template.render(page_context)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            file.write(output)
        logger.info('Writing "%s"', path)
        signals.content_written.send(path, context=page_context)
