"""The invoke tasks every pelican-collab site shares.

A site's ``tasks.py`` is two lines::

    from pelican_collab.tasks import namespace  # noqa: F401

The names are the ones Pelican users know from pelican-quickstart.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import Collection, task
from invoke.exceptions import Exit

from .build import BuildReport, load_settings
from .build import build as build_site
from .cli import describe
from .i18n_tasks import i18n

SETTINGS = "pelicanconf.py"
PUBLISH_SETTINGS = "publishconf.py"
PORT = 8000


def _build(settings: str) -> BuildReport:
    try:
        report = build_site(settings)
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
    if output.exists():
        shutil.rmtree(output)
        print(f"removed {output}")
    else:
        print(f"nothing to remove: {output} does not exist")


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
    """Build, then rebuild whenever content, theme or settings change (Ctrl-C stops)."""
    from pelican import main as pelican_main

    pelican_main(["--autoreload", "--settings", settings])


@task(help={"settings": f"settings file (default {SETTINGS})", "port": f"port (default {PORT})"})
def serve(c, settings=SETTINGS, port=PORT):
    """Serve the built site on http://localhost:PORT (Ctrl-C stops)."""
    from pelican import main as pelican_main

    pelican_main(["--listen", "--settings", settings, "--port", str(port)])


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
    _build(settings)

    def rebuild_quietly():
        try:
            print(build_site(settings).summary())
        except Exception as error:  # keep serving the last good build
            print(f"error: {describe(error)}", file=sys.stderr)

    server = Server()
    for watched in (values["PATH"], values["THEME"], settings):
        server.watch(str(Path(watched) / "**" / "*") if Path(watched).is_dir() else watched, rebuild_quietly)
    server.serve(host="localhost", port=port, root=values["OUTPUT_PATH"])


namespace = Collection(clean, build, rebuild, regenerate, serve, reserve, preview, livereload)
namespace.add_collection(i18n)
