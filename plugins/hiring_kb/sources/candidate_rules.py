"""Rules of a candidate's ``candidate.yml`` beyond its shape, and of candidates against each other.

- dates: ``decided_on`` not before ``applied`` (``decided-before-applied``), no decision date while
  active (``decided-but-active``, warning), neither in the future (``future-date``, of
  :func:`hiring_kb.sources.rules.not_in_future`);
- the folder name is an opaque id (``invalid-id``); planned interviewers are in the roster
  (``unknown-interviewer``); the stage is not behind the candidate's interviews (``stage-behind``);
- across candidates: two names the same after normalisation (``name-collision``, :class:`NameIndex`).

The names' letters and invisible characters are checked by :mod:`hiring_kb.sources.text_rules`;
decisions and history by :mod:`hiring_kb.sources.decisions`; the notes by :mod:`hiring_kb.sources.note_rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from hiring_kb.base.diagnostics import Diagnostic, Position, error, register_rules, warning
from hiring_kb.base.names import CANDIDATE_ID_HINT, collision_key, is_candidate_id
from hiring_kb.model.models import Interview, Role
from hiring_kb.model.vocabulary import CandidateStatus
from hiring_kb.sources.rules import in_roster, not_in_future
from hiring_kb.sources.settings import Settings
from hiring_kb.sources.text_rules import plain_value_position
from hiring_kb.sources.yamlio import YamlDoc

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "decided-before-applied": "decided_on earlier than applied",
        "decided-but-active": "warning: decided_on or a decision set while the status is still active",
        "stage-behind": "warning: a candidate whose stage is earlier than the stage of one of their interviews",
        "name-collision": (
            "warning: two candidates whose names are equal once case, accents and Unicode form are ignored"
        ),
    },
)


def candidate_dates(
    doc: YamlDoc, applied: dt.date | None, decided_on: dt.date | None, today: dt.date
) -> list[Diagnostic]:
    """Dates of ``candidate.yml``: not in the future, decided not before applied, no decision while active."""
    data = doc.data
    found = not_in_future(doc, data, "applied", applied, today) + not_in_future(
        doc, data, "decided_on", decided_on, today
    )
    if applied is not None and decided_on is not None and decided_on < applied:
        found.append(
            error(
                doc.value(data, "decided_on"),
                "decided-before-applied",
                f"decided_on {decided_on.isoformat()} is before applied {applied.isoformat()}",
                "one of the two dates has a typo",
            )
        )
    if decided_on is not None and data.get("status") == CandidateStatus.ACTIVE:
        found.append(
            warning(
                doc.value(data, "decided_on"),
                "decided-but-active",
                "status is 'active' but decided_on is set",
                "set status to hired, rejected or withdrawn, or remove decided_on",
            )
        )
    return found


def candidate_folder_id(folder: Path, settings: Settings) -> list[Diagnostic]:
    """``invalid-id`` unless the folder name is an opaque candidate id (see :data:`names.CANDIDATE_ID_PATTERN`)."""
    if is_candidate_id(folder.name):
        return []
    return [
        error(
            Position(settings.label(folder)),
            "invalid-id",
            f"candidate folder '{folder.name}' is not an opaque id",
            CANDIDATE_ID_HINT,
        )
    ]


def planned_in_roster(doc: YamlDoc, roster: frozenset[str]) -> list[Diagnostic]:
    """Roster check of the interviewers in ``planned:`` (the interview loop) of a candidate."""
    items = doc.data.get("planned")
    if not roster or not isinstance(items, list):
        return []
    return [d for item in items if isinstance(item, dict) for d in in_roster(doc, item, "interviewer", roster)]


def stage_behind(doc: YamlDoc, role: Role, interviews: Iterable[Interview]) -> list[Diagnostic]:
    """``stage-behind`` (warning) when a candidate's stage comes before the stage of one of their interviews."""
    stage = doc.data.get("stage")
    order = {s.id: index for index, s in enumerate(role.stages)}
    if stage not in order:
        return []
    later = [i for i in interviews if order.get(i.stage, -1) > order[stage]]
    if not later:
        return []
    latest = max(later, key=lambda i: order[i.stage])
    return [
        warning(
            doc.value(doc.data, "stage"),
            "stage-behind",
            f"stage is '{stage}' but there is a '{latest.stage}' interview ({Path(latest.source).name})",
            f"move the candidate on: 'stage: {latest.stage}'",
        )
    ]


@dataclass
class NameIndex:
    """Candidate names seen so far, by :func:`names.collision_key`; reports ``name-collision`` warnings."""

    # Where each name is: a Position when a plain top-level `name:` line gives it away, else the
    # document, asked only for colliding names (a lookup may parse the file again). Keeping a
    # Position rather than the document also keeps private: values out of the load cache.
    _names: dict[str, list[tuple[str, Position | YamlDoc]]] = field(default_factory=dict)

    def add(self, doc: YamlDoc) -> None:
        """Record the ``name`` of a parsed candidate.yml (ignored when not a non-empty string)."""
        name = doc.data.get("name")
        if isinstance(name, str) and name.strip():
            where: Position | YamlDoc = plain_value_position(doc, "name") or doc
            self._names.setdefault(collision_key(name), []).append((name.strip(), where))

    def merge(self, other: NameIndex) -> None:
        """Add the names another index recorded (one candidate's, loaded elsewhere)."""
        for key, members in other._names.items():
            self._names.setdefault(key, []).extend(members)

    def collisions(self) -> list[Diagnostic]:
        """One warning per candidate whose name collides with another's (same person twice, or a typo)."""
        found = []
        for members in self._names.values():
            if len(members) < 2:
                continue
            for name, where in members:
                others = [f"'{n}' ({Path(w.path).parent.name})" for n, w in members if w is not where]
                found.append(
                    warning(
                        where if isinstance(where, Position) else where.value(where.data, "name"),
                        "name-collision",
                        f"candidate name '{name}' is the same as {', '.join(others)} once case, accents and "
                        "Unicode form are ignored",
                        "if it is one person, keep one folder; if not, add a middle name or initial so the team can "
                        "tell them apart",
                    )
                )
        return found
