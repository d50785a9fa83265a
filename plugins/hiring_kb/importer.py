"""Import free-form interview notes (one Markdown file, many people) as candidates, losslessly.

The team's notes look like ``tests/fixtures/interview-notes-2026.md``: an
interview guide, then one section per person under a heading such as
``### QA - Paula`` or ``### Tomas``. The import:

* splits the file at headings of ``import.person_heading_level`` (default 3;
  headings found by markdown-it, so a ``#`` inside a code block is not one). A
  person's section runs from their heading to the next heading of that level or
  higher;
* reads a role hint from the heading: a part separated by `` - ``, `` – ``,
  ``:``, ``|`` or in parentheses that is a key of ``import.role_hints`` (``qa:
  qa-engineer``) or a role id; the other part is the name. Without a hint in
  the heading, a hint word in an enclosing heading (``## Backend notes``), then
  ``--role``, then ``import.default_role`` decide;
* makes each person a candidate (an opaque id that the dry run and the real
  run agree on, the role's first stage, tag ``imported``) with one unrated
  interview whose body is the section's text verbatim, heading included;
* keeps every line that belongs to no person in
  ``<import.unassigned_dir>/<date>-<file>-unassigned.md`` and reports it;
* skips a person already imported (same name, role and text), so running it
  twice does not duplicate anyone.

:func:`plan_import` computes everything and writes nothing (``--dry-run``
prints the plan); :func:`run_import` writes it. Each candidate folder is
written under a hidden name and renamed into place, so a crash never leaves a
half-written candidate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from . import clock
from .diagnostics import Diagnostic, Position, did_you_mean, error, has_errors, warning
from .edit import EditError, atomic_write_text, yaml_scalar
from .import_helpers import (
    PROPOSAL_COMMENT,
    NameEntry,
    Proposal,
    find_date,
    first_name_matches,
    load_name_map,
    lookup,
    propose_sections,
    unused_entries,
)  # fmt: skip
from .loader import CANDIDATE_FILE, INTERVIEWS_DIR, load_project
from .models import Project, Role
from .progress import Progress
from .project_folders import data_folder_problem
from .scaffold import HANDLE, ID_PREFIX, existing_ids, note_name
from .settings import SETTINGS_FILE, Settings
from .yamlio import read_source

IMPORTED_TAG = "imported"
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


@dataclass(frozen=True)
class PlannedCandidate:
    """What the import does for one person.

    ``candidate_id`` is the new id, or the existing candidate's when
    ``already_imported``; ``files`` are the labels of the files it writes.
    """

    person: Person
    candidate_id: str
    files: tuple[str, ...]
    already_imported: bool


@dataclass(frozen=True)
class ImportPlan:
    """Everything :func:`run_import` would do, and the problems that stop it.

    ``unassigned`` are the blocks of text that belong to no person;
    ``unassigned_file`` the label of the file that keeps them (None when there
    are none or the same text is kept already).
    """

    source: str
    date: dt.date
    stage_by_role: dict[str, str]
    interviewer: str
    candidates: tuple[PlannedCandidate, ...]
    unassigned: tuple[Block, ...]
    unassigned_file: str | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


# -- splitting the notes ---------------------------------------------------------------------


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(level, 0-based line, text) of every heading, from markdown-it's parse."""
    tokens = _PARSER.parse(text)
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
class _Section:
    heading: str
    name: str
    role_id: str | None  # None: no hint in the heading or an enclosing one
    reason: str
    block: Block


def split_notes(
    text: str, label: str, level: int, hints: dict[str, str], roles: dict[str, Role]
) -> tuple[list[_Section], list[Diagnostic]]:
    """Find the people's sections, with the role their headings hint at (if any).

    Returns the sections in file order and ``not-a-person`` warnings for
    headings of the person level that do not read as a name.
    """
    lines = text.split("\n")
    headings = _headings(text)
    people: list[_Section] = []
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
        people.append(_Section(heading, names[0], role_id, reason, block))
    return people, problems


# -- the plan --------------------------------------------------------------------------------


def candidate_yaml(person: Person, stage: str, source: str, date: dt.date) -> str:
    """``candidate.yml`` of an imported person: active at ``stage``, tagged ``imported``."""
    return (
        f"# Imported on {date.isoformat()} from {source}, lines {person.block.first}-{person.block.last}"
        f" ({person.role_reason}).\n"
        f"name: {yaml_scalar(person.name)}\n"
        f"role: {person.role_id}\n"
        f"stage: {stage}\n"
        "status: active\n"
        f"applied: {(person.date or date).isoformat()}  # {person.date_reason or 'the import date'}\n"
        "decided_on:\n"
        "source:\n"
        f"tags: [{IMPORTED_TAG}]\n"
        "planned: []\n"
        "private:  # sealed, NEVER published: contact details, compensation (invoke private-set ID KEY VALUE)\n"
    )


