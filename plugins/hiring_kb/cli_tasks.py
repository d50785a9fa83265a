"""invoke tasks: the command line of the hiring wiki. Thin wrappers over the core (``hiring_kb``).

invoke validate [--strict] [--format text|github|json] [--for-deploy]
invoke schema [--check]   # JSON Schemas for editors in schemas/ (docs/editor-setup.md)
invoke build [--audience NAME] [--site-dir DIR]  # validate, then a strict MkDocs build swapped into site/
invoke serve    # live preview; edits under roles/ and candidates/ rebuild
invoke new-candidate "Name" --role ROLE [--id ID]
invoke new-interview ID --stage STAGE --interviewer HANDLE [--date YYYY-MM-DD]
invoke move ID [--stage STAGE] [--status active|hired|rejected|withdrawn]
invoke import-notes FILE [--dry-run] [--role ROLE] [--interviewer HANDLE] [--date D] [--names FILE] [--no-sections]
invoke review --base REV   # what the change does to candidates (fit, verdict, rank), as Markdown
invoke audit    # scan site/ for leaks before publishing
invoke deploy [--dry-run] [--allow-dirty]   # reviewed data, validate, strict build, audit, publish
invoke releases # list the releases of the dir target: time, commit, which is current
invoke nginx-conf [--sign-in oauth2-proxy|basic]  # nginx locations for the audiences of hiring.yml
invoke rollback # serve the previous release again (dir target)
invoke purge ID [--dry-run] # erase a candidate from sources, site and target
invoke verify-erased ID [--name NAME]   # repeat the purge's checks later
invoke export ID [--out FILE]           # subject-access export (GDPR Art. 15)
invoke private-set ID KEY VALUE | private-show ID | private-edit ID   # sealed private: values
invoke private-seal-all | private-reseal | private-keygen --out FILE
invoke init DIR   # start a new hiring wiki for a company in DIR
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path

from invoke import Context, Exit, task

from hiring_kb.diagnostics import FORMATS, Severity, render_report

# Interviewer workflow: scaffolds, in-place edits and the notes import (thin wrappers).
from hiring_kb.edit import EditError, move_candidate
from hiring_kb.importer import format_plan, import_summary, plan_import, run_import
from hiring_kb.scaffold import create_candidate, create_interview
from hiring_kb.settings import Settings, load_settings
from hiring_kb.site_build import build_site, mkdocs_env
from hiring_kb.task_loading import loading_root
from hiring_kb.validate import ValidationReport, validate_project

# The wiki these tasks run on: the folder of the tasks.py that loads them (hiring_kb.task_loading).
ROOT = loading_root()
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
SITE_DIR = ROOT / "site"


def _run_validation(fmt: str, strict: bool, debug: bool, for_deploy: bool = False) -> ValidationReport:
    """Validate, print the report, and raise ``Exit`` when it fails (1) or crashes (2)."""
    if fmt not in FORMATS:
        raise Exit(f"unknown --format '{fmt}'; expected one of: {', '.join(FORMATS)}", code=2)
    today = _today()  # SOURCE_DATE_EPOCH when set: the same "today" as the site build
    try:
        report = validate_project(ROOT, today=today, for_deploy=for_deploy)
    except Exception as exc:  # noqa: BLE001 - an internal failure is one line, never a traceback (unless asked)
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
    _run_validation(format, strict, debug, for_deploy)


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


@task(
    help={
        "site_dir": "Where to put the site (default: site/).",
        "audience": "Build only what this audience of hiring.yml may see (default: every candidate).",
    }
)
def build(c: Context, site_dir: str = str(SITE_DIR), audience: str | None = None) -> None:
    """Validate, then build the site strictly into a temporary folder and swap it into site/."""
    report = _run_validation("text", strict=False, debug=False)
    if audience:
        from hiring_kb.audiences import AudienceError, find_audience

        try:
            find_audience(report.settings.audiences, audience)
        except AudienceError as exc:
            raise Exit(str(exc), code=2) from None
    from hiring_kb.progress import Progress

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
    from hiring_kb.serving import address_problem

    _run_validation("text", strict=False, debug=False)
    problem = address_problem(address)  # before mkdocs builds: a busy port is one line, not a traceback
    if problem:
        raise Exit(problem, code=2)
    # --livereload: with click > 8.2.1, `mkdocs serve` no longer reloads unless asked. --dirty: an edit
    # re-renders only the pages whose compiled file changed (hiring_kb.compiler; the plugin keeps nav and search whole).
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

    from hiring_kb.synthetic import generate_project

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
    from hiring_kb.benchmark import run

    run([int(size) for size in sizes.split(",")], repeats=repeats, results_file=Path(results), serve=serve, source=ROOT)


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
def new_candidate(c: Context, name: str, role: str, id: str | None = None) -> None:
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
    },
)
def new_interview(
    c: Context,
    id: str | None = None,
    stage: str | None = None,
    interviewer: str | None = None,
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
        "reason": "Why (with --status): an id of decision_reasons in hiring.yml; repeat for several.",
        "rationale": "With --status: one short sentence shown with the decision.",
    },
    iterable=["reason"],
)
def move(
    c: Context,
    id: str,
    stage: str | None = None,
    status: str | None = None,
    reason: list[str] | None = None,
    rationale: str | None = None,
) -> None:
    """Move a candidate to another stage or status; records it in history: and edits candidate.yml in place."""
    from hiring_kb.resolve import candidate_stage

    settings = _settings()
    try:
        if stage is not None:
            stage = candidate_stage(settings, id, stage)  # "System design" → system-design
        result = move_candidate(settings, id, stage, status, reasons=reason or (), rationale=rationale)
    except EditError as exc:
        raise _refused(exc) from None
    if not result.changes:
        print(f"{result.path}: nothing to change")
    for change in result.changes:
        old = "(empty)" if change.old is None else change.old
        new = "(empty)" if change.new is None else change.new
        if change.key == "history":
            print(f"{result.path}: history: + {new}")
        else:
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
    from hiring_kb.progress import Progress

    try:
        with Progress("import-notes") as progress:  # the notes written, live on a terminal
            result = run_import(settings, plan, progress)
            progress.finish(import_summary(result))
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
    except Exception as exc:  # noqa: BLE001 - an internal failure is one line, never a traceback (as in validate)
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
    context = AuditContext.from_settings(_settings())
    findings = audit_site(folder, context)
    # The compiled site sources are a copy of what gets published (hiring_kb.compiler): read them too.
    from hiring_kb.audit import audit_tree
    from hiring_kb.compiler import build_root

    for tree in sorted(p.parent for p in build_root(ROOT).glob("*/docs")):  # with the search entries beside it
        findings += audit_tree(tree, context, tree.relative_to(ROOT).as_posix())
    if context.closed:
        print(context.closed_note())
    print(render_report(findings))
    if findings:
        raise Exit(f"audit failed: {folder} must not be published", code=1)


@task(
    help={
        "dry_run": "Print the plan (steps and target) without running anything.",
        "allow_dirty": "Publish even uncommitted data or another branch than deploy.branch (with a warning).",
        "from_remote": "On the web server (systemd timer): fetch deploy.branch, refuse a rewritten history, deploy.",
        "accept_rewrite": "With --from-remote: publish this one commit although it rewrote the live history.",
    }
)
def deploy(
    c: Context, dry_run: bool = False, allow_dirty: bool = False, from_remote: bool = False, accept_rewrite: str = ""
) -> None:
    """Check the data is reviewed, validate, build strictly, audit, then publish every audience's site."""
    from hiring_kb.deploy import DeployError
    from hiring_kb.progress import Progress, is_live
    from hiring_kb.publishing import deploy_project, plan_deploy
    from hiring_kb.pull_deploy import deploy_from_remote

    try:
        if dry_run:
            print("\n".join(plan_deploy(ROOT, SITE_DIR, allow_dirty)))
            return
        live = is_live(sys.stderr)
        with Progress("deploy") as progress:
            # In logs the messages are the steps (review: ok, validate: ok...): no second line per step there.
            say, steps = (progress.note, progress) if live else (print, None)
            if from_remote:
                line = deploy_from_remote(
                    ROOT, MKDOCS_CONFIG, SITE_DIR, say, _today(), progress=steps, accept_rewrite=accept_rewrite or None
                )
            else:
                line = deploy_project(
                    ROOT, MKDOCS_CONFIG, SITE_DIR, say, today=_today(), allow_dirty=allow_dirty, progress=steps
                ).summary()
            progress.finish(line)
    except DeployError as exc:
        raise Exit(f"deploy refused: {exc}", code=1) from None


