"""Who is who in a notes file for ``invoke import-notes``: people's sections, names, roles and dates.

:func:`split_notes` splits the notes at headings of ``import.person_heading_level`` (found by
markdown-it, so a ``#`` inside a code block is not one) and reads each heading's name and role
hint; :func:`people_of` turns those sections into :class:`Person` values with the name and role
of the ``--names`` file, the heading or the fallback (``--role``, ``import.default_role``), the
date written in the section, and the proposed ``## <competency>`` sections;
:func:`unassigned_blocks` is the text that belongs to no one. Nothing here reads other files
or writes: the plan is :mod:`hiring_kb.authoring.import_plan`, the writing :mod:`hiring_kb.authoring.importer`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from hiring_kb.authoring.import_helpers import NameEntry, Proposal, find_date, lookup, propose_sections
from hiring_kb.base.diagnostics import Diagnostic, Position, error, warning
from hiring_kb.base.markdown_parse import parse_markdown
from hiring_kb.model.models import Role

_PARSER = MarkdownIt("commonmark")
_SEPARATORS = re.compile(r"\s+[-–—|]\s+|\s*:\s+|\s*\|\s*")
_PARENS = re.compile(r"^(?P<main>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_NAME = re.compile(r"^[^\W\d_][\w'’.\- ]*$")  # letters first; no digits: "Paula", "Ana-Rosa O'Neil"


@dataclass(frozen=True)
class Block:
    """Lines ``first``..``last`` (1-based, inclusive) of the source and their verbatim text."""

    first: int
    last: int
    text: str


@dataclass(frozen=True)
class Person:
    """One person's section: heading text, name, role and why that role, the verbatim text.

    ``date`` is the interview date (also ``applied``) and ``date_reason`` where it comes from;
    ``body`` the note body to write: ``block.text`` with the proposed ``## <competency>``
    headings added (``proposals``), or ``block.text`` itself.
    """

    heading: str
    name: str
    role_id: str
    role_reason: str
    block: Block
    date: dt.date | None = None
    date_reason: str = ""
    body: str = ""
    proposals: tuple[Proposal, ...] = ()

    @property
    def text(self) -> str:
        """The note body: with the proposed sections when there are any."""
        return self.body or self.block.text


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(level, 0-based line, text) of every heading, from markdown-it's parse."""
    tokens = parse_markdown(_PARSER, text)
    return [
        (int(token.tag[1]), token.map[0], tokens[index + 1].content.strip())
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.map
    ]


def _block(lines: list[str], start: int, end: int) -> Block | None:
    """Lines ``start``..``end - 1`` without leading/trailing blank lines; None when all blank."""
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    if start >= end:
        return None
    return Block(start + 1, end, "\n".join(lines[start:end]))


def _parts(heading: str) -> list[str]:
    match = _PARENS.match(heading)
    if match:
        return [p for p in (match["main"].strip(), match["inner"].strip()) if p]
    return [p.strip() for p in _SEPARATORS.split(heading) if p.strip()]


def _is_name(text: str) -> bool:
    """Reads as a person's name: 1..5 words, starting with a letter, no digits."""
    return bool(_NAME.fullmatch(text)) and len(text.split()) <= 5


def _hint_role(word: str, hints: dict[str, str], roles: dict[str, Role]) -> str | None:
    key = word.strip().casefold()
    return hints.get(key) or (key if key in roles else None)


@dataclass(frozen=True)
class Section:
    """One person's section as the notes have it: heading, name, role hint (and why), text."""

    heading: str
    name: str
    role_id: str | None  # None: no hint in the heading or an enclosing one
    reason: str
    block: Block


