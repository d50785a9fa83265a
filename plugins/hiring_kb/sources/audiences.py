"""Need-to-know audiences: each hiring team sees only the candidates of its roles (docs/publishing.md, "Audiences").

Configured by ``audiences:`` in ``hiring.yml``::

    audiences:
      backend-team: {roles: [backend-engineer], group: "acme:backend-hiring"}
      qa-team: {roles: [qa-engineer], group: "acme:qa-hiring"}
      hiring-leads: {roles: all, group: "acme:hiring-leads"}

An audience's site is built from the loaded project *filtered before any rendering*
(:func:`filter_report`): only the audience's roles and their candidates remain, so every page,
the search index, the sitemap, the dashboard, the interviewers (calibration) page, tags and
the 404 page are made from that subset and hold nothing of anyone else. Path rules inside one
site cannot do this: the navigation and the search index of every page carry every page.

The build learns its audience from the environment variable :data:`AUDIENCE_ENV` (set by
``invoke build --audience NAME`` and by ``invoke deploy`` for each audience). Each audience
is served under its own sub-path, ``<site_url path>/<name>/`` (:func:`audience_site_url`), with
its own sign-in rule (``group``: the SSO group whose members may read it; see
:mod:`hiring_kb.publish.nginx_recipe`). Without ``audiences:`` there is one site, as before.
"""

from __future__ import annotations

import dataclasses
import os
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hiring_kb.base.diagnostics import Diagnostic, Position, did_you_mean, error
from hiring_kb.base.names import ID_PATTERN
from hiring_kb.model.models import Project

if TYPE_CHECKING:
    from hiring_kb.sources.validate import ValidationReport

#: The environment variable naming the audience a build is for (empty or unset: every candidate).
AUDIENCE_ENV = "HIRING_AUDIENCE"
#: ``roles: all`` gives an audience every role (hiring leads).
ALL_ROLES = "all"

AUDIENCES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "propertyNames": {
        "pattern": ID_PATTERN,
        "x-code": "invalid-id",
        "x-hint": "name audiences with lowercase letters, digits and '-' (names are URL paths and branch names)",
    },
    "additionalProperties": {
        "type": "object",
        "additionalProperties": False,
        "required": ["roles"],
        "properties": {
            "roles": {
                "anyOf": [
                    {"const": ALL_ROLES},
                    {
                        "type": "array",
                        "items": {"type": "string", "pattern": ID_PATTERN},
                        "minItems": 1,
                        "uniqueItems": True,
                    },
                ],
                "x-code": "invalid-value",
                "x-hint": "a list of role ids such as [backend-engineer], or all",
            },
            "group": {
                "type": "string",
                "minLength": 1,
                "x-hint": "the sign-in group whose members may read this audience's site, e.g. acme:backend-hiring",
            },
        },
    },
    "description": "Sites per hiring team: each holds only the candidates of its roles (docs/publishing.md).",
}


class AudienceError(ValueError):
    """An audience that cannot be built (unknown name); the message says what to type."""


@dataclass(frozen=True)
class Audience:
    """One audience: ``name`` (URL path and branch suffix), ``roles`` (role ids; None: all roles)
    and ``group`` (the sign-in group allowed to read it; None: any signed-in user)."""

    name: str
    roles: tuple[str, ...] | None
    group: str | None = None

    def sees_role(self, role_id: str) -> bool:
        return self.roles is None or role_id in self.roles


def audiences_from_settings(values: Mapping[str, Any] | None) -> tuple[Audience, ...]:
    """Audiences of the (schema-checked) ``audiences:`` mapping, in file order; () when absent."""
    found = []
    for name, entry in dict(values or {}).items():
        roles = entry.get("roles")
        found.append(
            Audience(
                name=str(name),
                roles=None if roles == ALL_ROLES else tuple(str(r) for r in roles),
                group=None if entry.get("group") is None else str(entry["group"]),
            )
        )
    return tuple(found)


def find_audience(audiences: tuple[Audience, ...], name: str | None) -> Audience | None:
    """The audience called ``name``; None when ``name`` is None or empty (a site of every candidate).

    Raises AudienceError when no audience has that name.
    """
    if not name:
        return None
    for audience in audiences:
        if audience.name == name:
            return audience
    known = [a.name for a in audiences]
    if not known:
        raise AudienceError(f"audience '{name}' is not defined: hiring.yml has no audiences: section")
    raise AudienceError(f"audience '{name}' is not defined in hiring.yml: {did_you_mean(name, known)}")


def requested_audience(audiences: tuple[Audience, ...], environ: Mapping[str, str] = os.environ) -> Audience | None:
    """The audience a build is for, from :data:`AUDIENCE_ENV`; None: every candidate.

    Raises AudienceError for a name hiring.yml does not define.
    """
    return find_audience(audiences, environ.get(AUDIENCE_ENV, "").strip() or None)


def filter_project(project: Project, audience: Audience | None) -> Project:
    """``project`` with only the audience's roles and the candidates of those roles (all for None)."""
    if audience is None:
        return project
    roles = {rid: role for rid, role in project.roles.items() if audience.sees_role(rid)}
    candidates = {cid: c for cid, c in project.candidates.items() if c.role_id in roles}
    return Project(roles=roles, candidates=candidates)


def filter_report(report: ValidationReport, audience: Audience | None) -> ValidationReport:
    """The validation report with its project filtered for ``audience`` (see :func:`filter_project`).

    Diagnostics are kept as they are: they go to the build log, never into the site.
    """
    if audience is None:
        return report
    return dataclasses.replace(report, project=filter_project(report.project, audience))


def audience_site_url(site_url: str | None, audience: Audience) -> str:
    """Where an audience's site is served: ``<site_url>/<name>/`` (``/<name>/`` without site_url).

    MkDocs bases the 404 page's links, canonical links and the sitemap on this URL, so the
    site works under its sub-path.
    """
    base = site_url or "/"
    if not base.endswith("/"):
        base += "/"
    return urllib.parse.urljoin(base, f"{audience.name}/")


def site_path(site_url: str | None) -> str:
    """The path part of a site URL, with a trailing ``/`` (``/`` without one)."""
    path = urllib.parse.urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def check_audiences(
    audiences: tuple[Audience, ...], role_ids: set[str], settings_text: str | None, label: str
) -> list[Diagnostic]:
    """``unknown-role`` for an audience role that has no role file, at its line of hiring.yml."""
    found = []
    for audience in audiences:
        for role_id in audience.roles or ():
            if role_id in role_ids:
                continue
            found.append(
                error(
                    _position(settings_text, label, audience.name, role_id),
                    "unknown-role",
                    f"audience '{audience.name}' lists role '{role_id}', which has no file in roles/",
                    did_you_mean(role_id, role_ids) if role_ids else "add the role file to roles/ first",
                )
            )
    return found


def _position(text: str | None, label: str, audience: str, role_id: str) -> Position:
    """The line of ``role_id`` in the audience's entry of hiring.yml (the file when not found)."""
    lines = (text or "").split("\n")
    start = next((n for n, line in enumerate(lines) if re.match(rf"\s*{re.escape(audience)}\s*:", line)), None)
    if start is None:
        return Position(label)
    for number in range(start, len(lines)):
        column = lines[number].find(role_id)
        if column >= 0:
            return Position(label, number + 1, column + 1)
    return Position(label, start + 1, 1)
