"""Pipeline reports of one role: stage conversion, days in stage, decisions by reason, sources per stage.

Input is the role's candidates as loaded (their ``history:``, written by ``invoke move``, their stage,
interviews, status, source and decision reasons); output is plain numbers for the role page
(``_analytics.html.j2``). Definitions:

* **reached** a stage: the candidate's furthest stage (current stage, a stage they were interviewed in,
  or a stage in their history) is that stage or a later one; **conversion** from the previous stage =
  reached this stage ÷ reached the previous one; the last row counts the candidates hired;
* **days in stage**: from the history entry that moved the candidate into a stage to the next entry that
  moved them on (another stage, or a decision). Only finished stays count towards the median (the
  middle value; the mean of the two middle ones for an even count); candidates still in the stage are
  counted apart, with their days so far to ``today``. Candidates without history give no stays;
* **decisions by reason**: decided candidates (hired, rejected, withdrawn) per reason of
  ``decision_reasons:``; a decision with two reasons counts for both; decisions without a reason are
  counted as such;
* **sources per stage**: per ``source:`` (empty: "not recorded"), how many candidates reached each
  stage and how many were hired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from hiring_kb.model.models import Candidate, Role, Stage
from hiring_kb.model.vocabulary import DECIDED_STATUSES, CandidateStatus

DECIDED = DECIDED_STATUSES
NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class Conversion:
    """One stage (None: the "hired" row): ``reached`` candidates, share of all (0..1) and of the previous row."""

    stage: Stage | None
    label: str
    reached: int
    of_all: Fraction | None
    of_previous: Fraction | None


@dataclass(frozen=True)
class StageTime:
    """Days in one stage: ``stays`` (finished, in days, sorted), their ``median`` (days, None without
    stays) and the candidates still there with their days so far (``ongoing``, sorted)."""

    stage: Stage
    stays: tuple[int, ...]
    median: Fraction | None
    ongoing: tuple[int, ...]


@dataclass(frozen=True)
class ReasonCount:
    """Decisions giving one reason (``reason`` None: no reason recorded), per status and in total."""

    reason: str | None
    label: str
    by_status: Mapping[CandidateStatus, int]
    total: int


@dataclass(frozen=True)
class SourceRow:
    """Candidates of one source: how many reached each stage (role order) and how many were hired."""

    source: str
    reached: tuple[int, ...]
    hired: int


@dataclass(frozen=True)
class PipelineReport:
    """Everything the role page's pipeline report shows (see the module docstring)."""

    role: Role
    candidates: int
    with_history: int
    decided: int
    conversion: tuple[Conversion, ...]
    times: tuple[StageTime, ...]
    reasons: tuple[ReasonCount, ...]
    sources: tuple[SourceRow, ...]
    #: The day ongoing stays are counted to.
    today: dt.date


