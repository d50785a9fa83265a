"""Load a project from disk into the model, collecting diagnostics with positions.

Layout (README.md): ``roles/<role-id>.yml``, ``candidates/<id>/candidate.yml``
and ``candidates/<id>/interviews/*.md``. Every file is checked against its
schema and against the role it refers to; a file with an error is left out of
the model (it is never rendered) and the diagnostics say why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from . import clock, loadcache
from .candidate_rules import NameIndex, candidate_dates, candidate_folder_id, planned_in_roster, stage_behind
from .contact_details import contact_details_in_note
from .decisions import read_decision, read_history
from .diagnostics import Diagnostic, Position, did_you_mean, error, warning
from .limits import MAX_NOTES
from .lint import compiled_lint
from .models import Candidate, Competency, HistoryEntry, Interview, PlannedInterview, Project, Role, Stage
from .names import is_id
from .note_rules import NoteChecks, body_rules
from .notes import (
    NoteSections,
    angle_bracket_warnings,
    external_links,
    find_evidence,
    is_blank_note,
    near_miss_headings,
    unclosed_comments,
)
from .private_checks import check_private_structure
from .rules import role_file_id
from .schemas import CANDIDATE_SCHEMA, INTERVIEW_SCHEMA, ROLE_SCHEMA, check_schema
from .settings import Settings
from .sources import CANDIDATE_FILE, INTERVIEWS_DIR, find_notes, find_sources, leaves_project
from .text_rules import empty_slug, zero_width_name
from .vocabulary import CandidateStatus, Recommendation, RoleStatus
from .yamlio import (
    FrontMatterFile,
    YamlDoc,
    body_despite_front_matter,
    parse_yaml,
    read_source,
    split_front_matter,
    values_emptied_by_hash,
)

_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def load_project(settings: Settings, today: dt.date | None = None) -> tuple[Project, list[Diagnostic]]:
    """Load every role and candidate under the settings' directories.

    ``today`` (default: ``date.today()``) is the date no date may be later than
    (see :mod:`hiring_kb.rules`).

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


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_id(value: Any) -> bool:
    """A string that is an id (:func:`names.is_id`); anything else the schema reports as ``invalid-id``."""
    return isinstance(value, str) and is_id(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def load_role(path: Path, settings: Settings) -> tuple[Role | None, list[Diagnostic]]:
    """Load and check one role file; the role id is the file name without ``.yml``.

    Besides the schema: competency and stage ids are unique, and a stage's
    ``focus`` and ``questions`` name competencies of the role.
    """
    label = settings.label(path)
    source, problems = read_source(path, label)
    if source is None:
        return None, problems
    doc, problems = parse_yaml(source.text, label)
    if doc is None:
        return None, problems
    problems = check_schema(doc, ROLE_SCHEMA) + role_file_id(path, settings) + values_emptied_by_hash(doc)
    if problems:
        return None, problems
    data = doc.data
    problems += empty_slug(doc, data, "title", "role title")
    competencies = []
    seen: set[str] = set()
    for item in data["competencies"]:
        if item["id"] in seen:
            problems.append(
                error(
                    doc.value(item, "id"), "duplicate-id", f"competency id '{item['id']}' is used twice", "rename one"
                )
            )
        seen.add(item["id"])
        problems += empty_slug(doc, item, "name", "competency name")
        rubric = {int(level): str(text) for level, text in (item.get("rubric") or {}).items()}
        competencies.append(
            Competency(
                id=str(item["id"]),
                name=str(item["name"]),
                weight=int(item["weight"]),
                must_have=bool(item.get("must_have", False)),
                description=_text(item.get("description")),
                rubric=rubric,
            )
        )
    stages = []
    stage_ids: set[str] = set()
    for item in data["stages"]:
        if item["id"] in stage_ids:
            problems.append(
                error(doc.value(item, "id"), "duplicate-id", f"stage id '{item['id']}' is used twice", "rename one")
            )
        stage_ids.add(item["id"])
        problems += empty_slug(doc, item, "name", "stage name")
        focus = list(item.get("focus") or [])
        for index, competency_id in enumerate(focus):
            if competency_id not in seen:
                problems.append(_unknown_competency(doc.item(item["focus"], index), competency_id, path.stem, seen))
        questions = item.get("questions") or {}
        for competency_id in questions:
            if competency_id not in seen:
                problems.append(_unknown_competency(doc.key(questions, competency_id), competency_id, path.stem, seen))
        stages.append(
            Stage(
                id=str(item["id"]),
                name=_text(item.get("name")) or str(item["id"]).replace("-", " ").capitalize(),
                focus=tuple(focus),
                questions={k: tuple(map(str, v)) for k, v in questions.items()},
            )
        )
    if problems:
        return None, problems
    role = Role(
        id=path.stem,
        title=str(data["title"]),
        # validated values (the schema's enum); __post_init__ turns the string into its RoleStatus
        status=cast(RoleStatus, _text(data.get("status")) or "open"),
        summary=_text(data.get("summary")),
        description=_text(data.get("description")),
        competencies=tuple(competencies),
        stages=tuple(stages),
        source=label,
    )
    return role, []


def _unknown_competency(position: Position, competency_id: str, role_id: str, known: Any) -> Diagnostic:
    squeezed = re.fullmatch(r"([\w-]+):(\S+)", competency_id)
    if squeezed is not None and squeezed.group(1) in known:  # {english:4}: one key 'english:4' with no value
        hint = f"put a space after the ':': '{squeezed.group(1)}: {squeezed.group(2)}'"
    else:
        hint = did_you_mean(str(competency_id), known)
    return error(position, "unknown-competency", f"'{competency_id}' is not a competency of role '{role_id}'", hint)


def _date(doc: YamlDoc, mapping: Any, key: str) -> tuple[dt.date | None, list[Diagnostic]]:
    """Parse a YYYY-MM-DD value as a real calendar date (``invalid-date`` for 2026-02-30)."""
    value = mapping.get(key)
    if not isinstance(value, str) or not _DATE_SHAPE.fullmatch(value):
        return None, []  # absent or mis-shaped: the schema reports it
    try:
        return dt.date.fromisoformat(str(value)), []
    except ValueError:
        return None, [
            error(
                doc.value(mapping, key),
                "invalid-date",
                f"{key} '{value}' is not a calendar date",
                "check day and month",
            )
        ]


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
    role_id = data.get("role") if _is_str(data.get("role")) and is_id(data["role"]) else None
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
    if role is not None and _is_id(data.get("stage")) and role.stage(data["stage"]) is None:
        return role, [_unknown_stage(doc, data, role)]
    return role, []


def _candidate_facts(
    doc: YamlDoc, role: Role | None, settings: Settings, today: dt.date
) -> tuple[_CandidateFacts, list[Diagnostic]]:
    """Dates (real, in order, not after ``today``), the planned loop (stages of the role, interviewers
    of the roster), the decision's reasons and the pipeline history (:mod:`hiring_kb.decisions`)."""
    data = doc.data
    applied, problems = _date(doc, data, "applied")
    decided_on, more_problems = _date(doc, data, "decided_on")
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
    (:class:`hiring_kb.note_rules.NoteChecks`) and ``stage-behind`` against the candidate's stage."""
    interviews: list[Interview] = []
    problems: list[Diagnostic] = []
    checks = NoteChecks(today, frozenset(settings.interviewers), facts.applied, facts.decided_on)
    for note_path in note_paths:
        interview, note_problems = load_interview(note_path, role, settings, checks=checks)
        problems += note_problems
        if interview is not None:
            interviews.append(interview)
    problems += checks.finish()
    if role is not None and _is_str(doc.data.get("stage")):
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
        source_channel=_text(data.get("source")),
        tags=tuple(str(t) for t in data.get("tags") or ()),
        interviews=tuple(interviews),
        source=doc.path,
        planned=facts.planned,
        history=facts.history,
        decision_reasons=facts.decision_reasons,
        decision_rationale=facts.decision_rationale,
    )


