"""Keeping the output files whose inputs did not change since the last build.

Only for the editing loop (``invoke livereload``/``regenerate``, which build
in a fresh process after every edit, or a site that sets
``COLLAB_KEEP_UNCHANGED``): a build for publishing renders everything. With
Pelican's content cache on, Pelican no longer converts the Markdown of
unchanged pages, but every page is still rendered and written again: after a
one-page edit, rendering is most of the rebuild. So the writer asks
:class:`Reuse` about each queued output first and keeps the file the last
build wrote when all of these are as they were:

- the code: Python's version, the version of every installed distribution,
  and the source file of every loaded module that is neither in the standard
  library nor in an installed distribution (the site's settings file, its
  plugins and whatever they import, this plugin when installed from a
  checkout); a module whose file changed after this process started may run
  other code than the file holds, so the site is then never described alike;
- the site: every template the theme can load, every setting the templates
  see (but those for caching, workers and the staging folder, which change no
  page), the templates' globals, the catalog files loaded, the contacts file,
  and each page's and static file's location, language, key, slug, title,
  status, order and contacts (what a link to it, the menu and the footer show);
- the output's translation group: each page's source file, metadata, last
  update, footer contact link and translation status;
- the output itself: its template, file name and the plain values it is
  rendered with.

Anything else a template could read (the list of every page, say) is not in
that fingerprint, so an output whose templates use any context variable beyond
the settings and the output's own variables is rendered every time, and so is
an output tied to no single group (the editors' report, the 404 pages). A
value the fingerprint cannot describe makes it unique, so that output is
rendered too. A kept file must also still be exactly the one the last build
wrote (same size and modification time); the record of what was written is
kept in the cache folder, with what the last build read its pages with
(:func:`reading_unchanged`): when that changed, Pelican's content cache is
not loaded either, since it holds HTML converted by the old code or settings.
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
import sysconfig
import time
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from datetime import time as time_of_day
from importlib.metadata import distributions
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from jinja2 import meta
from pelican.contents import Page
from pelican.urlwrappers import URLWrapper

from ..errors import display_path
from ..translation.side_by_side import SideBySide
from ..translation.standins import StandIn
from .writer import REPLACES_SETTING, Queued

if TYPE_CHECKING:
    from ..run import Run
    from ..site.settings import Site
    from ..translation.freshness import StatusReport

logger = logging.getLogger(__name__)

RECORD_NAME = "pelican-collab-outputs.json"
RECORD_VERSION = 2

#: Settings that do not change what a page looks like: the plugin's own
#: records, the staging folder of each build, and how the build caches and works.
_VOLATILE = frozenset(
    {
        *("COLLAB_SITE", "OUTPUT_PATH", REPLACES_SETTING),
        *("CACHE_CONTENT", "LOAD_CONTENT_CACHE", "CACHE_PATH", "GZIP_CACHE", "CHECK_MODIFIED_METHOD"),
        *("CONTENT_CACHING_LAYER", "COLLAB_KEEP_UNCHANGED", "COLLAB_WORKERS", "COLLAB_WORKER_TIMEOUT"),
    }
)
#: Entries of the context each render sets from its file name and the settings.
_PER_RENDER = frozenset({"output_file", "localsiteurl"})
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
        self._reading = reading_fingerprint(settings)
        self._inputs = Inputs(run, self._reading)
        self._now: dict[str, str] = {}  # output name → fingerprint, for the next build's record
        self._kept = 0

    def keep(self, item: Queued) -> bool:
        """True when the last build's file can stand (it is then in place at ``item.path``)."""
        name, path = item.name, item.path
        fingerprint = self._inputs.of(item.template, item.context, name, item.relative_urls, item.variables)
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
        record = {
            "version": RECORD_VERSION,
            "output": self._final_output,
            "reading": self._reading,
            "files": files,
        }
        partial = self._record_path.with_name(self._record_path.name + ".partial")
        try:
            self._record_path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(record, separators=(",", ":")), encoding="utf-8")
            os.replace(partial, self._record_path)
        except OSError as error:  # as Pelican does with its own cache: the next build renders everything
            logger.warning("Could not save %s: %s", display_path(self._record_path), error)
        logger.info("Kept %d unchanged output files from the last build", self._kept)


def _read_record(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict) or record.get("version") != RECORD_VERSION:
        return {}
    return record


def _load_record(path: Path, output: str) -> dict[str, list]:
    """The last build's files; nothing when there is no usable record for this output folder."""
    record = _read_record(path)
    if record.get("output") != output:
        return {}
    files = record.get("files")
    if not isinstance(files, dict):
        return {}
    return {name: entry for name, entry in files.items() if isinstance(entry, list) and len(entry) == 3}


class Inputs:
    """Fingerprints of what each output is rendered from."""

    def __init__(self, run: Run, reading: dict[str, Any]) -> None:
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
        self._site = site_fingerprint(generator, run.site, reading)
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
                # The page's HTML is made from its source file, by the code and
                # settings (in the site's fingerprint) and the pages it links to
                # (their locations, in the site's fingerprint too).
                parts += [canonical(described), _file_digest(page.source_path)]
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


