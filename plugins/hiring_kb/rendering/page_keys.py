"""The keys of compiled pages: BLAKE2 digests of exactly the values a page is rendered from.

:mod:`hiring_kb.rendering.compiler` renders a page again only when its key changed. A key covers the model values
of the page (a candidate page: the candidate, its notes, its role, its tags' anchors; an aggregate page:
every role and every candidate without note text), the settings and the date (:func:`context_key`) and
this package's code (:func:`code_version`). This module computes keys; it does not render or write.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from hiring_kb.model.models import Candidate, Interview

if TYPE_CHECKING:
    from hiring_kb.rendering.render import SiteRenderer
    from hiring_kb.sources.validate import ValidationReport

_PACKAGE = Path(__file__).parents[1]


def code_version() -> str:
    """Digest of this package's code and templates (names, sizes, modification times): a new version of
    the renderer invalidates every cached page."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2", ".css", ".js", ".html", ".xml") and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def digest(*parts: object) -> str:
    """A key of model values (frozen dataclasses, tuples, dates...): the BLAKE2 digest of their repr, which
    dataclasses write field by field (pickle would not do: its bytes depend on which equal strings are one object)."""
    found = hashlib.blake2b(digest_size=16)
    for part in parts:
        found.update(part.encode() if isinstance(part, str) else repr(part).encode("utf-8", "surrogatepass"))
        found.update(b"\x00")
    return found.hexdigest()


def context_key(report: ValidationReport, renderer: SiteRenderer) -> str:
    """What every page depends on besides its own data: the code, the date, the settings pages read and the
    renderer's URL style and forge."""
    settings = report.settings
    return digest(
        code_version(),
        report.today,
        settings.thresholds,
        settings.dashboard,
        settings.calibration,
        settings.retention,
        settings.debrief_gate,
        settings.decision_reasons,
        renderer.directory_urls,
        renderer.forge,
    )


def interview_summary(interview: Interview) -> tuple[object, ...]:
    """What aggregate pages read of an interview: everything but the note text (only whether each evidence
    section has any, and whether the scorecard is untouched)."""
    evidence = tuple((s.competency_id, bool(s.markdown.strip())) for s in interview.evidence)
    return (
        interview.id,
        interview.source,
        interview.interviewer,
        interview.date,
        interview.stage,
        tuple(interview.ratings.items()),
        interview.recommendation,
        interview.empty,
        evidence,
    )


_CANDIDATE_FIELDS = tuple(f.name for f in fields(Candidate) if f.name != "interviews")


def candidate_summary(candidate: Candidate) -> str:
    """The repr of a candidate's fields, each interview as its :func:`interview_summary` (plain tuples: fast
    to repr)."""
    values = tuple(getattr(candidate, name) for name in _CANDIDATE_FIELDS)
    return repr((values, tuple(interview_summary(i) for i in candidate.interviews)))


def notes_text(candidate: Candidate) -> str:
    """Digest of the note text of a candidate's interviews and the evidence sections found in it: the rest of
    a candidate page's input beside :func:`candidate_summary` (hashed as text: a repr of long strings is slow)."""
    found = hashlib.blake2b(digest_size=16)
    for interview in candidate.interviews:
        found.update(f"\x00{interview.body_line}\x00".encode())
        found.update(interview.body.encode("utf-8", "surrogatepass"))
        for section in interview.evidence:
            found.update(
                f"\x00{section.competency_id}\x00{section.heading}\x00{section.line}\x00".encode(
                    "utf-8", "surrogatepass"
                )
            )
            found.update(section.markdown.encode("utf-8", "surrogatepass"))
    return found.hexdigest()
