"""Whole-site tests on a small fixture project: the calibration threshold, Krippendorff's alpha with its
bootstrap interval (to 4 decimals), the decision and history on a candidate page, and the role page's
pipeline report (conversion, median days in stage, decisions by reason, sources)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from hiring_kb.rendering.site_build import build_site
from tests.site.test_example_site import page, text

# Screen ratings (english, ownership, leadership): dan gives one level less than ana on every one.
RATINGS = {
    "c-a00001": ({"english": 4, "ownership": 3, "leadership": 3}, {"english": 3, "ownership": 2, "leadership": 2}),
    "c-a00002": ({"english": 3, "ownership": 4, "leadership": 3}, {"english": 2, "ownership": 3, "leadership": 2}),
    "c-a00003": ({"english": 4, "ownership": 4, "leadership": 2}, {"english": 3, "ownership": 3, "leadership": 1}),
}
CANDIDATES = {
    "c-a00001": """name: Ada Quist
role: backend-engineer
stage: technical
status: rejected
applied: 2026-11-01
decided_on: 2026-11-15
decision:
  reasons: [must-have-gap]
  rationale: Ownership below the bar.
source: referral
history:
  - {date: 2026-11-01, stage: screen}
  - {date: 2026-11-05, stage: technical}
  - {date: 2026-11-15, status: rejected}
""",
    "c-a00002": """name: Ben Okoro
role: backend-engineer
stage: offer
status: hired
applied: 2026-11-02
decided_on: 2026-11-25
decision:
  reasons: [best-fit]
source: job board
history:
  - {date: 2026-11-02, stage: screen}
  - {date: 2026-11-08, stage: technical}
  - {date: 2026-11-12, stage: system-design}
  - {date: 2026-11-20, stage: offer}
  - {date: 2026-11-25, status: hired}
""",
    "c-a00003": """name: Cleo Marsh
role: backend-engineer
stage: screen
status: active
applied: 2026-11-03
source: referral
history:
  - {date: 2026-11-03, stage: screen}
