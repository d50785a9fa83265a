"""SiteRenderer's dashboard, calibration and tag pages from an in-memory project: escaping and the clock."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from hiring_kb.rendering.render import SiteRenderer
from hiring_kb.sources.settings_defaults import DashboardSettings, FitThresholds
from tests.unit.factories import candidate, interview, project

HOSTILE = project(
    candidate(
        "c1",
        [interview("x", 2, {"a": 3}), interview("y", 3, {"a": 1})],
        name="<script>alert(1)</script>",
        tags=("<img src=x onerror=alert(1)>", "ok"),
    ),
)


def test_values_are_escaped_on_every_new_page() -> None:
    renderer = SiteRenderer(HOSTILE, FitThresholds(), today=dt.date(2026, 12, 1))
    pages = {p.src_uri: p.markdown for p in renderer.pages()}
    outputs = [
        pages["tags/index.md"],
        pages["interviewers/index.md"],
        pages["candidates/c1.md"],
        pages["roles/eng.md"],
        renderer.attention("index.md"),
        renderer.recent("index.md"),
    ]
    for html in outputs:
        assert "<script>" not in html and "<img" not in html
    tags = BeautifulSoup(pages["tags/index.md"], "html.parser")
    assert [s["id"] for s in tags.select("section.hkb-tag")] == ["tag-img-src-x-onerror-alert-1-63b586", "tag-ok"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["tags/index.md"]


def test_the_dashboard_judges_staleness_by_the_given_date() -> None:
    def stale(today: dt.date) -> list[str]:
        renderer = SiteRenderer(HOSTILE, FitThresholds(), today=today, dashboard=DashboardSettings(stale_days=10))
        soup = BeautifulSoup(renderer.attention("index.md"), "html.parser")
        return [li.get_text(" ", strip=True) for li in soup.select("li[data-kind='stale']")]

    assert stale(dt.date(2026, 11, 12)) == []
    assert stale(dt.date(2026, 11, 13)) == ["Stale No activity for 10 days (last interview 2026-11-03)."]
    assert SiteRenderer(HOSTILE, FitThresholds()).today == dt.date.today()


def test_retention_due_shows_first_on_the_dashboard_of_the_example_project() -> None:
    from hiring_kb.sources.retention import dashboard_check
    from hiring_kb.sources.validate import validate_project
    from tests.conftest import ROOT

    report = validate_project(ROOT)
    settings = report.settings

    def attention(today: dt.date) -> list[tuple[str, str]]:
        renderer = SiteRenderer(
            report.project,
            settings.thresholds,
            today=today,
            dashboard=settings.dashboard,
            retention=dashboard_check(settings.retention),
        )
        soup = BeautifulSoup(renderer.attention("index.md"), "html.parser")
        return [(tr["data-candidate"], tr["data-attention"]) for tr in soup.select("tr[data-candidate]")]

    # Marta Okafor was rejected on 2026-11-26: kept 180 days (to 2027-05-25), warned about 30 days before
    assert ("c-5a1c06", "retention") not in attention(dt.date(2027, 4, 24))
    due = attention(dt.date(2027, 4, 25))
    assert ("c-5a1c06", "retention") in due and due[0][1] == "retention"  # retention comes first
