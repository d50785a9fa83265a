"""The hardened ``git`` runner every deploy and purge step uses (no hooks, no prompts, no system config).

Holds :func:`run_git` only. What the commands do (publishing a branch, searching objects, reading
refs) lives with their callers: :mod:`hiring_kb.publish.git_target`, :mod:`hiring_kb.publish.trace_search`,
:mod:`hiring_kb.publish.source_history`, :mod:`hiring_kb.publish.pull_deploy`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from hiring_kb.publish.deploy import DeployError


def run_git(*args: str, cwd: Path | None = None, input_text: str | None = None) -> str:
    """Run ``git <args>`` in ``cwd`` and return its standard output (text).

    Hooks are off (``core.hooksPath=/dev/null``), prompts are off (``GIT_TERMINAL_PROMPT=0``),
    the system config is not read and messages are in English (``LC_ALL=C``). Raises DeployError
    with git's last message line when git exits non-zero.
    """
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
