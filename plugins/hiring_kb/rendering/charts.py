"""Static SVG charts, laid out at build time: a candidate's competency profile and a role's funnel.

This module computes geometry and the text equivalent of each chart; the templates ``chart_*.html.j2``
turn it into inline SVG (so the palette's CSS colours apply and no script or image request is needed).
Every chart carries a ``<title>``, a ``<desc>`` with the same content as its visible data table, and
marks that never rely on colour alone (levels and counts are written out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hiring_kb.analysis.analytics import PipelineReport
from hiring_kb.analysis.dashboard import FunnelStep
from hiring_kb.analysis.fit import CompetencyFit, RoleFit
from hiring_kb.base.number_format import one_decimal, percent
from hiring_kb.model.models import LEVEL_LABELS

#: Width of every chart's viewBox in user units (the SVG scales to its container).
WIDTH = 640


def _r(value: float | Fraction) -> float:
    """Round a coordinate for the SVG source (one decimal keeps files small and diffs stable)."""
    return round(float(value), 1)


def _mean_text(mean: Fraction) -> str:
    return f"{one_decimal(mean)} {LEVEL_LABELS[int(mean)]}"


@dataclass(frozen=True)
class Tick:
    """A vertical grid line at ``x`` with its ``label``."""

    x: float
    label: str


@dataclass(frozen=True)
class ProfileRow:
    """One competency of a profile chart.

    ``bar_width`` is the score ``(mean - 1) / 3`` on the plot width (0 when not assessed); ``dots`` are the
    x of each rating; ``level`` is the badge level (1..4) or None when not assessed.
    """

    competency_id: str
    label: str
    must_have: bool
    y: float
    bar_width: float
    dots: tuple[float, ...]
    level: int | None
    value: str
    gap: bool
    split: bool
    text: str


@dataclass(frozen=True)
class ProfileChart:
    """Layout of a competency profile: rows, scale ticks, the bar line at ``bar_x``, title and description."""

    id: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    row_height: int
    top: int
    rows: tuple[ProfileRow, ...]
    ticks: tuple[Tick, ...]
    bar_x: float
    bar_label: str
    title: str
    desc: str


def profile_chart(fit: RoleFit, bar: int, chart_id: str, who: str) -> ProfileChart:
    """Lay out a candidate's competency profile.

    Args:
        fit: the candidate's role fit (competencies in role order).
        bar: the "meets" level (1..4) drawn as a dashed line; must-haves below it are gaps.
        chart_id: unique id prefix for the SVG's title/desc elements.
        who: the candidate's name, for the title.

    Returns:
        A :class:`ProfileChart`: each competency's bar is its score ``(mean - 1) / 3`` on a 1..4 scale,
        each rating a dot, must-haves marked with ★ and the word "must-have" in the text equivalent.
    """
    left, right, top, row_height = 230.0, WIDTH - 120.0, 30, 30

    def x(level: float | Fraction) -> float:
        return _r(left + (right - left) * (Fraction(level) - 1) / 3)

    rows = [
        _profile_row(result, top + index * row_height, right - left, x) for index, result in enumerate(fit.competencies)
    ]
    ticks = tuple(Tick(x(level), f"{level} {LEVEL_LABELS[level]}") for level in (1, 2, 3, 4))
    desc = (
        f"Mean rating per competency on the 1 to 4 scale against the bar of {bar} ({LEVEL_LABELS[bar]}). "
        + " ".join(row.text for row in rows)
    )
    return ProfileChart(
        id=chart_id,
        width=WIDTH,
        height=top + len(rows) * row_height + 10,
        plot_left=left,
        plot_right=right,
        row_height=row_height,
        top=top,
        rows=tuple(rows),
        ticks=ticks,
        bar_x=x(bar),
        bar_label=f"bar {bar} {LEVEL_LABELS[bar]}",
        title=f"Competency profile of {who}",
        desc=desc,
    )


def _profile_row(
    result: CompetencyFit, y: float, plot_width: float, x: Callable[[float | Fraction], float]
) -> ProfileRow:
    """One competency's row of the profile chart at height ``y``: bar, rating dots (``x`` maps a 1..4 level to
    the plot), the value beside the bar and the sentence of the text equivalent."""
    c = result.competency
    if result.assessed:
        assert result.mean is not None and result.score is not None
        value = _mean_text(result.mean) + (" · gap" if result.gap else "") + (" · split" if result.split else "")
        ratings = ", ".join(str(r) for r in result.ratings)
        text = (
            f"{c.name}{', must-have' if c.must_have else ''}: mean {_mean_text(result.mean)} from "
            f"{len(result.ratings)} rating{'s' if len(result.ratings) != 1 else ''} ({ratings})"
            f"{'; below the bar (must-have gap)' if result.gap else ''}{'; split panel' if result.split else ''}."
        )
    else:
        value = "not assessed"
        text = f"{c.name}{', must-have' if c.must_have else ''}: not assessed."
    return ProfileRow(
        competency_id=c.id,
        label=c.name,
        must_have=c.must_have,
        y=y,
        bar_width=_r(plot_width * result.score) if result.score is not None else 0.0,
        dots=tuple(x(r) for r in result.ratings),
        level=result.level,
        value=value,
        gap=result.gap,
        split=result.split,
        text=text,
    )


@dataclass(frozen=True)
class FunnelRow:
    """One stage of a funnel chart: ``bar_width`` is ``reached / total`` of the plot width."""

    stage_id: str
    label: str
    y: float
    bar_width: float
    reached: int
    share: str
    value: str
    step: FunnelStep


@dataclass(frozen=True)
class FunnelChart:
    """Layout of a role's funnel: one row per stage, with title and description."""

    id: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    row_height: int
    top: int
    total: int
    rows: tuple[FunnelRow, ...]
    title: str
    desc: str


