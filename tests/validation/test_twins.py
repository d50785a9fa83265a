"""Encoding twins: a BOM, CRLF (or CR) line endings or NFD text give exactly the result of the plain file.

Every example file (hiring.yml, roles, candidates, notes) is rewritten as its
twin; the validation report, the loaded model and the Markdown of every
generated page must equal the original's.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from hiring_kb.rendering.render import SiteRenderer
from hiring_kb.sources.validate import ValidationReport, validate_project
from tests.conftest import copy_project

TODAY = dt.date(2026, 12, 1)

TWINS: dict[str, Callable[[bytes], bytes]] = {
    "bom+crlf": lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "bom": lambda data: b"\xef\xbb\xbf" + data,
    "cr": lambda data: data.replace(b"\n", b"\r"),
    "nfd": lambda data: unicodedata.normalize("NFD", data.decode("utf-8")).encode("utf-8"),
}


def source_files(project: Path) -> list[Path]:
    files = [project / "hiring.yml", *sorted((project / "roles").glob("*.yml"))]
    files += sorted((project / "candidates").glob("*/candidate.yml"))
    files += sorted((project / "candidates").glob("*/interviews/*.md"))
    return files


def pages(report: ValidationReport) -> dict[str, str]:
    renderer = SiteRenderer(report.project, report.settings.thresholds, True, today=TODAY)
    return {page.src_uri: page.markdown for page in renderer.pages()}


def with_accents(project: Path) -> None:
    """Give the data composed characters, so the NFD twin differs from the original byte-wise."""
    candidate = project / "candidates/c-7d3e91/candidate.yml"
    candidate.write_text(candidate.read_text(encoding="utf-8").replace("Joaquim Barros", "Joaquím Barrós"), "utf-8")
    note = project / "candidates/c-7d3e91/interviews/2026-11-18-technical-ana.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Explained choices", "Explicó choices"), "utf-8")


@pytest.mark.parametrize("twin", sorted(TWINS))
def test_twins_validate_and_render_identically(twin: str, tmp_path: Path) -> None:
    original = copy_project(tmp_path / "original")
    with_accents(original)
    copy = copy_project(tmp_path / "twin")
    with_accents(copy)
    changed = 0
    for path in source_files(copy):
        data = path.read_bytes()
        twin_data = TWINS[twin](data)
        changed += twin_data != data
        path.write_bytes(twin_data)
    assert changed >= (2 if twin == "nfd" else len(source_files(copy)))
    expected = validate_project(original, today=TODAY)
    actual = validate_project(copy, today=TODAY)
    assert expected.diagnostics == ()
    assert actual.diagnostics == expected.diagnostics
    assert actual.project == expected.project
    assert pages(actual) == pages(expected)
    assert "Joaquím Barrós" in pages(actual)["candidates/c-7d3e91.md"]


def test_a_twin_with_an_error_reports_the_same_position(tmp_path: Path) -> None:
    """Positions count lines and characters of the text, not bytes: a BOM or CR changes neither."""
    project = copy_project(tmp_path / "project")
    note = project / "candidates/c-7d3e91/interviews/2026-11-18-technical-ana.md"
    note.write_text(note.read_text(encoding="utf-8").replace("design: 3", "design: 7"), "utf-8")
    plain = validate_project(project, today=TODAY).diagnostics
    note.write_bytes(TWINS["bom+crlf"](note.read_bytes()))
    assert validate_project(project, today=TODAY).diagnostics == plain
    assert [(d.code, d.position.line, d.position.col) for d in plain] == [("rating-out-of-range", 7, 11)]
