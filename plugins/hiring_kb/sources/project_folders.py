"""The project's folders: the data folders of ``hiring.yml`` and the folders MkDocs publishes.

:func:`docs_folder` and :func:`published_folders` read ``docs_dir`` and ``site_dir`` of
``mkdocs.yml`` (without MkDocs); :func:`data_folder_problem` says why a data folder of hiring.yml
must not hold candidate data, and :func:`check_data_folders` reports it while
:func:`hiring_kb.sources.settings.load_settings` reads the file. Nothing here writes.
"""

from __future__ import annotations

import os
from pathlib import Path

from ruamel.yaml import YAML

from hiring_kb.base.diagnostics import Diagnostic, error, register_rules
from hiring_kb.sources.settings_defaults import DEFAULT_FOLDERS, ImportRules
from hiring_kb.sources.yamlio import YamlDoc

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "folder-outside-project": (
            "roles_dir, candidates_dir or import.unassigned_dir of hiring.yml outside the project"
        ),
        "folder-published": "roles_dir, candidates_dir or import.unassigned_dir of hiring.yml inside "
        "docs/ or the site folder",
    },
)

#: The keys of hiring.yml that name a data folder: (section or None, key, default).
DATA_FOLDER_KEYS = (
    (None, "roles_dir", DEFAULT_FOLDERS["roles_dir"]),
    (None, "candidates_dir", DEFAULT_FOLDERS["candidates_dir"]),
    ("import", "unassigned_dir", ImportRules.unassigned_dir),
)


def _mkdocs_folders(root: Path, config_file: Path | None = None) -> dict[str, Path]:
    """``docs_dir`` and ``site_dir`` of ``config_file`` (default ``<root>/mkdocs.yml``), resolved against
    its folder; MkDocs' defaults ``docs`` and ``site`` for what it does not set, also when the file is
    missing or does not parse."""
    folders = {"docs_dir": "docs", "site_dir": "site"}
    config_file = config_file or root / "mkdocs.yml"
    root = config_file.parent
    try:  # round-trip loading accepts MkDocs' tags (!ENV, !!python/name:…) without running them
        config = YAML(typ="rt").load(config_file.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - any unreadable mkdocs.yml: MkDocs itself reports it
        config = None
    if isinstance(config, dict):
        folders.update({k: str(config[k]) for k in folders if isinstance(config.get(k), str) and config[k].strip()})
    return {key: (root / folder).resolve() for key, folder in folders.items()}


def docs_folder(root: Path, config_file: Path | None = None) -> Path:
    """The folder of hand-written pages MkDocs publishes (``docs_dir`` of mkdocs.yml, default ``docs``);
    ``config_file`` is the MkDocs configuration when it is not ``<root>/mkdocs.yml``."""
    return _mkdocs_folders(root, config_file)["docs_dir"]


def docs_folder_as_written(root: Path, config_file: Path | None = None) -> Path:
    """:func:`docs_folder` with symbolic links not followed (``<root>/docs`` even when it is a link)."""
    config_file = config_file or root / "mkdocs.yml"
    try:
        config = YAML(typ="rt").load(config_file.read_text(encoding="utf-8"))
        written = config["docs_dir"].strip() if isinstance(config["docs_dir"], str) else "docs"
    except Exception:  # noqa: BLE001 - unreadable, or no docs_dir: MkDocs' default
        written = "docs"
    return Path(os.path.normpath(config_file.parent / (written or "docs")))


def published_folders(root: Path) -> tuple[Path, ...]:
    """The folders whose files end up on the site, resolved: MkDocs' ``docs_dir`` and ``site_dir``
    (:func:`docs_folder`) and ``site``, where ``invoke build`` writes."""
    folders = _mkdocs_folders(root)
    return tuple(dict.fromkeys((folders["docs_dir"], folders["site_dir"], (root / "site").resolve())))


def data_folder_problem(root: Path, folder: str, published: tuple[Path, ...] | None = None) -> tuple[str, str] | None:
    """Why ``folder`` (as written in hiring.yml, relative to ``root``) must not hold project data.

    Returns ``(code, reason)``: ``folder-outside-project`` when the path (``..`` resolved, links
    not followed: a link leaving the project is ``symlink-outside-repo`` of
    :mod:`hiring_kb.sources.source_files`) is not strictly inside ``root``; ``folder-published`` when the
    folder, links followed, is, holds or lies inside one of :func:`published_folders` (MkDocs
    copies everything there into the site, with nav and search). None when it is fine.
    ``published`` defaults to :func:`published_folders` of ``root``.
    """
    root = root.resolve()
    lexical = Path(os.path.normpath(root / folder))
    if lexical == root or root not in lexical.parents:
        return "folder-outside-project", "is the project folder itself" if lexical == root else "is outside the project"
    path = (root / folder).resolve()
    for folder_published in published_folders(root) if published is None else published:
        if path == folder_published or folder_published in path.parents or path in folder_published.parents:
            shown = (
                folder_published.relative_to(root).as_posix()
                if root in folder_published.parents
                else str(folder_published)
            )
            relation = "contains" if path in folder_published.parents else "is inside"
            return "folder-published", f"{relation} {shown}/, which is published"
    return None


def check_data_folders(doc: YamlDoc, root: Path) -> list[Diagnostic]:
    """``folder-outside-project`` / ``folder-published`` for each folder of :data:`DATA_FOLDER_KEYS`
    set in ``doc`` (see :func:`data_folder_problem`): data read from outside the repository is
    never reviewed, and data written under docs/ or the site is published as it is."""
    found: list[Diagnostic] = []
    published: tuple[Path, ...] | None = None
    for section, key, default in DATA_FOLDER_KEYS:
        mapping = doc.data.get(section) if section else doc.data
        if not isinstance(mapping, dict) or not isinstance(mapping.get(key), str):
            continue
        published = published or published_folders(root)
        problem = data_folder_problem(root, mapping[key], published)
        if problem is None:
            continue
        code, reason = problem
        name = f"{section}.{key}" if section else key
        found.append(
            error(
                doc.value(mapping, key),
                code,
                f"{name} '{mapping[key]}' {reason}",
                f"use a folder inside the project, e.g. '{default}' (the default): data from outside the repository "
                "is never reviewed in pull requests"
                if code == "folder-outside-project"
                else f"use a folder outside docs/ and site/, e.g. '{default}' (the default): every file there is "
                "published as it is, in the nav and the search",
            )
        )
    return sorted(found, key=Diagnostic.sort_key)
