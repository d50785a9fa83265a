"""The plan of ``invoke import-notes``: everything the import would do, worked out without writing.

:func:`plan_import` runs five named steps: check the settings and options
(:func:`_option_problems`), split the notes into people (:mod:`hiring_kb.authoring.import_people`), keep
what belongs to no one, pick each role's stage (:func:`_stage_by_role`), and plan each candidate
(:func:`_planned_candidates`: an opaque id that the dry run and the real run agree on, or the
candidate a person was imported as already). ``--dry-run`` prints the plan
(:func:`hiring_kb.authoring.importer.format_plan`); :func:`hiring_kb.authoring.importer.run_import` writes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.authoring.edit import EditError
from hiring_kb.authoring.import_files import unassigned_text, written_body
from hiring_kb.authoring.import_helpers import first_name_matches, load_name_map, unused_entries
from hiring_kb.authoring.import_people import (
    Block,
    DateFallback,
    Person,
    RoleFallback,
    people_of,
    split_notes,
    unassigned_blocks,
)
from hiring_kb.authoring.scaffold import HANDLE, ID_PREFIX, existing_ids, note_name
from hiring_kb.base import clock
from hiring_kb.base.diagnostics import Diagnostic, Position, did_you_mean, error, has_errors, warning
from hiring_kb.model.models import Project, Role
from hiring_kb.sources.loader import CANDIDATE_FILE, INTERVIEWS_DIR, load_project
from hiring_kb.sources.project_folders import data_folder_problem
from hiring_kb.sources.settings import SETTINGS_FILE, Settings
from hiring_kb.sources.yamlio import read_source


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


def _already_imported(project: Project, person: Person) -> str | None:
    for candidate in project.candidates.values():
        if candidate.role_id != person.role_id or candidate.name.casefold() != person.name.casefold():
            continue
        if any(
            i.body.strip("\n") in (person.block.text.strip("\n"), written_body(person)) for i in candidate.interviews
        ):
            return candidate.id
    return None


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
        RoleFallback(role, "--role") if role else RoleFallback(rules.default_role, "import.default_role in hiring.yml")
    )
    dates = DateFallback(date, "--date") if date else DateFallback(today, "today")
    problems = _option_problems(settings, label, interviewer, fallback, roles)
    split, split_problems = split_notes(source.text, label, rules.person_heading_level, dict(rules.role_hints), roles)
    problems += split_problems
    entries, name_problems = load_name_map(names, roles) if names is not None else ({}, [])
    problems += name_problems
    used: set[str] = set()
    people = people_of(split, entries, used, fallback, dates, today, roles if sections else None, label, problems)
    if names is not None:
        problems += unused_entries(entries, used, str(names))
    unassigned = unassigned_blocks(source.text, split)
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


def _option_problems(
    settings: Settings, label: str, interviewer: str, fallback: RoleFallback, roles: dict[str, Role]
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

    :func:`hiring_kb.sources.settings.load_settings` refuses such a hiring.yml already; this guards
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
