"""Interview notes as safe HTML: the markdown-it renderer, the nh3 allow-list and pasted bullets.

:func:`render_notes_html` and :func:`render_note` turn a note body into HTML that holds only
:data:`ALLOWED_TAGS`, no event handlers and no link leaving the site (judged as a browser
resolves it, :mod:`hiring_kb.base.links`). The validator reads a note with the same parse and the
same pasted-bullet repair, so what a page shows is what was checked. The note rules and the
evidence sections are in :mod:`hiring_kb.sources.notes`; this module raises no diagnostics.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml as escape_html
from markdown_it.token import Token

from hiring_kb.base.links import stays_on_site
from hiring_kb.base.markdown_parse import parse_markdown

NOTE_PARSER = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table").enable("strikethrough")


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


TARGET_ATTRIBUTES = ("href", "src")


def _keep_site_links(element: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: drop an ``href``/``src`` that leaves the site as a browser resolves it."""
    if attribute in TARGET_ATTRIBUTES and not stays_on_site(value):
        return None
    return value


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
    tokens = parse_markdown(NOTE_PARSER, with_pasted_bullets_as_items(markdown))
    _shift_headings(tokens, heading_offset)
    return sanitise_html(NOTE_PARSER.renderer.render(tokens, NOTE_PARSER.options, {}))


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
    tokens = parse_markdown(NOTE_PARSER, with_pasted_bullets_as_items(markdown))
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
    render = NOTE_PARSER.renderer.render
    html = sanitise_html(render(tokens, NOTE_PARSER.options, {}))
    sections = {line: sanitise_html(render(tokens[a:b], NOTE_PARSER.options, {})) for line, (a, b) in ranges.items()}
    starts = [index for index, _, _ in boundaries]
    cuts = [0, *starts, len(tokens)]
    segments = []
    for position, (a, b) in enumerate(itertools.pairwise(cuts)):
        if a == b:
            continue
        line, level = (None, 0) if position == 0 else levels[position - 1]
        segments.append((line, level, sanitise_html(render(tokens[a:b], NOTE_PARSER.options, {}))))
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
HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
    center cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset
    figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i
    iframe img input ins kbd label legend li link main map mark marquee math menu meta meter nav
    noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script
    search section select slot small source span strike strong style sub summary sup svg table tbody
    td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp""".split()
)


_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


def tag_name(html: str) -> str | None:
    """The lower-cased element name of a tag such as ``<int>`` or ``</b>``; None for a comment."""
    match = _TAG_NAME.match(html)
    return match.group(1).lower() if match else None


def _is_text_in_brackets(html: str) -> bool:
    """True for ``<int>`` or ``<T>``: angle brackets around a word that is no HTML element."""
    name = tag_name(html)
    return name is not None and name not in HTML_ELEMENTS


def _render_html_inline(renderer: object, tokens: list[Token], index: int, options: object, env: object) -> str:
    content = tokens[index].content
    return escape_html(content) if _is_text_in_brackets(content) else content


def _render_html_block(renderer: object, tokens: list[Token], index: int, options: object, env: object) -> str:
    content = tokens[index].content
    if _is_text_in_brackets(content.lstrip()):
        return "<p>" + escape_html(content.strip()).replace("\n", "<br>\n") + "</p>\n"
    return content


NOTE_PARSER.add_render_rule("html_inline", _render_html_inline)


NOTE_PARSER.add_render_rule("html_block", _render_html_block)
