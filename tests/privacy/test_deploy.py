"""Deploy targets for real: a local release folder (atomic switch, keep N, rollback, a copy that
fails or is killed midway) and a bare git repository (one orphan commit per deploy)."""

from __future__ import annotations

import datetime as dt
import grp
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.dir_target import publish_dir, rollback_dir
from hiring_kb.publish.git_target import NOJEKYLL_NOTE, branch_history, publish_git
from hiring_kb.publish.publishing import NO_TARGET, deploy_project, plan_deploy
from hiring_kb.publish.releases import current_release, list_releases
from hiring_kb.sources.deploy_settings import DeployConfig
from tests.conftest import EXAMPLE_TODAY
from tests.privacy.conftest import commit_all

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def site_with(tmp_path: Path, name: str, marker: str) -> Path:
    """A tiny site whose index.html says ``marker``."""
    site = tmp_path / name
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text(f"<p>{marker}</p>")
    for n in range(20):
        (site / "assets" / f"file{n:02d}.txt").write_text(f"{marker} {n}")
    return site


def served(config: DeployConfig) -> str:
    """What a web server rooted at <path>/current would answer for /."""
    assert config.path is not None
    return (config.path / "current" / "index.html").read_text()


def test_dir_target_releases_keep_and_rollback(tmp_path: Path, srv: Path) -> None:
    config = DeployConfig("dir", path=srv / "published", keep=2)
    sites = [site_with(tmp_path, f"s{n}", f"release {n}") for n in range(3)]
    first = publish_dir(sites[0], config, at(0))
    assert first.name == "20261201T090000000000Z"
    assert os.readlink(config.path / "current") == "releases/20261201T090000000000Z"
    publish_dir(sites[1], config, at(1))
    publish_dir(sites[2], config, at(2))
    assert served(config) == "<p>release 2</p>"
    # keep=2: the oldest went away, the current one never does
    assert [(r.name, r.current) for r in list_releases(config)] == [
        ("20261201T090100000000Z", False),
        ("20261201T090200000000Z", True),
    ]
    assert rollback_dir(config) == ("20261201T090200000000Z", "20261201T090100000000Z")
    assert served(config) == "<p>release 1</p>"
    with pytest.raises(DeployError, match="is the oldest one kept"):
        rollback_dir(config)
    # a new deploy after a rollback becomes current; the release rolled away from is pruned first
    publish_dir(sites[0], config, at(3))
    assert served(config) == "<p>release 0</p>"
    assert current_release(config) == "20261201T090300000000Z"


def test_rollback_with_nothing_deployed_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DeployError, match="nothing is deployed"):
        rollback_dir(DeployConfig("dir", path=tmp_path / "empty"))


def test_a_failed_copy_leaves_the_previous_release_served(
    tmp_path: Path, srv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = DeployConfig("dir", path=srv / "published")
    publish_dir(site_with(tmp_path, "old", "old"), config, at(0))
    copied = []
    real_copy = shutil.copy2

    def failing_copy(src: str, dst: str, **kwargs: object) -> object:
        if len(copied) == 5:
            raise OSError(28, "No space left on device")
        copied.append(src)
        return real_copy(src, dst)

    monkeypatch.setattr(shutil, "copy2", failing_copy)
    with pytest.raises(DeployError, match=r"No space left on device.*|copying the site"):
        publish_dir(site_with(tmp_path, "new", "new"), config, at(1))
    assert served(config) == "<p>old</p>"
    assert [r.name for r in list_releases(config)] == ["20261201T090000000000Z"]
    assert list((config.path / "releases").glob(".*")) == []


KILLED_DEPLOY = """
import shutil, sys, time, datetime as dt
from pathlib import Path
from hiring_kb.sources.deploy_settings import DeployConfig
from hiring_kb.publish.dir_target import publish_dir
real_copy = shutil.copy2
count = 0
def slow_copy(src, dst, **kwargs):
    global count
    count += 1
    if count == 5:
        Path(sys.argv[3]).write_text("copying")
        time.sleep(60)  # killed here
    return real_copy(src, dst)
shutil.copy2 = slow_copy
when = dt.datetime(2026, 12, 1, 10, tzinfo=dt.timezone.utc)
publish_dir(Path(sys.argv[1]), DeployConfig("dir", path=Path(sys.argv[2])), when)
"""


def test_a_deploy_killed_midway_leaves_the_previous_release_served(tmp_path: Path, srv: Path) -> None:
    config = DeployConfig("dir", path=srv / "published")
    publish_dir(site_with(tmp_path, "old", "old"), config, at(0))
    signal_file = tmp_path / "copying"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_DEPLOY,
            str(site_with(tmp_path, "new", "new")),
            str(config.path),
            str(signal_file),
        ]
    )
    deadline = time.monotonic() + 30
    while not signal_file.exists():
        assert process.poll() is None, "the deploy ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert served(config) == "<p>old</p>"
    partial = list((config.path / "releases").glob(".*.partial"))
    # killed during the 5th of 21 files: 4 were copied
    assert len(partial) == 1 and len([p for p in partial[0].rglob("*") if p.is_file()]) == 4
    assert [r.name for r in list_releases(config)] == ["20261201T090000000000Z"]
    # the next deploy cleans up and goes through
    publish_dir(site_with(tmp_path, "newer", "newer"), config, at(2))
    assert served(config) == "<p>newer</p>"
    assert list((config.path / "releases").glob(".*")) == []


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_git_target_force_pushes_one_orphan_commit(tmp_path: Path) -> None:
    remote = tmp_path / "published.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    config = DeployConfig("git", remote=str(remote), publish_branch="site")
    publish_git(site_with(tmp_path, "a", "first"), config, "Publish 1")
    second = publish_git(site_with(tmp_path, "b", "second"), config, "Publish 2")
    assert branch_history(config) == [second]
    assert git("rev-parse", "site", cwd=remote).strip() == second
    assert git("log", "--format=%P|%an <%ae>|%s", "site", cwd=remote).strip() == (
        "|hiring-kb deploy <deploy@hiring-kb.invalid>|Publish 2"
    )
    assert git("show", "site:index.html", cwd=remote) == "<p>second</p>"
    assert ".nojekyll" in git("ls-tree", "--name-only", "site", cwd=remote).split()


