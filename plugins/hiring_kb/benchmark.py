"""Benchmark harness behind ``invoke bench``: our build against a plain Material site of the same size.

For each N (candidates) it generates a synthetic project (:func:`hiring_kb.synthetic.generate_project`) and the
plain baseline with the same page count and page size (:func:`hiring_kb.synthetic.generate_baseline`; the
page size is the mean size of our compiled tree's pages, as the engine reads them, so it is known after our
first build), then measures, as separate processes:

(a) our full build (validation, compile, pages; the first run starts with no compiled
tree and no cache, later runs find what the previous one left, as a second ``invoke build`` does),
(b) the baseline build, (c) ``invoke validate`` from a cold start and again with nothing changed (warm),
(d) under ``invoke serve`` (a dirty ``mkdocs serve``), the time from editing one note to the edit being
served. Each figure is the median of ``repeats`` runs, in wall-clock and in CPU seconds (the machine may be
shared: CPU time is the steadier yardstick); peak memory is the largest resident set size of the build
process (``os.wait4`` rusage, KiB -> MB). Results are printed with the targets of issue 14
(:func:`targets`) and written as JSON.
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
from dataclasses import dataclass
from pathlib import Path

from .progress import Progress
from .synthetic import REPO, generate_baseline, generate_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


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

    ``source``: the project whose configuration and tasks.py the synthetic project copies.
    """
    progress = progress or Progress("bench", live=False)
    with progress.step(f"{candidates:,} candidates: generating the projects"):
        project = generate_project(workdir / f"n{candidates}" / "project", candidates, seed=candidates, source=source)
        shutil.copy2(source / "tasks.py", project / "tasks.py")
        notes = list((project / "candidates").glob("*/interviews/*.md"))
        pages = (
            candidates + len(list((project / "roles").glob("*.yml"))) + 4 + len(list((project / "docs").glob("*.md")))
        )
    build = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d"]
    with progress.step(f"{candidates:,} candidates: our build", total=repeats) as advance:
        ours_runs = []
        for _ in range(repeats):  # the first from nothing; later ones find the tree and caches the last one left
            ours_runs.append(run_measured([*build, str(project / "site")], project))
            advance(1)
    # Like with like: the baseline's pages are as big as ours are when the engine reads them (the compiled
    # tree), not as big as the notes they are made from.
    page_bytes = tree_page_bytes(project)
    notes_bytes = sum(p.stat().st_size for p in notes) // candidates
    with progress.step(f"{candidates:,} candidates: plain Material baseline build", total=repeats) as advance:
        baseline = generate_baseline(workdir / f"n{candidates}" / "baseline", pages, page_bytes, seed=candidates)
        baseline_runs = []
        for _ in range(repeats):
            baseline_runs.append(run_measured([*build, str(baseline / "site")], baseline))
            advance(1)
    validate_cmd = [sys.executable, "-m", "invoke", "validate"]
    with progress.step(f"{candidates:,} candidates: invoke validate, cold and warm", total=2 * repeats) as advance:
        cold_runs = []
        for _ in range(repeats):
            shutil.rmtree(project / ".cache", ignore_errors=True)  # no cache: a cold start
            cold_runs.append(run_measured(validate_cmd, project))
            advance(1)
        warm_runs = []
        for _ in range(repeats):
            warm_runs.append(run_measured(validate_cmd, project))
            advance(1)
    base, ours = _median(baseline_runs), _median(ours_runs)
    result: dict[str, object] = {
        "candidates": candidates,
        "interviews": len(notes),
        "pages": pages,
        "page_bytes": page_bytes,
        "notes_bytes_per_candidate": notes_bytes,
        "baseline_build_s": round(base.seconds, 2),
        "build_s": round(ours.seconds, 2),
        "build_first_s": round(ours_runs[0].seconds, 2),
        "build_ratio": round(ours.seconds / base.seconds, 2),
        "build_first_ratio": round(ours_runs[0].seconds / base.seconds, 2),
        "build_ms_per_candidate": round(1000 * ours.seconds / candidates, 2),
        "baseline_build_cpu_s": round(base.cpu_seconds, 2),
        "build_cpu_s": round(ours.cpu_seconds, 2),
        "build_cpu_ratio": round(ours.cpu_seconds / base.cpu_seconds, 2),
        "build_first_cpu_ratio": round(ours_runs[0].cpu_seconds / base.cpu_seconds, 2),
        "baseline_peak_mb": round(base.peak_mb, 1),
        "build_peak_mb": round(ours.peak_mb, 1),
        "peak_ratio": round(ours.peak_mb / base.peak_mb, 2),
        "validate_cold_s": round(_median(cold_runs).seconds, 2),
        "validate_warm_s": round(_median(warm_runs).seconds, 2),
    }
    if serve:
        with progress.step(f"{candidates:,} candidates: edit a note under invoke serve", total=None):
            try:
                cpu: list[float] = []
                latencies = serve_edit_latency(project, repeats, cpu=cpu)
                result["serve_edit_s"] = round(statistics.median(latencies), 2)
                result["serve_edit_cpu_s"] = round(statistics.median(cpu), 2)
            except RuntimeError as exc:  # report it with the other figures rather than lose them
                result["serve_edit_s"] = f"failed: {exc}"
    return result


