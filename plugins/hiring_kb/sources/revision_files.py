"""Reading a project at another git revision, for ``invoke review``: :func:`export_revision` writes the project
folder as it was at a commit into a temporary folder (``git archive``, folders and regular files only), and
:func:`data_files` reads the data files of a loaded project as bytes, so both sides can be compared.

It compares nothing and scores nothing: that is :mod:`hiring_kb.analysis.review`.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from hiring_kb.sources.settings import SETTINGS_FILE
from hiring_kb.sources.validate import ValidationReport


class ReviewError(Exception):
    """The base revision cannot be read (not a git repository, unknown revision); the message says what to do."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)


def export_revision(root: Path, rev: str, destination: Path) -> Path:
    """Write the project folder ``root`` as it was at git revision ``rev`` into ``destination``.

    Returns the project folder inside ``destination`` (the same path relative to the
    repository's top as ``root``). Raises :class:`ReviewError` when ``root`` is not in a git
    repository, ``rev`` is not a commit, or the project did not exist at ``rev``.
    """
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix.returncode != 0:
        raise ReviewError(f"{root} is not inside a git repository; review compares two git revisions")
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if commit.returncode != 0:
        raise ReviewError(f"'{rev}' is not a commit of this repository; give a branch, tag or commit, e.g. --base main")
    folder = prefix.stdout.decode().strip()
    archive = _git(root, "archive", "--format=tar", commit.stdout.decode().strip(), "--", folder or ".")
    if archive.returncode != 0:
        raise ReviewError(f"the project folder '{folder or '.'}' does not exist at '{rev}'")
    _extract(archive.stdout, destination)
    return destination / folder if folder else destination


def _extract(data: bytes, destination: Path) -> None:
    """Unpack ``git archive``'s tar: folders and regular files only, each inside ``destination``.

    (tarfile's ``filter="data"`` does the same from Python 3.11.4 / 3.10.12 on; Debian 12 ships 3.11.2.)
    Links are left out: the loader refuses data files that are links anyway.
    """
    root = destination.resolve()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar:
            target = (root / member.name).resolve()
            if root != target and root not in target.parents:
                raise ReviewError(f"the revision holds a path outside the project: {member.name}")
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                target.write_bytes(source.read())


def _files(root: Path, folders: tuple[Path, ...]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
                    found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def data_files(report: ValidationReport) -> dict[str, bytes]:
    """The data files of a loaded project (hiring.yml, roles/, candidates/; hidden files left out) as bytes by
    path relative to the project folder: what :func:`hiring_kb.analysis.review.compare` compares between revisions."""
    settings = report.settings
    files = _files(settings.root, (settings.roles_dir, settings.candidates_dir))
    hiring = settings.root / SETTINGS_FILE
    if hiring.is_file():
        files[SETTINGS_FILE] = hiring.read_bytes()
    return files
