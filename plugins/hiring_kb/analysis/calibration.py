"""Calibration: how each interviewer rates against the rest of the panel, and how far interviewers agree.

Ratings are levels 1..4. The *panel* of a candidate's competency is every interviewer who rated that
candidate on that competency. Only ratings of competencies of the candidate's role count (the validator
reports the others).

Per interviewer *I* (leniency/harshness):

* scorecards = interviews *I* wrote; ratings = levels *I* gave; mean = their average;
* a rating ``r`` of *I* on candidate *C*, competency *k* is *comparable* when another interviewer also rated
  (*C*, *k*); its panel mean ``p`` is the average of the **other** interviewers' ratings of (*C*, *k*);
* ``own_mean`` = average ``r`` and ``panel_mean`` = average ``p``, both over *I*'s comparable ratings;
  ``offset = own_mean - panel_mean`` (levels; positive = rates higher than colleagues on the same candidates
  and competencies);
* flag, once *I* has at least ``min_comparisons`` comparable ratings **on at least ``min_candidates``
  distinct candidates** (one candidate tells more about that candidate than about the interviewer):
  ``offset >= leniency`` → ``lenient``, ``offset <= -leniency`` → ``harsh``; the site says it in words
  (:func:`offset_words`: "rates about one level below the others on the same candidates");
* recommendations are tallied (strong-no, no, yes, strong-yes, no-decision), never scored.

This is the leniency/severity rater effect of Myford & Wolfe ("Detecting and measuring rater effects using
many-facet Rasch measurement", Journal of Applied Measurement, 2003-2004) in its plain form: the mean
deviation of a rater from the other raters of the same performances, without fitting a Rasch model, which a
handful of shared ratings could not support.

Per competency of a role (agreement between interviewers):

* pairs = every pair of ratings of one candidate on that competency by two **different** interviewers;
* ``mean_abs_difference`` = Σ |r_a - r_b| / pairs (levels: 0 = always the same level, 3 = always opposite
  ends): Gini's mean difference taken over pairs of interviewers of the same candidate;
* ``exact_agreement`` = share of pairs with r_a = r_b (0..1): percent agreement, the simplest inter-rater
  agreement statistic (Gwet, "Handbook of Inter-Rater Reliability");
* flag ``low agreement`` when ``mean_abs_difference >= disagreement``.

Per competency and per role (reliability): Krippendorff's alpha for ordinal data with a bootstrap 95 %
interval (:mod:`hiring_kb.analysis.reliability`). A unit is one candidate on one competency; its values are the
latest rating of each interviewer who rated it (an interviewer's second rating of the same candidate
replaces the first: alpha compares raters, not occasions). Per role, the units of all its competencies
are pooled. Below ``min_pairable`` pairable ratings alpha is shown as "not enough data".

All arithmetic is exact (:class:`fractions.Fraction`), as in :mod:`hiring_kb.analysis.fit`; round only for display.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from hiring_kb.analysis.fit import TALLY_KEYS
from hiring_kb.analysis.reliability import Reliability, reliability
from hiring_kb.model.models import Competency, Project, Role
from hiring_kb.model.vocabulary import NO_DECISION, CalibrationFlag
from hiring_kb.sources.settings_defaults import CalibrationSettings

LENIENT = CalibrationFlag.LENIENT
HARSH = CalibrationFlag.HARSH


@dataclass(frozen=True)
class Comparison:
    """One comparable rating: ``rating`` (1..4) given in ``interview_id`` against ``others``, the levels the
    other interviewers gave the same candidate on the same competency (never empty)."""

    candidate_id: str
    competency_id: str
    interview_id: str
    rating: int
    others: tuple[int, ...]

    @property
    def panel_mean(self) -> Fraction:
        """Average of the other interviewers' ratings (levels)."""
        return Fraction(sum(self.others), len(self.others))

    @property
    def offset(self) -> Fraction:
        """``rating - panel_mean`` (levels)."""
        return self.rating - self.panel_mean


@dataclass(frozen=True)
class InterviewerCalibration:
    """One interviewer's numbers (see the module docstring).

    ``levels`` counts the ratings given per level 1..4; ``recommendations`` counts strong-no, no, yes,
    strong-yes and ``no-decision``; ``mean``, ``own_mean``, ``panel_mean`` and ``offset`` are in levels and
    None without ratings (or without comparable ratings); ``flag`` is ``"lenient"``, ``"harsh"`` or None.
    """

    interviewer: str
    scorecards: int
    ratings: int
    mean: Fraction | None
    levels: Mapping[int, int]
    recommendations: Mapping[str, int]
    comparisons: tuple[Comparison, ...]
    own_mean: Fraction | None
    panel_mean: Fraction | None
    offset: Fraction | None
    flag: CalibrationFlag | None

    @property
    def compared(self) -> int:
        """How many of this interviewer's ratings could be compared with another interviewer's."""
        return len(self.comparisons)

    @property
    def shared_candidates(self) -> int:
        """Distinct candidates among this interviewer's comparable ratings."""
        return len({c.candidate_id for c in self.comparisons})


