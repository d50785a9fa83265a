"""Tag anchors are stable and unique, keep every script, and never depend on the other tags."""

from __future__ import annotations

from hiring_kb.analysis.tags import tag_anchor, tag_index
from hiring_kb.model.models import Candidate, Project


def tagged(*tags: tuple[str, ...]) -> Project:
    candidates = {
        f"c-00000{n}": Candidate(
            id=f"c-00000{n}", name=f"N{n}", role_id="r", stage="s", status="active", applied=None, decided_on=None,
            source_channel="", tags=t, interviews=(), source="x",
        )
        for n, t in enumerate(tags)
    }  # fmt: skip
    return Project(roles={}, candidates=candidates)


def test_tag_anchors_keep_every_script_and_never_depend_on_other_tags() -> None:
    assert [tag_anchor(t) for t in ("Remote", "REMOTE", "日本", "中文", "עברית", "🙂", "🚀", "Nest.js", "nest js")] == [
        "tag-remote", "tag-remote", "tag-日本", "tag-中文", "tag-עברית", "tag-d06f15", "tag-ebbc0b",
        "tag-nest-js-2672c3", "tag-nest-js-3a7d7c",
    ]  # fmt: skip
    few = tag_index(tagged(("日本", "🙂"), ("remote",)))
    more = tag_index(tagged(("中文", "日本", "🙂", "🚀"), ("remote", "Nest.js"), ("nest js", "Remote")))
    assert {g.name: g.anchor for g in few.groups}.items() <= {g.name: g.anchor for g in more.groups}.items()
    anchors = [g.anchor for g in more.groups]
    assert len(set(anchors)) == len(anchors) == 7
    assert more.anchor("🙂") == few.anchor("🙂") == "tag-d06f15"
