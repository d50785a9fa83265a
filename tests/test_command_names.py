"""The names people see work in commands (hiring_kb.authoring.resolve): stage and competency display names in any
case, handles lower-cased, choices in loop order with their names, a missing --stage named as such."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hiring_kb.authoring.edit import EditError
from hiring_kb.authoring.resolve import choices, handle, resolve_competency, resolve_stage
from hiring_kb.authoring.scaffold import require_role
from hiring_kb.base.diagnostics import Position
from hiring_kb.sources.settings import load_settings

EPOCH = "1796126400"  # 2026-12-01 12:00 UTC, the example data's "today"
NEXT_STEP = (
    "next: open it, rate each competency 1 to 4 (or leave it empty), write what the candidate said or did "
    "under its ## heading, then run: invoke validate"
)


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"SOURCE_DATE_EPOCH": EPOCH, "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True,
                          check=False, env=env)  # fmt: skip


@pytest.fixture
def qa(project: Path):
    settings, _ = load_settings(project)
    return require_role(settings, "qa-engineer")


@pytest.mark.parametrize(
    ("given", "stage_id"),
    [("technical", "technical"), ("QA deep dive", "technical"), ("qa  DEEP-dive", "technical"),
     ("Technical", "technical"), ("recruiter_screen", "screen"), ("OFFER", "offer")],
)  # fmt: skip
def test_a_stage_is_named_by_its_id_or_its_display_name_in_any_case(qa, given: str, stage_id: str) -> None:
    assert resolve_stage(qa, given, Position("x")).id == stage_id


def test_competency_display_names_and_loop_order_choices(qa) -> None:
    assert resolve_competency(qa, "strong english", Position("x")).id == "english"
    assert choices(qa.stages) == "screen (Recruiter screen), technical (QA deep dive), offer"
    with pytest.raises(EditError) as caught:
        resolve_competency(qa, "QA leadrship", Position("x"))
    assert caught.value.diagnostics[0].format() == (
        "x: error[unknown-competency]: 'QA leadrship' is not a competency of role 'qa-engineer' (hint: did you mean "
        "'QA leadership'? competencies: english (Strong English), test-strategy, exploratory "
        "(Exploratory testing), dev-collaboration (Working with developers), automation (Test automation), "
        "leadership (QA leadership))"
    )


def test_a_name_two_stages_share_is_refused_with_both_ids(qa) -> None:
    from dataclasses import replace

    stages = (replace(qa.stages[0], name="Call"), replace(qa.stages[1], name="call"), qa.stages[2])
    with pytest.raises(EditError) as caught:
        resolve_stage(replace(qa, stages=stages), "CALL", Position("x"))
    assert caught.value.diagnostics[0].format() == (
        "x: error[ambiguous-stage]: 'CALL' names more than one stage of role 'qa-engineer': use its id, "
        "'screen' or 'technical' (hint: stages: screen (Call), technical (call), offer)"
    )


def test_handles_are_lower_cased_and_a_name_with_a_space_gets_a_proposal() -> None:
    assert handle(" Ana ", Position("x")) == "ana"
    with pytest.raises(EditError) as caught:
        handle("Ana Lima", Position("x"))
    assert caught.value.diagnostics[0].format() == (
        "x: error[invalid-id]: interviewer handle 'Ana Lima' is not allowed "
        "(hint: use lowercase letters, digits and '-', e.g. ana-lima)"
    )


def test_new_interview_with_the_names_the_site_shows_and_its_next_step(project: Path) -> None:
    done = invoke(project, "new-interview", "c-2b8f40", "--stage", "QA deep dive", "--interviewer", "Ana")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == ["candidates/c-2b8f40/interviews/2026-12-01-technical-ana.md", NEXT_STEP]
    text = (project / "candidates/c-2b8f40/interviews/2026-12-01-technical-ana.md").read_text()
    assert text.startswith("---\ninterviewer: ana\ndate: 2026-12-01\nstage: technical\n")
    assert invoke(project, "validate").stdout.splitlines()[-1].startswith("0 errors")


def test_a_missing_stage_is_reported_as_a_missing_option_with_the_choices(project: Path) -> None:
    done = invoke(project, "new-interview", "c-2b8f40", "--interviewer", "ana")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "missing: --stage",
        "  --stage: one of screen (Recruiter screen), technical (QA deep dive), offer",
        "  next planned interview: invoke new-interview c-2b8f40 --stage screen --interviewer ana --date 2026-11-20",
    ]
    assert "positional" not in done.stderr


def test_an_unknown_stage_lists_the_stages_in_loop_order_with_their_names(project: Path) -> None:
    done = invoke(project, "new-interview", "c-7d3e91", "--stage", "deep dive", "--interviewer", "ana")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "candidates/c-7d3e91/candidate.yml: error[unknown-stage]: 'deep dive' is not a stage of role "
        "'backend-engineer' (hint: stages: screen (Recruiter screen), technical (Technical interview), "
        "system-design, offer)"
    )


def test_move_accepts_the_stage_name(project: Path) -> None:
    done = invoke(project, "move", "c-9e4d27", "--stage", "system design")
    assert (done.returncode, done.stdout) == (
        0,
        "candidates/c-9e4d27/candidate.yml: stage: technical -> system-design\n"
        "candidates/c-9e4d27/candidate.yml: history: + 2026-12-01 stage system-design\n",
    )
