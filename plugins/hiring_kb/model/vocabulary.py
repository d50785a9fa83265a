"""The domain's words, each once: the value written in files, URLs and data attributes, and its label.

Every word is a member of a :class:`Word` enum. A member *is* its string (``CandidateStatus.ACTIVE ==
"active"``, same hash, ``str()`` and f-strings give ``"active"``), so YAML and JSON keep the same values,
models may hold the plain strings the loader reads, and a mapping keyed by one works with the other.
``Word.label`` is what a page or a message shows; :func:`labels` gives the ``value -> label`` mapping
the templates use.

This module imports nothing of the project: every layer may use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

_W = TypeVar("_W", bound="Word")


class Word(str, Enum):
    """A domain word: ``value`` is the string in the files, ``label`` the words a person reads.

    Members are declared as ``NAME = ("value", "Label")``. Python 3.10 has no ``StrEnum``: ``__str__``
    and ``__format__`` are those of ``str``, so the member reads as its value everywhere (f-strings,
    Jinja, ``json``).
    """

    label: str

    def __new__(cls, value: str, label: str) -> Word:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, format_spec: str) -> str:
        return str.__format__(self, format_spec)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """Every value as a plain string, in declaration order (for schemas and messages)."""
        return tuple(member.value for member in cls)


def labels(*words: type[Word]) -> Mapping[str, str]:
    """``value -> label`` of every member of ``words``, in order (a plain dict: templates look values up)."""
    return {member.value: member.label for word in words for member in word}


def word(kind: type[_W], value: str) -> _W | None:
    """The member of ``kind`` whose value is ``value``, or None (an unknown value, e.g. before validation)."""
    return next((member for member in kind if member.value == value), None)


class CandidateStatus(Word):
    """Where a candidate's application stands (``status:`` in candidate.yml)."""

    ACTIVE = ("active", "Active")
    HIRED = ("hired", "Hired")
    REJECTED = ("rejected", "Rejected")
    WITHDRAWN = ("withdrawn", "Withdrawn")

    @property
    def decided(self) -> bool:
        """True for hired, rejected and withdrawn: a decision was made (``decided_on`` is set)."""
        return self is not CandidateStatus.ACTIVE


#: The statuses of a decision, in file order (``decided_on`` required, retention runs).
DECIDED_STATUSES: tuple[CandidateStatus, ...] = tuple(s for s in CandidateStatus if s.decided)
#: The statuses that close an application without a hire (the "left" count of the pipeline).
LEFT_STATUSES: tuple[CandidateStatus, ...] = (CandidateStatus.REJECTED, CandidateStatus.WITHDRAWN)


class RoleStatus(Word):
    """Whether a role is hiring (``status:`` in roles/<id>.yml); only open roles are on the pipeline."""

    OPEN = ("open", "Open")
    PAUSED = ("paused", "Paused")
    CLOSED = ("closed", "Closed")


class Recommendation(Word):
    """An interviewer's recommendation on a scorecard (``recommendation:``), weakest first.

    ``icon`` is shown before the label, never alone.
    """

    STRONG_NO = ("strong-no", "Strong no")
    NO = ("no", "No")
    YES = ("yes", "Yes")
    STRONG_YES = ("strong-yes", "Strong yes")

    @property
    def icon(self) -> str:
        return _RECOMMENDATION_ICONS[self.value]


_RECOMMENDATION_ICONS: Mapping[str, str] = {"strong-no": "✗✗", "no": "✗", "yes": "✓", "strong-yes": "✓✓"}

#: Tally key of a scorecard without a recommendation (never written in a file), its label and icon.
NO_DECISION = "no-decision"
NO_DECISION_LABEL = "No decision"
NO_DECISION_ICON = "–"
#: ``value -> label`` of every recommendation and of :data:`NO_DECISION` (the site's labels).
RECOMMENDATION_LABELS: Mapping[str, str] = {**labels(Recommendation), NO_DECISION: NO_DECISION_LABEL}
#: ``value -> icon`` of every recommendation and of :data:`NO_DECISION`.
RECOMMENDATION_ICONS: Mapping[str, str] = {**_RECOMMENDATION_ICONS, NO_DECISION: NO_DECISION_ICON}


class Verdict(Word):
    """A candidate's role-fit verdict (rules in :mod:`hiring_kb.analysis.fit`), best first.

    ``HIDDEN`` is not a verdict of the rules: it stands in for one while the debrief gate is closed
    (:func:`hiring_kb.analysis.loop.hidden_fit`).
    """

    STRONG_FIT = ("strong-fit", "Strong fit")
    FIT = ("fit", "Fit")
    WEAK_FIT = ("weak-fit", "Weak fit")
    INCOMPLETE = ("incomplete", "Incomplete")
    NO_FIT = ("no-fit", "No fit")
    NOT_ASSESSED = ("not-assessed", "Not assessed")
    HIDDEN = ("hidden", "Hidden until debrief")


#: The verdicts the fit rules give (every one but ``hidden``), best first.
FIT_VERDICTS: tuple[Verdict, ...] = tuple(v for v in Verdict if v is not Verdict.HIDDEN)


class AttentionKind(Word):
    """Why the dashboard lists a candidate under "needs attention", in the order it lists them."""

    RETENTION = ("retention", "Retention due")
    STALE = ("stale", "Stale")
    INCOMPLETE = ("incomplete", "Incomplete")
    SPLIT = ("split", "Split panel")


class LoopState(Word):
    """Where one planned interview of a loop stands (:func:`hiring_kb.analysis.loop.interview_loop`)."""

    DONE = ("done", "Scorecard in")
    OWED = ("owed", "Scorecard owed")
    UPCOMING = ("upcoming", "Upcoming")


class PanelState(Word):
    """Where a candidate's panel stands (:func:`hiring_kb.analysis.loop.panel_status`), in the order a debrief
    cares about."""

    READY = ("ready", "Ready for debrief")
    WAITING = ("waiting", "Waiting for scorecards")
    NOT_PLANNED = ("not-planned", "No interview planned")
    DECIDED = ("decided", "Decided")


class CalibrationFlag(Word):
    """How an interviewer's ratings compare with the panel's (:mod:`hiring_kb.analysis.calibration`)."""

    LENIENT = ("lenient", "Rates higher")
    HARSH = ("harsh", "Rates lower")


class ReliabilityState(Word):
    """Whether an agreement figure can be read (:attr:`hiring_kb.analysis.reliability.Reliability.state`)."""

    OK = ("ok", "Enough data")
    INSUFFICIENT = ("insufficient", "Not enough data")
    NO_VARIATION = ("no-variation", "No spread to judge")


class ReliabilityReading(Word):
    """What an agreement figure (Krippendorff's alpha) says
    (:attr:`hiring_kb.analysis.reliability.Reliability.reading`)."""

    CONSISTENT = ("consistent", "Consistent")
    TENTATIVE = ("tentative", "Fairly consistent")
    INCONSISTENT = ("inconsistent", "Inconsistent")


class DeployTarget(Word):
    """Where ``invoke deploy`` publishes (``deploy.target`` in hiring.yml)."""

    DIR = ("dir", "A folder on this machine")
    GIT = ("git", "A branch of a git repository")
    RSYNC = ("rsync", "A folder on a server, over SSH (rsync)")
