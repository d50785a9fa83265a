"""Pipeline reports (hiring_kb.analysis.analytics) on in-memory candidates, exact values."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

from hiring_kb.analysis.analytics import median, pipeline_report, stays, timeline
from hiring_kb.model.models import HistoryEntry
from tests.unit.factories import ROLE, candidate

D = lambda day: dt.date(2026, 11, day)  # noqa: E731 - a one-letter date maker keeps the tables short
TODAY = D(30)


def with_history(cid: str, entries: list[HistoryEntry], **kwargs) -> object:
    return dataclasses.replace(candidate(cid, **kwargs), history=tuple(entries))


def test_median_of_whole_days() -> None:
    assert (median([]), median([4]), median([10, 4]), median([3, 9, 4])) == (None, 4, 7, 4)
    assert median([1, 2]) == Fraction(3, 2)


def test_stays_through_a_rejection_and_a_reopening() -> None:
    reopened = with_history(
        "c1",
        [
            HistoryEntry(D(1), "screen"),
            HistoryEntry(D(4), "tech"),
            HistoryEntry(D(10), None, "rejected"),
            HistoryEntry(D(20), None, "active"),
            HistoryEntry(D(25), "offer"),
        ],
        stage="offer",
    )
    assert stays(reopened, TODAY) == ([("screen", 3), ("tech", 6), ("tech", 5)], ("offer", 5))
    rows, now = timeline(ROLE, reopened, TODAY)
    assert [(r.date.day, r.label, r.left, r.days_before) for r in rows] == [
        (1, "Screen", None, None),
        (4, "Technical", "Screen", 3),
        (10, "Rejected", "Technical", 6),
        (20, "Reopened at Technical", None, None),
        (25, "Offer", "Technical", 5),
    ]
    assert now == ("Offer", 5)


def test_report_counts_reach_stays_reasons_and_sources() -> None:
    people = [
        dataclasses.replace(
            with_history(
                "c1",
                [HistoryEntry(D(1), "screen"), HistoryEntry(D(5), "tech"), HistoryEntry(D(9), None, "hired")],
                stage="tech",
                status="hired",
            ),
            source_channel="referral",
            decision_reasons=("best-fit",),
        ),
        dataclasses.replace(
            with_history("c2", [HistoryEntry(D(2), "screen"), HistoryEntry(D(3), None, "rejected")], status="rejected"),
            decision_reasons=("skills", "compensation"),
        ),
        dataclasses.replace(candidate("c3", status="withdrawn"), source_channel="referral"),  # no history, no reason
        candidate("c4", role="other"),  # another role: not counted
    ]
    reasons = {"skills": "Skills", "compensation": "Compensation", "best-fit": "Best fit"}
    report = pipeline_report(ROLE, people, reasons, TODAY)
    assert (report.candidates, report.with_history, report.decided) == (3, 2, 3)
    assert [(c.label, c.reached, c.of_all, c.of_previous) for c in report.conversion] == [
        ("Screen", 3, 1, None),
        ("Technical", 1, Fraction(1, 3), Fraction(1, 3)),
        ("Offer", 0, 0, 0),
        ("Hired", 1, Fraction(1, 3), None),
    ]
    assert [(t.stage.id, t.stays, t.median, t.ongoing) for t in report.times] == [
        ("screen", (1, 4), Fraction(5, 2), ()),
        ("tech", (4,), 4, ()),
        ("offer", (), None, ()),
    ]
    assert [(r.reason, r.by_status, r.total) for r in report.reasons] == [
        ("skills", {"hired": 0, "rejected": 1, "withdrawn": 0}, 1),
        ("compensation", {"hired": 0, "rejected": 1, "withdrawn": 0}, 1),
        ("best-fit", {"hired": 1, "rejected": 0, "withdrawn": 0}, 1),
        (None, {"hired": 0, "rejected": 0, "withdrawn": 1}, 1),
    ]
    assert [(s.source, s.reached, s.hired) for s in report.sources] == [
        ("referral", (2, 1, 0), 1),
        ("not recorded", (1, 0, 0), 0),
    ]
