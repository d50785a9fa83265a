"""The state a site build keeps (hiring_kb.rendering.site_session), without MkDocs: what files a build adds, when a
dirty rebuild renders every page, generated pages' HTML held until written, the serve error page."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from hiring_kb.rendering.compiler import tree_path
from hiring_kb.rendering.serving import error_page
from hiring_kb.rendering.site_session import (
    ERROR_MARK,
    PACKED,
    SiteBuildError,
    SiteRequest,
    SiteSession,
    TreeFile,
    nav_items,
)
from tests.conftest import EXAMPLE_TODAY
from tests.validation.test_corpus import CORPUS, overlay

LOG = logging.getLogger("tests.site_session")


@pytest.fixture(autouse=True)
def _example_today(monkeypatch: pytest.MonkeyPatch) -> None:
    epoch = dt.datetime.combine(EXAMPLE_TODAY, dt.time(12), dt.timezone.utc).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))
    monkeypatch.delenv("HIRING_AUDIENCE", raising=False)


def _request(project: Path, site_url: str | None = "https://hiring.example.org/") -> SiteRequest:
    return SiteRequest(
        root=project,
        config_file=project / "mkdocs.yml",
        docs_dir=project / "docs",
        site_url=site_url,
        repo_url=None,
        use_directory_urls=True,
    )


def _candidate(project: Path) -> str:
    return sorted(p.name for p in (project / "candidates").iterdir() if p.is_dir())[0]


def test_a_valid_project_compiles_and_adds_its_assets_then_its_pages_file_backed(project: Path) -> None:
    session = SiteSession(LOG)
    report = session.prepare(_request(project))
    assert report.ok
    assert session.site_url == "https://hiring.example.org/"
    assert session.watch == [project / "roles", project / "candidates", project / "hiring.yml"]
    files = session.tree_files(lambda uri: False)
    assert [f.src_uri for f in files[:6]] == [
        "assets/hiring/hiring.css",
        "assets/hiring/material-base.js",
        "assets/hiring/material-palette.js",
        "assets/hiring/material-tabs.js",
        "assets/hiring/material-content.js",
        "assets/hiring/hiring.js",
    ]
    tree = tree_path(project)
    by_uri = {f.src_uri: f for f in files}
    candidate = _candidate(project)
    assert by_uri["candidates/index.md"] == TreeFile("candidates/index.md", tree / "candidates/index.md")
    page = by_uri[f"candidates/{candidate}.md"]
    assert (page.path, page.content, page.in_nav) == (tree / f"candidates/{candidate}.md", None, False)
    assert session.last_pages[:2] == ["candidates/index.md", "roles/index.md"]


def test_a_page_of_docs_at_a_generated_pages_path_stops_the_build(project: Path) -> None:
    session = SiteSession(LOG)
    session.prepare(_request(project))
    with pytest.raises(SiteBuildError) as failure:
        session.tree_files(lambda uri: uri == "roles/index.md")
    assert str(failure.value) == "docs/roles/index.md conflicts with a generated hiring page; rename or remove it"


def test_invalid_data_stops_a_build_but_a_serve_rebuild_shows_the_errors_on_every_page(project: Path) -> None:
    session = SiteSession(LOG)
    session.prepare(_request(project))
    session.tree_files(lambda uri: False)
    overlay(CORPUS / "duplicate-interview", project)
    with pytest.raises(SiteBuildError) as failure:
        session.prepare(_request(project))
    assert str(failure.value).startswith("hiring data is invalid, nothing was built (")
    session.serving = True
    report = session.prepare(_request(project))
    assert session.compiled is None
    assert session.error_page == error_page(report.diagnostics, ERROR_MARK)
    files = session.tree_files(lambda uri: uri == "roles/index.md")
    error_files = [f for f in files if not f.src_uri.startswith("assets/")]
    assert [f.src_uri for f in error_files] == [uri for uri in session.last_pages if uri != "roles/index.md"]
    assert [f.src_uri for f in error_files][:3] == ["candidates/index.md", "interviewers/index.md", "tags/index.md"]
    assert {(f.path, f.content, f.in_nav) for f in error_files} == {(None, session.error_page, False)}
    shown = session.page_markdown("candidates/index.md", "# Candidates\n\ntext\n", generated=True)
    assert shown == error_page(report.diagnostics, "# Candidates")


def test_a_generated_pages_html_is_held_until_its_turn_and_released_once() -> None:
    session = SiteSession(LOG)
    markdown = session.page_markdown("candidates/c-1.md", "# Ada\n\n<div class='x'>a &amp; b</div>\n", True)
    assert "<div" not in markdown  # stashed: the converter never sees the HTML block
    held = session.hold("candidates/c-1.md", "candidates/c-1/", f"<h1>Ada</h1>\n{markdown.split(chr(10), 2)[2]}")
    assert held == PACKED
    assert session.release("candidates/c-1.md") == "<h1>Ada</h1>\n<div class='x'>a &amp; b</div>\n"
    assert session.release("candidates/c-1.md") is None
    assert session.page_markdown("about.md", "# About\n", False) == "# About\n"
    assert session.hold("about.md", "about/", "<h1>About</h1>") == "<h1>About</h1>"
    assert session.rendered_urls == {"candidates/c-1/", "about/"}


def test_a_dirty_rebuild_renders_every_page_only_when_the_layout_changed() -> None:
    session = SiteSession(LOG)
    session.start(dirty=True)
    assert session.layout_changed(("nav", 1)) is False  # the first build renders everything anyway
    assert session.layout_changed(("nav", 1)) is False
    assert session.layout_changed(("nav", 2)) is True
    session.error_page = "errors"
    assert session.layout_changed(("nav", 2)) is True  # the error page is on every page
    session.start(dirty=False)
    assert session.layout_changed(("nav", 1)) is False
    assert session.layout_changed(("nav", 3)) is False  # a full build renders every page anyway


def test_generated_titles_are_plain_text_and_other_pages_have_none(project: Path) -> None:
    session = SiteSession(LOG)
    assert session.generated_title("roles/index.md") is None  # nothing compiled yet
    session.prepare(_request(project))
    assert session.generated_title("roles/index.md") == "Roles"
    assert session.generated_title("about.md") is None


class _Item:
    def __init__(self, title: str, children: list[_Item] | None = None) -> None:
        self.title = title
        self.children = children


def test_nav_items_walks_the_tree_depth_first() -> None:
    nav = [_Item("a", [_Item("b", [_Item("c")]), _Item("d")]), _Item("e")]
    assert [item.title for item in nav_items(nav)] == ["a", "b", "c", "d", "e"]
