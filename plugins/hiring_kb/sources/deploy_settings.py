"""The ``deploy:`` settings of hiring.yml: their schema, defaults and :class:`DeployConfig`.

Read by :mod:`hiring_kb.sources.settings` while loading hiring.yml; the deploy code itself (git, rsync,
releases, subprocesses) is in the publish modules named in :mod:`hiring_kb.publish.deploy`. Kept apart
so that loading settings (and with them the role fit) never imports the deploy code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TARGETS = ("dir", "git", "rsync")
DEFAULT_KEEP = 5
DEFAULT_BRANCH = "site"
#: The branch reviewed data is deployed from (``deploy.branch``): what pull requests merge into.
DEFAULT_SOURCE_BRANCH = "main"
#: Debian's nginx and Apache workers run as this user.
DEFAULT_WEB_USER = "www-data"
#: The remote a pull-based server fetches the deploy branch from (``deploy.pull_remote``).
DEFAULT_PULL_REMOTE = "origin"

DEPLOY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["target"],
    "properties": {
        "target": {
            "enum": list(TARGETS),
            "x-hint": "dir (a folder served by nginx), rsync (that folder on another server, over ssh) "
            "or git (a branch of a remote)",
        },
        "path": {"type": "string", "minLength": 1, "x-hint": "folder that will hold releases/ and current"},
        "host": {
            "type": "string",
            "pattern": r"^([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+$|^([A-Za-z0-9._-]+@)?\[[0-9A-Fa-f:.]+\]$",
            "x-hint": "the web server to publish to over ssh, as user@host, e.g. deploy@wiki.example.com",
        },
        "user": {
            "type": "string",
            "pattern": r"^[A-Za-z0-9_][A-Za-z0-9._-]*$",
            "x-hint": "the deploy user on the web server, e.g. hiring-deploy (not root)",
        },
        "port": {"type": "integer", "minimum": 1, "maximum": 65535, "x-hint": "the ssh port of the web server"},
        "identity": {"type": "string", "minLength": 1, "x-hint": "the private ssh key file that may log in"},
        "known_hosts": {
            "type": "string",
            "minLength": 1,
            "x-hint": "a file with the web server's host key (ssh-keyscan output, checked by you)",
        },
        "pull_remote": {
            "type": "string",
            "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
            "x-hint": "the git remote a pull-based server fetches deploy.branch from, e.g. origin",
        },
        "keep": {"type": "integer", "minimum": 1, "maximum": 100, "x-hint": "releases to keep for rollback"},
        "remote": {"type": "string", "minLength": 1, "x-hint": "a git URL or a path to a repository"},
        "branch": {
            "type": "string",
            "pattern": r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
            "x-hint": "the branch pull requests merge into, such as 'main': deploy publishes only from it",
        },
        "publish_branch": {
            "type": "string",
            "pattern": r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
            "x-hint": "a plain branch name such as 'site' (git target; with audiences: site-<audience>)",
        },
        "group": {
            "type": "string",
            "minLength": 1,
            "x-hint": "the web server's group, e.g. www-data: releases become 0750/0640 with that group",
        },
        "web_user": {
            "type": "string",
            "minLength": 1,
            "x-hint": "the user the web server's workers run as, e.g. www-data",
        },
    },
    "allOf": [
        {"if": {"properties": {"target": {"const": "dir"}}}, "then": {"required": ["path"]}},
        {"if": {"properties": {"target": {"const": "git"}}}, "then": {"required": ["remote"]}},
        {
            "if": {"properties": {"target": {"const": "rsync"}}},
            "then": {
                "required": ["host", "path"],
                "properties": {
                    "path": {"pattern": "^/", "x-hint": "an absolute folder on the web server, e.g. /srv/hiring-wiki"}
                },
            },
        },
    ],
}


@dataclass(frozen=True)
class DeployConfig:
    """The ``deploy:`` settings. ``path`` (dir) is absolute; ``remote`` (git) is a URL or an
    absolute path; ``keep`` is the number of releases kept (dir)."""

    target: str
    path: Path | None = None
    keep: int = DEFAULT_KEEP
    remote: str | None = None
    #: The branch of the remote the site is pushed to (git target).
    publish_branch: str = DEFAULT_BRANCH
    #: The branch of this repository deploys are allowed from (hiring_kb.publish.release_gate).
    branch: str = DEFAULT_SOURCE_BRANCH
    #: Group of the release files (modes 0750/0640); None: readable by everyone (0755/0644).
    group: str | None = None
    #: The user whose read access is checked after the switch; None: www-data where it exists.
    web_user: str | None = None
    #: rsync target: ``user@host`` to log in to, its ssh port (None: ssh's default), the private key
    #: file and the known_hosts file holding the server's host key (None: ssh's own settings).
    host: str | None = None
    user: str | None = None
    port: int | None = None
    identity: Path | None = None
    known_hosts: Path | None = None
    #: The git remote ``invoke deploy --from-remote`` fetches ``branch`` from.
    pull_remote: str = DEFAULT_PULL_REMOTE

    @classmethod
    def from_settings(cls, values: Mapping[str, Any] | None, root: Path) -> DeployConfig | None:
        """Build from the schema-checked ``deploy:`` mapping (relative paths against ``root``);
        None when there is no ``deploy:`` section."""
        if not values:
            return None
        path = values.get("path")
        remote = values.get("remote")
        if remote is not None and _is_local_path(str(remote)):
            remote = str((root / str(remote)).resolve())
        target = str(values["target"])
        if path is not None:  # an rsync path is a folder on the web server, taken as written
            path = Path(str(path)) if target == "rsync" else (root / str(path)).resolve()
        return cls(
            target=target,
            path=path,
            keep=int(values.get("keep", DEFAULT_KEEP)),
            remote=None if remote is None else str(remote),
            publish_branch=str(values.get("publish_branch", DEFAULT_BRANCH)),
            branch=str(values.get("branch", DEFAULT_SOURCE_BRANCH)),
            group=None if values.get("group") is None else str(values["group"]),
            web_user=None if values.get("web_user") is None else str(values["web_user"]),
            host=None if values.get("host") is None else str(values["host"]),
            user=None if values.get("user") is None else str(values["user"]),
            port=None if values.get("port") is None else int(values["port"]),
            identity=_local_file(values.get("identity"), root),
            known_hosts=_local_file(values.get("known_hosts"), root),
            pull_remote=str(values.get("pull_remote", DEFAULT_PULL_REMOTE)),
        )

    def describe(self) -> str:
        """Where this target publishes, in one line."""
        if self.target == "dir":
            return f"folder {self.path} (releases/ + current symlink, keep {self.keep})"
        if self.target == "rsync":
            port = f" port {self.port}" if self.port else ""
            host = f"{self.user}@{self.host}" if self.user else self.host
            return f"folder {self.path} on {host}{port} over ssh (releases/ + current symlink, keep {self.keep})"
        return f"branch '{self.publish_branch}' of {self.remote} (one orphan commit, force-pushed)"


def _local_file(value: Any, root: Path) -> Path | None:
    """A file setting on this machine: ``~`` expanded, relative paths against ``root``."""
    if value is None:
        return None
    return (root / Path(str(value)).expanduser()).resolve()


def _is_local_path(remote: str) -> bool:
    """True for a filesystem path (not ``scheme://`` nor scp-like ``host:path``)."""
    if "://" in remote:
        return False
    head = remote.split("/", 1)[0]
    return ":" not in head
