"""Rules for the texts people read on the site: names and labels with letters, without invisible characters.

Called by the loader for every mapping that carries a name (a candidate, a role, a competency, a
stage): ``empty-slug`` (a name without any letter or digit), ``bidi-control`` (an invisible
bidirectional control in a text) and ``zero-width-name`` (a zero-width character in a
candidate's name, warning). :func:`plain_value_position` also serves the name index of
:mod:`hiring_kb.sources.candidate_rules`. Rules comparing dates or files are elsewhere (:mod:`hiring_kb.sources.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from hiring_kb.base.diagnostics import Diagnostic, Position, error, register_rules, warning
from hiring_kb.base.names import bidi_controls, slug, zero_width_characters
from hiring_kb.sources.yamlio import YamlDoc

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "empty-slug": "a candidate name, role title, competency or stage name without any letter or digit",
        "bidi-control": "an invisible bidirectional control (U+202E...) in a candidate's name, tags or a role's texts",
        "zero-width-name": "warning: an invisible zero-width character (U+200D...) in a candidate's name",
    },
)


def empty_slug(doc: YamlDoc, mapping: Any, key: str, what: str) -> list[Diagnostic]:
    """``empty-slug`` when the text under ``key`` has no letter or digit in any script (e.g. ``"—"``).

    Also the :func:`bidi_free` check of ``mapping``: the loader calls this once for each mapping
    that carries a name (candidate, role, competency, stage), which is where that check belongs.
    """
    found = bidi_free(doc, mapping, what.rsplit(" ", 1)[0])
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if not isinstance(value, str) or slug(value):
        return found
    return [
        *found,
        error(
            doc.value(mapping, key),
            "empty-slug",
            f"{what} '{value}' has no letters or digits",
            "write the real name: names are compared by their letters and digits to spot duplicates",
        ),
    ]


def _texts(node: Any, path: str) -> Iterable[tuple[str, str, Any, Any]]:
    """``(key path, text, parent, key in parent)`` of the strings under ``node``: its own values,
    lists of strings and mappings; not ``private:`` (never rendered) nor lists of mappings
    (competencies, stages, planned interviews: checked on their own)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(node, list):  # 'tag 2', counted as people count, not 'tags[1]'
            child = f"{path[:-1] if path.endswith('s') else path} {key + 1}"
        else:
            child = f"{path}.{key}" if path else str(key)
        if isinstance(value, str):
            yield child, value, node, key
        elif (isinstance(value, dict) and not (path == "" and key == "private")) or (
            isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value)
        ):
            yield from _texts(value, child)


def bidi_free(doc: YamlDoc, mapping: Any, owner: str) -> list[Diagnostic]:
    """``bidi-control`` for each text of ``mapping`` (see :func:`_texts`: a candidate's name, tags and
    source; a role's title and summary; a competency's name, description and rubric; a stage's name
    and questions) holding an invisible bidirectional control (:data:`names.BIDI_CONTROLS`).

    Such a character (U+202E RIGHT-TO-LEFT OVERRIDE…) makes the text display as something else than
    it is in headings, rankings and lists, while search and sorting see the real characters. The
    value is rejected rather than silently cleaned: what is rendered is what the file says. The
    message shows each control as ``[U+202E]`` so the terminal does not reorder the line itself.
    """
    found: list[Diagnostic] = []
    for path, text, parent, key in _texts(mapping, ""):
        controls = bidi_controls(text)
        if not controls:
            continue
        offsets = {offset for offset, _ in controls}
        shown = "".join(f"[U+{ord(ch):04X}]" if i in offsets else ch for i, ch in enumerate(text))
        labels = ", ".join(dict.fromkeys(label for _, label in controls))
        what = (
            "an invisible bidirectional control character"
            if len(controls) == 1
            else ("invisible bidirectional control characters")
        )
        where = doc.item(parent, key) if isinstance(parent, list) else doc.value(parent, key)
        found.append(
            error(
                where,
                "bidi-control",
                f"{owner} {path} '{shown}' contains {what} ({labels})",
                "retype the value (editors do not show these characters): they make the text display as "
                "something else on the site; Hebrew and Arabic text displays right to left without them",
            )
        )
    return found


def zero_width_name(doc: YamlDoc, mapping: Any, key: str, owner: str) -> list[Diagnostic]:
    """``zero-width-name`` (warning) when the text under ``key`` holds a zero-width character
    (:data:`names.ZERO_WIDTH`), positioned at the first such character when the value is
    written on its own line (else at the value).

    ``Ja\u200dne Doe`` displays as ``Jane Doe`` but is another string: the duplicate check,
    search and purge would treat them as two people. A warning, not an error: Persian and
    Indic names may need the joiners.
    """
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if not isinstance(value, str):
        return []
    found = zero_width_characters(value)
    if not found:
        return []
    where = plain_value_position(doc, key) if mapping is doc.data else None
    where = where or doc.value(mapping, key)
    where = _character_position(doc, where, value, found[0][0])
    offsets = {offset for offset, _ in found}
    shown = "".join(f"[U+{ord(ch):04X}]" if i in offsets else ch for i, ch in enumerate(value))
    labels = ", ".join(dict.fromkeys(label for _, label in found))
    return [
        warning(
            where,
            "zero-width-name",
            f"{owner} '{shown}' contains an invisible character ({labels})",
            "retype the name without it, unless the script needs it (Persian, Indic): it looks the same but "
            "is spelled differently, so duplicates, search and purge miss it",
        )
    ]


def _character_position(doc: YamlDoc, where: Position, value: str, offset: int) -> Position:
    """``where`` moved to character ``offset`` of ``value`` when the line there spells ``value`` as is."""
    if doc.text is None or where.line <= 0 or where.col <= 0:
        return where
    lines = doc.text.split("\n")
    index = where.line - 1 - doc.line_offset
    if not 0 <= index < len(lines):
        return where
    line = lines[index]
    for start in (where.col - 1, where.col):  # plain, or after an opening quote
        if line.startswith(value, start):
            return Position(where.path, where.line, start + offset + 1)
    return where


def plain_value_position(doc: YamlDoc, key: str) -> Position | None:
    """Position of ``key``'s value when the text has exactly one ``key: value`` line at column 0, else None."""
    if doc.text is None:
        return None
    matches = list(re.finditer(rf"^{re.escape(key)}:[ \t]+(?=[^\s#])", doc.text, re.MULTILINE))
    if len(matches) != 1:
        return None
    start = matches[0].end()
    line_start = doc.text.rfind("\n", 0, start) + 1
    return Position(doc.path, doc.text.count("\n", 0, start) + 1 + doc.line_offset, start - line_start + 1)
