"""`invoke -l` and `invoke --help TASK` show every task with the help texts and options people know.

The tasks are split over several modules of the package (hiring_kb.task_loading.TASK_MODULES); what a
user sees must not depend on that. ``tests/fixtures/invoke-help.txt`` holds what the commands print in
the repository (captured before the split). A task whose help is changed on purpose updates the file:
``HIRING_UPDATE_TASK_HELP=1 python -m pytest tests/test_task_help.py`` writes it, then read the diff.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests/fixtures/invoke-help.txt"


def _invoke(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, ""), args
    return result.stdout


def _task_names(listing: str) -> list[str]:
    """Task names of `invoke -l` (two-space indent, then the name)."""
    return [line.split()[0] for line in listing.splitlines() if line.startswith("  ") and not line.startswith("   ")]


def help_pages() -> str:
    """`invoke -l`, then `invoke --help TASK` for each listed task, each under a `$ invoke ...` line."""
    listing = _invoke("-l")
    pages = [f"$ invoke -l\n{listing}"]
    pages += [f"$ invoke --help {name}\n{_invoke('--help', name)}" for name in _task_names(listing)]
    return "".join(pages)


def test_every_task_is_listed_with_the_same_help_and_options() -> None:
    actual = help_pages()
    if os.environ.get("HIRING_UPDATE_TASK_HELP"):
        EXPECTED.write_text(actual, encoding="utf-8")
    assert actual == EXPECTED.read_text(encoding="utf-8")


def test_the_help_file_covers_every_task() -> None:
    expected = EXPECTED.read_text(encoding="utf-8")
    listed = _task_names(expected.split("$ invoke --help", 1)[0])
    assert {"validate", "init", "bench", "generate-fixtures", "private-keygen"} <= set(listed)
    assert [
        line.removeprefix("$ invoke --help ") for line in expected.splitlines() if line.startswith("$ invoke --help")
    ] == listed


def test_two_task_modules_with_a_task_of_one_name_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from hiring_kb import task_loading

    monkeypatch.setattr(
        task_loading, "TASK_MODULES", ("hiring_kb.tasks.tasks_instance", "hiring_kb.tasks.tasks_instance")
    )
    with pytest.raises(ImportError, match="two task modules define the task 'init'; rename one"):
        task_loading.load_tasks(tmp_path / "tasks.py")
    monkeypatch.setattr(task_loading, "TASK_MODULES", ("hiring_kb.tasks.tasks_instance",))
    assert list(task_loading.load_tasks(tmp_path / "tasks.py")) == ["init"]
