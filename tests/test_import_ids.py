"""`import-notes --dry-run` prints the candidate ids the real import then writes.

A dry run and the import are two processes; the ids come from a hash of the notes, not from a
random generator, so what the interviewer reviewed is what lands in the pull request.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hiring_kb.authoring.import_plan import plan_import
from hiring_kb.authoring.importer import run_import
from hiring_kb.sources.settings import load_settings
from tests.conftest import NOTES_FIXTURE as FIXTURE
from tests.conftest import invoke, new_ids

#: The ids the team's notes get in the example project (people at lines 38, 67 and 81).
IDS = ["c-18bcc8", "c-82b9b4", "c-46b620"]


def test_the_dry_run_prints_the_ids_the_import_writes(project: Path) -> None:
    dry = invoke(project, "import-notes", str(FIXTURE), "--dry-run", "--date", "2026-11-29")
    real = invoke(project, "import-notes", str(FIXTURE), "--date", "2026-11-29")
    assert (dry.returncode, real.returncode) == (0, 0), dry.stderr + real.stderr
    planned = [line.rsplit(" ", 1)[1] for line in dry.stdout.splitlines() if "would create" in line]
    created = [line.rsplit(" ", 1)[1] for line in real.stdout.splitlines() if " creates " in line]
    assert planned == created == IDS
    assert new_ids(project) == sorted(IDS)
    assert (project / "candidates/c-18bcc8/candidate.yml").read_text(encoding="utf-8").splitlines()[1] == "name: Paula"


def test_the_same_notes_plan_the_same_ids_and_a_taken_id_moves_on(project: Path) -> None:
    settings, _ = load_settings(project)
    day = dt.date(2026, 11, 29)
    first = [c.candidate_id for c in plan_import(settings, FIXTURE, date=day).candidates]
    assert first == IDS
    assert [c.candidate_id for c in plan_import(settings, FIXTURE, date=dt.date(2026, 11, 2)).candidates] == IDS
    (project / "candidates/c-82b9b4").mkdir()  # someone took Rosa's id meanwhile
    again = [c.candidate_id for c in plan_import(settings, FIXTURE, date=day).candidates]
    assert again == ["c-18bcc8", "c-f5e5ee", "c-46b620"]


def test_other_notes_get_other_ids(project: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(FIXTURE.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    settings, _ = load_settings(project)
    plan = plan_import(settings, notes, date=dt.date(2026, 11, 29))
    ids = [c.candidate_id for c in plan.candidates]
    assert len(ids) == 3 and not set(ids) & set(IDS)
    assert run_import(settings, plan).created == tuple(ids)
