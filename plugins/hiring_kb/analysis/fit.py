"""Role fit: how well a candidate's ratings match a role (the rules people read: docs/process.md, "Role fit").

For each competency c of the role, over all interviews that rated it:

* ``mean_c`` = average rating (levels 1..4); ``score_c = (mean_c - 1) / 3`` (0..1);
  ``spread_c = max - min``;
* ``coverage = Σ w_c over assessed c / Σ w_c over all c`` (0..1);
* ``fit = 100 · Σ w_c·score_c / Σ w_c``, both sums over assessed c (0..100);
* must-have gap: a must-have with ``mean_c < bar``; split panel: ``spread_c >= split_spread``;
* verdict, first that applies: no ratings → ``not-assessed``; a must-have gap →
  ``no-fit``; coverage < min_coverage or a must-have unassessed → ``incomplete``;
  fit ≥ strong_fit → ``strong-fit``; fit ≥ fit → ``fit``; else ``weak-fit``;
* next interview should cover: unassessed competencies, must-haves first, then
  by weight (heavier first), then role order;
* recommendations are tallied, never averaged into fit.

All arithmetic is exact (:class:`fractions.Fraction`) so thresholds never
suffer from float rounding; round only for display.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from hiring_kb.base.number_format import one_decimal, percent, percent_for_reading, rounded_for_reading
from hiring_kb.model.models import Competency, Interview, Role
from hiring_kb.model.vocabulary import FIT_VERDICTS, NO_DECISION, Recommendation, Verdict
from hiring_kb.sources.settings_defaults import FitThresholds

VERDICTS: tuple[Verdict, ...] = FIT_VERDICTS
#: ``value -> label`` of the verdicts the rules give (``hidden`` is added where a page can show it).
VERDICT_LABELS: Mapping[str, str] = {v.value: v.label for v in FIT_VERDICTS}
#: The recommendation tally's keys, in order: every recommendation, then interviews without one.
TALLY_KEYS: tuple[str, ...] = (*Recommendation.values(), NO_DECISION)


@dataclass(frozen=True)
class CompetencyFit:
    """One competency's ratings and derived numbers.

    ``ratings`` are the levels given, in interview order; ``mean``, ``score``
    and ``spread`` are None when not assessed; ``level`` is ``floor(mean)``
    (1..4), so a badge never shows "meets" for a mean below the bar.
    """

    competency: Competency
    ratings: tuple[int, ...]
    mean: Fraction | None
    score: Fraction | None
    spread: int | None
    gap: bool
    split: bool

    @property
    def assessed(self) -> bool:
        return bool(self.ratings)

    @property
    def level(self) -> int | None:
        return None if self.mean is None else int(self.mean)

    @property
    def weighted_score(self) -> Fraction:
        """``w_c · score_c`` (0 when not assessed)."""
        return self.competency.weight * self.score if self.score is not None else Fraction(0)


@dataclass(frozen=True)
class RoleFit:
    """The role-fit summary of one candidate.

    ``coverage`` is 0..1; ``fit`` is 0..100 or None when nothing is assessed;
    ``recommendations`` counts strong-no, no, yes, strong-yes and ``no-decision``.
    """

    competencies: tuple[CompetencyFit, ...]
    total_weight: int
    assessed_weight: int
    weighted_score: Fraction
    coverage: Fraction
    fit: Fraction | None
    verdict: Verdict
    gaps: tuple[Competency, ...]
    splits: tuple[Competency, ...]
    unassessed_must_haves: tuple[Competency, ...]
    next_focus: tuple[Competency, ...]
    recommendations: Mapping[str, int]

    def by_id(self, competency_id: str) -> CompetencyFit:
        """Return the result for one competency id (KeyError when not in the role)."""
        for result in self.competencies:
            if result.competency.id == competency_id:
                return result
        raise KeyError(competency_id)


def competency_fit(competency: Competency, ratings: Iterable[int], thresholds: FitThresholds) -> CompetencyFit:
    """Compute mean, score, spread, gap and split for one competency's ratings (levels 1..4)."""
    levels = tuple(ratings)
    if not levels:
        return CompetencyFit(competency, (), None, None, None, False, False)
    mean = Fraction(sum(levels), len(levels))
    spread = max(levels) - min(levels)
    return CompetencyFit(
        competency=competency,
        ratings=levels,
        mean=mean,
        score=(mean - 1) / 3,
        spread=spread,
        gap=competency.must_have and mean < thresholds.bar,
        split=spread >= thresholds.split_spread,
    )


