"""The layer map of the package: which layer each module of ``hiring_kb`` belongs to.

A module may import modules of its own layer or of a layer below it, never above (a
``TYPE_CHECKING``-only import for an annotation is not an import at run time and is exempt).
``tests/test_layers.py`` enforces the map against the real imports; ARCHITECTURE.md explains it.
The package is still flat: the subpackage move is meant to turn each layer into a subpackage
(``model/``, ``sources/``...) and can read its file list from :data:`LAYER_OF`.

This module is data only and imports nothing.
"""

from __future__ import annotations

#: The layers, bottom to top, each with what it holds.
LAYERS: tuple[tuple[str, str], ...] = (
    ("base", "helpers with no domain knowledge: messages, names, dates, numbers, limits, progress, links, HTML"),
    ("model", "the domain words and the data classes of roles, candidates and scorecards"),
    ("sources", "reading the files: YAML, schemas, hiring.yml settings, rules, notes, loading and validation"),
    ("analysis", "what the data says: role fit, reliability, calibration, the interview loop, dashboards"),
    ("authoring", "writing data files: scaffold, atomic edits, notes import, forge links, private values"),
    ("rendering", "pages: HTML of the pages, charts, the compiled site sources, the engine build, serving"),
    ("publish", "getting a site out safely: audit, deploy targets, release gate, purge, erasure, export"),
    ("adapters", "entry points on top: the MkDocs plugin (the only MkDocs importer), invoke tasks, console"),
)

#: Layer names, bottom to top.
ORDER: tuple[str, ...] = tuple(name for name, _ in LAYERS)

#: module name (a file ``plugins/hiring_kb/<name>.py``) -> its layer.
LAYER_OF: dict[str, str] = {
    # base
    "__init__": "base",
    "clock": "base",
    "diagnostics": "base",
    "folded_text": "base",
    "html_reading": "base",
    "layers": "base",
    "limits": "base",
    "links": "base",
    "name_patterns": "base",
    "names": "base",
    "number_format": "base",
    "progress": "base",
    "sealed": "base",
    "urls": "base",
    # model
    "models": "model",
    "vocabulary": "model",
    # sources
    "audiences": "sources",
    "candidate_rules": "sources",
    "contact_details": "sources",
    "decisions": "sources",
    "deploy_settings": "sources",
    "front_matter": "sources",
    "handwritten": "sources",
    "lint": "sources",
    "lint_words": "sources",
    "loadcache": "sources",
    "loader": "sources",
    "note_rules": "sources",
    "role_loader": "sources",
    "scorecard_loader": "sources",
    "document_values": "sources",
    "notes": "sources",
    "note_html": "sources",
    "near_miss_headings": "sources",
    "personal_data": "sources",
    "private_block": "sources",
    "private_checks": "sources",
    "private_fields": "sources",
    "project_folders": "sources",
    "retention": "sources",
    "rules": "sources",
    "schema_messages": "sources",
    "schema_places": "sources",
    "schemas": "sources",
    "schema_fast_check": "sources",
    "settings": "sources",
    "settings_defaults": "sources",
    "settings_schema": "sources",
    "site_extensions": "sources",
    "source_text": "sources",
    "sources": "sources",
    "text_rules": "sources",
    "validate": "sources",
    "revision_files": "sources",
    "yaml_commented_values": "sources",
    "yaml_hazards": "sources",
    "yaml_layout": "sources",
    "yaml_loaders": "sources",
    "yaml_positions": "sources",
    "yaml_reading": "sources",
    "yaml_plain_mapping": "sources",
    "yaml_syntax_messages": "sources",
    "yamlio": "sources",
    # analysis
    "analytics": "analysis",
    "calibration": "analysis",
    "dashboard": "analysis",
    "fit": "analysis",
    "loop": "analysis",
    "reliability": "analysis",
    "review": "analysis",
    "review_markdown": "analysis",
    "tags": "analysis",
    # authoring
    "atomic_files": "authoring",
    "candidate_move": "authoring",
    "edit": "authoring",
    "forge": "authoring",
    "import_files": "authoring",
    "import_helpers": "authoring",
    "import_people": "authoring",
    "import_plan": "authoring",
    "importer": "authoring",
    "instance": "authoring",
    "private_commands": "authoring",
    "product_files": "authoring",
    "resolve": "authoring",
    "scaffold": "authoring",
    "schema_export": "authoring",
    "yaml_edits": "authoring",
    # rendering
    "charts": "rendering",
    "compiler": "rendering",
    "page_keys": "rendering",
    "search_cache": "rendering",
    "search_entries": "rendering",
    "render": "rendering",
    "candidate_page": "rendering",
    "dashboard_sections": "rendering",
    "generated_page": "rendering",
    "html_stash": "rendering",
    "index_pages": "rendering",
    "interviewers_page": "rendering",
    "page_templates": "rendering",
    "page_text": "rendering",
    "role_page": "rendering",
    "serving": "rendering",
    "site_session": "rendering",
    "site_build": "rendering",
    "site_nav": "rendering",
    "tree_writes": "rendering",
    # publish
    "audit": "publish",
    "audit_context": "publish",
    "audit_findings": "publish",
    "audit_page_reader": "publish",
    "audit_scanner": "publish",
    "audit_text_checks": "publish",
    "audit_url_checks": "publish",
    "build_source": "publish",
    "candidate_mentions": "publish",
    "deploy": "publish",
    "dir_target": "publish",
    "erasure": "publish",
    "export": "publish",
    "git_runner": "publish",
    "git_target": "publish",
    "nginx_recipe": "publish",
    "publishing": "publish",
    "pull_deploy": "publish",
    "purge": "publish",
    "purge_verify": "publish",
    "release_gate": "publish",
    "releases": "publish",
    "rsync_target": "publish",
    "source_history": "publish",
    "targets": "publish",
    "trace_search": "publish",
    "unreachable_copies": "publish",
    "web_access": "publish",
    # adapters
    "bench_report": "adapters",
    "benchmark": "adapters",
    "console": "adapters",
    "mkdocs_plugin": "adapters",
    "synthetic": "adapters",
    "synthetic_texts": "adapters",
    "task_loading": "adapters",
    "task_wiki": "adapters",
    "tasks_authoring": "adapters",
    "tasks_data": "adapters",
    "tasks_instance": "adapters",
    "tasks_privacy": "adapters",
    "tasks_publishing": "adapters",
    "tasks_site": "adapters",
}

#: Folders of package data (not modules) -> the layer that reads them.
DATA_LAYER_OF: dict[str, str] = {
    "assets": "rendering",
    "templates": "rendering",
    "theme": "rendering",
}

#: The one module allowed to import MkDocs or Material for MkDocs.
MKDOCS_ADAPTER = "mkdocs_plugin"


def rank(module: str) -> int:
    """The position of ``module``'s layer, 0 for ``base`` up to ``len(ORDER) - 1``.

    Raises KeyError for a module that is not in :data:`LAYER_OF`.
    """
    return ORDER.index(LAYER_OF[module])