def test_git_target_failure_is_a_clear_error(tmp_path: Path) -> None:
    config = DeployConfig("git", remote=str(tmp_path / "missing.git"), publish_branch="site")
    with pytest.raises(DeployError, match=r"^git push failed: "):
        publish_git(site_with(tmp_path, "a", "x"), config, "Publish")


# -- the pipeline -------------------------------------------------------------------------------


def configure(project: Path, deploy_yaml: str) -> None:
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(deploy_yaml)


def test_deploy_refuses_without_a_target(project: Path) -> None:
    with pytest.raises(DeployError) as refused:
        deploy_project(project, project / "mkdocs.yml", project / "site", say=lambda _: None)
    assert str(refused.value) == NO_TARGET
    assert not (project / "site").exists()


def test_deploy_dry_run_prints_the_plan(project: Path, srv: Path) -> None:
    configure(project, f"deploy:\n  target: dir\n  path: {srv}/published\n  keep: 3\n")
    commit = commit_all(project)
    published = srv / "published"
    assert plan_deploy(project, project / "site") == [
        f"1. check that only reviewed data is published (committed, on branch 'main'): ok: commit {commit[:12]} on 'main'",
        f"2. validate {project} as for a deploy (stop on any error, including candidates past retention)",
        f"3. build the site strictly into {project / 'site'} (stop on any warning)",
        f"4. audit {project / 'site'} for leaks (stop on any finding)",
        f"5. publish the site to folder {published} (releases/ + current symlink, keep 3):",
        f"   - copy the site to {published}/releases/<UTC timestamp>/ (folders 755, files 644); "
        "record the source commit beside it in <UTC timestamp>.json (not served)",
        f"   - switch {published}/current to it (atomic rename of a symlink)",
        f"   - check that 'www-data' can read {published}/current/index.html, else switch back",
        "   - keep all 1 releases (limit 3)",
    ]
    assert not published.exists()


def test_the_git_target_explains_itself_in_the_dry_run(project: Path, tmp_path: Path) -> None:
    configure(project, f"deploy:\n  target: git\n  remote: {tmp_path / 'site.git'}\n")
    commit_all(project)
    plan = plan_deploy(project, project / "site")
    assert plan[-3:] == [
        f"   - {NOJEKYLL_NOTE}",
        "   - commit the site as one parentless commit (the source commit goes into its message, not into a file)",
        f"   - force-push it to branch 'site' of {tmp_path / 'site.git'} (replaces its history)",
    ]
    assert "GitHub Pages" in NOJEKYLL_NOTE and "public to the world" in NOJEKYLL_NOTE


