"""The bad-input corpus: every mistake an interviewer can make, with the exact report it must get.

Each case is a folder ``corpus/<case>/`` with ``tree/`` (files laid over a copy
of the example project), ``README`` (what the mistake is) and ``expected.txt``:
the exact text report of ``invoke validate`` (``path:line:col: severity[code]:
message (hint: ...)`` lines and the count line). A few cases that cannot live
in git (a symbolic link leaving the repository, a file over the size cap) are
built in code below. Every case runs through :func:`validate_project`; some
also through ``invoke validate`` in a subprocess.

To review changed messages: ``HIRING_UPDATE_CORPUS=1 python -m pytest
tests/validation/test_corpus.py`` rewrites the ``expected.txt`` files; read
the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hiring_kb.base.diagnostics import render_report
from hiring_kb.sources.rules import RULE_CODES
from hiring_kb.sources.validate import validate_project
from hiring_kb.sources.yamlio import MAX_FILE_BYTES
from tests.conftest import copy_project

CORPUS = Path(__file__).parent / "corpus"
#: The corpus is checked "on" this day (future dates are relative to it).
TODAY = dt.date(2026, 12, 1)
UPDATE = os.environ.get("HIRING_UPDATE_CORPUS") == "1"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "tree").is_dir())
NOTE = "candidates/c-7d3e91/interviews/2026-11-25-technical-zoe.md"


def overlay(case: Path, project: Path) -> None:
    """Copy ``case/tree`` over ``project`` byte for byte."""
    for source in sorted((case / "tree").rglob("*")):
        if source.is_file():
            target = project / source.relative_to(case / "tree")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def report_text(project: Path) -> str:
    return render_report(validate_project(project, today=TODAY).diagnostics) + "\n"


def check_expected(expected_file: Path, actual: str) -> None:
    if UPDATE:
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_corpus_is_large_enough() -> None:
    assert len(CASES) + len(BUILT) >= 40


@pytest.mark.parametrize("name", CASES)
def test_corpus_case(name: str, tmp_path: Path) -> None:
    case = CORPUS / name
    project = copy_project(tmp_path / "project")
    overlay(case, project)
    actual = report_text(project)
    check_expected(case / "expected.txt", actual)
    lines = actual.splitlines()
    # every case is found (at least one line besides the count), each line names a file and has a hint
    assert len(lines) >= 2
    assert all("(hint: " in line for line in lines[:-1])
    assert "Traceback" not in actual


def test_every_rule_code_is_caught_by_a_case() -> None:
    """Each code of :data:`hiring_kb.sources.rules.RULE_CODES` is expected by at least one case, and no other
    code is."""
    texts = [(CORPUS / name / "expected.txt").read_text(encoding="utf-8") for name in CASES]
    texts += ["\n".join(lines) for _, lines in BUILT.values()]
    seen = set(re.findall(r"(?:error|warning)\[([a-z0-9-]+)\]", "\n".join(texts)))
    assert seen == set(RULE_CODES)


# -- cases built in code ------------------------------------------------------------------


def _link_note_outside(project: Path, outside: Path) -> None:
    target = outside / "2026-11-25-technical-zoe.md"
    target.write_text("---\ninterviewer: zoe\ndate: 2026-11-25\nstage: technical\n---\n", encoding="utf-8")
    (project / NOTE).symlink_to(target)


def _link_candidate_outside(project: Path, outside: Path) -> None:
    folder = outside / "c-0a1b2c"
    folder.mkdir()
    (folder / "candidate.yml").write_text("name: Nadia Haddad\n", encoding="utf-8")
    (project / "candidates/c-0a1b2c").symlink_to(folder, target_is_directory=True)


def _link_role_inside(project: Path, outside: Path) -> None:
    # a link that stays inside the project is fine: the role is read twice under two ids
    (project / "roles/backend.yml").symlink_to(project / "roles/backend-engineer.yml")


def _broken_link(project: Path, outside: Path) -> None:
    (project / "roles/data-engineer.yml").symlink_to(project / "roles/data.yml")


def _note_too_large(project: Path, outside: Path) -> None:
    front = "---\ninterviewer: zoe\ndate: 2026-11-25\nstage: technical\n---\n"
    (project / NOTE).write_text(front + "x" * (MAX_FILE_BYTES + 1 - len(front)), encoding="utf-8")


def _docs_symlink(project: Path, outside: Path) -> None:
    cv = outside / "cv.md"
    cv.write_text("# Jane Doe\n\nSenior QA engineer.\n", encoding="utf-8")
    (project / "docs/team-cv.md").symlink_to(cv)
    (project / "docs/roles-src").symlink_to(project / "roles", target_is_directory=True)


def _docs_folder_is_a_link(project: Path, outside: Path) -> None:
    shutil.move(str(project / "docs"), str(outside / "pages"))
    (project / "docs").symlink_to(outside / "pages", target_is_directory=True)


def _too_many_notes(project: Path, outside: Path) -> None:
    folder = project / "candidates/c-0a1b2c/interviews"
    folder.mkdir(parents=True)
    (folder.parent / "candidate.yml").write_text(
        "name: Omar Haddad\nrole: qa-engineer\nstage: screen\nstatus: active\napplied: 2026-01-02\n", encoding="utf-8"
    )
    for day in range(101):
        date = dt.date(2026, 2, 1) + dt.timedelta(days=day)
        (folder / f"{date}-screen-bea.md").write_text(
            f"---\ninterviewer: bea\ndate: {date}\nstage: screen\n---\n\nCall.\n", encoding="utf-8"
        )


BUILT: dict[str, tuple[Callable[[Path, Path], None], list[str]]] = {
    "docs-symlink": (
        _docs_symlink,
        [
            "docs/roles-src: error[docs-symlink]: symbolic link in docs/: MkDocs would publish whatever it points to "
            "(hint: copy the page or image into docs/ instead (or remove the link): files outside it are not reviewed "
            "as pages)",
            "docs/team-cv.md: error[docs-symlink]: symbolic link in docs/: MkDocs would publish whatever it points to "
            "(hint: copy the page or image into docs/ instead (or remove the link): files outside it are not reviewed "
            "as pages)",
            "2 errors, 0 warnings",
        ],
    ),
    "docs-folder-symlink": (
        _docs_folder_is_a_link,
        [
            "docs: error[docs-symlink]: symbolic link in docs/: MkDocs would publish whatever it points to "
            "(hint: copy the page or image into docs/ instead (or remove the link): files outside it are not reviewed "
            "as pages)",
            "1 error, 0 warnings",
        ],
    ),
    "too-many-notes": (
        _too_many_notes,
        [
            "candidates/c-0a1b2c/interviews: error[too-many-notes]: 101 interview notes, more than the limit of 100 "
            "per candidate (hint: one note per interview: merge notes of the same interview, and remove copies)",
            "1 error, 0 warnings",
        ],
    ),
    "symlink-note-outside": (
        _link_note_outside,
        [
            f"{NOTE}: error[symlink-outside-repo]: symbolic link points outside the project, to {{outside}}"
            "/2026-11-25-technical-zoe.md (hint: copy the file into the repository (or remove the link): files "
            "outside it are not reviewed in pull requests)",
            "1 error, 0 warnings",
        ],
    ),
    "symlink-candidate-outside": (
        _link_candidate_outside,
        [
            "candidates/c-0a1b2c: error[symlink-outside-repo]: symbolic link points outside the project, to "
            "{outside}/c-0a1b2c (hint: copy the file into the repository (or remove the link): files outside it "
            "are not reviewed in pull requests)",
            "1 error, 0 warnings",
        ],
    ),
    "symlink-role-inside": (_link_role_inside, ["0 errors, 0 warnings"]),
    "broken-link": (
        _broken_link,
        [
            "roles/data-engineer.yml: error[unreadable]: cannot read file: No such file or directory (hint: check "
            "that the file exists and is readable (a symbolic link may point to nothing))",
            "1 error, 0 warnings",
        ],
    ),
    "note-too-large": (
        _note_too_large,
        [
            f"{NOTE}: error[file-too-large]: file is {MAX_FILE_BYTES + 1} bytes, over the {MAX_FILE_BYTES}-byte "
            "limit (hint: split long notes or move attachments out of the repository)",
            "1 error, 0 warnings",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_built_case(name: str, tmp_path: Path) -> None:
    build, expected = BUILT[name]
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    build(project, outside)
    report = validate_project(project, today=TODAY)
    lines = render_report(report.diagnostics).splitlines()
    assert lines == [line.format(outside=outside.resolve()) for line in expected]
    if name == "symlink-role-inside":
        assert sorted(report.project.roles) == ["backend", "backend-engineer", "qa-engineer"]


# -- through the command line -------------------------------------------------------------


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "validate", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("name", ["alias-bomb", "not-utf8", "tab-in-front-matter", "candidate-id-not-opaque"])
def test_invoke_validate_prints_the_corpus_report(name: str, tmp_path: Path) -> None:
    """The command line prints exactly the corpus report, exits 1, and never a traceback."""
    case = CORPUS / name
    project = copy_project(tmp_path / "project")
    overlay(case, project)
    result = invoke(project)
    assert result.returncode == 1
    assert result.stdout == (case / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.stdout + result.stderr


def test_invoke_validate_json_and_github(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    overlay(CORPUS / "yaml-directive", project)
    result = invoke(project, "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "diagnostics": [
            {
                "path": "candidates/c-0a1b2c/candidate.yml",
                "line": 1,
                "col": 1,
                "severity": "error",
                "code": "yaml-directive",
                "message": "YAML directives (%YAML, %TAG) are not allowed",
                "hint": "delete the line starting with '%'",
            }
        ],
        "errors": 1,
        "warnings": 0,
    }
    github = invoke(project, "--format", "github")
    assert github.stdout.splitlines() == [
        "::error file=candidates/c-0a1b2c/candidate.yml,line=1,col=1,title=yaml-directive::YAML directives "
        "(%25YAML, %25TAG) are not allowed (hint: delete the line starting with '%25')",
        "1 error, 0 warnings",
    ]


def test_warnings_fail_only_under_strict(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    overlay(CORPUS / "role-yaml-extension", project)
    relaxed = invoke(project)
    assert relaxed.returncode == 0
    assert relaxed.stdout == (CORPUS / "role-yaml-extension/expected.txt").read_text(encoding="utf-8")
    strict = invoke(project, "--strict")
    assert strict.returncode == 1
    assert strict.stdout == relaxed.stdout


# -- the docs' table of the likeliest mistakes ------------------------------------------------


def test_the_docs_table_of_likeliest_mistakes_shows_the_printed_messages() -> None:
    """Every message in docs/validation.md "The likeliest mistakes" is printed, word for word, by a corpus case."""
    docs = (Path(__file__).parents[2] / "docs/validation.md").read_text(encoding="utf-8")
    table = docs.split("## The likeliest mistakes", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ")][1:]  # without the header
    messages = [re.fullmatch(r"(`+)(.*)\1", row.rsplit(" | ", 1)[1].rstrip(" |")).group(2) for row in rows]
    printed = "\n".join((CORPUS / name / "expected.txt").read_text(encoding="utf-8") for name in CASES)
    assert len(messages) == 13
    assert [m for m in messages if f"]: {m}\n" not in printed] == []
