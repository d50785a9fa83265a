"""Minimal, comment-keeping edits of YAML data files: one value, one list item, one small block.

:func:`set_top_level` changes one top-level value of a YAML mapping and keeps every other byte
(comments, key order, quoting, indentation). A plain ruamel.yaml dump would re-indent sequences
and re-wrap long lines, so instead ruamel.yaml's composer locates the value, ruamel.yaml renders
the new scalar (:func:`yaml_scalar`), the text is spliced, and the result is loaded again with
ruamel.yaml and compared with the intended data before it is returned. :func:`append_to_list`
(a ``history:`` entry) and :func:`set_block` (the ``decision:`` mapping) work the same way.

Every function here maps text to text (``\\n`` endings) and writes nothing: the bytes, BOM, CRLF
endings and the atomic write are :mod:`hiring_kb.authoring.atomic_files`.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from hiring_kb.sources.yamlio import new_yaml


def yaml_scalar(value: Any, quote: str | None = None) -> str:
    """Render one value as YAML 1.2 flow text, the way ruamel.yaml would write it.

    ``None`` → ``""`` (an empty value); a ``datetime.date`` → ``2026-11-30``;
    strings stay plain unless they would read back as something else
    (``"null"``, ``"1"``, ``"a: b"`` get quotes). ``quote`` (``'"'`` or ``"'"``)
    forces that quote style, to keep the style of the value being replaced.
    """
    if value is None:
        return ""
    if isinstance(value, str) and quote == '"':
        value = DoubleQuotedScalarString(value)
    elif isinstance(value, str) and quote == "'":
        value = SingleQuotedScalarString(value)
    yaml = new_yaml()
    yaml.width = 1 << 16  # never fold a value over two lines
    buffer = io.StringIO()
    yaml.dump({"k": value}, buffer)
    text = buffer.getvalue()
    assert text.startswith("k: ")
    return text[len("k: ") :].rstrip("\n").removesuffix("\n...").rstrip("\n")


def _top_level_nodes(text: str) -> MappingNode:
    node = new_yaml().compose(text)
    if not isinstance(node, MappingNode):
        raise ValueError("the file is not 'key: value' lines")
    return node


def plain_data(data: Any) -> Any:
    """ruamel round-trip data → plain dicts/lists/scalars, for comparing two loads."""
    if isinstance(data, dict):
        return {k: plain_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain_data(v) for v in data]
    return data if data is None or isinstance(data, (bool, int, float)) else str(data)


def set_top_level(text: str, key: str, value: Any, *, after: str | None = None) -> str:
    """Return ``text`` (a block-style YAML mapping) with top-level ``key`` set to ``value``.

    Only the characters of the old value change; when ``key`` is absent, one
    ``key: value`` line is inserted after the line of top-level key ``after``
    (at the end when ``after`` is absent too). A quoted old value keeps its
    quote style. ``value`` None empties the value (``key:``).

    Raises:
        ValueError: when the text is not a block mapping, the value to replace is
            not a scalar, or the edited text does not load back to exactly the
            intended data (nothing should be written then).
    """
    root = _top_level_nodes(text)
    if root.flow_style:
        raise ValueError("the file is written as one {...} line; edit it by hand")
    before = plain_data(new_yaml().load(text))
    pairs = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
    if key in pairs:
        key_node, value_node = pairs[key]
        if not isinstance(value_node, ScalarNode):
            raise ValueError(f"'{key}' holds a list or indented lines, not a single value")
        start, end = value_node.start_mark.index, value_node.end_mark.index
        if start == end:  # empty value: ruamel marks it at the next token; write right after the colon
            colon = text.index(":", key_node.end_mark.index)
            start = end = colon + 1
            new = " " + yaml_scalar(value) if value is not None else ""
        else:
            quote = value_node.style if value_node.style in ('"', "'") else None
            new = yaml_scalar(value, quote)
            if value is None and text[start - 1 : start] == " ":
                start -= 1  # 'key: old' → 'key:' rather than 'key: '
        edited = text[:start] + new + text[end:]
    else:
        line = f"{key}: {yaml_scalar(value)}".rstrip() + "\n"
        if after in pairs:
            anchor = pairs[after][1].end_mark.index
            cut = text.find("\n", anchor)
            cut = len(text) if cut < 0 else cut + 1
        else:
            cut = len(text)
        prefix = text[:cut] if text[:cut].endswith("\n") or not text[:cut] else text[:cut] + "\n"
        edited = prefix + line + text[cut:]
    expected = dict(before)
    expected[key] = None if value is None else (value.isoformat() if isinstance(value, dt.date) else value)
    if plain_data(new_yaml().load(edited)) != plain_data(expected):
        raise ValueError(f"setting '{key}' would change other values; edit the file by hand")
    return edited


def _last_leaf(node: Node) -> Node:
    """The last scalar (or flow collection) of a node: where its text really ends.

    A block collection's end mark is the start of the next token, past comments and blank lines
    that belong to what follows; its last leaf ends on the collection's last line.
    """
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node


def _line_end(text: str, index: int) -> int:
    """The index just after the newline that ends the line holding ``index`` (or the text's end)."""
    cut = text.find("\n", index)
    return len(text) if cut < 0 else cut + 1


def _entry_end(text: str, key_node: Node, value_node: Node) -> int:
    """Index just after the last line of a top-level ``key: value`` entry (its value's last leaf)."""
    leaf = _last_leaf(value_node)
    if leaf.start_mark.index == leaf.end_mark.index:  # empty value: marked at the next token
        return _line_end(text, key_node.end_mark.index)
    return _line_end(text, leaf.end_mark.index - 1)


def _verified(before_text: str, edited: str, key: str, value: Any) -> str:
    """``edited`` if it loads to the data of ``before_text`` with ``key`` set to ``value`` (None: removed)."""
    expected = dict(plain_data(new_yaml().load(before_text)))
    if value is None:
        expected.pop(key, None)
    else:
        expected[key] = plain_data(value)
    if plain_data(new_yaml().load(edited)) != expected:
        raise ValueError(f"changing '{key}' would change other values; edit the file by hand")
    return edited


def flow_mapping(values: dict[str, Any]) -> str:
    """``{date: 2026-11-30, stage: technical}``: one YAML flow mapping on one line (None values left out)."""
    return "{" + ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in values.items() if v is not None) + "}"


