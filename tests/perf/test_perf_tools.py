"""The benchmark tools run end to end at a tiny size (speed targets live in `invoke bench`, not here)."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
from pathlib import Path

import pytest

from hiring_kb.sources.validate import validate_project
from hiring_kb.tasks.benchmark import run, tree_page_bytes
from hiring_kb.tasks.synthetic import generate_baseline, generate_project


def test_generator_is_deterministic_and_valid(tmp_path: Path) -> None:
    first = generate_project(tmp_path / "a", candidates=12, seed=7)
    second = generate_project(tmp_path / "b", candidates=12, seed=7, today=dt.date.today())
    comparison = filecmp.dircmp(first / "candidates", second / "candidates")
    assert comparison.left_only == comparison.right_only == comparison.diff_files == []
    assert len(list((first / "candidates").iterdir())) == 12
    notes = list((first / "candidates").glob("*/interviews/*.md"))
    assert 36 <= len(notes) <= 84
    report = validate_project(first, today=dt.date(2026, 11, 28))  # the generator's default `today`
    assert [d.format() for d in report.diagnostics if d.severity.value == "error"] == []
    assert len(report.project.candidates) == 12


def test_baseline_has_the_requested_pages(tmp_path: Path) -> None:
    baseline = generate_baseline(tmp_path / "base", pages=5, page_bytes=2000)
    pages = sorted((baseline / "docs/pages").glob("*.md"))
    assert len(pages) == 5
    assert all(2000 <= p.stat().st_size < 4000 for p in pages)
    assert "navigation.prune" in (baseline / "mkdocs.yml").read_text()


def test_baseline_pages_are_sized_like_our_compiled_pages(tmp_path: Path) -> None:
    # The baseline's page size comes from the pages the engine reads (the compiled tree), not from the notes.
    tree = tmp_path / ".hiring-build" / "everyone" / "docs"
    (tree / "candidates").mkdir(parents=True)
    (tree / "candidates" / "c-1.md").write_bytes(b"x" * 3000)
    (tree / "index.md").write_bytes(b"y" * 1001)
    (tree / "assets").mkdir()
    (tree / "assets" / "big.css").write_bytes(b"z" * 90000)  # not a page
    assert tree_page_bytes(tmp_path) == 2000
    with pytest.raises(RuntimeError, match="no compiled pages"):
        tree_page_bytes(tmp_path / "nothing")


def test_bench_runs_at_a_tiny_size(tmp_path: Path) -> None:
    results_file = tmp_path / "results.json"
    results = run([3], repeats=1, results_file=results_file, serve=False)
    assert results[0]["candidates"] == 3
    assert set(results[0]) >= {
        "baseline_build_s",
        "build_s",
        "build_ratio",
        "validate_cold_s",
        "validate_warm_s",
        "build_cpu_s",
        "baseline_build_cpu_s",
        "build_cpu_ratio",
        "page_bytes",
    }
    assert results[0]["build_cpu_s"] > 0 and results[0]["baseline_build_cpu_s"] > 0
    assert json.loads(results_file.read_text())["results"] == results
