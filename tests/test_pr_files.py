"""Pull-request workflow files: the CI workflow, the pre-commit hook and CODEOWNERS point at real things."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from hiring_kb.settings import load_settings

from tests.conftest import ROOT

BAD_NOTE = "---\ninterviewer: zoe\ndate: 2026-11-21\nstage: screen\nratings: {english: 7}\n---\n"


def load(path: Path):  # type: ignore[no-untyped-def]
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
    assert commands == [
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
    assert [bool(files.search(p)) for p in ("roles/qa-engineer.yml", "candidates/c-1/interviews/a.md", "hiring.yml", "docs/index.md", "plugins/x.py")] == [
        True, True, True, False, False,
    ]
    assert run(project, hook["entry"]).returncode == 0
    (project / "candidates/c-2b8f40/interviews/2026-11-21-screen-zoe.md").write_text(BAD_NOTE)
    assert run(project, hook["entry"]).returncode == 1


def test_codeowners_names_existing_paths() -> None:
    settings, _ = load_settings(ROOT)
    created_by_import = f"/{settings.import_rules.unassigned_dir}/"
    rules = [line.split() for line in (ROOT / ".github/CODEOWNERS").read_text().splitlines() if line.strip() and not line.startswith("#")]
    owners = {path: owner for path, owner in rules}
    assert owners["/roles/"] == "@example-org/hiring-managers"
    assert {owners[p] for p in ("/mkdocs.yml", "/tasks.py", "/plugins/")} == {"@example-org/wiki-maintainers"}
    for path in owners:
        assert path == created_by_import or (ROOT / path.strip("/")).exists(), path
