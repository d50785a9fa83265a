"""Render the hiring pages (Markdown with HTML blocks) from a loaded project: :class:`SiteRenderer`, the
per-project state every page reads (role fits, interview loops, debrief gates, panels, settings).

Pure: no MkDocs import. Each page kind is built in its own module (:mod:`hiring_kb.rendering.candidate_page`,
:mod:`hiring_kb.rendering.role_page`, :mod:`hiring_kb.rendering.index_pages`,
:mod:`hiring_kb.rendering.interviewers_page`,
:mod:`hiring_kb.rendering.dashboard_sections`); the methods here name them for the compiler and the MkDocs plugin.
The pages of :meth:`SiteRenderer.pages` are what :mod:`hiring_kb.rendering.compiler` writes into the compiled tree.
Every YAML value goes through Jinja2 autoescaping (HTML, :mod:`hiring_kb.rendering.page_templates`) and, inside
Markdown headings, :func:`hiring_kb.rendering.page_text.markdown_text` (Markdown syntax too); note bodies are
rendered and sanitised by :mod:`hiring_kb.sources.note_html`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from hiring_kb.analysis.analytics import PipelineReport, TimelineRow, pipeline_report, timeline
from hiring_kb.analysis.dashboard import RetentionCheck
from hiring_kb.analysis.fit import RoleFit, rank_key, role_fit
from hiring_kb.analysis.loop import gated_view, hidden_fit, interview_loop, panel_status, scorecards_owed
from hiring_kb.analysis.tags import tag_index
from hiring_kb.authoring.forge import Forge
from hiring_kb.base.clock import today as clock_today
from hiring_kb.base.urls import page_url, relative_url
from hiring_kb.model.models import Candidate, Project, Role
from hiring_kb.rendering import candidate_page, dashboard_sections, index_pages, interviewers_page, role_page
from hiring_kb.rendering.generated_page import GeneratedPage, role_uri
from hiring_kb.rendering.page_templates import environment
from hiring_kb.rendering.page_text import search_spacing
from hiring_kb.sources.retention import dashboard_check
from hiring_kb.sources.settings_defaults import (
    DEFAULT_DECISION_REASONS,
    CalibrationSettings,
    DashboardSettings,
    FitThresholds,
)

if TYPE_CHECKING:  # for the annotation only: rendering never runs validation
    from hiring_kb.sources.validate import ValidationReport


class SiteRenderer:
    """Renders every hiring page of one project.

    Role fit is computed once per candidate at construction. ``directory_urls``
    mirrors MkDocs' ``use_directory_urls`` so raw-HTML links are right. ``today`` is
    the date the dashboard judges staleness and retention by (default: the local
    date, or ``SOURCE_DATE_EPOCH``: :func:`hiring_kb.base.clock.today`; tests pass a fixed date).
    ``retention`` tells whether a candidate is due for retention handling (None: not shown).
    """

    def __init__(
        self,
        project: Project,
        thresholds: FitThresholds,
        directory_urls: bool = True,
        *,
        today: dt.date | None = None,
        dashboard: DashboardSettings | None = None,
        calibration: CalibrationSettings | None = None,
        retention: RetentionCheck | None = None,
        debrief_gate: bool = False,
        decision_reasons: Mapping[str, str] | None = None,
        forge: Forge | None = None,
    ) -> None:
        # Interview loop and debrief gate (hiring_kb.analysis.loop): the loop is judged on the full data, then
        # the scorecards of a gated stage are left out, so no template can show them before the debrief.
        today = today or clock_today()
        self.loops = {c.id: interview_loop(c, today) for c in project.candidates.values()}
        self.owed = scorecards_owed(project, today)
        # Staleness counts gated interviews too (their dates are on the loop already): a candidate
        # interviewed yesterday is not idle just because the scorecards wait for the debrief.
        self._ungated = project
        project, self.gates = gated_view(project, debrief_gate)
        self.project = project
        self.thresholds = thresholds
        self.directory_urls = directory_urls
        self.today = today
        self.dashboard = dashboard or DashboardSettings()
        self.calibration_settings = calibration or CalibrationSettings()
        self.retention = retention
        self.forge = forge  # web-editor links on candidate pages (hiring_kb.authoring.forge); None: none
        self.tags = tag_index(project)
        # Computed when a page first asks: a serve rebuild renders a page or two, not every candidate's fit.
        self.fits: dict[str, RoleFit] = _LazyFits(self._fit)
        # The panel at a glance (hiring_kb.analysis.loop.panel_status): counts from the full data, votes as shown.
        self.panels = {
            cid: panel_status(self._ungated.candidates[cid], c, self.loops[cid])
            for cid, c in project.candidates.items()
        }
        # Per-project values the templates read; the environment itself is shared (compiled templates
        # are reused by every build in the process, e.g. each `mkdocs serve` rebuild).
        self._globals: dict[str, Any] = dict(
            thresholds=thresholds, project=project, fits=self.fits, tags=self.tags, panels=self.panels
        )
        # Decisions and pipeline reports (hiring_kb.analysis.analytics): read by _decision.html.j2 and
        # _analytics.html.j2.
        self.decision_reasons = dict(decision_reasons if decision_reasons is not None else DEFAULT_DECISION_REASONS)
        self._globals.update(
            DECISION_REASONS=self.decision_reasons, analytics_for=self.analytics_for, timeline_for=self.timeline_for
        )

    def _fit(self, candidate_id: str) -> RoleFit:
        """The role fit shown for one candidate (hidden while a debrief gate holds its scorecards back).
        Raises KeyError for an unknown candidate id."""
        candidate = self.project.candidates[candidate_id]
        fit = role_fit(self.project.roles[candidate.role_id], candidate.interviews, self.thresholds)
        gate = self.gates.get(candidate_id)
        return hidden_fit(fit) if gate is not None and gate.hidden else fit

    @classmethod
    def for_report(
        cls, report: ValidationReport, directory_urls: bool = True, forge: Forge | None = None
    ) -> SiteRenderer:
        """The renderer of a validated project, with every setting and the date the report was checked against."""
        settings = report.settings
        return cls(
            report.project,
            settings.thresholds,
            directory_urls,
            today=report.today,
            dashboard=settings.dashboard,
            calibration=settings.calibration,
            retention=dashboard_check(settings.retention),
            debrief_gate=settings.debrief_gate,
            decision_reasons=settings.decision_reasons,
            forge=forge,
        )

    def analytics_for(self, role: Role) -> PipelineReport:
        """The pipeline report of ``role`` (stage conversion, days in stage, reasons, sources) on ``today``.

        Counts every candidate, gated or not: history, stages and decisions are not scorecards.
        """
        return pipeline_report(role, self._ungated.candidates.values(), self.decision_reasons, self.today)

    def timeline_for(self, candidate: Candidate) -> tuple[tuple[TimelineRow, ...], tuple[str, int] | None]:
        """A candidate's history for their page (:func:`hiring_kb.analysis.analytics.timeline`) on ``today``."""
        return timeline(self.project.roles[candidate.role_id], candidate, self.today)

    # -- helpers shared by the page modules -------------------------------------------

    @property
    def ungated(self) -> Project:
        """The project with every scorecard, gated or not (staleness and pipeline counts read it)."""
        return self._ungated

    def _linker(self, current_uri: str) -> Callable[[str], str]:
        current = page_url(current_uri, self.directory_urls)
        return lambda target_uri: relative_url(page_url(target_uri, self.directory_urls), current)

    def candidates_of(self, role: Role) -> list[Candidate]:
        """The role's candidates ranked by fit (see :func:`hiring_kb.analysis.fit.rank_key`), then by name."""
        members = [c for c in self.project.candidates.values() if c.role_id == role.id]
        return sorted(members, key=lambda c: (rank_key(self.fits[c.id]), c.name.casefold()))

    def render_template(self, template: str, current_uri: str, **context: Any) -> str:
        """``template`` (a name in ``templates/``) rendered for the page ``current_uri`` (its links are relative
        to it) with the per-project values and ``context``, cells spaced for the search index."""
        page = environment().get_template(template)
        return search_spacing(page.render(url=self._linker(current_uri), **self._globals, **context))

    # -- pages (each built in its page module) -----------------------------------------

    def candidate_page(self, candidate: Candidate) -> GeneratedPage:
        """The candidate page: header, badges, role-fit arithmetic, interviews with notes."""
        return candidate_page.candidate_page(self, candidate)

    def role_page(self, role: Role) -> GeneratedPage:
        """The role page: summary, pipeline board and funnel, candidates ranked (filterable), rubric, kit."""
        return role_page.role_page(self, role)

    def interviewers_index(self) -> GeneratedPage:
        """Calibration: every interviewer against the panel, and agreement per competency."""
        return interviewers_page.interviewers_index(self)

    def tags_index(self) -> GeneratedPage:
        """Every tag with its candidates (see :mod:`hiring_kb.analysis.tags`)."""
        return index_pages.tags_index(self)

    def candidates_index(self) -> GeneratedPage:
        """All candidates, grouped by role, ranked within each."""
        return index_pages.candidates_index(self)

    def roles_index(self) -> GeneratedPage:
        """All roles with their status and candidate counts."""
        return index_pages.roles_index(self)

    def fill_directives(self, markdown: str, current_uri: str) -> str:
        """Replace the directives of a hand-written page (``<!-- hiring:pipeline -->``,
        ``<!-- hiring:scorecards-owed -->``, ``<!-- hiring:attention -->``,
        ``<!-- hiring:recent-interviews -->``) with their HTML, linked from ``current_uri``."""
        return dashboard_sections.fill_directives(self, markdown, current_uri)

    def attention(self, current_uri: str) -> str:
        """HTML for ``<!-- hiring:attention -->``: candidates needing attention on ``today``, most urgent first."""
        return dashboard_sections.attention(self, current_uri)

    def recent(self, current_uri: str) -> str:
        """HTML for ``<!-- hiring:recent-interviews -->``: the latest interviews, newest first."""
        return dashboard_sections.recent(self, current_uri)

    def role_uris(self) -> list[str]:
        """Source URIs of the role pages, in role order (for the navigation)."""
        return [role_uri(role.id) for role in self.project.roles.values()]

    def pages(self) -> list[GeneratedPage]:
        """Every generated page: both indexes, one per role, one per candidate."""
        out = [self.candidates_index(), self.roles_index(), self.interviewers_index(), self.tags_index()]
        out += [self.role_page(role) for role in self.project.roles.values()]
        out += [self.candidate_page(c) for c in self.project.candidates.values()]
        return out


class _LazyFits(dict):
    """A dict of role fits by candidate id that computes a missing one with ``compute(candidate_id)`` and keeps
    it (templates and the dashboard read ``fits[id]``)."""

    def __init__(self, compute: Callable[[str], RoleFit]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, candidate_id: str) -> RoleFit:
        fit = self[candidate_id] = self._compute(candidate_id)
        return fit
