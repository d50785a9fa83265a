"""MkDocs adapter: a shim that runs the core's compiler and hands its content tree to MkDocs.

Registered as the ``hiring`` entry point of ``mkdocs.plugins``. It only uses
documented plugin events and ``File.generated``, so it also runs on ProperDocs.
The core (:mod:`hiring_kb.rendering.site_session`, :mod:`hiring_kb.rendering.compiler`) validates the data and writes
the pages
into ``.hiring-build/<audience>/docs``; this module only translates between MkDocs objects and those calls.
The pages are added as file-backed pages, so ``mkdocs serve --dirty`` re-renders only the pages whose file
changed; the search entries of the others are kept by :mod:`hiring_kb.rendering.search_entries`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from hiring_kb.authoring.forge import FORGE_KINDS
from hiring_kb.publish.build_source import source_of
from hiring_kb.rendering.site_session import (
    DIRTY_WARNING,
    SCRIPT,
    STYLESHEET,
    SiteBuildError,
    SiteRequest,
    SiteSession,
    TreeFile,
    nav_items,
)
from hiring_kb.sources.handwritten import escape_page_meta, escape_title
from hiring_kb.sources.site_extensions import refused_in_build

log = logging.getLogger("mkdocs.plugins.hiring")

#: Privacy overrides of Material's templates: noindex and no-referrer on every page, a plain-text
#: <title>, Material's inline scripts served as files (CSP `script-src 'self'`), a sitemap
#: without candidate pages.
THEME_DIR = Path(__file__).parent / "theme"


class HiringPluginConfig(Config):
    """Options under ``plugins: - hiring:`` in mkdocs.yml."""

    root = config_options.Optional(config_options.Type(str))
    """Project root holding hiring.yml, roles/ and candidates/; default: the folder of mkdocs.yml."""
    branch = config_options.Type(str, default="main")
    """Branch the web-editor links of candidate pages start from (with ``repo_url``: hiring_kb.authoring.forge)."""
    forge = config_options.Optional(config_options.Choice(FORGE_KINDS))
    """``github`` or ``gitlab`` for a self-hosted forge whose host name does not tell."""
    repo_folder = config_options.Type(str, default="")
    """The project's folder inside the repository, when mkdocs.yml is not at its root."""


