"""JSON Schemas of the three source documents, and their validation with positions.

These schemas are the single definition of the shape of a role file, a
``candidate.yml`` and interview front matter: the validator checks data against
them (with the ``jsonschema`` library) and they can be exported for editors
(yaml-language-server). ``x-code`` and ``x-hint`` are our own annotations: the
diagnostic code and hint used when a value fails that sub-schema.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarint import ScalarInt

from .diagnostics import Diagnostic, Position, did_you_mean, error, register_rules
from .limits import MAX_PLANNED, MAX_TAGS
from .names import ID_PATTERN
from .schema_fast_check import surely_valid
from .vocabulary import CandidateStatus, Recommendation, RoleStatus
from .yamlio import YamlDoc

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.rules.RULE_CODES).
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
        # Contact, compensation, documents: sealed for the admins (hiring_kb.private_fields), never rendered.
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
    """Compile each schema once (schemas are module constants, so ``id`` is stable)."""
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        Draft202012Validator.check_schema(schema)
        validator = _VALIDATORS[id(schema)] = Draft202012Validator(schema)
    return validator


def _container_and_key(doc: YamlDoc, path: list[Any]) -> tuple[Any, Any]:
    """Walk ``doc.data`` along ``path``; return the parent container and the last key."""
    parent: Any = None
    node: Any = doc.data
    key: Any = None
    for step in path:
        parent, key = node, step
        node = node[step]
    return parent, key


def _position(doc: YamlDoc, path: list[Any]) -> Position:
    if not path:
        return doc.node(doc.data)
    parent, key = _container_and_key(doc, path)
    if isinstance(parent, list):
        return doc.item(parent, key)
    return doc.value(parent, key)


#: What one item of each list is called in messages ("weight of competency 'design'").
_ITEM_NAMES = {
    "competencies": "competency",
    "stages": "stage",
    "planned": "planned interview",
    "tags": "tag",
    "interviewers": "interviewer",
    "questions": "question",
    "focus": "focus",
    "must_have": "must-have",
}


def _readable(doc: YamlDoc, path: list[Any]) -> str:
    """A place in a file in words: ``weight of competency 'design'``, ``date of planned interview 2``.

    List items are named by their ``id`` when they have one (the id itself excepted), else counted
    from 1 as people count; keys of the file itself are named as written.
    """
    if not path:
        return "the file"
    segments: list[str] = []  # key chains ('retention.days') and named list items
    node: Any = doc.data
    after_item = True
    for position, step in enumerate(path):
        node = node[step] if _has(node, step) else None
        if isinstance(step, int) and position > 0:
            owner = str(path[position - 1])
            item = _ITEM_NAMES.get(owner, owner)
            ident = node.get("id") if isinstance(node, dict) else None
            last_is_id = position + 1 < len(path) and path[position + 1] == "id"
            named = f"{item} '{ident}'" if isinstance(ident, str) and not last_is_id else f"{item} {step + 1}"
            chain = segments.pop().rsplit(".", 1)
            if len(chain) == 2:
                segments.append(chain[0])
            segments.append(named)
            after_item = True
        elif after_item:
            segments.append(str(step))
            after_item = False
        else:
            segments[-1] += f".{step}"
    return " of ".join(reversed(segments))


def _has(node: Any, step: Any) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)


def _dotted(path: list[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "the file"


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
    validator = _validator_for(schema)
    if surely_valid(schema, doc.data):  # the common case, without jsonschema's cost (same result)
        return found
    try:
        for top in validator.iter_errors(doc.data):
            for exc in _leaf_errors(top):
                found.extend(_to_diagnostics(doc, exc, schema))
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


def _shown(value: Any) -> str:
    """A value as the user wrote it in YAML: 'text', true, 3.5, empty."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return repr(value)


#: A plain scalar as written in the YAML text: up to a space, a comma, a closing bracket or a comment.
_PLAIN_SCALAR = re.compile(r"[^\s,\]}#]+")


