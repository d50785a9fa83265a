"""Deploy targets: where a built, audited site is published (docs/publishing.md, "Targets").

Configured by ``deploy:`` in ``hiring.yml``:

``target: dir``
    ``path`` is a local folder served by an authenticated web server (see ``deploy/nginx.conf``).
    Each deploy copies the site into ``<path>/releases/<timestamp>/`` and then switches the
    ``<path>/current`` symlink to it with one ``rename`` (atomic on POSIX), so a reader sees
    the old release or the new one, never a mix; a deploy killed midway leaves ``current``
    where it was (its unfinished ``.partial`` copy is removed by the next deploy). The last
    ``keep`` releases stay for :func:`rollback_dir`.

``target: git``
    ``remote`` (URL or path) gets one orphan commit per deploy on ``publish_branch``, force-pushed:
    the branch never has history, so a removed candidate is in no reachable commit.

``target: rsync``
    The ``dir`` target on another machine, over ssh: ``host`` and ``user`` (or ``host: user@server``), ``path`` (an
    absolute folder on that server), optional ``port``, ``identity`` (the private key file) and
    ``known_hosts`` (the server's host key; the connection is refused when it does not match).
    The same releases, modes, switch and records (:mod:`hiring_kb.rsync_target`).

The operations of every target (publish, rollback, releases, purge, dry run) are behind one
interface in :mod:`hiring_kb.targets`.

Releases are readable by the web server as deployed (folders 0755, files 0644; with
``group: www-data`` 0750/0640 and that group), and after switching ``current`` the deploy
checks that ``web_user`` can read ``current/index.html`` and switches back if not
(:func:`unreadable_for`). Each release records the source commit it was built from in
``releases/<name>.json``, beside the served folder, never inside it.

Errors are :class:`DeployError` with a message meant for the person deploying.
"""

from __future__ import annotations

import datetime as dt
import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .deploy_settings import (  # the deploy settings live apart from the deploy code; re-exported here
    DEFAULT_BRANCH as DEFAULT_BRANCH,
)
from .deploy_settings import (
    DEFAULT_KEEP as DEFAULT_KEEP,
)
from .deploy_settings import (
    DEFAULT_PULL_REMOTE as DEFAULT_PULL_REMOTE,
)
from .deploy_settings import (
    DEFAULT_SOURCE_BRANCH as DEFAULT_SOURCE_BRANCH,
)
from .deploy_settings import (
    DEFAULT_WEB_USER,
    DeployConfig,
    _is_local_path,
)
from .deploy_settings import (
    DEPLOY_SCHEMA as DEPLOY_SCHEMA,
)
from .deploy_settings import (
    TARGETS as TARGETS,
)
from .folded_text import fold, holds_any

#: Modes of a release: readable by everyone (no group set) or by the owner and ``deploy.group``.
PUBLIC_MODES = (0o755, 0o644)
GROUP_MODES = (0o750, 0o640)
#: Suffix of the file beside each release that records what it was built from (not served).
RECORD_SUFFIX = ".json"
RELEASES = "releases"
CURRENT = "current"
PARTIAL_SUFFIX = ".partial"
#: Commit identity of deploy commits: no person's name or address goes into the published branch.
COMMIT_IDENTITY = ("hiring-kb deploy", "deploy@hiring-kb.invalid")


class DeployError(Exception):
    """A deploy, rollback or check that cannot be done; the message says why and what to do."""


# -- dir target ----------------------------------------------------------------------------


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
    base = _dir_base(config)
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
    link = _dir_base(config) / CURRENT
    if not link.is_symlink():
        return None
    return Path(os.readlink(link)).name


def _dir_base(config: DeployConfig) -> Path:
    if config.target != "dir" or config.path is None:
        raise DeployError("this needs a 'dir' deploy target (deploy: target: dir, path: ...)")
    return config.path


def _release_name(now: dt.datetime, releases_dir: Path) -> str:
    name = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    candidate, n = name, 1
    while (releases_dir / candidate).exists() or (releases_dir / f".{candidate}{PARTIAL_SUFFIX}").exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def _switch_current(base: Path, release: str) -> None:
    """Point ``base/current`` at ``releases/<release>`` with one atomic rename."""
    temporary = base / f".{CURRENT}.{os.getpid()}.tmp"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(f"{RELEASES}/{release}", temporary)
    os.replace(temporary, base / CURRENT)


