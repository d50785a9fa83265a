"""Purge searches the text the notes import kept for no one, and lists the notes an imported candidate came from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hiring_kb.authoring.import_plan import plan_import
from hiring_kb.authoring.importer import run_import
from hiring_kb.publish.candidate_mentions import searched_places
from hiring_kb.publish.purge import PurgeError, purge_candidate
from hiring_kb.sources.settings import load_settings
from tests.conftest import EXAMPLE_TODAY


def test_purge_searches_the_unassigned_text_of_the_import(project: Path) -> None:
    settings, _ = load_settings(project)
    assert [settings.label(p) for p in searched_places(settings)] == [
        "roles", "docs", "candidates", "imports", "hiring.yml", "mkdocs.yml",
    ]  # fmt: skip
    kept = project / "imports/2026-11-29-notes-unassigned.md"
    kept.parent.mkdir()
    kept.write_text("<!-- lines 3-4 -->\n### Lena Kowalczyk (2nd call)\n- asked about relocation\n", encoding="utf-8")
    with pytest.raises(PurgeError) as refused:
        purge_candidate(
            project, project / "mkdocs.yml", project / "site", "c-2b8f40", say=lambda _: None, today=EXAMPLE_TODAY
        )
    assert str(refused.value).splitlines()[1:] == [
        "  imports/2026-11-29-notes-unassigned.md:2:5: mentions 'Lena Kowalczyk'"
    ]
    assert (project / "candidates/c-2b8f40/candidate.yml").is_file()


def test_purge_lists_the_unassigned_text_and_the_notes_an_imported_candidate_came_from(project: Path) -> None:
    settings, _ = load_settings(project)
    (project / "notes.md").write_text("### Quentin Okoye (QA)\n- Great English\n\n## Loose ends\n- call the agency\n")
    created = run_import(settings, plan_import(settings, project / "notes.md", date=dt.date(2026, 11, 29))).created
    report = purge_candidate(
        project,
        project / "mkdocs.yml",
        project / "site",
        created[0],
        say=lambda _: None,
        dry_run=True,
        today=EXAMPLE_TODAY,
    )
    assert report.unreachable[4:] == [
        "text import-notes kept for no one in imports/: searched for the full name and id only; read it for notes "
        "under a first name or nickname and delete them (also from git history)",
        "the free-form notes file 'notes.md' the candidate was imported from, and its copies (shared drives, chat, "
        "mail): delete the candidate's section there",
    ]
    plain = purge_candidate(
        project,
        project / "mkdocs.yml",
        project / "site",
        "c-2b8f40",
        say=lambda _: None,
        dry_run=True,
        today=EXAMPLE_TODAY,
    )
    assert len(plain.unreachable) == 5  # the four places of every purge, and imports/ (which holds a file now)
