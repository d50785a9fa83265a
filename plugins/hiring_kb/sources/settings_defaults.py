"""The defaults of ``hiring.yml``, written once: the typed sections of the file with their default values.

Each section (``fit:``, ``dashboard:``, ``calibration:``, ``import:``, ``lint:``) is a frozen
dataclass whose field defaults are what applies when the key is left out;
:func:`hiring_kb.sources.settings.load_settings` starts from them and replaces only the keys the file
sets. The top-level switches (``debrief_gate``, ``scorecards.require_recommendation``...) default
on :class:`hiring_kb.sources.settings.Settings`; ``retention:`` and ``deploy:`` in their own modules.
This module reads no file and imports nothing of the package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

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

#: The data folders when hiring.yml names none (relative to the project root).
DEFAULT_FOLDERS: Mapping[str, str] = {"roles_dir": "roles", "candidates_dir": "candidates"}


@dataclass(frozen=True)
class FitThresholds:
    """Role-fit thresholds (the rules: docs/process.md, "Role fit"; :mod:`hiring_kb.analysis.fit`).

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
    """Calibration settings (see :mod:`hiring_kb.analysis.calibration`).

    ``leniency``: an interviewer whose mean offset from the panel (in rating
    levels) is at least this much above is flagged lenient, this much below
    harsh; ``min_comparisons``: ratings that must be comparable with another
    interviewer's before a flag is raised; ``disagreement``: mean absolute
    pairwise difference (levels) at or above which a competency is flagged as
    one the panel does not agree on; ``min_candidates``: distinct candidates
    the shared ratings must cover before anyone is flagged (one candidate says
    more about that candidate than about the interviewer); ``min_pairable``:
    ratings in units rated by two or more interviewers below which
    Krippendorff's alpha is shown as "not enough data" (:mod:`hiring_kb.analysis.reliability`).
    """

    leniency: Fraction = Fraction(3, 4)
    min_comparisons: int = 3
    disagreement: Fraction = Fraction(1)
    min_candidates: int = 3
    min_pairable: int = 10


@dataclass(frozen=True)
class ImportRules:
    """How ``invoke import-notes`` reads free-form notes (see :mod:`hiring_kb.authoring.importer`).

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
    """Word lists of the notes lint (see :mod:`hiring_kb.sources.lint`); None = the built-in list.

    ``protected``: characteristic (e.g. "age") → words that mention it;
    ``verdicts``: verdict words that need evidence on the same line.
    """

    protected: Mapping[str, tuple[str, ...]] | None = None
    verdicts: tuple[str, ...] | None = None
