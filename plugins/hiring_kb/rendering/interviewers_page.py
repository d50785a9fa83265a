"""The interviewers page (calibration): every interviewer against the panel, and agreement per competency.

The figures are :func:`hiring_kb.analysis.calibration.calibrate`'s; the layout is ``templates/interviewers.md.j2``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hiring_kb.analysis.calibration import calibrate
from hiring_kb.rendering.generated_page import INTERVIEWERS_INDEX, GeneratedPage

if TYPE_CHECKING:  # the renderer calls this module: annotations only
    from hiring_kb.rendering.render import SiteRenderer


def interviewers_index(renderer: SiteRenderer) -> GeneratedPage:
    """The calibration page of the project ``renderer`` shows (``interviewers/index.md``)."""
    result = calibrate(renderer.project, renderer.calibration_settings)
    markdown = renderer.render_template("interviewers.md.j2", INTERVIEWERS_INDEX, calibration=result)
    return GeneratedPage(INTERVIEWERS_INDEX, "Interviewers", markdown)
