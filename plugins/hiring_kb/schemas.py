"""JSON Schemas of the three source documents, and their validation with positions.

These schemas are the single definition of the shape of a role file, a
``candidate.yml`` and interview front matter: the validator checks data against
them (with the ``jsonschema`` library) and they can be exported for editors
(yaml-language-server). ``x-code`` and ``x-hint`` are our own annotations: the
diagnostic code and hint used when a value fails that sub-schema.
"""

from __future__ import annotations

from typing import Any, Iterator

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .diagnostics import Diagnostic, Position, did_you_mean, error
from .yamlio import YamlDoc

RECOMMENDATIONS = ("strong-no", "no", "yes", "strong-yes")
CANDIDATE_STATUSES = ("active", "hired", "rejected", "withdrawn")
ROLE_STATUSES = ("open", "paused", "closed")

_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "x-hint": "use lowercase letters, digits and '-'"}
_TEXT = {"type": "string", "minLength": 1}
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
        "title": _TEXT,
        "status": {"enum": list(ROLE_STATUSES)},
        "summary": {"type": "string"},
        "description": {"type": "string"},
        "hiring_manager": {"type": "string"},
        "competencies": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "name", "weight"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "name": _TEXT,
                    "weight": {"type": "integer", "minimum": 1, "maximum": 10, "x-hint": "weights are whole numbers 1..10"},
                    "must_have": {"type": "boolean"},
                    "description": {"type": "string"},
                    "rubric": {
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
                    "id": _ID,
                    "name": {"type": "string"},
                    "focus": {"type": "array", "items": {"type": "string"}},
                    "questions": {
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
        "name": _TEXT,
        "role": {"type": "string"},
        "stage": {"type": "string"},
        "status": {"enum": list(CANDIDATE_STATUSES)},
        "applied": _DATE,
        "decided_on": {"anyOf": [_DATE, {"type": "null"}]},
        "source": {"type": ["string", "null"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        # Contact, compensation, documents: validated as a mapping, never rendered.
        "private": {"type": ["object", "null"]},
    },
}

INTERVIEW_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Interview front matter",
    "type": "object",
    "required": ["interviewer", "date", "stage"],
    "additionalProperties": False,
    "properties": {
        "interviewer": _ID,
        "date": _DATE,
        "stage": {"type": "string"},
        "ratings": {
            "type": ["object", "null"],
            "additionalProperties": {
                # null = key scaffolded but not rated yet (not assessed)
                "anyOf": [{"type": "integer", "minimum": 1, "maximum": 4}, {"type": "null"}],
                "x-code": "rating-out-of-range",
                "x-hint": "use a whole number: 1 far below, 2 below, 3 meets, 4 exceeds; leave it out if not assessed",
            },
        },
        "recommendation": {
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


def _dotted(path: list[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top level)"


def _leaf_errors(exc: ValidationError) -> Iterator[ValidationError]:
    """For anyOf/oneOf, report the branch that got furthest rather than 'not valid under any'."""
    if exc.context:
        best = max(exc.context, key=lambda e: len(e.absolute_path))
        if exc.validator in ("anyOf", "oneOf") and "x-code" in exc.schema:
            yield exc
            return
        yield from _leaf_errors(best)
    else:
        yield exc


def check_schema(doc: YamlDoc, schema: dict[str, Any]) -> list[Diagnostic]:
    """Validate ``doc.data`` against ``schema``.

    Returns one diagnostic per problem, positioned at the offending key or
    value. Codes: ``missing-key``, ``unknown-key`` (with "did you mean"),
    ``invalid-value`` (enums), ``wrong-type``, ``invalid-date``,
    ``rating-out-of-range`` and ``invalid-value`` for other constraints.
    """
    found: list[Diagnostic] = []
    for top in _validator_for(schema).iter_errors(doc.data):
        for exc in _leaf_errors(top):
            found.extend(_to_diagnostics(doc, exc))
    return sorted(found, key=Diagnostic.sort_key)


def _to_diagnostics(doc: YamlDoc, exc: ValidationError) -> list[Diagnostic]:
    path = list(exc.absolute_path)
    where = _dotted(path)
    schema = exc.schema if isinstance(exc.schema, dict) else {}
    code = schema.get("x-code")
    hint = schema.get("x-hint", "")
    if exc.validator == "required":
        missing = exc.message.split("'")[1] if "'" in exc.message else exc.message
        pos = doc.node(_walk(doc, path))
        return [error(pos, "missing-key", f"required key '{missing}' is missing in {where}", f"add '{missing}:'")]
    if exc.validator == "additionalProperties" and exc.validator_value is False:
        container = _walk(doc, path)
        allowed = list(schema.get("properties", {}))
        return [
            error(
                doc.key(container, extra),
                "unknown-key",
                f"unknown key '{extra}' in {where}",
                did_you_mean(str(extra), allowed),
            )
            for extra in container
            if extra not in allowed
        ]
    if exc.validator == "propertyNames":
        container = _walk(doc, path)
        bad = exc.instance
        return [error(doc.key(container, bad), code or "unknown-key", f"unexpected key '{bad}' in {where}", hint)]
    value = exc.instance
    shown = "empty" if value is None else repr(value) if not isinstance(value, str) else f"'{value}'"
    if code == "rating-out-of-range":
        return [error(_position(doc, path), code, f"rating {shown} for '{path[-1]}' is outside 1..4", hint)]
    if exc.validator == "enum":
        choices = [c for c in exc.validator_value if c is not None]
        return [
            error(
                _position(doc, path),
                code or "invalid-value",
                f"{where} is {shown}, not one of: {', '.join(map(str, choices))}",
                _closest(str(value), choices) or hint,
            )
        ]
    if exc.validator == "type":
        expected = exc.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        if isinstance(value, dict) and "string" in expected:
            hint = hint or "an unquoted ': ' inside a value starts a mapping; put the whole value in quotes"
        found = "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else shown
        return [error(_position(doc, path), code or "wrong-type", f"{where} must be {expected}, found {found}", hint)]
    return [error(_position(doc, path), code or "invalid-value", f"{where}: {exc.message}", hint)]


def _closest(word: str, choices: list[Any]) -> str:
    """A "did you mean" only when a choice is close (the message already lists them all)."""
    suggestion = did_you_mean(word, map(str, choices))
    return suggestion if suggestion.startswith("did you mean") else ""


def _walk(doc: YamlDoc, path: list[Any]) -> Any:
    node = doc.data
    for step in path:
        node = node[step]
    return node
