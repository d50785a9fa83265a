"""The quick schema check says "valid" exactly when jsonschema finds no error (and never more often)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from hiring_kb.sources.schema_fast_check import surely_valid
from hiring_kb.sources.schemas import CANDIDATE_SCHEMA, INTERVIEW_SCHEMA, ROLE_SCHEMA
from hiring_kb.sources.settings_schema import SETTINGS_SCHEMA

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 6),
    st.sampled_from([1.0, 2.5, 4.0, float("nan")]),
    st.sampled_from(
        ["", "ana", "Ana Silva", "2026-03-02", "2026-3-2", "yes", "strong-no", "technical", "A B", "x" * 3]
    ),
)
_KEY_NAMES = ["interviewer", "date", "stage", "ratings", "recommendation", "code", "english", "name", "role"]
_KEY_NAMES += ["status", "applied", "decided_on", "tags", "planned", "title", "competencies", "stages", "id", "weight"]
_KEYS = st.sampled_from([*_KEY_NAMES, "extra", 1])
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=12,
)

_INTERVIEW = {"interviewer": "ana", "date": "2026-03-02", "stage": "technical", "ratings": {"code": 3}}
_CANDIDATE = {"name": "Ana Silva", "role": "backend", "stage": "screen", "status": "active", "applied": "2026-03-01"}


def _agrees(schema: dict[str, Any], data: Any) -> None:
    exact = Draft202012Validator(schema).is_valid(data)
    assert not surely_valid(schema, data) or exact  # never "valid" for data with an error
    if exact and not _has_float_or_bool(data):  # what it is unsure of: floats and booleans (jsonschema's equality)
        assert surely_valid(schema, data) or _has_other_enum_value(data)


def _has_float_or_bool(data: Any) -> bool:
    if isinstance(data, (bool, float)):
        return True
    if isinstance(data, dict):
        return any(_has_float_or_bool(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_float_or_bool(v) for v in data)
    return False


def _has_other_enum_value(data: Any) -> bool:
    """A number where a choice of text is expected, or tags that are not all text."""
    return isinstance(data, dict) and (
        any(isinstance(data.get(key), int) for key in ("recommendation", "status"))
        or (isinstance(data.get("tags"), list) and not all(isinstance(t, str) for t in data["tags"]))
    )


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=7), st.sampled_from([INTERVIEW_SCHEMA, CANDIDATE_SCHEMA, ROLE_SCHEMA]))
def test_quick_check_never_passes_what_jsonschema_fails(data: dict[Any, Any], schema: dict[str, Any]) -> None:
    _agrees(schema, data)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=3), st.sampled_from([_INTERVIEW, _CANDIDATE]))
def test_near_valid_files_get_the_same_answer(changes: dict[Any, Any], base: dict[str, Any]) -> None:
    schema = INTERVIEW_SCHEMA if base is _INTERVIEW else CANDIDATE_SCHEMA
    _agrees(schema, {**base, **changes})


def test_a_valid_scorecard_is_valid_and_each_error_is_left_to_jsonschema() -> None:
    assert surely_valid(INTERVIEW_SCHEMA, _INTERVIEW) is True
    assert surely_valid(INTERVIEW_SCHEMA, {**_INTERVIEW, "ratings": {"code": 5}}) is False
    assert surely_valid(INTERVIEW_SCHEMA, {**_INTERVIEW, "ratings": {"code": True}}) is False
    assert surely_valid(INTERVIEW_SCHEMA, {**_INTERVIEW, "recommendation": "maybe"}) is False
    assert surely_valid(INTERVIEW_SCHEMA, {**_INTERVIEW, "notes": "x"}) is False
    assert surely_valid(INTERVIEW_SCHEMA, {"interviewer": "ana", "date": "2026-03-02"}) is False
    assert surely_valid(INTERVIEW_SCHEMA, {**_INTERVIEW, "interviewer": "Ana"}) is False


def test_a_keyword_it_does_not_know_is_left_to_jsonschema() -> None:
    assert surely_valid({"multipleOf": 2}, 4) is False
    assert surely_valid({"type": "object", "patternProperties": {"^a": {}}}, {}) is False


_SETTINGS_KEYS = ["fit", "bar", "strong_fit", "audiences", "roles", "group", "deploy", "target", "path", "keep"]
_SETTINGS_KEYS += ["dir", "git", "rsync", "all", "retention", "days", "lint", "protected", "port", "host", "x"]
_SETTINGS_VALUES = st.recursive(
    st.one_of(st.none(), st.integers(-1, 30), st.sampled_from([0.5, 2.0, True]), st.sampled_from(_SETTINGS_KEYS)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_SETTINGS_KEYS), inner, max_size=4),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(_SETTINGS_KEYS), _SETTINGS_VALUES, max_size=5))
def test_quick_check_of_hiring_yml_never_passes_what_jsonschema_fails(data: dict[Any, Any]) -> None:
    assert not surely_valid(SETTINGS_SCHEMA, data) or Draft202012Validator(SETTINGS_SCHEMA).is_valid(data)


def test_const_and_exclusive_minimum_as_jsonschema_reads_them() -> None:
    assert surely_valid({"const": "all"}, "all") is True
    assert surely_valid({"const": "all"}, "some") is False
    assert surely_valid({"anyOf": [{"const": "all"}, {"type": "array"}]}, ["backend"]) is True
    assert surely_valid({"exclusiveMinimum": 0}, 0) is False
    assert surely_valid({"exclusiveMinimum": 0}, 1) is True


_INSTANCES = st.one_of(st.integers(-2, 5), st.booleans(), st.none(), st.text(max_size=2), st.lists(st.integers(0, 2)))
_CHOICES = st.one_of(st.integers(-2, 5), st.booleans(), st.none(), st.sampled_from(["1", "a"]), st.just(1.0))


@settings(max_examples=600, deadline=None)
@given(_INSTANCES, st.lists(_CHOICES, max_size=4))
def test_enum_of_whole_numbers_as_jsonschema_compares_them(instance: Any, choices: list[Any]) -> None:
    schema = {"enum": choices}
    exact = Draft202012Validator(schema).is_valid(instance)
    assert not surely_valid(schema, instance) or exact
    if isinstance(instance, int) and not isinstance(instance, bool):  # whole numbers: always decided
        assert surely_valid(schema, instance) == exact
