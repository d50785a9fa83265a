"""Names and ids: the allowed id patterns, slugs, and when two names or ids count as the same.

Pitfalls: ``José`` and ``Jose`` collide once slugged, NFD
and NFC spellings of one name differ byte-wise, and CJK-only names give an
empty *ASCII* slug. So slugs here keep letters and digits of every script and
only fold what Unicode decomposes (accents); a slug is empty only when the name
has no letter or digit at all.
"""

from __future__ import annotations

import re
import unicodedata

#: Role, competency, stage and interviewer ids: they appear in URLs, file names and anchors.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

#: Candidate folder names. The folder name is the candidate page's URL (and sits in
#: sitemap.xml and the search index), so it must be opaque: ``c-`` and 6 to 12
#: lowercase hex digits, e.g. ``c-7d3e91``; never a name.
CANDIDATE_ID_PATTERN = r"^c-[0-9a-f]{6,12}$"
CANDIDATE_ID_HINT = (
    "candidate folders are named 'c-' plus 6 to 12 lowercase hex digits, e.g. 'c-7d3e91': the folder name "
    "is the page URL, listed in the sitemap and search index, so it must not carry the candidate's name"
)

#: Bidirectional formatting characters (Unicode UAX #9): invisible, yet they reorder the text
#: around them, so a name can display as something else than it sorts, compares and searches as
#: ("Trojan Source", CVE-2021-42574): the embeddings and overrides U+202A..U+202E, the isolates
#: U+2066..U+2069, and the marks LRM U+200E, RLM U+200F and ALM U+061C. Names in Hebrew or Arabic
#: display correctly without any of them.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")

_ID_RE = re.compile(ID_PATTERN)
_CANDIDATE_ID_RE = re.compile(CANDIDATE_ID_PATTERN)
_NON_WORD = re.compile(r"[\W_]+")


def is_id(text: str) -> bool:
    """True when ``text`` matches :data:`ID_PATTERN` (lowercase ASCII letters, digits, '-')."""
    return bool(_ID_RE.match(text))


def is_candidate_id(text: str) -> bool:
    """True when ``text`` is an opaque candidate id (:data:`CANDIDATE_ID_PATTERN`)."""
    return bool(_CANDIDATE_ID_RE.match(text))


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (a no-op copy-free path when it already is)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def slug(text: str) -> str:
    """Return a lowercase slug of ``text``: accents folded, letters and digits of any script kept.

    ``"José Silva"`` → ``"jose-silva"``; ``"李明"`` → ``"李明"``; ``"Ana-María"`` →
    ``"ana-maria"``; ``"—"`` or ``"🙂"`` → ``""`` (no letter or digit).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NON_WORD.sub("-", folded).strip("-")


def collision_key(text: str) -> str:
    """The key under which two names are "the same person": their slug (NFC/NFD, case,
    accents and punctuation ignored), or the casefolded NFC text when the slug is empty."""
    return slug(text) or nfc(text).casefold().strip()


def id_key(text: str) -> str:
    """The key under which two ids (folder or file names) collide: NFC and case-insensitive,
    as on macOS and Windows file systems."""
    return nfc(text).casefold()


def bidi_controls(text: str) -> list[tuple[int, str]]:
    """Each bidirectional control character of ``text`` (:data:`BIDI_CONTROLS`), in order.

    Returns ``(offset, label)`` pairs: the 0-based character offset and a readable label such as
    ``"U+202E RIGHT-TO-LEFT OVERRIDE"``; an empty list for ordinary text (one regex search).
    """
    return [(m.start(), f"U+{ord(m.group()):04X} {unicodedata.name(m.group())}") for m in _BIDI_RE.finditer(text)]


#: Zero-width and invisible format characters that make one name two spellings: ``Ja\u200dne Doe``
#: looks like ``Jane Doe`` but is not equal to it (duplicates, search and purge miss it): zero
#: width space, non-joiner and joiner, word joiner, the invisible operators U+2061..U+2064, the
#: byte order mark, the soft hyphen, the Mongolian vowel separator and the combining grapheme joiner.
#: The joiners are needed in some scripts (Persian, Indic) and in emoji, hence a warning, not an error.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f")
_ZERO_WIDTH_RE = re.compile("[" + "".join(sorted(ZERO_WIDTH)) + "]")


def zero_width_characters(text: str) -> list[tuple[int, str]]:
    """Each zero-width character of ``text`` (:data:`ZERO_WIDTH`), in order, as ``(offset, label)``:
    the 0-based character offset and e.g. ``"U+200D ZERO WIDTH JOINER"``; empty for ordinary text."""
    return [(m.start(), f"U+{ord(m.group()):04X} {unicodedata.name(m.group())}") for m in _ZERO_WIDTH_RE.finditer(text)]
