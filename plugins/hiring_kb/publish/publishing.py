"""The deploy pipeline: reviewed data → validate → strict build → leak audit → publish (docs/publishing.md).

:func:`deploy_project` is what ``invoke deploy`` runs; :func:`plan_deploy` is its ``--dry-run``;
:func:`republish_all` is what ``invoke purge`` runs after deleting a candidate. Every refusal is
a :class:`~hiring_kb.publish.deploy.DeployError` whose message names the step that failed and what to
do; nothing is published unless every step before it passed for every site, so a site built
from unreviewed or invalid data, or one that leaks, is never served.

With ``audiences:`` in hiring.yml (:mod:`hiring_kb.sources.audiences`) each audience is its own site:
built into ``<site_dir>/<audience>/``, audited for candidates of other audiences too, and
published to ``<path>/<audience>/`` (dir target) or branch ``<publish_branch>-<audience>`` (git
target). Without it there is one site, as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.base.diagnostics import Severity, render_report, summary
from hiring_kb.base.progress import Progress
from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.release_gate import SourceState, check_reviewed, source_state
from hiring_kb.publish.targets import target_for
from hiring_kb.rendering.site_build import build_site
from hiring_kb.sources.audiences import Audience, filter_project
from hiring_kb.sources.deploy_settings import DeployConfig
from hiring_kb.sources.settings import Settings, load_settings
from hiring_kb.sources.validate import ValidationReport, validate_project

Say = Callable[[str], None]

NO_TARGET = (
    "no deploy target is configured, nothing was published: add a deploy: section to hiring.yml "
    "(target: dir with path: <folder served by nginx>, target: rsync with host: and path: on the web server, "
    "or target: git with remote: <url>); "
    "see docs/publishing.md"
)


@dataclass(frozen=True)
class Site:
    """One site of a deploy: its ``audience`` (None: every candidate), where it is built
    (``site_dir``) and where it is published (``config``, None when there is no target)."""

    audience: Audience | None
    site_dir: Path
    config: DeployConfig | None

    @property
    def label(self) -> str:
        return f"audience '{self.audience.name}'" if self.audience else "the site"


@dataclass(frozen=True)
class DeployResult:
    """What was published: the target and the release name (dir, rsync) or commit id (git) of
    the first site; ``sites`` pairs every site with what it was published as; ``commit``: the
    source commit (None outside git)."""

    config: DeployConfig
    published: str
    sites: tuple[tuple[Site, str], ...] = ()
    commit: str | None = None

    def summary(self) -> str:
        """The one line that ends ``invoke deploy``: what was published, from which commit, where."""
        source = f" of commit {self.commit[:12]}" if self.commit else ""
        if self.config.target == "git":  # what was published is itself a commit: say which is which
            source = f" (built from commit {self.commit[:12]})" if self.commit else ""
        what = f"release {self.published}" if self.config.target != "git" else f"site commit {self.published[:12]}"
        count = f"{len(self.sites)} sites, " if len(self.sites) > 1 else ""
        return f"published {count}{what}{source} to {self.config.describe()}"


def target_of(settings: Settings) -> DeployConfig:
    """The configured target; DeployError (:data:`NO_TARGET`) when there is none, or when it
    would publish into the project itself (the next build, commit or purge would see it)."""
    if settings.deploy is None:
        raise DeployError(NO_TARGET)
    config = settings.deploy
    if config.target == "git" and config.branch == config.publish_branch:
        raise DeployError(
            f"deploy.branch '{config.branch}' is the branch the site would be pushed to: deploy.branch names the "
            "branch of this repository deploys run from (default main), deploy.publish_branch the branch of the "
            "remote the site is pushed to (default site). In hiring.yml, rename branch: to publish_branch:"
        )
    root = settings.root.resolve()
    key = config.identity.resolve() if config.identity is not None else None
    if key is not None and (key == root or root in key.parents):
        raise DeployError(
            f"deploy.identity {key} is inside the project {root}: a private key there ends up in a commit. Keep it "
            "outside, e.g. ~/.ssh/hiring-wiki-deploy (in CI: written from a secret, see docs/publishing.md)"
        )
    inside = None  # an rsync path is on another machine
    if config.target == "dir" and config.path is not None:
        inside = config.path.resolve()
    elif config.target == "git" and config.remote and Path(config.remote).is_absolute():
        inside = Path(config.remote).resolve()
    if inside is not None and (inside == root or root in inside.parents):
        raise DeployError(
            f"deploy.{'path' if config.target == 'dir' else 'remote'} {inside} is inside the project {root}: "
            "the published site would land in the repository (and in its commits). Use a folder outside it, "
            "e.g. /srv/hiring-wiki"
        )
    return config


def load_checked_settings(root: Path) -> Settings:
    """Settings of ``root``; DeployError listing the problems when ``hiring.yml`` is invalid."""
    settings, problems = load_settings(root)
    if problems:
        raise DeployError("hiring.yml is invalid, nothing was published:\n" + render_report(problems))
    return settings


def sites_of(settings: Settings, site_dir: Path, config: DeployConfig | None) -> list[Site]:
    """The sites a deploy builds: one per audience (``<site_dir>/<name>/``, published to
    ``<path>/<name>/`` or branch ``<publish_branch>-<name>``), or the single site in ``site_dir``."""
    if not settings.audiences:
        return [Site(None, site_dir, config)]
    sites = []
    for audience in settings.audiences:
        target = None
        if config is not None and config.target in ("dir", "rsync"):
            assert config.path is not None
            target = dataclasses.replace(config, path=config.path / audience.name)
        elif config is not None:
            target = dataclasses.replace(config, publish_branch=f"{config.publish_branch}-{audience.name}")
        sites.append(Site(audience, site_dir / audience.name, target))
    return sites


def plan_deploy(root: Path, site_dir: Path, allow_dirty: bool = False) -> list[str]:
    """The steps ``invoke deploy`` would run, one line each, without running any.

    Raises DeployError when hiring.yml is invalid, no target is configured or it is inside the project.
    """
    settings = load_checked_settings(root)
    config = target_of(settings)
    state = source_state(settings, config.branch)
    if state.problems:
        check = ("publish anyway (--allow-dirty), though: " if allow_dirty else "refuse now, because: ") + "; ".join(
            state.problems
        )
    else:
        check = f"ok: commit {state.commit[:12] if state.commit else '?'} on '{state.branch}'"
    steps = [
        f"check that only reviewed data is published (committed, on branch '{config.branch}'): {check}",
        f"validate {root} as for a deploy (stop on any error, including candidates past retention)",
    ]
    lines = [f"{n}. {line}" for n, line in enumerate(steps, 1)]
    for site in sites_of(settings, site_dir, config):
        assert site.config is not None
        n = len(lines) + 1
        scope = ""
        if site.audience is not None:
            roles = ", ".join(site.audience.roles) if site.audience.roles else "all roles"
            group = f"group {site.audience.group}" if site.audience.group else "any signed-in user"
            scope = f"{site.label} (roles: {roles}; sign-in: {group}): "
        lines += [
            f"{n}. {scope}build the site strictly into {site.site_dir} (stop on any warning)",
            f"{n + 1}. audit {site.site_dir} for leaks (stop on any finding)"
            + (", and for any candidate of another audience" if site.audience else ""),
        ]
    n = len(lines) + 1
    for site in sites_of(settings, site_dir, config):
        assert site.config is not None
        lines.append(f"{n}. publish {site.label} to {site.config.describe()}:")
        lines += [f"   - {line}" for line in target_for(site.config).plan()]
        n += 1
    return lines


def _step(progress: Progress | None, label: str) -> AbstractContextManager[object]:
    """A named step of :class:`~hiring_kb.base.progress.Progress` (nothing without one)."""
    return progress.step(label) if progress is not None else nullcontext()


def _validate_for_deploy(root: Path, say: Say, today: dt.date | None) -> ValidationReport:
    report = validate_project(root, today=today, for_deploy=True)
    if not report.ok:
        say(render_report(report.diagnostics))
        raise DeployError(f"validation failed ({summary(report.diagnostics)}), nothing was published")
    warnings = [d for d in report.diagnostics if d.severity is Severity.WARNING]
    if warnings:
        say(render_report(warnings))
    say(f"validate: ok ({summary(report.diagnostics)})")
    return report


def _build_and_audit_sites(
    report: ValidationReport, mkdocs_config: Path, sites: list[Site], say: Say, progress: Progress | None = None
) -> None:
    """Build and audit every site; DeployError at the first that fails (nothing is published)."""
    context = AuditContext.from_settings(report.settings, mkdocs_config)
    if context.closed:
        say(context.closed_note())
    if report.settings.audiences and sites:
        # Old single-site or audience folders must not mix with the new builds.
        shutil.rmtree(sites[0].site_dir.parent, ignore_errors=True)
    for site in sites:
        name = site.audience.name if site.audience else None
        with _step(progress, f"building {site.label} strictly"):
            result = build_site(mkdocs_config, site.site_dir, strict=True, audience=name)
        if not result.ok:
            say(result.output.strip())
            raise DeployError(
                f"the strict build of {site.label} failed (mkdocs exit {result.returncode}), nothing was published"
            )
        say(f"build: ok ({site.site_dir})")
        visible = filter_project(report.project, site.audience)
        audience_context = context.for_audience(set(visible.candidates)) if site.audience else context
        with _step(progress, f"auditing {site.label} for leaks"):
            findings = audit_site(site.site_dir, audience_context)
        if findings:
            say(render_report(findings))
            raise DeployError(
                f"the leak audit found {len(findings)} problem(s) in {site.site_dir}, nothing was published"
            )
        say(
            "audit: ok (no private values, contact details, sources, external URLs or names in URLs"
            + (", no candidate of another audience)" if site.audience else ")")
        )


def build_and_audit(
    root: Path, mkdocs_config: Path, site_dir: Path, say: Say, today: dt.date | None = None
) -> Settings:
    """Validate (as for a deploy), build strictly into ``site_dir`` and audit it; return the settings.

    With audiences, every audience's site is built into ``site_dir/<audience>/``. Raises
    DeployError at the first step that fails, after printing its report via ``say``.
    """
    report = _validate_for_deploy(root, say, today)
    _build_and_audit_sites(report, mkdocs_config, sites_of(report.settings, site_dir, None), say)
    return report.settings


def deploy_project(
    root: Path,
    mkdocs_config: Path,
    site_dir: Path,
    say: Say = print,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    allow_dirty: bool = False,
    expected_changes: Iterable[Path] = (),
    progress: Progress | None = None,
) -> DeployResult:
    """Run the whole pipeline and publish every site to the configured target.

    Args:
        root: project root (``hiring.yml``, ``roles/``, ``candidates/``), a git work tree.
        mkdocs_config: the ``mkdocs.yml`` to build with.
        site_dir: where the site is built (replaced only by a successful build); with
            audiences, the folder of one site per audience.
        say: receives progress, warnings and reports, one message per call.
        today: the date validation judges retention by (default: today).
        now: the release timestamp (default: now, UTC).
        allow_dirty: publish even when the data is not reviewed (:mod:`hiring_kb.publish.release_gate`), with a warning.
        expected_changes: folders whose uncommitted changes are expected (purge deleted them).
        progress: shows each step (:mod:`hiring_kb.base.progress`); None: only ``say``.

    Raises DeployError when no target is configured or any step fails.
    """
    settings = load_checked_settings(root)
    config = target_of(settings)
    with _step(progress, "checking that only reviewed data is published"):
        state = source_state(settings, config.branch, expected_changes)
    for line in check_reviewed(state, allow_dirty):
        say(line)
    if state.commit and not state.problems:
        say(f"review: ok (commit {state.commit[:12]} on '{state.branch}')")
    with _step(progress, "validating"):
        report = _validate_for_deploy(root, say, today)
    sites = sites_of(report.settings, site_dir, config)
    _build_and_audit_sites(report, mkdocs_config, sites, say, progress)
    published = []
    for site in sites:
        with _step(progress, f"publishing {site.label}"):  # where: in its message and the summary
            published.append((site, _publish(site, state, say, now)))
    return DeployResult(config, published[0][1], tuple(published), state.commit)


def _publish(site: Site, state: SourceState, say: Say, now: dt.datetime | None) -> str:
    config = site.config
    assert config is not None
    record = {**state.record, "audience": site.audience.name if site.audience else "all"}
    done = target_for(config).publish(site.site_dir, now, record)
    say(done.message)
    return done.name


def republish_all(
    root: Path,
    mkdocs_config: Path,
    site_dir: Path,
    say: Say,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    expected_changes: Iterable[Path] = (),
) -> list[Site]:
    """Rebuild and republish every audience's site (after a purge); return the sites.

    Without a deploy target, only rebuilds (and audits) the sites under ``site_dir``.
    ``expected_changes``: folders whose deletion is not committed yet (the purged candidate),
    so the review check does not refuse because of them. Raises DeployError as :func:`deploy_project`.
    """
    settings = load_checked_settings(root)
    if settings.deploy is None:
        say("no deploy target configured: rebuilding site/ only")
        build_and_audit(root, mkdocs_config, site_dir, say, today)
        return sites_of(settings, site_dir, None)
    result = deploy_project(root, mkdocs_config, site_dir, say, today, now, expected_changes=expected_changes)
    return [site for site, _ in result.sites]


def release_lines(settings: Settings) -> list[str]:
    """``invoke releases``: per site, one line per release of the dir or rsync target, oldest first:
    ``<release>  <published, UTC>  commit <12 hex> on <branch>[ (not reviewed)]  [current]``.

    Raises DeployError when no target is configured (or the rsync server cannot be reached).
    """
    config = target_of(settings)
    lines: list[str] = []
    for site in sites_of(settings, settings.root / "site", config):
        assert site.config is not None
        target = target_for(site.config)
        lines += [f"{site.label}: {target.describe()}", *target.release_lines()]
    return lines


def rollback_all(settings: Settings) -> list[tuple[Site, str, str]]:
    """``invoke rollback``: serve the release before the current one again, for every audience's
    site; return ``(site, from, to)`` per site. Raises DeployError (the first site that cannot
    roll back: nothing is switched for any site then, as every site is checked first)."""
    config = target_of(settings)
    sites = sites_of(settings, settings.root / "site", config)
    for site in sites if len(sites) > 1 else []:  # several audiences: refuse before switching any
        assert site.config is not None
        releases = target_for(site.config).releases()
        current = next((index for index, r in enumerate(releases) if r.current), None)
        if current is None or current == 0:
            raise DeployError(f"{site.label} has no older release to roll back to, nothing was switched")
    done = []
    for site in sites:
        assert site.config is not None
        was, now = target_for(site.config).rollback()
        done.append((site, was, now))
    return done


def refuse_unless_reviewed(settings: Settings, ignore: Iterable[Path] = ()) -> None:
    """DeployError (nothing done yet) when a deploy from this project would be refused as not
    reviewed (:mod:`hiring_kb.publish.release_gate`); ``ignore``: folders whose changes are expected."""
    config = target_of(settings)
    check_reviewed(source_state(settings, config.branch, ignore), allow_dirty=False)
