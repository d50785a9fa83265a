"""Benchmark harness behind ``invoke bench``: our build against a plain Material site of the same size.

For each N (candidates) it generates a synthetic project (:func:`hiring_kb.tasks.synthetic.generate_project`) and the
plain baseline with the same page count and page size (:func:`hiring_kb.tasks.synthetic.generate_baseline`; the
page size is the mean size of our compiled tree's pages, as the engine reads them, so it is known after our
first build), then measures, as separate processes:

(a) our full build (validation, compile, pages; the first run starts with no compiled
tree and no cache, later runs find what the previous one left, as a second ``invoke build`` does),
(b) the baseline build, (c) ``invoke validate`` from a cold start and again with nothing changed (warm),
(d) under ``invoke serve`` (a dirty ``mkdocs serve``), the time from editing one note to the edit being
served. Each figure is the median of ``repeats`` runs, in wall-clock and in CPU seconds (the machine may be
shared: CPU time is the steadier yardstick); peak memory is the largest resident set size of the build
process (``os.wait4`` rusage, KiB -> MB). Results are printed with the targets of issue 14
(:func:`hiring_kb.tasks.bench_report.targets`) and written as JSON.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.base.progress import Progress
from hiring_kb.tasks.bench_report import format_table, results_payload, targets
from hiring_kb.tasks.synthetic import REPO, generate_baseline, generate_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
#: A strict, quiet ``mkdocs build`` into the folder that follows.
BUILD = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d"]
VALIDATE = [sys.executable, "-m", "invoke", "validate"]


@dataclass
class Timing:
    """Wall-clock seconds of one process run, its CPU seconds (user + system, with the worker processes it
    waited for) and its peak resident memory in MB."""

    seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0


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
    return Timing(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def _median(timings: list[Timing]) -> Timing:
    return Timing(
        statistics.median(t.seconds for t in timings),
        max(t.peak_mb for t in timings),
        statistics.median(t.cpu_seconds for t in timings),
    )


def tree_page_bytes(project: Path) -> int:
    """Mean size in bytes of the Markdown pages of a built project's compiled tree (``.hiring-build/everyone/
    docs``: generated and hand-written pages, as the engine reads them): the page size of the baseline."""
    pages = list((project / ".hiring-build" / "everyone" / "docs").rglob("*.md"))
    if not pages:
        raise RuntimeError(f"no compiled pages under {project}/.hiring-build/everyone/docs")
    return sum(p.stat().st_size for p in pages) // len(pages)


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


def _tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its descendants (Linux ``/proc``;
    0.0 where it cannot be read)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, ValueError, IndexError):
        return total
    return total + sum(_tree_cpu_seconds(int(child)) for child in children)


def serve_edit_latency(
    project: Path, repeats: int, timeout: float = 300.0, cpu: list[float] | None = None
) -> list[float]:
    """Start ``invoke serve`` (a dirty ``mkdocs serve``) on loopback, edit one note ``repeats`` times, and return
    the seconds from each edit until the candidate page served contains it. ``cpu``, when given, receives the
    CPU seconds the server used for each edit (from the edit until the page showed it).

    Raises RuntimeError when the server does not come up or an edit never shows within ``timeout`` seconds.
    """
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--address", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        candidate = sorted((project / "candidates").iterdir())[0]
        note = sorted((candidate / "interviews").glob("*.md"))[0]
        url = f"http://127.0.0.1:{port}/candidates/{candidate.name}/"
        deadline = time.monotonic() + timeout
        while candidate.name not in _fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("invoke serve did not come up")
            time.sleep(0.2)
        latencies = []
        for round_number in range(repeats):
            token = f"benchedit{round_number}x{time.time_ns()}"
            time.sleep(1.0)  # let the watcher settle between edits
            start = time.perf_counter()
            cpu_start = _tree_cpu_seconds(server.pid)
            with note.open("a", encoding="utf-8") as handle:
                handle.write(f"\n- {token}\n")
            while token not in _fetch(url):
                if time.perf_counter() - start > timeout:
                    raise RuntimeError("edit never appeared under serve")
                time.sleep(0.05)
            latencies.append(time.perf_counter() - start)
            if cpu is not None:
                cpu.append(_tree_cpu_seconds(server.pid) - cpu_start)
        return latencies
    finally:
        # invoke runs mkdocs as its child: stop the whole session the server started.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def bench_size(
    candidates: int,
    repeats: int,
    workdir: Path,
    serve: bool = True,
    source: Path = REPO,
    progress: Progress | None = None,
) -> dict[str, object]:
    """Measure one size; returns a JSON-ready dict of medians, ratios and per-candidate costs.

    ``source``: the project whose configuration and tasks.py the synthetic project copies. The steps, in
    this order: generate the project, time our builds, generate and time the baseline (its page size is
    known only after our first build), time ``invoke validate``, report; then time an edit under serve.
    """
    progress = progress or Progress("bench", live=False)
    label = f"{candidates:,} candidates"
    with progress.step(f"{label}: generating the projects"):
        project, notes, pages = _generate(candidates, workdir / f"n{candidates}", source)
    with progress.step(f"{label}: our build", total=repeats) as advance:
        # the first from nothing; later ones find the tree and caches the last one left
        ours_runs = _timed([*BUILD, str(project / "site")], project, repeats, advance)
    # Like with like: the baseline's pages are as big as ours are when the engine reads them (the compiled
    # tree), not as big as the notes they are made from.
    page_bytes = tree_page_bytes(project)
    with progress.step(f"{label}: plain Material baseline build", total=repeats) as advance:
        baseline = generate_baseline(workdir / f"n{candidates}" / "baseline", pages, page_bytes, seed=candidates)
        baseline_runs = _timed([*BUILD, str(baseline / "site")], baseline, repeats, advance)
    with progress.step(f"{label}: invoke validate, cold and warm", total=2 * repeats) as advance:
        cold_runs, warm_runs = _time_validate(project, repeats, advance)
    result = _report(candidates, notes, pages, page_bytes, ours_runs, baseline_runs, cold_runs, warm_runs)
    if serve:
        with progress.step(f"{label}: edit a note under invoke serve", total=None):
            result.update(_serve_figures(project, repeats))
    return result


def _generate(candidates: int, folder: Path, source: Path) -> tuple[Path, list[Path], int]:
    """The synthetic project of ``candidates`` under ``folder`` (seeded by the size) with ``source``'s
    tasks.py, its interview notes, and the number of pages our build makes of it (candidates, roles, the
    four aggregate pages and the hand-written pages)."""
    project = generate_project(folder / "project", candidates, seed=candidates, source=source)
    shutil.copy2(source / "tasks.py", project / "tasks.py")
    notes = list((project / "candidates").glob("*/interviews/*.md"))
    roles = len(list((project / "roles").glob("*.yml")))
    pages = candidates + roles + 4 + len(list((project / "docs").glob("*.md")))
    return project, notes, pages


def _timed(
    command: list[str],
    cwd: Path,
    repeats: int,
    advance: Callable[[int], None],
    before: Callable[[], None] | None = None,
) -> list[Timing]:
    """``command`` run ``repeats`` times in ``cwd`` (``before`` each run when given), one timing each."""
    runs = []
    for _ in range(repeats):
        if before is not None:
            before()
        runs.append(run_measured(command, cwd))
        advance(1)
    return runs


def _time_validate(project: Path, repeats: int, advance: Callable[[int], None]) -> tuple[list[Timing], list[Timing]]:
    """``invoke validate`` in ``project`` from a cold start (no cache), then warm (nothing changed)."""

    def cold() -> None:
        shutil.rmtree(project / ".cache", ignore_errors=True)

    return _timed(VALIDATE, project, repeats, advance, before=cold), _timed(VALIDATE, project, repeats, advance)


def _report(
    candidates: int,
    notes: list[Path],
    pages: int,
    page_bytes: int,
    ours_runs: list[Timing],
    baseline_runs: list[Timing],
    cold_runs: list[Timing],
    warm_runs: list[Timing],
) -> dict[str, object]:
    """The JSON-ready figures of one size (seconds, MB, bytes; ratios ours / baseline), keys in table order."""
    base, ours = _median(baseline_runs), _median(ours_runs)
    first = ours_runs[0]
    return {
        "candidates": candidates,
        "interviews": len(notes),
        "pages": pages,
        "page_bytes": page_bytes,
        "notes_bytes_per_candidate": sum(p.stat().st_size for p in notes) // candidates,
        "baseline_build_s": round(base.seconds, 2),
        "build_s": round(ours.seconds, 2),
        "build_first_s": round(first.seconds, 2),
        "build_ratio": round(ours.seconds / base.seconds, 2),
        "build_first_ratio": round(first.seconds / base.seconds, 2),
        "build_ms_per_candidate": round(1000 * ours.seconds / candidates, 2),
        "baseline_build_cpu_s": round(base.cpu_seconds, 2),
        "build_cpu_s": round(ours.cpu_seconds, 2),
        "build_cpu_ratio": round(ours.cpu_seconds / base.cpu_seconds, 2),
        "build_first_cpu_ratio": round(first.cpu_seconds / base.cpu_seconds, 2),
        "baseline_peak_mb": round(base.peak_mb, 1),
        "build_peak_mb": round(ours.peak_mb, 1),
        "peak_ratio": round(ours.peak_mb / base.peak_mb, 2),
        "validate_cold_s": round(_median(cold_runs).seconds, 2),
        "validate_warm_s": round(_median(warm_runs).seconds, 2),
    }


def _serve_figures(project: Path, repeats: int) -> dict[str, object]:
    """Median seconds (wall clock and the server's CPU) from a note edit to the page under serve; a failure is
    reported as ``serve_edit_s: "failed: ..."`` with the other figures rather than lose them."""
    try:
        cpu: list[float] = []
        latencies = serve_edit_latency(project, repeats, cpu=cpu)
    except RuntimeError as exc:
        return {"serve_edit_s": f"failed: {exc}"}
    return {
        "serve_edit_s": round(statistics.median(latencies), 2),
        "serve_edit_cpu_s": round(statistics.median(cpu), 2),
    }


def run(
    sizes: list[int],
    repeats: int = 3,
    results_file: Path | None = None,
    serve: bool = True,
    keep: bool = False,
    source: Path = REPO,
) -> list[dict[str, object]]:
    """Run :func:`bench_size` for each size, print a table and the targets, write ``results_file`` (JSON) when
    given. Progress goes to standard error (live on a terminal), the table and targets to standard output."""
    workdir = Path(tempfile.mkdtemp(prefix="hiring-bench-"))
    results = []
    try:
        with Progress("bench") as progress:
            for size in sizes:
                results.append(bench_size(size, repeats, workdir, serve=serve, source=source, progress=progress))
            print(format_table(results), flush=True)
            judged = targets(results)
            for target in judged:
                print(target.format(), flush=True)
            met = sum(1 for t in judged if t.met)
            measured = sum(1 for t in judged if t.met is not None)
            progress.finish(f"{len(sizes)} sizes, {sum(sizes):,} candidates, {met} of {measured} measured targets met")
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if results_file is not None:
        results_file.write_text(json.dumps(results_payload(results, repeats), indent=2) + "\n", encoding="utf-8")
    return results
