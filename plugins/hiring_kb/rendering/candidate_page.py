"""The candidate page: header, badges, role-fit arithmetic, interview loop, evidence per competency and the
interviews with their notes.

It holds what the page shows and where it comes from; the layout is ``templates/candidate.md.j2`` and the
figures come from the analysis modules (fit, loop, charts). Shared per-project state is the
:class:`hiring_kb.rendering.render.SiteRenderer` passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from hiring_kb.analysis.fit import verdict_reason
from hiring_kb.authoring.forge import authoring_context
from hiring_kb.model.models import Candidate, Role
from hiring_kb.rendering.charts import profile_chart
from hiring_kb.rendering.generated_page import GeneratedPage, candidate_uri
from hiring_kb.sources.note_html import RenderedNote, render_note

if TYPE_CHECKING:  # the renderer calls this module: annotations only
    from hiring_kb.rendering.render import SiteRenderer


def candidate_page(renderer: SiteRenderer, candidate: Candidate) -> GeneratedPage:
    """The page of ``candidate`` (``candidates/<id>.md``, not in the navigation) as ``renderer`` shows it."""
    role = renderer.project.roles[candidate.role_id]
    uri = candidate_uri(candidate.id)
    fit = renderer.fits[candidate.id]
    gate = renderer.gates[candidate.id]
    rendered = {i.id: render_note(i.body) for i in candidate.interviews}
    notes = {interview_id: Markup(note.html) for interview_id, note in rendered.items()}
    loop = renderer.loops[candidate.id]
    markdown = renderer.render_template(
        "candidate.md.j2",
        uri,
        candidate=candidate,
        role=role,
        fit=fit,
        reason="" if gate.hidden else verdict_reason(fit, renderer.thresholds),
        gate=gate,
        interview_loop=loop,
        notes=notes,
        profile=profile_chart(fit, renderer.thresholds.bar, f"profile-{candidate.id}", candidate.name),
        evidence=evidence_of(candidate, role, rendered),
        outside=notes_outside_evidence(candidate, rendered),
        panel=renderer.panels[candidate.id],
        authoring=authoring_context(candidate, role, loop, candidate.interviews, renderer.forge),
    )
    return GeneratedPage(uri, candidate.name, markdown, in_nav=False)


def evidence_of(
    candidate: Candidate, role: Role, rendered: Mapping[str, RenderedNote]
) -> dict[str, list[tuple[Any, Markup]]]:
    """Competency id -> [(interview, sanitised evidence HTML)], every role competency, interviews oldest first.

    ``rendered`` (interview id -> :class:`RenderedNote`) holds each note's single render; its sections
    have the boundaries :func:`notes.find_evidence` used, keyed by the heading's body line.
    """
    grouped: dict[str, list[tuple[Any, Markup]]] = {c.id: [] for c in role.competencies}
    for interview in candidate.interviews:
        sections = rendered[interview.id].sections
        for section in interview.evidence:
            if section.competency_id in grouped and section.markdown.strip():
                html_text = Markup(sections[section.line - interview.body_line])
                grouped[section.competency_id].append((interview, html_text))
    return grouped


def notes_outside_evidence(candidate: Candidate, rendered: Mapping[str, RenderedNote]) -> dict[str, Markup]:
    """Interview id -> sanitised HTML of the note without its evidence sections (shown once, under their
    competency) and without empty ``##`` headings: the text the interview section still has to show."""
    return {
        i.id: Markup(rendered[i.id].outside({s.line - i.body_line for s in i.evidence})) for i in candidate.interviews
    }
