"""Find personal data that must never be published: contact details, ``private:`` values, names.

Shared by the leak audit (:mod:`hiring_kb.audit`, which fails a deploy) and the validator
(:func:`contact_details_in_note`, run by the loader on every note, which warns the interviewer at the
line of the note), so both recognise exactly the same things (docs/privacy.md, "What never goes into notes").

The sources are read straight from ``candidates/*/candidate.yml`` rather than from the model:
the model never loads ``private:`` (so it cannot render it), and the audit must also know the
private values and names of candidates whose files have errors.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, Position, register_rules, warning
from .names import BIDI_CONTROLS
from .private_fields import read_private
from .sealed import FROM_ENVIRONMENT, Keyring, SealError, keyring_from
from .settings import Settings
from .yamlio import parse_yaml, read_source

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.rules.RULE_CODES).
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
_NINE_DIGITS = re.compile(r"(?:\d\D*){8}\d")
#: ``private:`` values shorter than this (after trimming) are not searched for: "yes" or
#: "3" would match everywhere. Longer ones are matched case-insensitively, whitespace folded.
MIN_PRIVATE_VALUE_LENGTH = 5
#: Names in alphabetic scripts whose letters and digits are fewer than this are not searched
#: for in URLs (see :func:`name_pattern`).
MIN_NAME_LENGTH = 5
#: Names in scripts written without spaces between words (Han, kana, Hangul, Thai…) with at
#: least this many characters are also found inside a longer run of their script.
MIN_SPACELESS_SUBSTRING = 3


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
    r"|</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>\n]*)?/?>"
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


#: Characters that show as nothing, removed before matching: zero-width space, non-joiner and
#: joiner, word joiner, invisible operators, the BOM / zero-width no-break space, the soft hyphen,
#: the Mongolian vowel separator, and the bidirectional controls (:data:`hiring_kb.names.BIDI_CONTROLS`).
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff") | BIDI_CONTROLS
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def fold(text: str) -> str:
    """Fold text for matching: invisible characters (:data:`INVISIBLE`) removed, NFKC (full-width
    letters as ASCII, a no-break space as a space), casefolded, runs of whitespace as one space,
    trimmed. ``"Ｊａ\u200dne\u00a0 DOE"`` → ``"jane doe"``. Purge, ``invoke verify-erased`` and the
    audit compare names and private values this way (:func:`fold_with_offsets` keeps positions)."""
    if text.isascii():
        return " ".join(text.casefold().split())
    return " ".join(unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text)).casefold().split())


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`fold` of ``text`` (not trimmed) and, for each character of the result, the offset in
    ``text`` it comes from, so a match in folded text is reported where it was written.

    Folding is done per base character with its combining marks, so a match never starts inside
    one; this agrees with :func:`fold` on everything but multi-character NFKC compositions.
    """
    folded: list[str] = []
    starts: list[int] = []
    index, size = 0, len(text)
    while index < size:
        end = index + 1
        while end < size and unicodedata.combining(text[end]):
            end += 1
        piece = _INVISIBLE_RE.sub("", text[index:end])
        if piece:
            shown = unicodedata.normalize("NFKC", piece).casefold()
            if shown.isspace() or not shown.strip():
                if shown and not (folded and folded[-1] == " "):
                    folded.append(" ")
                    starts.append(index)
            else:
                for char in shown:
                    if char.isspace():
                        if not (folded and folded[-1] == " "):
                            folded.append(" ")
                            starts.append(index)
                    else:
                        folded.append(char)
                        starts.append(index)
        index = end
    return "".join(folded), starts


