"""`invoke validate`, `invoke build`, `invoke serve` and `mkdocs build` judge dates by the same "today".

With SOURCE_DATE_EPOCH set, the build honours it; `invoke validate` once used the machine's date and
passed data the build then refused. All of them ask hiring_kb.base.clock.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from invoke import Exit, MockContext

from hiring_kb.sources.validate import validate_project
from tests.conftest import ORIGINAL_CANDIDATES, tasks_of

#: 2026-11-15T12:00:00Z: before eight dates of the example's first four candidates.
EPOCH = "1794744000"
HINT = "(hint: check the year and month; write the day it happened)"
FUTURE = [
    f"candidates/c-2b8f40/candidate.yml:13:12: error[future-date]: date 2026-11-23 is in the future "
    f"(today is 2026-11-15) {HINT}",
    f"candidates/c-2b8f40/interviews/2026-11-20-screen-bea.md:3:7: error[future-date]: date 2026-11-20 is in the "
    f"future (today is 2026-11-15) {HINT}",
    f"candidates/c-5a1c06/candidate.yml:6:13: error[future-date]: decided_on 2026-11-26 is in the future "
    f"(today is 2026-11-15) {HINT}",
    f"candidates/c-5a1c06/candidate.yml:14:12: error[future-date]: date 2026-11-26 is in the future "
    f"(today is 2026-11-15) {HINT}",
    f"candidates/c-5a1c06/interviews/2026-11-21-technical-dan.md:3:7: error[future-date]: date 2026-11-21 is in the "
    f"future (today is 2026-11-15) {HINT}",
    f"candidates/c-7d3e91/candidate.yml:21:12: error[future-date]: date 2026-11-20 is in the future "
    f"(today is 2026-11-15) {HINT}",
    f"candidates/c-7d3e91/interviews/2026-11-18-technical-ana.md:3:7: error[future-date]: date 2026-11-18 is in the "
    f"future (today is 2026-11-15) {HINT}",
    f"candidates/c-7d3e91/interviews/2026-11-24-system-design-marc.md:3:7: error[future-date]: date 2026-11-24 is "
    f"in the future (today is 2026-11-15) {HINT}",
]
COUNT = "8 errors, 0 warnings"


@pytest.fixture
def project(project: Path) -> Path:
    """The example project with only its first four candidates (the example data may gain more)."""
    for folder in (project / "candidates").iterdir():
        if folder.name not in ORIGINAL_CANDIDATES:
            shutil.rmtree(folder)
    return project


def run(project: Path, *command: str, epoch: str = EPOCH) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=project, env=env, capture_output=True, text=True, check=False
    )


def future_errors(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if "error[future-date]" in line]


def test_validate_and_the_strict_build_report_the_same_future_dates(project: Path, tmp_path: Path) -> None:
    validated = run(project, "invoke", "validate")
    assert (validated.returncode, validated.stdout.splitlines()) == (1, [*FUTURE, COUNT])
    built = run(project, "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site"))
    assert built.returncode == 1
    assert future_errors(built.stdout + built.stderr) == FUTURE
    assert not (tmp_path / "site").exists()
    # and the same data passes both on a day after the last date (2026-12-01T12:00Z)
    assert run(project, "invoke", "validate", epoch="1796126400").stdout.splitlines()[-1] == "0 errors, 0 warnings"


def test_build_and_serve_stop_on_the_same_report(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    tasks = tasks_of(project)
    for task in (tasks.validate, tasks.build, tasks.serve):
        with pytest.raises(Exit) as stopped:
            task(MockContext())  # serve would call c.run: MockContext raises if it gets that far
        assert stopped.value.code == 1
        assert capsys.readouterr().out.splitlines() == [*FUTURE, COUNT]
    assert not (project / "site").exists()


def test_validate_project_defaults_to_source_date_epoch(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    report = validate_project(project)
    assert [d.format() for d in report.diagnostics] == FUTURE
    assert report.today.isoformat() == "2026-11-15"


@pytest.mark.parametrize("command", [("invoke", "validate"), ("invoke", "build")])
def test_a_bad_source_date_epoch_is_one_line_not_a_traceback(project: Path, command: tuple[str, ...]) -> None:
    result = run(project, *command, epoch="next tuesday")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got 'next tuesday'\n"


def test_the_build_refuses_a_bad_source_date_epoch_in_one_line(project: Path, tmp_path: Path) -> None:
    built = run(project, "mkdocs", "build", "--strict", "-d", str(tmp_path / "site"), epoch="next tuesday")
    assert built.returncode == 1
    assert re.search(
        r"^ERROR +- +SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got 'next tuesday'$",
        built.stdout + built.stderr,
        re.MULTILINE,
    ), built.stderr
    assert "Traceback" not in built.stdout + built.stderr
