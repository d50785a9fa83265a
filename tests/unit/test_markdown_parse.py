"""Texts markdown-it-py crashes on at their end are read as if the file ended with a line break."""

from __future__ import annotations

from hiring_kb.base.markdown_parse import parse_markdown
from hiring_kb.sources.note_html import NOTE_PARSER, render_notes_html
from hiring_kb.sources.notes import find_evidence
from tests.unit.test_notes import COMPETENCIES

#: markdown-it-py 4.3 raises IndexError on this (a quote marker ends the text, an HTML block open in an item).
ENDS_IN_A_QUOTE = "## Code\n- tests first\n> - <pre>git rebase -i\n>"


def test_a_text_ending_in_a_quote_marker_is_read_as_with_a_line_break() -> None:
    assert parse_markdown(NOTE_PARSER, ENDS_IN_A_QUOTE) == NOTE_PARSER.parse(ENDS_IN_A_QUOTE + "\n")
    assert [s.markdown for s in find_evidence(ENDS_IN_A_QUOTE, 1, COMPETENCIES).evidence] == [
        "- tests first\n> - <pre>git rebase -i\n>"
    ]
    html = render_notes_html(ENDS_IN_A_QUOTE)
    assert "tests first" in html and "git rebase -i" in html


def test_other_texts_are_parsed_as_they_are() -> None:
    for text in ("## Code\n```\nx", "<!-- open\nx", "text"):
        assert parse_markdown(NOTE_PARSER, text) == NOTE_PARSER.parse(text)
