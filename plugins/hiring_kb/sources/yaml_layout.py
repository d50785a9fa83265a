"""The likeliest layout mistakes of hand-written YAML, found line by line and explained at their own line.

Part of :mod:`hiring_kb.sources.yamlio` (the module other code imports): a key without the space after
its colon, a line indented more than the one above or to no level above, a rating left at the
margin, a line of prose among ``key: value`` lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hiring_kb.base.diagnostics import Diagnostic, Position, error

#: ``key:value`` with no space after the colon (``english:4``); a URL (``x:/``, ``x://``) is not one.
_NO_SPACE = re.compile(r"(?:- +)?([A-Za-z_][\w-]*):(?![/:\s])(\S.*)")
#: ``key:`` or ``key: value`` (a plain key), possibly as the first key of a ``- `` item.
_KEY_LINE = re.compile(r"(?:- +)?([A-Za-z_][\w .-]*?|\d+):(?:[ \t]+(.*))?")
_ITEM_LINE = re.compile(r"-(?:[ \t]+(.*))?")
#: ``recommendation yes``: a key and a short value with the ':' left out.
_NO_COLON = re.compile(r"([a-z_][\w-]*)[ \t]+(\S+(?:[ \t]+\S+)?)")


@dataclass(frozen=True)
class _Line:
    number: int  # 0-based line of the YAML text
    indent: int  # spaces before the text
    inner: int  # column of the text after any '- ' item markers (where an item's keys line up)
    marks: tuple[int, ...]  # the column after each '- ' marker ('- - a' has two)
    text: str  # the line without its indentation
    key: str | None  # the key of a 'key:' line
    value: str  # what follows 'key:' (comment removed), '' when nothing


def _layout_lines(text: str) -> list[_Line] | None:
    """The lines of block-style YAML with their indentation, block text (``|``, ``>``) skipped.

    None when a quote or bracket spans lines, which makes a line-by-line reading unreliable
    (ruamel's own message is used then).
    """
    lines: list[_Line] = []
    block_text_over: int | None = None  # lines indented more than this belong to a '|' or '>' value
    for number, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", "%")) or stripped in ("---", "..."):
            continue  # blank, a comment, a directive or a document marker (reported on their own)
        body = raw.lstrip(" ")
        indent = len(raw) - len(body)
        if block_text_over is not None:
            if indent > block_text_over:
                continue
            block_text_over = None
        if body.startswith(("? ", ": ")) or body in ("?", ":"):
            return None  # an explicit '? key': too rare here to read line by line
        marks = _item_marks(body, indent)
        inner = marks[-1] if marks else indent
        key, value = None, _without_comment(body[inner - indent :])
        match = _KEY_LINE.fullmatch(_without_comment(body))
        if match is not None and _NO_SPACE.fullmatch(body) is None:
            key, value = match.group(1), (match.group(2) or "").strip()
        if value[:1] in ("|", ">"):
            block_text_over = indent
        elif not _closed_on_its_line(value):
            return None
        lines.append(_Line(number, indent, inner, marks, body, key, value))
    return lines


def _item_marks(body: str, indent: int) -> tuple[int, ...]:
    """The column after each leading '- ' marker of a line (``- - a`` at indent 2: 4 and 6)."""
    marks: list[int] = []
    at = 0
    while True:
        match = re.match(r"-[ \t]+", body[at:])
        if match is None:
            return tuple(marks)
        at += match.end()
        marks.append(indent + at)


def _closed_on_its_line(value: str) -> bool:
    """True unless ``value`` opens a quote, '[' or '{' that it does not close."""
    if value[:1] in ("'", '"'):
        return len(value) > 1 and value.endswith(value[0])
    if value[:1] in ("[", "{"):
        return value.count("[") + value.count("{") == value.count("]") + value.count("}")
    return True


def _without_comment(text: str) -> str:
    """``text`` without a trailing `` # comment`` (a '#' after a space starts one)."""
    match = re.search(r"(?:^|[ \t])#", text)
    return text[: match.start()].rstrip() if match else text.rstrip()


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"


def _layout_problem(text: str, path: str, line_offset: int, before: int, front_matter: bool) -> Diagnostic | None:
    """The first likely layout mistake at or before 0-based line ``before`` of ``text``.

    ruamel reports where it got lost, which is often the line *after* the mistake and in parser
    words ("mapping values are not allowed here"). The mistakes people make in these small files
    are few: a key typed without the space after its colon (``english:4``), a line indented more
    than the line above (three spaces instead of two), a line indented to no level above, a rating
    left at the margin under ``ratings:``, and a line of prose. Each is reported at its own line
    with what to type; None when no such line is found (then ruamel's explained message is used).
    """
    lines = _layout_lines(text)
    if lines is None:
        return None
    previous: list[_Line] = []  # the lines read so far, long text continued on indented lines left out
    levels = [0]  # indentation of the open blocks
    for line in lines:
        if line.number > before:
            break
        pos = Position(path, line.number + 1 + line_offset, line.indent + 1)
        missing = _NO_SPACE.fullmatch(line.text)
        if missing is not None:
            key, value = missing.group(1), missing.group(2)
            return error(pos, "yaml-syntax", f"'{key}:{value}' needs a space after the ':'", f"write '{key}: {value}'")
        above = previous[-1] if previous else None
        is_item = _ITEM_LINE.fullmatch(line.text) is not None
        if above is not None and line.indent > above.indent:
            if above.key is not None and not above.value:
                levels.append(line.indent)  # the first line under 'key:'
            elif line.indent in above.marks:
                pass  # the second key of a '- key: value' item, or the next item of a '- - a' list
            elif line.key is not None or is_item:
                return _over_indented(line, above, previous, path, line_offset)
            else:
                continue  # long text continued on an indented line
        elif line.indent not in levels:
            return _off_level(line, levels, previous, path, line_offset)
        else:
            while levels[-1] > line.indent:
                levels.pop()
        levels.extend(mark for mark in line.marks if mark > levels[-1])
        if line.key is None and not is_item:
            return _not_a_key_line(line, pos, front_matter)
        previous.append(line)
    return None


def _off_level(line: _Line, levels: list[int], previous: list[_Line], path: str, line_offset: int) -> Diagnostic:
    """A line not indented more than the line above, and to none of the open ``levels``."""
    alone = []  # the lines of the innermost open block so far
    for earlier in reversed(previous):
        if earlier.indent < levels[-1]:
            break
        if earlier.indent == levels[-1]:
            alone.append(earlier)
    if len(alone) == 1 and line.indent - max(lv for lv in levels if lv < line.indent) == 2:
        # 'ratings:' / '   code: 2' / '  design: 3': the one line at the odd level is the mistake
        odd = alone[0]
        return error(
            Position(path, odd.number + 1 + line_offset, odd.indent + 1),
            "yaml-syntax",
            f"'{_clip(odd.text)}' is indented by {_spaces(odd.indent)}, the line below by {_spaces(line.indent)}",
            f"line it up with the line below: {_spaces(line.indent)} before '{_clip(odd.text)}'",
        )
    return _between_levels(line, levels, path, line_offset)


def _not_a_key_line(line: _Line, pos: Position, front_matter: bool) -> Diagnostic:
    """A line of prose (or a key with its ':' left out) among ``key: value`` lines."""
    no_colon = _NO_COLON.fullmatch(line.text)
    if no_colon is not None:
        hint = f"add ':' after the key: '{no_colon.group(1)}: {no_colon.group(2)}'"
    elif front_matter:
        hint = "the notes go below the closing '---'; here every line is 'key: value'"
    else:
        hint = "every line is 'key: value' or a '- ' item; continue long text on lines indented under it"
    return error(pos, "yaml-syntax", f"'{_clip(line.text)}' is not a 'key: value' line", hint)


def _over_indented(line: _Line, above: _Line, previous: list[_Line], path: str, line_offset: int) -> Diagnostic:
    """A key indented more than the line above, which has a value (so nothing can be under it)."""
    opener = next((p for p in reversed(previous[:-1]) if p.indent <= above.indent), None)
    if opener is not None and opener.indent == above.indent and opener.key is not None and not opener.value:
        # 'ratings:' / 'code: 3' / '  design: 2': the line above is the one left at the margin
        width = line.indent - above.indent
        return error(
            Position(path, above.number + 1 + line_offset, above.indent + 1),
            "yaml-syntax",
            f"'{_clip(above.text)}' is not indented under '{opener.key}:'",
            f"indent it by {_spaces(width)} like the line below: '{' ' * line.indent}{_clip(above.text)}'",
        )
    return error(
        Position(path, line.number + 1 + line_offset, line.indent + 1),
        "yaml-syntax",
        f"'{_clip(line.text)}' is indented by {_spaces(line.indent)}, the line above by {_spaces(above.indent)}",
        f"line it up with the line above: {_spaces(above.indent)} before '{_clip(line.text)}'",
    )


def _between_levels(line: _Line, levels: list[int], path: str, line_offset: int) -> Diagnostic:
    """A line whose indentation matches no block above it (one space where the others have two)."""
    inner = max(level for level in levels if level < line.indent)
    outer = min((level for level in levels if level > line.indent), default=line.indent)
    return error(
        Position(path, line.number + 1 + line_offset, line.indent + 1),
        "yaml-syntax",
        f"'{_clip(line.text)}' is indented by {_spaces(line.indent)}, which lines up with no line above",
        f"use {_spaces(outer)} to keep it with the lines above it, or "
        + (f"{_spaces(inner)}" if inner else "none")
        + " to start a new key",
    )


def _clip(text: str, width: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"
