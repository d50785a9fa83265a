"""Whole-site tests of the debrief (issue 12): honest ranking, the panel at a glance, the anchored fit, split
markers, an empty scorecard that stays owed, each note once, the navigation and the search index."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hiring_kb.authoring.scaffold import create_interview
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project
from tests.site.test_example_site import page, text
from tests.site.test_interview_loop_site import DAN_NOTE, LOOP, build

#: One recruiter screen: the must-have English at 2 and two 4s. Its fit, 77.8, is higher than Joaquim
#: Barros' 71.2 (fit), but the must-have gap makes it a no-fit (the report of issue 12).
RUI = """name: Rui Santos
role: backend-engineer
stage: screen
status: active
applied: 2026-11-20
source: referral
"""
RUI_SCREEN = """---
interviewer: bea
date: 2026-11-26
stage: screen
ratings: {english: 2, ownership: 4, leadership: 4}
recommendation: no
---
## Strong English
- Needed the questions repeated; written answers fine

## Ownership of scaled systems
- Ran the billing platform alone for two years, on call for all of it

## Technical leadership
- Leads the platform guild, mentors four
"""


def rows(soup: BeautifulSoup, selector: str) -> list[str]:
    return [tr["data-candidate"] for tr in soup.select(f"{selector} tr[data-candidate]")]


@pytest.fixture(scope="module")
def ranked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project plus Rui Santos (no-fit at 77.8), built on 2026-12-01."""
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("ranked") / "project")
    folder = project / "candidates/c-4f0a11"
    (folder / "interviews").mkdir(parents=True)
    (folder / "candidate.yml").write_text(RUI)
    (folder / "interviews/2026-11-26-screen-bea.md").write_text(RUI_SCREEN)
    monkeypatch = pytest.MonkeyPatch()
    try:
        return build(project, project / "site", monkeypatch)
    finally:
        monkeypatch.undo()


def test_a_higher_fit_no_fit_ranks_below_a_fit(ranked_site: Path) -> None:
    rui = page(ranked_site, "candidates/c-4f0a11")
    summary = rui.select_one(".hkb-summary")
    assert (summary["data-verdict"], summary.select_one("[data-fit]")["data-fit"]) == ("no-fit", "77.8")
    role = page(ranked_site, "roles/backend-engineer")
    order = rows(role, "table.hkb-matrix")
    # Joaquim Barros (fit, 71.2) first, Amara Nwosu (incomplete, 60.6) next, Rui Santos (no-fit, 77.8) after both
    assert order.index("c-7d3e91") < order.index("c-9e4d27") < order.index("c-4f0a11")
    # no candidate ranks above one of a better verdict tier (the example data may add candidates of any tier)
    tiers = ["Strong fit", "Fit", "Weak fit", "Incomplete", "No fit", "Not assessed", "Hidden until debrief"]
    verdicts = [text(tr.select("td")[3]) for tr in role.select("table.hkb-matrix tr[data-candidate]")]
    assert [tiers.index(v) for v in verdicts] == sorted(tiers.index(v) for v in verdicts)
    assert verdicts[order.index("c-7d3e91")] == "Fit" and verdicts[order.index("c-4f0a11")] == "No fit"
    matrix = {tr["data-candidate"]: tr for tr in role.select("table.hkb-matrix tr[data-candidate]")}
    assert [text(td) for td in matrix["c-4f0a11"].select("td")[:6]] == [
        str(order.index("c-4f0a11") + 1),
        "Rui Santos",
        "Recruiter screen",
        "No fit",
        "78",
        "55 %",
    ]
    assert text(role.select_one(".hkb-rank-note")).startswith(
        "Ranked by verdict first (strong fit, fit, weak fit, then incomplete, no fit, not assessed), then by fit, "
        "then by coverage"
    )
    # the candidates index and the pipeline board rank the same way
    index = rows(page(ranked_site, "candidates"), "table.hkb-candidates")
    assert index.index("c-7d3e91") < index.index("c-9e4d27") < index.index("c-4f0a11")
    board = page(ranked_site, "").select_one('.hkb-board[data-role="backend-engineer"]')
    screen = [li["data-candidate"] for li in board.select('[data-stage="screen"] li[data-candidate]')]
    assert "c-4f0a11" in screen


def panel(node) -> tuple[str, str, list[tuple[str, str]], str]:
    """(state, count text, [(interviewer, recommendation)], vote texts) of a .hkb-panel."""
    box = node.select_one(".hkb-panel")
    votes = [(li["data-interviewer"], li["data-recommendation"]) for li in box.select("li.hkb-vote")]
    return box["data-panel-state"], text(box.select_one(".hkb-panel__head")), votes, text(box.select_one("ul") or box)


