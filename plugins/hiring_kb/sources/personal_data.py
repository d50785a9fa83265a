"""The private values and names of candidates, read straight from ``candidates/*/candidate.yml``.

The leak audit, purge, ``invoke verify-erased`` and the export look for these in what is built
or kept (:func:`read_candidate_sources`, :func:`searchable`). They are read from the files rather
than from the model: the model never loads ``private:`` (so it cannot render it), and the audit
must also know the private values and names of candidates whose files have errors.

How they are compared is :mod:`hiring_kb.base.folded_text`; names in URLs are :mod:`hiring_kb.base.name_patterns`;
email addresses and phone numbers are :mod:`hiring_kb.sources.contact_details`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hiring_kb.base.diagnostics import Position
from hiring_kb.base.folded_text import fold
from hiring_kb.base.sealed import FROM_ENVIRONMENT, Keyring, SealError, keyring_from
from hiring_kb.sources.private_fields import read_private
from hiring_kb.sources.settings import Settings
from hiring_kb.sources.yamlio import parse_yaml, read_source

#: ``private:`` values shorter than this (after trimming) are not searched for: "yes" or
#: "3" would match everywhere. Longer ones are matched case-insensitively, whitespace folded.
MIN_PRIVATE_VALUE_LENGTH = 5


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
