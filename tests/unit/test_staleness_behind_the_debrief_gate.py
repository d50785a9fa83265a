"""The dashboard's staleness counts interviews the debrief gate hides.

The gate leaves a stage's scorecards out of every page until the debrief; their dates are still
activity: a candidate interviewed nine days ago is not idle since applying.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bs4 import BeautifulSoup

from hiring_kb.rendering.render import SiteRenderer
from hiring_kb.sources.retention import dashboard_check
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY


def attention_rows(project: Path, today: dt.date) -> list[tuple[str, ...]]:
    """Each row of the home page's attention list: id, kinds, verdict, last activity, reasons."""
    report = validate_project(project, today=today)
    assert report.ok, [d.format() for d in report.diagnostics]
    settings = report.settings
    renderer = SiteRenderer(
        report.project,
        settings.thresholds,
        today=today,
        dashboard=settings.dashboard,
        retention=dashboard_check(settings.retention),
        debrief_gate=settings.debrief_gate,
    )
    assert renderer.gates["c-2b8f40"].hidden  # ana's screen scorecard is still owed
    soup = BeautifulSoup(renderer.attention("index.md"), "html.parser")
    return [
        (
            tr["data-candidate"],
            tr["data-attention"],
            tr.select("td")[1].get_text(" ", strip=True),
            tr.select("td")[2].get_text(" ", strip=True),
            tr.select("td")[3].get_text(" ", strip=True),
        )
        for tr in soup.select("tr[data-candidate]")
    ]


def gated_at_screen(project: Path) -> Path:
    """Lena (c-2b8f40, applied 2026-11-12, screened 2026-11-20) back at the screen stage, whose loop is open."""
    path = project / "candidates/c-2b8f40/candidate.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("stage: technical", "stage: screen"), encoding="utf-8")
    return project


def test_a_gated_candidate_interviewed_recently_is_not_stale(project: Path) -> None:
    assert attention_rows(gated_at_screen(project), EXAMPLE_TODAY) == [
        (
            "c-9e4d27",
            "stale incomplete",
            "Incomplete",
            "2026-11-05 26 days ago",
            "Stale No activity for 26 days (last interview 2026-11-05). Incomplete Coverage 54.5 %; next, assess "
            "Product and API design, Code (Nest.js / TypeScript), Engineering processes.",
        ),
        ("c-7d3e91", "split", "Fit", "2026-11-24 7 days ago", "Split panel Code (Nest.js / TypeScript): ratings 2, 4."),
    ]


def test_a_gated_candidate_is_stale_from_the_hidden_interview_on_and_shows_no_verdict(project: Path) -> None:
    rows = attention_rows(gated_at_screen(project), dt.date(2026, 12, 4))  # 14 days after the screen
    assert [row for row in rows if row[0] == "c-2b8f40"] == [
        (
            "c-2b8f40",
            "stale",
            "Hidden until debrief",
            "2026-11-20 14 days ago",
            "Stale No activity for 14 days (last interview 2026-11-20).",
        )
    ]
