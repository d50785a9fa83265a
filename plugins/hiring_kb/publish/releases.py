"""The release folders of a dir target and their records: layout, listing, naming, switching, pruning.

A dir target's ``path`` holds ``releases/<UTC timestamp>/`` (one served copy per deploy),
``releases/<name>.json`` beside each (what it was built from, never served) and the ``current``
symlink to the one being served. The rsync target (:mod:`hiring_kb.publish.rsync_target`) keeps the same
layout on a server, with these names and modes. Copying a site into a new release is in
:mod:`hiring_kb.publish.dir_target`; this module does not copy sites or check read access.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.trace_search import find_in_tree
from hiring_kb.sources.deploy_settings import DeployConfig

#: Modes of a release: readable by everyone (no group set) or by the owner and ``deploy.group``.
PUBLIC_MODES = (0o755, 0o644)
GROUP_MODES = (0o750, 0o640)
#: Suffix of the file beside each release that records what it was built from (not served).
RECORD_SUFFIX = ".json"
RELEASES = "releases"
CURRENT = "current"
PARTIAL_SUFFIX = ".partial"


@dataclass(frozen=True)
class Release:
    """A release folder of a dir target; ``current`` is True for the one being served."""

    name: str
    path: Path
    current: bool
    #: The record as read from a server (rsync target); None: read ``<path>.json`` here.
    recorded: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)

    @property
    def record(self) -> dict[str, Any]:
        """What the release was built from (:func:`write_record`): ``commit``, ``branch``,
        ``dirty``, ``published`` (ISO time, UTC); empty for a release made before records."""
        if self.recorded is not None:
            return dict(self.recorded)
        try:
            data = json.loads(self.path.with_name(self.name + RECORD_SUFFIX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def list_releases(config: DeployConfig) -> list[Release]:
    """Finished releases of a dir target, oldest first (names are UTC timestamps)."""
    base = dir_base(config)
    releases_dir = base / RELEASES
    if not releases_dir.is_dir():
        return []
    active = current_release(config)
    return [
        Release(p.name, p, p.name == active)
        for p in sorted(releases_dir.iterdir())
        if p.is_dir() and not p.name.startswith(".")
    ]


def current_release(config: DeployConfig) -> str | None:
    """Name of the release ``current`` points at, or None before the first deploy."""
    link = dir_base(config) / CURRENT
    if not link.is_symlink():
        return None
    return Path(os.readlink(link)).name


def dir_base(config: DeployConfig) -> Path:
    """The dir target's folder (``deploy.path``); DeployError for any other target."""
    if config.target != "dir" or config.path is None:
        raise DeployError("this needs a 'dir' deploy target (deploy: target: dir, path: ...)")
    return config.path


def release_name(now: dt.datetime, releases_dir: Path) -> str:
    """A new release name for ``now`` (UTC, microseconds), with ``-2``, ``-3``… when taken."""
    name = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    candidate, n = name, 1
    while (releases_dir / candidate).exists() or (releases_dir / f".{candidate}{PARTIAL_SUFFIX}").exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def switch_current(base: Path, release: str) -> None:
    """Point ``base/current`` at ``releases/<release>`` with one atomic rename."""
    temporary = base / f".{CURRENT}.{os.getpid()}.tmp"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(f"{RELEASES}/{release}", temporary)
    os.replace(temporary, base / CURRENT)


def write_record(release: Path, values: Mapping[str, Any]) -> None:
    """Write what ``release`` was built from to ``<release>.json`` beside it (outside the served folder)."""
    target = release.with_name(release.name + RECORD_SUFFIX)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(json.dumps(dict(values), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, target)


def release_modes(config: DeployConfig) -> tuple[int, int]:
    """(folder mode, file mode) of a release: 0755/0644, or 0750/0640 with ``deploy.group``."""
    return GROUP_MODES if config.group else PUBLIC_MODES


def prune_releases(config: DeployConfig) -> list[str]:
    """Remove the oldest releases beyond ``keep`` (never the current one); return their names."""
    releases = list_releases(config)
    removable = [r for r in releases if not r.current]
    excess = len(releases) - config.keep
    removed = []
    for release in removable[: max(0, excess)]:
        remove_release(release)
        removed.append(release.name)
    return removed


def remove_release(release: Release) -> None:
    """Delete a release folder and its record."""
    shutil.rmtree(release.path)
    release.path.with_name(release.name + RECORD_SUFFIX).unlink(missing_ok=True)


def remove_releases_containing(config: DeployConfig, needles: Iterable[str]) -> list[str]:
    """Delete every non-current release whose files contain any needle (compared as
    :func:`hiring_kb.publish.trace_search.find_in_tree` does).

    Used by purge: an older release would otherwise keep a purged candidate a rollback away.
    Returns the removed release names.
    """
    needles = list(needles)
    removed = []
    for release in list_releases(config):
        if not release.current and find_in_tree(release.path, needles):
            remove_release(release)
            removed.append(release.name)
    return removed
