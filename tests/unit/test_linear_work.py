"""Linear, bounded work (issue 11): doubling the tags doubles the build work, and the limits stop a
file that would make the build large before anything is rendered.

Work is measured deterministically: the number of Python function calls made while the renderer
builds every page (a profile hook counts them), and the bytes of Markdown it writes. Wall time
belongs in ``invoke bench``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from hiring_kb.analysis.fit import FitThresholds
from hiring_kb.base.limits import MAX_TAGS
from hiring_kb.rendering.render import SiteRenderer
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY, copy_project
from tests.unit.factories import candidate, interview, project

TODAY = dt.date(2026, 12, 1)


def _work(tags_each: int, candidates: int = 20) -> tuple[int, int]:
    """(function calls, bytes of Markdown) to render every page of a project of ``candidates``
    candidates with ``tags_each`` tags each, all distinct."""
    members = [
        candidate(f"c-{n:06x}", [interview("bea", 5, {"a": 3})], tags=tuple(f"skill {n} {t}" for t in range(tags_each)))
        for n in range(candidates)
    ]
    renderer = SiteRenderer(project(*members), FitThresholds(), today=TODAY)
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        pages = renderer.pages()
    finally:
        sys.setprofile(None)
    return calls, sum(len(page.markdown.encode("utf-8")) for page in pages)


def test_doubling_the_tags_doubles_the_build_work() -> None:
    # On main each tag link scanned every tag of the project (TagIndex.anchor): the calls grew
    # four-fold when the tags doubled (tag_key called once per tag pair).
    _work(0)  # compiles the templates (shared by every renderer of the process)
    base_calls, base_bytes = _work(0)
    calls_1, bytes_1 = _work(MAX_TAGS // 2)
    calls_2, bytes_2 = _work(MAX_TAGS)
    call_ratio = (calls_2 - base_calls) / (calls_1 - base_calls)
    byte_ratio = (bytes_2 - base_bytes) / (bytes_1 - base_bytes)
    assert 1.8 <= call_ratio <= 2.2, call_ratio
    assert 1.8 <= byte_ratio <= 2.2, byte_ratio


def test_the_limits_stop_a_huge_tag_list_before_the_build(tmp_path: Path) -> None:
    # On main 100,000 tags (889 KB, under the size cap) validated, then the build ran ~10 minutes.
    root = copy_project(tmp_path / "project")
    path = root / "candidates/c-2b8f40/candidate.yml"
    tags = ", ".join(f"t{n}" for n in range(100_000))
    path.write_text(path.read_text(encoding="utf-8").replace("tags: [mobile]", f"tags: [{tags}]"), encoding="utf-8")
    assert path.stat().st_size < 1_000_000
    report = validate_project(root, today=EXAMPLE_TODAY)
    assert [(d.code, str(d.position), d.message) for d in report.diagnostics] == [
        (
            "too-many-items",
            "candidates/c-2b8f40/candidate.yml:7:7",
            "tags lists 100,000 items, more than the limit of 50",
        )
    ]
    assert "c-2b8f40" not in report.project.candidates


def test_the_planned_list_is_bounded(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    path = root / "candidates/c-2b8f40/candidate.yml"
    rows = "".join("  - {stage: screen, interviewer: bea, date: 2026-11-20}\n" for _ in range(51))
    text = path.read_text(encoding="utf-8")
    start = text.index("planned:")
    end = text.index("private:")
    path.write_text(text[:start] + "planned:\n" + rows + text[end:], encoding="utf-8")
    report = validate_project(root, today=EXAMPLE_TODAY)
    assert [(d.code, str(d.position), d.message) for d in report.diagnostics if d.code == "too-many-items"] == [
        ("too-many-items", "candidates/c-2b8f40/candidate.yml:9:3", "planned lists 51 items, more than the limit of 50")
    ]
