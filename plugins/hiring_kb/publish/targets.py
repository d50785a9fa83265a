"""One interface for every deploy target: publish, roll back, list releases, purge, describe.

``deploy:`` in hiring.yml names the target (:class:`hiring_kb.sources.deploy_settings.DeployConfig`);
:func:`target_for` returns the object that does the work, so the pipeline
(:mod:`hiring_kb.publish.publishing`), purge (:mod:`hiring_kb.publish.purge`) and the pull-based server
(:mod:`hiring_kb.publish.pull_deploy`) never branch on the target's name:

- :class:`~hiring_kb.publish.dir_target.DirTarget`: a folder on this machine (``releases/<UTC time>/``, ``current``
  symlink);
- :class:`~hiring_kb.publish.rsync_target.RsyncTarget`: the same folder layout on a web server, over ssh;
- :class:`~hiring_kb.publish.git_target.GitTarget`: one orphan commit per deploy, force-pushed to a branch.

This module holds the interface (:class:`Target`, what it returns) and :func:`target_for`; each
target lives in its own module.

Errors are :class:`~hiring_kb.publish.deploy.DeployError` with a message for the person deploying.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.releases import Release
from hiring_kb.sources.deploy_settings import DeployConfig


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


def target_for(config: DeployConfig) -> Target:
    """The target object for ``config.target`` (``dir``, ``rsync`` or ``git``)."""
    # Imported here: each target module subclasses Target from this one.
    if config.target == "dir":
        from hiring_kb.publish.dir_target import DirTarget

        return DirTarget(config)
    if config.target == "rsync":
        from hiring_kb.publish.rsync_target import RsyncTarget  # only deploys over ssh need it

        return RsyncTarget(config)
    if config.target == "git":
        from hiring_kb.publish.git_target import GitTarget

        return GitTarget(config)
    raise DeployError(f"deploy.target '{config.target}' is not one of: dir, rsync, git")
