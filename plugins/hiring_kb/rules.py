"""Validation rules beyond the shape of one file: values, consistency between files, names.

The JSON Schemas (:mod:`hiring_kb.schemas`) check each file's shape; the
loader checks references to the role. The rules here need a clock, the
interviewer roster, the file name, or other files:

- values: dates not in the future (``future-date``), ``decided_on`` not before
  ``applied`` (``decided-before-applied``), opaque candidate ids and id-shaped
  role file names (``invalid-id``), names with letters or digits (``empty-slug``);
- references: interviewers in the roster of ``hiring.yml`` (``unknown-interviewer``);
- consistency: a note's file name matches its date, stage and interviewer
  (``file-name-mismatch``); one note per interviewer, stage and day
  (``duplicate-interview``); warnings for an active candidate with a decision
  date (``decided-but-active``), an interview dated outside the application
  (``interview-outside-application``), a candidate whose stage is behind their
  interviews (``stage-behind``), and a ``---`` line in a note body (``body-rule``);
- names: two candidates whose names are the same after normalisation (``name-collision``).

Every check is a dictionary or set lookup per file, so validation stays linear
in the number of files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from .diagnostics import Diagnostic, Position, did_you_mean, error, register_rules, registered_rules, warning
from .models import Interview, Role
from .names import (
    CANDIDATE_ID_HINT,
    bidi_controls,
    collision_key,
    is_candidate_id,
    is_id,
    slug,
    zero_width_characters,
)
from .settings import SETTINGS_FILE, Settings
from .vocabulary import CandidateStatus
from .yamlio import YamlDoc

#: The validation codes raised here, and what each catches (catalogue: :data:`RULE_CODES`).
register_rules(
    __name__,
    {
        "body-rule": "a '---' line in the notes (a pasted second front matter, or a line turned into a heading)",
        "future-date": "an interview, application or decision date after today (one day of slack for time zones)",
        "decided-before-applied": "decided_on earlier than applied",
        "empty-slug": "a candidate name, role title, competency or stage name without any letter or digit",
        "bidi-control": "an invisible bidirectional control (U+202E...) in a candidate's name, tags or a role's texts",
        "file-name-mismatch": "a note whose file name is not <date>-<stage>-<interviewer>.md of its front matter",
        "duplicate-interview": "two notes of one interviewer for one stage on one day (ratings would count twice)",
        "decided-but-active": "warning: decided_on or a decision set while the status is still active",
        "interview-outside-application": "warning: an interview dated before 'applied' or after 'decided_on'",
        "stage-behind": "warning: a candidate whose stage is earlier than the stage of one of their interviews",
        "unknown-interviewer": "an interviewer not in the roster of hiring.yml (when one is set)",
        "name-collision": (
            "warning: two candidates whose names are equal once case, accents and Unicode form are ignored"
        ),
        "zero-width-name": "warning: an invisible zero-width character (U+200D...) in a candidate's name",
    },
)
# The loader's checks of one file against its role; registered here, beside the other rules, so the
# loader stays a reader (hiring_kb.loader raises them).
register_rules(
    "hiring_kb.loader",
    {
        "missing-candidate-file": "a candidate folder without candidate.yml",
        "unknown-role": "candidate.yml names a role that does not exist",
        "unknown-stage": "a stage that is not one of the role's stages",
        "unknown-competency": "a rating, focus or question for a competency the role does not have",
        "duplicate-id": "two competencies or two stages of a role with the same id",
        "rating-without-evidence": "warning: a rating without a '## <competency>' section in the notes",
        "rating-without-recommendation": "warning (error with scorecards.require_recommendation): ratings "
        "but no recommendation",
        "empty-scorecard": "warning: a scorecard with no rating, no recommendation and no notes (an "
        "untouched scaffold): still owed",
        "unknown-evidence": "warning: a '##' section whose title is close to, but not, a competency",
        "evidence-heading": "warning: a competency written as '### Name', '**Name**' or 'Name:' instead of '## Name'",
        "too-many-notes": "more interview notes for one candidate than the limit",
    },
)


def __getattr__(name: str) -> Mapping[str, str]:
    """``RULE_CODES``: every diagnostic code validation can report and what it catches (warnings say so),
    derived from the :func:`~hiring_kb.diagnostics.register_rules` calls of the modules that raise them.

    Computed on use, after importing :mod:`hiring_kb.validate` (and so every module whose checks it
    runs); docs/validation.md lists the same codes and the corpus has a case for each
    (tests/validation).
    """
    if name == "RULE_CODES":
        import_module(f"{__package__}.validate")  # for the registrations of every module it runs
        return registered_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Dates up to this many days after "today" are accepted: CI clocks run on UTC while an
#: interviewer at UTC+14 may already be a day ahead.
FUTURE_SLACK_DAYS = 1

_NOTE_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)")
_RULE_LINE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_BLOCKS = MarkdownIt("commonmark")


# -- values ---------------------------------------------------------------------------


def not_in_future(doc: YamlDoc, mapping: Any, key: str, value: dt.date | None, today: dt.date) -> list[Diagnostic]:
    """``future-date`` when ``value`` is later than ``today`` plus :data:`FUTURE_SLACK_DAYS`."""
    if value is None or value <= today + dt.timedelta(days=FUTURE_SLACK_DAYS):
        return []
    return [
        error(
            doc.value(mapping, key),
            "future-date",
            f"{key} {value.isoformat()} is in the future (today is {today.isoformat()})",
            "check the year and month; write the day it happened",
        )
    ]


def candidate_dates(
    doc: YamlDoc, applied: dt.date | None, decided_on: dt.date | None, today: dt.date
) -> list[Diagnostic]:
    """Dates of ``candidate.yml``: not in the future, decided not before applied, no decision while active."""
    data = doc.data
    found = not_in_future(doc, data, "applied", applied, today) + not_in_future(
        doc, data, "decided_on", decided_on, today
    )
    if applied is not None and decided_on is not None and decided_on < applied:
        found.append(
            error(
                doc.value(data, "decided_on"),
                "decided-before-applied",
                f"decided_on {decided_on.isoformat()} is before applied {applied.isoformat()}",
                "one of the two dates has a typo",
            )
        )
    if decided_on is not None and data.get("status") == CandidateStatus.ACTIVE:
        found.append(
            warning(
                doc.value(data, "decided_on"),
                "decided-but-active",
                "status is 'active' but decided_on is set",
                "set status to hired, rejected or withdrawn, or remove decided_on",
            )
        )
    return found


def empty_slug(doc: YamlDoc, mapping: Any, key: str, what: str) -> list[Diagnostic]:
    """``empty-slug`` when the text under ``key`` has no letter or digit in any script (e.g. ``"—"``).

    Also the :func:`bidi_free` check of ``mapping``: the loader calls this once for each mapping
    that carries a name (candidate, role, competency, stage), which is where that check belongs.
    """
    found = bidi_free(doc, mapping, what.rsplit(" ", 1)[0])
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if not isinstance(value, str) or slug(value):
        return found
    return [
        *found,
        error(
            doc.value(mapping, key),
            "empty-slug",
            f"{what} '{value}' has no letters or digits",
            "write the real name: names are compared by their letters and digits to spot duplicates",
        ),
    ]


def _texts(node: Any, path: str) -> Iterable[tuple[str, str, Any, Any]]:
    """``(key path, text, parent, key in parent)`` of the strings under ``node``: its own values,
    lists of strings and mappings; not ``private:`` (never rendered) nor lists of mappings
    (competencies, stages, planned interviews: checked on their own)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(node, list):  # 'tag 2', counted as people count, not 'tags[1]'
            child = f"{path[:-1] if path.endswith('s') else path} {key + 1}"
        else:
            child = f"{path}.{key}" if path else str(key)
        if isinstance(value, str):
            yield child, value, node, key
        elif (isinstance(value, dict) and not (path == "" and key == "private")) or (
            isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value)
        ):
            yield from _texts(value, child)


