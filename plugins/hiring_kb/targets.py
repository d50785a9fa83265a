"""One interface for every deploy target: publish, roll back, list releases, purge, describe.

``deploy:`` in hiring.yml names the target (:class:`hiring_kb.deploy.DeployConfig`);
:func:`target_for` returns the object that does the work, so the pipeline
(:mod:`hiring_kb.publishing`), purge (:mod:`hiring_kb.purge`) and the pull-based server
(:mod:`hiring_kb.pull_deploy`) never branch on the target's name:

- :class:`DirTarget`: a folder on this machine (``releases/<UTC time>/``, ``current`` symlink);
- :class:`~hiring_kb.rsync_target.RsyncTarget`: the same folder layout on a web server, over ssh;
- :class:`GitTarget`: one orphan commit per deploy, force-pushed to a branch.

Errors are :class:`~hiring_kb.deploy.DeployError` with a message for the person deploying.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .deploy import (
    DeployConfig,
    DeployError,
    Release,
    _git,
    branch_history,
    collect_garbage,
    find_in_all_objects,
    find_in_git_branch,
    find_in_tree,
    is_local_repository,
    list_releases,
    plan_lines,
    publish_dir,
    publish_git,
    remove_releases_containing,
    rollback_dir,
)


@dataclass(frozen=True)
class Published:
    """One publish: ``name`` (release name, or commit id for git) and the line to show."""

    name: str
    message: str


@dataclass
class PurgeOutcome:
    """What a purge of the target found and did: ``leftovers`` (places still holding the
    candidate), ``removed`` (release names deleted), ``checked`` (what was searched)."""

    leftovers: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


class Target(ABC):
    """A place a built, audited site is published to; ``config`` is its ``deploy:`` settings."""

    def __init__(self, config: DeployConfig) -> None:
        self.config = config

    def describe(self) -> str:
        """Where this target publishes, in one line."""
        return self.config.describe()

    @abstractmethod
    def publish(self, site_dir: Path, now: dt.datetime | None, record: Mapping[str, Any]) -> Published:
        """Publish ``site_dir`` so readers switch to it at once; ``record`` (source commit, branch,
        audience) is kept beside it, never in the served files. Raises DeployError; the
        previously served site is then still served."""

    @abstractmethod
    def rollback(self) -> tuple[str, str]:
        """Serve the release before the current one again; return ``(from, to)`` release names."""

    @abstractmethod
    def releases(self) -> list[Release]:
        """Releases kept for rollback, oldest first (empty for targets that keep none)."""

    @abstractmethod
    def plan(self) -> list[str]:
        """What :meth:`publish` would do now, one line per step (the dry run)."""

    @abstractmethod
    def releases_holding(self, needles: Iterable[str]) -> tuple[list[str], list[str]]:
        """Purge's dry run: ``(release names holding a needle, release names that stay)``."""

    @abstractmethod
    def purge(self, needles: list[str], remove: bool) -> PurgeOutcome:
        """Search the target for the needles; with ``remove``, first delete what can be deleted
        (non-current releases holding them; a local git remote's unreachable objects)."""

    def release_lines(self) -> list[str]:
        """``invoke releases`` lines for this target (without the heading):
        ``<release>  <published, UTC>  commit <12 hex> on <branch>[ (not reviewed)]  [current]``."""
        releases = self.releases()
        if not releases:
            return ["  nothing deployed yet"]
        lines = []
        for release in releases:
            record = release.record
            when = str(record.get("published", "?"))[:19].replace("T", " ")
            commit = str(record.get("commit", "unknown"))[:12]
            source = f"commit {commit} on {record.get('branch', '?')}" + (
                " (not reviewed)" if record.get("dirty") else ""
            )
            lines.append(f"  {release.name}  {when} UTC  {source}" + ("  current" if release.current else ""))
        return lines

    def last_published_commit(self) -> str | None:
        """The source commit of the newest release (even when an older one was rolled back to),
        or None before the first deploy or when the newest release has no record."""
        releases = self.releases()
        commit = releases[-1].record.get("commit") if releases else None
        return commit if isinstance(commit, str) and re.fullmatch(r"[0-9a-f]{40}", commit) else None

    def unreachable(self) -> list[str]:
        """Copies on this target that a purge cannot erase, with what to do (default: none)."""
        return []


class DirTarget(Target):
    """``target: dir``: a folder on this machine served by nginx (:func:`hiring_kb.deploy.publish_dir`)."""

    def publish(self, site_dir: Path, now: dt.datetime | None, record: Mapping[str, Any]) -> Published:
        release = publish_dir(site_dir, self.config, now, record)
        return Published(release.name, f"publish: release {release.name} is now current in {self.config.path}")

    def rollback(self) -> tuple[str, str]:
        return rollback_dir(self.config)

    def releases(self) -> list[Release]:
        if self.config.path is None or not self.config.path.exists():
            return []
        return list_releases(self.config)

    def plan(self) -> list[str]:
        return plan_lines(self.config)

    def releases_holding(self, needles: Iterable[str]) -> tuple[list[str], list[str]]:
        needles = list(needles)
        releases = self.releases()
        holding = [r.name for r in releases if find_in_tree(r.path, needles)]
        return holding, [r.name for r in releases if r.name not in holding]

    def purge(self, needles: list[str], remove: bool) -> PurgeOutcome:
        outcome = PurgeOutcome()
        if remove:
            outcome.removed = remove_releases_containing(self.config, needles)
        path = self.config.path
        if path is not None and path.exists():
            outcome.leftovers = [f"{path}/{p}" for p in find_in_tree(path, needles)]
        outcome.checked.append(f"every release under {path}")
        return outcome


class GitTarget(Target):
    """``target: git``: one orphan commit per deploy, force-pushed (:func:`hiring_kb.deploy.publish_git`)."""

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


def _published_message(config: DeployConfig) -> str:
    """The message of the newest commit of the git target's branch ('' when it cannot be read)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="hiring-check-") as work:
        _git("init", "-q", "--bare", work)
        branch = config.publish_branch
        try:
            _git("fetch", "-q", config.remote or "", f"refs/heads/{branch}:refs/heads/{branch}", cwd=Path(work))
            return _git("log", "-1", "--format=%B", branch, cwd=Path(work))
        except DeployError:
            return ""


def target_for(config: DeployConfig) -> Target:
    """The target object for ``config.target`` (``dir``, ``rsync`` or ``git``)."""
    if config.target == "dir":
        return DirTarget(config)
    if config.target == "rsync":
        from .rsync_target import RsyncTarget  # only deploys over ssh need it

        return RsyncTarget(config)
    if config.target == "git":
        return GitTarget(config)
    raise DeployError(f"deploy.target '{config.target}' is not one of: dir, rsync, git")
