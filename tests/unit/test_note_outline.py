"""The line look at plain notes gives the outline the CommonMark parse gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hiring_kb.sources.note_outline import (
    _BLOCK_PARSER,
    OutlineHeading,
    block_tokens,
    note_outline,
    parsed_outline,
    plain_outline,
)

NOTE = """ACME - payments

- owns the ledger service
\t- on call, 3 sev-1s this year

## Code ##
## System design
- sharding by tenant
  continued on a second line

# Other
##
### Three
## Last #tag #
"""


def test_a_plain_note_is_read_line_by_line() -> None:
    assert plain_outline(NOTE) == (
        OutlineHeading(2, 5, 6, "Code", False),
        OutlineHeading(2, 6, 7, "System design", True),
        OutlineHeading(1, 10, 11, "Other", False),
        OutlineHeading(2, 11, 12, "", True),
        OutlineHeading(2, 13, 14, "Last #tag", False),
    )
    assert parsed_outline(_BLOCK_PARSER.parse(NOTE)) == plain_outline(NOTE)


def test_notes_with_block_syntax_are_parsed() -> None:
    for body in (
        "## Code\n```\n## not a heading\n```",
        "## Code\n<!-- guidance -->",
        "> ## quoted",
        "- item\n  ## in the item",
        "#tag\n## Code",
        "####### seven",
        "a | b\n--|--",
        "[ref]: /x\n## Code",
        "## Code\r\ntext",
        "## Code\0",
        "## \u00a0Code",
        "Code\n----",
        "- ## in item",
    ):
        assert plain_outline(body) is None, body
    assert note_outline("## Code\n<!-- guidance -->\n") == (OutlineHeading(2, 0, 1, "Code", False),)


_LINES = [
    "## Code",
    "## Code ##",
    "## Code #",
    "## Code#",
    "##",
    "# ",
    "#",
    "## #",
    "##\tCode\t",
    "### Code",
    "###### six",
    "####### seven",
    "#tag",
    " ## shallow",
    "    ## deep",
    "\t## tabbed",
    "## \u00a0nbsp",
    "## x\x0b",
    "text line",
    "text \\",
    "- item",
    "  - nested",
    "\t- tab item",
    "1. first",
    "* star item",
    "***",
    "- - -",
    "    code",
    "",
    "  ",
    "\t",
    "Code",
    "---",
    "===",
    "a | b",
    "|---|---|",
    "[ref]: /x",
    "> ## quoted",
    "> text",
    "<!-- guidance -->",
    "  <div>",
    "```",
    "~~~",
    "- ```",
    "- ## in item",
    "text\r",
    "nul\0",
    "\x0c",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=20))
def test_the_line_look_gives_the_outline_of_the_full_parse(lines: list[str]) -> None:
    body = "\n".join(lines)
    plain = plain_outline(body)
    if plain is not None:
        assert plain == parsed_outline(_BLOCK_PARSER.parse(body))
        assert plain == parsed_outline(block_tokens(body))


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="#- \t\n|>`~<[x*=1.\r\x00\xa0", max_size=24))
def test_the_line_look_gives_the_outline_of_the_full_parse_for_any_text(body: str) -> None:
    plain = plain_outline(body)
    if plain is not None:
        assert plain == parsed_outline(_BLOCK_PARSER.parse(body))
