"""Values a ``#`` turned into comments: ``source: #referral`` reads as an empty value.

Part of :mod:`hiring_kb.sources.yamlio` (the module other code imports).
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hiring_kb.base.diagnostics import Diagnostic, Position, error
from hiring_kb.sources.yaml_layout import _clip
from hiring_kb.sources.yaml_positions import YamlDoc

#: A ``key: #text`` line: the '#' right before text makes it a comment, not the value.
_HASH_VALUE = re.compile(r"^[ \t]*(?:-[ \t]+)*[^\s#'\"][^#\n]*?:[ \t]+#\S", re.MULTILINE)


def values_emptied_by_hash(doc: YamlDoc) -> list[Diagnostic]:
    """``value-commented-out`` for each ``key: #text`` whose value is empty because of the ``#``.

    In YAML a ``#`` after a space starts a comment, so ``source: #referral`` and
    ``recommendation: #yes`` are empty values: the text is dropped without a word. A comment
    with a space after its ``#`` (``recommendation:  # strong-no | no ...``) is a real comment
    and is left alone. Returns errors positioned at the ``#``.
    """
    if doc.text is None or _HASH_VALUE.search(doc.text) is None:
        return []
    lines = doc.text.split("\n")
    found: list[Diagnostic] = []
    stack: list[Any] = [doc._twin_of(doc.data)]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedSeq):
            stack.extend(node)
        if not isinstance(node, CommentedMap):
            continue
        for key, value in node.items():
            if value is not None:
                stack.append(value)
                continue
            line, col = node.lc.key(key)
            if line is None or line >= len(lines):
                continue
            after = re.match(r"[^:]*:([ \t]+)(#(\S.*?))[ \t]*$", lines[line][col:])
            if after is None:
                continue
            comment, word = after.group(2), after.group(3)
            found.append(
                error(
                    Position(doc.path, line + 1 + doc.line_offset, col + after.start(2) + 1),
                    "value-commented-out",
                    f"{key} is empty: a '#' starts a comment, so '{_clip(comment)}' is ignored",
                    f"remove the '#' ({key}: {_clip(word)}) or put the value in quotes ({key}: \"{_clip(comment)}\")",
                )
            )
    return sorted(found, key=Diagnostic.sort_key)
