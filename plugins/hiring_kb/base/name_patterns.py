"""Candidate names in URLs: the words of a name and of a URL, and when a URL holds a name.

Used by the leak audit (a page address or link naming a candidate fails the deploy) and by
``invoke verify-erased``. How names are compared in page text is :func:`hiring_kb.base.folded_text.fold`;
this module only decides what a name looks like among the words of a URL or file path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from hiring_kb.base.folded_text import INVISIBLE_RE

#: Names in alphabetic scripts whose letters and digits are fewer than this are not searched
#: for in URLs (see :func:`name_pattern`).
MIN_NAME_LENGTH = 5
#: Names in scripts written without spaces between words (Han, kana, Hangul, Thai…) with at
#: least this many characters are also found inside a longer run of their script.
MIN_SPACELESS_SUBSTRING = 3

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
    invisible characters (:data:`hiring_kb.base.folded_text.INVISIBLE`: a zero-width joiner inside ``Ja\u200dne``)
    vanish.

    ``"José_Núñez-2/王小明x"`` → ``["jose", "nunez", "2", "王小明", "x"]``.
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", INVISIBLE_RE.sub("", text))
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
