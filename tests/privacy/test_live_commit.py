"""Every page's footer says which commit the site was built from, escaped, and the audit accepts it."""

from __future__ import annotations

from pathlib import Path

from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.publish.build_source import source_of
from hiring_kb.sources.settings import load_settings
from tests.privacy.conftest import build, commit_all, git


def test_the_footer_shows_the_commit_and_escapes_the_branch(project: Path, tmp_path: Path) -> None:
    assert source_of(load_settings(project)[0]) is None  # not a git repository: nothing to show
    commit = commit_all(project)
    git("switch", "-q", "-c", 'team<b>&"x"', cwd=project)  # git allows <, >, & and " in branch names
    settings = load_settings(project)[0]
    assert source_of(settings) == {"commit": commit[:12], "branch": 'team<b>&"x"', "reviewed": False}
    site = build(project, tmp_path / "site")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert (f"Built from commit {commit[:12]} on team&lt;b&gt;&amp;&#34;x&#34; <strong>(not reviewed)</strong>") in page
    assert commit not in page  # the full id stays in the release record
    assert audit_site(site, AuditContext.from_settings(settings)) == []
    git("switch", "-q", "main", cwd=project)
    page = (build(project, tmp_path / "site") / "candidates/c-7d3e91/index.html").read_text(encoding="utf-8")
    assert f"Built from commit {commit[:12]} on main\n" in page and "(not reviewed)" not in page
