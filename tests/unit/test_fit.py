"""Role fit (hiring_kb.analysis.fit), starting with the worked example of docs/process.md ("Role fit") as
written there."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from hiring_kb.analysis.fit import role_fit, verdict_reason
from hiring_kb.model.models import Competency, Interview, Role, Stage
from hiring_kb.sources.settings_defaults import FitThresholds


def make_role(*competencies: Competency) -> Role:
    return Role(
        id="backend-engineer",
        title="Backend Engineer",
        status="open",
        summary="",
        description="",
        competencies=competencies,
        stages=(Stage("screen", "Screen"), Stage("technical", "Technical")),
        source="roles/backend-engineer.yml",
    )


def interview(stage: str, ratings: dict[str, int], recommendation: str | None = None, day: int = 1) -> Interview:
    return Interview(
        id=f"2026-11-{day:02d}-{stage}-x",
        source="x.md",
        interviewer="x",
        date=dt.date(2026, 11, day),
        stage=stage,
        ratings=ratings,
        recommendation=recommendation,
        body="",
        body_line=1,
    )


DESIGN_ROLE = make_role(
    Competency("english", "English", 2, must_have=True),
    Competency("ownership", "Ownership", 3, must_have=True),
    Competency("design", "Design", 2),
    Competency("code", "Code", 2),
    Competency("leadership", "Leadership", 1),
    Competency("processes", "Processes", 1),
)
SCREEN = interview("screen", {"english": 3, "ownership": 4, "leadership": 3}, "yes", day=10)
TECHNICAL = interview("technical", {"code": 2, "design": 3, "ownership": 3}, "no", day=20)


def test_worked_example_from_design_md() -> None:
    fit = role_fit(DESIGN_ROLE, [SCREEN, TECHNICAL])
    assert fit.by_id("ownership").mean == Fraction(7, 2)
    assert (fit.assessed_weight, fit.total_weight) == (10, 11)
    assert round(float(fit.coverage) * 100, 1) == 90.9
    assert fit.weighted_score == Fraction(13, 2)
    assert fit.fit == Fraction(65)
    assert fit.verdict == "fit"
    assert fit.gaps == () and fit.splits == ()
    assert [c.id for c in fit.next_focus] == ["processes"]
    assert fit.recommendations == {"strong-no": 0, "no": 1, "yes": 1, "strong-yes": 0, "no-decision": 0}


def test_no_ratings_is_not_assessed() -> None:
    fit = role_fit(DESIGN_ROLE, [interview("screen", {})])
    assert fit.verdict == "not-assessed"
    assert fit.fit is None and fit.coverage == 0
    assert fit.recommendations["no-decision"] == 1
    # must-haves first, then by weight, then role order
    assert [c.id for c in fit.next_focus] == ["ownership", "english", "design", "code", "leadership", "processes"]


def test_must_have_below_bar_is_no_fit_even_with_high_fit() -> None:
    ratings = {"english": 2, "ownership": 4, "design": 4, "code": 4, "leadership": 4, "processes": 4}
    fit = role_fit(DESIGN_ROLE, [interview("screen", ratings)])
    assert fit.fit == Fraction(100 * (Fraction(2, 3) + 9), 11)  # 87.9, above strong-fit
    assert fit.verdict == "no-fit"
    assert [c.id for c in fit.gaps] == ["english"]
    assert verdict_reason(fit) == "A must-have is below the bar of 3 (meets): English 2.0."


def test_unassessed_must_have_is_incomplete_despite_coverage() -> None:
    ratings = {"english": 4, "design": 4, "code": 4, "leadership": 4, "processes": 4}  # 8 of 11 = 72.7 %
    fit = role_fit(DESIGN_ROLE, [interview("screen", ratings)])
    assert fit.coverage == Fraction(8, 11)
    assert fit.verdict == "incomplete"
    assert [c.id for c in fit.unassessed_must_haves] == ["ownership"]


def test_low_coverage_is_incomplete() -> None:
    fit = role_fit(DESIGN_ROLE, [interview("screen", {"english": 4, "ownership": 4})])  # 5 of 11
    assert fit.verdict == "incomplete"
    assert fit.fit == 100


@pytest.mark.parametrize(
    ("level", "expected_fit", "verdict"),
    [(4, Fraction(100), "strong-fit"), (3, Fraction(200, 3), "fit")],
)
def test_fit_thresholds(level: int, expected_fit: Fraction, verdict: str) -> None:
    ratings = {c.id: level for c in DESIGN_ROLE.competencies}
    fit = role_fit(DESIGN_ROLE, [interview("screen", ratings)])
    assert fit.fit == expected_fit
    assert fit.verdict == verdict


def test_weak_fit_below_60() -> None:
    ratings = {"english": 3, "ownership": 3, "design": 2, "code": 2, "leadership": 1, "processes": 1}
    fit = role_fit(DESIGN_ROLE, [interview("screen", ratings)])
    # Σ w·score = 2·2/3 + 3·2/3 + 2·1/3 + 2·1/3 + 0 + 0 = 14/3; fit = 100·(14/3)/11
    assert fit.fit == Fraction(1400, 33)
    assert fit.verdict == "weak-fit"


def test_thresholds_are_exact_at_the_boundary() -> None:
    # fit exactly 80 with custom thresholds: strong-fit needs fit >= 80, no float drift
    role = make_role(Competency("a", "A", 1), Competency("b", "B", 4))
    fit = role_fit(role, [interview("screen", {"a": 1, "b": 4})])  # (0 + 4) / 5 = 80 %
    assert fit.fit == 80
    assert fit.verdict == "strong-fit"
    stricter = FitThresholds(strong_fit=Fraction(81))
    assert role_fit(role, [interview("screen", {"a": 1, "b": 4})], stricter).verdict == "fit"


def test_split_panel_and_floor_level() -> None:
    fit = role_fit(DESIGN_ROLE, [SCREEN, TECHNICAL, interview("technical", {"code": 4, "ownership": 2}, day=25)])
    code = fit.by_id("code")
    assert code.ratings == (2, 4) and code.spread == 2 and code.split
    assert [c.id for c in fit.splits] == ["ownership", "code"]  # role order
    ownership = fit.by_id("ownership")
    assert ownership.mean == 3 and ownership.level == 3
    # a must-have mean of 2.5 is a gap and its badge level is 2 (below), never "meets"
    fit = role_fit(DESIGN_ROLE, [interview("screen", {"english": 2}), interview("technical", {"english": 3})])
    assert fit.by_id("english").mean == Fraction(5, 2)
    assert fit.by_id("english").level == 2
    assert fit.verdict == "no-fit"


def test_ratings_outside_role_are_ignored() -> None:
    fit = role_fit(DESIGN_ROLE, [interview("screen", {"english": 3, "typing": 1})])
    assert fit.assessed_weight == 2
