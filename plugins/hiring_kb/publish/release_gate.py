"""Only reviewed data is published: the git state a deploy is allowed from (docs/publishing.md).

Interviewers change scorecards through pull requests; the review is what keeps a wrong note or
a leaked detail off the site. :func:`check_reviewed` refuses a deploy when the files that make
the site (the data folders, MkDocs' docs folder, ``mkdocs.yml`` and ``hiring.yml``) have
changes that are not committed, untracked or git-ignored files, when ``HEAD`` is not on
``deploy.branch`` (default ``main``), or when that branch has commits its upstream does not
(not pushed, so never reviewed). ``--allow-dirty`` turns the refusal into a warning.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.publish.deploy import DeployError
from hiring_kb.sources.deploy_settings import DEFAULT_SOURCE_BRANCH
from hiring_kb.sources.project_folders import docs_folder
from hiring_kb.sources.settings import SETTINGS_FILE, Settings

#: How many changed files a refusal lists before "and N more".
SHOWN_CHANGES = 10


@dataclass(frozen=True)
class SourceState:
    """Where the site is built from: ``commit`` (full id, None outside git), ``branch`` (None when
    detached) and ``problems`` (why it is not reviewed data; empty when it is)."""

    commit: str | None
    branch: str | None
    problems: tuple[str, ...]

    @property
    def record(self) -> dict[str, object]:
        """What a release records about its source (:func:`hiring_kb.publish.releases.write_record`)."""
        return {
            "commit": self.commit or "none (not a git repository)",
            "branch": self.branch or "none",
            "dirty": bool(self.problems),
        }


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=False)


def reviewed_paths(settings: Settings) -> list[str]:
    """The files and folders the site is made of, relative to the project root: roles and
    candidates folders, MkDocs' docs folder, mkdocs.yml, hiring.yml."""
    paths = [
        settings.roles_dir,
        settings.candidates_dir,
        docs_folder(settings.root),
        settings.root / "mkdocs.yml",
        settings.root / SETTINGS_FILE,
    ]
    return list(dict.fromkeys(settings.label(p) for p in paths))


def source_state(settings: Settings, branch: str = DEFAULT_SOURCE_BRANCH, ignore: Iterable[Path] = ()) -> SourceState:
    """The git state of the project and every reason it is not reviewed data.

    Args:
        settings: the project (its root and data folders).
        branch: the branch deploys must run from (``deploy.branch``).
        ignore: folders whose changes are expected (purge deleted a candidate's folder).

    Returns the state; never raises (git missing or no repository is a problem in the list).
    """
    root = settings.root
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree")
    except OSError:
        return SourceState(None, None, ("git is not installed, so nothing shows this is reviewed data",))
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return SourceState(None, None, (f"{root} is not a git repository, so nothing shows this is reviewed data",))
    head = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    commit = head.stdout.strip() or None
    current = _git(root, "symbolic-ref", "--short", "-q", "HEAD").stdout.strip() or None
    problems: list[str] = []
    if commit is None:
        problems.append("nothing is committed yet")
    if current is None:
        problems.append(f"HEAD is not on a branch (detached at {commit[:12] if commit else '?'}): check out '{branch}'")
    elif current != branch:
        problems.append(
            f"HEAD is on branch '{current}', not '{branch}' (deploy.branch): merge the pull request, "
            f"then deploy from '{branch}'"
        )
    ignored = [settings.label(p).rstrip("/") + "/" for p in ignore]
    top = Path(_git(root, "rev-parse", "--show-toplevel").stdout.strip() or root)
    paths, hidden = _paths_behind(settings, reviewed_paths(settings))
    problems += hidden
    changes = _unreviewed_changes(root, top, paths, ignored)
    if changes:
        shown = changes[:SHOWN_CHANGES]
        more = f" and {len(changes) - SHOWN_CHANGES} more" if len(changes) > SHOWN_CHANGES else ""
        problems.append(
            "files that are not reviewed: "
            + ", ".join(shown)
            + more
            + " — commit them through a pull request (or remove them)"
        )
    if current is not None and commit is not None:
        ahead = _git(root, "rev-list", "--count", "@{upstream}..HEAD")
        if ahead.returncode == 0 and ahead.stdout.strip() not in ("", "0"):
            problems.append(
                f"branch '{current}' has {ahead.stdout.strip()} commit(s) its upstream does not: "
                "push them and let them be reviewed"
            )
        elif ahead.returncode != 0 and _git(root, "remote").stdout.strip():
            # The repository has a remote (where pull requests are reviewed) but this branch follows none:
            # nothing shows its commits were ever pushed, let alone reviewed.
            problems.append(
                f"branch '{current}' has no upstream branch, so nothing shows its commits were reviewed: "
                f"git branch --set-upstream-to=origin/{current}"
            )
    return SourceState(commit, current, tuple(problems))


