"""Start Debian's nginx for a test as it runs in production: the master as root (when the tests
run as root), the workers as the unprivileged ``www-data``, on 127.0.0.1 with a free port, with
a generated nginx.conf whose pid, logs and temporary folders live in a test folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
#: Debian's nginx workers run as this user (its package's nginx.conf: `user www-data;`).
WORKER_USER = "www-data"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(process: subprocess.Popen[bytes], port: int, failure: Callable[[], str], seconds: float = 15) -> None:
    """Wait until ``process`` answers on 127.0.0.1:``port``; kill it and raise RuntimeError(``failure()``)
    when it exits first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(failure()) from None
            time.sleep(0.05)


def require_nginx() -> None:
    if not Path(NGINX).exists():
        message = "Debian nginx is not installed (apt-get install nginx)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class Nginx:
    """A running nginx: ``host`` is ``127.0.0.1:<port>``."""

    process: subprocess.Popen[bytes]
    host: str
    work: Path

    def worker_users(self) -> set[int]:
        """Real user ids of the worker processes (children of the master)."""
        uids = set()
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(self.process.pid):
                uids.add(int(fields["Uid"].split()[0]))
        return uids

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_nginx(work: Path, server_body: str) -> Nginx:
    """Start nginx with one ``server`` on a free loopback port whose body is ``server_body``.

    ``work`` holds nginx.conf, the pid file, the error log and temporary folders. Workers run as
    :data:`WORKER_USER` when the tests run as root (as on a server), else as the test's user.
    """
    require_nginx()
    conf = work / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    port = free_port()
    user = f"user {WORKER_USER};\n" if os.geteuid() == 0 else ""
    (conf / "nginx.conf").write_text(
        f"""{user}daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/tmp-body;
    proxy_temp_path {work}/tmp-proxy;
    fastcgi_temp_path {work}/tmp-fastcgi;
    uwsgi_temp_path {work}/tmp-uwsgi;
    scgi_temp_path {work}/tmp-scgi;
    server {{
        listen 127.0.0.1:{port};
{server_body}
    }}
}}
"""
    )
    process = subprocess.Popen([NGINX, "-p", str(work), "-c", str(conf / "nginx.conf")], stderr=subprocess.PIPE)
    wait_for_port(
        process, port, lambda: f"nginx did not start: {process.stderr.read().decode() if process.stderr else ''}"
    )
    return Nginx(process, f"127.0.0.1:{port}", work)
