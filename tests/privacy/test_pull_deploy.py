"""The pull-based server (``invoke deploy --from-remote``) with real git: a bare repository stands in
for the forge, a clone for the web server's checkout; publish twice, refuse a force-push, roll back
once (and stay rolled back), purge once."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.publishing import load_checked_settings, rollback_all
from hiring_kb.publish.pull_deploy import deploy_from_remote
from hiring_kb.publish.purge import purge_candidate
from hiring_kb.publish.releases import list_releases
from hiring_kb.publish.trace_search import find_in_tree
from hiring_kb.sources.deploy_settings import DeployConfig
from tests.conftest import EXAMPLE_TODAY
from tests.privacy.conftest import commit_all, git

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
CID, NAME = "c-2b8f40", "Lena Kowalczyk"  # an example candidate no other file mentions


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def pull(server: Path, minutes: int, **options: str) -> str:
    return deploy_from_remote(
        server,
        server / "mkdocs.yml",
        server / "site",
        lambda _: None,
        EXAMPLE_TODAY,
        at(minutes),
        accept_rewrite=options.get("accept"),
    )


def merge(project: Path, message: str, line: str) -> str:
    """A reviewed change merged on the forge: a scorecard line, committed and pushed to main."""
    note = project / "candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md"
    note.write_text(note.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    commit = commit_all(project, message)
    git("push", "-q", "origin", "main", cwd=project)
    return commit


def test_pull_publish_twice_refuse_a_force_push_roll_back_and_purge(project: Path, tmp_path: Path, srv: Path) -> None:
    published = srv / "published"
    forge = tmp_path / "forge.git"
    git("init", "-q", "--bare", "-b", "main", str(forge), cwd=tmp_path)
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {published}\n")
    first = commit_all(project)
    git("remote", "add", "origin", str(forge), cwd=project)
    git("push", "-q", "-u", "origin", "main", cwd=project)
    server = tmp_path / "server"
    git("clone", "-q", str(forge), str(server), cwd=tmp_path)
    config = DeployConfig("dir", path=published)

    # first publish, then nothing new
    assert pull(server, 0) == (
        f"published release 20261201T090000000000Z of commit {first[:12]} to folder {published} "
        "(releases/ + current symlink, keep 5)"
    )
    assert f"Built from commit {first[:12]} on main" in (published / "current/index.html").read_text()
    run = subprocess.run([sys.executable, "-m", "invoke", "deploy", "--from-remote"], cwd=server, capture_output=True,
                         text=True, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert re.fullmatch(
        rf"deploy: up to date: commit {first[:12]} of 'main' is the newest release, nothing to publish in \d+\.\d s",
        run.stdout.splitlines()[-1],
    ), run.stdout

    # a second merge is published
    second = merge(project, "Second scorecard line", "Follow-up: strong on incident review.")
    assert pull(server, 1).startswith(f"published release 20261201T090100000000Z of commit {second[:12]} ")
    assert f"Built from commit {second[:12]} on main" in (published / "current/index.html").read_text()

    # a force-push that rewrites main is refused before anything changes on the server
    git("reset", "-q", "--hard", first, cwd=project)
    note = project / "candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nUnreviewed line.\n", encoding="utf-8")
    rewritten = commit_all(project, "Rewritten history")
    git("push", "-q", "--force", "origin", "main", cwd=project)
    with pytest.raises(DeployError) as refused:
        pull(server, 2)
    assert str(refused.value) == (
        f"'main' of origin is at commit {rewritten[:12]}, which does not contain the live commit {second[:12]}: its "
        "history was rewritten (a force-push), so it may hold changes nobody reviewed. Nothing was published. Find out "
        "on the forge who rewrote 'main' and why; if it was intended (e.g. git filter-repo after a purge), publish it "
        f"once with: invoke deploy --from-remote --accept-rewrite {rewritten[:12]}"
    )
    with pytest.raises(DeployError, match=r"^--accept-rewrite 1234567 is not the commit 'main' of origin is at now"):
        pull(server, 2, accept="1234567")
    assert [r.name for r in list_releases(config)] == ["20261201T090000000000Z", "20261201T090100000000Z"]
    assert git("rev-parse", "HEAD", cwd=server).strip() == second
    # the admin puts the reviewed history back on the forge
    git("push", "-q", "--force", "origin", f"{second}:refs/heads/main", cwd=project)
    git("reset", "-q", "--hard", second, cwd=project)

    # roll back once; the next timer run sees nothing new and leaves the rollback in place
    done = rollback_all(load_checked_settings(server))
    assert [(was, now) for _, was, now in done] == [("20261201T090100000000Z", "20261201T090000000000Z")]
    assert pull(server, 3) == (f"up to date: commit {second[:12]} of 'main' is the newest release, nothing to publish")
    assert [(r.name, r.current) for r in list_releases(config)] == [
        ("20261201T090000000000Z", True),
        ("20261201T090100000000Z", False),
    ]

    # purge once on the server: erased from every release at once; the deletion then goes through review
    report = purge_candidate(server, server / "mkdocs.yml", server / "site", CID, lambda _: None, today=EXAMPLE_TODAY,
                             now=at(5))  # fmt: skip
    assert sorted(report.releases) == ["20261201T090000000000Z", "20261201T090100000000Z"]
    assert find_in_tree(published, [NAME, CID]) == []
    assert pull(server, 6).startswith("up to date: ")  # the forge still has the candidate: nothing is republished
    git("switch", "-q", "-c", "purge-2026-12-01", cwd=server)
    git("add", "-A", cwd=server)
    git("commit", "-q", "--no-gpg-sign", "-m", "Purge a candidate past retention", cwd=server)
    git("push", "-q", "origin", "purge-2026-12-01", cwd=server)
    git("pull", "-q", "--ff-only", "origin", "purge-2026-12-01", cwd=project)  # the pull request, merged
    git("push", "-q", "origin", "main", cwd=project)
    merged = git("rev-parse", "HEAD", cwd=project).strip()
    assert pull(server, 7).startswith(f"published release 20261201T090700000000Z of commit {merged[:12]} ")
    assert git("symbolic-ref", "--short", "HEAD", cwd=server).strip() == "main"
    assert [r.name for r in list_releases(config)] == ["20261201T090500000000Z", "20261201T090700000000Z"]
    assert find_in_tree(published, [NAME, CID]) == []
