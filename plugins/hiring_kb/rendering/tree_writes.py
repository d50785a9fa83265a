"""The file writes of a compiled tree: owner-only folders and files, written only when their bytes change,
the build folder's own ``.gitignore``, and the removal of files no page holds any more.

:mod:`hiring_kb.rendering.compiler` decides what goes into the tree; this module only writes and removes files, so
every write of personal data into the build folder goes through :func:`write_if_changed` (0600, atomic).
It does not know pages, keys or where trees live (that is :mod:`hiring_kb.rendering.compiler`).
"""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from pathlib import Path

#: Folders of the build folder are owner-only, and so are its files: the tree is a copy of what gets published.
FOLDER_MODE = 0o700
FILE_MODE = 0o600
GITIGNORE = b"# Compiled site sources (hiring_kb.rendering.compiler): personal data, never committed.\n*\n"


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` (0600, atomically: temp file and rename) unless it already holds exactly
    that. Returns True when the file was written. Parent folders are created 0700."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    make_private_dirs(path.parent)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, FILE_MODE)  # whatever the umask
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return True


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents as owner-only (0700) folders."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        with suppress(FileExistsError):
            path.mkdir(mode=FOLDER_MODE)
        os.chmod(path, FOLDER_MODE)


def prepare_build_folder(folder: Path) -> None:
    """Make the build folder owner-only (also when it already existed) and ignored by git: a ``.gitignore``
    of ``*`` inside it, whatever the repository's own says."""
    make_private_dirs(folder)
    os.chmod(folder, FOLDER_MODE)
    write_if_changed(folder / ".gitignore", GITIGNORE)


def remove_files(tree: Path, relatives: set[str]) -> None:
    """Delete the files ``relatives`` (paths under ``tree``) and the folders they leave empty, up to ``tree``."""
    for relative in sorted(relatives):
        path = tree / relative
        with suppress(FileNotFoundError):
            path.unlink()
        for folder in path.parents:
            if folder == tree or not folder.is_relative_to(tree):
                break
            with suppress(OSError):  # not empty: stop there
                folder.rmdir()
                continue
            break


def remove_all_but(tree: Path, keep: set[str]) -> None:
    """Delete every file under ``tree`` whose path (relative, with ``/``) is not in ``keep``, and every
    folder left empty: a walk of the whole tree."""
    for path in sorted(tree.rglob("*"), reverse=True):
        relative = path.relative_to(tree).as_posix()
        if path.is_file() or path.is_symlink():
            if relative not in keep:
                path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
