"""The texts of the files ``invoke import-notes`` writes: ``candidate.yml``, the note, the unassigned text.

Pure functions of an imported :class:`hiring_kb.authoring.import_people.Person`: the plan
(:mod:`hiring_kb.authoring.import_plan`) uses them to recognise what was imported already, the writer
(:mod:`hiring_kb.authoring.importer`) to write. Nothing here touches the file system.
"""

from __future__ import annotations

import datetime as dt

from hiring_kb.authoring.import_helpers import PROPOSAL_COMMENT
from hiring_kb.authoring.import_people import Block, Person
from hiring_kb.authoring.yaml_edits import yaml_scalar

IMPORTED_TAG = "imported"


def candidate_yaml(person: Person, stage: str, source: str, date: dt.date) -> str:
    """``candidate.yml`` of an imported person: active at ``stage``, tagged ``imported``."""
    return (
        f"# Imported on {date.isoformat()} from {source}, lines {person.block.first}-{person.block.last}"
        f" ({person.role_reason}).\n"
        f"name: {yaml_scalar(person.name)}\n"
        f"role: {person.role_id}\n"
        f"stage: {stage}\n"
        "status: active\n"
        f"applied: {(person.date or date).isoformat()}  # {person.date_reason or 'the import date'}\n"
        "decided_on:\n"
        "source:\n"
        f"tags: [{IMPORTED_TAG}]\n"
        "planned: []\n"
        "private:  # sealed, NEVER published: contact details, compensation (invoke private-set ID KEY VALUE)\n"
    )


def note_text(person: Person, stage: str, interviewer: str, date: dt.date) -> str:
    """The imported interview: unrated front matter, then the section verbatim (with the proposed
    ``## <competency>`` headings, after a comment that says so, when there are any)."""
    comment = f"{PROPOSAL_COMMENT}\n" if person.proposals else ""
    return (
        "---\n"
        f"interviewer: {interviewer}\n"
        f"date: {(person.date or date).isoformat()}\n"
        f"stage: {stage}\n"
        "ratings:  # imported notes are unrated: add ratings together with their '## <competency>' sections\n"
        "recommendation:\n"
        "---\n"
        f"{comment}{person.text}\n"
    )


def unassigned_text(blocks: tuple[Block, ...], source: str, date: dt.date) -> str:
    """The file that keeps text belonging to no person: each block verbatim, after a comment with its lines."""
    parts = [f"<!-- Imported on {date.isoformat()} from {source}: text that belongs to no candidate. -->"]
    for block in blocks:
        parts += ["", f"<!-- lines {block.first}-{block.last} -->", block.text]
    return "\n".join(parts) + "\n"


def written_body(person: Person) -> str:
    """The body a note imported from ``person`` has, as the loader reads it back."""
    text = note_text(person, "-", "-", person.date or dt.date(2000, 1, 1))
    return text.split("---\n", 2)[2].strip("\n")
