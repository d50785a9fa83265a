"""Leak audit of a built site: the last gate before anything is published (design.md §7).

:func:`audit_site` reads every file of a built site folder (pages, search index, sitemap,
404 page, assets) and returns one :class:`~hiring_kb.diagnostics.Diagnostic` per leak, each
positioned at ``<file in the site>:line:col`` with a hint. ``invoke deploy`` publishes only
when this list is empty. Codes:

- ``private-value``: a value of some candidate's ``private:`` block (contact, compensation…);
- ``contact-detail``: an email address or phone number anywhere in the site (notes are
  rendered, so one written in a note is caught here; the validator already warned about it);
- ``source-file``: a copied source file (``.yml``, ``.yaml``, ``.md``), or any file that
  starts with YAML front matter;
- ``front-matter``: raw front matter rendered into a page (MkDocs renders an invalid block
  as text) — two or more scorecard/candidate keys such as ``interviewer:`` and ``ratings:``
  in a page's text outside code blocks;
- ``external-url``: a reference that makes a browser fetch or navigate off the site
  (``http:``, ``https:``, ``//host``) in HTML attributes, meta refresh or CSS; only an
  ``<a href>`` into mkdocs.yml's ``repo_url`` repository is allowed (the scorecard editor links);
- ``unsafe-url``: a ``javascript:``, ``vbscript:`` or ``data:`` URL in a link or a frame;
- ``name-in-url``: a candidate's name in a file path, link, anchor id, search-index
  location or sitemap entry (compared word by word, accents and case ignored; the rule,
  including short names in Chinese, Japanese or Korean, is :func:`~hiring_kb.personal_data.name_pattern`);
- ``executable-content``: an inline ``<script>``, an ``on*`` attribute, a frame, object,
  ``<base>``, meta refresh or a form with an action (the CSP would block most; the site must
  not depend on that);
- ``missing-noindex`` / ``missing-referrer-policy``: an HTML page without
  ``<meta name="robots" content="noindex…">`` / ``<meta name="referrer" content="no-referrer">``.

Text is read as it displays: private values and contact details are searched in the joined
text of each run of inline content (a paragraph, list item or cell with its ``<strong>``,
``<code>``, ``<a>``…), so ``jo@<strong>x</strong>.org`` or ``72000 <b>EUR</b>`` is one value.

JavaScript bundles and source maps are vendor assets (Material): they are searched for
private values, but not for URLs or numbers (their code is full of both).
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import json
import re
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable

from .diagnostics import Diagnostic, Position, error
from .personal_data import (
    INLINE_ELEMENTS,
    CandidateIdentity,
    NamePattern,
    PrivateValue,
    find_contact_details,
    fold,
    name_pattern,
    read_candidate_sources,
    searchable,
    url_key,
)
from .forge import read_repo_url, within_repo
from .settings import Settings

SOURCE_SUFFIXES = (".yml", ".yaml", ".md", ".markdown")
#: Keys of candidate.yml and scorecard front matter that do not occur as ``key:`` in rendered prose.
FRONT_MATTER_KEYS = ("interviewer", "ratings", "recommendation", "decided_on", "private", "applied")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "data", "background", "cite", "ping",
    "manifest", "icon", "longdesc", "xlink:href", "srcset", "imagesrcset",
}  # fmt: skip
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_LOOPBACK = re.compile(r"^(?:https?:)?//(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?#]|$)", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)
#: Attributes people read (and mailto:/tel: links): searched for contact details. Others (SVG
#: path data, ids, classes) are full of digit groups that look like phone numbers.
READABLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "value", "content", "label", "summary", "href"}
#: Elements that run code, load another document or leave the page: never in a built page.
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
_TEXT_SUFFIXES = (".html", ".htm", ".json", ".xml", ".txt", ".css", ".js", ".map", ".svg", ".webmanifest")
_VENDOR_SUFFIXES = (".js", ".map")
#: Line and column (1-based) in a file of an offset into a text taken from it.
Locate = Callable[[int], tuple[int, int]]


@dataclass(frozen=True)
class AuditContext:
    """What the audit looks for: candidates' names and ``private:`` values from the sources."""

    identities: tuple[CandidateIdentity, ...]
    private_values: tuple[PrivateValue, ...]
    #: ``repo_url`` of mkdocs.yml: links (``<a href>`` only) into that repository are allowed
    #: (the web-editor links of hiring_kb.forge); None: no link leaves the site.
    repo_url: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "AuditContext":
        """Read names and private values from every parseable ``candidate.yml`` of the project,
        and ``repo_url`` from its mkdocs.yml."""
        identities, private = read_candidate_sources(settings)
        return cls(tuple(identities), tuple(private), read_repo_url(settings.root))


