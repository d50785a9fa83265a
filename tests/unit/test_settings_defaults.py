"""hiring.yml defaults are the dataclasses' own: a key left out reads as its default, a key set replaces only itself."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.settings_defaults import CalibrationSettings, DashboardSettings, FitThresholds, ImportRules


def test_no_hiring_yml_gives_every_default(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path)
    assert problems == []
    assert (settings.thresholds, settings.dashboard, settings.calibration) == (
        FitThresholds(),
        DashboardSettings(),
        CalibrationSettings(),
    )
    assert (settings.roles_dir, settings.candidates_dir) == (
        tmp_path.resolve() / "roles",
        tmp_path.resolve() / "candidates",
    )
    assert (settings.debrief_gate, settings.require_recommendation, settings.import_rules) == (
        False,
        False,
        ImportRules(),
    )
    assert FitThresholds().min_coverage == Fraction(3, 5) and CalibrationSettings().leniency == Fraction(3, 4)


def test_a_key_set_replaces_only_itself(tmp_path: Path) -> None:
    (tmp_path / "hiring.yml").write_text(
        "fit:\n  min_coverage: 0.55\n  split_spread: 3\ndashboard:\n  stale_days: 21\ncalibration:\n  leniency: 0.5\n",
        encoding="utf-8",
    )
    settings, problems = load_settings(tmp_path)
    assert problems == []
    assert settings.thresholds == FitThresholds(min_coverage=Fraction(11, 20), split_spread=3)
    assert settings.dashboard == DashboardSettings(stale_days=21)
    assert settings.calibration == CalibrationSettings(leniency=Fraction(1, 2))
    assert type(settings.dashboard.stale_days) is int
