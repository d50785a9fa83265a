"""What the engine adapter asks of the core during a site build, and the state a ``mkdocs serve`` session
keeps between rebuilds.

:class:`SiteSession` holds the steps of a build in the order an engine calls them: :meth:`~SiteSession.prepare`
(validate, filter for the audience, compile the tree), :meth:`~SiteSession.tree_files` (the files to add as
pages), :meth:`~SiteSession.layout_changed` (whether a dirty rebuild must render every page),
:meth:`~SiteSession.page_markdown` / :meth:`~SiteSession.hold` / :meth:`~SiteSession.release` (generated
pages' HTML kept out of the Markdown converter and compressed until written) and
:meth:`~SiteSession.finish_build`. Across serve rebuilds it keeps the compiler (unchanged pages are not
re-rendered), the search entries (:mod:`hiring_kb.rendering.search_entries`), the compiled theme templates and the
error page shown while the data does not validate.

No MkDocs import here: :mod:`hiring_kb.mkdocs_plugin` passes plain values (paths, URLs, lists) and turns
:class:`TreeFile` into MkDocs files and :class:`SiteBuildError` into MkDocs' ``PluginError``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import zlib
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache

from hiring_kb.authoring.forge import forge_from
from hiring_kb.base.clock import today as clock_today
from hiring_kb.base.diagnostics import Severity, summary
from hiring_kb.rendering.compiler import ASSETS_DIR, Compiler, CompileResult
from hiring_kb.rendering.html_stash import HtmlStash
from hiring_kb.rendering.page_text import front_matter_title
from hiring_kb.rendering.render import SiteRenderer
from hiring_kb.rendering.search_entries import SearchEntries, search_index, search_plugin
from hiring_kb.rendering.serving import error_page, page_heading
from hiring_kb.rendering.site_nav import Nav, hiring_nav
from hiring_kb.sources.audiences import AudienceError, audience_site_url, filter_report, requested_audience
from hiring_kb.sources.settings import SETTINGS_FILE
from hiring_kb.sources.validate import ValidationReport, validate_project

STYLESHEET = "assets/hiring/hiring.css"
SCRIPT = "assets/hiring/hiring.js"
MATERIAL_SCRIPTS = ("material-base.js", "material-palette.js", "material-tabs.js", "material-content.js")
#: Where each page's own title goes on the serve error page (hiring_kb.rendering.serving.error_page).
ERROR_MARK = "<!--hkb-page-title-->"
#: What a generated page's HTML is between its conversion and its turn to be written (see SiteSession.hold).
PACKED = "<!-- hiring: page kept compressed until written -->"


class SiteBuildError(Exception):
    """The build stops with this message (for people: what is wrong and what to do)."""


@dataclass(frozen=True)
class SiteRequest:
    """What a build is asked for, from the engine's configuration.

    ``root``: the folder of hiring.yml; ``config_file``: mkdocs.yml (None when there is none); ``docs_dir``:
    the hand-written pages; ``site_url`` / ``repo_url`` / ``use_directory_urls``: the engine's settings;
    ``branch`` / ``forge`` / ``repo_folder``: where web-editor links start (hiring_kb.authoring.forge).
    """

    root: Path
    config_file: Path | None
    docs_dir: Path
    site_url: str | None
    repo_url: str | None
    use_directory_urls: bool
    branch: str = "main"
    forge: str | None = None
    repo_folder: str = ""


@dataclass(frozen=True)
class TreeFile:
    """A file the engine adds to the site at ``src_uri``: read from ``path``, or the text ``content``.
    ``in_nav``: False for a page that is reachable but not listed in the navigation (candidate pages)."""

    src_uri: str
    path: Path | None = None
    content: str | None = None
    in_nav: bool = True


class SiteSession:
    """One engine plugin instance's state: a build, or a serve session's rebuilds.

    ``log``: the engine's logger for this plugin (its lines are part of the build log).
    """

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self.compiler: Compiler | None = None  # kept across serve rebuilds: unchanged pages are not re-rendered
        self.compiled: CompileResult | None = None
        self.search = SearchEntries(log)
        self.bytecode = MemoryBytecodeCache()
        self.watch: list[Path] = []  # what serve watches besides docs/ and mkdocs.yml
        self.site_url: str | None = None  # the site's URL: an audience's site is served below the site's
        self.serving = False
        self.dirty = False
        #: Under `mkdocs serve` with invalid data: the error page every page shows (hiring_kb.rendering.serving).
        self.error_page: str | None = None
        self.last_pages: list[str] = []  # generated pages of the last good build, to show the error at their URLs
        #: What every page's HTML depends on besides its own file (nav, mkdocs.yml, error state): when it
        #: changes, a dirty rebuild renders every page again.
        self._fingerprint: str | None = None
        self.rendered_urls: set[str] = set()
        self.page_urls: set[str] = set()
        self._stashes: dict[str, HtmlStash] = {}  # per page, from page_markdown to hold
        self._packed: dict[str, bytes] = {}  # generated pages' HTML, compressed, from hold to release

    def start(self, dirty: bool) -> None:
        """A command starts (``mkdocs build`` or ``serve``; the instance may outlive a command in one process)."""
        self.serving = False
        self.dirty = dirty
        self._fingerprint = None
        self.search.forget_index()

    def stop(self) -> None:
        """The command ends: a serve session's search entries are saved; the compiler is let go."""
        if self.serving and self.compiled is not None:
            self.search.save()
        self.serving = False
        self.compiler = None
        self.search.forget_index()

    def prepare(self, request: SiteRequest) -> ValidationReport:
        """Validate the data and compile the tree; returns the report. Sets :attr:`watch`, :attr:`site_url`.

        Invalid data raises :class:`SiteBuildError` with every error, except under serve, where every page
        shows the errors (:attr:`error_page`). Raises it too for a bad date, an unknown audience, an internal
        failure of validation and a tree that cannot be written.
        """
        self.compiled = None
        self.error_page = None
        self.site_url = request.site_url
        report = _validate(request)
        settings = report.settings
        self.watch = [settings.roles_dir, settings.candidates_dir, settings.root / SETTINGS_FILE]
        for diagnostic in report.diagnostics:
            if diagnostic.severity is Severity.WARNING:
                # Data warnings are shown but do not fail `mkdocs build --strict`;
                # `invoke validate --strict` is the gate for them.
                self.log.info(diagnostic.format())
        if report.ok:
            self._compile(report, request)
        else:
            self._show_errors(report)
        return report

    def _show_errors(self, report: ValidationReport) -> None:
        errors = [d.format() for d in report.diagnostics if d.severity is Severity.ERROR]
        if not self.serving:
            raise SiteBuildError(
                f"hiring data is invalid, nothing was built ({summary(report.diagnostics)}):\n  " + "\n  ".join(errors)
            )
        # A failed serve rebuild leaves the browser tab waiting: every page shows the errors instead.
        self.log.info(f"hiring data is invalid ({summary(report.diagnostics)}):\n  " + "\n  ".join(errors))
        self.error_page = error_page(report.diagnostics, ERROR_MARK)

    def _compile(self, report: ValidationReport, request: SiteRequest) -> None:
        try:  # An audience's site (HIRING_AUDIENCE) is built from its roles' candidates only.
            audience = requested_audience(report.settings.audiences)
        except AudienceError as exc:
            raise SiteBuildError(str(exc)) from None
        if audience is not None:
            report = filter_report(report, audience)
            self.site_url = audience_site_url(request.site_url, audience)
        forge = forge_from(request.repo_url, request.branch, request.forge, request.repo_folder)
        renderer = SiteRenderer.for_report(report, request.use_directory_urls, forge)
        name = audience.name if audience is not None else None  # one tree per audience
        root = report.settings.root
        if self.compiler is None or (self.compiler.project_root, self.compiler.audience) != (root, name):
            self.compiler = Compiler(root, name, request.docs_dir)
        self.compiler.docs_dir = request.docs_dir
        started = time.monotonic()
        try:
            compiled = self.compiled = self.compiler.compile(report, renderer)
        except OSError as exc:
            raise SiteBuildError(f"could not write the compiled pages: {exc}") from None
        self.search.use_folder(compiled.tree.parent)
        self.log.info(
            f"hiring: compiled {len(compiled.pages):,} pages for {compiled.candidates:,} candidates "
            f"({compiled.rendered:,} rendered, {compiled.written:,} changed) in {time.monotonic() - started:.1f} s"
        )

    def tree_files(self, exists: Callable[[str], bool]) -> list[TreeFile]:
        """The files to add to the site: the site's own CSS and JS, then every generated page (file-backed,
        so a dirty build compares the file's time with the built page's). While serving invalid data: the
        error page at the URL of every generated page of the last good build. ``exists(src_uri)``: whether
        the site already has that file. Raises :class:`SiteBuildError` when a page of docs/ has a generated
        page's path."""
        self._stashes = {}
        self._packed = {}
        self.search.begin_build()
        self.rendered_urls = set()
        files = [TreeFile(STYLESHEET, ASSETS_DIR / "hiring.css")]
        files += [TreeFile(f"assets/hiring/{name}", ASSETS_DIR / name) for name in MATERIAL_SCRIPTS]
        files.append(TreeFile(SCRIPT, ASSETS_DIR / "hiring.js"))
        if self.compiled is None:
            content = self.error_page or ""
            return files + [TreeFile(uri, content=content, in_nav=False) for uri in self.last_pages if not exists(uri)]
        generated = self.compiled.generated
        self.last_pages = [page.src_uri for page in generated]
        for page in generated:
            if exists(page.src_uri):
                raise SiteBuildError(f"docs/{page.src_uri} conflicts with a generated hiring page; rename or remove it")
        return files + [TreeFile(page.src_uri, page.path, in_nav=page.in_nav) for page in generated]

    def handwritten_sources(self) -> dict[str, Path]:
        """Hand-written pages of docs/ to read from the tree instead (their copy with the directives filled in)."""
        if self.compiled is None:
            return {}
        return {page.src_uri: page.path for page in self.compiled.pages if not page.generated}

    def nav(self, nav: Nav | None, in_nav: Iterable[str]) -> Nav:
        """The navigation: hiring pages first, the handbook in its own section, every role page listed
        (hiring_kb.rendering.site_nav). ``in_nav``: source paths of the pages that may be listed."""
        role_uris = self.compiled.role_uris if self.compiled is not None else []
        return hiring_nav(nav, in_nav, role_uris)

    def generated_title(self, src_uri: str) -> str | None:
        """The plain-text title of the generated page at ``src_uri`` (None for other pages): a page a dirty
        rebuild does not read still needs its title in the nav."""
        if self.compiled is None:
            return None
        titles = {page.src_uri: page.title for page in self.compiled.generated}
        return json.loads(front_matter_title(titles[src_uri])) if src_uri in titles else None

    def layout_changed(self, layout: object) -> bool:
        """Whether a dirty rebuild must render every page: what every page carries besides its own file
        (``layout``: the nav, mkdocs.yml, site URL, CSS and JS, any repr-able value; and the error state)
        changed since the last build of this session."""
        fingerprint = hashlib.blake2b(repr((layout, self.error_page)).encode(), digest_size=16).hexdigest()
        changed = self.dirty and self._fingerprint is not None and fingerprint != self._fingerprint
        self._fingerprint = fingerprint
        if changed:
            self.log.info("hiring: the navigation or configuration changed, rebuilding every page")
        return changed

    def page_markdown(self, src_uri: str, markdown: str, generated: bool) -> str:
        """The Markdown the engine converts: the error page (with the page's own title) while serving invalid
        data; a generated page's with its HTML blocks stashed (render.HtmlStash); else ``markdown``."""
        if self.error_page is not None:
            return self.error_page.replace(ERROR_MARK, page_heading(markdown), 1)
        if not generated:
            return markdown
        stash = self._stashes[src_uri] = HtmlStash()
        return stash.stash(markdown)

    def hold(self, src_uri: str, url: str, html: str) -> str:
        """After conversion: a generated page's HTML with its blocks restored, kept compressed until the page's
        turn to be written (MkDocs holds every page's HTML until the last is written); returns what the page
        holds meanwhile (:data:`PACKED`, or ``html`` unchanged for other pages)."""
        self.rendered_urls.add(url)
        stash = self._stashes.pop(src_uri, None)
        if stash is None:
            return html
        self._packed[src_uri] = zlib.compress(stash.restore(html).encode("utf-8"), 1)
        return PACKED

    def release(self, src_uri: str) -> str | None:
        """The HTML :meth:`hold` kept for the page (once), or None when it kept none."""
        packed = self._packed.pop(src_uri, None)
        return None if packed is None else zlib.decompress(packed).decode("utf-8")

    def before_search(self, src_uri: str, url: str, html: str, page: Any, plugins: Iterable[object]) -> None:
        """Before the search plugin's turn on a page (``page``: its ``toc``, ``meta``, ``title``; ``plugins``:
        the loaded plugins): a page whose entries are cached is skipped by it (hiring_kb.rendering.search_entries)."""
        found = list(plugins)
        index = search_index(found)
        if index is not None:
            self.search.before_index(src_uri, url, html, page, search_plugin(found), len(index.entries))

    def after_search(self, src_uri: str, url: str, meta: MutableMapping[str, Any], plugins: Iterable[object]) -> None:
        """After the search plugin's turn: the page's ``meta`` as it was, its entries from the cache or stored."""
        index = search_index(plugins)
        if index is not None:
            self.search.after_index(src_uri, url, meta, index.entries)

    def finish_build(self, plugins: Iterable[object]) -> None:
        """Every page is rendered, before the search plugin writes its index: log how many, settle the search
        entries (saved unless serving) and give the search plugin the whole index. Material's search plugin
        indexes only the pages rendered in this build; a dirty rebuild renders a few, so the entries of every
        other page are kept from the previous build (pages gone are dropped)."""
        rendered = sorted(self.rendered_urls)
        shown = f": {', '.join(u or '/' for u in rendered)}" if len(rendered) <= 10 else ""
        self.log.info(f"hiring: MkDocs rendered {len(rendered):,} of {len(self.page_urls):,} pages{shown}")
        self.search.finish_build(self.page_urls, save=not self.serving and self.compiled is not None)
        found = list(plugins)
        plugin, index = search_plugin(found), search_index(found)
        if plugin is None or index is None:
            return
        index.entries = self.search.merge_kept(index.entries, self.rendered_urls, self.page_urls, self.dirty)
        plugin.search_index_prev = None  # its own merge assumes one page per rebuild


