"""``target: rsync``: the ``dir`` target's releases on a web server, copied over ssh.

The server needs only OpenSSH, rsync and a POSIX shell with GNU coreutils (Debian's defaults):
no Python, no repository. One deploy, as the deploy user on the server:

1. create ``<path>/releases/`` if needed (0755, or 0750 with ``deploy.group``) and remove
   unfinished copies of earlier deploys (``releases/.<name>.partial``);
2. ``rsync`` the site into ``releases/.<name>.partial/`` with the serving modes (0755/0644, or
   0750/0640 and that group), then rename it to ``releases/<name>``;
3. write the record (source commit, branch, audience, time) to ``releases/<name>.json``, beside
   the served folder;
4. switch ``current``: ``ln -s releases/<name>`` to a temporary name, then ``mv -T`` over
   ``current`` (one ``rename``: readers see the old release or the new one, never a mix);
5. check with ``id`` and ``stat`` that the web server's user (``deploy.web_user``, default
   www-data) can read ``current/index.html``; if not, switch back and remove the release;
6. remove releases beyond ``keep`` (never the current one).

The connection is ``ssh -o BatchMode=yes -o StrictHostKeyChecking=yes``: a server whose host key
is not in ``deploy.known_hosts`` (or the user's own known_hosts) is refused, never trusted on
first use. Every value sent to the server's shell is quoted with :func:`shlex.quote`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shlex
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.releases import CURRENT, PARTIAL_SUFFIX, RECORD_SUFFIX, RELEASES, Release, release_modes
from hiring_kb.publish.targets import Published, PurgeOutcome, Target
from hiring_kb.publish.trace_search import find_in_tree
from hiring_kb.publish.web_access import PathAccess, first_blocked
from hiring_kb.sources.deploy_settings import DEFAULT_WEB_USER, DeployConfig

#: Seconds ssh waits for the server to answer before giving up.
CONNECT_TIMEOUT = 20


def ssh_command(config: DeployConfig) -> list[str]:
    """The ``ssh`` command line (without the host) for ``config``: batch mode (never a prompt),
    strict host key checking, the configured port, key and known_hosts file."""
    command = [
        "ssh",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        f"ConnectTimeout={CONNECT_TIMEOUT}",
    ]
    if config.known_hosts is not None:
        command += ["-o", f"UserKnownHostsFile={config.known_hosts}"]
    if config.identity is not None:
        command += ["-i", str(config.identity), "-o", "IdentitiesOnly=yes"]
    if config.port is not None:
        command += ["-p", str(config.port)]
    if config.user is not None:
        command += ["-l", config.user]
    return command


def _why(completed: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (completed.stderr or completed.stdout).strip().splitlines() if line.strip()]
    return lines[-1] if lines else f"exit {completed.returncode}"


class RsyncTarget(Target):
    """Publishes to ``deploy.path`` on ``deploy.host`` over ssh (module docstring)."""

    def __init__(self, config: DeployConfig) -> None:
        super().__init__(config)
        if config.host is None or config.path is None:
            raise DeployError("the rsync target needs deploy.host (user@server) and deploy.path (a folder on it)")
        self.host = config.host
        self.base = str(config.path).rstrip("/") or "/"

    # -- talking to the server -------------------------------------------------------------------

    def _remote(self, script: str, what: str) -> str:
        """Run ``script`` with ``sh -eu`` on the server; return its output. DeployError saying
        ``what`` failed (with ssh's or the shell's last line) otherwise."""
        try:
            completed = subprocess.run(
                [*ssh_command(self.config), self.host, "sh -eu"],
                input=script, capture_output=True, text=True, check=False,
            )  # fmt: skip
        except OSError as exc:
            raise DeployError(
                f"cannot run ssh ({exc}): install OpenSSH's client (apt-get install openssh-client)"
            ) from None
        if completed.returncode == 255:
            raise DeployError(
                f"{what} failed: cannot log in to {self.host} over ssh: {_why(completed)}{self._hint(completed)}"
            )
        if completed.returncode != 0:
            raise DeployError(f"{what} failed on {self.host}: {_why(completed)}")
        return completed.stdout

    def _hint(self, completed: subprocess.CompletedProcess[str]) -> str:
        text = completed.stderr
        if "Host key verification failed" in text or "REMOTE HOST IDENTIFICATION HAS CHANGED" in text:
            where = self.config.known_hosts or "~/.ssh/known_hosts"
            return (
                f" (the server's host key is not the one in {where}: add the key you checked with the server's "
                "admin, e.g. ssh-keyscan output compared with its fingerprint; deploy.known_hosts names the file)"
            )
        if "Permission denied" in text:
            key = self.config.identity or "of ssh"
            return f" (the key {key} may not log in: add its .pub to the deploy user's authorized_keys)"
        return ""

    def _rsync(self, *args: str, what: str) -> None:
        command = ["rsync", "--recursive", "-e", shlex.join(ssh_command(self.config)), *args]
        try:
            completed = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise DeployError(
                f"cannot run rsync ({exc}): install it here and on the server (apt-get install rsync)"
            ) from None
        if completed.returncode != 0:
            raise DeployError(f"{what} failed: {_why(completed)}")

    def _q(self, *parts: str) -> str:
        """A quoted path under the target's folder on the server."""
        return shlex.quote("/".join([self.base.rstrip("/"), *parts]))

    # -- releases ---------------------------------------------------------------------------------

    def releases(self) -> list[Release]:
        current, found = self._listing()
        return [
            Release(name, Path(self.base) / RELEASES / name, name == current, record)
            for name, record in sorted(found.items())
        ]

    def _listing(self) -> tuple[str | None, dict[str, dict[str, Any]]]:
        """(release ``current`` points at, {release name: its record}) as the server has them."""
        script = f"""
cd {self._q()} 2>/dev/null || exit 0
printf 'current\\t%s\\n' "$(readlink {CURRENT} 2>/dev/null || true)"
for d in {RELEASES}/*; do
  [ -d "$d" ] || continue
  printf 'release\\t%s\\t' "${{d#{RELEASES}/}}"
  if [ -f "$d{RECORD_SUFFIX}" ]; then tr -d '\\n' < "$d{RECORD_SUFFIX}"; fi
  printf '\\n'
done
"""
        current: str | None = None
        found: dict[str, dict[str, Any]] = {}
        for line in self._remote(script, f"listing the releases in {self.host}:{self.base}").splitlines():
            kind, _, rest = line.partition("\t")
            if kind == "current":
                current = rest.rsplit("/", 1)[-1] or None
            elif kind == "release":
                name, _, text = rest.partition("\t")
                try:
                    record = json.loads(text) if text else {}
                except ValueError:
                    record = {}
                found[name] = record if isinstance(record, dict) else {}
        return current, found

    # -- publish ----------------------------------------------------------------------------------

    def publish(self, site_dir: Path, now: dt.datetime | None, record: Mapping[str, Any]) -> Published:
        published_at = now or dt.datetime.now(dt.timezone.utc)
        name = self._prepare(published_at)
        self._copy(site_dir, name)
        values = {"published": published_at.astimezone(dt.timezone.utc).isoformat(), **record}
        previous = self._finish(name, values)
        self._check_readable(name, previous)
        self._prune()
        return Published(name, f"publish: release {name} is now current in {self.host}:{self.base}")

    def _group_commands(self, *paths: str) -> str:
        folder_mode = f"{release_modes(self.config)[0]:o}"
        lines = [f"chmod {folder_mode} {' '.join(paths)}"]
        if self.config.group:
            lines.insert(0, f"chgrp {shlex.quote(self.config.group)} {' '.join(paths)}")
        return "\n".join(lines)

    def _prepare(self, published_at: dt.datetime) -> str:
        """Create the folders, remove unfinished copies, and return a release name not in use."""
        base, releases = self._q(), self._q(RELEASES)
        script = f"""
if [ ! -d {base} ]; then mkdir -p {base}; {self._group_commands(base)}; fi
if [ ! -d {releases} ]; then mkdir {releases}; {self._group_commands(releases)}; fi
rm -rf {releases}/.*{PARTIAL_SUFFIX}
ls -a {releases}
"""
        taken = set(self._remote(script, f"preparing {self.host}:{self.base}").split())
        stamp = published_at.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        name, n = stamp, 1
        while name in taken or f".{name}{PARTIAL_SUFFIX}" in taken:
            n += 1
            name = f"{stamp}-{n}"
        return name

    def _copy(self, site_dir: Path, name: str) -> None:
        folder, file = release_modes(self.config)
        staging = f"{self.base.rstrip('/')}/{RELEASES}/.{name}{PARTIAL_SUFFIX}/"
        options = ["--copy-links", "--perms", f"--chmod=D{folder:o},F{file:o}"]
        if self.config.group:
            options.append(f"--chown=:{self.config.group}")
        try:
            self._rsync(
                *options, f"{site_dir}/", f"{self.host}:{staging}", what=f"copying the site to {self.host}:{staging}"
            )
        except DeployError as exc:
            with contextlib.suppress(DeployError):  # if it fails, the next deploy removes it
                self._remote(f"rm -rf {shlex.quote(staging)}", "removing the unfinished copy")
            raise DeployError(f"{exc}; nothing was switched") from None

    def _finish(self, name: str, record: Mapping[str, Any]) -> str | None:
        """Rename the copy into place, write its record, switch ``current``; return the release
        served before (None on the first deploy)."""
        text = json.dumps(dict(record), indent=2, sort_keys=True)
        final, partial = self._q(RELEASES, name), self._q(RELEASES, f".{name}{PARTIAL_SUFFIX}")
        record_file, record_tmp = (
            self._q(RELEASES, name + RECORD_SUFFIX),
            self._q(RELEASES, f".{name}{RECORD_SUFFIX}.tmp"),
        )
        script = f"""
mv {partial} {final}
printf '%s\\n' {shlex.quote(text)} > {record_tmp}
mv {record_tmp} {record_file}
printf 'previous\\t%s\\n' "$(readlink {self._q(CURRENT)} 2>/dev/null || true)"
{self._switch_script(name)}
"""
        output = self._remote(script, f"switching {self.host}:{self.base}/{CURRENT}")
        previous = next((line.split("\t", 1)[1] for line in output.splitlines() if line.startswith("previous\t")), "")
        return previous.rsplit("/", 1)[-1] or None

    def _switch_script(self, name: str) -> str:
        temporary = self._q(f".{CURRENT}.$$.tmp").replace("$$", "'\"$$\"'")
        release = shlex.quote(f"{RELEASES}/{name}")
        return f"rm -f {temporary}\nln -s {release} {temporary}\nmv -T {temporary} {self._q(CURRENT)}"

    def _check_readable(self, name: str, previous: str | None) -> None:
        """Switch back and raise DeployError when the web server's user cannot read the release."""
        user = self.config.web_user or DEFAULT_WEB_USER
        blocked = self._unreadable_for(user)
        if blocked is None:
            return
        if previous is not None:
            back_script, back = self._switch_script(previous), f"switched back to release {previous}"
        else:
            back_script, back = f"rm -f {self._q(CURRENT)}", "removed the new 'current' link"
        self._remote(
            f"{back_script}\nrm -rf {self._q(RELEASES, name)} {self._q(RELEASES, name + RECORD_SUFFIX)}",
            "switching back",
        )
        raise DeployError(
            f"the web server's user '{user}' cannot read {self.host}:{self.base}/{CURRENT}/index.html: {blocked}; "
            f"{back}, nothing new is served. Let '{user}' in on the server (e.g. chmod o+x on that folder, or give "
            f"it a group '{user}' is in), then deploy again (deploy.web_user names the user your web server runs as)"
        )

    def _unreadable_for(self, user: str) -> str | None:
        """Why ``user`` on the server cannot read ``current/index.html`` (None: it can, or the
        default user www-data does not exist there and deploy.web_user is not set)."""
        quoted = shlex.quote(user)
        script = f"""
if ! id -u {quoted} >/dev/null 2>&1; then echo nouser; exit 0; fi
echo "uid $(id -u {quoted})"
echo "groups $(id -G {quoted})"
f=$(realpath -e {self._q(CURRENT, "index.html")} 2>/dev/null) || {{ echo missing; exit 0; }}
d="$f"
while :; do stat -c 'path %a %u %g %n' "$d"; [ "$d" = / ] && break; d=$(dirname "$d"); done
"""
        output = self._remote(script, f"checking that '{user}' can read the release")
        lines = output.splitlines()
        if "nouser" in lines:
            if self.config.web_user:
                raise DeployError(f"deploy.web_user '{user}' is not a user on {self.host} (see its /etc/passwd)")
            return None
        if "missing" in lines:
            return f"{self.base}/{CURRENT}/index.html does not exist"
        uid = int(next(line.split()[1] for line in lines if line.startswith("uid ")))
        groups = {int(g) for line in lines if line.startswith("groups ") for g in line.split()[1:]}
        places = [line.split(" ", 4)[1:] for line in reversed(lines) if line.startswith("path ")]  # from / down
        chain = [
            PathAccess(place, int(mode, 8) | (stat.S_IFREG if index == len(places) - 1 else stat.S_IFDIR),
                       int(owner), int(group))
            for index, (mode, owner, group, place) in enumerate(places)
        ]  # fmt: skip
        return first_blocked(chain, uid, groups)

    def _prune(self) -> list[str]:
        releases = self.releases()
        excess = len(releases) - self.config.keep
        removable = [r.name for r in releases if not r.current][: max(0, excess)]
        self._remove(removable)
        return removable

    def _remove(self, names: list[str]) -> None:
        if not names:
            return
        paths = " ".join(f"{self._q(RELEASES, n)} {self._q(RELEASES, n + RECORD_SUFFIX)}" for n in names)
        self._remote(f"rm -rf {paths}", f"removing releases {', '.join(names)}")

    # -- rollback, dry run, purge -----------------------------------------------------------------

    def rollback(self) -> tuple[str, str]:
        current, found = self._listing()
        names = sorted(found)
        where = f"{self.host}:{self.base}"
        if current is None or current not in names:
            raise DeployError(f"nothing is deployed in {where}: there is no current release to roll back from")
        index = names.index(current)
        if index == 0:
            raise DeployError(
                f"release {current} is the oldest one kept in {where}/{RELEASES}: nothing to roll back to"
            )
        previous = names[index - 1]
        self._remote(self._switch_script(previous), f"switching {where}/{CURRENT}")
        return current, previous

    def plan(self) -> list[str]:
        folder, file = release_modes(self.config)
        modes = f"folders {folder:o}, files {file:o}" + (f", group {self.config.group}" if self.config.group else "")
        user = self.config.web_user or DEFAULT_WEB_USER
        lines = [
            f"log in to {self.host} with ssh ({shlex.join(ssh_command(self.config))}): a host key not in "
            f"{self.config.known_hosts or '~/.ssh/known_hosts'} is refused",
            f"copy the site with rsync to {self.base}/{RELEASES}/<UTC timestamp>/ ({modes}); "
            "record the source commit beside it in <UTC timestamp>.json (not served)",
            f"switch {self.base}/{CURRENT} to it (ln -s to a temporary name, then mv -T: one atomic rename)",
            f"check that '{user}' on {self.host} can read {self.base}/{CURRENT}/index.html, else switch back",
        ]
        try:
            releases = self.releases()
        except DeployError as exc:
            return [*lines, f"could not list the releases now: {exc}"]
        over = len(releases) + 1 - self.config.keep
        if over > 0:
            old = [r.name for r in releases if not r.current][:over]
            lines.append(f"remove old releases beyond {self.config.keep}: {', '.join(old) or 'none'}")
        else:
            lines.append(f"keep all {len(releases) + 1} releases (limit {self.config.keep})")
        return lines

    def _download(self, into: Path) -> None:
        """Copy every release (and record) from the server into ``into`` (to search it here)."""
        self._rsync(
            "--times", "--delete", f"{self.host}:{self.base.rstrip('/')}/{RELEASES}/", f"{into}/",
            what=f"reading the releases in {self.host}:{self.base}",
        )  # fmt: skip

    def releases_holding(self, needles: Iterable[str]) -> tuple[list[str], list[str]]:
        needles = list(needles)
        releases = self.releases()
        if not releases:
            return [], []
        with tempfile.TemporaryDirectory(prefix="hiring-releases-") as work:
            self._download(Path(work))
            holding = [r.name for r in releases if find_in_tree(Path(work) / r.name, needles)]
        return holding, [r.name for r in releases if r.name not in holding]

    def purge(self, needles: list[str], remove: bool) -> PurgeOutcome:
        outcome = PurgeOutcome()
        where = f"{self.host}:{self.base}"
        releases = self.releases()
        if releases:
            with tempfile.TemporaryDirectory(prefix="hiring-releases-") as work:
                local = Path(work)
                self._download(local)
                if remove:
                    outcome.removed = [
                        r.name for r in releases if not r.current and find_in_tree(local / r.name, needles)
                    ]
                    self._remove(outcome.removed)
                    self._download(local)  # search what the server has now, not what it had
                outcome.leftovers = [f"{where}/{RELEASES}/{p}" for p in find_in_tree(local, needles)]
        outcome.checked.append(f"every release under {where}")
        return outcome
