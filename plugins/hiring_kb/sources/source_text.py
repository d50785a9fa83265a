"""Reading a source file's bytes as text: size cap, UTF-8 only, BOM and CRLF dropped, NFC.

Part of :mod:`hiring_kb.sources.yamlio` (the module other code imports). A UTF-8 BOM and CRLF line
endings are accepted as if absent; text is normalised to Unicode NFC, so an NFD spelling of a
name (as macOS tools write it) reads exactly like the NFC one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hiring_kb.base.diagnostics import Diagnostic, Position, error
from hiring_kb.base.names import nfc

#: Files larger than this are refused before parsing (bytes).
MAX_FILE_BYTES = 1_000_000


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
    text, problems = _decode_utf8(raw, label)
    if text is None:
        return None, problems
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return None, [error(Position(label, line, col), "nul-byte", "file contains a NUL byte", "remove it")]
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return None, [error(Position(label), "empty-file", "file is empty", "delete it or fill it in")]
    return SourceText(label, text), []


def _decode_utf8(raw: bytes, label: str) -> tuple[str | None, list[Diagnostic]]:
    """``raw`` as text without its UTF-8 BOM, or ``(None, [not-utf8])`` at the first undecodable byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            error(
                Position(label, 1, 1),
                "not-utf8",
                "file is UTF-16, not UTF-8",
                "save the file as UTF-8 (in most editors: 'Save with encoding' / 'Reopen with encoding')",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        # the column counts characters, as editors do, not bytes
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        return None, [
            error(
                Position(label, line, col),
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                "save the file as UTF-8 (it was probably saved as Latin-1 or Windows-1252)",
            )
        ]
    return text, []
