"""Rules of an interview note (scorecard) beyond its front matter's shape.

:class:`NoteChecks` compares each note of a candidate with the candidate (dates within the
application: ``interview-outside-application``, warning), the roster (``unknown-interviewer``),
the clock (``future-date``), its file name (``file-name-mismatch``) and the other notes (one
per interviewer, stage and day: ``duplicate-interview``); :func:`body_rules` finds ``---`` lines
in the notes (``body-rule``). Evidence sections and note HTML are :mod:`hiring_kb.sources.notes`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from hiring_kb.base.diagnostics import Diagnostic, Position, error, register_rules, warning
from hiring_kb.base.markdown_parse import parse_markdown
from hiring_kb.base.names import is_id
from hiring_kb.model.models import Role
from hiring_kb.sources.rules import in_roster, not_in_future
from hiring_kb.sources.yamlio import YamlDoc

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "body-rule": "a '---' line in the notes (a pasted second front matter, or a line turned into a heading)",
        "file-name-mismatch": "a note whose file name is not <date>-<stage>-<interviewer>.md of its front matter",
        "duplicate-interview": "two notes of one interviewer for one stage on one day (ratings would count twice)",
        "interview-outside-application": "warning: an interview dated before 'applied' or after 'decided_on'",
    },
)

_NOTE_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)")
_RULE_LINE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_BLOCKS = MarkdownIt("commonmark")


@dataclass
class NoteChecks:
    """Checks of a candidate's notes against the candidate, the roster, the clock and each other.

    Create one per candidate; call :meth:`check` for each note and :meth:`finish`
    once all notes are loaded (duplicates need every note).
    """

    today: dt.date
    roster: frozenset[str] = frozenset()
    applied: dt.date | None = None
    decided_on: dt.date | None = None
    # positions are looked up only when a duplicate is found: a lookup may parse the file again
    _seen: dict[tuple[str, str, str], list[YamlDoc]] = field(default_factory=dict)

    def check(self, doc: YamlDoc, stem: str, date: dt.date | None, role: Role | None) -> list[Diagnostic]:
        """Rules for one note's front matter ``doc`` (file name without ``.md``: ``stem``).

        ``date`` is the parsed date (None when missing or invalid); ``role`` the
        candidate's role (None when unknown). Values that already have an error
        (an unknown stage, an interviewer outside the roster) are not compared
        with the file name, so each mistake is reported once.
        """
        data = doc.data
        found = not_in_future(doc, data, "date", date, self.today)
        found += in_roster(doc, data, "interviewer", self.roster)
        interviewer = data.get("interviewer")
        stage = data.get("stage")
        interviewer_ok = (
            isinstance(interviewer, str) and is_id(interviewer) and (not self.roster or interviewer in self.roster)
        )
        stage_ok = isinstance(stage, str) and (role is None or role.stage(stage) is not None)
        found += _file_name(doc, stem, date, stage if stage_ok else None, interviewer if interviewer_ok else None)
        if date is not None:
            found += self._outside_application(doc, date)
        if date is not None and stage_ok and interviewer_ok:
            self._seen.setdefault((date.isoformat(), stage, interviewer), []).append(doc)
        return found

    def _outside_application(self, doc: YamlDoc, date: dt.date) -> list[Diagnostic]:
        if self.applied is not None and date < self.applied:
            message = f"interview on {date.isoformat()} is before the candidate applied ({self.applied.isoformat()})"
        elif self.decided_on is not None and date > self.decided_on:
            message = f"interview on {date.isoformat()} is after the decision ({self.decided_on.isoformat()})"
        else:
            return []
        return [
            warning(
                doc.value(doc.data, "date"),
                "interview-outside-application",
                message,
                "check the date here and 'applied'/'decided_on' in candidate.yml",
            )
        ]

    def finish(self) -> list[Diagnostic]:
        """``duplicate-interview`` errors: two notes of one interviewer for one stage on one day."""
        found = []
        for (date, stage, interviewer), notes in self._seen.items():
            if len(notes) < 2:
                continue
            for doc in notes:
                others = ", ".join(Path(other.path).name for other in notes if other.path != doc.path)
                found.append(
                    error(
                        doc.value(doc.data, "interviewer"),
                        "duplicate-interview",
                        f"{interviewer}'s {stage} interview on {date} is also in {others}",
                        "merge the two notes into one scorecard (ratings would count twice), or fix the date, stage or "
                        "interviewer of one",
                    )
                )
        return found


def _file_name(
    doc: YamlDoc, stem: str, date: dt.date | None, stage: str | None, interviewer: str | None
) -> list[Diagnostic]:
    """``file-name-mismatch``: a note is named ``<date>-<stage>-<interviewer>.md`` after its front matter."""
    data = doc.data
    parts = [date.isoformat() if date else None, stage, interviewer]
    expected = "-".join(p or "<" + k + ">" for p, k in zip(parts, ("date", "stage", "interviewer"), strict=True))
    hint = f"name the file '{expected}.md' (or correct the value)"
    match = _NOTE_NAME.fullmatch(stem)
    if match is None:
        return [
            error(
                Position(doc.path),
                "file-name-mismatch",
                f"note file name '{stem}.md' is not '<date>-<stage>-<interviewer>.md'",
                hint,
            )
        ]
    name_date, rest = match.groups()
    found = []
    if date is not None and name_date != date.isoformat():
        found.append(_mismatch(doc, data, "date", date.isoformat(), name_date, hint))
    if stage is not None and interviewer is not None and rest != f"{stage}-{interviewer}":
        if rest.startswith(f"{stage}-"):
            found.append(_mismatch(doc, data, "interviewer", interviewer, rest[len(stage) + 1 :], hint))
        elif rest.endswith(f"-{interviewer}"):
            found.append(_mismatch(doc, data, "stage", stage, rest[: -len(interviewer) - 1], hint))
        else:
            found.append(
                error(
                    doc.value(data, "stage"),
                    "file-name-mismatch",
                    f"stage '{stage}' and interviewer '{interviewer}' do not match the file name '{stem}.md'",
                    hint,
                )
            )
    return found


def _mismatch(doc: YamlDoc, data: Any, key: str, value: str, in_name: str, hint: str) -> Diagnostic:
    return error(
        doc.value(data, key),
        "file-name-mismatch",
        f"{key} '{value}' does not match the file name, which says '{in_name}'",
        hint,
    )


def body_rules(body: str, body_line: int, path: str) -> list[Diagnostic]:
    """``body-rule`` errors for ``---`` lines in a note body outside code blocks.

    A ``---`` line in the notes is most often a second (pasted) front-matter
    block whose ratings would be silently ignored; under a line of text it also
    turns that line into a heading, i.e. into an evidence section.
    """
    if not _RULE_LINE.search(body):
        return []
    code_lines: set[int] = set()
    for token in parse_markdown(_BLOCKS, body):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            code_lines.update(range(*token.map))
    found = []
    for index, line in enumerate(body.split("\n")):
        if index not in code_lines and _RULE_LINE.fullmatch(line):
            found.append(
                error(
                    Position(path, body_line + index, 1),
                    "body-rule",
                    "'---' line in the notes",
                    "interview details belong in the one block at the top of the file; for a separator use '***'",
                )
            )
    return found
