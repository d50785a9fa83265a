"""The names people see, accepted in commands: stage and competency display names, handles in any case.

The site says "QA deep dive" and "Strong English"; the files use the ids ``technical`` and
``english``. Commands (``new-interview``, ``move``, ``import-notes``) accept either: the id, or the
display name, compared case-insensitively with runs of spaces, ``-`` and ``_`` treated alike,
as long as exactly one stage (competency) of the role matches. Anything else is refused with the
choices listed in the role's order (the interview loop's order for stages), each with its name.
Interviewer handles are lower-cased (``Ana`` → ``ana``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from hiring_kb.authoring.edit import EditError, candidate_file, fail, read_yaml_or_refuse
from hiring_kb.base.diagnostics import Position, did_you_mean
from hiring_kb.model.models import Competency, PlannedInterview, Role, Stage

if TYPE_CHECKING:
    from hiring_kb.sources.settings import Settings

_SEPARATORS = re.compile(r"[\s_-]+")
#: What the schemas accept for a handle (lowercase letters, digits, '-').
HANDLE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Named = TypeVar("Named", Stage, Competency)


def _key(text: str) -> str:
    return _SEPARATORS.sub(" ", text.strip()).casefold()


def choices(items: Sequence[Stage] | Sequence[Competency]) -> str:
    """``screen (Recruiter screen), technical (QA deep dive)``: ids with their names, in the role's order."""
    return ", ".join(item.id if _key(item.id) == _key(item.name) else f"{item.id} ({item.name})" for item in items)


def _resolve(items: Sequence[Named], given: str) -> tuple[Named | None, list[Named]]:
    """(the match, []) or (None, the ambiguous matches)."""
    exact = [item for item in items if item.id == given]
    if exact:
        return exact[0], []
    key = _key(given)
    by_id = [item for item in items if _key(item.id) == key]
    if len(by_id) == 1:
        return by_id[0], []
    by_name = [item for item in items if _key(item.name) == key]
    if len(by_name) == 1:
        return by_name[0], []
    return None, by_name or by_id


def _refuse(
    kind: str, given: str, role: Role, items: Sequence[Named], ambiguous: list[Named], where: Position
) -> EditError:
    listed = f"{'competencies' if kind == 'competency' else kind + 's'}: {choices(items)}"
    if ambiguous:
        ids = " or ".join(f"'{item.id}'" for item in ambiguous)
        message = f"'{given}' names more than one {kind} of role '{role.id}': use its id, {ids}"
        return fail(where, f"ambiguous-{kind}", message, listed)
    close = did_you_mean(given, [item.id for item in items] + [item.name for item in items])
    hint = f"{close} " if close.startswith("did you mean") else ""
    return fail(where, f"unknown-{kind}", f"'{given}' is not a {kind} of role '{role.id}'", f"{hint}{listed}")


def resolve_stage(role: Role, given: str, where: Position) -> Stage:
    """The stage of ``role`` that ``given`` names (id or display name, see the module docstring).

    Raises:
        EditError: ``unknown-stage`` (no match) or ``ambiguous-stage`` (a name two stages share),
            at ``where``, listing the stages in loop order with their names.
    """
    stage, ambiguous = _resolve(role.stages, given)
    if stage is None:
        raise _refuse("stage", given, role, role.stages, ambiguous, where)
    return stage


def resolve_competency(role: Role, given: str, where: Position) -> Competency:
    """The competency of ``role`` that ``given`` names (id or display name); raises like :func:`resolve_stage`
    (``unknown-competency``, ``ambiguous-competency``)."""
    competency, ambiguous = _resolve(role.competencies, given)
    if competency is None:
        raise _refuse("competency", given, role, role.competencies, ambiguous, where)
    return competency


def handle(given: str, where: Position, what: str = "interviewer handle") -> str:
    """``given`` as a handle: trimmed and lower-cased (``" Ana "`` → ``"ana"``).

    Raises:
        EditError: ``invalid-id`` when the result still is not lowercase letters, digits and '-'
            (e.g. ``"Ana Lima"``: the hint proposes ``ana-lima``).
    """
    value = given.strip().lower()
    if HANDLE.fullmatch(value):
        return value
    proposal = "-".join(re.findall(r"[a-z0-9]+", value))
    example = proposal if proposal else "ana"
    raise fail(
        where,
        "invalid-id",
        f"{what} '{given}' is not allowed",
        f"use lowercase letters, digits and '-', e.g. {example}",
    )


