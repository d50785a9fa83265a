"""Which leak checks run on which file of a built site: pages, search index, sitemap, CSS, assets.

Part of :mod:`hiring_kb.publish.audit` (the module other code imports).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from pathlib import Path

from hiring_kb.base.diagnostics import Position
from hiring_kb.base.html_reading import as_browsers_read_comments
from hiring_kb.publish.audit_context import SOURCE_SUFFIXES
from hiring_kb.publish.audit_page_reader import _Attribute, _Chunk, _line_col, _locator, _Page
from hiring_kb.publish.audit_text_checks import _TextChecks
from hiring_kb.publish.audit_url_checks import _UrlChecks
from hiring_kb.sources.handwritten import DATA_SUFFIXES

#: Keys of candidate.yml and scorecard front matter that do not occur as ``key:`` in rendered prose.
FRONT_MATTER_KEYS = ("interviewer", "ratings", "recommendation", "decided_on", "private", "applied")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "data", "background", "cite", "ping",
    "manifest", "icon", "longdesc", "xlink:href", "srcset", "imagesrcset",
}  # fmt: skip
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)
#: Attributes people read (and mailto:/tel: links): searched for contact details. Others (SVG
#: path data, ids, classes) are full of digit groups that look like phone numbers.
READABLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "value", "content", "label", "summary", "href"}
#: Elements that run code, load another document or leave the page: never in a built page.
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
_TEXT_SUFFIXES = (".html", ".htm", ".json", ".xml", ".txt", ".css", ".js", ".map", ".svg", ".webmanifest")
_VENDOR_SUFFIXES = (".js", ".map")
#: Documents and data files no build writes (MkDocs writes .json, .xml and .gz itself; .yml is a source-file).
_DOCUMENT_SUFFIXES = tuple(s for s in DATA_SUFFIXES if s not in (".yml", ".yaml", ".json", ".xml", ".gz"))


class _Scanner(_TextChecks, _UrlChecks):
    """Runs the checks that apply to each file of a built site; the findings are in ``findings``."""

    # -- files -------------------------------------------------------------------------

    def scan_file(self, path: Path, label: str) -> None:
        self._check_url(label, Position(label), "file path", path_only=True)
        lower = label.casefold()
        if lower.endswith(SOURCE_SUFFIXES) or any(part.startswith(".git") for part in lower.split("/")):
            self._add(
                Position(label),
                "source-file",
                "a source file was copied into the site",
                "keep .yml/.md files out of docs/ (MkDocs copies non-page files verbatim) or remove them",
            )
        elif lower.endswith(_DOCUMENT_SUFFIXES):
            self._add(
                Position(label),
                "data-file",
                "a document or data file was copied into the site (a CV, an export)",
                "remove it from docs/ ('invoke validate' names it: docs-data-file); candidates' documents stay out "
                "of the repository",
            )
        data = path.read_bytes()
        if lower.endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                return
            lower = lower[: -len(".gz")]
        text = data.decode("utf-8", errors="replace")
        self._scan_foreign(text, label)
        if not lower.endswith(_TEXT_SUFFIXES):
            if text.startswith(("---\n", "---\r\n")):
                self._front_matter_file(label)
            if lower.endswith(SOURCE_SUFFIXES):
                self._scan_text(text, label, 1, 1)
            else:  # images, fonts: only what text they carry (metadata)
                self._scan_private(text, label, 1, 1)
            return
        if text.startswith(("---\n", "---\r\n")):
            self._front_matter_file(label)
        if lower.endswith((".html", ".htm")):
            self._scan_html(text, label)
        elif lower.endswith(".json"):
            self._scan_json(text, label)
        elif lower.endswith(".xml"):
            self._scan_xml(text, label)
        elif lower.endswith(".css"):
            self._scan_css(text, label, 1, 1)
            self._scan_private(text, label, 1, 1)
        elif lower.endswith(_VENDOR_SUFFIXES):
            self._scan_private(text, label, 1, 1)
        else:
            self._scan_text(text, label, 1, 1)

    def _front_matter_file(self, label: str) -> None:
        self._add(
            Position(label, 1, 1),
            "source-file",
            "file starts with YAML front matter: a copied scorecard or page source",
            "remove the file from docs/; scorecards live under candidates/ only",
        )

    # -- formats -------------------------------------------------------------------------

    def _scan_html(self, text: str, label: str) -> None:
        page = _Page()
        page.feed(as_browsers_read_comments(text))  # '<!-->' ends a comment in a browser
        page.close()
        self._check_page_metas(page, label)
        for attribute in page.attributes:
            self._check_attribute(attribute, label)
        self._check_elements(page, label)
        for chunk in page.styles:
            self._scan_css(chunk.text, label, chunk.line, chunk.col)
        for run in page.runs:
            text = "".join(chunk.text for chunk in run)
            if text.strip():
                self._scan_text(text, label, run[0].line, run[0].col, locate=_locator(run))
        self._front_matter_in_prose([chunk for chunk in page.chunks if not chunk.in_code], label)

    def _check_page_metas(self, page: _Page, label: str) -> None:
        """``missing-noindex`` and ``missing-referrer-policy`` of one page."""
        if not any("noindex" in content for content in page.robots):
            self._add(
                Position(label),
                "missing-noindex",
                'page has no <meta name="robots" content="noindex">',
                "build with the hiring plugin, whose theme override adds it to every page",
            )
        if not any(content.strip() == "no-referrer" for content in page.referrer):
            self._add(
                Position(label),
                "missing-referrer-policy",
                'page has no <meta name="referrer" content="no-referrer">',
                "build with the hiring plugin, whose theme override adds it to every page",
            )

    def _check_attribute(self, attribute: _Attribute, label: str) -> None:
        """Code, URLs, anchors, inline CSS and readable text of one attribute of a page."""
        where = Position(label, attribute.line, attribute.col)
        self._check_executable(attribute, where)
        if attribute.name in URL_ATTRIBUTES:
            urls = (
                [part.strip().split(" ")[0] for part in attribute.value.split(",")]
                if "srcset" in attribute.name
                else [attribute.value]
            )
            for url in urls:
                self._check_url(url, where, f"<{attribute.tag} {attribute.name}>")
        elif attribute.name in ("id", "name"):
            self._check_url(attribute.value, where, f"anchor ({attribute.name}=)", path_only=True)
        elif attribute.name == "content" and attribute.tag == "meta":
            refresh = _REFRESH_URL.search(attribute.value)
            if refresh:
                self._check_url(refresh.group(1), where, "meta refresh")
        elif attribute.name == "style":
            self._scan_css(attribute.value, label, attribute.line, attribute.col)
        if attribute.name in READABLE_ATTRIBUTES or attribute.name.startswith("data-"):
            self._scan_text(attribute.value, label, attribute.line, attribute.col)
        else:
            self._scan_private(attribute.value, label, attribute.line, attribute.col)

    def _check_elements(self, page: _Page, label: str) -> None:
        """``executable-content`` for frames, objects, ``<base>`` and inline scripts of one page."""
        for tag, line, col in page.elements:
            if tag in FORBIDDEN_ELEMENTS:
                self._add(
                    Position(label, line, col),
                    "executable-content",
                    f"<{tag}> element in a page",
                    "frames, objects and <base> are never allowed; the note sanitiser should have removed it",
                )
        for chunk in page.inline_scripts:
            self._add(
                Position(label, chunk.line, chunk.col),
                "executable-content",
                "inline <script> in a page",
                "the Content-Security-Policy only runs scripts from the site's files: serve it from a file "
                "(the hiring theme override does this for Material's own)",
            )

    def _front_matter_in_prose(self, chunks: Iterable[_Chunk], label: str) -> None:
        pattern = re.compile(r"(?<![\w-])(" + "|".join(FRONT_MATTER_KEYS) + r")\s*:")
        seen: dict[str, Position] = {}
        for chunk in chunks:
            for match in pattern.finditer(chunk.text):
                at = Position(label, *_line_col(chunk.text, match.start(), chunk.line, chunk.col))
                seen.setdefault(match.group(1), at)
        if len(seen) >= 2:
            first = min(seen.values(), key=lambda p: (p.line, p.col))
            self._add(
                first,
                "front-matter",
                f"raw front matter is rendered in the page ({', '.join(sorted(k + ':' for k in seen))})",
                "a source file's front matter did not parse; fix the file (invoke validate) and rebuild",
            )

    def _scan_json(self, text: str, label: str) -> None:
        try:
            data = json.loads(text)
        except ValueError:
            self._scan_text(text, label, 1, 1)
            return
        docs = data.get("docs") if isinstance(data, dict) else None
        if isinstance(docs, list):  # the search index: one entry per page section
            for index, doc in enumerate(docs):
                if not isinstance(doc, dict):
                    continue
                where = Position(label, 1, 0)
                what = f"search index entry {index} ('{doc.get('location', '')}')"
                self._check_url(str(doc.get("location", "")), where, f"location of {what}", path_only=True)
                for key in ("title", "text"):
                    # Table cells run together here ("77.850.0 %"): phone numbers are found in the
                    # pages this index is made of; emails and private values are searched here too.
                    self._scan_text(str(doc.get(key, "")), label, 1, 1, phones=False)
            return
        self._scan_text(text, label, 1, 1)

    def _scan_xml(self, text: str, label: str) -> None:
        for match in re.finditer(r"<loc>\s*([^<]*?)\s*</loc>", text):
            at = Position(label, *_line_col(text, match.start(1)))
            # Sitemap entries are absolute by design (site_url): only names matter here.
            self._check_url(match.group(1), at, "sitemap entry", path_only=True)
        self._scan_text(text, label, 1, 1)