@task
def releases(c: Context) -> None:
    """List the releases of the dir target (each audience's): time, source commit, which is current."""
    from hiring_kb.deploy import DeployError
    from hiring_kb.publishing import load_checked_settings, release_lines

    try:
        print("\n".join(release_lines(load_checked_settings(ROOT))))
    except DeployError as exc:
        raise Exit(f"releases: {exc}", code=1) from None


@task(help={"sign_in": "oauth2-proxy (company SSO, default) or basic (htpasswd files)."})
def nginx_conf(c: Context, sign_in: str = "oauth2-proxy") -> None:
    """Print the nginx locations serving each audience of hiring.yml behind its sign-in group."""
    from hiring_kb.deploy import DeployError
    from hiring_kb.nginx_recipe import SIGN_IN, site_locations
    from hiring_kb.publishing import load_checked_settings, target_of

    if sign_in not in SIGN_IN:
        raise Exit(f"unknown --sign-in '{sign_in}'; expected one of: {', '.join(SIGN_IN)}", code=2)
    try:
        settings = load_checked_settings(ROOT)
        print(site_locations(settings, target_of(settings), MKDOCS_CONFIG, sign_in), end="")
    except DeployError as exc:
        raise Exit(f"nginx-conf: {exc}", code=1) from None


@task
def rollback(c: Context) -> None:
    """Serve the previous release again (dir and rsync targets; every audience's site)."""
    from hiring_kb.deploy import DeployError
    from hiring_kb.publishing import load_checked_settings, rollback_all

    try:
        done = rollback_all(load_checked_settings(ROOT))
    except DeployError as exc:
        raise Exit(f"rollback refused: {exc}", code=1) from None
    for site, was, now in done:
        where = f"{site.label}: " if site.audience else ""
        print(f"rolled back: {where}release {now} is current again (was {was})")


