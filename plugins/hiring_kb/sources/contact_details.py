"""Contact details in text: email addresses and phone numbers, also when split by inline markup.

Shared by the leak audit (:mod:`hiring_kb.publish.audit_text_checks`, which fails a deploy) and the validator
(:func:`contact_details_in_note`, run by the loader on every note, which warns the interviewer at the
line of the note), so both recognise exactly the same things (docs/privacy.md, "What never goes into notes").
Private values and names are found elsewhere (:mod:`hiring_kb.sources.personal_data`,
:mod:`hiring_kb.base.name_patterns`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from hiring_kb.base.diagnostics import Diagnostic, Position, register_rules, warning

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "contact-in-note": (
            "warning: an email address or phone number in a note ('invoke deploy' refuses to publish it)"
        ),
    },
)

#: An email address (local part, '@', a dotted domain). Deliberately broad: a false alarm
#: costs a look, a miss publishes a candidate's address.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: A phone number: optional +country code, optional (area), then 3..5 groups of digits
#: separated by a space, dot or hyphen; 9..15 digits in all (ITU E.164 allows at most 15).
PHONE = re.compile(r"(?<![\w+/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){2,4}(?![\w/])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Nine digits on one line (any script's digits, as ``\\d`` in :data:`PHONE`), the fewest a phone number has.
_NINE_DIGITS_ON_A_LINE = re.compile(r"\d(?:[^\d\n]*\d){8}")


@dataclass(frozen=True)
class ContactDetail:
    """An email address or phone number found in a text: ``kind`` is "email" or "phone";
    ``start`` is the character offset of ``value`` in the text."""

    kind: str
    value: str
    start: int


def find_contact_details(text: str) -> list[ContactDetail]:
    """Return every email address and phone number in ``text``, in order of appearance.

    A phone candidate that contains an ISO date (``2026-11-20``) or has fewer than 9 or
    more than 15 digits is not a phone number.
    """
    found = [ContactDetail("email", m.group(), m.start()) for m in EMAIL.finditer(text)]
    for match in PHONE.finditer(text):
        value = match.group()
        digits = sum(ch.isdigit() for ch in value)
        if 9 <= digits <= 15 and not _ISO_DATE.search(value):
            found.append(ContactDetail("phone", value, match.start()))
    return sorted(found, key=lambda c: c.start)


# -- seeing through inline markup -------------------------------------------------------------

#: Inline markup that renders as nothing (or a space) between the characters of a value, in one
#: alternation: HTML comments and tags (group 1: tag name), character references, backslash
#: escapes, the destination of a link (``](…)``) and the emphasis, strike-through, code-span and
#: link-bracket characters. None of it crosses a line.
_INLINE_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|</?([A-Za-z][A-Za-z0-9-]*)(?:[^\S\n][^<>\n]*)?/?>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|\\[!-/:-@\[-`{-~]"
    r"|\]\([^()\s]*\)"
    r"|[*_~`\[\]]"
)
#: Phrasing elements (HTML "phrasing content" that holds text): they do not separate the text
#: around them, so ``jo@<b>x</b>.org`` reads as one address. Other tags count as a space.
INLINE_ELEMENTS = frozenset(
    "a abbr b bdi bdo big cite code data del dfn em font i ins kbd mark nobr q s samp small span strike "
    "strong sub sup time tt u var wbr".split()
)


def _unmarked(match: re.Match[str]) -> str:
    """What a piece of inline markup shows as text."""
    token = match.group()
    if match.group(1) is not None:  # a tag
        return "" if match.group(1).casefold() in INLINE_ELEMENTS else " "
    if token.startswith("&"):
        return html.unescape(token)
    if token.startswith("\\"):
        return token[1]
    return ""  # comments, link destinations, emphasis characters


def plain_text(markup: str) -> tuple[str, list[int], list[int]]:
    """The text a line of Markdown (with inline HTML) shows, and where each character came from.

    Returns ``(text, starts, ends)``: ``text[i]`` comes from ``markup[starts[i]:ends[i]]``
    (a character reference such as ``&#64;`` gives one character of several). Removed: emphasis,
    strike-through and code-span characters (``*``, ``_``, ``~``, backticks), link brackets and
    destinations, comments and tags (block tags leave a space); decoded: character references
    and backslash escapes. A superset of what renders as text, so a value split by markup
    (``jo@**x**.org``) reads as it is shown; a false alarm costs a look, a miss publishes it.
    """
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for match in _INLINE_MARKUP.finditer(markup):
        for index in range(done, match.start()):
            text.append(markup[index])
            starts.append(index)
            ends.append(index + 1)
        shown = _unmarked(match)
        text.append(shown)
        starts += [match.start()] * len(shown)
        ends += [match.end()] * len(shown)
        done = match.end()
    for index in range(done, len(markup)):
        text.append(markup[index])
        starts.append(index)
        ends.append(index + 1)
    return "".join(text), starts, ends


def find_contact_details_in_markup(markup: str) -> list[ContactDetail]:
    """:func:`find_contact_details` of what a line of Markdown shows (see :func:`plain_text`).

    Each found ``value`` is the original text, markup included (``jo@**x**.org``), and ``start``
    its offset in ``markup``: a warning points at the line and column the interviewer wrote.
    """
    if _INLINE_MARKUP.search(markup) is None:
        return find_contact_details(markup)
    text, starts, ends = plain_text(markup)
    found = []
    for detail in find_contact_details(text):
        first, last = starts[detail.start], ends[detail.start + len(detail.value) - 1]
        found.append(ContactDetail(detail.kind, markup[first:last], first))
    return found


def _may_hold_contact_details(body: str) -> bool:
    """False only when no line of ``body`` holds a contact detail, markup seen through.

    An address needs an ``@`` (written, escaped or as a character reference, which starts with
    ``&``) and a phone number nine digits on its line (markup adds no digit but through a character
    reference). Otherwise the whole body, its markup replaced as on each line, is searched once: a
    match on one line also matches in the whole text, since a newline passes the patterns'
    look-arounds just as the end of a line does.
    """
    if "@" not in body and "&" not in body and _NINE_DIGITS_ON_A_LINE.search(body) is None:
        return False
    text = _INLINE_MARKUP.sub(_unmarked, body)
    # An address holds an '@' once markup is seen through: without one, skip the address search.
    return ("@" in text and EMAIL.search(text) is not None) or PHONE.search(text) is not None


def contact_details_in_note(body: str, body_line: int, path: str, candidate_file: str) -> list[Diagnostic]:
    """The ``contact-in-note`` warnings of one note body (``body_line``: its first line in the file, 1-based).

    A note is rendered, so such a value would be published: ``invoke audit`` (and so
    ``invoke deploy``) fails on it. The warning points at the note's line and column so the
    interviewer can move it to the candidate's ``private:`` block before the pull request.

    Notes are read as they render: a value split by emphasis, a code span or an inline tag
    (``jo@**x**.org``, ``+351 900 *000* 000``) is found, and the warning points at where it
    starts in the line as written (:func:`find_contact_details_in_markup`). The hint names
    ``candidate_file``, whose ``private:`` block is where such a value belongs.
    """
    if not _may_hold_contact_details(body):
        return []  # most notes: two searches of the whole body instead of one per line
    found: list[Diagnostic] = []
    for offset, line in enumerate(body.split("\n")):
        for detail in find_contact_details_in_markup(line):
            found.append(
                warning(
                    Position(path, body_line + offset, detail.start + 1),
                    "contact-in-note",
                    # The value itself is not repeated: messages end up in CI logs and pull-request
                    # annotations, which outlive a purge; the line and column say where it is.
                    f"note contains {'an email address' if detail.kind == 'email' else 'a phone number'} "
                    "here; it would be published and 'invoke deploy' refuses it",
                    f"move it to the private: block of {candidate_file} (invoke private-set)",
                )
            )
    return found
