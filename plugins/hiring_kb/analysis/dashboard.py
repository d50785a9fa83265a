"""Pipeline numbers for the home-page dashboard and role pages: attention list, recent interviews, funnel.

Pure functions of a loaded project, its role fits and a date ("today"), so pages are reproducible: the site
build passes :func:`hiring_kb.base.clock.today` (which honours ``SOURCE_DATE_EPOCH``), tests pass a fixed one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from hiring_kb.analysis.fit import RoleFit
from hiring_kb.base.number_format import percent
from hiring_kb.model.models import Candidate, Interview, Project, Role, Stage
from hiring_kb.model.vocabulary import LEFT_STATUSES, AttentionKind, CandidateStatus, Verdict
from hiring_kb.sources.settings_defaults import DashboardSettings

#: Attention kinds, in the order the dashboard lists them.
ATTENTION_KINDS: tuple[AttentionKind, ...] = tuple(AttentionKind)

#: Returns why a candidate's data is due for retention handling on a date (None when not due).
RetentionCheck = Callable[[Candidate, dt.date], "str | None"]


@dataclass(frozen=True)
class AttentionReason:
    """Why a candidate needs attention: ``kind`` is one of :data:`ATTENTION_KINDS`; ``text`` says it in full."""

    kind: AttentionKind
    text: str


@dataclass(frozen=True)
class AttentionItem:
    """A candidate that needs attention, with every reason; ``idle_days`` is None without any date."""

    candidate: Candidate
    reasons: tuple[AttentionReason, ...]
    idle_days: int | None

    @property
    def kinds(self) -> tuple[AttentionKind, ...]:
        return tuple(r.kind for r in self.reasons)


def idle_days(candidate: Candidate, today: dt.date) -> int | None:
    """Days from the candidate's last activity (latest interview, else application) to ``today``; None without dates."""
    last = candidate.last_activity
    return None if last is None else (today - last).days


def attention_reasons(
    candidate: Candidate,
    fit: RoleFit,
    today: dt.date,
    settings: DashboardSettings,
    retention: RetentionCheck | None = None,
) -> tuple[AttentionReason, ...]:
    """Every reason, in :data:`ATTENTION_KINDS` order, why ``candidate`` needs attention on ``today``.

    Active candidates: no activity for at least ``settings.stale_days`` days (``stale``); verdict
    ``incomplete`` or ``not-assessed`` (``incomplete``); a split panel (``split``). Any candidate: what
    ``retention`` returns (``retention``; the retention rules live with the privacy tasks, this only shows
    them). Raises nothing.
    """
    reasons: list[AttentionReason] = []
    if retention is not None:
        due = retention(candidate, today)
        if due:
            reasons.append(AttentionReason(AttentionKind.RETENTION, due))
    if candidate.status != CandidateStatus.ACTIVE:
        return tuple(reasons)
    days = idle_days(candidate, today)
    if days is not None and days >= settings.stale_days:
        what = "interview" if candidate.interviews else "application"
        reasons.append(
            AttentionReason(
                AttentionKind.STALE, f"No activity for {days} days (last {what} {candidate.last_activity})."
            )
        )
    if fit.verdict == Verdict.NOT_ASSESSED:
        reasons.append(AttentionReason(AttentionKind.INCOMPLETE, "No competency rated yet."))
    elif fit.verdict == Verdict.INCOMPLETE:
        focus = ", ".join(c.name + (" (must-have)" if c.must_have else "") for c in fit.next_focus)
        reasons.append(
            AttentionReason(AttentionKind.INCOMPLETE, f"Coverage {percent(fit.coverage)}; next, assess {focus}.")
        )
    for competency in fit.splits:
        ratings = ", ".join(str(r) for r in fit.by_id(competency.id).ratings)
        reasons.append(AttentionReason(AttentionKind.SPLIT, f"{competency.name}: ratings {ratings}."))
    return tuple(reasons)


def needs_attention(
    project: Project,
    fits: Mapping[str, RoleFit],
    today: dt.date,
    settings: DashboardSettings,
    retention: RetentionCheck | None = None,
) -> list[AttentionItem]:
    """Candidates with at least one attention reason (see :func:`attention_reasons`).

    Sorted most urgent first: retention due, then the longest without activity, then by name.
    """
    items = []
    for candidate in project.candidates.values():
        reasons = attention_reasons(candidate, fits[candidate.id], today, settings, retention)
        if reasons:
            items.append(AttentionItem(candidate, reasons, idle_days(candidate, today)))
    return sorted(
        items,
        key=lambda i: (AttentionKind.RETENTION not in i.kinds, -(i.idle_days or 0), i.candidate.name.casefold()),
    )


def recent_interviews(project: Project, limit: int) -> list[tuple[Candidate, Interview]]:
    """The ``limit`` latest interviews of all candidates, newest first (ties: candidate name, interview id)."""
    pairs = [(c, i) for c in project.candidates.values() for i in c.interviews]
    pairs.sort(key=lambda p: (-p[1].date.toordinal(), p[0].name.casefold(), p[1].id))
    return pairs[:limit]


@dataclass(frozen=True)
class FunnelStep:
    """One stage of a role's funnel.

    ``reached``: candidates who got to this stage or further (their current stage, or the furthest stage
    they were interviewed in); ``active``: active candidates at this stage now; ``left``: rejected or
    withdrawn at this stage; ``hired``: hired at this stage.
    """

    stage: Stage
    reached: int
    active: int
    left: int
    hired: int


def furthest_stage(role: Role, candidate: Candidate) -> int | None:
    """Index in ``role.stages`` of the furthest stage the candidate reached; None when no stage is known."""
    order = {s.id: index for index, s in enumerate(role.stages)}
    seen = [order[s] for s in (candidate.stage, *(i.stage for i in candidate.interviews)) if s in order]
    return max(seen) if seen else None


def role_funnel(role: Role, candidates: Iterable[Candidate]) -> tuple[FunnelStep, ...]:
    """Candidates reaching each stage of ``role`` (see :class:`FunnelStep`), in stage order."""
    members = list(candidates)
    furthest = {c.id: -1 if (at := furthest_stage(role, c)) is None else at for c in members}
    steps = []
    for index, stage in enumerate(role.stages):
        here = [c for c in members if c.stage == stage.id]
        steps.append(
            FunnelStep(
                stage=stage,
                reached=sum(1 for c in members if furthest[c.id] >= index),
                active=sum(1 for c in here if c.status == CandidateStatus.ACTIVE),
                left=sum(1 for c in here if c.status in LEFT_STATUSES),
                hired=sum(1 for c in here if c.status == CandidateStatus.HIRED),
            )
        )
    return tuple(steps)


def board_columns(role: Role, ranked: Iterable[Candidate]) -> list[tuple[Stage, list[Candidate]]]:
    """Active candidates of ``role`` per stage, in stage order, keeping the order of ``ranked`` (by fit)."""
    active = [c for c in ranked if c.status == CandidateStatus.ACTIVE]
    return [(stage, [c for c in active if c.stage == stage.id]) for stage in role.stages]
