"""The diagnostics of a schema failure, in the words of the people who write the files.

:func:`to_diagnostics` turns one ``jsonschema`` error into ``path:line:col`` messages with a hint:
the failing schema's ``x-code`` and ``x-hint`` annotations win over the keyword's own wording.
The places in the file come from :mod:`hiring_kb.sources.schema_places`; the schemas themselves, the
validator and the codes (registered there) are in :mod:`hiring_kb.sources.schemas`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarint import ScalarInt

from hiring_kb.base.diagnostics import Diagnostic, Position, did_you_mean, error
from hiring_kb.sources.schema_places import in_place, node_at, place_in_words, top_level_value, value_position
from hiring_kb.sources.yamlio import YamlDoc

if TYPE_CHECKING:  # annotations only: the errors come from schemas._validator_for
    from jsonschema.exceptions import ValidationError


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


def to_diagnostics(doc: YamlDoc, exc: ValidationError, root: dict[str, Any]) -> list[Diagnostic]:
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
        self.where = place_in_words(self.doc, self.path)
        self.schema: dict[str, Any] = self.exc.schema if isinstance(self.exc.schema, dict) else {}
        self.code: str | None = self.schema.get("x-code")
        self.hint: str = self.schema.get("x-hint", "")
        self.value = self.exc.instance
        self.shown = _shown(self.value)

    @cached_property
    def at(self) -> Position:
        """The value's place (a round-trip re-parse: computed once, only when a message needs it)."""
        return value_position(self.doc, self.path)


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
    pos = f.doc.node(node_at(f.doc, f.path))
    return error(
        pos,
        "missing-key",
        f"'{missing}' is missing{in_place(f.path, f.doc)}",
        f"add a line '{missing}: ...' with its value",
    )


def _unknown_keys(f: _Failure) -> list[Diagnostic]:
    container = node_at(f.doc, f.path)
    allowed = list(f.schema.get("properties", {}))
    return [
        error(
            f.doc.key(container, extra),
            "unknown-key",
            f"unknown key '{extra}'{in_place(f.path, f.doc)}",
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
        f.doc.key(node_at(f.doc, f.path), bad),
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
    # A list this long makes the round-trip re-parse behind value_position slow: a top-level
    # 'key:' line of the text gives the same place directly.
    at = (top_level_value(f.doc, f.path[0]) if len(f.path) == 1 else None) or f.at
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
