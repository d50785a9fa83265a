"""`invoke serve` rebuilds dirty (issue 14): under a real serve of a generated 300-candidate project, editing one
note re-renders that candidate's page only, the change is on the page, and the search index still holds every
candidate (Material's search plugin indexes only the pages a build renders: the hiring plugin keeps the rest)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from hiring_kb.rendering.site_build import mkdocs_env
from hiring_kb.tasks.synthetic import generate_project
from tests.conftest import ROOT
from tests.test_serve import fetch, free_port, wait_for

CANDIDATES = 300


def _log_lines(log: Path, needle: str) -> list[str]:
    return [line for line in log.read_text(errors="replace").splitlines() if needle in line]


def test_an_edit_under_serve_re_renders_only_its_page_and_search_keeps_every_candidate(tmp_path: Path) -> None:
    project = generate_project(tmp_path / "project", CANDIDATES, seed=14, source=ROOT)
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    ids = sorted(p.name for p in (project / "candidates").iterdir())
    edited, other = ids[0], ids[1]
    note = sorted((project / "candidates" / edited / "interviews").glob("*.md"))[0]
    # candidate pages, role pages, the 4 index pages (candidates, roles, interviewers, tags) and docs/index.md
    pages = CANDIDATES + len(list((project / "roles").glob("*.yml"))) + 4 + 1
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "invoke", "serve", "--address", f"127.0.0.1:{port}"],
            cwd=project, env=mkdocs_env(), stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/candidates/{edited}/", edited, seconds=900)
        tree = project / ".hiring-build" / "everyone" / "docs"
        before = {p: p.stat().st_mtime_ns for p in (tree / "candidates").glob("c-*.md")}
        assert len(before) == CANDIDATES
        first_build = _log_lines(log, "hiring: MkDocs rendered")
        assert len(first_build) == 1 and f"rendered {pages:,} of {pages:,} pages" in first_build[0], first_build

        time.sleep(1.5)  # past the watcher's settling time
        with note.open("a", encoding="utf-8") as handle:
            handle.write("\n- dirtyserve: asked about the migration plan, answered with a rollback\n")
        page = wait_for(f"{base}/candidates/{edited}/", "dirtyserve: asked about the migration plan", seconds=300)
        assert edited in page

        deadline = time.monotonic() + 60
        while len(_log_lines(log, "hiring: MkDocs rendered")) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        rebuild = _log_lines(log, "hiring: MkDocs rendered")[1]
        # Only the edited candidate's page: no aggregate page changed (a note's text is not on them).
        assert rebuild.endswith(f"hiring: MkDocs rendered 1 of {pages:,} pages: candidates/{edited}/"), rebuild
        assert (
            f"compiled {pages:,} pages for {CANDIDATES} candidates (1 rendered, 1 changed)"
            in _log_lines(log, "hiring: compiled")[1]
        )
        after = {p: p.stat().st_mtime_ns for p in (tree / "candidates").glob("c-*.md")}
        changed = sorted(p.stem for p in after if after[p] != before.get(p))
        assert changed == [edited]

        index = json.loads(fetch(f"{base}/search/search_index.json"))
        indexed = {entry["location"].partition("#")[0] for entry in index["docs"]}
        assert {f"candidates/{cid}/" for cid in ids} <= indexed
        assert sum(1 for entry in index["docs"] if "dirtyserve" in entry["text"]) == 1
        assert other in fetch(f"{base}/candidates/{other}/")
        assert re.search(r"\b0 errors\b", log.read_text(errors="replace"))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
