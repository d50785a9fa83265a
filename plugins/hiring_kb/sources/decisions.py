"""A candidate's decision (reasons and rationale) and pipeline history, as read from ``candidate.yml``.

``invoke move`` writes both (:func:`hiring_kb.authoring.candidate_move.move_candidate`); people may also edit them by
hand,
so the loader checks them with the rules here:

- ``decision.reasons`` are ids of ``decision_reasons:`` in hiring.yml (``unknown-decision-reason``);
  ``decision.rationale`` is short (``invalid-value`` past :data:`MAX_RATIONALE` characters); a decision
  while the status is active warns (``decided-but-active``);
- each ``history:`` entry has a real date, not in the future (``future-date``), says a stage or a status
  (``missing-key``), names a stage of the role (``unknown-stage``); entries are in date order and none
  is before ``applied`` (``history-order``, warning); the last stage and status in the history are the
  candidate's ``stage`` and ``status`` (``history-mismatch``, warning).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hiring_kb.base.diagnostics import Diagnostic, did_you_mean, error, register_rules, warning
from hiring_kb.model.models import HistoryEntry, Role
from hiring_kb.model.vocabulary import CandidateStatus
from hiring_kb.sources.rules import not_in_future
from hiring_kb.sources.yamlio import YamlDoc

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "unknown-decision-reason": "a decision reason that is not listed under decision_reasons in hiring.yml",
        "history-order": "warning: a history entry dated before the one above it, or before 'applied'",
        "history-mismatch": "warning: stage or status differs from the last stage or status in history",
    },
)

#: Longest rationale, in characters: a sentence or two; the evidence lives in the scorecards.
MAX_RATIONALE = 300
_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_decision(doc: YamlDoc, reasons: dict[str, str] | Any) -> tuple[tuple[str, ...], str, list[Diagnostic]]:
    """``decision:`` of a candidate file: (reason ids, rationale, problems).

    ``reasons`` are the configured reasons (id -> label). Shapes are the schema's to report; values that
    fail a rule here are still returned (the candidate is left out on any error anyway).
    """
    data = doc.data
    decision = data.get("decision")
    if not isinstance(decision, dict):
        return (), "", []
    problems: list[Diagnostic] = []
    ids: list[str] = []
    items = decision.get("reasons")
    if isinstance(items, list):
        for index, item in enumerate(items):
            if not isinstance(item, str):
                continue
            ids.append(item)
            if item not in reasons:
                problems.append(
                    error(
                        doc.item(items, index),
                        "unknown-decision-reason",
                        f"decision reason '{item}' is not one of decision_reasons in hiring.yml: {', '.join(reasons)}",
                        did_you_mean(item, list(reasons))
                        if did_you_mean(item, list(reasons)).startswith("did you")
                        else "use one of the ids listed, or add the reason to decision_reasons in hiring.yml",
                    )
                )
    rationale = decision.get("rationale")
    text = " ".join(rationale.split()) if isinstance(rationale, str) else ""
    if len(text) > MAX_RATIONALE:
        problems.append(
            error(
                doc.value(decision, "rationale"),
                "invalid-value",
                f"decision.rationale has {len(text)} characters, more than {MAX_RATIONALE}",
                "keep it to a sentence or two; the evidence belongs in the scorecards",
            )
        )
    if data.get("status") == CandidateStatus.ACTIVE and (ids or text):
        problems.append(
            warning(
                doc.key(data, "decision"),
                "decided-but-active",
                "status is 'active' but a decision is recorded",
                "set status to hired, rejected or withdrawn (invoke move ID --status ...), or remove decision",
            )
        )
    return tuple(ids), text, problems


def read_history(
    doc: YamlDoc, role: Role | None, applied: dt.date | None, today: dt.date
) -> tuple[tuple[HistoryEntry, ...], list[Diagnostic]]:
    """``history:`` of a candidate file: (entries in file order, problems). See the module docstring."""
    items = doc.data.get("history")
    if not isinstance(items, list):
        return (), []
    problems: list[Diagnostic] = []
    entries: list[HistoryEntry] = []
    previous: dt.date | None = applied
    previous_what = "'applied'"
    for index, item in enumerate(items):
        entry, found = _read_entry(doc, items, index, today)
        problems += found
        if entry is None:
            continue
        problems += _check_entry(doc, item, entry, role, previous, previous_what)
        previous, previous_what = entry.date, "the entry above it"
        entries.append(entry)
    problems += _mismatch(doc, items, entries)
    return tuple(entries), problems


def _read_entry(
    doc: YamlDoc, items: list[Any], index: int, today: dt.date
) -> tuple[HistoryEntry | None, list[Diagnostic]]:
    """History entry ``index`` as written: (the entry, or None when it has no usable date or says
    neither a stage nor a status; its problems: ``invalid-date``, ``future-date``, ``missing-key``).

    An entry whose shape is wrong (no ``date`` text like YYYY-MM-DD) is None with no problem: the
    schema reports it.
    """
    item = items[index]
    if not isinstance(item, dict) or not isinstance(item.get("date"), str) or not _DATE_SHAPE.fullmatch(item["date"]):
        return None, []
    try:
        date = dt.date.fromisoformat(item["date"])
    except ValueError:
        return None, [
            error(
                doc.value(item, "date"),
                "invalid-date",
                f"history date '{item['date']}' is not a calendar date",
                "check day and month",
            )
        ]
    problems = not_in_future(doc, item, "date", date, today)
    stage = item.get("stage") if isinstance(item.get("stage"), str) else None
    status = item.get("status") if isinstance(item.get("status"), str) else None
    if stage is None and status is None and "stage" not in item and "status" not in item:
        problems.append(
            error(
                doc.item(items, index),
                "missing-key",
                f"the history entry of {date.isoformat()} says neither a stage nor a status",
                "add 'stage: <stage id>' or 'status: rejected' (or hired, withdrawn, active) to the entry",
            )
        )
        return None, problems
    return HistoryEntry(date, stage, status), problems


def _check_entry(
    doc: YamlDoc,
    item: dict[str, Any],
    entry: HistoryEntry,
    role: Role | None,
    previous: dt.date | None,
    previous_what: str,
) -> list[Diagnostic]:
    """A read entry against the role (``unknown-stage``) and the date before it (``history-order``,
    warning): ``previous`` is the date of the entry above, or ``applied`` for the first one, as
    ``previous_what`` says in the message."""
    problems: list[Diagnostic] = []
    stage, date = entry.stage, entry.date
    if stage is not None and role is not None and role.stage(stage) is None:
        problems.append(
            error(
                doc.value(item, "stage"),
                "unknown-stage",
                f"'{stage}' is not a stage of role '{role.id}'",
                did_you_mean(stage, [s.id for s in role.stages]),
            )
        )
    if previous is not None and date < previous:
        problems.append(
            warning(
                doc.value(item, "date"),
                "history-order",
                f"the history entry of {date.isoformat()} is dated before {previous_what} ({previous.isoformat()})",
                "list history entries oldest first, with the dates they happened",
            )
        )
    return problems


def _mismatch(doc: YamlDoc, items: list[Any], entries: list[HistoryEntry]) -> list[Diagnostic]:
    """``history-mismatch`` when the history's last stage or status is not the candidate's own."""
    data = doc.data
    found = []
    for key in ("stage", "status"):
        values = [getattr(e, key) for e in entries if getattr(e, key) is not None]
        current = data.get(key)
        if values and isinstance(current, str) and values[-1] != current:
            last = [e for e in entries if getattr(e, key) is not None][-1]
            found.append(
                warning(
                    doc.value(data, key),
                    "history-mismatch",
                    f"{key} is '{current}' but the last {key} in history is '{values[-1]}' ({last.date.isoformat()})",
                    f"change {key} with 'invoke move', which records it in history, or add the missing history entry",
                )
            )
    return found
