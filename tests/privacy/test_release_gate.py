"""Only reviewed data is published: deploy refuses uncommitted, untracked or ignored files in the
data folders, docs/, mkdocs.yml and hiring.yml, and any branch but deploy.branch; --allow-dirty
publishes anyway and says so. Real git in temporary repositories."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.publishing import deploy_project, load_checked_settings
from hiring_kb.publish.release_gate import source_state
from tests.conftest import EXAMPLE_TODAY
from tests.privacy.conftest import commit_all, git, source_date_epoch


@pytest.fixture
def repo(project: Path, srv: Path) -> Path:
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {srv}/published\n")
    commit_all(project)
    return project


def problems(project: Path, branch: str = "main") -> tuple[str, ...]:
    return source_state(load_checked_settings(project), branch).problems


def refused(project: Path) -> str:
    with pytest.raises(DeployError) as error:
        deploy_project(project, project / "mkdocs.yml", project / "site", lambda _: None, EXAMPLE_TODAY)
    return str(error.value)


def test_a_clean_main_is_reviewed(repo: Path) -> None:
    assert problems(repo) == ()


def test_untracked_and_uncommitted_data_is_refused_and_nothing_published(repo: Path, srv: Path) -> None:
    new = repo / "candidates/c-123abc"
    new.mkdir()
    (new / "candidate.yml").write_text("name: Pia Lund\nrole: qa-engineer\nstage: screen\nstatus: active\n")
    note = repo / "candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n- one more line\n", encoding="utf-8")
    (repo / "docs/extra.md").write_text("# Extra\n")
    (repo / ".gitignore").write_text("site/\n.cache/\ncandidates/c-hidden*/\n")
    git("add", ".gitignore", cwd=repo)
    git("commit", "-q", "-m", "ignore", cwd=repo)
    (repo / "candidates/c-hidden1").mkdir()
    (repo / "candidates/c-hidden1/candidate.yml").write_text("name: X\n")
    message = refused(repo)
    assert message == (
        "only reviewed data is published, and this is not, nothing was published:\n"
        "  - files that are not reviewed: candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md (not committed), "
        "candidates/c-123abc/candidate.yml (untracked), docs/extra.md (untracked), "
        "candidates/c-hidden1/candidate.yml (ignored by git) — commit them through a pull request (or remove them)\n"
        "(to publish anyway, e.g. a first test deploy: invoke deploy --allow-dirty)"
    )
    assert not (srv / "published").exists() and not (repo / "site").exists()


def test_changes_outside_the_published_files_do_not_matter(repo: Path) -> None:
    (repo / "scratch.txt").write_text("my own notes\n")
    (repo / "tasks.py").write_text((repo / "tasks.py").read_text() + "\n# local tweak\n")
    assert problems(repo) == ()


@pytest.mark.parametrize("path", ["mkdocs.yml", "hiring.yml", "roles/qa-engineer.yml"])
def test_uncommitted_settings_and_roles_are_refused(repo: Path, path: str) -> None:
    (repo / path).write_text((repo / path).read_text() + "\n# changed\n")
    assert problems(repo) == (
        f"files that are not reviewed: {path} (not committed) — commit them through a pull request (or remove them)",
    )


def test_another_branch_or_a_detached_head_is_refused(repo: Path) -> None:
    git("switch", "-q", "-c", "scorecard-c-7d3e91", cwd=repo)
    assert problems(repo) == (
        "HEAD is on branch 'scorecard-c-7d3e91', not 'main' (deploy.branch): merge the pull request, then deploy from 'main'",
    )
    assert "HEAD is on branch 'scorecard-c-7d3e91'" in refused(repo)
    git("switch", "-q", "--detach", "main", cwd=repo)
    commit = git("rev-parse", "HEAD", cwd=repo).strip()
    assert problems(repo) == (f"HEAD is not on a branch (detached at {commit[:12]}): check out 'main'",)
    # deploy.branch names another reviewed branch
    git("switch", "-q", "-c", "release", cwd=repo)
    assert problems(repo, "release") == ()


def test_unpushed_commits_are_not_reviewed(repo: Path, tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git("init", "-q", "--bare", str(origin), cwd=tmp_path)
    git("remote", "add", "origin", str(origin), cwd=repo)
    git("push", "-q", "-u", "origin", "main", cwd=repo)
    assert problems(repo) == ()
    (repo / "roles/qa-engineer.yml").write_text((repo / "roles/qa-engineer.yml").read_text() + "\n# direct\n")
    commit_all(repo, "Committed straight to main")
    assert problems(repo) == (
        "branch 'main' has 1 commit(s) its upstream does not: push them and let them be reviewed",
    )


def test_not_a_repository_is_refused(project: Path, srv: Path) -> None:
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {srv}/published\n")
    assert refused(project).splitlines()[1] == (
        f"  - {project.resolve()} is not a git repository, so nothing shows this is reviewed data"
    )


def test_invoke_deploy_allow_dirty_publishes_and_says_so(repo: Path, srv: Path) -> None:
    git("switch", "-q", "-c", "try-out", cwd=repo)
    (repo / "docs/extra.md").write_text("# Extra\n")
    env = {"SOURCE_DATE_EPOCH": source_date_epoch(), "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}

    def invoke(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "invoke", *args], cwd=repo, env=env, capture_output=True, text=True, check=False
        )

    plan = invoke("deploy", "--dry-run")
    assert plan.returncode == 0
    assert plan.stdout.splitlines()[0].startswith(
        "1. check that only reviewed data is published (committed, on branch 'main'): refuse now, because: "
        "HEAD is on branch 'try-out'"
    )
    no = invoke("deploy")
    assert no.returncode == 1 and no.stderr.startswith("deploy refused: only reviewed data is published")
    assert not (srv / "published").exists()
    yes = invoke("deploy", "--allow-dirty")
    assert yes.returncode == 0, yes.stderr
    lines = yes.stdout.splitlines()
    assert lines[:2] == [
        "warning: --allow-dirty: publishing data that is not reviewed: HEAD is on branch 'try-out', not 'main' "
        "(deploy.branch): merge the pull request, then deploy from 'main'",
        "warning: --allow-dirty: publishing data that is not reviewed: files that are not reviewed: docs/extra.md "
        "(untracked) — commit them through a pull request (or remove them)",
    ]
    assert (srv / "published/current/extra/index.html").is_file()
    listed = invoke("releases")
    assert listed.stdout.splitlines()[1].endswith("on try-out (not reviewed)  current")


# -- what a pull request can slip past a list of paths ------------------------------------------


def test_a_committed_link_to_an_ignored_folder_is_checked_where_it_points(repo: Path) -> None:
    (repo / ".gitignore").write_text("site/\n.cache/\nscratch/\n")
    (repo / "scratch/c-abcdef").mkdir(parents=True)
    (repo / "candidates/c-abcdef").symlink_to("../scratch/c-abcdef")
    commit_all(repo, "a link")
    (repo / "scratch/c-abcdef/candidate.yml").write_text("name: Unreviewed\n")
    assert problems(repo) == (
        "files that are not reviewed: scratch/c-abcdef/candidate.yml (ignored by git) — commit them through a pull "
        "request (or remove them)",
    )


def test_a_config_inherited_from_an_ignored_file_is_checked(repo: Path) -> None:
    (repo / ".gitignore").write_text("site/\n.cache/\nlocal/\n")
    (repo / "local").mkdir()
    (repo / "local/base.yml").write_text("copyright: Unreviewed\n")
    config = repo / "mkdocs.yml"
    config.write_text("INHERIT: local/base.yml\n" + config.read_text(encoding="utf-8"))
    commit_all(repo, "inherit")
    assert problems(repo) == (
        "files that are not reviewed: local/base.yml (ignored by git) — commit them through a pull request "
        "(or remove them)",
    )


def test_files_git_was_told_to_skip_are_refused(repo: Path) -> None:
    note = "candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md"
    git("update-index", "--skip-worktree", note, cwd=repo)
    (repo / note).write_text((repo / note).read_text(encoding="utf-8") + "\n- hidden edit\n", encoding="utf-8")
    assert problems(repo) == (
        f"git is told to ignore changes to {note} (git update-index --no-skip-worktree --no-assume-unchanged "
        f"{note}): its content is not the reviewed one",
    )


def test_a_nested_repository_in_the_data_is_refused(repo: Path) -> None:
    head = git("rev-parse", "HEAD", cwd=repo).strip()
    git("update-index", "--add", "--cacheinfo", f"160000,{head},candidates/c-0c0c0c", cwd=repo)
    git("commit", "-q", "-m", "nested", cwd=repo)
    assert "candidates/c-0c0c0c is another git repository inside the data: its files are never reviewed here" in (
        problems(repo)
    )


def test_a_branch_without_upstream_in_a_repository_with_a_remote_is_refused(repo: Path, tmp_path: Path) -> None:
    git("init", "-q", "--bare", str(tmp_path / "origin.git"), cwd=tmp_path)
    git("remote", "add", "origin", str(tmp_path / "origin.git"), cwd=repo)
    assert problems(repo) == (
        "branch 'main' has no upstream branch, so nothing shows its commits were reviewed: "
        "git branch --set-upstream-to=origin/main",
    )
    git("push", "-q", "-u", "origin", "main", cwd=repo)
    assert problems(repo) == ()
