"""``invoke verify-erased ID``: repeat a purge's checks later, changing nothing.

Holds :class:`VerifyReport` and :func:`verify_erased`: the candidate folder, the source files, the
caches and compiled trees, the built site, the deploy target, the git refs of the repository and
the erasure record are searched for the id (and the name, when given). The purge itself, and the
search of the site and target it shares with this, are in :mod:`hiring_kb.publish.purge`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hiring_kb.base.names import is_candidate_id
from hiring_kb.base.sealed import FROM_ENVIRONMENT, Keyring
from hiring_kb.publish.candidate_mentions import find_mentions, needles_for
from hiring_kb.publish.erasure import LOG_FILE, ErasureEntry, ErasureLogError, find_entries
from hiring_kb.publish.publishing import load_checked_settings
from hiring_kb.publish.purge import CACHE_DIRS, PurgeError, check_published, keyring_for_purge
from hiring_kb.publish.source_history import refs_reaching
from hiring_kb.publish.trace_search import find_in_tree


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
    (:func:`hiring_kb.publish.candidate_mentions.find_mentions`), the caches, the built site, the deploy
    target (every release; the published branch and, for a local remote, every object), the git
    refs that still reach the folder, and the erasure record. Raises PurgeError for an id that is not a candidate id.
    """
    if not is_candidate_id(candidate_id):
        raise PurgeError(f"'{candidate_id}' is not a candidate id: 'c-' and 6 to 12 lowercase hex digits")
    settings = load_checked_settings(root)
    keyring = keyring_for_purge(keyring)
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
