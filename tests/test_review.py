"""`invoke review --base REV`: what a change does to the candidates, on real git repositories.

Each test commits a copy of the example project, changes the working tree as a pull request would,
runs the real `invoke review` command line and compares the Markdown with the exact expected text.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hiring_kb.analysis.review import review_project
from hiring_kb.sources.revision_files import ReviewError
from tests.conftest import ORIGINAL_CANDIDATES

EPOCH = str(int(dt.datetime(2026, 12, 1, 12, tzinfo=dt.timezone.utc).timestamp()))
NEW_SCORECARD = """---
interviewer: ana
date: 2026-11-30
stage: technical
ratings:
  test-strategy: 4
  automation: 3
recommendation: strong-yes
---
## Test strategy
- Wrote a risk-based plan for the demo app: smoke, regression, UAT split by release risk

## Test automation
- Has kept a Cypress suite of ~200 tests green for two years
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(project: Path) -> Path:
    """The example project's first four candidates (whose figures the expected texts were worked out
    for) as a git repository with one commit on main (no gate, for visible figures)."""
    for folder in (project / "candidates").iterdir():
        if folder.name not in ORIGINAL_CANDIDATES:
            shutil.rmtree(folder)
    hiring = project / "hiring.yml"
    hiring.write_text(hiring.read_text().replace("debrief_gate: true", "debrief_gate: false"))
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "base")
    return project


def review(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"SOURCE_DATE_EPOCH": EPOCH, "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "invoke", "review", *args], cwd=project, capture_output=True,
                          text=True, check=False, env=env)  # fmt: skip


def test_a_new_scorecard_shows_its_ratings_and_the_candidates_figures_before_and_after(repo: Path) -> None:
    (repo / "candidates/c-2b8f40/interviews/2026-11-30-technical-ana.md").write_text(NEW_SCORECARD)
    done = review(repo, "--base", "main")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "## What this change does to the hiring data (compared with `main`)\n"
        "\n"
        "### Lena Kowalczyk (`c-2b8f40`) · QA Engineer\n"
        "\n"
        "- added `2026-11-30-technical-ana.md`: QA deep dive · ana · Test strategy 4, Test automation 3 · recommendation Strong yes\n"
        "\n"
        "| | Fit | Coverage | Verdict | Rank in role |\n"
        "|---|---|---|---|---|\n"
        # Before: 100 × (2·1 + 2·2/3 + 2·2/3) / 6 = 77.8 over 6 of 12 weight, Test strategy (must-have) unrated.
        # After: 100 × (14/3 + 3·1 + 2·2/3) / 11 = 81.8 over 11 of 12 weight = 91.7 %; Marta (53.3) stays 2nd.
        "| before → after | 77.8 → 81.8 | 50.0 % → 91.7 % | Incomplete → Strong fit | 1 of 2 |\n"
    )


def test_a_weight_change_lists_every_candidate_whose_fit_verdict_or_rank_changes(repo: Path) -> None:
    role = repo / "roles/backend-engineer.yml"
    text = role.read_text()
    old = "  - id: leadership\n    name: Technical leadership\n    weight: 1\n"
    assert old in text
    role.write_text(text.replace(old, old.replace("weight: 1", "weight: 5")))
    done = review(repo, "--base", "HEAD")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "## What this change does to the hiring data (compared with `HEAD`)\n"
        "\n"
        "### Role: Backend Engineer (`backend-engineer`)\n"
        "\n"
        "- weight of Technical leadership: 1 → 5\n"
        "\n"
        "| Candidate | Fit | Coverage | Verdict | Rank in role |\n"
        "|---|---|---|---|---|\n"
        # Joaquim: 100 × (47/6 + 4·2/3) / 15 = 70.0. Amara: 100 × (11/3 + 4·1/3) / 10 = 50.0 over 10 of 15
        # weight (66.7 %, past the 60 % coverage bar): from Incomplete to Weak fit.
        "| Joaquim Barros (`c-7d3e91`) | 71.2 → 70.0 | 100.0 % | Fit | 1 of 2 |\n"
        "| Amara Nwosu (`c-9e4d27`) | 61.1 → 50.0 | 54.5 % → 66.7 % | Incomplete → Weak fit | 2 of 2 |\n"
    )


def test_no_change_and_an_unknown_revision(repo: Path) -> None:
    done = review(repo, "--base", "main")
    assert (done.returncode, done.stdout) == (
        0,
        "## What this change does to the hiring data (compared with `main`)\n\nNo roles, candidates or scorecards change.\n",
    )
    done = review(repo, "--base", "no-such-branch")
    assert (done.returncode, done.stderr.strip()) == (
        2,
        "review refused: 'no-such-branch' is not a commit of this repository; give a branch, tag or commit, e.g. --base main",
    )


def test_review_outside_git_is_refused(project: Path) -> None:
    with pytest.raises(ReviewError, match="is not inside a git repository"):
        review_project(project, "main", today=dt.date(2026, 12, 1))
