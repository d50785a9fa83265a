"""Calibration (hiring_kb.analysis.calibration) on a small fixture, with exact expected values."""

from __future__ import annotations

from fractions import Fraction

from hiring_kb.analysis.calibration import calibrate, offset_words
from hiring_kb.sources.settings_defaults import CalibrationSettings
from tests.unit.factories import candidate, interview, project

# Panels (candidate, competency -> interviewer: level):
#   c1 a: x 4, y 2, z 3     c1 b: x 3, y 3     c1 c: y 1
#   c2 a: x 4, y 3          c2 c: x 4, y 2     (y's rating of 'zzz' is not a competency of the role: ignored)
#   c3 b: x 2               c4 b: x 4, x 1     (the same interviewer twice: never compared with themselves)
#: x and y share ratings on two candidates (c1, c2): below the default min_candidates of 3.
TWO_CANDIDATES = CalibrationSettings(min_candidates=2)
PROJECT = project(
    candidate(
        "c1",
        [
            interview("x", 1, {"a": 4, "b": 3}, "yes"),
            interview("y", 2, {"a": 2, "b": 3, "c": 1}, "no"),
            interview("z", 3, {"a": 3}, "yes"),
        ],
    ),
    candidate("c2", [interview("x", 4, {"a": 4, "c": 4}, "strong-yes"), interview("y", 5, {"a": 3, "c": 2, "zzz": 4})]),
    candidate("c3", [interview("x", 6, {"b": 2})]),
    candidate("c4", [interview("x", 7, {"b": 4}, "yes"), interview("x", 8, {"b": 1}, "yes", stage="tech")]),
)


def test_lenient_interviewer_against_the_panel() -> None:
    x = calibrate(PROJECT).interviewer("x")
    assert (x.scorecards, x.ratings) == (5, 7)
    assert x.mean == Fraction(22, 7)  # 4 3 4 4 2 4 1
    assert x.levels == {1: 1, 2: 1, 3: 1, 4: 4}
    # compared: c1 a 4 vs (2, 3); c1 b 3 vs 3; c2 a 4 vs 3; c2 c 4 vs 2
    assert [(c.candidate_id, c.competency_id, c.rating, c.others) for c in x.comparisons] == [
        ("c1", "a", 4, (2, 3)),
        ("c1", "b", 3, (3,)),
        ("c2", "a", 4, (3,)),
        ("c2", "c", 4, (2,)),
    ]
    assert [c.offset for c in x.comparisons] == [Fraction(3, 2), 0, 1, 2]
    assert x.own_mean == Fraction(15, 4)
    assert x.panel_mean == Fraction(21, 8)
    assert x.offset == Fraction(9, 8)
    assert x.shared_candidates == 2
    assert x.flag is None  # 4 shared ratings, but on 2 candidates only
    assert calibrate(PROJECT, TWO_CANDIDATES).interviewer("x").flag == "lenient"
    assert x.recommendations == {"strong-no": 0, "no": 0, "yes": 3, "strong-yes": 1, "no-decision": 1}


def test_harsh_interviewer_and_unknown_competencies_ignored() -> None:
    y = calibrate(PROJECT, TWO_CANDIDATES).interviewer("y")
    assert (y.scorecards, y.ratings, y.mean) == (2, 5, Fraction(11, 5))  # 'zzz' does not count
    assert y.levels == {1: 1, 2: 2, 3: 2, 4: 0}
    assert [c.panel_mean for c in y.comparisons] == [Fraction(7, 2), 3, 4, 4]
    assert (y.own_mean, y.panel_mean, y.offset) == (Fraction(5, 2), Fraction(29, 8), Fraction(-9, 8))
    assert y.flag == "harsh"
    assert y.recommendations == {"strong-no": 0, "no": 1, "yes": 0, "strong-yes": 0, "no-decision": 1}


def test_too_few_comparisons_are_never_flagged() -> None:
    z = calibrate(PROJECT).interviewer("z")
    assert (z.compared, z.own_mean, z.panel_mean, z.offset, z.flag) == (1, 3, 3, 0, None)
    # with a lower bar the same offsets decide: z is exactly on the panel, x and y stay flagged
    loose = calibrate(PROJECT, CalibrationSettings(leniency=Fraction(9, 8), min_comparisons=1, min_candidates=1))
    assert [(i.interviewer, i.flag) for i in loose.interviewers] == [("x", "lenient"), ("y", "harsh"), ("z", None)]
    strict = calibrate(PROJECT, CalibrationSettings(leniency=Fraction(5, 4), min_candidates=1))
    assert [i.flag for i in strict.interviewers] == [None, None, None]


def test_agreement_per_competency() -> None:
    result = calibrate(PROJECT)
    a = result.agreement("eng", "a")
    # pairs: c1 (4,2) (4,3) (2,3); c2 (4,3) -> differences 2, 1, 1, 1
    assert (a.ratings, a.candidates, a.pairs) == (5, 2, 4)
    assert (a.mean_abs_difference, a.exact_agreement, a.max_difference) == (Fraction(5, 4), Fraction(0), 2)
    assert a.low_agreement
    b = result.agreement("eng", "b")
    # c1 (3,3) only: c3 has one rating and c4's two ratings are by the same interviewer
    assert (b.ratings, b.candidates, b.pairs, b.mean_abs_difference, b.exact_agreement) == (5, 1, 1, 0, 1)
    assert not b.low_agreement
    c = result.agreement("eng", "c")
    assert (c.ratings, c.pairs, c.mean_abs_difference, c.max_difference, c.low_agreement) == (3, 1, 2, 2, True)


def test_no_overlap_gives_no_numbers() -> None:
    result = calibrate(project(candidate("c1", [interview("x", 1, {"a": 3})])))
    only = result.interviewer("x")
    assert (only.compared, only.own_mean, only.offset, only.flag) == (0, None, None, None)
    assert result.agreement("eng", "a").mean_abs_difference is None
    assert [i.interviewer for i in calibrate(project()).interviewers] == []


def test_flags_need_shared_ratings_on_min_candidates_distinct_candidates() -> None:
    # x: 4 shared ratings on c1 and c2. A third candidate rated by x and y makes three.
    third = candidate("c5", [interview("x", 9, {"a": 4}), interview("y", 10, {"a": 2})])
    grown = project(*PROJECT.candidates.values(), third)
    x = calibrate(grown).interviewer("x")
    assert (x.compared, x.shared_candidates, x.offset, x.flag) == (5, 3, Fraction(13, 10), "lenient")
    assert calibrate(grown).interviewer("y").flag == "harsh"
    assert calibrate(grown, CalibrationSettings(min_candidates=4)).interviewer("x").flag is None


def test_offsets_in_plain_words() -> None:
    assert offset_words(Fraction(-1)) == "rates about one level below the others on the same candidates"
    assert offset_words(Fraction(5, 8)) == "rates about half a level above the others on the same candidates"
    assert offset_words(Fraction(13, 10)) == "rates about one and a half levels above the others on the same candidates"
    assert offset_words(Fraction(-2)) == "rates about two levels below the others on the same candidates"
    assert offset_words(Fraction(1, 5)) == "rates in line with the others on the same candidates"
    assert offset_words(None) == ""
