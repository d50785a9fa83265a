"""invoke tasks, run for real on temp copies of the project (and with MockContext for wiring)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from invoke import MockContext, Result

from tests.conftest import ROOT

BAD_NOTE = "candidates/c-7d3e91/interviews/2026-11-25-technical-zoe.md"
BAD_NOTE_TEXT = (
    "---\ninterviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings: {desing: 3, code: 5}\n"
    "recommendation: yes\n---\n## Design\n- fine\n"
)


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, check=False
    )


def test_validate_passes_on_the_example(project: Path) -> None:
    result = invoke(project, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 errors, 0 warnings"


def test_invalid_note_stops_validate_and_build_and_publishes_nothing(project: Path) -> None:
    (project / BAD_NOTE).write_text(BAD_NOTE_TEXT)
    expected = [
        f"{BAD_NOTE}:5:11: error[unknown-competency]: 'desing' is not a competency of role 'backend-engineer' "
        "(hint: did you mean 'design'?)",
        f"{BAD_NOTE}:5:28: error[rating-out-of-range]: rating 5 for 'code' is outside 1..4 "
        "(hint: use a whole number: 1 far below, 2 below, 3 meets, 4 exceeds; leave it out if not assessed)",
        "2 errors, 0 warnings",
    ]
    validate = invoke(project, "validate")
    assert validate.returncode == 1
    assert validate.stdout.strip().splitlines() == expected
    build = invoke(project, "build")
    assert build.returncode == 1
    assert build.stdout.strip().splitlines() == expected
    for result in (validate, build):
        assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "site").exists()
    assert not list(project.glob(".site*"))


def test_plain_mkdocs_build_stops_on_the_same_errors(project: Path) -> None:
    (project / BAD_NOTE).write_text(BAD_NOTE_TEXT)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "out")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{BAD_NOTE}:5:11: error[unknown-competency]" in result.stderr
    assert f"{BAD_NOTE}:5:28: error[rating-out-of-range]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "out").exists()


def test_build_replaces_site_and_keeps_it_when_a_later_build_fails(project: Path) -> None:
    assert invoke(project, "build").returncode == 0
    page = project / "site/candidates/c-7d3e91/index.html"
    before = page.read_text()
    assert "Joaquim Barros" in before
    (project / BAD_NOTE).write_text(BAD_NOTE_TEXT)
    assert invoke(project, "build").returncode == 1
    assert page.read_text() == before


def test_validate_formats(project: Path) -> None:
    (project / BAD_NOTE).write_text(BAD_NOTE_TEXT)
    github = invoke(project, "validate", "--format", "github")
    assert github.stdout.splitlines()[0] == (
        f"::error file={BAD_NOTE},line=5,col=11,title=unknown-competency::'desing' is not a competency of role "
        "'backend-engineer' (hint: did you mean 'design'?)"
    )
    unknown = invoke(project, "validate", "--format", "xml")
    assert unknown.returncode == 2
    assert "unknown --format 'xml'" in unknown.stderr


def _tasks_module():  # type: ignore[no-untyped-def]
    """The package's tasks module loaded for the repository, as its tasks.py loads it (a fresh copy:
    tests may monkeypatch its ROOT or the core functions it calls)."""
    from hiring_kb.task_loading import tasks_module

    return tasks_module(ROOT)


def test_serve_runs_mkdocs_with_livereload() -> None:
    import socket

    tasks = _tasks_module()
    context = MockContext(run=Result())
    with socket.socket() as probe:  # a port free now (8000 may be taken by someone's own serve)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tasks.serve(context, address=f"127.0.0.1:{port}")
    command = context.run.call_args.args[0]
    assert "-m mkdocs serve --livereload" in command
    assert f"-a 127.0.0.1:{port}" in command
