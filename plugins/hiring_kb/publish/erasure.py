"""The erasure record: one entry per ``invoke purge``, appended to ``erasure-log.yml`` in the repository.

GDPR Art. 17(1) and 5(2): the controller must be able to show that a candidate was erased, without
keeping what identified them. Each entry holds the date, what was removed, what could not be reached,
and ``subject``: the SHA-256 of a salt and the candidate id, never the id or the name.

The salt lives in the log itself, sealed for the admins (``private_recipients:``, :mod:`hiring_kb.base.sealed`):
a candidate id is only 24 to 48 bits, so with a salt in clear anyone could hash every possible id and
tell whose entry it is. Sealed, only an identity holder can (``invoke verify-erased ID``). Without
recipients in hiring.yml the salt is written in clear, and the file says so.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hiring_kb.authoring.atomic_files import atomic_write_text
from hiring_kb.authoring.yaml_edits import yaml_scalar
from hiring_kb.base.sealed import Keyring, SealError, parse_recipient, seal, unseal
from hiring_kb.sources.yamlio import new_yaml

LOG_FILE = "erasure-log.yml"
_HEADER = (
    "# Erasure record, appended by 'invoke purge' (docs/privacy.md). No names and no ids: 'subject' is the\n"
    "# SHA-256 of the salt below and the candidate id. 'invoke verify-erased ID' finds an entry again.\n"
)


class ErasureLogError(Exception):
    """The log cannot be read or written as needed; the message says what to do."""


@dataclass(frozen=True)
class ErasureEntry:
    """One entry of the log: ``subject`` hash, ``date`` (YYYY-MM-DD), ``removed`` and ``not_reached``."""

    subject: str
    date: str
    removed: tuple[str, ...]
    not_reached: tuple[str, ...]


def subject_of(salt: str, candidate_id: str) -> str:
    """``sha256:<hex>`` of the salt and the candidate id (separated by a NUL byte)."""
    return "sha256:" + hashlib.sha256(f"{salt}\0{candidate_id}".encode()).hexdigest()


def _load(path: Path) -> dict[str, Any]:
    try:
        data = new_yaml().load(path.read_text(encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001 - any unreadable log: say which file
        raise ErasureLogError(f"{path.name} cannot be read ({exc}); restore it from git history") from None
    if not isinstance(data, dict) or "salt" not in data:
        raise ErasureLogError(f"{path.name} has no salt: line; restore it from git history")
    return data


def read_salt(root: Path, keyring: Keyring | None) -> str | None:
    """The salt of ``<root>/erasure-log.yml``; None when there is no log yet. Raises ErasureLogError
    when the salt is sealed and ``keyring`` cannot open it."""
    path = root / LOG_FILE
    if not path.is_file():
        return None
    salt = str(_load(path)["salt"])
    if "BEGIN AGE ENCRYPTED FILE" not in salt:
        return salt.strip()
    if keyring is None:
        raise ErasureLogError(
            f"the salt in {LOG_FILE} is sealed for the admins: set HIRING_AGE_IDENTITY (or --identity) to your "
            "identity file"
        )
    try:
        return unseal(salt, keyring).strip()
    except SealError as exc:
        raise ErasureLogError(f"the salt in {LOG_FILE} cannot be opened: {exc}") from None


def ensure_salt(root: Path, recipients: tuple[str, ...], keyring: Keyring | None) -> str:
    """The log's salt, creating ``erasure-log.yml`` with a new one (sealed when there are
    recipients) when it does not exist yet. Raises ErasureLogError (see :func:`read_salt`)."""
    salt = read_salt(root, keyring)
    if salt is not None:
        return salt
    salt = secrets.token_hex(32)
    if recipients:
        message = seal(salt + "\n", [parse_recipient(r) for r in recipients])
        body = "salt: |  # sealed for private_recipients: in hiring.yml\n" + "".join(
            f"  {line}\n" for line in message.strip("\n").split("\n")
        )
    else:
        body = (
            "# hiring.yml lists no private_recipients, so the salt is in clear: anyone with the repository can\n"
            "# hash every candidate id and tell whose entry it is.\n"
            f"salt: {salt}\n"
        )
    atomic_write_text(root / LOG_FILE, _HEADER + body + "erasures:\n", exclusive=True)
    return salt


def append_entry(root: Path, entry: ErasureEntry) -> None:
    """Append one entry to the log (atomically: the old file or the new one, never half an entry).

    The log must exist (:func:`ensure_salt`); its other bytes are kept."""
    path = root / LOG_FILE
    text = path.read_text(encoding="utf-8")
    lines = [f"- subject: {entry.subject}\n", f"  date: {entry.date}\n"]
    for key, items in (("removed", entry.removed), ("not_reached", entry.not_reached)):
        lines.append(f"  {key}:\n" if items else f"  {key}: []\n")
        lines += [f"  - {yaml_scalar(item)}\n" for item in items]
    atomic_write_text(path, (text if text.endswith("\n") else text + "\n") + "".join(lines))


def find_entries(root: Path, candidate_id: str, keyring: Keyring | None) -> list[ErasureEntry]:
    """The log's entries for a candidate id (empty when there is no log). Raises ErasureLogError."""
    salt = read_salt(root, keyring)
    if salt is None:
        return []
    subject = subject_of(salt, candidate_id)
    entries = _load(root / LOG_FILE).get("erasures") or []
    return [
        ErasureEntry(
            str(item.get("subject")),
            str(item.get("date")),
            tuple(str(x) for x in item.get("removed") or ()),
            tuple(str(x) for x in item.get("not_reached") or ()),
        )
        for item in entries
        if isinstance(item, dict) and item.get("subject") == subject
    ]
