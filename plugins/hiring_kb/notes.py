"""Interview note bodies: evidence sections and safe HTML, both from markdown-it-py.

The same CommonMark parse decides which text is evidence for which competency
and how the note is shown, so what the page shows under a competency is exactly
what the validator checked.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml as escape_html
from markdown_it.token import Token

from .diagnostics import Diagnostic, Position, error, register_rules, warning
from .links import Destination, judge, stays_on_site
from .models import Competency, EvidenceSection

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "unclosed-comment": "a '<!--' in the notes that is never closed with '-->' (it hides the rest of the note)",
        "angle-brackets": "warning: text in angle brackets (<int>, <T>) shown as written, or an HTML tag "
        "the page leaves out",
        "external-link": "warning: a URL of another site in a note (pages never link elsewhere; the audit refuses it)",
    },
)

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


#: ... and also without the setext-heading rule (``lheading``), which scans every paragraph a second
#: time. It can only make a heading of a paragraph followed by a line of only ``=`` or ``-`` (after
#: indentation and ``>`` quote markers); a note without such a line gives the same tokens either way.
_FLAT_PARSER = (
    MarkdownIt("commonmark", {"html": True, "typographer": False})
    .enable("table")
    .disable(["inline", "list", "lheading"])
)
_SETEXT_UNDERLINE = re.compile(r"(?:^|[\n\r])[ \t>]*(?:=+|-+)[ \t]*(?=[\n\r]|$)")


def _block_tokens(body: str) -> list[Token]:
    """Block tokens of a note, from the cheaper list-less parse when that cannot change headings,
    and without the setext rule when no line could underline a heading."""
    if _LIST_SENSITIVE.search(body):
        return _BLOCK_PARSER.parse(body)
    return (_SKELETON_PARSER if _SETEXT_UNDERLINE.search(body) else _FLAT_PARSER).parse(body)


#: Tags a note may use once rendered. No images (a remote src is a third-party
#: request), no forms, frames, scripts or styles.
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "kbd",
    "sub",
    "sup",
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


@lru_cache(maxsize=4096)  # the same competency labels are folded for every note of a role
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
    tokens = _block_tokens(with_pasted_bullets_as_items(body))
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
    tokens = _PARSER.parse(with_pasted_bullets_as_items(markdown))
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
    tokens = _PARSER.parse(with_pasted_bullets_as_items(markdown))
    boundaries = [  # (token index, heading token, its line in the markdown)
        (index, token, token.map[0])
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag in ("h1", "h2") and token.map
    ]
    levels = [(start, int(token.tag[1])) for _, token, start in boundaries]  # before the headings are shifted
    ranges: dict[int, tuple[int, int]] = {}
    for position, (index, token, start) in enumerate(boundaries):
        if token.tag == "h2":
            end = boundaries[position + 1][0] if position + 1 < len(boundaries) else len(tokens)
            ranges[start] = (index + 3, end)  # after heading_open, inline, heading_close
    _shift_headings(tokens, heading_offset)
    render = _PARSER.renderer.render
    html = sanitise_html(render(tokens, _PARSER.options, {}))
    sections = {line: sanitise_html(render(tokens[a:b], _PARSER.options, {})) for line, (a, b) in ranges.items()}
    starts = [index for index, _, _ in boundaries]
    cuts = [0, *starts, len(tokens)]
    segments = []
    for position, (a, b) in enumerate(itertools.pairwise(cuts)):
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
        attribute_filter=_keep_site_links,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )


# -- what people paste and type that Markdown reads otherwise ------------------------------------

#: Bullet characters that word processors put in front of list items (Google Docs pastes
#: "●<tab>", Word "•<tab>"), by nesting level: Markdown reads them as ordinary text, so
#: without help a pasted list becomes one run-on paragraph.
_PASTED_BULLETS = {"•": 0, "●": 0, "‣": 0, "⁃": 0, "∙": 0, "○": 1, "◦": 1, "■": 2, "▪": 2, "□": 2}
_PASTED_BULLET = re.compile(r"^([ \t]*)([•●‣⁃∙○◦■▪□])[ \t]+(?=\S)", re.MULTILINE)
_FENCE_LINE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})", re.MULTILINE)


def with_pasted_bullets_as_items(markdown: str) -> str:
    """``markdown`` with pasted bullets (``●<tab>text``, ``• text``) turned into ``- text`` list items.

    Pasted bullets are converted rather than reported: the writer meant a list, and asking
    every interviewer to retype each line of notes copied from Google Docs or Word is the kind
    of friction that makes them stop writing scorecards. An unindented hollow or square
    bullet (``○``, ``■``, the second and third levels of Google Docs) is nested under the one
    before it. Lines keep their numbers; lines inside fenced code are left as they are.
    """
    if _PASTED_BULLET.search(markdown) is None:
        return markdown
    lines = markdown.split("\n")
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE_LINE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _PASTED_BULLET.match(line)
        if match is None:
            continue
        indent = match.group(1) or "  " * _PASTED_BULLETS[match.group(2)]
        lines[index] = f"{indent}- {line[match.end() :]}"
    return "\n".join(lines)


#: Names of HTML elements: such a tag in a note is markup, removed by the sanitiser unless
#: allowed (:data:`ALLOWED_TAGS`). Any other ``<word>`` (``<int>``, ``<T>``) is text that only
#: looks like a tag, and is shown as written.
_HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
    center cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset
    figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i
    iframe img input ins kbd label legend li link main map mark marquee math menu meta meter nav
    noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script
    search section select slot small source span strike strong style sub summary sup svg table tbody
    td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp""".split()
)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_TAG_START = re.compile(r"</?[A-Za-z]")