def median(values: Iterable[int]) -> Fraction | None:
    """The median of whole numbers as an exact fraction (None for no values)."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def furthest(role: Role, candidate: Candidate) -> int | None:
    """Index in ``role.stages`` of the furthest stage the candidate reached (None: no known stage)."""
    order = {s.id: index for index, s in enumerate(role.stages)}
    stages = (
        candidate.stage,
        *(i.stage for i in candidate.interviews),
        *(e.stage for e in candidate.history if e.stage),
    )
    seen = [order[s] for s in stages if s in order]
    return max(seen) if seen else None


def stays(candidate: Candidate, today: dt.date) -> tuple[list[tuple[str, int]], tuple[str, int] | None]:
    """A candidate's finished stays ``[(stage id, days)]`` from their history, and the ongoing one
    ``(stage id, days so far)`` when they are still active in a stage (None otherwise)."""
    finished: list[tuple[str, int]] = []
    current: str | None = None
    entered: dt.date | None = None
    last_stage: str | None = None
    for entry in candidate.history:
        moves_on = entry.stage is not None and entry.stage != current
        closes = entry.status is not None and entry.status != CandidateStatus.ACTIVE
        if current is not None and entered is not None and (moves_on or closes):
            finished.append((current, (entry.date - entered).days))
            current = None
        if entry.stage is not None:
            last_stage = entry.stage
        if closes:
            current = None
        elif moves_on or (entry.status == CandidateStatus.ACTIVE and current is None and last_stage is not None):
            current, entered = (entry.stage or last_stage), entry.date
    ongoing = None
    if current is not None and entered is not None and candidate.status == CandidateStatus.ACTIVE:
        ongoing = (current, max((today - entered).days, 0))
    return finished, ongoing


def pipeline_report(
    role: Role, candidates: Iterable[Candidate], reasons: Mapping[str, str], today: dt.date
) -> PipelineReport:
    """The pipeline report of ``role`` over its ``candidates`` (see the module docstring).

    ``reasons`` are ``decision_reasons:`` of hiring.yml (id -> label, in their order); ``today`` dates the
    stays still going on. Raises nothing.
    """
    members = [c for c in candidates if c.role_id == role.id]
    reach = {c.id: furthest(role, c) for c in members}
    decided = [c for c in members if c.status in DECIDED]
    return PipelineReport(
        role=role,
        candidates=len(members),
        with_history=sum(1 for c in members if c.history),
        decided=len(decided),
        conversion=_conversions(role, members, reach),
        times=_stage_times(role, members, today),
        reasons=_reason_counts(decided, reasons),
        sources=_source_rows(role, members, reach),
        today=today,
    )


def _reached(reach: Mapping[str, int | None], candidate: Candidate, index: int) -> bool:
    """True when ``candidate`` got at least as far as the stage at ``index`` (``reach``: :func:`furthest`)."""
    furthest_index = reach[candidate.id]
    return furthest_index is not None and furthest_index >= index


def _conversions(role: Role, members: list[Candidate], reach: Mapping[str, int | None]) -> tuple[Conversion, ...]:
    """How many reached each stage, then how many were hired, each as a share of all and of the row before."""
    total = len(members)
    conversion: list[Conversion] = []
    previous: int | None = None
    for index, stage in enumerate(role.stages):
        reached = sum(1 for c in members if _reached(reach, c, index))
        conversion.append(_conversion(stage, stage.name, reached, total, previous))
        previous = reached
    hired = sum(1 for c in members if c.status == CandidateStatus.HIRED)
    conversion.append(_conversion(None, CandidateStatus.HIRED.label, hired, total, previous))
    return tuple(conversion)


def _stage_times(role: Role, members: list[Candidate], today: dt.date) -> tuple[StageTime, ...]:
    """Days spent in each stage: the finished stays (sorted, with their median) and those still going on."""
    finished: dict[str, list[int]] = {s.id: [] for s in role.stages}
    ongoing: dict[str, list[int]] = {s.id: [] for s in role.stages}
    for candidate in members:
        done, still = stays(candidate, today)
        for stage_id, days in done:
            finished.setdefault(stage_id, []).append(days)
        if still is not None:
            ongoing.setdefault(still[0], []).append(still[1])
    return tuple(
        StageTime(s, tuple(sorted(finished[s.id])), median(finished[s.id]), tuple(sorted(ongoing[s.id])))
        for s in role.stages
    )


def _reason_counts(decided: list[Candidate], reasons: Mapping[str, str]) -> tuple[ReasonCount, ...]:
    """Decisions per reason of hiring.yml and status (reasons nobody gave left out), then those without one."""
    counts: list[ReasonCount] = []
    for reason, label in reasons.items():
        by_status = {
            status: sum(1 for c in decided if c.status == status and reason in c.decision_reasons) for status in DECIDED
        }
        if sum(by_status.values()):
            counts.append(ReasonCount(reason, label, by_status, sum(by_status.values())))
    missing = {status: sum(1 for c in decided if c.status == status and not c.decision_reasons) for status in DECIDED}
    if sum(missing.values()):
        counts.append(ReasonCount(None, "No reason recorded", missing, sum(missing.values())))
    return tuple(counts)


def _source_rows(role: Role, members: list[Candidate], reach: Mapping[str, int | None]) -> tuple[SourceRow, ...]:
    """Per source (``source:``; "not recorded" last): how many reached each stage and how many were hired,
    the biggest sources first."""
    by_source: dict[str, list[Candidate]] = {}
    for candidate in members:
        by_source.setdefault(candidate.source_channel.strip() or NOT_RECORDED, []).append(candidate)
    sources = [
        SourceRow(
            source,
            tuple(sum(1 for c in group if _reached(reach, c, index)) for index in range(len(role.stages))),
            sum(1 for c in group if c.status == CandidateStatus.HIRED),
        )
        for source, group in by_source.items()
    ]
    sources.sort(
        key=lambda row: (row.source == NOT_RECORDED, -(row.reached[0] if row.reached else 0), row.source.casefold())
    )
    return tuple(sources)


def _conversion(stage: Stage | None, label: str, reached: int, total: int, previous: int | None) -> Conversion:
    return Conversion(
        stage=stage,
        label=label,
        reached=reached,
        of_all=Fraction(reached, total) if total else None,
        of_previous=Fraction(reached, previous) if previous else None,
    )


@dataclass(frozen=True)
class TimelineRow:
    """One history entry as the candidate page shows it: the date, what changed (``kind`` ``stage`` or
    the status), its label, and the days spent in the stage it left (None when unknown)."""

    date: dt.date
    kind: str
    label: str
    left: str | None
    days_before: int | None


def timeline(
    role: Role, candidate: Candidate, today: dt.date
) -> tuple[tuple[TimelineRow, ...], tuple[str, int] | None]:
    """A candidate's history for reading, oldest first, and the stage they are in now with its days so far
    (None when decided or without history). Labels are stage names and status words (Hired, Rejected,
    Withdrew, Reopened)."""
    # What happened, in the words of a timeline: the status labels, but "Withdrew" (the candidate acted).
    words = {**{s: s.label for s in DECIDED_STATUSES}, CandidateStatus.WITHDRAWN: "Withdrew"}
    rows: list[TimelineRow] = []
    current: str | None = None
    entered: dt.date | None = None
    last_stage: str | None = None
    for entry in candidate.history:
        moves_on = entry.stage is not None and entry.stage != current
        last_stage = entry.stage or last_stage
        left = role.stage_name(current) if current is not None and (moves_on or entry.status) else None
        days = (entry.date - entered).days if left is not None and entered is not None else None
        if entry.status is not None and entry.status != CandidateStatus.ACTIVE:
            label = words.get(entry.status, entry.status)
            if moves_on:
                label = f"{role.stage_name(entry.stage or '')}, {label.lower()}"
            rows.append(TimelineRow(entry.date, entry.status, label, left, days))
            current, entered = None, None
            continue
        if entry.status == CandidateStatus.ACTIVE:
            stage = entry.stage or current or last_stage
            label = "Reopened" + (f" at {role.stage_name(stage)}" if stage else "")
            rows.append(
                TimelineRow(
                    entry.date, CandidateStatus.ACTIVE, label, left if moves_on else None, days if moves_on else None
                )
            )
            current, entered = stage, entry.date
            continue
        if moves_on and entry.stage is not None:
            rows.append(TimelineRow(entry.date, "stage", role.stage_name(entry.stage), left, days))
            current, entered = entry.stage, entry.date
    now = None
    if candidate.status == CandidateStatus.ACTIVE and current is not None and entered is not None:
        now = (role.stage_name(current), max((today - entered).days, 0))
    return tuple(rows), now
