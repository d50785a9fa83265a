"""The findings of one leak audit, with where a leaked text was written, and what the checks look for.

Part of :mod:`hiring_kb.publish.audit` (the module other code imports). :class:`_Findings` is the base of
the checks (:mod:`hiring_kb.publish.audit_text_checks`, :mod:`hiring_kb.publish.audit_url_checks`) and of the
scanner that runs them on each file (:mod:`hiring_kb.publish.audit_scanner`).
"""

from __future__ import annotations

import html as html_module
import json
import re

from hiring_kb.base.diagnostics import Diagnostic, Position, error
from hiring_kb.base.folded_text import fold
from hiring_kb.base.name_patterns import NamePattern, name_pattern
from hiring_kb.publish.audit_context import AuditContext, _normal_site_url
from hiring_kb.sources.personal_data import CandidateIdentity, searchable


class _Findings:
    """What one audit looks for, compiled from an :class:`AuditContext` (a regular expression of
    the private values, name patterns, another audience's names), and ``findings``: one error per leak."""

    def __init__(self, context: AuditContext) -> None:
        self.findings: list[Diagnostic] = []
        self.repo_url = context.repo_url
        self.private = [v for v in context.private_values if searchable(v)]
        folded = sorted({fold(v.value) for v in self.private}, key=len, reverse=True)
        self._private_re = re.compile("|".join(map(re.escape, folded))) if folded else None
        self._private_by_fold = {fold(v.value): v for v in self.private}
        self.names: list[tuple[NamePattern, CandidateIdentity]] = [
            (pattern, i) for i in context.identities if (pattern := name_pattern(i.name)) is not None
        ]
        self.sources = context.sources
        self.pages = context.pages
        self.site_url = _normal_site_url(context.site_url)
        self.foreign: list[tuple[str, CandidateIdentity]] = []
        for identity in context.foreign:
            forms = {
                identity.candidate_id,
                identity.name,
                html_module.escape(identity.name),
                json.dumps(identity.name)[1:-1],
            }
            self.foreign += [(form.casefold(), identity) for form in sorted(forms) if form.strip()]

    # -- reporting ---------------------------------------------------------------------

    def _add(
        self, where: Position, code: str, message: str, hint: str, value: str | None = None, pages_only: bool = False
    ) -> None:
        origin = self._origin(value, pages_only, where.path) if value else None
        if origin:
            hint += f"; it was written in {origin}"
        self.findings.append(error(where, code, message, hint))

    def _origin(self, value: str, pages_only: bool = False, site_file: str = "") -> str | None:
        """``path:line`` of the first candidate file (note, candidate.yml), then hand-written page
        (the one ``site_file`` was built from first), whose text holds ``value`` (only pages when
        ``pages_only``)."""
        needle = value.strip().casefold()
        stem = re.sub(r"(?:/?index)?\.html?$", "", site_file) or "index"
        built_from = [(label, text) for label, text, page in self.pages if page in (stem, f"{stem}/index")]
        pages = [*built_from, *((label, text) for label, text, _ in self.pages)]
        for label, text in pages if pages_only else [*self.sources, *pages]:
            at = text.casefold().find(needle)
            if at >= 0:
                return f"{label}:{text.count(chr(10), 0, at) + 1}"
        return None
