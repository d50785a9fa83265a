"""Decision and history rules of candidate.yml (hiring_kb.sources.decisions), with exact messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hiring_kb.base.diagnostics import render_report
from hiring_kb.model.models import HistoryEntry
from hiring_kb.sources.validate import validate_project

TODAY = dt.date(2026, 12, 1)
HEAD = "name: Nadia Haddad\nrole: backend-engineer\napplied: 2026-11-20\n"


def report_for(project: Path, body: str) -> str:
    folder = project / "candidates" / "c-0a1b2c"
    folder.mkdir()
    (folder / "candidate.yml").write_text(HEAD + body)
    report = validate_project(project, today=TODAY)
    return render_report([d for d in report.diagnostics if "c-0a1b2c" in d.position.path])


def test_history_entries_need_a_stage_or_status_a_known_stage_and_a_real_date(project: Path) -> None:
    body = (
        "stage: screen\nstatus: active\nhistory:\n"
        "  - {date: 2026-11-20}\n"
        "  - {date: 2026-11-21, stage: final}\n"
        "  - {date: 2026-12-09, stage: screen}\n"
        "  - {date: 2026-11-31, stage: screen}\n"
    )
    assert report_for(project, body).splitlines() == [
        "candidates/c-0a1b2c/candidate.yml:7:5: error[missing-key]: the history entry of 2026-11-20 says neither a stage "
        "nor a status (hint: add 'stage: <stage id>' or 'status: rejected' (or hired, withdrawn, active) to the entry)",
        "candidates/c-0a1b2c/candidate.yml:8:31: error[unknown-stage]: 'final' is not a stage of role 'backend-engineer' "
        "(hint: expected one of: 'offer', 'screen', 'system-design', 'technical')",
        "candidates/c-0a1b2c/candidate.yml:9:12: error[future-date]: date 2026-12-09 is in the future (today is 2026-12-01) "
        "(hint: check the year and month; write the day it happened)",
        "candidates/c-0a1b2c/candidate.yml:10:12: error[invalid-date]: history date '2026-11-31' is not a calendar date "
        "(hint: check day and month)",
        "4 errors, 0 warnings",
    ]


def test_decision_rules(project: Path) -> None:
    body = (
        "stage: screen\nstatus: active\ndecision:\n  reasons: [skills]\n  rationale: " + "word " * 70 + "\n"
        "history:\n  - {date: 2026-11-19, stage: screen}\n"
    )
    lines = report_for(project, body).splitlines()
    assert lines == [
        "candidates/c-0a1b2c/candidate.yml:6:1: warning[decided-but-active]: status is 'active' but a decision is "
        "recorded (hint: set status to hired, rejected or withdrawn (invoke move ID --status ...), or remove decision)",
        "candidates/c-0a1b2c/candidate.yml:8:14: error[invalid-value]: decision.rationale has 349 characters, more than "
        "300 (hint: keep it to a sentence or two; the evidence belongs in the scorecards)",
        "candidates/c-0a1b2c/candidate.yml:10:12: warning[history-order]: the history entry of 2026-11-19 is dated "
        "before 'applied' (2026-11-20) (hint: list history entries oldest first, with the dates they happened)",
        "1 error, 2 warnings",
    ]


def test_history_and_decision_are_loaded(project: Path) -> None:
    folder = project / "candidates" / "c-0a1b2c"
    folder.mkdir()
    (folder / "candidate.yml").write_text(
        HEAD + "stage: technical\nstatus: withdrawn\ndecided_on: 2026-11-28\n"
        "decision: {reasons: [candidate-withdrew, compensation], rationale: '  Moved   abroad. '}\n"
        "history:\n  - {date: 2026-11-20, stage: screen}\n  - date: 2026-11-24\n    stage: technical\n"
        "  - {date: 2026-11-28, status: withdrawn}\n"
    )
    report = validate_project(project, today=TODAY)
    assert [d for d in report.diagnostics if "c-0a1b2c" in d.position.path] == []
    nadia = report.project.candidates["c-0a1b2c"]
    assert nadia.history == (
        HistoryEntry(dt.date(2026, 11, 20), "screen"),
        HistoryEntry(dt.date(2026, 11, 24), "technical"),
        HistoryEntry(dt.date(2026, 11, 28), None, "withdrawn"),
    )
    assert (nadia.decision_reasons, nadia.decision_rationale) == (
        ("candidate-withdrew", "compensation"),
        "Moved abroad.",
    )
