"""Where in a source file a schema failure is, and how that place reads in a message.

A failure of :func:`hiring_kb.sources.schemas.check_schema` comes with a data path (``["competencies", 2,
"weight"]``); the functions here turn it into a line and column (:func:`value_position`) and into
words (:func:`place_in_words`: ``weight of competency 'design'``). The messages themselves are
worded in :mod:`hiring_kb.sources.schema_messages`; the schemas are in :mod:`hiring_kb.sources.schemas`.
"""

from __future__ import annotations

import re
from typing import Any

from hiring_kb.base.diagnostics import Position
from hiring_kb.sources.yamlio import YamlDoc


def _container_and_key(doc: YamlDoc, path: list[Any]) -> tuple[Any, Any]:
    """Walk ``doc.data`` along ``path``; return the parent container and the last key."""
    parent: Any = None
    node: Any = doc.data
    key: Any = None
    for step in path:
        parent, key = node, step
        node = node[step]
    return parent, key


def value_position(doc: YamlDoc, path: list[Any]) -> Position:
    """Where the value at data ``path`` (keys and 0-based list indexes) starts in the file; the
    document itself for an empty path. May re-parse the file round-trip (see :class:`YamlDoc`)."""
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


def place_in_words(doc: YamlDoc, path: list[Any]) -> str:
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


def in_place(path: list[Any], doc: YamlDoc | None = None) -> str:
    """`` in competencies[2]`` for a nested place; nothing for the file's own keys."""
    return f" in {place_in_words(doc, path) if doc is not None else _dotted(path)}" if path else ""


def top_level_value(doc: YamlDoc, key: Any) -> Position | None:
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


def node_at(doc: YamlDoc, path: list[Any]) -> Any:
    """The value at data ``path`` (keys and 0-based list indexes) of ``doc``; raises KeyError or
    IndexError when the path is not in the data."""
    node = doc.data
    for step in path:
        node = node[step]
    return node
