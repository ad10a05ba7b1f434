"""Pelican's writer, rendering the pages on every core once they are all handed over."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateError
from pelican import signals
from pelican import writers as pelican_writers
from pelican.utils import sanitised_join

from ..errors import CollabError, display_path, one_line
from . import pelican_compat, workers

#: Set by :func:`pelican_collab.engine.build.build`: the output folder the build
#: will replace, when Pelican writes into a staging folder beside it.
REPLACES_SETTING = "COLLAB_BUILD_REPLACES"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Queued:
    """One call of ``write_file``, kept until the writer flushes."""

    path: str  # where the file goes
    name: str
    template: Any
    context: dict[str, Any]
    relative_urls: bool
    template_name: str | None
    override_output: bool
    url: str | None
    variables: dict[str, Any] = field(default_factory=dict)


class Writer(pelican_writers.Writer):
    """Pelican's writer, rendering pages in workers once the pages are all handed over.

    ``write_file`` queues what it is asked to write and checks at once, by
    Pelican's documented rule, that no file is written twice (unless exactly
    one of the writes overrides). :meth:`flush` renders the queue; after it the
    writer writes at once, for whatever comes later in the build. Every file
    is rendered and written by Pelican's own ``Writer.write_file``, in a worker
    or here; an error names the template file and line, or the file written.
    """

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        site = self.settings.get("COLLAB_SITE")
        self._workers = site.workers if site and workers.can_fork() else 1
        self._timeout = site.worker_timeout if site else 0.0
        # Messages name files where they end up, not in the staging folder.
        self._final_output = self.settings.get(REPLACES_SETTING) or output_path
        self._queue: dict[str, Queued] = {}
        self._claimed: set[str] = set()
        self._overridden: set[str] = set()
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
        if not name or paginates:  # nothing to write, or several files: Pelican's own way, now
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
        if not self._claim(path, override_output):
            return
        queued = Queued(
            path, name, template, context, relative_urls, template_name, override_output, url, kwargs
        )
        if self._collecting:
            self._queue[path] = queued
        else:
            self._write(queued)

    def _claim(self, path: str, override: bool) -> bool:
        """Pelican's rule for a file written twice: only if exactly one of the writes overrides."""
        if path in self._overridden:
            if override:
                raise pelican_compat.FileOverwriteFailed(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in self._claimed:
            if not override:
                raise pelican_compat.FileOverwriteFailed(
                    f'Failed to overwrite "{path}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)"
                )
            logger.info('Overwriting "%s"', path)
        if override:
            self._overridden.add(path)
        self._claimed.add(path)
        return True

    def flush(self, reuse: Any = None) -> None:
        """Render and write every queued file, on every core, except those
        ``reuse`` (a :class:`~pelican_collab.engine.kept.Reuse`) keeps from the last build."""
        self._collecting = False
        queue = list(self._queue.values())
        self._queue = {}
        # A plugin listening for written files must hear about each one in this process.
        listened = bool(signals.content_written.receivers)
        if reuse is not None and not listened:
            queue = [item for item in queue if not reuse.keep(item)]
        count = 1 if listened else min(self._workers, len(queue))
        if count < 2:
            for item in queue:
                self._write(item)
        else:
            # The build process renders nothing itself: it is the largest process
            # (it holds the whole site), and what rendering leaves in a heap would
            # add to it; a worker gives that back when it exits.
            workers.run_shared(queue, self._write, count, self._timeout, self.display, share_here=False)
        if reuse is not None and not listened:
            reuse.save()

    def _write(self, item: Queued) -> bool:
        """One file, by Pelican's own ``write_file``; an error as one line naming where it is."""
        try:
            super().write_file(
                item.name,
                item.template,
                item.context,
                item.relative_urls,
                None,
                item.template_name,
                item.override_output,
                item.url,
                **item.variables,
            )
        except CollabError:
            raise
        except TemplateError as error:  # its file and line, and the output
            raise CollabError(f"{one_line(error)} (writing {self.display(item)})") from error
        except OSError as error:
            if error.filename is None:  # writing the file failed (a full disk, say): name it
                raise CollabError(f"{self.display(item)}: {error.strerror or error}") from error
            raise CollabError(one_line(error)) from error
        except Exception as error:  # raised in a template: its file and line, and the output
            raise CollabError(f"{one_line(error)} (writing {self.display(item)})") from error
        return True

    def display(self, item: Queued) -> str:
        """The output file as people name it: in the output folder, wherever it is built."""
        return display_path(os.path.join(self._final_output, item.name))
