"""The build-time benchmark behind ``invoke bench``: see benchmarks/README.md.

``python -m benchmarks.run [--quick] [--no-install]`` from the repository root.

1. Full builds of synthetic multilingual sites (2 × 100, 2 × 1000, 3 × 1000
   pages) with identical content for (a) pelican-collab, (b) lean Pelican,
   (c) Pelican + pelican-i18n-subsites and (d) Hugo; the runs interleaved, one
   warm-up each, then ``--runs`` timed runs each.
2. Incremental: a rebuild after a one-page edit with Pelican's content cache,
   against a cold build with the same settings.
3. The real site (this repository's narrative): gzip bytes of HTML + CSS and
   requests per page, against the 14 KB budget.
4. A cProfile of the pelican-collab build (and of lean Pelican's, to compare).

Every build runs in its own fresh process, started by a small helper process
(:class:`Launcher`). Its wall time is measured with ``time.perf_counter``
around start and exit; its peak RSS comes from ``os.wait4``, which returns the
resource usage of that one child and its own children (the largest of them).

Results go to ``benchmarks/results.json`` and ``benchmarks/RESULTS.md``
(``--quick`` writes them into the work folder instead, leaving the committed
results alone).
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from importlib import metadata, util
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if __package__ in (None, ""):  # run as a script: python benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sites
from benchmarks.sites import CONTENDERS, GeneratedSite, Size

BENCH = Path(__file__).resolve().parent
REPOSITORY = BENCH.parent
REQUIREMENTS = BENCH / "requirements.txt"
BUDGET = 14 * 1024  # bytes, HTML + CSS gzipped, as in tests/test_theme.py

LABELS = {
    "collab": "(a) pelican-collab",
    "lean": "(b) lean Pelican",
    "i18n": "(c) Pelican + i18n_subsites",
    "hugo": "(d) Hugo",
}
DESCRIPTIONS = {
    "collab": "this plugin and its theme, one Pelican run for every language",
    "lean": "Pelican 4.12, `simple` theme, native translations (shared Slug:), no page menu",
    "i18n": "the same plus pelican-i18n-subsites as documented (I18N_SUBSITES, jinja2.ext.i18n)",
    "hugo": "Debian's `hugo`, contentDir per language, minimal layouts with hreflang and switcher",
}

#: Targets of issue 6 (benchmark targets, not timed tests).
LIMIT_VS_LEAN = 1.05
LIMIT_VS_I18N = 0.8
LIMIT_VS_HUGO = 5.0
LIMIT_INCREMENTAL = 0.3
LIMIT_MEMORY = 1.2
LIMIT_GROWTH = 11.0


@dataclass(frozen=True)
class Plan:
    sizes: tuple[Size, ...]
    runs: int
    warmups: int
    incremental_size: Size
    incremental_runs: int
    profile_size: Size


FULL = Plan(
    sizes=(Size(2, 100), Size(2, 1000), Size(3, 1000)),
    runs=5,
    warmups=1,
    incremental_size=Size(2, 1000),
    incremental_runs=5,
    profile_size=Size(2, 1000),
)
QUICK = Plan(
    sizes=(Size(2, 10), Size(2, 100)),
    runs=2,
    warmups=1,
    incremental_size=Size(2, 100),
    incremental_runs=2,
    profile_size=Size(2, 100),
)


class BuildFailed(RuntimeError):
    """A contender's build exited non-zero or did not write every expected page."""


@dataclass
class Run:
    seconds: float
    peak_rss_kib: int
    returncode: int
    pages_built: int
    cpu_seconds: float = 0.0  # user + system time of the build process and its children


@dataclass
class Availability:
    available: bool
    version: str | None = None
    note: str | None = None


@dataclass
class Context:
    """What the steps share: where to work, which tools to use, what was said."""

    work: Path
    launcher: Launcher
    hugo: str | None = None
    notes: list[str] = field(default_factory=list)
    verbose: bool = True

    def say(self, message: str) -> None:
        if self.verbose:
            print(message, flush=True)


# ---------------------------------------------------------------------------
# Installing and finding the contenders


def install(ctx: Context) -> None:
    """pip-install the pinned contenders and apt-get install Hugo; never fatal."""
    ctx.say(f"installing {REQUIREMENTS.relative_to(REPOSITORY)} with pip …")
    pip = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-r",
            str(REQUIREMENTS),
        ],
        capture_output=True,
        text=True,
    )
    if pip.returncode != 0:
        ctx.notes.append(f"pip install -r {REQUIREMENTS.name} failed: {_last_line(pip.stderr)}")
    if shutil.which("hugo"):
        return
    apt = shutil.which("apt-get")
    if apt is None:
        ctx.notes.append("Hugo is not installed and apt-get is missing: Hugo (d) is skipped")
        return
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    ctx.say("installing Hugo with apt-get …")
    for attempt in ("install", "update+install"):
        if attempt == "update+install":
            subprocess.run([*prefix, apt, "update", "-q"], capture_output=True, env=env)
        result = subprocess.run(
            [*prefix, apt, "install", "-y", "-q", "hugo"], capture_output=True, text=True, env=env
        )
        if result.returncode == 0 and shutil.which("hugo"):
            return
    ctx.notes.append(f"apt-get install hugo failed ({_last_line(result.stderr)}): Hugo (d) is skipped")


def compile_plugin(ctx: Context) -> None:
    """Compile the plugin's modules to bytecode, as pip does when it installs a package.

    An editable install is imported from its sources; where Python writes no
    bytecode (``PYTHONDONTWRITEBYTECODE``, read-only folders) every build would
    compile the plugin again, while Pelican and the other contenders come
    compiled from their wheels.
    """
    spec = util.find_spec("pelican_collab")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        if not compileall.compile_dir(folder, quiet=1):
            ctx.notes.append(f"could not compile {folder} to bytecode: pelican-collab is timed from source")


def _last_line(text: str) -> str:
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no message"


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def availability(hugo: str | None = None) -> dict[str, Availability]:
    """Which contenders this interpreter (and PATH) can run, and their versions."""
    found: dict[str, Availability] = {}
    pelican = _version("pelican") if util.find_spec("pelican") else None
    missing_pelican = "Pelican is not installed in this interpreter"
    if _importable_in_a_site("pelican_collab") and pelican:
        found["collab"] = Availability(True, _version("pelican-collab"))
    else:
        found["collab"] = Availability(False, note="pelican-collab is not installed (pip install -e .)")
    found["lean"] = Availability(True, pelican) if pelican else Availability(False, note=missing_pelican)
    i18n = _version("pelican-i18n-subsites")
    if pelican and i18n and util.find_spec("pelican.plugins.i18n_subsites"):
        found["i18n"] = Availability(True, i18n)
    else:
        found["i18n"] = Availability(
            False, note="pelican-i18n-subsites is not installed (pip install -r benchmarks/requirements.txt)"
        )
    hugo = hugo or shutil.which("hugo")
    if hugo:
        text = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
        match = re.search(r"v(\d+\.\d+\.\d+)", text)
        found["hugo"] = Availability(True, match.group(1) if match else text.strip())
    else:
        found["hugo"] = Availability(False, note="hugo is not on PATH (apt-get install hugo)")
    return found


def _importable_in_a_site(module: str) -> bool:
    """Whether a build started in a site's folder can import ``module``: asked of a
    fresh interpreter outside this checkout, so that neither the working directory
    nor a stale editable install (one that points at a moved checkout) answers for it."""
    probe = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=tempfile.gettempdir(),
        capture_output=True,
    )
    return probe.returncode == 0


# ---------------------------------------------------------------------------
# One build


