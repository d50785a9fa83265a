"""The pull-request summary of ``invoke review`` as GitHub-flavoured Markdown: :func:`format_review` writes a
:class:`hiring_kb.analysis.review.Review` with every value escaped.

It computes nothing: what changed, and how fit, verdict and rank move, is :func:`hiring_kb.analysis.review.compare`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from hiring_kb.analysis.fit import RoleFit
from hiring_kb.base.number_format import one_decimal, percent
from hiring_kb.model.models import Role
from hiring_kb.model.vocabulary import NO_DECISION_LABEL, Recommendation

if TYPE_CHECKING:  # review.py calls format_review: its classes are annotations here
    from hiring_kb.analysis.review import Review, ScorecardChange, Standing

#: How a change of recommendation reads in a review ("no decision" is lower case inside a sentence).
RECOMMENDATION_NAMES: Mapping[str | None, str] = {
    **{r.value: r.label for r in Recommendation},
    None: NO_DECISION_LABEL.lower(),
}


def _md(value: object) -> str:
    """Plain text for a Markdown line or table cell: HTML and Markdown syntax escaped."""
    text = " ".join(str(value).split())
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text.replace("&", "&amp;")


def _verdict(fit: RoleFit) -> str:
    return fit.verdict.label


def _fit(fit: RoleFit) -> str:
    return "—" if fit.fit is None else one_decimal(fit.fit)


def _coverage(fit: RoleFit) -> str:
    return "—" if fit.coverage is None else percent(fit.coverage)


def _arrow(before: str, after: str) -> str:
    return before if before == after else f"{before} → {after}"


def _cells(b: Standing | None, a: Standing | None) -> list[str]:
    def pick(s: Standing | None, get: Callable[[Standing], str]) -> str:
        return "absent" if s is None else get(s)

    return [
        _arrow(pick(b, lambda s: _fit(s.fit)), pick(a, lambda s: _fit(s.fit))),
        _arrow(pick(b, lambda s: _coverage(s.fit)), pick(a, lambda s: _coverage(s.fit))),
        _arrow(pick(b, lambda s: _verdict(s.fit)), pick(a, lambda s: _verdict(s.fit))),
        _arrow(pick(b, lambda s: f"{s.rank} of {s.of}"), pick(a, lambda s: f"{s.rank} of {s.of}")),
    ]


def _who(standing: Standing) -> str:
    return f"{_md(standing.candidate.name)} (`{standing.candidate.id}`)"


def _competency_name(role: Role | None, competency_id: str) -> str:
    """The competency's name in ``role``, or its id when the role or the competency is unknown."""
    competency = role.competency(competency_id) if role else None
    return competency.name if competency else competency_id


def _scorecard_line(change: ScorecardChange, role: Role | None) -> str:
    name = change.path.rsplit("/", 1)[-1]
    interview = change.interview
    if change.kind == "added" and interview is not None:
        ratings = (
            ", ".join(f"{_md(_competency_name(role, cid))} {level}" for cid, level in interview.ratings.items())
            or "no ratings"
        )
        stage = role.stage_name(interview.stage) if role else interview.stage
        return (f"- added `{name}`: {_md(stage)} · {_md(interview.interviewer)} · {ratings} · "
                f"recommendation {RECOMMENDATION_NAMES[interview.recommendation]}")  # fmt: skip
    if change.kind == "changed":
        what = "; ".join(_md(d) for d in change.details) if change.details else "does not load (see the errors above)"
        return f"- changed `{name}`: {what}"
    return f"- removed `{name}`"


def format_review(review: Review) -> str:
    """The review as GitHub-flavoured Markdown (every value escaped), ending with a newline."""
    lines = [f"## What this change does to the hiring data (compared with `{_md(review.base)}`)", ""]
    if review.errors:
        lines += [f"**{len(review.errors)} error{'s' * (len(review.errors) != 1)}: files with errors are left out "
                  "of the figures below until they are fixed.**", ""]  # fmt: skip
        lines += [f"- {_md(error)}" for error in review.errors] + [""]
    if review.empty:
        return "\n".join([*lines, "No roles, candidates or scorecards change.", ""])
    header = ["| | Fit | Coverage | Verdict | Rank in role |", "|---|---|---|---|---|"]
    for change in review.candidates:
        shown = change.after or change.before
        if shown is None:
            lines += [f"### `{change.candidate_id}`", "", "Does not load before or after: see the errors above.", ""]
            continue
        role = review.role_names.get(shown.candidate.role_id)
        title = f" · {_md(role.title)}" if role else ""
        state = " (new candidate)" if change.before is None else (" (removed)" if change.after is None else "")
        lines += [f"### {_who(shown)}{title}{state}", ""]
        entries = [_scorecard_line(s, role) for s in change.scorecards]
        if any("/interviews/" not in f for f in change.files):
            entries.append("- candidate.yml edited")
        lines += [*entries, ""]
        lines += [*header, "| " + " | ".join(["before → after", *_cells(change.before, change.after)]) + " |", ""]
    for role_change in review.roles:
        lines += [f"### Role: {_md(role_change.title)} (`{role_change.role_id}`)", ""]
        lines += [f"- {_md(detail)}" for detail in role_change.details] + [""]
        if role_change.moved:
            lines += ["| Candidate | Fit | Coverage | Verdict | Rank in role |", "|---|---|---|---|---|"]
            for b, a in role_change.moved:
                present = next(s for s in (a, b) if s is not None)  # a moved candidate exists on one side
                lines.append("| " + " | ".join([_who(present), *_cells(b, a)]) + " |")
            lines.append("")
        else:
            lines += ["No candidate's fit, verdict or rank changes.", ""]
    if review.rank_moves:
        lines += ["### Other rank changes", ""]
        lines += [f"- {_who(a)}: {b.rank} of {b.of} → {a.rank} of {a.of}" for b, a in review.rank_moves] + [""]
    return "\n".join(lines)