def bidi_free(doc: YamlDoc, mapping: Any, owner: str) -> list[Diagnostic]:
    """``bidi-control`` for each text of ``mapping`` (see :func:`_texts`: a candidate's name, tags and
    source; a role's title and summary; a competency's name, description and rubric; a stage's name
    and questions) holding an invisible bidirectional control (:data:`names.BIDI_CONTROLS`).

    Such a character (U+202E RIGHT-TO-LEFT OVERRIDE…) makes the text display as something else than
    it is in headings, rankings and lists, while search and sorting see the real characters. The
    value is rejected rather than silently cleaned: what is rendered is what the file says. The
    message shows each control as ``[U+202E]`` so the terminal does not reorder the line itself.
    """
    found: list[Diagnostic] = []
    for path, text, parent, key in _texts(mapping, ""):
        controls = bidi_controls(text)
        if not controls:
            continue
        offsets = {offset for offset, _ in controls}
        shown = "".join(f"[U+{ord(ch):04X}]" if i in offsets else ch for i, ch in enumerate(text))
        labels = ", ".join(dict.fromkeys(label for _, label in controls))
        what = (
            "an invisible bidirectional control character"
            if len(controls) == 1
            else ("invisible bidirectional control characters")
        )
        where = doc.item(parent, key) if isinstance(parent, list) else doc.value(parent, key)
        found.append(
            error(
                where,
                "bidi-control",
                f"{owner} {path} '{shown}' contains {what} ({labels})",
                "retype the value (editors do not show these characters): they make the text display as "
                "something else on the site; Hebrew and Arabic text displays right to left without them",
            )
        )
    return found