""",
}
NAMES = {"english": "Strong English", "ownership": "Ownership of scaled systems", "leadership": "Technical leadership"}


def note(interviewer: str, day: int, ratings: dict[str, int]) -> str:
    lines = ["---", f"interviewer: {interviewer}", f"date: 2026-11-{day:02d}", "stage: screen", "ratings:"]
    lines += [f"  {k}: {v}" for k, v in ratings.items()] + ["recommendation: yes", "---"]
    for key in ratings:
        lines += [f"## {NAMES[key]}", "- seen in the screen", ""]
    return "\n".join(lines)


def make_project(project: Path, candidates: tuple[str, ...]) -> Path:
    shutil.rmtree(project / "candidates")
    for index, candidate_id in enumerate(candidates):
        folder = project / "candidates" / candidate_id
        (folder / "interviews").mkdir(parents=True)
        (folder / "candidate.yml").write_text(CANDIDATES[candidate_id], encoding="utf-8")
        ana, dan = RATINGS[candidate_id]
        day = 4 + index
        (folder / "interviews" / f"2026-11-{day:02d}-screen-ana.md").write_text(note("ana", day, ana), encoding="utf-8")
        (folder / "interviews" / f"2026-11-{day:02d}-screen-dan.md").write_text(note("dan", day, dan), encoding="utf-8")
    return project


def build(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    epoch = dt.datetime.combine(dt.date(2026, 12, 1), dt.time(12), dt.timezone.utc).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))
    result = build_site(project / "mkdocs.yml", site)
    assert result.ok, result.output
    return site


def calibration_rows(site: Path) -> dict[str, object]:
    soup = page(site, "interviewers")
    return {r["data-interviewer"]: r for r in soup.select("table.hkb-calibration tr[data-interviewer]")}


def test_nobody_is_flagged_below_min_candidates(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build(make_project(project, ("c-a00001", "c-a00002")), tmp_path / "two", monkeypatch)
    dan = calibration_rows(site)["dan"]
    # six shared ratings, all one level below ana, but on two candidates only (min_candidates: 3)
    assert (dan["data-flag"], dan["data-offset"], dan["data-shared-candidates"]) == ("", "-1.00", "2")
    assert text(dan.select("td")[3]) == (
        "Too early to tell Needs shared ratings on 3 candidates and at least 3 ratings."
    )


def test_flagged_in_plain_words_with_min_candidates(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = build(make_project(project, tuple(CANDIDATES)), tmp_path / "three", monkeypatch)
    rows = calibration_rows(site)
    assert (rows["dan"]["data-flag"], rows["dan"]["data-shared-candidates"]) == ("harsh", "3")
    assert (
        text(rows["dan"].select("td")[3])
        == "Rates lower Rates about one level below the others on the same candidates."
    )
    assert (rows["ana"]["data-flag"], text(rows["ana"].select("td")[3])) == (
        "lenient",
        "Rates higher Rates about one level above the others on the same candidates.",
    )
    # a stricter hiring.yml: four candidates needed, so nobody is flagged
    settings = project / "hiring.yml"
    settings.write_text(settings.read_text().replace("  min_candidates: 3", "  min_candidates: 4"))
    strict = build(project, tmp_path / "strict", monkeypatch)
    assert calibration_rows(strict)["dan"]["data-flag"] == ""


def test_alpha_and_its_interval_to_4_decimals(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build(make_project(project, tuple(CANDIDATES)), tmp_path / "site", monkeypatch)
    soup = page(site, "interviewers")
    table = soup.select_one("table.hkb-agreement[data-role=backend-engineer]")
    pooled = table.select_one("tr.hkb-agreement__all")
    # 9 units (3 candidates x 3 competencies) of 2 ratings; alpha = 2221/7695, the krippendorff package agrees
    assert (pooled["data-pairable"], pooled["data-state"]) == ("18", "ok")
    assert (pooled["data-alpha-exact"], pooled["data-low"], pooled["data-high"]) == ("0.2886", "0.1876", "0.4355")
    assert text(pooled.select("td")[4]) == "0.289 Inconsistent likely 0.188 to 0.436"
    english = table.select_one("tr[data-competency=english]")
    assert (english["data-pairable"], english["data-state"]) == ("6", "insufficient")
    assert text(english.select("td")[4]) == "Not enough data 6 shared ratings; 10 needed"
    assert table.select_one("tr[data-competency=design]")["data-state"] == "insufficient"  # nobody rated it


def test_candidate_page_shows_decision_and_history(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = build(make_project(project, tuple(CANDIDATES)), tmp_path / "site", monkeypatch)
    ada = page(site, "candidates/c-a00001").select_one(".hkb-decision")
    assert ada["data-status"] == "rejected"
    assert text(ada.select_one(".hkb-decision__what")) == "Rejected on 2026-11-15 · Must-have below the bar"
    assert text(ada.select_one(".hkb-decision__rationale")) == "Ownership below the bar."
    assert [text(li) for li in ada.select(".hkb-history__list li")] == [
        "2026-11-01 Recruiter screen",
        "2026-11-05 Technical interview after 4 days in Recruiter screen",
        "2026-11-15 Rejected after 10 days in Technical interview",
    ]
    cleo = page(site, "candidates/c-a00003").select_one(".hkb-decision")
    assert text(cleo.select_one(".hkb-decision__what")) == "In Recruiter screen for 28 days."


def test_role_page_pipeline_report(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = build(make_project(project, tuple(CANDIDATES)), tmp_path / "site", monkeypatch)
    report = page(site, "roles/backend-engineer").select_one(".hkb-analytics")
    conversion = [[text(td) for td in tr.select("td")] for tr in report.select("table.hkb-conversion tbody tr")]
    assert conversion == [
        ["Recruiter screen", "3", "100 %", ""],
        ["Technical interview", "2", "67 %", "67 %"],
        ["System design", "1", "33 %", "50 %"],
        ["Offer", "1", "33 %", "100 %"],
        ["Hired", "1", "33 %", "100 %"],
    ]
    # stays: screen 4 (Ada) and 6 (Ben) days; technical 10 and 4; system design 8; offer 5; Cleo still in screen
    times = {
        tr["data-stage"]: (tr["data-median"], [text(td) for td in tr.select("td")][1:])
        for tr in report.select("table.hkb-stage-time tbody tr")
    }
    assert times == {
        "screen": ("5.0", ["5 days", "2 4, 6 days", "1 28 days so far"]),
        "technical": ("7.0", ["7 days", "2 4, 10 days", "0"]),
        "system-design": ("8.0", ["8 days", "1 8 days", "0"]),
        "offer": ("5.0", ["5 days", "1 5 days", "0"]),
    }
    reasons = {
        tr["data-reason"]: [text(td) for td in tr.select("td")][1:]
        for tr in report.select("table.hkb-reasons tbody tr")
    }
    assert reasons == {"must-have-gap": ["0", "1", "0", "1"], "best-fit": ["1", "0", "0", "1"]}
    sources = {
        tr["data-source"]: [text(td) for td in tr.select("td")][1:]
        for tr in report.select("table.hkb-sources tbody tr")
    }
    assert sources == {"referral": ["2", "1", "0", "0", "0"], "job board": ["1", "1", "1", "1", "1"]}
    days = report.select_one("[data-chart=days] desc")
    assert text(days).startswith(
        "Median days candidates spent in each stage before moving on or a decision. Recruiter screen: 5 days"
    )
    assert report.select_one("details.hkb-method") is not None


def test_example_decision_and_history_as_in_the_docs(example_site: Path) -> None:
    # docs/process.md, "Decisions and pipeline history": Marta Okafor, 10 days in the screen, 11 in the technical stage
    marta = page(example_site, "candidates/c-5a1c06").select_one(".hkb-decision")
    assert text(marta.select_one(".hkb-decision__what")) == "Rejected on 2026-11-26 · Must-have below the bar"
    assert [text(li) for li in marta.select(".hkb-history__list li")] == [
        "2026-11-05 Recruiter screen",
        "2026-11-15 QA deep dive after 10 days in Recruiter screen",
        "2026-11-26 Rejected after 11 days in QA deep dive",
    ]
    joaquim = page(example_site, "candidates/c-7d3e91").select_one(".hkb-decision")
    assert text(joaquim.select_one(".hkb-decision__what")) == "In System design for 11 days."
    report = page(example_site, "roles/backend-engineer").select_one(".hkb-analytics")
    reasons = {tr["data-reason"]: text(tr.select("td")[-1]) for tr in report.select("table.hkb-reasons tbody tr")}
    assert reasons["must-have-gap"] == "2" and reasons["compensation"] == "1"  # Tariq Hassan, Priya Raman; Lukas Meier