#: The launcher's whole program: read a job (JSON) per line, run it, answer with its measurements.
_LAUNCHER_PROGRAM = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["log"], "wb") as handle:
        started = time.perf_counter()
        process = subprocess.Popen(job["command"], cwd=job["cwd"], stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    answer = [seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime]
    print(json.dumps(answer), flush=True)
"""


class Launcher:
    """A small helper process that starts every build and measures it.

    On Linux a new process starts with its parent's memory, and its peak RSS
    keeps that high-water mark through ``exec``: a build started straight
    from this harness (tens of MB once it holds profiles and results) would
    report at least the harness's own size. The helper is started while the
    harness is small and stays small (about 10 MB, below any build).
    """

    def __enter__(self) -> Launcher:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER_PROGRAM],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self._process.stdin.close()
        self._process.wait(timeout=30)

    def run(self, command: list[str], cwd: Path, log: Path) -> tuple[float, int, int, float]:
        """Wall seconds, peak RSS (KiB), exit code and CPU seconds of one command."""
        job = {"command": command, "cwd": str(cwd), "log": str(log)}
        self._process.stdin.write(json.dumps(job) + "\n")
        self._process.stdin.flush()
        seconds, peak_rss_kib, returncode, cpu_seconds = json.loads(self._process.stdout.readline())
        return seconds, peak_rss_kib, returncode, cpu_seconds


def build_once(site: GeneratedSite, launcher: Launcher, hugo: str | None = None, clean: bool = True) -> Run:
    """Build the site in a fresh process; raise :class:`BuildFailed` unless every page is written."""
    if clean and site.output.exists():
        shutil.rmtree(site.output)
    log = site.root / "build.log"
    seconds, peak_rss_kib, returncode, cpu_seconds = launcher.run(
        site.command(sys.executable, hugo), site.root, log
    )
    run = Run(seconds, peak_rss_kib, returncode, site.pages_built(), cpu_seconds)
    if run.returncode != 0 or run.pages_built != len(site.expected):
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        raise BuildFailed(
            f"{site.contender} {site.size.label}: exit {run.returncode}, "
            f"{run.pages_built}/{len(site.expected)} pages written; end of {log}:\n{tail}"
        )
    return run


def record(size: Size, contender: str, runs: list[Run], expected: int) -> dict[str, Any]:
    """The result of one contender at one size: what RESULTS.md prints."""
    seconds = [run.seconds for run in runs]
    cpu = [run.cpu_seconds for run in runs]
    rss = [run.peak_rss_kib / 1024 for run in runs]
    return {
        **not_run(size, contender, "ok", None),
        "runs_s": [round(s, 4) for s in seconds],
        "median_s": round(statistics.median(seconds), 4),
        "min_s": round(min(seconds), 4),
        "max_s": round(max(seconds), 4),
        "median_cpu_s": round(statistics.median(cpu), 4),
        "peak_rss_mib": round(max(rss), 1),
        "median_rss_mib": round(statistics.median(rss), 1),
        "pages_built": runs[-1].pages_built,
        "expected_pages": expected,
        "ratio_vs_lean": None,
        "ratio_vs_hugo": None,
    }


def not_run(size: Size, contender: str, status: str, note: str | None) -> dict[str, Any]:
    return {
        "size": size.label,
        "languages": size.languages,
        "pages_per_language": size.pages,
        "total_pages": size.total_pages,
        "contender": contender,
        "label": LABELS[contender],
        "status": status,
        "note": note,
    }


def add_ratios(records: list[dict[str, Any]]) -> None:
    """Each record's median against lean Pelican's and Hugo's at the same size."""
    medians = {(r["size"], r["contender"]): r["median_s"] for r in records if r["status"] == "ok"}
    for entry in records:
        if entry["status"] != "ok":
            continue
        for key, base in (("ratio_vs_lean", "lean"), ("ratio_vs_hugo", "hugo")):
            reference = medians.get((entry["size"], base))
            entry[key] = round(entry["median_s"] / reference, 3) if reference else None


# ---------------------------------------------------------------------------
# 1. Full builds, interleaved


def bench_sizes(ctx: Context, plan: Plan, found: dict[str, Availability]) -> list[dict[str, Any]]:
    """Every size: every contender ``plan.runs`` times, interleaved.

    Each contender gets ``plan.warmups`` untimed runs before its first timed
    size (they compile bytecode and fill the page cache); a later size needs
    none, since its files were written just before its runs and builds share
    no state (no content cache, output deleted before each run).
    """
    records: list[dict[str, Any]] = []
    warmed: set[str] = set()
    for size in plan.sizes:
        ctx.say(f"\n== {size.label}: {size.languages} languages × {size.pages} pages")
        built: dict[str, GeneratedSite] = {}
        for contender in CONTENDERS:
            if not found[contender].available:
                records.append(not_run(size, contender, "skipped", found[contender].note or "not installed"))
                ctx.say(f"   {contender}: SKIPPED — {found[contender].note}")
                continue
            built[contender] = sites.generate(contender, size, ctx.work / size.label / contender)
        timed: dict[str, list[Run]] = {contender: [] for contender in built}
        failed: dict[str, str] = {}
        cold = [c for c in built if c not in warmed]
        schedule = [("warm-up", cold)] * (plan.warmups if cold else 0)
        schedule += [(f"run {n + 1}/{plan.runs}", list(built)) for n in range(plan.runs)]
        for number, (what, contenders) in enumerate(schedule):
            active = [c for c in contenders if c not in failed]
            # Rotate the order every round so no contender always runs first.
            shift = number % len(active) if active else 0
            for contender in active[shift:] + active[:shift]:
                try:
                    run = build_once(built[contender], ctx.launcher, ctx.hugo)
                except BuildFailed as error:
                    failed[contender] = str(error)
                    ctx.say(f"   {contender}: FAILED — {error}")
                    continue
                ctx.say(
                    f"   {contender:7} {what:9} {run.seconds:7.2f} s wall {run.cpu_seconds:7.2f} s CPU "
                    f"{run.peak_rss_kib / 1024:7.1f} MiB"
                )
                if what == "warm-up":
                    warmed.add(contender)
                else:
                    timed[contender].append(run)
        for contender, site in built.items():
            if contender in failed:
                records.append(not_run(size, contender, "failed", failed[contender]))
            else:
                records.append(record(size, contender, timed[contender], len(site.expected)))
    add_ratios(records)
    return records


# ---------------------------------------------------------------------------
# 2. Incremental rebuild with Pelican's content cache


def edit_page(site: GeneratedSite, number: int) -> Path:
    """Change one page of the default language the way an editor would: one more sentence."""
    path = sites.source_file(site, site.size.codes[0], number)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f" Edited in round {number}.\n", encoding="utf-8")
    return path


