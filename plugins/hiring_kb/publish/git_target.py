"""``target: git``: one parentless commit per deploy, force-pushed to a branch of a remote.

Holds :class:`GitTarget` and what it runs: :func:`publish_git`, reading the published branch
back (:func:`branch_history`, the newest commit's message) and pruning a local remote's
unreachable objects after a purge (:func:`collect_garbage`). The branch never has history, so a
removed candidate is in no reachable commit. Searching the branch's objects for a candidate is in
:mod:`hiring_kb.publish.trace_search`. Errors are :class:`~hiring_kb.publish.deploy.DeployError`.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.git_runner import run_git
from hiring_kb.publish.releases import Release
from hiring_kb.publish.targets import Published, PurgeOutcome, Target
from hiring_kb.publish.trace_search import find_in_all_objects, find_in_git_branch
from hiring_kb.sources.deploy_settings import DeployConfig, _is_local_path

#: Commit identity of deploy commits: no person's name or address goes into the published branch.
COMMIT_IDENTITY = ("hiring-kb deploy", "deploy@hiring-kb.invalid")

#: Why the git target writes ``.nojekyll``, and what that means for privacy (shown in the dry run).
NOJEKYLL_NOTE = (
    "add an empty .nojekyll file: GitHub Pages then serves the files as built instead of running Jekyll "
    "over them. Only GitHub Pages with private visibility (GitHub Enterprise Cloud) keeps the site to signed-in "
    "members; any other GitHub Pages site is public to the world, every note included (docs/publishing.md)"
)


class GitTarget(Target):
    """``target: git``: one orphan commit per deploy, force-pushed (:func:`publish_git`)."""

    def publish(self, site_dir: Path, now: dt.datetime | None, record: Mapping[str, Any]) -> Published:
        stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d %H:%M:%S UTC")
        commit = publish_git(site_dir, self.config, f"Publish hiring wiki ({stamp})", record)
        return Published(
            commit,
            f"publish: commit {commit[:12]} force-pushed to '{self.config.publish_branch}' of {self.config.remote}",
        )

    def rollback(self) -> tuple[str, str]:
        raise DeployError(
            "this needs a 'dir' deploy target (deploy: target: dir, path: ...): the git target keeps no older "
            "release (one orphan commit); to go back, revert the merge in the repository and deploy"
        )

    def releases(self) -> list[Release]:
        return []

    def plan(self) -> list[str]:
        return plan_lines(self.config)

    def release_lines(self) -> list[str]:
        return [
            "  one orphan commit per deploy: the source commit is in its message "
            f"(git log {self.config.publish_branch} on the remote)"
        ]

    def last_published_commit(self) -> str | None:
        """The ``commit:`` line of the published branch's commit message (:func:`publish_git`)."""
        history = branch_history(self.config)
        if not history:
            return None
        message = _published_message(self.config)
        found = re.search(r"^commit: ([0-9a-f]{40})$", message, re.MULTILINE)
        return found.group(1) if found else None

    def releases_holding(self, needles: Iterable[str]) -> tuple[list[str], list[str]]:
        return [], []

    def purge(self, needles: list[str], remove: bool) -> PurgeOutcome:
        config = self.config
        outcome = PurgeOutcome()
        outcome.leftovers = [f"{config.remote} {hit}" for hit in find_in_git_branch(config, needles)]
        outcome.checked.append(f"every object reachable from branch '{config.publish_branch}' of {config.remote}")
        if is_local_repository(config.remote):
            if remove:
                collect_garbage(str(config.remote))
            outcome.leftovers += [
                f"{config.remote} {hit}" for hit in find_in_all_objects(Path(str(config.remote)), needles)
            ]
            outcome.checked.append(
                f"every object of {config.remote}" + (" (after pruning unreachable ones)" if remove else "")
            )
        return outcome

    def unreachable(self) -> list[str]:
        if is_local_repository(self.config.remote):
            return []
        return [
            f"unreachable objects on {self.config.remote}: the old commit is no longer on the branch, "
            "but the host keeps it until its own garbage collection (ask the host to run it)"
        ]


def publish_git(site_dir: Path, config: DeployConfig, message: str, record: Mapping[str, Any] | None = None) -> str:
    """Commit ``site_dir`` as a single parentless commit and force-push it to the branch.

    ``record`` (what the site was built from, e.g. the source commit) goes into the commit
    message as ``key: value`` lines, not into the published files. Writes ``.nojekyll`` (see
    :data:`NOJEKYLL_NOTE`). Returns the commit id. Raises DeployError when git fails (the
    remote branch is then unchanged: a push updates the ref at once or not at all).
    """
    if record:
        message += "\n\n" + "\n".join(f"{key}: {value}" for key, value in sorted(record.items()))
    if config.target != "git" or not config.remote:
        raise DeployError("this needs a 'git' deploy target (deploy: target: git, remote: ...)")
    with tempfile.TemporaryDirectory(prefix="hiring-deploy-") as work:
        repo = Path(work) / "repo"
        shutil.copytree(site_dir, repo)
        run_git("init", "-q", cwd=repo)
        (repo / ".nojekyll").touch()  # NOJEKYLL_NOTE
        run_git("add", "-A", cwd=repo)
        name, email = COMMIT_IDENTITY
        run_git(
            "-c", f"user.name={name}", "-c", f"user.email={email}",
            "commit", "-q", "--no-gpg-sign", "-m", message,
            cwd=repo,
        )  # fmt: skip
        commit = run_git("rev-parse", "HEAD", cwd=repo).strip()
        run_git("push", "-q", "--force", config.remote, f"HEAD:refs/heads/{config.publish_branch}", cwd=repo)
    return commit


def branch_history(config: DeployConfig) -> list[str]:
    """Commit ids on the remote branch, newest first (empty when the branch does not exist)."""
    with tempfile.TemporaryDirectory(prefix="hiring-check-") as work:
        run_git("init", "-q", "--bare", work)
        try:
            run_git(
                "fetch",
                "-q",
                config.remote or "",
                f"refs/heads/{config.publish_branch}:refs/heads/{config.publish_branch}",
                cwd=Path(work),
            )
        except DeployError:
            return []
        return run_git("rev-list", config.publish_branch, cwd=Path(work)).split()


def _published_message(config: DeployConfig) -> str:
    """The message of the newest commit of the git target's branch ('' when it cannot be read)."""
    with tempfile.TemporaryDirectory(prefix="hiring-check-") as work:
        run_git("init", "-q", "--bare", work)
        branch = config.publish_branch
        try:
            run_git("fetch", "-q", config.remote or "", f"refs/heads/{branch}:refs/heads/{branch}", cwd=Path(work))
            return run_git("log", "-1", "--format=%B", branch, cwd=Path(work))
        except DeployError:
            return ""


def is_local_repository(remote: str | None) -> bool:
    """True when the git remote is a path on this machine (so its objects can be inspected)."""
    if not remote:
        return False
    return _is_local_path(remote) and Path(remote).exists()


def collect_garbage(remote: str) -> None:
    """Drop unreachable objects of a local bare repository (after a force-push removed history)."""
    run_git("reflog", "expire", "--expire=now", "--all", cwd=Path(remote))
    run_git("gc", "-q", "--prune=now", cwd=Path(remote))


def plan_lines(config: DeployConfig) -> list[str]:
    """What :func:`publish_git` would do now, one line per step (the dry run)."""
    return [
        NOJEKYLL_NOTE,
        "commit the site as one parentless commit (the source commit goes into its message, not into a file)",
        f"force-push it to branch '{config.publish_branch}' of {config.remote} (replaces its history)",
    ]
