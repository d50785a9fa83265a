"""A fast reader for the plainest YAML there is: ``key: value`` lines, as in a scorecard's front matter.

Part of :mod:`hiring_kb.sources.yamlio`'s fast path (:func:`hiring_kb.sources.yaml_reading.parse_yaml`). Front matter
is almost always lines such as ``interviewer: ana``, ``ratings: {code: 3, english: 4}`` or an indented
block under ``ratings:``. :func:`read_plain_mapping` reads exactly that shape and nothing else: every
key and value one word of letters, digits, ``.``, ``_`` and ``-`` (no quotes, comments, lists, spaces
inside a value, tabs or trailing blanks), nested at most once, no key twice. For any other text it
returns None and the full YAML loader reads the text as before.

What each word means (text, whole number, true, empty...) is not decided here: the first time a
word is seen, libyaml's loader itself reads it (``k: <word>``) and the answer is kept, so the result
is the loader's own, value for value. Positions and messages stay in the modules that need them.
"""

from __future__ import annotations

import re
from typing import Any

#: One word: what a plain scalar of these characters means does not depend on where it stands.
_WORD = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_LINE = re.compile(rf"({_WORD}):(?: ({_WORD}|\{{\}}|\{{{_WORD}: {_WORD}(?:, {_WORD}: {_WORD})*\}}))?")
_NESTED = re.compile(rf"  ({_WORD}):(?: ({_WORD}))?")
_FLOW_ITEM = re.compile(rf"({_WORD}): ({_WORD})")

_MEANING: dict[str, Any] = {}


class _NotPlain(Exception):
    """The text is not of the plain shape; the full loader must read it."""


def read_plain_mapping(text: str, loader: Any) -> dict[Any, Any] | None:
    """The mapping ``loader`` (libyaml's, :data:`hiring_kb.sources.yaml_loaders._FAST`) would read from ``text``,
    when ``text`` has the plain shape of the module docstring; else None. Never raises."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return None
    try:
        return _read(lines, loader)
    except _NotPlain:
        return None


def _read(lines: list[str], loader: Any) -> dict[Any, Any]:
    data: dict[Any, Any] = {}
    block: dict[Any, Any] | None = None  # the mapping under a key with no value, while its lines come
    for line in lines:
        nested = _NESTED.fullmatch(line)
        if nested is not None:
            if block is None:
                raise _NotPlain  # an indented line under a key with a value, or at the start
            _put(block, _meaning(nested.group(1), loader), _value(nested.group(2), loader))
            continue
        found = _LINE.fullmatch(line)
        if found is None:
            raise _NotPlain
        key, value = _meaning(found.group(1), loader), found.group(2)
        if value is None:
            block = _Block()
            _put(data, key, block)
            continue
        block = None
        _put(data, key, _flow(value, loader) if value.startswith("{") else _value(value, loader))
    # a key with no value and no lines under it is empty
    return {key: (dict(value) or None) if isinstance(value, _Block) else value for key, value in data.items()}


def _put(mapping: dict[Any, Any], key: Any, value: Any) -> None:
    if key in mapping or not _hashable_scalar(key):
        raise _NotPlain  # a key twice: the full loader reports it
    mapping[key] = value


def _hashable_scalar(key: Any) -> bool:
    return isinstance(key, (str, int, float, bool)) or key is None


class _Block(dict[Any, Any]):
    """The mapping under a key with no value on its line (empty when no indented line follows)."""


def _value(word: str | None, loader: Any) -> Any:
    return None if word is None else _meaning(word, loader)


def _flow(text: str, loader: Any) -> dict[Any, Any]:
    flow: dict[Any, Any] = {}
    for key, value in _FLOW_ITEM.findall(text):
        _put(flow, _meaning(key, loader), _meaning(value, loader))
    return flow


def _meaning(word: str, loader: Any) -> Any:
    """What the loader reads ``word`` as (asked once per word and process)."""
    try:
        return _MEANING[word]
    except KeyError:
        pass
    try:
        read = loader.load(f"k: {word}\n")
    except Exception as exc:
        raise _NotPlain from exc
    if not isinstance(read, dict) or list(read) != ["k"] or not _hashable_scalar(read["k"]):
        raise _NotPlain
    _MEANING[word] = read["k"]
    return read["k"]