def note_text(person: Person, stage: str, interviewer: str, date: dt.date) -> str:
    """The imported interview: unrated front matter, then the section verbatim (with the proposed
    ``## <competency>`` headings, after a comment that says so, when there are any)."""
    comment = f"{PROPOSAL_COMMENT}\n" if person.proposals else ""
    return (
        "---\n"
        f"interviewer: {interviewer}\n"
        f"date: {(person.date or date).isoformat()}\n"
        f"stage: {stage}\n"
        "ratings:  # imported notes are unrated: add ratings together with their '## <competency>' sections\n"
        "recommendation:\n"
        "---\n"
        f"{comment}{person.text}\n"
    )


def unassigned_text(blocks: tuple[Block, ...], source: str, date: dt.date) -> str:
    """The file that keeps text belonging to no person: each block verbatim, after a comment with its lines."""
    parts = [f"<!-- Imported on {date.isoformat()} from {source}: text that belongs to no candidate. -->"]
    for block in blocks:
        parts += ["", f"<!-- lines {block.first}-{block.last} -->", block.text]
    return "\n".join(parts) + "\n"


def _already_imported(project: Project, person: Person) -> str | None:
    for candidate in project.candidates.values():
        if candidate.role_id != person.role_id or candidate.name.casefold() != person.name.casefold():
            continue
        if any(
            i.body.strip("\n") in (person.block.text.strip("\n"), _written_body(person)) for i in candidate.interviews
        ):
            return candidate.id
    return None


def _written_body(person: Person) -> str:
    """The body a note imported from ``person`` has, as the loader reads it back."""
    text = note_text(person, "-", "-", person.date or dt.date(2000, 1, 1))
    return text.split("---\n", 2)[2].strip("\n")


def _planned_id(notes_text: str, person: Person, taken: set[str]) -> str:
    """The opaque id ``c-`` + 6 hex digits for ``person``, the same for every plan of the same notes.

    A dry run and the real run are separate processes, so a random id would differ between
    them; this one is a SHA-256 of the whole notes text and the person's first line. It is as
    opaque as a random id to anyone without the notes file (it says nothing about the name).
    A clash with a folder in ``taken`` moves on to the next hash.
    """
    attempt = 0
    while True:
        key = f"{attempt}\n{person.block.first}\n{notes_text}".encode()
        candidate_id = ID_PREFIX + hashlib.sha256(key).hexdigest()[:6]
        if candidate_id not in taken:
            return candidate_id
        attempt += 1


# Over 60 lines only with its docstring (every option explained); the body is the five named steps.
def plan_import(
    settings: Settings,
    notes_path: Path,
    role: str | None = None,
    interviewer: str | None = None,
    date: dt.date | None = None,
    stage: str | None = None,
    names: Path | None = None,
    sections: bool = True,
) -> ImportPlan:
    """Work out what importing ``notes_path`` does; write nothing.

    Args:
        notes_path: the Markdown notes file.
        role: role id for people with no hint (overrides ``import.default_role``).
        interviewer: handle written into the notes (default ``import.interviewer``).
        date: the interview date (and ``applied``) of people whose notes hold no date of their own
            (default today); a full date in a person's section wins (:func:`import_helpers.find_date`).
        stage: the stage of every imported interview (default: each role's first stage).
        names: a YAML file mapping headings to full names and roles (:func:`import_helpers.load_name_map`).
        sections: propose ``## <competency>`` sections (:func:`import_helpers.propose_sections`).

    Returns:
        The plan; its ``diagnostics`` hold the errors that stop :func:`run_import`
        (unreadable file, no person found, a person without a role, an unknown
        role or stage, a bad handle) and warnings (headings that are not names,
        namesakes among existing candidates). The steps: check the settings and options, split the
        notes into people, keep what belongs to no one, pick each role's stage, plan each candidate.
    """
    today = clock.today()
    rules = settings.import_rules
    interviewer = interviewer or rules.interviewer
    label = notes_path.name
    project, _ = load_project(settings)
    roles = dict(project.roles)
    source, read_problems = read_source(notes_path, str(notes_path))
    if source is None:
        return ImportPlan(label, date or today, {}, interviewer, (), (), None, tuple(read_problems))
    fallback = (
        _RoleFallback(role, "--role")
        if role
        else _RoleFallback(rules.default_role, "import.default_role in hiring.yml")
    )
    dates = _DateFallback(date, "--date") if date else _DateFallback(today, "today")
    problems = _option_problems(settings, label, interviewer, fallback, roles)
    split, split_problems = split_notes(source.text, label, rules.person_heading_level, dict(rules.role_hints), roles)
    problems += split_problems
    entries, name_problems = load_name_map(names, roles) if names is not None else ({}, [])
    problems += name_problems
    used: set[str] = set()
    people = _people(split, entries, used, fallback, dates, today, roles if sections else None, label, problems)
    if names is not None:
        problems += unused_entries(entries, used, str(names))
    unassigned = _unassigned_blocks(source.text, split)
    if not split and not split_problems:  # no heading of the person level at all
        problems.append(_no_people(label, rules.person_heading_level))
    stage_by_role = _stage_by_role(people, roles, stage, label, problems)
    planned = _planned_candidates(
        settings, project, people, source.text, stage_by_role, interviewer, date or today, label, problems
    )
    unassigned_file = _unassigned_target(settings, label, date or today, tuple(unassigned)) if unassigned else None
    return ImportPlan(
        label,
        date or today,
        stage_by_role,
        interviewer,
        tuple(planned),
        tuple(unassigned),
        unassigned_file,
        tuple(problems),
    )


