"""Text folded for matching: invisible characters removed, compatibility forms, case and spaces ignored.

How purge, ``invoke verify-erased``, the export and the leak audit compare names and ``private:``
values with what is written or built (:func:`fold`, :func:`find_folded`, :func:`holds_any`). What
counts as a name in a URL is :mod:`hiring_kb.base.name_patterns`; contact details are
:mod:`hiring_kb.sources.contact_details`. No domain knowledge here: plain text in, text or offsets out.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from hiring_kb.base.names import BIDI_CONTROLS

#: Characters that show as nothing, removed before matching: zero-width space, non-joiner and
#: joiner, word joiner, invisible operators, the BOM / zero-width no-break space, the soft hyphen,
#: the Mongolian vowel separator, and the bidirectional controls (:data:`hiring_kb.base.names.BIDI_CONTROLS`).
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff") | BIDI_CONTROLS
#: Matches one character of :data:`INVISIBLE`.
INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def fold(text: str) -> str:
    """Fold text for matching: invisible characters (:data:`INVISIBLE`) removed, NFKC (full-width
    letters as ASCII, a no-break space as a space), casefolded, runs of whitespace as one space,
    trimmed. ``"Ｊａ\u200dne\u00a0 DOE"`` → ``"jane doe"``. Purge, ``invoke verify-erased`` and the
    audit compare names and private values this way (:func:`fold_with_offsets` keeps positions)."""
    if text.isascii():
        return " ".join(text.casefold().split())
    return " ".join(unicodedata.normalize("NFKC", INVISIBLE_RE.sub("", text)).casefold().split())


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
        piece = INVISIBLE_RE.sub("", text[index:end])
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
