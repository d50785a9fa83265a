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

:func:`hiring_kb.authoring.import_plan.plan_import` computes everything and writes
nothing (``--dry-run`` prints the plan with :func:`format_plan`);
:func:`run_import` here writes it. Each candidate folder is written under a
hidden name and renamed into place, so a crash never leaves a half-written
candidate. Who is who (sections, names, roles, dates) is
:mod:`hiring_kb.authoring.import_people`, the texts of the files written
:mod:`hiring_kb.authoring.import_files`, the proposed sections, dates and the names file
:mod:`hiring_kb.authoring.import_helpers`.
"""

from __future__ import annotations

import os
import secrets
import shutil
from contextlib import nullcontext
from dataclasses import dataclass

from hiring_kb.authoring.atomic_files import atomic_write_text
from hiring_kb.authoring.edit import EditError
from hiring_kb.authoring.import_files import candidate_yaml, note_text, unassigned_text
from hiring_kb.authoring.import_plan import ImportPlan, PlannedCandidate
from hiring_kb.authoring.scaffold import note_name
from hiring_kb.base.progress import Progress
from hiring_kb.sources.loader import CANDIDATE_FILE, INTERVIEWS_DIR
from hiring_kb.sources.settings import Settings


@dataclass(frozen=True)
class ImportResult:
    """What :func:`run_import` wrote: new candidate ids and every file label."""

    created: tuple[str, ...]
    files: tuple[str, ...]


def run_import(settings: Settings, plan: ImportPlan, progress: Progress | None = None) -> ImportResult:
    """Write the candidates, notes and unassigned-text file of ``plan``.

    ``progress`` shows one step counting the notes written (:mod:`hiring_kb.base.progress`); the caller
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
