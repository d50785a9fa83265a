"""Purge a candidate: erase them from the sources, caches, the built site and the deploy target.

``invoke purge ID`` (docs/publishing.md, the retention deadline of :mod:`hiring_kb.retention`):

1. refuse while any other file still mentions the candidate's full name or id (listing
   ``path:line:col``; searched: roles, the published pages, other candidates, the text
   ``invoke import-notes`` kept for no one, hiring.yml and mkdocs.yml): deleting the folder
   would leave them on other pages;
2. delete ``candidates/<id>/``, the built ``site/`` and MkDocs/Material caches;
3. rebuild and redeploy through the same pipeline as ``invoke deploy`` (without a target:
   rebuild ``site/`` only);
4. dir and rsync targets: delete older releases that still contain the candidate (a rollback must not
   bring them back); git target: the branch is one orphan commit, and a remote that is a
   local repository has its unreachable objects pruned;
5. check that neither the name nor the id is left in ``site/`` or on the target (every
   release; every object reachable from the published branch, and every object of a local
   remote) — a failed check is an error;
6. list what a program cannot reach: the source repository's history, clones and forks,
   backups, copies people made, the import's unassigned text (only searched for the full name
   and id) and the free-form notes file an imported candidate came from.

Names, the id and the candidate's private values (sealed ones opened with ``HIRING_AGE_IDENTITY``)
are searched as written, HTML-escaped and JSON-escaped (the search index escapes non-ASCII), and
compared as :func:`hiring_kb.folded_text.fold` folds: case, full-width letters, zero-width and
bidirectional characters, no-break spaces and runs of white space make no difference.

The dry run lists the releases that will be deleted (a rollback to them is gone afterwards). Every
purge appends an entry to the erasure record (:mod:`hiring_kb.erasure`) and lists the git refs of the
repository that still reach the candidate's files; ``invoke verify-erased ID`` repeats the checks.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .deploy import DeployConfig, DeployError, find_in_tree
from .diagnostics import Position
from .erasure import (
    LOG_FILE,
    ErasureEntry,
    ErasureLogError,
    append_entry,
    ensure_salt,
    find_entries,
    read_salt,
    subject_of,
)
from .folded_text import find_folded
from .names import is_candidate_id
from .personal_data import read_candidate_sources, searchable
from .project_folders import docs_folder
from .publishing import Say, Site, load_checked_settings, refuse_unless_reviewed, republish_all, sites_of
from .sealed import FROM_ENVIRONMENT, Keyring, SealError, keyring_from
from .settings import SETTINGS_FILE, Settings
from .targets import target_for

#: Files at the project root that can mention a candidate.
_SEARCHED_FILES = (SETTINGS_FILE, "mkdocs.yml")
#: The header import-notes writes into candidate.yml (hiring_kb.import_files.candidate_yaml).
_IMPORTED_FROM = re.compile(r"^# Imported on \d{4}-\d{2}-\d{2} from (.+?), lines \d+-\d+", re.MULTILINE)
_TEXT_SUFFIXES = {".yml", ".yaml", ".md", ".markdown", ".txt", ".html", ".csv", ".json"}
#: Caches MkDocs plugins and Material keep next to the project, and the compiled site sources (hiring_kb.compiler).
CACHE_DIRS = (".cache", ".hiring-build")


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
    #: Git refs of the repository that still reach the candidate's files (``refs/heads/main``…).
    refs: list[str] = field(default_factory=list)
    #: Releases of a dir target deleted (or, in a dry run, to be deleted) because they held the candidate.
    releases: list[str] = field(default_factory=list)


def needles_for(candidate_id: str, name: str | None, private: Iterable[str] = ()) -> list[str]:
    """The strings whose presence means the candidate is still there: id, name and private values
    (long enough to search, :func:`hiring_kb.personal_data.searchable`), as written, HTML-escaped
    and JSON-escaped."""
    out = [candidate_id]
    for text in (name, *private):
        if text:
            out += [text, html.escape(text), json.dumps(text)[1:-1]]
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


def find_mentions(
    settings: Settings, candidate_id: str, name: str | None, private: Iterable[str] = ()
) -> list[Mention]:
    """Lines in other source files that contain the candidate's full name, id or a private value,
    compared as :func:`hiring_kb.folded_text.fold` folds (``Ja\u200dne`` and ``ＪＡＮＥ`` are Jane),
    each reported where it starts as written.

    Searched: :func:`searched_places` (roles, published pages, other candidates' folders, the
    import's unassigned text, hiring.yml, mkdocs.yml), text files only.
    """
    own = settings.candidates_dir / candidate_id
    words = [w for w in (name, candidate_id, *private) if w]
    found: list[Mention] = []
    for base in searched_places(settings):
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            if not path.is_file() or path.suffix.lower() not in _TEXT_SUFFIXES or own in path.parents:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.split("\n"), 1):
                for start, end in find_folded(line, words):
                    found.append(Mention(Position(settings.label(path), number, start + 1), line[start:end]))
    return found


def refs_reaching(root: Path, folder: str) -> list[str]:
    """The git refs of the repository holding ``root`` whose history still has ``folder`` (a path
    relative to ``root``): branches, tags, remote-tracking branches, pull-request refs
    (``refs/pull/*``), notes, and each stash entry (``stash@{n}``). Empty outside a git repository."""
    try:
        listing = _git("for-each-ref", "--format=%(refname)", cwd=root)
    except DeployError:
        return []
    found = []
    for ref in listing.split():
        if _git("rev-list", "-1", ref, "--", folder, cwd=root).strip():
            found.append(ref)
    try:
        stashes = _git("log", "--walk-reflogs", "--format=%gd %H", "refs/stash", cwd=root).splitlines()
    except DeployError:
        stashes = []
    for line in stashes[1:]:  # the first is refs/stash itself, listed above
        label, commit = line.split()
        if _git("rev-list", "-1", commit, "--", folder, cwd=root).strip():
            found.append(label)
    return found


def _git(*args: str, cwd: Path) -> str:
    from .deploy import _git as run  # the same hardened git runner as deploy (no hooks, no prompts)

    return run(*args, cwd=cwd)


def imported_from(candidate_file: Path) -> str | None:
    """The notes file a candidate was imported from (the header ``invoke import-notes`` writes
    into candidate.yml), or None: not imported, header removed, or the file unreadable."""
    try:
        match = _IMPORTED_FROM.search(candidate_file.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return match.group(1) if match else None


def unreachable_places(
    settings: Settings,
    candidate_id: str,
    config: DeployConfig | None,
    notes_file: str | None = None,
    refs: list[str] | None = None,
) -> list[str]:
    """Where copies may remain that this command cannot erase, with what to do about each.

    ``notes_file``: the free-form notes the candidate was imported from (:func:`imported_from`);
    ``refs``: the git refs that still reach the candidate's files (:func:`refs_reaching`).
    The import's unassigned text is listed when its folder holds files: it was searched for the
    full name and id, but notes kept there under a heading that was not read as a person (a
    first name, a nickname, "Paula (2nd call)") can only be found by reading them.
    """
    folder = settings.label(settings.candidates_dir / candidate_id)
    places = [
        f"this repository's git history: earlier commits still hold {folder}/ — rewrite it "
        f"(git filter-repo --invert-paths --path {folder}) and force-push, then have everyone re-clone",
        "other clones and forks of the repository, open pull requests that touch the candidate, and the "
        "CI logs, annotations and job summaries of those pull requests on the git host (delete those runs)",
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
    if refs:
        places.insert(
            1,
            f"git refs that still reach {folder}/ ({len(refs)}): {', '.join(refs)} — pull-request refs and "
            "stashes included; delete them or rewrite their history too (the host keeps refs/pull/* until "
            "asked)",
        )
    if config is not None:
        places[1:1] = target_for(config).unreachable()
    return places


# Over 60 lines only with its signature laid out one parameter per line; the body is named steps.
def purge_candidate(
    root: Path,
    mkdocs_config: Path,
    site_dir: Path,
    candidate_id: str,
    say: Say = print,
    dry_run: bool = False,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    keyring: Keyring | object | None = FROM_ENVIRONMENT,
) -> PurgeReport:
    """Erase one candidate everywhere this project publishes to (see the module docstring).

    Args:
        root, mkdocs_config, site_dir: the project, its mkdocs.yml and its built site folder.
        candidate_id: the folder name under ``candidates/``.
        say: receives progress messages.
        dry_run: only check and print what would be done.
        today, now: the validation date and the release timestamp (tests pass fixed ones).
        keyring: opens the candidate's sealed private values (searched for too) and the erasure
            record's salt; default: ``HIRING_AGE_IDENTITY``'s file, if any.

    Returns the report. Raises PurgeError when the id is unknown, other files mention the
    candidate (nothing is deleted then), the erasure record cannot be written, or a check after
    the redeploy still finds them; DeployError when rebuilding or redeploying fails (the files are
    deleted by then; fix the problem and run ``invoke deploy``).
    """
    settings = load_checked_settings(root)
    folder = candidate_folder(settings, candidate_id)
    subject = _find_subject(settings, folder, candidate_id, _keyring(keyring))
    try:
        salt = ensure_salt(root, settings.private_recipients, subject.keyring) if not dry_run else None
    except ErasureLogError as exc:
        raise PurgeError(f"{exc}; the purge writes an erasure record, nothing was deleted") from None
    config = settings.deploy
    if config is not None and not dry_run:  # the redeploy after deleting must not be refused
        refuse_unless_reviewed(settings, ignore=[folder])
    report = PurgeReport(candidate_id)
    report.refs = refs_reaching(root, settings.label(folder))
    if dry_run:
        _say_plan(settings, site_dir, subject, report, say)
        report.unreachable = unreachable_places(settings, candidate_id, config, subject.notes_file, report.refs)
        return report
    record = _delete_sources(settings, root, site_dir, folder, report, say)
    sites = _republish(root, mkdocs_config, site_dir, folder, say, today, now, lambda: _record(
        root, salt, candidate_id, today, record, ["the published site: the redeploy failed"]))  # fmt: skip
    if config is not None:
        record.append(f"republished without the candidate: {config.target} target")
    leftovers = _purge_published(settings, sites, subject.needles, report, record, say)
    report.unreachable = unreachable_places(settings, candidate_id, config, subject.notes_file, report.refs)
    not_reached = _record_of_unreachable(report, bool(subject.notes_file))
    if leftovers:
        _record(
            root,
            salt,
            candidate_id,
            today,
            record,
            [f"still published after the purge: {len(leftovers)} file(s)", *not_reached],
        )
        raise PurgeError(f"candidate '{candidate_id}' is still published after the purge:\n  " + "\n  ".join(leftovers))
    _record(root, salt, candidate_id, today, record, not_reached)
    say(f"erasure record appended to {LOG_FILE}; commit it with the deletion")
    say("checked, no trace of the name or id: " + "; ".join(report.checked))
    return report


def _republish(
    root: Path,
    mkdocs_config: Path,
    site_dir: Path,
    folder: Path,
    say: Say,
    today: dt.date | None,
    now: dt.datetime | None,
    on_failure: Callable[[], None],
) -> list[Site]:
    """Rebuild and republish every audience's site without the deleted ``folder``
    (:func:`hiring_kb.publishing.republish_all`); on failure call ``on_failure`` (it writes the
    erasure record) and raise DeployError saying the files are deleted but still published."""
    try:
        return republish_all(root, mkdocs_config, site_dir, say, today, now, expected_changes=[folder])
    except DeployError as exc:
        on_failure()
        raise DeployError(
            f"{exc}. The candidate's files are deleted, but the published site still shows them: "
            "fix this and run 'invoke deploy'"
        ) from None


@dataclass(frozen=True)
class _Subject:
    """The candidate being purged: ``needles`` (id, name, private values in every searched form),
    whether their sealed values stayed ``closed``, the ``notes_file`` they were imported from."""

    candidate_id: str
    needles: list[str]
    closed: bool
    notes_file: str | None
    keyring: Keyring | None


def _find_subject(settings: Settings, folder: Path, candidate_id: str, keyring: Keyring | None) -> _Subject:
    """Read the candidate's name and private values; PurgeError (nothing deleted) while other
    files still mention them."""
    closed: list[str] = []
    identities, private_values = read_candidate_sources(settings, keyring, closed)
    name = next((i.name for i in identities if i.candidate_id == candidate_id), None)
    private = [v.value for v in private_values if v.candidate_id == candidate_id and searchable(v)]
    mentions = find_mentions(settings, candidate_id, name, private)
    if mentions:
        raise PurgeError(
            f"other files still mention candidate '{candidate_id}'; edit them first, nothing was deleted:\n  "
            + "\n  ".join(m.format() for m in mentions)
        )
    needles = needles_for(candidate_id, name, private)
    return _Subject(candidate_id, needles, candidate_id in closed, imported_from(folder / "candidate.yml"), keyring)


def _say_plan(settings: Settings, site_dir: Path, subject: _Subject, report: PurgeReport, say: Say) -> None:
    """The dry run: what would be deleted, rebuilt, republished and checked."""
    config = settings.deploy
    label = settings.label(settings.candidates_dir / subject.candidate_id)
    say(f"would delete {label}/, {settings.label(site_dir)}/ and caches")
    say("would rebuild, audit and " + (f"redeploy to {config.describe()}" if config else "not deploy (no target)"))
    for site in sites_of(settings, site_dir, config):  # every audience's target
        if site.config is None:
            continue
        holding, kept = target_for(site.config).releases_holding(subject.needles)
        report.releases += holding
        if holding:
            where = f" of {site.label}" if site.audience else ""
            say(
                f"would delete {len(holding)} release{'s' * (len(holding) != 1)}{where} that hold the "
                f"candidate: {', '.join(holding)}; 'invoke rollback' can no longer return to "
                + ("them (" + ", ".join(kept) + " stay)" if kept else "any of them: no older release stays")
            )
    say(
        f"would check that {len(subject.needles)} forms of the name, id and private values are gone from the site "
        "and the target"
    )
    if subject.closed:
        say("the candidate's private values are sealed and no identity opens them: they are not searched for")
    try:
        read_salt(settings.root, subject.keyring)
        say(f"would append an erasure record to {LOG_FILE} (no name, no id)")
    except ErasureLogError as exc:
        say(f"would refuse: {exc}; the purge writes an erasure record")


def _delete_sources(
    settings: Settings, root: Path, site_dir: Path, folder: Path, report: PurgeReport, say: Say
) -> list[str]:
    """Delete the candidate's folder, the built site and the caches; return the erasure record's
    lines for them (counts and kinds, no names)."""
    files = sum(1 for path in folder.rglob("*") if path.is_file())
    shutil.rmtree(folder)
    report.removed.append(f"{settings.label(folder)}/")
    for cache in (*CACHE_DIRS, settings.label(site_dir)):
        path = root / cache
        if path.exists():
            shutil.rmtree(path)
            report.removed.append(f"{cache}/")
    say(f"deleted {', '.join(report.removed)}")
    record = [f"the candidate's folder ({files} file{'s' * (files != 1)}: candidate.yml, scorecards)"]
    return record + [f"{item} (built site or caches)" for item in report.removed[1:]]


def _purge_published(
    settings: Settings, sites: list[Site], needles: list[str], report: PurgeReport, record: list[str], say: Say
) -> list[str]:
    """Delete older releases that hold the candidate and check every site and target; return the leftovers."""
    leftovers: list[str] = []
    for site in sites:  # every audience's site and target
        found, removed = check_published(settings, site.site_dir, site.config, needles, report.checked, remove=True)
        leftovers += found
        report.releases += removed
    if report.releases:
        say(
            "deleted older releases that still held the candidate (a rollback to them is gone): "
            + ", ".join(report.releases)
        )
        kind = settings.deploy.target if settings.deploy else "dir"
        record.append(f"{len(report.releases)} older release(s) of the {kind} target (rollback to them is gone)")
    return leftovers


def _keyring(keyring: Keyring | object | None) -> Keyring | None:
    if keyring is not FROM_ENVIRONMENT:
        return keyring if isinstance(keyring, Keyring) else None
    try:
        return keyring_from()
    except SealError as exc:
        raise PurgeError(f"{exc}; nothing was deleted") from None


def check_published(
    settings: Settings,
    site_dir: Path,
    config: DeployConfig | None,
    needles: list[str],
    checked: list[str],
    remove: bool = False,
) -> tuple[list[str], list[str]]:
    """Search the built site and the deploy target for the needles (one audience's site and
    target: a purge of several audiences calls this for each).

    With ``remove``, non-current releases of a dir target that hold a needle are deleted first
    and a local git remote is pruned. Appends what was searched to ``checked``. Returns
    ``(leftovers as 'place/file' lines, deleted release names)``.
    """
    leftovers = (
        [f"{settings.label(site_dir)}/{p}" for p in find_in_tree(site_dir, needles)] if site_dir.is_dir() else []
    )
    checked.append(f"built site {settings.label(site_dir)}/")
    if config is None:
        return leftovers, []
    outcome = target_for(config).purge(needles, remove)
    checked += outcome.checked
    return leftovers + outcome.leftovers, outcome.removed


def _record_of_unreachable(report: PurgeReport, imported: bool) -> list[str]:
    """What the erasure record says could not be reached: kinds and counts, never a path, ref name
    or file name (those can carry the id or a name)."""
    lines = ["the repository's git history (earlier commits)"]
    if report.refs:
        lines.append(f"{len(report.refs)} git ref(s) still reaching the files (branches, tags, pull requests, stashes)")
    lines += ["other clones and forks, open pull requests", "backups", "copies people made"]
    if any("unreachable objects on" in place for place in report.unreachable):
        lines.append("unreachable objects on the git host (until its garbage collection)")
    if any("import-notes kept for no one" in place for place in report.unreachable):
        lines.append("text import-notes kept for no one (to be read by hand)")
    if imported:
        lines.append("the free-form notes file the candidate was imported from")
    return lines


def _record(
    root: Path, salt: str | None, candidate_id: str, today: dt.date | None, removed: list[str], not_reached: list[str]
) -> None:
    if salt is None:
        return
    append_entry(
        root,
        ErasureEntry(
            subject_of(salt, candidate_id), (today or dt.date.today()).isoformat(), tuple(removed), tuple(not_reached)
        ),
    )


@dataclass
class VerifyReport:
    """What :func:`verify_erased` found: ``found`` (what is still there; empty: erased), ``checked``
    (what was searched) and ``records`` (the erasure-record entries for the id)."""

    candidate_id: str
    found: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    records: list[ErasureEntry] = field(default_factory=list)


def verify_erased(
    root: Path,
    site_dir: Path,
    candidate_id: str,
    name: str | None = None,
    keyring: Keyring | object | None = FROM_ENVIRONMENT,
) -> VerifyReport:
    """``invoke verify-erased ID [--name NAME]``: repeat a purge's checks later, changing nothing.

    The name is not kept anywhere after a purge, so it is given by whoever asks (the candidate's
    request); without it only the id is searched. Checked: the candidate folder, every source file
    (:func:`find_mentions`), the caches, the built site, the deploy target (every release; the
    published branch and, for a local remote, every object), the git refs that still reach the
    folder, and the erasure record. Raises PurgeError for an id that is not a candidate id.
    """
    if not is_candidate_id(candidate_id):
        raise PurgeError(f"'{candidate_id}' is not a candidate id: 'c-' and 6 to 12 lowercase hex digits")
    settings = load_checked_settings(root)
    keyring = _keyring(keyring)
    report = VerifyReport(candidate_id)
    folder = settings.candidates_dir / candidate_id
    label = settings.label(folder)
    if folder.exists():
        report.found.append(f"{label}/ still exists: run 'invoke purge {candidate_id}'")
    report.checked.append(f"{label}/")
    report.found += [m.format() for m in find_mentions(settings, candidate_id, name)]
    report.checked.append("source files (roles, docs, other candidates, imports, hiring.yml, mkdocs.yml)")
    needles = needles_for(candidate_id, name)
    for cache in CACHE_DIRS:
        if (root / cache).is_dir():
            report.found += [f"{cache}/{p}" for p in find_in_tree(root / cache, needles)]
        report.checked.append(f"caches {cache}/")
    leftovers, _ = check_published(settings, site_dir, settings.deploy, needles, report.checked)
    report.found += [f"published: {place}" for place in leftovers]
    refs = refs_reaching(root, label)
    report.found += [f"git ref {ref} still reaches {label}/ (rewrite its history or delete it)" for ref in refs]
    report.checked.append("git refs of the repository (branches, tags, pull requests, stashes)")
    try:
        report.records = find_entries(root, candidate_id, keyring)
    except ErasureLogError as exc:
        report.found.append(f"erasure record: {exc}")
    else:
        if not report.records:
            report.found.append(f"no erasure record for this id in {LOG_FILE}")
    report.checked.append(f"erasure record {LOG_FILE}")
    if name is None:
        report.checked.append('(the name was not given: only the id was searched; add --name "Full Name")')
    return report
