"""How the leak audit reads a built HTML page: text runs as a reader sees them, attributes, positions.

Part of :mod:`hiring_kb.publish.audit` (the module other code imports).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from hiring_kb.sources.contact_details import INLINE_ELEMENTS

#: Line and column (1-based) in a file of an offset into a text taken from it.
Locate = Callable[[int], tuple[int, int]]


def _line_col(text: str, offset: int, line: int = 1, col: int = 1) -> tuple[int, int]:
    """Line and column of ``offset`` in ``text`` that itself starts at (line, col)."""
    before = text[:offset]
    newlines = before.count("\n")
    if newlines:
        return line + newlines, offset - before.rfind("\n")
    return line, col + offset


@dataclass
class _Chunk:
    text: str
    line: int
    col: int
    in_code: bool = False


def _locator(chunks: list[_Chunk]) -> Callable[[int], tuple[int, int]]:
    """Line and column, in the page, of an offset into the joined text of ``chunks``."""
    starts = list(itertools.accumulate((len(c.text) for c in chunks[:-1]), initial=0))

    def locate(offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(starts, offset) - 1
        chunk = chunks[index]
        return _line_col(chunk.text, offset - starts[index], chunk.line, chunk.col)

    return locate


@dataclass
class _Attribute:
    tag: str
    name: str
    value: str
    line: int
    col: int


class _Page(HTMLParser):
    """Collects text chunks (with positions), attributes and robots/referrer metas of one page.

    ``runs`` groups the text (white space included) between tags that are not
    :data:`~hiring_kb.sources.contact_details.INLINE_ELEMENTS`: the text a reader sees as one piece.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[_Chunk] = []
        self.runs: list[list[_Chunk]] = [[]]
        self.styles: list[_Chunk] = []
        self.attributes: list[_Attribute] = []
        self.robots: list[str] = []
        self.referrer: list[str] = []
        self.elements: list[tuple[str, int, int]] = []
        self.inline_scripts: list[_Chunk] = []
        self._stack: list[str] = []

    def _end_run(self, tag: str) -> None:
        if tag not in INLINE_ELEMENTS and self.runs[-1]:
            self.runs.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._end_run(tag)
        line, col = self.getpos()
        self.elements.append((tag, line, col + 1))
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and "src" not in values and values.get("type", "").casefold() != "application/json":
            self.inline_scripts.append(_Chunk("", line, col + 1))
        for name, value in values.items():
            self.attributes.append(_Attribute(tag, name, value, line, col + 1))
        if tag == "meta":
            name = values.get("name", "").casefold()
            if name == "robots":
                self.robots.append(values.get("content", "").casefold())
            elif name == "referrer":
                self.referrer.append(values.get("content", "").casefold())
        elif tag not in ("br", "hr", "img", "input", "link", "meta", "wbr", "col", "area", "base", "source"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._end_run(tag)
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        line, col = self.getpos()
        chunk = _Chunk(data, line, col + 1, in_code=bool({"pre", "code", "script"} & set(self._stack)))
        if "style" in self._stack:
            if data.strip():
                self.styles.append(chunk)
            return
        self.runs[-1].append(chunk)
        if data.strip():
            self.chunks.append(chunk)
