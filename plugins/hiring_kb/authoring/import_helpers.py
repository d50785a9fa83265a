"""What ``invoke import-notes`` works out from the notes besides who is who (see :mod:`hiring_kb.authoring.importer`).

* :func:`propose_sections`: ``## <competency>`` headings inserted before the lines that name a
  competency of the role (by its id and name words, e.g. "English", "OWNED", "LEAD", "designed"),
  so the interviewer starts from sections instead of one blob. Only headings are added: every
  input line stays, verbatim and in order; nothing is rated.
* :func:`find_date`: the first full date written in a person's notes (``2026-11-05``,
  ``5 Nov 2026``, ``November 5, 2026``): the interview date and ``applied``.
* :func:`first_name_matches`: "Paula" in the notes against an existing "Paula Gomes".
* :func:`load_name_map`: the ``--names`` file mapping headings to full names and roles.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.base.diagnostics import Diagnostic, Position, did_you_mean, error, warning
from hiring_kb.model.models import Candidate, Competency, Role
from hiring_kb.sources.yamlio import parse_yaml, read_source

# -- proposed sections -------------------------------------------------------------------------

#: Words of competency names that say nothing about which competency a line is about.
_STOPWORDS = frozenset(
    "a an and at by for from in into of on or the to with strong good great working work team system systems "
    "new product js nest typescript technical engineering skills quality".split()
)
_SUFFIXES = ("ership", "ship", "ation", "ing", "ers", "ed", "es", "er", "s", "e")
_WORD = re.compile(r"[^\W\d_]+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•●]|\d+[.)])\s")
#: A paragraph's first line of at most this many words is its label ("PRODUCT DESIGN"): it places the
#: whole paragraph. A longer first line ("MONITORCO - Open source SAAS product - ...") is placed alone.
_LABEL_WORDS = 6
#: The heading that closes a proposed section before lines about no competency.
OTHER_NOTES = "Other notes"
PROPOSAL_COMMENT = (
    "<!-- import-notes added the '## <competency>' headings below, before the lines that name a competency; "
    "every line of the notes is as written. Move a line that sits under the wrong competency, then rate. -->"
)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def stem(word: str) -> str:
    """A crude English stem: ``ownership`` → ``own``, ``leader`` → ``lead``, ``designed`` → ``design``."""
    word = _fold(word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def keywords(role: Role) -> dict[str, str]:
    """Stem → competency id for the words of each competency's id and name; a stem two competencies
    share (``test`` in "Test strategy" and "Test automation") names neither."""
    owners: dict[str, set[str]] = {}
    for competency in role.competencies:
        for word in _WORD.findall(f"{competency.id.replace('-', ' ')} {competency.name}"):
            if _fold(word) not in _STOPWORDS and len(word) >= 3:
                owners.setdefault(stem(word), set()).add(competency.id)
    return {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1}


def _competency_of(line: str, table: dict[str, str]) -> str | None:
    found = {table[stem(word)] for word in _WORD.findall(line) if stem(word) in table}
    return next(iter(found)) if len(found) == 1 else None


@dataclass(frozen=True)
class Proposal:
    """A proposed section: ``## <competency name>`` before input line ``line`` (1-based in the notes file),
    because of the words of that line."""

    line: int
    competency: Competency


def propose_sections(text: str, first_line: int, role: Role) -> tuple[str, tuple[Proposal, ...]]:
    """Insert ``## <competency>`` headings into one person's notes (their heading first).

    Each paragraph (run of non-blank lines) whose first line is a short label (not a list item, at
    most six words) naming exactly one competency goes under that competency as a whole; in other
    paragraphs each line that names one goes under it, with the more-indented lines that follow it.
    A run of lines about no competency after a proposed section gets ``## Other notes``, so it is
    not taken as evidence.

    Args:
        text: the person's section, verbatim (first line: their heading).
        first_line: the notes-file line of ``text``'s first line.
        role: the person's role (competency ids and names give the words).

    Returns:
        The text with the headings added (the input lines unchanged and in order) and the proposals.
    """
    table = keywords(role)
    lines = text.split("\n")
    owner: list[str | None] = [None] * len(lines)
    index = 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        label = lines[index]
        short = len(label.split()) <= _LABEL_WORDS  # "PRODUCT DESIGN", "Was QA Leader of 8 people"
        whole = None if _LIST_ITEM.match(label) or not short else _competency_of(label, table)
        if whole is not None:
            owner[index:end] = [whole] * (end - index)
        else:
            parent: tuple[int, str | None] | None = None
            for row in range(index, end):
                indent = len(lines[row]) - len(lines[row].lstrip())
                if parent is not None and indent > parent[0]:
                    owner[row] = parent[1]
                    continue
                owner[row] = _competency_of(lines[row], table)
                parent = (indent, owner[row])
        index = end
    by_id = {c.id: c for c in role.competencies}
    out = [lines[0]]
    proposals: list[Proposal] = []
    current: str | None = None
    for row in range(1, len(lines)):
        line, competency_id = lines[row], owner[row]
        if line.strip() and competency_id != current:
            if competency_id is not None:
                out += ["", f"## {by_id[competency_id].name}"]
                proposals.append(Proposal(first_line + row, by_id[competency_id]))
            else:
                out += ["", f"## {OTHER_NOTES}"]
            current = owner[row]
        out.append(line)
    return "\n".join(out), tuple(proposals)


# -- dates -------------------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def _date(year: str, month: int | None, day: str) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def _month(word: str) -> int | None:
    word = word.casefold()
    number = _MONTHS.get(word[:3])
    full = dt.date(2000, number, 1).strftime("%B").casefold() if number else ""
    return number if number and (len(word) == 3 or full.startswith(word) or word == "sept") else None


def find_date(text: str, first_line: int) -> tuple[dt.date, int] | None:
    """The first full date in ``text`` and its notes-file line, or None.

    Read: ``2026-11-05``, ``5 Nov 2026``, ``5th November, 2026``, ``Nov 5, 2026``. Numeric forms such
    as ``05/11/2026`` are not read: day and month order is ambiguous.
    """
    for offset, line in enumerate(text.split("\n")):
        found: list[tuple[int, dt.date]] = []
        for match in _ISO.finditer(line):
            if (day := _date(match[1], int(match[2]), match[3])) is not None:
                found.append((match.start(), day))
        for match in _DAY_MONTH.finditer(line):
            if (day := _date(match[3], _month(match[2]), match[1])) is not None:
                found.append((match.start(), day))
        for match in _MONTH_DAY.finditer(line):
            if (day := _date(match[3], _month(match[1]), match[2])) is not None:
                found.append((match.start(), day))
        if found:
            return min(found)[1], first_line + offset
    return None


# -- names -------------------------------------------------------------------------------------


def _words(name: str) -> list[str]:
    return _WORD.findall(_fold(name))


def first_name_matches(name: str, candidates: list[Candidate]) -> list[Candidate]:
    """Existing candidates whose name starts with all of ``name``'s words or the reverse, but is not the
    same name: "Paula" and "Paula Gomes", "Tomas" and "Tomás Ferreira" (accents and case ignored)."""
    mine = _words(name)
    found = []
    for candidate in candidates:
        theirs = _words(candidate.name)
        if mine and theirs and mine != theirs:
            shorter, longer = sorted((mine, theirs), key=len)
            if longer[: len(shorter)] == shorter:
                found.append(candidate)
    return found


@dataclass(frozen=True)
class NameEntry:
    """One entry of the ``--names`` file: the full name and/or role for a heading, and its line."""

    name: str | None
    role_id: str | None
    line: int


def load_name_map(path: Path, roles: dict[str, Role]) -> tuple[dict[str, NameEntry], list[Diagnostic]]:
    """Read the ``--names`` file: a heading (or the name in it) → the full name, or ``{name:, role:}``.

    Example::

        QA - Paula: {name: Paula Gomes, role: qa-engineer}
        Tomas: Tomás Ferreira

    Keys are compared with accents and case ignored; a role is a role id or title. Returns the
    entries by folded key and the errors (unreadable file, wrong shape, unknown role) at their lines.
    """
    label = str(path)
    source, problems = read_source(path, label)
    if source is None:
        return {}, problems
    doc, problems = parse_yaml(source.text, label)
    if doc is None:
        return {}, problems
    data = doc.data
    if not isinstance(data, dict):
        hint = "write one line per heading, e.g. 'QA - Paula: {name: Paula Gomes, role: qa-engineer}'"
        return {}, [error(Position(label, 1, 1), "invalid-names", "the names file lists no headings", hint)]
    titles = {_fold(r.title): r.id for r in roles.values()}
    entries: dict[str, NameEntry] = {}
    for key, value in data.items():
        where = doc.key(data, key)
        name, role = (value, None) if isinstance(value, str) else (None, None)
        if isinstance(value, dict) and set(value) <= {"name", "role"}:
            name, role = value.get("name"), value.get("role")
        elif not isinstance(value, str):
            hint = f"e.g. '{key}: {{name: Full Name, role: {next(iter(roles), 'role-id')}}}'"
            problems.append(error(where, "invalid-names", f"'{key}' should give a name, or name: and role:", hint))
            continue
        role_id = None
        if role is not None:
            role_id = str(role) if str(role) in roles else titles.get(_fold(str(role)))
            if role_id is None:
                problems.append(error(doc.value(value, "role"), "unknown-role", f"role '{role}' does not exist",
                                      did_you_mean(str(role), roles)))  # fmt: skip
                continue
        entries[_fold(" ".join(str(key).split()))] = NameEntry(
            " ".join(str(name).split()) if name else None, role_id, where.line
        )
    return entries, problems


def unused_entries(entries: dict[str, NameEntry], used: set[str], label: str) -> list[Diagnostic]:
    """A warning for each ``--names`` entry that matched no heading (a typo, or a person not in the notes)."""
    return [
        warning(
            Position(label, entry.line, 1),
            "unused-name",
            f"'{key}' matches no heading of the notes",
            "write the heading as it is in the notes, or the name in it",
        )
        for key, entry in entries.items()
        if key not in used
    ]


def lookup(entries: dict[str, NameEntry], heading: str, name: str) -> tuple[str, NameEntry] | None:
    """The ``--names`` entry for a person's heading (first) or the name in it, with its key."""
    for key in (_fold(" ".join(heading.split())), _fold(" ".join(name.split()))):
        if key in entries:
            return key, entries[key]
    return None
