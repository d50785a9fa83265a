"""Scaffolds: new candidate and new interview files built from the role, valid as written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from hiring_kb.authoring.candidate_move import move_candidate
from hiring_kb.authoring.edit import EditError
from hiring_kb.authoring.scaffold import create_candidate, create_interview
from hiring_kb.base.diagnostics import Severity
from hiring_kb.sources.note_html import render_notes_html
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project

DAY = dt.date(2026, 11, 20)


def test_new_interview_has_the_stage_focus_rubric_and_questions(project: Path) -> None:
    settings, _ = load_settings(project)
    created = create_interview(settings, "c-2b8f40", "technical", "dan", DAY)
    assert created.label == "candidates/c-2b8f40/interviews/2026-11-20-technical-dan.md"
    text = created.path.read_text()
    front, body = text.split("---\n")[1:3]
    assert front.splitlines() == [
        "interviewer: dan",
        "date: 2026-11-20",
        "stage: technical",
        "ratings:  # 1 far below, 2 below, 3 meets, 4 exceeds; empty = not assessed",
        "  test-strategy:",
        "  automation:",
        "  leadership:",
        "recommendation:  # strong-no | no | yes | strong-yes; empty = no decision",
    ]
    assert re.findall(r"^## (.*)$", body, re.M) == ["Test strategy", "Test automation", "QA leadership"]
    strategy = body.split("## Test strategy\n")[1].split("## ")[0]
    assert strategy.splitlines()[:9] == [
        "<!--",
        "Structures testing for a product; knows which kind of test answers which risk.",
        "1 Far below: Tests ad hoc, no plan.",
        "2 Below: Follows a plan written by others; names kinds of tests without knowing when to use them.",
        "3 Meets: Writes test plans per risk (smoke, sanity, regression, UAT) and keeps them current.",
        "4 Exceeds: Designs a team's whole testing approach and how the work is split.",
        "Ask: How would you design our testing team and split the work?",
        "Ask: Which kinds of tests do you run before a release, and why?",
        "-->",
    ]
    # guidance is never published: every line of the body renders to nothing but the headings
    assert render_notes_html(body).replace("&#10;", "\n").split() == [
        "<h4>Test",
        "strategy</h4>",
        "<h4>Test",
        "automation</h4>",
        "<h4>QA",
        "leadership</h4>",
    ]
    with pytest.raises(EditError) as caught:
        create_interview(settings, "c-2b8f40", "technical", "dan", DAY)
    assert caught.value.diagnostics[0].code == "file-exists"
    assert created.path.read_text() == text


def test_every_scaffold_validates_cleanly(project: Path) -> None:
    settings, _ = load_settings(project)
    for role, stages in [
        ("backend-engineer", ["screen", "technical", "system-design", "offer"]),
        ("qa-engineer", ["screen", "technical", "offer"]),
    ]:
        for stage in stages:  # one candidate per stage, moved there (a note ahead of the stage is a warning)
            created = create_candidate(settings, f"Test Person {role} {stage}", role, today=DAY)
            move_candidate(settings, created.candidate_id, stage=stage, today=DAY)
            create_interview(settings, created.candidate_id, stage, "ana", DAY)
    report = validate_project(project)
    # an untouched scaffold is valid, and still owed: one empty-scorecard warning at its path, nothing else
    assert report.ok
    assert (
        sorted((d.severity, d.code, d.position.line) for d in report.diagnostics)
        == [(Severity.WARNING, "empty-scorecard", 0)] * 7
    )
    new = [c for c in report.project.candidates.values() if c.name.startswith("Test Person")]
    assert sorted((c.role_id, c.stage, len(c.interviews)) for c in new) == [
        ("backend-engineer", "offer", 1),
        ("backend-engineer", "screen", 1),
        ("backend-engineer", "system-design", 1),
        ("backend-engineer", "technical", 1),
        ("qa-engineer", "offer", 1),
        ("qa-engineer", "screen", 1),
        ("qa-engineer", "technical", 1),
    ]
    assert all(not i.ratings and not i.evidence and i.empty for c in new for i in c.interviews)


def test_a_rating_with_only_guidance_under_its_heading_has_no_evidence(project: Path) -> None:
    settings, _ = load_settings(project)
    note = create_interview(settings, "c-2b8f40", "technical", "dan", DAY).path
    note.write_text(
        note.read_text()
        .replace("  automation:\n", "  automation: 3\n")
        .replace("recommendation:  #", "recommendation: yes  #")
    )
    diagnostics = [d.format() for d in validate_project(project).diagnostics]
    assert diagnostics == [
        "candidates/c-2b8f40/interviews/2026-11-20-technical-dan.md:7:15: warning[rating-without-evidence]: rating for "
        "'automation' has no '## Test automation' section in the notes (hint: add a '## Test automation' section with "
        "what you observed)"
    ]
    note.write_text(
        note.read_text().replace("## QA leadership", "- Wrote a Cypress suite of 300 tests\n\n## QA leadership")
    )
    assert validate_project(project).diagnostics == ()


def test_new_candidate_file(project: Path) -> None:
    settings, _ = load_settings(project)
    created = create_candidate(settings, "  Ana  Lúcia: d'Ávila ", "qa-engineer", today=DAY)
    assert re.fullmatch(r"c-[0-9a-f]{6}", created.candidate_id)
    assert created.label == f"candidates/{created.candidate_id}/candidate.yml"
    lines = created.path.read_text().splitlines()
    assert lines[:5] == [
        'name: "Ana Lúcia: d\'Ávila"',
        "role: qa-engineer",
        "stage: screen  # one of: screen, technical, offer",
        "status: active  # active | hired | rejected | withdrawn ('invoke move' also sets decided_on)",
        "applied: 2026-11-20",
    ]
    report = validate_project(project)
    assert report.diagnostics == ()
    assert report.project.candidates[created.candidate_id].name == "Ana Lúcia: d'Ávila"


@pytest.mark.parametrize(
    ("name", "role", "candidate_id", "code"),
    [
        ("  ", "qa-engineer", None, "invalid-value"),
        ("Ana\nB", "qa-engineer", None, "invalid-value"),
        ("Ana", "qa", None, "unknown-role"),
        ("Ana", "../roles/qa-engineer", None, "unknown-role"),
        ("Ana", "qa-engineer", "c-2b8f40", "id-taken"),
        ("Ana", "qa-engineer", "Ana Smith", "invalid-id"),
    ],
)
def test_new_candidate_refuses(project: Path, name: str, role: str, candidate_id: str | None, code: str) -> None:
    settings, _ = load_settings(project)
    before = sorted(p.name for p in (project / "candidates").iterdir())
    with pytest.raises(EditError) as caught:
        create_candidate(settings, name, role, candidate_id, today=DAY)
    assert [d.code for d in caught.value.diagnostics] == [code]
    assert sorted(p.name for p in (project / "candidates").iterdir()) == before


@pytest.mark.parametrize(
    ("candidate_id", "stage", "interviewer", "code"),
    [
        ("c-nope", "technical", "dan", "unknown-candidate"),
        ("c-2b8f40", "design", "dan", "unknown-stage"),
        ("c-2b8f40", "technical", "Dan Lee", "invalid-id"),
    ],
)
def test_new_interview_refuses(project: Path, candidate_id: str, stage: str, interviewer: str, code: str) -> None:
    settings, _ = load_settings(project)
    with pytest.raises(EditError) as caught:
        create_interview(settings, candidate_id, stage, interviewer, DAY)
    assert [d.code for d in caught.value.diagnostics] == [code]
    assert sorted(p.name for p in (project / "candidates/c-2b8f40/interviews").iterdir()) == [
        "2026-11-20-screen-bea.md"
    ]
