"""Finding the source files of a project: roles, candidate folders and interview notes.

Walks the folders with ``os.scandir`` (one directory read each, no per-file
stat), and reports what would otherwise be silently ignored or read from the
wrong place: files the loader does not read (``stray-file``, e.g. a role saved
as ``.yaml`` or a CV dropped next to ``candidate.yml``), symbolic links that
leave the project (``symlink-outside-repo``: their target would be validated
and published as if it were ours), and folder or file names that are the same
on a case-insensitive file system (``id-collision``). One folder walker
(``_entries``: skip rules, links leaving the project) serves the roles folder,
the candidates folder, each candidate folder and its ``interviews/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hiring_kb.base.diagnostics import Diagnostic, Position, error, register_rules, warning
from hiring_kb.base.names import id_key
from hiring_kb.sources.settings import Settings

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "missing-dir": "no roles/ folder, or a candidates folder named in hiring.yml that does not exist",
        "id-collision": "two role files or candidate folders whose names differ only in case or Unicode form",
        "stray-file": "warning: a file that is never read (role.yaml, a CV in a candidate folder, notes.txt)",
        "symlink-outside-repo": "a symbolic link that leads outside the repository",
    },
)

CANDIDATE_FILE = "candidate.yml"
INTERVIEWS_DIR = "interviews"


@dataclass
class Sources:
    """What :func:`find_sources` found: role files and candidate folders, sorted by name."""

    roles: list[Path] = field(default_factory=list)
    candidate_folders: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _hidden_or_draft(name: str) -> bool:
    """True for dot-files and ``_`` folders of the candidates folder (drafts, templates): skipped."""
    return name.startswith((".", "_"))


def _not_a_stray_candidate_entry(name: str) -> bool:
    """True for the names a candidate folder walk skips: dot-files and ``candidate.yml`` (read by the loader)."""
    return _hidden(name) or name == CANDIDATE_FILE


def _scan(directory: Path, settings: Settings, problems: list[Diagnostic]) -> list[os.DirEntry[str]]:
    """Entries of ``directory`` sorted by name; an ``unreadable`` error when it cannot be listed."""
    try:
        with os.scandir(directory) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError as exc:
        problems.append(
            error(
                Position(settings.label(directory)),
                "unreadable",
                f"cannot list folder: {exc.strerror or exc}",
                "check the folder's permissions",
            )
        )
        return []


def leaves_project(path: Path, settings: Settings, is_link: bool | None = None) -> Diagnostic | None:
    """A ``symlink-outside-repo`` error when ``path`` is a symbolic link resolving outside the project root.

    ``is_link`` may pass what a directory entry already knows, to skip an ``lstat``.
    """
    if not (path.is_symlink() if is_link is None else is_link):
        return None
    target = path.resolve()
    root = settings.root.resolve()
    if target == root or root in target.parents:
        return None
    return error(
        Position(settings.label(path)),
        "symlink-outside-repo",
        f"symbolic link points outside the project, to {target}",
        "copy the file into the repository (or remove the link): files outside it are not reviewed in pull requests",
    )


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _stray(path: Path, settings: Settings, what: str, hint: str) -> Diagnostic:
    return warning(Position(settings.label(path)), "stray-file", f"{what} is not read here", hint)


def _this(entry: os.DirEntry[str]) -> str:
    """ "this folder" or "this file", so a stray message names what the user sees."""
    return "this folder" if _is_dir(entry) else "this file"


def _collisions(paths: list[Path], settings: Settings, what: str, name_of: Callable[[Path], str]) -> list[Diagnostic]:
    """``id-collision`` errors for names that are equal ignoring case and Unicode form."""
    groups: dict[str, list[Path]] = {}
    for path in paths:
        groups.setdefault(id_key(name_of(path)), []).append(path)
    found = []
    for members in groups.values():
        if len(members) < 2:
            continue
        for path in members:
            others = ", ".join(f"'{name_of(p)}'" for p in members if p is not path)
            found.append(
                error(
                    Position(settings.label(path)),
                    "id-collision",
                    f"{what} '{name_of(path)}' is the same as {others} on case-insensitive file systems",
                    "rename one: on macOS and Windows both would be one folder or file, "
                    "and one page overwrites the other",
                )
            )
    return found


def _entries(
    directory: Path, settings: Settings, problems: list[Diagnostic], skip: Callable[[str], bool], links: bool = True
) -> Iterator[tuple[os.DirEntry[str], Path]]:
    """The folder walker: the entries of ``directory`` by name, with their paths, less those ``skip`` names.

    With ``links`` (the default), an entry that is a symbolic link leaving the project is reported
    (``symlink-outside-repo``, into ``problems``) and left out, whatever it points to (a folder, a
    file); without, the caller judges links itself. A folder that cannot be listed is an
    ``unreadable`` error and yields nothing.
    """
    for entry in _scan(directory, settings, problems):
        if skip(entry.name):
            continue
        path = Path(entry.path)
        link = leaves_project(path, settings, entry.is_symlink()) if links else None
        if link is not None:
            problems.append(link)
        else:
            yield entry, path


def find_sources(settings: Settings) -> Sources:
    """List ``roles/*.yml`` and the candidate folders under the settings' directories.

    Dot-files are skipped everywhere; folders starting with ``_`` under
    candidates/ are skipped (drafts, templates). A missing roles folder is a
    ``missing-dir`` error; a missing ``candidates/`` means no candidates yet,
    but a missing candidates folder that hiring.yml names is a ``missing-dir`` error.
    """
    found = Sources()
    problems = found.diagnostics
    roles_link = leaves_project(settings.roles_dir, settings)
    candidates_link = leaves_project(settings.candidates_dir, settings)
    problems += [link for link in (roles_link, candidates_link) if link is not None]
    if not settings.roles_dir.is_dir():
        problems.append(
            error(Position(settings.label(settings.roles_dir)), "missing-dir", "roles folder not found", "create it")
        )
    elif roles_link is None:
        found.roles = _role_files(settings, problems)
        problems += _collisions(found.roles, settings, "role id", lambda p: p.stem)
    if settings.candidates_dir.is_dir() and candidates_link is None:
        found.candidate_folders = _candidate_folders(settings, problems)
        problems += _collisions(found.candidate_folders, settings, "candidate id", lambda p: p.name)
    elif not settings.candidates_dir.exists() and settings.candidates_dir != settings.root / "candidates":
        # the default folder may be absent (no candidates yet); one named in hiring.yml is a typo
        problems.append(
            error(
                Position(settings.label(settings.candidates_dir)),
                "missing-dir",
                "candidates folder set in hiring.yml not found",
                "fix 'candidates_dir' in hiring.yml or create the folder",
            )
        )
    return found


def _role_files(settings: Settings, problems: list[Diagnostic]) -> list[Path]:
    """The ``<role-id>.yml`` files of the roles folder; anything else there is a ``stray-file`` warning."""
    roles: list[Path] = []
    for entry, path in _entries(settings.roles_dir, settings, problems, _hidden):
        if entry.name.endswith(".yml") and not _is_dir(entry):
            roles.append(path)
        elif entry.name.endswith(".yaml") and not _is_dir(entry):
            problems.append(_stray(path, settings, "a '.yaml' file", f"rename it to '{path.stem}.yml'"))
        else:
            problems.append(
                _stray(path, settings, _this(entry), "the roles folder holds one '<role-id>.yml' file per role")
            )
    return roles


def _candidate_folders(settings: Settings, problems: list[Diagnostic]) -> list[Path]:
    """The folders of the candidates folder (not ``.``/``_`` ones); a file there is a ``stray-file`` warning."""
    folders: list[Path] = []
    for entry, path in _entries(settings.candidates_dir, settings, problems, _hidden_or_draft):
        if _is_dir(entry):
            folders.append(path)
        else:
            problems.append(
                _stray(
                    path, settings, "this file", "each candidate is a folder 'candidates/<id>/' with a candidate.yml"
                )
            )
    return folders


def find_notes(folder: Path, settings: Settings) -> tuple[list[Path], list[Diagnostic]]:
    """The interview notes (``interviews/*.md``) of a candidate folder, sorted by name.

    Also reports stray files in the folder and in ``interviews/`` (warnings)
    and notes that are links leaving the project (errors, left out).
    """
    problems: list[Diagnostic] = []
    interviews_dir = _interviews_dir(folder, settings, problems)
    notes = [] if interviews_dir is None else _note_files(interviews_dir, settings, problems)
    return notes, problems


def _interviews_dir(folder: Path, settings: Settings, problems: list[Diagnostic]) -> Path | None:
    """The ``interviews/`` folder of a candidate folder, or None (absent, or a link leaving the project).

    Everything else in the folder but ``candidate.yml`` is a ``stray-file`` warning (links included:
    only ``interviews/`` is followed, so only it is judged as a link).
    """
    interviews_dir: Path | None = None
    for entry, path in _entries(folder, settings, problems, _not_a_stray_candidate_entry, links=False):
        if entry.name == INTERVIEWS_DIR and _is_dir(entry):
            link = leaves_project(path, settings, entry.is_symlink())
            if link is not None:
                problems.append(link)
            else:
                interviews_dir = path
        elif entry.name.casefold() in ("candidate.yaml", "candidate.yml"):
            problems.append(_stray(path, settings, f"'{entry.name}'", f"rename it to '{CANDIDATE_FILE}'"))
        elif entry.name.endswith(".md") and not _is_dir(entry):
            problems.append(
                _stray(path, settings, "a note outside interviews/", f"move it to '{INTERVIEWS_DIR}/{entry.name}'")
            )
        else:
            problems.append(_stray(path, settings, "this file", _DOCUMENTS_HINT))
    return interviews_dir


_DOCUMENTS_HINT = (
    "a candidate folder holds candidate.yml and interviews/ only; keep documents such as CVs "
    "out of the repository (private data is published by accident otherwise)"
)
_NO_FOLDERS_HINT = (
    "interviews/ holds one '<date>-<stage>-<interviewer>.md' file per interview, no folders: "
    "move the notes inside it up into interviews/ and remove the folder"
)


def _note_files(interviews_dir: Path, settings: Settings, problems: list[Diagnostic]) -> list[Path]:
    """The ``*.md`` notes of ``interviews/``; folders and other files there are ``stray-file`` warnings."""
    notes: list[Path] = []
    for entry, path in _entries(interviews_dir, settings, problems, _hidden):
        if _is_dir(entry):
            problems.append(_stray(path, settings, "this folder", _NO_FOLDERS_HINT))
        elif entry.name.endswith(".md"):
            notes.append(path)
        else:
            hint = (
                f"rename it to '{Path(entry.name).stem}.md'"
                if entry.name.lower().endswith((".md", ".markdown", ".txt"))
                else "interviews/ holds one '<date>-<stage>-<interviewer>.md' note per interview"
            )
            problems.append(_stray(path, settings, "this file", hint))
    return notes
