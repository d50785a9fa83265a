"""Whole-site test: build the example project and read the pages as a browser would get them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ORIGINAL_CANDIDATES, ROOT


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    """Visible text, whitespace collapsed, without the toc extension's ¶ permalinks."""
    parts = [s for s in node.find_all(string=True) if not s.find_parent(class_="headerlink")]
    return " ".join(" ".join(parts).split())


def badge_levels(soup: BeautifulSoup) -> dict[str, str]:
    """competency id -> data-level ('' when not assessed) of the badges on a candidate page."""
    return {b["data-competency"]: b["data-level"] for b in soup.select(".hkb-badges .hkb-badge")}


# (candidate id, name, verdict, fit, coverage, badge levels, split competencies)
EXPECTED = [
    (
        "c-7d3e91",
        "Joaquim Barros",
        "fit",
        "71.2",
        "100.0 %",
        {"english": "3", "ownership": "3", "design": "3", "code": "3", "leadership": "3", "processes": "3"},
        ["code"],
    ),
    (
        "c-2b8f40",
        "Lena Kowalczyk",
        "incomplete",
        "77.8",
        "50.0 %",
        {
            "english": "4",
            "test-strategy": "",
            "exploratory": "3",
            "dev-collaboration": "3",
            "automation": "",
            "leadership": "",
        },
        [],
    ),
    (
        "c-5a1c06",
        "Marta Okafor",
        "no-fit",
        "53.3",
        "83.3 %",
        {
            "english": "2",
            "test-strategy": "2",
            "exploratory": "",
            "dev-collaboration": "3",
            "automation": "3",
            "leadership": "4",
        },
        [],
    ),
]


@pytest.mark.parametrize(("cid", "name", "verdict", "fit", "coverage", "levels", "splits"), EXPECTED)
def test_candidate_page(
    example_site: Path,
    cid: str,
    name: str,
    verdict: str,
    fit: str,
    coverage: str,
    levels: dict[str, str],
    splits: list[str],
) -> None:
    soup = page(example_site, f"candidates/{cid}")
    assert text(soup.select_one("article h1")) == name
    summary = soup.select_one(".hkb-summary")
    assert summary["data-verdict"] == verdict
    assert summary.select_one("[data-fit]")["data-fit"] == fit
    assert summary.select_one("[data-coverage]")["data-coverage"] == coverage
    assert badge_levels(soup) == levels
    assert [b["data-competency"] for b in soup.select(".hkb-badge--split")] == splits
    # every badge is keyboard-focusable and points at its rubric tooltip
    for badge in soup.select(".hkb-badge"):
        assert badge["tabindex"] == "0"
        assert soup.find(id=badge["aria-describedby"])["role"] == "tooltip"


def test_candidate_page_shows_the_arithmetic_and_interviews(example_site: Path) -> None:
    soup = page(example_site, "candidates/c-7d3e91")
    assert text(soup.select_one(".hkb-formula")) == "Coverage = 11 / 11 = 100.0 %. Fit = 100 × 7.83 / 11 = 71.2."
    findings = [text(li) for li in soup.select(".hkb-findings li")]
    assert findings == [
        "Must-have gaps: none",
        "Split panels: Code (Nest.js / TypeScript) (ratings 2, 4)",
        "Next interview should cover: nothing left unassessed",
        "Recommendations: Yes × 2 Strong yes × 1",
    ]
    headings = [text(h) for h in soup.select("article h3")]
    assert headings == [
        "2026-11-10 · Recruiter screen · bea",
        "2026-11-18 · Technical interview · ana",
        "2026-11-24 · System design · marc",
    ]
    # each note's text appears once: competency sections under "Evidence by competency", the rest under
    # the interview, which links to its evidence
    first = soup.select(".hkb-interview")[0]
    assert first.select(".hkb-notes h4") == []
    assert text(first.select_one(".hkb-notes")) == (
        "Current: senior backend at STATUSLY - open source SaaS monitoring tool, REST APIs."
    )
    assert [(text(a), a["href"]) for a in first.select(".hkb-interview__evidence a")] == [
        ("Ownership of scaled systems", "#evidence-ownership"),
        ("Strong English", "#evidence-english"),
        ("Technical leadership", "#evidence-leadership"),
    ]
    assert "2B checks / year" not in text(first)
    assert text(soup).count("2B checks / year") == 1
    assert "2B checks / year" in text(soup.select_one("#evidence-ownership"))
    # the technical interview has nothing outside its competency sections: no notes block at all
    assert soup.select(".hkb-interview")[1].select(".hkb-notes") == []