def find_folded(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Where each needle occurs in ``text`` compared by :func:`fold`: ``(start, end)`` offsets into
    ``text`` (end exclusive), in order, not overlapping. Needles that fold to nothing are skipped."""
    folded_needles = sorted({fold(n) for n in needles if fold(n)}, key=len, reverse=True)
    if not folded_needles:
        return []
    folded, starts = fold_with_offsets(text)
    pattern = re.compile("|".join(map(re.escape, folded_needles)))
    found = []
    for match in pattern.finditer(folded):
        last = match.end() - 1
        end = starts[last + 1] if last + 1 < len(starts) else len(text)
        while end > starts[last] + 1 and (text[end - 1].isspace() or text[end - 1] in INVISIBLE):
            end -= 1
        found.append((starts[match.start()], end))
    return found


def holds_any(data: bytes, folded_needles: list[str], suffix: str = "") -> bool:
    """True when a file's bytes hold a needle (already :func:`fold`-ed) as a reader would see it:
    the UTF-8 text folded; for HTML, XML and SVG also with character references decoded
    (``Jane&nbsp;Doe``); for JSON also with its strings decoded (``Ja\\u200dne``)."""
    text = data.decode("utf-8", errors="ignore")
    views = [text]
    if suffix in (".html", ".htm", ".xml", ".svg") or ("&" in text and "<" in text):
        views.append(html.unescape(text))
    if suffix == ".json" or "\\u" in text:
        with contextlib.suppress(ValueError):
            views.append("\n".join(_json_strings(json.loads(text))))
    return any(n in fold(view) for view in views for n in folded_needles if n)


def _json_strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _json_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _json_strings(item)


# -- names in URLs -------------------------------------------------------------------------------

#: Scripts written without spaces between words, where two or three characters are a full name
#: (Chinese 王小明, Japanese 佐藤, Korean 김민준, Thai…): CJK radicals to Hangul compatibility jamo,
#: CJK extension A and unified ideographs, Hangul syllables, compatibility ideographs, halfwidth
#: forms, CJK extensions B+; Hangul jamo, Thai, Lao, Myanmar, Khmer.
_SPACELESS = (
    "\u1100-\u11ff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u318f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff"
)
#: A word of a URL or a name: a run of digits, of spaceless-script letters, or of other letters.
_WORD = re.compile(rf"\d+|[{_SPACELESS}]+|(?:(?![{_SPACELESS}])[^\W\d_])+")
_IS_SPACELESS = re.compile(rf"[{_SPACELESS}]")
_SEP = "\x00"  # between words in a key: never in a word, so no match crosses two words


def words(text: str) -> list[str]:
    """The words of ``text``, accents removed and casefolded: runs of digits, of letters in a
    spaceless script (:data:`_SPACELESS`) and of other letters; everything else separates, but
    invisible characters (:data:`INVISIBLE`: a zero-width joiner inside ``Ja\u200dne``) vanish.

    ``"José_Núñez-2/王小明x"`` → ``["jose", "nunez", "2", "王小明", "x"]``.
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", _INVISIBLE_RE.sub("", text))
        text = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
    return _WORD.findall(text.casefold())


def url_key(url: str) -> str:
    """The words of a URL (or file path, anchor…), already unquoted, framed and joined by a
    separator that no word contains: what :meth:`NamePattern.found_in` searches."""
    return _SEP + _SEP.join(words(url)) + _SEP


@dataclass(frozen=True)
class NamePattern:
    """How a candidate's name is looked for in URLs (see :func:`name_pattern`)."""

    #: The name's words framed by separators: found as consecutive whole words of a URL.
    sequence: str
    #: The name's words joined, found inside one word of a URL; "" when not searched that way.
    joined: str

    def found_in(self, key: str) -> bool:
        """True when the name is in a URL whose :func:`url_key` is ``key``."""
        return self.sequence in key or (bool(self.joined) and self.joined in key)


def name_pattern(name: str) -> NamePattern | None:
    """The :class:`NamePattern` of a name; None when it is too short to search without false alarms.

    The rule, on the :func:`words` of the name and of the URL (so a URL separator never falls
    inside a match, and ``/solo/#candidates-ranked`` is not "Solo Candidate"):

    - the name's words as consecutive whole words of the URL (``tomas-ferreira``,
      ``Tomas_Ferreira``, ``/王小明/``), or
    - the name's words written together inside one word of the URL (``tomasferreira2``).

    Names in alphabetic scripts need :data:`MIN_NAME_LENGTH` letters and digits: shorter ones
    ("Ana", "Li Na") are ordinary words and word parts. Names with a letter of a spaceless
    script (Han, kana, Hangul, Thai…) are searched from two characters as whole words, where a
    word ends at any change of script, digit or separator, so only a URL that holds exactly the
    name as one of its words matches; such a script writes no spaces, so from
    :data:`MIN_SPACELESS_SUBSTRING` characters the name is also found inside a longer run
    (``王小明的面试``), where a three-character full name is no coincidence.
    """
    parts = words(name)
    joined = "".join(parts)
    spaceless = _IS_SPACELESS.search(joined) is not None
    if len(joined) < (2 if spaceless else MIN_NAME_LENGTH):
        return None
    long_enough = len(joined) >= (MIN_SPACELESS_SUBSTRING if spaceless else MIN_NAME_LENGTH)
    return NamePattern(_SEP + _SEP.join(parts) + _SEP, joined if long_enough else "")


@dataclass(frozen=True)
class PrivateValue:
    """One scalar of a candidate's ``private:`` block: where it is and its text."""

    candidate_id: str
    key: str
    value: str
    position: Position


@dataclass(frozen=True)
class CandidateIdentity:
    """What identifies a candidate in published output: folder id and the ``name:`` value."""

    candidate_id: str
    name: str
    source: str


def read_candidate_sources(
    settings: Settings, keyring: Keyring | object | None = FROM_ENVIRONMENT, closed: list[str] | None = None
) -> tuple[list[CandidateIdentity], list[PrivateValue]]:
    """Read every parseable ``candidate.yml`` under the candidates folder.

    Returns the identities (id, name) and the ``private:`` scalars, each with the text as written
    (``01234`` stays ``01234``: a number is never converted, so a copy of it is recognised).
    Sealed blocks are opened with ``keyring`` (default: the identity file named by
    ``HIRING_AGE_IDENTITY``, if any); the ids of candidates whose sealed values stay closed (no
    identity, sealed for other keys) are appended to ``closed`` when given. A value's position is
    the line of its key in a plain block, the ``private:`` key of a sealed one. Files that cannot
    be read or parsed are skipped (the validator reports them).
    """
    identities: list[CandidateIdentity] = []
    private: list[PrivateValue] = []
    if not settings.candidates_dir.is_dir():
        return identities, private
    if keyring is FROM_ENVIRONMENT:
        try:
            keyring = keyring_from()
        except SealError:
            keyring = None  # validate reports the unusable file (sealed-unreadable)
    for path in sorted(settings.candidates_dir.glob("*/candidate.yml")):
        label = settings.label(path)
        source, _ = read_source(path, label)
        if source is None:
            continue
        doc, _ = parse_yaml(source.text, label)
        if doc is None or not isinstance(doc.data, dict):
            continue
        candidate_id = path.parent.name
        name = doc.data.get("name")
        if isinstance(name, str) and name.strip():
            identities.append(CandidateIdentity(candidate_id, name.strip(), label))
        if "private" not in doc.data or not doc.data.get("private"):
            continue
        content = read_private(source.text, keyring if isinstance(keyring, Keyring) else None, doc.data)
        if content.closed and closed is not None:
            closed.append(candidate_id)
        at = _key_position(source.text, label, "private") or doc.key(doc.data, "private")
        for value in content.values:
            position = at if content.sealed else Position(label, at.line + value.line, 0)
            private.append(PrivateValue(candidate_id, value.key, value.text.strip(), position))
    return identities, private


def _key_position(text: str, label: str, key: str) -> Position | None:
    """Where top-level ``key:`` is, found in the text (one search, no second parse), or None
    when the line is not there exactly once."""
    found = list(re.finditer(rf"^{re.escape(key)}[ \t]*:", text, re.MULTILINE))
    if len(found) != 1:
        return None
    return Position(label, text.count("\n", 0, found[0].start()) + 1, 1)


def searchable(value: PrivateValue) -> bool:
    """True when a private value is long enough to be searched for without false alarms."""
    return len(fold(value.value)) >= MIN_PRIVATE_VALUE_LENGTH


def _may_hold_contact_details(body: str) -> bool:
    """False only when no line of ``body`` holds a contact detail, markup seen through.

    An address needs an ``@`` (written, escaped or as a character reference, which starts with
    ``&``) and a phone number nine digits. Otherwise the whole body, its markup replaced as on
    each line, is searched once: a match on one line also matches in the whole text, since a
    newline passes the patterns' look-arounds just as the end of a line does.
    """
    if "@" not in body and "&" not in body and _NINE_DIGITS.search(body) is None:
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
