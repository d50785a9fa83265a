"""The interview loop: states of planned interviews, scorecards owed, the debrief gate and its view."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hiring_kb.analysis.fit import rank_key, role_fit
from hiring_kb.analysis.loop import (
    HIDDEN,
    debrief_gate,
    gated_view,
    hidden_fit,
    interview_loop,
    scorecards_owed,
)
from hiring_kb.model.models import PlannedInterview, Project
from tests.unit.factories import ROLE, candidate, interview

TODAY = dt.date(2026, 11, 29)


def planned(stage: str, who: str, day: int) -> PlannedInterview:
    return PlannedInterview(stage, who, dt.date(2026, 11, day))


def with_loop(c, *loop: PlannedInterview, **changes):
    return dataclasses.replace(c, planned=tuple(loop), **changes)


LENA = with_loop(
    candidate(
        "c-1", [interview("bea", 20, {"a": 3}), interview("dan", 25, {"b": 2}, stage="tech")], name="Lena", stage="tech"
    ),
    planned("tech", "marc", 30),  # upcoming (tomorrow)
    planned("screen", "bea", 20),  # done
    planned("tech", "dan", 25),  # done (the note's date does not have to match)
    planned("screen", "ana", 20),  # owed for 9 days
)


def test_loop_states_in_date_order() -> None:
    entries = interview_loop(LENA, TODAY)
    assert [(e.planned.date.day, e.planned.stage, e.planned.interviewer, e.state, e.days_overdue) for e in entries] == [
        (20, "screen", "ana", "owed", 9),
        (20, "screen", "bea", "done", 0),
        (25, "tech", "dan", "done", 0),
        (30, "tech", "marc", "upcoming", 0),
    ]
    assert entries[1].interview is LENA.interviews[0]


def test_a_scorecard_is_owed_from_the_day_after_the_interview() -> None:
    on_the_day = interview_loop(LENA, dt.date(2026, 11, 20))
    assert [e.state for e in on_the_day if e.planned.interviewer == "ana"] == ["upcoming"]
    next_day = interview_loop(LENA, dt.date(2026, 11, 21))
    assert [(e.state, e.days_overdue) for e in next_day if e.planned.interviewer == "ana"] == [("owed", 1)]


def test_scorecards_owed_lists_active_candidates_oldest_first() -> None:
    other = with_loop(candidate("c-2", name="Ana B"), planned("screen", "zoe", 10), planned("screen", "eve", 20))
    rejected = with_loop(candidate("c-3", status="rejected"), planned("screen", "bob", 1))
    project = Project({"eng": ROLE}, {"c-1": LENA, "c-2": other, "c-3": rejected})
    owed = scorecards_owed(project, TODAY)
    assert [(o.candidate.id, o.planned.interviewer, o.planned.date.day, o.days_overdue) for o in owed] == [
        ("c-2", "zoe", 10, 19),
        ("c-2", "eve", 20, 9),  # same day as Lena's: by candidate name, "Ana B" < "Lena"
        ("c-1", "ana", 20, 9),
    ]


def test_gate_closed_while_a_planned_scorecard_of_the_current_stage_is_missing() -> None:
    gate = debrief_gate(LENA, enabled=True)
    assert (gate.hidden, gate.stage, gate.expected, gate.received) == (True, "tech", 2, 1)
    assert [p.interviewer for p in gate.missing] == ["marc"]
    assert debrief_gate(LENA, enabled=False).hidden is False
    assert debrief_gate(dataclasses.replace(LENA, status="hired"), enabled=True).hidden is False
    done = dataclasses.replace(LENA, interviews=(*LENA.interviews, interview("marc", 28, {"c": 4}, stage="tech")))
    assert debrief_gate(done, enabled=True).hidden is False
    # a missing scorecard of another stage (ana's screen) never closes the gate of this one
    moved = dataclasses.replace(LENA, planned=LENA.planned[1:3])
    assert debrief_gate(moved, enabled=True).hidden is False


def test_gated_view_leaves_out_the_gated_stage_only() -> None:
    project = Project({"eng": ROLE}, {"c-1": LENA})
    view, gates = gated_view(project, enabled=True)
    assert [i.interviewer for i in view.candidates["c-1"].interviews] == ["bea"]
    assert gates["c-1"].hidden
    same, _ = gated_view(project, enabled=False)
    assert same.candidates["c-1"] is LENA


def test_hidden_fit_shows_nothing_and_ranks_last() -> None:
    real = role_fit(ROLE, LENA.interviews)
    hidden = hidden_fit(real)
    assert (hidden.verdict, hidden.fit, hidden.coverage, hidden.gaps, hidden.splits) == (HIDDEN, None, None, (), ())
    assert all(not r.ratings and r.mean is None for r in hidden.competencies)
    assert sum(hidden.recommendations.values()) == 0
    nothing = role_fit(ROLE, [])
    assert sorted([hidden, real, nothing], key=rank_key)[0] is real