def _as_written(doc: YamlDoc, position: Position, value: Any) -> str:
    """A number as the file spells it, e.g. ``0123 (read as 123)``; other values as :func:`_shown`.

    YAML 1.2 reads ``0123`` as 123 and ``1_000`` as 1000: a message quoting only the value read
    would point at text that is not in the file.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _shown(value)
    written = ""
    if doc.text is not None:  # the fast loader keeps the text
        lines = doc.text.split("\n")
        index = position.line - 1 - doc.line_offset
        if 0 <= index < len(lines) and position.col > 0:
            match = _PLAIN_SCALAR.match(lines[index], position.col - 1)
            written = match.group(0) if match else ""
    elif isinstance(value, (ScalarInt, ScalarFloat)):  # the round-trip loader keeps the spelling
        stream = io.StringIO()
        YAML(typ="rt").dump(value, stream)
        written = stream.getvalue().split("\n", 1)[0]
    shown = repr(value)
    return shown if not written or written == shown else f"{written} (read as {shown})"


def _distinct(values: Any) -> list[Any]:
    """``values`` without repeats by their text (level keys are listed as 1 and '1')."""
    seen: dict[str, Any] = {}
    for value in values:
        seen.setdefault(str(value), value)
    return list(seen.values())


def _subschema(schema: dict[str, Any], steps: list[Any]) -> dict[str, Any]:
    node: Any = schema
    for step in steps:
        node = node[step]
    return node if isinstance(node, dict) else {}


def _to_diagnostics(doc: YamlDoc, exc: ValidationError, root: dict[str, Any]) -> list[Diagnostic]:
    """One schema failure as diagnostics in the words of the file's writer.

    The failing schema's ``x-code`` and ``x-hint`` win over the keyword's own code and hint. Cases
    that need the document (a missing ``decided_on``, missing and unknown keys, a key that is not
    allowed, a rating) come first; the rest go by the JSON Schema keyword that failed.
    """
    failure = _Failure(doc, exc, root)
    if failure.code == "missing-decided-on":
        return [_missing_decided_on(doc)]
    if exc.validator == "required":
        return [_missing_key(failure)]
    if exc.validator == "additionalProperties" and exc.validator_value is False:
        return _unknown_keys(failure)
    if list(exc.schema_path)[-2:-1] == ["propertyNames"]:
        return [_key_not_allowed(failure)]
    if failure.code == "rating-out-of-range":
        return [_rating_out_of_range(failure)]
    return [_BY_KEYWORD.get(str(exc.validator), _other)(failure)]


@dataclass
class _Failure:
    """A schema failure and what every message about it needs: the data path, how the place reads
    (``where``), the failing schema's ``x-code`` and ``x-hint`` (None and "" when it has none)."""

    doc: YamlDoc
    exc: ValidationError
    root: dict[str, Any]

    def __post_init__(self) -> None:
        self.path: list[Any] = list(self.exc.absolute_path)
        self.where = _readable(self.doc, self.path)
        self.schema: dict[str, Any] = self.exc.schema if isinstance(self.exc.schema, dict) else {}
        self.code: str | None = self.schema.get("x-code")
        self.hint: str = self.schema.get("x-hint", "")
        self.value = self.exc.instance
        self.shown = _shown(self.value)

    @cached_property
    def at(self) -> Position:
        """The value's place (a round-trip re-parse: computed once, only when a message needs it)."""
        return _position(self.doc, self.path)


def _missing_decided_on(doc: YamlDoc) -> Diagnostic:
    data = doc.data
    at = doc.value(data, "decided_on") if "decided_on" in data else doc.value(data, "status")
    return error(
        at,
        "missing-decided-on",
        f"decided_on is required once status is '{data.get('status')}'",
        "add 'decided_on: YYYY-MM-DD', the day of the decision (retention periods count from it)",
    )


def _missing_key(f: _Failure) -> Diagnostic:
    missing = f.exc.message.split("'")[1] if "'" in f.exc.message else f.exc.message
    pos = f.doc.node(_walk(f.doc, f.path))
    return error(
        pos, "missing-key", f"'{missing}' is missing{_in(f.path, f.doc)}", f"add a line '{missing}: ...' with its value"
    )


def _unknown_keys(f: _Failure) -> list[Diagnostic]:
    container = _walk(f.doc, f.path)
    allowed = list(f.schema.get("properties", {}))
    return [
        error(
            f.doc.key(container, extra),
            "unknown-key",
            f"unknown key '{extra}'{_in(f.path, f.doc)}",
            _unknown_key_hint(f.doc, container, extra, f.schema),
        )
        for extra in container
        if extra not in allowed
    ]


def _key_not_allowed(f: _Failure) -> Diagnostic:
    """A key that is not allowed (rubric level 5): point at that key; code and hint of the mapping."""
    owner = _subschema(f.root, list(f.exc.schema_path)[:-2])
    bad = f.exc.instance
    choices = _distinct(f.exc.validator_value) if f.exc.validator == "enum" else []
    allowed = f"not one of: {', '.join(map(str, choices))}" if choices else "which is not allowed"
    return error(
        f.doc.key(_walk(f.doc, f.path), bad),
        owner.get("x-code", "invalid-value"),
        f"{f.where} has key {_shown(bad)}, {allowed}",
        _closest(str(bad), choices) or owner.get("x-hint", "") or "remove or rename the key",
    )


