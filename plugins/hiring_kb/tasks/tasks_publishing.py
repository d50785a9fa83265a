"""invoke tasks that publish the site privately: audit, deploy, releases, nginx-conf, rollback.

invoke audit    # scan site/ for leaks before publishing
invoke deploy [--dry-run] [--allow-dirty]   # reviewed data, validate, strict build, audit, publish
invoke releases # list the releases of the dir target: time, commit, which is current
invoke nginx-conf [--sign-in oauth2-proxy|basic]  # nginx locations for the audiences of hiring.yml
invoke rollback # serve the previous release again (dir target)

Thin wrappers over :mod:`hiring_kb.publish.audit`, :mod:`hiring_kb.publish.publishing` (the deploy pipeline),
:mod:`hiring_kb.publish.pull_deploy` and :mod:`hiring_kb.publish.nginx_recipe`; a core
:class:`~hiring_kb.publish.deploy.DeployError`
becomes one line and exit 1. Erasing a candidate from the target is in :mod:`hiring_kb.tasks.tasks_privacy`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Context, Exit, task

from hiring_kb.base.diagnostics import render_report
from hiring_kb.task_loading import loading_root
from hiring_kb.tasks.task_wiki import MKDOCS_FILE, SITE_FOLDER, settings_or_exit, today_or_exit

# The wiki these tasks run on: the folder of the tasks.py that loads them (hiring_kb.task_loading).
ROOT = loading_root()
MKDOCS_CONFIG = ROOT / MKDOCS_FILE
SITE_DIR = ROOT / SITE_FOLDER


@task(help={"site_dir": "The built site to scan (default: site/)."})
def audit(c: Context, site_dir: str = str(SITE_DIR)) -> None:
    """Scan a built site for leaks: private values, contact details, sources, external URLs, names in URLs, noindex."""
    from hiring_kb.publish.audit import AuditContext, audit_compiled_trees, audit_site

    folder = Path(site_dir)
    if not folder.is_dir():
        raise Exit(f"no built site at {folder}: run 'invoke build' first", code=2)
    context = AuditContext.from_settings(settings_or_exit(ROOT))
    findings = audit_site(folder, context) + audit_compiled_trees(ROOT, context)
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
    from hiring_kb.base.progress import Progress, is_live
    from hiring_kb.publish.deploy import DeployError
    from hiring_kb.publish.publishing import deploy_project, plan_deploy
    from hiring_kb.publish.pull_deploy import deploy_from_remote

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
                    ROOT,
                    MKDOCS_CONFIG,
                    SITE_DIR,
                    say,
                    today_or_exit(),
                    progress=steps,
                    accept_rewrite=accept_rewrite or None,
                )
            else:
                line = deploy_project(
                    ROOT, MKDOCS_CONFIG, SITE_DIR, say, today=today_or_exit(), allow_dirty=allow_dirty, progress=steps
                ).summary()
            progress.finish(line)
    except DeployError as exc:
        raise Exit(f"deploy refused: {exc}", code=1) from None


@task
def releases(c: Context) -> None:
    """List the releases of the dir target (each audience's): time, source commit, which is current."""
    from hiring_kb.publish.deploy import DeployError
    from hiring_kb.publish.publishing import load_checked_settings, release_lines

    try:
        print("\n".join(release_lines(load_checked_settings(ROOT))))
    except DeployError as exc:
        raise Exit(f"releases: {exc}", code=1) from None


@task(help={"sign_in": "oauth2-proxy (company SSO, default) or basic (htpasswd files)."})
def nginx_conf(c: Context, sign_in: str = "oauth2-proxy") -> None:
    """Print the nginx locations serving each audience of hiring.yml behind its sign-in group."""
    from hiring_kb.publish.deploy import DeployError
    from hiring_kb.publish.nginx_recipe import SIGN_IN, site_locations
    from hiring_kb.publish.publishing import load_checked_settings, target_of

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
    from hiring_kb.publish.deploy import DeployError
    from hiring_kb.publish.publishing import load_checked_settings, rollback_all

    try:
        done = rollback_all(load_checked_settings(ROOT))
    except DeployError as exc:
        raise Exit(f"rollback refused: {exc}", code=1) from None
    for site, was, now in done:
        where = f"{site.label}: " if site.audience else ""
        print(f"rolled back: {where}release {now} is current again (was {was})")
