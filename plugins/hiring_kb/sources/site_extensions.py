"""MkDocs plugins, Markdown extensions and hooks the site build refuses, judged by what they are.

Pages and notes are data: nothing written in them may include another file (a candidate.yml, a
CV) or run as code (Jinja macros, code blocks, Python hooks), and nothing may keep candidate
data where the audit does not look. A refusal is decided by the Python module that implements
the plugin or extension, not by how mkdocs.yml spells it: ``pymdownx.snippets``,
``pymdownx.snippets:SnippetExtension`` and a plugin registered under another name by the same
package are all the same module. Names are resolved as MkDocs and Python-Markdown resolve them:
a plugin through the ``mkdocs.plugins`` entry points, an extension through the
``markdown.extensions`` entry points or else as a dotted module path (``module:Class`` allowed).

:func:`check_site_config` reads mkdocs.yml for ``invoke validate`` (and the build, which runs
the same validation); :func:`refused_in_build` (with :func:`refused_plugin` / :func:`refused_extension`)
judges the objects the build loaded (the MkDocs adapter passes their modules). Neither imports MkDocs or the modules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from hiring_kb.base.diagnostics import Diagnostic, Position, error, register_rules

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "refused-plugin": "a plugin in mkdocs.yml that runs or includes content (macros, encryptcontent, "
        "include-markdown...)",
        "refused-extension": "a Markdown extension that includes files or runs code (pymdownx.snippets by "
        "any spelling...)",
        "refused-hooks": "'hooks:' in mkdocs.yml (Python files run on every build)",
    },
)

_INCLUDES = "includes other files into pages, so a page could publish a candidate file or a CV"
_RUNS = "runs code written in pages or mkdocs.yml, and pages and notes are data, never code"
#: Plugin implementations refused, by top-level module (family), with the reason shown to the user.
REFUSED_PLUGIN_MODULES: dict[str, str] = {
    "mkdocs_macros": "runs Jinja macros written in pages, so '{{ ... }}' in a note would run",
    "mkdocs_encryptcontent_plugin": (
        "leaves page titles (candidate names) in <title> and the search index, and its cache file keeps the "
        "password in clear; the site is private behind sign-in instead (docs/publishing.md)"
    ),
    "mkdocs_include_markdown_plugin": _INCLUDES,
    "mkdocs_simple_hooks": _RUNS,
    "markdown_exec": _RUNS,
    "mkdocs_gen_files": _RUNS,
    "mkdocs_jupyter": "runs notebooks and publishes their outputs",
    "mkdocs_monorepo_plugin": "adds the docs folders of other repositories to the site, unreviewed",
    "mkdocs_multirepo_plugin": "adds the docs folders of other repositories to the site, unreviewed",
    "mkdocs_table_reader_plugin": "reads data files (CSV, Excel) into pages",
    "mkdocs_git_authors_plugin": "publishes the names and e-mail addresses of everyone who edited a page",
    "mkdocs_git_committers_plugin": "publishes the names and e-mail addresses of everyone who edited a page",
    "mkdocs_git_committers_plugin_2": "publishes the names and e-mail addresses of everyone who edited a page",
}
#: The same families by their usual plugin names (for a plugin that is not installed here).
REFUSED_PLUGIN_NAMES: dict[str, str] = {
    "macros": "mkdocs_macros",
    "encryptcontent": "mkdocs_encryptcontent_plugin",
    "include-markdown": "mkdocs_include_markdown_plugin",
    "simple-hooks": "mkdocs_simple_hooks",
    "markdown-exec": "markdown_exec",
    "gen-files": "mkdocs_gen_files",
    "jupyter": "mkdocs_jupyter",
    "monorepo": "mkdocs_monorepo_plugin",
    "multirepo": "mkdocs_multirepo_plugin",
    "table-reader": "mkdocs_table_reader_plugin",
    "git-authors": "mkdocs_git_authors_plugin",
    "git-committers": "mkdocs_git_committers_plugin_2",
}
#: Markdown extension modules refused (a module and everything under it).
REFUSED_EXTENSION_MODULES: dict[str, str] = {
    "pymdownx.snippets": _INCLUDES + " ('--8<--' lines)",
    "markdown_include": _INCLUDES,
    "mdx_include": _INCLUDES,
    "markdown_include_lines": _INCLUDES,
    "mkdocs_include_markdown_plugin": _INCLUDES,
    "markdown_exec": _RUNS,
    "mkdocs_macros": "runs Jinja macros written in pages, so '{{ ... }}' in a note would run",
}
HOOKS_REASON = "runs Python files on every build; the hiring plugin is the reviewed code that renders candidate pages"
#: ``!!python/name:module.attr`` and ``!!python/object...:module.Class`` in mkdocs.yml (e.g. a
#: superfences formatter): the module is judged like an extension.
_PYTHON_TAG = re.compile(r"!!python/(?:name|object(?:/apply|/new)?|module):([A-Za-z_][\w.]*)")


def _family(module: str, families: dict[str, str]) -> str | None:
    """The refused family ``module`` belongs to (itself or a parent package), else None."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in families:
            return ".".join(parts[:end])
    return None


