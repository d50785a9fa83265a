"""Loading one scorecard (``candidates/<id>/interviews/*.md``) into an :class:`~hiring_kb.model.models.Interview`.

Front matter checked against the role, the words of the notes, ratings, evidence sections and
completeness. The candidate around it (its file, its loop and the checks across its notes) is
loaded by :mod:`hiring_kb.sources.loader`; the rules across notes are :class:`hiring_kb.sources.rules.NoteChecks`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from hiring_kb.base.diagnostics import Diagnostic, Position, did_you_mean, error, warning
from hiring_kb.model.models import Interview, Role
from hiring_kb.model.vocabulary import Recommendation
from hiring_kb.sources.contact_details import contact_details_in_note
from hiring_kb.sources.document_values import is_id_value, read_date, unknown_competency, unknown_stage
from hiring_kb.sources.lint import compiled_lint
from hiring_kb.sources.near_miss_headings import near_miss_headings
from hiring_kb.sources.note_rules import NoteChecks, body_rules
from hiring_kb.sources.notes import (
    NoteSections,
    angle_bracket_warnings,
    external_links,
    find_evidence,
    is_blank_note,
    unclosed_comments,
)
from hiring_kb.sources.schemas import INTERVIEW_SCHEMA, check_schema
from hiring_kb.sources.settings import Settings
from hiring_kb.sources.source_files import CANDIDATE_FILE
from hiring_kb.sources.yamlio import (
    FrontMatterFile,
    YamlDoc,
    body_despite_front_matter,
    read_source,
    split_front_matter,
    values_emptied_by_hash,
)


def _what_the_notes_say(body: str, body_line: int, path: Path, settings: Settings) -> list[Diagnostic]:
    """Warnings about a note's text, whatever else is wrong with the file: words that do not belong
    in a scorecard (:mod:`hiring_kb.sources.lint`), contact details and links to other sites.

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


def load_interview(
    path: Path, role: Role | None, settings: Settings, *, checks: NoteChecks | None = None
) -> tuple[Interview | None, list[Diagnostic]]:
    """Load one interview note: front matter checked against the role, evidence found in the body.

    ``role`` is None when the candidate's role is unknown; then only the
    file's own shape is checked. ``checks`` (one per candidate) adds the
    rules that need the clock, the roster, the file name or the candidate's
    other notes (see :class:`hiring_kb.sources.rules.NoteChecks`). Warnings:
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
    if is_id_value(data.get("stage")) and role.stage(data["stage"]) is None:
        problems.append(unknown_stage(doc, data, role))
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
    the date, the body's rules and the candidate-wide :class:`~hiring_kb.sources.rules.NoteChecks`.

    Returns the date (None when absent or not a date), the ``unclosed-comment`` errors (they hide the
    sections below them) and all the problems, those errors included.
    """
    doc = note.meta
    label = settings.label(path)
    problems = check_schema(doc, INTERVIEW_SCHEMA) + values_emptied_by_hash(doc)
    problems += _what_the_notes_say(note.body, note.body_line, path, settings)
    date, date_problems = read_date(doc, doc.data, "date")
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
            problems.append(unknown_competency(doc.key(ratings_map, key), str(key), role.id, competency_ids))
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
            # ratings holds only competencies of the role (checked by _ratings): competency() finds it.
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
