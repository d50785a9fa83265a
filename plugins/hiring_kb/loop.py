"""The interview loop: planned interviews, scorecards still owed, and the debrief gate.

A candidate's ``planned:`` list says who interviews them at which stage and
when. A planned interview is *done* once a scorecard by that interviewer for
that stage exists (whatever its date), *owed* when its date has passed
(``date < today``) without one, else *upcoming*. Scorecards are only chased for
active candidates: once a decision is made, a missing scorecard is no longer
blocking anyone.

The debrief gate (``debrief_gate: true`` in hiring.yml) keeps a candidate's role
fit and the scorecards of their current stage hidden until every planned
scorecard of that stage is in, so interviewers write their own ratings before
they see anyone else's (no anchoring).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction

from .fit import RoleFit
from .models import Candidate, Interview, PlannedInterview, Project

DONE, OWED, UPCOMING = "done", "owed", "upcoming"


@dataclass(frozen=True)
class LoopEntry:
    """One planned interview and where it stands.

    ``state`` is ``done``, ``owed`` or ``upcoming``; ``interview`` is the
    matching scorecard when done; ``days_overdue`` counts days since the planned
    date when owed (≥ 1), else 0.
    """

    planned: PlannedInterview
    state: str
    interview: Interview | None
    days_overdue: int


@dataclass(frozen=True)
class OwedScorecard:
    """A scorecard still owed: by ``planned.interviewer`` for ``candidate``, since ``planned.date``."""

    candidate: Candidate
    planned: PlannedInterview
    days_overdue: int


@dataclass(frozen=True)
class DebriefGate:
    """Whether a candidate's role fit is hidden, and why.

    ``hidden`` is True while the gate is on, the candidate is active and some
    planned scorecard of ``stage`` (their current stage) is missing;
    ``expected`` is the number of planned scorecards of that stage and
    ``missing`` the planned interviews still without one.
    """

    hidden: bool
    stage: str
    expected: int
    missing: tuple[PlannedInterview, ...]

    @property
    def received(self) -> int:
        return self.expected - len(self.missing)


def _scorecard_for(candidate: Candidate, planned: PlannedInterview) -> Interview | None:
    return next(
        (i for i in candidate.interviews if i.interviewer == planned.interviewer and i.stage == planned.stage),
        None,
    )


def interview_loop(candidate: Candidate, today: dt.date) -> tuple[LoopEntry, ...]:
    """Return the candidate's planned interviews in date order with their state on ``today``.

    The state follows the rule in the module docstring whatever the candidate's
    status (the candidate page shows the loop as it was); only
    :func:`scorecards_owed` leaves non-active candidates out.
    """
    entries = []
    for planned in sorted(candidate.planned, key=lambda p: (p.date, p.stage, p.interviewer)):
        interview = _scorecard_for(candidate, planned)
        if interview is not None:
            entries.append(LoopEntry(planned, DONE, interview, 0))
        elif planned.date < today:
            entries.append(LoopEntry(planned, OWED, None, (today - planned.date).days))
        else:
            entries.append(LoopEntry(planned, UPCOMING, None, 0))
    return tuple(entries)


def scorecards_owed(project: Project, today: dt.date) -> list[OwedScorecard]:
    """Every scorecard owed on ``today`` by any interviewer, for active candidates, oldest first.

    Ties are ordered by candidate name, then interviewer.
    """
    owed = [
        OwedScorecard(candidate, entry.planned, entry.days_overdue)
        for candidate in project.candidates.values()
        if candidate.status == "active"
        for entry in interview_loop(candidate, today)
        if entry.state == OWED
    ]
    return sorted(owed, key=lambda o: (o.planned.date, o.candidate.name.casefold(), o.planned.interviewer))


def debrief_gate(candidate: Candidate, enabled: bool) -> DebriefGate:
    """Return the debrief gate of ``candidate`` for their current stage.

    ``enabled`` is the ``debrief_gate`` setting. The gate does not depend on
    dates: a scorecard planned for tomorrow is missing just the same.
    """
    planned = [p for p in candidate.planned if p.stage == candidate.stage]
    missing = tuple(p for p in planned if _scorecard_for(candidate, p) is None)
    hidden = enabled and candidate.status == "active" and bool(missing)
    return DebriefGate(hidden, candidate.stage, len(planned), missing)


#: Verdict shown instead of the real one while the debrief gate is closed.
HIDDEN = "hidden"
HIDDEN_LABEL = "Hidden until debrief"


def gated_view(project: Project, enabled: bool) -> tuple[Project, dict[str, DebriefGate]]:
    """Return the project as the site may show it, and every candidate's gate.

    For each candidate whose gate is closed, the scorecards of the gated stage
    are left out of the returned project, so no page (candidate, dashboard,
    recent interviews, calibration) can show their ratings, recommendation or
    notes before the debrief. Other candidates are returned unchanged.
    """
    gates = {cid: debrief_gate(c, enabled) for cid, c in project.candidates.items()}
    candidates = {
        cid: replace(c, interviews=tuple(i for i in c.interviews if i.stage != gates[cid].stage))
        if gates[cid].hidden
        else c
        for cid, c in project.candidates.items()
    }
    return Project(roles=project.roles, candidates=candidates), gates


def hidden_fit(fit: RoleFit) -> RoleFit:
    """A role fit that shows nothing: verdict ``hidden``, no fit, no coverage (None), nothing rated or tallied.

    Lists that show a verdict, fit or coverage per candidate then show
    "Hidden until debrief" and dashes, and rank the candidate after everyone assessed.
    """
    return replace(
        fit,
        competencies=tuple(replace(r, ratings=(), mean=None, score=None, spread=None, gap=False, split=False) for r in fit.competencies),
        assessed_weight=0,
        weighted_score=Fraction(0),
        coverage=None,  # type: ignore[arg-type]  # shown as a dash; rank_key treats it as 0
        fit=None,
        verdict=HIDDEN,
        gaps=(),
        splits=(),
        unassessed_must_haves=(),
        next_focus=(),
        recommendations={key: 0 for key in fit.recommendations},
    )