def _entry_point_module(group: str, name: str) -> str | None:
    """The module an installed entry point ``name`` of ``group`` names (not imported), else None."""
    for point in entry_points(group=group, name=name):
        return point.value.split(":", 1)[0].strip()
    return None


def _plugin_name_key(name: str) -> str:
    """``"mkdocs-macros-plugin"``, ``"theme/macros"``, ``"Macros"`` → ``"macros"``."""
    key = name.rsplit("/", 1)[-1].strip().casefold().replace("_", "-")
    key = key.removeprefix("mkdocs-").removesuffix("-plugin")
    return key


def refused_plugin(name: str, module: str | None = None) -> str | None:
    """Why the plugin ``name`` of mkdocs.yml is refused, or None when it is allowed.

    ``module`` is the module of the loaded plugin's class when the caller has it (the build);
    otherwise the ``mkdocs.plugins`` entry point of ``name`` says which module it is. A plugin
    is also refused by its usual name (:data:`REFUSED_PLUGIN_NAMES`) when it is not installed.
    """
    module = module or _entry_point_module("mkdocs.plugins", name.strip())
    family = _family(module, REFUSED_PLUGIN_MODULES) if module else None
    family = family or REFUSED_PLUGIN_NAMES.get(_plugin_name_key(name))
    return REFUSED_PLUGIN_MODULES[family] if family else None


def refused_extension(spec: str, module: str | None = None) -> str | None:
    """Why the Markdown extension ``spec`` (a name, ``dotted.module`` or ``module:Class``) is refused, or None.

    ``module`` is the module of a loaded extension object when the caller has one.
    """
    spec = spec.strip()
    module = module or _entry_point_module("markdown.extensions", spec) or spec.split(":", 1)[0].strip()
    family = _family(module, REFUSED_EXTENSION_MODULES) or _family(module, REFUSED_PLUGIN_MODULES)
    if family is None:
        return None
    return REFUSED_EXTENSION_MODULES.get(family) or REFUSED_PLUGIN_MODULES[family]


def _names(section: Any) -> list[tuple[str, int]]:
    """``(name, index)`` of a ``plugins:``/``markdown_extensions:`` list (``- name`` or ``- name: {...}``)."""
    if isinstance(section, dict):  # MkDocs also accepts a mapping of name -> options
        return [(str(key), index) for index, key in enumerate(section)]
    if not isinstance(section, list):
        return []
    found = []
    for index, item in enumerate(section):
        if isinstance(item, str):
            found.append((item, index))
        elif isinstance(item, dict) and len(item) == 1:
            found.append((str(next(iter(item))), index))
    return found


def _position(label: str, section: Any, index: int) -> Position:
    try:
        if isinstance(section, CommentedMap):
            line, col = section.lc.key(list(section)[index])
        else:
            line, col = section.lc.item(index)
        return Position(label, line + 1, col + 1)
    except (AttributeError, KeyError, IndexError, TypeError):
        return Position(label)


