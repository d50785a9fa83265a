"""What the privacy tests that plant text into the example project and site share: Joaquim's folder and note, the
split contact lines, the audit's hints, an audit context, and planting HTML into a built page."""

from __future__ import annotations

from pathlib import Path

from hiring_kb.publish.audit import AuditContext
from hiring_kb.sources.personal_data import CandidateIdentity
from hiring_kb.sources.settings import load_settings
from tests.conftest import ROOT

JOAQUIM = "candidates/c-7d3e91"
NOTE = f"{JOAQUIM}/interviews/2026-11-18-technical-ana.md"
#: Joaquim's private email, phone and salary, split by Markdown and HTML.
SPLIT_LINES = (
    "- reach him at joaquim.barros@**example**.invalid or +351 900 *000* 000\n"
    "- salary 72000 <b>EUR</b>\n"
    "- html joaquim.barros@<strong>example</strong>.invalid\n"
)
PRIVATE_HINT = "remove it from wherever it was copied (a note, a tag, a page) — private: values are never rendered"
CONTACT_HINT = "contact details belong in the candidate's private: block; remove it from the note or page"


def context(root: Path = ROOT, *extra: CandidateIdentity) -> AuditContext:
    settings, problems = load_settings(root)
    assert problems == []
    found = AuditContext.from_settings(settings)
    return AuditContext(found.identities + extra, found.private_values)


def plant(site: Path, page: str, html: str) -> int:
    """Put ``html`` on a line of its own before the page's first <h1>; return that line's number."""
    path = site / page
    text = path.read_text(encoding="utf-8")
    at = text.index("<h1")
    path.write_text(text[:at] + "\n" + html + "\n" + text[at:], encoding="utf-8")
    return text[:at].count("\n") + 2
