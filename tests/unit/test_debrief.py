"""The debrief's building blocks (issue 12): ranking tiers, fit anchors, rounding for reading, the panel,
empty scaffolds, notes outside their evidence, the navigation."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

import pytest

from hiring_kb.analysis.fit import fit_anchors, level_fit, rank_key, role_fit
from hiring_kb.analysis.loop import debrief_gate, gated_view, interview_loop, panel_status
from hiring_kb.authoring.scaffold import interview_text
from hiring_kb.base.number_format import percent_for_reading, rounded_for_reading
from hiring_kb.model.models import Candidate, PlannedInterview, Project
from hiring_kb.rendering.page_text import search_spacing
from hiring_kb.rendering.site_nav import hiring_nav
from hiring_kb.sources.note_html import render_note
from hiring_kb.sources.notes import is_blank_note
from tests.unit.test_fit import DESIGN_ROLE, SCREEN, TECHNICAL, interview


def test_rank_by_verdict_tier_before_the_number() -> None:
    fit = role_fit(DESIGN_ROLE, [SCREEN, TECHNICAL])  # fit, 65.0
    no_fit = role_fit(DESIGN_ROLE, [interview("screen", {"english": 2, "ownership": 4, "leadership": 4})])
    incomplete = role_fit(DESIGN_ROLE, [interview("screen", {"code": 4})])
    nothing = role_fit(DESIGN_ROLE, [])
    assert (fit.verdict, no_fit.verdict, incomplete.verdict, nothing.verdict) == (
        "fit",
        "no-fit",
        "incomplete",
        "not-assessed",
    )
    assert no_fit.fit == Fraction(700, 9) and incomplete.fit == 100  # both higher than the fit's 65
    ranked = sorted([nothing, no_fit, incomplete, fit], key=rank_key)
    assert [r.verdict for r in ranked] == ["fit", "incomplete", "no-fit", "not-assessed"]


def test_fit_anchors_say_what_a_number_means() -> None:
    assert [level_fit(level) for level in (1, 2, 3, 4)] == [0, Fraction(100, 3), Fraction(200, 3), 100]
    assert [(rounded_for_reading(a.value), a.short) for a in fit_anchors()] == [
        ("0", "far below"),
        ("33", "below"),
        ("60", "fit"),
        ("67", "meets"),
        ("80", "strong fit"),
        ("100", "exceeds"),
    ]


@pytest.mark.parametrize(
    ("value", "thresholds", "shown"),
    [
        (Fraction(2350, 33), (60, 80), "71"),  # 71.2
        (Fraction(200, 3), (60, 80), "67"),
        (Fraction(143, 2), (), "72"),  # half up, not half to even
        (Fraction(298, 5), (60, 80), "59"),  # 59.6 never reads as the threshold 60 it has not reached (docs/process.md)
        (Fraction(60), (60, 80), "60"),
        (Fraction(1599, 20), (60, 80), "79"),  # 79.95
        (None, (), "—"),
    ],
)
def test_rounded_for_reading(value: Fraction | None, thresholds: tuple[int, ...], shown: str) -> None:
    assert rounded_for_reading(value, thresholds) == shown


def test_percent_for_reading() -> None:
    assert percent_for_reading(Fraction(6, 11)) == "55 %"
    assert percent_for_reading(Fraction(149, 250), (Fraction(3, 5),)) == "59 %"  # 59.6 % below the 60 % needed
    assert percent_for_reading(Fraction(1)) == "100 %"


def test_an_untouched_scaffold_is_a_blank_note() -> None:
    body = interview_text(DESIGN_ROLE, "technical", "ana", dt.date(2026, 11, 20)).split("---\n", 2)[2]
    assert is_blank_note(body)
    assert not is_blank_note(body + "- Wrote the endpoint test first\n")
    assert not is_blank_note("Imported free text without headings")


def candidate(*interviews, planned=(), stage="technical", status="active") -> Candidate:
    return Candidate(
        id="c-000001",
        name="Test",
        role_id=DESIGN_ROLE.id,
        stage=stage,
        status=status,
        applied=dt.date(2026, 11, 1),
        decided_on=None,
        source_channel="",
        tags=(),
        interviews=tuple(interviews),
        source="x",
        planned=tuple(planned),
    )


def test_an_empty_scorecard_is_owed_and_keeps_the_gate_closed() -> None:
    empty = replace(interview("technical", {}), interviewer="ana", empty=True)
    plan = [PlannedInterview("technical", "ana", dt.date(2026, 11, 1))]
    c = candidate(empty, planned=plan)
    [entry] = interview_loop(c, dt.date(2026, 11, 5))
    assert (entry.state, entry.started, entry.days_overdue) == ("owed", True, 4)
    assert debrief_gate(c, True).hidden
    shown, _ = gated_view(Project({DESIGN_ROLE.id: DESIGN_ROLE}, {c.id: c}), enabled=False)
    assert shown.candidates[c.id].interviews == ()  # never shown, gate or not
    submitted = replace(empty, empty=False, ratings={"code": 3}, recommendation="yes")
    assert not debrief_gate(candidate(submitted, planned=plan), True).hidden


def test_panel_status() -> None:
    screen = replace(interview("screen", {"english": 3}, "yes"), interviewer="bea")
    tech = replace(interview("technical", {"code": 3}, None), interviewer="ana")
    plan = [
        PlannedInterview("screen", "bea", dt.date(2026, 11, 1)),
        PlannedInterview("technical", "ana", dt.date(2026, 11, 2)),
        PlannedInterview("technical", "dan", dt.date(2026, 11, 9)),
        PlannedInterview("offer", "marc", dt.date(2026, 11, 20)),  # a later stage planned ahead blocks nothing
    ]
    c = candidate(screen, tech, planned=plan)
    p = panel_status(c, c, interview_loop(c, dt.date(2026, 11, 5)))
    assert (p.received, p.expected, p.state, p.waiting_for) == (2, 4, "waiting", ("dan",))
    assert [(v.interviewer, v.recommendation) for v in p.votes] == [("bea", "yes"), ("ana", None)]
    done = candidate(screen, tech, replace(tech, interviewer="dan", id="d"), planned=plan)
    assert panel_status(done, done, interview_loop(done, dt.date(2026, 11, 10))).state == "ready"
    assert panel_status(done, done, interview_loop(done, dt.date(2026, 11, 21))).waiting_for == ("marc",)  # overdue
    unplanned = candidate(screen, stage="technical")
    p = panel_status(unplanned, unplanned, ())
    assert (p.received, p.expected, p.planned, p.state) == (1, 1, 0, "not-planned")
    assert panel_status(replace(c, status="rejected"), c, ()).state == "decided"


def test_notes_outside_their_evidence() -> None:
    body = "Intro line.\n\n## Code\n- wrote tests\n\n## Summary\n- hire\n\n## Design\n<!-- guidance -->\n"
    note = render_note(body)
    assert note.outside({2}) == "<p>Intro line.</p>\n<h4>Summary</h4>\n<ul>\n<li>hire</li>\n</ul>\n"
    assert "".join(html for *_, html in note.segments) == note.html


def test_search_spacing() -> None:
    assert search_spacing("<dl><dt>Stage</dt><dd>Offer</dd><dt>A</dt><dd>B</dd></dl>") == (
        "<dl><dt>Stage</dt> <dd>Offer</dd> <dt>A</dt> <dd>B</dd></dl>"
    )
    assert search_spacing("<tr><td>a</td><td class='x'>b</td></tr><tr><th>c</th></tr>") == (
        "<tr><td>a</td> <td class='x'>b</td></tr> <tr><th>c</th></tr>"
    )
    assert search_spacing("<span>a</span><span>b</span>") == "<span>a</span><span>b</span>"


def test_navigation_without_a_nav_config() -> None:
    pages = [
        "commands.md",
        "index.md",
        "process.md",
        "candidates/index.md",
        "roles/index.md",
        "roles/eng.md",
        "interviewers/index.md",
        "tags/index.md",
    ]
    assert hiring_nav(None, pages, ["roles/eng.md"]) == [
        {"Home": "index.md"},
        {"Candidates": "candidates/index.md"},
        {"Roles": ["roles/index.md", "roles/eng.md"]},
        {"Interviewers": "interviewers/index.md"},
        {"Tags": "tags/index.md"},
        {"Handbook": ["commands.md", "process.md"]},
    ]


def test_navigation_from_mkdocs_yml_lists_roles_and_forgotten_pages() -> None:
    nav = [{"Home": "index.md"}, {"Roles": "roles/index.md"}, {"Handbook": ["process.md"]}]
    pages = ["index.md", "process.md", "new-page.md", "roles/index.md", "roles/a.md", "roles/b.md"]
    expanded = hiring_nav(nav, pages, ["roles/a.md", "roles/b.md"])
    assert expanded == [
        {"Home": "index.md"},
        {"Roles": ["roles/index.md", "roles/a.md", "roles/b.md"]},
        {"Handbook": ["process.md", "new-page.md"]},
    ]
    assert hiring_nav(expanded, pages, ["roles/a.md", "roles/b.md"]) == expanded  # idempotent (mkdocs serve)
    assert nav == [{"Home": "index.md"}, {"Roles": "roles/index.md"}, {"Handbook": ["process.md"]}]