@dataclass(frozen=True)
class _RoleFallback:
    """The role of a person whose heading has no hint (None: none), and the option that set it."""

    role_id: str | None
    reason: str


@dataclass(frozen=True)
class _DateFallback:
    """The interview date of a person whose notes hold none, and where it comes from (``--date``, today)."""

    date: dt.date
    reason: str


def _option_problems(
    settings: Settings, label: str, interviewer: str, fallback: _RoleFallback, roles: dict[str, Role]
) -> list[Diagnostic]:
    """Step 1: the folder for unassigned text, the interviewer handle, ``import.role_hints`` and the
    fallback role must be usable."""
    problems: list[Diagnostic] = []
    folder_problem = _unassigned_folder_problem(settings)
    if folder_problem is not None:
        problems.append(folder_problem)
    if not HANDLE.fullmatch(interviewer):
        problems.append(
            error(
                Position(label),
                "invalid-id",
                f"interviewer handle '{interviewer}' is not allowed",
                "use lowercase letters, digits and '-'",
            )
        )
    for hint, hinted_role in settings.import_rules.role_hints.items():
        if hinted_role not in roles:
            problems.append(
                error(
                    Position("hiring.yml"),
                    "unknown-role",
                    f"import.role_hints maps '{hint}' to role '{hinted_role}', which does not exist",
                    did_you_mean(hinted_role, roles),
                )
            )
    if fallback.role_id is not None and fallback.role_id not in roles:
        problems.append(
            error(
                Position(label),
                "unknown-role",
                f"role '{fallback.role_id}' ({fallback.reason}) does not exist",
                did_you_mean(fallback.role_id, roles),
            )
        )
    return problems


def _people(
    split: list[_Section],
    entries: dict[str, NameEntry],
    used: set[str],
    fallback: _RoleFallback,
    dates: _DateFallback,
    today: dt.date,
    propose_for: dict[str, Role] | None,
    label: str,
    problems: list[Diagnostic],
) -> list[Person]:
    """Step 2: each section as a person, with the name and role of the names file (``entries``; the keys
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


def _unassigned_blocks(text: str, split: list[_Section]) -> list[Block]:
    """Step 3: everything outside a person's section, kept, including headings refused as people."""
    lines = text.split("\n")
    owned = [False] * len(lines)
    for section in split:
        owned[section.block.first - 1 : section.block.last] = [True] * (section.block.last - section.block.first + 1)
    return _free_blocks(lines, owned)


def _no_people(label: str, level: int) -> Diagnostic:
    return error(
        Position(label),
        "no-people",
        f"no level-{level} headings ('{'#' * level} Name') found",
        "set import.person_heading_level in hiring.yml to the level of the headings that start each person",
    )


