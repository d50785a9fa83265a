"""Purge a candidate: erase them from the sources, caches, the built site and the deploy target.

``invoke purge ID`` (design.md §7, the retention deadline of :mod:`hiring_kb.retention`):

1. refuse while any other file still mentions the candidate's full name or id (listing
   ``path:line:col``; searched: roles, the published pages, other candidates, the text
   ``invoke import-notes`` kept for no one, hiring.yml and mkdocs.yml): deleting the folder
   would leave them on other pages;
2. delete ``candidates/<id>/``, the built ``site/`` and MkDocs/Material caches;
3. rebuild and redeploy through the same pipeline as ``invoke deploy`` (without a target:
   rebuild ``site/`` only);
4. dir target: delete older releases that still contain the candidate (a rollback must not
   bring them back); git target: the branch is one orphan commit, and a remote that is a
   local repository has its unreachable objects pruned;
5. check that neither the name nor the id is left in ``site/`` or on the target (every
   release; every object reachable from the published branch, and every object of a local
   remote) — a failed check is an error;
6. list what a program cannot reach: the source repository's history, clones and forks,
   backups, copies people made, the import's unassigned text (only searched for the full name
   and id) and the free-form notes file an imported candidate came from.

Names are searched as written, HTML-escaped and JSON-escaped (the search index escapes
non-ASCII), case-insensitively.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .deploy import (
    DeployConfig,
    DeployError,
    collect_garbage,
    find_in_all_objects,
    find_in_git_branch,
    find_in_tree,
    is_local_repository,
    remove_releases_containing,
)
from .diagnostics import Position
from .names import is_candidate_id
from .personal_data import read_candidate_sources
from .publishing import Say, load_checked_settings, refuse_unless_reviewed, republish_all
from .settings import SETTINGS_FILE, Settings, docs_folder

#: Files at the project root that can mention a candidate.
_SEARCHED_FILES = (SETTINGS_FILE, "mkdocs.yml")
#: The header import-notes writes into candidate.yml (hiring_kb.importer.candidate_yaml).
_IMPORTED_FROM = re.compile(r"^# Imported on \d{4}-\d{2}-\d{2} from (.+?), lines \d+-\d+", re.MULTILINE)
_TEXT_SUFFIXES = {".yml", ".yaml", ".md", ".markdown", ".txt", ".html", ".csv", ".json"}
#: Caches MkDocs plugins and Material keep next to the project.
CACHE_DIRS = (".cache",)


class PurgeError(DeployError):
    """The purge cannot go on (unknown id, mentions elsewhere, a leftover after the checks)."""


@dataclass(frozen=True)
class Mention:
    """A place outside the candidate's folder that names them: position and the matched text."""

    position: Position
    text: str

    def format(self) -> str:
        return f"{self.position}: mentions '{self.text}'"


@dataclass
class PurgeReport:
    """What a purge did, what it checked and what it cannot reach."""

    candidate_id: str
    removed: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


def needles_for(candidate_id: str, name: str | None) -> list[str]:
    """The strings whose presence means the candidate is still there: id and name, as written,
    HTML-escaped and JSON-escaped."""
    out = [candidate_id]
    if name:
        out += [name, html.escape(name), json.dumps(name)[1:-1]]
    return sorted(set(out), key=out.index)


def candidate_folder(settings: Settings, candidate_id: str) -> Path:
    """``candidates/<id>`` after checking that the id is a candidate id (:func:`hiring_kb.names.is_candidate_id`)
    whose folder exists.

    Raises PurgeError otherwise (so never for ``..`` or slashes: purge deletes what it names).
    """
    if not is_candidate_id(candidate_id):
        raise PurgeError(
            f"'{candidate_id}' is not a candidate id: 'c-' and 6 to 12 lowercase hex digits, the folder name "
            f"under {settings.label(settings.candidates_dir)}/"
        )
    folder = settings.candidates_dir / candidate_id
    if not folder.is_dir():
        raise PurgeError(f"no candidate '{candidate_id}': {settings.label(folder)}/ does not exist")
    return folder


