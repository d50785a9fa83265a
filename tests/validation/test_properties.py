"""Property test: mutated example files never crash the validator and are never silently dropped.

Hypothesis flips bytes, truncates, deletes spans and inserts YAML tokens
(``&a``, ``*a``, ``%YAML 1.1``, ``---``, tabs, ``: ``, ...) into one valid file
of a small copy of the example project (hiring.yml, the backend role and one
candidate with three notes, so each example validates in a few milliseconds).
For every mutation: :func:`validate_project` returns (never raises), every
report format renders, and a file without an error diagnostic is in the
model: the validator never accepts a file the loader cannot read.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hiring_kb.base.diagnostics import FORMATS, Severity, render_report
from hiring_kb.sources.validate import ValidationReport, validate_project
from tests.conftest import ROOT

TODAY = dt.date(2026, 12, 1)
CANDIDATE = "candidates/c-7d3e91"
ROLE = "roles/backend-engineer.yml"
FILES = [
    "hiring.yml",
    ROLE,
    f"{CANDIDATE}/candidate.yml",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / CANDIDATE / "interviews").glob("*.md")),
]
TOKENS = [
    b"&a ",
    b"*a",
    b"&a [*a, *a]",
    b"%YAML 1.1\n",
    b"%TAG ! tag:x,2026:\n",
    b"---\n",
    b"...\n",
    b"\t",
    b": ",
    b"- ",
    b"? ",
    b"!!binary ",
    b"!x ",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"'",
    b"#",
    b"|",
    b">",
    b"~",
    b"null",
    b"no",
    b"2026-02-30",
    b"2099-01-01",
    b"3.5",
    b"5",
    b"\n  ",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xcc\x81",
    b"e\xcc\x81",
    b"\xe2\x80\x94",
    b"## ",
    b"## Desing\n",
    b"ratings: {x: 9}\n",
]

positions = st.integers(min_value=0, max_value=20_000)
mutation = st.one_of(
    st.tuples(st.just("flip"), positions, st.integers(min_value=1, max_value=255)),
    st.tuples(st.just("truncate"), positions),
    st.tuples(st.just("delete"), positions, st.integers(min_value=1, max_value=40)),
    st.tuples(st.just("insert"), positions, st.sampled_from(TOKENS)),
    st.tuples(st.just("insert-at-line"), positions, st.sampled_from(TOKENS)),
)


def mutate(data: bytes, steps: list[tuple]) -> bytes:
    """Apply mutation steps; positions wrap around the current length."""
    for step in steps:
        kind, at = step[0], step[1] % (len(data) + 1)
        if kind == "flip" and data:
            at %= len(data)
            data = data[:at] + bytes([data[at] ^ step[2]]) + data[at + 1 :]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "delete":
            data = data[:at] + data[at + step[2] :]
        elif kind == "insert":
            data = data[:at] + step[2] + data[at:]
        elif kind == "insert-at-line":
            line_start = data.rfind(b"\n", 0, at) + 1
            data = data[:line_start] + step[2] + data[line_start:]
    return data


@pytest.fixture(scope="module")
def small_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mutations") / "project"
    for name in ["hiring.yml", ROLE, CANDIDATE]:
        source, target = ROOT / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    return root


def interviews_of(report: ValidationReport) -> set[str]:
    return {i.source for c in report.project.candidates.values() for i in c.interviews}


def test_the_small_project_is_valid(small_project: Path) -> None:
    report = validate_project(small_project, today=TODAY)
    assert report.diagnostics == ()
    assert interviews_of(report) == set(FILES[3:])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), steps=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_files_never_crash_and_are_never_silently_dropped(
    small_project: Path,
    name: str,
    steps: list[tuple],
) -> None:
    path = small_project / name
    original = path.read_bytes()
    try:
        path.write_bytes(mutate(original, steps))
        report = validate_project(small_project, today=TODAY)
        for fmt in FORMATS:
            render_report(report.diagnostics, fmt)
        errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
        assert all(d.position.path and d.code and d.message and d.hint for d in errors)
        if name == "hiring.yml":
            return  # settings may legitimately point elsewhere; not crashing is the property here
        if not errors:
            # nothing failed, so nothing may be missing from what gets rendered
            assert set(report.project.roles) == {"backend-engineer"}
            assert set(report.project.candidates) == {"c-7d3e91"}
            assert interviews_of(report) == set(FILES[3:])
        elif name == ROLE:
            if not any(d.position.path == ROLE for d in errors):
                assert "backend-engineer" in report.project.roles
        elif not any(d.position.path.startswith(CANDIDATE) for d in errors):
            assert "c-7d3e91" in report.project.candidates
            assert interviews_of(report) == set(FILES[3:])
    finally:
        path.write_bytes(original)
