"""Purge a candidate: erase them from the sources, caches, the built site and the deploy target.

``invoke purge ID`` (docs/publishing.md, the retention deadline of :mod:`hiring_kb.sources.retention`):

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
compared as :func:`hiring_kb.base.folded_text.fold` folds: case, full-width letters, zero-width and
bidirectional characters, no-break spaces and runs of white space make no difference.

The dry run lists the releases that will be deleted (a rollback to them is gone afterwards). Every
purge appends an entry to the erasure record (:mod:`hiring_kb.publish.erasure`) and lists the git refs of the
repository that still reach the candidate's files; ``invoke verify-erased ID`` repeats the checks
(:mod:`hiring_kb.publish.purge_verify`).

This module holds the purge's steps in order (:func:`purge_candidate`) and the search of the built
site and the target; the search of the sources and the forms searched for are in
:mod:`hiring_kb.publish.candidate_mentions`, the repository's refs in :mod:`hiring_kb.publish.source_history`, what
cannot be reached in :mod:`hiring_kb.publish.unreachable_copies`, each target's purge in its target module.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hiring_kb.base.names import is_candidate_id
from hiring_kb.base.sealed import FROM_ENVIRONMENT, Keyring, SealError, keyring_from
from hiring_kb.publish.candidate_mentions import find_mentions, imported_from, needles_for
from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.erasure import (
    LOG_FILE,
    ErasureEntry,
    ErasureLogError,
    append_entry,
    ensure_salt,
    read_salt,
    subject_of,
)
from hiring_kb.publish.publishing import (
    Say,
    Site,
    load_checked_settings,
    refuse_unless_reviewed,
    republish_all,
    sites_of,
)
from hiring_kb.publish.source_history import refs_reaching
from hiring_kb.publish.targets import target_for
from hiring_kb.publish.trace_search import find_in_tree
from hiring_kb.publish.unreachable_copies import record_of_unreachable, unreachable_places
from hiring_kb.sources.deploy_settings import DeployConfig
from hiring_kb.sources.personal_data import read_candidate_sources, searchable
from hiring_kb.sources.settings import Settings

#: Caches MkDocs plugins and Material keep next to the project, and the compiled site sources
#: (hiring_kb.rendering.compiler).
CACHE_DIRS = (".cache", ".hiring-build")


class PurgeError(DeployError):
    """The purge cannot go on (unknown id, mentions elsewhere, a leftover after the checks)."""


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


def candidate_folder(settings: Settings, candidate_id: str) -> Path:
    """``candidates/<id>`` after checking that the id is a candidate id (:func:`hiring_kb.base.names.is_candidate_id`)
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
    subject = _find_subject(settings, folder, candidate_id, keyring_for_purge(keyring))
    erasure = _ErasureRecord(root, None if dry_run else _erasure_salt(root, settings, subject), candidate_id, today)
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
    sites = _republish(root, mkdocs_config, site_dir, folder, say, today, now, lambda: erasure.append(
        record, ["the published site: the redeploy failed"]))  # fmt: skip
    if config is not None:
        record.append(f"republished without the candidate: {config.target} target")
    leftovers = _purge_published(settings, sites, subject.needles, report, record, say)
    _refuse_leftovers_and_record(settings, subject, report, leftovers, erasure, record)
    say(f"erasure record appended to {LOG_FILE}; commit it with the deletion")
    say("checked, no trace of the name or id: " + "; ".join(report.checked))
    return report


@dataclass(frozen=True)
class _ErasureRecord:
    """Where a purge appends its erasure-record entry (:mod:`hiring_kb.publish.erasure`): the project
    ``root``, the record's ``salt`` (None in a dry run: nothing is written), the candidate and
    the date of the entry (``today``; None: the system date)."""

    root: Path
    salt: str | None
    candidate_id: str
    today: dt.date | None

    def append(self, removed: list[str], not_reached: list[str]) -> None:
        """Append one entry: what was ``removed`` and what was ``not_reached`` (kinds and counts)."""
        if self.salt is None:
            return
        day = (self.today or dt.date.today()).isoformat()
        entry = ErasureEntry(subject_of(self.salt, self.candidate_id), day, tuple(removed), tuple(not_reached))
        append_entry(self.root, entry)


def _erasure_salt(root: Path, settings: Settings, subject: _Subject) -> str:
    """The erasure record's salt (made on the first purge); PurgeError, nothing deleted, when it
    cannot be read or written."""
    try:
        return ensure_salt(root, settings.private_recipients, subject.keyring)
    except ErasureLogError as exc:
        raise PurgeError(f"{exc}; the purge writes an erasure record, nothing was deleted") from None


def _refuse_leftovers_and_record(
    settings: Settings,
    subject: _Subject,
    report: PurgeReport,
    leftovers: list[str],
    erasure: _ErasureRecord,
    record: list[str],
) -> None:
    """The final search's outcome: list what the purge cannot reach in ``report``, append the
    erasure record, and raise PurgeError when ``leftovers`` (still published) were found."""
    candidate_id = subject.candidate_id
    report.unreachable = unreachable_places(settings, candidate_id, settings.deploy, subject.notes_file, report.refs)
    not_reached = record_of_unreachable(report, bool(subject.notes_file))
    if leftovers:
        erasure.append(record, [f"still published after the purge: {len(leftovers)} file(s)", *not_reached])
        raise PurgeError(f"candidate '{candidate_id}' is still published after the purge:\n  " + "\n  ".join(leftovers))
    erasure.append(record, not_reached)


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
    (:func:`hiring_kb.publish.publishing.republish_all`); on failure call ``on_failure`` (it writes the
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


def keyring_for_purge(keyring: Keyring | object | None) -> Keyring | None:
    """The keyring that opens sealed private values: ``keyring`` itself (None or anything else:
    none), or for :data:`~hiring_kb.base.sealed.FROM_ENVIRONMENT` the one ``HIRING_AGE_IDENTITY``
    names; PurgeError, nothing deleted, when that cannot be read."""
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
