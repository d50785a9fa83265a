"""Where a note's level-1 and level-2 headings are, and whether a block follows each: the outline that
:func:`hiring_kb.sources.notes.find_evidence` cuts into evidence sections.

The outline comes from the CommonMark block parse (markdown-it-py), the same grammar the page is
rendered with. Most notes are bullets and text under ``## <competency>`` headings; for those a look at
each line gives the very outline the parse gives (:func:`plain_outline`, about a quarter of the time
of validating a note), and every other note is parsed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from hiring_kb.base.markdown_parse import parse_markdown

#: The same grammar without inline parsing: finding sections needs only the blocks and the
#: raw text of headings, and skipping inline tokens makes validation about a quarter faster.
_BLOCK_PARSER = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table").disable("inline")
#: ... and also without the list rule, which is 70 % of the parse of bullet-heavy notes, and without the
#: setext-heading rule (``lheading``), which scans every paragraph a second time. Without lists, list
#: items read as paragraphs, which changes where level-1/2 headings are only when a line could end a
#: heading or a block differently inside a list: a setext underline (``===``/``---``, at any indentation
#: or in a quote; also the only lines the setext rule needs), a fence or HTML block opened on an indented
#: line, a heading indented (it may be inside an item) or quoted (a list may end the quote after it), an
#: item whose marker line (in a quote too) opens a heading, fence, HTML block, quote or another item, or
#: items nested so deep that the parse stops (markdown-it's ``maxNesting``). Notes with none of those
#: (almost all) give the same headings either way; tests/unit/test_notes.py checks that property.
_FLAT_PARSER = (
    MarkdownIt("commonmark", {"html": True, "typographer": False})
    .enable("table")
    .disable(["inline", "list", "lheading"])
)
#: Lines that make a list read otherwise than as paragraphs, each after a line break: search
#: ``"\n" + body`` (a search for a line break skips ahead; one for ``^`` tries every character).
_LIST_SENSITIVE = re.compile(
    r"\n(?:"
    r"[ \t>]*(?:=+|-+)[ \t]*$"  # setext underline (or a thematic break that may follow an item)
    r"|[ \t]+(?:`{3,}|~{3,}|<)"  # fence or HTML block opened on an indented line
    r"|[ \t>]+#"  # a heading indented or quoted: it may be in an item, or a list may end its quote
    r"|[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]+[-+*#`~<>\d]"  # an item that opens a block on its marker line
    r")",
    re.MULTILINE,
)
#: Lines starting with five or more spaces, tabs and quote markers: the candidates for :func:`_nested_too_deep`.
_DEEP_INDENT = re.compile(r"\n([ \t>]{5,})")
#: The column (tabs to the next multiple of 4, as CommonMark; a quote marker as one column) from which
#: blocks may nest as deep as markdown-it's ``maxNesting`` (20 levels: a quote is one, a list two, and
#: each item is at least two columns in from the one it is in).
_DEEPEST_INDENT = 18


def list_sensitive(body: str) -> bool:
    """Whether a line of ``body`` reads otherwise inside a list than in a paragraph (:data:`_LIST_SENSITIVE`),
    or starts so deep in that items there may nest past where the parse stops."""
    lined = "\n" + body
    return _LIST_SENSITIVE.search(lined) is not None or _nested_too_deep(lined)


def _nested_too_deep(lined: str) -> bool:
    """Whether a line of ``lined`` (the body after a line break) starts at column 18 or further in."""
    return any(len(match.group(1).expandtabs(4)) >= _DEEPEST_INDENT for match in _DEEP_INDENT.finditer(lined))


#: A line of only ``=`` or ``-`` after a line break (the first line: :data:`_FIRST_LINE_UNDERLINE`). Split in
#: two so the search can skip to line breaks, not try an alternation at every character.
_SETEXT_UNDERLINE = re.compile(r"[\n\r][ \t>]*(?:=+|-+)[ \t]*(?=[\n\r]|\Z)")
_FIRST_LINE_UNDERLINE = re.compile(r"[ \t>]*(?:=+|-+)[ \t]*(?=[\n\r]|\Z)")


def may_underline(body: str) -> bool:
    """Whether a line of ``body`` is only ``=`` or ``-`` (after spaces and ``>`` quote markers): the
    only lines that can make a setext heading of the paragraph above them."""
    return _FIRST_LINE_UNDERLINE.match(body) is not None or _SETEXT_UNDERLINE.search(body) is not None


def block_tokens(body: str) -> list[Token]:
    """Block tokens of a note: from the cheaper parse without lists and setext headings when that cannot
    change headings, else from the full parse."""
    if list_sensitive(body) or may_underline(body):
        return parse_markdown(_BLOCK_PARSER, body)
    return parse_markdown(_FLAT_PARSER, body)


def is_comment_block(token: Token) -> bool:
    """True for an HTML block that is only comments, e.g. the guidance of a scaffolded note."""
    return token.type == "html_block" and not _COMMENTS.sub("", token.content).strip()


_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class OutlineHeading:
    """A level-1 or level-2 heading as the parse reads it; lines are 0-based lines of the body."""

    level: int  # 1 or 2
    line: int
    after: int  # the first line after the heading
    text: str  # as the parse reads it: without the #s, a closing run of #s or the spaces around
    #: whether a top-level block other than an HTML comment starts after it and before the next
    #: level-1/2 heading (or the end): a section with only its scaffold guidance holds nothing
    followed_by_content: bool


def note_outline(body: str) -> tuple[OutlineHeading, ...]:
    """The level-1/2 headings of a note body in order: the line look of :func:`plain_outline` when it
    can tell, else the block parse. ``body`` is the text as parsed: the caller turns pasted bullets
    into items first (:func:`hiring_kb.sources.note_html.with_pasted_bullets_as_items`)."""
    plain = plain_outline(body)
    return parsed_outline(block_tokens(body)) if plain is None else plain


def parsed_outline(tokens: list[Token]) -> tuple[OutlineHeading, ...]:
    """The level-1/2 headings read from block tokens (:func:`block_tokens`)."""
    found = [
        (int(token.tag[1]), token.map[0], token.map[1], tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag in ("h1", "h2") and token.map
    ]
    starts = sorted(
        {
            token.map[0]
            for token in tokens
            if token.map is not None and token.level == 0 and token.nesting >= 0 and not is_comment_block(token)
        }
    )
    headings = []
    for position, (level, line, after, text) in enumerate(found):
        end = found[position + 1][1] if position + 1 < len(found) else None
        index = bisect.bisect_left(starts, after)
        content = index < len(starts) and (end is None or starts[index] < end)
        headings.append(OutlineHeading(level, line, after, text, content))
    return tuple(headings)


#: What only the parse can read: a line opening a fence, an HTML block, a quote or a link reference
#: (after any indentation), a ``#`` after indentation (a heading in an item, or code), and a ``#``
#: line that is no heading (``#tag``, seven #s).
_NEEDS_PARSE = re.compile(r"\n(?:[ \t]*[`~<>\[]|[ \t]+#|#(?!#{0,5}(?:[ \t]|$)))", re.MULTILINE)
#: A level-1/2 heading line (in a note without :data:`_NEEDS_PARSE` lines) and a character on a line that is not blank.
_LEVEL_1_OR_2 = re.compile(r"\n(##?)(?:[ \t][^\n]*)?$", re.MULTILINE)
_NOT_BLANK = re.compile(r"[^ \t\n]")


def plain_outline(body: str) -> tuple[OutlineHeading, ...] | None:
    """The level-1/2 headings of a note whose lines are text, bullets, blank lines and ``#`` headings
    at the start of a line, found by a search instead of the parse; None when the note needs the parse.

    Such a note gives the parse of :func:`block_tokens` no block that could hold a heading or hide
    one, so its level-1/2 headings are its lines starting ``#`` or ``##`` and a space (or nothing),
    and a line that is not blank between two of them starts a block or goes on with one started
    there. A heading's text is taken as markdown-it takes it (CommonMark's ATX heading: the closing
    run of #s and the spaces around cut off); a text with other white space at an end, a line break
    written as ``\\r``, a NUL (both rewritten before the parse), a ``|`` (a table's first row holds
    one), lines that read otherwise in a list or could underline a heading (:data:`_LIST_SENSITIVE`)
    and lines so deep in that the parse may stop there (:func:`_nested_too_deep`) all go to the parse.
    tests/unit/test_note_outline.py checks that the two give the same headings.
    """
    if "|" in body or "\r" in body or "\0" in body:
        return None
    lined = "\n" + body  # each line after a line break, for the searches below
    if _NEEDS_PARSE.search(lined) or _LIST_SENSITIVE.search(lined) or _nested_too_deep(lined):
        return None
    headings: list[OutlineHeading] = []
    line = 0  # the line of the heading found last
    counted = 0  # line breaks of ``lined`` counted up to here (its first is no line of the body)
    matches = list(_LEVEL_1_OR_2.finditer(lined))
    for position, match in enumerate(matches):
        line += lined.count("\n", counted, match.start())
        counted = match.start()
        text = _atx_text(match.group()[1:], len(match.group(1)))
        if text != text.strip():
            return None  # white space other than spaces and tabs at an end: markdown-it versions trim it differently
        end = matches[position + 1].start() if position + 1 < len(matches) else len(lined)
        content = _NOT_BLANK.search(lined, match.end(), end) is not None
        headings.append(OutlineHeading(len(match.group(1)), line, line + 1, text, content))
    return tuple(headings)


def _atx_text(line: str, level: int) -> str:
    """The text of an ATX heading line after its ``level`` #s, as markdown-it's heading rule cuts it."""
    end = max(len(line.rstrip(" \t")), level)
    closing = end
    while closing > level and line[closing - 1] == "#":
        closing -= 1
    if closing > level and line[closing - 1] in " \t":
        end = closing
    return line[level:end].strip(" \t")
