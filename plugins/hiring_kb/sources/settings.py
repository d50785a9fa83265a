"""Project settings from ``hiring.yml`` at the project root (optional): reading and checking the file.

Kept outside ``mkdocs.yml`` so the core (validate, tasks, future non-MkDocs
renderers) reads the same thresholds as the site without parsing MkDocs'
configuration. What the file may hold is :data:`hiring_kb.sources.settings_schema.SETTINGS_SCHEMA`;
what applies when a key is left out is in :mod:`hiring_kb.sources.settings_defaults`; the data and
published folders are judged by :mod:`hiring_kb.sources.project_folders`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from hiring_kb.base.diagnostics import Diagnostic, error
from hiring_kb.base.sealed import recipient_problem
from hiring_kb.sources.audiences import Audience, audiences_from_settings
from hiring_kb.sources.deploy_settings import DeployConfig
from hiring_kb.sources.project_folders import check_data_folders
from hiring_kb.sources.retention import RetentionPolicy
from hiring_kb.sources.schemas import check_schema
from hiring_kb.sources.settings_defaults import (
    DEFAULT_DECISION_REASONS,
    DEFAULT_FOLDERS,
    CalibrationSettings,
    DashboardSettings,
    FitThresholds,
    ImportRules,
    LintRules,
)
from hiring_kb.sources.settings_schema import SETTINGS_SCHEMA
from hiring_kb.sources.yamlio import YamlDoc, parse_yaml, read_source, values_emptied_by_hash

SETTINGS_FILE = "hiring.yml"


@dataclass(frozen=True)
class Settings:
    """Where the data lives and the thresholds to judge it by. Paths are absolute."""

    root: Path
    roles_dir: Path
    candidates_dir: Path
    thresholds: FitThresholds = field(default_factory=FitThresholds)
    dashboard: DashboardSettings = field(default_factory=DashboardSettings)
    calibration: CalibrationSettings = field(default_factory=CalibrationSettings)
    debrief_gate: bool = False
    #: ``scorecards.require_recommendation``: ratings without a recommendation fail validation (else warn).
    require_recommendation: bool = False
    import_rules: ImportRules = field(default_factory=ImportRules)
    lint_rules: LintRules = field(default_factory=LintRules)
    #: Reasons a decision can give (id -> label), in hiring.yml order (``decision_reasons:``).
    decision_reasons: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_DECISION_REASONS))
    #: The interviewer roster (ids); empty when hiring.yml sets none (then any id is accepted).
    interviewers: tuple[str, ...] = ()
    #: Days to keep candidates per status (hiring_kb.sources.retention); where to publish (None: not set up).
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    deploy: DeployConfig | None = None
    #: Public keys private: blocks are sealed for (hiring_kb.base.sealed); empty: sealing is not set up.
    private_recipients: tuple[str, ...] = ()
    #: Sites per hiring team (hiring_kb.sources.audiences); empty: one site of every candidate.
    audiences: tuple[Audience, ...] = ()

    def label(self, path: Path) -> str:
        """Return ``path`` relative to the project root, POSIX style, for messages."""
        text = str(path)
        if text.startswith(self._root_prefix):  # as relative_to, without taking both paths apart (a few per file)
            return text[len(self._root_prefix) :].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @cached_property
    def _root_prefix(self) -> str:
        """``root`` as text ending in a separator: how every path inside it starts."""
        return str(self.root).rstrip(os.sep) + os.sep


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    """Read ``<root>/hiring.yml`` (absent: defaults).

    Returns the settings (defaults for anything missing or invalid) and the
    diagnostics of an invalid file.
    """
    root = root.resolve()
    path = root / SETTINGS_FILE
    values: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    if path.exists():
        source, problems = read_source(path, SETTINGS_FILE)
        if source is not None:
            doc, problems = parse_yaml(source.text, source.path)
            if doc is not None:
                problems = check_schema(doc, SETTINGS_SCHEMA) + values_emptied_by_hash(doc)
                if not problems:
                    problems = _check_fit_order(doc)
                if not problems:
                    problems = check_data_folders(doc, root)
                if not problems:
                    problems = _check_recipients(doc)
                if not problems:
                    values = dict(doc.data)
    settings = Settings(
        root=root,
        roles_dir=root / str(values.get("roles_dir", DEFAULT_FOLDERS["roles_dir"])),
        candidates_dir=root / str(values.get("candidates_dir", DEFAULT_FOLDERS["candidates_dir"])),
        thresholds=_with_values(FitThresholds(), values.get("fit")),
        dashboard=_with_values(DashboardSettings(), values.get("dashboard")),
        calibration=_with_values(CalibrationSettings(), values.get("calibration")),
        decision_reasons=(
            {str(k): str(v) for k, v in values["decision_reasons"].items()}
            if values.get("decision_reasons")
            else dict(DEFAULT_DECISION_REASONS)
        ),
        debrief_gate=bool(values.get("debrief_gate", Settings.debrief_gate)),
        require_recommendation=bool(
            dict(values.get("scorecards") or {}).get("require_recommendation", Settings.require_recommendation)
        ),
        import_rules=_import_rules(dict(values.get("import") or {})),
        lint_rules=_lint_rules(dict(values.get("lint") or {})),
        interviewers=tuple(str(i) for i in values.get("interviewers") or ()),
        retention=RetentionPolicy.from_settings(values.get("retention")),
        deploy=DeployConfig.from_settings(values.get("deploy"), root),
        private_recipients=tuple(str(r).strip() for r in values.get("private_recipients") or ()),
        audiences=audiences_from_settings(values.get("audiences")),
    )
    return settings, problems


def _check_recipients(doc: YamlDoc) -> list[Diagnostic]:
    """``invalid-value`` for each ``private_recipients:`` entry that has the shape of a key but does
    not decode as one (a typo in the checksum, a cut line): nothing could be sealed for it."""
    keys = doc.data.get("private_recipients") or []
    found = []
    for index, key in enumerate(keys):
        problem = recipient_problem(str(key))
        if problem:
            found.append(
                error(
                    doc.item(keys, index),
                    "invalid-value",
                    f"private_recipients[{index}]: {problem}",
                    "copy the whole public key again from the admin ('# public key:' line of the identity file)",
                )
            )
    return found


def _check_fit_order(doc: YamlDoc) -> list[Diagnostic]:
    """``invalid-value`` when ``fit.fit`` is not below ``fit.strong_fit`` (either may be the default).

    The verdict rules (:mod:`hiring_kb.analysis.fit`) test ``strong_fit`` first, so with ``fit >= strong_fit``
    no candidate could ever get the ``fit`` verdict. Points at ``fit.fit`` when it is set,
    else at ``fit.strong_fit``.
    """
    section = doc.data.get("fit") or {}
    defaults = FitThresholds()
    fit = section.get("fit", defaults.fit)
    strong = section.get("strong_fit", defaults.strong_fit)
    if Fraction(str(fit)) < Fraction(str(strong)):
        return []

    def shown(key: str, value: Any) -> str:
        return f"{value}" if key in section else f"{value} (the default)"

    at = doc.value(section, "fit" if "fit" in section else "strong_fit")
    return [
        error(
            at,
            "invalid-value",
            f"fit.fit is {shown('fit', fit)}, not below fit.strong_fit {shown('strong_fit', strong)}: "
            "no candidate could get the 'fit' verdict",
            "set fit below strong_fit, e.g. fit: 60 and strong_fit: 80 (the defaults)",
        )
    ]


_Section = TypeVar("_Section", FitThresholds, DashboardSettings, CalibrationSettings)
#: How a value of hiring.yml becomes a field of that type (the schema has checked it already).
_FIELD_TYPES: Mapping[str, Callable[[Any], Any]] = {"int": int, "Fraction": lambda value: Fraction(str(value))}


def _with_values(defaults: _Section, values: Mapping[str, Any] | None) -> _Section:
    """``defaults`` (the dataclass's own defaults: written once, there) with the keys of one section of
    hiring.yml that are set, each turned into its field's type (``0.6`` → ``Fraction(3, 5)`` exactly)."""
    types = {f.name: str(f.type) for f in fields(defaults)}
    return replace(defaults, **{key: _FIELD_TYPES[types[key]](value) for key, value in (values or {}).items()})


def _import_rules(values: dict[str, Any]) -> ImportRules:
    defaults = ImportRules()
    return ImportRules(
        person_heading_level=int(values.get("person_heading_level", defaults.person_heading_level)),
        role_hints={str(k).strip().casefold(): str(v) for k, v in (values.get("role_hints") or {}).items()},
        default_role=None if values.get("default_role") is None else str(values["default_role"]),
        interviewer=str(values.get("interviewer", defaults.interviewer)),
        unassigned_dir=str(values.get("unassigned_dir", defaults.unassigned_dir)),
    )


def _lint_rules(values: dict[str, Any]) -> LintRules:
    protected = values.get("protected")
    verdicts = values.get("verdicts")
    return LintRules(
        protected=None if protected is None else {str(k): tuple(map(str, v)) for k, v in protected.items()},
        verdicts=None if verdicts is None else tuple(map(str, verdicts)),
    )
