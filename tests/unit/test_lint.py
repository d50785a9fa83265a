"""Notes lint: protected characteristics and verdict words without evidence, with line and column."""

from __future__ import annotations

from pathlib import Path

from hiring_kb.sources.lint import NotesLint
from hiring_kb.sources.settings_defaults import LintRules
from hiring_kb.sources.validate import validate_project

BODY = """## Strong English
- Smart
- smart: found the race condition in 20 minutes
- She is a culture fit, married with two kids
- Not a culture fit because she wants remote only
- `smart` in code is fine, so is this:

```
age: 41   # code blocks are skipped
```
<!-- guidance: culture fit, smart, age -->
- Mentioned her church group; aged 50 (years  old)
- Manages the average page load; smartphone app; voltage; the stage of a pipeline
"""


def lines(diagnostics) -> list[str]:
    return [f"{d.position.line}:{d.position.col} {d.code} {d.message}" for d in diagnostics]


def test_lint_finds_protected_words_and_bare_verdicts() -> None:
    assert lines(NotesLint().check(BODY, 10, "note.md")) == [
        "11:3 verdict-without-evidence 'Smart' is a verdict, not evidence",
        "13:12 verdict-without-evidence 'culture fit' is a verdict, not evidence",
        "13:25 protected-characteristic 'married' mentions family and pregnancy, a protected characteristic",
        "13:42 protected-characteristic 'kids' mentions family and pregnancy, a protected characteristic",
        "21:17 protected-characteristic 'church' mentions religion, a protected characteristic",
        "21:31 protected-characteristic 'aged' mentions age, a protected characteristic",
        "21:40 protected-characteristic 'years  old' mentions age, a protected characteristic",
    ]


def test_word_lists_come_from_settings() -> None:
    rules = LintRules(protected={"hobbies": ("basketball",)}, verdicts=("meh",))
    found = NotesLint(rules).check("- Zero basketball K\n- meh\n- smart, married\n", 1, "n.md")
    assert lines(found) == [
        "1:8 protected-characteristic 'basketball' mentions hobbies, a protected characteristic",
        "2:3 verdict-without-evidence 'meh' is a verdict, not evidence",
    ]


def test_validate_reports_lint_warnings_with_their_line(project: Path) -> None:
    note = project / "candidates/c-5a1c06/interviews/2026-11-13-screen-bea.md"
    note.write_text(note.read_text() + "- Great culture fit, two kids\n")
    report = validate_project(project)
    assert report.ok
    assert [d.format() for d in report.diagnostics] == [
        f"candidates/c-5a1c06/interviews/2026-11-13-screen-bea.md:{len(note.read_text().splitlines())}:9: "
        "warning[verdict-without-evidence]: 'culture fit' is a verdict, not evidence "
        "(hint: write what the candidate said or did that shows it)",
        f"candidates/c-5a1c06/interviews/2026-11-13-screen-bea.md:{len(note.read_text().splitlines())}:26: "
        "warning[protected-characteristic]: 'kids' mentions family and pregnancy, a protected characteristic "
        "(hint: leave it out of the notes: it must not count in the decision)",
    ]


def test_broadened_word_lists_catch_age_nationality_family_and_health() -> None:
    body = (
        "- Young and hungry, Brazilian, in her 40s\n"
        "- single mum, diabetic, dyslexic; prays at the mosque\n"
        "- Hispanic, an expat; Catholic\n"
    )
    assert lines(NotesLint().check(body, 1, "n.md")) == [
        "1:3 protected-characteristic 'Young' mentions age, a protected characteristic",
        "1:21 protected-characteristic 'Brazilian' mentions nationality and ethnicity, a protected characteristic",
        "1:32 protected-characteristic 'in her 40s' mentions age, a protected characteristic",
        "2:10 protected-characteristic 'mum' mentions family and pregnancy, a protected characteristic",
        "2:15 protected-characteristic 'diabetic' mentions health and disability, a protected characteristic",
        "2:25 protected-characteristic 'dyslexic' mentions health and disability, a protected characteristic",
        "2:35 protected-characteristic 'prays' mentions religion, a protected characteristic",
        "2:48 protected-characteristic 'mosque' mentions religion, a protected characteristic",
        "3:3 protected-characteristic 'Hispanic' mentions nationality and ethnicity, a protected characteristic",
        "3:16 protected-characteristic 'expat' mentions nationality and ethnicity, a protected characteristic",
        "3:23 protected-characteristic 'Catholic' mentions religion, a protected characteristic",
    ]


def test_everyday_words_of_technical_notes_are_not_hits() -> None:
    """Words left out of the lists on purpose (see hiring_kb.sources.lint_words.PROTECTED): no warning."""
    body = (
        "- Race condition in the parent class; child process, foreign key, black-box tests, whiteboard\n"
        "- older version of Node; blind spot on caching; engaged in the design discussion\n"
        "- Strong English, speaks Portuguese and German; built medical and hospital software\n"
        "- p99 under 20s, the 40s timeout; old code paths\n"
    )
    assert NotesLint().check(body, 1, "n.md") == []


def test_no_hits_on_the_example_notes() -> None:
    from tests.conftest import ROOT

    notes = sorted(ROOT.glob("candidates/*/interviews/*.md"))
    assert notes
    lint = NotesLint()
    assert [d.format() for note in notes for d in lint.check(note.read_text(encoding="utf-8"), 1, note.name)] == []


def test_no_protected_hits_on_the_teams_notes() -> None:
    """The team's real notes (the fixture is them byte for byte, see tests/test_workflow_tasks.py) hold
    no protected characteristic: a hit would be a false one ("Great English", "US-based teams", "senior")."""
    import os

    from tests.conftest import ROOT

    paths = [ROOT / "tests/fixtures/interview-notes-2026.md"]
    if os.environ.get("HIRING_SHARED_NOTES"):
        paths.append(Path(os.environ["HIRING_SHARED_NOTES"]))
    for path in paths:
        found = NotesLint().check(path.read_text(encoding="utf-8"), 1, path.name)
        assert [d.format() for d in found if d.code == "protected-characteristic"] == []


def test_the_examples_in_writing_notes_are_what_the_lint_does() -> None:
    """docs/writing-notes.md quotes words the lint flags and words it leaves alone on purpose."""
    import re

    from tests.conftest import ROOT

    docs = (ROOT / "docs/writing-notes.md").read_text(encoding="utf-8")
    bullet = docs.split("- **protected characteristics**", 1)[1].split("\n- **", 1)[0]
    flagged_part, left_out_part = bullet.split("left out of the list on purpose", 1)
    flagged = re.findall(r'"([^"]+)"', flagged_part)
    left_out = re.findall(r'"([^"]+)"', left_out_part)
    assert len(flagged) == 9 and len(left_out) == 4
    lint = NotesLint()
    assert [
        w for w in flagged if [d.code for d in lint.check(f"- {w}", 1, "n.md")] != ["protected-characteristic"]
    ] == []
    assert [w for w in left_out if lint.check(f"- {w}", 1, "n.md")] == []
