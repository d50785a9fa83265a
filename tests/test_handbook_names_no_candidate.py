"""The handbook (docs/) is about the product, not the example data (issue 16): no page mentions an
example candidate's id or name, so a company can purge or replace the examples without editing the
product's pages, and `invoke purge ID` is never refused because of the handbook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from hiring_kb.base.folded_text import find_folded

from .conftest import ROOT, copy_project


def candidate_ids_and_names(root: Path) -> list[str]:
    """Every candidate folder name under ``root/candidates`` and the ``name:`` of its candidate.yml."""
    words = []
    for record in sorted((root / "candidates").glob("*/candidate.yml")):
        words.append(record.parent.name)
        name = YAML(typ="safe").load(record.read_text(encoding="utf-8")).get("name")
        if isinstance(name, str) and name.strip():
            words.append(name)
    return words


def handbook_mentions(root: Path) -> list[str]:
    """``docs/<page>.md:line:col: 'text'`` for each mention of a candidate of ``root``, compared as purge
    compares (folded: case, no-break spaces and invisible characters do not hide a name)."""
    words = candidate_ids_and_names(root)
    found = []
    for page in sorted((root / "docs").rglob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").split("\n"), 1):
            for start, end in find_folded(line, words):
                found.append(f"{page.relative_to(root).as_posix()}:{number}:{start + 1}: '{line[start:end]}'")
    return found


def test_no_handbook_page_mentions_an_example_candidate() -> None:
    assert "c-7d3e91" in candidate_ids_and_names(ROOT)  # the example data is read, not a list kept here
    assert "Joaquim Barros" in candidate_ids_and_names(ROOT)
    assert handbook_mentions(ROOT) == []


def test_a_page_mentioning_a_candidate_is_found(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs/debrief.md").write_text(
        "# Debrief\n\nSee `candidates/c-7d3e91/` first.\nJOAQUIM\u00a0Barros goes on.\n", encoding="utf-8"
    )
    assert handbook_mentions(project) == [
        "docs/debrief.md:3:17: 'c-7d3e91'",
        "docs/debrief.md:4:1: 'JOAQUIM\u00a0Barros'",
    ]


def test_purge_of_an_example_candidate_is_not_refused_for_the_handbook(tmp_path: Path) -> None:
    """The dry run of purge, as a user types it, in a copy of the example project."""
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "purge", "c-7d3e91", "--dry-run"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "would delete candidates/c-7d3e91/, site/ and caches"
    assert "docs/" not in result.stdout + result.stderr
