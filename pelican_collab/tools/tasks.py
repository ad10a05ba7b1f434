"""The invoke tasks every pelican-collab site shares.

A site's ``tasks.py`` is two lines::

    from pelican_collab.tools.tasks import namespace  # noqa: F401

The names are the ones Pelican users know from pelican-quickstart, plus
``check`` and the publishing tasks ``gh-pages`` and ``publish``, which build
with ``publishconf.py`` and refuse to publish when ``check`` finds a defect.
Translation states (missing, stale, drifted, orphan) are published with
stand-ins and notices, and summarised in one line, unless ``--strict`` or
``COLLAB_TRANSLATION_POLICY = "strict"``. Every task ends with a one-line
summary. Only a site's tasks belong here: the maintainers' tasks of the
pelican-collab repository (the benchmark, the theme's catalogs) are in that
repository's own ``tasks.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import watchfiles
from invoke import Collection, task
from invoke.exceptions import Exit

from ..engine.build import (
    PREVIOUS_INFIX,
    STAGING_INFIX,
    BuildReport,
    load_settings,
    remove_leftovers,
    require_built_site,
)
from ..engine.build import build as build_site
from ..errors import CollabError, display_path
from . import checks, server
from . import publish as publishing
from .cli import describe
from .i18n_tasks import i18n

SETTINGS = "pelicanconf.py"
PUBLISH_SETTINGS = "publishconf.py"
PORT = 8000


def _build(settings: str, overrides: dict | None = None) -> BuildReport:
    print(f"building with {settings} …")
    try:
        report = build_site(settings, overrides)
    except Exception as error:
        raise Exit(f"error: {describe(error)}", code=1) from None
    print(report.summary())
    return report


def _settings(settings: str) -> dict:
    try:
        return load_settings(settings)
    except Exception as error:
        raise Exit(f"error: {describe(error)}", code=1) from None


def _output_path(settings: str) -> Path:
    return Path(_settings(settings)["OUTPUT_PATH"]).resolve()


@task(help={"settings": f"settings file (default {SETTINGS})"})
def clean(c, settings=SETTINGS):
    """Remove the generated site (OUTPUT_PATH), and nothing else."""
    output = _output_path(settings)
    project = Path.cwd().resolve()
    if output == project or output in project.parents or output == Path(output.anchor):
        raise Exit(f"error: OUTPUT_PATH {output} contains this project; refusing to delete it", code=1)
    started = time.perf_counter()
    leftovers = remove_leftovers(output)  # staging folders of interrupted builds
    extra = f" and {leftovers} leftover staging folder(s)" if leftovers else ""
    if output.exists():
        shutil.rmtree(output)
        print(f"removed {output}{extra} in {time.perf_counter() - started:.2f} s")
    else:
        print(f"nothing to remove: {output} does not exist" + (f"; removed{extra[4:]}" if leftovers else ""))


@task(help={"settings": f"settings file (default {SETTINGS})"})
def build(c, settings=SETTINGS):
    """Build the site in every language, in one Pelican run."""
    _build(settings)


@task(help={"settings": f"settings file (default {SETTINGS})"})
def rebuild(c, settings=SETTINGS):
    """Remove the output, then build."""
    clean(c, settings)
    _build(settings)


@task(help={"settings": f"settings file (default {SETTINGS})"})
def regenerate(c, settings=SETTINGS):
    """Build, then rebuild whenever a file of the site changes (Ctrl-C stops)."""
    values = _settings(settings)
    with _stopped("regenerated", settings):
        rebuild_in_a_fresh_process(settings)
        for _changes in watchfiles.watch(*_watched(values, settings), watch_filter=SiteFiles(values)):
            rebuild_in_a_fresh_process(settings)


@task(help={"settings": f"settings file (default {SETTINGS})", "port": f"port (default {PORT})"})
def serve(c, settings=SETTINGS, port=PORT):
    """Serve the built site on http://localhost:PORT, unknown paths with their language's 404 page."""
    values = _settings(settings)
    output = Path(values["OUTPUT_PATH"])
    try:
        require_built_site(output)
    except CollabError as error:
        raise Exit(f"error: {error}", code=1) from None
    try:
        http = server.site_server(output, values["SITEURL"], int(port))
    except OSError as error:
        raise Exit(f"error: cannot serve on port {port}: {error.strerror}", code=1) from None
    where = server.site_address(http, values["SITEURL"])
    print(f"serving {display_path(output)} on {where} (Ctrl-C stops)", flush=True)
    with http, _stopped(f"served on port {port}", settings):
        http.serve_forever()


