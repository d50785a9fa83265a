"""import-notes does more of the work: first-name matches, a names file, dates from the notes, proposed sections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hiring_kb.authoring.import_helpers import find_date, first_name_matches, keywords, propose_sections, stem
from hiring_kb.authoring.import_plan import plan_import
from hiring_kb.authoring.importer import format_plan, run_import
from hiring_kb.authoring.scaffold import require_role
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project

DAY = dt.date(2026, 11, 29)
NOTES = """# Interviews

### QA - Paula
Interviewed 24 Nov 2026 on a call
- Great English

### Tomas
- Owned the check runner
"""
PAULA_GOMES = "name: Paula Gomes\nrole: qa-engineer\nstage: screen\nstatus: active\napplied: 2026-11-01\n"


def plan(project: Path, text: str, **options):
    notes = project / "notes.md"
    notes.write_text(text)
    settings, _ = load_settings(project)
    return settings, plan_import(settings, notes, **options)


@pytest.fixture
def with_paula_gomes(project: Path) -> Path:
    folder = project / "candidates/c-0a0b0c"
    folder.mkdir()
    (folder / "candidate.yml").write_text(PAULA_GOMES)
    return project


def test_a_first_name_matching_an_existing_candidate_is_flagged(
    with_paula_gomes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796126400")
    _, result = plan(with_paula_gomes, NOTES, date=DAY)
    assert [d.format() for d in result.diagnostics] == [
        "notes.md:3:1: warning[first-name-match]: 'Paula' may be candidate 'Paula Gomes' (c-0a0b0c, qa-engineer) "
        "(hint: if it is the same person, add these notes to c-0a0b0c instead; if not, give the full name in a --names file)"
    ]


def test_a_names_file_gives_full_names_and_roles(with_paula_gomes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796126400")
    names = with_paula_gomes / "names.yml"
    names.write_text(
        "QA - Paula: {name: Paula Reyes}\ntomas: {name: Tomás Ferreira, role: QA Engineer}\nRosa: Rosa Lima\n"
    )
    _, result = plan(with_paula_gomes, NOTES, date=DAY, names=names)
    people = [(c.person.name, c.person.role_id, c.person.role_reason) for c in result.candidates]
    assert people == [
        ("Paula Reyes", "qa-engineer", "hint 'QA' in the heading"),
        ("Tomás Ferreira", "qa-engineer", "the names file, line 2"),
    ]
    assert [d.format() for d in result.diagnostics] == [
        f"{names}:3:1: warning[unused-name]: 'rosa' matches no heading of the notes "
        "(hint: write the heading as it is in the notes, or the name in it)"
    ]
    names.write_text("Tomas: {name: Tomás Ferreira, role: designer}\n")
    _, refused = plan(with_paula_gomes, NOTES, date=DAY, names=names)
    assert not refused.ok
    assert refused.diagnostics[0].format() == (
        f"{names}:1:37: error[unknown-role]: role 'designer' does not exist "
        "(hint: expected one of: 'backend-engineer', 'qa-engineer')"
    )


def test_the_date_in_a_persons_notes_sets_the_interview_date_and_applied(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796126400")  # 2026-12-01
    settings, result = plan(project, NOTES, date=DAY)
    assert [(c.person.name, c.person.date, c.person.date_reason) for c in result.candidates] == [
        ("Paula", dt.date(2026, 11, 24), "the date on line 4"),
        ("Tomas", DAY, "--date"),
    ]
    assert "      interviewed 2026-11-24 (the date on line 4)" in format_plan(result, dry_run=True).splitlines()
    run_import(settings, result)
    report = validate_project(project, today=dt.date(2026, 12, 1))
    assert report.ok, [d.format() for d in report.diagnostics]
    paula = next(c for c in report.project.candidates.values() if c.name == "Paula")
    assert (paula.applied, paula.interviews[0].date) == (dt.date(2026, 11, 24), dt.date(2026, 11, 24))
    assert paula.interviews[0].id == "2026-11-24-screen-imported"
    assert [(s.competency_id, s.markdown.strip()) for s in paula.interviews[0].evidence] == [
        ("english", "- Great English")
    ]
    assert paula.interviews[0].ratings == {}


def test_a_future_date_in_the_notes_is_not_used(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796126400")
    _, result = plan(project, NOTES.replace("24 Nov 2026", "2027-01-10"))
    assert result.candidates[0].person.date == dt.date(2026, 12, 1)
    assert [d.format() for d in result.diagnostics] == [
        "notes.md:4:1: warning[future-date]: the date 2027-01-10 is after today; today is used "
        "(hint: pass --date YYYY-MM-DD with the day of the interview)"
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [("met 2026-11-05", dt.date(2026, 11, 5)), ("on 5th November, 2026", dt.date(2026, 11, 5)),
     ("Nov 5, 2026 call", dt.date(2026, 11, 5)), ("05/11/2026", None), ("2B checks per year", None),
     ("2026-13-01", None), ("May 2026", None)],
)  # fmt: skip
def test_find_date(text: str, found: dt.date | None) -> None:
    assert (find_date(text, 1) or (None,))[0] == found


def test_first_name_matches_ignore_case_and_accents() -> None:
    from tests.unit.factories import candidate

    people = [
        candidate("c1", [], name="Tomás Ferreira"),
        candidate("c2", [], name="Tom Hardy"),
        candidate("c3", [], name="Tomas"),
    ]
    assert [c.id for c in first_name_matches("tomas", people)] == ["c1"]
    assert [c.id for c in first_name_matches("Tomas Ferreira Lima", people)] == ["c1", "c3"]


def test_proposed_sections_keep_every_line_in_order(project: Path) -> None:
    settings, _ = load_settings(project)
    qa = require_role(settings, "qa-engineer")
    assert (stem("ownership"), stem("leader"), stem("designed"), stem("devs")) == ("own", "lead", "design", "dev")
    assert "test" not in keywords(qa)  # in "Test strategy" and "Test automation": names neither
    text = (
        "### QA - Rosa\n- English Language Issues\n- Midnight\n\nWas QA Leader of 8 people\n- Test plan\n\tSub point\n"
    )
    body, proposals = propose_sections(text, 10, qa)
    assert body == (
        "### QA - Rosa\n\n## Strong English\n- English Language Issues\n\n## Other notes\n- Midnight\n\n\n"
        "## QA leadership\nWas QA Leader of 8 people\n- Test plan\n\tSub point\n"
    )
    assert [(p.line, p.competency.id) for p in proposals] == [(11, "english"), (14, "leadership")]


def test_no_sections_keeps_the_text_as_it_is(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796126400")
    _, result = plan(project, NOTES, date=DAY, sections=False)
    assert [c.person.text for c in result.candidates] == [
        "### QA - Paula\nInterviewed 24 Nov 2026 on a call\n- Great English",
        "### Tomas\n- Owned the check runner",
    ]