def refused_in_build(plugins: Mapping[str, str], extensions: Iterable[object]) -> list[str]:
    """Why each plugin and Markdown extension the build loaded is refused ("" list: none is).

    ``plugins``: name in mkdocs.yml -> module of the loaded plugin's class; ``extensions``: the
    ``markdown_extensions`` entries as loaded (names, or Extension objects judged by their module).
    """
    refused = [
        f"plugin '{name}' is not allowed: it {reason}"
        for name, module in plugins.items()
        if (reason := refused_plugin(name, module))
    ]
    refused += [
        f"Markdown extension '{spec}' is not allowed: it {reason}"
        for extension in extensions
        for spec, module in [_extension_spec(extension)]
        if (reason := refused_extension(spec, module))
    ]
    return refused


def _extension_spec(extension: object) -> tuple[str, str | None]:
    """(name shown, module) of a ``markdown_extensions`` entry: a name, or an Extension object."""
    if isinstance(extension, str):
        return extension, None
    kind = type(extension)
    return f"{kind.__module__}:{kind.__qualname__}", kind.__module__


def check_site_config(config_file: Path, label: str) -> list[Diagnostic]:
    """``refused-plugin`` / ``refused-extension`` / ``refused-hooks`` errors for mkdocs.yml at ``config_file``.

    ``label`` is the path shown in messages. A missing or unreadable file gives no diagnostic
    (MkDocs reports it). Each error is at the list item that names the plugin or extension.
    """
    try:
        text = config_file.read_text(encoding="utf-8-sig")
        config = YAML(typ="rt").load(text)  # round trip: !ENV and !!python tags are kept, never run
    except Exception:  # noqa: BLE001 - any unreadable mkdocs.yml: MkDocs itself reports it
        return []
    if not isinstance(config, CommentedMap):  # what the round-trip loader gives for a mapping
        return []
    return (
        _check_plugins(config.get("plugins"), label)
        + _check_extensions(config.get("markdown_extensions"), label)
        + _check_python_tags(text, label)
        + _check_hooks(config, label)
    )


def _check_plugins(plugins: Any, label: str) -> list[Diagnostic]:
    """``refused-plugin`` for each refused entry of ``plugins:``."""
    return [
        error(
            _position(label, plugins, index),
            "refused-plugin",
            f"plugin '{name}' is not allowed: it {reason}",
            "remove it from 'plugins:' in mkdocs.yml",
        )
        for name, index in _names(plugins)
        if (reason := refused_plugin(name))
    ]


def _check_extensions(extensions: Any, label: str) -> list[Diagnostic]:
    """``refused-extension`` for each refused entry of ``markdown_extensions:``."""
    return [
        error(
            _position(label, extensions, index),
            "refused-extension",
            f"Markdown extension '{name}' is not allowed: it {reason}",
            "remove it from 'markdown_extensions:' in mkdocs.yml",
        )
        for name, index in _names(extensions)
        if (reason := refused_extension(name))
    ]


def _check_python_tags(text: str, label: str) -> list[Diagnostic]:
    """``refused-extension`` for each ``!!python/...`` tag of mkdocs.yml naming a refused module."""
    found: list[Diagnostic] = []
    for match in _PYTHON_TAG.finditer(text):
        reason = refused_extension(match.group(1))
        if reason:
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            found.append(
                error(
                    Position(label, line, col),
                    "refused-extension",
                    f"'{match.group(1)}' is not allowed: it {reason}",
                    "remove it from mkdocs.yml",
                )
            )
    return found


def _check_hooks(config: CommentedMap, label: str) -> list[Diagnostic]:
    """``refused-hooks`` when mkdocs.yml has a non-empty ``hooks:``."""
    if not config.get("hooks"):
        return []
    line, col = config.lc.key("hooks")
    return [
        error(
            Position(label, line + 1, col + 1),
            "refused-hooks",
            f"'hooks:' is not allowed: it {HOOKS_REASON}",
            "remove 'hooks:' from mkdocs.yml; ask for the feature in the hiring plugin instead",
        )
    ]
