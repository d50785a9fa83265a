"""invoke tasks: the command line of the hiring wiki. Thin wrappers over the core (``hiring_kb``).

    invoke validate [--strict] [--format text|github|json]
    invoke build    # validate, then a strict MkDocs build swapped into site/
    invoke serve    # live preview; edits under roles/ and candidates/ rebuild
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from invoke import Context, Exit, task

from hiring_kb.diagnostics import FORMATS, Severity, render_report
from hiring_kb.site_build import build_site, mkdocs_env
from hiring_kb.validate import ValidationReport, validate_project

ROOT = Path(__file__).resolve().parent
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
SITE_DIR = ROOT / "site"


def _run_validation(fmt: str, strict: bool, debug: bool) -> ValidationReport:
    """Validate, print the report, and raise ``Exit`` when it fails (1) or crashes (2)."""
    if fmt not in FORMATS:
        raise Exit(f"unknown --format '{fmt}'; expected one of: {', '.join(FORMATS)}", code=2)
    try:
        report = validate_project(ROOT)
    except Exception as exc:  # an internal failure is one line, never a traceback (unless asked)
        if debug:
            traceback.print_exc()
        raise Exit(f"internal error while validating: {exc!r} (rerun with --debug for details)", code=2) from None
    print(render_report(report.diagnostics, fmt))
    failing = [d for d in report.diagnostics if strict or d.severity is Severity.ERROR]
    if failing:
        raise Exit(code=1)
    return report


@task(
    help={
        "strict": "Fail on warnings too.",
        "format": "Output format: text (default), github (PR annotations) or json.",
        "debug": "Print a traceback on internal errors.",
    }
)
def validate(c: Context, strict: bool = False, format: str = "text", debug: bool = False) -> None:  # noqa: A002
    """Check roles/, candidates/ and hiring.yml; print every problem as path:line:col. Exit 1 on errors."""
    _run_validation(format, strict, debug)


@task(help={"site_dir": "Where to put the site (default: site/)."})
def build(c: Context, site_dir: str = str(SITE_DIR)) -> None:
    """Validate, then build the site strictly into a temporary folder and swap it into site/."""
    _run_validation("text", strict=False, debug=False)
    result = build_site(MKDOCS_CONFIG, Path(site_dir))
    if not result.ok:
        print(result.output, file=sys.stderr)
        raise Exit(f"build failed (mkdocs exit {result.returncode}); {site_dir} was left unchanged", code=1)
    print(f"site built in {site_dir}")


@task(help={"address": "Address and port to serve on (default: 127.0.0.1:8000)."})
def serve(c: Context, address: str = "127.0.0.1:8000") -> None:
    """Validate, then serve the site with live reload; edits to roles/, candidates/ and hiring.yml rebuild."""
    _run_validation("text", strict=False, debug=False)
    # --livereload: with click > 8.2.1, `mkdocs serve` no longer reloads unless asked.
    c.run(
        f'"{sys.executable}" -m mkdocs serve --livereload -f "{MKDOCS_CONFIG}" -a {address}',
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

    from tests.perf.synthetic import generate_project

    target = Path(dest) if dest else Path(tempfile.mkdtemp(prefix="hiring-fixtures-")) / "project"
    if target.resolve() == ROOT or ROOT in target.resolve().parents:
        raise Exit(f"refusing to write synthetic data inside the repository ({ROOT}); pick a folder outside it", code=2)
    try:
        generate_project(target, candidates, seed=seed)
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
def bench(c: Context, sizes: str = "100,1000", repeats: int = 3, results: str = "bench-results.json",
          serve: bool = True) -> None:
    """Time the baseline build, our build, validate (cold and warm) and a serve rebuild; print and save medians."""
    from tests.perf.bench import run

    run([int(size) for size in sizes.split(",")], repeats=repeats, results_file=Path(results), serve=serve)
