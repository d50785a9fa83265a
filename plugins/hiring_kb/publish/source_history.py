"""The project repository's git refs that still reach a candidate's folder (what a purge cannot rewrite).

Holds :func:`refs_reaching` only: purge and ``invoke verify-erased`` list these refs so that the
admin can rewrite or delete them; nothing here changes the repository.
"""

from __future__ import annotations

from pathlib import Path

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.git_runner import run_git


def refs_reaching(root: Path, folder: str) -> list[str]:
    """The git refs of the repository holding ``root`` whose history still has ``folder`` (a path
    relative to ``root``): branches, tags, remote-tracking branches, pull-request refs
    (``refs/pull/*``), notes, and each stash entry (``stash@{n}``). Empty outside a git repository."""
    try:
        listing = run_git("for-each-ref", "--format=%(refname)", cwd=root)
    except DeployError:
        return []
    found = []
    for ref in listing.split():
        if run_git("rev-list", "-1", ref, "--", folder, cwd=root).strip():
            found.append(ref)
    try:
        stashes = run_git("log", "--walk-reflogs", "--format=%gd %H", "refs/stash", cwd=root).splitlines()
    except DeployError:
        stashes = []
    for line in stashes[1:]:  # the first is refs/stash itself, listed above
        label, commit = line.split()
        if run_git("rev-list", "-1", commit, "--", folder, cwd=root).strip():
            found.append(label)
    return found
