"""What a change does to the candidates: ``invoke review --base REV`` (the pull-request summary).

The project at git revision ``REV`` (``git archive`` into a temporary folder, deleted afterwards)
and the working tree are each loaded and validated with :func:`hiring_kb.sources.validate.validate_project`
and scored with :func:`hiring_kb.analysis.fit.role_fit`, as the site does (the debrief gate included: a
fit the site hides is hidden here too). :func:`compare` then lists

* per candidate whose files changed: the scorecards added, changed or removed, and fit,
  coverage, verdict and rank within the role, before → after;
* per role whose file changed (weights, must-haves, rubric, competencies): what changed, and
  every candidate of the role whose fit, verdict or rank changes; a changed ``hiring.yml``
  (thresholds) counts as a change of every role;
* other candidates whose rank within a role moved because of the change.

:func:`hiring_kb.analysis.review_markdown.format_review` writes it as GitHub-flavoured Markdown for the job summary of
the pull-request check; reading the base revision is :mod:`hiring_kb.sources.revision_files`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hiring_kb.analysis.fit import RoleFit, rank_key, role_fit
from hiring_kb.analysis.loop import gated_view, hidden_fit
from hiring_kb.analysis.review_markdown import RECOMMENDATION_NAMES, format_review
from hiring_kb.base.diagnostics import Severity
from hiring_kb.model.models import LEVEL_LABELS, Candidate, Interview, Role
from hiring_kb.sources.revision_files import data_files, export_revision
from hiring_kb.sources.settings import SETTINGS_FILE
from hiring_kb.sources.validate import ValidationReport, validate_project


@dataclass(frozen=True)
class Standing:
    """One candidate's role fit as the site shows it, and their rank among the role's candidates (1 = first)."""

    candidate: Candidate
    fit: RoleFit
    rank: int
    of: int


@dataclass(frozen=True)
class Snapshot:
    """A loaded project and every candidate's :class:`Standing`, by candidate id."""

    report: ValidationReport
    standings: Mapping[str, Standing]

    @property
    def roles(self) -> Mapping[str, Role]:
        return self.report.project.roles


def snapshot(report: ValidationReport) -> Snapshot:
    """Score every candidate of ``report`` and rank them within their role (the role page's order)."""
    project, gates = gated_view(report.project, report.settings.debrief_gate)
    thresholds = report.settings.thresholds
    fits = {c.id: role_fit(project.roles[c.role_id], c.interviews, thresholds) for c in project.candidates.values()}
    fits.update({cid: hidden_fit(fits[cid]) for cid, gate in gates.items() if gate.hidden})
    standings: dict[str, Standing] = {}
    for role in project.roles.values():
        members = sorted(
            (c for c in project.candidates.values() if c.role_id == role.id),
            key=lambda c: (rank_key(fits[c.id]), c.name.casefold()),
        )
        for index, member in enumerate(members, 1):
            # Rank from the ungated candidate: the scorecards themselves are listed from report.project.
            standings[member.id] = Standing(report.project.candidates[member.id], fits[member.id], index, len(members))
    return Snapshot(report, standings)


@dataclass(frozen=True)
class ScorecardChange:
    """A scorecard added, changed or removed: ``kind`` is ``added``, ``changed`` or ``removed``;
    ``details`` list what changed (ratings, recommendation, notes) for a changed one."""

    kind: str
    path: str
    interview: Interview | None
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class CandidateChange:
    """A candidate whose own files changed: before/after standing (None: absent or not loadable)."""

    candidate_id: str
    before: Standing | None
    after: Standing | None
    scorecards: tuple[ScorecardChange, ...]
    files: tuple[str, ...]


@dataclass(frozen=True)
class RoleChange:
    """A role whose file (or the thresholds of hiring.yml) changed: what changed, and the candidates it moves."""

    role_id: str
    title: str
    details: tuple[str, ...]
    moved: tuple[tuple[Standing | None, Standing | None], ...]


@dataclass(frozen=True)
class Review:
    """The outcome of :func:`compare`."""

    base: str
    candidates: tuple[CandidateChange, ...]
    roles: tuple[RoleChange, ...]
    rank_moves: tuple[tuple[Standing, Standing], ...]
    errors: tuple[str, ...] = ()
    settings_changed: bool = False
    #: Every role of both sides by id (after wins), for names in the Markdown.
    role_names: Mapping[str, Role] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.candidates or self.roles or self.settings_changed or self.errors)