def audit_site(site_dir: Path, context: AuditContext) -> list[Diagnostic]:
    """Scan every file under ``site_dir`` for leaks.

    Args:
        site_dir: a built site folder (``mkdocs build`` output).
        context: names and private values to look for (:meth:`AuditContext.from_settings`).

    Returns:
        One error diagnostic per finding, positioned in site-relative paths
        (``candidates/c-1/index.html:12:5``), sorted; empty when nothing leaks. Raises
        ``FileNotFoundError`` when ``site_dir`` is not a folder.
    """
    if not site_dir.is_dir():
        raise FileNotFoundError(f"no built site at {site_dir}")
    scanner = _Scanner(context)
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() or p.is_symlink()):
        scanner.scan_file(path, path.relative_to(site_dir).as_posix())
    return sorted(scanner.findings, key=Diagnostic.sort_key)


def _line_col(text: str, offset: int, line: int = 1, col: int = 1) -> tuple[int, int]:
    """Line and column of ``offset`` in ``text`` that itself starts at (line, col)."""
    before = text[:offset]
    newlines = before.count("\n")
    if newlines:
        return line + newlines, offset - before.rfind("\n")
    return line, col + offset


@dataclass
class _Chunk:
    text: str
    line: int
    col: int
    in_code: bool = False


