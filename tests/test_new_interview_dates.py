"""`invoke new-interview --date` refuses a date validation would reject.

A scorecard dated after today fails `invoke validate` (future-date), which blocks the pull-request
check and the site build for everyone until that day. So the scaffold refuses it with one line and
writes nothing; interviews ahead are planned in candidate.yml (`planned:`). Today and tomorrow (the
time-zone slack of the future-date rule) are accepted, as by validation.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hiring_kb.authoring.edit import EditError
from hiring_kb.authoring.scaffold import create_interview
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY

#: 2026-12-01T12:00:00Z, the example project's "today".
EPOCH = "1796126400"
CID = "c-2b8f40"


def new_interview(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "new-interview", CID, "--stage", "technical", "--interviewer", "dan", *args],
        cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        capture_output=True,
        text=True,
        check=False,
    )


def notes(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "candidates" / CID / "interviews").iterdir())


def test_a_date_after_tomorrow_is_refused_in_one_line_and_nothing_is_written(project: Path) -> None:
    before = notes(project)
    result = new_interview(project, "--date", "2027-01-01")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"candidates/{CID}/interviews/2027-01-01-technical-dan.md: error[future-date]: the interview date 2027-01-01 "
        "is after today (2026-12-01); no scorecard was created (hint: run this on the day of the interview; to "
        f"schedule it now, add it to 'planned:' in candidates/{CID}/candidate.yml)\n"
    )
    assert notes(project) == before


def test_today_is_the_default_and_tomorrow_is_accepted_and_both_validate(project: Path) -> None:
    assert new_interview(project).stdout.splitlines()[0] == f"candidates/{CID}/interviews/2026-12-01-technical-dan.md"
    assert (
        new_interview(project, "--date", "2026-12-02").stdout.splitlines()[0]
        == f"candidates/{CID}/interviews/2026-12-02-technical-dan.md"
    )
    report = validate_project(project, today=EXAMPLE_TODAY)
    assert [d.code for d in report.diagnostics if d.code == "future-date"] == []


def test_the_core_refuses_by_the_given_today(project: Path) -> None:
    settings, _ = load_settings(project)
    with pytest.raises(EditError) as refused:
        create_interview(settings, CID, "technical", "dan", dt.date(2026, 11, 22), today=dt.date(2026, 11, 20))
    assert [(d.code, d.position.path) for d in refused.value.diagnostics] == [
        ("future-date", f"candidates/{CID}/interviews/2026-11-22-technical-dan.md")
    ]
    created = create_interview(settings, CID, "technical", "dan", dt.date(2026, 11, 21), today=dt.date(2026, 11, 20))
    assert created.label == f"candidates/{CID}/interviews/2026-11-21-technical-dan.md"
