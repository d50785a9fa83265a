"""Bidirectional control characters in names, tags and role texts are errors, listed with their offsets."""

from __future__ import annotations

from pathlib import Path

from hiring_kb.base.names import bidi_controls
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY
from tests.privacy.planted import JOAQUIM


def test_bidi_controls_in_names_tags_and_role_texts_are_errors(project: Path) -> None:
    candidate = project / f"{JOAQUIM}/candidate.yml"
    text = candidate.read_text(encoding="utf-8")
    text = text.replace("name: Joaquim Barros", 'name: "Joaquim \u202eorraB"')
    text = text.replace("source: referral", 'source: "\u200freferral"')
    candidate.write_text(
        text.replace("tags: [remote, nestjs]", 'tags: [remote, "nest\u2066js\u2069"]'), encoding="utf-8"
    )
    role = project / "roles/qa-engineer.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("title: QA Engineer", 'title: "QA \u202aEngineer"'), encoding="utf-8"
    )
    title = role.read_text(encoding="utf-8").split("\n").index('title: "QA \u202aEngineer"') + 1
    report = validate_project(project, today=EXAMPLE_TODAY)
    hint = (
        "(hint: retype the value (editors do not show these characters): they make the text display as something "
        "else on the site; Hebrew and Arabic text displays right to left without them)"
    )
    assert [d.format() for d in report.diagnostics] == [
        f"{JOAQUIM}/candidate.yml:1:7: error[bidi-control]: candidate name 'Joaquim [U+202E]orraB' contains an "
        f"invisible bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE) {hint}",
        f"{JOAQUIM}/candidate.yml:6:9: error[bidi-control]: candidate source '[U+200F]referral' contains an "
        f"invisible bidirectional control character (U+200F RIGHT-TO-LEFT MARK) {hint}",
        f"{JOAQUIM}/candidate.yml:7:16: error[bidi-control]: candidate tag 2 'nest[U+2066]js[U+2069]' contains "
        f"invisible bidirectional control characters (U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE) {hint}",
        f"roles/qa-engineer.yml:{title}:8: error[bidi-control]: role title 'QA [U+202A]Engineer' contains an invisible "
        f"bidirectional control character (U+202A LEFT-TO-RIGHT EMBEDDING) {hint}",
    ]
    assert "c-7d3e91" not in report.project.candidates  # never rendered


def test_bidi_controls_are_listed_with_offsets() -> None:
    assert bidi_controls("Ana \u202eLexa\u061c") == [
        (4, "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (9, "U+061C ARABIC LETTER MARK"),
    ]
    assert bidi_controls("שרה כהן") == []
