"""The schema of ``hiring.yml``: every key the settings file may hold and the shape of its value.

:func:`hiring_kb.sources.settings.load_settings` checks the file against :data:`SETTINGS_SCHEMA` (with
:func:`hiring_kb.sources.schemas.check_schema`) and ``invoke schemas`` exports it for editors. The
``deploy:``, ``retention:`` and ``audiences:`` parts are defined beside the code that reads them.
What a key means when it is left out is in :mod:`hiring_kb.sources.settings_defaults`, not here.
"""

from __future__ import annotations

from typing import Any

from hiring_kb.base.names import ID_PATTERN
from hiring_kb.base.sealed import RECIPIENT_PATTERN
from hiring_kb.sources.audiences import AUDIENCES_SCHEMA
from hiring_kb.sources.deploy_settings import DEPLOY_SCHEMA
from hiring_kb.sources.retention import RETENTION_SCHEMA

_ROLE_REFERENCE = {
    "type": "string",
    "pattern": ID_PATTERN,
    "x-code": "invalid-id",
    "x-hint": "write a role id, the name of a file in roles/ without '.yml', e.g. 'backend-engineer' (never a path)",
}

SETTINGS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Hiring knowledge base settings",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "roles_dir": {"type": "string"},
        "candidates_dir": {"type": "string"},
        # Optional interviewer roster: when set, every note's interviewer must be one of these ids.
        "interviewers": {
            "type": "array",
            "items": {
                "type": "string",
                "pattern": ID_PATTERN,
                "x-code": "invalid-id",
                "x-hint": "use the interviewer's handle: lowercase letters, digits and '-'",
            },
            "uniqueItems": True,
            "description": "Interviewer ids allowed in notes (e.g. [ana, bea]); leave out to allow any.",
        },
        "retention": RETENTION_SCHEMA,
        "deploy": DEPLOY_SCHEMA,
        # Public keys that can read sealed private: blocks (hiring_kb.base.sealed; docs/privacy.md).
        "private_recipients": {
            "type": "array",
            "items": {
                "type": "string",
                "pattern": RECIPIENT_PATTERN,
                "x-code": "invalid-value",
                "x-hint": "write an admin's public key: 'age1…' (invoke private-keygen or age-keygen -y) or "
                "'ssh-ed25519 …'",
            },
            "uniqueItems": True,
            "description": "Admins' public keys (age1… or ssh-ed25519 …): private: values are sealed for them.",
        },
        # Need-to-know sites: one per hiring team, each with only its roles' candidates.
        "audiences": AUDIENCES_SCHEMA,
        "fit": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "bar": {"type": "integer", "minimum": 1, "maximum": 4},
                "strong_fit": {"type": "number", "minimum": 0, "maximum": 100},
                "fit": {"type": "number", "minimum": 0, "maximum": 100},
                "min_coverage": {"type": "number", "minimum": 0, "maximum": 1},
                "split_spread": {"type": "integer", "minimum": 1, "maximum": 3},
            },
        },
        "dashboard": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "stale_days": {"type": "integer", "minimum": 1},
                "recent_interviews": {"type": "integer", "minimum": 1},
            },
        },
        "calibration": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "leniency": {"type": "number", "exclusiveMinimum": 0, "maximum": 3},
                "min_comparisons": {"type": "integer", "minimum": 1},
                "disagreement": {"type": "number", "exclusiveMinimum": 0, "maximum": 3},
                # Distinct candidates an interviewer must share ratings on before being flagged.
                "min_candidates": {"type": "integer", "minimum": 1},
                # Pairable ratings below which reliability (Krippendorff's alpha) reads "not enough data".
                "min_pairable": {"type": "integer", "minimum": 2},
            },
        },
        # Reasons a decision (invoke move --status ...) can give: id -> label shown on the site.
        "decision_reasons": {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1},
            "x-hint": "write one 'id: Label' line per reason, e.g. must-have-gap: Must-have below the bar",
        },
        # Hide a candidate's role fit until every planned scorecard of their stage is in.
        "debrief_gate": {"type": "boolean"},
        # What makes a scorecard complete (hiring_kb.sources.loader: rating-without-recommendation).
        "scorecards": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "require_recommendation": {
                    "type": "boolean",
                    "description": "true: ratings without a recommendation are an error (default: a warning).",
                },
            },
        },
        "import": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "person_heading_level": {"type": "integer", "minimum": 1, "maximum": 6},
                # Role references are ids, never paths (issue 11).
                "role_hints": {"type": "object", "additionalProperties": _ROLE_REFERENCE},
                "default_role": {**_ROLE_REFERENCE, "type": ["string", "null"]},
                "interviewer": {"type": "string", "pattern": ID_PATTERN},
                "unassigned_dir": {"type": "string", "minLength": 1},
            },
        },
        "lint": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "protected": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}},
                },
                "verdicts": {"type": "array", "items": {"type": "string", "minLength": 1}},
            },
        },
    },
}
