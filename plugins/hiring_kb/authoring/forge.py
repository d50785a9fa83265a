"""Links to the forge's web editor: write a scorecard without any local setup.

With ``repo_url`` in mkdocs.yml (e.g. ``https://github.com/acme/hiring-wiki``),
each candidate page links every owed or planned scorecard to the forge's
"new file" page, pre-filled with the scaffold ``invoke new-interview`` would
write (:func:`hiring_kb.authoring.scaffold.interview_text`), and every existing scorecard
to the forge's editor. The interviewer fills in the ratings in the browser and
proposes the change as a pull (merge) request.

URL forms (documented by the forges):

* GitHub: ``<repo>/new/<branch>/<dir>?filename=<name>&value=<text>`` and
  ``<repo>/edit/<branch>/<path>``;
* GitLab: ``<repo>/-/new/<branch>/<dir>?file_name=<name>&content=<text>`` and
  ``<repo>/-/edit/<branch>/<path>``.

The forge kind comes from the host (``github.com``, ``gitlab.com`` or a host
whose name starts with ``github.``/``gitlab.``) or is set explicitly (a
self-hosted GitLab at ``git.example.com``). Any other host gives no links.

The scaffold holds no candidate name or private value: only the opaque id (in
the path), stage, interviewer handle, date and the role's competencies, rubric
and questions, which every page of the site shows anyway.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from hiring_kb.analysis.loop import DONE, LoopEntry
from hiring_kb.model.models import Candidate, Interview, PlannedInterview, Role
from hiring_kb.sources.source_files import INTERVIEWS_DIR

GITHUB, GITLAB = "github", "gitlab"
FORGE_KINDS = (GITHUB, GITLAB)


@dataclass(frozen=True)
class Forge:
    """A repository on a forge: ``kind`` (github or gitlab), ``repo_url`` without a trailing ``/``,
    the ``branch`` pull requests start from, and ``prefix``: the project's folder inside the
    repository (``""`` when mkdocs.yml and hiring.yml sit at the repository root)."""

    kind: str
    repo_url: str
    branch: str = "main"
    prefix: str = ""

    def _path(self, relative: str) -> str:
        path = posixpath.join(self.prefix, relative) if self.prefix else relative
        return urllib.parse.quote(path, safe="/")

    def _action(self, action: str) -> str:
        middle = f"-/{action}" if self.kind == GITLAB else action
        return f"{self.repo_url}/{middle}/{urllib.parse.quote(self.branch, safe='')}"

    def new_file_url(self, folder: str, filename: str, content: str) -> str:
        """URL of the forge page that creates ``folder/filename`` (project-relative) pre-filled with ``content``."""
        name_key, value_key = ("file_name", "content") if self.kind == GITLAB else ("filename", "value")
        query = urllib.parse.urlencode({name_key: filename, value_key: content}, quote_via=urllib.parse.quote)
        return f"{self._action('new')}/{self._path(folder)}?{query}"

    def edit_url(self, path: str) -> str:
        """URL of the forge's editor for the existing file ``path`` (project-relative)."""
        return f"{self._action('edit')}/{self._path(path)}"

    def allows(self, url: str) -> bool:
        """Whether ``url`` is a page of this repository (:func:`within_repo`)."""
        return within_repo(url, self.repo_url)


def within_repo(url: str, repo_url: str) -> bool:
    """Whether ``url`` is a page of the repository at ``repo_url`` (e.g. ``<repo_url>/new/main/...``),
    judged as a browser resolves it: same scheme, host and port, no user name, path under the
    repository's path after ``\\`` → ``/``, percent-decoding and dot segments (``/../``)."""
    own = urllib.parse.urlsplit(repo_url.strip().rstrip("/").removesuffix(".git"))
    if own.scheme not in ("http", "https") or not own.hostname:
        return False
    try:
        other = urllib.parse.urlsplit(url.strip().replace("\\", "/"))
        port, own_port = other.port, own.port
    except ValueError:
        return False
    if other.scheme.casefold() != own.scheme.casefold() or other.username or other.password:
        return False
    if (other.hostname or "").casefold() != (own.hostname or "").casefold() or port != own_port:
        return False
    path = posixpath.normpath("/" + urllib.parse.unquote(other.path).lstrip("/"))
    base = own.path.rstrip("/")
    return path == base or path.startswith(base + "/")


def read_repo_url(root: Path) -> str | None:
    """``repo_url`` of ``<root>/mkdocs.yml`` (None when unset or unreadable: MkDocs reports a broken file)."""
    try:  # round-trip loading accepts MkDocs' tags (!ENV, !!python/name:…) without running them
        config = YAML(typ="rt").load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - a missing or broken mkdocs.yml has no repo_url
        return None
    value = config.get("repo_url") if isinstance(config, dict) else None
    return str(value).strip() if isinstance(value, str) and value.strip() else None