def role_fit(role: Role, interviews: Iterable[Interview], thresholds: FitThresholds | None = None) -> RoleFit:
    """Compute a candidate's fit to ``role`` from their interviews (formulas in the module docstring).

    Ratings for competencies outside the role are ignored (the validator
    reports them). Raises nothing.
    """
    thresholds = thresholds or FitThresholds()
    interviews = tuple(interviews)
    results = tuple(
        competency_fit(c, (i.ratings[c.id] for i in interviews if c.id in i.ratings), thresholds)
        for c in role.competencies
    )
    assessed = [r for r in results if r.assessed]
    total_weight = role.total_weight
    assessed_weight = sum(r.competency.weight for r in assessed)
    weighted_score = sum((r.weighted_score for r in assessed), Fraction(0))
    coverage = Fraction(assessed_weight, total_weight) if total_weight else Fraction(0)
    fit = 100 * weighted_score / assessed_weight if assessed_weight else None
    gaps = tuple(r.competency for r in results if r.gap)
    splits = tuple(r.competency for r in results if r.split)
    unassessed = [r.competency for r in results if not r.assessed]
    unassessed_must = tuple(c for c in unassessed if c.must_have)
    order = {c.id: index for index, c in enumerate(role.competencies)}
    next_focus = tuple(sorted(unassessed, key=lambda c: (not c.must_have, -c.weight, order[c.id])))

    if fit is None:
        verdict = Verdict.NOT_ASSESSED
    elif gaps:
        verdict = Verdict.NO_FIT
    elif coverage < thresholds.min_coverage or unassessed_must:
        verdict = Verdict.INCOMPLETE
    elif fit >= thresholds.strong_fit:
        verdict = Verdict.STRONG_FIT
    elif fit >= thresholds.fit:
        verdict = Verdict.FIT
    else:
        verdict = Verdict.WEAK_FIT

    tally = Counter(i.recommendation or NO_DECISION for i in interviews)
    recommendations = {key: tally.get(key, 0) for key in TALLY_KEYS}
    return RoleFit(
        competencies=results,
        total_weight=total_weight,
        assessed_weight=assessed_weight,
        weighted_score=weighted_score,
        coverage=coverage,
        fit=fit,
        verdict=verdict,
        gaps=gaps,
        splits=splits,
        unassessed_must_haves=unassessed_must,
        next_focus=next_focus,
        recommendations=recommendations,
    )


#: Ranking tiers, best first: complete assessments by verdict, then candidates still being assessed
#: (incomplete), then those with a must-have gap, then nothing rated, then a fit hidden by the debrief
#: gate (hiring_kb.analysis.loop.HIDDEN). A no-fit or incomplete candidate never ranks above a fit, whatever the number.
RANK_TIERS: tuple[Verdict, ...] = tuple(Verdict)


def rank_key(fit: RoleFit) -> tuple[int, Fraction, Fraction]:
    """Sort key ranking candidates of one role: verdict tier (:data:`RANK_TIERS`), then fit, then coverage,
    both descending.

    The raw fit number alone would put a no-fit with two 4s above a fit (a must-have gap does not lower
    the weighted mean), and an incomplete candidate with one interview above complete assessments.
    """
    tier = RANK_TIERS.index(fit.verdict) if fit.verdict in RANK_TIERS else len(RANK_TIERS)
    # coverage is None while the debrief gate hides it (hiring_kb.analysis.loop.hidden_fit)
    return (tier, -(fit.fit or Fraction(0)), -(fit.coverage or Fraction(0)))