def _rating_out_of_range(f: _Failure) -> Diagnostic:
    shown = _as_written(f.doc, f.at, f.value)
    if isinstance(f.value, int) and not isinstance(f.value, bool):
        message = f"rating {shown} for '{f.path[-1]}' is outside 1..4"
    else:
        message = f"rating {shown} for '{f.path[-1]}' is not a whole number from 1 to 4"
    return error(f.at, "rating-out-of-range", message, f.hint)


def _pattern(f: _Failure) -> Diagnostic:
    if f.code == "invalid-id":
        return error(f.at, f.code, f"{f.where} {f.shown} is not a valid id", f.hint)
    if f.code == "invalid-date":
        return error(f.at, f.code, f"{f.where} {f.shown} is not a date like 2026-11-20", f.hint)
    return _other(f)


def _empty(f: _Failure) -> Diagnostic:
    return error(f.at, f.code or "invalid-value", f"{f.where} is empty", f.hint or "fill it in")


def _too_many_items(f: _Failure) -> Diagnostic:
    count = len(f.value) if isinstance(f.value, list) else 0
    # A list this long makes the round-trip re-parse behind _position slow: a top-level
    # 'key:' line of the text gives the same place directly.
    at = (_top_level_value(f.doc, f.path[0]) if len(f.path) == 1 else None) or f.at
    return error(
        at,
        "too-many-items",
        f"{f.where} lists {count:,} items, more than the limit of {f.exc.validator_value}",
        f.schema.get("x-limit-hint", "remove items"),
    )


def _too_few_items(f: _Failure) -> Diagnostic:
    return error(f.at, f.code or "invalid-value", f"{f.where} must list at least one item", f.hint or "add one")


def _repeated_item(f: _Failure) -> Diagnostic:
    return error(f.at, f.code or "invalid-value", f"{f.where} lists the same item twice", f.hint or "remove one")


def _not_a_choice(f: _Failure) -> Diagnostic:
    options = f.exc.validator_value if isinstance(f.exc.validator_value, list) else []  # an enum's values
    choices = _distinct(c for c in options if c is not None)
    return error(
        f.at,
        f.code or "invalid-value",
        f"{f.where} is {f.shown}, not one of: {', '.join(map(str, choices))}",
        _closest(str(f.value), choices) or f.hint or "write one of the values listed",
    )


def _wrong_type(f: _Failure) -> Diagnostic:
    value, hint = f.value, f.hint
    declared = f.exc.validator_value  # a type name, or a list of them
    kinds: list[str] = [str(k) for k in declared] if isinstance(declared, list) else [str(declared)]
    expected = " or ".join(_TYPE_WORDS.get(k, k) for k in kinds if k != "null")
    if isinstance(value, dict) and "string" in kinds:
        hint = hint or "an unquoted ': ' inside a value starts 'key: value' lines; put the whole value in quotes"
    squeezed = _NO_SPACE_KEY.fullmatch(value) if isinstance(value, str) and "object" in kinds else None
    if squeezed is not None:  # 'ratings:' then 'code:3' on the next line: one text, not a rating
        hint = f"put a space after the ':': '{squeezed.group(1)}: {squeezed.group(2)}', on its own line"
    if isinstance(value, list) and "object" in kinds:
        hint = hint or "leave out the '- ': one 'key: value' line each, indented by two spaces under it"
    found = "'key: value' lines" if isinstance(value, dict) else "a list" if isinstance(value, list) else f.shown
    hint = hint or _TYPE_HINTS.get(f.exc.validator_value if isinstance(f.exc.validator_value, str) else "", "")
    hint = hint or "write a value of the kind named in the message"
    return error(f.at, f.code or "wrong-type", f"{f.where} must be {expected}, found {found}", hint)


def _out_of_range(f: _Failure) -> Diagnostic:
    bound = "below the lowest" if f.exc.validator == "minimum" else "above the highest"
    return error(
        f.at,
        f.code or "invalid-value",
        f"{f.where} is {_as_written(f.doc, f.at, f.value)}, {bound} allowed value, {f.exc.validator_value}",
        f.hint or "write a number from the allowed range",
    )


def _other(f: _Failure) -> Diagnostic:
    return error(
        f.at,
        f.code or "invalid-value",
        f"{f.where}: {f.exc.message}",
        f.hint or "change the value to one the message allows",
    )