def bench_incremental(ctx: Context, plan: Plan, found: dict[str, Availability]) -> dict[str, Any]:
    size = plan.incremental_size
    contenders = [c for c in ("collab", "lean") if found[c].available]
    ctx.say(f"\n== incremental: {size.label}, CACHE_CONTENT and LOAD_CONTENT_CACHE on")
    result: dict[str, Any] = {
        "size": size.label,
        "method": (
            f"{plan.incremental_runs} rounds, the contenders interleaved. Each round: delete output and "
            "cache, cold build (writes the cache), edit one page of the default language, rebuild "
            "(reads the cache, output kept). Same settings for both, each build a fresh process, as in "
            "the editing loop (pelican-collab with COLLAB_KEEP_UNCHANGED = True, which `invoke "
            "regenerate`/`livereload` set; builds for publishing render everything); medians."
        ),
        "contenders": {},
    }
    built = {c: sites.generate(c, size, ctx.work / "incremental" / c, cache=True) for c in contenders}
    runs: dict[str, dict[str, list[float]]] = {c: {"cold": [], "incremental": []} for c in contenders}
    failed: dict[str, str] = {}
    for number in range(plan.incremental_runs):
        for contender in contenders[number % 2 :] + contenders[: number % 2]:
            if contender in failed:
                continue
            site = built[contender]
            try:
                shutil.rmtree(site.root / "cache", ignore_errors=True)
                cold = build_once(site, ctx.launcher, ctx.hugo)
                edit_page(site, 1 + number)
                warm = build_once(site, ctx.launcher, ctx.hugo, clean=False)
            except BuildFailed as error:
                failed[contender] = str(error)
                ctx.say(f"   {contender}: FAILED — {error}")
                continue
            runs[contender]["cold"].append(cold.seconds)
            runs[contender]["incremental"].append(warm.seconds)
            ctx.say(f"   {contender:7} cold {cold.seconds:6.2f} s   after one edit {warm.seconds:6.2f} s")
    for contender in contenders:
        if contender in failed:
            result["contenders"][contender] = {"status": "failed", "note": failed[contender]}
            continue
        cold = statistics.median(runs[contender]["cold"])
        warm = statistics.median(runs[contender]["incremental"])
        result["contenders"][contender] = {
            "status": "ok",
            "label": LABELS[contender],
            "cold_runs_s": [round(s, 4) for s in runs[contender]["cold"]],
            "incremental_runs_s": [round(s, 4) for s in runs[contender]["incremental"]],
            "cold_median_s": round(cold, 4),
            "incremental_median_s": round(warm, 4),
            "ratio": round(warm / cold, 3),
            "ratio_by_min": round(min(runs[contender]["incremental"]) / min(runs[contender]["cold"]), 3),
        }
    for contender in ("i18n", "hugo"):
        result["contenders"][contender] = {
            "status": "not measured",
            "note": "the target concerns pelican-collab; lean Pelican is the reference",
        }
    return result


# ---------------------------------------------------------------------------
# 3. The real site against the 14 KB budget


class _Resources(HTMLParser):
    """Stylesheets and every other sub-resource a page makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stylesheets: list[str] = []
        self.others: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link":
            rel = set((values.get("rel") or "").lower().split())
            href = values.get("href")
            if not href:
                return
            if "stylesheet" in rel:
                self.stylesheets.append(href)
            elif rel & {"icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}:
                self.others.append(href)
        elif tag in ("img", "script", "iframe", "source", "video", "audio", "embed") and values.get("src"):
            self.others.append(values["src"])
        elif tag == "object" and values.get("data"):
            self.others.append(values["data"])


def _local_file(output: Path, url: str, siteurl: str) -> Path | None:
    parts, site = urlsplit(url), urlsplit(siteurl)
    if parts.scheme in ("http", "https") and parts.netloc != site.netloc:
        return None
    path = parts.path
    base = site.path.rstrip("/")
    if base and path.startswith(base + "/"):
        path = path[len(base) :]
    target = output / path.lstrip("/")
    return target / "index.html" if target.is_dir() else target


def bench_real_site(ctx: Context) -> dict[str, Any]:
    settings = REPOSITORY / "pelicanconf.py"
    ctx.say("\n== real site: this repository's narrative")
    if not settings.is_file() or not (REPOSITORY / "content").is_dir():
        return {"status": "skipped", "note": f"{settings} or content/ not found"}
    output = ctx.work / "real-site"
    shutil.rmtree(output, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "--settings", str(settings), "--output", str(output)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return {"status": "failed", "note": _last_line(result.stdout + result.stderr)}
    siteurl = _pelicanconf_siteurl(settings)
    pages = []
    for page in sorted(output.rglob("*.html")):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        html_gz = len(gzip.compress(page.read_bytes(), 9))
        css_gz = 0
        requests = {page.relative_to(output).as_posix()}
        off_site = []
        for href in parser.stylesheets:
            requests.add(href)
            local = _local_file(output, href, siteurl)
            if local is None or not local.is_file():
                off_site.append(href)
                continue
            css = local.read_bytes()
            css_gz += len(gzip.compress(css, 9))
            for inner in re.findall(rb"url\(\s*['\"]?([^'\")]+)", css):
                if not inner.startswith(b"data:"):
                    requests.add(inner.decode("utf-8", "replace"))
        for href in parser.others:
            if not href.startswith("data:"):
                requests.add(href)
                if _local_file(output, href, siteurl) is None:
                    off_site.append(href)
        total = html_gz + css_gz
        pages.append(
            {
                "page": page.relative_to(output).as_posix(),
                "html_gzip_bytes": html_gz,
                "css_gzip_bytes": css_gz,
                "total_gzip_bytes": total,
                "requests": len(requests),
                "off_site": off_site,
                "within_budget": total <= BUDGET,
            }
        )
    ctx.say(
        f"   {len(pages)} pages, largest {max((p['total_gzip_bytes'] for p in pages), default=0)} B gzipped"
    )
    return {"status": "ok", "budget_bytes": BUDGET, "siteurl": siteurl, "pages": pages}


def _pelicanconf_siteurl(settings: Path) -> str:
    match = re.search(r"^SITEURL\s*=\s*['\"]([^'\"]*)['\"]", settings.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else ""


# ---------------------------------------------------------------------------
# 4. Profile


#: Phases of a Pelican run, by the function whose cumulative time measures them.
PHASES = (
    ("Python imports (start-up)", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("Pelican: read sources (Readers.read_file)", "pelican/readers.py", "read_file"),
    ("  of which Markdown → HTML (Markdown.convert)", "markdown/core.py", "convert"),
    ("Pelican: write files (Writer.write_file)", "pelican/writers.py", "write_file"),
    ("  of which Jinja rendering (Template.render)", "jinja2/environment.py", "render"),
    ("Plugin signal handlers (blinker send)", "blinker/base.py", "send"),
)
_STDLIB = sysconfig.get_paths()["stdlib"]


def short_name(filename: str) -> str:
    if filename == "~":
        return ""
    for marker in ("site-packages/", "dist-packages/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    if filename.startswith(str(REPOSITORY)):
        return os.path.relpath(filename, REPOSITORY)
    if filename.startswith(_STDLIB):
        return "stdlib/" + os.path.relpath(filename, _STDLIB)
    return filename


def function_name(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    short = short_name(filename)
    return f"{short}:{line}({name})" if short else name


def bucket(filename: str) -> str:
    """Which package a function's own time belongs to."""
    short = short_name(filename)
    if filename == "~":
        return "C built-ins (re, str, I/O …)"
    if short.endswith(".html") or "/templates/" in short:
        return "Jinja templates (compiled)"
    if short.startswith("pelican/plugins/"):
        return short.split("/")[2]
    if short.startswith("stdlib/"):
        return "stdlib: " + short.split("/")[1].removesuffix(".py")
    if short.startswith("<frozen"):
        return "stdlib: import machinery"
    return short.split("/")[0].removesuffix(".py")


def _is_wrapper(key: tuple[str, int, str]) -> bool:
    """Frames that only start the run (runpy, exec, pelican's __main__): 100 % and no news."""
    filename, _, name = key
    return (
        filename in ("<string>", "<frozen runpy>")
        or filename.endswith("pelican/__main__.py")
        or name == "<built-in method builtins.exec>"
    )


