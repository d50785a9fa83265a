"""Deterministic synthetic hiring projects for benchmarks, and the plain-MkDocs baseline of the same size.

``generate_project(dest, candidates=N, seed=S)`` writes a complete project (mkdocs.yml, hiring.yml, docs/,
roles/, candidates/) with about 5 interviews per candidate across several roles: notes of a few hundred words in
the terse style of real interview notes, with ``## <competency>`` evidence sections, some interviews without
ratings, some split panels, active and closed candidates. The same seed gives byte-identical output. The
names and phrases it draws from are in :mod:`hiring_kb.tasks.synthetic_texts`.

``generate_baseline(dest, pages=N, ...)`` writes an ordinary Material site with the same number of pages of the
same size, every page in the navigation with ``navigation.prune`` (the fastest plain-Material setup for big
navs), which is the yardstick for our build.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.tasks.synthetic_texts import COMPANIES, FIRST, INTERVIEWERS, LAST, PHRASES, SEALED_PRIVATE

#: The project whose mkdocs.yml, hiring.yml, roles and tasks.py a synthetic project copies: this repository
#: for an editable install (``source=`` names another).
REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class SyntheticRole:
    id: str
    title: str
    competencies: tuple[tuple[str, str, int, bool], ...]  # id, name, weight, must-have
    stages: tuple[tuple[str, str, tuple[str, ...]], ...]  # id, name, focus


EXTRA_ROLES = (
    SyntheticRole(
        "frontend-engineer",
        "Frontend Engineer",
        (
            ("english", "Strong English", 2, True),
            ("ui", "UI engineering", 3, True),
            ("a11y", "Accessibility", 2, False),
            ("testing", "Testing", 1, False),
            ("collaboration", "Working with design", 2, False),
        ),
        (
            ("screen", "Recruiter screen", ("english", "collaboration")),
            ("technical", "Technical interview", ("ui", "testing")),
            ("pairing", "Pairing session", ("ui", "a11y")),
            ("offer", "Offer", ()),
        ),
    ),
    SyntheticRole(
        "data-engineer",
        "Data Engineer",
        (
            ("english", "Strong English", 2, True),
            ("pipelines", "Data pipelines", 3, True),
            ("sql", "SQL", 2, False),
            ("modelling", "Data modelling", 2, False),
            ("ops", "Operations", 1, False),
        ),
        (
            ("screen", "Recruiter screen", ("english", "ops")),
            ("technical", "Technical interview", ("pipelines", "sql")),
            ("system-design", "System design", ("modelling", "pipelines")),
            ("offer", "Offer", ()),
        ),
    ),
)


def _without_nav(config: str) -> str:
    """mkdocs.yml text without its top-level ``nav:`` block (and the comment lines just above it)."""
    lines = config.splitlines(keepends=True)
    out: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("nav:"):
            while out and out[-1].startswith("#"):
                out.pop()
            skipping = True
            continue
        if skipping and line.strip() and not line[0].isspace() and not line.startswith("#"):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def _role_yaml(role: SyntheticRole) -> str:
    lines = [
        f"title: {role.title}",
        "status: open",
        f"summary: Synthetic role for benchmarks ({role.title}).",
        "competencies:",
    ]
    for cid, name, weight, must in role.competencies:
        lines += [
            f"  - id: {cid}",
            f"    name: {name}",
            f"    weight: {weight}",
            f"    must_have: {str(must).lower()}",
            "    rubric:",
            "      1: Far below the role's needs.",
            "      2: Some evidence, not enough.",
            "      3: What the role needs.",
            "      4: Clearly above.",
        ]
    lines.append("stages:")
    for sid, name, focus in role.stages:
        lines += [f"  - id: {sid}", f"    name: {name}", f"    focus: [{', '.join(focus)}]"]
    return "\n".join(lines) + "\n"


#: A role as :func:`_load_roles` reads it back: ([(competency id, name)], [(stage id, focus)]).
_Role = tuple[list[tuple[str, str]], list[tuple[str, tuple[str, ...]]]]


def _load_roles(project: Path) -> dict[str, _Role]:
    """Role id -> ([(competency id, name)], [(stage id, focus)]) read back with the project's own loader."""
    from hiring_kb.sources.role_loader import load_role
    from hiring_kb.sources.settings import load_settings

    settings, _ = load_settings(project)
    roles = {}
    for path in sorted((project / "roles").glob("*.yml")):
        role, problems = load_role(path, settings)
        assert role is not None, problems
        roles[role.id] = (
            [(c.id, c.name) for c in role.competencies],
            [(s.id, s.focus) for s in role.stages if s.focus],
        )
    return roles


