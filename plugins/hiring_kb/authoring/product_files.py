"""Which files of the product's repository are the product, and go into every new wiki (issue 16).

The product's repository holds the product and a fictional example company. The product files
below are copied into the wheel (``setup.py`` puts them under ``hiring_kb/product/``), and
``hiring-wiki init DIR`` writes them from there into a new wiki, so a company needs only the
installed package. The example (``roles/``, ``candidates/``, ``hiring.yml``, ``tests/fixtures/``)
stays in the repository for its README's first command and the tests; a new wiki gets a template
role and a documented ``hiring.yml`` instead (:mod:`hiring_kb.authoring.instance`).

Standard library only: ``setup.py`` reads this file by path while building, before the package
or its dependencies are installed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

#: Folder inside the installed package that holds the product files (a wheel's copy).
PACKAGED_DIR = "product"

#: Files and folders a new wiki gets as they are (the same path in the product and in the wiki).
COPIED: tuple[str, ...] = (
    "mkdocs.yml",
    "docs",  # the handbook; it names no example candidate (tests/test_handbook_names_no_candidate.py)
    "schemas",
    "deploy",
    "tasks.py",  # only loads the package's tasks (hiring_kb.task_loading)
    ".gitignore",
    ".vscode/settings.json",  # schemas for the YAML extension (docs/editor-setup.md)
    ".vscode/extensions.json",
    ".pre-commit-config.yaml",
    ".github/pull_request_template.md",
)

#: The pull-request workflow: a new wiki gets it with the pinned package installed instead of the checkout.
WORKFLOW = ".github/workflows/hiring-checks.yml"

#: Every path of the product's repository that the wheel carries.
PACKAGED: tuple[str, ...] = (*COPIED, WORKFLOW)

#: Inside those folders, but the example's: the README's screenshot shows an example candidate.
EXCLUDED: frozenset[str] = frozenset({"docs/assets/images/candidate-page.png"})


def copy_files(source: Path, target: Path, names: Iterable[str]) -> list[str]:
    """Copy ``names`` (files or folders, relative to ``source``) to the same paths under ``target``,
    leaving out :data:`EXCLUDED` and Python caches; return the copied files, relative and sorted.
    Raises ``FileNotFoundError`` for a name that ``source`` lacks."""
    copied = []
    for name in names:
        path = source / name
        if not path.exists():
            raise FileNotFoundError(f"{name} is missing from {source}")
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            relative = file.relative_to(source).as_posix()
            if relative in EXCLUDED or "__pycache__" in file.parts or file.suffix in (".pyc", ".pyo"):
                continue
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, destination)
            copied.append(relative)
    return sorted(copied)
