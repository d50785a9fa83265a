"""Atomic writes of data files, and the decoding that keeps a file's BOM and line endings.

Every command that writes a data file (``new-candidate``, ``new-interview``, ``move``,
``import-notes``, ``private-set``, ``purge``) writes through :func:`atomic_write_bytes`: the new
content goes to a temporary file in the same folder, is flushed and fsync'ed, then
``os.replace``'d over the target; a crash at any point leaves either the old file or the new
one, never a mix, and no temporary file behind. :func:`decode_text` and :func:`encode_text`
turn a file's bytes into ``\\n``-separated text and back with its BOM and CRLF endings as they
were, so an edit changes only the bytes it means to.

What goes into a YAML file (comment-keeping edits) is :mod:`hiring_kb.authoring.yaml_edits`; this module
knows nothing of YAML.
"""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from pathlib import Path


def _fsync_dir(folder: Path) -> None:
    """Persist a rename on POSIX (a directory fsync); a no-op where directories cannot be opened."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + fsync + ``os.replace``).

    Args:
        path: the target; its folder must exist.
        data: the complete new content.
        exclusive: refuse (``FileExistsError``) when ``path`` already exists,
            so a scaffold never overwrites someone's note.

    Raises:
        OSError: when writing fails; the target is then unchanged and the
        temporary file is removed. An existing file keeps its permission bits;
        a new one gets the default ones (0666 minus the umask).
    """
    if exclusive and path.exists():
        raise FileExistsError(f"{path} already exists")
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, *, exclusive: bool = False) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text (written as is: no newline translation)."""
    atomic_write_bytes(path, text.encode("utf-8"), exclusive=exclusive)


def decode_text(raw: bytes) -> tuple[str, bool, bool]:
    """Return (text with ``\\n`` endings, had a BOM, used CRLF) of a file's bytes (UTF-8)."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    crlf = "\r\n" in text
    return text.replace("\r\n", "\n"), bom, crlf


def encode_text(text: str, bom: bool, crlf: bool) -> bytes:
    """The bytes of ``text`` (``\\n`` endings) with the BOM and CRLF endings :func:`decode_text` found."""
    if crlf:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
