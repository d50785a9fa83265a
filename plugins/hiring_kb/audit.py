"""Leak audit of a built site: the last gate before anything is published (design.md §7).

:func:`audit_site` reads every file of a built site folder (pages, search index, sitemap,
404 page, assets) and returns one :class:`~hiring_kb.diagnostics.Diagnostic` per leak, each
positioned at ``<file in the site>:line:col`` with a hint. ``invoke deploy`` publishes only
when this list is empty. Codes:

- ``private-value``: a value of some candidate's ``private:`` block (contact, compensation…), as
  written; sealed blocks are opened with the identity of ``HIRING_AGE_IDENTITY`` when there is one
  (:attr:`AuditContext.closed` lists the candidates whose values could not be opened);
- ``contact-detail``: an email address or phone number anywhere in the site (notes are
  rendered, so one written in a note is caught here; the validator already warned about it);
- ``source-file``: a copied source file (``.yml``, ``.yaml``, ``.md``), or any file that
  starts with YAML front matter;
- ``data-file``: a document or data file (``.txt``, ``.pdf``, ``.docx``, ``.csv``…, see
  :data:`hiring_kb.handwritten.DATA_SUFFIXES`): a CV or an export copied from docs/ (validation
  refuses it first, ``docs-data-file``);
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
  ``<meta name="robots" content="noindex…">`` / ``<meta name="referrer" content="no-referrer">``;
- ``other-audience``: in an audience's site (:mod:`hiring_kb.audiences`), the id or name of a
  candidate the audience does not see, in any file.

Links to the site's own address (``site_url`` of mkdocs.yml: canonical links, the sitemap) are
on the site, not external. A finding whose text comes from a note or candidate file also
names that file's ``path:line`` in its hint, where the text is to be fixed.

Text is read as it displays: private values and contact details are searched in the joined
text of each run of inline content (a paragraph, list item or cell with its ``<strong>``,
``<code>``, ``<a>``…), so ``jo@<strong>x</strong>.org`` or ``72000 <b>EUR</b>`` is one value.

JavaScript bundles and source maps are vendor assets (Material): they are searched for
private values, but not for URLs or numbers (their code is full of both).
"""

from __future__ import annotations

import bisect
import dataclasses
import gzip
import html as html_module
import itertools
import json
import re
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable

from .diagnostics import Diagnostic, Position, error
from .handwritten import DATA_SUFFIXES
from .links import MAIL_SCHEMES, Destination, judge, scheme_of
from .personal_data import (
    INLINE_ELEMENTS,
    CandidateIdentity,
    NamePattern,
    PrivateValue,
    find_contact_details,
    find_folded,
    fold,
    name_pattern,
    read_candidate_sources,
    searchable,
    url_key,
)
from .forge import read_repo_url, within_repo
from .sealed import FROM_ENVIRONMENT, Keyring
from .settings import Settings, docs_folder
from .html_reading import as_browsers_read_comments

SOURCE_SUFFIXES = (".yml", ".yaml", ".md", ".markdown")
#: Keys of candidate.yml and scorecard front matter that do not occur as ``key:`` in rendered prose.
FRONT_MATTER_KEYS = ("interviewer", "ratings", "recommendation", "decided_on", "private", "applied")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "data", "background", "cite", "ping",
    "manifest", "icon", "longdesc", "xlink:href", "srcset", "imagesrcset",
}  # fmt: skip
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")  # a character as JSON writes it (search index)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.IGNORECASE)
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
#: Line and column (1-based) in a file of an offset into a text taken from it.
Locate = Callable[[int], tuple[int, int]]