@dataclass(frozen=True)
class FitAnchor:
    """A named point of the 0..100 fit scale: ``value`` (exact) and what it means (``label``)."""

    value: Fraction
    label: str
    kind: str  # "level": every competency rated at one level; "threshold": a verdict starts here
    short: str = ""  # the label on the scale, e.g. "meets"


def level_fit(level: int) -> Fraction:
    """The fit (0..100) of a candidate rated ``level`` (1..4) on every competency: ``100 · (level − 1) / 3``.

    3 (meets) gives 66.7, 4 (exceeds) 100: a fit is not a percentage of a "perfect" match.
    """
    return Fraction(100 * (level - 1), 3)


def fit_anchors(thresholds: FitThresholds | None = None) -> tuple[FitAnchor, ...]:
    """The points that give a fit number its meaning, in scale order: every competency at 1 (far below),
    2 (below), 3 (meets) and 4 (exceeds), and the ``fit`` and ``strong_fit`` thresholds of hiring.yml."""
    thresholds = thresholds or FitThresholds()
    anchors = [
        FitAnchor(level_fit(1), "far below on every competency", "level", "far below"),
        FitAnchor(level_fit(2), "below on every competency", "level", "below"),
        FitAnchor(level_fit(3), "meets on every competency", "level", "meets"),
        FitAnchor(level_fit(4), "exceeds on every competency", "level", "exceeds"),
        FitAnchor(thresholds.fit, "the verdict fit starts here", "threshold", "fit"),
        FitAnchor(thresholds.strong_fit, "the verdict strong fit starts here", "threshold", "strong fit"),
    ]
    return tuple(sorted(anchors, key=lambda a: (a.value, a.kind)))


def fit_for_reading(fit: RoleFit, thresholds: FitThresholds | None = None) -> str:
    """The fit as a whole number (``"71"``), never rounded up onto a verdict threshold it has not reached."""
    thresholds = thresholds or FitThresholds()
    return rounded_for_reading(fit.fit, (thresholds.fit, thresholds.strong_fit))


def coverage_for_reading(fit: RoleFit, thresholds: FitThresholds | None = None) -> str:
    """The coverage as a whole percentage (``"55 %"``), never rounded up onto ``min_coverage``."""
    thresholds = thresholds or FitThresholds()
    return percent_for_reading(fit.coverage, (thresholds.min_coverage,))


def verdict_reason(fit: RoleFit, thresholds: FitThresholds | None = None) -> str:
    """Explain in one sentence which verdict rule applied (the rules are in the module docstring).

    Fit and coverage are rounded for reading (:func:`fit_for_reading`); means keep one decimal.
    """
    thresholds = thresholds or FitThresholds()
    coverage = coverage_for_reading(fit, thresholds)
    needed = percent(thresholds.min_coverage, digits=0)
    shown = fit_for_reading(fit, thresholds)
    fit_bar, strong_bar = rounded_for_reading(thresholds.fit), rounded_for_reading(thresholds.strong_fit)
    if fit.verdict == Verdict.NOT_ASSESSED:
        return "No competency has been rated yet."
    if fit.verdict == Verdict.NO_FIT:
        gaps = ", ".join(f"{c.name} {one_decimal(fit.by_id(c.id).mean or 0)}" for c in fit.gaps)
        return f"A must-have is below the bar of {thresholds.bar} (meets): {gaps}."
    if fit.verdict == Verdict.INCOMPLETE:
        if fit.unassessed_must_haves:
            names = ", ".join(c.name for c in fit.unassessed_must_haves)
            return f"Must-have not assessed yet: {names}; coverage {coverage}."
        return f"Only {coverage} of the role's weight is assessed; the verdict needs {needed}."
    assert fit.fit is not None
    if fit.verdict == Verdict.STRONG_FIT:
        return f"Fit {shown} ≥ {strong_bar}, coverage {coverage}, every must-have at the bar."
    if fit.verdict == Verdict.FIT:
        return f"Fit {shown} is between {fit_bar} and {strong_bar}, coverage {coverage}, every must-have at the bar."
    return f"Fit {shown} is below {fit_bar}; coverage {coverage}."
