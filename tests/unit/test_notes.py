"""Evidence sections and the sanitised HTML of notes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import hiring_kb.sources.note_outline as outline_module
import hiring_kb.sources.notes as notes_module
from hiring_kb.model.models import Competency
from hiring_kb.sources.note_html import render_notes_html
from hiring_kb.sources.notes import find_evidence

COMPETENCIES = (Competency("ownership", "Ownership of scaled systems", 3), Competency("code", "Code", 2))

BODY = """Intro line.

## Ownership of scaled systems
- 5 devs + PM

Code
----
- fast

## Summary
- general

# Other
## ownership:
again
"""


def test_sections_match_by_name_or_id_with_lines() -> None:
    sections = find_evidence(BODY, body_line=8, competencies=COMPETENCIES)
    assert [(s.competency_id, s.heading, s.line, s.markdown) for s in sections.evidence] == [
        ("ownership", "Ownership of scaled systems", 10, "- 5 devs + PM"),
        ("code", "Code", 13, "- fast"),
        ("ownership", "ownership:", 21, "again"),
    ]
    assert [(h.text, h.line) for h in sections.other_headings] == [("Summary", 17)]


def test_headings_inside_code_blocks_are_not_sections() -> None:
    body = "```\n## Code\n```\n"
    assert find_evidence(body, 1, COMPETENCIES).evidence == ()


def test_notes_html_is_sanitised() -> None:
    html = render_notes_html(
        "## Code\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        '[x](javascript:alert(1)) [y](https://example.invalid/) <a href="JaVaScRiPt:alert(1)">z</a>\n\n'
        '<iframe src="https://evil.invalid"></iframe><form action="/x"><input></form>\n'
    )
    lowered = html.lower()
    for bad in ("<script", "onerror", 'href="javascript', "<iframe", "<form", "<input", "<img"):
        assert bad not in lowered, bad
    assert "<h4>Code</h4>" in html
    assert '<a rel="noopener noreferrer">y</a>' in html  # absolute targets are dropped, the text stays
    assert '<a rel="noopener noreferrer">z</a>' in html  # the javascript: href is dropped


def test_heading_levels_shift_under_the_page_headings() -> None:
    assert render_notes_html("# A\n\n#### B\n\n###### C") == "<h3>A</h3>\n<h6>B</h6>\n<h6>C</h6>\n"


# -- the list-less fast parse finds exactly what the full parse finds -----------------------


_LINES = [
    "## Code",
    "## ownership",
    "# Top",
    "## Summary",
    "Code",
    "----",
    "===",
    "---",
    "- item",
    "  - nested",
    "\t- tab item",
    "1. first",
    "   continued",
    "text line",
    "",
    "",
    "```",
    "  ```",
    "~~~",
    "<!-- guidance -->",
    "  <div>",
    "    ## deep",
    "\t## tabbed",
    "  ## shallow",
    "> ## quoted",
    "> - quoted item",
    "- ## in item",
    "| a | b |",
    "|---|---|",
    "    code",
    "* star item",
    "+ plus item",
    "- ```",
    "  text",
    "## Code ##",
    "> - ## quoted item",
    "    ---",
    "\t===",
    "  - '",
    "                  - eighteen columns in",
    "\t\t\t\t  - tabs",
    "  \t## spaces and a tab",
    "> > ## twice quoted",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=25))
def test_fast_section_parse_matches_the_full_parse(lines: list[str]) -> None:
    body = "\n".join(lines)
    fast = find_evidence(body, 7, COMPETENCIES)
    original = outline_module._FLAT_PARSER, outline_module.plain_outline
    outline_module._FLAT_PARSER = outline_module._BLOCK_PARSER
    outline_module.plain_outline = lambda body: None  # type: ignore[assignment]
    try:
        full = find_evidence(body, 7, COMPETENCIES)
    finally:
        outline_module._FLAT_PARSER, outline_module.plain_outline = original
    assert fast == full


_SETEXT_LINES = ["## Code", "Code", "text line", "", "> Code", "> ---", ">> ===", "  ---", "- item", "    ---"]
_SETEXT_LINES += ["text\r---", "text\r\n===", "## Summary", "<!-- guidance -->", "- ## in item"]
_SETEXT_LINES += ["> - ## x", "  - '", "\t===", "1. ]]>", "    ===", "> - x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SETEXT_LINES), max_size=12))
def test_the_cheaper_parse_gives_the_headings_of_the_full_parse(lines: list[str]) -> None:
    body = "\n".join(lines)
    full = outline_module.parsed_outline(outline_module._BLOCK_PARSER.parse(body))
    assert outline_module.parsed_outline(outline_module.block_tokens(body)) == full


def test_items_nested_past_where_the_parse_stops_are_read_by_the_full_parse() -> None:
    """markdown-it stops at 20 levels (ten lists): the page shows nothing after, so no section either."""
    spaces = "".join(" " * (2 * level) + "- x\n" for level in range(10)) + "## Code\nwrote the ledger\n"
    pasted = "".join("\t" * level + "\u2022 point\n" for level in range(10)) + "\n## Code\nwrote the ledger\n"
    quoted = "".join("> " + " " * (2 * level) + "- x\n" for level in range(10)) + "\n## Code\nwrote the ledger\n"
    for body in (spaces, pasted):
        assert find_evidence(body, 1, COMPETENCIES).evidence == ()
        assert "ledger" not in render_notes_html(body)
    # in a quote the parse stops at the quote's end: the section after it is read, and shown
    assert [s.markdown for s in find_evidence(quoted, 1, COMPETENCIES).evidence] == ["wrote the ledger"]
    assert "ledger" in render_notes_html(quoted)
    nine = "".join(" " * (2 * level) + "- x\n" for level in range(9)) + "## Code\nwrote the ledger\n"
    assert [s.markdown for s in find_evidence(nine, 1, COMPETENCIES).evidence] == ["wrote the ledger"]


def test_a_quoted_underline_keeps_the_setext_rule() -> None:
    assert outline_module.may_underline("> Code\n> ---")
    assert outline_module.may_underline("Code\r===")
    assert outline_module.may_underline("---\nCode")
    assert not outline_module.may_underline("## Code\n- item\ntext")
    assert not outline_module.may_underline("Code\n--- x")


#: The regex the setext check had before it was split in two: the split must find the same lines.
_ONE_REGEX = re.compile(r"(?:^|[\n\r])[ \t>]*(?:=+|-+)[ \t]*(?=[\n\r]|$)")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="=-> \t\n\rab", max_size=16))
def test_the_split_underline_check_finds_what_one_regex_finds(body: str) -> None:
    assert outline_module.may_underline(body) == (_ONE_REGEX.search(body) is not None)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="htpsHTPS:/wW.mailtoMAILTOİıſK x", max_size=14))
def test_a_body_the_url_prefilter_skips_holds_no_url(body: str) -> None:
    if not any(part in body.lower() for part in notes_module._URL_PARTS):
        assert notes_module._EXTERNAL_URL.search(body) is None
