"""The package's invoke tasks, loaded for one hiring wiki (issue 16).

The tasks live in the package, one module per family (:data:`TASK_MODULES`), so every wiki gets
their fixes by upgrading the package. A wiki's ``tasks.py`` (the product's repository and every
instance have the same few lines) only calls :func:`load_tasks` with its own ``__file__``:

    from hiring_kb.task_loading import load_tasks

    globals().update(load_tasks(__file__))

The wiki's root is the folder of that ``tasks.py``. invoke finds ``tasks.py`` by searching from the
working directory upwards, so the tasks work on the whole wiki from any folder inside it (as git
does), and a test or a script can load the tasks of several wikis in one process. The working
directory alone would break ``invoke validate`` run from ``candidates/``; invoke's own config has
no value before a task runs, and the tasks' option defaults (``--site-dir``) need the root earlier.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import ModuleType

from invoke import Task

#: The modules holding the tasks, one per family; what they share is in :mod:`hiring_kb.tasks.task_wiki`.
TASK_MODULES = (
    "hiring_kb.tasks.tasks_data",  # validate, schema, review
    "hiring_kb.tasks.tasks_authoring",  # new-candidate, new-interview, move, import-notes
    "hiring_kb.tasks.tasks_site",  # build, serve, generate-fixtures, bench
    "hiring_kb.tasks.tasks_publishing",  # audit, deploy, releases, nginx-conf, rollback
    "hiring_kb.tasks.tasks_privacy",  # purge, verify-erased, export, private-*
    "hiring_kb.tasks.tasks_instance",  # init
)

#: Tasks for working on the product itself: they need the product's ``tests/perf`` (a checkout of
#: its repository), so a wiki without that folder does not list them.
DEVELOPER_TASKS = {"bench": "tests/perf", "generate_fixtures": "tests/perf"}

_ROOT: ContextVar[Path | None] = ContextVar("hiring_tasks_root", default=None)


def load_tasks(tasks_file: str | os.PathLike[str]) -> dict[str, Task]:
    """The tasks for the wiki whose ``tasks.py`` is ``tasks_file``: attribute name -> invoke task.

    ``globals().update(...)`` in that ``tasks.py`` lets invoke find them as it finds any task of
    the file (``invoke -l``, ``invoke --help TASK``); tasks the file defines itself are listed too.
    Raises ``ImportError`` when the package is incomplete or two modules define a task of one name.
    """
    root = Path(tasks_file).resolve().parent
    tasks: dict[str, Task] = {}
    for module in task_modules(root):
        for name, value in vars(module).items():
            if isinstance(value, Task) and _available(name, root):
                if name in tasks:
                    raise ImportError(f"two task modules define the task {name!r}; rename one")
                tasks[name] = value
    return tasks


def task_modules(root: Path) -> list[ModuleType]:
    """Fresh copies of every module of :data:`TASK_MODULES` whose ``ROOT`` is ``root`` (an absolute folder)."""
    return [tasks_module(root, name) for name in TASK_MODULES]


def tasks_module(root: Path, name: str) -> ModuleType:
    """A fresh copy of the task module ``name`` (e.g. ``hiring_kb.tasks.tasks_site``) whose ``ROOT`` is ``root``.

    Each call runs the module anew, so two wikis' tasks never share a root; the copy is not put
    in ``sys.modules``. Raises ``ImportError`` when the package is incomplete.
    """
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"{name} is missing from the installed hiring-kb package")
    module = importlib.util.module_from_spec(spec)
    with _loading(root):
        spec.loader.exec_module(module)
    return module


def loading_root() -> Path:
    """The root of the wiki whose tasks are being loaded; the working directory when a task module
    (:data:`TASK_MODULES`) is imported directly rather than through :func:`tasks_module`."""
    root = _ROOT.get()
    return root if root is not None else Path.cwd()


@contextmanager
def _loading(root: Path) -> Iterator[None]:
    token = _ROOT.set(root)
    try:
        yield
    finally:
        _ROOT.reset(token)


def _available(name: str, root: Path) -> bool:
    needs = DEVELOPER_TASKS.get(name)
    return needs is None or (root / needs).is_dir()