@pytest.mark.parametrize("path", [".", "published", "site/../out"])
def test_a_deploy_path_inside_the_project_is_refused(project: Path, path: str) -> None:
    configure(project, f"deploy:\n  target: dir\n  path: {path}\n")
    commit_all(project)
    inside = (project / path).resolve()
    expected = (
        f"deploy.path {inside} is inside the project {project.resolve()}: the published site would land in the "
        "repository (and in its commits). Use a folder outside it, e.g. /srv/hiring-wiki"
    )
    with pytest.raises(DeployError) as refused:
        plan_deploy(project, project / "site")
    assert str(refused.value) == expected
    with pytest.raises(DeployError) as refused:
        deploy_project(project, project / "mkdocs.yml", project / "site", lambda _: None, EXAMPLE_TODAY)
    assert str(refused.value) == expected
    assert not (project / "site").exists() and not (inside / "current").exists()


def test_deploy_publishes_only_what_passed_every_step(project: Path, srv: Path) -> None:
    configure(project, f"deploy:\n  target: dir\n  path: {srv}/published\n")
    commit = commit_all(project)
    published = srv / "published"
    messages: list[str] = []
    result = deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY, at(0))
    assert result.published == "20261201T090000000000Z"
    assert messages[0] == f"review: ok (commit {commit[:12]} on 'main')"
    assert messages[1] == "validate: ok (0 errors, 0 warnings)"
    assert messages[-1] == f"publish: release 20261201T090000000000Z is now current in {published}"
    assert (published / "current/candidates/c-7d3e91/index.html").is_file()
    # served as deployed: readable by the web server's user, no chmod needed
    assert stat.S_IMODE((published / "releases/20261201T090000000000Z").stat().st_mode) == 0o755
    assert stat.S_IMODE((published / "current/candidates/c-7d3e91/index.html").stat().st_mode) == 0o644
    # the source commit is recorded beside the release, outside what is served
    record = json.loads((published / "releases/20261201T090000000000Z.json").read_text())
    assert record == {
        "audience": "all",
        "branch": "main",
        "commit": commit,
        "dirty": False,
        "published": "2026-12-01T09:00:00+00:00",
    }
    assert commit not in "".join(
        p.read_text(errors="ignore") for p in (published / "current").rglob("*") if p.is_file()
    )

    # an email in a note: validation only warns (and deploy prints it), the audit refuses and names the note
    note = project / "candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nReach him at jb@example.org\n", encoding="utf-8")
    line = note.read_text(encoding="utf-8").count("\n")
    commit_all(project, "An email in a note")
    messages.clear()
    with pytest.raises(DeployError, match=r"^the leak audit found \d+ problem\(s\) in .*, nothing was published$"):
        deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY, at(1))
    assert messages[1].startswith(
        f"candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md:{line}:14: warning[contact-in-note]"
    ), messages[1]
    assert "error[contact-detail]: email address 'jb@example.org' is published" in messages[-1]
    assert f"it was written in candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md:{line})" in messages[-1]
    assert [r.name for r in list_releases(DeployConfig("dir", path=published))] == ["20261201T090000000000Z"]

    # invalid data: refused at validation
    note.write_text("---\ninterviewer: bea\n---\n", encoding="utf-8")
    commit_all(project, "A broken note")
    with pytest.raises(DeployError, match=r"^validation failed \(\d+ errors?, \d+ warnings?\), nothing was published$"):
        deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY, at(2))
    assert len(list_releases(DeployConfig("dir", path=published))) == 1


def test_a_release_the_web_server_cannot_read_is_switched_back(project: Path, tmp_path: Path, srv: Path) -> None:
    """pytest's own temp folder is 0700: www-data cannot enter it, so a deploy there must not go live."""
    private = tmp_path / "private-srv"
    configure(project, f"deploy:\n  target: dir\n  path: {private}\n")
    commit_all(project)
    blocked = next(p for p in [*reversed(tmp_path.parents), tmp_path] if not p.stat().st_mode & 0o001)
    with pytest.raises(DeployError) as refused:
        deploy_project(project, project / "mkdocs.yml", project / "site", lambda _: None, EXAMPLE_TODAY, at(0))
    assert str(refused.value).startswith(
        f"the web server's user 'www-data' cannot read {private}/current/index.html: it may not enter {blocked} "
        f"(mode {stat.filemode(blocked.stat().st_mode)}, owner uid {blocked.stat().st_uid}, gid {blocked.stat().st_gid}); "
        "removed the new 'current' link, nothing new is served."
    )
    assert not (private / "current").is_symlink() and list_releases(DeployConfig("dir", path=private)) == []
    # with an older release served, it stays served
    config = DeployConfig("dir", path=srv / "published", web_user="nobody")
    publish_dir(site_with(tmp_path, "old", "old"), config, at(0))
    (srv / "published").chmod(0o700)  # e.g. an admin tightened the folder by mistake
    with pytest.raises(DeployError, match="switched back to release 20261201T090000000000Z, nothing new is served"):
        publish_dir(site_with(tmp_path, "new", "new"), config, at(1))
    assert [r.name for r in list_releases(config)] == ["20261201T090000000000Z"]
    (srv / "published").chmod(0o755)
    assert served(config) == "<p>old</p>"