#: The message of each JSON Schema keyword that can fail (anything else: :func:`_other`).
_BY_KEYWORD: dict[str, Callable[[_Failure], Diagnostic]] = {
    "pattern": _pattern,
    "minLength": _empty,
    "maxItems": _too_many_items,
    "minItems": _too_few_items,
    "uniqueItems": _repeated_item,
    "enum": _not_a_choice,
    "type": _wrong_type,
    "minimum": _out_of_range,
    "maximum": _out_of_range,
}


#: JSON Schema type names in the words of the people who write the files.
_TYPE_WORDS = {
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "array": "a list",
    "object": "'key: value' lines",
}
_NO_SPACE_KEY = re.compile(r"([A-Za-z_][\w-]*):(\S.*)")


def _in(path: list[Any], doc: YamlDoc | None = None) -> str:
    """`` in competencies[2]`` for a nested place; nothing for the file's own keys."""
    return f" in {_readable(doc, path) if doc is not None else _dotted(path)}" if path else ""


def _unknown_key_hint(doc: YamlDoc, container: Any, extra: Any, schema: dict[str, Any]) -> str:
    """ "did you mean" for a typo; for a key left at the margin under a block key (``ratings:``
    followed by ``english: 4`` at the margin), where to indent it."""
    allowed = list(schema.get("properties", {}))
    suggestion = did_you_mean(str(extra), allowed)
    block = _block_above(doc, container, extra, schema)
    if block is not None and (container.get(block) is None or not suggestion.startswith("did you mean")):
        value = container.get(extra)
        private = block == "private"  # never repeat a private value in a message (logs, annotations)
        shown = "..." if private or value is None or isinstance(value, (dict, list)) else _shown(value).strip("'")
        return f"indent it under '{block}:' with two spaces: '  {extra}: {shown}'"
    if doc.line_offset == 1 and container is doc.data and not suggestion.startswith("did you mean"):
        # a note's front matter (it starts after the opening '---'): most likely a line of notes
        return "the notes go below the closing '---'; the keys here are " + ", ".join(f"'{k}'" for k in allowed)
    return suggestion


def _block_above(doc: YamlDoc, container: Any, extra: Any, schema: dict[str, Any]) -> str | None:
    """The nearest key above ``extra`` whose value is 'key: value' lines of free keys (``ratings``)."""
    line = doc.key(container, extra).line
    best: tuple[int, str] | None = None
    for key, sub in schema.get("properties", {}).items():
        if key == extra or not isinstance(sub, dict) or key not in container:
            continue
        declared = sub.get("type")
        kinds = declared if isinstance(declared, list) else [declared]
        if "object" not in kinds or sub.get("additionalProperties") is False:
            continue
        where = doc.key(container, key).line
        if where < line and (best is None or where > best[0]):
            best = (where, key)
    return best[1] if best else None


_TYPE_HINTS = {
    "boolean": "write true or false",
    "integer": "write a whole number",
    "number": "write a number",
    "string": "write text (in quotes if it starts with a special character)",
    "array": "write a list: [a, b] or one '- item' line each",
    "object": "write 'key: value' lines indented under it",
}


def _closest(word: str, choices: list[Any]) -> str:
    """A "did you mean" only when a choice is close (the message already lists them all)."""
    suggestion = did_you_mean(word, map(str, choices))
    return suggestion if suggestion.startswith("did you mean") else ""


def _top_level_value(doc: YamlDoc, key: Any) -> Position | None:
    """Where the value of top-level ``key`` starts (``[`` of ``tags: [a, b]``, or the first ``-`` of a
    block list under it) when the text has exactly one ``key:`` line at column 0, else None."""
    if doc.text is None or not isinstance(key, str):
        return None
    matches = list(re.finditer(rf"^{re.escape(key)}:", doc.text, re.MULTILINE))
    if len(matches) != 1:
        return None
    blank = _BLANKS_AND_COMMENTS.match(doc.text, matches[0].end())
    start = blank.end() if blank else matches[0].end()  # it always matches: '[ \t]*' may be empty
    line_start = doc.text.rfind("\n", 0, start) + 1
    return Position(doc.path, doc.text.count("\n", 0, start) + 1 + doc.line_offset, start - line_start + 1)


_BLANKS_AND_COMMENTS = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*|[ \t]*")


def _walk(doc: YamlDoc, path: list[Any]) -> Any:
    node = doc.data
    for step in path:
        node = node[step]
    return node
