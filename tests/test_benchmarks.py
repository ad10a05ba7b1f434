"""Smoke test of the benchmark harness (benchmarks/): tiny sites, real builds, no timing assertions."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import run, sites

TINY = sites.Size(languages=2, pages=3)

#: What RESULTS.md prints for each contender and size.
RECORD_FIELDS = {
    "size",
    "languages",
    "pages_per_language",
    "total_pages",
    "contender",
    "label",
    "status",
    "runs_s",
    "median_s",
    "min_s",
    "max_s",
    "median_cpu_s",
    "peak_rss_mib",
    "pages_built",
    "expected_pages",
    "ratio_vs_lean",
    "ratio_vs_hugo",
}


def test_every_contender_gets_the_same_markdown_body(tmp_path: Path) -> None:
    bodies = {}
    for contender in sites.CONTENDERS:
        site = sites.generate(contender, TINY, tmp_path / contender)
        text = sites.source_file(site, "en", 2).read_text(encoding="utf-8")
        bodies[contender] = text.split("\n\n", 1)[1] if contender != "hugo" else text.split("---\n\n", 1)[1]
        assert len(site.expected) == TINY.total_pages
    assert len(set(bodies.values())) == 1


@pytest.mark.parametrize("contender", ["collab", "lean"])
def test_tiny_site_builds_every_page_and_makes_a_full_record(tmp_path: Path, contender: str) -> None:
    site = sites.generate(contender, TINY, tmp_path / contender)

    with run.Launcher() as launcher:
        result = run.build_once(site, launcher)

    assert result.returncode == 0
    assert result.pages_built == TINY.total_pages == 6
    assert result.peak_rss_kib > 0
    entry = run.record(TINY, contender, [result], len(site.expected))
    assert set(entry) >= RECORD_FIELDS
    assert entry["status"] == "ok" and entry["pages_built"] == entry["expected_pages"]


def test_ratios_and_targets_come_from_the_records(tmp_path: Path) -> None:
    fake = {"collab": 2.0, "lean": 2.0, "i18n": 4.0, "hugo": 0.5}
    records = [run.record(TINY, name, [run.Run(seconds, 1024, 0, 6)], 6) for name, seconds in fake.items()]
    run.add_ratios(records)
    ours = next(r for r in records if r["contender"] == "collab")
    assert (ours["ratio_vs_lean"], ours["ratio_vs_hugo"]) == (1.0, 4.0)
    targets = run.evaluate_targets(records, {"size": TINY.label, "contenders": {}}, (TINY,))
    assert {t["target"] for t in targets} >= {"time ≤ 1.05 × lean Pelican", "time ≤ 5 × Hugo"}
    assert all(t["met"] in (True, None) for t in targets)


def test_the_harness_size_does_not_count_as_the_builds_memory(tmp_path: Path) -> None:
    site = sites.generate("lean", TINY, tmp_path / "lean")
    with run.Launcher() as launcher:
        ballast = bytearray(300 * 1024 * 1024)  # the harness grows after starting the launcher
        ballast[::4096] = b"\x01" * len(ballast[::4096])
        result = run.build_once(site, launcher)
    del ballast
    assert result.returncode == 0
    # A tiny Pelican build is some tens of MB; started from this process it would report 300+.
    assert 10 * 1024 < result.peak_rss_kib < 200 * 1024


def test_memory_is_charged_to_the_package_or_plugin_module_that_allocated_it() -> None:
    root = str(run.REPOSITORY)
    assert run.memory_bucket(f"{root}/pelican_collab/pairing.py") == "pelican_collab: pairing"
    assert run.memory_bucket(f"{root}/pelican_collab/theme/templates/page.html") == (
        "pelican_collab: templates (compiled)"
    )
    assert run.memory_bucket("/x/lib/python3.11/site-packages/babel/localedata.py") == "babel"
    assert run.memory_bucket("<frozen importlib._bootstrap_external>") == "Python: imported code"
    memory = {
        "size": "2x10",
        "collab": {"status": "ok", "total_bytes": 3 * 2**20, "by_package": {"babel": 2 * 2**20, "x": 2**20}},
        "lean": {"status": "ok", "total_bytes": 2**20, "by_package": {"x": 2**20}},
    }
    table = "\n".join(run._render_memory(memory))
    assert "| babel | 2.00 MiB | 0.00 MiB | 2.00 MiB |" in table
    assert "| **all** | 3.00 MiB | 1.00 MiB | 2.00 MiB |" in table


def test_the_floor_is_start_up_plus_markdown_on_every_core(tmp_path: Path) -> None:
    plan = run.Plan(**{**run.QUICK.__dict__, "sizes": (TINY,), "runs": 1})
    with run.Launcher() as launcher:
        context = run.Context(work=tmp_path, launcher=launcher, verbose=False)
        floor = run.bench_floor(context, plan, run.machine()["usable_cores"])
    assert floor["status"] == "ok" and floor["files"] == TINY.total_pages
    parts = ("startup_median_s", "markdown_cpu_median_s", "markdown_shared_wall_median_s")
    assert all(floor[part] > 0 for part in parts)
    expected = floor["startup_median_s"] + floor["markdown_shared_wall_median_s"]
    assert floor["floor_s"] == pytest.approx(expected, abs=1e-3)
    # RESULTS.md explains the floor where pelican-collab misses 5 × Hugo, and only there.
    times = {"collab": 3.0, "lean": 2.0, "hugo": 0.5}
    builds = [run.record(TINY, name, [run.Run(seconds, 1024, 0, 6)], 6) for name, seconds in times.items()]
    explained = run._floor_limits({"floor": floor, "builds": builds})
    assert len(explained) == 1 and "5 × Hugo's 0.50 s is 2.50 s" in explained[0]
    builds[0]["median_s"] = 2.0
    assert run._floor_limits({"floor": floor, "builds": builds}) == []
