"""Lines that nearly start a competency's evidence section: ``### Code``, ``**Code**``, ``Code:``.

:func:`near_miss_headings` finds them for the ``evidence-heading`` warning (raised by
:mod:`hiring_kb.sources.loader`); the sections themselves are found by :func:`hiring_kb.sources.notes.find_evidence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hiring_kb.model.models import Competency
from hiring_kb.sources.note_html import with_pasted_bullets_as_items
from hiring_kb.sources.note_outline import block_tokens
from hiring_kb.sources.notes import normalise_heading


@dataclass(frozen=True)
class NearMissHeading:
    """A line that names a competency but is not a ``## `` heading (so holds no evidence)."""

    competency_id: str
    line: int  # 1-based file line
    written: str  # the line as written, stripped
    message: str
    hint: str


_ATX = re.compile(r" {0,3}(#{1,6})([ \t]*)(.*?)[ \t]*#*[ \t]*")


_BOLD_LINE = re.compile(r"[ \t]*(\*\*|__)(.+?)\1[ \t]*:?[ \t]*")


_LABEL_LINE = re.compile(r"[ \t]*([^\s#*_-][^:]*?)[ \t]*:[ \t]*")


def near_miss_headings(body: str, body_line: int, competencies: tuple[Competency, ...]) -> list[NearMissHeading]:
    """Lines that would be a competency's evidence section if written ``## <name>``.

    ``### Strong English`` (another level), ``##Strong English`` (no space), ``**Strong English**``
    (bold) and ``Strong English:`` (a label line) each name the competency but start no section,
    so what follows is evidence for nothing. Only top-level lines outside code and comments count,
    and only for competencies that have no ``##`` heading in the note.
    """
    labels: dict[str, Competency] = {}
    for competency in competencies:
        labels[normalise_heading(competency.id)] = competency
        labels[normalise_heading(competency.name)] = competency
    lines = body.split("\n")
    if not any(_may_be_near_miss(line, labels) for line in lines):
        return []  # most notes: a look at each line instead of a parse
    tokens = block_tokens(with_pasted_bullets_as_items(body))
    found: list[NearMissHeading] = []
    has_section: set[str] = set()
    for index, token in enumerate(tokens):
        if token.map is None or token.level != 0:
            continue
        if token.type == "heading_open":
            text = tokens[index + 1].content
            comp = labels.get(normalise_heading(text))
            if comp is None:
                continue
            if token.tag == "h2":
                has_section.add(comp.id)
            elif token.markup.startswith("#"):
                level = len(token.markup)
                found.append(
                    NearMissHeading(
                        comp.id,
                        body_line + token.map[0],
                        lines[token.map[0]].strip(),
                        f"'{_short(lines[token.map[0]])}' has {_count(level)} #, so it does not start the "
                        f"'{comp.name}' section",
                        f"use two #: '## {comp.name}'",
                    )
                )
        elif token.type == "paragraph_open":
            for number in range(*token.map):
                miss = _near_miss_line(lines[number], labels)
                if miss is not None:
                    comp, message = miss
                    found.append(
                        NearMissHeading(
                            comp.id, body_line + number, lines[number].strip(), message, f"use two #: '## {comp.name}'"
                        )
                    )
    return [miss for miss in found if miss.competency_id not in has_section]


def _may_be_near_miss(line: str, labels: dict[str, Competency]) -> bool:
    """True when ``line`` names a competency as a wrong-level heading, bold text or a label line."""
    head = line.lstrip(" \t")[:1]
    if not head or head == "-" or (head not in "#*_" and ":" not in line):
        return False  # a bullet, a blank line, or text with no ':': none of the three shapes (most lines)
    atx = _ATX.fullmatch(line)
    if atx is not None and (len(atx.group(1)) != 2 or not atx.group(2)):
        return normalise_heading(atx.group(3)) in labels
    return _near_miss_line(line, labels) is not None


def _near_miss_line(line: str, labels: dict[str, Competency]) -> tuple[Competency, str] | None:
    atx = _ATX.fullmatch(line)
    if atx is not None and not atx.group(2):  # '##Strong English': no space after the #
        comp = labels.get(normalise_heading(atx.group(3)))
        if comp is not None:
            return comp, f"'{_short(line)}' needs a space after the #, so it does not start the '{comp.name}' section"
    bold = _BOLD_LINE.fullmatch(line)
    if bold is not None:
        comp = labels.get(normalise_heading(bold.group(2)))
        if comp is not None:
            return comp, f"'{_short(line)}' is bold text, so it does not start the '{comp.name}' section"
    label = _LABEL_LINE.fullmatch(line)
    if label is not None:
        comp = labels.get(normalise_heading(label.group(1)))
        if comp is not None:
            return comp, f"'{_short(line)}' is a line of text, so it does not start the '{comp.name}' section"
    return None


def _count(level: int) -> str:
    return ("one", "two", "three", "four", "five", "six")[level - 1]


def _short(line: str, width: int = 40) -> str:
    line = line.strip()
    return line if len(line) <= width else line[: width - 1] + "…"
