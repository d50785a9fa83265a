"""invoke tasks: the command line of the hiring wiki. Thin wrappers over the core (``hiring_kb``).

    invoke validate [--strict] [--format text|github|json]
    invoke schema [--check]   # JSON Schemas for editors in schemas/ (docs/editor-setup.md)
    invoke build    # validate, then a strict MkDocs build swapped into site/
    invoke serve    # live preview; edits under roles/ and candidates/ rebuild
    invoke new-candidate "Name" --role ROLE [--id ID]
    invoke new-interview ID --stage STAGE --interviewer HANDLE [--date YYYY-MM-DD]
    invoke move ID [--stage STAGE] [--status active|hired|rejected|withdrawn]
    invoke import-notes FILE [--dry-run] [--role ROLE] [--interviewer HANDLE] [--date D] [--names FILE] [--no-sections]
    invoke review --base REV   # what the change does to candidates (fit, verdict, rank), as Markdown
    invoke audit    # scan site/ for leaks before publishing
    invoke deploy [--dry-run]   # validate, strict build, audit, publish (hiring.yml deploy:)
    invoke rollback # serve the previous release again (dir target)
    invoke purge ID [--dry-run] # erase a candidate from sources, site and target
"""

from __future__ import annotations

import sys
import traceback
import datetime as dt
from pathlib import Path

from invoke import Context, Exit, task

from hiring_kb.diagnostics import FORMATS, Severity, render_report
from hiring_kb.site_build import build_site, mkdocs_env
from hiring_kb.validate import ValidationReport, validate_project
# Interviewer workflow: scaffolds, in-place edits and the notes import (thin wrappers).
from hiring_kb.edit import EditError, move_candidate
from hiring_kb.importer import format_plan, plan_import, run_import
from hiring_kb.scaffold import create_candidate, create_interview
from hiring_kb.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
SITE_DIR = ROOT / "site"


def _run_validation(fmt: str, strict: bool, debug: bool) -> ValidationReport:
    """Validate, print the report, and raise ``Exit`` when it fails (1) or crashes (2)."""
    if fmt not in FORMATS:
        raise Exit(f"unknown --format '{fmt}'; expected one of: {', '.join(FORMATS)}", code=2)
    today = _today()  # SOURCE_DATE_EPOCH when set: the same "today" as the site build
    try:
        report = validate_project(ROOT, today=today)
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


@task(help={"check": "Only check that schemas/ is up to date (exit 1 when not); write nothing."})
def schema(c: Context, check: bool = False) -> None:
    """Write the JSON Schemas of role, candidate, interview and hiring.yml files to schemas/ for editors."""
    from hiring_kb.schema_export import SCHEMA_DIR, stale_schemas, write_schemas

    directory = ROOT / SCHEMA_DIR
    if check:
        stale = stale_schemas(directory)
        if stale:
            raise Exit(f"out of date in {SCHEMA_DIR}/: {', '.join(stale)}; run 'invoke schema'", code=1)
        print(f"{SCHEMA_DIR}/ is up to date")
        return
    for path in write_schemas(directory):
        print(f"wrote {path.relative_to(ROOT).as_posix()}")


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
    """Validate, then serve the site with live reload; edits to roles/, candidates/ and hiring.yml rebuild.

    An edit that breaks validation shows the errors (path:line:col) on every page until it is fixed.
    """
    from hiring_kb.serving import address_problem

    _run_validation("text", strict=False, debug=False)
    problem = address_problem(address)  # before mkdocs builds: a busy port is one line, not a traceback
    if problem:
        raise Exit(problem, code=2)
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


# -- interviewer workflow: new-candidate, new-interview, move, import-notes ---------------------


def _settings() -> Settings:
    """The project's settings; a broken hiring.yml stops the command with its diagnostics."""
    settings, problems = load_settings(ROOT)
    if problems:
        raise Exit(render_report(problems), code=1)
    return settings


def _date(value: str | None, option: str = "--date") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Exit(f"{option} '{value}' is not a date; write it as YYYY-MM-DD", code=2) from None


