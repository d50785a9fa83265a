"""Interview note bodies: evidence sections and safe HTML, both from markdown-it-py.

The same CommonMark parse decides which text is evidence for which competency
and how the note is shown, so what the page shows under a competency is exactly
what the validator checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .diagnostics import Diagnostic, Position, warning
from .links import Destination, judge, stays_on_site
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
    """One ``external-link`` warning per URL to another site written in a note body (line, column 1-based),
    and one per link target the page would drop (:func:`offsite_link_targets`)."""
    if _EXTERNAL_URL.search(body) is None:
        return offsite_link_targets(body, body_line, path)
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
    return found + offsite_link_targets(body, body_line, path)


# -- link targets, judged as a browser resolves them (hiring_kb.links) ----------------------------

_TARGET_ATTRIBUTES = ("href", "src")
_MAY_LINK = re.compile(r"\]\(|\]:|<")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # shown as [U+0009]: a tab or newline would break the message line
_DESTINATION_WORDS = {
    Destination.OTHER_SITE: "another site",
    Destination.LOOPBACK: "another site",
    Destination.SCRIPT: "a script",
    Destination.OTHER_SCHEME: "another application",
}


class _TargetCollector(HTMLParser):
    """``href``/``src`` values of raw HTML in a note, entities decoded as a browser decodes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.targets += [value for name, value in attrs if name in _TARGET_ATTRIBUTES and value is not None]


def _html_targets(html: str) -> list[str]:
    collector = _TargetCollector()
    collector.feed(html)
    collector.close()
    return collector.targets


def _note_targets(body: str) -> list[tuple[int, str]]:
    """``(0-based body line of the block, target)`` of every link, image and raw-HTML ``href``/``src``."""
    found: list[tuple[int, str]] = []
    for token in _PARSER.parse(body):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            found += [(line, target) for target in _html_targets(token.content)]
        for child in token.children or ():
            if child.type in ("link_open", "image"):
                found += [(line, str(child.attrs[a])) for a in _TARGET_ATTRIBUTES if a in child.attrs]
            elif child.type == "html_inline":
                found += [(line, target) for target in _html_targets(child.content)]
    return found


def _locate(lines: list[str], first: int, target: str) -> tuple[int, int]:
    """0-based line and 1-based column of ``target`` (or of its ``](``/``href``) from line ``first`` on."""
    for needle in (target.strip(), "](", "href", "src"):
        for index in range(first, len(lines)):
            col = lines[index].find(needle) if needle else -1
            if col >= 0:
                return index, col + 1
    return first, 1


def offsite_link_targets(body: str, body_line: int, path: str) -> list[Diagnostic]:
    """``external-link`` warnings for link targets the rendered note drops (:func:`_keep_site_links`):
    any target that leaves the site once a browser has repaired it (``//x``, ``\\\\x``, ``/\\x``,
    ``/<tab>/x``, ``java<tab>script:``; see :mod:`hiring_kb.links`). Targets the URL search of
    :func:`external_links` already reported (``https://…``, ``mailto:…``) are not repeated."""
    if _MAY_LINK.search(body) is None:  # no link, reference or HTML: skip the full parse
        return []
    lines = body.split("\n")
    found = []
    for block_line, target in _note_targets(body):
        destination = judge(target)
        if destination is Destination.SITE or _EXTERNAL_URL.search(target):
            continue
        index, col = _locate(lines, block_line, target)
        shown = _CONTROL.sub(lambda m: f"[U+{ord(m.group()):04X}]", target)[:60]
        found.append(
            warning(
                Position(path, body_line + index, col),
                "external-link",
                f"link target '{shown}' leads to {_DESTINATION_WORDS[destination]} once a browser reads it; "
                "the page shows the link text without it",
                "link only to pages of this wiki (a path such as '../c-7d3e91/'), or describe what you saw instead",
            )
        )
    return found


def _keep_site_links(element: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: drop an ``href``/``src`` that leaves the site as a browser resolves it."""
    if attribute in _TARGET_ATTRIBUTES and not stays_on_site(value):
        return None
    return value


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
    ranges: dict[int, tuple[int, int]] = {}
    for position, (index, token) in enumerate(boundaries):
        if token.tag == "h2":
            end = boundaries[position + 1][0] if position + 1 < len(boundaries) else len(tokens)
            ranges[token.map[0]] = (index + 3, end)  # after heading_open, inline, heading_close
    _shift_headings(tokens, heading_offset)
    render = _PARSER.renderer.render
    html = sanitise_html(render(tokens, _PARSER.options, {}))
    sections = {line: sanitise_html(render(tokens[a:b], _PARSER.options, {})) for line, (a, b) in ranges.items()}
    return RenderedNote(html, sections)


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
        attribute_filter=_keep_site_links,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )
