"""Pull-request workflow files: the CI workflow, the pre-commit hook and CODEOWNERS point at real things."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from hiring_kb.sources.settings import load_settings
from tests.conftest import ROOT

BAD_NOTE = "---\ninterviewer: zoe\ndate: 2026-11-21\nstage: screen\nratings: {english: 7}\n---\n"


def load(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def run(project: Path, command: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable if part == "python" else part for part in shlex.split(command)]
    return subprocess.run(argv, cwd=project, capture_output=True, text=True, check=False)


def test_ci_workflow_validates_and_builds_every_pull_request_without_secrets(project: Path, tmp_path: Path) -> None:
    path = ROOT / ".github/workflows/hiring-checks.yml"
    workflow = load(path)
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in path.read_text()
    steps = workflow["jobs"]["checks"]["steps"]
    assert steps[0]["with"]["persist-credentials"] is False
    commands = [step["run"] for step in steps if "run" in step]
    assert commands[:3] == [
        "pip install -e .",
        "python -m invoke validate --format github",
        'python -m invoke build --site-dir "$RUNNER_TEMP/site"',
    ]
    # the same commands, run on a copy of the project
    assert run(project, commands[1]).returncode == 0
    build = run(project, commands[2].replace("$RUNNER_TEMP", str(tmp_path)))
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "site/index.html").is_file()
    (project / "candidates/c-2b8f40/interviews/2026-11-21-screen-zoe.md").write_text(BAD_NOTE)
    failed = run(project, commands[1])
    assert failed.returncode == 1
    assert failed.stdout.splitlines()[0].startswith(
        "::error file=candidates/c-2b8f40/interviews/2026-11-21-screen-zoe.md,line=5,"
    )


def test_pre_commit_hook_runs_validate_on_data_changes(project: Path) -> None:
    (hook,) = load(ROOT / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    assert (hook["language"], hook["pass_filenames"]) == ("system", False)
    files = re.compile(hook["files"])
    assert [
        bool(files.search(p))
        for p in (
            "roles/qa-engineer.yml",
            "candidates/c-1/interviews/a.md",
            "hiring.yml",
            "docs/index.md",
            "plugins/x.py",
        )
    ] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert run(project, hook["entry"]).returncode == 0
    (project / "candidates/c-2b8f40/interviews/2026-11-21-screen-zoe.md").write_text(BAD_NOTE)
    assert run(project, hook["entry"]).returncode == 1


def test_codeowners_names_existing_paths() -> None:
    settings, _ = load_settings(ROOT)
    created_by_import = f"/{settings.import_rules.unassigned_dir}/"
    rules = [
        line.split()
        for line in (ROOT / ".github/CODEOWNERS").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    owners = {path: owner for path, owner in rules}
    assert owners["/roles/"] == "@example-org/hiring-managers"
    assert {owners[p] for p in ("/mkdocs.yml", "/tasks.py", "/plugins/")} == {"@example-org/wiki-maintainers"}
    for path in owners:
        assert path == created_by_import or (ROOT / path.strip("/")).exists(), path


def test_ci_review_step_writes_what_a_pull_request_changes_to_the_job_summary(project: Path, tmp_path: Path) -> None:
    """The review step as GitHub runs it: on the merge commit of a pull request, base = its first parent."""
    workflow = load(ROOT / ".github/workflows/hiring-checks.yml")
    steps = workflow["jobs"]["checks"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 2  # the merge commit and its first parent
    step = next(s for s in steps if s.get("name") == "Review (job summary)")
    assert step["if"] == "github.event_name == 'pull_request'"
    assert step["run"] == 'python -m invoke review --base HEAD^1 >> "$GITHUB_STEP_SUMMARY"'

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(project), *args],
                       check=True, capture_output=True)  # fmt: skip

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("switch", "-qc", "scorecard")
    note = project / "candidates/c-2b8f40/interviews/2026-11-20-screen-ana.md"
    note.write_text("---\ninterviewer: ana\ndate: 2026-11-20\nstage: screen\nratings: {english: 3}\n---\n"
                    "## Strong English\n- Explained a flaky test in clear English\n")  # fmt: skip
    git("add", "-A")
    git("commit", "-qm", "scorecard")
    git("switch", "-q", "--detach", "main")
    git("merge", "-q", "--no-ff", "-m", "merge", "scorecard")  # what actions/checkout gives a pull request
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "SOURCE_DATE_EPOCH": "1796126400"}
    done = subprocess.run(["bash", "-c", step["run"].replace("python", shlex.quote(sys.executable), 1)],
                          cwd=project, capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert summary.read_text().splitlines()[:5] == [
        "## What this change does to the hiring data (compared with `HEAD^1`)",
        "",
        "### Lena Kowalczyk (`c-2b8f40`) · QA Engineer",
        "",
        "- added `2026-11-20-screen-ana.md`: Recruiter screen · ana · Strong English 3 · recommendation no decision",
    ]
