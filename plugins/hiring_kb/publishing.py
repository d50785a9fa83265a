"""The deploy pipeline: validate → strict build → leak audit → publish (design.md §7).

:func:`deploy_project` is what ``invoke deploy`` runs; :func:`plan_deploy` is its ``--dry-run``.
Every refusal is a :class:`~hiring_kb.deploy.DeployError` whose message names the step that
failed and what to do; nothing is published unless every step before it passed, so a site
built from invalid data or one that leaks is never served.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .audit import AuditContext, audit_site
from .deploy import DeployConfig, DeployError, plan_lines, publish_dir, publish_git
from .diagnostics import render_report, summary
from .settings import Settings, load_settings
from .site_build import build_site
from .validate import validate_project

Say = Callable[[str], None]

NO_TARGET = (
    "no deploy target is configured, nothing was published: add a deploy: section to hiring.yml "
    "(target: dir with path: <folder served by nginx>, or target: git with remote: <url>); "
    "see docs/publishing.md"
)


@dataclass(frozen=True)
class DeployResult:
    """What was published: the target and the release name (dir) or commit id (git)."""

    config: DeployConfig
    published: str


def target_of(settings: Settings) -> DeployConfig:
    """The configured target; DeployError (:data:`NO_TARGET`) when there is none."""
    if settings.deploy is None:
        raise DeployError(NO_TARGET)
    return settings.deploy


def load_checked_settings(root: Path) -> Settings:
    """Settings of ``root``; DeployError listing the problems when ``hiring.yml`` is invalid."""
    settings, problems = load_settings(root)
    if problems:
        raise DeployError("hiring.yml is invalid, nothing was published:\n" + render_report(problems))
    return settings


def plan_deploy(root: Path, site_dir: Path) -> list[str]:
    """The steps ``invoke deploy`` would run, one line each, without running any.

    Raises DeployError when hiring.yml is invalid or no target is configured.
    """
    config = target_of(load_checked_settings(root))
    steps = [
        f"validate {root} (stop on any error)",
        f"build the site strictly into {site_dir} (stop on any warning)",
        f"audit {site_dir} for leaks (stop on any finding)",
        f"publish to {config.describe()}:",
    ]
    return [f"{n}. {line}" for n, line in enumerate(steps, 1)] + [f"   - {line}" for line in plan_lines(config)]


def build_and_audit(root: Path, mkdocs_config: Path, site_dir: Path, say: Say, today: dt.date | None = None) -> Settings:
    """Validate, build strictly into ``site_dir`` and audit it; return the settings.

    Raises DeployError at the first step that fails, after printing its report via ``say``.
    """
    report = validate_project(root, today=today)
    if not report.ok:
        say(render_report(report.diagnostics))
        raise DeployError(f"validation failed ({summary(report.diagnostics)}), nothing was published")
    say(f"validate: ok ({summary(report.diagnostics)})")
    result = build_site(mkdocs_config, site_dir, strict=True)
    if not result.ok:
        say(result.output.strip())
        raise DeployError(f"the strict build failed (mkdocs exit {result.returncode}), nothing was published")
    say(f"build: ok ({site_dir})")
    context = AuditContext.from_settings(report.settings)
    findings = audit_site(site_dir, context)
    if context.closed:
        say(context.closed_note())
    if findings:
        say(render_report(findings))
        raise DeployError(f"the leak audit found {len(findings)} problem(s) in {site_dir}, nothing was published")
    say("audit: ok (no private values, contact details, sources, external URLs or names in URLs)")
    return report.settings


def deploy_project(
    root: Path,
    mkdocs_config: Path,
    site_dir: Path,
    say: Say = print,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> DeployResult:
    """Run the whole pipeline and publish to the configured target.

    Args:
        root: project root (``hiring.yml``, ``roles/``, ``candidates/``).
        mkdocs_config: the ``mkdocs.yml`` to build with.
        site_dir: where the site is built (replaced only by a successful build).
        say: receives progress and reports, one message per call.
        today: the date validation judges retention by (default: today).
        now: the release timestamp (default: now, UTC).

    Raises DeployError when no target is configured or any step fails.
    """
    config = target_of(load_checked_settings(root))
    build_and_audit(root, mkdocs_config, site_dir, say, today)
    if config.target == "dir":
        release = publish_dir(site_dir, config, now)
        say(f"publish: release {release.name} is now current in {config.path}")
        return DeployResult(config, release.name)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d %H:%M:%S UTC")
    commit = publish_git(site_dir, config, f"Publish hiring wiki ({stamp})")
    say(f"publish: commit {commit[:12]} force-pushed to '{config.branch}' of {config.remote}")
    return DeployResult(config, commit)
