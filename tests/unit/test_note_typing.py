"""What people paste and type into notes: pasted bullets, near-miss headings, comments, angle brackets.

The page and the validator read a note the same way (hiring_kb.sources.notes): a pasted bullet list is a list
on the page and evidence for its section; ``<int>`` is shown as written; a ``<!--`` never closed is an
error at its line; ``### Strong English`` is a warning at its line.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from bs4 import BeautifulSoup

from hiring_kb.model.models import Competency
from hiring_kb.rendering.site_build import build_site
from hiring_kb.sources.near_miss_headings import near_miss_headings
from hiring_kb.sources.note_html import render_notes_html, with_pasted_bullets_as_items
from hiring_kb.sources.notes import angle_bracket_warnings, find_evidence, unclosed_comments
from hiring_kb.sources.validate import validate_project
from hiring_kb.sources.yamlio import parse_yaml, values_emptied_by_hash

COMPETENCIES = (
    Competency(id="english", name="Strong English", weight=1),
    Competency(id="code", name="Code (Nest.js / TypeScript)", weight=1),
)
#: Notes copied out of Google Docs: "●<tab>" first level, "○<tab>" second, "■<tab>" third.
GOOGLE_DOCS = "## Strong English\n●\tClear, precise\n○\tasked about the domain\n■\tand the on-call\n●\tno issues\n"


def test_pasted_bullets_become_list_items_line_for_line() -> None:
    assert with_pasted_bullets_as_items(GOOGLE_DOCS) == (
        "## Strong English\n- Clear, precise\n  - asked about the domain\n    - and the on-call\n- no issues\n"
    )
    # indentation written by hand is kept; a bullet in running text and in fenced code is not touched
    assert (
        with_pasted_bullets_as_items("  • nested\nA • B\n```\n• code\n```\n") == "  - nested\nA • B\n```\n• code\n```\n"
    )


def test_pasted_bullets_render_as_a_list_not_a_run_on_paragraph() -> None:
    assert render_notes_html(GOOGLE_DOCS).replace("&#10;", "\n") == (
        "<h4>Strong English</h4>\n<ul>\n<li>Clear, precise\n<ul>\n<li>asked about the domain\n<ul>\n"
        "<li>and the on-call</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>no issues</li>\n</ul>\n"
    )


def test_pasted_bullets_are_evidence_of_their_section() -> None:
    sections = find_evidence(GOOGLE_DOCS, 9, COMPETENCIES)
    assert [(s.competency_id, s.line) for s in sections.evidence] == [("english", 9)]
    assert sections.evidence[0].markdown.startswith("●\tClear, precise")  # the text as written


def test_angle_bracket_text_is_shown_as_written_and_html_is_still_sanitised() -> None:
    html = render_notes_html("- used std::vector<int> and <T>, <b>bold</b>, <img src=x onerror=alert(1)>\n\n<T>\n")
    assert html == (
        "<ul>\n<li>used std::vector&lt;int&gt; and &lt;T&gt;, <b>bold</b>, </li>\n</ul>\n<p>&lt;T&gt;</p>\n"
    )


def test_angle_bracket_warnings_point_at_each_tag() -> None:
    body = "## Code\n- used std::vector<int> and <T>\n- <b>bold</b> <br> `List<String>` in code is fine\n<div>x</div>\n"
    found = angle_bracket_warnings(body, 10, "n.md")
    assert [f"{d.position.line}:{d.position.col} {d.message}" for d in found] == [
        "11:19 '<int>' looks like an HTML tag; the page shows it as written",
        "11:29 '<T>' looks like an HTML tag; the page shows it as written",
        "13:1 '<div>x</div>' is an HTML tag, which notes cannot use: the page leaves it out",
    ]


def test_unclosed_comment_only_when_never_closed() -> None:
    assert unclosed_comments("<!-- guidance -->\n## Code\n<!--\nrubric\n-->\n- ok\n", 7, "n.md") == []
    assert unclosed_comments("```\n<!-- in code\n```\n", 7, "n.md") == []
    found = unclosed_comments("## Code\n- ok\n\n<!-- ask Ana\n## Strong English\n- fluent\n", 7, "n.md")
    assert [(d.position.line, d.position.col, d.code) for d in found] == [(10, 1, "unclosed-comment")]


def test_near_miss_headings_only_for_competencies_without_a_section() -> None:
    body = "## Strong English\n- fluent\n### Strong English\n**Code**\n```\nStrong English:\n```\n"
    assert [(m.competency_id, m.line, m.written) for m in near_miss_headings(body, 5, COMPETENCIES)] == [
        ("code", 8, "**Code**")
    ]
    assert [m.line for m in near_miss_headings("#Strong English\n# code\n", 1, COMPETENCIES)] == [1, 2]


def test_a_hash_comment_is_a_problem_only_when_it_empties_a_value() -> None:
    text = (
        "recommendation:  # strong-no | no | yes | strong-yes\n"
        "ratings: #mine\n  code: 3\n"
        "planned:\n  - stage: #screen\n"
        "source: '#referral'\n"
    )
    doc, problems = parse_yaml(text, "c.yml")
    assert problems == [] and doc is not None
    assert [d.format() for d in values_emptied_by_hash(doc)] == [
        "c.yml:5:12: error[value-commented-out]: stage is empty: a '#' starts a comment, so '#screen' is ignored "
        "(hint: remove the '#' (stage: screen) or put the value in quotes (stage: \"#screen\"))"
    ]


def test_a_note_with_an_error_gets_its_lint_warnings_in_the_same_run(project: Path) -> None:
    note = project / "candidates/c-7d3e91/interviews/2026-11-25-technical-zoe.md"
    note.write_text(
        "---\ninterviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings:\n  code:3\nrecommendation: yes\n---\n"
        "## Code\n- Great culture fit, young team player\n",
        encoding="utf-8",
    )
    report = validate_project(project, today=dt.date(2026, 12, 1))
    assert [d.format() for d in report.diagnostics] == [
        f"{note.relative_to(project)}:6:3: error[wrong-type]: ratings must be 'key: value' lines, found 'code:3' "
        "(hint: put a space after the ':': 'code: 3', on its own line)",
        f"{note.relative_to(project)}:10:9: warning[verdict-without-evidence]: 'culture fit' is a verdict, not evidence "
        "(hint: write what the candidate said or did that shows it)",
        f"{note.relative_to(project)}:10:22: warning[protected-characteristic]: 'young' mentions age, a protected "
        "characteristic (hint: leave it out of the notes: it must not count in the decision)",
    ]


def test_the_candidate_page_shows_pasted_bullets_as_a_list(project: Path, tmp_path: Path) -> None:
    note = project / "candidates/c-7d3e91/interviews/2026-11-25-technical-zoe.md"
    note.write_text(
        "---\ninterviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings:\n  english: 3\nrecommendation: yes\n---\n"
        + GOOGLE_DOCS,
        encoding="utf-8",
    )
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(2026, 12, 1, 12, tzinfo=dt.timezone.utc).timestamp()))
    try:
        result = build_site(project / "mkdocs.yml", tmp_path / "site")
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    assert result.ok, result.output
    page = BeautifulSoup((tmp_path / "site/candidates/c-7d3e91/index.html").read_text(encoding="utf-8"), "html.parser")
    # The section is evidence for Strong English: the page shows it once, under that competency.
    evidence = page.select_one("#evidence-english .hkb-evidence__item[data-interview='2026-11-25-technical-zoe']")
    items = [li.get_text(" ", strip=True) for li in evidence.select(".hkb-evidence__notes li")]
    assert "no issues" in items
    assert "●" not in evidence.get_text()
