"""Where the ``private:`` block of a ``candidate.yml`` text is, and what it holds (plain or sealed).

:func:`find_block` locates the block as a character range of the text, with its comment and its
plain YAML text or sealed messages, so the ``invoke private-*`` commands
(:mod:`hiring_kb.authoring.private_commands`) can replace exactly that range and keep every other byte.
Reading the values is :mod:`hiring_kb.sources.private_fields`; checking them is :mod:`hiring_kb.sources.private_checks`.
Nothing here decrypts or writes files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode

from hiring_kb.sources.yamlio import new_yaml

PRIVATE_KEY = "private"
SEALED_KEY = "sealed"
#: Plain scalars YAML reads as "no value".
NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass(frozen=True)
class Block:
    """Where the ``private:`` block of a candidate.yml text is and what it holds.

    ``kind``: ``absent`` (no ``private:`` key), ``empty`` (no value), ``plain`` (values in clear:
    ``plaintext`` is the block's YAML text as written, un-indented), ``sealed`` (``messages``: the
    armored age messages, in order) or ``mixed`` (``sealed:`` next to plain keys, or a ``sealed:``
    that is not a list of texts). ``start``/``end``: the character range from the ``private:`` key
    to the end of its value (after its last line); ``comment``: the comment on the key's line.
    """

    kind: str
    start: int
    end: int
    comment: str = ""
    plaintext: str | None = None
    messages: tuple[str, ...] = ()


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The index just after the newline ending the line that holds ``index`` (or the text's end)."""
    cut = text.find("\n", index)
    return len(text) if cut < 0 else cut + 1


def _trailing_comment(line: str) -> str:
    """The ``# comment`` that ends a line of YAML (outside quotes), or ''."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[index:].rstrip("\n")
    return ""


def find_block(text: str, key_name: str = PRIVATE_KEY) -> Block:
    """Locate the ``private:`` block of ``text`` (a candidate.yml with ``\\n`` line endings), or
    the entry of another top-level ``key_name``.

    Raises ValueError when the text is not a block-style YAML mapping.
    """
    root = new_yaml().compose(text) if text.strip() else None
    if root is None:
        return Block("absent", len(text), len(text))
    if not isinstance(root, MappingNode) or root.flow_style:
        raise ValueError("the file is not a list of 'key: value' lines")
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == key_name:
            return _block(text, key, value)
    return Block("absent", len(text), len(text))


def _block(text: str, key: Any, value: Any) -> Block:
    start = key.start_mark.index
    key_line_end = _line_end(text, key.end_mark.index)
    on_key_line = value.start_mark.index < key_line_end and not (
        isinstance(value, ScalarNode) and value.start_mark.index == value.end_mark.index
    )
    if isinstance(value, ScalarNode) and (value.tag or "").endswith(":null") and value.value in NULLS:
        end = key_line_end if not on_key_line else _line_end(text, value.start_mark.index)
        return Block("empty", start, end, _trailing_comment(text[start:key_line_end]))
    if on_key_line and (getattr(value, "flow_style", False) or isinstance(value, ScalarNode)):
        end = _line_end(text, value.end_mark.index - 1)
        comment = _trailing_comment(text[value.end_mark.index : end])
        plaintext = text[value.start_mark.index : value.end_mark.index] + "\n"
    else:
        end = value.end_mark.index
        if end < len(text) and text[end - 1 : end] != "\n":
            end = _line_end(text, end)
        # Blank lines and column-0 comments before the next key belong to what follows.
        while end > key_line_end:
            previous = _line_start(text, end - 1)
            line = text[previous:end]
            if line.strip() and not line.startswith("#"):
                break
            end = previous
        comment = _trailing_comment(text[start:key_line_end])
        indent = value.start_mark.column
        lines = text[_line_start(text, value.start_mark.index) : end].split("\n")
        plaintext = "\n".join(_dedent(line, indent) for line in lines)
    data = new_yaml().load(plaintext)
    if isinstance(data, dict) and SEALED_KEY in data:
        sealed = data[SEALED_KEY]
        if len(data) == 1 and isinstance(sealed, list) and sealed and all(isinstance(m, str) for m in sealed):
            return Block("sealed", start, end, comment, None, tuple(str(m) for m in sealed))
        return Block("mixed", start, end, comment, plaintext)
    return Block("plain", start, end, comment, plaintext)


def _dedent(line: str, indent: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]
