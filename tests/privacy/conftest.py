"""Fixtures for the privacy tests: a hostile site, a leaky site, and helpers to build copies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hiring_kb.site_build import build_site
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