def _validate(request: SiteRequest) -> ValidationReport:
    """The validation report of the project, with one "today" for validation (retention) and the dashboard:
    SOURCE_DATE_EPOCH or the date. Raises :class:`SiteBuildError` for a bad date or an internal failure."""
    try:
        today = clock_today()
    except ValueError as exc:
        raise SiteBuildError(str(exc)) from None
    try:
        return validate_project(request.root, today=today, mkdocs_config=request.config_file)
    except Exception as exc:  # noqa: BLE001 - an internal failure is one line, as in `invoke validate`
        raise SiteBuildError(
            f"internal error while validating hiring data: {exc!r} (run 'invoke validate --debug' for details)"
        ) from None


class MemoryBytecodeCache(BytecodeCache):
    """Compiled theme templates kept in memory across serve rebuilds (a bucket whose source changed is rejected
    by Jinja's checksum and compiled again)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' "A 'dirty' build is being performed" warning: the adapter renders every page again when
    the navigation changes (:meth:`SiteSession.layout_changed`), so the warning is moot."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


DIRTY_WARNING = DirtyWarningFilter()


def nav_items(items: list[Any]) -> list[Any]:
    """Every item of a navigation tree (items with optional ``children``), depth first."""
    found = []
    for item in items:
        found.append(item)
        found += nav_items(getattr(item, "children", None) or [])
    return found
