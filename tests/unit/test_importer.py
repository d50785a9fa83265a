"""Import of free-form notes: who is a person, which role, nothing dropped, nothing duplicated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hiring_kb.authoring.edit import EditError
from hiring_kb.authoring.import_plan import plan_import
from hiring_kb.authoring.importer import ImportResult, format_plan, import_summary, run_import
from hiring_kb.sources.settings import load_settings

DAY = dt.date(2026, 11, 29)

NOTES = """# Interview guide
- ask about ownership

## QA notes
### Paula (QA)
- Great English

### Backend - Tomás Ferreira
- Owns the check runner

### Rosa
- Was QA lead of 8

## Loose ends
- follow up with the agency
### 2026 plans for the team
- hire two more
"""


def plan(project: Path, text: str, **options):
    notes = project / "notes.md"
    notes.write_text(text)
    settings, _ = load_settings(project)
    return settings, plan_import(settings, notes, date=DAY, **options)


def test_people_roles_and_unassigned_text(project: Path) -> None:
    _, result = plan(project, NOTES)
    assert result.ok
    people = [
        (c.person.name, c.person.role_id, c.person.role_reason, c.person.block.first, c.person.block.last)
        for c in result.candidates
    ]
    assert people == [
        ("Paula", "qa-engineer", "hint 'QA' in the heading", 5, 6),
        ("Tomás Ferreira", "backend-engineer", "hint 'Backend' in the heading", 8, 9),
        ("Rosa", "qa-engineer", "hint 'QA' in '## QA notes'", 11, 12),
    ]
    assert [(b.first, b.last, b.text) for b in result.unassigned] == [
        (1, 4, "# Interview guide\n- ask about ownership\n\n## QA notes"),
        (14, 17, "## Loose ends\n- follow up with the agency\n### 2026 plans for the team\n- hire two more"),
    ]
    assert [d.format() for d in result.diagnostics] == [
        "notes.md:16:1: warning[not-a-person]: heading '2026 plans for the team' does not read as a name (with an "
        "optional role hint) (hint: its text is kept with the unassigned text; to import it, write it as "
        "'### <hint> - <Name>' and add the hint to import.role_hints in hiring.yml)"
    ]
    assert result.unassigned_file == "imports/2026-11-29-notes-unassigned.md"


def test_a_person_without_any_hint_takes_role_option_or_default(project: Path) -> None:
    _, with_default = plan(project, "### Ana\n- hi\n")
    assert [(c.person.role_id, c.person.role_reason) for c in with_default.candidates] == [
        ("backend-engineer", "import.default_role in hiring.yml")
    ]
    _, with_option = plan(project, "### Ana\n- hi\n", role="qa-engineer")
    assert [(c.person.role_id, c.person.role_reason) for c in with_option.candidates] == [("qa-engineer", "--role")]
    hiring = project / "hiring.yml"
    hiring.write_text(hiring.read_text().replace("  default_role: backend-engineer", "  default_role:"))
    _, without = plan(project, "### Ana\n- hi\n")
    assert [d.format() for d in without.diagnostics] == [
        "notes.md:1:1: error[no-role]: no role for 'Ana': the heading has no role hint (hint: write it as "
        "'### <hint> - <Name>', pass --role, or set import.default_role in hiring.yml)"
    ]


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        (
            "### Design - Ana\n- x\n",
            {},
            "notes.md:1:1: error[unknown-role-hint]: heading 'Design - Ana' looks like "
            "'<hint> - <Name>', but neither part is a role hint (hint: add the hint to import.role_hints in hiring.yml "
            "(e.g. qa: qa-engineer), or use a role id)",
        ),
        (
            "# Ana\nno level-3 heading\n",
            {},
            "notes.md: error[no-people]: no level-3 headings ('### Name') found "
            "(hint: set import.person_heading_level in hiring.yml to the level of the headings that start each person)",
        ),
        (
            "### Ana\n- x\n",
            {"role": "qa"},
            "notes.md: error[unknown-role]: role 'qa' (--role) does not exist "
            "(hint: expected one of: 'backend-engineer', 'qa-engineer')",
        ),
        (
            "### Ana\n- x\n",
            {"interviewer": "Ana B"},
            "notes.md: error[invalid-id]: interviewer handle 'Ana B' is not "
            "allowed (hint: use lowercase letters, digits and '-')",
        ),
        (
            "### QA - Ana\n- x\n",
            {"stage": "system-design"},
            "notes.md: error[unknown-stage]: 'system-design' is not a "
            "stage of role 'qa-engineer' (hint: expected one of: 'offer', 'screen', 'technical')",
        ),
    ],
)
def test_problems_stop_the_import_and_nothing_is_written(
    project: Path, text: str, options: dict, expected: str
) -> None:
    settings, result = plan(project, text, **options)
    assert not result.ok
    assert [d.format() for d in result.diagnostics if d.severity.value == "error"] == [expected]
    before = sorted(p.name for p in (project / "candidates").iterdir())
    with pytest.raises(EditError):
        run_import(settings, result)
    assert sorted(p.name for p in (project / "candidates").iterdir()) == before
    assert not (project / "imports").exists()


def test_running_twice_imports_nobody_twice(project: Path) -> None:
    settings, first = plan(project, NOTES)
    written = run_import(settings, first)
    assert len(written.created) == 3
    assert len(written.files) == 7
    assert not list((project / "candidates").glob(".import-*"))
    _, second = plan(project, NOTES)
    assert [c.already_imported for c in second.candidates] == [True, True, True]
    assert second.unassigned_file is None
    assert run_import(settings, second).files == ()
    assert format_plan(second, dry_run=False).splitlines()[1:] == [
        "notes.md: 3 people (0 new), 2 blocks of text belonging to no one",
        f"  lines 5-6: 'Paula (QA)' already imported as {first.candidates[0].candidate_id}, skipped",
        f"  lines 8-9: 'Backend - Tomás Ferreira' already imported as {first.candidates[1].candidate_id}, skipped",
        f"  lines 11-12: 'Rosa' already imported as {first.candidates[2].candidate_id}, skipped",
        "  lines 1-4 (4 lines): no person → kept in (already kept)",
        "  lines 14-17 (4 lines): no person → kept in (already kept)",
    ]


def test_a_namesake_is_flagged(project: Path) -> None:
    _, result = plan(project, "### QA - Lena Kowalczyk\n- different notes\n")
    assert [d.format() for d in result.diagnostics] == [
        "notes.md:1:1: warning[namesake]: a candidate named 'Lena Kowalczyk' exists already (c-2b8f40, qa-engineer) "
        "(hint: check it is not the same person before merging the pull request)"
    ]
    assert [c.already_imported for c in result.candidates] == [False]


def test_the_import_counts_the_notes_it_writes(project: Path) -> None:
    import io

    from hiring_kb.base.progress import Progress

    settings, result = plan(project, NOTES)
    steps, out = io.StringIO(), io.StringIO()
    with Progress("import-notes", stream=steps, out=out, live=False) as progress:
        written = run_import(settings, result, progress)
        line = progress.finish(import_summary(written))
    assert steps.getvalue() == "import-notes: writing notes (3)\n"
    assert line.startswith("import-notes: 3 notes written, 7 files in ") and line.endswith(" s")
    assert out.getvalue() == line + "\n"
    again = run_import(settings, plan(project, NOTES)[1])  # everyone and the loose text are there already
    assert import_summary(again) == "0 notes written, 0 files"
    assert (
        import_summary(ImportResult(("c-18bcc8",), ("candidates/c-18bcc8/candidate.yml",))) == "1 note written, 1 file"
    )
