"""Scorecards owed and the debrief gate, read from built HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hiring_kb.rendering.render import SiteRenderer
from hiring_kb.rendering.site_build import build_site
from hiring_kb.sources.validate import validate_project
from tests.site.test_example_site import page, text

SECRET = "SECRET-EVIDENCE-7f3a"
DAN_NOTE = f"""---
interviewer: dan
date: 2026-11-25
stage: technical
ratings: {{test-strategy: 2, automation: 3}}
recommendation: strong-no
---
## Test strategy
- {SECRET}: no plan beyond smoke tests

## Test automation
- Maintains a Cypress suite of ~300 tests
"""
MARC_NOTE = """---
interviewer: marc
date: 2026-11-30
stage: technical
ratings: {test-strategy: 3}
recommendation: yes
---
## Test strategy
- Wrote a risk-based release checklist for the exercise
"""
LOOP = """  - {stage: technical, interviewer: dan, date: 2026-11-25}
  - {stage: technical, interviewer: marc, date: 2026-11-27}
"""


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime.combine(day, dt.time(12), dt.timezone.utc).timestamp()))


@pytest.fixture
def gated_project(project: Path) -> Path:
    """Lena (QA deep dive) with two technical interviews planned: dan's scorecard is in, marc's is owed."""
    path = project / "candidates/c-2b8f40/candidate.yml"
    path.write_text(
        path.read_text().replace("  - {stage: screen, interviewer: ana, date: 2026-11-20}", LOOP.rstrip("\n"))
    )
    (project / "candidates/c-2b8f40/interviews/2026-11-25-technical-dan.md").write_text(DAN_NOTE)
    return project


def build(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2026, 12, 1)))
    result = build_site(project / "mkdocs.yml", site)
    assert result.ok, result.output
    return site


def site_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file())


def owed_rows(soup: BeautifulSoup) -> list[tuple[str, str, str, str]]:
    return [
        (row["data-interviewer"], row["data-candidate"], row["data-stage"], text(row.select("td")[3]))
        for row in soup.select(".hkb-owed tbody tr")
    ]


def test_example_home_page_lists_the_scorecard_owed(example_site: Path) -> None:
    home = BeautifulSoup((example_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert owed_rows(home) == [("ana", "c-2b8f40", "screen", "2026-11-20 11 days")]
    assert text(home.select_one(".hkb-owed tbody tr td:nth-of-type(2)")) == "Lena Kowalczyk QA Engineer"
    lena = page(example_site, "candidates/c-2b8f40")
    assert [text(li) for li in lena.select(".hkb-loop__item")] == [
        "2026-11-20 Recruiter screen · ana scorecard owed since 2026-11-20 (11 days)",
        "2026-11-20 Recruiter screen · bea scorecard in",
    ]
    assert lena.select_one(".hkb-summary")["data-verdict"] == "incomplete"  # another stage's debt never gates


def test_gate_hides_role_fit_and_the_stages_scorecards_until_all_are_in(
    gated_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = build(gated_project, tmp_path / "closed", monkeypatch)
    lena = page(site, "candidates/c-2b8f40")
    assert text(lena.select_one(".hkb-gate__title")) == (
        "Role fit hidden until 2 scorecards are in (QA deep dive: 1 of 2 in; waiting for marc)."
    )
    for hidden in (".hkb-summary", ".hkb-badges", ".hkb-arith", ".hkb-evidence"):
        assert lena.select(hidden) == []
    assert [text(h) for h in lena.select("article h3")] == ["2026-11-20 · Recruiter screen · bea"]
    assert [(li["data-interviewer"], li["data-state"]) for li in lena.select(".hkb-loop__item")] == [
        ("bea", "done"),
        ("dan", "done"),
        ("marc", "owed"),
    ]
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert owed_rows(home) == [("marc", "c-2b8f40", "technical", "2026-11-27 4 days")]
    role = page(site, "roles/qa-engineer")
    row = role.select_one('tr[data-candidate="c-2b8f40"]')
    assert row["data-verdict"] == "hidden"
    assert [text(td) for td in row.select("td")[3:6]] == ["Hidden until debrief", "—", "—"]
    # nothing of dan's scorecard anywhere in the site: pages, search index, sitemap
    everything = site_text(site)
    assert SECRET not in everything
    assert "Strong no" not in text(lena)

    # marc's scorecard arrives: the gate opens on the next build
    (gated_project / "candidates/c-2b8f40/interviews/2026-11-30-technical-marc.md").write_text(MARC_NOTE)
    site = build(gated_project, tmp_path / "open", monkeypatch)
    lena = page(site, "candidates/c-2b8f40")
    assert lena.select(".hkb-gate") == []
    summary = lena.select_one(".hkb-summary")
    assert (summary["data-verdict"], summary.select_one("[data-fit]")["data-fit"]) == (
        "no-fit",
        "68.2",
    )  # test strategy (must): (2 + 3) / 2 < 3
    assert SECRET in text(lena)
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert owed_rows(home) == []
    assert text(home.select_one(".hkb-owed__none")).startswith("No scorecards owed")


def test_gate_off_in_settings_shows_everything(gated_project: Path) -> None:
    report = validate_project(gated_project)
    renderer = SiteRenderer(report.project, report.settings.thresholds, today=dt.date(2026, 12, 1), debrief_gate=False)
    lena = renderer.candidate_page(report.project.candidates["c-2b8f40"]).markdown
    assert "hkb-gate" not in lena
    assert SECRET in lena
    gated = SiteRenderer(report.project, report.settings.thresholds, today=dt.date(2026, 12, 1), debrief_gate=True)
    assert SECRET not in "".join(p.markdown for p in gated.pages())