def test_the_panel_column_shows_every_recommendation_and_scorecards_in(example_site: Path) -> None:
    role = page(example_site, "roles/backend-engineer")
    header = [text(th) for th in role.select("table.hkb-matrix thead th")][:7]
    assert header == ["#", "Candidate", "Stage", "Verdict", "Fit", "Coverage", "Panel"]
    joaquim = role.select_one('table.hkb-matrix tr[data-candidate="c-7d3e91"]')
    assert panel(joaquim.select("td")[6]) == (
        "ready",
        "3 of 3 scorecards in Ready for debrief",
        [("bea", "yes"), ("ana", "yes"), ("marc", "strong-yes")],
        "✓ Yes bea ✓ Yes ana ✓✓ Strong yes marc",
    )
    amara = role.select_one('table.hkb-matrix tr[data-candidate="c-9e4d27"]')
    assert panel(amara)[:3] == ("not-planned", "1 scorecard · no loop planned No interview planned", [("bea", "yes")])
    qa = page(example_site, "candidates").select_one('table.hkb-candidates tr[data-candidate="c-2b8f40"]')
    assert panel(qa)[:3] == ("waiting", "1 of 2 scorecards in Waiting for scorecards: ana", [("bea", "yes")])
    marta = page(example_site, "roles/qa-engineer").select_one('tr[data-candidate="c-5a1c06"]')
    assert panel(marta)[:3] == ("decided", "2 scorecards · no loop planned", [("bea", "no"), ("dan", "no")])
    home = page(example_site, "").select_one('.hkb-board li[data-candidate="c-7d3e91"]')
    assert panel(home)[0] == "ready" and panel(home)[3] == "✓ Yes bea ✓ Yes ana ✓✓ Strong yes marc"


def test_a_split_panel_is_marked_wherever_its_mean_is_shown(example_site: Path) -> None:
    role = page(example_site, "roles/backend-engineer")
    minis = role.select('tr[data-candidate="c-7d3e91"] .hkb-mini')
    assert [text(m) for m in minis] == ["3.0", "3.5", "3.0", "3.0 split 2–4", "3.0", "3.0"]
    assert [m["title"] for m in role.select('tr[data-candidate="c-7d3e91"] .hkb-mini--split')] == [
        "Code (Nest.js / TypeScript): 3.0 Meets; split panel, ratings 2, 4"
    ]
    joaquim = page(example_site, "candidates/c-7d3e91")
    assert text(joaquim.select_one("#evidence-code .hkb-evidence__title")) == (
        "3.0 split 2–4 Code (Nest.js / TypeScript)"
    )
    assert text(joaquim.select_one(".hkb-badge--split .hkb-badge__count")) == "2 ratings · split 2/4"
    code = joaquim.select_one(".hkb-arith tbody tr:nth-of-type(4)")
    assert [text(td) for td in code.select("td")][2:4] == ["2, 4", "3.0 split"]
    assert (
        text(joaquim.select_one('.hkb-chart--profile [data-competency="code"] .hkb-chart__value'))
        == "3.0 Meets · split"
    )


def test_the_fit_is_rounded_for_reading_and_anchored(example_site: Path) -> None:
    joaquim = page(example_site, "candidates/c-7d3e91")
    summary = joaquim.select_one(".hkb-summary")
    figure = summary.select_one(".hkb-fit-figure")
    assert (text(figure), figure["data-fit"], figure["title"]) == ("71", "71.2", "71.2 exactly")
    assert text(summary.select_one(".hkb-coverage-figure")) == "100 %"
    assert text(summary.select_one(".hkb-summary__reason")) == (
        "Fit 71 is between 60 and 80, coverage 100 %, every must-have at the bar."
    )
    assert text(summary.select_one(".hkb-summary__legend")) == (
        "Fit 0–100: 0 = far below on every competency, 33 = below on every competency, 67 = meets on every "
        "competency, 100 = exceeds on every competency; the verdict fit starts at 60, strong fit at 80. "
        "It is not a percentage."
    )
    scale = summary.select_one("svg.hkb-scale")
    assert scale["aria-label"].startswith("Fit 71 on the 0 to 100 scale; 0: far below on every competency;")
    assert scale.select_one(".hkb-scale__marker")["cx"] == "278.1"  # 16 + 3.68 × 71.21
    # the arithmetic keeps the exact values
    assert text(joaquim.select_one(".hkb-formula")) == "Coverage = 11 / 11 = 100.0 %. Fit = 100 × 7.83 / 11 = 71.2."
    amara = page(example_site, "candidates/c-9e4d27").select_one(".hkb-summary")
    assert (text(amara.select_one(".hkb-fit-figure")), text(amara.select_one(".hkb-coverage-figure"))) == ("61", "55 %")