def _refused(exc: EditError) -> Exit:
    return Exit("\n".join(d.format() for d in exc.diagnostics), code=1)


@task(
    help={
        "name": "The candidate's name as shown on the site.",
        "role": "Role id (a file name in roles/ without .yml).",
        "id": "Folder name to use instead of a fresh opaque id (c- and 6 hex digits).",
    }
)
def new_candidate(c: Context, name: str, role: str, id: str | None = None) -> None:  # noqa: A002
    """Create candidates/<id>/candidate.yml (active, at the role's first stage) and print its path."""
    try:
        created = create_candidate(_settings(), name, role, id)
    except EditError as exc:
        raise _refused(exc) from None
    print(created.label)
    print(f"next: invoke new-interview {created.candidate_id} --stage STAGE --interviewer HANDLE")


@task(
    positional=["id"],
    help={
        "id": "Candidate id (the folder name under candidates/, shown on the candidate page).",
        "stage": "Stage of the candidate's role: its id or its name as the site shows it (any case).",
        "interviewer": "Your handle (lowercase letters, digits, '-'; 'Ana' is taken as 'ana').",
        "date": "Interview date, YYYY-MM-DD (default: today).",
    }
)
def new_interview(
    c: Context, id: str | None = None, stage: str | None = None, interviewer: str | None = None,  # noqa: A002
    date: str | None = None,
) -> None:
    """Create the scorecard <date>-<stage>-<interviewer>.md from the role (focus competencies, rubric, questions)."""
    from hiring_kb.resolve import missing_options

    settings = _settings()
    try:
        missing = missing_options(settings, id, stage, interviewer)
        if missing:
            raise Exit(missing, code=2)
        created = create_interview(settings, id, stage, interviewer, _date(date))  # type: ignore[arg-type]
    except EditError as exc:
        raise _refused(exc) from None
    print(created.label)
    print("next: open it, rate each competency 1 to 4 (or leave it empty), write what the candidate said or did "
          "under its ## heading, then run: invoke validate")  # fmt: skip


@task(
    help={
        "id": "Candidate id (the folder name under candidates/).",
        "stage": "New stage: its id or its name as the site shows it (any case).",
        "status": "New status: active, hired, rejected or withdrawn (sets decided_on).",
    }
)
def move(c: Context, id: str, stage: str | None = None, status: str | None = None) -> None:  # noqa: A002
    """Move a candidate to another stage or status; edits candidate.yml in place, keeping everything else."""
    from hiring_kb.resolve import candidate_stage

    settings = _settings()
    try:
        if stage is not None:
            stage = candidate_stage(settings, id, stage)  # "System design" → system-design
        result = move_candidate(settings, id, stage, status)
    except EditError as exc:
        raise _refused(exc) from None
    if not result.changes:
        print(f"{result.path}: nothing to change")
    for change in result.changes:
        old = "(empty)" if change.old is None else change.old
        new = "(empty)" if change.new is None else change.new
        print(f"{result.path}: {change.key}: {old} -> {new}")


@task(
    help={
        "file": "The Markdown notes to import.",
        "dry_run": "Print the plan; write nothing.",
        "role": "Role id for people whose heading has no role hint (default: import.default_role).",
        "interviewer": "Interviewer handle written into the notes (default: import.interviewer).",
        "date": "Interview date, YYYY-MM-DD, for people whose notes hold no date (default: today).",
        "stage": "Stage of the imported interviews (default: each role's first stage).",
        "names": "YAML file: heading (or the name in it) -> full name, or {name: ..., role: ...}.",
        "sections": "Propose '## <competency>' sections from the competencies' names (default: on).",
    }
)
def import_notes(
    c: Context,
    file: str,
    dry_run: bool = False,
    role: str | None = None,
    interviewer: str | None = None,
    date: str | None = None,
    stage: str | None = None,
    names: str | None = None,
    sections: bool = True,
) -> None:
    """Turn free-form notes into candidates with one unrated interview each; keep every other line in a file."""
    settings = _settings()
    path = Path(file).expanduser()
    mapping = Path(names).expanduser() if names else None
    plan = plan_import(settings, path, role, interviewer, _date(date), stage, names=mapping, sections=sections)
    print(format_plan(plan, dry_run))
    if not plan.ok:
        raise Exit("nothing was imported: fix the errors above", code=1)
    if dry_run:
        return
    try:
        result = run_import(settings, plan)
    except EditError as exc:
        raise _refused(exc) from None
    print(f"imported {len(result.created)} candidate{'s' * (len(result.created) != 1)}; next: invoke validate")


