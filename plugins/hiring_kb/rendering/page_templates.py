"""The Jinja2 environment of the page templates (``templates/*.j2``): autoescape, the filters and the globals
every template may use, among them the domain words of :mod:`hiring_kb.model.vocabulary` and their labels.

It holds no page (the page modules render them) and no per-project value (those are
:class:`hiring_kb.rendering.render.SiteRenderer`'s template context).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined

from hiring_kb.analysis.calibration import offset_words
from hiring_kb.analysis.fit import coverage_for_reading, fit_anchors, fit_for_reading, level_fit
from hiring_kb.analysis.reliability import BOOTSTRAP_SAMPLES
from hiring_kb.analysis.tags import TAGS_INDEX
from hiring_kb.base.number_format import one_decimal, percent, rounded_for_reading, signed, three_decimals, two_decimals
from hiring_kb.model.models import LEVEL_LABELS
from hiring_kb.model.vocabulary import (
    NO_DECISION,
    RECOMMENDATION_ICONS,
    RECOMMENDATION_LABELS,
    AttentionKind,
    CalibrationFlag,
    CandidateStatus,
    LoopState,
    PanelState,
    ReliabilityReading,
    ReliabilityState,
    RoleStatus,
    Verdict,
    labels,
)
from hiring_kb.rendering.charts import days_in_stage_chart, days_text, reasons_chart
from hiring_kb.rendering.generated_page import INTERVIEWERS_INDEX, candidate_uri, role_uri
from hiring_kb.rendering.page_text import front_matter_title, markdown_text

#: ``value -> label`` of the words the templates look up by a value read from a file or a model.
ATTENTION_LABELS: Mapping[str, str] = labels(AttentionKind)
STATUS_LABELS: Mapping[str, str] = labels(CandidateStatus, RoleStatus)
#: Every verdict's label, ``hidden`` ("Hidden until debrief") included.
VERDICT_LABELS: Mapping[str, str] = labels(Verdict)

#: The domain words templates compare with (``p.state == PanelState.WAITING``) instead of literal strings.
_WORDS = {
    word.__name__: word
    for word in (
        CandidateStatus,
        LoopState,
        PanelState,
        CalibrationFlag,
        ReliabilityState,
        ReliabilityReading,
    )
}


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
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
        VERDICT_LABELS=VERDICT_LABELS,
        RECOMMENDATION_LABELS=RECOMMENDATION_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        candidate_uri=candidate_uri,
        role_uri=role_uri,
        ATTENTION_LABELS=ATTENTION_LABELS,
        TAGS_INDEX=TAGS_INDEX,
        INTERVIEWERS_INDEX=INTERVIEWERS_INDEX,
        # The panel at a glance, ranking and fit anchors (issue 12)
        RECOMMENDATION_ICONS=RECOMMENDATION_ICONS,
        NO_DECISION=NO_DECISION,
        fit_for_reading=fit_for_reading,
        coverage_for_reading=coverage_for_reading,
        fit_anchors=fit_anchors,
        MEETS_EVERYWHERE=rounded_for_reading(level_fit(3)),
        EXCEEDS_EVERYWHERE=rounded_for_reading(level_fit(4)),
        offset_words=offset_words,
        BOOTSTRAP_SAMPLES=BOOTSTRAP_SAMPLES,
        days_chart=days_in_stage_chart,
        reasons_chart=reasons_chart,
        **_WORDS,
    )
    return environment