@task(help={"settings": f"settings file (default {SETTINGS})", "port": f"port (default {PORT})"})
def reserve(c, settings=SETTINGS, port=PORT):
    """Build, then serve."""
    _build(settings)
    serve(c, settings, port)


@task(help={"settings": f"publish settings file (default {PUBLISH_SETTINGS})"})
def preview(c, settings=PUBLISH_SETTINGS):
    """Build with the publish settings (absolute SITEURL from the environment)."""
    _build(settings)


@task(help={"settings": f"settings file (default {SETTINGS})", "port": f"port (default {PORT})"})
def livereload(c, settings=SETTINGS, port=PORT):
    """Build, serve, and rebuild and reload the browser on every change."""
    try:
        from livereload import Server
    except ImportError:
        raise Exit("error: livereload is not installed: pip install 'pelican-collab[dev]'", code=1) from None
    values = _settings(settings)
    rebuild_in_a_fresh_process(settings)
    stop = threading.Event()

    def rebuild_on_changes() -> None:
        watched = watchfiles.watch(
            *_watched(values, settings),
            watch_filter=SiteFiles(values),
            stop_event=stop,
            raise_interrupt=False,
        )
        for _changes in watched:
            rebuild_in_a_fresh_process(settings)

    watcher = threading.Thread(target=rebuild_on_changes, name="rebuild-on-changes", daemon=True)
    watcher.start()
    server = Server()
    # The browser reloads when a rebuild has replaced the output.
    server.watch(str(Path(values["OUTPUT_PATH"]) / "**" / "*"))
    try:
        with _stopped(f"served with live reload on port {port}", settings):
            server.serve(host="localhost", port=port, root=values["OUTPUT_PATH"])
    finally:
        stop.set()
        watcher.join(timeout=10)


def rebuild_in_a_fresh_process(settings: str) -> bool:
    """One build of the editing loop, in a new Python process, so that the code the
    site loads (its settings file, plugins and the modules they import) is what
    its files now hold; it keeps the outputs whose inputs did not change. The
    process prints its warnings and its summary, or its one-line error (then the
    last good output stays). Whether it succeeded."""
    command = [sys.executable, "-m", "pelican_collab", "build", "--settings", settings, "--keep-unchanged"]
    # In a session of its own, so that Ctrl-C reaches this process only, which
    # then stops the build in order (its staging folder removed, the output kept).
    build = subprocess.Popen(command, start_new_session=True)
    try:
        return build.wait() == 0
    except BaseException:
        build.terminate()
        build.wait()
        raise


def _watched(values: dict, settings: str) -> list[Path]:
    """The folders whose files a site is made from: its own folder (settings file,
    Python modules, templates, contacts…), the content, the theme and the catalogs."""
    folders = [Path(settings).resolve().parent, Path(values["PATH"]), Path(values["THEME"])]
    folders += [Path(folder) for folder in values.get("COLLAB_LOCALE_DIRS") or ()]
    found: list[Path] = []
    existing = {folder.resolve() for folder in folders if folder.is_dir()}
    for folder in sorted(existing, key=lambda folder: len(folder.parts)):
        if not any(known == folder or known in folder.parents for known in found):
            found.append(folder)  # a folder inside one already watched is watched with it
    return found


class SiteFiles(watchfiles.DefaultFilter):
    """Every file but what builds write: the output, the cache, staging folders."""

    def __init__(self, values: dict) -> None:
        output = Path(values["OUTPUT_PATH"]).resolve()
        written = [output, Path(values["CACHE_PATH"]).resolve()]
        super().__init__(ignore_paths=[str(path) for path in written])
        self._staging = tuple(f".{output.name}{infix}" for infix in (STAGING_INFIX, PREVIOUS_INFIX))

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return super().__call__(change, path) and not any(
            part.startswith(self._staging) for part in Path(path).parts
        )


@contextmanager
def _stopped(what: str, settings: str) -> Iterator[None]:
    """The summary of a task that runs until Ctrl-C: what it did and for how long."""
    started = time.perf_counter()
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        print(f"stopped: {what} ({settings}) for {time.perf_counter() - started:.0f} s")


def _check(values: dict, strict: bool = False) -> checks.CheckReport:
    try:
        return checks.check_site(values, strict=strict, progress=print)
    except Exception as error:
        raise Exit(f"error: {describe(error)}", code=1) from None


STRICT_HELP = "translation states (missing, stale, drifted, orphan) count as failures too"


