"""The fallback engine: ProperDocs (the maintained MkDocs 1.x fork) builds the example site with our plugin
unchanged, and gets the same pages as MkDocs (issue 14, docs/engines.md).

Both builds run as an admin would run them, ``mkdocs build --strict`` and ``properdocs build --strict``, in
copies of the example project with the same "today". ProperDocs installs beside MkDocs (it ships no
``mkdocs`` module of its own: its command redirects ``mkdocs.*`` imports to ``properdocs.*``), so it is a
test dependency of ``.[test]``. CI exports HIRING_REQUIRE_PROPERDOCS=1: there a missing ProperDocs fails
instead of skipping.
"""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import EXAMPLE_TODAY, copy_project

INSTALL = "pip install -e '.[test]'  (the test extra pins properdocs>=1.6.7,<1.7)"
#: The one line that names the engine; everything else of every file must be the same.
GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


def require_properdocs() -> None:
    """Return when ProperDocs is installed; else skip, saying what to run, or fail where CI requires it."""
    if importlib.util.find_spec("properdocs") is not None:
        return
    message = f"ProperDocs is not installed in this Python environment: run {INSTALL}"
    if os.environ.get("HIRING_REQUIRE_PROPERDOCS") == "1":
        pytest.fail(message + " (HIRING_REQUIRE_PROPERDOCS=1: CI never skips this test)")
    pytest.skip(message)


def _build(command: list[str], project: Path) -> Path:
    epoch = dt.datetime.combine(EXAMPLE_TODAY, dt.time(12), dt.timezone.utc).timestamp()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(epoch)), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return project / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(MkDocs site, ProperDocs site) of the example project."""
    require_properdocs()
    mkdocs = _build(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], copy_project(tmp_path_factory.mktemp("mkdocs"))
    )
    properdocs = _build(
        [sys.executable, "-m", "properdocs", "build", "--strict"], copy_project(tmp_path_factory.mktemp("properdocs"))
    )
    return mkdocs, properdocs


def _files(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


def _page(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def _text(element: object) -> str:
    return element.get_text(" ", strip=True).removesuffix(" ¶")


def _ranking(site: Path, role: str) -> list[str]:
    """Candidate names in the order of the role page's "Candidates ranked by fit" table."""
    heading = _page(site, f"roles/{role}/index.html").select_one("h2#candidates-ranked-by-fit")
    assert heading is not None
    table = heading.find_next("table")
    return [link.get_text(strip=True) for link in table.select("a[href*='candidates/']")]


def test_properdocs_builds_the_same_set_of_pages(sites: tuple[Path, Path]) -> None:
    mkdocs, properdocs = sites
    assert _files(properdocs) == _files(mkdocs)
    assert "candidates/c-7d3e91/index.html" in _files(properdocs)
    assert "roles/backend-engineer/index.html" in _files(properdocs)


def test_candidate_pages_name_the_same_candidates(sites: tuple[Path, Path]) -> None:
    mkdocs, properdocs = sites
    pages = [name for name in _files(mkdocs) if re.fullmatch(r"candidates/c-[0-9a-f]{6}/index\.html", name)]
    names = {page: [_text(h) for h in _page(properdocs, page).select("article h1")] for page in pages}
    assert names == {page: [_text(h) for h in _page(mkdocs, page).select("article h1")] for page in pages}
    assert names["candidates/c-7d3e91/index.html"] == ["Joaquim Barros"]
    assert names["candidates/c-2b8f40/index.html"] == ["Lena Kowalczyk"]


def test_role_pages_rank_the_candidates_alike(sites: tuple[Path, Path]) -> None:
    mkdocs, properdocs = sites
    for role in ("backend-engineer", "qa-engineer"):
        assert _ranking(properdocs, role) == _ranking(mkdocs, role)
    assert "Joaquim Barros" in _ranking(properdocs, "backend-engineer")
    assert "Lena Kowalczyk" in _ranking(properdocs, "qa-engineer")


def test_the_dashboard_has_the_same_headings(sites: tuple[Path, Path]) -> None:
    mkdocs, properdocs = sites
    headings = [_text(h) for h in _page(properdocs, "index.html").select("article h2")]
    assert headings == [_text(h) for h in _page(mkdocs, "index.html").select("article h2")]
    assert headings[:4] == ["Pipeline", "Scorecards owed", "Needs attention", "Recent interviews"]


def test_every_file_is_the_same_but_the_engine_name(sites: tuple[Path, Path]) -> None:
    """Pages, search index, sitemap and assets byte for byte, once the generator line is left out."""
    mkdocs, properdocs = sites

    def content(site: Path, name: str) -> bytes:
        data = (site / name).read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        return GENERATOR.sub(b"", data)

    different = [name for name in _files(mkdocs) if content(mkdocs, name) != content(properdocs, name)]
    assert different == []
    assert b"ProperDocs" in (properdocs / "index.html").read_bytes()  # the second build did run ProperDocs
