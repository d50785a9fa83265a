"""Interviewer workflow tasks: new-candidate, new-interview, move, import-notes.

MockContext checks the wiring (no shell command is run; the task edits files through the core), real
`invoke` runs on temp copies check the command line, and the import of the team's real notes is
proven lossless, valid and buildable.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from invoke import Exit, MockContext

from hiring_kb.rendering.site_build import build_site
from hiring_kb.sources.validate import validate_project
from tests.conftest import NOTES_FIXTURE as FIXTURE
from tests.conftest import ROOT, invoke, new_ids, tasks_of

#: SHA-256 of the team's real notes (shared/notes/interview-notes-2026.md, 2549 bytes) that the
#: fixture copies byte for byte: checked everywhere, with or without the shared folder.
SHARED_NOTES_SHA256 = "730426b8123f81ad4a9cba30676d95409661cb5ebad01486bae82fa7c888cdc4"
#: Where the team's notes are when the repository sits beside the shared folder; HIRING_SHARED_NOTES overrides.
SHARED = Path(os.environ.get("HIRING_SHARED_NOTES") or ROOT.parent / "shared" / "notes" / "interview-notes-2026.md")


def test_tasks_are_wired_to_the_core_without_running_commands(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks = tasks_of(project)
    context = MockContext()  # any c.run would raise: these tasks work on files only
    tasks.new_candidate(context, "Paula Reyes", role="qa-engineer", id="c-0000aa")
    assert capsys.readouterr().out.splitlines() == [
        "candidates/c-0000aa/candidate.yml",
        "next: invoke new-interview c-0000aa --stage STAGE --interviewer HANDLE",
    ]
    tasks.new_interview(context, "c-0000aa", stage="screen", interviewer="bea", date="2026-11-20")
    assert capsys.readouterr().out.splitlines()[0] == "candidates/c-0000aa/interviews/2026-11-20-screen-bea.md"
    with pytest.raises(Exit) as no_reason:
        tasks.move(context, "c-0000aa", status="withdrawn")
    assert no_reason.value.message.startswith(
        "candidates/c-0000aa/candidate.yml: error[missing-reason]: give the reason for 'withdrawn' with --reason"
    )
    tasks.move(context, "c-0000aa", status="withdrawn", reason=["candidate-withdrew"], rationale="Took another offer.")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "candidates/c-0000aa/candidate.yml: status: active -> withdrawn"
    assert re.fullmatch(r"candidates/c-0000aa/candidate.yml: decided_on: \(empty\) -> \d{4}-\d{2}-\d{2}", out[1])
    assert out[2] == "candidates/c-0000aa/candidate.yml: decision: (empty) -> candidate-withdrew (Took another offer.)"
    assert re.fullmatch(r"candidates/c-0000aa/candidate.yml: history: \+ \d{4}-\d{2}-\d{2} status withdrawn", out[3])
    with pytest.raises(Exit) as refused:
        tasks.move(context, "c-0000aa", stage="final")
    assert refused.value.code == 1
    assert refused.value.message == (
        "candidates/c-0000aa/candidate.yml:3:8: error[unknown-stage]: 'final' is not a stage of role 'qa-engineer' "
        "(hint: stages: screen (Recruiter screen), technical (QA deep dive), offer)"
    )
    with pytest.raises(Exit) as bad_date:
        tasks.new_interview(context, "c-0000aa", stage="screen", interviewer="dan", date="20/11/2026")
    assert (bad_date.value.code, bad_date.value.message) == (
        2,
        "--date '20/11/2026' is not a date; write it as YYYY-MM-DD",
    )


def test_command_line_names_and_arguments(project: Path) -> None:
    created = invoke(project, "new-candidate", "Tomás Ferreira", "--role", "backend-engineer")
    assert created.returncode == 0, created.stderr
    path = created.stdout.splitlines()[0]
    assert re.fullmatch(r"candidates/c-[0-9a-f]{6}/candidate\.yml", path)
    candidate_id = path.split("/")[1]
    note = invoke(project, "new-interview", candidate_id, "--stage", "screen", "--interviewer", "bea")  # today
    assert note.returncode == 0, note.stderr
    assert re.fullmatch(
        rf"candidates/{candidate_id}/interviews/\d{{4}}-\d\d-\d\d-screen-bea\.md", note.stdout.splitlines()[0]
    )
    moved = invoke(project, "move", candidate_id, "--stage", "technical")
    assert moved.stdout.splitlines()[0] == f"candidates/{candidate_id}/candidate.yml: stage: screen -> technical"
    assert re.fullmatch(
        rf"candidates/{candidate_id}/candidate.yml: history: \+ \d{{4}}-\d\d-\d\d stage technical",
        moved.stdout.splitlines()[1],
    )
    decided = invoke(
        project, "move", candidate_id, "--status", "rejected", "--reason", "must-have-gap", "--reason", "compensation"
    )
    assert decided.returncode == 0, decided.stderr
    assert "decision: (empty) -> must-have-gap, compensation" in decided.stdout
    refused = invoke(project, "new-candidate", "Ana", "--role", "designer")
    assert refused.returncode == 1
    assert (
        refused.stderr.strip()
        == "roles: error[unknown-role]: role 'designer' does not exist (hint: expected one of: 'backend-engineer', 'qa-engineer')"
    )
    assert "Traceback" not in refused.stderr
    # the untouched scorecard is valid but still owed until it has a rating, a recommendation or notes
    report = invoke(project, "validate").stdout.splitlines()
    assert report[-1] == "0 errors, 1 warning"
    assert report[0].startswith(f"{note.stdout.splitlines()[0]}: warning[empty-scorecard]: ")


def test_import_dry_run_prints_the_plan_and_writes_nothing(project: Path) -> None:
    def files() -> list[str]:
        # .cache/ is derived (the validation cache, like __pycache__), not project data
        return sorted(str(p.relative_to(project)) for p in project.rglob("*") if ".cache" not in p.parts)

    before = files()
    result = invoke(project, "import-notes", str(FIXTURE), "--dry-run", "--date", "2026-11-29")
    assert result.returncode == 0, result.stderr
    # the ids are the ones the real run uses (a hash of the notes, see tests/test_import_ids.py)
    assert result.stdout.splitlines() == [
        "interview-notes-2026.md: 3 people (3 new), 1 block of text belonging to no one",
        "  lines 38-64: 'QA - Paula' → Paula, qa-engineer (hint 'QA' in the heading), would create c-18bcc8",
        # "- Great English", "- how to find bugs, use debugger. (worked very closely with devs)",
        # "- Exploratory Testing"
        "      sections proposed, unrated: Strong English (line 40), Working with developers (line 52), "
        "Exploratory testing (line 60)",
        "      candidates/c-18bcc8/candidate.yml",
        "      candidates/c-18bcc8/interviews/2026-11-29-screen-imported.md",
        "  lines 67-78: 'QA - Rosa' → Rosa, qa-engineer (hint 'QA' in the heading), would create c-82b9b4",
        "      sections proposed, unrated: Strong English (line 68), QA leadership (line 73)",
        "      candidates/c-82b9b4/candidate.yml",
        "      candidates/c-82b9b4/interviews/2026-11-29-screen-imported.md",
        "  lines 81-125: 'Tomas' → Tomas, backend-engineer (import.default_role in hiring.yml), would create c-46b620",
        # "REST APIs", "- SCALE:", "ISSUES: UI didn't scale.", "- PRODUCT DESIGN", "- JS code"
        "      sections proposed, unrated: Product and API design (line 83), Ownership of scaled systems (line 85), "
        "Ownership of scaled systems (line 108), Product and API design (line 112), Code (Nest.js / TypeScript) (line 120)",
        "      candidates/c-46b620/candidate.yml",
        "      candidates/c-46b620/interviews/2026-11-29-screen-imported.md",
        "  lines 2-36 (35 lines): no person → kept in imports/2026-11-29-interview-notes-2026-unassigned.md",
        "dry run: nothing was written",
    ]
    assert files() == before


def test_importing_the_teams_notes_is_lossless_valid_and_builds(project: Path, tmp_path: Path) -> None:
    source = FIXTURE.read_text(encoding="utf-8")
    result = invoke(project, "import-notes", str(FIXTURE), "--date", "2026-11-29", "--interviewer", "marc")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "imported 3 candidates; next: invoke validate"
    written = [p for p in (project / "imports").rglob("*.md")]
    for candidate_id in new_ids(project):
        written += sorted((project / "candidates" / candidate_id).rglob("*"))
    output_lines = {
        line for path in written if path.is_file() for line in path.read_text(encoding="utf-8").splitlines()
    }
    missing = [line for line in source.splitlines() if line.strip() and line not in output_lines]
    assert missing == []
    # the people are candidates with one unrated interview that holds their section verbatim
    report = validate_project(project)
    assert report.ok, [d.format() for d in report.diagnostics]
    imported = {c.name: c for c in report.project.candidates.values() if "imported" in c.tags}
    assert {name: (c.role_id, c.stage, c.status) for name, c in imported.items()} == {
        "Paula": ("qa-engineer", "screen", "active"),
        "Rosa": ("qa-engineer", "screen", "active"),
        "Tomas": ("backend-engineer", "screen", "active"),
    }
    for candidate in imported.values():
        (interview,) = candidate.interviews
        assert (interview.interviewer, interview.ratings, interview.recommendation) == ("marc", {}, None)
    lines = source.split("\n")
    # the section verbatim: only the proposed '## <competency>' headings (each after a blank line) and the
    # comment saying so were added
    assert without_proposals(imported["Rosa"].interviews[0].body) == lines[66:78]
    assert without_proposals(imported["Tomas"].interviews[0].body) == lines[80:125]
    rosa = imported["Rosa"].interviews[0]
    assert [(s.competency_id, s.markdown.strip()) for s in rosa.evidence] == [
        ("english", "- English Language Issues"),
        ("leadership", "Was QA Leader of 8 people\n- Test plan. Eval them using her experience"),
    ]
    # ...and the site builds strictly with their pages
    build = build_site(project / "mkdocs.yml", tmp_path / "site")
    assert build.ok, build.output
    tomas = BeautifulSoup(
        (tmp_path / "site/candidates" / imported["Tomas"].id / "index.html").read_text(), "html.parser"
    )
    assert tomas.select_one("article h1").get_text(strip=True) == "Tomas"
    # shown once: under its proposed competency section, or with the interview when it is in none
    shown = " ".join(n.get_text() for n in tomas.select(".hkb-notes, .hkb-evidence__notes"))
    assert shown.count("Maintainer of their REST API - Create SDK") == 1


def without_proposals(body: str) -> list[str]:
    from hiring_kb.authoring.import_helpers import PROPOSAL_COMMENT

    lines = body.rstrip("\n").split("\n")
    assert lines[0] == PROPOSAL_COMMENT
    kept: list[str] = []
    for line in lines[1:]:
        if line.startswith("## "):
            assert kept[-1] == "", "a proposed heading follows the blank line it adds"
            kept.pop()
        else:
            kept.append(line)
    return kept


def test_fixture_is_the_teams_notes_byte_for_byte() -> None:
    """The import tests run on the team's real notes: an edit to the fixture fails here, anywhere."""
    assert hashlib.sha256(FIXTURE.read_bytes()).hexdigest() == SHARED_NOTES_SHA256


def test_the_shared_notes_have_not_changed_since_the_fixture_was_copied() -> None:
    if not SHARED.is_file():
        if os.environ.get("HIRING_SHARED_NOTES"):
            pytest.fail(f"HIRING_SHARED_NOTES is set but {SHARED} is not a file")
        pytest.skip(
            f"the team's notes are not at {SHARED} (no shared/ folder beside the repository): the fixture is "
            "still checked against its pinned SHA-256; set HIRING_SHARED_NOTES=<path> to compare with the notes"
        )
    assert hashlib.sha256(SHARED.read_bytes()).hexdigest() == SHARED_NOTES_SHA256, (
        f"{SHARED} changed: copy it to {FIXTURE.relative_to(ROOT)}, update SHARED_NOTES_SHA256 and the import tests"
    )
