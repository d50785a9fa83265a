"""The dashboard's sections that hand-written pages pull in with a directive (``<!-- hiring:pipeline -->``,
``<!-- hiring:scorecards-owed -->``, ``<!-- hiring:attention -->``, ``<!-- hiring:recent-interviews -->``).

Each returns HTML linked from the page it is placed on; what the sections list is computed in
:mod:`hiring_kb.analysis.dashboard` and :mod:`hiring_kb.analysis.loop`. Shared per-project state is the
:class:`hiring_kb.rendering.render.SiteRenderer` passed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiring_kb.analysis.dashboard import needs_attention, recent_interviews
from hiring_kb.model.vocabulary import RoleStatus
from hiring_kb.rendering.role_page import board

if TYPE_CHECKING:  # the renderer calls this module: annotations only
    from hiring_kb.rendering.render import SiteRenderer


def pipeline(renderer: SiteRenderer, current_uri: str) -> str:
    """HTML for the ``<!-- hiring:pipeline -->`` directive on the page ``current_uri``.

    Open roles, each with its active candidates per stage.
    """
    boards = [board(renderer, role) for role in renderer.project.roles.values() if role.status == RoleStatus.OPEN]
    return renderer.render_template("pipeline.html.j2", current_uri, boards=boards)


def attention(renderer: SiteRenderer, current_uri: str) -> str:
    """HTML for ``<!-- hiring:attention -->``: candidates needing attention on ``today``, most urgent first."""
    items = needs_attention(renderer.ungated, renderer.fits, renderer.today, renderer.dashboard, renderer.retention)
    return renderer.render_template(
        "attention.html.j2",
        current_uri,
        items=items,
        today=renderer.today,
        settings=renderer.dashboard,
        retention_known=renderer.retention is not None,
    )


def recent(renderer: SiteRenderer, current_uri: str) -> str:
    """HTML for ``<!-- hiring:recent-interviews -->``: the latest interviews, newest first."""
    rows = recent_interviews(renderer.project, renderer.dashboard.recent_interviews)
    return renderer.render_template("recent_interviews.html.j2", current_uri, rows=rows)


def scorecards_owed(renderer: SiteRenderer, current_uri: str) -> str:
    """HTML for ``<!-- hiring:scorecards-owed -->``: scorecards still owed on ``today``, oldest first."""
    return renderer.render_template("scorecards_owed.html.j2", current_uri, rows=renderer.owed, today=renderer.today)


def fill_directives(renderer: SiteRenderer, markdown: str, current_uri: str) -> str:
    """``markdown`` of a hand-written page with each directive replaced by its HTML, linked from ``current_uri``."""
    if "<!-- hiring:" not in markdown:
        return markdown
    sections = {
        "<!-- hiring:pipeline -->": pipeline,
        "<!-- hiring:scorecards-owed -->": scorecards_owed,
        "<!-- hiring:attention -->": attention,
        "<!-- hiring:recent-interviews -->": recent,
    }
    for directive, render in sections.items():
        if directive in markdown:
            markdown = markdown.replace(directive, render(renderer, current_uri))
    return markdown