def summarise_profile(path: Path, top: int = 20) -> dict[str, Any]:
    stats = pstats.Stats(str(path))
    entries = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]

    def rows(key_index: int) -> list[dict[str, Any]]:
        interesting = ((k, v) for k, v in entries.items() if not _is_wrapper(k))
        ordered = sorted(interesting, key=lambda item: item[1][key_index], reverse=True)[:top]
        return [
            {
                "function": function_name(key),
                "calls": value[1],
                "tottime_s": round(value[2], 3),
                "cumtime_s": round(value[3], 3),
                "share": round(value[key_index] / total, 4),
            }
            for key, value in ordered
        ]

    packages: dict[str, float] = {}
    for key, value in entries.items():
        name = bucket(key[0])
        packages[name] = packages.get(name, 0.0) + value[2]
    phases = []
    for label, suffix, name in PHASES:
        cumulative = sum(v[3] for k, v in entries.items() if k[0].endswith(suffix) and k[2] == name)
        phases.append(
            {"phase": label, "cumtime_s": round(cumulative, 3), "share": round(cumulative / total, 4)}
        )
    plugin = sorted(
        ((k, v) for k, v in entries.items() if "pelican_collab/" in k[0]),
        key=lambda item: item[1][3],
        reverse=True,
    )
    return {
        "total_s": round(total, 3),
        "top_cumulative": rows(3),
        "top_tottime": rows(2),
        "by_package": [
            {"package": name, "tottime_s": round(seconds, 3), "share": round(seconds / total, 4)}
            for name, seconds in sorted(packages.items(), key=lambda item: item[1], reverse=True)[:15]
        ],
        "phases": phases,
        "plugin_functions": [
            {
                "function": function_name(k),
                "calls": v[1],
                "tottime_s": round(v[2], 3),
                "cumtime_s": round(v[3], 3),
                "share": round(v[3] / total, 4),
            }
            for k, v in plugin[:top]
        ],
    }


