"""invoke tasks, run for real on temp copies of the project (and with MockContext for wiring)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from invoke import MockContext, Result

from tests.conftest import ROOT, tasks_of

BAD_NOTE = "candidates/c-7d3e91/interviews/2026-11-25-technical-zoe.md"
BAD_NOTE_TEXT = (
    "---\ninterviewer: zoe\ndate: 2026-11-25\nstage: technical\nratings: {desing: 3, code: 5}\n"
    "recommendation: yes\n---\n## Design\n- fine\n"
)


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, check=False
    )


def test_validate_passes_on_the_example(project: Path) -> None:
    result = invoke(project, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 errors, 0 warnings"


def test_invalid_note_stops_validate_and_build_and_publishes_nothing(project: Path) -> None:
    (project / BAD_NOTE).write_text(BAD_NOTE_TEXT)
    expected = [
        f"{BAD_NOTE}:5:11: error[unknown-competency]: 'desing' is not a competency of role 'backend-engineer' "
        "(hint: did you mean 'design'?)",
        f"{BAD_NOTE}:5:28: error[rating-out-of-range]: rating 5 for 'code' is outside 1..4 "
        "(hint: use a whole number: 1 far below, 2 below, 3 meets, 4 exceeds; leave it out if not assessed)",
        "2 errors, 0 warnings",
    ]
    validate = invoke(project, "validate")
    assert validate.returncode == 1
    assert validate.stdout.strip().splitlines() == expected
    build = invoke(project, "build")
    assert build.returncode == 1
    assert build.stdout.strip().splitlines() == expected
    for result in (validate, build):
        assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "site").exists()
    assert not list(project.glob(".site*"))


def test_plain_mkdocs_build_stops_on_the_same_errors(project: Path) -> None:
    (project / BAD_NOTE).write_text(BAD_NOTE_TEXT)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "out")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{BAD_NOTE}:5:11: error[unknown-competency]" in result.stderr
    assert f"{BAD_NOTE}:5:28: error[rating-out-of-range]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "out").exists()


def test_build_replaces_site_and_keeps_it_when_a_later_build_fails(project: Path) -> None:
    assert invoke(project, "build").returncode == 0
    page = project / "site/candidates/c-7d3e91/index.html"
    before = page.read_text()
    assert "Joaquim Barros" in before
    (project / BAD_NOTE).write_text(BAD_NOTE_TEXT)
    assert invoke(project, "build").returncode == 1
    assert page.read_text() == before


def test_validate_formats(project: Path) -> None:
    (project / BAD_NOTE).write_text(BAD_NOTE_TEXT)
    github = invoke(project, "validate", "--format", "github")
    assert github.stdout.splitlines()[0] == (
        f"::error file={BAD_NOTE},line=5,col=11,title=unknown-competency::'desing' is not a competency of role "
        "'backend-engineer' (hint: did you mean 'design'?)"
    )
    unknown = invoke(project, "validate", "--format", "xml")
    assert unknown.returncode == 2
    assert "unknown --format 'xml'" in unknown.stderr


def _tasks_module():
    """The package's tasks loaded for the repository (see tests.conftest.tasks_of)."""
    return tasks_of(ROOT)


def test_serve_runs_mkdocs_with_livereload() -> None:
    import socket

    tasks = _tasks_module()
    context = MockContext(run=Result())
    with socket.socket() as probe:  # a port free now (8000 may be taken by someone's own serve)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tasks.serve(context, address=f"127.0.0.1:{port}")
    command = context.run.call_args.args[0]
    assert "-m mkdocs serve --livereload" in command
    assert f"-a 127.0.0.1:{port}" in command


# -- the tasks live in the package (hiring_kb.tasks_*); tasks.py only loads them (issue 16) ----------


def _listed(output: str) -> list[str]:
    """Task names of `invoke -l` (two-space indent, then the name)."""
    return [line.split()[0] for line in output.splitlines() if line.startswith("  ") and not line.startswith("   ")]


def test_invoke_lists_the_package_s_tasks_from_the_repository_root() -> None:
    from invoke import Task

    from hiring_kb.task_loading import task_modules

    modules = task_modules(ROOT)
    expected = sorted(v.name.replace("_", "-") for m in modules for v in vars(m).values() if isinstance(v, Task))
    listed = invoke(ROOT, "-l")
    assert listed.returncode == 0, listed.stderr
    assert _listed(listed.stdout) == expected
    assert {"validate", "deploy", "init", "bench", "generate-fixtures"} <= set(expected)  # the product's own too


def test_tasks_run_on_the_wiki_of_the_tasks_py_from_any_folder_inside_it(project: Path) -> None:
    (project / BAD_NOTE).write_text(BAD_NOTE_TEXT)
    inside = project / "candidates/c-7d3e91/interviews"
    validated = invoke(inside, "validate")
    assert validated.returncode == 1
    assert validated.stdout.strip().splitlines()[-1] == "2 errors, 0 warnings"
    assert validated.stdout.startswith(f"{BAD_NOTE}:5:11: error[unknown-competency]")  # paths from the wiki's root
    helped = invoke(inside, "--help", "build")
    assert helped.returncode == 0
    assert helped.stdout.splitlines()[:4] == [
        "Usage: inv[oke] [--core-opts] build [--options] [other tasks here ...]",
        "",
        "Docstring:",
        "  Validate, then build the site strictly into a temporary folder and swap it into site/.",
    ]
    assert "bench" not in _listed(invoke(inside, "-l").stdout)  # needs the product's tests/perf


def test_each_tasks_py_gets_its_own_root_in_one_process(tmp_path: Path) -> None:
    from hiring_kb.task_loading import TASK_MODULES, load_tasks, task_modules, tasks_module

    first, second = (
        tasks_module(tmp_path / "a", "hiring_kb.tasks.tasks_site"),
        tasks_module(tmp_path / "b", "hiring_kb.tasks.tasks_site"),
    )
    assert (
        tmp_path / "a",
        tmp_path / "a/site",
        tmp_path / "a/mkdocs.yml",
    ) == (first.ROOT, first.SITE_DIR, first.MKDOCS_CONFIG)
    assert (tmp_path / "b", tmp_path / "b/site") == (second.ROOT, second.SITE_DIR)
    rooted = [module for module in task_modules(tmp_path / "a") if hasattr(module, "ROOT")]
    assert [module.ROOT for module in rooted] == [tmp_path / "a"] * (len(TASK_MODULES) - 1)  # init needs no wiki
    loaded = load_tasks(tmp_path / "a" / "tasks.py")
    assert loaded["build"].body.__globals__["ROOT"] == tmp_path / "a"
    assert "bench" not in loaded and "generate_fixtures" not in loaded
    assert "bench" in load_tasks(ROOT / "tasks.py")


def test_a_company_s_own_task_in_tasks_py_is_listed_and_runs(project: Path) -> None:
    with (project / "tasks.py").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n\nfrom invoke import task\n\n\n@task\ndef hello(c):\n    """Say hello."""\n    print(\'hello\')\n'
        )
    listed = _listed(invoke(project, "-l").stdout)
    assert "hello" in listed and "validate" in listed
    assert invoke(project, "hello").stdout == "hello\n"


def test_tasks_py_without_the_package_says_how_to_install_it(tmp_path: Path) -> None:
    made = subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = subprocess.run([str(tmp_path / "venv/bin/python"), str(ROOT / "tasks.py")], cwd=tmp_path,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "the hiring-kb package is not installed in this Python: run 'pip install -r requirements.txt'\n"
    )