def _unreviewed_changes(root: Path, top: Path, paths: list[str], ignored: list[str]) -> list[str]:
    """``path (untracked | ignored by git | not committed)`` for every change git reports under
    ``paths`` (relative to ``root``; ``top`` is the repository's top), except under ``ignored`` folders."""
    status = _git(
        root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=traditional", "--", *paths
    )
    changes = []
    entries = status.stdout.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], _relative(root, top, entry[3:])
        if code[0] in "RC":
            index += 1  # the rename's source path follows
        if any(path.startswith(folder) for folder in ignored):
            continue
        kind = {"??": "untracked", "!!": "ignored by git"}.get(code, "not committed")
        changes.append(f"{path} ({kind})")
    return changes


def _paths_behind(settings: Settings, paths: list[str]) -> tuple[list[str], list[str]]:
    """``paths`` plus what they pull in from elsewhere, and the ways git was told to look away.

    Returns ``(paths to check, problems)``: the targets of symbolic links inside ``paths`` and the
    file mkdocs.yml inherits (``INHERIT:``) are checked too (an edit there changes the site); a
    link leaving the repository, a nested repository (its files are never in this one's review)
    and files git was told to skip (``--skip-worktree``, ``--assume-unchanged``) are problems.
    """
    root = settings.root.resolve()
    checked = list(paths)
    problems: list[str] = []
    listing = _git(root, "ls-files", "-s", "-v", "-z", "--", *paths).stdout.split("\0")
    for entry in filter(None, listing):
        tag, rest = entry.split(" ", 1)
        mode, _, _ = rest.split("\t", 1)[0].split(" ")
        name = rest.split("\t", 1)[1]
        if tag == "S" or tag.islower():
            problems.append(
                f"git is told to ignore changes to {name} (git update-index --no-skip-worktree "
                f"--no-assume-unchanged {name}): its content is not the reviewed one"
            )
        if mode == "160000":
            problems.append(f"{name} is another git repository inside the data: its files are never reviewed here")
        if mode == "120000":
            target = (root / name).resolve()
            if root not in target.parents:
                problems.append(f"{name} is a link to {target}, outside the repository: that is never reviewed")
            else:
                checked.append(target.relative_to(root).as_posix())
    inherited = _inherited_config(root / "mkdocs.yml")
    if inherited is not None:
        checked.append(settings.label(inherited))
    return list(dict.fromkeys(checked)), problems


def _inherited_config(config: Path) -> Path | None:
    """The file ``config`` names under ``INHERIT:`` (MkDocs merges it in), or None."""
    from ruamel.yaml import YAML

    try:  # round-trip loading accepts MkDocs' tags without running them
        data = YAML(typ="rt").load(config.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - an unreadable mkdocs.yml is reported by the build itself
        return None
    value = data.get("INHERIT") if isinstance(data, dict) else None
    return (config.parent / value).resolve() if isinstance(value, str) and value.strip() else None


def _relative(root: Path, top: Path, top_path: str) -> str:
    """A path from ``git status`` (relative to the repository top ``top``) relative to ``root``."""
    try:
        return (top / top_path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return top_path


def check_reviewed(state: SourceState, allow_dirty: bool) -> list[str]:
    """Warnings to print when ``allow_dirty`` (empty when the state is clean).

    Raises DeployError listing every problem when the state is not reviewed data and
    ``allow_dirty`` is False.
    """
    if not state.problems:
        return []
    if not allow_dirty:
        raise DeployError(
            "only reviewed data is published, and this is not, nothing was published:\n  - "
            + "\n  - ".join(state.problems)
            + "\n(to publish anyway, e.g. a first test deploy: invoke deploy --allow-dirty)"
        )
    return [f"warning: --allow-dirty: publishing data that is not reviewed: {p}" for p in state.problems]
