"""Every page's footer says which commit the site was built from, escaped, and the audit accepts it."""

from __future__ import annotations

import hashlib
import itertools
import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.publish.build_source import short_commit, source_of
from hiring_kb.sources.contact_details import find_contact_details
from hiring_kb.sources.settings import load_settings
from tests.privacy.conftest import build, commit_all, git


def test_the_footer_shows_the_commit_and_escapes_the_branch(project: Path, tmp_path: Path) -> None:
    assert source_of(load_settings(project)[0]) is None  # not a git repository: nothing to show
    commit = commit_all(project)
    git("switch", "-q", "-c", 'team<b>&"x"', cwd=project)  # git allows <, >, & and " in branch names
    project_settings = load_settings(project)[0]
    assert source_of(project_settings) == {"commit": short_commit(commit), "branch": 'team<b>&"x"', "reviewed": False}
    site = build(project, tmp_path / "site")
    page = (site / "index.html").read_text(encoding="utf-8")
    assert (
        f"Built from commit {short_commit(commit)} on team&lt;b&gt;&amp;&#34;x&#34; <strong>(not reviewed)</strong>"
    ) in page
    assert commit not in page  # the full id stays in the release record
    assert audit_site(site, AuditContext.from_settings(project_settings)) == []
    git("switch", "-q", "main", cwd=project)
    page = (build(project, tmp_path / "site") / "candidates/c-7d3e91/index.html").read_text(encoding="utf-8")
    assert f"Built from commit {short_commit(commit)} on main\n" in page and "(not reviewed)" not in page


def test_a_commit_id_of_digits_is_shown_longer_and_passes_the_audit(project: Path, tmp_path: Path) -> None:
    """About one commit in 280 has an id whose first 12 hex digits are all decimal digits: shown as 12,
    they read as a phone number and the audit refused every page, so that commit could never be deployed."""
    commit_all(project)
    commit = commit_whose_id_starts_with_digits(project)
    project_settings = load_settings(project)[0]
    assert source_of(project_settings) == {"commit": commit[:16], "branch": "main", "reviewed": True}
    site = build(project, tmp_path / "site")
    assert f"Built from commit {commit[:16]} on main\n" in (site / "index.html").read_text(encoding="utf-8")
    assert audit_site(site, AuditContext.from_settings(project_settings)) == []


def test_short_commit_ids() -> None:
    assert short_commit("3ad2c39104f9" + "0" * 28) == "3ad2c39104f9"
    assert short_commit("310294857112" + "a9f3" + "0" * 24) == "310294857112a9f3"
    assert short_commit("3102948571121234" + "ab" * 12) == "3102948571121234"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789ab", min_size=40, max_size=40))
def test_no_short_commit_id_reads_as_a_contact_detail(commit: str) -> None:
    assert find_contact_details(f"Built from commit {short_commit(commit)} on main") == []


def commit_whose_id_starts_with_digits(project: Path) -> str:
    """Commit ``project`` (a repository on main) with a message that makes the commit id start with 12
    decimal digits: about one message in 280 does; each is hashed here as git hashes a commit object."""
    git("add", "-A", cwd=project)
    tree = git("write-tree", cwd=project).strip()
    parent = git("rev-parse", "HEAD", cwd=project).strip()
    person = "Test <test@example.invalid> 1764590400 +0000"
    for number in itertools.count():
        body = f"tree {tree}\nparent {parent}\nauthor {person}\ncommitter {person}\n\nReviewed data {number}\n"
        data = body.encode()
        commit = hashlib.sha1(b"commit %d\0" % len(data) + data).hexdigest()
        if commit[:12].isdecimal():
            break
    written = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        input=data,
        cwd=project,
        capture_output=True,
        check=True,
    )
    assert written.stdout.decode().strip() == commit
    git("update-ref", "refs/heads/main", commit, cwd=project)
    return commit
