"""What YAML text is refused for before or instead of loading it, each at its line and column.

Part of :mod:`hiring_kb.sources.yamlio` (the module other code imports). Refused: tabs, invisible
control characters, runaway nesting, text with no content, ``%`` directives, anchors and
aliases (alias bombs), explicit tags and a second document in one file.
"""

from __future__ import annotations

import io
import re

from ruamel.yaml.events import AliasEvent, DocumentStartEvent

from hiring_kb.base.diagnostics import Diagnostic, Position, error
from hiring_kb.sources.yaml_loaders import _ROUND_TRIP

#: A YAML hazard needs one of these characters (anchor, alias, tag, directive) or a
#: document marker at a line start; text without any is parsed only once.
_HAZARD_SUSPECT = re.compile(r"[&*!%]|^(?:---|\.\.\.)(?:[ \t]|$)", re.MULTILINE)
#: 64 nested '[' / '{' or '- ' in a row: far beyond any real file. The parser slows down
#: quadratically on such runs (seconds for a few thousand) before it hits Python's recursion limit.
_RUNAWAY_NESTING = re.compile(r"(?:[\[{][ \t\n]*){64}|(?:-[ \t]+){64}")


def _tabs(text: str, path: str, line_offset: int) -> list[Diagnostic]:
    """One ``yaml-tab`` error per line holding a tab (YAML forbids tabs in indentation,
    and a tab elsewhere is almost always a pasted one that breaks the next edit)."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        col = line.find("\t")
        if col >= 0:
            found.append(
                error(
                    Position(path, number + line_offset, col + 1),
                    "yaml-tab",
                    "tab character in YAML",
                    "replace the tab with spaces; YAML indentation must be spaces",
                )
            )
    return found


#: Characters YAML refuses (ruamel's reader reports them by offset, without a line): control
#: characters other than tab and newline, and the non-characters U+FFFE and U+FFFF.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _unprintable(text: str, path: str, line_offset: int) -> list[Diagnostic]:
    """One ``yaml-syntax`` error per line holding an invisible control character, at its column."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _UNPRINTABLE.search(line)
        if match is not None:
            found.append(
                error(
                    Position(path, number + line_offset, match.start() + 1),
                    "yaml-syntax",
                    f"invisible control character U+{ord(match.group()):04X} in the text",
                    "delete it (it usually comes in with pasted text; retype the line if you cannot see it)",
                )
            )
    return found


def _hazards(text: str, path: str, line_offset: int) -> list[Diagnostic]:
    """Find directives, anchors, aliases, explicit tags and extra documents in one event pass."""
    found: list[Diagnostic] = []
    documents = 0
    for event in _ROUND_TRIP.parse(io.StringIO(text)):
        mark = event.start_mark
        pos = Position(path, mark.line + 1 + line_offset, mark.column + 1)
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                found.append(
                    error(pos, "multiple-documents", "a second YAML document starts here", "keep one document per file")
                )
            if event.version or event.tags:
                found.append(
                    error(
                        Position(path, 1 + line_offset, 1),
                        "yaml-directive",
                        "YAML directives (%YAML, %TAG) are not allowed",
                        "delete the line starting with '%'",
                    )
                )
        elif isinstance(event, AliasEvent):
            found.append(
                error(pos, "yaml-alias", f"alias '*{event.anchor}' is not allowed", "write the value out in full")
            )
        else:
            if getattr(event, "anchor", None):
                found.append(error(pos, "yaml-anchor", f"anchor '&{event.anchor}' is not allowed", "remove the anchor"))
            if getattr(event, "tag", None):
                tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")  # as written in the file
                found.append(
                    error(
                        pos,
                        "yaml-tag",
                        f"YAML tag '{tag}' is not allowed",
                        "remove the tag; put text that starts with '!' in quotes",
                    )
                )
    return found


#: Text with no content: blank lines, comments and document markers (``---``, ``...``) only.
_NOTHING_BUT_MARKERS = re.compile(r"(?:[ \t]*(?:#[^\n]*|---|\.\.\.)?[ \t]*(?:\n|$))*")


def _empty_error(path: str, line_offset: int, front_matter: bool) -> Diagnostic:
    if front_matter:
        return error(
            Position(path, 1 + line_offset, 1),
            "not-a-mapping",
            "the interview details between the two '---' lines are empty",
            "add one line each: 'interviewer: <your handle>', 'date: YYYY-MM-DD', 'stage: <stage>', "
            "then 'ratings:' and 'recommendation:'",
        )
    return error(
        Position(path, 1 + line_offset, 1),
        "not-a-mapping",
        "the file has no 'key: value' lines",
        "fill it in (the files next to it show what goes in) or delete it",
    )


def _nesting_error(path: str, line_offset: int) -> Diagnostic:
    return error(
        Position(path, 1 + line_offset, 1),
        "too-deeply-nested",
        "the YAML is nested too deeply to read",
        "these files need a few levels of nesting at most; check for runaway '[' or '{'",
    )


def _refused_before_parsing(text: str, path: str, line_offset: int, front_matter: bool) -> list[Diagnostic]:
    """What refuses ``text`` without a parse: tabs, control characters, runaway nesting, no content."""
    tabs = _tabs(text, path, line_offset) if "\t" in text else []
    if tabs:
        return tabs
    if _UNPRINTABLE.search(text):
        return _unprintable(text, path, line_offset)
    if _RUNAWAY_NESTING.search(text):
        return [_nesting_error(path, line_offset)]
    if _NOTHING_BUT_MARKERS.fullmatch(text):
        return [_empty_error(path, line_offset, front_matter)]
    return []
