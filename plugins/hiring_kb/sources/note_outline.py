"""Where a note's level-1 and level-2 headings are, and which lines start a block: the outline that
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

#: The same grammar without inline parsing: finding sections needs only the blocks and the
#: raw text of headings, and skipping inline tokens makes validation about a quarter faster.
_BLOCK_PARSER = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table").disable("inline")
#: ... and also without the list rule, which is 70 % of the parse of bullet-heavy notes. Without
#: lists, list items read as paragraphs, which changes where level-1/2 headings are only when
#: a line could end a heading or a block differently inside a list: a setext underline
#: (``===``/``---``), a fence or HTML block opened on an indented line, a heading indented
#: 4+ columns (deep inside nested items), or an item whose marker line opens a heading, fence,
#: HTML block, quote or another item. Notes with none of those (almost all)
#: give the same headings either way; tests/unit/test_notes.py checks that property.
_SKELETON_PARSER = (
    MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table").disable(["inline", "list"])
)
#: Lines that make a list read otherwise than as paragraphs, each after a line break: search
#: ``"\n" + body`` (a search for a line break skips ahead; one for ``^`` tries every character).
_LIST_SENSITIVE = re.compile(
    r"\n(?:"
    r" {0,3}(?:=+|-+)[ \t]*$"  # setext underline (or a thematic break that may follow an item)
    r"|[ \t]+(?:`{3,}|~{3,}|<)"  # fence or HTML block opened on an indented line
    r"|(?: {4,}|\t)[ \t]*#"  # a heading indented like nested list content
    r"|[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+[-+*#`~<>\d]"  # an item that opens a block on its marker line
    r")",
    re.MULTILINE,
)


def list_sensitive(body: str) -> bool:
    """Whether a line of ``body`` reads otherwise inside a list than in a paragraph (:data:`_LIST_SENSITIVE`)."""
    return _LIST_SENSITIVE.search("\n" + body) is not None


#: ... and also without the setext-heading rule (``lheading``), which scans every paragraph a second
#: time. It can only make a heading of a paragraph followed by a line of only ``=`` or ``-`` (after
#: indentation and ``>`` quote markers); a note without such a line gives the same tokens either way.
_FLAT_PARSER = (
    MarkdownIt("commonmark", {"html": True, "typographer": False})
    .enable("table")
    .disable(["inline", "list", "lheading"])
)
#: A line of only ``=`` or ``-`` after a line break (the first line: :data:`_FIRST_LINE_UNDERLINE`). Split in
#: two so the search can skip to line breaks, not try an alternation at every character.
_SETEXT_UNDERLINE = re.compile(r"[\n\r][ \t>]*(?:=+|-+)[ \t]*(?=[\n\r]|\Z)")
_FIRST_LINE_UNDERLINE = re.compile(r"[ \t>]*(?:=+|-+)[ \t]*(?=[\n\r]|\Z)")


def may_underline(body: str) -> bool:
    """Whether a line of ``body`` is only ``=`` or ``-`` (after spaces and ``>`` quote markers): the
    only lines that can make a setext heading of the paragraph above them."""
    return _FIRST_LINE_UNDERLINE.match(body) is not None or _SETEXT_UNDERLINE.search(body) is not None


def block_tokens(body: str) -> list[Token]:
    """Block tokens of a note, from the cheaper list-less parse when that cannot change headings,
    and without the setext rule when no line could underline a heading."""
    if list_sensitive(body):
        return _BLOCK_PARSER.parse(body)
    return (_SKELETON_PARSER if may_underline(body) else _FLAT_PARSER).parse(body)


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
    """The level-1/2 headings of a note body in order (its text as parsed: pasted bullets already
    turned into items): the line look of :func:`plain_outline` when it can tell, else the block parse."""
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
#: :func:`may_underline` for a body without ``\r``, searched after a line break like :data:`_NEEDS_PARSE`.
_UNDERLINE_LINE = re.compile(r"\n[ \t>]*(?:=+|-+)[ \t]*$", re.MULTILINE)
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
    one), setext underlines and lines that read otherwise in a list (:data:`_LIST_SENSITIVE`) all go to the
    parse. tests/unit/test_note_outline.py checks that the two give the same headings.
    """
    if "|" in body or "\r" in body or "\0" in body:
        return None
    lined = "\n" + body  # each line after a line break, for the searches below
    if _NEEDS_PARSE.search(lined) or _UNDERLINE_LINE.search(lined) or _LIST_SENSITIVE.search(lined):
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
