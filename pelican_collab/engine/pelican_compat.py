"""The only place that relies on what Pelican does without documenting it.

Each function here names the undocumented behaviour it relies on, and
``tests/test_pelican_compat.py`` has a test for each that fails loudly when a
Pelican release changes it.
"""

from __future__ import annotations

import logging
from typing import Any

from jinja2 import Environment, TemplateError
from markupsafe import Markup
from pelican import writers
from pelican.contents import Content

from ..errors import CollabError, one_line

#: Pelican resolves a page's ``{filename}`` links against this entry of the
#: build's shared context (``Content.get_siteurl``); ``Pelican.run`` sets it to
#: ``SITEURL``, and the writer to the relative root for ``RELATIVE_URLS``.
CONTENT_LINK_BASE = "localsiteurl"
#: The attributes of a content object that hold its HTML.
HTML_ATTRIBUTES = frozenset({"content", "summary"})


def set_content_link_base(context: dict[str, Any], base_path: str) -> None:
    """Make links between pages path-absolute (``/om/projekter/``, or below
    ``base_path``), like the theme's own links, instead of absolute ``SITEURL`` links,
    so that they work in the development build, in a preview and under a sub-path."""
    context[CONTENT_LINK_BASE] = base_path


#: Pelican finds the target of a ``{filename}`` link by the linked file's path
#: below the content folder in this entry of the build's shared context
#: (``Content._link_replacer``), and takes the target's ``url``.
LINK_TARGETS = "generated_content"


def add_link_target(context: dict[str, Any], source: str, target: Any) -> None:
    """Let ``{filename}`` links to ``source`` (a path below the content folder, with
    forward slashes) lead to ``target``'s ``url``: a file Pelican made no page of
    (a placeholder translation) to the page that stands in for it."""
    context[LINK_TARGETS][source] = target


def markup_content(env: Environment) -> None:
    """Hand templates a page's HTML (``page.content``, ``page.summary``) as safe markup.

    Pelican gives it as a plain string; with autoescaping on, a template written
    the way Pelican's own themes are (``{{ page.content }}``) would print it
    escaped. Templates look attributes up through ``Environment.getattr``, which
    is Jinja's documented hook for that (the sandbox overrides it too).
    """
    lookup = env.getattr

    def getattr_marking_html(obj: Any, attribute: str) -> Any:
        value = lookup(obj, attribute)
        if attribute in HTML_ATTRIBUTES and isinstance(obj, Content) and isinstance(value, str):
            return Markup(value)
        return value

    env.getattr = getattr_marking_html  # type: ignore[method-assign]


#: What Pelican's writer raises for a file written twice: its own class from
#: Pelican 4.12, a plain RuntimeError before.
FileOverwriteFailed: type[RuntimeError] = getattr(writers, "FileOverwriteFailedError", RuntimeError)

#: The logger on which ``pelican``'s command line reports the exception that
#: stopped a build: ``logger.critical("%s: %s", type name, exception)`` in
#: ``pelican.main``, from Pelican 4.12 with ``exc_info=True`` (its traceback).
COMMAND_LINE_LOGGER = "pelican"


class _OneLineErrors(logging.Filter):
    """Bad input reported as the one line that names the file, without a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None and isinstance(record.args, tuple):
            error = next((arg for arg in record.args if isinstance(arg, BaseException)), None)
        if isinstance(error, CollabError | TemplateError | OSError):
            record.msg, record.args = "%s", (one_line(error),)
            record.exc_info, record.exc_text = None, None
        return True


def one_line_errors_in_pelicans_command() -> None:
    """Under plain ``pelican``, a build stopped by bad input (ours, a template's, a
    file's) is reported in one line naming the file, as ``pelican-collab build`` does."""
    reporter = logging.getLogger(COMMAND_LINE_LOGGER)
    if not any(isinstance(existing, _OneLineErrors) for existing in reporter.filters):
        reporter.addFilter(_OneLineErrors())