def _level(value: int | None) -> str:
    return "not rated" if value is None else f"{value} ({LEVEL_LABELS[value]})"


def _interview_details(role: Role | None, old: Interview, new: Interview) -> tuple[str, ...]:
    def name(competency_id: str) -> str:
        competency = role.competency(competency_id) if role else None
        return competency.name if competency else competency_id

    details = []
    for competency_id in dict.fromkeys([*old.ratings, *new.ratings]):
        before, after = old.ratings.get(competency_id), new.ratings.get(competency_id)
        if before != after:
            details.append(f"{name(competency_id)} {_level(before)} → {_level(after)}")
    if old.recommendation != new.recommendation:
        details.append(
            f"recommendation {RECOMMENDATION_NAMES[old.recommendation]} → {RECOMMENDATION_NAMES[new.recommendation]}"
        )
    facts: tuple[tuple[str, object, object], ...] = (
        ("date", old.date, new.date),
        ("stage", old.stage, new.stage),
        ("interviewer", old.interviewer, new.interviewer),
    )
    for label, was, now in facts:
        if was != now:
            details.append(f"{label} {was} → {now}")
    if old.body != new.body:
        details.append("notes edited")
    return tuple(details)


def _scorecards(
    before: Candidate | None, after: Candidate | None, role: Role | None, changed: set[str], present: set[str]
) -> list[ScorecardChange]:
    """Scorecards added, changed or removed among the ``changed`` files; ``present``: files that exist after."""
    old = {i.source: i for i in (before.interviews if before else ())}
    new = {i.source: i for i in (after.interviews if after else ())}
    out = []
    for path in sorted(p for p in changed if "/interviews/" in p):
        if path not in present:
            out.append(ScorecardChange("removed", path, old.get(path)))
        elif path not in new:  # exists but does not load: its errors are listed at the top
            out.append(ScorecardChange("changed", path, None))
        elif path not in old:
            out.append(ScorecardChange("added", path, new[path]))
        else:
            out.append(ScorecardChange("changed", path, new[path], _interview_details(role, old[path], new[path])))
    return out


def _role_details(old: Role | None, new: Role | None) -> tuple[str, ...]:
    if old is None or new is None:
        return ("new role",) if new is not None else ("role removed",)
    details: list[str] = []
    old_by_id = {c.id: c for c in old.competencies}
    new_by_id = {c.id: c for c in new.competencies}
    for competency in new.competencies:
        previous = old_by_id.get(competency.id)
        if previous is None:
            details.append(
                f"competency {competency.name} added (weight "
                f"{competency.weight}{', must-have' if competency.must_have else ''})"
            )
            continue
        if previous.weight != competency.weight:
            details.append(f"weight of {competency.name}: {previous.weight} → {competency.weight}")
        if previous.must_have != competency.must_have:
            details.append(f"{competency.name} {'is now' if competency.must_have else 'is no longer'} a must-have")
        levels = [level for level in (1, 2, 3, 4) if previous.rubric.get(level) != competency.rubric.get(level)]
        if levels:
            details.append(
                f"rubric of {competency.name}: level{'s' * (len(levels) > 1)} {', '.join(map(str, levels))} reworded"
            )
        if previous.name != competency.name:
            details.append(f"{previous.name} renamed to {competency.name}")
    details += [f"competency {c.name} removed" for c in old.competencies if c.id not in new_by_id]
    if [s.id for s in old.stages] != [s.id for s in new.stages]:
        details.append(f"stages: {', '.join(s.id for s in old.stages)} → {', '.join(s.id for s in new.stages)}")
    elif old.stages != new.stages:
        details.append("interview kit edited (stage focus or questions)")
    if not details:
        details.append("title, summary or description edited")
    return tuple(details)


def _differs(before: Standing | None, after: Standing | None) -> bool:
    if before is None or after is None:
        return before is not after
    return (before.fit.fit, before.fit.verdict, before.rank) != (after.fit.fit, after.fit.verdict, after.rank)


