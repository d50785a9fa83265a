"""The layer map (hiring_kb.base.layers, ARCHITECTURE.md) holds for the real code.

Every module lives in a layer's subpackage (or is a listed entry point at the top); imports point
down or sideways, never up; only the MkDocs adapter imports MkDocs, and every other module imports
with MkDocs absent; modules and functions stay short unless listed below with a reason. Modules
are named by their dotted path below ``hiring_kb`` (``sources.loader``; ``sources.__init__`` for
the subpackage itself). The checks are functions of a package folder so that the tests at the
bottom can show each one failing on a planted violation.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.base.layers import DATA_LAYER_OF, LAYER_OF_PACKAGE, MKDOCS_ADAPTER, ORDER, TOP_LEVEL, layer_of

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "hiring_kb"
MKDOCS_PACKAGES = frozenset({"mkdocs", "material"})
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: Modules over 400 lines, each with why and what to do: the list the next session works down.
LONG_MODULES: dict[str, str] = {}

#: Functions over 60 lines with no reason comment above them (module.qualname -> reason).
LONG_FUNCTIONS: dict[str, str] = {}


@dataclass(frozen=True)
class Import:
    """One import of a package module (``target``) by ``module`` at ``line``."""

    module: str
    target: str
    line: int
    type_checking: bool


def _modules(package: Path) -> list[str]:
    """Dotted names of every module below ``package`` (package data folders hold no modules)."""
    return sorted(
        ".".join(path.relative_to(package).with_suffix("").parts)
        for path in package.rglob("*.py")
        if "__pycache__" not in path.parts
    )


def _file(module: str) -> str:
    """``sources/loader.py`` for ``sources.loader``: how a message names a module."""
    return module.replace(".", "/") + ".py"


def _path(package: Path, module: str) -> Path:
    return package.joinpath(*module.split(".")).with_suffix(".py")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, type_checking: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Every node below ``node``, with whether it is inside an ``if TYPE_CHECKING:`` body."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            yield child, type_checking
            for part in child.body:
                yield part, True
                yield from _walk(part, True)
            for part in child.orelse:
                yield part, type_checking
                yield from _walk(part, type_checking)
            continue
        yield child, type_checking
        yield from _walk(child, type_checking)


def _tree(package: Path, module: str) -> ast.Module:
    path = _path(package, module)
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _resolve(known: set[str], dotted: str) -> str:
    """The module a dotted name below hiring_kb points to: the longest known prefix, or the
    ``__init__`` of the subpackage it names."""
    parts = dotted.split(".") if dotted else []
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in known:
            return name
        if f"{name}.__init__" in known:
            return f"{name}.__init__"
    return "__init__"


def package_imports(package: Path, module: str) -> list[Import]:
    """The imports of other modules of the package by ``module`` (any depth: function bodies too)."""
    known = set(_modules(package))
    here = module.split(".")[:-1]  # the subpackage ``module`` is in
    found: list[Import] = []

    def add(dotted: str, node: ast.stmt, type_checking: bool) -> None:
        target = _resolve(known, dotted)
        if target != module:
            found.append(Import(module, target, node.lineno, type_checking))

    for node, type_checking in _walk(_tree(package, module)):
        if isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level:  # relative: from the subpackage ``module`` is in, one level up per extra dot
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                name = ".".join([*base, *([name] if name else [])])
            elif name == "hiring_kb" or name.startswith("hiring_kb."):
                name = name[len("hiring_kb.") :] if "." in name else ""
            else:
                continue
            for alias in node.names:  # from x import y: y is a module of x, or a name defined in x
                candidate = f"{name}.{alias.name}" if name else alias.name
                if candidate in known or f"{candidate}.__init__" in known:
                    add(candidate, node, type_checking)
                else:
                    add(name, node, type_checking)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "hiring_kb" or alias.name.startswith("hiring_kb."):
                    add(alias.name[len("hiring_kb.") :] if "." in alias.name else "", node, type_checking)
    return found


def external_imports(package: Path, module: str) -> list[tuple[str, int]]:
    """The top-level names of the outside packages ``module`` imports, with their line."""
    found: list[tuple[str, int]] = []
    for node, _ in _walk(_tree(package, module)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module.split(".")[0], node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((alias.name.split(".")[0], node.lineno) for alias in node.names)
    return [(name, line) for name, line in found if name != "hiring_kb"]


def unmapped(package: Path, layer_packages: Mapping[str, str], top_level: Mapping[str, str]) -> list[str]:
    """Modules in no layer (at the top and not an entry point, or in a folder that is no layer)
    and entry points listed with no module."""
    modules = set(_modules(package))
    problems = []
    for module in sorted(modules):
        folder, dot, _ = module.partition(".")
        if dot and folder not in layer_packages:
            problems.append(f"{folder}/ is no layer: move {module.replace('.', '/')}.py into a layer's folder")
        elif not dot and module not in top_level:
            problems.append(f"{module}.py is at the top of the package: move it into its layer's folder")
    problems += [f"{name} is in TOP_LEVEL but there is no {name}.py" for name in sorted(set(top_level) - modules)]
    return problems


def layer_map(package: Path, layer_packages: Mapping[str, str], top_level: Mapping[str, str]) -> dict[str, str]:
    """Every module of ``package`` -> its layer (its folder's, or its TOP_LEVEL entry's)."""
    return {
        module: layer_packages[module.partition(".")[0]] if "." in module else top_level[module]
        for module in _modules(package)
        if not unmapped_module(module, layer_packages, top_level)
    }


def unmapped_module(module: str, layer_packages: Mapping[str, str], top_level: Mapping[str, str]) -> bool:
    folder, dot, _ = module.partition(".")
    return folder not in layer_packages if dot else module not in top_level


def upward_imports(package: Path, layer_of: Mapping[str, str]) -> list[str]:
    """``module.py:line`` for every run-time import of a module in a higher layer."""
    problems = []
    for module in _modules(package):
        for imp in package_imports(package, module):
            if imp.type_checking:  # an annotation only: nothing is imported at run time
                continue
            own, other = ORDER.index(layer_of[module]), ORDER.index(layer_of[imp.target])
            if other > own:
                problems.append(
                    f"{_file(module)}:{imp.line}: {module} ({layer_of[module]}) imports {imp.target} "
                    f"({layer_of[imp.target]}), a higher layer"
                )
    return problems


def mkdocs_importers(package: Path, adapter: str) -> list[str]:
    """``module.py:line`` for every import of MkDocs or Material outside the adapter."""
    return [
        f"{_file(module)}:{line}: imports {name}; only {_file(adapter)} may"
        for module in _modules(package)
        if module != adapter
        for name, line in external_imports(package, module)
        if name in MKDOCS_PACKAGES
    ]


def long_modules(package: Path, allowed: Mapping[str, str]) -> list[str]:
    """Modules over the limit and not allowed, and allowed ones now short (take them off the list)."""
    problems = []
    for module in _modules(package):
        lines = len(_path(package, module).read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES and module not in allowed:
            problems.append(f"{_file(module)} has {lines} lines (at most {MAX_MODULE_LINES}): split it")
        elif lines <= MAX_MODULE_LINES and module in allowed:
            problems.append(f"{_file(module)} has {lines} lines now: take it off LONG_MODULES")
    problems += [
        f"{name} is in LONG_MODULES but there is no {_file(name)}"
        for name in sorted(set(allowed) - set(_modules(package)))
    ]
    return problems


def _functions(node: ast.AST, prefix: str) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"{prefix}.{child.name}", child
            yield from _functions(child, f"{prefix}.{child.name}")
        elif isinstance(child, ast.ClassDef):
            yield from _functions(child, f"{prefix}.{child.name}")
        else:
            yield from _functions(child, prefix)


def long_functions(package: Path, allowed: Mapping[str, str]) -> list[str]:
    """Functions over the limit with neither a ``#`` reason line right above them (above the
    decorators) nor an entry in ``allowed``; and allowed ones that no longer need it."""
    problems = []
    seen = set()
    for module in _modules(package):
        source = _path(package, module).read_text(encoding="utf-8").splitlines()
        for name, function in _functions(_tree(package, module), module):
            seen.add(name)
            lines = function.end_lineno - function.lineno + 1 if function.end_lineno else 0
            first = min([function.lineno] + [decorator.lineno for decorator in function.decorator_list])
            reasoned = first >= 2 and source[first - 2].lstrip().startswith("#")
            if lines > MAX_FUNCTION_LINES and not reasoned and name not in allowed:
                problems.append(
                    f"{_file(module)}:{function.lineno}: {name} has {lines} lines (at most {MAX_FUNCTION_LINES}): "
                    "split it into named steps, or say why in a comment line above it"
                )
            elif name in allowed and (lines <= MAX_FUNCTION_LINES or reasoned):
                problems.append(f"{name} no longer needs its LONG_FUNCTIONS entry: take it off")
    problems += [f"{name} is in LONG_FUNCTIONS but there is no such function" for name in sorted(set(allowed) - seen)]
    return problems


_IMPORT_WITHOUT_MKDOCS = textwrap.dedent(
    """
    import importlib, importlib.abc, sys

    class NoMkDocs(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("mkdocs", "material"):
                raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
            return None

    sys.meta_path.insert(0, NoMkDocs())
    for module in sys.argv[1:]:
        try:
            name = module.removesuffix("__init__").rstrip(".")
            importlib.import_module("hiring_kb" + ("." + name if name else ""))
        except Exception as exc:
            print(f"{module}: {type(exc).__name__}: {exc}")
    """
)


def failing_without_mkdocs(modules: list[str]) -> list[str]:
    """The modules that fail to import while ``mkdocs`` and ``material`` cannot be imported
    (in a fresh interpreter), each with its error."""
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_WITHOUT_MKDOCS, *modules],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return result.stdout.splitlines()


# -- the real package -----------------------------------------------------------------------


def test_every_module_is_in_a_layer():
    assert unmapped(PACKAGE, LAYER_OF_PACKAGE, TOP_LEVEL) == []
    folders = [path.name for path in PACKAGE.iterdir() if path.is_dir() and not path.name.startswith(("_", "."))]
    assert sorted(folders) == sorted([*DATA_LAYER_OF, *LAYER_OF_PACKAGE])
    assert {module: layer_of(module) for module in _modules(PACKAGE)} == layer_map(PACKAGE, LAYER_OF_PACKAGE, TOP_LEVEL)


def test_module_names_say_where_they_are_once():
    """No two modules share a name: a name in a message or a review means one file."""
    names = [module.rpartition(".")[2] for module in _modules(PACKAGE) if not module.endswith("__init__")]
    assert sorted({name for name in names if names.count(name) > 1}) == []


def test_imports_point_down_or_sideways():
    assert upward_imports(PACKAGE, layer_map(PACKAGE, LAYER_OF_PACKAGE, TOP_LEVEL)) == []


def test_settings_and_the_fit_model_load_without_the_deploy_code():
    code = "import sys, hiring_kb.analysis.fit, hiring_kb.sources.settings; print(sorted(m for m in ('hiring_kb.publish.deploy', 'subprocess') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_only_the_mkdocs_plugin_imports_mkdocs():
    assert mkdocs_importers(PACKAGE, MKDOCS_ADAPTER) == []
    assert [name for name, _ in external_imports(PACKAGE, MKDOCS_ADAPTER) if name == "mkdocs"], (
        "the adapter must import MkDocs"
    )


def test_every_other_module_imports_with_mkdocs_absent():
    others = [module for module in _modules(PACKAGE) if module != MKDOCS_ADAPTER]
    assert failing_without_mkdocs(others) == []
    # The blocker works: the adapter itself cannot be imported behind it.
    assert [line.split(":")[0] for line in failing_without_mkdocs([MKDOCS_ADAPTER])] == [MKDOCS_ADAPTER]


def test_no_module_over_400_lines_unless_listed():
    assert long_modules(PACKAGE, LONG_MODULES) == []


def test_no_function_over_60_lines_without_a_reason():
    assert long_functions(PACKAGE, LONG_FUNCTIONS) == []


# -- each check fails on a planted violation -------------------------------------------------


def _plant(tmp_path: Path, files: Mapping[str, str]) -> Path:
    package = tmp_path / "hiring_kb"
    package.mkdir()
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return package


def test_a_module_in_no_layer_is_found(tmp_path):
    package = _plant(
        tmp_path, {"names.py": "", "console.py": "", "base/__init__.py": "", "base/clock.py": "", "attic/old.py": ""}
    )
    assert unmapped(package, {"base": "base"}, {"console": "adapters", "gone": "adapters"}) == [
        "attic/ is no layer: move attic/old.py into a layer's folder",
        "names.py is at the top of the package: move it into its layer's folder",
        "gone is in TOP_LEVEL but there is no gone.py",
    ]
    assert layer_map(package, {"base": "base"}, {"console": "adapters"}) == {
        "base.__init__": "base",
        "base.clock": "base",
        "console": "adapters",
    }


def test_imports_between_subpackages_are_resolved(tmp_path):
    package = _plant(
        tmp_path,
        {
            "__init__.py": "",
            "base/__init__.py": "",
            "base/names.py": "ID = 1\n",
            "rendering/__init__.py": "",
            "rendering/render.py": (
                "from hiring_kb.base.names import ID\nfrom hiring_kb.tasks import build\n"
                "from ..base import names\nfrom . import charts\nimport hiring_kb.tasks.build\n"
            ),
            "rendering/charts.py": "",
            "tasks/__init__.py": "from .build import X\n",
            "tasks/build.py": "X = 1\nfrom hiring_kb import rendering\n",
        },
    )
    assert [(i.target, i.line) for i in package_imports(package, "rendering.render")] == [
        ("base.names", 1),
        ("tasks.build", 2),
        ("base.names", 3),
        ("rendering.charts", 4),
        ("tasks.build", 5),
    ]
    assert [(i.target, i.line) for i in package_imports(package, "tasks.__init__")] == [("tasks.build", 1)]
    assert [(i.target, i.line) for i in package_imports(package, "tasks.build")] == [("rendering.__init__", 2)]
    layers = layer_map(package, {"base": "base", "rendering": "rendering", "tasks": "adapters"}, {"__init__": "base"})
    assert upward_imports(package, layers) == [
        "rendering/render.py:2: rendering.render (rendering) imports tasks.build (adapters), a higher layer",
        "rendering/render.py:5: rendering.render (rendering) imports tasks.build (adapters), a higher layer",
    ]


def test_an_upward_import_is_found_even_inside_a_function(tmp_path):
    package = _plant(
        tmp_path,
        {
            "__init__.py": "__version__ = '1'\n",
            "settings.py": "from .names import ID\nfrom . import __version__\n\ndef later():\n    from .deploy import X\n",
            "names.py": "ID = 1\n",
            "deploy.py": "X = 1\nfrom hiring_kb.sources.settings import later\nimport hiring_kb.base.names\n",
            "render.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .deploy import X\nelse:\n    from .cli import Y\n",
            "cli.py": "Y = 2\n",
        },
    )
    layer_of = {
        "__init__": "base",
        "names": "base",
        "settings": "sources",
        "render": "rendering",
        "deploy": "publish",
        "cli": "adapters",
    }
    assert upward_imports(package, layer_of) == [
        "render.py:5: render (rendering) imports cli (adapters), a higher layer",
        "settings.py:5: settings (sources) imports deploy (publish), a higher layer",
    ]


def test_mkdocs_imported_outside_the_adapter_is_found(tmp_path):
    package = _plant(
        tmp_path,
        {
            "mkdocs_plugin.py": "from mkdocs.plugins import BasePlugin\n",
            "render.py": "import json\n\ndef f():\n    import material.extensions\n",
        },
    )
    assert mkdocs_importers(package, "mkdocs_plugin") == ["render.py:4: imports material; only mkdocs_plugin.py may"]


def test_long_modules_and_functions_are_found(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(60))
    package = _plant(
        tmp_path,
        {
            "big.py": "\n" * 401,
            "small.py": "",
            "fns.py": f"def long():\n{body}\n\n# Over 60 lines: a table.\n@staticmethod\ndef reasoned():\n{body}\n\nclass C:\n    def short(self):\n        pass\n",
        },
    )
    assert long_modules(package, {"small": "was long", "gone": "removed"}) == [
        "big.py has 401 lines (at most 400): split it",
        "small.py has 0 lines now: take it off LONG_MODULES",
        "gone is in LONG_MODULES but there is no gone.py",
    ]
    assert long_functions(package, {"fns.C.short": "was long"}) == [
        "fns.py:1: fns.long has 61 lines (at most 60): split it into named steps, or say why in a comment line above it",
        "fns.C.short no longer needs its LONG_FUNCTIONS entry: take it off",
    ]


def test_a_module_that_needs_mkdocs_fails_to_import_without_it(tmp_path):
    package = _plant(
        tmp_path,
        {"__init__.py": "", "fine.py": "import json\n", "needs.py": "def f():\n    pass\nimport mkdocs.config\n"},
    )
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); sys.modules.pop('hiring_kb', None)\n"
        + _IMPORT_WITHOUT_MKDOCS
    )
    result = subprocess.run([sys.executable, "-c", code, "fine", "needs"], capture_output=True, text=True, check=True)
    assert result.stdout == "needs: ModuleNotFoundError: No module named 'mkdocs' (blocked)\n"
    assert package.is_dir()
