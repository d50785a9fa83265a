"""Interview note bodies: evidence sections and safe HTML, both from markdown-it-py.

The same CommonMark parse decides which text is evidence for which competency
and how the note is shown, so what the page shows under a competency is exactly
what the validator checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .diagnostics import Diagnostic, Position, warning
from .models import Competency, EvidenceSection

_PARSER = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table").enable("strikethrough")
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
_LIST_SENSITIVE = re.compile(
    r"^ {0,3}(?:=+|-+)[ \t]*$"  # setext underline (or a thematic break that may follow an item)
    r"|^[ \t]+(?:`{3,}|~{3,}|<)"  # fence or HTML block opened on an indented line
    r"|^(?: {4,}|\t)[ \t]*#"  # a heading indented like nested list content
    r"|^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+[-+*#`~<>\d]",  # an item that opens a block on its marker line
    re.MULTILINE,
)


def _block_tokens(body: str) -> list[Token]:
    """Block tokens of a note, from the cheaper list-less parse when that cannot change headings."""
    parser = _BLOCK_PARSER if _LIST_SENSITIVE.search(body) else _SKELETON_PARSER
    return parser.parse(body)

#: Tags a note may use once rendered. No images (a remote src is a third-party
#: request), no forms, frames, scripts or styles.
ALLOWED_TAGS = {
    "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i", "s", "del", "code", "pre", "blockquote",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a", "kbd", "sub", "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"style"}, "td": {"style"}, "ol": {"start"}}
#: No URL scheme at all: a link in a note keeps its text but loses an absolute target
#: (http, https, mailto...). Links to other sites are personal data more often than not
#: (a profile, a mailbox) and the published site must point nowhere else (``invoke audit``
#: fails on external URLs); ``external-link`` warns the interviewer at the line.
ALLOWED_URL_SCHEMES: set[str] = set()
_EXTERNAL_URL = re.compile(r"\b(?:https?://|mailto:|www\.)[^\s)>\]]+", re.IGNORECASE)


def external_links(body: str, body_line: int, path: str) -> list[Diagnostic]:
    """One ``external-link`` warning per URL to another site written in a note body (line, column 1-based)."""
    if _EXTERNAL_URL.search(body) is None:
        return []
    found = []
    for offset, line in enumerate(body.split("\n")):
        for match in _EXTERNAL_URL.finditer(line):
            found.append(
                warning(
                    Position(path, body_line + offset, match.start() + 1),
                    "external-link",
                    f"note points to another site ('{match.group()[:60]}'); pages never link elsewhere "
                    "(links lose their target) and 'invoke audit' refuses a URL in the text",
                    "describe what you saw instead; a profile or mailbox is personal data and belongs in private: "
                    "of candidate.yml if anywhere",
                )
            )
    return found


def normalise_heading(text: str) -> str:
    """Fold a heading or competency label for matching: NFC, casefold, '-'/'_' as spaces, no trailing ':'."""
    text = unicodedata.normalize("NFC", text).casefold().strip().rstrip(":").strip()
    return re.sub(r"[\s_-]+", " ", text)


@dataclass(frozen=True)
class Heading:
    """A level-2 heading of a note: its text and 1-based file line."""

    text: str
    line: int


@dataclass(frozen=True)
class NoteSections:
    """Result of :func:`find_evidence`: matched sections and level-2 headings that matched nothing."""

    evidence: tuple[EvidenceSection, ...]
    other_headings: tuple[Heading, ...]


def find_evidence(body: str, body_line: int, competencies: tuple[Competency, ...]) -> NoteSections:
    """Split a note body into ``## <competency>`` evidence sections.

    Args:
        body: the Markdown after the front matter.
        body_line: 1-based file line of the first body line (for positions).
        competencies: the role's competencies; a heading matches one by id or
            by name (see :func:`normalise_heading`).

    Returns:
        The evidence sections in file order, and the other level-2 headings
        (general sections such as "Summary", or typos the validator reports).
        A section runs to the next heading of level 1 or 2.
    """
    labels: dict[str, str] = {}
    for comp in competencies:
        labels[normalise_heading(comp.id)] = comp.id
        labels[normalise_heading(comp.name)] = comp.id
    lines = body.split("\n")
    tokens = _block_tokens(body)
    headings: list[tuple[int, int, int, str]] = []  # (level, first line, first line after, text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h1", "h2") and token.map:
            headings.append((int(token.tag[1]), token.map[0], token.map[1], tokens[index + 1].content))
    evidence: list[EvidenceSection] = []
    others: list[Heading] = []
    for position, (level, start, after, text) in enumerate(headings):
        if level != 2:
            continue
        end = headings[position + 1][1] if position + 1 < len(headings) else len(lines)
        competency_id = labels.get(normalise_heading(text))
        if competency_id is None:
            others.append(Heading(text, body_line + start))
            continue
        if not _has_content(tokens, after, end):
            continue  # a scaffolded section still holding only its guidance comment is no evidence
        section = "\n".join(lines[after:end]).strip("\n")
        evidence.append(EvidenceSection(competency_id, text, body_line + start, section))
    return NoteSections(tuple(evidence), tuple(others))


def is_blank_note(body: str) -> bool:
    """True when a note body holds nothing but headings, HTML comments and white space.

    That is an untouched scaffold of ``invoke new-interview``: its ``## <competency>`` headings and
    the guidance comments under them are no notes, so with no rating and no recommendation the
    scorecard is still owed (``empty-scorecard``).
    """
    if not body.strip():
        return True
    tokens = _block_tokens(body)
    return all(
        token.type in ("heading_open", "heading_close") or token.level > 0 or is_comment_block(token)
        for token in tokens
        if token.nesting >= 0
    )


def is_comment_block(token: Token) -> bool:
    """True for an HTML block that is only comments, e.g. the guidance of a scaffolded note."""
    return token.type == "html_block" and not _COMMENTS.sub("", token.content).strip()


_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)


def _has_content(tokens: list[Token], first_line: int, end_line: int) -> bool:
    """True when a top-level block other than an HTML comment starts within ``[first_line, end_line)``."""
    return any(
        token.map is not None
        and token.level == 0
        and token.nesting >= 0
        and first_line <= token.map[0] < end_line
        and not is_comment_block(token)
        for token in tokens
    )


def render_notes_html(markdown: str, heading_offset: int = 2) -> str:
    """Render note Markdown to sanitised HTML.

    Args:
        markdown: note text (CommonMark with tables and strikethrough; raw HTML
            is allowed in the source but sanitised).
        heading_offset: levels added to every heading so a note's ``##`` sits
            under the page's own headings (2: ``##`` becomes ``<h4>``; capped at h6).

    Returns:
        HTML safe to embed in a page: only :data:`ALLOWED_TAGS`, no event
        handlers, no ``javascript:`` or ``data:`` URLs, links get
        ``rel="noopener noreferrer"``.
    """
    tokens = _PARSER.parse(markdown)
    _shift_headings(tokens, heading_offset)
    return sanitise_html(_PARSER.renderer.render(tokens, _PARSER.options, {}))


@dataclass(frozen=True)
class RenderedNote:
    """A note rendered once: its whole HTML, and the HTML of each ``##`` section's content.

    ``sections`` maps the 0-based body line of a level-2 heading to the sanitised
    HTML of the blocks under it (up to the next level-1/2 heading), the same
    boundaries :func:`find_evidence` uses.
    """

    html: str
    sections: dict[int, str]
    #: The whole note cut at its level-1/2 headings, in order: ``(heading line, level, html)`` with the
    #: 0-based body line of the heading (None and level 0 for the text before the first heading) and the
    #: sanitised HTML of the heading and its blocks. Joined, they are ``html``.
    segments: tuple[tuple[int | None, int, str], ...] = ()

    def outside(self, lines: set[int]) -> str:
        """The note's HTML without the level-2 sections starting at ``lines`` (0-based body lines, e.g. the
        evidence already shown under its competency) and without level-2 headings that have nothing under them
        (a scaffold's untouched ``## <competency>``)."""
        kept = [
            html
            for line, level, html in self.segments
            if not (level == 2 and line is not None and (line in lines or not self.sections.get(line, "").strip()))
        ]
        return "".join(kept)


def render_note(markdown: str, heading_offset: int = 2) -> RenderedNote:
    """Render a note body once for the page and for its evidence sections (see :class:`RenderedNote`).

    One parse instead of one per section: rendering is most of the page build.
    HTML is sanitised as in :func:`render_notes_html`.
    """
    tokens = _PARSER.parse(markdown)
    boundaries = [
        (index, token)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag in ("h1", "h2") and token.map
    ]
    levels = [(token.map[0], int(token.tag[1])) for _, token in boundaries]  # before the headings are shifted
    ranges: dict[int, tuple[int, int]] = {}
    for position, (index, token) in enumerate(boundaries):
        if token.tag == "h2":
            end = boundaries[position + 1][0] if position + 1 < len(boundaries) else len(tokens)
            ranges[token.map[0]] = (index + 3, end)  # after heading_open, inline, heading_close
    _shift_headings(tokens, heading_offset)
    render = _PARSER.renderer.render
    html = sanitise_html(render(tokens, _PARSER.options, {}))
    sections = {line: sanitise_html(render(tokens[a:b], _PARSER.options, {})) for line, (a, b) in ranges.items()}
    starts = [index for index, _ in boundaries]
    cuts = [0, *starts, len(tokens)]
    segments = []
    for position, (a, b) in enumerate(zip(cuts, cuts[1:])):
        if a == b:
            continue
        line, level = (None, 0) if position == 0 else levels[position - 1]
        segments.append((line, level, sanitise_html(render(tokens[a:b], _PARSER.options, {}))))
    return RenderedNote(html, sections, tuple(segments))


def _shift_headings(tokens: list[Token], heading_offset: int) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, max(3, int(token.tag[1]) + heading_offset))}"


def sanitise_html(html: str) -> str:
    """Clean HTML with nh3 against the note allow-list (see module constants).

    The result holds no blank line (a line break before an empty line becomes
    ``&#10;``, the same character), so a page can embed it as one raw HTML block.
    """
    return _BLANK_LINE.sub("&#10;", _clean(html))


_BLANK_LINE = re.compile(r"\n(?=\n)")


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )
