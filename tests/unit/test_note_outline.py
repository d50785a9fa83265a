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
        "> - ## in a quoted item",
        "  - x\n    ---",
        "".join(" " * (2 * level) + "- x\n" for level in range(10)) + "## Code\n",
        "\t\t\t\t\t- five tabs in\n## Code\n",
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
    "                  - eighteen columns in",
    "                 - seventeen",
    "\t\t\t\t  - tabs and spaces",
    "    ===",
    "\t---",
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


def _nested(levels: int, indent: str) -> str:
    return "".join(indent * level + "- x\n" for level in range(levels))


def test_items_nested_past_where_the_parse_stops_are_parsed() -> None:
    """markdown-it stops at 20 levels of nesting (ten lists) and drops the rest of the note."""
    for indent in ("  ", "\t", "   "):
        deep = _nested(10, indent) + "## Code\ntext\n"
        assert plain_outline(deep) is None
        assert note_outline(deep) == parsed_outline(_BLOCK_PARSER.parse(deep))
    shallow = _nested(9, "  ") + "## Code\ntext\n"
    assert plain_outline(shallow) == (OutlineHeading(2, 9, 10, "Code", True),)
    assert parsed_outline(_BLOCK_PARSER.parse(shallow)) == plain_outline(shallow)