def zero_width_name(doc: YamlDoc, mapping: Any, key: str, owner: str) -> list[Diagnostic]:
    """``zero-width-name`` (warning) when the text under ``key`` holds a zero-width character
    (:data:`names.ZERO_WIDTH`), positioned at the first such character when the value is
    written on its own line (else at the value).

    ``Ja\u200dne Doe`` displays as ``Jane Doe`` but is another string: the duplicate check,
    search and purge would treat them as two people. A warning, not an error: Persian and
    Indic names may need the joiners.
    """
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if not isinstance(value, str):
        return []
    found = zero_width_characters(value)
    if not found:
        return []
    where = _plain_value_position(doc, key) if mapping is doc.data else None
    where = where or doc.value(mapping, key)
    where = _character_position(doc, where, value, found[0][0])
    offsets = {offset for offset, _ in found}
    shown = "".join(f"[U+{ord(ch):04X}]" if i in offsets else ch for i, ch in enumerate(value))
    labels = ", ".join(dict.fromkeys(label for _, label in found))
    return [
        warning(
            where,
            "zero-width-name",
            f"{owner} '{shown}' contains an invisible character ({labels})",
            "retype the name without it, unless the script needs it (Persian, Indic): it looks the same but "
            "is spelled differently, so duplicates, search and purge miss it",
        )
    ]


def _character_position(doc: YamlDoc, where: Position, value: str, offset: int) -> Position:
    """``where`` moved to character ``offset`` of ``value`` when the line there spells ``value`` as is."""
    if doc.text is None or where.line <= 0 or where.col <= 0:
        return where
    lines = doc.text.split("\n")
    index = where.line - 1 - doc.line_offset
    if not 0 <= index < len(lines):
        return where
    line = lines[index]
    for start in (where.col - 1, where.col):  # plain, or after an opening quote
        if line.startswith(value, start):
            return Position(where.path, where.line, start + offset + 1)
    return where


def candidate_folder_id(folder: Path, settings: Settings) -> list[Diagnostic]:
    """``invalid-id`` unless the folder name is an opaque candidate id (see :data:`names.CANDIDATE_ID_PATTERN`)."""
    if is_candidate_id(folder.name):
        return []
    return [
        error(
            Position(settings.label(folder)),
            "invalid-id",
            f"candidate folder '{folder.name}' is not an opaque id",
            CANDIDATE_ID_HINT,
        )
    ]


def role_file_id(path: Path, settings: Settings) -> list[Diagnostic]:
    """``invalid-id`` unless a role file's name (the role id, used in URLs) is lowercase letters, digits and '-'."""
    if is_id(path.stem):
        return []
    suggestion = slug(path.stem)
    return [
        error(
            Position(settings.label(path)),
            "invalid-id",
            f"role file name '{path.name}' is not a valid role id",
            "the file name is the role id used in URLs and in candidates' 'role:'; use lowercase letters, digits "
            "and '-'" + (f", e.g. '{suggestion}.yml'" if suggestion and is_id(suggestion) else ""),
        )
    ]


# -- references -----------------------------------------------------------------------


