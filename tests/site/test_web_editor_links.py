"""Scorecards without local setup: the web-editor links of candidate pages (hiring_kb.authoring.forge), read
from a built site, and the audit that allows links into the configured repository only."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hiring_kb.authoring.forge import Forge, forge_from, within_repo
from hiring_kb.base.diagnostics import Severity
from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project
from tests.site.test_example_site import page, text
from tests.site.test_interview_loop_site import build

REPO = "https://github.com/acme/hiring-wiki"
TODAY = dt.date(2026, 12, 1)


def with_repo(project: Path, extra: str) -> Path:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: docs\n", f"docs_dir: docs\n{extra}"))
    return project


def links(soup: BeautifulSoup) -> list[tuple[str, str, str]]:
    return [(item["data-state"], text(item.a), item.a["href"]) for item in soup.select(".hkb-authoring__links li")]


@pytest.fixture
def github_site(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    with_repo(project, f"repo_url: {REPO}\n")
    return build(project, tmp_path / "site", monkeypatch)


def test_owed_scorecard_links_to_githubs_new_file_page_prefilled_and_the_scaffold_validates_once_rated(
    github_site: Path, project: Path
) -> None:
    lena = page(github_site, "candidates/c-2b8f40")
    assert [(state, label) for state, label, _ in links(lena)] == [
        ("owed", "Write the scorecard: 2026-11-20 · Recruiter screen · ana"),
        ("edit", "Edit: 2026-11-20 · Recruiter screen · bea"),
    ]
    _, _, new_url = links(lena)[0]
    parts = urllib.parse.urlsplit(new_url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "github.com",
        "/acme/hiring-wiki/new/main/candidates/c-2b8f40/interviews",
    )
    query = urllib.parse.parse_qs(parts.query)
    assert query["filename"] == ["2026-11-20-screen-ana.md"]
    scaffold = query["value"][0]
    assert scaffold.startswith("---\ninterviewer: ana\ndate: 2026-11-20\nstage: screen\nratings:")
    assert "Lena" not in scaffold and "Kowalczyk" not in scaffold  # no name in a URL
    # What the interviewer does in the browser: rate, write evidence, commit the file.
    rated = (
        scaffold.replace("  english:\n", "  english: 3\n")
        .replace("recommendation:  #", "recommendation: yes  #")
        .replace("## Strong English\n", "## Strong English\n- Walked through a bug report in clear English\n")
    )
    note = project / "candidates/c-2b8f40/interviews/2026-11-20-screen-ana.md"
    note.write_text(rated, encoding="utf-8")
    report = validate_project(project, today=TODAY)
    mine = [
        d for d in report.diagnostics if d.position.path == "candidates/c-2b8f40/interviews/2026-11-20-screen-ana.md"
    ]
    assert [d.format() for d in mine if d.severity is Severity.ERROR] == []
    interview = next(i for i in report.project.candidates["c-2b8f40"].interviews if i.id == note.stem)
    assert (interview.ratings, interview.recommendation) == ({"english": 3}, "yes")


def test_existing_scorecard_has_an_edit_link_and_the_page_shows_the_id_and_command(github_site: Path) -> None:
    lena = page(github_site, "candidates/c-2b8f40")
    assert links(lena)[1][2] == f"{REPO}/edit/main/candidates/c-2b8f40/interviews/2026-11-20-screen-bea.md"
    block = lena.select_one(".hkb-authoring")
    assert block["data-candidate-id"] == "c-2b8f40"
    assert text(block.select_one(".hkb-authoring__id")) == "id c-2b8f40"
    assert text(block.select_one(".hkb-command")) == (
        "invoke new-interview c-2b8f40 --stage screen --interviewer ana --date 2026-11-20"
    )


def test_the_built_site_with_editor_links_passes_the_audit(github_site: Path, project: Path) -> None:
    settings, _ = load_settings(project)
    assert [d.format() for d in audit_site(github_site, AuditContext.from_settings(settings))] == []
    # Material's repository widget is kept, without the hook that fetches stars from the forge's API.
    home = BeautifulSoup((github_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in home.select("a.md-source")] == [REPO, REPO]
    assert home.select("[data-md-component=source]") == []


def test_the_audit_still_refuses_links_outside_the_configured_repository(github_site: Path, project: Path) -> None:
    page_file = github_site / "candidates/c-2b8f40/index.html"
    page_file.write_text(
        page_file.read_text(encoding="utf-8").replace(
            "</article>",
            '<a href="https://github.com/acme/other">x</a><img src="https://github.com/acme/hiring-wiki/x.png"></article>',
            1,
        ),
        encoding="utf-8",
    )
    settings, _ = load_settings(project)
    found = [(d.code, d.message) for d in audit_site(github_site, AuditContext.from_settings(settings))]
    assert found == [
        ("external-url", "<a href> points off the site: 'https://github.com/acme/other'"),
        ("external-url", "<img src> points off the site: 'https://github.com/acme/hiring-wiki/x.png'"),
    ]


def test_without_repo_url_there_are_no_editor_links_but_id_and_command_stay(example_site: Path) -> None:
    joaquim = page(example_site, "candidates/c-7d3e91")
    assert links(joaquim) == []
    assert text(joaquim.select_one(".hkb-command")) == (
        "invoke new-interview c-7d3e91 --stage system-design --interviewer YOUR-HANDLE"
    )


def test_gitlab_self_hosted_with_branch_and_folder(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text()
        .replace("docs_dir: docs\n", "docs_dir: docs\nrepo_url: https://git.example.com/people/hiring\n")
        .replace("  - hiring\n", "  - hiring:\n      forge: gitlab\n      branch: hiring\n      repo_folder: wiki\n")
    )
    site = build(project, tmp_path / "site", monkeypatch)
    urls = [url for _, _, url in links(page(site, "candidates/c-2b8f40"))]
    new = urllib.parse.urlsplit(urls[0])
    assert new.path == "/people/hiring/-/new/hiring/wiki/candidates/c-2b8f40/interviews"
    assert urllib.parse.parse_qs(new.query)["file_name"] == ["2026-11-20-screen-ana.md"]
    assert urllib.parse.parse_qs(new.query)["content"][0].startswith("---\ninterviewer: ana\n")
    assert (
        urls[1]
        == "https://git.example.com/people/hiring/-/edit/hiring/wiki/candidates/c-2b8f40/interviews/2026-11-20-screen-bea.md"
    )


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        (f"{REPO}/new/main/candidates", True),
        (REPO, True),
        ("HTTPS://GitHub.com/acme/hiring-wiki/edit/main/x.md", True),
        ("https://github.com/acme/hiring-wiki-evil/new/main", False),
        ("https://github.com/acme/hiring-wiki/../other/x", False),
        ("https://github.com/acme/hiring-wiki/%2e%2e/other/x", False),
        ("https://github.com/acme/hiring-wiki\\..\\other", False),
        ("https://github.com.evil.example/acme/hiring-wiki", False),
        ("https://github.com@evil.example/acme/hiring-wiki", False),
        ("https://user@github.com/acme/hiring-wiki", False),
        ("http://github.com/acme/hiring-wiki", False),
        ("https://github.com:8443/acme/hiring-wiki", False),
        ("//github.com/acme/hiring-wiki", False),
    ],
)
def test_within_repo_judges_urls_as_a_browser_resolves_them(url: str, allowed: bool) -> None:
    assert within_repo(url, REPO) is allowed


def test_forge_from_repo_url() -> None:
    assert forge_from("https://github.com/acme/hiring-wiki.git/") == Forge("github", REPO, "main", "")
    assert forge_from("https://gitlab.com/g/p", "dev") == Forge("gitlab", "https://gitlab.com/g/p", "dev", "")
    assert forge_from("https://git.example.com/g/p") is None  # unknown kind: no links rather than wrong ones
    assert forge_from("git@github.com:acme/hiring-wiki.git") is None
    assert forge_from(None) is None
    forge = Forge("github", REPO)
    assert forge.new_file_url("candidates/c-1/interviews", "2026-12-01-screen-ana.md", "a: b & c\n") == (
        f"{REPO}/new/main/candidates/c-1/interviews?filename=2026-12-01-screen-ana.md&value=a%3A%20b%20%26%20c%0A"
    )
