"""Search entries of unchanged generated pages are reused from the build folder, and the index is the same as
when every page is parsed (hiring_kb.rendering.search_cache)."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from hiring_kb.tasks.synthetic import generate_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01


def _build(project: Path, site: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / site)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [line.split("-  ", 1)[-1] for line in done.stderr.splitlines() if "hiring:" in line]


def _index(project: Path, site: str) -> list[dict[str, object]]:
    return json.loads((project / site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_unchanged_pages_reuse_their_entries_and_the_index_is_the_same(tmp_path: Path) -> None:
    project = generate_project(tmp_path / "project", candidates=6, seed=3, today=dt.date(2026, 12, 1))
    first = _build(project, "site1")
    assert not any("reused" in line for line in first)  # nothing cached yet: every page parsed
    cache = project / ".hiring-build" / "everyone" / ".hiring-search.json"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    tree = project / ".hiring-build" / "everyone" / "docs"
    generated = [p for folder in ("candidates", "roles", "interviewers", "tags") for p in (tree / folder).glob("*.md")]

    second = _build(project, "site2")
    assert f"hiring: search entries of {len(generated)} unchanged pages reused" in second
    assert (project / "site2/search/search_index.json").read_bytes() == (
        project / "site1/search/search_index.json"
    ).read_bytes()

    # A note edit: that candidate's page is parsed again and its new text is found; the others are reused.
    candidate = sorted((project / "candidates").iterdir())[0]
    note = sorted((candidate / "interviews").glob("*.md"))[0]
    with note.open("a", encoding="utf-8") as handle:
        handle.write("\n- zebracrossing handled the outage calmly\n")
    third = _build(project, "site3")
    assert f"hiring: search entries of {len(generated) - 1} unchanged pages reused" in third
    page = f"candidates/{candidate.name}/"
    texts = [e["text"] for e in _index(project, "site3") if str(e["location"]).startswith(page)]
    assert any("zebracrossing handled the outage calmly" in text for text in texts)
    assert not any("zebracrossing" in str(e["text"]) for e in _index(project, "site2"))
    # Every candidate is still findable by name.
    names = {e["title"] for e in _index(project, "site3")}
    for folder in (project / "candidates").iterdir():
        name = next(line for line in (folder / "candidate.yml").read_text().splitlines() if line.startswith("name:"))
        assert name.split(":", 1)[1].strip().strip('"') in names


def test_a_pages_earlier_version_is_dropped_at_the_next_save(tmp_path: Path) -> None:
    from hiring_kb.rendering.search_cache import SearchCache

    cache = SearchCache(tmp_path)
    cache.put("candidates/c-1/", "key-old", [{"location": "candidates/c-1/", "title": "A", "text": "old@example.com"}])
    cache.put("candidates/c-2/", "key-two", [{"location": "candidates/c-2/", "title": "B", "text": "two"}])
    cache.save()
    again = SearchCache(tmp_path)
    assert again.get("candidates/c-1/", "key-old") == [
        {"location": "candidates/c-1/", "title": "A", "text": "old@example.com"}
    ]
    again.get("candidates/c-2/", "key-two")
    again.put("candidates/c-1/", "key-new", [{"location": "candidates/c-1/", "title": "A", "text": "new"}])
    again.save()
    saved = json.loads((tmp_path / ".hiring-search.json").read_text(encoding="utf-8"))["pages"]
    assert sorted(saved) == ["key-new", "key-two"]
    assert "old@example.com" not in (tmp_path / ".hiring-search.json").read_text(encoding="utf-8")
    again.forget_pages({"candidates/c-1/"})  # c-2 is gone from the site
    again.save()
    assert sorted(json.loads((tmp_path / ".hiring-search.json").read_text(encoding="utf-8"))["pages"]) == ["key-new"]