class HiringPlugin(BasePlugin[HiringPluginConfig]):
    """Validates the hiring data, then adds candidate, role and index pages to the site."""

    def __init__(self) -> None:
        self.session = SiteSession(log)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds. The instance outlives a
        # command in the same process (MkDocs caches it), so the session is reset here and at shutdown.
        self.session.start(dirty)
        if dirty:
            # MkDocs warns that a dirty build may leave navigation stale, which `strict: true` turns into a failed
            # serve; this plugin rebuilds every page when the navigation changes (on_nav), so the warning is moot.
            logging.getLogger("mkdocs.commands.build").addFilter(DIRTY_WARNING)

    def on_shutdown(self) -> None:
        self.session.stop()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Candidate values and notes are data, never code or include directives (docs/privacy.md): the
        # loaded plugins and extensions are judged by their modules (hiring_kb.sources.site_extensions).
        plugins = {name: type(plugin).__module__ for name, plugin in config.plugins.items()}
        refused = refused_in_build(plugins, config.markdown_extensions)
        if refused:
            raise PluginError("; ".join(refused) + "; remove it from mkdocs.yml")
        config_file = Path(config.config_file_path).resolve() if config.config_file_path else None
        base = Path(config.config_file_path or ".").resolve().parent
        request = SiteRequest(
            root=(base / self.config.root).resolve() if self.config.root else base,
            config_file=config_file,
            docs_dir=Path(config.docs_dir),
            site_url=config.site_url,
            repo_url=config.repo_url,
            use_directory_urls=config.use_directory_urls,
            branch=self.config.branch,
            forge=self.config.forge,
            repo_folder=self.config.repo_folder,
        )
        try:
            report = self.session.prepare(request)
        except SiteBuildError as exc:
            raise PluginError(str(exc)) from None
        config.site_url = self.session.site_url
        # The footer says which commit the site is built from (theme/partials/footer.html).
        config.extra["hiring_source"] = source_of(report.settings)
        _add_theme(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        try:
            added = self.session.tree_files(lambda uri: files.get_file_from_path(uri) is not None)
        except SiteBuildError as exc:
            raise PluginError(str(exc)) from None
        for src_uri, path in self.session.handwritten_sources().items():
            handwritten = files.get_file_from_path(src_uri)
            if handwritten is not None:  # read from the tree: its copy with the directives filled in
                handwritten.abs_src_path = str(path)
        for item in added:
            files.append(_file(config, item))
        if self.session.compiled is not None:
            in_nav = [f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav()]
            config.nav = self.session.nav(config.nav, in_nav)
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Each build makes a new theme environment, which compiles every template again (about a second on
        # Material); under serve the compiled templates are kept (Jinja checks each against its source).
        if self.session.dirty:
            env.bytecode_cache = self.session.bytecode
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        items = nav_items(nav.items)
        for item in items:
            # Titles written in mkdocs.yml (or taken from folder names) are text; Material prints nav titles
            # unescaped (hiring_kb.sources.handwritten).
            if (isinstance(item, (Section, Link)) or "title" in vars(item)) and isinstance(item.title, str):
                item.title = escape_title(item.title)
            elif (
                isinstance(item, Page)
                and "title" not in vars(item)
                and (title := self.session.generated_title(item.file.src_uri)) is not None
            ):
                item.title = title  # a page a dirty rebuild does not read still needs its title in the nav
        self.session.page_urls = {f.url for f in files.documentation_pages()}
        layout = (
            [(type(i).__name__, i.title, getattr(i, "url", None)) for i in items],
            Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
            config.site_url,
            list(config.extra_css),
            [str(s) for s in config.extra_javascript],
        )
        if self.session.layout_changed(layout):  # every page carries the nav (and the error): build them all
            clean_directory(config.site_dir)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = bool(page.file.generated_by)
        if not generated and self.session.error_page is None:
            # A hand-written page's front matter (title, description...) is text, like a heading's text.
            page.meta = escape_page_meta(page.meta)
        return self.session.page_markdown(page.file.src_uri, markdown, generated)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        held = self.session.hold(page.file.src_uri, page.url, html)
        if held is not html:
            page.markdown = ""  # its Markdown is in the tree, its title in its front matter
        return held

    @event_priority(100)  # before the search plugin indexes the page's HTML
    def _on_page_context_before_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation):
        html = self.session.release(page.file.src_uri)
        if html is not None:
            page.content = html
            self.session.before_search(page.file.src_uri, page.url, html, page, config.plugins.values())
        return context

    @event_priority(-100)  # after the search plugin indexed the page, before the page is rendered
    def _on_page_context_after_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation):
        self.session.after_search(page.file.src_uri, page.url, page.meta, config.plugins.values())
        return context

    on_page_context = CombinedEvent(_on_page_context_before_search, _on_page_context_after_search)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.generated_by and page.file.src_uri.endswith(".md"):
            page.content = ""  # written: nothing reads it again (anchors are checked from their ids)
        return output

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.session.finish_build(config.plugins.values())

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # Called once, after the first build, by `mkdocs serve` only (on_startup's command is not reliable:
        # with click 8.2 `mkdocs serve` reports 'build'): every rebuild from here on is a serve rebuild.
        self.session.serving = True
        for path in self.session.watch:
            if path.exists():
                server.watch(str(path))
        return server


def _file(config: MkDocsConfig, item: TreeFile) -> File:
    """The MkDocs file of a tree file: file-backed (a dirty build compares its time) or from its text."""
    inclusion = InclusionLevel.UNDEFINED if item.in_nav else InclusionLevel.NOT_IN_NAV
    if item.path is not None:
        return File.generated(config, item.src_uri, abs_src_path=str(item.path), inclusion=inclusion)
    return File.generated(config, item.src_uri, content=item.content or "", inclusion=inclusion)


def _add_theme(config: MkDocsConfig) -> None:
    """The site's stylesheet, script and privacy overrides of Material's templates (THEME_DIR)."""
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if str(THEME_DIR) not in config.theme.dirs:
        # After the site's own custom_dir (it may extend ours), before Material's templates.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    if SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)
