"""Reading source files safely: bytes to text, YAML 1.2 with positions, front matter.

The rules (docs/validation.md, "YAML"): YAML 1.2 via ruamel.yaml (``no`` is the string "no");
reject ``%`` directives, anchors and aliases (alias bombs), explicit tags, tabs,
duplicate keys and multi-document files; accept a UTF-8 BOM and CRLF line
endings as if absent. Text is normalised to Unicode NFC, so an NFD spelling of a
name (as macOS tools write it) reads exactly like the NFC one.
Dates are *not* resolved by the YAML loader (ruamel raises a position-less
``ValueError`` on ``2026-02-30``); they stay strings and the model parses them
with a precise position.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, DocumentStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, Position, error, register_rules
from .names import nfc

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "unreadable": "a file or folder that cannot be read (permissions, a link to nothing)",
        "file-too-large": "a file over 1,000,000 bytes",
        "not-utf8": "bytes that are not UTF-8 (a file saved as Latin-1, Windows-1252 or UTF-16)",
        "nul-byte": "a NUL byte (a binary file)",
        "empty-file": "a file with nothing but white space",
        "yaml-syntax": "YAML that does not parse (unclosed quote or bracket, a second ': ', wrong "
        "indentation, english:4, prose)",
        "yaml-tab": "a tab character in YAML",
        "duplicate-key": "the same key twice in one block (each repeat, with the line of the first)",
        "yaml-directive": "a %YAML or %TAG directive (%YAML 1.1 would turn 'no' into false)",
        "yaml-anchor": "an anchor (&name)",
        "yaml-alias": "an alias (*name), including alias bombs",
        "yaml-tag": "an explicit tag (!!binary, !custom)",
        "multiple-documents": "a second YAML document ('---' inside a YAML file)",
        "too-deeply-nested": "runaway nesting ([[[[...) that would stall the parser",
        "not-a-mapping": "a file or front matter that is a list, a single value or empty instead of 'key: value' lines",
        "missing-front-matter": "a note that does not start with a '---' block",
        "unclosed-front-matter": "a front-matter block that is never closed",
        "value-commented-out": "a value emptied by a '#' typed before it (source: #referral): the text is "
        "read as a comment",
    },
)

#: Files larger than this are refused before parsing (bytes).
MAX_FILE_BYTES = 1_000_000


class _DatesAsTextConstructor(RoundTripConstructor):
    """Round-trip constructor that leaves YAML timestamps as plain strings."""


def _construct_timestamp_as_text(constructor: RoundTripConstructor, node: Any) -> str:
    return str(node.value)


_DatesAsTextConstructor.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def new_yaml() -> YAML:
    """Return a round-trip YAML 1.2 instance that keeps comments and reports positions."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsTextConstructor
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True
    return yaml


class _DatesAsTextSafeConstructor(SafeConstructor):
    """Safe (plain dict/list) constructor that leaves YAML timestamps as plain strings."""


_DatesAsTextSafeConstructor.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def _new_fast_yaml() -> YAML | None:
    """A YAML 1.2 loader on libyaml's C parser (ruamel.yaml.clib), or None when it is not installed.

    It builds plain dicts and lists without positions, about 4x faster than the
    round-trip loader; positions are recovered only when a diagnostic needs one
    (see :meth:`YamlDoc._twin_of`).
    """
    yaml = YAML(typ="safe", pure=False)
    if "CParser" not in getattr(yaml.Parser, "__name__", ""):
        return None
    yaml.Constructor = _DatesAsTextSafeConstructor
    yaml.allow_duplicate_keys = False
    return yaml


# One loader of each kind per process: building a YAML instance costs as much as parsing a small file.
_ROUND_TRIP = new_yaml()
_FAST = _new_fast_yaml()


@dataclass(frozen=True)
class SourceText:
    """A source file decoded to text with BOM removed and line endings normalised to ``\\n``."""

    path: str
    text: str