@dataclass(frozen=True)
class CompetencyAgreement:
    """Agreement between interviewers on one competency of one role.

    ``ratings``: all ratings of it; ``candidates``: candidates rated on it by two or more interviewers;
    ``pairs``: rating pairs by different interviewers of the same candidate; ``mean_abs_difference``
    (levels), ``exact_agreement`` (0..1) and ``max_difference`` (levels) are None without pairs.
    """

    role: Role
    competency: Competency
    ratings: int
    candidates: int
    pairs: int
    mean_abs_difference: Fraction | None
    exact_agreement: Fraction | None
    max_difference: int | None
    low_agreement: bool
    reliability: Reliability | None = None


@dataclass(frozen=True)
class Calibration:
    """Result of :func:`calibrate`: interviewers sorted by name; competencies in role then role order."""

    interviewers: tuple[InterviewerCalibration, ...]
    competencies: tuple[CompetencyAgreement, ...]
    settings: CalibrationSettings
    #: Role id -> reliability of all its competencies pooled (see the module docstring).
    roles: Mapping[str, Reliability] = field(default_factory=dict)

    def interviewer(self, name: str) -> InterviewerCalibration:
        """Return one interviewer's numbers (KeyError when they wrote no scorecard)."""
        for item in self.interviewers:
            if item.interviewer == name:
                return item
        raise KeyError(name)

    def agreement(self, role_id: str, competency_id: str) -> CompetencyAgreement:
        """Return the agreement on one competency of one role (KeyError when unknown)."""
        for item in self.competencies:
            if item.role.id == role_id and item.competency.id == competency_id:
                return item
        raise KeyError((role_id, competency_id))


@dataclass(frozen=True)
class _Rating:
    interviewer: str
    interview_id: str
    level: int


