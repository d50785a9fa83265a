"""Load a project from disk into the model, collecting diagnostics with positions.

Layout (README.md): ``roles/<role-id>.yml``, ``candidates/<id>/candidate.yml``
and ``candidates/<id>/interviews/*.md``. Every file is checked against its
schema and against the role it refers to; a file with an error is left out of
the model (it is never rendered) and the diagnostics say why. This module loads
the project and each candidate; one role is :mod:`hiring_kb.sources.role_loader`, one
scorecard :mod:`hiring_kb.sources.scorecard_loader`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from hiring_kb.base import clock
from hiring_kb.base.diagnostics import Diagnostic, Position, did_you_mean, error
from hiring_kb.base.limits import MAX_NOTES
from hiring_kb.base.names import is_id
from hiring_kb.model.models import Candidate, HistoryEntry, Interview, PlannedInterview, Project, Role
from hiring_kb.model.vocabulary import CandidateStatus
from hiring_kb.sources import loadcache
from hiring_kb.sources.candidate_rules import (
    NameIndex,
    candidate_dates,
    candidate_folder_id,
    planned_in_roster,
    stage_behind,
)
from hiring_kb.sources.decisions import read_decision, read_history
from hiring_kb.sources.document_values import is_id_value, is_text, read_date, text_of, unknown_stage
from hiring_kb.sources.note_rules import NoteChecks
from hiring_kb.sources.private_checks import check_private_structure
from hiring_kb.sources.role_loader import load_role
from hiring_kb.sources.schemas import CANDIDATE_SCHEMA, check_schema
from hiring_kb.sources.scorecard_loader import load_interview
from hiring_kb.sources.settings import Settings
from hiring_kb.sources.source_files import CANDIDATE_FILE, INTERVIEWS_DIR, find_notes, find_sources, leaves_project
from hiring_kb.sources.text_rules import empty_slug, zero_width_name
from hiring_kb.sources.yamlio import (
    YamlDoc,
    parse_yaml,
    read_source,
    values_emptied_by_hash,
)


def load_project(settings: Settings, today: dt.date | None = None) -> tuple[Project, list[Diagnostic]]:
    """Load every role and candidate under the settings' directories.

    ``today`` (default: ``date.today()``) is the date no date may be later than
    (see :mod:`hiring_kb.sources.rules`).

    Returns:
        The project (only files without errors) and all diagnostics, sorted by
        path, line and column. Never raises for bad data.
    """
    today = today or clock.today()
    sources = find_sources(settings)
    diagnostics: list[Diagnostic] = list(sources.diagnostics)
    roles: dict[str, Role] = {}
    for path in sources.roles:
        role, problems = load_role(path, settings)
        diagnostics.extend(problems)
        if role is not None:
            roles[role.id] = role
    candidates: dict[str, Candidate] = {}
    names = NameIndex()
    cache = None
    if loadcache.enabled():
        # Role files that failed to load still count: a candidate of such a role is not "unknown-role".
        role_files = sorted(path.name for path in sources.roles)
        context = loadcache.context_fingerprint(settings, roles, role_files, today)
        cache = loadcache.open_cache(settings.root, context)
    results = loadcache.load_all(sources.candidate_folders, load_candidate_result, (roles, settings, today), cache)
    for result in results:
        diagnostics.extend(result.problems)
        names.merge(result.names)
        if result.candidate is not None:
            candidates[result.candidate.id] = result.candidate
    if cache is not None:
        cache.save()
    diagnostics += names.collisions()
    diagnostics.sort(key=Diagnostic.sort_key)
    return Project(roles=roles, candidates=candidates), diagnostics


def load_candidate_result(
    folder: Path, roles: dict[str, Role], settings: Settings, today: dt.date
) -> loadcache.CandidateLoad:
    """:func:`load_candidate` as one picklable result (for the cache and worker processes)."""
    names = NameIndex()
    candidate, problems = load_candidate(folder, roles, settings, today=today, names=names)
    return loadcache.CandidateLoad(candidate, problems, names)


def load_candidate(
    folder: Path,
    roles: dict[str, Role],
    settings: Settings,
    *,
    today: dt.date | None = None,
    names: NameIndex | None = None,
) -> tuple[Candidate | None, list[Diagnostic]]:
    """Load ``<folder>/candidate.yml`` and its interview notes.

    The candidate is left out (None) when its folder name, its file or any of
    its notes has an error; warnings do not leave anything out. ``today``
    (default: ``date.today()``) bounds every date; ``names`` collects the
    candidate's name for the cross-candidate ``name-collision`` check.
    """
    today = today or clock.today()
    note_paths, problems = _folder_checks(folder, settings)
    doc, file_problems = _read_candidate_file(folder, settings)
    problems += file_problems
    if doc is None:
        return None, problems
    problems += _candidate_file_checks(doc, names)
    role, role_problems = _role_of(doc, roles, settings)
    problems += role_problems
    facts, fact_problems = _candidate_facts(doc, role, settings, today)
    problems += fact_problems
    interviews, note_problems = _load_interviews(note_paths, doc, role, settings, facts, today)
    problems += note_problems
    if any(p.severity.value == "error" for p in problems) or role is None:
        return None, problems
    return _candidate(folder, doc, role, facts, interviews), problems


@dataclass(frozen=True)
class _CandidateFacts:
    """What ``candidate.yml`` says besides name, role, stage and status, each value already checked."""

    applied: dt.date | None
    decided_on: dt.date | None
    planned: tuple[PlannedInterview, ...]
    history: tuple[HistoryEntry, ...]
    decision_reasons: tuple[str, ...]
    decision_rationale: str


def _folder_checks(folder: Path, settings: Settings) -> tuple[list[Path], list[Diagnostic]]:
    """The notes of a candidate folder, and the problems of the folder itself: its name, stray files,
    more notes than :data:`MAX_NOTES`."""
    note_paths, found = find_notes(folder, settings)
    problems = candidate_folder_id(folder, settings) + found
    if len(note_paths) > MAX_NOTES:
        problems.append(
            error(
                Position(settings.label(folder / INTERVIEWS_DIR)),
                "too-many-notes",
                f"{len(note_paths):,} interview notes, more than the limit of {MAX_NOTES} per candidate",
                "one note per interview: merge notes of the same interview, and remove copies",
            )
        )
    return note_paths, problems


def _read_candidate_file(folder: Path, settings: Settings) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """``candidate.yml`` parsed, or None and why: a link leaving the project, no such file, unreadable
    bytes, invalid YAML."""
    path = folder / CANDIDATE_FILE
    label = settings.label(path)
    link = leaves_project(path, settings)
    if link is not None:
        return None, [link]
    if not path.is_file():
        return None, [
            error(
                Position(settings.label(folder)),
                "missing-candidate-file",
                f"candidate folder has no {CANDIDATE_FILE}",
                "create it with 'invoke new-candidate' or remove the folder",
            )
        ]
    source, problems = read_source(path, label)
    if source is None:
        return None, problems
    return parse_yaml(source.text, label)


def _candidate_file_checks(doc: YamlDoc, names: NameIndex | None) -> list[Diagnostic]:
    """The file's shape (schema, values emptied by a ``#``, sealed ``private:`` block) and its name;
    the name joins ``names`` for the cross-candidate ``name-collision`` check."""
    problems = check_schema(doc, CANDIDATE_SCHEMA) + values_emptied_by_hash(doc)
    problems += check_private_structure(doc)  # sealed, or an error (no key needed)
    problems += empty_slug(doc, doc.data, "name", "candidate name")
    problems += zero_width_name(doc, doc.data, "name", "candidate name")
    if names is not None:
        names.add(doc)
    return problems


def _role_of(doc: YamlDoc, roles: dict[str, Role], settings: Settings) -> tuple[Role | None, list[Diagnostic]]:
    """The candidate's role (None when unknown or not loaded), ``unknown-role`` or ``unknown-stage``.

    A role whose file exists but failed to load is no ``unknown-role``: its own errors say why.
    """
    data = doc.data
    # Not an id (a path such as '../mkdocs'): the schema reports it; never look it up as a file.
    role_id = data.get("role") if is_text(data.get("role")) and is_id(data["role"]) else None
    role = roles.get(role_id) if role_id else None
    if role_id and role is None and not (settings.roles_dir / f"{role_id}.yml").is_file():
        return None, [
            error(
                doc.value(data, "role"),
                "unknown-role",
                f"role '{data['role']}' does not exist",
                did_you_mean(str(data["role"]), roles)
                or f"add {settings.label(settings.roles_dir)}/{data['role']}.yml",
            )
        ]
    if role is not None and is_id_value(data.get("stage")) and role.stage(data["stage"]) is None:
        return role, [unknown_stage(doc, data, role)]
    return role, []


def _candidate_facts(
    doc: YamlDoc, role: Role | None, settings: Settings, today: dt.date
) -> tuple[_CandidateFacts, list[Diagnostic]]:
    """Dates (real, in order, not after ``today``), the planned loop (stages of the role, interviewers
    of the roster), the decision's reasons and the pipeline history (:mod:`hiring_kb.sources.decisions`)."""
    data = doc.data
    applied, problems = read_date(doc, data, "applied")
    decided_on, more_problems = read_date(doc, data, "decided_on")
    problems += more_problems
    problems += candidate_dates(doc, applied, decided_on, today)
    problems += planned_in_roster(doc, frozenset(settings.interviewers))
    planned, planned_problems = _planned(doc, data, role)
    problems += planned_problems
    reasons, rationale, decision_problems = read_decision(doc, settings.decision_reasons)
    history, history_problems = read_history(doc, role, applied, today)
    problems += decision_problems + history_problems
    return _CandidateFacts(applied, decided_on, planned, history, reasons, rationale), problems