@task(help={"id": "Candidate id (folder name under candidates/).", "dry_run": "Check and print the plan only."})
def purge(c: Context, id: str, dry_run: bool = False) -> None:
    """Erase a candidate from sources, caches, site and deploy target; list what cannot be reached."""
    from hiring_kb.deploy import DeployError
    from hiring_kb.purge import purge_candidate

    try:
        report = purge_candidate(ROOT, MKDOCS_CONFIG, SITE_DIR, id, dry_run=dry_run, today=_today())
    except DeployError as exc:
        raise Exit(f"purge refused: {exc}", code=1) from None
    print("not reachable from here, erase by hand:")
    print("\n".join(f"  - {place}" for place in report.unreachable))


# -- sealed private values (hiring_kb.private_commands; docs/privacy.md) ----------------------------
# Dash names (private-set, ...) rather than an invoke collection: this file's tasks are found by
# module discovery, which an explicit namespace would replace.

_IDENTITY_HELP = "Identity file that opens sealed values (default: $HIRING_AGE_IDENTITY)."


def _keyring(identity: str | None):
    from hiring_kb.sealed import SealError, keyring_from

    try:
        return keyring_from(identity)
    except SealError as exc:
        raise Exit(str(exc), code=2) from None


@task(
    help={
        "id": "Candidate id.",
        "key": "Key in private:, e.g. phone.",
        "value": "The value, kept as typed; '-' asks for it (hidden at a terminal, else one line of standard "
        "input), so it stays out of your shell history.",
        "identity": _IDENTITY_HELP,
    }
)
def private_set(c: Context, id: str, key: str, value: str, identity: str | None = None) -> None:
    """Seal KEY: VALUE into a candidate's private: block (needs only hiring.yml's public keys)."""
    from hiring_kb.private_commands import set_private

    if value == "-":
        value = _typed_value(key)
    try:
        print(set_private(_settings(), id, key, value, _keyring(identity)))
    except EditError as exc:
        raise _refused(exc) from None


def _typed_value(key: str) -> str:
    """A private value asked for rather than given on the command line (where shell history and other
    users' process lists would keep it): hidden at a terminal, else the first line of standard input."""
    import getpass

    if sys.stdin.isatty():
        return getpass.getpass(f"{key}: ")
    line = sys.stdin.readline()
    if not line:
        raise Exit(f"no value for '{key}' on standard input (type it, or pipe one line)", code=2)
    return line.rstrip("\r\n")


@task(help={"id": "Candidate id.", "identity": _IDENTITY_HELP})
def private_show(c: Context, id: str, identity: str | None = None) -> None:
    """Print a candidate's private: values as written (needs an identity)."""
    from hiring_kb.private_commands import show_private

    try:
        print(show_private(_settings(), id, _keyring(identity)).rstrip("\n"))
    except EditError as exc:
        raise _refused(exc) from None


@task(help={"id": "Candidate id.", "identity": _IDENTITY_HELP})
def private_edit(c: Context, id: str, identity: str | None = None) -> None:
    """Edit a candidate's private: values in $VISUAL/$EDITOR (a 0600 temp file, sealed again, removed)."""
    import os
    import shlex
    import subprocess

    from hiring_kb.private_commands import edit_private

    command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")

    def editor(path: Path) -> None:
        if subprocess.run([*command, str(path)], check=False).returncode != 0:
            raise Exit(f"the editor ({command[0]}) failed; nothing was changed", code=1)

    def retry(problem: str) -> bool:
        print(f"not saved: {problem}")
        return sys.stdin.isatty() and input("edit again? [Y/n] ").strip().lower() in ("", "y", "yes")

    try:
        print(edit_private(_settings(), id, _keyring(identity), editor, retry))
    except EditError as exc:
        raise _refused(exc) from None


