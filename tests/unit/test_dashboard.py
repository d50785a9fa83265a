"""Dashboard numbers (hiring_kb.analysis.dashboard), charts (hiring_kb.rendering.charts) and tags
(hiring_kb.analysis.tags), exact values."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hiring_kb.analysis.dashboard import needs_attention, recent_interviews, role_funnel
from hiring_kb.analysis.fit import role_fit
from hiring_kb.analysis.tags import tag_index, tag_slug
from hiring_kb.rendering.charts import funnel_chart, profile_chart
from hiring_kb.sources.settings_defaults import DashboardSettings
from tests.unit.factories import ROLE, candidate, interview, project

TODAY = dt.date(2026, 12, 1)
SETTINGS = DashboardSettings(stale_days=14, recent_interviews=3)

PROJECT = project(
    # complete, agreed, interviewed 14 days ago: stale exactly at the threshold
    candidate("c1", [interview("x", 17, {"a": 3, "b": 3, "c": 3})], name="Ada", stage="tech"),
    # interviewed 13 days ago, split panel on a (4 vs 2), b and c assessed
    candidate("c2", [interview("x", 18, {"a": 4, "b": 3}), interview("y", 18, {"a": 2, "c": 3})], name="Bo"),
    # no interview, applied 2026-11-25: not assessed, not stale
    candidate("c3", [], name="Cy", applied=dt.date(2026, 11, 25)),
    # rejected long ago: never stale or incomplete, but retention may be due
    candidate("c4", [interview("x", 2, {"a": 1})], name="Di", status="rejected", stage="tech"),
    # only b assessed: incomplete
    candidate("c5", [interview("z", 28, {"b": 4})], name="Ed"),
)
FITS = {c.id: role_fit(ROLE, c.interviews) for c in PROJECT.candidates.values()}


def test_needs_attention_lists_every_reason_most_urgent_first() -> None:
    items = needs_attention(PROJECT, FITS, TODAY, SETTINGS)
    assert [(i.candidate.id, i.kinds, i.idle_days) for i in items] == [
        ("c1", ("stale",), 14),
        ("c2", ("split",), 13),
        ("c3", ("incomplete",), 6),
        ("c5", ("incomplete",), 3),
    ]
    assert [r.text for i in items for r in i.reasons] == [
        "No activity for 14 days (last interview 2026-11-17).",
        "Alpha: ratings 4, 2.",
        "No competency rated yet.",
        "Coverage 33.3 %; next, assess Alpha (must-have), Gamma.",
    ]


def test_retention_hook_is_listed_first_and_applies_to_closed_candidates() -> None:
    calls = []

    def retention(cand, today):
        calls.append((cand.id, today))
        return "Rejected 2026-11-20: erase by 2027-05-19." if cand.status == "rejected" else None

    items = needs_attention(PROJECT, FITS, TODAY, SETTINGS, retention)
    assert [(i.candidate.id, i.kinds) for i in items][:2] == [("c4", ("retention",)), ("c1", ("stale",))]
    assert items[0].reasons[0].text == "Rejected 2026-11-20: erase by 2027-05-19."
    assert sorted(calls) == [(cid, TODAY) for cid in ("c1", "c2", "c3", "c4", "c5")]


def test_stale_threshold_is_configurable() -> None:
    items = needs_attention(PROJECT, FITS, TODAY, DashboardSettings(stale_days=3))
    assert {i.candidate.id: i.kinds for i in items} == {
        "c1": ("stale",),
        "c2": ("stale", "split"),
        "c3": ("stale", "incomplete"),
        "c5": ("stale", "incomplete"),
    }


def test_recent_interviews_newest_first_and_limited() -> None:
    rows = recent_interviews(PROJECT, SETTINGS.recent_interviews)
    assert [(c.id, i.id) for c, i in rows] == [
        ("c5", "2026-11-28-screen-z"),
        ("c2", "2026-11-18-screen-x"),
        ("c2", "2026-11-18-screen-y"),
    ]


def test_funnel_counts_the_furthest_stage_reached() -> None:
    members = [
        candidate("f1", stage="screen"),
        candidate("f2", stage="tech"),
        candidate("f3", stage="tech", status="rejected"),
        # moved back to screen after a technical interview: still reached tech
        candidate("f4", [interview("x", 3, {}, stage="tech")], stage="screen", status="withdrawn"),
        candidate("f5", stage="offer", status="hired"),
    ]
    steps = role_funnel(ROLE, members)
    assert [(s.stage.id, s.reached, s.active, s.left, s.hired) for s in steps] == [
        ("screen", 5, 1, 1, 0),
        ("tech", 4, 1, 1, 0),
        ("offer", 1, 0, 0, 1),
    ]
    chart = funnel_chart(steps, 5, "funnel-eng", "Engineer")
    assert [(r.bar_width, r.value) for r in chart.rows] == [
        (320.0, "5 of 5 (100 %)"),
        (256.0, "4 of 5 (80 %)"),
        (64.0, "1 of 5 (20 %)"),
    ]
    assert chart.desc == (
        "Candidates of Engineer reaching each stage, out of 5: Screen 5 of 5 (100 %); Technical 4 of 5 (80 %); "
        "Offer 1 of 5 (20 %)."
    )


def test_profile_chart_geometry_and_text_equivalent() -> None:
    fit = role_fit(ROLE, [interview("x", 1, {"a": 4, "b": 2}), interview("y", 2, {"a": 3, "b": 1})])
    chart = profile_chart(fit, 3, "profile-c1", "Ada")
    # plot from x=230 (level 1) to x=520 (level 4): level 3 at 230 + 290 * 2/3
    assert chart.bar_x == 423.3
    assert [t.x for t in chart.ticks] == [230.0, 326.7, 423.3, 520.0]
    alpha, beta, gamma = chart.rows
    assert (alpha.bar_width, alpha.dots, alpha.level, alpha.value) == (241.7, (520.0, 423.3), 3, "3.5 Meets")
    assert (beta.bar_width, beta.level, beta.value, beta.gap) == (48.3, 1, "1.5 Far below", False)
    assert (gamma.bar_width, gamma.level, gamma.value) == (0.0, None, "not assessed")
    assert chart.title == "Competency profile of Ada"
    assert chart.desc == (
        "Mean rating per competency on the 1 to 4 scale against the bar of 3 (Meets). "
        "Alpha, must-have: mean 3.5 Meets from 2 ratings (4, 3). "
        "Beta: mean 1.5 Far below from 2 ratings (2, 1). "
        "Gamma: not assessed."
    )
    gap = profile_chart(role_fit(ROLE, [interview("x", 1, {"a": 2})]), 3, "p", "Bo").rows[0]
    assert (gap.value, gap.gap) == ("2.0 Below · gap", True)
    assert gap.text == "Alpha, must-have: mean 2.0 Below from 1 rating (2); below the bar (must-have gap)."
    assert Fraction(fit.by_id("a").score or 0) == Fraction(5, 6)


def test_tags_group_case_insensitively_with_unique_anchors() -> None:
    tagged = project(
        candidate("t1", name="Zoe", tags=("Remote", "Nest.js")),
        candidate("t2", name="Al", tags=("remote", "日本")),
        candidate("t3", name="Mo", tags=("中文", "nest js")),
    )
    index = tag_index(tagged)
    assert [(g.name, g.anchor, [c.id for c in g.candidates]) for g in index.groups] == [
        ("nest js", "tag-nest-js-3a7d7c", ["t3"]),
        ("Nest.js", "tag-nest-js-2672c3", ["t1"]),
        ("Remote", "tag-remote", ["t2", "t1"]),
        ("中文", "tag-中文", ["t3"]),
        ("日本", "tag-日本", ["t2"]),
    ]
    assert index.anchor("REMOTE") == "tag-remote"
    assert tag_slug("Café crème") == "cafe-creme"
