"""Interview note bodies: evidence sections and the note rules (links, angle brackets, comments).

The same CommonMark parse decides which text is evidence for which competency
and how the note is shown (:mod:`hiring_kb.sources.note_html`, the safe HTML), so what the
page shows under a competency is exactly what the validator checked. Lines that
nearly start a section are found by :mod:`hiring_kb.sources.near_miss_headings`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from hiring_kb.base.diagnostics import Diagnostic, Position, error, register_rules, warning
from hiring_kb.base.links import Destination, judge
from hiring_kb.base.markdown_parse import parse_markdown
from hiring_kb.model.models import Competency, EvidenceSection
from hiring_kb.sources.note_html import (
    ALLOWED_TAGS,
    HTML_ELEMENTS,
    NOTE_PARSER,
    TARGET_ATTRIBUTES,
    tag_name,
    with_pasted_bullets_as_items,
)
from hiring_kb.sources.note_outline import block_tokens, is_comment_block, note_outline

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "unclosed-comment": "a '<!--' in the notes that is never closed with '-->' (it hides the rest of the note)",
        "angle-brackets": "warning: text in angle brackets (<int>, <T>) shown as written, or an HTML tag "
        "the page leaves out",
        "external-link": "warning: a URL of another site in a note (pages never link elsewhere; the audit refuses it)",
    },
)

_EXTERNAL_URL = re.compile(r"\b(?:https?://|mailto:|www\.)[^\s)>\]]+", re.IGNORECASE)
#: Parts of :data:`_EXTERNAL_URL` made of letters that only match themselves under IGNORECASE (its 'i'
#: and 's' also match 'İ', 'ı' and 'ſ'): a body without any of them, lowercased, holds no URL.
_URL_PARTS = ("http", "www.", "lto:")


def external_links(body: str, body_line: int, path: str) -> list[Diagnostic]:
    """One ``external-link`` warning per URL to another site written in a note body (line, column 1-based),
    and one per link target the page would drop (:func:`offsite_link_targets`)."""
    lowered = body.lower()
    if not any(part in lowered for part in _URL_PARTS) or _EXTERNAL_URL.search(body) is None:
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


# -- link targets, judged as a browser resolves them (hiring_kb.base.links) ----------------------------

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
        self.targets += [value for name, value in attrs if name in TARGET_ATTRIBUTES and value is not None]


def _html_targets(html: str) -> list[str]:
    collector = _TargetCollector()
    collector.feed(html)
    collector.close()
    return collector.targets


def _note_targets(body: str) -> list[tuple[int, str]]:
    """``(0-based body line of the block, target)`` of every link, image and raw-HTML ``href``/``src``."""
    found: list[tuple[int, str]] = []
    for token in parse_markdown(NOTE_PARSER, body):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            found += [(line, target) for target in _html_targets(token.content)]
        for child in token.children or ():
            if child.type in ("link_open", "image"):
                found += [(line, str(child.attrs[a])) for a in TARGET_ATTRIBUTES if a in child.attrs]
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
    ``/<tab>/x``, ``java<tab>script:``; see :mod:`hiring_kb.base.links`). Targets the URL search of
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
    headings = note_outline(with_pasted_bullets_as_items(body))
    evidence: list[EvidenceSection] = []
    others: list[Heading] = []
    for position, heading in enumerate(headings):
        if heading.level != 2:
            continue
        end = headings[position + 1].line if position + 1 < len(headings) else len(lines)
        competency_id = labels.get(normalise_heading(heading.text))
        if competency_id is None:
            others.append(Heading(heading.text, body_line + heading.line))
            continue
        if not heading.followed_by_content:
            continue  # a scaffolded section still holding only its guidance comment is no evidence
        section = "\n".join(lines[heading.after : end]).strip("\n")
        evidence.append(EvidenceSection(competency_id, heading.text, body_line + heading.line, section))
    return NoteSections(tuple(evidence), tuple(others))


def is_blank_note(body: str) -> bool:
    """True when a note body holds nothing but headings, HTML comments and white space.

    That is an untouched scaffold of ``invoke new-interview``: its ``## <competency>`` headings and
    the guidance comments under them are no notes, so with no rating and no recommendation the
    scorecard is still owed (``empty-scorecard``).
    """
    if not body.strip():
        return True
    tokens = block_tokens(body)
    return all(
        token.type in ("heading_open", "heading_close") or token.level > 0 or is_comment_block(token)
        for token in tokens
        if token.nesting >= 0
    )


# -- what people paste and type that Markdown reads otherwise ------------------------------------


_TAG_START = re.compile(r"</?[A-Za-z]")


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
    for token in parse_markdown(NOTE_PARSER, with_pasted_bullets_as_items(body)):
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
            name = tag_name(tag)
            if name is None or name in ALLOWED_TAGS:
                continue
            first = tag.split("\n", 1)[0]
            line, col = _find(lines, first, *search_from, token.map[1])
            search_from = (line, col + len(first))
            shown = first if len(first) <= 30 else first[:29] + "…"
            if name in HTML_ELEMENTS:
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
    for token in block_tokens(with_pasted_bullets_as_items(body)):
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
