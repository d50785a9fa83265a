"""Validate a project: the single entry point shared by ``invoke validate`` and the site build.

The build and the command line run exactly this function, so they stop on the
same errors with the same messages (design.md §5, §8).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, has_errors
from .loader import load_project
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

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not has_errors(self.diagnostics)


def validate_project(root: Path) -> ValidationReport:
    """Load and check the project rooted at ``root`` (the folder holding ``hiring.yml``,
    ``roles/`` and ``candidates/``). Never raises for bad data."""
    settings, problems = load_settings(root)
    project, diagnostics = load_project(settings)
    all_problems = sorted([*problems, *diagnostics], key=Diagnostic.sort_key)
    return ValidationReport(settings, project, tuple(all_problems))
