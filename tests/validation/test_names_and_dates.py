"""Slugs, collision keys, id patterns and the date boundary, with exact values."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from hiring_kb.base.names import collision_key, id_key, is_candidate_id, is_id, slug
from hiring_kb.sources.validate import validate_project

NOTE = "candidates/c-7d3e91/interviews/{date}-technical-zoe.md"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("José Silva", "jose-silva"),
        (unicodedata.normalize("NFD", "José Silva"), "jose-silva"),
        ("  Ana-María  O'Neil ", "ana-maria-o-neil"),
        ("李明", "李明"),
        ("Straße", "strasse"),
        ("Łukasz", "łukasz"),
        ("—", ""),
        ("🙂 ?!", ""),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_collision_keys() -> None:
    assert collision_key("JOSÉ SILVA") == collision_key("Jose Silva") == "jose-silva"
    assert collision_key("—") == "—"
    assert id_key("C-7D3E91") == id_key("c-7d3e91") == "c-7d3e91"


@pytest.mark.parametrize(
    ("text", "candidate", "plain"),
    [
        ("c-7d3e91", True, True),
        ("c-0123456789ab", True, True),
        ("c-7d3e9", False, True),
        ("c-0123456789abc", False, True),
        ("c-7D3E91", False, False),
        ("joaquim-barros", False, True),
        ("-x", False, False),
        ("tech writing", False, False),
    ],
)
def test_id_patterns(text: str, candidate: bool, plain: bool) -> None:
    assert is_candidate_id(text) is candidate
    assert is_id(text) is plain


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2026-12-01", []),  # today
        ("2026-12-02", []),  # tomorrow: someone at UTC+14 may be there already
        ("2026-12-03", [("future-date", 3, 7)]),
    ],
)
def test_future_date_boundary(project: Path, date: str, expected: list[tuple[str, int, int]]) -> None:
    (project / NOTE.format(date=date)).write_text(
        f"---\ninterviewer: zoe\ndate: {date}\nstage: technical\n---\nNotes.\n", encoding="utf-8"
    )
    report = validate_project(project, today=dt.date(2026, 12, 1))
    assert [(d.code, d.position.line, d.position.col) for d in report.diagnostics] == expected
    assert report.today == dt.date(2026, 12, 1)
