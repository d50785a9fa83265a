"""Validate a project: the single entry point shared by ``invoke validate`` and the site build.

The build and the command line run exactly this function, so they stop on the
same errors with the same messages (docs/validation.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.base.clock import today as clock_today
from hiring_kb.base.diagnostics import Diagnostic, Position, has_errors, warning
from hiring_kb.base.sealed import FROM_ENVIRONMENT, IDENTITY_ENV, Keyring, SealError, keyring_from
from hiring_kb.model.models import Project
from hiring_kb.sources.audiences import check_audiences
from hiring_kb.sources.handwritten import check_docs
from hiring_kb.sources.loader import load_project
from hiring_kb.sources.private_checks import check_project_sealed
from hiring_kb.sources.project_folders import docs_folder, docs_folder_as_written
from hiring_kb.sources.retention import check_retention
from hiring_kb.sources.settings import SETTINGS_FILE, Settings, load_settings
from hiring_kb.sources.site_extensions import check_site_config


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
    today: dt.date

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not has_errors(self.diagnostics)


def validate_project(
    root: Path,
    today: dt.date | None = None,
    keyring: Keyring | object | None = FROM_ENVIRONMENT,
    for_deploy: bool = False,
    mkdocs_config: Path | None = None,
) -> ValidationReport:
    """Load and check the project rooted at ``root`` (the folder holding ``hiring.yml``,
    ``roles/`` and ``candidates/``).

    ``today`` is the date the data is checked against (default:
    :func:`hiring_kb.base.clock.today`, i.e. ``SOURCE_DATE_EPOCH`` when set, as in the
    site build, else the local date): no interview, application or decision date
    may be later than the day after it (see :mod:`hiring_kb.sources.rules`). ``for_deploy``: judge as
    ``invoke deploy`` does (a candidate past retention is an error, not a warning). Raises
    ValueError only when ``today`` is None and ``SOURCE_DATE_EPOCH`` is not a
    whole number. Never raises for bad data; the rule codes
    are listed in :mod:`hiring_kb.sources.rules`, :mod:`hiring_kb.sources.schemas`,
    :mod:`hiring_kb.sources.source_files` and :mod:`hiring_kb.sources.yamlio`.

    ``keyring`` opens sealed ``private:`` blocks so their values are checked too
    (:func:`hiring_kb.sources.private_checks.check_sealed_values`); by default the identity file named by
    ``HIRING_AGE_IDENTITY``, if any (an unusable one is a ``sealed-unreadable`` warning); None: the
    structure only, as for everyone without a key.

    The site's own sources are checked too: the hand-written pages of docs/
    (:mod:`hiring_kb.sources.handwritten`) and the plugins and extensions of ``mkdocs_config``
    (default: ``<root>/mkdocs.yml``; :mod:`hiring_kb.sources.site_extensions`).
    """
    today = today or clock_today()
    settings, problems = load_settings(root)
    # Loading also lints the notes (words that do not belong in a scorecard, hiring_kb.sources.lint) and
    # warns about an email or phone number in a note, which would stop `invoke deploy` (audit).
    project, diagnostics = load_project(settings, today=today)
    diagnostics += _sealed_values(settings, keyring)
    # Retention (hiring_kb.sources.retention): due soon warns; past the period warns, and fails for a deploy.
    diagnostics += check_retention(
        project, settings.retention, today, lambda label: _read(settings.root / label), for_deploy
    )
    # Audiences (hiring_kb.sources.audiences) name roles: each must exist.
    if settings.audiences and not problems:
        diagnostics += check_audiences(
            settings.audiences, set(project.roles), _read(settings.root / SETTINGS_FILE), SETTINGS_FILE
        )
    # Hand-written pages and the build's plugins under the same rules as the data (issue 11).
    config_file = mkdocs_config or settings.root / "mkdocs.yml"
    docs_dir = docs_folder(settings.root, config_file)
    diagnostics += check_docs(settings, docs_dir, docs_folder_as_written(settings.root, config_file))
    diagnostics += check_site_config(config_file, settings.label(config_file))
    all_problems = sorted([*problems, *diagnostics], key=Diagnostic.sort_key)
    return ValidationReport(settings, project, tuple(all_problems), today)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _sealed_values(settings: Settings, keyring: Keyring | object | None) -> list[Diagnostic]:
    """The checks of sealed values that need an identity (none without one)."""
    if keyring is FROM_ENVIRONMENT:
        try:
            keyring = keyring_from()
        except SealError as exc:
            return [
                warning(
                    Position(IDENTITY_ENV),
                    "sealed-unreadable",
                    f"{exc}; sealed private: values were not checked",
                    f"point {IDENTITY_ENV} at your identity file (invoke private-keygen), or unset it",
                )
            ]
    if not isinstance(keyring, Keyring):
        return []
    return check_project_sealed(settings.candidates_dir, settings.label, keyring)