def _stage_by_role(
    people: list[Person], roles: dict[str, Role], stage: str | None, label: str, problems: list[Diagnostic]
) -> dict[str, str]:
    """Step 4: the stage of the imported interviews per role: ``stage`` (an ``unknown-stage`` error in
    ``problems`` for a role without it), else the role's first stage."""
    stage_by_role: dict[str, str] = {}
    for role_id in sorted({p.role_id for p in people if p.role_id in roles}):
        if stage is None:
            stage_by_role[role_id] = roles[role_id].stages[0].id
        elif roles[role_id].stage(stage) is None:
            problems.append(
                error(
                    Position(label),
                    "unknown-stage",
                    f"'{stage}' is not a stage of role '{role_id}'",
                    did_you_mean(stage, [s.id for s in roles[role_id].stages]),
                )
            )
        else:
            stage_by_role[role_id] = stage
    return stage_by_role


def _planned_candidates(
    settings: Settings,
    project: Project,
    people: list[Person],
    text: str,
    stage_by_role: dict[str, str],
    interviewer: str,
    date: dt.date,
    label: str,
    problems: list[Diagnostic],
) -> list[PlannedCandidate]:
    """Step 5: each person as a new candidate (an id and the files to write), or as the candidate they
    were imported as already; warnings in ``problems`` for possible namesakes among existing candidates."""
    taken = existing_ids(settings)
    planned: list[PlannedCandidate] = []
    for person in people:
        previous = _already_imported(project, person)
        if previous is not None:
            planned.append(PlannedCandidate(person, previous, (), True))
            continue
        problems += _namesake_warnings(project, person, label)
        candidate_id = _planned_id(text, person, taken)
        taken.add(candidate_id)
        folder = settings.label(settings.candidates_dir / candidate_id)
        note = note_name(person.date or date, stage_by_role.get(person.role_id, "?"), interviewer)
        planned.append(
            PlannedCandidate(
                person, candidate_id, (f"{folder}/{CANDIDATE_FILE}", f"{folder}/{INTERVIEWS_DIR}/{note}"), False
            )
        )
    return planned


def _namesake_warnings(project: Project, person: Person, label: str) -> list[Diagnostic]:
    """``first-name-match`` for an existing candidate the person may be, ``namesake`` for one of the same name."""
    found = [
        warning(
            Position(label, person.block.first, 1),
            "first-name-match",
            f"'{person.name}' may be candidate '{other.name}' ({other.id}, {other.role_id})",
            f"if it is the same person, add these notes to {other.id} instead; if not, give the full name "
            "in a --names file",
        )
        for other in first_name_matches(person.name, list(project.candidates.values()))
    ]
    found += [
        warning(
            Position(label, person.block.first, 1),
            "namesake",
            f"a candidate named '{other.name}' exists already ({other.id}, {other.role_id})",
            "check it is not the same person before merging the pull request",
        )
        for other in project.candidates.values()
        if other.name.casefold() == person.name.casefold()
    ]
    return found


def _unassigned_folder_problem(settings: Settings) -> Diagnostic | None:
    """An error when ``import.unassigned_dir`` is not a folder the import may write to: outside the
    project (also through a symbolic link) or where the site is published from (docs/, site/).

    :func:`hiring_kb.settings.load_settings` refuses such a hiring.yml already; this guards
    settings made in code, and a folder turned into a link since.
    """
    folder = settings.import_rules.unassigned_dir
    problem = data_folder_problem(settings.root, folder)
    root = settings.root.resolve()
    if problem is None and root not in (root / folder).resolve().parents:
        problem = ("folder-outside-project", "leads outside the project through a symbolic link")
    if problem is None:
        return None
    code, reason = problem
    return error(
        Position(SETTINGS_FILE),
        code,
        f"import.unassigned_dir '{folder}' {reason}: the text that belongs to no one would be written there",
        "set import.unassigned_dir to a folder inside the project and outside docs/ and site/, e.g. 'imports'",
    )


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


def _unassigned_target(settings: Settings, label: str, date: dt.date, blocks: tuple[Block, ...]) -> str | None:
    """Label of a free file name for the unassigned text; None when an identical file exists."""
    folder = settings.root / settings.import_rules.unassigned_dir
    stem = f"{date.isoformat()}-{Path(label).stem}-unassigned"
    text = unassigned_text(blocks, label, date)
    for n in range(1, 1000):
        path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        if not path.exists():
            return settings.label(path)
        if path.read_text(encoding="utf-8") == text:
            return None
    raise EditError([error(Position(settings.label(folder)), "too-many-files", f"{stem}-*.md: 999 files exist")])


# -- running it ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What :func:`run_import` wrote: new candidate ids and every file label."""

    created: tuple[str, ...]
    files: tuple[str, ...]