@dataclass(frozen=True)
class AuditContext:
    """What the audit looks for: candidates' names and ``private:`` values from the sources;
    ``site_url`` (mkdocs.yml): the site's own address; ``foreign``: candidates whose id or name
    must appear nowhere (another audience's); ``sources``: ``(path, text)`` of the candidate
    files, to name where a finding's text was written."""

    identities: tuple[CandidateIdentity, ...]
    private_values: tuple[PrivateValue, ...]
    #: Candidates whose sealed private: values could not be opened, so are not searched for.
    closed: tuple[str, ...] = ()
    site_url: str | None = None
    foreign: tuple[CandidateIdentity, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    #: ``(path, text, page)`` of the hand-written pages (MkDocs' docs folder), for the same purpose;
    #: ``page`` is the path inside the docs folder without ``.md`` (``index`` for the home page).
    pages: tuple[tuple[str, str, str], ...] = ()
    #: ``repo_url`` of mkdocs.yml: links (``<a href>`` only) into that repository are allowed
    #: (the web-editor links of hiring_kb.forge); None: no link leaves the site.
    repo_url: str | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        mkdocs_config: Path | None = None,
        keyring: "Keyring | None | object" = FROM_ENVIRONMENT,
    ) -> "AuditContext":
        """Read names and private values from every parseable ``candidate.yml`` of the project
        (sealed values are opened with ``keyring``, default: ``HIRING_AGE_IDENTITY``'s file, if
        any), the texts of the candidate files, and ``site_url`` and ``repo_url`` from
        ``mkdocs_config`` (default ``<root>/mkdocs.yml``)."""
        closed: list[str] = []
        identities, private = read_candidate_sources(settings, keyring, closed)
        return cls(
            tuple(identities),
            tuple(private),
            tuple(closed),
            site_url=read_site_url(mkdocs_config or settings.root / "mkdocs.yml"),
            sources=tuple(_texts(settings, settings.candidates_dir)),
            pages=tuple(_pages(settings)),
            repo_url=read_repo_url(settings.root),
        )

    def closed_note(self) -> str:
        """One line saying whose sealed values the audit could not search for (empty when none)."""
        if not self.closed:
            return ""
        count = len(self.closed)
        return (
            f"audit: the sealed private values of {count} candidate{'s' * (count != 1)} were not searched for "
            f"(no identity opens them: set HIRING_AGE_IDENTITY); email addresses and phone numbers were"
        )

    def for_audience(self, visible: set[str]) -> "AuditContext":
        """This context for an audience that sees only the candidate ids in ``visible``."""
        foreign = tuple(i for i in self.identities if i.candidate_id not in visible)
        return dataclasses.replace(self, foreign=foreign)