def append_to_list(text: str, key: str, item: dict[str, Any], *, before: str | None = None) -> str:
    """Return ``text`` with ``item`` appended to the top-level list ``key`` as one ``- {…}`` line.

    A block list gets the line after its last item, indented like its items; an empty value or ``[]``
    becomes a block list; a non-empty ``[…]`` list gets ``, {…}`` before its ``]``. When ``key`` is
    absent, ``key:`` and the item are inserted before the line of top-level key ``before`` (at the end
    when that is absent too). Every other byte is kept.

    Raises:
        ValueError: when ``key`` holds something else than a list, the text is not a block mapping, or
            the result would not load back to exactly the old data plus the item.
    """
    root = _top_level_nodes(text)
    if root.flow_style:
        raise ValueError("the file is one {...} flow mapping; edit it by hand")
    pairs = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
    data = new_yaml().load(text)
    old = data.get(key)
    if old is not None and not isinstance(old, list):
        raise ValueError(f"'{key}' holds a single value or a mapping, not a list")
    line = flow_mapping(item)
    if key not in pairs:
        block = f"{key}:\n  - {line}\n"
        cut = text.rfind("\n", 0, pairs[before][0].start_mark.index) + 1 if before in pairs else len(text)
        prefix = text[:cut] if not text[:cut] or text[:cut].endswith("\n") else text[:cut] + "\n"
        edited = prefix + block + text[cut:]
    else:
        key_node, value_node = pairs[key]
        if isinstance(value_node, SequenceNode) and not value_node.flow_style and value_node.value:
            first = value_node.value[0]
            line_start = text.rfind("\n", 0, first.start_mark.index) + 1
            dash = text.rfind("-", line_start, first.start_mark.index)
            indent = text[line_start:dash] if dash >= line_start else "  "
            cut = _entry_end(text, key_node, value_node)
            prefix = text[:cut] if text[:cut].endswith("\n") else text[:cut] + "\n"
            edited = prefix + f"{indent}- {line}\n" + text[cut:]
        elif isinstance(value_node, SequenceNode) and value_node.value:  # [a, b]
            close = text.rindex("]", 0, value_node.end_mark.index)
            edited = text[:close].rstrip() + f", {line}" + text[close:]
        else:  # empty value or []
            if isinstance(value_node, SequenceNode):
                start, end = value_node.start_mark.index, value_node.end_mark.index
            else:
                start = end = text.index(":", key_node.end_mark.index) + 1
            comment_end = _line_end(text, end)
            tail = text[end:comment_end].rstrip("\n")
            edited = text[:start].rstrip(" ") + tail + f"\n  - {line}\n" + text[comment_end:]
    return _verified(text, edited, key, [*(old or []), item])


def set_block(text: str, key: str, value: dict[str, Any] | None, *, after: str | None = None) -> str:
    """Return ``text`` with top-level ``key`` set to the small mapping ``value`` written as a block
    (``key:`` then one ``  name: value`` line each, lists in ``[…]``), or removed when ``value`` is None.

    The lines of the old value are replaced; when ``key`` is absent, the block goes after the line of
    top-level key ``after`` (at the end when that is absent too). Every other byte is kept.

    Raises:
        ValueError: when the result would not load back to exactly the intended data.
    """
    root = _top_level_nodes(text)
    if root.flow_style:
        raise ValueError("the file is one {...} flow mapping; edit it by hand")
    pairs = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}

    def scalar_or_list(item: Any) -> str:
        if isinstance(item, (list, tuple)):
            return "[" + ", ".join(yaml_scalar(v) for v in item) + "]"
        return yaml_scalar(item)

    block = (
        ""
        if value is None
        else f"{key}:\n"
        + "".join(
            f"  {name}: {scalar_or_list(item)}\n" for name, item in value.items() if item not in (None, "", [], ())
        )
    )
    if key in pairs:
        key_node, value_node = pairs[key]
        start = text.rfind("\n", 0, key_node.start_mark.index) + 1
        end = _entry_end(text, key_node, value_node)
        edited = text[:start] + block + text[end:]
    elif value is None:
        return text
    else:
        cut = _entry_end(text, *pairs[after]) if after in pairs else len(text)
        prefix = text[:cut] if not text[:cut] or text[:cut].endswith("\n") else text[:cut] + "\n"
        edited = prefix + block + text[cut:]
    plain = (
        None
        if value is None
        else {k: list(v) if isinstance(v, tuple) else v for k, v in value.items() if v not in (None, "", [], ())}
    )
    return _verified(text, edited, key, plain)
