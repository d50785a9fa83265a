"""Render the hiring pages (Markdown with HTML blocks) from a loaded project.

Pure: no MkDocs import. The output of :func:`generate_pages` is what the MkDocs
plugin adds as generated files, and what ``invoke export`` could write to a
folder. Every YAML value goes through Jinja2 autoescaping (HTML) and, inside
Markdown headings, :func:`markdown_text` (Markdown syntax too); note bodies are
rendered and sanitised by :mod:`hiring_kb.note_html`.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .analytics import PipelineReport, TimelineRow, pipeline_report, timeline
from .calibration import calibrate, offset_words
from .charts import days_in_stage_chart, days_text, funnel_chart, profile_chart, reasons_chart
from .clock import today as clock_today
from .dashboard import RetentionCheck, board_columns, needs_attention, recent_interviews, role_funnel
from .fit import (
    NO_DECISION,
    VERDICT_LABELS,
    RoleFit,
    coverage_for_reading,
    fit_anchors,
    fit_for_reading,
    level_fit,
    rank_key,
    role_fit,
    verdict_reason,
)
from .forge import Forge, authoring_context
from .loop import HIDDEN, HIDDEN_LABEL, gated_view, hidden_fit, interview_loop, panel_status, scorecards_owed
from .models import LEVEL_LABELS, Candidate, Project, Role
from .note_html import RenderedNote, render_note, render_notes_html
from .number_format import one_decimal, percent, rounded_for_reading, signed, three_decimals, two_decimals
from .reliability import BOOTSTRAP_SAMPLES
from .retention import dashboard_check
from .settings import DEFAULT_DECISION_REASONS, CalibrationSettings, DashboardSettings, FitThresholds
from .tags import TAGS_INDEX, tag_index
from .urls import page_url, relative_url

if TYPE_CHECKING:  # for the annotation only: rendering never runs validation
    from .validate import ValidationReport

CANDIDATES_INDEX = "candidates/index.md"
ROLES_INDEX = "roles/index.md"
INTERVIEWERS_INDEX = "interviewers/index.md"
ATTENTION_LABELS: Mapping[str, str] = {
    "retention": "Retention due",
    "stale": "Stale",
    "incomplete": "Incomplete",
    "split": "Split panel",
}
RECOMMENDATION_LABELS: Mapping[str, str] = {
    "strong-no": "Strong no",
    "no": "No",
    "yes": "Yes",
    "strong-yes": "Strong yes",
    NO_DECISION: "No decision",
}
STATUS_LABELS: Mapping[str, str] = {
    "active": "Active",
    "hired": "Hired",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "open": "Open",
    "paused": "Paused",
    "closed": "Closed",
}
#: Shown before a recommendation's label (never alone: the label is always written out).
RECOMMENDATION_ICONS: Mapping[str, str] = {
    "strong-yes": "✓✓",
    "yes": "✓",
    "no": "✗",
    "strong-no": "✗✗",
    NO_DECISION: "–",
}
#: Python-Markdown's own backslash-escapable characters (braces stop attr_list); escaping any
#: other character would leave a visible backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def candidate_uri(candidate_id: str) -> str:
    """Source URI of a candidate page (the opaque id, never the name)."""
    return f"candidates/{candidate_id}.md"


def role_uri(role_id: str) -> str:
    """Source URI of a role page."""
    return f"roles/{role_id}.md"


def markdown_text(value: Any) -> Markup:
    """Escape a plain value for a Markdown line: HTML-escape, then backslash-escape Markdown syntax."""
    text = " ".join(str(value).split())
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


def front_matter_title(value: Any) -> Markup:
    """A page title for generated front matter: a YAML double-quoted scalar of the value's
    HTML-escaped text on one line, without unprintable characters.

    MkDocs parses front matter with PyYAML, and Material prints ``page.meta.title`` into the
    header without escaping: pre-escaping keeps it text there (the theme override escapes the
    ``<title>`` too). A JSON string is a valid YAML 1.1 double-quoted scalar.
    """
    text = html.escape(" ".join(str(value).split()))
    return Markup(json.dumps("".join(ch for ch in text if ch.isprintable()), ensure_ascii=False))


#: Adjacent cells and label/value pairs: the browser separates them by layout, the search index by text.
_GLUED = re.compile(r"(</t[dh]>)(?=<t[dh][\s>])|(</tr>)(?=<tr[\s>])|(</dt>)(?=<dd[\s>])|(</dd>)(?=<dt[\s>])")


def search_spacing(html_text: str) -> str:
    """Put a space between adjacent table cells, rows and ``dt``/``dd`` pairs of rendered HTML.

    Material's search index concatenates the text of elements it does not keep, so ``<dt>Stage</dt><dd>System
    design</dd>`` was indexed as "StageSystem design". White space there changes nothing on screen.
    """
    return _GLUED.sub(
        lambda match: (match.group(1) or match.group(2) or match.group(3) or match.group(4)) + " ", html_text
    )


@dataclass(frozen=True)
class GeneratedPage:
    """A page to add to the site: ``src_uri`` such as ``"candidates/c-1.md"`` and its Markdown.

    ``in_nav`` is False for candidate pages: they are listed from the index and
    role pages, since a nav entry per candidate makes every page carry the whole
    list (Material renders the full nav into each page: quadratic builds).
    """

    src_uri: str
    title: str
    markdown: str
    in_nav: bool = True


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    """The Jinja2 environment of the page templates, built once per process (autoescape on)."""
    environment = Environment(
        loader=PackageLoader("hiring_kb", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        md=markdown_text,
        front_matter_title=front_matter_title,
        one_decimal=one_decimal,
        percent=percent,
        two_decimals=two_decimals,
        signed=signed,
        rounded_for_reading=rounded_for_reading,
        three_decimals=three_decimals,
        days_text=days_text,
    )
    environment.globals.update(
        LEVEL_LABELS=LEVEL_LABELS,
        VERDICT_LABELS={**VERDICT_LABELS, HIDDEN: HIDDEN_LABEL},
        RECOMMENDATION_LABELS=RECOMMENDATION_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        candidate_uri=candidate_uri,
        role_uri=role_uri,
        ATTENTION_LABELS=ATTENTION_LABELS,
        TAGS_INDEX=TAGS_INDEX,
        INTERVIEWERS_INDEX=INTERVIEWERS_INDEX,
        # The panel at a glance, ranking and fit anchors (issue 12)
        RECOMMENDATION_ICONS=RECOMMENDATION_ICONS,
        fit_for_reading=fit_for_reading,
        coverage_for_reading=coverage_for_reading,
        fit_anchors=fit_anchors,
        MEETS_EVERYWHERE=rounded_for_reading(level_fit(3)),
        EXCEEDS_EVERYWHERE=rounded_for_reading(level_fit(4)),
        offset_words=offset_words,
        BOOTSTRAP_SAMPLES=BOOTSTRAP_SAMPLES,
        days_chart=days_in_stage_chart,
        reasons_chart=reasons_chart,
    )
    return environment


class HtmlStash:
    """Keeps the raw HTML blocks of generated pages out of the Markdown converter.

    Python-Markdown parses every raw HTML block to find where it ends, and MkDocs
    parses it again for anchor ids; on candidate pages that is most of the
    conversion time, for HTML that is already final. :meth:`stash` swaps each
    block (a blank-line separated chunk that starts with ``<`` and is not a
    comment: our templates emit each block as one chunk and rendered notes hold
    no blank lines, see :func:`note_html.render_note`) for a placeholder comment,
    which the converter passes through verbatim; :meth:`restore` puts the HTML
    back into the converted page. Placeholders carry a random per-build nonce,
    so note text cannot forge one.
    """

    def __init__(self) -> None:
        self._nonce = secrets.token_hex(8)
        self._blocks: list[str] = []
        self._pattern = re.compile(rf"<!--hkb-{self._nonce}-(\d+)-->")

    def stash(self, markdown: str) -> str:
        """Return ``markdown`` with each raw HTML block replaced by a placeholder."""
        chunks = markdown.split("\n\n")
        for index, chunk in enumerate(chunks):
            if chunk.startswith("<") and not chunk.startswith("<!--"):
                self._blocks.append(chunk)
                chunks[index] = f"<!--hkb-{self._nonce}-{len(self._blocks) - 1}-->"
        return "\n\n".join(chunks)

    def restore(self, html: str) -> str:
        """Return converted page HTML with every placeholder replaced by its block."""
        return self._pattern.sub(lambda match: self._blocks[int(match.group(1))], html)


class SiteRenderer:
    """Renders every hiring page of one project.

    Role fit is computed once per candidate at construction. ``directory_urls``
    mirrors MkDocs' ``use_directory_urls`` so raw-HTML links are right. ``today`` is
    the date the dashboard judges staleness and retention by (default: the local
    date, or ``SOURCE_DATE_EPOCH``: :func:`hiring_kb.clock.today`; tests pass a fixed date).
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
        # Interview loop and debrief gate (hiring_kb.loop): the loop is judged on the full data, then
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
        self.forge = forge  # web-editor links on candidate pages (hiring_kb.forge); None: none
        self.tags = tag_index(project)
        # Computed when a page first asks: a serve rebuild renders a page or two, not every candidate's fit.
        self.fits: dict[str, RoleFit] = _LazyFits(self._fit)
        # The panel at a glance (hiring_kb.loop.panel_status): counts from the full data, votes as shown.
        self.panels = {
            cid: panel_status(self._ungated.candidates[cid], c, self.loops[cid])
            for cid, c in project.candidates.items()
        }
        # Per-project values the templates read; the environment itself is shared (compiled templates
        # are reused by every build in the process, e.g. each `mkdocs serve` rebuild).
        self._globals: dict[str, Any] = dict(
            thresholds=thresholds, project=project, fits=self.fits, tags=self.tags, panels=self.panels
        )
        # Decisions and pipeline reports (hiring_kb.analytics): read by _decision.html.j2 and _analytics.html.j2.
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
        """A candidate's history for their page (:func:`hiring_kb.analytics.timeline`) on ``today``."""
        return timeline(self.project.roles[candidate.role_id], candidate, self.today)

    # -- helpers shared by templates -------------------------------------------------

    def _linker(self, current_uri: str) -> Callable[[str], str]:
        current = page_url(current_uri, self.directory_urls)
        return lambda target_uri: relative_url(page_url(target_uri, self.directory_urls), current)

    def candidates_of(self, role: Role) -> list[Candidate]:
        """The role's candidates ranked by fit (see :func:`hiring_kb.fit.rank_key`), then by name."""
        members = [c for c in self.project.candidates.values() if c.role_id == role.id]
        return sorted(members, key=lambda c: (rank_key(self.fits[c.id]), c.name.casefold()))

    def _render(self, template: str, current_uri: str, **context: Any) -> str:
        page = _environment().get_template(template)
        return search_spacing(page.render(url=self._linker(current_uri), **self._globals, **context))

    # -- pages -----------------------------------------------------------------------

    def candidate_page(self, candidate: Candidate) -> GeneratedPage:
        """The candidate page: header, badges, role-fit arithmetic, interviews with notes."""
        role = self.project.roles[candidate.role_id]
        uri = candidate_uri(candidate.id)
        fit = self.fits[candidate.id]
        rendered = {i.id: render_note(i.body) for i in candidate.interviews}
        notes = {interview_id: Markup(note.html) for interview_id, note in rendered.items()}
        markdown = self._render(
            "candidate.md.j2",
            uri,
            candidate=candidate,
            role=role,
            fit=fit,
            reason="" if self.gates[candidate.id].hidden else verdict_reason(fit, self.thresholds),
            gate=self.gates[candidate.id],
            interview_loop=self.loops[candidate.id],
            notes=notes,
            profile=profile_chart(fit, self.thresholds.bar, f"profile-{candidate.id}", candidate.name),
            evidence=self.evidence_of(candidate, role, rendered),
            outside=self.notes_outside_evidence(candidate, rendered),
            panel=self.panels[candidate.id],
            authoring=authoring_context(candidate, role, self.loops[candidate.id], candidate.interviews, self.forge),
        )
        return GeneratedPage(uri, candidate.name, markdown, in_nav=False)

    def evidence_of(
        self, candidate: Candidate, role: Role, rendered: Mapping[str, RenderedNote]
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

    def notes_outside_evidence(self, candidate: Candidate, rendered: Mapping[str, RenderedNote]) -> dict[str, Markup]:
        """Interview id -> sanitised HTML of the note without its evidence sections (shown once, under their
        competency) and without empty ``##`` headings: the text the interview section still has to show."""
        return {
            i.id: Markup(rendered[i.id].outside({s.line - i.body_line for s in i.evidence}))
            for i in candidate.interviews
        }

    def board(self, role: Role) -> tuple[Role, list[Any], dict[str, int], int]:
        """One role's pipeline board: (role, [(stage, active candidates)], closed counts, active count)."""
        members = self.candidates_of(role)
        columns = board_columns(role, members)
        closed = {s: sum(1 for c in members if c.status == s) for s in ("hired", "rejected", "withdrawn")}
        return role, columns, closed, sum(1 for c in members if c.status == "active")

    def role_page(self, role: Role) -> GeneratedPage:
        """The role page: summary, pipeline board and funnel, candidates ranked (filterable), rubric, kit."""
        uri = role_uri(role.id)
        description = Markup(render_notes_html(role.description, heading_offset=1)) if role.description else ""
        candidates = self.candidates_of(role)
        funnel = funnel_chart(role_funnel(role, candidates), len(candidates), f"funnel-{role.id}", role.title)
        markdown = self._render(
            "role.md.j2",
            uri,
            role=role,
            candidates=candidates,
            description=description,
            board=self.board(role),
            funnel=funnel,
        )
        return GeneratedPage(uri, role.title, markdown)

    def interviewers_index(self) -> GeneratedPage:
        """Calibration: every interviewer against the panel, and agreement per competency."""
        result = calibrate(self.project, self.calibration_settings)
        markdown = self._render("interviewers.md.j2", INTERVIEWERS_INDEX, calibration=result)
        return GeneratedPage(INTERVIEWERS_INDEX, "Interviewers", markdown)

    def tags_index(self) -> GeneratedPage:
        """Every tag with its candidates (see :mod:`hiring_kb.tags`)."""
        markdown = self._render("tags.md.j2", TAGS_INDEX, index=self.tags)
        return GeneratedPage(TAGS_INDEX, "Tags", markdown)

    def candidates_index(self) -> GeneratedPage:
        """All candidates, grouped by role, ranked within each."""
        groups = [(role, self.candidates_of(role)) for role in self.project.roles.values()]
        markdown = self._render("candidates_index.md.j2", CANDIDATES_INDEX, groups=groups)
        return GeneratedPage(CANDIDATES_INDEX, "Candidates", markdown)

    def roles_index(self) -> GeneratedPage:
        """All roles with their status and candidate counts."""
        groups = [(role, self.candidates_of(role)) for role in self.project.roles.values()]
        markdown = self._render("roles_index.md.j2", ROLES_INDEX, groups=groups)
        return GeneratedPage(ROLES_INDEX, "Roles", markdown)

    def fill_directives(self, markdown: str, current_uri: str) -> str:
        """Replace the directives of a hand-written page (``<!-- hiring:pipeline -->``,
        ``<!-- hiring:scorecards-owed -->``, ``<!-- hiring:attention -->``,
        ``<!-- hiring:recent-interviews -->``) with their HTML, linked from ``current_uri``."""
        if "<!-- hiring:" not in markdown:
            return markdown
        sections = {
            "<!-- hiring:pipeline -->": self.pipeline,
            "<!-- hiring:scorecards-owed -->": self.scorecards_owed,
            "<!-- hiring:attention -->": self.attention,
            "<!-- hiring:recent-interviews -->": self.recent,
        }
        for directive, render in sections.items():
            if directive in markdown:
                markdown = markdown.replace(directive, render(current_uri))
        return markdown

    def pipeline(self, current_uri: str) -> str:
        """HTML for the ``<!-- hiring:pipeline -->`` directive on the page ``current_uri``.

        Open roles, each with its active candidates per stage.
        """
        boards = [self.board(role) for role in self.project.roles.values() if role.status == "open"]
        return self._render("pipeline.html.j2", current_uri, boards=boards)

    def attention(self, current_uri: str) -> str:
        """HTML for ``<!-- hiring:attention -->``: candidates needing attention on ``today``, most urgent first."""
        items = needs_attention(self._ungated, self.fits, self.today, self.dashboard, self.retention)
        return self._render(
            "attention.html.j2",
            current_uri,
            items=items,
            today=self.today,
            settings=self.dashboard,
            retention_known=self.retention is not None,
        )

    def recent(self, current_uri: str) -> str:
        """HTML for ``<!-- hiring:recent-interviews -->``: the latest interviews, newest first."""
        rows = recent_interviews(self.project, self.dashboard.recent_interviews)
        return self._render("recent_interviews.html.j2", current_uri, rows=rows)

    def scorecards_owed(self, current_uri: str) -> str:
        """HTML for ``<!-- hiring:scorecards-owed -->``: scorecards still owed on ``today``, oldest first."""
        return self._render("scorecards_owed.html.j2", current_uri, rows=self.owed, today=self.today)

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