def bench_profile(ctx: Context, plan: Plan, found: dict[str, Availability]) -> dict[str, Any]:
    size = plan.profile_size
    ctx.say(f"\n== profile: cProfile of the {size.label} builds")
    result: dict[str, Any] = {"size": size.label, "tool": f"cProfile (Python {platform.python_version()})"}
    for contender in ("collab", "lean"):
        if not found[contender].available:
            result[contender] = {"status": "skipped", "note": found[contender].note}
            continue
        site = sites.generate(contender, size, ctx.work / "profile" / contender)
        output = site.root / "build.prof"
        started = time.perf_counter()
        command = [sys.executable, "-m", "cProfile", "-o", str(output), *site.command(sys.executable)[1:]]
        if contender == "collab":  # cProfile sees one process: keep all the work in it
            command += ["--extra-settings", "COLLAB_WORKERS=1"]
        completed = subprocess.run(
            command,
            cwd=site.root,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        if completed.returncode != 0 or site.pages_built() != len(site.expected):
            result[contender] = {"status": "failed", "note": _last_line(completed.stdout + completed.stderr)}
            continue
        result[contender] = {"status": "ok", "wall_s": round(seconds, 2), **summarise_profile(output)}
        ctx.say(f"   {contender}: {seconds:.2f} s under cProfile")
    if all(result.get(c, {}).get("status") == "ok" for c in ("collab", "lean")):
        result["differences"] = profile_differences(
            ctx.work / "profile" / "collab" / "build.prof", ctx.work / "profile" / "lean" / "build.prof"
        )
    return result


#: Runs as the build's own process: builds the site with tracemalloc on and prints
#: what is still allocated when Pelican has finished, by the file whose code allocated it.
_MEMORY_PROGRAM = """
import json, sys, tracemalloc
tracemalloc.start(1)
from pelican import Pelican, signals
from pelican.settings import read_settings
held = {}
def keep(pelican):
    held["snapshot"] = tracemalloc.take_snapshot()
signals.finalized.connect(keep)
Pelican(read_settings(sys.argv[1], override=json.loads(sys.argv[2]))).run()
stats = held["snapshot"].statistics("filename")
print(json.dumps({stat.traceback[0].filename: stat.size for stat in stats}))
"""


def bench_memory(ctx: Context, plan: Plan, found: dict[str, Availability]) -> dict[str, Any]:
    """What pelican-collab and lean Pelican hold at the end of a build, by package (tracemalloc)."""
    size = plan.profile_size
    ctx.say(f"\n== memory: what the {size.label} builds hold at the end (tracemalloc)")
    result: dict[str, Any] = {"size": size.label}
    for contender in ("collab", "lean"):
        if not found[contender].available:
            result[contender] = {"status": "skipped", "note": found[contender].note}
            continue
        site = sites.generate(contender, size, ctx.work / "memory" / contender)
        # One process, so that everything the build keeps is in the snapshot.
        overrides = {"COLLAB_WORKERS": 1} if contender == "collab" else {}
        completed = subprocess.run(
            [sys.executable, "-c", _MEMORY_PROGRAM, str(site.config), json.dumps(overrides)],
            cwd=site.root,
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            result[contender] = {"status": "failed", "note": _last_line(completed.stdout + completed.stderr)}
            continue
        by_package: dict[str, int] = {}
        for filename, size_bytes in json.loads(completed.stdout.strip().splitlines()[-1]).items():
            name = memory_bucket(filename)
            by_package[name] = by_package.get(name, 0) + size_bytes
        result[contender] = {
            "status": "ok",
            "total_bytes": sum(by_package.values()),
            "by_package": by_package,
        }
        ctx.say(f"   {contender}: {sum(by_package.values()) / 2**20:.1f} MiB allocated by Python at the end")
    return result


# ---------------------------------------------------------------------------
# 6. The floor under any Pelican build: start-up and Markdown

#: What ``python -m pelican`` imports before it reads a file.
_STARTUP_PROGRAM = "import pelican, pelican.generators, pelican.readers, pelican.writers"
#: Converts every Markdown file below a folder as cheaply as Pelican can (one
#: reused Markdown instance, Pelican's default configuration): once in this
#: process for the CPU time, then shared over forked processes, one per core,
#: for the wall time the machine really gives (two vCPUs may share one core).
_MARKDOWN_PROGRAM = """
import json, os, pathlib, sys, time
from markdown import Markdown
from pelican.settings import DEFAULT_CONFIG
converter = Markdown(**DEFAULT_CONFIG["MARKDOWN"])
texts = [path.read_text(encoding="utf-8") for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md"))]
cores = int(sys.argv[2])
def convert(share):
    for text in share:
        converter.reset().convert(text)
started = time.process_time()
convert(texts)
cpu = time.process_time() - started
began = time.perf_counter()
children = []
for number in range(1, cores):
    pid = os.fork()
    if pid == 0:
        convert(texts[number::cores])
        os._exit(0)
    children.append(pid)
convert(texts[0::cores])
for pid in children:
    os.waitpid(pid, 0)
print(json.dumps({"files": len(texts), "cpu_s": cpu, "shared_wall_s": time.perf_counter() - began}))
"""


def bench_floor(ctx: Context, plan: Plan, cores: int) -> dict[str, Any]:
    """How long any Pelican build of the smallest site takes before it makes a page:
    Python's start-up with Pelican's imports, then Python-Markdown converting its
    pages on every core at once."""
    size = plan.sizes[0]
    ctx.say(f"\n== floor: start-up and Markdown for {size.label}")
    site = sites.generate("lean", size, ctx.work / "floor" / size.label)
    startup, cpu, shared = [], [], []
    for _ in range(plan.runs):
        seconds, _rss, returncode, _cpu = ctx.launcher.run(
            [sys.executable, "-c", _STARTUP_PROGRAM], site.root, site.root / "startup.log"
        )
        converted = subprocess.run(
            [sys.executable, "-c", _MARKDOWN_PROGRAM, str(site.root / "content"), str(cores)],
            capture_output=True,
            text=True,
        )
        if returncode != 0 or converted.returncode != 0:
            return {"status": "failed", "note": _last_line(converted.stderr) or f"exit {returncode}"}
        answer = json.loads(converted.stdout)
        startup.append(seconds)
        cpu.append(answer["cpu_s"])
        shared.append(answer["shared_wall_s"])
    result = {
        "status": "ok",
        "size": size.label,
        "files": answer["files"],
        "cores": cores,
        "startup_median_s": round(statistics.median(startup), 4),
        "markdown_cpu_median_s": round(statistics.median(cpu), 4),
        "markdown_shared_wall_median_s": round(statistics.median(shared), 4),
    }
    result["floor_s"] = round(result["startup_median_s"] + result["markdown_shared_wall_median_s"], 4)
    ctx.say(
        f"   start-up {result['startup_median_s']:.2f} s; Markdown for {answer['files']} files "
        f"{result['markdown_cpu_median_s']:.2f} s CPU, {result['markdown_shared_wall_median_s']:.2f} s on "
        f"{cores} cores: floor {result['floor_s']:.2f} s"
    )
    return result


def memory_bucket(filename: str) -> str:
    """Which package (or which of the plugin's modules) holds memory allocated in this file."""
    short = short_name(filename)
    if short.startswith("pelican_collab/theme/"):
        return "pelican_collab: templates (compiled)"
    if short.startswith("pelican_collab/"):
        return "pelican_collab: " + short.split("/")[1].removesuffix(".py")
    if short.startswith(("<frozen", "stdlib/importlib")):
        return "Python: imported code"
    return bucket(filename)


#: Work both profiles do identically (same calls): its time ratio tells how much
#: slower the machine ran during one profile than during the other.
CALIBRATION = ("markdown/treeprocessors.py", "__handleInline")


def profile_differences(ours: Path, theirs: Path, top: int = 15) -> dict[str, Any]:
    """Functions of Pelican, Jinja and Markdown that cost pelican-collab more than lean Pelican.

    Cumulative times, so nested functions overlap; read it as "where the extra time is spent".
    The two profiles run one after the other on a machine that may be busier during one of
    them, so lean Pelican's times are also given scaled by the calibration ratio.
    """

    def cumulative(path: Path) -> dict[str, tuple[int, float]]:
        entries = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
        return {function_name(k): (v[1], v[3]) for k, v in entries.items() if not _is_wrapper(k)}

    a, b = cumulative(ours), cumulative(theirs)
    scale = 1.0
    reference = next(
        (n for n in a.keys() & b.keys() if CALIBRATION[0] in n and n.endswith(f"({CALIBRATION[1]})")), None
    )
    if reference and a[reference][0] == b[reference][0] and b[reference][1] > 0:
        scale = a[reference][1] / b[reference][1]
    shared = [
        (name, a[name], b[name])
        for name in a.keys() & b.keys()
        if name.startswith(("pelican/", "jinja2/", "markdown/", "markupsafe/"))
    ]
    shared.sort(key=lambda item: item[1][1] - scale * item[2][1], reverse=True)
    return {
        "calibration_function": reference,
        "calibration_ratio": round(scale, 3),
        "rows": [
            {
                "function": name,
                "calls_collab": ours_calls,
                "calls_lean": lean_calls,
                "cumtime_collab_s": round(ours_time, 3),
                "cumtime_lean_s": round(lean_time, 3),
                "extra_scaled_s": round(ours_time - scale * lean_time, 3),
            }
            for name, (ours_calls, ours_time), (lean_calls, lean_time) in shared[:top]
        ],
    }


# ---------------------------------------------------------------------------
# Targets


def evaluate_targets(
    records: list[dict[str, Any]], incremental: dict[str, Any], sizes: tuple[Size, ...]
) -> list[dict[str, Any]]:
    ok = {(r["size"], r["contender"]): r for r in records if r["status"] == "ok"}
    targets: list[dict[str, Any]] = []

    def add(
        name: str,
        size: str,
        limit: float,
        measured: float | None,
        by_min: float | None = None,
        note: str = "",
    ) -> None:
        met = None if measured is None else measured <= limit
        if met is not None and by_min is not None and (by_min <= limit) != met:
            note = (note + "; " if note else "") + "the ratio of minimums says otherwise: noise"
        targets.append(
            {
                "target": name,
                "size": size,
                "limit": limit,
                "measured": None if measured is None else round(measured, 3),
                "measured_by_min": None if by_min is None else round(by_min, 3),
                "met": met,
                "note": note or ("not measured: a contender is missing" if measured is None else ""),
            }
        )

    def ratio(a: dict[str, Any] | None, b: dict[str, Any] | None, key: str) -> float | None:
        return a[key] / b[key] if a and b else None

    for size in sizes:
        ours = ok.get((size.label, "collab"))
        for other, limit, name in (
            ("lean", LIMIT_VS_LEAN, "time ≤ 1.05 × lean Pelican"),
            ("i18n", LIMIT_VS_I18N, "time ≤ 0.8 × Pelican + i18n_subsites"),
            ("hugo", LIMIT_VS_HUGO, "time ≤ 5 × Hugo"),
        ):
            theirs = ok.get((size.label, other))
            add(name, size.label, limit, ratio(ours, theirs, "median_s"), ratio(ours, theirs, "min_s"))
        lean = ok.get((size.label, "lean"))
        add("peak RSS ≤ 1.2 × lean Pelican", size.label, LIMIT_MEMORY, ratio(ours, lean, "peak_rss_mib"))
    ours_incremental = incremental.get("contenders", {}).get("collab", {})
    add(
        "incremental rebuild ≤ 0.3 × cold",
        incremental.get("size", ""),
        LIMIT_INCREMENTAL,
        ours_incremental.get("ratio"),
        ours_incremental.get("ratio_by_min"),
    )
    for small in sizes:
        for large in sizes:
            if large.languages == small.languages and large.pages == 10 * small.pages:
                a, b = ok.get((small.label, "collab")), ok.get((large.label, "collab"))
                add(
                    "10 × the pages ≤ 11 × the time",
                    f"{small.label} → {large.label}",
                    LIMIT_GROWTH,
                    ratio(b, a, "median_s"),
                    ratio(b, a, "min_s"),
                    "includes the fixed start-up cost, which flatters small sites",
                )
    return targets


def growth(records: list[dict[str, Any]], sizes: tuple[Size, ...]) -> list[dict[str, Any]]:
    """Per contender: time ratio and marginal cost per page between sizes 10× apart."""
    ok = {(r["size"], r["contender"]): r for r in records if r["status"] == "ok"}
    rows = []
    for small in sizes:
        for large in sizes:
            if large.languages != small.languages or large.pages != 10 * small.pages:
                continue
            for contender in CONTENDERS:
                a, b = ok.get((small.label, contender)), ok.get((large.label, contender))
                if a and b:
                    extra_pages = large.total_pages - small.total_pages
                    rows.append(
                        {
                            "contender": contender,
                            "from": small.label,
                            "to": large.label,
                            "time_ratio": round(b["median_s"] / a["median_s"], 2),
                            "ms_per_extra_page": round(
                                1000 * (b["median_s"] - a["median_s"]) / extra_pages, 2
                            ),
                        }
                    )
    return rows


# ---------------------------------------------------------------------------
# Machine and report


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    memory = None
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        cpu = match.group(1).strip() if match else cpu
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
        match = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
        memory = round(int(match.group(1)) / 1024 / 1024, 1) if match else None
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gib": memory,
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def versions(found: dict[str, Availability]) -> dict[str, str | None]:
    return {
        "pelican-collab": found["collab"].version,
        "pelican": _version("pelican"),
        "pelican-i18n-subsites": found["i18n"].version,
        "hugo": found["hugo"].version,
        "markdown": _version("markdown"),
        "jinja2": _version("jinja2"),
    }


def _fmt(value: float | None, suffix: str = "", digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(results: dict[str, Any]) -> str:
    m, v = results["machine"], results["versions"]
    out = [
        "# Build-time benchmark results",
        "",
        f"Generated by `{results['command']}` on {results['date']} (UTC); regenerate with `invoke bench`. "
        "Method and contenders: [README.md](README.md). Raw numbers: [results.json](results.json).",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']} — {m['cores']} cores ({m['usable_cores']} usable), {m['memory_gib']} GiB RAM",
        f"- OS: {m['os']}; {m['python']}",
        f"- Load average (1, 5, 15 min): {m['load_average_start']} at the start, "
        f"{m.get('load_average_end')} at the end",
        "- Versions: " + ", ".join(f"{name} {version or 'not installed'}" for name, version in v.items()),
        f"- Runs: {results['plan']['runs']} timed runs per contender and size, interleaved (the order "
        f"rotates every round), after {results['plan']['warmups']} untimed warm-up run per contender "
        "before its first size; each build a fresh process with its output deleted first; "
        "wall time from start to exit (median, min, max); CPU is the median user + system time of the "
        "build and its children; peak RSS from `os.wait4`: the largest single process of the build "
        "(pelican-collab's forked workers share its memory copy-on-write, so adding theirs up would "
        "count it twice), the maximum over the timed runs; builds are started by a small helper "
        "process, so the harness's own size does not leak into the figure. "
        "Ratios are of medians.",
        "",
    ]
    if results["notes"]:
        out += ["## Notes", ""] + [f"- {note}" for note in results["notes"]] + [""]
    out += ["## Contenders", ""]
    out += _table(
        ["", "what", "version", "status"],
        [
            [
                LABELS[c],
                DESCRIPTIONS[c],
                info["version"] or "–",
                "ok" if info["available"] else f"**skipped**: {info['note']}",
            ]
            for c, info in results["contenders"].items()
        ],
    )
    out += ["", "## Targets", ""]
    out += _table(
        ["target", "size", "measured (medians)", "ratio of minimums", "limit", "met"],
        [
            [
                t["target"],
                t["size"],
                _fmt(t["measured"], "", 3),
                _fmt(t.get("measured_by_min"), "", 3),
                _fmt(t["limit"], "", 2),
                {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
                + (f" ({t['note']})" if t["note"] else ""),
            ]
            for t in results["targets"]
        ],
    )
    out += ["", *_render_limits(results)]
    out += ["## 1. Full builds", ""]
    for size in results["plan"]["sizes"]:
        rows = []
        for entry in (r for r in results["builds"] if r["size"] == size):
            if entry["status"] != "ok":
                rows.append(
                    [entry["label"], f"**{entry['status']}**: {entry['note'].splitlines()[0]}"] + [""] * 8
                )
                continue
            rows.append(
                [
                    entry["label"],
                    _fmt(entry["median_s"], " s"),
                    _fmt(entry["min_s"], " s"),
                    _fmt(entry["max_s"], " s"),
                    _fmt(entry.get("median_cpu_s"), " s"),
                    _fmt(entry["ratio_vs_lean"], "×"),
                    _fmt(entry["ratio_vs_hugo"], "×"),
                    _fmt(entry["peak_rss_mib"], " MiB", 0),
                    f"{entry['pages_built']}/{entry['expected_pages']}",
                    " ".join(f"{s:.2f}" for s in entry["runs_s"]),
                ]
            )
        first = next(r for r in results["builds"] if r["size"] == size)
        out += [f"### {first['languages']} languages × {first['pages_per_language']} pages ({size})", ""]
        out += _table(
            [
                "contender",
                "median",
                "min",
                "max",
                "CPU",
                "× lean",
                "× Hugo",
                "peak RSS",
                "pages",
                "all runs (s)",
            ],
            rows,
        )
        out.append("")
    if results["growth"]:
        out += ["### Growth with the number of pages", ""]
        out += _table(
            ["contender", "from → to", "time ratio (10× pages)", "ms per extra page"],
            [
                [
                    LABELS[g["contender"]],
                    f"{g['from']} → {g['to']}",
                    _fmt(g["time_ratio"], "×"),
                    _fmt(g["ms_per_extra_page"], " ms"),
                ]
                for g in results["growth"]
            ],
        )
        out.append("")
    inc = results["incremental"]
    out += ["## 2. Incremental rebuild (content cache)", "", f"Site {inc['size']}. {inc['method']}", ""]
    rows = []
    for contender, entry in inc["contenders"].items():
        if entry["status"] != "ok":
            rows.append(
                [LABELS[contender], f"{entry['status']}: {entry['note'].splitlines()[0]}", "", "", ""]
            )
            continue
        rows.append(
            [
                LABELS[contender],
                _fmt(entry["cold_median_s"], " s"),
                _fmt(entry["incremental_median_s"], " s"),
                _fmt(entry["ratio"], "×", 3),
                " ".join(f"{s:.2f}" for s in entry["incremental_runs_s"]),
            ]
        )
    out += _table(
        ["contender", "cold (median)", "after one edit (median)", "ratio", "after-edit runs (s)"], rows
    )
    out.append("")
    real = results["real_site"]
    out += ["## 3. Real site: this repository's narrative", ""]
    if real["status"] != "ok":
        out += [f"**{real['status']}**: {real['note']}", ""]
    else:
        out += [
            f"Built with `pelicanconf.py`. Budget: {real['budget_bytes']} bytes (14 KB) of HTML + CSS, "
            "gzip level 9, per page. Requests: the page, its stylesheets and everything they or the "
            "page load (icons, images, scripts, fonts).",
            "",
        ]
        out += _table(
            ["page", "HTML gzip", "CSS gzip", "total", "budget", "requests", "off-site"],
            [
                [
                    f"`{p['page']}`",
                    f"{p['html_gzip_bytes']} B",
                    f"{p['css_gzip_bytes']} B",
                    f"{p['total_gzip_bytes']} B",
                    "within" if p["within_budget"] else "**over**",
                    str(p["requests"]),
                    ", ".join(p["off_site"]) or "none",
                ]
                for p in real["pages"]
            ],
        )
        out.append("")
    out += _render_profile(results["profile"])
    out += _render_memory(results.get("memory", {}))
    return "\n".join(out).rstrip() + "\n"


def _render_memory(memory: dict[str, Any], top: int = 14) -> list[str]:
    collab, lean = memory.get("collab", {}), memory.get("lean", {})
    if collab.get("status") != "ok" or lean.get("status") != "ok":
        return []
    ours, theirs = collab["by_package"], lean["by_package"]
    names = sorted(set(ours) | set(theirs), key=lambda n: ours.get(n, 0) - theirs.get(n, 0), reverse=True)

    def mib(value: float) -> str:
        return f"{value / 2**20:.2f} MiB"

    rows = [
        [name, mib(ours.get(name, 0)), mib(theirs.get(name, 0)), mib(ours.get(name, 0) - theirs.get(name, 0))]
        for name in names[:top]
    ]
    rows.append(
        [
            "**all**",
            mib(collab["total_bytes"]),
            mib(lean["total_bytes"]),
            mib(collab["total_bytes"] - lean["total_bytes"]),
        ]
    )
    return [
        "## 5. Memory: what the builds hold at the end",
        "",
        f"tracemalloc of the {memory['size']} builds, each in one process (pelican-collab with "
        "`COLLAB_WORKERS=1`), snapshot when Pelican has finished: the memory Python allocated and "
        "still holds, by the package (or the plugin's module) whose code allocated it: Babel's "
        "locale data, say, is under babel though only the plugin asks for it, and an attribute a "
        "plugin module sets on a page is under that module. It leaves out the interpreter itself "
        "and memory Python has freed but not returned, so it is less than the peak RSS in "
        "section 1. Largest differences first.",
        "",
        *_table(["held by", "pelican-collab", "lean Pelican", "difference"], rows),
        "",
    ]


def _phase(profile: dict[str, Any], prefix: str) -> float | None:
    """The share of the profiled run a phase takes (see PHASES), or None."""
    for phase in profile.get("phases", []):
        if phase["phase"].strip().startswith(prefix):
            return phase["share"]
    return None


def _render_limits(results: dict[str, Any]) -> list[str]:
    """What the profiles say about the targets Pelican itself bounds."""
    profile = results["profile"]
    collab, lean = profile.get("collab", {}), profile.get("lean", {})
    if collab.get("status") != "ok" or lean.get("status") != "ok":
        return []
    lean_inc = results["incremental"]["contenders"].get("lean", {})
    ours_inc = results["incremental"]["contenders"].get("collab", {})
    imports, writing = _phase(lean, "Python imports"), _phase(lean, "Pelican: write")
    markdown, reading = _phase(lean, "of which Markdown"), _phase(lean, "Pelican: read")
    ours_writing, ours_handlers = _phase(collab, "Pelican: write"), _phase(collab, "Plugin signal")
    ours_markdown = _phase(collab, "of which Markdown")
    if None in (imports, writing, markdown, reading, ours_writing, ours_handlers, ours_markdown):
        return []
    lines = ["### What Pelican itself bounds (from the profiles in section 4)", ""]
    ours_reading = _phase(collab, "Pelican: read")
    missed = ours_inc.get("status") == "ok" and ours_inc["ratio"] > LIMIT_INCREMENTAL
    if missed and lean_inc.get("status") == "ok" and ours_reading is not None:
        lines.append(
            "- **Incremental rebuild.** Pelican's content cache skips the reading of unchanged "
            "sources, and pelican-collab keeps the outputs whose inputs did not change (README: "
            "*Rebuilding after an edit*). What remains is what every rebuild does: Python's "
            "start-up, Pelican loading its cache into every page and saving it again, pairing, "
            "the freshness check, and the site-wide files (sitemap, 404 pages, the translation "
            f"report). Lean Pelican, which renders every page again, takes {lean_inc['ratio']:.2f}× "
            f"its cold build; pelican-collab {ours_inc['ratio']:.2f}× (reading is "
            f"{100 * ours_reading:.0f} % of its cold profile, writing {100 * ours_writing:.0f} %, "
            f"the plugin's handlers {100 * ours_handlers:.0f} %)."
        )
    lean_vs_hugo = ", ".join(
        f"{record['ratio_vs_hugo']:.1f}× at {record['size']}"
        for record in results["builds"]
        if record["contender"] == "lean" and record.get("ratio_vs_hugo")
    )
    lines.append(
        f"- **Against Hugo.** Reading is {100 * reading:.0f} % of lean Pelican's profile, "
        f"{100 * markdown:.0f} % Python-Markdown alone ({100 * ours_markdown:.0f} % for pelican-collab), "
        "one page after another on one core; Hugo converts Markdown in compiled Go on every core. "
        "pelican-collab converts and renders on every core too (forked workers), which is what "
        f"brings it under lean Pelican's time. Lean Pelican itself is {lean_vs_hugo} Hugo's time: "
        "where it is above 5×, pelican-collab needs the second core just to keep level, because "
        "the start-up of Python and Pelican (the same for the three Pelican contenders) and "
        "forking the workers are a fixed cost that weighs most on the smallest site."
    )
    lines += _floor_limits(results)
    lines += _memory_limits(results)
    return [*lines, ""]


def _floor_limits(results: dict[str, Any]) -> list[str]:
    """What is left for everything but start-up and Markdown under the 5 × Hugo limit."""
    floor = results.get("floor", {})
    if floor.get("status") != "ok":
        return []
    builds = [r for r in results["builds"] if r["size"] == floor["size"] and r["status"] == "ok"]
    at_size = {record["contender"]: record for record in builds}
    hugo, lean, ours = at_size.get("hugo"), at_size.get("lean"), at_size.get("collab")
    if not (hugo and lean and ours) or ours["median_s"] <= LIMIT_VS_HUGO * hugo["median_s"]:
        return []
    limit = LIMIT_VS_HUGO * hugo["median_s"]
    startup, markdown, cores = floor["startup_median_s"], floor["markdown_cpu_median_s"], floor["cores"]
    shared = floor["markdown_shared_wall_median_s"]
    lean_rest = lean["median_s"] - startup - markdown
    return [
        f"- **The floor at {floor['size']}.** Starting Python and importing Pelican takes {startup:.2f} s "
        f"(a process that does only that). Python-Markdown needs {markdown:.2f} s of CPU for the site's "
        f"{floor['files']} pages (one reused instance, Pelican's default extensions); converted on all "
        f"{cores} cores at once they take {shared:.2f} s on this machine (a perfect split would be "
        f"{markdown / cores:.2f} s). So any Pelican build of this site spends {floor['floor_s']:.2f} s "
        f"before it makes a page object, renders a page or writes a file. 5 × Hugo's "
        f"{hugo['median_s']:.2f} s is {limit:.2f} s, which leaves {limit - floor['floor_s']:.2f} s for all "
        f"the rest; lean Pelican spends {lean_rest:.2f} s on that rest (on one core), pelican-collab "
        f"{ours['median_s'] - floor['floor_s']:.2f} s with a theme and plugin that do more per page, on "
        "every core. The limit comes within reach only where Hugo's own time outweighs Python's fixed "
        "start-up, i.e. on the larger sites."
    ]


def _memory_limits(results: dict[str, Any]) -> list[str]:
    """Where a missed memory target's extra goes: a fixed part and a part per page
    (a straight line through the smallest and the largest site)."""
    missed = [
        target
        for target in results.get("targets", [])
        if target["target"].startswith("peak RSS") and target["met"] is False
    ]
    if not missed:
        return []
    rss = {
        (record["size"], record["contender"]): (record["total_pages"], record["peak_rss_mib"])
        for record in results["builds"]
        if record["status"] == "ok" and record["contender"] in ("collab", "lean")
    }
    extra = sorted(
        (pages, ours - rss[(size, "lean")][1])
        for (size, contender), (pages, ours) in rss.items()
        if contender == "collab" and (size, "lean") in rss
    )
    if len(extra) < 2 or extra[-1][0] == extra[0][0]:
        return []
    (small_pages, small_extra), (large_pages, large_extra) = extra[0], extra[-1]
    per_page_kib = 1024 * (large_extra - small_extra) / (large_pages - small_pages)
    fixed = small_extra - small_pages * per_page_kib / 1024
    return [
        f"- **Peak memory** (missed at {', '.join(target['size'] for target in missed)}). "
        f"pelican-collab's peak RSS is lean Pelican's plus about {fixed:.0f} MiB and "
        f"{per_page_kib:.1f} KiB per page ({small_extra:.1f} MiB more at {small_pages} pages, "
        f"{large_extra:.1f} MiB at {large_pages}). The largest process is the build process, which "
        "holds the whole site while the workers render it (it renders nothing itself), or a helper "
        "forked from it: measured in each process (`ru_maxrss`), the translation check's helper, "
        "which reads every source and stamp, was the largest at 3x1000 on 2026-12-01 (72.5 MB, "
        "the build process 67 MB, the same before and after the engine's rework of that day). Besides "
        "what lean Pelican holds, it keeps per page its `page.collab` record, its translation-status "
        "row (and an original's section names), the heading ids in its HTML and the writer's queue "
        "entry (lean Pelican writes each page at once); fixed, the plugin's modules and compiled "
        "templates. Babel's CLDR data is loaded only in a helper process (section 5 measures one "
        "process, which loads it).",
    ]


def _render_profile(profile: dict[str, Any]) -> list[str]:
    out = ["## 4. Profile", ""]
    collab, lean = profile.get("collab", {}), profile.get("lean", {})
    out += [
        f"{profile['tool']} of the {profile['size']} builds, each in a fresh process "
        "(`python -m cProfile -m pelican`; pelican-collab with `COLLAB_WORKERS=1`, since cProfile sees only "
        "its own process: the same work its workers otherwise share). cProfile slows Python down, so read "
        "the shares, not the seconds.",
        "",
    ]
    if collab.get("status") != "ok":
        return [*out, f"pelican-collab profile: **{collab.get('status')}**: {collab.get('note')}", ""]
    out += ["### Where the time goes: pelican-collab against lean Pelican", ""]
    lean_phases = {p["phase"]: p for p in lean.get("phases", [])} if lean.get("status") == "ok" else {}
    rows = [
        [
            "whole run (profiled)",
            _fmt(collab["total_s"], " s"),
            "100 %",
            _fmt(lean.get("total_s"), " s"),
            "100 %" if lean_phases else "–",
        ]
    ]
    for phase in collab["phases"]:
        other = lean_phases.get(phase["phase"])
        rows.append(
            [
                phase["phase"],
                _fmt(phase["cumtime_s"], " s"),
                f"{100 * phase['share']:.1f} %",
                _fmt(other["cumtime_s"], " s") if other else "–",
                f"{100 * other['share']:.1f} %" if other else "–",
            ]
        )
    out += _table(["phase (cumulative)", "collab", "share", "lean", "share"], rows)
    out += ["", "### pelican-collab: own time by package", ""]
    out += _table(
        ["package", "tottime", "share"],
        [
            [p["package"], _fmt(p["tottime_s"], " s"), f"{100 * p['share']:.1f} %"]
            for p in collab["by_package"]
        ],
    )
    for title, key in (
        ("pelican-collab: top functions by cumulative time", "top_cumulative"),
        ("pelican-collab: top functions by own time (tottime)", "top_tottime"),
        ("pelican-collab: the plugin's own functions (cumulative)", "plugin_functions"),
    ):
        out += ["", f"### {title}", ""]
        out += _table(
            ["function", "calls", "tottime", "cumtime", "share"],
            [
                [
                    f"`{row['function']}`",
                    str(row["calls"]),
                    _fmt(row["tottime_s"], " s", 3),
                    _fmt(row["cumtime_s"], " s", 3),
                    f"{100 * row['share']:.1f} %",
                ]
                for row in collab[key]
            ],
        )
    differences = profile.get("differences")
    if differences:
        out += [
            "",
            "### Where pelican-collab spends more than lean Pelican (shared functions, cumulative)",
            "",
            "The profiles ran one after the other; identical work "
            f"(`{differences['calibration_function']}`, the same calls in both) took "
            f"{differences['calibration_ratio']:.2f}× as long in pelican-collab's, so *extra* is "
            "collab − lean × that ratio.",
            "",
        ]
        out += _table(
            ["function", "calls collab / lean", "collab", "lean", "extra (scaled)"],
            [
                [
                    f"`{d['function']}`",
                    f"{d['calls_collab']} / {d['calls_lean']}",
                    _fmt(d["cumtime_collab_s"], " s"),
                    _fmt(d["cumtime_lean_s"], " s"),
                    _fmt(d["extra_scaled_s"], " s"),
                ]
                for d in differences["rows"]
            ],
        )
    if lean.get("status") == "ok":
        out += ["", "### lean Pelican: own time by package (for comparison)", ""]
        out += _table(
            ["package", "tottime", "share"],
            [
                [p["package"], _fmt(p["tottime_s"], " s"), f"{100 * p['share']:.1f} %"]
                for p in lean["by_package"]
            ],
        )
    out.append("")
    return out


# ---------------------------------------------------------------------------
# Main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke test: small sites, 2 runs")
    parser.add_argument("--no-install", action="store_true", help="do not pip/apt-get install the contenders")
    parser.add_argument("--runs", type=int, help="timed runs per contender and size (default 5; quick 2)")
    parser.add_argument(
        "--work-dir", type=Path, help="where the sites are generated (default: a temp folder)"
    )
    parser.add_argument("--results-dir", type=Path, help="where results.json and RESULTS.md go")
    arguments = parser.parse_args(argv)

    work = arguments.work_dir or Path(tempfile.gettempdir()) / "pelican-collab-bench"
    work.mkdir(parents=True, exist_ok=True)
    with Launcher() as launcher:
        return _run(arguments, Context(work=work.resolve(), launcher=launcher), work)


def _run(arguments: argparse.Namespace, ctx: Context, work: Path) -> int:
    plan = QUICK if arguments.quick else FULL
    if arguments.runs:
        plan = Plan(**{**plan.__dict__, "runs": arguments.runs, "incremental_runs": arguments.runs})
    results_dir = arguments.results_dir or (work if arguments.quick else BENCH)
    started = time.perf_counter()
    if not arguments.no_install:
        install(ctx)
    compile_plugin(ctx)
    ctx.hugo = shutil.which("hugo")
    found = availability(ctx.hugo)
    for contender, info in found.items():
        if not info.available:
            ctx.notes.append(f"{LABELS[contender]} SKIPPED: {info.note}")
    for note in ctx.notes:
        print(f"NOTE: {note}", flush=True)
    if not found["collab"].available:
        # Without the contender it is about, a run would only overwrite the results with gaps.
        print(f"error: {found['collab'].note}; nothing measured", file=sys.stderr)
        return 1
    info = machine()

    records = bench_sizes(ctx, plan, found)
    incremental = bench_incremental(ctx, plan, found)
    real = bench_real_site(ctx)
    profile = bench_profile(ctx, plan, found)
    memory = bench_memory(ctx, plan, found)
    floor = bench_floor(ctx, plan, info["usable_cores"] or 1)
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "command": "invoke bench" + (" --quick" if arguments.quick else ""),
        "duration_s": round(time.perf_counter() - started, 1),
        "machine": info,
        "versions": versions(found),
        "plan": {
            "sizes": [size.label for size in plan.sizes],
            "runs": plan.runs,
            "warmups": plan.warmups,
            "incremental_runs": plan.incremental_runs,
        },
        "contenders": {c: {"label": LABELS[c], **found[c].__dict__} for c in CONTENDERS},
        "notes": ctx.notes,
        "builds": records,
        "growth": growth(records, plan.sizes),
        "incremental": incremental,
        "real_site": real,
        "targets": evaluate_targets(records, incremental, plan.sizes),
        "profile": profile,
        "floor": floor,
        "memory": memory,
    }
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (results_dir / "RESULTS.md").write_text(render_markdown(results), encoding="utf-8")
    print(f"\nwrote {results_dir / 'RESULTS.md'} and results.json in {results['duration_s']:.0f} s")
    for target in results["targets"]:
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[target["met"]]
        print(f"  {target['target']:40} {target['size']:18} {_fmt(target['measured'], '', 3):>7}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
