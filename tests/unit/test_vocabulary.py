"""The domain's words (hiring_kb.model.vocabulary): each member is its file value, with one label."""

from __future__ import annotations

import json

from hiring_kb.analysis.fit import VERDICT_LABELS
from hiring_kb.analysis.loop import PANEL_STATE_LABELS
from hiring_kb.model.vocabulary import (
    DECIDED_STATUSES,
    NO_DECISION,
    RECOMMENDATION_ICONS,
    RECOMMENDATION_LABELS,
    CandidateStatus,
    DeployTarget,
    LoopState,
    PanelState,
    Recommendation,
    ReliabilityReading,
    ReliabilityState,
    Verdict,
    labels,
    word,
)
from hiring_kb.rendering.page_templates import environment
from hiring_kb.sources.schemas import CANDIDATE_STATUSES, RECOMMENDATIONS, ROLE_STATUSES


def test_a_member_reads_as_its_value() -> None:
    status = CandidateStatus.WITHDRAWN
    assert (str(status), f"{status}", f"{status}", status + "!") == ("withdrawn",) * 3 + ("withdrawn!",)
    assert status == "withdrawn" and {"withdrawn": 1}[status] == 1
    assert json.dumps({"status": status}) == '{"status": "withdrawn"}'
    assert (status.label, status.decided, CandidateStatus.ACTIVE.decided) == ("Withdrawn", True, False)


def test_values_as_the_files_write_them() -> None:
    assert CANDIDATE_STATUSES == ("active", "hired", "rejected", "withdrawn")
    assert ROLE_STATUSES == ("open", "paused", "closed")
    assert RECOMMENDATIONS == ("strong-no", "no", "yes", "strong-yes")
    assert DECIDED_STATUSES == ("hired", "rejected", "withdrawn")
    assert [type(v) for v in CANDIDATE_STATUSES] == [str] * 4  # plain strings for the JSON Schemas
    assert DeployTarget.values() == ("dir", "git", "rsync")
    assert LoopState.values() == ("done", "owed", "upcoming")
    assert word(Recommendation, "strong-yes") is Recommendation.STRONG_YES
    assert word(Recommendation, "maybe") is None


def test_labels_come_from_the_vocabulary() -> None:
    assert RECOMMENDATION_LABELS == {
        "strong-no": "Strong no", "no": "No", "yes": "Yes", "strong-yes": "Strong yes", NO_DECISION: "No decision",
    }  # fmt: skip
    assert RECOMMENDATION_ICONS == {"strong-yes": "✓✓", "yes": "✓", "no": "✗", "strong-no": "✗✗", NO_DECISION: "–"}
    assert VERDICT_LABELS == {
        "strong-fit": "Strong fit", "fit": "Fit", "weak-fit": "Weak fit", "incomplete": "Incomplete",
        "no-fit": "No fit", "not-assessed": "Not assessed",
    }  # fmt: skip
    assert Verdict.HIDDEN.label == "Hidden until debrief"
    assert PANEL_STATE_LABELS == {
        "ready": "Ready for debrief", "waiting": "Waiting for scorecards", "not-planned": "No interview planned",
        "decided": "Decided",
    }  # fmt: skip


def test_the_site_shows_the_same_labels() -> None:
    """The templates' label mappings are derived from the vocabulary (one place for each word)."""
    site = environment().globals
    assert dict(site["RECOMMENDATION_LABELS"]) == dict(RECOMMENDATION_LABELS)
    assert dict(site["RECOMMENDATION_ICONS"]) == dict(RECOMMENDATION_ICONS)
    assert dict(site["STATUS_LABELS"]) == {
        "active": "Active", "hired": "Hired", "rejected": "Rejected", "withdrawn": "Withdrawn",
        "open": "Open", "paused": "Paused", "closed": "Closed",
    }  # fmt: skip
    assert dict(site["ATTENTION_LABELS"]) == {
        "retention": "Retention due", "stale": "Stale", "incomplete": "Incomplete", "split": "Split panel",
    }  # fmt: skip
    assert dict(site["VERDICT_LABELS"]) == {**VERDICT_LABELS, "hidden": "Hidden until debrief"}
    assert site["PanelState"] is PanelState and site["CandidateStatus"] is CandidateStatus


def test_reliability_words() -> None:
    assert labels(ReliabilityState) == {
        "ok": "Enough data", "insufficient": "Not enough data", "no-variation": "No spread to judge",
    }  # fmt: skip
    assert labels(ReliabilityReading) == {
        "consistent": "Consistent", "tentative": "Fairly consistent", "inconsistent": "Inconsistent",
    }  # fmt: skip


def test_models_hold_members() -> None:
    from tests.unit.factories import candidate, interview

    person = candidate("c-1", (interview("ana", 2, {"a": 3}, recommendation="yes"),), status="rejected")
    assert person.status is CandidateStatus.REJECTED
    assert person.interviews[0].recommendation is Recommendation.YES
    assert person.status.label == "Rejected"
