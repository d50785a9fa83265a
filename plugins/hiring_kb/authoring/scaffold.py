"""Scaffolds: a new candidate file and a new interview note, built from the role.

``invoke new-interview`` gives the interviewer a note that already has the
right shape: front matter with the stage's focus competencies as empty ratings
(``null`` = not assessed, which validates), and one ``## <competency>`` section
per focus competency. Inside each section, the rubric anchors and the stage's
questions are *guidance*: an HTML comment, which the evidence finder does not
count as evidence (:func:`hiring_kb.sources.notes.find_evidence`), the lint skips, and
the site never shows (comments are stripped when notes are rendered).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.authoring.atomic_files import atomic_write_text
from hiring_kb.authoring.edit import EditError, candidate_file, fail, read_yaml_or_refuse
from hiring_kb.authoring.resolve import handle, resolve_stage
from hiring_kb.authoring.yaml_edits import yaml_scalar
from hiring_kb.base.clock import today as clock_today
from hiring_kb.base.diagnostics import Position, did_you_mean
from hiring_kb.model.models import LEVEL_LABELS, Role
from hiring_kb.sources.loader import CANDIDATE_FILE, INTERVIEWS_DIR
from hiring_kb.sources.role_loader import load_role
from hiring_kb.sources.rules import FUTURE_SLACK_DAYS
from hiring_kb.sources.settings import Settings

#: Ids and handles: what the schemas accept for ids (lowercase letters, digits, '-').
HANDLE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: ``c-`` + 6 hex digits from :mod:`secrets`: opaque, so no name ever reaches a URL.
ID_PREFIX = "c-"


def new_candidate_id(taken: set[str]) -> str:
    """Return a fresh opaque id ``c-xxxxxx`` (6 hex digits) that is not in ``taken``."""
    while True:
        candidate_id = ID_PREFIX + secrets.token_hex(3)
        if candidate_id not in taken:
            return candidate_id


def existing_ids(settings: Settings) -> set[str]:
    """Names of every folder under the candidates folder (taken ids, including broken candidates)."""
    if not settings.candidates_dir.is_dir():
        return set()
    return {p.name for p in settings.candidates_dir.iterdir()}


def require_role(settings: Settings, role_id: str) -> Role:
    """Load role ``role_id`` or raise :class:`EditError` (unknown role, or the role file's own errors)."""
    path = settings.roles_dir / f"{role_id}.yml"
    if not HANDLE.fullmatch(role_id) or not path.is_file():
        known = sorted(p.stem for p in settings.roles_dir.glob("*.yml")) if settings.roles_dir.is_dir() else []
        raise fail(
            Position(settings.label(settings.roles_dir)),
            "unknown-role",
            f"role '{role_id}' does not exist",
            did_you_mean(role_id, known),
        )
    role, problems = load_role(path, settings)
    if role is None:
        raise EditError(problems)
    return role


def candidate_text(name: str, role: Role, applied: dt.date) -> str:
    """The text of a new ``candidate.yml``: active, at the role's first stage, with commented empty keys."""
    stages = ", ".join(s.id for s in role.stages)
    return (
        f"name: {yaml_scalar(name)}\n"
        f"role: {role.id}\n"
        f"stage: {role.stages[0].id}  # one of: {stages}\n"
        "status: active  # active | hired | rejected | withdrawn ('invoke move' also sets decided_on)\n"
        f"applied: {applied.isoformat()}\n"
        "decided_on:\n"
        "history:  # every stage and status change, oldest first ('invoke move' adds to it)\n"
        f"  - {{date: {applied.isoformat()}, stage: {role.stages[0].id}}}\n"
        "source:  # e.g. referral, agency, job board\n"
        "tags: []\n"
        "# The interview loop: scorecards still owed show on the home page. One line per interview, e.g.\n"
        f"#   - {{stage: {role.stages[0].id}, interviewer: ana, date: {applied.isoformat()}}}\n"
        "planned: []\n"
        "private:  # sealed, NEVER published: contact details, compensation (invoke private-set ID KEY VALUE)\n"
    )


@dataclass(frozen=True)
class Created:
    """A file a scaffold created: its absolute path and its label relative to the project root."""

    path: Path
    label: str
    candidate_id: str


def create_candidate(
    settings: Settings,
    name: str,
    role_id: str,
    candidate_id: str | None = None,
    today: dt.date | None = None,
) -> Created:
    """Create ``candidates/<id>/candidate.yml`` for a new candidate.

    Args:
        name: the candidate's name as shown on the site (one line, not empty).
        role_id: an existing role id.
        candidate_id: the folder name; default a fresh opaque ``c-xxxxxx``.
        today: the ``applied`` date (default :func:`hiring_kb.base.clock.today`, the date validation uses).

    Raises:
        EditError: empty or multi-line name, unknown role, an id that is not
            lowercase letters/digits/'-' or is already taken. Nothing is written.
    """
    today = today or clock_today()
    clean = " ".join(name.split())
    label = settings.label(settings.candidates_dir)
    if not clean:
        raise fail(
            Position(label), "invalid-value", "the candidate's name is empty", 'invoke new-candidate "Name" --role ROLE'
        )
    if "\n" in name.strip() or "\r" in name.strip():
        raise fail(
            Position(label), "invalid-value", "the candidate's name spans several lines", "give the name on one line"
        )
    role = require_role(settings, role_id)
    taken = existing_ids(settings)
    if candidate_id is None:
        candidate_id = new_candidate_id(taken)
    elif not HANDLE.fullmatch(candidate_id):
        raise fail(
            Position(label),
            "invalid-id",
            f"id '{candidate_id}' is not allowed",
            "use lowercase letters, digits and '-'",
        )
    elif candidate_id in taken:
        raise fail(
            Position(f"{label}/{candidate_id}"),
            "id-taken",
            f"candidate id '{candidate_id}' is already taken",
            "leave out --id to get a fresh opaque id",
        )
    folder = settings.candidates_dir / candidate_id
    settings.candidates_dir.mkdir(parents=True, exist_ok=True)
    folder.mkdir()
    try:
        atomic_write_text(folder / CANDIDATE_FILE, candidate_text(clean, role, today), exclusive=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # no half-made candidate folder
        raise
    return Created(folder / CANDIDATE_FILE, settings.label(folder / CANDIDATE_FILE), candidate_id)


def _comment_safe(text: str) -> str:
    """Text that cannot end an HTML comment early (``-->``) or run into the next line."""
    return " ".join(text.replace("-->", "->").replace("--!>", "->").split())


def interview_text(role: Role, stage_id: str, interviewer: str, date: dt.date) -> str:
    """The text of a new scorecard for ``stage_id`` of ``role``.

    Front matter: interviewer, date, stage, one empty rating per focus
    competency, an empty recommendation. Body: one ``## <competency name>``
    section per focus competency, each with the competency's description,
    rubric (levels 1..4) and the stage's questions inside an HTML comment.
    """
    stage = role.stage(stage_id)
    assert stage is not None
    focus = [role.competency(cid) for cid in stage.focus]
    lines = [
        "---",
        f"interviewer: {interviewer}",
        f"date: {date.isoformat()}",
        f"stage: {stage.id}",
        "ratings:  # 1 far below, 2 below, 3 meets, 4 exceeds; empty = not assessed",
        *(f"  {c.id}:" for c in focus if c is not None),
        "recommendation:  # strong-no | no | yes | strong-yes; empty = no decision",
        "---",
    ]
    others = [c for c in role.competencies if c.id not in stage.focus]
    lines += [
        "<!-- Write what the candidate said or did, not adjectives: each rating needs its section below.",
        "     Text inside these comment marks is guidance: not evidence, never published; delete it when done.",
    ]
    if others:
        lines.append(
            "     Saw evidence for another competency? Add a section for it: "
            + _comment_safe(", ".join(f"## {c.name}" for c in others))
        )
    lines.append("     Keep out anything about age, family, health, religion or nationality. -->")
    for competency in focus:
        if competency is None:
            continue
        lines += ["", f"## {competency.name}", "<!--"]
        if competency.description:
            lines.append(_comment_safe(competency.description))
        for level in (1, 2, 3, 4):
            if level in competency.rubric:
                lines.append(f"{level} {LEVEL_LABELS[level]}: {_comment_safe(competency.rubric[level])}")
        for question in stage.questions.get(competency.id, ()):
            lines.append(f"Ask: {_comment_safe(question)}")
        lines += ["-->", ""]
    if not focus:
        lines += ["", "## Notes", ""]
    return "\n".join(lines) + "\n"


def note_name(date: dt.date, stage_id: str, interviewer: str) -> str:
    """File name of a scorecard: ``<YYYY-MM-DD>-<stage>-<interviewer>.md``."""
    return f"{date.isoformat()}-{stage_id}-{interviewer}.md"


def create_interview(
    settings: Settings,
    candidate_id: str,
    stage_id: str,
    interviewer: str,
    date: dt.date | None = None,
    today: dt.date | None = None,
) -> Created:
    """Create ``candidates/<id>/interviews/<date>-<stage>-<interviewer>.md`` from the candidate's role.

    Args:
        candidate_id: an existing candidate folder name.
        stage_id: a stage of the candidate's role: its id or its display name, any case
            (:func:`hiring_kb.authoring.resolve.resolve_stage`).
        interviewer: the interviewer's handle; lower-cased (``Ana`` → ``ana``).
        date: the interview date (default: ``today``).
        today: the date validation judges by (default :func:`hiring_kb.base.clock.today`).

    Raises:
        EditError: ``future-date`` when ``date`` is later than validation accepts
            (``today`` plus :data:`hiring_kb.sources.rules.FUTURE_SLACK_DAYS`); unknown
            candidate, role or stage; a handle that the schema would refuse; a
            candidate.yml without a readable role; the note already exists (it is
            never overwritten).
    """
    today = today or clock_today()
    date = date or today
    path = candidate_file(settings, candidate_id)
    label = settings.label(path)
    interviewer = handle(interviewer, Position(label))  # "Ana" → "ana"
    if date > today + dt.timedelta(days=FUTURE_SLACK_DAYS):
        # Refused rather than written: validation rejects a note dated in the future, so the
        # scaffold would break `invoke validate`, the PR check and the build for the whole team
        # until that day. The interview is planned in candidate.yml; its scorecard starts on the day.
        raise fail(
            Position(settings.label(path.parent / INTERVIEWS_DIR / note_name(date, stage_id, interviewer))),
            "future-date",
            f"the interview date {date.isoformat()} is after today ({today.isoformat()}); no scorecard was created",
            f"run this on the day of the interview; to schedule it now, add it to 'planned:' in {label}",
        )
    doc = read_yaml_or_refuse(path, label)
    role_id = doc.data.get("role")
    if not isinstance(role_id, str):
        raise fail(doc.key(doc.data, "role"), "missing-key", "candidate.yml has no role", "add 'role: <role id>'")
    role = require_role(settings, role_id)
    stage_id = resolve_stage(role, stage_id, Position(label)).id  # "QA deep dive" → "technical"
    folder = path.parent / INTERVIEWS_DIR
    folder.mkdir(exist_ok=True)
    note = folder / note_name(date, stage_id, interviewer)
    if note.exists():
        raise fail(
            Position(settings.label(note)),
            "file-exists",
            "this note already exists; it was left as it is",
            "edit it, or pass another --date",
        )
    atomic_write_text(note, interview_text(role, stage_id, interviewer, date), exclusive=True)
    return Created(note, settings.label(note), candidate_id)
