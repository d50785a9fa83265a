"""Small in-memory projects for unit tests of calibration, dashboard, charts and tags (no files)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from hiring_kb.model.models import Candidate, Competency, Interview, Project, Role, Stage

ROLE = Role(
    id="eng",
    title="Engineer",
    status="open",
    summary="",
    description="",
    competencies=(
        Competency("a", "Alpha", 3, must_have=True),
        Competency("b", "Beta", 2),
        Competency("c", "Gamma", 1),
    ),
    stages=(Stage("screen", "Screen"), Stage("tech", "Technical"), Stage("offer", "Offer")),
    source="roles/eng.yml",
)


def interview(
    interviewer: str,
    day: int,
    ratings: dict[str, int],
    recommendation: str | None = None,
    stage: str = "screen",
    month: int = 11,
) -> Interview:
    return Interview(
        id=f"2026-{month:02d}-{day:02d}-{stage}-{interviewer}",
        source=f"{interviewer}.md",
        interviewer=interviewer,
        date=dt.date(2026, month, day),
        stage=stage,
        ratings=ratings,
        recommendation=recommendation,
        body="",
        body_line=1,
    )


def candidate(
    cid: str,
    interviews: Iterable[Interview] = (),
    *,
    name: str | None = None,
    stage: str = "screen",
    status: str = "active",
    applied: dt.date | None = dt.date(2026, 10, 1),
    tags: tuple[str, ...] = (),
    role: str = "eng",
) -> Candidate:
    return Candidate(
        id=cid,
        name=name or cid.upper(),
        role_id=role,
        stage=stage,
        status=status,
        applied=applied,
        decided_on=None if status == "active" else dt.date(2026, 11, 20),
        source_channel="",
        tags=tags,
        interviews=tuple(sorted(interviews, key=lambda i: (i.date, i.id))),
        source=f"candidates/{cid}/candidate.yml",
    )


def project(*candidates: Candidate, roles: tuple[Role, ...] = (ROLE,)) -> Project:
    return Project(roles={r.id: r for r in roles}, candidates={c.id: c for c in sorted(candidates, key=lambda c: c.id)})
