"""Keeping the output files whose inputs did not change since the last build.

With Pelican's content cache on (``CACHE_CONTENT`` and ``LOAD_CONTENT_CACHE``),
Pelican no longer converts the Markdown of unchanged pages, but every page is
still rendered and written again: after a one-page edit, rendering is most of
the rebuild. So the writer asks :class:`Reuse` about each queued output first
and keeps the file the last build wrote when all of these are as they were:

- the site: Python, Pelican, Jinja, Markdown and Babel's versions, the source
  files of every plugin (this one included), every template the theme can
  load, every setting the templates see (but those for caching and the
  number of workers, which change no page), the theme's catalogs, the contacts
  file, and each page's and static file's location, language, key, slug,
  title, status, order and contacts (what a link to it, the menu and the
  footer show);
- the output's translation group: each page's HTML, metadata, last update,
  footer contact link and translation status;
- the output itself: its template, file name and the plain values it is
  rendered with.

Anything else a template could read (the list of every page, say) is not in
that fingerprint, so an output whose templates use any context variable beyond
the settings and the output's own variables is rendered every time, and so is
an output tied to no single group (the editors' report, the 404 pages). A
value the fingerprint cannot describe makes it unique, so that output is
rendered too. A kept file must also still be exactly the one the last build
wrote (same size and modification time); the record of what was written is
kept in the cache folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import marshal
import os
import shutil
import sys
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from datetime import time as time_of_day
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from jinja2 import meta
from pelican.contents import Page
from pelican.urlwrappers import URLWrapper

from ..errors import display_path
from ..translation.side_by_side import SideBySide
from ..translation.standins import StandIn

if TYPE_CHECKING:
    from ..run import Run
    from ..site.settings import Site
    from ..translation.freshness import StatusReport

logger = logging.getLogger(__name__)

RECORD_NAME = "pelican-collab-outputs.json"
RECORD_VERSION = 1

#: Set by :func:`pelican_collab.build.build`: the output folder the build will
#: replace, when Pelican writes into a staging folder beside it.
REPLACES_SETTING = "COLLAB_BUILD_REPLACES"

#: Settings that do not change what a page looks like: the plugin's own
#: records, the staging folder of each build, and how the build caches and works.
_VOLATILE = frozenset(
    {
        *("COLLAB_SITE", "OUTPUT_PATH", REPLACES_SETTING),
        *("CACHE_CONTENT", "LOAD_CONTENT_CACHE", "CACHE_PATH", "GZIP_CACHE", "CHECK_MODIFIED_METHOD"),
        *("CONTENT_CACHING_LAYER", "COLLAB_KEEP_UNCHANGED", "COLLAB_WORKERS"),
    }
)
#: Entries of the context each render sets from its file name and the settings.
_PER_RENDER = frozenset({"output_file", "localsiteurl"})
_SOFTWARE = ("pelican", "jinja2", "markupsafe", "markdown", "babel", "pygments")
_DEPTH_LIMIT = 24
#: Values described by their repr, and the only values an output may be rendered with besides pages.
_PLAIN = (str, int, float, bool, bytes, type(None))


class Reuse:
    """One build's decisions about its queued outputs, and the record for the next build."""

    def __init__(self, run: Run, output_path: str) -> None:
        settings = run.settings
        self._output_path = output_path
        self._final_output = os.path.realpath(settings.get(REPLACES_SETTING) or output_path)
        # A staging build (see build.py) copies the kept files over from the output it replaces.
        self._staging = os.path.realpath(output_path) != self._final_output
        self._record_path = Path(settings["CACHE_PATH"]) / RECORD_NAME
        # Like Pelican's content cache: written with CACHE_CONTENT, read with LOAD_CONTENT_CACHE too.
        self._previous = (
            _load_record(self._record_path, self._final_output) if settings.get("LOAD_CONTENT_CACHE") else {}
        )
        self._inputs = Inputs(run)
        self._now: dict[str, str] = {}  # output name → fingerprint, for the next build's record
        self._kept = 0

    def keep(
        self, path: str, template: Any, context: dict, name: str, relative_urls: bool, variables: dict
    ) -> bool:
        """True when the last build's file can stand (it is then in place at ``path``).
        Takes what the writer queued for the output."""
        fingerprint = self._inputs.of(template, context, name, relative_urls, variables)
        if fingerprint is None:
            return False
        self._now[name] = fingerprint
        written = self._previous.get(name)
        if written is None or written[0] != fingerprint:
            return False
        previous = os.path.join(self._final_output, name)
        try:
            found = os.stat(previous)
        except OSError:
            return False
        if [found.st_size, found.st_mtime_ns] != written[1:]:
            return False  # changed or replaced since: render it
        if self._staging:  # carry the file over with its time, so that the next build knows it
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                shutil.copy2(previous, path)
            except OSError:
                return False  # then it is rendered instead
        self._kept += 1
        return True

    def save(self) -> None:
        """Record each described output as it now is on disk (after every output is written)."""
        files = {}
        for name, fingerprint in self._now.items():
            try:
                found = os.stat(os.path.join(self._output_path, name))
            except OSError:
                continue
            files[name] = [fingerprint, found.st_size, found.st_mtime_ns]
        record = {"version": RECORD_VERSION, "output": self._final_output, "files": files}
        partial = self._record_path.with_name(self._record_path.name + ".partial")
        try:
            self._record_path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(record, separators=(",", ":")), encoding="utf-8")
            os.replace(partial, self._record_path)
        except OSError as error:  # as Pelican does with its own cache: the next build renders everything
            logger.warning("Could not save %s: %s", display_path(self._record_path), error)
        logger.info("Kept %d unchanged output files from the last build", self._kept)