def publish_dir(
    site_dir: Path, config: DeployConfig, now: dt.datetime | None = None, record: Mapping[str, Any] | None = None
) -> Release:
    """Copy ``site_dir`` into a new release of a dir target and make it current.

    Steps: remove unfinished copies of earlier deploys; copy into ``releases/.<name>.partial``
    and give it the serving modes (:func:`release_modes`); rename it to ``releases/<name>``;
    write ``record`` (e.g. the source commit) to ``releases/<name>.json``; switch ``current``;
    check that the web server's user can read ``current/index.html`` (else switch back and
    raise); remove releases beyond ``keep`` (never the current one). Raises DeployError when
    the copy fails or the web server could not read the release (``current`` is unchanged).
    """
    base = _dir_base(config)
    modes = release_modes(config)
    gid = _group_id(config.group)
    releases_dir = base / RELEASES
    for folder in (base, releases_dir):
        if not folder.is_dir():
            folder.mkdir(parents=True)
            _set_mode(folder, modes[0], gid)
    for leftover in releases_dir.glob(f".*{PARTIAL_SUFFIX}"):
        shutil.rmtree(leftover, ignore_errors=True)
    published_at = now or dt.datetime.now(dt.timezone.utc)
    name = _release_name(published_at, releases_dir)
    staging = releases_dir / f".{name}{PARTIAL_SUFFIX}"
    _copy_release(site_dir, staging, modes, gid)
    final = releases_dir / name
    staging.rename(final)
    write_record(final, {"published": published_at.astimezone(dt.timezone.utc).isoformat(), **(record or {})})
    previous = current_release(config)
    _switch_current(base, name)
    user = web_user_of(config)
    blocked = unreadable_for(base / CURRENT / "index.html", user) if user else None
    if blocked is not None:
        if previous is not None and (releases_dir / previous).is_dir():
            _switch_current(base, previous)
            back = f"switched back to release {previous}"
        else:
            (base / CURRENT).unlink()
            back = "removed the new 'current' link"
        shutil.rmtree(final, ignore_errors=True)
        final.with_name(name + RECORD_SUFFIX).unlink(missing_ok=True)
        raise DeployError(
            f"the web server's user '{user}' cannot read {base / CURRENT / 'index.html'}: {blocked}; {back}, "
            f"nothing new is served. Let '{user}' in (e.g. chmod o+x on that folder, or give it a group '{user}' "
            "is in), then deploy again (deploy.web_user in hiring.yml names the user your web server runs as)"
        )
    prune_releases(config)
    return Release(name, final, True)


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


def write_record(release: Path, values: Mapping[str, Any]) -> None:
    """Write what ``release`` was built from to ``<release>.json`` beside it (outside the served folder)."""
    target = release.with_name(release.name + RECORD_SUFFIX)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(json.dumps(dict(values), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, target)


def release_modes(config: DeployConfig) -> tuple[int, int]:
    """(folder mode, file mode) of a release: 0755/0644, or 0750/0640 with ``deploy.group``."""
    return GROUP_MODES if config.group else PUBLIC_MODES


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


def prune_releases(config: DeployConfig) -> list[str]:
    """Remove the oldest releases beyond ``keep`` (never the current one); return their names."""
    releases = list_releases(config)
    removable = [r for r in releases if not r.current]
    excess = len(releases) - config.keep
    removed = []
    for release in removable[: max(0, excess)]:
        _remove_release(release)
        removed.append(release.name)
    return removed


def _remove_release(release: Release) -> None:
    shutil.rmtree(release.path)
    release.path.with_name(release.name + RECORD_SUFFIX).unlink(missing_ok=True)


def rollback_dir(config: DeployConfig) -> tuple[str, str]:
    """Switch ``current`` back to the release before it; return ``(from, to)`` names.

    Raises DeployError when nothing is deployed or there is no older release.
    """
    base = _dir_base(config)
    releases = list_releases(config)
    active = current_release(config)
    names = [r.name for r in releases]
    if active is None or active not in names:
        raise DeployError(f"nothing is deployed in {base}: there is no current release to roll back from")
    index = names.index(active)
    if index == 0:
        raise DeployError(f"release {active} is the oldest one kept in {base / RELEASES}: nothing to roll back to")
    previous = names[index - 1]
    _switch_current(base, previous)
    return active, previous


def remove_releases_containing(config: DeployConfig, needles: Iterable[str]) -> list[str]:
    """Delete every non-current release whose files contain any needle (compared as :func:`find_in_tree` does).

    Used by purge: an older release would otherwise keep a purged candidate a rollback away.
    Returns the removed release names.
    """
    needles = list(needles)
    removed = []
    for release in list_releases(config):
        if not release.current and find_in_tree(release.path, needles):
            _remove_release(release)
            removed.append(release.name)
    return removed


def _folded(needles: Iterable[str]) -> list[str]:
    return sorted({fold(n) for n in needles if n and fold(n)})


def _holds(data: bytes, folded: list[str], suffix: str = "") -> bool:
    return holds_any(data, folded, suffix)


def find_in_tree(folder: Path, needles: Iterable[str]) -> list[str]:
    """Relative paths of files under ``folder`` whose text contains a needle.

    Compared as :func:`hiring_kb.folded_text.fold` folds (case, Unicode compatibility forms,
    invisible characters and runs of white space ignored), in the text as written and, for HTML
    and JSON, as decoded. Files are read as UTF-8 with errors ignored (binary files are searched
    too, for what text they hold).
    """
    folded = _folded(needles)
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if _holds(path.read_bytes(), folded, path.suffix.lower()):
            hits.append(path.relative_to(folder).as_posix())
    return hits


# -- git target ------------------------------------------------------------------------------


def _git(*args: str, cwd: Path | None = None, input_text: str | None = None) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}
    completed = subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        input=input_text,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise DeployError(f"git {args[0]} failed: {detail[-1] if detail else 'exit ' + str(completed.returncode)}")
    return completed.stdout


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
        _git("init", "-q", cwd=repo)
        (repo / ".nojekyll").touch()  # NOJEKYLL_NOTE
        _git("add", "-A", cwd=repo)
        name, email = COMMIT_IDENTITY
        _git(
            "-c", f"user.name={name}", "-c", f"user.email={email}",
            "commit", "-q", "--no-gpg-sign", "-m", message,
            cwd=repo,
        )  # fmt: skip
        commit = _git("rev-parse", "HEAD", cwd=repo).strip()
        _git("push", "-q", "--force", config.remote, f"HEAD:refs/heads/{config.publish_branch}", cwd=repo)
    return commit


