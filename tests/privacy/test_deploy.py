"""Deploy targets for real: a local release folder (atomic switch, keep N, rollback, a copy that
fails or is killed midway) and a bare git repository (one orphan commit per deploy)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hiring_kb.deploy import (
    DeployConfig,
    DeployError,
    branch_history,
    current_release,
    list_releases,
    publish_dir,
    publish_git,
    rollback_dir,
)
from hiring_kb.publishing import NO_TARGET, deploy_project, plan_deploy
from tests.conftest import EXAMPLE_TODAY

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


def test_dir_target_releases_keep_and_rollback(tmp_path: Path) -> None:
    config = DeployConfig("dir", path=tmp_path / "published", keep=2)
    sites = [site_with(tmp_path, f"s{n}", f"release {n}") for n in range(3)]
    first = publish_dir(sites[0], config, at(0))
    assert first.name == "20261201T090000000000Z"
    assert os.readlink(config.path / "current") == "releases/20261201T090000000000Z"  # type: ignore[operator]
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


def test_a_failed_copy_leaves_the_previous_release_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = DeployConfig("dir", path=tmp_path / "published")
    publish_dir(site_with(tmp_path, "old", "old"), config, at(0))
    copied = []
    real_copy = shutil.copy2

    def failing_copy(src: str, dst: str, **kwargs: object) -> object:
        if len(copied) == 5:
            raise OSError(28, "No space left on device")
        copied.append(src)
        return real_copy(src, dst)

    monkeypatch.setattr(shutil, "copy2", failing_copy)
    with pytest.raises(DeployError, match="No space left on device.*|copying the site"):
        publish_dir(site_with(tmp_path, "new", "new"), config, at(1))
    assert served(config) == "<p>old</p>"
    assert [r.name for r in list_releases(config)] == ["20261201T090000000000Z"]
    assert list((config.path / "releases").glob(".*")) == []  # type: ignore[operator]


KILLED_DEPLOY = """
import shutil, sys, time, datetime as dt
from pathlib import Path
from hiring_kb.deploy import DeployConfig, publish_dir
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
publish_dir(Path(sys.argv[1]), DeployConfig("dir", path=Path(sys.argv[2])), dt.datetime(2026, 12, 1, 10, tzinfo=dt.timezone.utc))
"""


def test_a_deploy_killed_midway_leaves_the_previous_release_served(tmp_path: Path) -> None:
    config = DeployConfig("dir", path=tmp_path / "published")
    publish_dir(site_with(tmp_path, "old", "old"), config, at(0))
    signal_file = tmp_path / "copying"
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_DEPLOY, str(site_with(tmp_path, "new", "new")), str(config.path), str(signal_file)]
    )
    deadline = time.monotonic() + 30
    while not signal_file.exists():
        assert process.poll() is None, "the deploy ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert served(config) == "<p>old</p>"
    partial = list((config.path / "releases").glob(".*.partial"))  # type: ignore[operator]
    # killed during the 5th of 21 files: 4 were copied
    assert len(partial) == 1 and len([p for p in partial[0].rglob("*") if p.is_file()]) == 4
    assert [r.name for r in list_releases(config)] == ["20261201T090000000000Z"]
    # the next deploy cleans up and goes through
    publish_dir(site_with(tmp_path, "newer", "newer"), config, at(2))
    assert served(config) == "<p>newer</p>"
    assert list((config.path / "releases").glob(".*")) == []  # type: ignore[operator]


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def test_git_target_force_pushes_one_orphan_commit(tmp_path: Path) -> None:
    remote = tmp_path / "published.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    config = DeployConfig("git", remote=str(remote), branch="site")
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
    config = DeployConfig("git", remote=str(tmp_path / "missing.git"), branch="site")
    with pytest.raises(DeployError, match="^git push failed: "):
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


def test_deploy_dry_run_prints_the_plan(project: Path) -> None:
    configure(project, "deploy:\n  target: dir\n  path: ../published\n  keep: 3\n")
    published = (project.parent / "published").resolve()
    assert plan_deploy(project, project / "site") == [
        f"1. validate {project} (stop on any error)",
        f"2. build the site strictly into {project / 'site'} (stop on any warning)",
        f"3. audit {project / 'site'} for leaks (stop on any finding)",
        f"4. publish to folder {published} (releases/ + current symlink, keep 3):",
        f"   - copy the site to {published}/releases/<UTC timestamp>/",
        f"   - switch {published}/current to it (atomic rename of a symlink)",
        "   - keep all 1 releases (limit 3)",
    ]
    assert not published.exists()


def test_deploy_publishes_only_what_passed_every_step(project: Path) -> None:
    configure(project, "deploy:\n  target: dir\n  path: ../published\n")
    published = project.parent / "published"
    messages: list[str] = []
    result = deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY, at(0))
    assert result.published == "20261201T090000000000Z"
    assert messages[0] == "validate: ok (0 errors, 0 warnings)"
    assert messages[-1] == f"publish: release 20261201T090000000000Z is now current in {published.resolve()}"
    assert (published / "current/candidates/c-7d3e91/index.html").is_file()

    # an email in a note: validation only warns, the audit refuses, nothing new is published
    note = project / "candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nReach him at jb@example.org\n", encoding="utf-8")
    messages.clear()
    with pytest.raises(DeployError, match=r"^the leak audit found \d+ problem\(s\) in .*, nothing was published$"):
        deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY, at(1))
    assert "error[contact-detail]: email address 'jb@example.org' is published" in messages[-1]
    assert [r.name for r in list_releases(DeployConfig("dir", path=published.resolve()))] == ["20261201T090000000000Z"]

    # invalid data: refused at validation
    note.write_text("---\ninterviewer: bea\n---\n", encoding="utf-8")
    with pytest.raises(DeployError, match=r"^validation failed \(\d+ errors?, \d+ warnings?\), nothing was published$"):
        deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY, at(2))
    assert len(list_releases(DeployConfig("dir", path=published.resolve()))) == 1


def test_invalid_deploy_settings_are_diagnostics(project: Path) -> None:
    configure(project, "deploy:\n  target: ftp\n  path: x\n")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "deploy"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "hiring.yml:" in result.stderr and "error[invalid-value]: deploy.target is 'ftp', not one of: dir, git" in result.stderr
    assert "Traceback" not in result.stderr


def test_invoke_deploy_and_rollback(project: Path) -> None:
    def invoke(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, check=False)

    refused = invoke("deploy")
    assert refused.returncode == 1
    assert refused.stderr.strip() == f"deploy refused: {NO_TARGET}"
    configure(project, "deploy:\n  target: dir\n  path: published\n")
    deployed = invoke("deploy")
    assert deployed.returncode == 0, deployed.stderr
    assert deployed.stdout.splitlines()[-1].startswith("publish: release ")
    # a second release of the same build (the pipeline itself is covered above)
    publish_dir(project / "site", DeployConfig("dir", path=(project / "published").resolve()), dt.datetime.now(dt.timezone.utc))
    releases = sorted(p.name for p in (project / "published/releases").iterdir())
    assert len(releases) == 2
    back = invoke("rollback")
    assert back.returncode == 0
    assert back.stdout.strip() == f"rolled back: release {releases[0]} is current again (was {releases[1]})"
    again = invoke("rollback")
    assert again.returncode == 1 and again.stderr.startswith("rollback refused: release ")