def _load_record(path: Path, output: str) -> dict[str, list]:
    """The last build's files; nothing when there is no usable record for this output folder."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict):
        return {}
    if record.get("version") != RECORD_VERSION or record.get("output") != output:
        return {}
    files = record.get("files")
    if not isinstance(files, dict):
        return {}
    return {name: entry for name, entry in files.items() if isinstance(entry, list) and len(entry) == 3}


class Inputs:
    """Fingerprints of what each output is rendered from."""

    def __init__(self, run: Run) -> None:
        generator = run.pages_generator
        self._env = generator.env
        self._context = run.context
        report: StatusReport = run.report
        self._groups = run.groups
        self._rows: dict[str, list] = {}
        for row in report.rows:
            self._rows.setdefault(row.key, []).append(row)
        self._section_names = report.section_names
        self._content_root = os.path.abspath(generator.path) + os.sep
        self._site = site_fingerprint(generator, run.site)
        self._group_prints: dict[str, str] = {}
        self._templates: dict[tuple[str, frozenset[str]], bool] = {}
        self._uses: dict[str, tuple[set[str] | None, list[str | None]]] = {}

    def of(self, template: Any, context: dict, name: str, relative_urls: bool, variables: dict) -> str | None:
        """The output's fingerprint, or None when it must be rendered every time."""
        if context is not self._context:  # the site's fingerprint describes the generator's context
            return None
        keys, plain = set(), {}
        for variable, value in variables.items():
            pages = _pages_in(value)
            if pages:
                keys |= {page.translation_key if self._is_paired(page) else None for page in pages}
            elif isinstance(value, _PLAIN):
                plain[variable] = value
            else:
                return None
        if len(keys) != 1 or None in keys or template.name is None:
            return None  # an output about no group, or several
        (key,) = keys
        if not self._self_contained(template.name, frozenset(variables)):
            return None
        return _digest(
            self._site, self._group_print(key), template.name, name, repr(relative_urls), canonical(plain)
        )

    def _is_paired(self, page: Any) -> bool:
        """Whether the page is one of its translation group's (a draft, say, is not)."""
        group = self._groups.get(getattr(page, "translation_key", None))
        return group is not None and group.get(page.lang) is page

    def _group_print(self, key: str) -> str:
        found = self._group_prints.get(key)
        if found is None:
            parts = []
            for lang, page in sorted(self._groups[key].items()):
                extras = page.collab
                # The section names are kept by path below the content folder.
                source = page.source_path.removeprefix(self._content_root).replace(os.sep, "/")
                described = [lang, source, page.metadata, page.url, page.save_as, page.status, page.template]
                described += [extras.last_updated, extras.contact_href, self._section_names.get(source)]
                parts += [canonical(described), page._content or ""]
            parts.append(canonical(self._rows.get(key, [])))
            found = self._group_prints[key] = _digest(*parts)
        return found

    def _self_contained(self, template_name: str, variables: frozenset[str]) -> bool:
        """Whether the template (with all it extends, imports and includes) reads nothing
        from the build's context beyond the settings (named in capitals, and described by
        the site's fingerprint) and what the writer hands this output."""
        memo = (template_name, variables)
        found = self._templates.get(memo)
        if found is None:
            undescribed = {
                name for name in self._context if not name.isupper() and name not in _PER_RENDER
            } - variables
            found = self._templates[memo] = _reads_none_of(self._template_uses, template_name, undescribed)
        return found

    def _template_uses(self, name: str) -> tuple[set[str] | None, list[str | None]]:
        """The names a template looks up in its context, and the templates it refers to."""
        found = self._uses.get(name)
        if found is None:
            try:
                tree = self._env.parse(self._env.loader.get_source(self._env, name)[0])
            except Exception:  # unreadable here: rendering it will say why
                found = (None, [])
            else:
                found = (meta.find_undeclared_variables(tree), list(meta.find_referenced_templates(tree)))
            self._uses[name] = found
        return found