def test_deploy_group_gives_0750_and_0640_with_that_group(tmp_path: Path, srv: Path) -> None:
    config = DeployConfig("dir", path=srv / "published", group="www-data")
    release = publish_dir(site_with(tmp_path, "s", "grouped"), config, at(0))
    www = grp.getgrnam("www-data").gr_gid
    for path in [release.path, *release.path.rglob("*")]:
        info = path.stat()
        assert (stat.S_IMODE(info.st_mode), info.st_gid) == ((0o750, www) if path.is_dir() else (0o640, www)), path


def test_invalid_deploy_settings_are_diagnostics(project: Path) -> None:
    configure(project, "deploy:\n  target: ftp\n  path: x\n")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "deploy"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert (
        "hiring.yml:" in result.stderr
        and "error[invalid-value]: deploy.target is 'ftp', not one of: dir, git" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_invoke_deploy_and_rollback(project: Path, srv: Path) -> None:
    def invoke(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, check=False
        )

    refused = invoke("deploy")
    assert refused.returncode == 1
    assert refused.stderr.strip() == f"deploy refused: {NO_TARGET}"
    configure(project, f"deploy:\n  target: dir\n  path: {srv}/published\n")
    commit = commit_all(project)
    deployed = invoke("deploy")
    assert deployed.returncode == 0, deployed.stderr
    # off a terminal each step is one plain line (its message), then one summary line, on standard output
    assert "\nvalidate: ok (" in deployed.stdout and "\npublish: release " in deployed.stdout
    assert deployed.stderr == ""
    assert re.fullmatch(
        rf"deploy: published release \d{{8}}T\d{{12}}Z of commit {commit[:12]} to folder {srv}/published "
        r"\(releases/ \+ current symlink, keep 5\) in \d+\.\d s\n",
        deployed.stdout.splitlines(keepends=True)[-1],
    ), deployed.stdout
    # a second release of the same build (the pipeline itself is covered above)
    config = DeployConfig("dir", path=srv / "published")
    publish_dir(project / "site", config, dt.datetime.now(dt.timezone.utc), {"commit": "0" * 40, "branch": "main"})
    releases = sorted(p.name for p in (srv / "published/releases").iterdir() if p.is_dir())
    assert len(releases) == 2
    listed = invoke("releases")
    assert listed.returncode == 0, listed.stderr
    first_time = json.loads((srv / f"published/releases/{releases[0]}.json").read_text())["published"][:19]
    second_time = json.loads((srv / f"published/releases/{releases[1]}.json").read_text())["published"][:19]
    assert listed.stdout.splitlines() == [
        f"the site: folder {srv}/published (releases/ + current symlink, keep 5)",
        f"  {releases[0]}  {first_time.replace('T', ' ')} UTC  commit {commit[:12]} on main",
        f"  {releases[1]}  {second_time.replace('T', ' ')} UTC  commit 000000000000 on main  current",
    ]
    back = invoke("rollback")
    assert back.returncode == 0
    assert back.stdout.strip() == f"rolled back: release {releases[0]} is current again (was {releases[1]})"
    again = invoke("rollback")
    assert again.returncode == 1 and again.stderr.startswith("rollback refused: release ")


def test_the_old_git_branch_key_is_explained(project: Path, tmp_path: Path) -> None:
    configure(project, f"deploy:\n  target: git\n  remote: {tmp_path / 'site.git'}\n  branch: site\n")
    commit_all(project)
    with pytest.raises(DeployError) as refused:
        plan_deploy(project, project / "site")
    assert str(refused.value).endswith("In hiring.yml, rename branch: to publish_branch:")


def test_the_summary_line_says_what_was_published_from_which_commit(tmp_path: Path) -> None:
    from hiring_kb.publish.publishing import DeployResult

    source = "3f2a9c1e7b40" + "0" * 28
    folder = DeployResult(DeployConfig("dir", path=tmp_path / "w"), "20261201T090000000000Z", (), source)
    assert folder.summary() == (
        f"published release 20261201T090000000000Z of commit 3f2a9c1e7b40 to folder {tmp_path / 'w'} "
        "(releases/ + current symlink, keep 5)"
    )
    branch = DeployResult(DeployConfig("git", remote="/r.git"), "a" * 40, (), source)
    assert branch.summary() == (
        "published site commit aaaaaaaaaaaa (built from commit 3f2a9c1e7b40) to branch 'site' of /r.git "
        "(one orphan commit, force-pushed)"
    )