def forge_kind(repo_url: str) -> str | None:
    """The forge kind of ``repo_url`` from its host, or None when the host is neither GitHub nor GitLab."""
    host = (urllib.parse.urlsplit(repo_url).hostname or "").casefold()
    for kind in FORGE_KINDS:
        if host == f"{kind}.com" or host.endswith(f".{kind}.com") or host.startswith(f"{kind}."):
            return kind
    return None


def forge_from(repo_url: str | None, branch: str = "main", kind: str | None = None, prefix: str = "") -> Forge | None:
    """The :class:`Forge` for mkdocs.yml's ``repo_url`` (None when unset, not http(s), or of an unknown kind).

    ``kind`` overrides the guess from the host (``github`` or ``gitlab``); ``branch`` is the
    branch pull requests target; ``prefix`` the project's folder in the repository.
    """
    if not repo_url:
        return None
    url = repo_url.strip().rstrip("/")
    url = url.removesuffix(".git")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        return None
    kind = kind or forge_kind(url)
    if kind not in FORGE_KINDS:
        return None
    return Forge(kind, url, branch or "main", prefix.strip("/"))


@dataclass(frozen=True)
class ScorecardLink:
    """One link of the authoring block: a planned interview to write (``new``) or a scorecard to edit."""

    label: str
    url: str
    filename: str
    state: str  # "owed", "upcoming" or "edit"


@dataclass(frozen=True)
class Authoring:
    """What a candidate page offers the people who write its scorecards.

    ``candidate_id`` (shown, for the commands), ``command``: the ``invoke new-interview`` line of
    the next planned interview (or, with none planned, of the current stage with a placeholder
    handle), ``write``: web-editor links for owed and planned scorecards, ``edit``: edit links
    for existing ones (both empty without a forge).
    """

    candidate_id: str
    command: str
    write: tuple[ScorecardLink, ...]
    edit: tuple[ScorecardLink, ...]
    forge_kind: str | None


def next_planned(loop: tuple[LoopEntry, ...]) -> PlannedInterview | None:
    """The first planned interview without a scorecard (owed ones come first, being earlier), or None."""
    return next((entry.planned for entry in loop if entry.state != DONE), None)


def new_interview_command(candidate_id: str, stage: str, interviewer: str, date: dt.date | None = None) -> str:
    """The ``invoke new-interview`` line for one interview (``--date`` only when given)."""
    line = f"invoke new-interview {candidate_id} --stage {stage} --interviewer {interviewer}"
    return f"{line} --date {date.isoformat()}" if date else line


def authoring_context(
    candidate: Candidate,
    role: Role,
    loop: tuple[LoopEntry, ...],
    interviews: tuple[Interview, ...],
    forge: Forge | None,
) -> Authoring:
    """Build the authoring block of a candidate page.

    Args:
        candidate: the candidate (its id is the folder name).
        role: the candidate's role (stage names, the scaffold's competencies).
        loop: the candidate's interview loop (:func:`hiring_kb.analysis.loop.interview_loop`).
        interviews: the scorecards the page shows (after the debrief gate), for edit links.
        forge: where scorecards are written on the web, or None (no links).

    Paths are project-relative, as in ``candidate.source`` (``candidates/<id>/candidate.yml``).
    """
    from hiring_kb.authoring.scaffold import (  # scaffold imports edit/loader: keep render imports light
        interview_text,
        note_name,
    )

    upcoming = next_planned(loop)
    if upcoming is not None:
        command = new_interview_command(candidate.id, upcoming.stage, upcoming.interviewer, upcoming.date)
    else:
        command = new_interview_command(candidate.id, candidate.stage, "YOUR-HANDLE")
    write: list[ScorecardLink] = []
    edit: list[ScorecardLink] = []
    if forge is not None:
        folder = posixpath.join(posixpath.dirname(candidate.source), INTERVIEWS_DIR)
        for entry in loop:
            if entry.state == DONE or role.stage(entry.planned.stage) is None:
                continue
            planned = entry.planned
            filename = note_name(planned.date, planned.stage, planned.interviewer)
            text = interview_text(role, planned.stage, planned.interviewer, planned.date)
            label = f"{planned.date.isoformat()} · {role.stage_name(planned.stage)} · {planned.interviewer}"
            write.append(ScorecardLink(label, forge.new_file_url(folder, filename, text), filename, entry.state))
        for interview in interviews:
            filename = posixpath.basename(interview.source)
            label = f"{interview.date.isoformat()} · {role.stage_name(interview.stage)} · {interview.interviewer}"
            edit.append(ScorecardLink(label, forge.edit_url(interview.source), filename, "edit"))
    return Authoring(candidate.id, command, tuple(write), tuple(edit), forge.kind if forge else None)
