"""Searching published copies for traces of a candidate: the files of a folder, the objects of a git repository.

Purge and ``invoke verify-erased`` (:mod:`hiring_kb.publish.purge`, :mod:`hiring_kb.publish.purge_verify`) and the
targets' purge (:mod:`hiring_kb.publish.targets`) call these with the candidate's needles (id, name,
private values in every written form). Needles are compared as :func:`hiring_kb.base.folded_text.fold`
folds. Nothing here deletes anything.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from hiring_kb.base.folded_text import fold, holds_any
from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.git_runner import run_git
from hiring_kb.sources.deploy_settings import DeployConfig


def _folded(needles: Iterable[str]) -> list[str]:
    return sorted({fold(n) for n in needles if n and fold(n)})


def find_in_tree(folder: Path, needles: Iterable[str]) -> list[str]:
    """Relative paths of files under ``folder`` whose text contains a needle.

    Compared as :func:`hiring_kb.base.folded_text.fold` folds (case, Unicode compatibility forms,
    invisible characters and runs of white space ignored), in the text as written and, for HTML
    and JSON, as decoded. Files are read as UTF-8 with errors ignored (binary files are searched
    too, for what text they hold).
    """
    folded = _folded(needles)
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if holds_any(path.read_bytes(), folded, path.suffix.lower()):
            hits.append(path.relative_to(folder).as_posix())
    return hits


def find_in_git_branch(config: DeployConfig, needles: Iterable[str]) -> list[str]:
    """Objects reachable from the remote branch (its whole history) that contain a needle.

    Fetches only that branch into a scratch repository and reads every object it received.
    Returns descriptions such as ``"blob 3f2a…"`` (empty when the branch cannot be fetched).
    """
    with tempfile.TemporaryDirectory(prefix="hiring-check-") as work:
        scratch = Path(work)
        run_git("init", "-q", "--bare", str(scratch))
        try:
            run_git(
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
    listing = run_git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)", cwd=git_dir)
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
        if holds_any(body, folded, ""):
            hits.append(f"{kind} {oid}")
    return hits