def searched_places(settings: Settings) -> list[Path]:
    """Where :func:`find_mentions` looks, in this order: the roles folder, the published pages
    (MkDocs' docs_dir), the candidates folder, the text import-notes kept for no one
    (``import.unassigned_dir``: headings it could not read as a person land there), hiring.yml
    and mkdocs.yml. Paths as configured (settings keep them inside the project)."""
    places = [
        settings.roles_dir,
        docs_folder(settings.root),
        settings.candidates_dir,
        unassigned_folder(settings),
        *(settings.root / name for name in _SEARCHED_FILES),
    ]
    return list(dict.fromkeys(places))


def unassigned_folder(settings: Settings) -> Path:
    """The folder where ``invoke import-notes`` keeps text that belongs to no candidate."""
    return settings.root / settings.import_rules.unassigned_dir


def find_mentions(settings: Settings, candidate_id: str, name: str | None) -> list[Mention]:
    """Lines in other source files that contain the candidate's full name or id (case-insensitive).

    Searched: :func:`searched_places` (roles, published pages, other candidates' folders, the
    import's unassigned text, hiring.yml, mkdocs.yml), text files only.
    """
    own = settings.candidates_dir / candidate_id
    words = [w for w in (name, candidate_id) if w]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    found: list[Mention] = []
    for base in searched_places(settings):
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            if not path.is_file() or path.suffix.lower() not in _TEXT_SUFFIXES or own in path.parents:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.split("\n"), 1):
                for match in pattern.finditer(line):
                    found.append(Mention(Position(settings.label(path), number, match.start() + 1), match.group()))
    return found


