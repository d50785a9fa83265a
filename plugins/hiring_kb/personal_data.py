"""Find personal data that must never be published: contact details, ``private:`` values, names.

Shared by the leak audit (:mod:`hiring_kb.audit`, which fails a deploy) and the validator
(:func:`check_notes_for_contact_details`, which warns the interviewer at the line of the note),
so both recognise exactly the same things (design.md §7).

The sources are read straight from ``candidates/*/candidate.yml`` rather than from the model:
the model never loads ``private:`` (so it cannot render it), and the audit must also know the
private values and names of candidates whose files have errors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

from .diagnostics import Diagnostic, Position, warning
from .models import Candidate, Project
from .settings import Settings
from .yamlio import parse_yaml, read_source

#: An email address (local part, '@', a dotted domain). Deliberately broad: a false alarm
#: costs a look, a miss publishes a candidate's address.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: A phone number: optional +country code, optional (area), then 3..5 groups of digits
#: separated by a space, dot or hyphen; 9..15 digits in all (ITU E.164 allows at most 15).
PHONE = re.compile(r"(?<![\w+/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){2,4}(?![\w/])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: ``private:`` values shorter than this (after trimming) are not searched for: "yes" or
#: "3" would match everywhere. Longer ones are matched case-insensitively, whitespace folded.
MIN_PRIVATE_VALUE_LENGTH = 5
#: Names whose letters and digits are fewer than this are not searched for in URLs.
MIN_NAME_LENGTH = 5


@dataclass(frozen=True)
class ContactDetail:
    """An email address or phone number found in a text: ``kind`` is "email" or "phone";
    ``start`` is the character offset of ``value`` in the text."""

    kind: str
    value: str
    start: int


def find_contact_details(text: str) -> list[ContactDetail]:
    """Return every email address and phone number in ``text``, in order of appearance.

    A phone candidate that contains an ISO date (``2026-11-20``) or has fewer than 9 or
    more than 15 digits is not a phone number.
    """
    found = [ContactDetail("email", m.group(), m.start()) for m in EMAIL.finditer(text)]
    for match in PHONE.finditer(text):
        value = match.group()
        digits = sum(ch.isdigit() for ch in value)
        if 9 <= digits <= 15 and not _ISO_DATE.search(value):
            found.append(ContactDetail("phone", value, match.start()))
    return sorted(found, key=lambda c: c.start)


def fold(text: str) -> str:
    """Fold text for matching: NFKC, casefolded, runs of whitespace as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def alnum_key(text: str) -> str:
    """Letters and digits only, accents removed, casefolded: ``"José  Núñez"`` → ``"josenunez"``.

    Used to find a name in a URL whatever the separator or slug rules (``jose-nunez``,
    ``Jose_Nunez``, ``jos%C3%A9nunez`` once unquoted).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch)).casefold()


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


def _scalars(node: Any, path: str) -> Iterator[tuple[str, Any, Any, Any]]:
    """Yield ``(dotted key, scalar, parent container, key in parent)`` for every leaf."""
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}"
            if isinstance(value, (dict, list)):
                yield from _scalars(value, child)
            elif value is not None:
                yield child, value, node, key
    elif isinstance(node, list):
        for index, value in enumerate(node):
            child = f"{path}[{index}]"
            if isinstance(value, (dict, list)):
                yield from _scalars(value, child)
            elif value is not None:
                yield child, value, node, index


def read_candidate_sources(settings: Settings) -> tuple[list[CandidateIdentity], list[PrivateValue]]:
    """Read every parseable ``candidate.yml`` under the candidates folder.

    Returns the identities (id, name) and the ``private:`` scalars with their positions.
    Files that cannot be read or parsed are skipped (the validator reports them).
    """
    identities: list[CandidateIdentity] = []
    private: list[PrivateValue] = []
    if not settings.candidates_dir.is_dir():
        return identities, private
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
        block = doc.data.get("private")
        for key, value, parent, where in _scalars(block, "private"):
            position = doc.item(parent, where) if isinstance(parent, list) else doc.value(parent, where)
            private.append(PrivateValue(candidate_id, key, str(value).strip(), position))
    return identities, private


def searchable(value: PrivateValue) -> bool:
    """True when a private value is long enough to be searched for without false alarms."""
    return len(fold(value.value)) >= MIN_PRIVATE_VALUE_LENGTH


def check_notes_for_contact_details(project: Project) -> list[Diagnostic]:
    """Warn about every email address or phone number written in an interview note.

    A note is rendered, so such a value would be published: ``invoke audit`` (and so
    ``invoke deploy``) fails on it. The warning points at the note's line and column so the
    interviewer can move it to the candidate's ``private:`` block before the pull request.
    """
    return [d for candidate in project.candidates.values() for d in contact_details_in_notes(candidate)]


def contact_details_in_notes(candidate: Candidate) -> list[Diagnostic]:
    """The ``contact-in-note`` warnings of one candidate's notes (see :func:`check_notes_for_contact_details`)."""
    found: list[Diagnostic] = []
    for interview in candidate.interviews:
        if EMAIL.search(interview.body) is None and PHONE.search(interview.body) is None:
            continue  # most notes: one search of the whole body instead of one per line
        lines = interview.body.split("\n")
        for offset, line in enumerate(lines):
            for detail in find_contact_details(line):
                found.append(
                    warning(
                        Position(interview.source, interview.body_line + offset, detail.start + 1),
                        "contact-in-note",
                        f"note contains {'an email address' if detail.kind == 'email' else 'a phone number'} "
                        f"('{detail.value}'); it would be published and 'invoke deploy' refuses it",
                        f"move it to the private: block of {candidate.source}",
                    )
                )
    return found
