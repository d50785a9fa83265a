"""Where a candidate is still named in the sources, and the written forms a purge searches for.

Purge refuses while any other source file still mentions the candidate (:func:`find_mentions`,
over :func:`searched_places`); :func:`needles_for` gives the forms searched for in built and
published copies (as written, HTML-escaped, JSON-escaped); :func:`imported_from` reads which
free-form notes file an imported candidate came from. Nothing here deletes or writes a file; the
purge itself is :mod:`hiring_kb.publish.purge`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.base.diagnostics import Position
from hiring_kb.base.folded_text import find_folded
from hiring_kb.sources.project_folders import docs_folder
from hiring_kb.sources.settings import SETTINGS_FILE, Settings

#: Files at the project root that can mention a candidate.
_SEARCHED_FILES = (SETTINGS_FILE, "mkdocs.yml")
#: The header import-notes writes into candidate.yml (hiring_kb.authoring.importer.candidate_yaml).
_IMPORTED_FROM = re.compile(r"^# Imported on \d{4}-\d{2}-\d{2} from (.+?), lines \d+-\d+", re.MULTILINE)
_TEXT_SUFFIXES = {".yml", ".yaml", ".md", ".markdown", ".txt", ".html", ".csv", ".json"}


@dataclass(frozen=True)
class Mention:
    """A place outside the candidate's folder that names them: position and the matched text."""

    position: Position
    text: str

    def format(self) -> str:
        return f"{self.position}: mentions '{self.text}'"


def needles_for(candidate_id: str, name: str | None, private: Iterable[str] = ()) -> list[str]:
    """The strings whose presence means the candidate is still there: id, name and private values
    (long enough to search, :func:`hiring_kb.sources.personal_data.searchable`), as written, HTML-escaped
    and JSON-escaped."""
    out = [candidate_id]
    for text in (name, *private):
        if text:
            out += [text, html.escape(text), json.dumps(text)[1:-1]]
    return sorted(set(out), key=out.index)


def searched_places(settings: Settings) -> list[Path]:
    """Where :func:`find_mentions` looks, in this order: the roles folder, the published pages
    (MkDocs' docs_dir), the candidates folder, the text import-notes kept for no one
    (``import.unassigned_dir``: headings it could not read as a person land there), hiring.yml
    and mkdocs.yml. Paths as configured (settings keep them inside the project)."""
    places = [
        settings.roles_dir,
        docs_folder(settings.root),
        settings.candidates_dir,
        unassigned_folder(settings),
        *(settings.root / name for name in _SEARCHED_FILES),
    ]
    return list(dict.fromkeys(places))


def unassigned_folder(settings: Settings) -> Path:
    """The folder where ``invoke import-notes`` keeps text that belongs to no candidate."""
    return settings.root / settings.import_rules.unassigned_dir


def find_mentions(
    settings: Settings, candidate_id: str, name: str | None, private: Iterable[str] = ()
) -> list[Mention]:
    """Lines in other source files that contain the candidate's full name, id or a private value,
    compared as :func:`hiring_kb.base.folded_text.fold` folds (``Ja\u200dne`` and ``ＪＡＮＥ`` are Jane),
    each reported where it starts as written.

    Searched: :func:`searched_places` (roles, published pages, other candidates' folders, the
    import's unassigned text, hiring.yml, mkdocs.yml), text files only.
    """
    own = settings.candidates_dir / candidate_id
    words = [w for w in (name, candidate_id, *private) if w]
    found: list[Mention] = []
    for base in searched_places(settings):
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            if not path.is_file() or path.suffix.lower() not in _TEXT_SUFFIXES or own in path.parents:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.split("\n"), 1):
                for start, end in find_folded(line, words):
                    found.append(Mention(Position(settings.label(path), number, start + 1), line[start:end]))
    return found


def imported_from(candidate_file: Path) -> str | None:
    """The notes file a candidate was imported from (the header ``invoke import-notes`` writes
    into candidate.yml), or None: not imported, header removed, or the file unreadable."""
    try:
        match = _IMPORTED_FROM.search(candidate_file.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return match.group(1) if match else None
