"""A compiler kept across `mkdocs serve` rebuilds removes the page of a candidate who is gone, like a new one."""

from __future__ import annotations

import shutil
from pathlib import Path

from hiring_kb.rendering.compiler import Compiler
from hiring_kb.rendering.render import SiteRenderer
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY


def _compile(compiler: Compiler, project: Path) -> set[str]:
    report = validate_project(project, today=EXAMPLE_TODAY)
    assert report.ok
    result = compiler.compile(report, SiteRenderer.for_report(report))
    return {page.src_uri for page in result.pages}


def test_a_kept_compiler_removes_a_gone_candidates_page_and_keeps_the_others(project: Path) -> None:
    compiler = Compiler(project, None, project / "docs")
    first = _compile(compiler, project)
    tree = compiler.tree
    gone = sorted((project / "candidates").iterdir())[0].name
    kept = sorted((project / "candidates").iterdir())[1].name
    page = f"candidates/{gone}.md" if (tree / f"candidates/{gone}.md").exists() else f"candidates/{gone}/index.md"
    assert page in first and (tree / page).is_file()
    shutil.rmtree(project / "candidates" / gone)
    second = _compile(compiler, project)
    assert first - second == {page}
    assert not (tree / page).exists()
    assert not (tree / f"candidates/{gone}").exists()  # no empty folder left behind
    assert any(uri.startswith(f"candidates/{kept}") for uri in second)
    assert all((tree / uri).is_file() for uri in second)
    # A new compiler (a new process) finds the same tree: nothing more to remove.
    assert _compile(Compiler(project, None, project / "docs"), project) == second
