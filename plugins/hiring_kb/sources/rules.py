"""Validation rules beyond the shape of one file: the catalogue of codes, and the rules every document shares.

The JSON Schemas (:mod:`hiring_kb.sources.schemas`) check each file's shape; the loader checks
references to the role. The rules that need a clock, the interviewer roster, the file name or
other files live per document, each module registering the codes it raises:

- here: dates not in the future (``future-date``, :func:`not_in_future`), interviewers in the
  roster of ``hiring.yml`` (``unknown-interviewer``, :func:`in_roster`), and the role file's name
  as a role id (``invalid-id``, :func:`role_file_id`); and :data:`RULE_CODES`, the catalogue;
- :mod:`hiring_kb.sources.candidate_rules`: a candidate's dates, folder id, planned interviewers and
  stage, and names colliding across candidates;
- :mod:`hiring_kb.sources.note_rules`: a note against its file name, the candidate and the other notes;
- :mod:`hiring_kb.sources.text_rules`: names with letters, texts without invisible characters.

Every check is a dictionary or set lookup per file, so validation stays linear
in the number of files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

from hiring_kb.base.diagnostics import Diagnostic, Position, did_you_mean, error, register_rules, registered_rules
from hiring_kb.base.names import is_id, slug
from hiring_kb.sources.settings import SETTINGS_FILE, Settings
from hiring_kb.sources.yamlio import YamlDoc

#: The validation codes raised here, and what each catches (catalogue: :data:`RULE_CODES`).
register_rules(
    __name__,
    {
        "future-date": "an interview, application or decision date after today (one day of slack for time zones)",
        "unknown-interviewer": "an interviewer not in the roster of hiring.yml (when one is set)",
    },
)
# The loader's checks of one file against its role; registered here, beside the other rules, so the
# loader stays a reader (hiring_kb.sources.loader raises them).
register_rules(
    "hiring_kb.sources.loader",
    {
        "missing-candidate-file": "a candidate folder without candidate.yml",
        "unknown-role": "candidate.yml names a role that does not exist",
        "unknown-stage": "a stage that is not one of the role's stages",
        "unknown-competency": "a rating, focus or question for a competency the role does not have",
        "duplicate-id": "two competencies or two stages of a role with the same id",
        "rating-without-evidence": "warning: a rating without a '## <competency>' section in the notes",
        "rating-without-recommendation": "warning (error with scorecards.require_recommendation): ratings "
        "but no recommendation",
        "empty-scorecard": "warning: a scorecard with no rating, no recommendation and no notes (an "
        "untouched scaffold): still owed",
        "unknown-evidence": "warning: a '##' section whose title is close to, but not, a competency",
        "evidence-heading": "warning: a competency written as '### Name', '**Name**' or 'Name:' instead of '## Name'",
        "too-many-notes": "more interview notes for one candidate than the limit",
    },
)


def __getattr__(name: str) -> Mapping[str, str]:
    """``RULE_CODES``: every diagnostic code validation can report and what it catches (warnings say so),
    derived from the :func:`~hiring_kb.base.diagnostics.register_rules` calls of the modules that raise them.

    Computed on use, after importing :mod:`hiring_kb.sources.validate` (and so every module whose checks it
    runs); docs/validation.md lists the same codes and the corpus has a case for each
    (tests/validation).
    """
    if name == "RULE_CODES":
        import_module(f"{__package__}.validate")  # for the registrations of every module it runs
        return registered_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Dates up to this many days after "today" are accepted: CI clocks run on UTC while an
#: interviewer at UTC+14 may already be a day ahead.
FUTURE_SLACK_DAYS = 1


# -- values ---------------------------------------------------------------------------


def not_in_future(doc: YamlDoc, mapping: Any, key: str, value: dt.date | None, today: dt.date) -> list[Diagnostic]:
    """``future-date`` when ``value`` is later than ``today`` plus :data:`FUTURE_SLACK_DAYS`."""
    if value is None or value <= today + dt.timedelta(days=FUTURE_SLACK_DAYS):
        return []
    return [
        error(
            doc.value(mapping, key),
            "future-date",
            f"{key} {value.isoformat()} is in the future (today is {today.isoformat()})",
            "check the year and month; write the day it happened",
        )
    ]


def role_file_id(path: Path, settings: Settings) -> list[Diagnostic]:
    """``invalid-id`` unless a role file's name (the role id, used in URLs) is lowercase letters, digits and '-'."""
    if is_id(path.stem):
        return []
    suggestion = slug(path.stem)
    return [
        error(
            Position(settings.label(path)),
            "invalid-id",
            f"role file name '{path.name}' is not a valid role id",
            "the file name is the role id used in URLs and in candidates' 'role:'; use lowercase letters, digits "
            "and '-'" + (f", e.g. '{suggestion}.yml'" if suggestion and is_id(suggestion) else ""),
        )
    ]


# -- references -----------------------------------------------------------------------


def in_roster(doc: YamlDoc, mapping: Any, key: str, roster: frozenset[str]) -> list[Diagnostic]:
    """``unknown-interviewer`` when a roster is configured and the id under ``key`` is not in it."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if not roster or not isinstance(value, str) or value in roster or not is_id(value):
        return []
    suggestion = did_you_mean(value, roster)
    return [
        error(
            doc.value(mapping, key),
            "unknown-interviewer",
            f"'{value}' is not in the interviewer roster",
            suggestion
            if suggestion.startswith("did you mean")
            else f"add '{value}' to 'interviewers:' in {SETTINGS_FILE}",
        )
    ]
