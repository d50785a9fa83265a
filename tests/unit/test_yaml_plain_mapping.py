"""The plain front-matter reader gives what libyaml's loader gives, type for type, or stands aside."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring_kb.sources.yaml_loaders import _FAST
from hiring_kb.sources.yaml_plain_mapping import read_plain_mapping

pytestmark = pytest.mark.skipif(_FAST is None, reason="libyaml (ruamel.yaml.clib) is not installed")

_WORDS = ["ana", "code", "yes", "no", "null", "Null", "true", "False", "on", "y", "3", "012", "0o7", "0x1F", "1e3"]
_WORDS += ["1_000", "2026-09-24", "2026-02-30", "3.0", "nan", "inf", "strong-yes", "a.b", "k", "-1", "4"]
_WORD = st.sampled_from(_WORDS)
_FLOW = st.lists(st.tuples(_WORD, _WORD), max_size=3).map(
    lambda items: "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
)
_TOP = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", _WORD, _WORD),
    st.builds(lambda k, v: f"{k}: {v}", _WORD, _FLOW),
    st.builds(lambda k: f"{k}:", _WORD),
    st.builds(lambda k, v: f"  {k}: {v}", _WORD, _WORD),
    st.builds(lambda k: f"  {k}:", _WORD),
    st.sampled_from(
        ["", "# comment", "tags: [a, b]", "- item", "name: Ana Silva", "k: 'yes'", "   x: 1", "k:  v", "k: v "]
    ),
)


def _typed(value: Any) -> Any:
    """A value with the type of every part, so 1 and True and '1' differ."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _loaded(text: str) -> Any:
    try:
        return _FAST.load(text)  # skipped above when None
    except Exception:  # noqa: BLE001 - any failure: the plain reader must stand aside
        return None


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOP, min_size=1, max_size=6))
def test_plain_reader_agrees_with_libyaml(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    plain = read_plain_mapping(text, _FAST)
    if plain is not None:
        assert _typed(plain) == _typed(_loaded(text))


def test_a_scorecard_front_matter_is_read_plainly() -> None:
    text = "interviewer: ana\ndate: 2026-09-24\nstage: screen\nratings: {english: 3, ops: 4}\nrecommendation: no\n"
    assert read_plain_mapping(text, _FAST) == {
        "interviewer": "ana",
        "date": "2026-09-24",
        "stage": "screen",
        "ratings": {"english": 3, "ops": 4},
        "recommendation": "no",
    }
    assert read_plain_mapping("ratings:\n  code: 3\n  english:\nnotes:\n", _FAST) == {
        "ratings": {"code": 3, "english": None},
        "notes": None,
    }


def test_anything_else_is_left_to_the_loader() -> None:
    for text in ["a: 1\na: 2\n", "a: 'x'\n", "a: 1 # c\n", "  a: 1\n", "a: 1\n\nb: 2\n", "a: [1]\n", ""]:
        assert read_plain_mapping(text, _FAST) is None, text
