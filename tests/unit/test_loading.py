"""Loading and validating source files: exact codes and positions for bad input, nothing raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiring_kb.base.diagnostics import Severity
from hiring_kb.sources.validate import validate_project
from tests.conftest import ORIGINAL_CANDIDATES, example_candidate_ids


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def found(root: Path) -> list[tuple[str, str, int, int]]:
    """(code, path, line, col) of every diagnostic."""
    report = validate_project(root)
    return [(d.code, d.position.path, d.position.line, d.position.col) for d in report.diagnostics]


NOTE = "candidates/c-7d3e91/interviews/2026-11-25-technical-zoe.md"


def test_example_project_is_clean(project: Path) -> None:
    report = validate_project(project)
    assert report.diagnostics == ()
    assert sorted(report.project.roles) == ["backend-engineer", "qa-engineer"]
    assert sorted(report.project.candidates) == sorted(example_candidate_ids())
    assert sum(len(report.project.candidates[c].interviews) for c in ORIGINAL_CANDIDATES) == 7


def test_unknown_competency_and_rating_five(project: Path) -> None:
    write(
        project / NOTE,
        "---\ninterviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings: {desing: 3, code: 5}\n---\n## Code\n- ok\n",
    )
    report = validate_project(project)
    assert not report.ok
    assert [(d.code, d.position.line, d.position.col) for d in report.diagnostics] == [
        ("unknown-competency", 5, 11),
        ("rating-out-of-range", 5, 28),
    ]
    assert report.diagnostics[0].hint == "did you mean 'design'?"
    assert report.diagnostics[0].format() == (
        f"{NOTE}:5:11: error[unknown-competency]: 'desing' is not a competency of role "
        "'backend-engineer' (hint: did you mean 'design'?)"
    )
    # the candidate with an invalid note is left out of the model: never rendered
    assert "c-7d3e91" not in report.project.candidates


def test_unknown_role_suggests_the_closest(project: Path) -> None:
    path = project / "candidates/c-2b8f40/candidate.yml"
    path.write_text(path.read_text().replace("role: qa-engineer", "role: qa-enginer"))
    assert found(project) == [("unknown-role", "candidates/c-2b8f40/candidate.yml", 2, 7)]
    assert validate_project(project).diagnostics[0].hint == "did you mean 'qa-engineer'?"


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "interviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings:\n  code: 2\n  code: 3\n",
            ("duplicate-key", 7, 3),
        ),
        ("interviewer: zoe\ndate: 2026-02-30\nstage: technical\n", ("invalid-date", 3, 7)),
        ("interviewer: zoe\ndate: 25/11/2026\nstage: technical\n", ("invalid-date", 3, 7)),
        ("interviewer: zoe\ndate: 2026-11-25\nstage: tech\n", ("unknown-stage", 4, 8)),
        ("interviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings: &r {code: 2}\n", ("yaml-anchor", 5, 10)),
        ("interviewer: zoe\ndate: 2026-11-25\nstage: technical\nreccomendation: yes\n", ("unknown-key", 5, 1)),
        (
            "interviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings: {code: true}\n",
            ("rating-out-of-range", 5, 17),
        ),
        ("interviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings: {code: 2\n", ("yaml-syntax", 5, 10)),
        ("interviewer: zoe\nstage: technical\n", ("missing-key", 2, 1)),
        ("- just\n- a list\n", ("not-a-mapping", 2, 1)),
    ],
)
def test_front_matter_mistakes(project: Path, front_matter: str, expected: tuple[str, int, int]) -> None:
    write(project / NOTE, f"---\n{front_matter}---\nnotes\n")
    assert [(c, line, col) for c, _, line, col in found(project)] == [expected]


def test_unknown_key_suggests_the_closest(project: Path) -> None:
    write(project / NOTE, "---\ninterviewer: zoe\ndate: 2026-11-25\nstage: technical\nreccomendation: yes\n---\n")
    assert validate_project(project).diagnostics[0].hint == "did you mean 'recommendation'?"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("no front matter\n", ("missing-front-matter", 1, 1)),
        ("---\ninterviewer: zoe\n", ("unclosed-front-matter", 1, 1)),
        (b"---\ninterviewer: zo\xe9\n---\n", ("not-utf8", 2, 16)),
        ("   \n\n", ("empty-file", 0, 0)),
        ("---\ninterviewer: zoe\x00\n---\n", ("nul-byte", 2, 17)),
    ],
)
def test_file_hazards(project: Path, content: str | bytes, expected: tuple[str, int, int]) -> None:
    write(project / NOTE, content)
    assert [(c, line, col) for c, _, line, col in found(project)] == [expected]


def test_bom_and_crlf_read_as_the_plain_file(project: Path) -> None:
    plain = validate_project(project)
    note = project / "candidates/c-7d3e91/interviews/2026-11-18-technical-ana.md"
    note.write_bytes(b"\xef\xbb\xbf" + note.read_bytes().replace(b"\n", b"\r\n"))
    twin = validate_project(project)
    assert twin.diagnostics == ()
    assert twin.project == plain.project


def test_rating_without_evidence_is_a_warning(project: Path) -> None:
    write(
        project / NOTE,
        "---\ninterviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings: {code: 3, design: 2}\nrecommendation: yes\n---\n"
        "## code\n- fine\n",
    )
    report = validate_project(project)
    assert report.ok
    assert [(d.severity, d.code, d.position.line) for d in report.diagnostics] == [
        (Severity.WARNING, "rating-without-evidence", 5)
    ]
    interview = next(i for i in report.project.candidates["c-7d3e91"].interviews if i.interviewer == "zoe")
    assert interview.ratings == {"code": 3, "design": 2}


def test_role_focus_must_name_a_competency(project: Path) -> None:
    path = project / "roles/qa-engineer.yml"
    path.write_text(path.read_text().replace("focus: [english, exploratory,", "focus: [english, exploratry,"))
    assert ("unknown-competency", "roles/qa-engineer.yml") in {(c, p) for c, p, _, _ in found(project)}


def test_string_with_colon_gets_a_quoting_hint(project: Path) -> None:
    path = project / "roles/backend-engineer.yml"
    path.write_text(
        path.read_text()
        .replace('"Live exercise (Nest.js): build', "Live exercise (Nest.js): build")
        .replace('tests."', "tests.")
    )
    report = validate_project(project)
    assert [d.code for d in report.diagnostics] == ["wrong-type"]
    assert "put the whole value in quotes" in report.diagnostics[0].hint


def test_cached_results_follow_role_files_that_fail_to_load(project: Path) -> None:
    """The load cache must not hide an unknown role once an invalid role file is deleted."""
    role = project / "roles/qa-engineer.yml"
    role.write_text(role.read_text().replace("title: QA Engineer", "title: [unclosed"))
    first = validate_project(project)
    assert "unknown-role" not in {d.code for d in first.diagnostics}  # the file exists, it is just invalid
    role.unlink()
    second = validate_project(project)
    assert ("unknown-role", "candidates/c-2b8f40/candidate.yml") in {
        (d.code, d.position.path) for d in second.diagnostics
    }


def test_cached_and_uncached_results_are_the_same(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    note = project / "candidates/c-7d3e91/interviews/2026-11-18-technical-ana.md"
    cold = validate_project(project)
    warm = validate_project(project)
    assert warm.diagnostics == cold.diagnostics and warm.project == cold.project
    note.write_text(note.read_text().replace("code: 2", "code: 5"))  # same size: content hashes, not times
    edited = validate_project(project)
    assert [d.code for d in edited.diagnostics if d.severity is Severity.ERROR] == ["rating-out-of-range"]
    monkeypatch.setenv("HIRING_CACHE", "0")
    assert validate_project(project).diagnostics == edited.diagnostics


def test_the_load_cache_holds_no_private_value(project: Path) -> None:
    report = validate_project(project)
    assert report.ok
    cache = (project / ".cache/hiring/candidates.pickle").read_bytes()
    assert b"Joaquim Barros" in cache  # the rendered data is there...
    for private in (b"joaquim.barros@example.invalid", b"+351 900 000 000", b"72000 EUR"):
        assert private not in cache  # ...but nothing from a private: block


class _Planted:
    """A pickle that runs code when loaded: what a pull request could commit with `git add -f`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_cache_file_from_the_repository_is_never_unpickled(project: Path, tmp_path: Path) -> None:
    import pickle

    from hiring_kb.sources import loadcache

    marker = tmp_path / "ran.txt"
    cache_file = project / ".cache/hiring/candidates.pickle"
    cache_file.parent.mkdir(parents=True)
    planted = pickle.dumps(_Planted(marker))
    # without a tag, and with the header but a tag made under another key: neither is unpickled
    for data in (planted, loadcache.MAGIC + bytes(32) + planted):
        cache_file.write_bytes(data)
        loadcache._MEMORY.clear()
        report = validate_project(project)
        assert report.ok and not marker.exists()
    # the file this user's own run writes is authentic and reused
    written = cache_file.read_bytes()
    assert written.startswith(loadcache.MAGIC) and loadcache._authentic_payload(written) is not None
