"""Retention: how long a candidate's data may be kept once a decision was made.

In the docs: docs/publishing.md, "Retention and purge".

Policy (``retention:`` in ``hiring.yml``): a number of days per status, counted from the
candidate's ``decided_on`` date; a status without a number (``active`` always) is not limited.
Storage limitation is GDPR Art. 5(1)(e): data of candidates who were not hired is kept only
as long as needed (to answer a complaint, to reconsider them); 180 days is the default
here for ``rejected`` and ``withdrawn``, to be set with whoever answers for data protection.

From ``due - warn_days`` up to the due date the validator warns (``retention-due``); after the
due date it reports ``retention-expired``: a warning in ``invoke validate``, the site build and
pull-request checks (an interviewer cannot purge, so their checks stay green), an error in
``invoke deploy`` and ``invoke validate --for-deploy``, so nothing is published until the admin
purges the candidate (``invoke purge ID``) or changes the policy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hiring_kb.base.diagnostics import Diagnostic, Position, error, register_rules, warning
from hiring_kb.model.models import Candidate, Project
from hiring_kb.model.vocabulary import DECIDED_STATUSES as _DECIDED
from hiring_kb.model.vocabulary import CandidateStatus

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "retention-due": "warning: a candidate whose retention period (retention: in hiring.yml) ends within warn_days",
        "retention-expired": "warning (error in invoke deploy and validate --for-deploy): a candidate "
        "past the retention period, to be purged",
    },
)

#: Statuses that end the process (the statuses the candidate schema allows, less active), as written.
DECIDED_STATUSES: tuple[str, ...] = tuple(s.value for s in _DECIDED)
DEFAULT_DAYS: Mapping[str, int] = {CandidateStatus.REJECTED.value: 180, CandidateStatus.WITHDRAWN.value: 180}
DEFAULT_WARN_DAYS = 30

RETENTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "warn_days": {
            "type": "integer",
            "minimum": 0,
            "x-hint": "days before the due date when validate starts warning",
        },
        "days": {
            "type": "object",
            "propertyNames": {"enum": list(DECIDED_STATUSES)},
            "additionalProperties": {
                "type": ["integer", "null"],
                "minimum": 1,
                "x-hint": "days after decided_on; leave empty to keep that status without limit",
            },
            "x-hint": "keys are statuses: hired, rejected, withdrawn",
        },
    },
}


@dataclass(frozen=True)
class RetentionPolicy:
    """Days to keep a candidate per status after ``decided_on`` (absent: no limit), and how many
    days before the due date to start warning."""

    days: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DAYS))
    warn_days: int = DEFAULT_WARN_DAYS

    @classmethod
    def from_settings(cls, values: Mapping[str, Any] | None) -> RetentionPolicy:
        """Build the policy from the (schema-checked) ``retention:`` mapping; None: the defaults.

        Listed statuses replace the defaults one by one; ``rejected: null`` lifts the limit.
        """
        values = dict(values or {})
        days = dict(DEFAULT_DAYS)
        for status, value in dict(values.get("days") or {}).items():
            if value is None:
                days.pop(str(status), None)
            else:
                days[str(status)] = int(value)
        return cls(days=days, warn_days=int(values.get("warn_days", DEFAULT_WARN_DAYS)))


def due_date(candidate: Candidate, policy: RetentionPolicy) -> dt.date | None:
    """The date the candidate's data must be gone by: ``decided_on + days[status]``.

    None when the status has no limit or ``decided_on`` is missing (the validator requires
    ``decided_on`` once a candidate is no longer active).
    """
    days = policy.days.get(candidate.status)
    if days is None or candidate.decided_on is None:
        return None
    return candidate.decided_on + dt.timedelta(days=days)


@dataclass(frozen=True)
class RetentionState:
    """Where a candidate stands: ``due`` date, ``days_left`` (negative: overdue; expired after the due date)."""

    candidate: Candidate
    due: dt.date
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    def describe(self, policy: RetentionPolicy) -> str:
        """One sentence, e.g. "rejected on 2026-11-26: keep until 2027-05-25 (180 days), 12 days left"."""
        rule = f"{self.candidate.status} on {self.candidate.decided_on}: keep until {self.due} "
        rule += f"({policy.days[self.candidate.status]} days)"
        if self.expired:
            return f"{rule}, overdue by {-self.days_left} day{'s' * (self.days_left != -1)}"
        if self.days_left == 0:
            return f"{rule}, due today"
        return f"{rule}, {self.days_left} day{'s' * (self.days_left != 1)} left"


def retention_state(candidate: Candidate, policy: RetentionPolicy, today: dt.date) -> RetentionState | None:
    """The candidate's state on ``today`` when the policy limits them, else None."""
    due = due_date(candidate, policy)
    if due is None:
        return None
    return RetentionState(candidate, due, (due - today).days)


def check_retention(
    project: Project,
    policy: RetentionPolicy,
    today: dt.date,
    read_text: Callable[[str], str | None],
    for_deploy: bool = False,
) -> list[Diagnostic]:
    """Diagnostics for candidates due for deletion on ``today``.

    Args:
        project: the loaded project.
        policy: days per status and the warning window.
        today: the date to judge by (tests pass a fixed one).
        read_text: returns the text of a project-relative path (None when unreadable); used
            only to point the diagnostic at the ``decided_on:`` line.
        for_deploy: True when publishing: past retention is then an error, else a warning.

    Returns:
        ``retention-expired`` (after the due date; an error only ``for_deploy``) and ``retention-due`` warnings
        (from ``warn_days`` before it up to the due date), positioned at ``decided_on``.
    """
    found: list[Diagnostic] = []
    for candidate in project.candidates.values():
        state = retention_state(candidate, policy, today)
        if state is None or state.days_left > policy.warn_days:
            continue
        where = _decided_on_position(candidate.source, read_text(candidate.source))
        if state.expired:
            found.append(
                (error if for_deploy else warning)(
                    where,
                    "retention-expired",
                    f"candidate '{candidate.id}' is past retention: {state.describe(policy)}",
                    f"run 'invoke purge {candidate.id}' (or change retention: in hiring.yml); "
                    + ("nothing is published until then" if for_deploy else "deploy refuses until then"),
                )
            )
        else:
            found.append(
                warning(
                    where,
                    "retention-due",
                    f"candidate '{candidate.id}' is due for deletion soon: {state.describe(policy)}",
                    f"plan 'invoke purge {candidate.id}' by {state.due}",
                )
            )
    return found


_DECIDED_ON = re.compile(r"^decided_on\s*:\s*", re.MULTILINE)


def _decided_on_position(label: str, text: str | None) -> Position:
    source = text or ""
    match = _DECIDED_ON.search(source)
    if match is None:
        return Position(label)
    line = source.count("\n", 0, match.start()) + 1
    return Position(label, line, match.end() - match.start() + 1)


def dashboard_check(policy: RetentionPolicy) -> Callable[[Candidate, dt.date], str | None]:
    """A :data:`hiring_kb.analysis.dashboard.RetentionCheck`: why a candidate needs retention handling on a
    date (within the warning window or overdue), or None."""

    def check(candidate: Candidate, today: dt.date) -> str | None:
        state = retention_state(candidate, policy, today)
        if state is None or state.days_left > policy.warn_days:
            return None
        return state.describe(policy)

    return check
