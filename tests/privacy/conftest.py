"""Fixtures for the privacy tests: a hostile site, a leaky site, and helpers to build copies."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiring_kb.rendering.site_build import build_site
from tests.browser.conftest import browser, screenshot_dir  # noqa: F401 - shared headless Chromium
from tests.conftest import EXAMPLE_TODAY, copy_project
from tests.privacy.corpus import plant_injection_corpus, plant_leak_corpus


def source_date_epoch(day: dt.date = EXAMPLE_TODAY) -> str:
    """SOURCE_DATE_EPOCH (the build's "today") for noon UTC of ``day``."""
    return str(int(dt.datetime.combine(day, dt.time(12), dt.timezone.utc).timestamp()))


@pytest.fixture(autouse=True)
def _fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build in these tests judges retention and staleness by EXAMPLE_TODAY."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch())


def build(project: Path, site: Path) -> Path:
    """Build ``project`` strictly into ``site``; fail the test with MkDocs' output otherwise."""
    result = build_site(project / "mkdocs.yml", site)
    assert result.ok, result.output
    return site


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A copy of the example project with the injection corpus planted, and the hostile ids."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    return project, plant_injection_corpus(project)


@pytest.fixture(scope="module")
def hostile_site(hostile_project: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile project built strictly (SOURCE_DATE_EPOCH fixed for the build)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch())
        return build(hostile_project[0], tmp_path_factory.mktemp("hostile-site") / "site")


@pytest.fixture(scope="module")
def leaky_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of the example project with a candidate whose private: block holds every canary."""
    project = copy_project(tmp_path_factory.mktemp("leaky") / "project")
    return project, plant_leak_corpus(project)


@pytest.fixture(scope="module")
def leaky_site(leaky_project: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch())
        return build(leaky_project[0], tmp_path_factory.mktemp("leaky-site") / "site")


@pytest.fixture
def srv() -> Iterator[Path]:
    """A folder a web server can serve from, as /srv is on a server (0755, owned by whoever
    deploys), outside pytest's private 0700 temp folder; removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="hiring-srv-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def git(*args: str, cwd: Path) -> str:
    """Run git in ``cwd`` with a fixed identity; return its output (fail the test on an error)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


def commit_all(project: Path, message: str = "Reviewed data") -> str:
    """Make ``project`` a git repository on branch main (if it is not one) and commit everything:
    the state after a pull request was merged. Returns the commit id."""
    if not (project / ".git").exists():
        git("init", "-q", "-b", "main", cwd=project)
        (project / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git("add", "-A", cwd=project)
    git("commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", message, cwd=project)
    return git("rev-parse", "HEAD", cwd=project).strip()


@pytest.fixture
def site(example_site: Path, tmp_path: Path) -> Path:
    """A writable copy of the built example site to plant text into."""
    return Path(shutil.copytree(example_site, tmp_path / "site"))