def _paragraph(rng: random.Random, words: int) -> list[str]:
    out: list[str] = []
    count = 0
    while count < words:
        phrase = rng.choice(PHRASES).format(n=rng.randint(2, 9))
        prefix = rng.choice(["- ", "- ", "- ", "\t- "])
        out.append(prefix + phrase)
        count += len(phrase.split())
    return out


def generate_project(
    dest: Path, candidates: int, seed: int = 1, today: dt.date | None = None, source: Path = REPO
) -> Path:
    """Write a synthetic project of ``candidates`` candidates (≈5 interviews each) into ``dest`` (created).

    Dates are relative to ``today`` (default: the real date, so the data stays within the retention periods
    and never lies in the future); the same seed and ``today`` give byte-identical files.
    ``source``: the project whose mkdocs.yml, hiring.yml and roles are copied (default: this repository).
    Returns ``dest``. Raises FileExistsError when ``dest`` already holds a project. Never writes outside ``dest``.
    The steps: configuration, roles, then each candidate with its scorecards (one random stream, in that order).
    """
    today = today or dt.date.today()
    if (dest / "candidates").exists():
        raise FileExistsError(f"{dest} already holds a project")
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    _write_configuration(dest, source)
    roles = _write_roles(dest, source)
    role_ids = sorted(roles)
    used_ids: set[str] = set()
    for index in range(candidates):
        candidate_id = _new_id(rng, used_ids)
        role_id = role_ids[index % len(role_ids)]
        _write_candidate(dest / "candidates" / candidate_id, rng, index, role_id, roles[role_id], today)
    return dest


def _write_configuration(dest: Path, source: Path) -> None:
    """mkdocs.yml (without the source's nav), hiring.yml and a one-page docs/ into ``dest``."""
    # The source's nav: lists its own handbook pages, which a synthetic project does not have (strict builds
    # would fail on them): without it the plugin builds the default navigation.
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(_without_nav(config), encoding="utf-8")
    shutil.copy2(source / "hiring.yml", dest / "hiring.yml")
    (dest / "docs").mkdir()
    (dest / "docs/index.md").write_text("# Hiring wiki\n\n<!-- hiring:pipeline -->\n", encoding="utf-8")


def _write_roles(dest: Path, source: Path) -> dict[str, _Role]:
    """The source's roles and :data:`EXTRA_ROLES` into ``dest/roles``; returns them as :func:`_load_roles`
    reads them."""
    (dest / "roles").mkdir()
    for path in (source / "roles").glob("*.yml"):
        shutil.copy2(path, dest / "roles" / path.name)
    for role in EXTRA_ROLES:
        (dest / "roles" / f"{role.id}.yml").write_text(_role_yaml(role), encoding="utf-8")
    return _load_roles(dest)


def _new_id(rng: random.Random, used: set[str]) -> str:
    """A fresh opaque candidate id (``c-`` and 6 hex digits) not in ``used``, which it joins."""
    while True:
        candidate_id = f"c-{rng.getrandbits(24):06x}"
        if candidate_id not in used:
            used.add(candidate_id)
            return candidate_id


def _write_candidate(folder: Path, rng: random.Random, index: int, role_id: str, role: _Role, today: dt.date) -> None:
    """``folder/candidate.yml`` and its 3 to 7 scorecards; ``index`` spreads the interviewers."""
    competencies, stages = role
    n_interviews = rng.choice([3, 4, 5, 5, 6, 7])
    status = rng.choices(["active", "rejected", "hired", "withdrawn"], [6, 3, 1, 1])[0]
    # closed candidates were decided recently, well inside any retention period
    applied = today - dt.timedelta(days=rng.randint(25, 360 if status == "active" else 90))
    stage = stages[min(n_interviews, len(stages)) - 1][0]
    (folder / "interviews").mkdir(parents=True)
    candidate_lines = [
        # first × initial × last: 17,576 names, so a few collisions per thousand, as in real pipelines
        f"name: {rng.choice(FIRST)} {rng.choice(FIRST)[0]}. {rng.choice(LAST)}",
        f"role: {role_id}",
        f"stage: {stage}",
        f"status: {status}",
        f"applied: {applied.isoformat()}",
    ]
    if status != "active":
        # Decided within the default retention (180 days before `today`), so the project validates.
        decided = max(applied + dt.timedelta(days=18), today - dt.timedelta(days=150))
        candidate_lines.append(f"decided_on: {decided.isoformat()}")
    candidate_lines += ["source: referral", "tags: [synthetic]"]
    # private: sealed for the example's (demo) recipient, as the team stores it; one fixed message
    # (age encryption is randomised) keeps the output byte-identical for a seed.
    candidate_lines += ["private:", "  sealed:", "    - |", *(f"      {line}" for line in SEALED_PRIVATE)]
    (folder / "candidate.yml").write_text("\n".join(candidate_lines) + "\n", encoding="utf-8")
    split_competency = rng.choice(competencies)[0] if rng.random() < 0.2 else None
    for number in range(n_interviews):
        stage_id, focus = stages[number % len(stages)]
        interviewer = INTERVIEWERS[(index + number) % len(INTERVIEWERS)]
        date = applied + dt.timedelta(days=2 + 3 * number)
        front = _scorecard_front(rng, interviewer, date, stage_id, _ratings(rng, focus, split_competency, number))
        body = _scorecard_body(rng, focus, dict(competencies))
        note = folder / "interviews" / f"{date.isoformat()}-{stage_id}-{interviewer}.md"
        note.write_text("\n".join(front + body) + "\n", encoding="utf-8")