def test_no_fit_and_incomplete_explain_themselves(example_site: Path) -> None:
    marta = page(example_site, "candidates/c-5a1c06")
    assert text(marta.select_one(".hkb-summary__reason")) == (
        "A must-have is below the bar of 3 (meets): Strong English 2.0, Test strategy 2.0."
    )
    lena = page(example_site, "candidates/c-2b8f40")
    assert text(lena.select_one(".hkb-summary__reason")) == (
        "Must-have not assessed yet: Test strategy; coverage 50 %."
    )
    assert text(lena.select(".hkb-findings li")[2]) == (
        "Next interview should cover: Test strategy (must-have), Test automation, QA leadership"
    )


def test_role_page_ranks_candidates_and_shows_the_kit(example_site: Path) -> None:
    soup = page(example_site, "roles/qa-engineer")
    rows = [r for r in soup.select("table.hkb-matrix tbody tr") if r["data-candidate"] in ORIGINAL_CANDIDATES]
    assert [(r["data-candidate"], r["data-verdict"]) for r in rows] == [
        ("c-2b8f40", "incomplete"),
        ("c-5a1c06", "no-fit"),
    ]
    assert [text(td) for td in rows[1].select(".hkb-mini")] == ["2.0", "2.0", "–", "3.0", "3.0", "4.0"]
    assert rows[0].select_one("a")["href"] == "../../candidates/c-2b8f40/"
    kit = [text(h) for h in soup.select("article h3")]
    assert kit == ["Recruiter screen", "QA deep dive", "Offer"]
    assert "How would you design our testing team and split the work?" in text(soup)


def test_home_pipeline_and_navigation(example_site: Path) -> None:
    soup = page(example_site, "")
    boards = soup.select(".hkb-board")
    assert [b["data-role"] for b in boards] == ["backend-engineer", "qa-engineer"]
    qa = {s["data-stage"]: [text(a) for a in s.select("a")] for s in boards[1].select(".hkb-board__stage")}
    assert qa == {"screen": [], "technical": ["Lena Kowalczyk"], "offer": []}
    assert "2 rejected" in text(boards[1])  # Marta Okafor, Mateo Rossi
    nav_links = {a["href"] for a in soup.select("nav.md-nav--primary a[href]")}
    assert not any("candidates/c-" in href for href in nav_links), "candidate pages must stay out of the nav"
    assert "candidates/" in nav_links


def test_candidates_index_lists_everyone(example_site: Path) -> None:
    soup = page(example_site, "candidates")
    assert [
        tr["data-candidate"] for tr in soup.select("tr[data-candidate]") if tr["data-candidate"] in ORIGINAL_CANDIDATES
    ] == [
        "c-7d3e91",
        "c-9e4d27",
        "c-2b8f40",
        "c-5a1c06",
    ]


def test_private_fields_and_sources_are_not_published(example_site: Path) -> None:
    private_values = ["example.invalid", "+351", "72000", "notice_period", "1 month"]
    for file in example_site.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".json", ".xml", ".txt", ".js"):
            content = file.read_text(encoding="utf-8", errors="replace")
            for value in private_values:
                assert value not in content, f"{value!r} leaked into {file}"
    assert not list(example_site.rglob("*.yml")) and not list(example_site.rglob("*.md"))
    # names never appear in URLs
    urls = [str(p.relative_to(example_site)) for p in example_site.rglob("*")]
    assert not [u for u in urls if re.search(r"(?i)joaquim|lena|marta", u)]


def test_no_third_party_requests_in_pages(example_site: Path) -> None:
    soup = page(example_site, "candidates/c-7d3e91")
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
        for node in soup.find_all(tag):
            value = node.get(attr) or ""
            assert not value.startswith(("http://", "https://", "//")), f"{tag} loads {value}"


def test_stylesheet_is_shipped(example_site: Path) -> None:
    assert (example_site / "assets/hiring/hiring.css").read_text() == (
        ROOT / "plugins/hiring_kb/assets/hiring.css"
    ).read_text()
