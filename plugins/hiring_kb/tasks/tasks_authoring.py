"""invoke tasks that write data files for the hiring team and interviewers.

invoke new-candidate "Name" --role ROLE [--id ID]
invoke new-interview ID --stage STAGE --interviewer HANDLE [--date YYYY-MM-DD]
invoke move ID [--stage STAGE] [--status active|hired|rejected|withdrawn]
invoke import-notes FILE [--dry-run] [--role ROLE] [--interviewer HANDLE] [--date D] [--names FILE] [--no-sections]

Thin wrappers over :mod:`hiring_kb.authoring.scaffold`, :mod:`hiring_kb.authoring.edit`,
:mod:`hiring_kb.authoring.resolve` and
:mod:`hiring_kb.authoring.importer`, which do every write (atomic, comments kept). Sealed ``private:`` values
are written by the tasks of :mod:`hiring_kb.tasks.tasks_privacy`.
"""

from __future__ import annotations

from pathlib import Path

from invoke import Context, Exit, task

from hiring_kb.authoring.candidate_move import move_candidate
from hiring_kb.authoring.edit import EditError
from hiring_kb.authoring.import_plan import plan_import
from hiring_kb.authoring.importer import format_plan, import_summary, run_import
from hiring_kb.authoring.scaffold import create_candidate, create_interview
from hiring_kb.task_loading import loading_root
from hiring_kb.tasks.task_wiki import date_option, refused, settings_or_exit

# The wiki these tasks run on: the folder of the tasks.py that loads them (hiring_kb.task_loading).
ROOT = loading_root()


@task(
    help={
        "name": "The candidate's name as shown on the site.",
        "role": "Role id (a file name in roles/ without .yml).",
        "id": "Folder name to use instead of a fresh opaque id (c- and 6 hex digits).",
    }
)
def new_candidate(c: Context, name: str, role: str, id: str | None = None) -> None:
    """Create candidates/<id>/candidate.yml (active, at the role's first stage) and print its path."""
    try:
        created = create_candidate(settings_or_exit(ROOT), name, role, id)
    except EditError as exc:
        raise refused(exc) from None
    print(created.label)
    print(f"next: invoke new-interview {created.candidate_id} --stage STAGE --interviewer HANDLE")


@task(
    positional=["id"],
    help={
        "id": "Candidate id (the folder name under candidates/, shown on the candidate page).",
        "stage": "Stage of the candidate's role: its id or its name as the site shows it (any case).",
        "interviewer": "Your handle (lowercase letters, digits, '-'; 'Ana' is taken as 'ana').",
        "date": "Interview date, YYYY-MM-DD (default: today).",
    },
)
def new_interview(
    c: Context,
    id: str | None = None,
    stage: str | None = None,
    interviewer: str | None = None,
    date: str | None = None,
) -> None:
    """Create the scorecard <date>-<stage>-<interviewer>.md from the role (focus competencies, rubric, questions)."""
    from hiring_kb.authoring.resolve import missing_options

    settings = settings_or_exit(ROOT)
    try:
        missing = missing_options(settings, id, stage, interviewer)
        if missing:
            raise Exit(missing, code=2)
        # missing_options refused a missing id, stage or interviewer above: mypy cannot see that.
        created = create_interview(settings, id, stage, interviewer, date_option(date))  # type: ignore[arg-type]
    except EditError as exc:
        raise refused(exc) from None
    print(created.label)
    print("next: open it, rate each competency 1 to 4 (or leave it empty), write what the candidate said or did "
          "under its ## heading, then run: invoke validate")  # fmt: skip


@task(
    help={
        "id": "Candidate id (the folder name under candidates/).",
        "stage": "New stage: its id or its name as the site shows it (any case).",
        "status": "New status: active, hired, rejected or withdrawn (sets decided_on).",
        "reason": "Why (with --status): an id of decision_reasons in hiring.yml; repeat for several.",
        "rationale": "With --status: one short sentence shown with the decision.",
    },
    iterable=["reason"],
)
def move(
    c: Context,
    id: str,
    stage: str | None = None,
    status: str | None = None,
    reason: list[str] | None = None,
    rationale: str | None = None,
) -> None:
    """Move a candidate to another stage or status; records it in history: and edits candidate.yml in place."""
    from hiring_kb.authoring.resolve import candidate_stage

    settings = settings_or_exit(ROOT)
    try:
        if stage is not None:
            stage = candidate_stage(settings, id, stage)  # "System design" → system-design
        result = move_candidate(settings, id, stage, status, reasons=reason or (), rationale=rationale)
    except EditError as exc:
        raise refused(exc) from None
    if not result.changes:
        print(f"{result.path}: nothing to change")
    for change in result.changes:
        old = "(empty)" if change.old is None else change.old
        new = "(empty)" if change.new is None else change.new
        if change.key == "history":
            print(f"{result.path}: history: + {new}")
        else:
            print(f"{result.path}: {change.key}: {old} -> {new}")


@task(
    help={
        "file": "The Markdown notes to import.",
        "dry_run": "Print the plan; write nothing.",
        "role": "Role id for people whose heading has no role hint (default: import.default_role).",
        "interviewer": "Interviewer handle written into the notes (default: import.interviewer).",
        "date": "Interview date, YYYY-MM-DD, for people whose notes hold no date (default: today).",
        "stage": "Stage of the imported interviews (default: each role's first stage).",
        "names": "YAML file: heading (or the name in it) -> full name, or {name: ..., role: ...}.",
        "sections": "Propose '## <competency>' sections from the competencies' names (default: on).",
    }
)
def import_notes(
    c: Context,
    file: str,
    dry_run: bool = False,
    role: str | None = None,
    interviewer: str | None = None,
    date: str | None = None,
    stage: str | None = None,
    names: str | None = None,
    sections: bool = True,
) -> None:
    """Turn free-form notes into candidates with one unrated interview each; keep every other line in a file."""
    settings = settings_or_exit(ROOT)
    path = Path(file).expanduser()
    mapping = Path(names).expanduser() if names else None
    plan = plan_import(settings, path, role, interviewer, date_option(date), stage, names=mapping, sections=sections)
    print(format_plan(plan, dry_run))
    if not plan.ok:
        raise Exit("nothing was imported: fix the errors above", code=1)
    if dry_run:
        return
    from hiring_kb.base.progress import Progress

    try:
        with Progress("import-notes") as progress:  # the notes written, live on a terminal
            result = run_import(settings, plan, progress)
            progress.finish(import_summary(result))
    except EditError as exc:
        raise refused(exc) from None
    print(f"imported {len(result.created)} candidate{'s' * (len(result.created) != 1)}; next: invoke validate")
