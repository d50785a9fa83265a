"""Single values the role, candidate and scorecard loaders read alike: dates, ids, and the errors
for a stage or competency the role does not have.

Each returns the value or a diagnostic at the value's position; none reads a file. The loaders
themselves are :mod:`hiring_kb.sources.loader` (candidates), :mod:`hiring_kb.sources.role_loader` and
:mod:`hiring_kb.sources.scorecard_loader`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hiring_kb.base.diagnostics import Diagnostic, Position, did_you_mean, error
from hiring_kb.base.names import is_id
from hiring_kb.model.models import Role
from hiring_kb.sources.yamlio import YamlDoc

_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_text(value: Any) -> bool:
    return isinstance(value, str)


def is_id_value(value: Any) -> bool:
    """A string that is an id (:func:`names.is_id`); anything else the schema reports as ``invalid-id``."""
    return isinstance(value, str) and is_id(value)


def text_of(value: Any) -> str:
    return "" if value is None else str(value)


def unknown_competency(position: Position, competency_id: str, role_id: str, known: Any) -> Diagnostic:
    squeezed = re.fullmatch(r"([\w-]+):(\S+)", competency_id)
    if squeezed is not None and squeezed.group(1) in known:  # {english:4}: one key 'english:4' with no value
        hint = f"put a space after the ':': '{squeezed.group(1)}: {squeezed.group(2)}'"
    else:
        hint = did_you_mean(str(competency_id), known)
    return error(position, "unknown-competency", f"'{competency_id}' is not a competency of role '{role_id}'", hint)


def read_date(doc: YamlDoc, mapping: Any, key: str) -> tuple[dt.date | None, list[Diagnostic]]:
    """Parse a YYYY-MM-DD value as a real calendar date (``invalid-date`` for 2026-02-30)."""
    value = mapping.get(key)
    if not isinstance(value, str) or not _DATE_SHAPE.fullmatch(value):
        return None, []  # absent or mis-shaped: the schema reports it
    try:
        return dt.date.fromisoformat(str(value)), []
    except ValueError:
        return None, [
            error(
                doc.value(mapping, key),
                "invalid-date",
                f"{key} '{value}' is not a calendar date",
                "check day and month",
            )
        ]


def unknown_stage(doc: YamlDoc, data: Any, role: Role) -> Diagnostic:
    return error(
        doc.value(data, "stage"),
        "unknown-stage",
        f"'{data['stage']}' is not a stage of role '{role.id}'",
        did_you_mean(str(data["stage"]), [s.id for s in role.stages]),
    )