@task(
    help={
        "settings": f"settings file (default {SETTINGS})",
        "build": "build first (the default); --no-build checks the output as it is",
        "strict": STRICT_HELP,
    }
)
def check(c, settings=SETTINGS, build=True, strict=False):
    """Build, then check: defects (links, #anchors, HTML, sitemap, catalogs) and translation states."""
    if build:
        _build(settings)
    report = _check(_settings(settings), strict)
    print("\n".join(report.lines()))
    if not report.ok:
        raise Exit(code=1)


def _build_and_check_for_publishing(
    settings: str, strict: bool
) -> tuple[BuildReport, checks.CheckReport, Path]:
    """Build with the publish settings and check; refuse (exit 1) on any defect, and on
    translation states when strict."""
    siteurl = _settings(settings).get("SITEURL", "")
    host = urlsplit(siteurl).hostname or ""
    if host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost"):
        raise Exit(
            f"error: not publishing: SITEURL is {siteurl}, a development address; set the public one "
            f"in {settings} or in the environment variable SITEURL",
            code=1,
        )
    report = _build(settings)
    values = _settings(settings)
    result = _check(values, strict)
    if result.defects:
        print("\n".join(result.lines()))
        count = len(result.defects)
        raise Exit(f"error: not publishing: check found {count} defect{'' if count == 1 else 's'}", code=1)
    if not result.ok:
        print("\n".join(result.lines()))
        why = "--strict" if strict else "COLLAB_TRANSLATION_POLICY = 'strict'"
        raise Exit(f"error: not publishing: translations: {result.states_summary()} ({why})", code=1)
    return report, result, Path(values["OUTPUT_PATH"])


def _published(
    report: BuildReport, result: checks.CheckReport, where: str, detail: str, started: float
) -> str:
    """The last lines of a publish: the translation states published with stand-ins, then the summary."""
    counts = ", ".join(f"{code}: {n}" for code, n in report.pages_per_language.items())
    total = sum(report.pages_per_language.values())
    states = result.states_summary()
    return (f"translations: {states}; published with stand-ins\n" if states else "") + (
        f"published {total} pages ({counts}) to {where}{detail}; 0 defects "
        f"in {time.perf_counter() - started:.2f} s"
    )


@task(
    help={
        "remote": "git remote to push to: a URL, or the name of a remote of this repository",
        "branch": "branch to publish to (default gh-pages)",
        "cname": "custom domain, written to CNAME (optional)",
        "settings": f"publish settings file (default {PUBLISH_SETTINGS})",
        "strict": "refuse to publish while any translation is not up to date",
    }
)
def gh_pages(c, remote, branch="gh-pages", cname=None, settings=PUBLISH_SETTINGS, strict=False):
    """Build with the publish settings, check, then commit the output to BRANCH and push it (ghp-import)."""
    started = time.perf_counter()
    report, result, output = _build_and_check_for_publishing(settings, strict)
    print(f"pushing {output} to {remote} {branch} …")
    try:
        commit = publishing.gh_pages(output, remote, branch, cname)
    except Exception as error:
        raise Exit(f"error: {describe(error)}", code=1) from None
    print(_published(report, result, f"{remote} {branch}", f" (commit {commit[:12]})", started))


@task(
    help={
        "dest": "a folder or an rsync target (user@host:/path); empty, or filled by an earlier publish",
        "settings": f"publish settings file (default {PUBLISH_SETTINGS})",
        "strict": "refuse to publish while any translation is not up to date",
    }
)
def publish(c, dest, settings=PUBLISH_SETTINGS, strict=False):
    """Build with the publish settings, check, then rsync --delete to DEST (guarded by a marker file)."""
    started = time.perf_counter()
    try:
        dest = publishing.checked_destination(dest, settings)
        publishing.guard(dest)  # before building: a wrong destination fails fast
    except Exception as error:
        raise Exit(f"error: {describe(error)}", code=1) from None
    report, result, output = _build_and_check_for_publishing(settings, strict)
    print(f"copying {output} to {dest} …")
    try:
        sent, deleted = publishing.rsync_publish(output, dest)
    except Exception as error:
        raise Exit(f"error: {describe(error)}", code=1) from None
    print(_published(report, result, dest, f" ({sent} files sent, {deleted} deleted)", started))


namespace = Collection(
    clean, build, rebuild, regenerate, serve, reserve, preview, livereload, check, gh_pages, publish
)
namespace.add_collection(i18n)