def read_source(path: Path, label: str) -> tuple[SourceText | None, list[Diagnostic]]:
    """Read ``path`` as UTF-8 text.

    Args:
        path: the file to read.
        label: the path shown in diagnostics (usually relative to the project).

    Returns:
        ``(SourceText, [])`` on success; ``(None, [diagnostic])`` when the file is
        unreadable, too large, empty, not UTF-8 or contains NUL bytes.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            error(
                Position(label),
                "unreadable",
                f"cannot read file: {exc.strerror or exc}",
                "check that the file exists and is readable (a symbolic link may point to nothing)",
            )
        ]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(
                Position(label),
                "file-too-large",
                f"file is {len(raw)} bytes, over the {MAX_FILE_BYTES}-byte limit",
                "split long notes or move attachments out of the repository",
            )
        ]
    text, problem = _utf8_text(raw, label)
    if problem is not None:
        return None, [problem]
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return None, [error(Position(label, line, col), "nul-byte", "file contains a NUL byte", "remove it")]
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return None, [error(Position(label), "empty-file", "file is empty", "delete it or fill it in")]
    return SourceText(label, text), []


def _utf8_text(raw: bytes, label: str) -> tuple[str, Diagnostic | None]:
    """``raw`` decoded as UTF-8 (a byte order mark dropped), or ``not-utf8`` at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", error(
            Position(label, 1, 1),
            "not-utf8",
            "file is UTF-16, not UTF-8",
            "save the file as UTF-8 (in most editors: 'Save with encoding' / 'Reopen with encoding')",
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        # the column counts characters, as editors do, not bytes
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        return "", error(
            Position(label, line, col),
            "not-utf8",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8 (it was probably saved as Latin-1 or Windows-1252)",
        )


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML mapping plus what is needed to point at any of its values.

    ``line_offset`` is the number of file lines before the YAML text (1 for
    front matter, which starts after the opening ``---``). ``data`` is either
    round-trip data that carries positions, or plain data from the fast C
    loader together with its ``text``: then the text is parsed again with the
    round-trip loader the first time a position is asked for, which happens
    only for files that get a diagnostic.
    """

    path: str
    data: Any
    line_offset: int = 0
    text: str | None = field(default=None, compare=False, repr=False)
    _twins: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # Pickled for the load cache and worker processes: keep plain data and the text;
        # positions are found again from the text when needed.
        state = dict(self.__dict__)
        state["_twins"] = {}
        if self.text is not None and isinstance(self.data, (CommentedMap, CommentedSeq)):
            state["data"] = _plain(self.data)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def _twin_of(self, node: Any) -> Any:
        """The round-trip node (with ``.lc`` positions) that corresponds to ``node``."""
        if self.text is None or isinstance(node, (CommentedMap, CommentedSeq)):
            return node
        if not self._twins:
            _pair_up(self.data, _ROUND_TRIP.load(self.text), self._twins)
        return self._twins.get(id(node), node)

    def _pos(self, line0: int | None, col0: int | None) -> Position:
        if line0 is None:
            return Position(self.path)
        return Position(self.path, line0 + 1 + self.line_offset, (col0 or 0) + 1)

    def node(self, node: Any) -> Position:
        """Position where a mapping or sequence node starts (file start when unknown)."""
        lc = getattr(self._twin_of(node), "lc", None)
        if lc is None or lc.line is None:
            return Position(self.path, 1 + self.line_offset, 1)
        return self._pos(lc.line, lc.col)

    def key(self, mapping: Any, key: Any) -> Position:
        """Position of ``key`` in ``mapping``; the mapping's own position when absent."""
        located = self._twin_of(mapping)
        if isinstance(located, CommentedMap) and key in located:
            line, col = located.lc.key(key)
            return self._pos(line, col)
        return self.node(mapping)

    def value(self, mapping: Any, key: Any) -> Position:
        """Position of the value of ``key`` in ``mapping``; the mapping's own when absent.

        An empty value (``key:``) has no text of its own (ruamel marks the next
        line), so its position is the key's.
        """
        located = self._twin_of(mapping)
        if isinstance(located, CommentedMap) and key in located:
            if located[key] is None:
                return self.key(mapping, key)
            line, col = located.lc.value(key)
            return self._pos(line, col)
        return self.node(mapping)

    def item(self, seq: Any, index: int) -> Position:
        """Position of item ``index`` of sequence ``seq``."""
        located = self._twin_of(seq)
        if isinstance(located, CommentedSeq) and 0 <= index < len(located):
            line, col = located.lc.item(index)
            return self._pos(line, col)
        return self.node(seq)


