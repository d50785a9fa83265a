"""Messages name the thing as the writer sees it (a folder, a link, a number as written), with the exact report lines.

Corpus cases cover the rubric level 5 (``rubric-level-five``), a rating written ``0123``
(``rating-leading-zero``) and fit thresholds in the wrong order (``settings-fit-order``); the cases
here need symbolic links, empty folders or in-memory documents, which cannot live in the corpus.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from hiring_kb.base.diagnostics import render_report
from hiring_kb.publish.purge import PurgeError, candidate_folder
from hiring_kb.sources.schemas import INTERVIEW_SCHEMA, check_schema
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.settings_defaults import FitThresholds
from hiring_kb.sources.validate import validate_project
from hiring_kb.sources.yamlio import YamlDoc, new_yaml
from tests.conftest import copy_project

TODAY = dt.date(2026, 12, 1)
LINK_HINT = (
    "(hint: copy the file into the repository (or remove the link): files outside it are not reviewed in pull requests)"
)


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the example project and a folder outside it."""
    outside = tmp_path / "outside"
    (outside / "etc").mkdir(parents=True)
    (outside / "cv.pdf").write_bytes(b"%PDF-1.7 Lena's CV")
    return copy_project(tmp_path / "project"), outside.resolve()


def report(project: Path) -> list[str]:
    return render_report(validate_project(project, today=TODAY).diagnostics).splitlines()


def test_a_folder_named_like_a_note_is_called_a_folder(layout: tuple[Path, Path]) -> None:
    project, _ = layout
    (project / "candidates/c-2b8f40/interviews/dir.md").mkdir()
    (project / "roles/archive.yml").mkdir()
    assert report(project) == [
        "candidates/c-2b8f40/interviews/dir.md: warning[stray-file]: this folder is not read here (hint: interviews/ "
        "holds one '<date>-<stage>-<interviewer>.md' file per interview, no folders: move the notes inside it up "
        "into interviews/ and remove the folder)",
        "roles/archive.yml: warning[stray-file]: this folder is not read here (hint: the roles folder holds one "
        "'<role-id>.yml' file per role)",
        "0 errors, 2 warnings",
    ]


def test_links_leaving_the_project_are_named_whatever_they_point_to(layout: tuple[Path, Path]) -> None:
    project, outside = layout
    (project / "roles/evil.yml").symlink_to(outside / "etc", target_is_directory=True)
    (project / "roles/notes.txt").symlink_to(outside / "cv.pdf")
    (project / "candidates/cv.pdf").symlink_to(outside / "cv.pdf")
    (project / "candidates/c-2b8f40/interviews/old.md").symlink_to(outside / "etc", target_is_directory=True)
    assert report(project) == [
        f"candidates/c-2b8f40/interviews/old.md: error[symlink-outside-repo]: symbolic link points outside the "
        f"project, to {outside}/etc {LINK_HINT}",
        f"candidates/cv.pdf: error[symlink-outside-repo]: symbolic link points outside the project, to "
        f"{outside}/cv.pdf {LINK_HINT}",
        f"roles/evil.yml: error[symlink-outside-repo]: symbolic link points outside the project, to {outside}/etc "
        f"{LINK_HINT}",
        f"roles/notes.txt: error[symlink-outside-repo]: symbolic link points outside the project, to "
        f"{outside}/cv.pdf {LINK_HINT}",
        "4 errors, 0 warnings",
    ]


def test_a_number_is_quoted_as_written_without_the_source_text_too() -> None:
    text = "interviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings: {code: 0123, design: 1_0}\n"
    for doc in (YamlDoc("n.md", new_yaml().load(text), 1), YamlDoc("n.md", new_yaml().load(text), 1, text=text)):
        assert [d.message for d in check_schema(doc, INTERVIEW_SCHEMA)] == [
            "rating 0123 (read as 123) for 'code' is outside 1..4",
            "rating 1_0 (read as 10) for 'design' is outside 1..4",
        ]


def test_fit_thresholds_are_checked_against_the_defaults_too(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "hiring.yml").write_text("# thresholds\nfit:\n  fit: 80\n", encoding="utf-8")
    settings, problems = load_settings(project)
    assert [d.format() for d in problems] == [
        "hiring.yml:3:8: error[invalid-value]: fit.fit is 80, not below fit.strong_fit 80 (the default): no "
        "candidate could get the 'fit' verdict (hint: set fit below strong_fit, e.g. fit: 60 and strong_fit: 80 "
        "(the defaults))"
    ]
    assert settings.thresholds == FitThresholds()  # an invalid file falls back to the defaults, as for any error
    (project / "hiring.yml").write_text("fit: {strong_fit: 55}\n", encoding="utf-8")
    assert [d.format() for d in load_settings(project)[1]] == [
        "hiring.yml:1:19: error[invalid-value]: fit.fit is 60 (the default), not below fit.strong_fit 55: no "
        "candidate could get the 'fit' verdict (hint: set fit below strong_fit, e.g. fit: 60 and strong_fit: 80 "
        "(the defaults))"
    ]
    (project / "hiring.yml").write_text("fit: {strong_fit: 60.5, fit: 60.25}\n", encoding="utf-8")
    settings, problems = load_settings(project)
    assert problems == []
    assert (settings.thresholds.fit, settings.thresholds.strong_fit) == (Fraction(241, 4), Fraction(121, 2))


@pytest.mark.parametrize("bad", ["paula-reyes", "C-2B8F40", "c-2b8f4", "c-2b8f40/..", "../roles"])
def test_purge_takes_only_candidate_ids(layout: tuple[Path, Path], bad: str) -> None:
    project, _ = layout
    (project / "candidates/paula-reyes").mkdir()
    settings, _ = load_settings(project)
    with pytest.raises(PurgeError) as refused:
        candidate_folder(settings, bad)
    assert str(refused.value) == (
        f"'{bad}' is not a candidate id: 'c-' and 6 to 12 lowercase hex digits, the folder name under candidates/"
    )
    assert candidate_folder(settings, "c-2b8f40") == project / "candidates/c-2b8f40"
