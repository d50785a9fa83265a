"""MkDocs adapter: a shim that runs the core's compiler and hands its content tree to MkDocs.

Registered as the ``hiring`` entry point of ``mkdocs.plugins``. It only uses
documented plugin events and ``File.generated``, so it also runs on ProperDocs.
The core (:mod:`hiring_kb.compiler`) writes the pages into ``.hiring-build/<audience>/docs``; they are
added as file-backed pages, so ``mkdocs serve --dirty`` re-renders only the pages whose file changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from .audiences import AudienceError, audience_site_url, filter_report, requested_audience
from .build_source import source_of
from .clock import today as clock_today
from .compiler import Compiler, CompileResult
from .diagnostics import Severity, summary
from .forge import FORGE_KINDS, forge_from
from .handwritten import escape_page_meta, escape_title
from .html_stash import HtmlStash
from .page_text import front_matter_title
from .render import SiteRenderer
from .search_cache import Entries, SearchCache, entries_key
from .serving import error_page, page_heading
from .settings import SETTINGS_FILE
from .site_extensions import refused_extension, refused_plugin
from .site_nav import hiring_nav
from .validate import validate_project

log = logging.getLogger("mkdocs.plugins.hiring")

STYLESHEET = "assets/hiring/hiring.css"
SCRIPT = "assets/hiring/hiring.js"
#: Privacy overrides of Material's templates: noindex and no-referrer on every page, a plain-text
#: <title>, Material's inline scripts served as files (CSP `script-src 'self'`), a sitemap
#: without candidate pages.
THEME_DIR = Path(__file__).parent / "theme"
#: Where each page's own title goes on the serve error page (hiring_kb.serving.error_page).
ERROR_MARK = "<!--hkb-page-title-->"
MATERIAL_SCRIPTS = ("material-base.js", "material-palette.js", "material-tabs.js", "material-content.js")


class HiringPluginConfig(Config):
    """Options under ``plugins: - hiring:`` in mkdocs.yml."""

    root = config_options.Optional(config_options.Type(str))
    """Project root holding hiring.yml, roles/ and candidates/; default: the folder of mkdocs.yml."""
    branch = config_options.Type(str, default="main")
    """Branch the web-editor links of candidate pages start from (with ``repo_url``: hiring_kb.forge)."""
    forge = config_options.Optional(config_options.Choice(FORGE_KINDS))
    """``github`` or ``gitlab`` for a self-hosted forge whose host name does not tell."""
    repo_folder = config_options.Type(str, default="")
    """The project's folder inside the repository, when mkdocs.yml is not at its root."""


