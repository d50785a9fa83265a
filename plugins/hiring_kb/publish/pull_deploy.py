"""Pull-based deploys: the web server fetches what was merged and publishes it (``invoke deploy --from-remote``).

Meant to run on the web server as an unprivileged deploy user, from a systemd timer
(``deploy/systemd/hiring-wiki-deploy.{service,timer}``) or a self-hosted CI runner, in a clone of the
data repository. One run:

1. fetch ``deploy.branch`` (default ``main``) from ``deploy.pull_remote`` (default ``origin``);
2. compare it with the source commit of the newest release on the target (its record): the same
   commit means nothing new was merged (the run ends, nothing is rebuilt; so a rollback is not
   undone by the next run); a commit that does not contain the live one in its history is refused
   (a force-push rewrote the branch: what it holds was never reviewed as a change of the live site);
3. check the fetched commit out on ``deploy.branch`` and run :func:`hiring_kb.publish.publishing.deploy_project`:
   reviewed-data check, validation, strict build, leak audit, publish. Nothing is published on any failure.

A rewrite that was intended (``git filter-repo`` after a purge) is published once with
``--accept-rewrite <commit>``, naming the fetched commit the admin checked.

Raises :class:`~hiring_kb.publish.deploy.DeployError` with a message for the admin.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import subprocess
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO

from hiring_kb.base.progress import Progress
from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.git_runner import run_git
from hiring_kb.publish.publishing import Say, deploy_project, load_checked_settings, sites_of, target_of
from hiring_kb.publish.targets import target_for

#: The lock file (inside .git) that keeps two runs from deploying at once.
LOCK_NAME = "hiring-wiki-deploy.lock"


def _step(progress: Progress | None, label: str) -> AbstractContextManager[object]:
    return progress.step(label) if progress is not None else nullcontext()


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    """True when commit ``older`` is in the history of ``newer`` (so ``newer`` is a fast-forward of
    it); False when it is not, or when ``older`` is not in this repository at all."""
    completed = subprocess.run(
        ["git", "-C", str(root), "merge-base", "--is-ancestor", older, newer],
        capture_output=True, text=True, check=False, env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"},
    )  # fmt: skip
    return completed.returncode == 0


def live_commits(root: Path, site_dir: Path) -> list[str | None]:
    """Per site (audience), the source commit of its newest release on the target (None: none yet)."""
    settings = load_checked_settings(root)
    config = target_of(settings)
    return [
        target_for(site.config).last_published_commit() for site in sites_of(settings, site_dir, config) if site.config
    ]


def deploy_from_remote(
    root: Path,
    mkdocs_config: Path,
    site_dir: Path,
    say: Say = print,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    accept_rewrite: str | None = None,
) -> str:
    """Fetch the deploy branch and publish it when it is a new, fast-forward commit (module docstring).

    Args:
        root: the server's clone of the data repository (its ``deploy.pull_remote`` is the forge).
        mkdocs_config, site_dir, say, today, now, progress: as :func:`hiring_kb.publish.publishing.deploy_project`.
        accept_rewrite: a commit id (7 to 40 hex digits) the admin checked: publish it even though
            it does not contain the live commit.

    Returns the summary line (``up to date: ...`` when nothing new was merged). Raises DeployError
    when fetching fails, the branch was rewritten, another run holds the lock, or any deploy step fails.
    """
    settings = load_checked_settings(root)
    config = target_of(settings)
    with _lock(root):
        tracking = f"refs/remotes/{config.pull_remote}/{config.branch}"
        with _step(progress, f"fetching '{config.branch}' from {config.pull_remote}"):
            run_git("fetch", "-q", "--no-tags", config.pull_remote, f"+refs/heads/{config.branch}:{tracking}", cwd=root)
        fetched = run_git("rev-parse", "--verify", "-q", f"{tracking}^{{commit}}", cwd=root).strip()
        lives = live_commits(root, site_dir)
        if lives and all(live == fetched for live in lives):
            return f"up to date: commit {fetched[:12]} of '{config.branch}' is the newest release, nothing to publish"
        _refuse_rewrites(root, config.pull_remote, config.branch, fetched, lives, accept_rewrite, say)
        try:
            run_git("checkout", "-q", "-B", config.branch, tracking, cwd=root)
            run_git("branch", "-q", f"--set-upstream-to={config.pull_remote}/{config.branch}", config.branch, cwd=root)
        except DeployError as exc:
            raise DeployError(
                f"{exc}: the clone {root} has local changes in the way of commit {fetched[:12]}; nothing was "
                "published. Look at 'git status' there (a purge run on the server leaves its deletion to commit)"
            ) from None
        say(f"fetched: commit {fetched[:12]} of '{config.branch}' from {config.pull_remote}")
        result = deploy_project(root, mkdocs_config, site_dir, say, today, now, progress=progress)
        return result.summary()


def _refuse_rewrites(
    root: Path,
    remote: str,
    branch: str,
    fetched: str,
    lives: list[str | None],
    accept_rewrite: str | None,
    say: Say,
) -> None:
    """DeployError unless ``fetched`` contains every live commit (or is the accepted rewrite)."""
    accepted = (
        bool(accept_rewrite) and len(accept_rewrite or "") >= 7 and fetched.startswith(str(accept_rewrite).lower())
    )
    if accept_rewrite and not accepted:
        raise DeployError(
            f"--accept-rewrite {accept_rewrite} is not the commit '{branch}' of {remote} is at now ({fetched[:12]}), "
            "nothing was published: name the commit you checked (at least 7 hex digits)"
        )
    for live in sorted({live for live in lives if live}):
        if live == fetched or is_ancestor(root, live, fetched):
            continue
        if accepted:
            say(
                f"warning: --accept-rewrite: publishing {fetched[:12]}, which does not contain the live commit "
                f"{live[:12]}"
            )
            continue
        raise DeployError(
            f"'{branch}' of {remote} is at commit {fetched[:12]}, which does not contain the live commit {live[:12]}: "
            "its history was rewritten (a force-push), so it may hold changes nobody reviewed. Nothing was published. "
            f"Find out on the forge who rewrote '{branch}' and why; if it was intended (e.g. git filter-repo after a "
            f"purge), publish it once with: invoke deploy --from-remote --accept-rewrite {fetched[:12]}"
        )


def _lock(root: Path) -> AbstractContextManager[object]:
    """Hold an exclusive lock in the repository's git folder; DeployError when another run has it."""
    git_dir = Path(run_git("rev-parse", "--absolute-git-dir", cwd=root).strip())
    handle = open(git_dir / LOCK_NAME, "a+")  # noqa: SIM115 - closed by _Held
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise DeployError(
            f"another deploy is running in {root} (it holds {git_dir / LOCK_NAME}); nothing was done"
        ) from None
    return _Held(handle)


class _Held:
    """Releases the lock (closes its file) when the ``with`` block ends."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self._handle.close()