def _ratings(rng: random.Random, focus: tuple[str, ...], split: str | None, number: int) -> dict[str, int]:
    """Levels 1..4 of the stage's focus competencies (none for one scorecard in ten); the ``split`` competency
    alternates 1 and 4 across the candidate's scorecards (a split panel)."""
    rated = [] if rng.random() < 0.1 else list(focus)
    ratings = {}
    for competency_id in rated:
        level = rng.choice([2, 3, 3, 3, 4])
        if competency_id == split:
            level = 1 if number % 2 == 0 else 4
        ratings[competency_id] = level
    return ratings


def _scorecard_front(
    rng: random.Random, interviewer: str, date: dt.date, stage_id: str, ratings: dict[str, int]
) -> list[str]:
    """The front matter lines of a scorecard, ``---`` to ``---``, with a random recommendation."""
    front = ["---", f"interviewer: {interviewer}", f"date: {date.isoformat()}", f"stage: {stage_id}"]
    if ratings:
        front.append("ratings: {" + ", ".join(f"{k}: {v}" for k, v in ratings.items()) + "}")
    front.append(f"recommendation: {rng.choice(['yes', 'no', 'strong-yes', 'strong-no', 'yes'])}")
    front.append("---")
    return front


def _scorecard_body(rng: random.Random, focus: tuple[str, ...], names: dict[str, str]) -> list[str]:
    """The notes of a scorecard: a company line, general notes, one ``## <competency>`` section per focus
    competency (``names``: id -> name) and a NEXT line."""
    body = [f"{rng.choice(COMPANIES)} - {rng.choice(['SaaS', 'web + mobile', 'platform'])}", ""]
    body += _paragraph(rng, 40)
    for competency_id in focus:
        body += ["", f"## {names[competency_id]}", *_paragraph(rng, rng.randint(50, 90))]
    body += ["", "NEXT: " + rng.choice(["probe system design", "reference check", "calibrate with panel"])]
    return body


def generate_baseline(dest: Path, pages: int, page_bytes: int, seed: int = 1) -> Path:
    """Write a plain Material site of ``pages`` Markdown pages of about ``page_bytes`` bytes each, every page in the
    navigation (``navigation.prune`` on, fonts off). Returns ``dest``."""
    rng = random.Random(seed)
    docs = dest / "docs"
    (docs / "pages").mkdir(parents=True)
    (docs / "index.md").write_text("# Baseline\n\nPlain Material site of the same size.\n", encoding="utf-8")
    nav = ["nav:", "  - Home: index.md", "  - Pages:"]
    for number in range(pages):
        lines = [f"# Page {number}", ""]
        size = 0
        section = 0
        while size < page_bytes:
            section += 1
            block = [f"## Section {section}", *_paragraph(rng, 60), ""]
            lines += block
            size += sum(len(line) + 1 for line in block)
        (docs / "pages" / f"p{number:05d}.md").write_text("\n".join(lines), encoding="utf-8")
        nav.append(f"    - pages/p{number:05d}.md")
    config = textwrap.dedent(
        """\
        site_name: Baseline
        theme:
          name: material
          font: false
          features:
            - navigation.prune
        plugins:
          - search
        markdown_extensions:
          - tables
          - toc:
              permalink: true
        """
    )
    (dest / "mkdocs.yml").write_text(config + "\n".join(nav) + "\n", encoding="utf-8")
    return dest