def imported_from(candidate_file: Path) -> str | None:
    """The notes file a candidate was imported from (the header ``invoke import-notes`` writes
    into candidate.yml), or None: not imported, header removed, or the file unreadable."""
    try:
        match = _IMPORTED_FROM.search(candidate_file.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return match.group(1) if match else None


def unreachable_places(
    settings: Settings, candidate_id: str, config: DeployConfig | None, notes_file: str | None = None
) -> list[str]:
    """Where copies may remain that this command cannot erase, with what to do about each.

    ``notes_file``: the free-form notes the candidate was imported from (:func:`imported_from`).
    The import's unassigned text is listed when its folder holds files: it was searched for the
    full name and id, but notes kept there under a heading that was not read as a person (a
    first name, a nickname, "Paula (2nd call)") can only be found by reading them.
    """
    folder = settings.label(settings.candidates_dir / candidate_id)
    places = [
        f"this repository's git history: earlier commits still hold {folder}/ — rewrite it "
        f"(git filter-repo --invert-paths --path {folder}) and force-push, then have everyone re-clone",
        "other clones and forks of the repository, and open pull requests that touch the candidate",
        "backups of the repository, of the web server and of the deploy target",
        "copies people made: downloads, printouts, screenshots, messages",
    ]
    kept = unassigned_folder(settings)
    if kept.is_dir() and any(path.is_file() for path in kept.rglob("*")):
        places.append(
            f"text import-notes kept for no one in {settings.label(kept)}/: searched for the full name and id "
            "only; read it for notes under a first name or nickname and delete them (also from git history)"
        )
    if notes_file is not None:
        places.append(
            f"the free-form notes file '{notes_file}' the candidate was imported from, and its copies "
            "(shared drives, chat, mail): delete the candidate's section there"
        )
    if config is not None and config.target == "git" and not is_local_repository(config.remote):
        places.insert(
            1,
            f"unreachable objects on {config.remote}: the old commit is no longer on the branch, "
            "but the host keeps it until its own garbage collection (ask the host to run it)",
        )
    return places


def purge_candidate(
    root: Path,
    mkdocs_config: Path,
    site_dir: Path,
    candidate_id: str,
    say: Say = print,
    dry_run: bool = False,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> PurgeReport:
    """Erase one candidate everywhere this project publishes to (see the module docstring).

    Args:
        root, mkdocs_config, site_dir: the project, its mkdocs.yml and its built site folder.
        candidate_id: the folder name under ``candidates/``.
        say: receives progress messages.
        dry_run: only check and print what would be done.
        today, now: the validation date and the release timestamp (tests pass fixed ones).

    Returns the report. Raises PurgeError when the id is unknown, other files mention the
    candidate (nothing is deleted then), or a check after the redeploy still finds them;
    DeployError when rebuilding or redeploying fails (the files are deleted by then; fix the
    problem and run ``invoke deploy``).
    """
    settings = load_checked_settings(root)
    folder = candidate_folder(settings, candidate_id)
    notes_file = imported_from(folder / "candidate.yml")
    identities, _ = read_candidate_sources(settings)
    name = next((i.name for i in identities if i.candidate_id == candidate_id), None)
    mentions = find_mentions(settings, candidate_id, name)
    if mentions:
        raise PurgeError(
            f"other files still mention candidate '{candidate_id}'; edit them first, nothing was deleted:\n  "
            + "\n  ".join(m.format() for m in mentions)
        )
    config = settings.deploy
    if config is not None and not dry_run:  # the redeploy after deleting must not be refused
        refuse_unless_reviewed(settings, ignore=[folder])
    report = PurgeReport(candidate_id)
    needles = needles_for(candidate_id, name)
    if dry_run:
        say(f"would delete {settings.label(folder)}/, {settings.label(site_dir)}/ and caches")
        say("would rebuild, audit and " + (f"redeploy to {config.describe()}" if config else "not deploy (no target)"))
        say(f"would check that {len(needles)} forms of the name and id are gone from the site and the target")
        report.unreachable = unreachable_places(settings, candidate_id, config, notes_file)
        return report

    shutil.rmtree(folder)
    report.removed.append(f"{settings.label(folder)}/")
    for cache in (*CACHE_DIRS, settings.label(site_dir)):
        path = root / cache
        if path.exists():
            shutil.rmtree(path)
            report.removed.append(f"{cache}/")
    say(f"deleted {', '.join(report.removed)}")

    try:  # every audience's site is rebuilt and republished (hiring_kb.publishing)
        sites = republish_all(root, mkdocs_config, site_dir, say, today, now, expected_changes=[folder])
    except DeployError as exc:
        raise DeployError(
            f"{exc}. The candidate's files are deleted, but the published site still shows them: "
            "fix this and run 'invoke deploy'"
        ) from None
    leftovers = [f"{settings.label(site_dir)}/{p}" for p in find_in_tree(site_dir, needles)]
    report.checked.append(f"built site {settings.label(site_dir)}/")
    for target in [site.config for site in sites if site.config is not None]:
        if target.target == "dir":
            removed = remove_releases_containing(target, needles)
            if removed:
                say(f"deleted older releases that still held the candidate: {', '.join(removed)}")
            leftovers += [f"{target.path}/{p}" for p in find_in_tree(target.path, needles)]  # type: ignore[arg-type]
            report.checked.append(f"every release under {target.path}")
        else:
            leftovers += [f"{target.remote} {hit}" for hit in find_in_git_branch(target, needles)]
            report.checked.append(f"every object reachable from branch '{target.publish_branch}' of {target.remote}")
    if config is not None and config.target == "git" and is_local_repository(config.remote):
        collect_garbage(str(config.remote))
        leftovers += [f"{config.remote} {hit}" for hit in find_in_all_objects(Path(str(config.remote)), needles)]
        report.checked.append(f"every object of {config.remote} (after pruning unreachable ones)")
    if leftovers:
        raise PurgeError(
            f"candidate '{candidate_id}' is still published after the purge:\n  " + "\n  ".join(leftovers)
        )
    say("checked, no trace of the name or id: " + "; ".join(report.checked))
    report.unreachable = unreachable_places(settings, candidate_id, config, notes_file)
    return report
