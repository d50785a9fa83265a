"""ruamel.yaml's parse errors said in the words of the people who write the files, at the right line.

Part of :mod:`hiring_kb.sources.yamlio` (the module other code imports). Every duplicate key is
reported; a layout mistake (:mod:`hiring_kb.sources.yaml_layout`) is reported instead of ruamel's
message when one is found; otherwise ruamel's message is explained from a table.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hiring_kb.base.diagnostics import Diagnostic, Position, error
from hiring_kb.sources.yaml_layout import _layout_problem
from hiring_kb.sources.yaml_loaders import _ROUND_TRIP

#: (context, problem) fragments of ruamel's messages → (point at the context?, message, hint).
_SYNTAX_EXPLAINED = (
    ("quoted scalar", "end of stream", True, "a quoted value is never closed", "add the closing quote"),
    ("flow mapping", "<stream end>", True, "a '{' is never closed", "add the closing '}'"),
    ("flow sequence", "<stream end>", True, "a '[' is never closed", "add the closing ']'"),
    (
        "flow mapping",
        "expected ',' or '}'",
        True,
        "this '{' is not closed on its line, or two of its values have no ',' between them",
        "write it on one line with a ', ' between the values and a '}' at the end: {english: 3, code: 2}",
    ),
    (
        "flow sequence",
        "expected ',' or ']'",
        True,
        "this '[' is not closed on its line, or two of its items have no ',' between them",
        "write it on one line with a ', ' between the items and a ']' at the end: [remote, senior]",
    ),
    (
        "",
        "mapping values are not allowed here",
        False,
        "a second ': ' on one line",
        "put each key on its own line; a value that contains ': ' must be in quotes, e.g. source: \"referral: Ana\"",
    ),
    (
        "",
        "could not find expected ':'",
        False,
        "a line that is not 'key: value'",
        "continue long text on indented lines, or put it in quotes",
    ),
    (
        "",
        "expected <block end>",
        False,
        "this line is indented differently from the keys around it",
        "line it up with the keys of the same level (spaces only)",
    ),
    ("", "found unexpected end of stream", True, "a quoted value is never closed", "add the closing quote"),
    (
        "",
        "found undefined",
        False,
        "a '*' or '&' cannot start a value",
        'put the whole value in quotes, e.g. "*urgent*"',
    ),
    (
        "",
        "block sequence entries are not allowed here",
        False,
        "a '- ' item cannot follow a value on this line",
        "put each '- ' item on its own line under a 'key:' line with no value",
    ),
    (
        "",
        "expected the node content",
        False,
        "a value is missing here",
        "write the value after 'key: ', or remove the line",
    ),
    (
        "",
        "found a tab character",
        False,
        "a tab character in YAML",
        "replace the tab with spaces; YAML indentation must be spaces",
    ),
)


def _syntax_errors(
    exc: MarkedYAMLError, text: str, path: str, line_offset: int, front_matter: bool
) -> list[Diagnostic]:
    """Turn ruamel's error into diagnostics at the line of the mistake, in words of the file's author.

    Every duplicate key is reported (ruamel stops at the first); a layout mistake at or before the
    line where ruamel got lost (see :func:`_layout_problem`) is reported instead of ruamel's message.
    """
    problem = (exc.problem or exc.context or "").strip()
    if "duplicate key" in problem:
        return _duplicate_keys(text, path, line_offset) or [_syntax_error(exc, path, line_offset)]
    mark = exc.problem_mark or exc.context_mark
    if mark is not None:
        layout = _layout_problem(text, path, line_offset, mark.line, front_matter)
        if layout is not None:
            return [layout]
    return [_syntax_error(exc, path, line_offset)]


def _duplicate_keys(text: str, path: str, line_offset: int) -> list[Diagnostic]:
    """One ``duplicate-key`` error for every repeated key of every block, naming the line of the first."""
    try:
        root = _ROUND_TRIP.compose(text)
    except Exception:  # noqa: BLE001 - another error in the text: the caller reports the first duplicate
        return []
    found: list[Diagnostic] = []
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            first: dict[str, Node] = {}
            for key, value in node.value:
                stack.append(value)
                if not isinstance(key, ScalarNode):
                    continue
                if key.value not in first:
                    first[key.value] = key
                    continue
                earlier = first[key.value].start_mark.line + 1 + line_offset
                found.append(
                    error(
                        Position(path, key.start_mark.line + 1 + line_offset, key.start_mark.column + 1),
                        "duplicate-key",
                        f"'{key.value}' is given twice: here and on line {earlier}",
                        f"keep one '{key.value}:' line: delete this one or the one on line {earlier}",
                    )
                )
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return sorted(found, key=Diagnostic.sort_key)


def _syntax_error(exc: MarkedYAMLError, path: str, line_offset: int) -> Diagnostic:
    """Turn ruamel's error into one diagnostic, explained where the message is cryptic."""
    context = (exc.context or "").strip()
    problem = (exc.problem or context or "invalid YAML").strip()
    mark = exc.problem_mark or exc.context_mark
    message, hint = _UNEXPLAINED
    if "duplicate key" in problem:
        return error(
            _mark(mark, path, line_offset), "duplicate-key", problem, "each key may appear once; merge the two entries"
        )
    for in_context, in_problem, at_context, explained, explained_hint in _SYNTAX_EXPLAINED:
        if in_context in context and in_problem in problem:
            if at_context and exc.context_mark is not None:
                mark = exc.context_mark
            message, hint = f"invalid YAML: {explained}", explained_hint
            break
    else:
        character = re.search(r"found character '(.)' that cannot start", problem)
        if character:
            message = f"invalid YAML: a value cannot start with '{character.group(1)}'"
            hint = f'put the whole value in quotes, e.g. "{character.group(1)}..."'
    return error(_mark(mark, path, line_offset), "yaml-syntax", message, hint)


#: What is said of a parse error no entry of :data:`_SYNTAX_EXPLAINED` explains: ruamel's own
#: words ("expected <block end>, but found '<scalar>'") mean nothing to the people who write these files.
_UNEXPLAINED = (
    "invalid YAML: this line cannot be read as 'key: value' lines",
    "check the line and the one above: each line is 'key: value' (two spaces before the keys under "
    "another key), and a value with ': ' or a leading special character is put in quotes",
)


def _mark(mark: Any, path: str, line_offset: int) -> Position:
    return Position(path, mark.line + 1 + line_offset, mark.column + 1) if mark is not None else Position(path)
