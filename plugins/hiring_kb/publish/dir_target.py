"""``target: dir``: publishing into a folder on this machine, served by an authenticated web server.

Holds :class:`DirTarget` and the steps of one deploy (:func:`publish_dir`): copy the site into a
new release with the serving modes, record its source, switch ``current``, check that the web
server's user can read it (else switch back), prune old releases; and :func:`rollback_dir`. The
release folder layout and records are in :mod:`hiring_kb.publish.releases`, the read-access check in
:mod:`hiring_kb.publish.web_access`. Errors are :class:`~hiring_kb.publish.deploy.DeployError`.
"""

from __future__ import annotations

import datetime as dt
import grp
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.releases import (
    CURRENT,
    PARTIAL_SUFFIX,
    RECORD_SUFFIX,
    RELEASES,
    Release,
    current_release,
    dir_base,
    list_releases,
    prune_releases,
    release_modes,
    release_name,
    remove_releases_containing,
    switch_current,
    write_record,
)
from hiring_kb.publish.targets import Published, PurgeOutcome, Target
from hiring_kb.publish.trace_search import find_in_tree
from hiring_kb.publish.web_access import unreadable_for, web_user_of
from hiring_kb.sources.deploy_settings import DeployConfig


class DirTarget(Target):
    """``target: dir``: a folder on this machine served by nginx (:func:`publish_dir`)."""

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


def publish_dir(
    site_dir: Path, config: DeployConfig, now: dt.datetime | None = None, record: Mapping[str, Any] | None = None
) -> Release:
    """Copy ``site_dir`` into a new release of a dir target and make it current.

    Steps: remove unfinished copies of earlier deploys; copy into ``releases/.<name>.partial``
    and give it the serving modes (:func:`hiring_kb.publish.releases.release_modes`); rename it to
    ``releases/<name>``; write ``record`` (e.g. the source commit) to ``releases/<name>.json``;
    switch ``current``; check that the web server's user can read ``current/index.html`` (else
    switch back and raise); remove releases beyond ``keep`` (never the current one). Raises
    DeployError when the copy fails or the web server could not read the release (``current``
    is unchanged).
    """
    base = dir_base(config)
    modes = release_modes(config)
    gid = _group_id(config.group)
    releases_dir = _prepare_releases_folder(base, modes, gid)
    published_at = now or dt.datetime.now(dt.timezone.utc)
    name = release_name(published_at, releases_dir)
    staging = releases_dir / f".{name}{PARTIAL_SUFFIX}"
    _copy_release(site_dir, staging, modes, gid)
    final = releases_dir / name
    staging.rename(final)
    write_record(final, {"published": published_at.astimezone(dt.timezone.utc).isoformat(), **(record or {})})
    previous = current_release(config)
    switch_current(base, name)
    _check_served_release(config, base, final, previous)
    prune_releases(config)
    return Release(name, final, True)


def _prepare_releases_folder(base: Path, modes: tuple[int, int], gid: int) -> Path:
    """Create ``base`` and ``base/releases`` with the serving folder mode when missing, remove
    unfinished copies of earlier deploys; return the releases folder."""
    releases_dir = base / RELEASES
    for folder in (base, releases_dir):
        if not folder.is_dir():
            folder.mkdir(parents=True)
            _set_mode(folder, modes[0], gid)
    for leftover in releases_dir.glob(f".*{PARTIAL_SUFFIX}"):
        shutil.rmtree(leftover, ignore_errors=True)
    return releases_dir