def _what_the_notes_say(body: str, body_line: int, path: Path, settings: Settings) -> list[Diagnostic]:
    """Warnings about a note's text, whatever else is wrong with the file: words that do not belong
    in a scorecard (:mod:`hiring_kb.lint`), contact details and links to other sites.

    They depend on the note alone, so they are found (and cached) with it, and a note with an error
    gets them in the same run instead of after the error is fixed.
    """
    label = settings.label(path)
    candidate_file = settings.label(path.parent.parent / CANDIDATE_FILE)
    return (
        compiled_lint(settings.lint_rules).check(body, body_line, label)
        + contact_details_in_note(body, body_line, label, candidate_file)
        + external_links(body, body_line, label)
        + angle_bracket_warnings(body, body_line, label)
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
        if not isinstance(item, dict) or not all(_is_str(item.get(k)) for k in ("stage", "interviewer", "date")):
            continue
        date, date_problems = _date(doc, item, "date")
        problems += date_problems
        if role is not None and not is_id(item["stage"]):
            continue  # not an id: the schema reports it
        if role is not None and role.stage(item["stage"]) is None:
            problems.append(_unknown_stage(doc, item, role))
        elif date is not None:
            planned.append(PlannedInterview(str(item["stage"]), str(item["interviewer"]), date))
    return tuple(planned), problems


def _unknown_stage(doc: YamlDoc, data: Any, role: Role) -> Diagnostic:
    return error(
        doc.value(data, "stage"),
        "unknown-stage",
        f"'{data['stage']}' is not a stage of role '{role.id}'",
        did_you_mean(str(data["stage"]), [s.id for s in role.stages]),
    )


def load_interview(
    path: Path, role: Role | None, settings: Settings, *, checks: NoteChecks | None = None
) -> tuple[Interview | None, list[Diagnostic]]:
    """Load one interview note: front matter checked against the role, evidence found in the body.

    ``role`` is None when the candidate's role is unknown; then only the
    file's own shape is checked. ``checks`` (one per candidate) adds the
    rules that need the clock, the roster, the file name or the candidate's
    other notes (see :class:`hiring_kb.note_rules.NoteChecks`). Warnings:
    ``rating-without-evidence`` and ``unknown-evidence`` (a ``##`` heading
    close to a competency name).
    """
    label = settings.label(path)
    source, problems = read_source(path, label)
    if source is None:
        return None, problems
    note, problems = split_front_matter(source)
    if note is None:
        body = body_despite_front_matter(source)
        return None, problems + ([] if body is None else _what_the_notes_say(*body, path, settings))
    doc, data = note.meta, note.meta.data
    date, hidden, problems = _note_file_checks(note, path, role, settings, checks)
    if role is None:
        return None, problems
    if _is_id(data.get("stage")) and role.stage(data["stage"]) is None:
        problems.append(_unknown_stage(doc, data, role))
    ratings, rating_problems = _ratings(doc, role)
    problems += rating_problems
    sections, evidence_problems = _evidence(note, ratings, role, label, hidden)
    problems += evidence_problems
    recommendation = None if data.get("recommendation") is None else str(data["recommendation"])
    empty = not ratings and recommendation is None and is_blank_note(note.body)
    if not any(p.severity.value == "error" for p in problems):  # a broken note is reported for its error only
        problems += _scorecard_completeness(doc, label, ratings, recommendation, empty, settings)
    problems += _unknown_evidence(sections, role, label)
    if any(p.severity.value == "error" for p in problems) or date is None:
        return None, problems
    interview = Interview(
        id=path.stem,
        source=label,
        interviewer=str(data["interviewer"]),
        date=date,
        stage=str(data["stage"]),
        ratings=ratings,
        recommendation=cast("Recommendation | None", recommendation),  # validated; the member after __post_init__
        body=note.body,
        body_line=note.body_line,
        evidence=sections.evidence,
        empty=empty,
    )
    return interview, problems


def _note_file_checks(
    note: FrontMatterFile, path: Path, role: Role | None, settings: Settings, checks: NoteChecks | None
) -> tuple[dt.date | None, list[Diagnostic], list[Diagnostic]]:
    """What a note's own file says, whatever its role: the front matter's shape, the words of the notes,
    the date, the body's rules and the candidate-wide :class:`~hiring_kb.note_rules.NoteChecks`.

    Returns the date (None when absent or not a date), the ``unclosed-comment`` errors (they hide the
    sections below them) and all the problems, those errors included.
    """
    doc = note.meta
    label = settings.label(path)
    problems = check_schema(doc, INTERVIEW_SCHEMA) + values_emptied_by_hash(doc)
    problems += _what_the_notes_say(note.body, note.body_line, path, settings)
    date, date_problems = _date(doc, doc.data, "date")
    problems += date_problems
    hidden = unclosed_comments(note.body, note.body_line, label)
    problems += body_rules(note.body, note.body_line, label) + hidden
    if checks is not None:
        problems += checks.check(doc, path.stem, date, role)
    return date, hidden, problems


def _ratings_map(data: Any) -> Any:
    return data.get("ratings") if isinstance(data.get("ratings"), dict) else {}


def _ratings(doc: YamlDoc, role: Role) -> tuple[dict[str, int], list[Diagnostic]]:
    """The note's ratings of the role's competencies (1..4), and ``unknown-competency`` for other keys.

    Values of a wrong type or out of range are left out here (the schema reports them).
    """
    ratings_map = _ratings_map(doc.data)
    competency_ids = [c.id for c in role.competencies]
    ratings: dict[str, int] = {}
    problems: list[Diagnostic] = []
    for key, value in ratings_map.items():
        if key not in competency_ids:
            problems.append(_unknown_competency(doc.key(ratings_map, key), str(key), role.id, competency_ids))
        elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
            ratings[key] = int(value)
    return ratings, problems


def _evidence(
    note: FrontMatterFile, ratings: dict[str, int], role: Role, label: str, hidden: list[Diagnostic]
) -> tuple[NoteSections, list[Diagnostic]]:
    """The note's ``## <competency>`` sections, ``evidence-heading`` for a heading that nearly names one,
    and ``rating-without-evidence`` for a rating with no section (not when an unclosed comment in
    ``hidden`` hides the sections: its error says so, once)."""
    doc = note.meta
    sections = find_evidence(note.body, note.body_line, role.competencies)
    evidenced = {s.competency_id for s in sections.evidence}
    near_misses = near_miss_headings(note.body, note.body_line, role.competencies)
    problems = [
        warning(Position(label, miss.line, 1), "evidence-heading", miss.message, miss.hint) for miss in near_misses
    ]
    missed = {miss.competency_id for miss in near_misses}
    ratings_map = _ratings_map(doc.data)
    for competency_id in ratings:
        if competency_id not in evidenced and competency_id not in missed and not hidden:
            name = role.competency(competency_id).name  # type: ignore[union-attr]
            problems.append(
                warning(
                    doc.value(ratings_map, competency_id),
                    "rating-without-evidence",
                    f"rating for '{competency_id}' has no '## {name}' section in the notes",
                    f"add a '## {name}' section with what you observed",
                )
            )
    return sections, problems


def _unknown_evidence(sections: NoteSections, role: Role, label: str) -> list[Diagnostic]:
    """``unknown-evidence`` for a ``##`` heading that matches no competency but is close to one."""
    labels = [c.name for c in role.competencies] + [c.id for c in role.competencies]
    problems = []
    for heading in sections.other_headings:
        suggestion = did_you_mean(heading.text, labels)
        if suggestion.startswith("did you mean"):
            problems.append(
                warning(
                    Position(label, heading.line, 1),
                    "unknown-evidence",
                    f"section '## {heading.text}' is not a competency of role '{role.id}'",
                    suggestion,
                )
            )
    return problems


def _scorecard_completeness(
    doc: YamlDoc, label: str, ratings: dict[str, int], recommendation: str | None, empty: bool, settings: Settings
) -> list[Diagnostic]:
    """``empty-scorecard`` (warning) for an untouched scaffold, which still counts as owed; and
    ``rating-without-recommendation`` for ratings without a recommendation: a warning, an error with
    ``scorecards: {require_recommendation: true}`` in hiring.yml."""
    if empty:
        return [
            warning(
                Position(label),
                "empty-scorecard",
                "this scorecard has no rating, no recommendation and no notes yet, so it still counts as owed",
                "write what you observed under each '## <competency>', rate it 1-4 and set 'recommendation:'; "
                "delete the file if the interview did not take place",
            )
        ]
    if ratings and recommendation is None:
        data = doc.data
        at = doc.key(data, "recommendation") if "recommendation" in data else doc.key(data, "ratings")
        report = error if settings.require_recommendation else warning
        required = (
            ", which hiring.yml requires (scorecards: require_recommendation)"
            if settings.require_recommendation
            else ""
        )
        return [
            report(
                at,
                "rating-without-recommendation",
                f"the scorecard has ratings but no recommendation{required}",
                "add 'recommendation: strong-no', 'no', 'yes' or 'strong-yes': the debrief counts each "
                "interviewer's recommendation",
            )
        ]
    return []
