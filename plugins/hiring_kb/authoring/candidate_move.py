"""``invoke move``: a candidate to another stage or status, by a minimal edit of ``candidate.yml``.

:func:`move_candidate` checks the move (the role has the stage, a rejection or withdrawal has a
reason from ``decision_reasons`` in hiring.yml, the rationale is short and has no invisible
controls), then changes only the lines of ``stage``, ``status``, ``decided_on`` and
``decision:`` and appends to ``history:``, with the comment-keeping edits of
:mod:`hiring_kb.authoring.yaml_edits` and one atomic write (:mod:`hiring_kb.authoring.atomic_files`). A status
other than ``active`` sets ``decided_on``, which starts the retention clock (docs/publishing.md,
"Retention and purge"). Refusals are :class:`hiring_kb.authoring.edit.EditError`; finding the candidate's
file is :func:`hiring_kb.authoring.edit.candidate_file`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hiring_kb.authoring.atomic_files import atomic_write_bytes, decode_text, encode_text
from hiring_kb.authoring.edit import EditError, candidate_file, fail, read_yaml_or_refuse
from hiring_kb.authoring.yaml_edits import append_to_list, plain_data, set_block, set_top_level
from hiring_kb.base.clock import today as clock_today
from hiring_kb.base.diagnostics import Position, did_you_mean, error
from hiring_kb.base.names import bidi_controls
from hiring_kb.model.models import Role
from hiring_kb.model.vocabulary import CandidateStatus
from hiring_kb.sources.decisions import MAX_RATIONALE
from hiring_kb.sources.role_loader import load_role
from hiring_kb.sources.schemas import CANDIDATE_SCHEMA, CANDIDATE_STATUSES, check_schema
from hiring_kb.sources.settings import Settings
from hiring_kb.sources.yamlio import YamlDoc, new_yaml


@dataclass(frozen=True)
class Change:
    """One changed value of a candidate file: key, old and new value (None = empty)."""

    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class MoveResult:
    """Outcome of :func:`move_candidate`: the file (relative label) and what changed (empty: nothing to do)."""

    path: str
    changes: tuple[Change, ...]


def move_candidate(
    settings: Settings,
    candidate_id: str,
    stage: str | None = None,
    status: str | None = None,
    today: dt.date | None = None,
    reasons: tuple[str, ...] | list[str] = (),
    rationale: str | None = None,
) -> MoveResult:
    """Move a candidate to another stage and/or status by editing ``candidate.yml`` in place.

    Args:
        settings: the project's settings (folders).
        candidate_id: the candidate folder name, e.g. ``c-7d3e91``.
        stage: a stage id of the candidate's role, or None to keep it.
        status: ``active``, ``hired``, ``rejected`` or ``withdrawn``, or None.
        today: the decision date (default: :func:`hiring_kb.base.clock.today`, the date validation uses).
        reasons: ids of ``decision_reasons:`` in hiring.yml; at least one is required to reject a
            candidate or record a withdrawal, optional for hired; only with a status.
        rationale: an optional sentence (at most 300 characters) shown with the decision.

    A status other than ``active`` sets ``decided_on`` to ``today`` (it starts
    the retention clock) and ``decision:`` (reasons, rationale);
    going back to ``active`` empties ``decided_on`` and removes ``decision:``.
    Every stage or status change is appended to ``history:`` with ``today``
    (a candidate without history first gets the stage they are leaving, dated
    ``applied``, when that is the role's first stage). Only the changed
    values' lines change; the write is atomic.

    Returns:
        The changes made (none when the candidate is already there).

    Raises:
        EditError: unknown candidate, neither stage nor status given, a file
            that does not validate, an unknown status, stage or reason, a missing
            reason, a rationale that is too long or holds invisible controls, or a
            file layout that cannot be edited without touching other lines.
    """
    today = today or clock_today()
    path = candidate_file(settings, candidate_id)
    label = settings.label(path)
    _check_move_options(label, stage, status)
    reasons = tuple(dict.fromkeys(r.strip() for r in reasons if r.strip()))
    rationale = " ".join(rationale.split()) if rationale else ""
    _check_decision(settings, label, status, reasons, rationale)
    raw = path.read_bytes()
    doc, role = _candidate_and_role(settings, path, label)
    data = doc.data
    _check_move_target(settings, candidate_id, label, doc, role, stage, status, reasons)
    text, bom, crlf = decode_text(raw)
    try:
        text, changes = _moved_text(text, data, role, stage, status, reasons, rationale, today)
    except ValueError as exc:
        raise fail(Position(label), "cannot-edit", str(exc)) from None
    if changes:
        atomic_write_bytes(path, encode_text(text, bom, crlf))
    return MoveResult(label, tuple(changes))


def _check_move_options(label: str, stage: str | None, status: str | None) -> None:
    """Refuse a move without a stage and a status, or to a status that does not exist."""
    if stage is None and status is None:
        raise fail(
            Position(label), "nothing-to-do", "give --stage, --status or both", "e.g. invoke move ID --stage technical"
        )
    if status is not None and status not in CANDIDATE_STATUSES:
        raise fail(
            Position(label),
            "invalid-value",
            f"status '{status}' is not one of: {', '.join(CANDIDATE_STATUSES)}",
            did_you_mean(status, CANDIDATE_STATUSES),
        )


def _candidate_and_role(settings: Settings, path: Path, label: str) -> tuple[YamlDoc, Role]:
    """The candidate file (refused unless it validates) and its role (refused when it cannot be loaded)."""
    doc = read_yaml_or_refuse(path, label)
    problems = check_schema(doc, CANDIDATE_SCHEMA)
    if problems:
        raise EditError(problems)
    data = doc.data
    role, role_problems = load_role(settings.roles_dir / f"{data['role']}.yml", settings)
    if role is None:
        raise EditError(
            role_problems or [error(doc.value(data, "role"), "unknown-role", f"role '{data['role']}' does not exist")]
        )
    return doc, role


def _check_move_target(
    settings: Settings,
    candidate_id: str,
    label: str,
    doc: YamlDoc,
    role: Role,
    stage: str | None,
    status: str | None,
    reasons: tuple[str, ...],
) -> None:
    """Refuse a stage the role does not have, and a rejection or withdrawal without a reason."""
    data = doc.data
    if stage is not None and role.stage(stage) is None:
        raise fail(
            doc.value(data, "stage"),
            "unknown-stage",
            f"'{stage}' is not a stage of role '{role.id}'",
            did_you_mean(stage, [s.id for s in role.stages]),
        )
    if (
        status is not None
        and status not in (CandidateStatus.ACTIVE, CandidateStatus.HIRED)
        and not reasons
        and status != data.get("status")
    ):
        raise fail(
            Position(label),
            "missing-reason",
            f"give the reason for '{status}' with --reason",
            f"one or more of: {', '.join(settings.decision_reasons)} (decision_reasons in hiring.yml), "
            f"e.g. invoke move {candidate_id} --status {status} --reason {next(iter(settings.decision_reasons), 'ID')}",
        )


def _moved_text(
    text: str,
    data: dict[str, Any],
    role: Role,
    stage: str | None,
    status: str | None,
    reasons: tuple[str, ...],
    rationale: str,
    today: dt.date,
) -> tuple[str, list[Change]]:
    """``text`` of candidate.yml with the move applied (stage, status, ``decided_on``, ``decision:``,
    ``history:``) and the changes made. Raises ValueError when the layout cannot be edited in place."""
    wanted: list[tuple[str, Any]] = []
    if stage is not None and stage != data.get("stage"):
        wanted.append(("stage", stage))
    if status is not None and status != data.get("status"):
        wanted.append(("status", status))
        decided = None if status == CandidateStatus.ACTIVE else today
        wanted.append(("decided_on", decided))
    changes = []
    entry: dict[str, Any] = {}
    for key, value in wanted:
        old = data.get(key)
        shown = value.isoformat() if isinstance(value, dt.date) else value
        if key in ("stage", "status"):
            entry[key] = value
        if old == shown:
            continue
        text = set_top_level(text, key, value, after="status")
        changes.append(Change(key, old, shown))
    decision = _decision_value(data, status, reasons, rationale)
    if decision is not _UNCHANGED:
        text = set_block(
            text, "decision", decision, after="decided_on" if "decided_on" in new_yaml().load(text) else "status"
        )
        changes.append(Change("decision", _shown_decision(data.get("decision")), _shown_decision(decision)))
    if entry:
        text = _with_history(text, data, role, entry, today, changes)
    return text, changes


def _with_history(
    text: str, data: dict[str, Any], role: Role, entry: dict[str, Any], today: dt.date, changes: list[Change]
) -> str:
    """``text`` with the move appended to ``history:`` (dated ``today``), the changes added to ``changes``."""
    history = data.get("history") if isinstance(data.get("history"), list) else []
    first = role.stages[0].id if role.stages else None
    applied = data.get("applied")
    if not history and "stage" in entry and data.get("stage") == first and isinstance(applied, str):
        # the stage being left, from the application on: time in the first stage counts too
        text = append_to_list(
            text, "history", {"date": dt.date.fromisoformat(applied), "stage": first}, before="private"
        )
        changes.append(Change("history", None, f"{applied} stage {first}"))
    text = append_to_list(text, "history", {"date": today, **entry}, before="private")
    changes.append(Change("history", None, " ".join([today.isoformat(), *(f"{k} {v}" for k, v in entry.items())])))
    return text


_UNCHANGED: Any = object()


def _decision_value(data: Any, status: str | None, reasons: tuple[str, ...], rationale: str) -> Any:
    """The new ``decision:`` mapping, None to remove it, or :data:`_UNCHANGED`."""
    if status == CandidateStatus.ACTIVE:
        return None if data.get("decision") is not None or "decision" in data else _UNCHANGED
    if status is None or not (reasons or rationale):
        return _UNCHANGED
    value: dict[str, Any] = {}
    if reasons:
        value["reasons"] = list(reasons)
    if rationale:
        value["rationale"] = rationale
    old = data.get("decision")
    if isinstance(old, dict) and plain_data(old) == value:
        return _UNCHANGED
    return value


def _shown_decision(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    reasons = value.get("reasons") or []
    text = ", ".join(str(r) for r in reasons)
    if value.get("rationale"):
        text += f" ({value['rationale']})" if text else str(value["rationale"])
    return text or None


def _check_decision(
    settings: Settings, label: str, status: str | None, reasons: tuple[str, ...], rationale: str
) -> None:
    """Refuse reasons without a status or not configured, and a rationale that is long or holds controls."""
    if (reasons or rationale) and (status is None or status == CandidateStatus.ACTIVE):
        raise fail(
            Position(label),
            "nothing-to-do",
            "--reason and --rationale go with a decision: --status hired, rejected or withdrawn",
            "e.g. invoke move ID --status rejected --reason must-have-gap",
        )
    known = settings.decision_reasons
    for reason in reasons:
        if reason not in known:
            suggestion = did_you_mean(reason, list(known))
            raise fail(
                Position(settings.label(settings.root / "hiring.yml")),
                "unknown-decision-reason",
                f"reason '{reason}' is not one of decision_reasons in hiring.yml: {', '.join(known)}",
                suggestion
                if suggestion.startswith("did you")
                else "use one of the ids listed, or add it to hiring.yml",
            )
    if len(rationale) > MAX_RATIONALE:
        raise fail(
            Position(label),
            "invalid-value",
            f"the rationale has {len(rationale)} characters, more than {MAX_RATIONALE}",
            "keep it to a sentence or two; the evidence belongs in the scorecards",
        )
    if bidi_controls(rationale):
        raise fail(
            Position(label),
            "bidi-control",
            "the rationale contains an invisible bidirectional control character",
            "retype the text",
        )
