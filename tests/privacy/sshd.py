"""Start Debian's OpenSSH server for a test as a web server has it: sshd as root on 127.0.0.1 and a
free port, a throwaway host key, one unprivileged deploy user who may log in with a throwaway
client key only, and a known_hosts file holding the host key (strict checking, never trust on first use)."""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.privacy.nginx import free_port, wait_for_port

SSHD = "/usr/sbin/sshd"
#: The deploy user on the "web server" (created when absent, as an admin would with adduser).
DEPLOY_USER = "hiring-deploy"


@dataclass
class Sshd:
    """A running sshd: log in as ``user`` at ``host`` (``user@127.0.0.1``) on ``port`` with ``identity``,
    checking the host key against ``known_hosts``."""

    process: subprocess.Popen[bytes]
    port: int
    user: str
    identity: Path
    known_hosts: Path
    work: Path
    authorized_keys: Path

    @property
    def host(self) -> str:
        return f"{self.user}@127.0.0.1"

    @property
    def uid(self) -> int:
        return pwd.getpwnam(self.user).pw_uid

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.authorized_keys.unlink(missing_ok=True)
        shutil.rmtree(self.work, ignore_errors=True)


def require_sshd() -> None:
    problem = None
    if not Path(SSHD).exists() or shutil.which("rsync") is None:
        problem = "Debian's openssh-server and rsync are needed (apt-get install openssh-server rsync)"
    elif os.geteuid() != 0:
        problem = "sshd must start as root to log in as the deploy user (run the tests as root, as CI does)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)


def ensure_deploy_user() -> pwd.struct_passwd:
    """The deploy user, created when absent: a home folder, /bin/sh, no password (``*``: key logins
    only; ``!`` would make sshd refuse the account as locked)."""
    try:
        entry = pwd.getpwnam(DEPLOY_USER)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", "--password", "*", DEPLOY_USER], check=True)
        entry = pwd.getpwnam(DEPLOY_USER)
    shadow = next((line.split(":") for line in Path("/etc/shadow").read_text().splitlines()
                   if line.startswith(f"{DEPLOY_USER}:")), None)  # fmt: skip
    if shadow is not None and shadow[1].startswith("!"):  # made locked by an earlier adduser: keys only instead
        subprocess.run(["usermod", "--password", "*", DEPLOY_USER], check=True)
    return entry


def start_sshd() -> Sshd:
    """Start sshd for :data:`DEPLOY_USER` (see the module docstring); stop it with :meth:`Sshd.stop`."""
    require_sshd()
    user = ensure_deploy_user()
    work = Path(tempfile.mkdtemp(prefix="hiring-sshd-"))  # 0700, root's: sshd refuses keys others can read
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(work / name)], check=True)
    ssh_dir = Path(user.pw_dir) / ".ssh"
    ssh_dir.mkdir(mode=0o700, exist_ok=True)
    os.chown(ssh_dir, user.pw_uid, user.pw_gid)
    # One authorized_keys file per test run, so tests running at the same time do not share one.
    authorized = ssh_dir / f"authorized_keys.hiring-test-{secrets.token_hex(6)}"
    authorized.write_text((work / "client_key.pub").read_text())
    os.chown(authorized, user.pw_uid, user.pw_gid)
    authorized.chmod(0o600)
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation folder (the service makes it too)
    port = free_port()
    (work / "sshd_config").write_text(
        f"""Port {port}
ListenAddress 127.0.0.1
HostKey {work}/host_key
PidFile {work}/sshd.pid
AuthorizedKeysFile .ssh/{authorized.name}
AllowUsers {DEPLOY_USER}
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM no
StrictModes yes
LogLevel VERBOSE
"""
    )
    known_hosts = work / "known_hosts"
    host_key = (work / "host_key.pub").read_text().split()
    known_hosts.write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    process = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(work / "sshd_config"), "-E", str(work / "sshd.log")], stderr=subprocess.PIPE
    )
    log = work / "sshd.log"
    wait_for_port(process, port, lambda: f"sshd did not start: {log.read_text() if log.exists() else ''}")
    return Sshd(process, port, DEPLOY_USER, work / "client_key", known_hosts, work, authorized)