def test_an_empty_scaffold_stays_owed_and_keeps_the_gate_closed(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ana opened her screen scorecard for Lena with `invoke new-interview` and left it untouched
    settings, _ = load_settings(project)
    scaffold = create_interview(
        settings, "c-2b8f40", "screen", "ana", dt.date(2026, 11, 20), today=dt.date(2026, 12, 1)
    )
    # and Lena's QA deep dive: dan's scorecard is in, marc has only created his file
    path = project / "candidates/c-2b8f40/candidate.yml"
    path.write_text(
        path.read_text().replace(
            "  - {stage: screen, interviewer: ana, date: 2026-11-20}",
            LOOP.rstrip("\n") + "\n  - {stage: screen, interviewer: ana, date: 2026-11-20}",
        )
    )
    (project / "candidates/c-2b8f40/interviews/2026-11-25-technical-dan.md").write_text(DAN_NOTE)
    create_interview(settings, "c-2b8f40", "technical", "marc", dt.date(2026, 11, 27), today=dt.date(2026, 12, 1))

    report = validate_project(project, today=dt.date(2026, 12, 1))
    assert report.ok
    assert [d.format() for d in report.diagnostics if d.code == "empty-scorecard"] == [
        f"{scaffold.label}: warning[empty-scorecard]: this scorecard has no rating, no recommendation and no notes "
        "yet, so it still counts as owed (hint: write what you observed under each '## <competency>', rate it 1-4 "
        "and set 'recommendation:'; delete the file if the interview did not take place)",
        "candidates/c-2b8f40/interviews/2026-11-27-technical-marc.md: warning[empty-scorecard]: this scorecard has "
        "no rating, no recommendation and no notes yet, so it still counts as owed (hint: write what you observed "
        "under each '## <competency>', rate it 1-4 and set 'recommendation:'; delete the file if the interview did "
        "not take place)",
    ]

    site = build(project, tmp_path / "site", monkeypatch)
    lena = page(site, "candidates/c-2b8f40")
    assert [
        (li["data-interviewer"], li["data-state"], text(li.select_one(".hkb-loop__state")))
        for li in lena.select(".hkb-loop__item")
    ] == [
        ("ana", "owed", "scorecard owed since 2026-11-20 (11 days)"),
        ("bea", "done", "scorecard in"),
        ("dan", "done", "scorecard in"),
        ("marc", "owed", "scorecard owed since 2026-11-27 (4 days)"),
    ]
    assert [text(s) for s in lena.select(".hkb-loop__started")] == ["file started, still empty"] * 2
    assert text(lena.select_one(".hkb-gate__title")) == (
        "Role fit hidden until 2 scorecards are in (QA deep dive: 1 of 2 in; waiting for marc)."
    )
    assert [text(h) for h in lena.select("article h3")] == ["2026-11-20 · Recruiter screen · bea"]  # no empty ones
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [(r["data-interviewer"], r["data-stage"]) for r in home.select(".hkb-owed tbody tr")] == [
        ("ana", "screen"),
        ("marc", "technical"),
    ]
    assert "2026-11-20-screen-ana" not in [r["data-interview"] for r in home.select(".hkb-recent tr[data-interview]")]
    row = page(site, "candidates").select_one('tr[data-candidate="c-2b8f40"]')
    assert panel(row)[:3] == ("waiting", "2 of 4 scorecards in Waiting for scorecards: ana, marc", [("bea", "yes")])


def test_each_note_is_indexed_once_and_labels_are_apart_from_values(example_site: Path) -> None:
    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("candidates/c-7d3e91/")]
    everything = " ".join(d["text"] for d in docs)
    assert everything.count("ClickHouse POC") == 1
    assert "StageSystem design" not in everything and "Stage System design" in docs[0]["text"]
    assert "Needs an interpreter" not in everything, "the rubric tooltips are not candidate text"
    # "Nest.js" is split at the dot in the index and in queries (mkdocs.yml: search separator)
    assert index["config"]["separator"] == '[\\s\\-,:!=\\[\\]()"/]+|\\.(?!\\d)'


def test_navigation_puts_hiring_pages_first_and_the_handbook_apart(example_site: Path) -> None:
    nav = page(example_site, "").select_one("nav.md-nav--primary > ul")
    top = [
        " ".join(item.find(["a", "label"], class_="md-nav__link").get_text(" ").split())
        for item in nav.find_all("li", recursive=False)
    ]
    assert top == ["Home", "Candidates", "Roles", "Interviewers", "Tags", "Handbook"]
    # every role page is listed under Roles, though mkdocs.yml names only the roles index
    roles = nav.find_all("li", recursive=False)[2]
    assert [a["href"] for a in roles.select("a[href]")] == ["roles/", "roles/backend-engineer/", "roles/qa-engineer/"]
    handbook = nav.find_all("li", recursive=False)[-1]
    assert [text(a) for a in handbook.select("nav a.md-nav__link")][:3] == [
        "How we hire",
        "Interviewing with this wiki",
        "Writing interview notes",
    ]