def _tag_name(html: str) -> str | None:
    """The lower-cased element name of a tag such as ``<int>`` or ``</b>``; None for a comment."""
    match = _TAG_NAME.match(html)
    return match.group(1).lower() if match else None


def _is_text_in_brackets(html: str) -> bool:
    """True for ``<int>`` or ``<T>``: angle brackets around a word that is no HTML element."""
    name = _tag_name(html)
    return name is not None and name not in _HTML_ELEMENTS


def _render_html_inline(renderer: object, tokens: list[Token], index: int, options: object, env: object) -> str:
    content = tokens[index].content
    return escape_html(content) if _is_text_in_brackets(content) else content


def _render_html_block(renderer: object, tokens: list[Token], index: int, options: object, env: object) -> str:
    content = tokens[index].content
    if _is_text_in_brackets(content.lstrip()):
        return "<p>" + escape_html(content.strip()).replace("\n", "<br>\n") + "</p>\n"
    return content


_PARSER.add_render_rule("html_inline", _render_html_inline)
_PARSER.add_render_rule("html_block", _render_html_block)


def angle_bracket_warnings(body: str, body_line: int, path: str) -> list[Diagnostic]:
    """``angle-brackets`` warnings for ``<...>`` in a note body that is not allowed markup.

    ``std::vector<int>`` or ``<T>`` is shown as written (it is no HTML element); a tag of an
    element notes may not use (``<img>``, ``<div>``, ``<script>``) is removed from the page by
    the sanitiser. Either way the writer is told at the line and column (1-based), instead of
    finding part of the note changed on the page. HTML comments are the scaffold's guidance
    and are left alone.
    """
    if _TAG_START.search(body) is None:
        return []  # most notes: no '<' before a letter or '/' (a comment starts '<!')
    lines = body.split("\n")
    found: list[Diagnostic] = []
    for token in _PARSER.parse(with_pasted_bullets_as_items(body)):
        if token.map is None:
            continue
        if token.type == "html_block" and not is_comment_block(token):
            tags = [token.content.strip()]
        elif token.type == "inline":
            tags = [c.content for c in token.children or () if c.type == "html_inline"]
        else:
            continue
        search_from = (token.map[0], 0)
        for tag in tags:
            name = _tag_name(tag)
            if name is None or name in ALLOWED_TAGS:
                continue
            first = tag.split("\n", 1)[0]
            line, col = _find(lines, first, *search_from, token.map[1])
            search_from = (line, col + len(first))
            shown = first if len(first) <= 30 else first[:29] + "…"
            if name in _HTML_ELEMENTS:
                message = f"'{shown}' is an HTML tag, which notes cannot use: the page leaves it out"
                hint = f"to show it as text, put it in backticks: `{shown}`"
            else:
                word = _word_around(lines[line], col, len(first))
                message = f"'{shown}' looks like an HTML tag; the page shows it as written"
                hint = f"put code in backticks so it reads as code: `{word}`"
            found.append(warning(Position(path, body_line + line, col + 1), "angle-brackets", message, hint))
    return found


def _word_around(line: str, col: int, width: int) -> str:
    """The run of non-space characters holding ``line[col:col + width]`` (``std::vector<int>``)."""
    start = col
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    end = col + width
    while end < len(line) and not line[end].isspace() and line[end] not in ",;.)":
        end += 1
    return line[start:end]


def _find(lines: list[str], text: str, line: int, col: int, end: int) -> tuple[int, int]:
    """The first ``(line, column)`` of ``text`` at or after ``(line, col)`` in lines before ``end`` (0-based)."""
    for number in range(line, min(end, len(lines))):
        at = lines[number].find(text, col if number == line else 0)
        if at >= 0:
            return number, at
    return line, 0


