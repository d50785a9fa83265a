"""The layer map of the package: each layer of ``hiring_kb`` is a subpackage.

A module may import modules of its own layer or of a layer below it, never above (a
``TYPE_CHECKING``-only import for an annotation is not an import at run time and is exempt).
``tests/test_layers.py`` enforces the map against the real imports; ARCHITECTURE.md explains it.
A module's layer is the subpackage it lives in (``hiring_kb/sources/loader.py`` is in ``sources``);
the few modules at the top of the package are the entry points.

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

#: Subpackage of ``hiring_kb`` -> its layer (each layer's folder is named after it; the invoke
#: tasks are the adapters' own folder).
LAYER_OF_PACKAGE: dict[str, str] = {
    "base": "base",
    "model": "model",
    "sources": "sources",
    "analysis": "analysis",
    "authoring": "authoring",
    "rendering": "rendering",
    "publish": "publish",
    "tasks": "adapters",
}

#: Modules at the top of the package (``plugins/hiring_kb/<name>.py``) -> their layer.
TOP_LEVEL: dict[str, str] = {
    "__init__": "base",  # the version only
    "console": "adapters",  # hiring-wiki init, before a wiki has a tasks.py
    "mkdocs_plugin": "adapters",  # the MkDocs shim: the `hiring` plugin of mkdocs.yml
    "task_loading": "adapters",  # what every wiki's tasks.py imports: keep its name and place
}

#: Folders of package data (not modules) -> the layer that reads them.
DATA_LAYER_OF: dict[str, str] = {
    "assets": "rendering",
    "templates": "rendering",
    "theme": "rendering",
}

#: The one module allowed to import MkDocs or Material for MkDocs.
MKDOCS_ADAPTER = "mkdocs_plugin"


def layer_of(module: str) -> str:
    """The layer of ``module``, a dotted name below ``hiring_kb`` (``"sources.loader"``,
    ``"mkdocs_plugin"``, ``"sources.__init__"`` for a subpackage itself).

    Raises KeyError for a module in no layer package and not in :data:`TOP_LEVEL`.
    """
    package, dot, _ = module.partition(".")
    return LAYER_OF_PACKAGE[package] if dot else TOP_LEVEL[module]