def _mean(values: list[Fraction] | list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def calibrate(project: Project, settings: CalibrationSettings | None = None) -> Calibration:
    """Compute per-interviewer leniency and per-competency agreement for a loaded project.

    Args:
        project: roles and candidates (with their interviews) as loaded by :mod:`hiring_kb.sources.loader`.
        settings: thresholds; defaults to :class:`~hiring_kb.sources.settings_defaults.CalibrationSettings`.

    Returns:
        A :class:`Calibration` (formulas and sources in the module docstring). Raises nothing.
        The steps: gather each panel's ratings, compare each rating with the others', then sum up
        per interviewer and per competency.
    """
    settings = settings or CalibrationSettings()
    ratings = _gather(project)
    given, comparisons = _compare(ratings.panels)
    interviewers = tuple(
        _interviewer(name, ratings, given[name], comparisons[name], settings) for name in sorted(ratings.scorecards)
    )
    agreements: list[CompetencyAgreement] = []
    roles: dict[str, Reliability] = {}
    for role in project.roles.values():
        members = [c.id for c in project.candidates.values() if c.role_id == role.id]
        role_agreements = [
            _agreement(role, competency, members, ratings.panels, settings) for competency in role.competencies
        ]
        agreements += [agreement for agreement, _ in role_agreements]
        roles[role.id] = reliability([unit for _, units in role_agreements for unit in units], settings.min_pairable)
    return Calibration(interviewers, tuple(agreements), settings, roles)


@dataclass(frozen=True)
class _Ratings:
    """Everything calibration counts, gathered in one pass: ``panels`` maps (candidate id, competency id)
    to the ratings given, in interview order (competencies of the candidate's role only); ``scorecards``
    and ``recommendations`` count per interviewer."""

    panels: Mapping[tuple[str, str], list[_Rating]]
    scorecards: Counter[str]
    recommendations: Mapping[str, Counter[str]]


def _gather(project: Project) -> _Ratings:
    panels: dict[tuple[str, str], list[_Rating]] = defaultdict(list)
    scorecards: Counter[str] = Counter()
    recommendations: dict[str, Counter[str]] = defaultdict(Counter)
    for candidate in project.candidates.values():
        role = project.roles.get(candidate.role_id)
        known = {c.id for c in role.competencies} if role else set()
        for interview in candidate.interviews:
            scorecards[interview.interviewer] += 1
            recommendations[interview.interviewer][interview.recommendation or NO_DECISION] += 1
            for competency_id, level in interview.ratings.items():
                if competency_id in known:
                    panels[(candidate.id, competency_id)].append(_Rating(interview.interviewer, interview.id, level))
    return _Ratings(panels, scorecards, recommendations)


def _compare(
    panels: Mapping[tuple[str, str], list[_Rating]],
) -> tuple[dict[str, list[int]], dict[str, list[Comparison]]]:
    """Per interviewer: every level they gave, and each rating compared with the other interviewers'
    ratings of the same candidate and competency (when there are any)."""
    given: dict[str, list[int]] = defaultdict(list)
    comparisons: dict[str, list[Comparison]] = defaultdict(list)
    for (candidate_id, competency_id), ratings in panels.items():
        for rating in ratings:
            given[rating.interviewer].append(rating.level)
            others = tuple(r.level for r in ratings if r.interviewer != rating.interviewer)
            if others:
                comparisons[rating.interviewer].append(
                    Comparison(candidate_id, competency_id, rating.interview_id, rating.level, others)
                )
    return given, comparisons


def _interviewer(
    name: str, ratings: _Ratings, given: list[int], comparisons: list[Comparison], settings: CalibrationSettings
) -> InterviewerCalibration:
    """One interviewer's numbers and flag (rules in the module docstring)."""
    compared = sorted(comparisons, key=lambda c: (c.interview_id, c.candidate_id, c.competency_id))
    own_mean = _mean([c.rating for c in compared])
    panel_mean = _mean([c.panel_mean for c in compared])
    offset = None if own_mean is None or panel_mean is None else own_mean - panel_mean
    flag = None
    shared = len({c.candidate_id for c in compared})
    if offset is not None and len(compared) >= settings.min_comparisons and shared >= settings.min_candidates:
        if offset >= settings.leniency:
            flag = LENIENT
        elif offset <= -settings.leniency:
            flag = HARSH
    levels = Counter(given)
    tally = ratings.recommendations.get(name, Counter())
    return InterviewerCalibration(
        interviewer=name,
        scorecards=ratings.scorecards[name],
        ratings=len(given),
        mean=_mean(given),
        levels={level: levels.get(level, 0) for level in (1, 2, 3, 4)},
        recommendations={key: tally.get(key, 0) for key in TALLY_KEYS},
        comparisons=tuple(compared),
        own_mean=own_mean,
        panel_mean=panel_mean,
        offset=offset,
        flag=flag,
    )


def _agreement(
    role: Role,
    competency: Competency,
    members: list[str],
    panels: Mapping[tuple[str, str], list[_Rating]],
    settings: CalibrationSettings,
) -> tuple[CompetencyAgreement, list[list[int]]]:
    """How the panel agrees on one competency of ``role`` over its candidates ``members`` (ids), and the
    units of Krippendorff's alpha (one value per interviewer and candidate) the role's figure pools."""
    rated = [panels.get((candidate_id, competency.id), []) for candidate_id in members]
    units = [_latest_per_interviewer(ratings) for ratings in rated]
    differences = [
        abs(a.level - b.level)
        for ratings in rated
        for a, b in combinations(ratings, 2)
        if a.interviewer != b.interviewer
    ]
    multi = sum(1 for ratings in rated if len({r.interviewer for r in ratings}) >= 2)
    mad = _mean(differences)
    agreement = CompetencyAgreement(
        role=role,
        competency=competency,
        ratings=sum(len(ratings) for ratings in rated),
        candidates=multi,
        pairs=len(differences),
        mean_abs_difference=mad,
        exact_agreement=Fraction(differences.count(0), len(differences)) if differences else None,
        max_difference=max(differences) if differences else None,
        low_agreement=mad is not None and mad >= settings.disagreement,
        reliability=reliability(units, settings.min_pairable),
    )
    return agreement, units


def _latest_per_interviewer(ratings: list[_Rating]) -> list[int]:
    """One value per interviewer (their latest, ratings being in interview order): a unit of alpha."""
    latest: dict[str, int] = {}
    for rating in ratings:
        latest[rating.interviewer] = rating.level
    return list(latest.values())


def offset_words(offset: Fraction | None) -> str:
    """An offset from the panel in plain words, to the nearest half level.

    ``Fraction(-1)`` → ``"rates about one level below the others on the same candidates"``;
    ``Fraction(5, 8)`` → ``"rates about half a level above ..."``; under a quarter level either way →
    ``"rates in line with the others on the same candidates"``; None → ``""``.
    """
    if offset is None:
        return ""
    halves = round(abs(offset) * 2)
    if halves == 0:
        return "rates in line with the others on the same candidates"
    amounts = {1: "half a level", 2: "one level", 3: "one and a half levels", 4: "two levels"}
    amount = amounts.get(halves, f"{halves / 2:g} levels")
    return f"rates about {amount} {'above' if offset > 0 else 'below'} the others on the same candidates"
