"""Project settings from ``hiring.yml`` at the project root (optional).

Kept outside ``mkdocs.yml`` so the core (validate, tasks, future non-MkDocs
renderers) reads the same thresholds as the site without parsing MkDocs'
configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .schemas import check_schema
from .yamlio import parse_yaml, read_source

SETTINGS_FILE = "hiring.yml"

SETTINGS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Hiring knowledge base settings",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "roles_dir": {"type": "string"},
        "candidates_dir": {"type": "string"},
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
    },
}


@dataclass(frozen=True)
class FitThresholds:
    """Role-fit thresholds (design.md §4).

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
class Settings:
    """Where the data lives and the thresholds to judge it by. Paths are absolute."""

    root: Path
    roles_dir: Path
    candidates_dir: Path
    thresholds: FitThresholds = field(default_factory=FitThresholds)

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
                problems = check_schema(doc, SETTINGS_SCHEMA)
                if not problems:
                    values = dict(doc.data)
    fit = dict(values.get("fit") or {})
    thresholds = FitThresholds(
        bar=int(fit.get("bar", 3)),
        strong_fit=Fraction(str(fit.get("strong_fit", 80))),
        fit=Fraction(str(fit.get("fit", 60))),
        min_coverage=Fraction(str(fit.get("min_coverage", "0.6"))),
        split_spread=int(fit.get("split_spread", 2)),
    )
    settings = Settings(
        root=root,
        roles_dir=root / str(values.get("roles_dir", "roles")),
        candidates_dir=root / str(values.get("candidates_dir", "candidates")),
        thresholds=thresholds,
    )
    return settings, problems