def unclosed_comments(body: str, body_line: int, path: str) -> list[Diagnostic]:
    """``unclosed-comment`` errors: a ``<!--`` never closed by ``-->`` hides everything after it.

    Markdown hides an HTML comment from the page; opened and never closed, it hides the rest of
    the note, so ratings would be shown with no evidence. Positioned at the ``<!--`` (1-based).
    """
    if "<!--" not in body or body.rfind("-->") > body.rfind("<!--"):
        return []  # every '<!--' has a '-->' after it (the scaffold's guidance): nothing can stay open
    lines = body.split("\n")
    found: list[Diagnostic] = []
    for token in _block_tokens(with_pasted_bullets_as_items(body)):
        if token.type != "html_block" or token.map is None:
            continue
        opened = token.content.rfind("<!--")
        if opened < 0 or token.content.find("-->", opened + 4) >= 0:
            continue
        line = token.map[0] + token.content.count("\n", 0, opened)
        col = lines[line].find("<!--") if line < len(lines) else -1
        found.append(
            error(
                Position(path, body_line + line, max(col, 0) + 1),
                "unclosed-comment",
                "'<!--' starts a hidden comment that is never closed, so the rest of the note is hidden",
                "close it with '-->' where the hidden text ends (usually on the same line), or delete the '<!--'",
            )
        )
    return found


@dataclass(frozen=True)
class NearMissHeading:
    """A line that names a competency but is not a ``## `` heading (so holds no evidence)."""

    competency_id: str
    line: int  # 1-based file line
    written: str  # the line as written, stripped
    message: str
    hint: str


_ATX = re.compile(r" {0,3}(#{1,6})([ \t]*)(.*?)[ \t]*#*[ \t]*")
_BOLD_LINE = re.compile(r"[ \t]*(\*\*|__)(.+?)\1[ \t]*:?[ \t]*")
_LABEL_LINE = re.compile(r"[ \t]*([^\s#*_-][^:]*?)[ \t]*:[ \t]*")


def near_miss_headings(body: str, body_line: int, competencies: tuple[Competency, ...]) -> list[NearMissHeading]:
    """Lines that would be a competency's evidence section if written ``## <name>``.

    ``### Strong English`` (another level), ``##Strong English`` (no space), ``**Strong English**``
    (bold) and ``Strong English:`` (a label line) each name the competency but start no section,
    so what follows is evidence for nothing. Only top-level lines outside code and comments count,
    and only for competencies that have no ``##`` heading in the note.
    """
    labels: dict[str, Competency] = {}
    for competency in competencies:
        labels[normalise_heading(competency.id)] = competency
        labels[normalise_heading(competency.name)] = competency
    lines = body.split("\n")
    if not any(_may_be_near_miss(line, labels) for line in lines):
        return []  # most notes: a look at each line instead of a parse
    tokens = _block_tokens(with_pasted_bullets_as_items(body))
    found: list[NearMissHeading] = []
    has_section: set[str] = set()
    for index, token in enumerate(tokens):
        if token.map is None or token.level != 0:
            continue
        if token.type == "heading_open":
            text = tokens[index + 1].content
            comp = labels.get(normalise_heading(text))
            if comp is None:
                continue
            if token.tag == "h2":
                has_section.add(comp.id)
            elif token.markup.startswith("#"):
                level = len(token.markup)
                found.append(
                    NearMissHeading(
                        comp.id,
                        body_line + token.map[0],
                        lines[token.map[0]].strip(),
                        f"'{_short(lines[token.map[0]])}' has {_count(level)} #, so it does not start the "
                        f"'{comp.name}' section",
                        f"use two #: '## {comp.name}'",
                    )
                )
        elif token.type == "paragraph_open":
            for number in range(*token.map):
                miss = _near_miss_line(lines[number], labels)
                if miss is not None:
                    comp, message = miss
                    found.append(
                        NearMissHeading(
                            comp.id, body_line + number, lines[number].strip(), message, f"use two #: '## {comp.name}'"
                        )
                    )
    return [miss for miss in found if miss.competency_id not in has_section]


def _may_be_near_miss(line: str, labels: dict[str, Competency]) -> bool:
    """True when ``line`` names a competency as a wrong-level heading, bold text or a label line."""
    atx = _ATX.fullmatch(line)
    if atx is not None and (len(atx.group(1)) != 2 or not atx.group(2)):
        return normalise_heading(atx.group(3)) in labels
    return _near_miss_line(line, labels) is not None


def _near_miss_line(line: str, labels: dict[str, Competency]) -> tuple[Competency, str] | None:
    atx = _ATX.fullmatch(line)
    if atx is not None and not atx.group(2):  # '##Strong English': no space after the #
        comp = labels.get(normalise_heading(atx.group(3)))
        if comp is not None:
            return comp, f"'{_short(line)}' needs a space after the #, so it does not start the '{comp.name}' section"
    bold = _BOLD_LINE.fullmatch(line)
    if bold is not None:
        comp = labels.get(normalise_heading(bold.group(2)))
        if comp is not None:
            return comp, f"'{_short(line)}' is bold text, so it does not start the '{comp.name}' section"
    label = _LABEL_LINE.fullmatch(line)
    if label is not None:
        comp = labels.get(normalise_heading(label.group(1)))
        if comp is not None:
            return comp, f"'{_short(line)}' is a line of text, so it does not start the '{comp.name}' section"
    return None


def _count(level: int) -> str:
    return ("one", "two", "three", "four", "five", "six")[level - 1]


def _short(line: str, width: int = 40) -> str:
    line = line.strip()
    return line if len(line) <= width else line[: width - 1] + "…"
