"""Validate a project: the single entry point shared by ``invoke validate`` and the site build.

The build and the command line run exactly this function, so they stop on the
same errors with the same messages (design.md §5, §8).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, has_errors
from .lint import lint_project
from .loader import load_project
from .personal_data import check_notes_for_contact_details
from .retention import check_retention
from .models import Project
from .settings import Settings, load_settings


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of :func:`validate_project`.

    ``project`` holds only the files without errors; ``diagnostics`` are sorted
    by path, line and column.
    """

    settings: Settings
    project: Project
    diagnostics: tuple[Diagnostic, ...]
    #: The date the data was checked against (no date may be later; retention counts to it).
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not has_errors(self.diagnostics)


def validate_project(root: Path, today: dt.date | None = None) -> ValidationReport:
    """Load and check the project rooted at ``root`` (the folder holding ``hiring.yml``,
    ``roles/`` and ``candidates/``).

    ``today`` is the date the data is checked against (default: ``date.today()``):
    no interview, application or decision date may be later than the day after
    it (see :mod:`hiring_kb.rules`). Never raises for bad data; the rule codes
    are listed in :mod:`hiring_kb.rules`, :mod:`hiring_kb.schemas`,
    :mod:`hiring_kb.sources` and :mod:`hiring_kb.yamlio`.
    """
    today = today or dt.date.today()
    settings, problems = load_settings(root)
    project, diagnostics = load_project(settings, today=today)
    # The notes lint only warns: words that do not belong in a scorecard (hiring_kb.lint).
    diagnostics += lint_project(project, settings.lint_rules)
    # Privacy (hiring_kb.retention, hiring_kb.personal_data): past retention fails, due soon
    # warns; an email or phone number in a note warns here and stops `invoke deploy` (audit).
    diagnostics += check_retention(project, settings.retention, today, lambda label: _read(settings.root / label))
    diagnostics += check_notes_for_contact_details(project)
    all_problems = sorted([*problems, *diagnostics], key=Diagnostic.sort_key)
    return ValidationReport(settings, project, tuple(all_problems), today)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