def _plain(value: Any) -> Any:
    """Round-trip data as plain dicts, lists and built-in scalars."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def _pair_up(plain: Any, located: Any, twins: dict[int, Any]) -> None:
    """Record, for every container of ``plain``, the round-trip container at the same place."""
    if isinstance(plain, dict) and isinstance(located, dict):
        twins[id(plain)] = located
        for key, value in plain.items():
            if key in located:
                _pair_up(value, located[key], twins)
    elif isinstance(plain, list) and isinstance(located, list):
        twins[id(plain)] = located
        for value, twin in zip(plain, located):
            _pair_up(value, twin, twins)


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
                found.append(
                    error(pos, "yaml-anchor", f"anchor '&{event.anchor}' is not allowed", "remove the anchor")
                )
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


#: (context, problem) fragments of ruamel's messages → (point at the context?, message, hint).
_SYNTAX_EXPLAINED = (
    ("quoted scalar", "end of stream", True, "a quoted value is never closed", "add the closing quote"),
    ("flow mapping", "<stream end>", True, "a '{' is never closed", "add the closing '}'"),
    ("flow sequence", "<stream end>", True, "a '[' is never closed", "add the closing ']'"),
    (
        "flow mapping",
        "expected ',' or '}'",
        True,
        "this '{' is not closed on its line, or two of its values have no ',' between them",
        "write it on one line with a ', ' between the values and a '}' at the end: {english: 3, code: 2}",
    ),
    (
        "flow sequence",
        "expected ',' or ']'",
        True,
        "this '[' is not closed on its line, or two of its items have no ',' between them",
        "write it on one line with a ', ' between the items and a ']' at the end: [remote, senior]",
    ),
    (
        "",
        "mapping values are not allowed here",
        False,
        "a second ': ' on one line",
        "put each key on its own line; a value that contains ': ' must be in quotes, e.g. source: \"referral: Ana\"",
    ),
    (
        "",
        "could not find expected ':'",
        False,
        "a line that is not 'key: value'",
        "continue long text on indented lines, or put it in quotes",
    ),
    (
        "",
        "expected <block end>",
        False,
        "this line is indented differently from the keys around it",
        "line it up with the keys of the same level (spaces only)",
    ),
    ("", "found unexpected end of stream", True, "a quoted value is never closed", "add the closing quote"),
    (
        "",
        "found undefined",
        False,
        "a '*' or '&' cannot start a value",
        "put the whole value in quotes, e.g. \"*urgent*\"",
    ),
    (
        "",
        "block sequence entries are not allowed here",
        False,
        "a '- ' item cannot follow a value on this line",
        "put each '- ' item on its own line under a 'key:' line with no value",
    ),
    (
        "",
        "expected the node content",
        False,
        "a value is missing here",
        "write the value after 'key: ', or remove the line",
    ),
    (
        "",
        "found a tab character",
        False,
        "a tab character in YAML",
        "replace the tab with spaces; YAML indentation must be spaces",
    ),
)


# -- the likeliest layout mistakes, explained at their own line ------------------------------------

#: ``key:value`` with no space after the colon (``english:4``); a URL (``x:/``, ``x://``) is not one.
_NO_SPACE = re.compile(r"(?:- +)?([A-Za-z_][\w-]*):(?![/:\s])(\S.*)")
#: ``key:`` or ``key: value`` (a plain key), possibly as the first key of a ``- `` item.
_KEY_LINE = re.compile(r"(?:- +)?([A-Za-z_][\w .-]*?|\d+):(?:[ \t]+(.*))?")
_ITEM_LINE = re.compile(r"-(?:[ \t]+(.*))?")
#: ``recommendation yes``: a key and a short value with the ':' left out.
_NO_COLON = re.compile(r"([a-z_][\w-]*)[ \t]+(\S+(?:[ \t]+\S+)?)")


@dataclass(frozen=True)
class _Line:
    number: int  # 0-based line of the YAML text
    indent: int  # spaces before the text
    inner: int  # column of the text after any '- ' item markers (where an item's keys line up)
    marks: tuple[int, ...]  # the column after each '- ' marker ('- - a' has two)
    text: str  # the line without its indentation
    key: str | None  # the key of a 'key:' line
    value: str  # what follows 'key:' (comment removed), '' when nothing


def _layout_lines(text: str) -> list[_Line] | None:
    """The lines of block-style YAML with their indentation, block text (``|``, ``>``) skipped.

    None when a quote or bracket spans lines, which makes a line-by-line reading unreliable
    (ruamel's own message is used then).
    """
    lines: list[_Line] = []
    block_text_over: int | None = None  # lines indented more than this belong to a '|' or '>' value
    for number, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", "%")) or stripped in ("---", "..."):
            continue  # blank, a comment, a directive or a document marker (reported on their own)
        body = raw.lstrip(" ")
        indent = len(raw) - len(body)
        if block_text_over is not None:
            if indent > block_text_over:
                continue
            block_text_over = None
        if body.startswith(("? ", ": ")) or body in ("?", ":"):
            return None  # an explicit '? key': too rare here to read line by line
        marks = _item_marks(body, indent)
        inner = marks[-1] if marks else indent
        key, value = None, _without_comment(body[inner - indent :])
        match = _KEY_LINE.fullmatch(_without_comment(body))
        if match is not None and _NO_SPACE.fullmatch(body) is None:
            key, value = match.group(1), (match.group(2) or "").strip()
        if value[:1] in ("|", ">"):
            block_text_over = indent
        elif not _closed_on_its_line(value):
            return None
        lines.append(_Line(number, indent, inner, marks, body, key, value))
    return lines


def _item_marks(body: str, indent: int) -> tuple[int, ...]:
    """The column after each leading '- ' marker of a line (``- - a`` at indent 2: 4 and 6)."""
    marks = []
    at = 0
    while True:
        match = re.match(r"-[ \t]+", body[at:])
        if match is None:
            return tuple(marks)
        at += match.end()
        marks.append(indent + at)


def _closed_on_its_line(value: str) -> bool:
    """True unless ``value`` opens a quote, '[' or '{' that it does not close."""
    if value[:1] in ("'", '"'):
        return len(value) > 1 and value.endswith(value[0])
    if value[:1] in ("[", "{"):
        return value.count("[") + value.count("{") == value.count("]") + value.count("}")
    return True


def _without_comment(text: str) -> str:
    """``text`` without a trailing `` # comment`` (a '#' after a space starts one)."""
    match = re.search(r"(?:^|[ \t])#", text)
    return text[: match.start()].rstrip() if match else text.rstrip()


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"


def _layout_problem(text: str, path: str, line_offset: int, before: int, front_matter: bool) -> Diagnostic | None:
    """The first likely layout mistake at or before 0-based line ``before`` of ``text``.

    ruamel reports where it got lost, which is often the line *after* the mistake and in parser
    words ("mapping values are not allowed here"). The mistakes people make in these small files
    are few: a key typed without the space after its colon (``english:4``), a line indented more
    than the line above (three spaces instead of two), a line indented to no level above, a rating
    left at the margin under ``ratings:``, and a line of prose. Each is reported at its own line
    with what to type; None when no such line is found (then ruamel's explained message is used).
    """
    lines = _layout_lines(text)
    if lines is None:
        return None
    previous: list[_Line] = []  # the lines read so far, long text continued on indented lines left out
    levels = [0]  # indentation of the open blocks
    for line in lines:
        if line.number > before:
            break
        pos = Position(path, line.number + 1 + line_offset, line.indent + 1)
        missing = _NO_SPACE.fullmatch(line.text)
        if missing is not None:
            key, value = missing.group(1), missing.group(2)
            return error(pos, "yaml-syntax", f"'{key}:{value}' needs a space after the ':'", f"write '{key}: {value}'")
        above = previous[-1] if previous else None
        is_item = _ITEM_LINE.fullmatch(line.text) is not None
        if above is not None and line.indent > above.indent:
            if above.key is not None and not above.value:
                levels.append(line.indent)  # the first line under 'key:'
            elif line.indent in above.marks:
                pass  # the second key of a '- key: value' item, or the next item of a '- - a' list
            elif line.key is not None or is_item:
                return _over_indented(line, above, previous, path, line_offset)
            else:
                continue  # long text continued on an indented line
        elif line.indent not in levels:
            return _odd_line_above(line, levels, previous, path, line_offset) or _between_levels(
                line, levels, path, line_offset
            )
        else:
            while levels[-1] > line.indent:
                levels.pop()
        levels.extend(mark for mark in line.marks if mark > levels[-1])
        if line.key is None and not is_item:
            no_colon = _NO_COLON.fullmatch(line.text)
            if no_colon is not None:
                hint = f"add ':' after the key: '{no_colon.group(1)}: {no_colon.group(2)}'"
            elif front_matter:
                hint = "the notes go below the closing '---'; here every line is 'key: value'"
            else:
                hint = "every line is 'key: value' or a '- ' item; continue long text on lines indented under it"
            return error(pos, "yaml-syntax", f"'{_clip(line.text)}' is not a 'key: value' line", hint)
        previous.append(line)
    return None


def _odd_line_above(line: _Line, levels: list[int], previous: list[_Line], path: str, line_offset: int) -> Diagnostic | None:
    """``'ratings:' / '   code: 2' / '  design: 3'``: when the innermost open block holds one line and ``line``
    sits two spaces below the level above, that one line at the odd level is the mistake; else None."""
    alone = []  # the lines of the innermost open block so far
    for earlier in reversed(previous):
        if earlier.indent < levels[-1]:
            break
        if earlier.indent == levels[-1]:
            alone.append(earlier)
    if len(alone) != 1 or line.indent - max(lv for lv in levels if lv < line.indent) != 2:
        return None
    odd = alone[0]
    return error(
        Position(path, odd.number + 1 + line_offset, odd.indent + 1),
        "yaml-syntax",
        f"'{_clip(odd.text)}' is indented by {_spaces(odd.indent)}, the line below by {_spaces(line.indent)}",
        f"line it up with the line below: {_spaces(line.indent)} before '{_clip(odd.text)}'",
    )


def _over_indented(line: _Line, above: _Line, previous: list[_Line], path: str, line_offset: int) -> Diagnostic:
    """A key indented more than the line above, which has a value (so nothing can be under it)."""
    opener = next((p for p in reversed(previous[:-1]) if p.indent <= above.indent), None)
    if opener is not None and opener.indent == above.indent and opener.key is not None and not opener.value:
        # 'ratings:' / 'code: 3' / '  design: 2': the line above is the one left at the margin
        width = line.indent - above.indent
        return error(
            Position(path, above.number + 1 + line_offset, above.indent + 1),
            "yaml-syntax",
            f"'{_clip(above.text)}' is not indented under '{opener.key}:'",
            f"indent it by {_spaces(width)} like the line below: '{' ' * line.indent}{_clip(above.text)}'",
        )
    return error(
        Position(path, line.number + 1 + line_offset, line.indent + 1),
        "yaml-syntax",
        f"'{_clip(line.text)}' is indented by {_spaces(line.indent)}, the line above by {_spaces(above.indent)}",
        f"line it up with the line above: {_spaces(above.indent)} before '{_clip(line.text)}'",
    )


def _between_levels(line: _Line, levels: list[int], path: str, line_offset: int) -> Diagnostic:
    """A line whose indentation matches no block above it (one space where the others have two)."""
    inner = max(level for level in levels if level < line.indent)
    outer = min((level for level in levels if level > line.indent), default=line.indent)
    return error(
        Position(path, line.number + 1 + line_offset, line.indent + 1),
        "yaml-syntax",
        f"'{_clip(line.text)}' is indented by {_spaces(line.indent)}, which lines up with no line above",
        f"use {_spaces(outer)} to keep it with the lines above it, or "
        + (f"{_spaces(inner)}" if inner else "none")
        + " to start a new key",
    )


def _clip(text: str, width: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _syntax_errors(exc: MarkedYAMLError, text: str, path: str, line_offset: int, front_matter: bool) -> list[Diagnostic]:
    """Turn ruamel's error into diagnostics at the line of the mistake, in words of the file's author.

    Every duplicate key is reported (ruamel stops at the first); a layout mistake at or before the
    line where ruamel got lost (see :func:`_layout_problem`) is reported instead of ruamel's message.
    """
    problem = (exc.problem or exc.context or "").strip()
    if "duplicate key" in problem:
        return _duplicate_keys(text, path, line_offset) or [_syntax_error(exc, path, line_offset)]
    mark = exc.problem_mark or exc.context_mark
    if mark is not None:
        layout = _layout_problem(text, path, line_offset, mark.line, front_matter)
        if layout is not None:
            return [layout]
    return [_syntax_error(exc, path, line_offset)]


def _duplicate_keys(text: str, path: str, line_offset: int) -> list[Diagnostic]:
    """One ``duplicate-key`` error for every repeated key of every block, naming the line of the first."""
    try:
        root = _ROUND_TRIP.compose(text)
    except Exception:  # noqa: BLE001 - another error in the text: the caller reports the first duplicate
        return []
    found: list[Diagnostic] = []
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            first: dict[str, Node] = {}
            for key, value in node.value:
                stack.append(value)
                if not isinstance(key, ScalarNode):
                    continue
                if key.value not in first:
                    first[key.value] = key
                    continue
                earlier = first[key.value].start_mark.line + 1 + line_offset
                found.append(
                    error(
                        Position(path, key.start_mark.line + 1 + line_offset, key.start_mark.column + 1),
                        "duplicate-key",
                        f"'{key.value}' is given twice: here and on line {earlier}",
                        f"keep one '{key.value}:' line: delete this one or the one on line {earlier}",
                    )
                )
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return sorted(found, key=Diagnostic.sort_key)


def _syntax_error(exc: MarkedYAMLError, path: str, line_offset: int) -> Diagnostic:
    """Turn ruamel's error into one diagnostic, explained where the message is cryptic."""
    context = (exc.context or "").strip()
    problem = (exc.problem or context or "invalid YAML").strip()
    mark = exc.problem_mark or exc.context_mark
    message, hint = _UNEXPLAINED
    if "duplicate key" in problem:
        return error(_mark(mark, path, line_offset), "duplicate-key", problem, "each key may appear once; merge the two entries")
    for in_context, in_problem, at_context, explained, explained_hint in _SYNTAX_EXPLAINED:
        if in_context in context and in_problem in problem:
            if at_context and exc.context_mark is not None:
                mark = exc.context_mark
            message, hint = f"invalid YAML: {explained}", explained_hint
            break
    else:
        character = re.search(r"found character '(.)' that cannot start", problem)
        if character:
            message = f"invalid YAML: a value cannot start with '{character.group(1)}'"
            hint = f"put the whole value in quotes, e.g. \"{character.group(1)}...\""
    return error(_mark(mark, path, line_offset), "yaml-syntax", message, hint)


#: What is said of a parse error no entry of :data:`_SYNTAX_EXPLAINED` explains: ruamel's own
#: words ("expected <block end>, but found '<scalar>'") mean nothing to the people who write these files.
_UNEXPLAINED = (
    "invalid YAML: this line cannot be read as 'key: value' lines",
    "check the line and the one above: each line is 'key: value' (two spaces before the keys under "
    "another key), and a value with ': ' or a leading special character is put in quotes",
)


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


#: A ``key: #text`` line: the '#' right before text makes it a comment, not the value.
_HASH_VALUE = re.compile(r"^[ \t]*(?:-[ \t]+)*[^\s#'\"][^#\n]*?:[ \t]+#\S", re.MULTILINE)


def values_emptied_by_hash(doc: YamlDoc) -> list[Diagnostic]:
    """``value-commented-out`` for each ``key: #text`` whose value is empty because of the ``#``.

    In YAML a ``#`` after a space starts a comment, so ``source: #referral`` and
    ``recommendation: #yes`` are empty values: the text is dropped without a word. A comment
    with a space after its ``#`` (``recommendation:  # strong-no | no ...``) is a real comment
    and is left alone. Returns errors positioned at the ``#``.
    """
    if doc.text is None or _HASH_VALUE.search(doc.text) is None:
        return []
    lines = doc.text.split("\n")
    found: list[Diagnostic] = []
    stack: list[Any] = [doc._twin_of(doc.data)]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedSeq):
            stack.extend(node)
        if not isinstance(node, CommentedMap):
            continue
        for key, value in node.items():
            if value is not None:
                stack.append(value)
                continue
            line, col = node.lc.key(key)
            if line is None or line >= len(lines):
                continue
            after = re.match(r"[^:]*:([ \t]+)(#(\S.*?))[ \t]*$", lines[line][col:])
            if after is None:
                continue
            comment, word = after.group(2), after.group(3)
            found.append(
                error(
                    Position(doc.path, line + 1 + doc.line_offset, col + after.start(2) + 1),
                    "value-commented-out",
                    f"{key} is empty: a '#' starts a comment, so '{_clip(comment)}' is ignored",
                    f"remove the '#' ({key}: {_clip(word)}) or put the value in quotes ({key}: \"{_clip(comment)}\")",
                )
            )
    return sorted(found, key=Diagnostic.sort_key)


def _mark(mark: Any, path: str, line_offset: int) -> Position:
    return Position(path, mark.line + 1 + line_offset, mark.column + 1) if mark is not None else Position(path)


def _nesting_error(path: str, line_offset: int) -> Diagnostic:
    return error(
        Position(path, 1 + line_offset, 1),
        "too-deeply-nested",
        "the YAML is nested too deeply to read",
        "these files need a few levels of nesting at most; check for runaway '[' or '{'",
    )


# Over 60 lines only with its docstring (every code it reports); the body is one guard per hazard.
def parse_yaml(
    text: str, path: str, line_offset: int = 0, *, front_matter: bool = False
) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse YAML 1.2 text that must hold exactly one mapping.

    Args:
        text: YAML text with ``\\n`` line endings.
        path: label for diagnostics.
        line_offset: lines of the file before ``text`` starts.
        front_matter: the text is a note's front matter (the messages say where the notes go).

    Returns:
        ``(YamlDoc, [])`` on success, else ``(None, diagnostics)`` with the
        position of every syntax error or hazard (``yaml-syntax``, ``yaml-tab``,
        ``duplicate-key``, ``yaml-directive``, ``yaml-anchor``, ``yaml-alias``,
        ``yaml-tag``, ``multiple-documents``, ``too-deeply-nested``,
        ``not-a-mapping``). Never raises for bad text.
    """
    tabs = _tabs(text, path, line_offset) if "\t" in text else []
    if tabs:
        return None, tabs
    if _UNPRINTABLE.search(text):
        return None, _unprintable(text, path, line_offset)
    if _RUNAWAY_NESTING.search(text):
        return None, [_nesting_error(path, line_offset)]
    if _NOTHING_BUT_MARKERS.fullmatch(text):
        return None, [_empty_error(path, line_offset, front_matter)]
    suspect = _HAZARD_SUSPECT.search(text) is not None
    if not suspect and _FAST is not None:
        try:
            data = _FAST.load(text)
        except Exception:  # noqa: BLE001 - any doubt: the round-trip parse below reports it with a position
            pass
        else:
            if isinstance(data, dict):
                return YamlDoc(path, data, line_offset, text=text), []
    try:
        if suspect:
            hazards = _hazards(text, path, line_offset)
            if hazards:
                return None, hazards
        data = _ROUND_TRIP.load(text)
    except MarkedYAMLError as exc:
        return None, _syntax_errors(exc, text, path, line_offset, front_matter)
    except YAMLError as exc:  # errors without a mark
        return None, [
            error(Position(path, 1 + line_offset, 1), "yaml-syntax", f"invalid YAML: {exc}", "check indentation and quoting")
        ]
    except RecursionError:
        return None, [_nesting_error(path, line_offset)]
    except Exception as exc:  # noqa: BLE001 - the third-party parser's own failure on this text
        return None, [
            error(
                Position(path, 1 + line_offset, 1),
                "yaml-syntax",
                f"the YAML parser cannot read this text ({type(exc).__name__}: {exc})",
                "check indentation and quoting",
            )
        ]
    if data is None:
        return None, [_empty_error(path, line_offset, front_matter)]
    if not isinstance(data, CommentedMap):
        return None, [_not_a_mapping(data, path, line_offset, front_matter)]
    return YamlDoc(path, data, line_offset, text=text), []


def _not_a_mapping(data: Any, path: str, line_offset: int, front_matter: bool) -> Diagnostic:
    """``not-a-mapping`` for a text that parsed as a list, a text or a single value."""
    if isinstance(data, list):
        kind = "a list of '- ' items"
    elif isinstance(data, str):
        kind = f"only the text '{data if len(data) <= 40 else data[:39] + '…'}'"
    else:
        kind = f"only the value {data}"
    return error(
        Position(path, 1 + line_offset, 1),
        "not-a-mapping",
        f"expected 'key: value' lines, found {kind}",
        "start each line with a key and ': ', such as 'interviewer: ana'"
        if front_matter
        else "start each line with a key and ': ', such as 'name: Ana Silva'",
    )


@dataclass(frozen=True)
class FrontMatterFile:
    """A Markdown file split into its YAML front matter and its body."""

    meta: YamlDoc
    body: str
    body_line: int  # 1-based file line where the body starts


def split_front_matter(source: SourceText) -> tuple[FrontMatterFile | None, list[Diagnostic]]:
    """Split ``---`` delimited YAML front matter from a Markdown body and parse it.

    Returns ``(FrontMatterFile, [])`` or ``(None, diagnostics)`` when the front
    matter is missing (``missing-front-matter``), unclosed
    (``unclosed-front-matter``) or invalid YAML.
    """
    lines = source.text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [
            error(
                Position(source.path, 1, 1),
                "missing-front-matter",
                "the file must start with '---' and a block of interview details",
                "scaffold the note with 'invoke new-interview' or copy the example in docs/writing-notes.md",
            )
        ]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            meta, problems = parse_yaml(yaml_text, source.path, line_offset=1, front_matter=True)
            if meta is None:
                return None, problems
            return FrontMatterFile(meta, "\n".join(lines[index + 1 :]), index + 2), []
    return None, [
        error(
            Position(source.path, 1, 1),
            "unclosed-front-matter",
            "front matter opened with '---' is never closed",
            "add a line with '---' after the last front-matter key",
        )
    ]


def body_despite_front_matter(source: SourceText) -> tuple[str, int] | None:
    """The body of a note whose front matter failed to parse: ``(body, first body line)``.

    The note is not loaded, but what its text says is still checked (the notes lint, links,
    contact details), so one run shows a file's warnings together with its errors. None when
    there is no closed ``---`` block.
    """
    lines = source.text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[index + 1 :]), index + 2
    return None
