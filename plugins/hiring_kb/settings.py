"""Project settings from ``hiring.yml`` at the project root (optional).

Kept outside ``mkdocs.yml`` so the core (validate, tasks, future non-MkDocs
renderers) reads the same thresholds as the site without parsing MkDocs'
configuration.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml import YAML

from .audiences import AUDIENCES_SCHEMA, Audience, audiences_from_settings
from .deploy_settings import DEPLOY_SCHEMA, DeployConfig
from .diagnostics import Diagnostic, error, register_rules
from .names import ID_PATTERN
from .retention import RETENTION_SCHEMA, RetentionPolicy
from .schemas import check_schema
from .sealed import RECIPIENT_PATTERN, recipient_problem
from .yamlio import YamlDoc, parse_yaml, read_source, values_emptied_by_hash

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "folder-outside-project": (
            "roles_dir, candidates_dir or import.unassigned_dir of hiring.yml outside the project"
        ),
        "folder-published": "roles_dir, candidates_dir or import.unassigned_dir of hiring.yml inside "
        "docs/ or the site folder",
    },
)

SETTINGS_FILE = "hiring.yml"

_ROLE_REFERENCE = {
    "type": "string",
    "pattern": ID_PATTERN,
    "x-code": "invalid-id",
    "x-hint": "write a role id, the name of a file in roles/ without '.yml', e.g. 'backend-engineer' (never a path)",
}

#: Decision reasons when hiring.yml sets none (id -> label), the ones ATS users report on most.
DEFAULT_DECISION_REASONS: Mapping[str, str] = {
    "must-have-gap": "Must-have below the bar",
    "skills": "Skills below the role's needs",
    "compensation": "Compensation",
    "candidate-withdrew": "Candidate withdrew",
    "hired-elsewhere": "Accepted another offer",
    "role-closed": "Role closed",
    "best-fit": "Best fit for the role",
}

SETTINGS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Hiring knowledge base settings",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "roles_dir": {"type": "string"},
        "candidates_dir": {"type": "string"},
        # Optional interviewer roster: when set, every note's interviewer must be one of these ids.
        "interviewers": {
            "type": "array",
            "items": {
                "type": "string",
                "pattern": ID_PATTERN,
                "x-code": "invalid-id",
                "x-hint": "use the interviewer's handle: lowercase letters, digits and '-'",
            },
            "uniqueItems": True,
            "description": "Interviewer ids allowed in notes (e.g. [ana, bea]); leave out to allow any.",
        },
        "retention": RETENTION_SCHEMA,
        "deploy": DEPLOY_SCHEMA,
        # Public keys that can read sealed private: blocks (hiring_kb.sealed; docs/privacy.md).
        "private_recipients": {
            "type": "array",
            "items": {
                "type": "string",
                "pattern": RECIPIENT_PATTERN,
                "x-code": "invalid-value",
                "x-hint": "write an admin's public key: 'age1…' (invoke private-keygen or age-keygen -y) or "
                "'ssh-ed25519 …'",
            },
            "uniqueItems": True,
            "description": "Admins' public keys (age1… or ssh-ed25519 …): private: values are sealed for them.",
        },
        # Need-to-know sites: one per hiring team, each with only its roles' candidates.
        "audiences": AUDIENCES_SCHEMA,
        "fit": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "bar": {"type": "integer", "minimum": 1, "maximum": 4},
                "strong_fit": {"type": "number", "minimum": 0, "maximum": 100},
                "fit": {"type": "number", "minimum": 0, "maximum": 100},
                "min_coverage": {"type": "number", "minimum": 0, "maximum": 1},
                "split_spread": {"type": "integer", "minimum": 1, "maximum": 3},
            },
        },
        "dashboard": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "stale_days": {"type": "integer", "minimum": 1},
                "recent_interviews": {"type": "integer", "minimum": 1},
            },
        },
        "calibration": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "leniency": {"type": "number", "exclusiveMinimum": 0, "maximum": 3},
                "min_comparisons": {"type": "integer", "minimum": 1},
                "disagreement": {"type": "number", "exclusiveMinimum": 0, "maximum": 3},
                # Distinct candidates an interviewer must share ratings on before being flagged.
                "min_candidates": {"type": "integer", "minimum": 1},
                # Pairable ratings below which reliability (Krippendorff's alpha) reads "not enough data".
                "min_pairable": {"type": "integer", "minimum": 2},
            },
        },
        # Reasons a decision (invoke move --status ...) can give: id -> label shown on the site.
        "decision_reasons": {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1},
            "x-hint": "write one 'id: Label' line per reason, e.g. must-have-gap: Must-have below the bar",
        },
        # Hide a candidate's role fit until every planned scorecard of their stage is in.
        "debrief_gate": {"type": "boolean"},
        # What makes a scorecard complete (hiring_kb.loader: rating-without-recommendation).
        "scorecards": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "require_recommendation": {
                    "type": "boolean",
                    "description": "true: ratings without a recommendation are an error (default: a warning).",
                },
            },
        },
        "import": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "person_heading_level": {"type": "integer", "minimum": 1, "maximum": 6},
                # Role references are ids, never paths (issue 11).
                "role_hints": {"type": "object", "additionalProperties": _ROLE_REFERENCE},
                "default_role": {**_ROLE_REFERENCE, "type": ["string", "null"]},
                "interviewer": {"type": "string", "pattern": ID_PATTERN},
                "unassigned_dir": {"type": "string", "minLength": 1},
            },
        },
        "lint": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "protected": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}},
                },
                "verdicts": {"type": "array", "items": {"type": "string", "minLength": 1}},
            },
        },
    },
}


#: The data folders when hiring.yml names none (relative to the project root).
DEFAULT_FOLDERS: Mapping[str, str] = {"roles_dir": "roles", "candidates_dir": "candidates"}


@dataclass(frozen=True)
class FitThresholds:
    """Role-fit thresholds (the rules: docs/process.md, "Role fit"; :mod:`hiring_kb.fit`).

    ``bar``: level (1..4) a must-have's mean must reach; ``strong_fit`` and
    ``fit``: fit percentages (0..100) for those verdicts; ``min_coverage``:
    weight share (0..1) below which the verdict is ``incomplete``;
    ``split_spread``: max-min rating difference that marks a split panel.
    """

    bar: int = 3
    strong_fit: Fraction = Fraction(80)
    fit: Fraction = Fraction(60)
    min_coverage: Fraction = Fraction(3, 5)
    split_spread: int = 2


@dataclass(frozen=True)
class DashboardSettings:
    """Home-page dashboard settings.

    ``stale_days``: an active candidate with no interview (or, without
    interviews, no application) for at least this many days needs attention;
    ``recent_interviews``: how many of the latest interviews the home page lists.
    """

    stale_days: int = 14
    recent_interviews: int = 8


@dataclass(frozen=True)
class CalibrationSettings:
    """Calibration settings (see :mod:`hiring_kb.calibration`).

    ``leniency``: an interviewer whose mean offset from the panel (in rating
    levels) is at least this much above is flagged lenient, this much below
    harsh; ``min_comparisons``: ratings that must be comparable with another
    interviewer's before a flag is raised; ``disagreement``: mean absolute
    pairwise difference (levels) at or above which a competency is flagged as
    one the panel does not agree on; ``min_candidates``: distinct candidates
    the shared ratings must cover before anyone is flagged (one candidate says
    more about that candidate than about the interviewer); ``min_pairable``:
    ratings in units rated by two or more interviewers below which
    Krippendorff's alpha is shown as "not enough data" (:mod:`hiring_kb.reliability`).
    """

    leniency: Fraction = Fraction(3, 4)
    min_comparisons: int = 3
    disagreement: Fraction = Fraction(1)
    min_candidates: int = 3
    min_pairable: int = 10


@dataclass(frozen=True)
class ImportRules:
    """How ``invoke import-notes`` reads free-form notes (see :mod:`hiring_kb.importer`).

    ``person_heading_level``: a heading of this level (1..6) starts one person's
    section; ``role_hints``: lowercase hint word in a heading (``QA`` in
    ``### QA - Paula``) → role id; ``default_role``: role of a person with no
    hint; ``interviewer``: handle written into imported notes;
    ``unassigned_dir``: folder (relative to the root) for text that belongs to
    no person.
    """

    person_heading_level: int = 3
    role_hints: Mapping[str, str] = field(default_factory=dict)
    default_role: str | None = None
    interviewer: str = "imported"
    unassigned_dir: str = "imports"


@dataclass(frozen=True)
class LintRules:
    """Word lists of the notes lint (see :mod:`hiring_kb.lint`); None = the built-in list.

    ``protected``: characteristic (e.g. "age") → words that mention it;
    ``verdicts``: verdict words that need evidence on the same line.
    """

    protected: Mapping[str, tuple[str, ...]] | None = None
    verdicts: tuple[str, ...] | None = None


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
    #: Days to keep candidates per status (hiring_kb.retention); where to publish (None: not set up).
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    deploy: DeployConfig | None = None
    #: Public keys private: blocks are sealed for (hiring_kb.sealed); empty: sealing is not set up.
    private_recipients: tuple[str, ...] = ()
    #: Sites per hiring team (hiring_kb.audiences); empty: one site of every candidate.
    audiences: tuple[Audience, ...] = ()

    def label(self, path: Path) -> str:
        """Return ``path`` relative to the project root, POSIX style, for messages."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


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
                    problems = _check_data_folders(doc, root)
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

    The verdict rules (:mod:`hiring_kb.fit`) test ``strong_fit`` first, so with ``fit >= strong_fit``
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


#: The keys of hiring.yml that name a data folder: (section or None, key, default).
DATA_FOLDER_KEYS = (
    (None, "roles_dir", DEFAULT_FOLDERS["roles_dir"]),
    (None, "candidates_dir", DEFAULT_FOLDERS["candidates_dir"]),
    ("import", "unassigned_dir", ImportRules.unassigned_dir),
)


def _mkdocs_folders(root: Path, config_file: Path | None = None) -> dict[str, Path]:
    """``docs_dir`` and ``site_dir`` of ``config_file`` (default ``<root>/mkdocs.yml``), resolved against
    its folder; MkDocs' defaults ``docs`` and ``site`` for what it does not set, also when the file is
    missing or does not parse."""
    folders = {"docs_dir": "docs", "site_dir": "site"}
    config_file = config_file or root / "mkdocs.yml"
    root = config_file.parent
    try:  # round-trip loading accepts MkDocs' tags (!ENV, !!python/name:…) without running them
        config = YAML(typ="rt").load(config_file.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - any unreadable mkdocs.yml: MkDocs itself reports it
        config = None
    if isinstance(config, dict):
        folders.update({k: str(config[k]) for k in folders if isinstance(config.get(k), str) and config[k].strip()})
    return {key: (root / folder).resolve() for key, folder in folders.items()}


def docs_folder(root: Path, config_file: Path | None = None) -> Path:
    """The folder of hand-written pages MkDocs publishes (``docs_dir`` of mkdocs.yml, default ``docs``);
    ``config_file`` is the MkDocs configuration when it is not ``<root>/mkdocs.yml``."""
    return _mkdocs_folders(root, config_file)["docs_dir"]


def docs_folder_as_written(root: Path, config_file: Path | None = None) -> Path:
    """:func:`docs_folder` with symbolic links not followed (``<root>/docs`` even when it is a link)."""
    config_file = config_file or root / "mkdocs.yml"
    try:
        config = YAML(typ="rt").load(config_file.read_text(encoding="utf-8"))
        written = config["docs_dir"].strip() if isinstance(config["docs_dir"], str) else "docs"
    except Exception:  # noqa: BLE001 - unreadable, or no docs_dir: MkDocs' default
        written = "docs"
    return Path(os.path.normpath(config_file.parent / (written or "docs")))


def published_folders(root: Path) -> tuple[Path, ...]:
    """The folders whose files end up on the site, resolved: MkDocs' ``docs_dir`` and ``site_dir``
    (:func:`docs_folder`) and ``site``, where ``invoke build`` writes."""
    folders = _mkdocs_folders(root)
    return tuple(dict.fromkeys((folders["docs_dir"], folders["site_dir"], (root / "site").resolve())))


def data_folder_problem(root: Path, folder: str, published: tuple[Path, ...] | None = None) -> tuple[str, str] | None:
    """Why ``folder`` (as written in hiring.yml, relative to ``root``) must not hold project data.

    Returns ``(code, reason)``: ``folder-outside-project`` when the path (``..`` resolved, links
    not followed: a link leaving the project is ``symlink-outside-repo`` of
    :mod:`hiring_kb.sources`) is not strictly inside ``root``; ``folder-published`` when the
    folder, links followed, is, holds or lies inside one of :func:`published_folders` (MkDocs
    copies everything there into the site, with nav and search). None when it is fine.
    ``published`` defaults to :func:`published_folders` of ``root``.
    """
    root = root.resolve()
    lexical = Path(os.path.normpath(root / folder))
    if lexical == root or root not in lexical.parents:
        return "folder-outside-project", "is the project folder itself" if lexical == root else "is outside the project"
    path = (root / folder).resolve()
    for folder_published in published_folders(root) if published is None else published:
        if path == folder_published or folder_published in path.parents or path in folder_published.parents:
            shown = (
                folder_published.relative_to(root).as_posix()
                if root in folder_published.parents
                else str(folder_published)
            )
            relation = "contains" if path in folder_published.parents else "is inside"
            return "folder-published", f"{relation} {shown}/, which is published"
    return None


def _check_data_folders(doc: YamlDoc, root: Path) -> list[Diagnostic]:
    """``folder-outside-project`` / ``folder-published`` for each folder of :data:`DATA_FOLDER_KEYS`
    set in ``doc`` (see :func:`data_folder_problem`): data read from outside the repository is
    never reviewed, and data written under docs/ or the site is published as it is."""
    found: list[Diagnostic] = []
    published: tuple[Path, ...] | None = None
    for section, key, default in DATA_FOLDER_KEYS:
        mapping = doc.data.get(section) if section else doc.data
        if not isinstance(mapping, dict) or not isinstance(mapping.get(key), str):
            continue
        published = published or published_folders(root)
        problem = data_folder_problem(root, mapping[key], published)
        if problem is None:
            continue
        code, reason = problem
        name = f"{section}.{key}" if section else key
        found.append(
            error(
                doc.value(mapping, key),
                code,
                f"{name} '{mapping[key]}' {reason}",
                f"use a folder inside the project, e.g. '{default}' (the default): data from outside the repository "
                "is never reviewed in pull requests"
                if code == "folder-outside-project"
                else f"use a folder outside docs/ and site/, e.g. '{default}' (the default): every file there is "
                "published as it is, in the nav and the search",
            )
        )
    return sorted(found, key=Diagnostic.sort_key)


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
