"""The interview loop: planned interviews, scorecards still owed, and the debrief gate.

A candidate's ``planned:`` list says who interviews them at which stage and
when. A planned interview is *done* once a scorecard by that interviewer for
that stage exists (whatever its date), *owed* when its date has passed
(``date < today``) without one, else *upcoming*. An untouched scaffold (no
rating, no recommendation, no notes: ``Interview.empty``) is not a scorecard:
the interview stays owed, the gate stays closed and no page shows the file. Scorecards are only chased for
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

from hiring_kb.analysis.fit import RoleFit
from hiring_kb.model.models import Candidate, Interview, PlannedInterview, Project
from hiring_kb.model.vocabulary import CandidateStatus, LoopState, PanelState, Recommendation, Verdict, labels

DONE, OWED, UPCOMING = LoopState.DONE, LoopState.OWED, LoopState.UPCOMING


@dataclass(frozen=True)
class LoopEntry:
    """One planned interview and where it stands.

    ``state`` is ``done``, ``owed`` or ``upcoming``; ``interview`` is the
    matching scorecard when done; ``days_overdue`` counts days since the planned
    date when owed (≥ 1), else 0.
    """

    planned: PlannedInterview
    state: LoopState
    interview: Interview | None
    days_overdue: int
    #: True when not done although the scorecard file exists: it is still an empty scaffold.
    started: bool = False


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
    """The submitted scorecard of a planned interview (an empty scaffold does not count), or None."""
    return next(
        (
            i
            for i in candidate.interviews
            if i.interviewer == planned.interviewer and i.stage == planned.stage and i.submitted
        ),
        None,
    )


def _started(candidate: Candidate, planned: PlannedInterview) -> bool:
    """True when the interviewer has created the scorecard file but not filled it in yet."""
    return any(
        i.interviewer == planned.interviewer and i.stage == planned.stage and i.empty for i in candidate.interviews
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
            entries.append(LoopEntry(planned, OWED, None, (today - planned.date).days, _started(candidate, planned)))
        else:
            entries.append(LoopEntry(planned, UPCOMING, None, 0, _started(candidate, planned)))
    return tuple(entries)


def scorecards_owed(project: Project, today: dt.date) -> list[OwedScorecard]:
    """Every scorecard owed on ``today`` by any interviewer, for active candidates, oldest first.

    Ties are ordered by candidate name, then interviewer.
    """
    owed = [
        OwedScorecard(candidate, entry.planned, entry.days_overdue)
        for candidate in project.candidates.values()
        if candidate.status == CandidateStatus.ACTIVE
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
    hidden = enabled and candidate.status == CandidateStatus.ACTIVE and bool(missing)
    return DebriefGate(hidden, candidate.stage, len(planned), missing)


#: Verdict shown instead of the real one while the debrief gate is closed.
HIDDEN = Verdict.HIDDEN
HIDDEN_LABEL = Verdict.HIDDEN.label


def gated_view(project: Project, enabled: bool) -> tuple[Project, dict[str, DebriefGate]]:
    """Return the project as the site may show it, and every candidate's gate.

    For each candidate whose gate is closed, the scorecards of the gated stage
    are left out of the returned project, so no page (candidate, dashboard,
    recent interviews, calibration) can show their ratings, recommendation or
    notes before the debrief. Empty scaffolds (``Interview.empty``) are left out
    for everyone: they are not scorecards. Other candidates are returned unchanged.
    """
    gates = {cid: debrief_gate(c, enabled) for cid, c in project.candidates.items()}

    def shown(cid: str, candidate: Candidate) -> Candidate:
        hidden_stage = gates[cid].stage if gates[cid].hidden else None
        kept = tuple(i for i in candidate.interviews if i.submitted and i.stage != hidden_stage)
        return candidate if kept == candidate.interviews else replace(candidate, interviews=kept)

    candidates = {cid: shown(cid, c) for cid, c in project.candidates.items()}
    return Project(roles=project.roles, candidates=candidates), gates


def hidden_fit(fit: RoleFit) -> RoleFit:
    """A role fit that shows nothing: verdict ``hidden``, no fit, no coverage (None), nothing rated or tallied.

    Lists that show a verdict, fit or coverage per candidate then show
    "Hidden until debrief" and dashes, and rank the candidate after everyone assessed.
    """
    return replace(
        fit,
        competencies=tuple(
            replace(r, ratings=(), mean=None, score=None, spread=None, gap=False, split=False) for r in fit.competencies
        ),
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


#: States of a candidate's panel (:func:`panel_status`), in the order a debrief cares about.
READY, WAITING, NOT_PLANNED, DECIDED = PanelState.READY, PanelState.WAITING, PanelState.NOT_PLANNED, PanelState.DECIDED
PANEL_STATE_LABELS = labels(PanelState)


@dataclass(frozen=True)
class PanelVote:
    """One submitted scorecard's recommendation: interviewer, stage id, recommendation (None: no decision)."""

    interviewer: str
    stage: str
    recommendation: Recommendation | None


@dataclass(frozen=True)
class Panel:
    """The panel of one candidate at a glance (pipeline board, candidates index, role ranking).

    ``received`` counts submitted scorecards, ``expected`` the planned interviews plus the scorecards
    written without a plan (so "2 of 3" reads "two of the three interviews we expect are in");
    ``votes`` are the recommendations the site may show (none of a stage the debrief gate hides), oldest
    first; ``waiting_for`` the interviewers of scorecards owed, or planned for the current stage and
    not in yet; ``state`` one of ``ready`` (active, every planned scorecard in and at least one of the
    current stage), ``waiting``,
    ``not-planned`` (active, nothing planned or written for the current stage) or ``decided``.
    """

    received: int
    expected: int
    planned: int
    votes: tuple[PanelVote, ...]
    waiting_for: tuple[str, ...]
    state: PanelState

    @property
    def label(self) -> str:
        return self.state.label


def panel_status(candidate: Candidate, shown: Candidate, entries: tuple[LoopEntry, ...]) -> Panel:
    """Return the :class:`Panel` of ``candidate``.

    ``candidate`` is the full record (scorecards counted, gated ones too: the count is not secret),
    ``shown`` the same candidate as the site may show it (:func:`gated_view`: recommendations), and
    ``entries`` its :func:`interview_loop`.
    """
    submitted = [i for i in candidate.interviews if i.submitted]
    planned_keys = {(e.planned.interviewer, e.planned.stage) for e in entries}
    unplanned = [i for i in submitted if (i.interviewer, i.stage) not in planned_keys]
    done = sum(1 for e in entries if e.state == DONE)
    # Blocking: what the current stage still needs, and anything overdue; a later stage planned ahead is not.
    waiting = tuple(
        dict.fromkeys(
            e.planned.interviewer
            for e in entries
            if e.state == OWED or (e.state != DONE and e.planned.stage == candidate.stage)
        )
    )
    votes = tuple(PanelVote(i.interviewer, i.stage, i.recommendation) for i in shown.interviews if i.submitted)
    current = [i for i in submitted if i.stage == candidate.stage] + [
        e for e in entries if e.planned.stage == candidate.stage
    ]
    if candidate.status != CandidateStatus.ACTIVE:
        state = DECIDED
    elif waiting:
        state = WAITING
    elif current:
        state = READY
    else:
        state = NOT_PLANNED
    return Panel(
        received=done + len(unplanned),
        expected=len(entries) + len(unplanned),
        planned=len(entries),
        votes=votes,
        waiting_for=waiting,
        state=state,
    )