def split_notes(
    text: str, label: str, level: int, hints: dict[str, str], roles: dict[str, Role]
) -> tuple[list[Section], list[Diagnostic]]:
    """Find the people's sections, with the role their headings hint at (if any).

    Returns the sections in file order and ``not-a-person`` warnings for
    headings of the person level that do not read as a name.
    """
    lines = text.split("\n")
    headings = _headings(text)
    people: list[Section] = []
    problems: list[Diagnostic] = []
    for position, (depth, line, heading) in enumerate(headings):
        if depth != level:
            continue
        end = next((h[1] for h in headings[position + 1 :] if h[0] <= level), len(lines))
        block = _block(lines, line, end)
        assert block is not None  # the heading line itself is not blank
        parts = [p.strip("*_ ").strip() for p in _parts(heading)]
        role_parts = [(p, _hint_role(p, hints, roles)) for p in parts]
        hinted = [(p, r) for p, r in role_parts if r]
        names = [p for p, r in role_parts if not r]
        where = Position(label, line + 1, 1)
        if len(parts) == 2 and not hinted and any(_is_name(p) for p in parts):
            problems.append(
                error(
                    where,
                    "unknown-role-hint",
                    f"heading '{heading}' looks like '<hint> - <Name>', but neither part is a role hint",
                    "add the hint to import.role_hints in hiring.yml (e.g. qa: qa-engineer), or use a role id",
                )
            )
            continue
        if len(names) != 1 or not _is_name(names[0]):
            problems.append(
                warning(
                    where,
                    "not-a-person",
                    f"heading '{heading}' does not read as a name (with an optional role hint)",
                    "its text is kept with the unassigned text; to import it, write it as '### <hint> - <Name>' "
                    "and add the hint to import.role_hints in hiring.yml",
                )
            )
            continue
        role_id, reason = None, ""
        if hinted:
            role_id, reason = hinted[0][1], f"hint '{hinted[0][0]}' in the heading"
        else:
            for outer_depth, outer_line, outer in reversed(headings[:position]):
                if outer_depth >= level or any(h[0] <= outer_depth for h in headings if outer_line < h[1] < line):
                    continue  # not an enclosing heading (same level, or closed by a later one)
                word = next((w for w in re.findall(r"[\w-]+", outer) if _hint_role(w, hints, roles)), None)
                if word:
                    role_id, reason = _hint_role(word, hints, roles), f"hint '{word}' in '{'#' * outer_depth} {outer}'"
                    break
        people.append(Section(heading, names[0], role_id, reason, block))
    return people, problems


@dataclass(frozen=True)
class RoleFallback:
    """The role of a person whose heading has no hint (None: none), and the option that set it."""

    role_id: str | None
    reason: str


@dataclass(frozen=True)
class DateFallback:
    """The interview date of a person whose notes hold none, and where it comes from (``--date``, today)."""

    date: dt.date
    reason: str


def people_of(
    split: list[Section],
    entries: dict[str, NameEntry],
    used: set[str],
    fallback: RoleFallback,
    dates: DateFallback,
    today: dt.date,
    propose_for: dict[str, Role] | None,
    label: str,
    problems: list[Diagnostic],
) -> list[Person]:
    """Each section as a person, with the name and role of the names file (``entries``; the keys
    matched go into ``used``), else of the heading, else the fallback; the date written in the section
    unless it is after ``today``; proposed ``## <competency>`` sections when ``propose_for`` (the roles)
    is given. A section without a role is left out with a ``no-role`` error in ``problems``."""
    people: list[Person] = []
    for section in split:
        heading, name, role_id, reason, block = (
            section.heading, section.name, section.role_id, section.reason, section.block
        )  # fmt: skip
        mapped = lookup(entries, heading, name)
        if mapped is not None:
            used.add(mapped[0])
            name = mapped[1].name or name
            if mapped[1].role_id:
                role_id, reason = mapped[1].role_id, f"the names file, line {mapped[1].line}"
        if role_id is None:
            if fallback.role_id is None:
                problems.append(
                    error(
                        Position(label, block.first, 1),
                        "no-role",
                        f"no role for '{heading}': the heading has no role hint",
                        "write it as '### <hint> - <Name>', pass --role, or set import.default_role in hiring.yml",
                    )
                )
                continue
            role_id, reason = fallback.role_id, fallback.reason
        found = find_date(block.text, block.first)
        when, when_reason = dates.date, dates.reason
        if found is not None and found[0] <= today:
            when, when_reason = found[0], f"the date on line {found[1]}"
        elif found is not None:
            problems.append(warning(Position(label, found[1], 1), "future-date",
                                    f"the date {found[0].isoformat()} is after today; {dates.reason} is used",
                                    "pass --date YYYY-MM-DD with the day of the interview"))  # fmt: skip
        body = ""
        proposals: tuple[Proposal, ...] = ()
        if propose_for is not None and role_id in propose_for:
            body, proposals = propose_sections(block.text, block.first, propose_for[role_id])
        people.append(
            Person(heading, name, role_id, reason, block, when, when_reason, body if proposals else "", proposals)
        )
    return people


def unassigned_blocks(text: str, split: list[Section]) -> list[Block]:
    """Everything outside a person's section, kept, including headings refused as people."""
    lines = text.split("\n")
    owned = [False] * len(lines)
    for section in split:
        owned[section.block.first - 1 : section.block.last] = [True] * (section.block.last - section.block.first + 1)
    return _free_blocks(lines, owned)


def _free_blocks(lines: list[str], owned: list[bool]) -> list[Block]:
    """The runs of lines not ``owned`` by a person, as blocks (all-blank runs dropped)."""
    blocks: list[Block] = []
    start = None
    for index in range(len(lines) + 1):
        free = index < len(lines) and not owned[index]
        if free and start is None:
            start = index
        elif not free and start is not None:
            found = _block(lines, start, index)
            if found:
                blocks.append(found)
            start = None
    return blocks
