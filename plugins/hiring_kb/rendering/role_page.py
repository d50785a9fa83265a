"""The role page (summary, pipeline board and funnel, candidates ranked, rubric, interview kit) and the
pipeline board it shares with the dashboard.

The layout is ``templates/role.md.j2``; the ranking and the funnel come from :mod:`hiring_kb.analysis.fit` and
:mod:`hiring_kb.analysis.dashboard`. Shared per-project state is the :class:`hiring_kb.rendering.render.SiteRenderer`
passed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from hiring_kb.analysis.dashboard import board_columns, role_funnel
from hiring_kb.model.models import Role
from hiring_kb.model.vocabulary import DECIDED_STATUSES, CandidateStatus
from hiring_kb.rendering.charts import funnel_chart
from hiring_kb.rendering.generated_page import GeneratedPage, role_uri
from hiring_kb.sources.note_html import render_notes_html

if TYPE_CHECKING:  # the renderer calls this module: annotations only
    from hiring_kb.rendering.render import SiteRenderer


def board(renderer: SiteRenderer, role: Role) -> tuple[Role, list[Any], dict[str, int], int]:
    """One role's pipeline board: (role, [(stage, active candidates)], closed counts by status, active count)."""
    members = renderer.candidates_of(role)
    columns = board_columns(role, members)
    closed = {s.value: sum(1 for c in members if c.status == s) for s in DECIDED_STATUSES}
    return role, columns, closed, sum(1 for c in members if c.status == CandidateStatus.ACTIVE)


def role_page(renderer: SiteRenderer, role: Role) -> GeneratedPage:
    """The page of ``role`` (``roles/<id>.md``), its candidates ranked by fit."""
    uri = role_uri(role.id)
    description = Markup(render_notes_html(role.description, heading_offset=1)) if role.description else ""
    candidates = renderer.candidates_of(role)
    funnel = funnel_chart(role_funnel(role, candidates), len(candidates), f"funnel-{role.id}", role.title)
    markdown = renderer.render_template(
        "role.md.j2",
        uri,
        role=role,
        candidates=candidates,
        description=description,
        board=board(renderer, role),
        funnel=funnel,
    )
    return GeneratedPage(uri, role.title, markdown)
