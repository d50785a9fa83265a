"""invoke tasks that check the data: validate, schema, review.

invoke validate [--strict] [--format text|github|json] [--for-deploy]
invoke schema [--check]   # JSON Schemas for editors in schemas/ (docs/editor-setup.md)
invoke review --base REV   # what the change does to candidates (fit, verdict, rank), as Markdown

Thin wrappers: the checks are :func:`hiring_kb.sources.validate.validate_project` (through
:func:`hiring_kb.tasks.task_wiki.run_validation`), :mod:`hiring_kb.authoring.schema_export` and
:mod:`hiring_kb.analysis.review`. Tasks that write data files are in :mod:`hiring_kb.tasks.tasks_authoring`.
"""

from __future__ import annotations

from invoke import Context, Exit, task

from hiring_kb.task_loading import loading_root
from hiring_kb.tasks.task_wiki import run_validation, today_or_exit

# The wiki these tasks run on: the folder of the tasks.py that loads them (hiring_kb.task_loading).
ROOT = loading_root()


@task(
    help={
        "strict": "Fail on warnings too.",
        "format": "Output format: text (default), github (PR annotations) or json.",
        "debug": "Print a traceback on internal errors.",
        "for_deploy": "Judge as 'invoke deploy' does: a candidate past retention is an error, not a warning.",
    }
)
def validate(
    c: Context,
    strict: bool = False,
    format: str = "text",
    debug: bool = False,
    for_deploy: bool = False,
) -> None:
    """Check roles/, candidates/ and hiring.yml; print every problem as path:line:col. Exit 1 on errors."""
    run_validation(ROOT, format, strict, debug, for_deploy)


@task(help={"check": "Only check that schemas/ is up to date (exit 1 when not); write nothing."})
def schema(c: Context, check: bool = False) -> None:
    """Write the JSON Schemas of role, candidate, interview and hiring.yml files to schemas/ for editors."""
    from hiring_kb.authoring.schema_export import SCHEMA_DIR, stale_schemas, write_schemas

    directory = ROOT / SCHEMA_DIR
    if check:
        stale = stale_schemas(directory)
        if stale:
            raise Exit(f"out of date in {SCHEMA_DIR}/: {', '.join(stale)}; run 'invoke schema'", code=1)
        print(f"{SCHEMA_DIR}/ is up to date")
        return
    for path in write_schemas(directory):
        print(f"wrote {path.relative_to(ROOT).as_posix()}")


@task(help={"base": "Git revision to compare with: a branch, tag or commit (e.g. main, HEAD~1, origin/main)."})
def review(c: Context, base: str) -> None:
    """Print, as Markdown, what the working tree changes against BASE: scorecards, fit, verdict, rank."""
    from hiring_kb.analysis.review import review_project
    from hiring_kb.sources.revision_files import ReviewError

    try:
        print(review_project(ROOT, base, today=today_or_exit()), end="")
    except ReviewError as exc:
        raise Exit(f"review refused: {exc}", code=2) from None
    except Exception as exc:  # noqa: BLE001 - an internal failure is one line, never a traceback (as in validate)
        raise Exit(f"internal error while reviewing: {exc!r}", code=2) from None
