"""The domain model: roles, competencies, stages, candidates, interviews, evidence.

Plain frozen dataclasses built by :mod:`hiring_kb.sources.loader` from validated files.
Only fields on the rendering allow-list exist here: a candidate's ``private:``
block is validated but never loaded into the model, so it cannot be rendered.
Statuses and recommendations are words of :mod:`hiring_kb.model.vocabulary`: a plain string the loader
reads becomes its member (equal to the string, with a ``label``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hiring_kb.model.vocabulary import CandidateStatus, Recommendation, RoleStatus, Word, word

#: Rating levels and their labels (docs/process.md: 3 is the "meets" bar).
LEVEL_LABELS: Mapping[int, str] = {1: "Far below", 2: "Below", 3: "Meets", 4: "Exceeds"}

_W = TypeVar("_W", bound=Word)


def _as_word(record: Any, name: str, kind: type[_W]) -> None:
    """Replace the string field ``name`` of the frozen ``record`` by its member of ``kind``; an unknown
    value (never in validated data) stays as it is."""
    value = getattr(record, name)
    member = None if value is None else word(kind, value)
    if member is not None:
        object.__setattr__(record, name, member)


@dataclass(frozen=True)
class Competency:
    """One competency of a role.

    ``weight`` is a positive integer; ``rubric`` maps levels 1..4 to what that
    level looks like (missing levels are absent).
    """

    id: str
    name: str
    weight: int
    must_have: bool = False
    description: str = ""
    rubric: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage:
    """One stage of a role's interview loop, with the competencies it focuses on.

    ``questions`` maps a competency id to the questions to ask for it.
    """

    id: str
    name: str
    focus: tuple[str, ...] = ()
    questions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Role:
    """A role (``roles/<id>.yml``): competencies with weights and rubric, and interview stages."""

    id: str
    title: str
    status: RoleStatus
    summary: str
    description: str
    competencies: tuple[Competency, ...]
    stages: tuple[Stage, ...]
    source: str

    def __post_init__(self) -> None:
        _as_word(self, "status", RoleStatus)

    def competency(self, competency_id: str) -> Competency | None:
        """Return the competency with that id, or None."""
        return next((c for c in self.competencies if c.id == competency_id), None)

    def stage(self, stage_id: str) -> Stage | None:
        """Return the stage with that id, or None."""
        return next((s for s in self.stages if s.id == stage_id), None)

    def stage_name(self, stage_id: str) -> str:
        """Return the display name of a stage id (the id itself when unknown)."""
        stage = self.stage(stage_id)
        return stage.name if stage else stage_id

    @property
    def total_weight(self) -> int:
        return sum(c.weight for c in self.competencies)


@dataclass(frozen=True)
class EvidenceSection:
    """A ``## <competency>`` section of an interview note.

    ``line`` is the 1-based line of the heading in the note file;
    ``markdown`` is the section's body without the heading.
    """

    competency_id: str
    heading: str
    line: int
    markdown: str


@dataclass(frozen=True)
class Interview:
    """One interview's scorecard: front matter plus the notes body.

    ``ratings`` maps competency id to a level 1..4 (unrated keys are dropped);
    ``recommendation`` is a :class:`Recommendation` (strong-no, no, yes, strong-yes), or None for no
    decision; ``body_line`` is the 1-based file line where the notes start.
    ``empty`` is True for a scorecard with no rating, no recommendation and no notes beyond headings
    and guidance comments (an untouched scaffold): it does not count as submitted (hiring_kb.analysis.loop).
    """

    id: str
    source: str
    interviewer: str
    date: dt.date
    stage: str
    ratings: Mapping[str, int]
    recommendation: Recommendation | None
    body: str
    body_line: int
    evidence: tuple[EvidenceSection, ...] = ()
    empty: bool = False

    def __post_init__(self) -> None:
        _as_word(self, "recommendation", Recommendation)

    @property
    def submitted(self) -> bool:
        """True for a real scorecard (see ``empty``)."""
        return not self.empty


@dataclass(frozen=True)
class PlannedInterview:
    """One interview of a candidate's loop (``planned:`` in candidate.yml): stage id, interviewer handle, date."""

    stage: str
    interviewer: str
    date: dt.date


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a candidate's pipeline (``history:`` in candidate.yml, written by ``invoke move``):
    the day it happened and the stage id and/or status it moved to (None: unchanged)."""

    date: dt.date
    stage: str | None = None
    status: CandidateStatus | None = None

    def __post_init__(self) -> None:
        _as_word(self, "status", CandidateStatus)


@dataclass(frozen=True)
class Candidate:
    """A candidate (``candidates/<id>/``) with their interviews, oldest first.

    ``id`` is the folder name (opaque by default, used in URLs instead of the name).
    ``planned`` is the interview loop in file order (see :mod:`hiring_kb.analysis.loop`).
    ``history`` lists every stage and status change, oldest first; ``decision_reasons`` (reason ids of
    ``decision_reasons:`` in hiring.yml) and ``decision_rationale`` say why a decision was made
    (see :mod:`hiring_kb.sources.decisions`).
    """

    id: str
    name: str
    role_id: str
    stage: str
    status: CandidateStatus
    applied: dt.date | None
    decided_on: dt.date | None
    source_channel: str
    tags: tuple[str, ...]
    interviews: tuple[Interview, ...]
    source: str
    planned: tuple[PlannedInterview, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    decision_reasons: tuple[str, ...] = ()
    decision_rationale: str = ""

    def __post_init__(self) -> None:
        _as_word(self, "status", CandidateStatus)

    @property
    def last_activity(self) -> dt.date | None:
        """The most recent interview date, else the application date."""
        dates = [i.date for i in self.interviews]
        return max(dates) if dates else self.applied


@dataclass(frozen=True)
class Project:
    """Everything loaded from a project: roles by id and candidates by id, sorted by id."""

    roles: Mapping[str, Role]
    candidates: Mapping[str, Candidate]
