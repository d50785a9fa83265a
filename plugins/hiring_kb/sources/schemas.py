"""JSON Schemas of the three source documents, and their validation with positions.

These schemas are the single definition of the shape of a role file, a
``candidate.yml`` and interview front matter: the validator checks data against
them (with the ``jsonschema`` library) and they can be exported for editors
(yaml-language-server). ``x-code`` and ``x-hint`` are our own annotations: the
diagnostic code and hint used when a value fails that sub-schema.

The messages of a failure are worded in :mod:`hiring_kb.sources.schema_messages`, their places
found by :mod:`hiring_kb.sources.schema_places`; the codes they carry are registered here, with
:func:`check_schema`, the one entry point that reports them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from hiring_kb.base.diagnostics import Diagnostic, error, register_rules
from hiring_kb.base.limits import MAX_PLANNED, MAX_TAGS
from hiring_kb.base.names import ID_PATTERN
from hiring_kb.model.vocabulary import CandidateStatus, Recommendation, RoleStatus
from hiring_kb.sources.schema_fast_check import surely_valid
from hiring_kb.sources.schema_messages import to_diagnostics
from hiring_kb.sources.yamlio import YamlDoc

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

#: The validation codes check_schema reports (worded in schema_messages), and what each catches
#: (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "missing-key": "a required key is missing",
        "unknown-key": "a key the file does not have (with 'did you mean')",
        "invalid-value": "a value outside its allowed set (status, recommendation) or range, an empty list or text",
        "wrong-type": "a value of the wrong kind (text for a number, indented 'key: value' lines for text)",
        "invalid-date": "a date not written YYYY-MM-DD, or not on the calendar (2026-02-30)",
        "invalid-id": "an id, role file name, interviewer or candidate folder that is not an allowed id",
        "rating-out-of-range": "a rating that is not a whole number from 1 to 4",
        "missing-decided-on": "a candidate who is hired, rejected or withdrawn without decided_on",
        "too-many-items": "a list longer than its limit (tags, planned interviews)",
    },
)

RECOMMENDATIONS = Recommendation.values()
CANDIDATE_STATUSES = CandidateStatus.values()
ROLE_STATUSES = RoleStatus.values()

_ID = {
    "type": "string",
    "pattern": ID_PATTERN,
    "x-code": "invalid-id",
    "x-hint": "use lowercase letters, digits and '-' (ids appear in URLs and file names)",
}
_TEXT = {"type": "string", "minLength": 1}
_ROLE_ID = {
    **_ID,
    "x-hint": "write the role id, the name of a file in roles/ without '.yml', e.g. 'backend-engineer' "
    "(lowercase letters, digits and '-'; never a path)",
}
_STAGE_ID = {
    **_ID,
    "x-hint": "write one of the role's stage ids, e.g. 'technical' (lowercase letters, digits and '-')",
}
_COMPETENCY_ID = {
    **_ID,
    "x-hint": "write one of the role's competency ids, e.g. 'ownership' (lowercase letters, digits and '-')",
}


def _doc(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """``schema`` with a ``description``: editors (yaml-language-server) show it on hover and completion."""
    return {**schema, "description": description}


_DATE = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}$",
    "x-code": "invalid-date",
    "x-hint": "write dates as YYYY-MM-DD",
}
_LEVEL_KEYS = [1, 2, 3, 4, "1", "2", "3", "4"]  # YAML loads `1:` as an int key, JSON only has strings

ROLE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Role",
    "type": "object",
    "required": ["title", "competencies", "stages"],
    "additionalProperties": False,
    "properties": {
        "title": _doc(_TEXT, "Role title shown on the site, e.g. Backend Engineer."),
        "status": _doc({"enum": list(ROLE_STATUSES)}, "open, paused or closed; only open roles are on the pipeline."),
        "summary": _doc({"type": "string"}, "One sentence under the title."),
        "description": _doc({"type": "string"}, "Longer description (Markdown)."),
        "hiring_manager": _doc({"type": "string"}, "Handle of the hiring manager."),
        "competencies": {
            "description": "What the role needs: each competency is rated 1..4 in interviews.",
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "name", "weight"],
                "additionalProperties": False,
                "properties": {
                    "id": _doc(_ID, "Competency id used in ratings, e.g. ownership."),
                    "name": _doc(_TEXT, "Name shown on the site; a note's '## <name>' section is its evidence."),
                    "weight": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 10,
                        "x-hint": "weights are whole numbers 1..10",
                        "description": "Weight in the role fit, 1..10.",
                    },
                    "must_have": _doc({"type": "boolean"}, "A must-have below the bar (3) is a no-fit."),
                    "description": {"type": "string"},
                    "rubric": {
                        "description": "What levels 1 (far below) to 4 (exceeds) look like.",
                        "type": "object",
                        "propertyNames": {"enum": _LEVEL_KEYS},
                        "additionalProperties": {"type": "string"},
                        "x-hint": "rubric keys are the levels 1, 2, 3 and 4",
                    },
                },
            },
        },
        "stages": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id"],
                "additionalProperties": False,
                "properties": {
                    "id": _doc(_ID, "Stage id used in candidate.yml and notes, e.g. technical."),
                    "name": _doc({"type": "string"}, "Stage name shown on the site."),
                    "focus": _doc({"type": "array", "items": _COMPETENCY_ID}, "Competency ids this stage assesses."),
                    "questions": {
                        "description": "Questions to ask, by competency id.",
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    },
}

CANDIDATE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Candidate",
    "type": "object",
    "required": ["name", "role", "stage", "status"],
    "additionalProperties": False,
    "properties": {
        "name": _doc(_TEXT, "The candidate's name (shown on the site, never in URLs)."),
        # Ids, never paths: 'role: ../mkdocs' would name a file outside roles/ (issue 11).
        "role": _doc(_ROLE_ID, "Role id: the file name of roles/<role-id>.yml."),
        "stage": _doc(_STAGE_ID, "Current stage: one of the role's stage ids."),
        "status": _doc({"enum": list(CANDIDATE_STATUSES)}, "active, hired, rejected or withdrawn."),
        "applied": _doc(_DATE, "Application date, YYYY-MM-DD."),
        "decided_on": {
            "anyOf": [_DATE, {"type": "null"}],
            "description": "Decision date, YYYY-MM-DD: required once status is not active (retention counts from it).",
        },
        "source": _doc({"type": ["string", "null"]}, "Where the candidate came from (referral, job board, ...)."),
        "tags": _doc(
            {
                "type": "array",
                "items": {"type": "string"},
                "maxItems": MAX_TAGS,
                "x-limit-hint": "tags are for finding people (a skill, a location, 'referral'); keep the few that "
                "matter and write the rest in a note",
            },
            f"Free tags shown on the page (at most {MAX_TAGS}).",
        ),
        # The interview loop: scorecards still owed and the debrief gate come from it.
        "planned": {
            "type": ["array", "null"],
            "maxItems": MAX_PLANNED,
            "x-limit-hint": "a loop has a handful of interviews; remove planned interviews that were cancelled",
            "items": {
                "type": "object",
                "required": ["stage", "interviewer", "date"],
                "additionalProperties": False,
                "properties": {"stage": _STAGE_ID, "interviewer": _ID, "date": _DATE},
            },
        },
        # Contact, compensation, documents: sealed for the admins (hiring_kb.sources.private_fields), never rendered.
        "private": {
            "type": ["object", "null"],
            "description": "Contact, compensation, documents, sealed for the admins: never rendered. Write it with "
            "'invoke private-set ID KEY VALUE' or 'invoke private-edit ID' (docs/privacy.md).",
            "properties": {
                "sealed": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string"},
                    "description": "ASCII-armored age messages (-----BEGIN AGE ENCRYPTED FILE-----), each holding "
                    "'key: value' lines; a later one replaces the earlier value of the same key.",
                }
            },
        },
        # Why a decision was made (invoke move --status ... --reason ID --rationale TEXT): shown on the site.
        "decision": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "description": (
                "Why the candidate was hired, rejected or withdrew: reasons from hiring.yml, a short rationale."
            ),
            "properties": {
                "reasons": _doc(
                    {"type": "array", "items": _ID, "uniqueItems": True},
                    "Reason ids listed under decision_reasons: in hiring.yml, e.g. [must-have-gap].",
                ),
                "rationale": _doc(
                    {"type": "string"}, "One or two sentences (at most 300 characters), shown on the site."
                ),
            },
        },
        # Every stage and status change with its date, oldest first (invoke move appends to it).
        "history": {
            "type": ["array", "null"],
            "description": "Pipeline changes, oldest first: - {date: YYYY-MM-DD, stage: ID} or status: ...",
            "items": {
                "type": "object",
                "required": ["date"],
                "additionalProperties": False,
                "properties": {
                    "date": _DATE,
                    "stage": _doc({"type": "string"}, "The stage id the candidate moved to."),
                    "status": _doc({"enum": list(CANDIDATE_STATUSES)}, "The status the candidate moved to."),
                },
            },
        },
    },
    # `decided_on` is required once the status is not active (retention counts from it).
    "allOf": [
        {
            "if": {"required": ["status"], "properties": {"status": {"enum": list(CANDIDATE_STATUSES[1:])}}},
            "then": {
                "required": ["decided_on"],
                "properties": {"decided_on": {"type": "string", "x-code": "missing-decided-on"}},
                "x-code": "missing-decided-on",
            },
        }
    ],
}

INTERVIEW_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Interview front matter",
    "type": "object",
    "required": ["interviewer", "date", "stage"],
    "additionalProperties": False,
    "properties": {
        "interviewer": _doc(_ID, "Your handle, as in the file name <date>-<stage>-<interviewer>.md."),
        "date": _doc(_DATE, "Interview date, YYYY-MM-DD (not in the future)."),
        "stage": _doc(_STAGE_ID, "One of the role's stage ids."),
        "ratings": {
            "description": "Level 1..4 per competency id of the role; leave out what you did not assess.",
            "type": ["object", "null"],
            "additionalProperties": {
                # null = key scaffolded but not rated yet (not assessed)
                "anyOf": [{"type": "integer", "minimum": 1, "maximum": 4}, {"type": "null"}],
                "x-code": "rating-out-of-range",
                "x-hint": "use a whole number: 1 far below, 2 below, 3 meets, 4 exceeds; leave it out if not assessed",
            },
        },
        "recommendation": {
            "description": "strong-no, no, yes or strong-yes; empty for no decision.",
            "enum": [*RECOMMENDATIONS, None],
            "x-hint": "leave it empty for no decision",
        },
    },
}

_VALIDATORS: dict[int, Draft202012Validator] = {}


def _validator_for(schema: dict[str, Any]) -> Draft202012Validator:
    """Compile each schema once (schemas are module constants, so ``id`` is stable).

    jsonschema is imported here, the first time a file is not surely valid: a command on valid data
    never loads it (about a tenth of a second of every cold start)."""
    from jsonschema import Draft202012Validator

    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        Draft202012Validator.check_schema(schema)
        validator = _VALIDATORS[id(schema)] = Draft202012Validator(schema)
    return validator


def _leaf_errors(exc: ValidationError) -> Iterator[ValidationError]:
    """For anyOf/oneOf, report the branch that got furthest rather than 'not valid under any'."""
    if exc.context:
        best = max(exc.context, key=lambda e: len(e.absolute_path))
        if exc.validator in ("anyOf", "oneOf") and isinstance(exc.schema, dict) and "x-code" in exc.schema:
            yield exc
            return
        yield from _leaf_errors(best)
    else:
        yield exc


def check_schema(doc: YamlDoc, schema: dict[str, Any]) -> list[Diagnostic]:
    """Validate ``doc.data`` against ``schema``.

    Returns one diagnostic per problem, positioned at the offending key or
    value. Codes: ``missing-key``, ``unknown-key`` (with "did you mean"),
    ``invalid-value`` (enums), ``wrong-type``, ``invalid-date``, ``invalid-id``,
    ``rating-out-of-range``, ``missing-decided-on``, ``too-deeply-nested``
    and ``invalid-value`` for other constraints.
    """
    found: list[Diagnostic] = []
    if surely_valid(schema, doc.data):  # the common case, without jsonschema's cost (same result)
        return found
    try:
        for top in _validator_for(schema).iter_errors(doc.data):
            for exc in _leaf_errors(top):
                found.extend(to_diagnostics(doc, exc, schema))
    except RecursionError:  # absurdly nested data (the YAML parser caps it, but be sure)
        return [
            error(
                doc.node(doc.data),
                "too-deeply-nested",
                "the data is nested too deeply to check",
                "these files need a few levels of nesting at most",
            )
        ]
    return sorted(found, key=Diagnostic.sort_key)
