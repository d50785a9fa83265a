"""What ``invoke bench`` makes of its figures: issue 14's targets judged on them, the table it prints and the
JSON it writes. Pure functions of the results of :func:`hiring_kb.tasks.benchmark.bench_size` (one dict per size);
the measuring is in :mod:`hiring_kb.tasks.benchmark`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass


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
    per_small, per_big = _number(small.get("build_ms_per_candidate")), _number(big.get("build_ms_per_candidate"))
    if per_small and per_big:
        flat = round(100 * abs(per_big / per_small - 1), 1)
    return [
        Target("edit -> page at 1,000 candidates", _number(small.get("serve_edit_s")), 1.5, " s"),
        Target("full build at 1,000, times the baseline", _number(small.get("build_ratio")), 0.7, "x"),
        Target("peak memory at 1,000, times the baseline's", _number(small.get("peak_ratio")), 1.5, "x"),
        Target("peak memory at 5,000, times the baseline's", _number(big.get("peak_ratio")), 1.5, "x"),
        Target("cost per candidate, 5,000 against 1,000", flat, 20, " %"),
        Target("invoke validate cold at 1,000", _number(small.get("validate_cold_s")), 3, " s"),
    ]


def results_payload(results: list[dict[str, object]], repeats: int) -> dict[str, object]:
    """The JSON document of a run: the machine (CPUs, Python version), ``repeats``, the results per size and
    the targets judged on them."""
    return {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "repeats": repeats,
        "results": results,
        "targets": [
            {"name": t.name, "figure": t.figure, "limit": t.limit, "unit": t.unit.strip(), "met": t.met}
            for t in targets(results)
        ],
    }


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