class HiringPlugin(BasePlugin[HiringPluginConfig]):
    """Validates the hiring data, then adds candidate, role and index pages to the site."""

    def __init__(self) -> None:
        self._compiler: Compiler | None = None  # kept across serve rebuilds: unchanged pages are not re-rendered
        self._compiled: CompileResult | None = None
        self._stashes: dict[str, HtmlStash] = {}  # per page, from on_page_markdown to on_page_content
        self._packed: dict[
            str, bytes
        ] = {}  # generated pages' HTML, compressed, from on_page_content to on_page_context
        #: What every page's HTML depends on besides its own file (nav, mkdocs.yml, error state): when it
        #: changes, a dirty rebuild renders every page again.
        self._fingerprint: str | None = None
        self._rendered_urls: set[str] = set()
        self._page_urls: set[str] = set()
        self._search_entries: list[dict] = []  # the last full search index (serve)
        self._dirty = False
        self._bytecode = _MemoryBytecodeCache()
        self._watch: list[Path] = []
        self._serving = False
        #: Under `mkdocs serve` with invalid data: the error page every page shows (hiring_kb.serving).
        self._error_page: str | None = None
        self._last_pages: list[str] = []  # generated pages of the last good build, to show the error at their URLs
        #: Search entries of generated pages by a digest of what they are made from (hiring_kb.search_cache).
        self._search_cache: SearchCache | None = None
        #: Per page of this build, from the search plugin's turn before to its turn after: the key and either
        #: the cached entries (the search plugin skips the page) or where its own entries start.
        self._search_pending: dict[str, tuple[str, Entries | None, int, object]] = {}
        self._search_reused = 0  # pages of this build whose search entries came from the cache

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds;
        # all per-build state is replaced in on_config. The instance outlives a command in the same
        # process (MkDocs caches it), so the serve flag is reset here and at shutdown.
        self._serving = False
        self._dirty = dirty
        if dirty:
            # MkDocs warns that a dirty build may leave navigation stale, which `strict: true` turns into a failed
            # serve; this plugin rebuilds every page when the navigation changes (on_nav), so the warning is moot.
            logging.getLogger("mkdocs.commands.build").addFilter(_DIRTY_WARNING)
        self._fingerprint = None
        self._search_entries = []

    def on_shutdown(self) -> None:
        if self._serving:
            self._save_search_cache()
        self._serving = False
        self._compiler = None
        self._search_entries = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._compiled = None
        self._error_page = None
        # Candidate values and notes are data, never code or include directives (docs/privacy.md): the
        # loaded plugins and extensions are judged by their modules (hiring_kb.site_extensions).
        refused = [
            f"plugin '{name}' is not allowed: it {reason}"
            for name, plugin in config.plugins.items()
            if (reason := refused_plugin(name, type(plugin).__module__))
        ]
        refused += [
            f"Markdown extension '{spec}' is not allowed: it {reason}"
            for extension in config.markdown_extensions
            for spec, module in [_extension_spec(extension)]
            if (reason := refused_extension(spec, module))
        ]
        if refused:
            raise PluginError("; ".join(refused) + "; remove it from mkdocs.yml")
        base = Path(config.config_file_path or ".").resolve().parent
        root = (base / self.config.root).resolve() if self.config.root else base
        try:
            # One "today" for validation (retention) and the dashboard: SOURCE_DATE_EPOCH or the date.
            today = clock_today()
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        try:
            report = validate_project(root, today=today, mkdocs_config=_config_file(config))
        except Exception as exc:  # noqa: BLE001 - an internal failure is one line, as in `invoke validate`
            raise PluginError(
                f"internal error while validating hiring data: {exc!r} (run 'invoke validate --debug' for details)"
            ) from None
        settings = report.settings
        self._watch = [settings.roles_dir, settings.candidates_dir, settings.root / SETTINGS_FILE]
        for diagnostic in report.diagnostics:
            if diagnostic.severity is Severity.WARNING:
                # Data warnings are shown but do not fail `mkdocs build --strict`;
                # `invoke validate --strict` is the gate for them.
                log.info(diagnostic.format())
        if not report.ok:
            errors = [d.format() for d in report.diagnostics if d.severity is Severity.ERROR]
            if not self._serving:
                raise PluginError(
                    "hiring data is invalid, nothing was built "
                    f"({summary(report.diagnostics)}):\n  " + "\n  ".join(errors)
                )
            # A failed serve rebuild leaves the browser tab waiting: every page shows the errors instead.
            log.info(f"hiring data is invalid ({summary(report.diagnostics)}):\n  " + "\n  ".join(errors))
            self._error_page = error_page(report.diagnostics, ERROR_MARK)
        else:
            try:  # An audience's site (HIRING_AUDIENCE) is built from its roles' candidates only.
                audience = requested_audience(settings.audiences)
            except AudienceError as exc:
                raise PluginError(str(exc)) from None
            if audience is not None:
                report = filter_report(report, audience)
                config.site_url = audience_site_url(config.site_url, audience)
            forge = forge_from(config.repo_url, self.config.branch, self.config.forge, self.config.repo_folder)
            renderer = SiteRenderer.for_report(report, config.use_directory_urls, forge)
            docs_dir = Path(config.docs_dir)
            name = audience.name if audience is not None else None  # one tree per audience
            if self._compiler is None or (self._compiler.project_root, self._compiler.audience) != (
                settings.root,
                name,
            ):
                self._compiler = Compiler(settings.root, name, docs_dir)
            self._compiler.docs_dir = docs_dir
            started = time.monotonic()
            try:
                self._compiled = self._compiler.compile(report, renderer)
            except OSError as exc:
                raise PluginError(f"could not write the compiled pages: {exc}") from None
            compiled = self._compiled
            cache_folder = compiled.tree.parent
            if self._search_cache is None or self._search_cache.path.parent != cache_folder:
                self._search_cache = SearchCache(cache_folder)
            log.info(
                f"hiring: compiled {len(compiled.pages):,} pages for {compiled.candidates:,} candidates "
                f"({compiled.rendered:,} rendered, {compiled.written:,} changed) in {time.monotonic() - started:.1f} s"
            )
        # The footer says which commit the site is built from (theme/partials/footer.html).
        config.extra["hiring_source"] = source_of(settings)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if str(THEME_DIR) not in config.theme.dirs:
            # After the site's own custom_dir (it may extend ours), before Material's templates.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._stashes = {}
        self._packed = {}
        self._search_pending = {}
        self._search_reused = 0
        self._rendered_urls = set()
        assets = Path(__file__).parent / "assets"
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(assets / "hiring.css")))
        for name in MATERIAL_SCRIPTS:
            files.append(File.generated(config, f"assets/hiring/{name}", abs_src_path=str(assets / name)))
        files.append(File.generated(config, SCRIPT, abs_src_path=str(assets / "hiring.js")))
        if self._compiled is None:  # serving invalid data: the error page at every generated page's URL
            for uri in self._last_pages:
                if files.get_file_from_path(uri) is None:
                    inclusion = InclusionLevel.NOT_IN_NAV
                    files.append(File.generated(config, uri, content=self._error_page or "", inclusion=inclusion))
            return files
        self._last_pages = []
        compiled = self._compiled
        for page in compiled.pages:
            if not page.generated:  # a hand-written page: its copy with the directives filled in
                handwritten = files.get_file_from_path(page.src_uri)
                if handwritten is not None:
                    handwritten.abs_src_path = str(page.path)
                continue
            self._last_pages.append(page.src_uri)
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"docs/{page.src_uri} conflicts with a generated hiring page; rename or remove it")
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            # File-backed: MkDocs' dirty build compares the file's time with the built page's.
            files.append(File.generated(config, page.src_uri, abs_src_path=str(page.path), inclusion=inclusion))
        # Hiring pages first, the handbook in its own section, every role page listed (hiring_kb.site_nav).
        in_nav = [f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav()]
        config.nav = hiring_nav(config.nav, in_nav, compiled.role_uris)
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Each build makes a new theme environment, which compiles every template again (about a second on
        # Material); under serve the compiled templates are kept (Jinja checks each against its source).
        if self._dirty:
            env.bytecode_cache = self._bytecode
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Generated pages' HTML blocks skipped the Markdown converter (render.HtmlStash).
        self._rendered_urls.add(page.url)
        stash = self._stashes.pop(page.file.src_uri, None)
        if stash is None:
            return html
        # MkDocs holds every page's Markdown and HTML until the last page is written; a generated page's are
        # kept compressed instead (its Markdown is in the tree; its title in its front matter) until its turn.
        self._packed[page.file.src_uri] = zlib.compress(stash.restore(html).encode("utf-8"), 1)
        page.markdown = ""
        return _PACKED

    @event_priority(100)  # before the search plugin indexes the page's HTML
    def _on_page_context_before_search(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        packed = self._packed.pop(page.file.src_uri, None)
        if packed is None:
            return context
        page.content = zlib.decompress(packed).decode("utf-8")
        index = _search_index(config)
        if self._search_cache is None or index is None:
            return context
        # The entries follow from these values only: a page seen before gets them without its HTML parsed.
        key = entries_key(page.url, page.content, _toc_outline(page.toc), page.meta, page.title, _search_setup(config))
        cached = self._search_cache.get(page.url, key)
        saved = page.meta.get("search", _ABSENT)
        if cached is not None:
            page.meta["search"] = {**(saved if isinstance(saved, dict) else {}), "exclude": True}
        self._search_pending[page.file.src_uri] = (key, cached, len(index.entries), saved)
        return context

    @event_priority(-100)  # after the search plugin indexed the page, before the page is rendered
    def _on_page_context_after_search(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        pending = self._search_pending.pop(page.file.src_uri, None)
        index = _search_index(config)
        if pending is None or index is None or self._search_cache is None:
            return context
        key, cached, start, saved = pending
        if saved is _ABSENT:
            page.meta.pop("search", None)
        else:
            page.meta["search"] = saved
        if cached is not None:
            index.entries[start:] = cached  # where the search plugin would have put them
            self._search_reused += 1
        else:
            self._search_cache.put(page.url, key, index.entries[start:])
        return context

    on_page_context = CombinedEvent(_on_page_context_before_search, _on_page_context_after_search)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.generated_by and page.file.src_uri.endswith(".md"):
            page.content = ""  # written: nothing reads it again (anchors are checked from their ids)
        return output

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # Section, link and page titles written in mkdocs.yml (or taken from folder names) are text;
        # Material prints nav titles unescaped (hiring_kb.handwritten).
        for item in _nav_items(nav.items):
            if (isinstance(item, (Section, Link)) or "title" in vars(item)) and isinstance(item.title, str):
                item.title = escape_title(item.title)
        # A generated page that a dirty rebuild does not read still needs its title in the nav.
        titles = {p.src_uri: p.title for p in self._compiled.generated} if self._compiled else {}
        for item in _nav_items(nav.items):
            if isinstance(item, Page) and item.file.src_uri in titles and "title" not in vars(item):
                item.title = json.loads(front_matter_title(titles[item.file.src_uri]))
        self._page_urls = {f.url for f in files.documentation_pages()}
        fingerprint = hashlib.blake2b(
            repr(
                (
                    [(type(i).__name__, i.title, getattr(i, "url", None)) for i in _nav_items(nav.items)],
                    Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
                    self._error_page,
                    config.site_url,
                    list(config.extra_css),
                    [str(s) for s in config.extra_javascript],
                )
            ).encode(),
            digest_size=16,
        ).hexdigest()
        if self._dirty and self._fingerprint is not None and fingerprint != self._fingerprint:
            # Every page carries the nav (and, while the data is invalid, the error): build them all again.
            log.info("hiring: the navigation or configuration changed, rebuilding every page")
            clean_directory(config.site_dir)
        self._fingerprint = fingerprint
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self._error_page is not None:
            return self._error_page.replace(ERROR_MARK, page_heading(markdown), 1)
        if page.file.generated_by:
            stash = HtmlStash()
            self._stashes[page.file.src_uri] = stash
            return stash.stash(markdown)
        # A hand-written page's front matter (title, description...) is text, like a heading's text.
        # Its hiring directives were filled in by the compiler (the page is read from the tree).
        page.meta = escape_page_meta(page.meta)
        return markdown

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Material's search plugin indexes only the pages rendered in this build; a dirty rebuild renders a
        # few, so the index of every other page is kept from the previous build (pages gone are dropped).
        rendered = sorted(self._rendered_urls)
        shown = f": {', '.join(u or '/' for u in rendered)}" if len(rendered) <= 10 else ""
        log.info(f"hiring: MkDocs rendered {len(rendered):,} of {len(self._page_urls):,} pages{shown}")
        if self._search_reused:
            log.info(f"hiring: search entries of {self._search_reused:,} unchanged pages reused")
        if self._search_cache is not None:
            self._search_cache.forget_pages(self._page_urls)
        if not self._serving:  # a serve rebuild keeps it in memory; it is written when serve stops
            self._save_search_cache()
        search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
        index = _search_index(config)
        if search is None or index is None:
            return
        kept = [
            entry
            for entry in self._search_entries
            if (page := _page_of(entry)) not in self._rendered_urls and page in self._page_urls
        ]
        index.entries = kept + index.entries
        search.search_index_prev = None  # its own merge assumes one page per rebuild
        self._search_entries = index.entries if self._dirty else []

    def _save_search_cache(self) -> None:
        if self._search_cache is None or self._compiled is None:
            return
        try:
            self._search_cache.save()
        except OSError as exc:  # only a cache: the next build parses those pages again
            log.warning(f"hiring: could not save the search entries cache: {exc}")

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # Called once, after the first build, by `mkdocs serve` only (on_startup's command is not reliable:
        # with click 8.2 `mkdocs serve` reports 'build'): every rebuild from here on is a serve rebuild.
        self._serving = True
        for path in self._watch:
            if path.exists():
                server.watch(str(path))
        return server


_ABSENT = object()


def _search_index(config: MkDocsConfig) -> Any:
    """The index of Material's search plugin (its ``entries`` list), or None without it."""
    search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
    index = getattr(search, "search_index", None)
    return index if isinstance(getattr(index, "entries", None), list) else None


def _search_setup(config: MkDocsConfig) -> tuple[str, str, str]:
    """What the search entries depend on beside the page: the search plugin's class, version and settings."""
    search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
    package = type(search).__module__.partition(".")[0]
    version = str(getattr(sys.modules.get(package), "__version__", ""))
    return (
        f"{type(search).__module__}.{type(search).__qualname__}",
        version,
        repr(sorted(dict(getattr(search, "config", {}) or {}).items())),
    )


def _toc_outline(toc: Iterable[object] | None) -> list[tuple[str, str, list[Any]]]:
    """(anchor, title, children) of a page's table of contents: the part search entries read."""
    return [
        (str(getattr(item, "url", "")), str(getattr(item, "title", "")), _toc_outline(getattr(item, "children", [])))
        for item in (toc or [])
    ]


#: What a generated page's HTML is between its conversion and its turn to be written (see on_page_content).
_PACKED = "<!-- hiring: page kept compressed until written -->"


class _MemoryBytecodeCache(BytecodeCache):
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


class _DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' "A 'dirty' build is being performed" warning (see HiringPlugin.on_startup)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


_DIRTY_WARNING = _DirtyWarningFilter()


def _page_of(entry: dict) -> str:
    """The page URL of a search index entry (its location without the section anchor)."""
    return str(entry.get("location", "")).partition("#")[0]


def _config_file(config: MkDocsConfig) -> Path | None:
    return Path(config.config_file_path).resolve() if config.config_file_path else None


def _extension_spec(extension: object) -> tuple[str, str | None]:
    """(name shown, module) of a ``markdown_extensions`` entry: a name, or an Extension object."""
    if isinstance(extension, str):
        return extension, None
    kind = type(extension)
    return f"{kind.__module__}:{kind.__qualname__}", kind.__module__


def _nav_items(items: list) -> list:
    """Every item of the nav tree, depth first."""
    found = []
    for item in items:
        found.append(item)
        found += _nav_items(getattr(item, "children", None) or [])
    return found
