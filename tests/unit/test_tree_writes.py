"""The file writes of a compiled tree (hiring_kb.rendering.tree_writes): owner-only, written only when changed, and
the removal of files gone with the folders they leave empty."""

from __future__ import annotations

import stat
from pathlib import Path

from hiring_kb.rendering.tree_writes import (
    GITIGNORE,
    prepare_build_folder,
    remove_all_but,
    remove_files,
    write_if_changed,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_file_is_written_owner_only_and_only_when_its_bytes_change(tmp_path: Path) -> None:
    path = tmp_path / "tree" / "candidates" / "c-1.md"
    assert write_if_changed(path, b"# Ada\n") is True
    assert (_mode(path), _mode(path.parent), _mode(path.parent.parent)) == (0o600, 0o700, 0o700)
    assert write_if_changed(path, b"# Ada\n") is False
    assert write_if_changed(path, b"# Ada L.\n") is True
    assert path.read_bytes() == b"# Ada L.\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["c-1.md"]  # no temp file left


def test_the_build_folder_is_made_owner_only_and_ignored_by_git(tmp_path: Path) -> None:
    folder = tmp_path / ".hiring-build"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    prepare_build_folder(folder)
    assert _mode(folder) == 0o700
    assert (folder / ".gitignore").read_bytes() == GITIGNORE


def test_removed_files_take_the_folders_they_leave_empty_with_them(tmp_path: Path) -> None:
    tree = tmp_path / "docs"
    for relative in ("candidates/c-1/index.md", "candidates/c-2/index.md", "roles/index.md"):
        write_if_changed(tree / relative, b"x")
    remove_files(tree, {"candidates/c-1/index.md"})
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*")) == [
        "candidates",
        "candidates/c-2",
        "candidates/c-2/index.md",
        "roles",
        "roles/index.md",
    ]
    remove_all_but(tree, {"roles/index.md"})
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*")) == ["roles", "roles/index.md"]