def _check_served_release(config: DeployConfig, base: Path, final: Path, previous: str | None) -> None:
    """After switching ``current`` to ``final``: when the web server's user cannot read
    ``current/index.html``, switch back to ``previous`` (or remove the link), delete the new
    release and raise DeployError saying what to change."""
    user = web_user_of(config)
    blocked = unreadable_for(base / CURRENT / "index.html", user) if user else None
    if blocked is None:
        return
    releases_dir = base / RELEASES
    if previous is not None and (releases_dir / previous).is_dir():
        switch_current(base, previous)
        back = f"switched back to release {previous}"
    else:
        (base / CURRENT).unlink()
        back = "removed the new 'current' link"
    shutil.rmtree(final, ignore_errors=True)
    final.with_name(final.name + RECORD_SUFFIX).unlink(missing_ok=True)
    raise DeployError(
        f"the web server's user '{user}' cannot read {base / CURRENT / 'index.html'}: {blocked}; {back}, "
        f"nothing new is served. Let '{user}' in (e.g. chmod o+x on that folder, or give it a group '{user}' "
        "is in), then deploy again (deploy.web_user in hiring.yml names the user your web server runs as)"
    )


def _copy_release(site_dir: Path, staging: Path, modes: tuple[int, int], gid: int) -> None:
    """Copy ``site_dir`` to ``staging`` with the serving ``modes`` (and group id, -1: unchanged);
    DeployError after removing the partial copy when that fails."""
    try:
        # copy_function looked up at call time: shutil.copytree's default is bound at import.
        shutil.copytree(site_dir, staging, symlinks=False, copy_function=shutil.copy2)
        # copy2 keeps the build's modes (a temporary folder is 0700): set the serving modes.
        for folder, _, files in os.walk(staging):
            _set_mode(Path(folder), modes[0], gid)
            for file_name in files:
                _set_mode(Path(folder) / file_name, modes[1], gid)
    except (OSError, shutil.Error) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise DeployError(f"copying the site into {staging} failed, nothing was switched: {exc}") from None
    except DeployError:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _group_id(group: str | None) -> int:
    """The id of ``group`` (-1: leave the group as it is); DeployError when there is no such group."""
    if group is None:
        return -1
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise DeployError(f"deploy.group '{group}' is not a group on this machine (see /etc/group)") from None


def _set_mode(path: Path, mode: int, gid: int) -> None:
    if gid != -1:
        try:
            os.chown(path, -1, gid)
        except PermissionError:
            group = grp.getgrgid(gid).gr_name
            raise DeployError(
                f"cannot give {path} the group '{group}' (deploy.group): the user who deploys must be a member "
                f"of it (e.g. sudo adduser $USER {group}, then log in again)"
            ) from None
    os.chmod(path, mode)


def rollback_dir(config: DeployConfig) -> tuple[str, str]:
    """Switch ``current`` back to the release before it; return ``(from, to)`` names.

    Raises DeployError when nothing is deployed or there is no older release.
    """
    base = dir_base(config)
    releases = list_releases(config)
    active = current_release(config)
    names = [r.name for r in releases]
    if active is None or active not in names:
        raise DeployError(f"nothing is deployed in {base}: there is no current release to roll back from")
    index = names.index(active)
    if index == 0:
        raise DeployError(f"release {active} is the oldest one kept in {base / RELEASES}: nothing to roll back to")
    previous = names[index - 1]
    switch_current(base, previous)
    return active, previous


def plan_lines(config: DeployConfig) -> list[str]:
    """What :func:`publish_dir` would do now, one line per step (the dry run)."""
    assert config.path is not None
    releases = list_releases(config) if config.path.exists() else []
    folder, file = release_modes(config)
    modes = f"folders {folder:o}, files {file:o}" + (f", group {config.group}" if config.group else "")
    user = web_user_of(config)
    lines = [
        f"copy the site to {config.path / RELEASES}/<UTC timestamp>/ ({modes}); "
        "record the source commit beside it in <UTC timestamp>.json (not served)",
        f"switch {config.path / CURRENT} to it (atomic rename of a symlink)",
        f"check that '{user}' can read {config.path / CURRENT}/index.html, else switch back"
        if user
        else "no web server user to check (set deploy.web_user: the user nginx runs as)",
    ]
    over = len(releases) + 1 - config.keep
    if over > 0:
        old = [r.name for r in releases if not r.current][:over]
        lines.append(f"remove old releases beyond {config.keep}: {', '.join(old) or 'none'}")
    else:
        lines.append(f"keep all {len(releases) + 1} releases (limit {config.keep})")
    return lines
