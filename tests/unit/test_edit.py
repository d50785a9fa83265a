"""Edits of candidate.yml: only the edited value changes, writes are atomic, move sets decided_on."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from hiring_kb.authoring.atomic_files import atomic_write_text
from hiring_kb.authoring.candidate_move import move_candidate
from hiring_kb.authoring.edit import EditError
from hiring_kb.authoring.yaml_edits import set_top_level, yaml_scalar
from hiring_kb.sources.settings import load_settings

DAY = dt.date(2026, 11, 29)

#: A hand-written file with everything a round trip tends to disturb: comments, odd spacing,
#: quoted values, flow and block sequences with an indentation ruamel would not choose, a long line.
HAND_WRITTEN = (
    "# Lena's file\n"
    "name: 'Lena Kowalczyk'   # as she writes it\n"
    "role: qa-engineer\n"
    'stage: "screen"\n'
    "status:   active      # active | hired | rejected | withdrawn\n"
    "applied: 2026-11-12\n"
    "source: job board, via a very long referral chain that goes on and on past the eighty column mark for sure\n"
    "tags: [ mobile,  remote ]\n"
    "planned:\n"
    "    -   stage: screen\n"
    "        interviewer: bea\n"
    "        date: 2026-11-20\n"
    "private:\n"
    "  email: lena.k@example.invalid   # never published\n"
)


def splice_check(before: str, after: str, old: str, new: str) -> None:
    """``after`` is ``before`` with exactly one occurrence of ``old`` replaced by ``new``."""
    index = next(i for i in range(len(before)) if before.startswith(old, i) and after.startswith(new, i))
    assert after[:index] == before[:index]
    assert after[index + len(new) :] == before[index + len(old) :]


def test_changing_a_value_keeps_every_other_byte() -> None:
    edited = set_top_level(HAND_WRITTEN, "status", "rejected")
    assert edited == HAND_WRITTEN.replace("status:   active  ", "status:   rejected  ")
    splice_check(HAND_WRITTEN, edited, "active", "rejected")


def test_quote_style_of_the_old_value_is_kept() -> None:
    edited = set_top_level(HAND_WRITTEN, "stage", "technical")
    assert 'stage: "technical"\n' in edited
    splice_check(HAND_WRITTEN, edited, '"screen"', '"technical"')


def test_absent_key_is_inserted_after_the_anchor_line() -> None:
    edited = set_top_level(HAND_WRITTEN, "decided_on", DAY, after="status")
    status_line = "status:   active      # active | hired | rejected | withdrawn\n"
    assert edited == HAND_WRITTEN.replace(status_line, status_line + "decided_on: 2026-11-29\n")


def test_empty_value_is_filled_after_the_colon_and_emptied_again() -> None:
    text = "name: A\nstatus: active\ndecided_on:   # set by move\nrole: x\n"
    filled = set_top_level(text, "decided_on", DAY)
    assert filled == "name: A\nstatus: active\ndecided_on: 2026-11-29   # set by move\nrole: x\n"
    assert (
        set_top_level(filled, "decided_on", None) == "name: A\nstatus: active\ndecided_on:   # set by move\nrole: x\n"
    )
    assert set_top_level("a: 1\nb: 2026-01-01\n", "b", None) == "a: 1\nb:\n"


def test_values_that_would_read_back_differently_are_quoted() -> None:
    assert [yaml_scalar(v) for v in ("technical", "null", "1", "a: b", "#x", DAY, None)] == [
        "technical",
        "'null'",
        "'1'",
        "'a: b'",
        "'#x'",
        "2026-11-29",
        "",
    ]


def test_a_flow_mapping_file_is_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("written as one {...} line")):
        set_top_level("{name: A, status: active}\n", "status", "hired")


def test_atomic_write_survives_a_crash_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "candidate.yml"
    target.write_text(HAND_WRITTEN)
    target.chmod(0o640)

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(target, "status: hired\n")
    assert target.read_text() == HAND_WRITTEN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["candidate.yml"]
    monkeypatch.undo()
    atomic_write_text(target, "status: hired\n")
    assert target.read_text() == "status: hired\n"
    assert target.stat().st_mode & 0o777 == 0o640  # permissions kept
    with pytest.raises(FileExistsError):
        atomic_write_text(target, "x", exclusive=True)


def test_move_on_a_real_copy_keeps_crlf_bom_and_comments(project: Path) -> None:
    path = project / "candidates/c-7d3e91/candidate.yml"
    original = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(original)
    settings, _ = load_settings(project)
    result = move_candidate(settings, "c-7d3e91", status="rejected", today=DAY, reasons=["must-have-gap"])
    assert [(c.key, c.old, c.new) for c in result.changes] == [
        ("status", "active", "rejected"),
        ("decided_on", None, "2026-11-29"),
        ("decision", None, "must-have-gap"),
        ("history", None, "2026-11-29 status rejected"),
    ]
    history = original[original.index(b"history:") : original.index(b"private:")]
    expected = original.replace(
        b"status: active\r\n",
        b"status: rejected\r\ndecided_on: 2026-11-29\r\ndecision:\r\n  reasons: [must-have-gap]\r\n",
    ).replace(history, history + b"  - {date: 2026-11-29, status: rejected}\r\n")
    assert path.read_bytes() == expected
    back = move_candidate(settings, "c-7d3e91", status="active", stage="technical", today=DAY)
    assert [(c.key, c.new) for c in back.changes] == [
        ("stage", "technical"),
        ("status", "active"),
        ("decided_on", None),
        ("decision", None),
        ("history", "2026-11-29 stage technical status active"),
    ]
    assert path.read_bytes() == original.replace(b"stage: system-design", b"stage: technical", 1).replace(
        b"status: active\r\n", b"status: active\r\ndecided_on:\r\n"
    ).replace(
        history,
        history + b"  - {date: 2026-11-29, status: rejected}\r\n"
        b"  - {date: 2026-11-29, stage: technical, status: active}\r\n",
    )
    again = move_candidate(settings, "c-7d3e91", stage="technical", today=DAY)
    assert again.changes == ()


@pytest.mark.parametrize(
    ("candidate_id", "stage", "status", "expected"),
    [
        (
            "c-7d3e9",
            "technical",
            None,
            "candidates: error[unknown-candidate]: no candidate 'c-7d3e9' "
            "(no candidates/c-7d3e9/candidate.yml) (hint: did you mean 'c-7d3e91'?)",
        ),
        (
            "../roles",
            "technical",
            None,
            "candidates: error[unknown-candidate]: no candidate '../roles' "
            "(no candidates/../roles/candidate.yml) (hint: the id is the folder name under candidates/)",
        ),
        (
            "c-7d3e91",
            None,
            None,
            "candidates/c-7d3e91/candidate.yml: error[nothing-to-do]: give --stage, --status or both "
            "(hint: e.g. invoke move ID --stage technical)",
        ),
        (
            "c-7d3e91",
            "tecnical",
            None,
            "candidates/c-7d3e91/candidate.yml:3:8: error[unknown-stage]: 'tecnical' is not a "
            "stage of role 'backend-engineer' (hint: did you mean 'technical'?)",
        ),
        (
            "c-7d3e91",
            None,
            "hire",
            "candidates/c-7d3e91/candidate.yml: error[invalid-value]: status 'hire' is not one of: "
            "active, hired, rejected, withdrawn (hint: did you mean 'hired'?)",
        ),
    ],
)
def test_move_refuses_with_a_diagnostic(
    project: Path, candidate_id: str, stage: str, status: str, expected: str
) -> None:
    settings, _ = load_settings(project)
    before = (project / "candidates/c-7d3e91/candidate.yml").read_bytes()
    with pytest.raises(EditError) as caught:
        move_candidate(settings, candidate_id, stage, status, today=DAY)
    assert [d.format() for d in caught.value.diagnostics] == [expected]
    assert (project / "candidates/c-7d3e91/candidate.yml").read_bytes() == before


def test_move_refuses_an_invalid_file(project: Path) -> None:
    path = project / "candidates/c-7d3e91/candidate.yml"
    path.write_text(path.read_text().replace("status: active", "status: actve"))
    settings, _ = load_settings(project)
    with pytest.raises(EditError) as caught:
        move_candidate(settings, "c-7d3e91", status="hired", today=DAY)
    assert [d.code for d in caught.value.diagnostics] == ["invalid-value"]
    assert "status: actve" in path.read_text()


# -- history and decisions (issue 12) ---------------------------------------------------------

from hiring_kb.authoring.yaml_edits import append_to_list, set_block  # noqa: E402 - beside the tests that use them
from hiring_kb.sources.validate import validate_project  # noqa: E402 - beside the tests that use it

ENTRY = {"date": DAY, "stage": "offer"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a block list keeps its indentation, its comments and what follows it
        (
            "a: 1\nhistory:\n    - {date: 2026-11-01, stage: screen}  # first\n\n# the rest\nb: 2\n",
            "a: 1\nhistory:\n    - {date: 2026-11-01, stage: screen}  # first\n    - {date: 2026-11-29, stage: offer}\n\n# the rest\nb: 2\n",
        ),
        # block mappings as items
        (
            "history:\n  - date: 2026-11-01\n    stage: screen\nb: 2\n",
            "history:\n  - date: 2026-11-01\n    stage: screen\n  - {date: 2026-11-29, stage: offer}\nb: 2\n",
        ),
        # an empty value and an empty flow list become a block list, comments kept
        ("history:   # moves\nb: 2\n", "history:   # moves\n  - {date: 2026-11-29, stage: offer}\nb: 2\n"),
        ("history: []\n", "history:\n  - {date: 2026-11-29, stage: offer}\n"),
        # a flow list grows inside its brackets
        (
            "history: [{date: 2026-11-01, stage: screen}]\n",
            "history: [{date: 2026-11-01, stage: screen}, {date: 2026-11-29, stage: offer}]\n",
        ),
        # absent: before private:, else at the end (a missing last newline is added)
        (
            "a: 1\nprivate:\n  email: x\n",
            "a: 1\nhistory:\n  - {date: 2026-11-29, stage: offer}\nprivate:\n  email: x\n",
        ),
        ("a: 1", "a: 1\nhistory:\n  - {date: 2026-11-29, stage: offer}\n"),
    ],
)
def test_append_to_list_keeps_every_other_byte(text: str, expected: str) -> None:
    assert append_to_list(text, "history", ENTRY, before="private") == expected


def test_append_to_list_refuses_a_value_that_is_not_a_list() -> None:
    with pytest.raises(ValueError, match="not a list"):
        append_to_list("history: moved\n", "history", ENTRY)


def test_set_block_writes_replaces_and_removes_a_mapping() -> None:
    text = "status: rejected  # why\ndecided_on: 2026-11-29\nsource: x\n"
    written = set_block(
        text, "decision", {"reasons": ["must-have-gap"], "rationale": "Below: the bar"}, after="decided_on"
    )
    assert written == (
        "status: rejected  # why\ndecided_on: 2026-11-29\ndecision:\n  reasons: [must-have-gap]\n"
        "  rationale: 'Below: the bar'\nsource: x\n"
    )
    replaced = set_block(written, "decision", {"reasons": ["compensation", "skills"]})
    assert (
        replaced
        == "status: rejected  # why\ndecided_on: 2026-11-29\ndecision:\n  reasons: [compensation, skills]\nsource: x\n"
    )
    assert set_block(replaced, "decision", None) == text


def test_move_records_reasons_rationale_and_history(project: Path) -> None:
    settings, _ = load_settings(project)
    path = project / "candidates/c-9e4d27/candidate.yml"
    before = path.read_text()
    move_candidate(settings, "c-9e4d27", stage="system-design", today=dt.date(2026, 11, 28))
    result = move_candidate(
        settings,
        "c-9e4d27",
        status="rejected",
        today=DAY,
        reasons=["must-have-gap", "skills"],
        rationale="  Ownership   below the bar. ",
    )
    assert [(c.key, c.new) for c in result.changes] == [
        ("status", "rejected"),
        ("decided_on", "2026-11-29"),
        ("decision", "must-have-gap, skills (Ownership below the bar.)"),
        ("history", "2026-11-29 status rejected"),
    ]
    after = path.read_text()
    assert after == before.replace("stage: technical", "stage: system-design", 1).replace(
        "status: active\n",
        "status: rejected\ndecided_on: 2026-11-29\ndecision:\n  reasons: [must-have-gap, skills]\n"
        "  rationale: Ownership below the bar.\n",
    ).replace(
        "  - {date: 2026-11-07, stage: technical}\n",
        "  - {date: 2026-11-07, stage: technical}\n  - {date: 2026-11-28, stage: system-design}\n"
        "  - {date: 2026-11-29, status: rejected}\n",
    )
    report = validate_project(project, today=dt.date(2026, 12, 1))
    assert report.diagnostics == ()
    assert report.project.candidates["c-9e4d27"].decision_reasons == ("must-have-gap", "skills")


def test_move_starts_a_missing_history_at_the_application(project: Path) -> None:
    path = project / "candidates/c-9e4d27/candidate.yml"
    text = path.read_text()
    path.write_text(text[: text.index("history:")] + text[text.index("private:") :].replace("stage: technical", ""))
    path.write_text(path.read_text().replace("stage: technical", "stage: screen"))
    settings, _ = load_settings(project)
    move_candidate(settings, "c-9e4d27", stage="technical", today=DAY)
    assert (
        "history:\n  - {date: 2026-10-27, stage: screen}\n  - {date: 2026-11-29, stage: technical}\nprivate:"
        in path.read_text()
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"status": "rejected"},
            "candidates/c-7d3e91/candidate.yml: error[missing-reason]: give the reason for 'rejected' "
            "with --reason (hint: one or more of: must-have-gap, skills, compensation, candidate-withdrew, hired-elsewhere, "
            "role-closed, best-fit (decision_reasons in hiring.yml), e.g. invoke move c-7d3e91 --status rejected --reason "
            "must-have-gap)",
        ),
        (
            {"status": "rejected", "reasons": ["must-have-gaps"]},
            "hiring.yml: error[unknown-decision-reason]: reason "
            "'must-have-gaps' is not one of decision_reasons in hiring.yml: must-have-gap, skills, compensation, "
            "candidate-withdrew, hired-elsewhere, role-closed, best-fit (hint: did you mean 'must-have-gap'?)",
        ),
        (
            {"stage": "technical", "reasons": ["skills"]},
            "candidates/c-7d3e91/candidate.yml: error[nothing-to-do]: --reason "
            "and --rationale go with a decision: --status hired, rejected or withdrawn (hint: e.g. invoke move ID --status "
            "rejected --reason must-have-gap)",
        ),
        (
            {"status": "withdrawn", "reasons": ["candidate-withdrew"], "rationale": "x" * 301},
            "candidates/c-7d3e91/candidate.yml: error[invalid-value]: the rationale has 301 characters, more than 300 "
            "(hint: keep it to a sentence or two; the evidence belongs in the scorecards)",
        ),
    ],
)
def test_move_refuses_decisions_without_good_reasons(project: Path, kwargs: dict, expected: str) -> None:
    settings, _ = load_settings(project)
    before = (project / "candidates/c-7d3e91/candidate.yml").read_bytes()
    with pytest.raises(EditError) as caught:
        move_candidate(settings, "c-7d3e91", today=DAY, **kwargs)
    assert [d.format() for d in caught.value.diagnostics] == [expected]
    assert (project / "candidates/c-7d3e91/candidate.yml").read_bytes() == before


def test_hired_needs_no_reason_and_reasons_come_from_hiring_yml(project: Path) -> None:
    hiring = (project / "hiring.yml").read_text()
    start = hiring.index("decision_reasons:\n")
    end = hiring.index("\n", hiring.index("best-fit:", start)) + 1
    (project / "hiring.yml").write_text(
        hiring[:start] + "decision_reasons:\n  visa: Visa could not be sponsored\n" + hiring[end:]
    )
    settings, _ = load_settings(project)
    assert settings.decision_reasons == {"visa": "Visa could not be sponsored"}
    assert [c.key for c in move_candidate(settings, "c-7d3e91", status="hired", today=DAY).changes] == [
        "status",
        "decided_on",
        "history",
    ]
    move_candidate(settings, "c-9e4d27", status="rejected", reasons=["visa"], today=DAY)
    report = validate_project(project, today=dt.date(2026, 12, 1))
    assert report.project.candidates["c-9e4d27"].decision_reasons == ("visa",)
    # the example's other decisions name reasons this list no longer has: each is an error at its line
    unknown = {d.position.path for d in report.diagnostics if d.code == "unknown-decision-reason"}
    assert "candidates/c-5a1c06/candidate.yml" in unknown and "candidates/c-9e4d27/candidate.yml" not in unknown
