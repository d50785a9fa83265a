"""What a purge cannot reach: the places copies of a candidate may remain, and how the erasure record names them.

:func:`unreachable_places` lists them for the person purging, each with what to do (git history
and refs, clones and forks, backups, copies people made, the import's unassigned text, the notes
file the candidate came from, and what the deploy target keeps); :func:`record_of_unreachable`
says the same in kinds and counts for the erasure record (:mod:`hiring_kb.publish.erasure`), never a
path or name. Nothing here deletes anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiring_kb.publish.candidate_mentions import unassigned_folder
from hiring_kb.publish.targets import target_for
from hiring_kb.sources.deploy_settings import DeployConfig
from hiring_kb.sources.settings import Settings

if TYPE_CHECKING:
    from hiring_kb.publish.purge import PurgeReport


def unreachable_places(
    settings: Settings,
    candidate_id: str,
    config: DeployConfig | None,
    notes_file: str | None = None,
    refs: list[str] | None = None,
) -> list[str]:
    """Where copies may remain that this command cannot erase, with what to do about each.

    ``notes_file``: the free-form notes the candidate was imported from
    (:func:`hiring_kb.publish.candidate_mentions.imported_from`); ``refs``: the git refs that still reach the
    candidate's files (:func:`hiring_kb.publish.source_history.refs_reaching`).
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


def record_of_unreachable(report: PurgeReport, imported: bool) -> list[str]:
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
