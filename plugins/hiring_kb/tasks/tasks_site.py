"""invoke tasks that build and preview the site, and the product's own benchmark.

invoke build [--audience NAME] [--site-dir DIR]  # validate, then a strict MkDocs build swapped into site/
invoke serve    # live preview; edits under roles/ and candidates/ rebuild
invoke generate-fixtures [--candidates N] [--seed S] [--dest DIR]   # a synthetic project (developers)
invoke bench [--sizes 100,1000] [--repeats 3]   # issue 14's figures and targets (developers)

Thin wrappers over :mod:`hiring_kb.rendering.site_build` (the engine in a subprocess),
:mod:`hiring_kb.rendering.serving`,
:mod:`hiring_kb.tasks.synthetic` and :mod:`hiring_kb.tasks.benchmark`. ``bench`` and ``generate-fixtures`` are
listed only in the product's repository (:data:`hiring_kb.task_loading.DEVELOPER_TASKS`). Publishing
the built site is in :mod:`hiring_kb.tasks.tasks_publishing`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Context, Exit, task

from hiring_kb.rendering.site_build import build_site, mkdocs_env
from hiring_kb.task_loading import loading_root
from hiring_kb.tasks.task_wiki import MKDOCS_FILE, SITE_FOLDER, run_validation

# The wiki these tasks run on: the folder of the tasks.py that loads them (hiring_kb.task_loading).
ROOT = loading_root()
MKDOCS_CONFIG = ROOT / MKDOCS_FILE
SITE_DIR = ROOT / SITE_FOLDER


@task(
    help={
        "site_dir": "Where to put the site (default: site/).",
        "audience": "Build only what this audience of hiring.yml may see (default: every candidate).",
    }
)
def build(c: Context, site_dir: str = str(SITE_DIR), audience: str | None = None) -> None:
    """Validate, then build the site strictly into a temporary folder and swap it into site/."""
    report = run_validation(ROOT, "text", strict=False, debug=False)
    if audience:
        from hiring_kb.sources.audiences import AudienceError, find_audience

        try:
            find_audience(report.settings.audiences, audience)
        except AudienceError as exc:
            raise Exit(str(exc), code=2) from None
    from hiring_kb.base.progress import Progress

    with Progress("build") as progress:  # steps live on a terminal, plain lines in CI
        result = build_site(MKDOCS_CONFIG, Path(site_dir), audience=audience, progress=progress)
        if not result.ok:
            progress.finish(f"failed (mkdocs exit {result.returncode})")
            print(result.output, file=sys.stderr)
            raise Exit(f"build failed (mkdocs exit {result.returncode}); {site_dir} was left unchanged", code=1)
        progress.finish(f"{result.pages:,} pages, {result.candidates:,} candidates into {site_dir}")


@task(help={"address": "Address and port to serve on (default: 127.0.0.1:8000)."})
def serve(c: Context, address: str = "127.0.0.1:8000") -> None:
    """Validate, then serve the site with live reload; edits to roles/, candidates/ and hiring.yml rebuild.

    An edit that breaks validation shows the errors (path:line:col) on every page until it is fixed.
    """
    from hiring_kb.rendering.serving import address_problem

    run_validation(ROOT, "text", strict=False, debug=False)
    problem = address_problem(address)  # before mkdocs builds: a busy port is one line, not a traceback
    if problem:
        raise Exit(problem, code=2)
    # --livereload: with click > 8.2.1, `mkdocs serve` no longer reloads unless asked. --dirty: an edit
    # re-renders only the pages whose compiled file changed (hiring_kb.rendering.compiler; the plugin keeps nav and
    # search whole).
    c.run(
        f'"{sys.executable}" -m mkdocs serve --livereload --dirty -f "{MKDOCS_CONFIG}" -a {address}',
        env=mkdocs_env(),
        pty=sys.stdout.isatty(),
    )


@task(
    help={
        "candidates": "Number of candidates (about 5 interviews each).",
        "seed": "Random seed: the same seed gives the same files.",
        "dest": "Folder to write into (default: a new temp folder). Never the repository's own data.",
    }
)
def generate_fixtures(c: Context, candidates: int = 100, seed: int = 1, dest: str = "") -> None:
    """Write a deterministic synthetic project (for benchmarks) and print where it is."""
    import tempfile

    from hiring_kb.tasks.synthetic import generate_project

    target = Path(dest) if dest else Path(tempfile.mkdtemp(prefix="hiring-fixtures-")) / "project"
    if target.resolve() == ROOT or ROOT in target.resolve().parents:
        raise Exit(f"refusing to write synthetic data inside the repository ({ROOT}); pick a folder outside it", code=2)
    try:
        generate_project(target, candidates, seed=seed, source=ROOT)
    except FileExistsError as exc:
        raise Exit(str(exc), code=2) from None
    print(target)


@task(
    help={
        "sizes": "Comma-separated candidate counts (default: 100,1000; add 5000 for the big run).",
        "repeats": "Runs per figure; the median is reported (default: 3).",
        "results": "JSON file to write the figures to (default: bench-results.json).",
        "serve": "Also measure the edit-to-page latency under mkdocs serve.",
    }
)
def bench(
    c: Context, sizes: str = "100,1000", repeats: int = 3, results: str = "bench-results.json", serve: bool = True
) -> None:
    """Time the baseline build, our build, validate (cold and warm) and a serve rebuild; print and save medians."""
    from hiring_kb.tasks.benchmark import run

    run([int(size) for size in sizes.split(",")], repeats=repeats, results_file=Path(results), serve=serve, source=ROOT)
