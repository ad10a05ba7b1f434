"""Pelican's writer, rendering the pages on every core once they are all handed over."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

from pelican import signals
from pelican import writers as pelican_writers
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from . import workers

logger = logging.getLogger(__name__)


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
        self._workers = site.workers if site and workers.can_fork() else 1
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
        count = 1 if listened else min(self._workers, len(pending))
        self._render_all(pending, count)
        if reuse is not None and not listened:
            reuse.save()

    def _render_all(self, pending: list[tuple[str, tuple]], count: int) -> None:
        if count < 2:
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
        for share, failed in workers.run_shared(pending, render_share, count, share_here=False):
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
