"""Whether the web server's user can read a served file: the classic permission bits, checked as the kernel does.

Used after switching ``current`` by the dir target (:mod:`hiring_kb.publish.dir_target`, on this machine)
and, with the modes read over ssh, by the rsync target (:func:`first_blocked`). ACLs are not read;
nothing here changes a mode.
"""

from __future__ import annotations

import grp
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.publish.deploy import DeployError
from hiring_kb.sources.deploy_settings import DEFAULT_WEB_USER, DeployConfig


def web_user_of(config: DeployConfig) -> str | None:
    """The user to check read access for: ``deploy.web_user``, else ``www-data`` when that user
    exists here, else None (no check: the web server runs elsewhere)."""
    if config.web_user:
        return config.web_user
    try:
        pwd.getpwnam(DEFAULT_WEB_USER)
    except KeyError:
        return None
    return DEFAULT_WEB_USER


def unreadable_for(path: Path, user: str) -> str | None:
    """Why ``user`` cannot read ``path`` (following links), or None when it can.

    Checks the classic permission bits of every folder on the way (search, ``x``) and of the
    file (read, ``r``) for the user's id, primary group and supplementary groups, as the kernel
    does for a process of that user. ACLs are not read. Raises DeployError for an unknown user.
    """
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        raise DeployError(f"deploy.web_user '{user}' is not a user on this machine (see /etc/passwd)") from None
    if entry.pw_uid == 0:
        return None
    groups = {entry.pw_gid} | {g.gr_gid for g in grp.getgrall() if user in g.gr_mem}
    resolved = path.resolve()
    if not resolved.exists():
        return f"{path} does not exist"
    chain = []
    for place in [*reversed(resolved.parents), resolved]:
        info = place.stat()
        chain.append(PathAccess(str(place), info.st_mode, info.st_uid, info.st_gid))
    return first_blocked(chain, entry.pw_uid, groups)


@dataclass(frozen=True)
class PathAccess:
    """One folder (or the final file) on the way to a served file: its mode bits and owner ids."""

    place: str
    mode: int
    uid: int
    gid: int


def first_blocked(chain: list[PathAccess], uid: int, groups: set[int]) -> str | None:
    """Why a process of ``uid`` in ``groups`` cannot read the last entry of ``chain`` (every folder
    from ``/`` down needs search ``x``, the file read ``r``), or None when it can. Classic
    permission bits only, as the kernel checks them (owner, then group, then others); uid 0 reads all."""
    if uid == 0:
        return None
    for index, access in enumerate(chain):
        final = index == len(chain) - 1
        needed = stat.S_IROTH if final else stat.S_IXOTH
        if access.uid == uid:
            shift = 6
        elif access.gid in groups:
            shift = 3
        else:
            shift = 0
        if not access.mode & (needed << shift):
            what = "read" if final else "enter"
            return (
                f"it may not {what} {access.place} (mode {stat.filemode(access.mode)}, owner uid {access.uid}, "
                f"gid {access.gid})"
            )
    return None