def _locator(chunks: list[_Chunk]) -> Callable[[int], tuple[int, int]]:
    """Line and column, in the page, of an offset into the joined text of ``chunks``."""
    starts = list(itertools.accumulate((len(c.text) for c in chunks[:-1]), initial=0))

    def locate(offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(starts, offset) - 1
        chunk = chunks[index]
        return _line_col(chunk.text, offset - starts[index], chunk.line, chunk.col)

    return locate


@dataclass
class _Attribute:
    tag: str
    name: str
    value: str
    line: int
    col: int


class _Page(HTMLParser):
    """Collects text chunks (with positions), attributes and robots/referrer metas of one page.

    ``runs`` groups the text (white space included) between tags that are not
    :data:`~hiring_kb.personal_data.INLINE_ELEMENTS`: the text a reader sees as one piece.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[_Chunk] = []
        self.runs: list[list[_Chunk]] = [[]]
        self.styles: list[_Chunk] = []
        self.attributes: list[_Attribute] = []
        self.robots: list[str] = []
        self.referrer: list[str] = []
        self.elements: list[tuple[str, int, int]] = []
        self.inline_scripts: list[_Chunk] = []
        self._stack: list[str] = []

    def _end_run(self, tag: str) -> None:
        if tag not in INLINE_ELEMENTS and self.runs[-1]:
            self.runs.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._end_run(tag)
        line, col = self.getpos()
        self.elements.append((tag, line, col + 1))
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and "src" not in values and values.get("type", "").casefold() != "application/json":
            self.inline_scripts.append(_Chunk("", line, col + 1))
        for name, value in values.items():
            self.attributes.append(_Attribute(tag, name, value, line, col + 1))
        if tag == "meta":
            name = values.get("name", "").casefold()
            if name == "robots":
                self.robots.append(values.get("content", "").casefold())
            elif name == "referrer":
                self.referrer.append(values.get("content", "").casefold())
        elif tag not in ("br", "hr", "img", "input", "link", "meta", "wbr", "col", "area", "base", "source"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._end_run(tag)
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        line, col = self.getpos()
        chunk = _Chunk(data, line, col + 1, in_code=bool({"pre", "code", "script"} & set(self._stack)))
        if "style" in self._stack:
            if data.strip():
                self.styles.append(chunk)
            return
        self.runs[-1].append(chunk)
        if data.strip():
            self.chunks.append(chunk)


class _Scanner:
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

    # -- reporting ---------------------------------------------------------------------

    def _add(self, where: Position, code: str, message: str, hint: str) -> None:
        self.findings.append(error(where, code, message, hint))

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
        data = path.read_bytes()
        if lower.endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                return
            lower = lower[: -len(".gz")]
        text = data.decode("utf-8", errors="replace")
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

    # -- text ----------------------------------------------------------------------------

    def _scan_private(self, text: str, label: str, line: int, col: int, locate: Locate | None = None) -> None:
        """Private values in ``text`` (which starts at ``line``:``col``, or whose offsets ``locate`` places)."""
        if self._private_re is None:
            return
        locate = locate or (lambda offset: _line_col(text, offset, line, col))
        # Fold per line so positions stay close to the original text.
        start = 0
        for raw_line in text.split("\n"):
            folded = fold(raw_line)
            at = start + len(raw_line) - len(raw_line.lstrip())
            start += len(raw_line) + 1
            for match in self._private_re.finditer(folded):
                value = self._private_by_fold[match.group()]
                where = Position(label, *locate(at))
                self._add(
                    where,
                    "private-value",
                    f"value of {value.key} of candidate '{value.candidate_id}' is published",
                    f"it comes from {value.position}; remove it from wherever it was copied "
                    "(a note, a tag, a page) — private: values are never rendered",
                )

    def _scan_text(
        self, text: str, label: str, line: int, col: int, phones: bool = True, locate: Locate | None = None
    ) -> None:
        """Private values and contact details; ``phones=False`` where numbers run together (search index).

        ``text`` starts at ``line``:``col``, or ``locate`` gives the position of each offset.
        """
        locate = locate or (lambda offset: _line_col(text, offset, line, col))
        self._scan_private(text, label, line, col, locate)
        for detail in find_contact_details(text):
            if detail.kind == "phone" and not phones:
                continue
            self._add(
                Position(label, *locate(detail.start)),
                "contact-detail",
                f"{'email address' if detail.kind == 'email' else 'phone number'} '{detail.value}' is published",
                "contact details belong in the candidate's private: block; remove it from the note or page",
            )

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
        scheme = _SCHEME.match(value)
        if _LOOPBACK.match(value):
            pass  # the reader's own machine (e.g. `invoke serve` in the docs): no third party is involved
        elif what == "<a href>" and self.repo_url and within_repo(value, self.repo_url):
            pass  # a link (never a fetch) into the team's own repository: the forge's editor
        elif value.startswith("//") or (scheme and scheme.group(1).casefold() in ("http", "https", "ftp", "ws", "wss")):
            self._add(
                where,
                "external-url",
                f"{what} points off the site: '{value}'",
                "the site makes no third-party requests and links nowhere outside: use local assets, "
                "and write external addresses in notes as plain text",
            )
        elif scheme and scheme.group(1).casefold().replace("\t", "") in ("javascript", "vbscript", "data"):
            self._add(
                where,
                "unsafe-url",
                f"{what} uses a {scheme.group(1)}: URL",
                "script and data URLs are never allowed; the note sanitiser should have removed it",
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
            self._add(where, "executable-content", "<meta http-equiv=\"refresh\"> in a page", "remove it")
        elif attribute.tag == "form" and attribute.name in ("action", "formaction") and attribute.value.strip():
            self._add(where, "executable-content", "a form submits somewhere", "forms are never allowed in content")

    def _scan_css(self, text: str, label: str, line: int, col: int) -> None:
        for match in _CSS_URL.finditer(text):
            url = match.group(2) or match.group(4) or ""
            if url.startswith("data:"):
                continue  # inline icons of the theme: no request
            l, c = _line_col(text, match.start(), line, col)
            self._check_url(url, Position(label, l, c), "stylesheet URL")

    # -- formats -------------------------------------------------------------------------

    def _scan_html(self, text: str, label: str) -> None:
        page = _Page()
        page.feed(text)
        page.close()
        if not any("noindex" in content for content in page.robots):
            self._add(
                Position(label),
                "missing-noindex",
                "page has no <meta name=\"robots\" content=\"noindex\">",
                "build with the hiring plugin, whose theme override adds it to every page",
            )
        if not any(content.strip() == "no-referrer" for content in page.referrer):
            self._add(
                Position(label),
                "missing-referrer-policy",
                "page has no <meta name=\"referrer\" content=\"no-referrer\">",
                "build with the hiring plugin, whose theme override adds it to every page",
            )
        for attribute in page.attributes:
            where = Position(label, attribute.line, attribute.col)
            self._check_executable(attribute, where)
            if attribute.name in URL_ATTRIBUTES:
                urls = [part.strip().split(" ")[0] for part in attribute.value.split(",")] if "srcset" in attribute.name else [attribute.value]
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
        for chunk in page.styles:
            self._scan_css(chunk.text, label, chunk.line, chunk.col)
        for run in page.runs:
            text = "".join(chunk.text for chunk in run)
            if text.strip():
                self._scan_text(text, label, run[0].line, run[0].col, locate=_locator(run))
        self._front_matter_in_prose([chunk for chunk in page.chunks if not chunk.in_code], label)

    def _front_matter_in_prose(self, chunks: Iterable[_Chunk], label: str) -> None:
        pattern = re.compile(r"(?<![\w-])(" + "|".join(FRONT_MATTER_KEYS) + r")\s*:")
        seen: dict[str, Position] = {}
        for chunk in chunks:
            for match in pattern.finditer(chunk.text):
                l, c = _line_col(chunk.text, match.start(), chunk.line, chunk.col)
                seen.setdefault(match.group(1), Position(label, l, c))
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
            l, c = _line_col(text, match.start(1))
            # Sitemap entries are absolute by design (site_url): only names matter here.
            self._check_url(match.group(1), Position(label, l, c), "sitemap entry", path_only=True)
        self._scan_text(text, label, 1, 1)