def funnel_chart(steps: tuple[FunnelStep, ...], total: int, chart_id: str, role_title: str) -> FunnelChart:
    """Lay out a role's funnel.

    Args:
        steps: from :func:`hiring_kb.analysis.dashboard.role_funnel`, in stage order.
        total: the role's number of candidates (the 100 % of every bar).
        chart_id: unique id prefix for the SVG's title/desc elements.
        role_title: for the title.

    Returns:
        A :class:`FunnelChart`; each bar is the share of the role's candidates that reached the stage.
    """
    left, right, top, row_height = 170.0, WIDTH - 150.0, 10, 30
    rows = []
    for index, step in enumerate(steps):
        share = Fraction(step.reached, total) if total else Fraction(0)
        share_text = percent(share, digits=0)
        rows.append(
            FunnelRow(
                stage_id=step.stage.id,
                label=step.stage.name,
                y=top + index * row_height,
                bar_width=_r((right - left) * share),
                reached=step.reached,
                share=share_text,
                value=f"{step.reached} of {total} ({share_text})",
                step=step,
            )
        )
    desc = (
        f"Candidates of {role_title} reaching each stage, out of {total}: "
        + "; ".join(f"{row.label} {row.value}" for row in rows)
        + "."
    )
    return FunnelChart(
        id=chart_id,
        width=WIDTH,
        height=top + len(rows) * row_height + 6,
        plot_left=left,
        plot_right=right,
        row_height=row_height,
        top=top,
        total=total,
        rows=tuple(rows),
        title=f"Funnel of {role_title}",
        desc=desc,
    )


#: Width of a bar chart's viewBox: labels sit above the bars, so it can be narrower than :data:`WIDTH`.
BAR_WIDTH = 400


@dataclass(frozen=True)
class Bar:
    """One bar of a :class:`BarChart`: ``width`` in user units, ``value`` the text written after the bar."""

    key: str
    label: str
    y: float
    width: float
    value: str


@dataclass(frozen=True)
class BarChart:
    """Layout of a horizontal bar chart (days in stage, decisions by reason), with title and description."""

    id: str
    kind: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    row_height: int
    top: int
    bars: tuple[Bar, ...]
    title: str
    desc: str


def bar_chart(
    rows: Sequence[tuple[str, str, Fraction | int | None, str]], chart_id: str, kind: str, title: str, intro: str
) -> BarChart:
    """Lay out horizontal bars, each as long as its value relative to the largest one.

    Args:
        rows: ``(key, label, value, value text)`` in display order; a None value draws no bar.
        chart_id: unique id prefix for the SVG's title/desc elements.
        kind: a word for CSS and tests (``days``, ``reasons``).
        title: the SVG title; ``intro``: the description's first sentence (each row's text follows).

    Returns:
        A :class:`BarChart`; the description holds every label and value text, so nothing is
        shown by length or colour alone.
    """
    # Label above each bar, so the chart stays narrow (BAR_WIDTH) and legible on a phone.
    left, right, top, row_height = 4.0, BAR_WIDTH - 4.0, 4, 40
    largest = max((Fraction(v) for _, _, v, _ in rows if v is not None), default=Fraction(0))
    bars = tuple(
        Bar(
            key=key,
            label=label,
            y=top + index * row_height,
            width=_r((right - left) * Fraction(value) / largest) if value is not None and largest else 0.0,
            value=text,
        )
        for index, (key, label, value, text) in enumerate(rows)
    )
    desc = f"{intro} " + "; ".join(f"{b.label}: {b.value}" for b in bars) + "."
    return BarChart(
        id=chart_id,
        kind=kind,
        width=BAR_WIDTH,
        height=top + len(bars) * row_height + 6,
        plot_left=left,
        plot_right=right,
        row_height=row_height,
        top=top,
        bars=bars,
        title=title,
        desc=desc,
    )


def days_text(days: Fraction | int) -> str:
    """Days for reading: ``Fraction(9, 2)`` → ``"4.5 days"``, ``1`` → ``"1 day"``."""
    value = Fraction(days)
    number = f"{value.numerator}" if value.denominator == 1 else one_decimal(value)
    return f"{number} day{'' if value == 1 else 's'}"


def days_in_stage_chart(report: PipelineReport) -> BarChart:
    """Median days in each stage of a role with finished stays (see :mod:`hiring_kb.analysis.analytics`)."""
    rows = [
        (t.stage.id, t.stage.name, t.median, f"{days_text(t.median)} (median of {len(t.stays)})")
        for t in report.times
        if t.median is not None
    ]
    return bar_chart(
        rows,
        f"days-{report.role.id}",
        "days",
        f"Median days in stage, {report.role.title}",
        "Median days candidates spent in each stage before moving on or a decision.",
    )


def reasons_chart(report: PipelineReport) -> BarChart:
    """Decisions per reason of a role (see :mod:`hiring_kb.analysis.analytics`)."""
    rows = [
        (r.reason or "none", r.label, r.total, f"{r.total} decision{'s' if r.total != 1 else ''}")
        for r in report.reasons
    ]
    return bar_chart(
        rows,
        f"reasons-{report.role.id}",
        "reasons",
        f"Decisions by reason, {report.role.title}",
        f"Reasons given for the {report.decided} decisions.",
    )