@dataclass(frozen=True)
class Target:
    """One target of issue 14: what it limits, the figure of this run, the limit, and whether it is met."""

    name: str
    figure: float | None
    limit: float
    unit: str

    @property
    def met(self) -> bool | None:
        """True/False when measured; None when this run did not measure it (e.g. size not benchmarked)."""
        return None if self.figure is None else self.figure <= self.limit

    def format(self) -> str:
        shown = "not measured in this run" if self.figure is None else f"{self.figure:g}{self.unit}"
        verdict = {True: "met", False: "NOT met", None: "-"}[self.met]
        return f"target: {self.name} <= {self.limit:g}{self.unit}: {shown}: {verdict}"


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def targets(results: list[dict[str, object]]) -> list[Target]:
    """The targets of issue 14 judged on one run's results (figures of sizes not run are None).

    Edit -> page <= 1.5 s at 1,000 candidates; full build <= 0.7x the baseline at 1,000 (median of the runs);
    peak RSS <= 1.5x the baseline's at 1,000 and 5,000; cost per candidate within +-20 % from 1,000 to 5,000
    (the larger of the two deviations of the 5,000 figure from the 1,000 one); validate cold <= 3 s at 1,000.
    """
    by_size = {r["candidates"]: r for r in results}
    small, big = by_size.get(1000, {}), by_size.get(5000, {})
    flat = None
    if _number(small.get("build_ms_per_candidate")) and _number(big.get("build_ms_per_candidate")):
        flat = round(100 * abs(float(big["build_ms_per_candidate"]) / float(small["build_ms_per_candidate"]) - 1), 1)  # type: ignore[arg-type]
    return [
        Target("edit -> page at 1,000 candidates", _number(small.get("serve_edit_s")), 1.5, " s"),
        Target("full build at 1,000, times the baseline", _number(small.get("build_ratio")), 0.7, "x"),
        Target("peak memory at 1,000, times the baseline's", _number(small.get("peak_ratio")), 1.5, "x"),
        Target("peak memory at 5,000, times the baseline's", _number(big.get("peak_ratio")), 1.5, "x"),
        Target("cost per candidate, 5,000 against 1,000", flat, 20, " %"),
        Target("invoke validate cold at 1,000", _number(small.get("validate_cold_s")), 3, " s"),
    ]


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
        payload = {
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "repeats": repeats,
            "results": results,
            "targets": [
                {"name": t.name, "figure": t.figure, "limit": t.limit, "unit": t.unit.strip(), "met": t.met}
                for t in targets(results)
            ],
        }
        results_file.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return results


def format_table(results: list[dict[str, object]]) -> str:
    """A fixed-width table of the results, one row per size."""
    columns = [
        ("candidates", "N"),
        ("pages", "pages"),
        ("baseline_build_s", "baseline s"),
        ("build_s", "build s"),
        ("build_ratio", "ratio"),
        ("build_cpu_ratio", "CPU ratio"),
        ("build_first_s", "first build s"),
        ("build_ms_per_candidate", "ms/cand"),
        ("baseline_peak_mb", "base peak MB"),
        ("build_peak_mb", "peak MB"),
        ("validate_cold_s", "validate cold s"),
        ("validate_warm_s", "validate warm s"),
        ("serve_edit_s", "serve edit s"),
        ("serve_edit_cpu_s", "edit CPU s"),
    ]
    header = "  ".join(f"{title:>15}" for _, title in columns)
    rows = ["  ".join(f"{r.get(key, '-')!s:>15}" for key, _ in columns) for r in results]
    return "\n".join([header, *rows])
