"""MkDocs adapter: a thin layer that feeds the core's pages into a MkDocs build.

Registered as the ``hiring`` entry point of ``mkdocs.plugins``. It only uses
documented plugin events and ``File.generated``, so it also runs on ProperDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .diagnostics import Severity, summary
from .render import SiteRenderer
from .settings import SETTINGS_FILE
from .validate import validate_project

log = logging.getLogger("mkdocs.plugins.hiring")

STYLESHEET = "assets/hiring/hiring.css"
PIPELINE_DIRECTIVE = "<!-- hiring:pipeline -->"


class HiringPluginConfig(Config):
    """Options under ``plugins: - hiring:`` in mkdocs.yml."""

    root = config_options.Optional(config_options.Type(str))
    """Project root holding hiring.yml, roles/ and candidates/; default: the folder of mkdocs.yml."""


class HiringPlugin(BasePlugin[HiringPluginConfig]):
    """Validates the hiring data, then adds candidate, role and index pages to the site."""

    def __init__(self) -> None:
        self._renderer: SiteRenderer | None = None
        self._watch: list[Path] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds;
        # all per-build state is replaced in on_config.
        return None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._renderer = None
        base = Path(config.config_file_path or ".").resolve().parent
        root = (base / self.config.root).resolve() if self.config.root else base
        report = validate_project(root)
        settings = report.settings
        self._watch = [settings.roles_dir, settings.candidates_dir, settings.root / SETTINGS_FILE]
        for diagnostic in report.diagnostics:
            if diagnostic.severity is Severity.WARNING:
                # Data warnings are shown but do not fail `mkdocs build --strict`;
                # `invoke validate --strict` is the gate for them.
                log.info(diagnostic.format())
        if not report.ok:
            errors = [d.format() for d in report.diagnostics if d.severity is Severity.ERROR]
            raise PluginError(
                "hiring data is invalid, nothing was built "
                f"({summary(report.diagnostics)}):\n  " + "\n  ".join(errors)
            )
        self._renderer = SiteRenderer(report.project, report.settings.thresholds, config.use_directory_urls)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._renderer is not None
        stylesheet = Path(__file__).parent / "assets" / "hiring.css"
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(stylesheet)))
        for page in self._renderer.pages():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"docs/{page.src_uri} conflicts with a generated hiring page; rename or remove it"
                )
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if PIPELINE_DIRECTIVE in markdown and self._renderer is not None and not page.file.generated_by:
            markdown = markdown.replace(PIPELINE_DIRECTIVE, self._renderer.pipeline(page.file.src_uri))
        return markdown

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        for path in self._watch:
            if path.exists():
                server.watch(str(path))
        return server