def read_site_url(mkdocs_config: Path) -> str | None:
    """``site_url`` of a mkdocs.yml (None when unset or unreadable; tags such as !ENV are not run)."""
    from ruamel.yaml import YAML

    try:
        config = YAML(typ="rt").load(mkdocs_config.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - MkDocs reports an unreadable mkdocs.yml itself
        return None
    value = config.get("site_url") if isinstance(config, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _pages(settings: Settings) -> list[tuple[str, str, str]]:
    docs = docs_folder(settings.root)
    return [
        (label, text, (settings.root / label).relative_to(docs).with_suffix("").as_posix())
        for label, text in _texts(settings, docs, (".md", ".markdown"))
    ]


def _texts(settings: Settings, folder: Path, suffixes: tuple[str, ...] = SOURCE_SUFFIXES) -> list[tuple[str, str]]:
    """``(path label, text)`` of the files under ``folder`` with one of ``suffixes``."""
    if not folder.is_dir():
        return []
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in suffixes:
            try:
                texts.append((settings.label(path), path.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                continue
    return texts


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


def audit_tree(tree: Path, context: AuditContext, label: str = "") -> list[Diagnostic]:
    """Scan a compiled site source (:mod:`hiring_kb.compiler`: Markdown with front matter, HTML blocks, assets)
    for what must never be in it: private values, contact details, other audiences' candidates.

    It is a copy of what gets published, so it is read like the site; its Markdown and front matter are
    its normal form (not ``source-file`` findings). ``label``: prefix of the positions (e.g.
    ``.hiring-build/everyone/docs``). Returns the sorted findings; [] when ``tree`` does not exist.
    """
    if not tree.is_dir():
        return []
    scanner = _Scanner(context)
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        where = "/".join(part for part in (label, path.relative_to(tree).as_posix()) if part)
        text = path.read_bytes().decode("utf-8", errors="replace")
        scanner._scan_foreign(text, where)
        if path.suffix in (".js", ".map"):
            scanner._scan_private(text, where, 1, 1)  # vendor code: numbers everywhere (as in the site)
        else:
            scanner._scan_text(text, where, 1, 1)
    return sorted(scanner.findings, key=Diagnostic.sort_key)


def _normal_site_url(url: str | None) -> str:
    """``scheme://host/path/`` lowercased up to the path, with a trailing ``/``; "" for None.

    A URL is on the site when its normal form starts with the site's (same origin, same path
    or below it).
    """
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url.strip())
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    if not parts.netloc:
        return path if path.startswith("/") and not path.startswith("//") else ""
    return f"{parts.scheme.casefold()}://{parts.netloc.casefold()}{path}"


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
        self.sources = context.sources
        self.pages = context.pages
        self.site_url = _normal_site_url(context.site_url)
        self.foreign: list[tuple[str, CandidateIdentity]] = []
        for identity in context.foreign:
            forms = {identity.candidate_id, identity.name, html_module.escape(identity.name),
                     json.dumps(identity.name)[1:-1]}
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
        for label, text in (pages if pages_only else [*self.sources, *pages]):
            at = text.casefold().find(needle)
            if at >= 0:
                return f"{label}:{text.count(chr(10), 0, at) + 1}"
        return None

    def _scan_foreign(self, text: str, label: str) -> None:
        """Ids and names of candidates of other audiences anywhere in a file (``other-audience``)."""
        if not self.foreign:
            return
        # As a reader sees it: entities and JSON escapes decoded, then folded (no-break and double
        # spaces, zero-width characters, full-width letters), as purge compares names.
        readable = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), html_module.unescape(text))
        forms: dict[str, CandidateIdentity] = {}
        for form, identity in self.foreign:
            forms.setdefault(fold(form), identity)
        seen: set[str] = set()
        for source in dict.fromkeys((text, readable)):
            folded = fold(source)  # C-speed first look; positions only for a file that holds a form
            present = [form for form in forms if form and form in folded]
            for at, end in find_folded(source, present) if present else ():
                identity = forms.get(fold(source[at:end]))
                if identity is None or identity.candidate_id in seen:
                    continue
                seen.add(identity.candidate_id)
                is_id = fold(source[at:end]) == identity.candidate_id.casefold()
                self._add(
                    Position(label, *_line_col(source, at)),
                    "other-audience",
                    f"candidate '{identity.candidate_id}' is not in this audience, but their "
                    f"{'id' if is_id else 'name'} is in its site",
                    "each audience's site holds only the candidates of its roles: remove the mention from the "
                    "hand-written page, or add the role to the audience in hiring.yml",
                    value=html_module.unescape(source[at:end]),
                    pages_only=True,
                )

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
                value=detail.value,
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
        # Judged as a browser resolves it (hiring_kb.links): '\\\\x', '/\\x' and '/<tab>/x' are '//x'.
        destination = judge(url)
        if destination is Destination.LOOPBACK:
            pass  # the reader's own machine (e.g. `invoke serve` in the docs): no third party is involved
        elif what == "<a href>" and self.repo_url and within_repo(value, self.repo_url):
            pass  # a link (never a fetch) into the team's own repository: the forge's editor
        elif destination is Destination.OTHER_SITE and self.site_url and _normal_site_url(value).startswith(self.site_url):
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
        page.feed(as_browsers_read_comments(text))  # '<!-->' ends a comment in a browser
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
