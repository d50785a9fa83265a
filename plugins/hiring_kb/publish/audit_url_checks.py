"""Leak checks on addresses: names in URLs, links and fetches off the site, code in attributes.

Part of :mod:`hiring_kb.publish.audit` (the module other code imports).
"""

from __future__ import annotations

import re
import urllib.parse

from hiring_kb.authoring.forge import within_repo
from hiring_kb.base.diagnostics import Position
from hiring_kb.base.links import MAIL_SCHEMES, Destination, judge, scheme_of
from hiring_kb.base.name_patterns import url_key
from hiring_kb.publish.audit_context import _normal_site_url
from hiring_kb.publish.audit_findings import _Findings
from hiring_kb.publish.audit_page_reader import _Attribute, _line_col

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.IGNORECASE)


class _UrlChecks(_Findings):
    """``name-in-url``, ``external-url``, ``unsafe-url`` and the ``executable-content`` of attributes."""

    # -- URLs ------------------------------------------------------------------------------

    def _check_url(self, url: str, where: Position, what: str, path_only: bool = False) -> None:
        """Check one URL (or site path) for candidate names and, unless ``path_only``, its scheme."""
        key = url_key(urllib.parse.unquote(url))
        for pattern, identity in self.names:
            if pattern.found_in(key):
                self._add(
                    where,
                    "name-in-url",
                    f"name of candidate '{identity.candidate_id}' appears in a {what}: '{url}'",
                    "URLs use the opaque candidate id; names must not appear in paths, links or anchors",
                )
        if path_only:
            return
        value = url.strip()
        # Judged as a browser resolves it (hiring_kb.base.links): '\\\\x', '/\\x' and '/<tab>/x' are '//x'.
        destination = judge(url)
        if destination is Destination.LOOPBACK:
            pass  # the reader's own machine (e.g. `invoke serve` in the docs): no third party is involved
        elif what == "<a href>" and self.repo_url and within_repo(value, self.repo_url):
            pass  # a link (never a fetch) into the team's own repository: the forge's editor
        elif (
            destination is Destination.OTHER_SITE
            and self.site_url
            and _normal_site_url(value).startswith(self.site_url)
        ):
            pass  # the site's own address (canonical links, sitemap): not off the site
        elif destination is Destination.OTHER_SITE:
            self._add(
                where,
                "external-url",
                f"{what} points off the site: '{value}'",
                "the site makes no third-party requests and links nowhere outside: use local assets, "
                "and write external addresses in notes as plain text",
                value=value,
            )
        elif destination is Destination.SCRIPT:
            self._add(
                where,
                "unsafe-url",
                f"{what} uses a {scheme_of(url)}: URL",
                "script and data URLs are never allowed; the note sanitiser should have removed it",
            )
        elif destination is Destination.OTHER_SCHEME and (scheme_of(url) or "") not in MAIL_SCHEMES:
            # intent:, x-safari-https:, microsoft-edge:... hand a web address to a browser app
            self._add(
                where,
                "external-url",
                f"{what} opens another application with a {scheme_of(url)}: URL: '{value}'",
                "the site links nowhere outside: only mailto: and tel: links may leave a page",
                value=value,
            )

    def _check_executable(self, attribute: _Attribute, where: Position) -> None:
        if attribute.name.startswith("on"):
            self._add(
                where,
                "executable-content",
                f"event handler {attribute.name}= on <{attribute.tag}>",
                "event-handler attributes are never allowed; the note sanitiser should have removed it",
            )
        elif attribute.tag == "meta" and attribute.name == "http-equiv" and attribute.value.casefold() == "refresh":
            self._add(where, "executable-content", '<meta http-equiv="refresh"> in a page', "remove it")
        elif attribute.tag == "form" and attribute.name in ("action", "formaction") and attribute.value.strip():
            self._add(where, "executable-content", "a form submits somewhere", "forms are never allowed in content")

    def _scan_css(self, text: str, label: str, line: int, col: int) -> None:
        for match in _CSS_URL.finditer(text):
            url = match.group(2) or match.group(4) or ""
            if url.startswith("data:"):
                continue  # inline icons of the theme: no request
            self._check_url(url, Position(label, *_line_col(text, match.start(), line, col)), "stylesheet URL")
