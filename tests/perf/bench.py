"""Benchmark harness behind ``invoke bench``: our build against a plain Material site of the same size.

For each N (candidates) it generates a synthetic project (``synthetic.generate_project``) and the plain baseline
with the same page count and page size (``synthetic.generate_baseline``), then measures, as separate processes:

(a) the baseline build, (b) our full build (validation + pages), (c) ``invoke validate`` from a cold start and
again with nothing changed (warm), (d) under ``mkdocs serve``, the time from editing one note to the edit being
served. Each figure is the median of ``repeats`` runs; peak memory is the largest resident set size of the build
process (``os.wait4`` rusage, KiB → MB). Results are printed and written as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.perf.synthetic import REPO, generate_baseline, generate_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Timing:
    """Wall-clock seconds of one process run and its peak resident memory in MB."""

    seconds: float
    peak_mb: float


def run_measured(command: list[str], cwd: Path) -> Timing:
    """Run ``command`` to completion; raise RuntimeError (with its output) when it fails."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{output.read().decode(errors='replace')[-3000:]}")
    return Timing(seconds, usage.ru_maxrss / 1024)


def _median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.seconds for t in timings), max(t.peak_mb for t in timings))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def serve_edit_latency(project: Path, repeats: int, timeout: float = 120.0) -> list[float]:
    """Start ``mkdocs serve`` on loopback, edit one note ``repeats`` times, and return the seconds from each
    edit until the candidate page served contains it."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        candidate = sorted((project / "candidates").iterdir())[0]
        note = sorted((candidate / "interviews").glob("*.md"))[0]
        url = f"http://127.0.0.1:{port}/candidates/{candidate.name}/"
        deadline = time.monotonic() + timeout
        while candidate.name not in _fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("mkdocs serve did not come up")
            time.sleep(0.2)
        latencies = []
        for round_number in range(repeats):
            token = f"benchedit{round_number}x{time.time_ns()}"
            time.sleep(1.0)  # let the watcher settle between edits
            start = time.perf_counter()
            with note.open("a", encoding="utf-8") as handle:
                handle.write(f"\n- {token}\n")
            while token not in _fetch(url):
                if time.perf_counter() - start > timeout:
                    raise RuntimeError("edit never appeared under serve")
                time.sleep(0.05)
            latencies.append(time.perf_counter() - start)
        return latencies
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def bench_size(candidates: int, repeats: int, workdir: Path, serve: bool = True) -> dict[str, object]:
    """Measure one size; returns a JSON-ready dict of medians, ratios and per-candidate costs."""
    project = generate_project(workdir / f"n{candidates}" / "project", candidates, seed=candidates)
    shutil.copy2(REPO / "tasks.py", project / "tasks.py")
    notes = list((project / "candidates").glob("*/interviews/*.md"))
    page_bytes = sum(p.stat().st_size for p in notes) // candidates
    pages = candidates + len(list((project / "roles").glob("*.yml"))) + 2 + len(list((project / "docs").glob("*.md")))
    baseline = generate_baseline(workdir / f"n{candidates}" / "baseline", pages, page_bytes, seed=candidates)
    build = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d"]
    baseline_runs = [run_measured(build + [str(baseline / "site")], baseline) for _ in range(repeats)]
    ours_runs = [run_measured(build + [str(project / "site")], project) for _ in range(repeats)]
    validate_cmd = [sys.executable, "-m", "invoke", "validate"]
    cold_runs = []
    for _ in range(repeats):
        shutil.rmtree(project / ".cache", ignore_errors=True)  # no cache: a cold start
        cold_runs.append(run_measured(validate_cmd, project))
    warm_runs = [run_measured(validate_cmd, project) for _ in range(repeats)]
    base, ours = _median(baseline_runs), _median(ours_runs)
    result: dict[str, object] = {
        "candidates": candidates,
        "interviews": len(notes),
        "pages": pages,
        "page_bytes": page_bytes,
        "baseline_build_s": round(base.seconds, 2),
        "build_s": round(ours.seconds, 2),
        "build_ratio": round(ours.seconds / base.seconds, 2),
        "build_ms_per_candidate": round(1000 * ours.seconds / candidates, 2),
        "baseline_peak_mb": round(base.peak_mb, 1),
        "build_peak_mb": round(ours.peak_mb, 1),
        "validate_cold_s": round(_median(cold_runs).seconds, 2),
        "validate_warm_s": round(_median(warm_runs).seconds, 2),
    }
    if serve:
        try:
            latencies = serve_edit_latency(project, repeats)
            result["serve_edit_s"] = round(statistics.median(latencies), 2)
        except RuntimeError as exc:  # report it with the other figures rather than lose them
            result["serve_edit_s"] = f"failed: {exc}"
    return result


def run(sizes: list[int], repeats: int = 3, results_file: Path | None = None, serve: bool = True,
        keep: bool = False) -> list[dict[str, object]]:
    """Run :func:`bench_size` for each size, print a table, write ``results_file`` (JSON) when given."""
    workdir = Path(tempfile.mkdtemp(prefix="hiring-bench-"))
    results = []
    try:
        for size in sizes:
            print(f"benchmarking {size} candidates...", flush=True)
            results.append(bench_size(size, repeats, workdir, serve=serve))
            print(format_table(results), flush=True)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if results_file is not None:
        payload = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "repeats": repeats,
                   "results": results}
        results_file.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return results


def format_table(results: list[dict[str, object]]) -> str:
    """A fixed-width table of the results, one row per size."""
    columns = [
        ("candidates", "N"), ("pages", "pages"), ("baseline_build_s", "baseline s"), ("build_s", "build s"),
        ("build_ratio", "ratio"), ("build_ms_per_candidate", "ms/cand"), ("build_peak_mb", "peak MB"),
        ("validate_cold_s", "validate cold s"), ("validate_warm_s", "validate warm s"), ("serve_edit_s", "serve edit s"),
    ]
    header = "  ".join(f"{title:>15}" for _, title in columns)
    rows = ["  ".join(f"{str(r.get(key, '—')):>15}" for key, _ in columns) for r in results]
    return "\n".join([header, *rows])

