"""What every invoke task shares: the wiki it runs on, its settings and "today", and the wording of a stop.

The task modules (``tasks_*.py``, listed in :data:`hiring_kb.task_loading.TASK_MODULES`) each take
their wiki's root from :func:`hiring_kb.task_loading.loading_root` when they are loaded, and pass it
to these helpers. Each helper turns a core failure into :class:`invoke.Exit` with one line (or the
diagnostics) for people and the exit code the commands document: 1 refused or failed, 2 a mistyped
command line or an internal error. No task lives here, and nothing here prints except the
validation report of :func:`run_validation`.
"""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

from invoke import Exit

from hiring_kb.authoring.edit import EditError
from hiring_kb.base.diagnostics import FORMATS, Severity, render_report
from hiring_kb.sources.settings import Settings, load_settings
from hiring_kb.sources.validate import ValidationReport, validate_project

#: The wiki's files the tasks name, relative to its root.
MKDOCS_FILE = "mkdocs.yml"
SITE_FOLDER = "site"


def run_validation(root: Path, fmt: str, strict: bool, debug: bool, for_deploy: bool = False) -> ValidationReport:
    """Validate the wiki at ``root``, print the report in ``fmt`` (text, github or json), and raise
    ``Exit`` when it fails (1: errors, or warnings with ``strict``) or crashes (2; a traceback only
    with ``debug``). Returns the report when nothing fails."""
    if fmt not in FORMATS:
        raise Exit(f"unknown --format '{fmt}'; expected one of: {', '.join(FORMATS)}", code=2)
    today = today_or_exit()  # SOURCE_DATE_EPOCH when set: the same "today" as the site build
    try:
        report = validate_project(root, today=today, for_deploy=for_deploy)
    except Exception as exc:  # noqa: BLE001 - an internal failure is one line, never a traceback (unless asked)
        if debug:
            traceback.print_exc()
        raise Exit(f"internal error while validating: {exc!r} (rerun with --debug for details)", code=2) from None
    print(render_report(report.diagnostics, fmt))
    failing = [d for d in report.diagnostics if strict or d.severity is Severity.ERROR]
    if failing:
        raise Exit(code=1)
    return report


def settings_or_exit(root: Path) -> Settings:
    """The settings of the wiki at ``root``; a broken hiring.yml stops the command with its diagnostics (1)."""
    settings, problems = load_settings(root)
    if problems:
        raise Exit(render_report(problems), code=1)
    return settings


def date_option(value: str | None, option: str = "--date") -> dt.date | None:
    """The date typed for ``option`` (YYYY-MM-DD), None when not given; ``Exit`` (2) saying how to write it."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Exit(f"{option} '{value}' is not a date; write it as YYYY-MM-DD", code=2) from None


def refused(exc: EditError) -> Exit:
    """The ``Exit`` (1) of an edit the core refused: its diagnostics, one per line."""
    return Exit("\n".join(d.format() for d in exc.diagnostics), code=1)


def today_or_exit() -> dt.date:
    """The date every check is judged by (hiring_kb.base.clock): SOURCE_DATE_EPOCH when set, as in the build;
    ``Exit`` (2) when SOURCE_DATE_EPOCH is not a number of seconds."""
    from hiring_kb.base.clock import today

    try:
        return today()
    except ValueError as exc:
        raise Exit(str(exc), code=2) from None