def compare(base: str, before: ValidationReport, after: ValidationReport) -> Review:
    """Compare the project at ``base`` (``before``) with the working tree (``after``); see the module docstring."""
    old_files, new_files = data_files(before), data_files(after)
    changed = {p for p in set(old_files) | set(new_files) if old_files.get(p) != new_files.get(p)}
    old, new = snapshot(before), snapshot(after)
    settings = after.settings
    touched = _touched_candidates(changed, settings.label(settings.candidates_dir) + "/")
    candidate_changes = tuple(
        _candidate_change(candidate_id, files, old, new, set(new_files)) for candidate_id, files in touched.items()
    )
    settings_changed = SETTINGS_FILE in changed
    role_changes = _role_changes(changed, settings.label(settings.roles_dir) + "/", settings_changed, old, new)
    # Rank moves of candidates not listed above (another candidate overtook them).
    listed = set(touched) | {s.candidate.id for r in role_changes for b, a in r.moved if (s := a or b) is not None}
    rank_moves = tuple(
        (old.standings[cid], new.standings[cid])
        for cid in sorted(set(old.standings) & set(new.standings), key=lambda cid: new.standings[cid].rank)
        if cid not in listed and old.standings[cid].rank != new.standings[cid].rank
    )
    errors = tuple(d.format() for d in after.diagnostics if d.severity is Severity.ERROR)
    roles = {**old.roles, **new.roles}
    return Review(base, candidate_changes, role_changes, rank_moves, errors, settings_changed, roles)


def _touched_candidates(changed: set[str], candidates_prefix: str) -> dict[str, list[str]]:
    """Candidate id -> its changed files (paths under ``candidates_prefix``, sorted), in path order."""
    touched: dict[str, list[str]] = {}
    for path in sorted(changed):
        if path.startswith(candidates_prefix):
            touched.setdefault(path[len(candidates_prefix) :].split("/", 1)[0], []).append(path)
    return touched


def _candidate_change(
    candidate_id: str, files: list[str], old: Snapshot, new: Snapshot, present: set[str]
) -> CandidateChange:
    """What the change does to one candidate whose ``files`` changed (``present``: the files of the working tree)."""
    b, a = old.standings.get(candidate_id), new.standings.get(candidate_id)
    role = new.roles.get(a.candidate.role_id) if a else (old.roles.get(b.candidate.role_id) if b else None)
    scorecards = _scorecards(
        old.report.project.candidates.get(candidate_id),
        new.report.project.candidates.get(candidate_id),
        role,
        set(files),
        present,
    )
    return CandidateChange(candidate_id, b, a, tuple(scorecards), tuple(files))


def _role_changes(
    changed: set[str], roles_prefix: str, settings_changed: bool, old: Snapshot, new: Snapshot
) -> tuple[RoleChange, ...]:
    """Each role whose file changed (every role when hiring.yml did) with what changed and whom it moves."""
    role_ids = {
        p[len(roles_prefix) :].removesuffix(".yml")
        for p in changed
        if p.startswith(roles_prefix) and p.endswith(".yml")
    }
    if settings_changed:
        role_ids |= set(new.roles) | set(old.roles)
    role_changes = []
    for role_id in sorted(role_ids):
        old_role, new_role = old.roles.get(role_id), new.roles.get(role_id)
        details = _role_details(old_role, new_role) if f"{roles_prefix}{role_id}.yml" in changed else ()
        if settings_changed and old.report.settings.thresholds != new.report.settings.thresholds:
            details += ("fit thresholds in hiring.yml changed",)
        if not details:
            continue
        ids = sorted(
            {cid for cid, s in old.standings.items() if s.candidate.role_id == role_id}
            | {cid for cid, s in new.standings.items() if s.candidate.role_id == role_id},
            key=lambda cid: (new.standings.get(cid) or old.standings[cid]).rank,
        )
        moved = tuple((old.standings.get(cid), new.standings.get(cid)) for cid in ids
                      if _differs(old.standings.get(cid), new.standings.get(cid)))  # fmt: skip
        either_role = new_role or old_role
        title = either_role.title if either_role else role_id
        role_changes.append(RoleChange(role_id, title, details, moved))
    return tuple(role_changes)


def review_project(root: Path, base: str, today: dt.date | None = None) -> str:
    """Compare the project at ``root`` with its state at git revision ``base``; return the Markdown.

    ``today`` is the date both sides are validated against (default :func:`hiring_kb.base.clock.today`).
    Raises :class:`hiring_kb.sources.revision_files.ReviewError` (see
    :func:`hiring_kb.sources.revision_files.export_revision`).
    """
    root = root.resolve()
    after = validate_project(root, today=today)
    with tempfile.TemporaryDirectory(prefix="hiring-review-") as folder:
        before = validate_project(export_revision(root, base, Path(folder)), today=after.today)
        review = compare(base, before, after)
    return format_review(review)