def run_import(settings: Settings, plan: ImportPlan, progress: Progress | None = None) -> ImportResult:
    """Write the candidates, notes and unassigned-text file of ``plan``.

    ``progress`` shows one step counting the notes written (:mod:`hiring_kb.progress`); the caller
    prints its summary line.

    Raises:
        EditError: the plan has errors (nothing is written).
        OSError: writing failed; candidates written before stay complete, the one
            being written is removed, and running the import again skips the
            ones already there.
    """
    if not plan.ok:
        raise EditError([d for d in plan.diagnostics if d.severity.value == "error"])
    created: list[str] = []
    files: list[str] = []
    new = [item for item in plan.candidates if not item.already_imported]
    steps = progress.step("writing notes", total=len(new)) if progress else nullcontext(_no_advance)
    with steps as advance:
        for item in new:
            _write_candidate(settings, plan, item)
            created.append(item.candidate_id)
            files += item.files
            advance(1)
    if plan.unassigned_file is not None:
        path = settings.root / plan.unassigned_file
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, unassigned_text(plan.unassigned, plan.source, plan.date), exclusive=True)
        files.append(plan.unassigned_file)
    return ImportResult(tuple(created), tuple(files))


def import_summary(result: ImportResult) -> str:
    """What :func:`run_import` did, for the summary line: ``"3 notes written, 7 files"``."""
    notes, files = len(result.created), len(result.files)
    return f"{notes} note{'s' * (notes != 1)} written, {files} file{'s' * (files != 1)}"


def _no_advance(n: int = 1) -> None:
    """The ``advance`` of a run without progress display."""


def _write_candidate(settings: Settings, plan: ImportPlan, item: PlannedCandidate) -> None:
    """Write one person's candidate folder under a hidden name, then rename it into place; on any
    failure the hidden folder is removed, so no half-written candidate is left."""
    person, stage = item.person, plan.stage_by_role[item.person.role_id]
    target = settings.candidates_dir / item.candidate_id
    staging = settings.candidates_dir / f".import-{secrets.token_hex(4)}"
    try:
        (staging / INTERVIEWS_DIR).mkdir(parents=True)
        atomic_write_text(
            staging / CANDIDATE_FILE, candidate_yaml(person, stage, plan.source, plan.date), exclusive=True
        )
        note = staging / INTERVIEWS_DIR / note_name(person.date or plan.date, stage, plan.interviewer)
        atomic_write_text(note, note_text(person, stage, plan.interviewer, plan.date), exclusive=True)
        if target.exists():
            raise FileExistsError(f"{target} appeared while importing")
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def format_plan(plan: ImportPlan, dry_run: bool) -> str:
    """The plan as the lines ``invoke import-notes`` prints (diagnostics first)."""
    out = [d.format() for d in plan.diagnostics]
    if not plan.ok and not plan.candidates and not plan.unassigned:
        return "\n".join(out)  # nothing was read: the errors say it all
    verb = "would create" if dry_run else "creates"
    new = [c for c in plan.candidates if not c.already_imported]
    out.append(
        f"{plan.source}: {len(plan.candidates)} {'person' if len(plan.candidates) == 1 else 'people'} "
        f"({len(new)} new), "
        f"{len(plan.unassigned)} block{'s' * (len(plan.unassigned) != 1)} of text belonging to no one"
    )
    for item in plan.candidates:
        person = item.person
        where = f"lines {person.block.first}-{person.block.last}"
        if item.already_imported:
            out.append(f"  {where}: '{person.heading}' already imported as {item.candidate_id}, skipped")
            continue
        out.append(
            f"  {where}: '{person.heading}' → {person.name}, {person.role_id} ({person.role_reason}), {verb} "
            f"{item.candidate_id}"
        )
        if person.date is not None and person.date_reason.startswith("the date"):
            out.append(f"      interviewed {person.date.isoformat()} ({person.date_reason})")
        if person.proposals:
            listed = ", ".join(f"{p.competency.name} (line {p.line})" for p in person.proposals)
            out.append(f"      sections proposed, unrated: {listed}")
        out += [f"      {f}" for f in item.files]
    for block in plan.unassigned:
        size = block.last - block.first + 1
        target = plan.unassigned_file or "(already kept)"
        out.append(f"  lines {block.first}-{block.last} ({size} line{'s' * (size != 1)}): no person → kept in {target}")
    if dry_run:
        out.append("dry run: nothing was written")
    return "\n".join(out)