def _candidate_doc(settings: Settings, candidate_id: str) -> tuple[Role, Position]:
    """The role of candidate ``candidate_id`` and the position of the ``stage:`` value in its candidate.yml."""
    from hiring_kb.authoring.scaffold import require_role  # scaffold imports this module

    path = candidate_file(settings, candidate_id)
    label = settings.label(path)
    doc = read_yaml_or_refuse(path, label)
    data = doc.data if isinstance(doc.data, dict) else {}
    role_id = data.get("role")
    if not isinstance(role_id, str):
        raise fail(Position(label), "missing-key", "candidate.yml has no role", "add 'role: <role id>'")
    where = doc.value(data, "stage") if "stage" in data else Position(label)
    return require_role(settings, role_id), where


def candidate_role(settings: Settings, candidate_id: str) -> Role:
    """The role of candidate ``candidate_id`` (from ``candidate.yml``'s ``role:``).

    Raises:
        EditError: unknown candidate, a candidate.yml that does not parse or has no role, an unknown role.
    """
    return _candidate_doc(settings, candidate_id)[0]


def candidate_stage(settings: Settings, candidate_id: str, given: str) -> str:
    """The stage id that ``given`` names among the stages of the candidate's role (for ``invoke move``).

    Raises:
        EditError: as :func:`candidate_role`, and as :func:`resolve_stage` at the file's ``stage:`` value.
    """
    role, where = _candidate_doc(settings, candidate_id)
    return resolve_stage(role, given, where).id


def missing_options(settings: Settings, candidate_id: str | None, stage: str | None, interviewer: str | None) -> str:
    """The message for ``invoke new-interview`` run without some of its options ("" when none is missing).

    It names each missing option with what to type: the candidate's stages in loop order with their
    names, and the whole command of the candidate's next planned interview when there is one.

    Raises:
        EditError: when the candidate (or their role) cannot be read, as :func:`candidate_role`.
    """
    names = [
        name for name, value in (("ID", candidate_id), ("--stage", stage), ("--interviewer", interviewer)) if not value
    ]
    if not names:
        return ""
    lines = [f"missing: {', '.join(names)}"]
    if candidate_id is None:
        lines.append("  ID: the candidate's id, shown on the candidate page (and in its address), e.g. c-7d3e91")
        lines.append("  e.g. invoke new-interview c-7d3e91 --stage technical --interviewer ana")
        return "\n".join(lines)
    role = candidate_role(settings, candidate_id)
    if stage is None:
        lines.append(f"  --stage: one of {choices(role.stages)}")
    if interviewer is None:
        lines.append("  --interviewer: your handle, e.g. ana")
    upcoming = _next_planned(settings, candidate_id, role)
    if upcoming is not None:
        lines.append(
            f"  next planned interview: invoke new-interview {candidate_id} --stage {upcoming.stage} "
            f"--interviewer {upcoming.interviewer} --date {upcoming.date.isoformat()}"
        )
    else:
        example = stage or role.stages[0].id
        lines.append(
            f"  e.g. invoke new-interview {candidate_id} --stage {example} --interviewer {interviewer or 'ana'}"
        )
    return "\n".join(lines)


def _next_planned(settings: Settings, candidate_id: str, role: Role) -> PlannedInterview | None:
    """The candidate's first planned interview without a scorecard (None when none, or it does not load)."""
    from hiring_kb.analysis.loop import interview_loop
    from hiring_kb.authoring.forge import next_planned
    from hiring_kb.base.clock import today
    from hiring_kb.sources.loader import load_candidate

    when = today()
    candidate, _ = load_candidate(settings.candidates_dir / candidate_id, {role.id: role}, settings, today=when)
    return next_planned(interview_loop(candidate, when)) if candidate is not None else None
