"""Shared fixtures and helpers: the repository's root, temp copies of the example project, a built example
site, running `invoke` in a project and loading its tasks.py."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from hiring_kb.rendering.site_build import build_site

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.yml", "hiring.yml", "tasks.py", "docs", "roles", "candidates")
#: The DEMO identity that opens the example data's sealed private: blocks (its public key is in
#: the example hiring.yml). A real instance makes its own and never commits it.
DEMO_IDENTITY = ROOT / "tests" / "fixtures" / "demo-age-identity.txt"
#: The date the example site is built "on" (dashboard staleness, retention): fixed so pages are reproducible.
EXAMPLE_TODAY = dt.date(2026, 12, 1)


def copy_project(destination: Path) -> Path:
    """Copy the example project (config, docs, data, tasks) into ``destination`` and return it."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy2(source, destination / name)
    return destination


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the example project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project built once per test session (strict), as a folder of HTML."""
    site = tmp_path_factory.mktemp("example") / "site"
    # SOURCE_DATE_EPOCH is the build's "today" (hiring_kb.base.clock.today); restored right after.
    epoch = dt.datetime.combine(EXAMPLE_TODAY, dt.time(12), dt.timezone.utc).timestamp()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        result = build_site(ROOT / "mkdocs.yml", site)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    assert result.ok, result.output
    return site


@pytest.fixture(autouse=True)
def _demo_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs as an admin of the example data: HIRING_AGE_IDENTITY opens its sealed
    private: blocks (tests of what others see unset it)."""
    monkeypatch.setenv("HIRING_AGE_IDENTITY", str(DEMO_IDENTITY))


def seal_private(project: Path) -> list[str]:
    """Seal every plain private: block of ``project`` for its hiring.yml recipients, as
    ``invoke private-seal-all`` does (tests write plain blocks, then seal them); return the lines."""
    from hiring_kb.authoring.private_commands import seal_all
    from hiring_kb.sources.settings import load_settings

    settings, problems = load_settings(project)
    assert not problems, problems
    return seal_all(settings)


#: The example project's first four candidates, whose numbers the tests pin; tests filter to these where
#: the example data has more candidates (which it may gain at any time).
ORIGINAL_CANDIDATES = ("c-2b8f40", "c-5a1c06", "c-7d3e91", "c-9e4d27")


def example_candidate_ids() -> set[str]:
    """Every candidate folder of the example project, as committed."""
    return {p.name for p in (ROOT / "candidates").iterdir() if (p / "candidate.yml").is_file()}


#: A byte-for-byte copy of the team's real free-form interview notes (what `invoke import-notes` reads).
NOTES_FIXTURE = ROOT / "tests" / "fixtures" / "interview-notes-2026.md"


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``invoke ARGS`` in the ``project`` folder as a user would (text output, never raises)."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, check=False
    )


def tasks_of(project: Path) -> SimpleNamespace:
    """The package's tasks loaded for ``project`` (a temp copy or the repository), as the project's tasks.py
    loads them: fresh copies of the task modules whose ROOT is ``project``; each task is an attribute
    (``tasks_of(project).validate``). To monkeypatch a module's ROOT, load that module with
    ``hiring_kb.task_loading.tasks_module(project, name)``."""
    from hiring_kb.task_loading import load_tasks

    return SimpleNamespace(**load_tasks(project / "tasks.py"))


def new_ids(project: Path) -> list[str]:
    """The candidate folders of ``project`` that the example project does not have, sorted."""
    return sorted(p.name for p in (project / "candidates").iterdir() if p.name not in example_candidate_ids())