def _reads_none_of(uses: Callable[[str], tuple], first: str, names: set[str]) -> bool:
    """Whether no template reachable from ``first`` looks any of ``names`` up in its context.

    A name a template neither gets nor sets is undefined, the same in every
    build, so only the context's own entries matter.
    """
    seen, queue = set(), [first]
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        looked_up, referenced = uses(name)
        if looked_up is None or looked_up & names or None in referenced:
            return False  # unreadable here, or a name worked out while rendering
        queue.extend(referenced)
    return True


def _pages_in(value: Any) -> tuple[Any, ...]:
    """The pages an output variable is made from, when it is a page or made from pages."""
    if isinstance(value, Page):
        return (value,)
    if isinstance(value, StandIn):
        return (value.original,)
    if isinstance(value, SideBySide):
        return (value.original, value.translation)
    return ()


# ---------------------------------------------------------------------------
# The site


def site_fingerprint(generator: Any, site: Site) -> str:
    """Everything outside a translation group that a page's output is made from."""
    env, context, settings = generator.env, generator.context, generator.settings
    parts = [sys.version]
    for distribution in _SOFTWARE:
        try:
            parts.append(f"{distribution} {version(distribution)}")
        except PackageNotFoundError:
            parts.append(f"{distribution} absent")
    for plugin in settings.get("PLUGINS") or ():
        parts.append(_module_sources(plugin))
    try:
        templates = sorted(env.list_templates())
    except TypeError:  # a loader that cannot list its templates: they cannot be described
        templates, parts = [], [*parts, _unique(env.loader)]
    for name in templates:
        parts += [name, env.loader.get_source(env, name)[0]]
    parts.append(canonical({k: v for k, v in context.items() if k.isupper() and k not in _VOLATILE}))
    for code, catalog in sorted(site.catalogs.items()):
        parts += [code, canonical(getattr(catalog, "_catalog", {}))]
    parts.append(_file_digest(site.contacts_file))
    for kind in ("generated_content", "static_content"):
        for path, item in sorted(context.get(kind, {}).items()):
            parts.append(canonical([path, *(getattr(item, a, None) for a in _LINKED)]))
    return _digest(*parts)


#: What a link to a page (or a list of pages) shows of it; the site menu orders
#: pages by ``Order:`` and the footer links the contact cards of the home page.
_LINKED = ("url", "save_as", "lang", "translation_key", "slug", "title", "status", "order", "contacts")


def _module_sources(plugin: Any) -> str:
    """A plugin's name and the digest of its source files (a package: all of them)."""
    module = plugin if isinstance(plugin, types.ModuleType) else sys.modules.get(str(plugin))
    if module is None or not getattr(module, "__file__", None):
        return _unique(plugin)  # what it does cannot be described: never equal
    location = Path(module.__file__)
    files = sorted(location.parent.rglob("*.py")) if location.name == "__init__.py" else [location]
    return _digest(module.__name__, *(_file_digest(path) for path in files))


def _file_digest(path: Path | None) -> str:
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest() if path else "none"
    except OSError:
        return "absent"


# ---------------------------------------------------------------------------
# Describing values


def canonical(value: Any, depth: int = 0) -> str:
    """A text that is equal for equal values between builds; unique for what it cannot describe."""
    if depth > _DEPTH_LIMIT:
        return _unique(value)
    if isinstance(value, _PLAIN):
        return repr(value)
    inner = depth + 1
    if isinstance(value, datetime | date | time_of_day):
        return f"{type(value).__name__}({value.isoformat()})"
    if isinstance(value, Mapping):
        items = sorted(f"{canonical(key, inner)}:{canonical(item, inner)}" for key, item in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return f"{type(value).__name__}[" + ",".join(canonical(item, inner) for item in value) + "]"
    if isinstance(value, set | frozenset):
        return "set{" + ",".join(sorted(canonical(item, inner) for item in value)) + "}"
    if isinstance(value, PurePath):
        return f"path({value})"
    if isinstance(value, URLWrapper):
        return f"{type(value).__name__}({value.name!r})"
    if isinstance(value, types.FunctionType):
        code = hashlib.blake2b(marshal.dumps(value.__code__), digest_size=16).hexdigest()
        captured = [cell.cell_contents for cell in value.__closure__ or ()]
        state = canonical([value.__defaults__, value.__kwdefaults__, captured], inner)
        return f"function {value.__module__}.{value.__qualname__} {code} {state}"
    if isinstance(value, type | types.BuiltinFunctionType):
        return f"{type(value).__name__} {value.__module__}.{value.__qualname__}"
    if isinstance(value, types.ModuleType):
        return f"module {value.__name__}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
        return f"{type(value).__qualname__}{canonical(fields, inner)}"
    return _unique(value)


def _unique(value: Any) -> str:
    return f"<{type(value).__qualname__} {os.urandom(16).hex()}>"


def _digest(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()