@task
def private_seal_all(c: Context) -> None:
    """Seal every plain-text private: block for hiring.yml's private_recipients (as written, comments kept)."""
    from hiring_kb.private_commands import seal_all

    try:
        done = seal_all(_settings())
    except EditError as exc:
        raise _refused(exc) from None
    print("\n".join(done) if done else "every private: block is already sealed")


@task(help={"identity": _IDENTITY_HELP})
def private_reseal(c: Context, identity: str | None = None) -> None:
    """Seal every private: block again for today's private_recipients (after adding or removing an admin)."""
    from hiring_kb.private_commands import reseal_all

    try:
        done = reseal_all(_settings(), _keyring(identity))
    except EditError as exc:
        raise _refused(exc) from None
    print("\n".join(done) if done else "no sealed private: block")


@task(
    help={"out": "Where to write the new identity file (outside the repository), e.g. ~/.config/hiring/identity.txt."}
)
def private_keygen(c: Context, out: str) -> None:
    """Make a new identity (secret key file, 0600) and print its public key for private_recipients:."""
    from hiring_kb.private_commands import write_identity

    try:
        public = write_identity(Path(out), ROOT)
    except EditError as exc:
        raise _refused(exc) from None
    print(f"wrote {out} (keep it private; back it up)")
    print(f"add to private_recipients: in hiring.yml, then run 'invoke private-reseal':\n  - {public}")


# -- erasure and subject access (hiring_kb.purge, hiring_kb.export) ------------------------------


@task(
    help={
        "id": "The erased candidate's id.",
        "name": "Their full name, to search for it too (it is kept nowhere).",
        "identity": _IDENTITY_HELP,
    }
)
def verify_erased(c: Context, id: str, name: str | None = None, identity: str | None = None) -> None:
    """Repeat a purge's checks: sources, caches, site, deploy target, git refs and the erasure record."""
    from hiring_kb.deploy import DeployError
    from hiring_kb.purge_verify import verify_erased as verify

    try:
        report = verify(ROOT, SITE_DIR, id, name, _keyring(identity))
    except DeployError as exc:
        raise Exit(f"verify-erased refused: {exc}", code=1) from None
    for entry in report.records:
        print(f"erasure record of {entry.date}: removed {'; '.join(entry.removed)}")
    print("checked: " + "; ".join(report.checked))
    if report.found:
        print("still there:")
        print("\n".join(f"  - {place}" for place in report.found))
        raise Exit(code=1)
    print(f"no trace of {id}" + (f" or '{name}'" if name else "") + " found")


@task(
    help={
        "id": "Candidate id.",
        "out": "Archive to write (default: ~/hiring-exports/<id>-<date>.zip; never inside the repository).",
        "identity": _IDENTITY_HELP,
    }
)
def export(c: Context, id: str, out: str | None = None, identity: str | None = None) -> None:
    """Subject-access export (GDPR Art. 15): one zip of everything held about a candidate, nothing about others."""
    from hiring_kb.export import ExportError, export_candidate

    try:
        result = export_candidate(ROOT, id, Path(out) if out else None, _keyring(identity), today=_today())
    except ExportError as exc:
        raise Exit(f"export refused: {exc}", code=1) from None
    print(f"wrote {result.path} (readable by you only):")
    print("\n".join(f"  {member}" for member in result.members))
    for note in result.notes:
        print(f"NOTE: {note}")


@task(help={"dir": "The new instance's folder: must not exist yet, or be empty."})
def init(c: Context, dir: str) -> None:
    """Start your company's own hiring wiki in DIR: template role, empty candidates/, documented hiring.yml, handbook, CI."""  # noqa: E501 - `invoke --list` shows this first line whole
    from hiring_kb.instance import TEMPLATE_ROLE, InitError, init_instance

    try:
        written = init_instance(Path(dir).expanduser())
    except InitError as exc:
        raise Exit(str(exc), code=2) from None
    print(f"wrote a new hiring wiki in {dir} ({len(written)} files)")
    print(f"next: cd {dir} && git init -b main && pip install -r requirements.txt && invoke validate && invoke serve")
    print(f"then edit roles/{TEMPLATE_ROLE}.yml and hiring.yml (README.md lists the first steps)")
