"""Whole-site tests of the dashboard, calibration, tags, charts, evidence and filter markup (built on 2026-12-01)."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import ORIGINAL_CANDIDATES, ROOT
from tests.site.test_example_site import page, text


def test_home_lists_candidates_needing_attention(example_site: Path) -> None:
    soup = page(example_site, "")
    rows = soup.select(".hkb-attention tr[data-candidate]")
    assert [(r["data-candidate"], r["data-attention"]) for r in rows] == [
        ("c-9e4d27", "stale incomplete"),
        ("c-2b8f40", "incomplete"),
        ("c-7d3e91", "split"),
    ]
    assert [text(li) for li in rows[0].select(".hkb-reason")] == [
        "Stale No activity for 26 days (last interview 2026-11-05).",
        "Incomplete Coverage 54.5 %; next, assess Product and API design, Code (Nest.js / TypeScript), "
        "Engineering processes.",
    ]
    assert text(rows[2].select_one(".hkb-reason")) == "Split panel Code (Nest.js / TypeScript): ratings 2, 4."
    assert rows[0].select_one("a")["href"] == "candidates/c-9e4d27/"
    assert text(soup.select_one(".hkb-attention .hkb-note")).startswith("As of 2026-12-01.")


def test_home_lists_recent_interviews_with_links_to_the_scorecard(example_site: Path) -> None:
    soup = page(example_site, "")
    rows = soup.select(".hkb-recent tr[data-interview]")
    assert [r["data-interview"] for r in rows] == [
        "2026-11-25-technical-ana",
        "2026-11-25-technical-marc",
        "2026-11-24-system-design-marc",
        "2026-11-21-technical-dan",
        "2026-11-20-screen-bea",
        "2026-11-18-technical-ana",
        "2026-11-16-screen-bea",
        "2026-11-16-screen-dan",
    ]
    rows = rows[2:]
    link = rows[0].select("a")[0]["href"]
    assert link == "candidates/c-7d3e91/#interview-2026-11-24-system-design-marc"
    target = page(example_site, "candidates/c-7d3e91")
    assert target.find(id="interview-2026-11-24-system-design-marc") is not None
    assert rows[0].select("a")[1]["href"] == "interviewers/#interviewer-marc"


def test_interviewers_page_shows_calibration(example_site: Path) -> None:
    soup = page(example_site, "interviewers")
    rows = {r["data-interviewer"]: r for r in soup.select("table.hkb-calibration tr[data-interviewer]")}
    assert {k: (r["data-flag"], r["data-offset"], r["data-shared-candidates"]) for k, r in rows.items()} == {
        "ana": ("", "0.11", "8"),
        "bea": ("", "0.43", "9"),
        "dan": ("harsh", "-0.77", "9"),  # about one level below colleagues, on nine candidates
        "marc": ("", "0.67", "5"),
    }
    assert (
        text(rows["dan"].select("td")[3])
        == "Rates lower Rates about one level below the others on the same candidates."
    )
    assert text(rows["ana"].select("td")[3]) == "In line Rates in line with the others on the same candidates."
    assert rows["bea"].select_one("[data-ratings]")["data-ratings"] == "36"
    method = soup.select_one("details.hkb-method#method-interviewers")
    assert method is not None and not method.has_attr("open") and "Myford" in text(method)
    labels = text(soup.select_one("table.hkb-calibration thead"))
    assert not any(word in labels for word in ("Offset", "leniency", "severity", "Σ", "panel"))
    agreement = {
        (table["data-role"], r["data-competency"]): (r.get("data-mad"), r["data-alpha"], r["data-state"])
        for table in soup.select("table.hkb-agreement")
        for r in table.select("tr[data-competency]")
    }
    assert agreement[("backend-engineer", "code")] == ("1.00", "0.153", "ok")
    assert agreement[("backend-engineer", "ownership")] == ("0.46", "0.423", "ok")
    assert agreement[("backend-engineer", "english")] == ("0.50", "0.562", "insufficient")
    assert agreement[("backend-engineer", "")] == (None, "0.300", "ok")  # every competency of the role
    english = soup.select_one("table.hkb-agreement[data-role=backend-engineer] tr[data-competency=english]")
    assert text(english.select("td")[4]) == "Not enough data 8 shared ratings; 10 needed"
    assert [text(h) for h in soup.select("article h3")] == ["ana", "bea", "dan", "marc"]
    nav = {a["href"] for a in page(example_site, "").select("nav.md-nav--primary a[href]")}
    assert "interviewers/" in nav and "tags/" in nav


def test_tags_page_and_links_from_candidate_pages(example_site: Path) -> None:
    soup = page(example_site, "tags")
    groups = {
        s["id"]: [tr["data-candidate"] for tr in s.select("tr[data-candidate]")] for s in soup.select("section.hkb-tag")
    }
    groups = {tag: [c for c in ids if c in ORIGINAL_CANDIDATES] for tag, ids in groups.items()}
    assert groups == {"tag-mobile": ["c-2b8f40"], "tag-nestjs": ["c-7d3e91"], "tag-remote": ["c-9e4d27", "c-7d3e91"]}
    joaquim = page(example_site, "candidates/c-7d3e91")
    assert [(a["href"], text(a)) for a in joaquim.select("ul.hkb-tags a")] == [
        ("../../tags/#tag-remote", "remote"),
        ("../../tags/#tag-nestjs", "nestjs"),
    ]


def test_candidate_page_groups_evidence_per_competency(example_site: Path) -> None:
    soup = page(example_site, "candidates/c-7d3e91")
    groups = soup.select(".hkb-evidence__group")
    assert [g["data-competency"] for g in groups] == [
        "english",
        "ownership",
        "design",
        "code",
        "leadership",
        "processes",
    ]
    code = soup.select_one("#evidence-code")
    sources = [(a["href"], text(a)) for a in code.select(".hkb-evidence__source a")]
    assert sources == [
        ("#interview-2026-11-18-technical-ana", "2026-11-18 · Technical interview · ana"),
        ("#interview-2026-11-24-system-design-marc", "2026-11-24 · System design · marc"),
    ]
    assert [text(c) for c in code.select(".hkb-evidence__source .hkb-chip")] == ["rated 2 Below", "rated 4 Exceeds"]
    assert "the endpoint took ~2h of the 3h slot" in text(code.select(".hkb-evidence__notes")[0])
    for link in soup.select(".hkb-evidence__source a"):
        assert soup.find(id=link["href"][1:]) is not None, link["href"]
    lena = page(example_site, "candidates/c-2b8f40")
    assert text(lena.select_one("#evidence-test-strategy .hkb-evidence__none")) == "Not assessed yet: no evidence."


def test_profile_chart_has_title_desc_and_a_text_equivalent(example_site: Path) -> None:
    soup = page(example_site, "candidates/c-5a1c06")
    chart = soup.select_one("[data-chart='profile']")
    svg = chart.find("svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "profile-c-5a1c06-title profile-c-5a1c06-desc"
    assert text(svg.find("title")) == "Competency profile of Marta Okafor"
    assert text(svg.find("desc")).startswith(
        "Mean rating per competency on the 1 to 4 scale against the bar of 3 (Meets)."
    )
    rows = svg.select("g[data-competency]")
    assert [r["data-competency"] for r in rows] == [
        "english",
        "test-strategy",
        "exploratory",
        "dev-collaboration",
        "automation",
        "leadership",
    ]
    assert [text(r.select_one(".hkb-chart__label")) for r in rows[:2]] == ["★ Strong English", "★ Test strategy"]
    assert [text(r.select_one(".hkb-chart__value")) for r in rows] == [
        "2.0 Below · gap",
        "2.0 Below · gap",
        "not assessed",
        "3.0 Meets",
        "3.0 Meets",
        "4.0 Exceeds",
    ]
    assert [text(li) for li in chart.select("details li")][:3] == [
        "Strong English, must-have: mean 2.0 Below from 2 ratings (2, 2); below the bar (must-have gap).",
        "Test strategy, must-have: mean 2.0 Below from 1 rating (2); below the bar (must-have gap).",
        "Exploratory testing: not assessed.",
    ]


def test_role_page_has_board_funnel_and_a_filter_that_degrades(example_site: Path) -> None:
    soup = page(example_site, "roles/backend-engineer")
    board = soup.select_one(".hkb-pipeline--role .hkb-board")
    columns = {s["data-stage"]: [text(a) for a in s.select("a")] for s in board.select(".hkb-board__stage")}
    assert columns == {
        "screen": [],
        "technical": ["Daniel Oyelaran", "Amara Nwosu"],
        "system-design": ["Joaquim Barros"],
        "offer": [],
    }
    funnel = soup.select("[data-chart='funnel'] tbody tr")
    assert [(r["data-stage"], [text(td) for td in r.select("td")][1:3]) for r in funnel] == [
        ("screen", ["8", "100 %"]),
        ("technical", ["7", "88 %"]),
        ("system-design", ["4", "50 %"]),
        ("offer", ["2", "25 %"]),
    ]
    form = soup.select_one("form.hkb-filter")
    assert form.has_attr("hidden"), "without JavaScript the filter is not shown"
    assert form["data-filter-for"] == "matrix-backend-engineer" and soup.find(id="matrix-backend-engineer")
    assert [o["value"] for o in form.select("select[name=stage] option")] == [
        "",
        "screen",
        "technical",
        "system-design",
        "offer",
    ]
    rows = soup.select("table.hkb-matrix tbody tr")
    assert [
        (r["data-candidate"], r["data-stage"], r["data-status"])
        for r in rows
        if r["data-candidate"] in ORIGINAL_CANDIDATES
    ] == [
        ("c-7d3e91", "system-design", "active"),
        ("c-9e4d27", "technical", "active"),
    ]
    assert not any(r.has_attr("hidden") for r in rows), "without JavaScript every row is visible"
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(src.endswith("assets/hiring/hiring.js") for src in scripts)


def test_search_index_holds_names_and_note_words(example_site: Path) -> None:
    docs = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]

    def where(word: str) -> set[str]:
        return {d["location"].split("#")[0] for d in docs if word in d["text"] or word in d["title"]}

    assert "candidates/c-2b8f40/" in where("Kowalczyk")
    assert where("ClickHouse") == {"candidates/c-7d3e91/"}
    assert where("double-dispatch") == {"candidates/c-9e4d27/"}


def test_script_is_shipped(example_site: Path) -> None:
    shipped = (example_site / "assets/hiring/hiring.js").read_text(encoding="utf-8")
    assert shipped == (ROOT / "plugins/hiring_kb/assets/hiring.js").read_text(encoding="utf-8")


def test_home_without_directives_is_left_alone(example_site: Path) -> None:
    soup = BeautifulSoup((example_site / "process/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select(".hkb-attention, .hkb-recent") == []