def _load_interviews(
    note_paths: list[Path], doc: YamlDoc, role: Role | None, settings: Settings, facts: _CandidateFacts, today: dt.date
) -> tuple[list[Interview], list[Diagnostic]]:
    """The candidate's notes loaded (those without errors, by date), with the checks across them
    (:class:`hiring_kb.sources.rules.NoteChecks`) and ``stage-behind`` against the candidate's stage."""
    interviews: list[Interview] = []
    problems: list[Diagnostic] = []
    checks = NoteChecks(today, frozenset(settings.interviewers), facts.applied, facts.decided_on)
    for note_path in note_paths:
        interview, note_problems = load_interview(note_path, role, settings, checks=checks)
        problems += note_problems
        if interview is not None:
            interviews.append(interview)
    problems += checks.finish()
    if role is not None and is_text(doc.data.get("stage")):
        problems += stage_behind(doc, role, interviews)
    interviews.sort(key=lambda i: (i.date, i.id))
    return interviews, problems


def _candidate(
    folder: Path, doc: YamlDoc, role: Role, facts: _CandidateFacts, interviews: list[Interview]
) -> Candidate:
    """The model of a candidate whose file and notes have no error."""
    data = doc.data
    return Candidate(
        id=folder.name,
        name=str(data["name"]).strip(),
        role_id=role.id,
        stage=str(data["stage"]),
        status=cast(CandidateStatus, str(data["status"])),  # validated; __post_init__ makes it the member
        applied=facts.applied,
        decided_on=facts.decided_on,
        source_channel=text_of(data.get("source")),
        tags=tuple(str(t) for t in data.get("tags") or ()),
        interviews=tuple(interviews),
        source=doc.path,
        planned=facts.planned,
        history=facts.history,
        decision_reasons=facts.decision_reasons,
        decision_rationale=facts.decision_rationale,
    )


def _planned(doc: YamlDoc, data: Any, role: Role | None) -> tuple[tuple[PlannedInterview, ...], list[Diagnostic]]:
    """Read ``planned:`` (the interview loop): each stage must be a stage of the role, each date a real date.

    Items with a wrong shape are skipped here (the schema reports them).
    """
    items = data.get("planned")
    if not isinstance(items, list):
        return (), []
    planned: list[PlannedInterview] = []
    problems: list[Diagnostic] = []
    for item in items:
        if not isinstance(item, dict) or not all(is_text(item.get(k)) for k in ("stage", "interviewer", "date")):
            continue
        date, date_problems = read_date(doc, item, "date")
        problems += date_problems
        if role is not None and not is_id(item["stage"]):
            continue  # not an id: the schema reports it
        if role is not None and role.stage(item["stage"]) is None:
            problems.append(unknown_stage(doc, item, role))
        elif date is not None:
            planned.append(PlannedInterview(str(item["stage"]), str(item["interviewer"]), date))
    return tuple(planned), problems
