"""Notes lint: protected characteristics and verdict words without evidence, with line and column."""

from __future__ import annotations

from pathlib import Path

from hiring_kb.lint import NotesLint
from hiring_kb.settings import LintRules
from hiring_kb.validate import validate_project

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


def lines(diagnostics) -> list[str]:  # type: ignore[no-untyped-def]
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
