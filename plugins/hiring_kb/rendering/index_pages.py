"""The index pages of the whole project: all candidates by role, all roles, every tag with its candidates.

Layouts are ``templates/candidates_index.md.j2``, ``roles_index.md.j2`` and ``tags.md.j2``; the tag index
itself is computed in :mod:`hiring_kb.analysis.tags`. Shared per-project state is the
:class:`hiring_kb.rendering.render.SiteRenderer` passed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiring_kb.analysis.tags import TAGS_INDEX
from hiring_kb.rendering.generated_page import CANDIDATES_INDEX, ROLES_INDEX, GeneratedPage

if TYPE_CHECKING:  # the renderer calls this module: annotations only
    from hiring_kb.rendering.render import SiteRenderer


def candidates_index(renderer: SiteRenderer) -> GeneratedPage:
    """All candidates, grouped by role, ranked within each."""
    groups = [(role, renderer.candidates_of(role)) for role in renderer.project.roles.values()]
    markdown = renderer.render_template("candidates_index.md.j2", CANDIDATES_INDEX, groups=groups)
    return GeneratedPage(CANDIDATES_INDEX, "Candidates", markdown)


def roles_index(renderer: SiteRenderer) -> GeneratedPage:
    """All roles with their status and candidate counts."""
    groups = [(role, renderer.candidates_of(role)) for role in renderer.project.roles.values()]
    markdown = renderer.render_template("roles_index.md.j2", ROLES_INDEX, groups=groups)
    return GeneratedPage(ROLES_INDEX, "Roles", markdown)


def tags_index(renderer: SiteRenderer) -> GeneratedPage:
    """Every tag with its candidates (see :mod:`hiring_kb.analysis.tags`)."""
    markdown = renderer.render_template("tags.md.j2", TAGS_INDEX, index=renderer.tags)
    return GeneratedPage(TAGS_INDEX, "Tags", markdown)