@task(help={"base": "Git revision to compare with: a branch, tag or commit (e.g. main, HEAD~1, origin/main)."})
def review(c: Context, base: str) -> None:
    """Print, as Markdown, what the working tree changes against BASE: scorecards, fit, verdict, rank."""
    from hiring_kb.review import ReviewError, review_project

    try:
        print(review_project(ROOT, base, today=_today()), end="")
    except ReviewError as exc:
        raise Exit(f"review refused: {exc}", code=2) from None
    except Exception as exc:  # an internal failure is one line, never a traceback (as in validate)
        raise Exit(f"internal error while reviewing: {exc!r}", code=2) from None


# -- publishing privately: audit, deploy, rollback, purge (hiring_kb.publishing, .deploy, .purge) --


def _today() -> dt.date:
    """The date every check is judged by (hiring_kb.clock): SOURCE_DATE_EPOCH when set, as in the build."""
    from hiring_kb.clock import today

    try:
        return today()
    except ValueError as exc:
        raise Exit(str(exc), code=2) from None


@task(help={"site_dir": "The built site to scan (default: site/)."})
def audit(c: Context, site_dir: str = str(SITE_DIR)) -> None:
    """Scan a built site for leaks: private values, contact details, sources, external URLs, names in URLs, noindex."""
    from hiring_kb.audit import AuditContext, audit_site

    folder = Path(site_dir)
    if not folder.is_dir():
        raise Exit(f"no built site at {folder}: run 'invoke build' first", code=2)
    findings = audit_site(folder, AuditContext.from_settings(_settings()))
    print(render_report(findings))
    if findings:
        raise Exit(f"audit failed: {folder} must not be published", code=1)


@task(help={"dry_run": "Print the plan (steps and target) without running anything."})
def deploy(c: Context, dry_run: bool = False) -> None:
    """Validate, build strictly, audit, then publish to the deploy target of hiring.yml."""
    from hiring_kb.deploy import DeployError
    from hiring_kb.publishing import deploy_project, plan_deploy

    try:
        if dry_run:
            print("\n".join(plan_deploy(ROOT, SITE_DIR)))
            return
        deploy_project(ROOT, MKDOCS_CONFIG, SITE_DIR, today=_today())
    except DeployError as exc:
        raise Exit(f"deploy refused: {exc}", code=1) from None


@task
def rollback(c: Context) -> None:
    """Serve the previous release again (dir target)."""
    from hiring_kb.deploy import DeployError, rollback_dir
    from hiring_kb.publishing import load_checked_settings, target_of

    try:
        was, now = rollback_dir(target_of(load_checked_settings(ROOT)))
    except DeployError as exc:
        raise Exit(f"rollback refused: {exc}", code=1) from None
    print(f"rolled back: release {now} is current again (was {was})")


@task(help={"id": "Candidate id (folder name under candidates/).", "dry_run": "Check and print the plan only."})
def purge(c: Context, id: str, dry_run: bool = False) -> None:  # noqa: A002
    """Erase a candidate from sources, caches, site and deploy target; list what cannot be reached."""
    from hiring_kb.deploy import DeployError
    from hiring_kb.purge import purge_candidate

    try:
        report = purge_candidate(ROOT, MKDOCS_CONFIG, SITE_DIR, id, dry_run=dry_run, today=_today())
    except DeployError as exc:
        raise Exit(f"purge refused: {exc}", code=1) from None
    print("not reachable from here, erase by hand:")
    print("\n".join(f"  - {place}" for place in report.unreachable))
