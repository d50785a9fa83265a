"""`invoke build` shows its steps (plain lines in CI, hiring_kb.base.progress) and ends with one summary line:
pages, candidates, seconds (issue 14)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hiring_kb.rendering.site_build import mkdocs_env


def test_build_prints_its_steps_and_one_summary_line(project: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True,
                          env={**mkdocs_env(), "CI": "true"}, timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    candidates = len([p for p in (project / "candidates").iterdir() if (p / "candidate.yml").is_file()])
    pages = len([p for p in (project / "site").rglob("*.html") if p.name != "404.html"])
    assert (project / "site/candidates/c-2b8f40/index.html").is_file()
    summary = done.stdout.splitlines()[-1]
    assert re.fullmatch(
        rf"build: {pages} pages, {candidates} candidates into {re.escape(str(project / 'site'))} in \d+\.\d s", summary
    ), summary
    steps = [line for line in done.stderr.splitlines() if line.startswith(("build: ", "hiring: "))]
    assert steps[:2] == [
        "build: validating the hiring data and compiling its pages",
        "build: rendering the site (MkDocs)",
    ]
    assert re.fullmatch(
        rf"hiring: compiled \d+ pages for {candidates} candidates \(\d+ rendered, \d+ changed\) in \d+\.\d s", steps[2]
    ), steps