#: Why the git target writes ``.nojekyll``, and what that means for privacy (shown in the dry run).
NOJEKYLL_NOTE = (
    "add an empty .nojekyll file: GitHub Pages then serves the files as built instead of running Jekyll "
    "over them. Only GitHub Pages with private visibility (GitHub Enterprise Cloud) keeps the site to signed-in "
    "members; any other GitHub Pages site is public to the world, every note included (docs/publishing.md)"
)


def branch_history(config: DeployConfig) -> list[str]:
    """Commit ids on the remote branch, newest first (empty when the branch does not exist)."""
    with tempfile.TemporaryDirectory(prefix="hiring-check-") as work:
        _git("init", "-q", "--bare", work)
        try:
            _git(
                "fetch",
                "-q",
                config.remote or "",
                f"refs/heads/{config.publish_branch}:refs/heads/{config.publish_branch}",
                cwd=Path(work),
            )
        except DeployError:
            return []
        return _git("rev-list", config.publish_branch, cwd=Path(work)).split()


def find_in_git_branch(config: DeployConfig, needles: Iterable[str]) -> list[str]:
    """Objects reachable from the remote branch (its whole history) that contain a needle.

    Fetches only that branch into a scratch repository and reads every object it received.
    Returns descriptions such as ``"blob 3f2a… (candidates/c-1/index.html)"``.
    """
    with tempfile.TemporaryDirectory(prefix="hiring-check-") as work:
        scratch = Path(work)
        _git("init", "-q", "--bare", str(scratch))
        try:
            _git(
                "fetch",
                "-q",
                config.remote or "",
                f"refs/heads/{config.publish_branch}:refs/heads/{config.publish_branch}",
                cwd=scratch,
            )
        except DeployError:
            return []
        return _objects_containing(scratch, needles)


def find_in_all_objects(git_dir: Path, needles: Iterable[str]) -> list[str]:
    """Every object of a local repository (reachable or not) that contains a needle."""
    return _objects_containing(git_dir, needles)


def _objects_containing(git_dir: Path, needles: Iterable[str]) -> list[str]:
    folded = _folded(needles)
    listing = _git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)", cwd=git_dir)
    objects = [line.split() for line in listing.splitlines() if line.strip()]
    if not objects:
        return []
    hits = []
    completed = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=git_dir,
        input="\n".join(oid for oid, _ in objects).encode() + b"\n",
        capture_output=True,
        check=False,
    )
    data = completed.stdout
    position = 0
    for oid, kind in objects:
        header_end = data.index(b"\n", position)
        size = int(data[position:header_end].split()[2])
        body = data[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
        if _holds(body, folded):
            hits.append(f"{kind} {oid}")
    return hits


def is_local_repository(remote: str | None) -> bool:
    """True when the git remote is a path on this machine (so its objects can be inspected)."""
    return bool(remote) and _is_local_path(remote) and Path(remote).exists()  # type: ignore[arg-type]


def collect_garbage(remote: str) -> None:
    """Drop unreachable objects of a local bare repository (after a force-push removed history)."""
    _git("reflog", "expire", "--expire=now", "--all", cwd=Path(remote))
    _git("gc", "-q", "--prune=now", cwd=Path(remote))


def plan_lines(config: DeployConfig) -> list[str]:
    """What :func:`publish_dir` / :func:`publish_git` would do now, one line per step."""
    if config.target == "dir":
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
    return [
        NOJEKYLL_NOTE,
        "commit the site as one parentless commit (the source commit goes into its message, not into a file)",
        f"force-push it to branch '{config.publish_branch}' of {config.remote} (replaces its history)",
    ]