def in_roster(doc: YamlDoc, mapping: Any, key: str, roster: frozenset[str]) -> list[Diagnostic]:
    """``unknown-interviewer`` when a roster is configured and the id under ``key`` is not in it."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if not roster or not isinstance(value, str) or value in roster or not is_id(value):
        return []
    suggestion = did_you_mean(value, roster)
    return [
        error(
            doc.value(mapping, key),
            "unknown-interviewer",
            f"'{value}' is not in the interviewer roster",
            suggestion
            if suggestion.startswith("did you mean")
            else f"add '{value}' to 'interviewers:' in {SETTINGS_FILE}",
        )
    ]


def planned_in_roster(doc: YamlDoc, roster: frozenset[str]) -> list[Diagnostic]:
    """Roster check of the interviewers in ``planned:`` (the interview loop) of a candidate."""
    items = doc.data.get("planned")
    if not roster or not isinstance(items, list):
        return []
    return [d for item in items if isinstance(item, dict) for d in in_roster(doc, item, "interviewer", roster)]


# -- notes ----------------------------------------------------------------------------


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
    for token in _BLOCKS.parse(body):
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


def stage_behind(doc: YamlDoc, role: Role, interviews: Iterable[Interview]) -> list[Diagnostic]:
    """``stage-behind`` (warning) when a candidate's stage comes before the stage of one of their interviews."""
    stage = doc.data.get("stage")
    order = {s.id: index for index, s in enumerate(role.stages)}
    if stage not in order:
        return []
    later = [i for i in interviews if order.get(i.stage, -1) > order[stage]]
    if not later:
        return []
    latest = max(later, key=lambda i: order[i.stage])
    return [
        warning(
            doc.value(doc.data, "stage"),
            "stage-behind",
            f"stage is '{stage}' but there is a '{latest.stage}' interview ({Path(latest.source).name})",
            f"move the candidate on: 'stage: {latest.stage}'",
        )
    ]


# -- names across candidates ------------------------------------------------------------


@dataclass
class NameIndex:
    """Candidate names seen so far, by :func:`names.collision_key`; reports ``name-collision`` warnings."""

    # Where each name is: a Position when a plain top-level `name:` line gives it away, else the
    # document, asked only for colliding names (a lookup may parse the file again). Keeping a
    # Position rather than the document also keeps private: values out of the load cache.
    _names: dict[str, list[tuple[str, Position | YamlDoc]]] = field(default_factory=dict)

    def add(self, doc: YamlDoc) -> None:
        """Record the ``name`` of a parsed candidate.yml (ignored when not a non-empty string)."""
        name = doc.data.get("name")
        if isinstance(name, str) and name.strip():
            where: Position | YamlDoc = _plain_value_position(doc, "name") or doc
            self._names.setdefault(collision_key(name), []).append((name.strip(), where))

    def merge(self, other: NameIndex) -> None:
        """Add the names another index recorded (one candidate's, loaded elsewhere)."""
        for key, members in other._names.items():
            self._names.setdefault(key, []).extend(members)

    def collisions(self) -> list[Diagnostic]:
        """One warning per candidate whose name collides with another's (same person twice, or a typo)."""
        found = []
        for members in self._names.values():
            if len(members) < 2:
                continue
            for name, where in members:
                others = [f"'{n}' ({Path(w.path).parent.name})" for n, w in members if w is not where]
                found.append(
                    warning(
                        where if isinstance(where, Position) else where.value(where.data, "name"),
                        "name-collision",
                        f"candidate name '{name}' is the same as {', '.join(others)} once case, accents and "
                        "Unicode form are ignored",
                        "if it is one person, keep one folder; if not, add a middle name or initial so the team can "
                        "tell them apart",
                    )
                )
        return found


def _plain_value_position(doc: YamlDoc, key: str) -> Position | None:
    """Position of ``key``'s value when the text has exactly one ``key: value`` line at column 0, else None."""
    if doc.text is None:
        return None
    matches = list(re.finditer(rf"^{re.escape(key)}:[ \t]+(?=[^\s#])", doc.text, re.MULTILINE))
    if len(matches) != 1:
        return None
    start = matches[0].end()
    line_start = doc.text.rfind("\n", 0, start) + 1
    return Position(doc.path, doc.text.count("\n", 0, start) + 1 + doc.line_offset, start - line_start + 1)