def site_fingerprint(generator: Any, site: Site, reading: dict[str, Any]) -> str:
    """Everything outside a translation group that a page's output is made from."""
    env, context = generator.env, generator.context
    parts = [canonical(reading)]
    try:
        templates = sorted(env.list_templates())
    except TypeError:  # a loader that cannot list its templates: they cannot be described
        templates, parts = [], [*parts, _unique(env.loader)]
    for name in templates:
        parts += [name, env.loader.get_source(env, name)[0]]
    parts.append(canonical({k: v for k, v in context.items() if k.isupper() and k not in _VOLATILE}))
    # What templates find besides the context: JINJA_GLOBALS, and values a plugin sets.
    parts.append(canonical(env.globals))
    for code, catalog in sorted(site.catalogs.items()):
        # Babel's Translations name the files they were loaded from (none: English ids).
        parts += [code, *(_file_digest(Path(name)) for name in getattr(catalog, "files", ()))]
    parts.append(_file_digest(site.contacts_file))
    for kind in ("generated_content", "static_content"):
        for path, item in sorted(context.get(kind, {}).items()):
            parts.append(canonical([path, *(getattr(item, a, None) for a in _LINKED)]))
    return _digest(*parts)


#: What a link to a page (or a list of pages) shows of it; the site menu orders
#: pages by ``Order:`` and the footer links the contact cards of the home page.
_LINKED = ("url", "save_as", "lang", "translation_key", "slug", "title", "status", "order", "contacts")


# ---------------------------------------------------------------------------
# The code and settings pages are read with


def reading_fingerprint(settings: dict[str, Any]) -> dict[str, Any]:
    """What every page's HTML is made with besides its source: the software, the
    loaded code outside it, and the settings. Plain values, kept in the record."""
    return {
        "software": code_fingerprint(),
        "modules": loaded_code(),
        "settings": _settings_digest(settings),
    }


def reading_unchanged(settings: dict[str, Any]) -> bool:
    """Whether the last build's pages were read with the code and settings this one has.

    Asked before Pelican reads (its content cache holds HTML made by the
    code and settings of the build that wrote it): the modules the last build
    had loaded are looked at on disk, since this build has not loaded them yet.
    """
    record = _read_record(Path(settings["CACHE_PATH"]) / RECORD_NAME)
    reading = record.get("reading")
    if not isinstance(reading, dict) or not isinstance(reading.get("modules"), dict):
        return False
    modules = {path: _file_digest(Path(path)) for path in reading["modules"]}
    return reading == {
        "software": code_fingerprint(),
        "modules": modules,
        "settings": _settings_digest(settings),
    }


def _settings_digest(settings: dict[str, Any]) -> str:
    """The settings, with Markdown's as Pelican's reader completes them when it is
    made (during the build), so that they are described alike before and after."""
    described = {k: v for k, v in settings.items() if k not in _VOLATILE}
    markdown = dict(described.get("MARKDOWN") or {})
    extensions = [*(markdown.get("extensions") or ()), *(markdown.get("extension_configs") or {})]
    markdown["extensions"] = sorted({canonical(e) for e in [*extensions, "markdown.extensions.meta"]})
    described["MARKDOWN"] = markdown
    return _digest(canonical(described))


def code_fingerprint() -> str:
    """Python's version and that of every installed distribution."""
    installed = sorted(f"{dist.metadata['Name']} {dist.version}" for dist in distributions())
    return _digest(sys.version, *installed)


def loaded_code() -> dict[str, str]:
    """The digest of each loaded module's file that the distributions' versions do
    not describe: neither in the standard library nor in an installed distribution.

    A module whose file changed after this process started may run other code
    than the file now holds (Python does not load a module twice): it makes
    the fingerprint unique.
    """
    installed = _installed_folders()
    started = _process_started()
    found = {}
    for module in list(sys.modules.values()):
        location = getattr(module, "__file__", None)
        if not isinstance(location, str):
            continue
        path = os.path.realpath(location)
        if path.startswith(installed) or path in found:
            continue
        try:
            changed = os.stat(path).st_mtime
        except OSError:
            changed = None
        if changed is None or started is None or changed >= started:
            found[path] = _unique(module)
        else:
            found[path] = _file_digest(Path(path))
    return dict(sorted(found.items()))


def _installed_folders() -> tuple[str, ...]:
    """The folders of the standard library and of installed distributions."""
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    folders = {os.path.realpath(sysconfig.get_paths()[name]) for name in names}
    folders.update(os.path.realpath(entry) for entry in sys.path if entry.endswith("-packages"))
    return tuple(folder.rstrip(os.sep) + os.sep for folder in folders)


def _process_started() -> float | None:
    """When this process started (seconds since the epoch, a little early rather than
    late), where the system says (Linux's /proc); None elsewhere, and then nothing is kept."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        after_boot = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22, starttime: clock ticks
        booted = time.time() - float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return booted + after_boot - _CLOCK_MARGIN


#: /proc counts in hundredths of a second: a file changed this close to the
#: start is taken for changed after it.
_CLOCK_MARGIN = 0.05


def _file_digest(path: str | Path | None) -> str:
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
