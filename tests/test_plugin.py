"""The MkDocs adapter, driven through MkDocs' own config loading (no full build)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel, get_files

from tests.conftest import example_candidate_ids


def _plugin_and_config(project: Path):
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["hiring"]
    config = config.plugins.on_config(config)  # through the collection, as MkDocs dispatches events
    return plugin, config


class FakeServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_data_folders(project: Path) -> None:
    plugin, config = _plugin_and_config(project)
    server = FakeServer()
    try:
        plugin.on_serve(server, config=config, builder=lambda: None)
    finally:
        config.plugins.on_shutdown()  # as `mkdocs serve` does on exit: the cached instance forgets serving
    assert sorted(Path(p).name for p in server.watched) == ["candidates", "hiring.yml", "roles"]


def test_generated_files_and_inclusion(project: Path) -> None:
    _plugin, config = _plugin_and_config(project)
    files = config.plugins.on_files(Files([]), config=config)
    by_uri = {f.src_uri: f for f in files}
    assert sorted(by_uri) == [
        "assets/hiring/hiring.css",
        "assets/hiring/hiring.js",
        "assets/hiring/material-base.js",
        "assets/hiring/material-content.js",
        "assets/hiring/material-palette.js",
        "assets/hiring/material-tabs.js",
        *sorted(f"candidates/{c}.md" for c in example_candidate_ids()),
        "candidates/index.md",
        "interviewers/index.md",
        "roles/backend-engineer.md",
        "roles/index.md",
        "roles/qa-engineer.md",
        "tags/index.md",
    ]
    assert by_uri["candidates/c-7d3e91.md"].inclusion is InclusionLevel.NOT_IN_NAV
    assert by_uri["roles/qa-engineer.md"].inclusion is InclusionLevel.UNDEFINED
    assert "assets/hiring/hiring.css" in config.extra_css
    assert "assets/hiring/hiring.js" in [str(script) for script in config.extra_javascript]
    assert not (project / "docs/candidates").exists(), "nothing is written into docs/"


def test_hand_written_page_at_a_generated_path_is_refused(project: Path) -> None:
    (project / "docs/roles").mkdir()
    (project / "docs/roles/index.md").write_text("# mine\n")
    _plugin, config = _plugin_and_config(project)
    with pytest.raises(PluginError, match=re.escape("docs/roles/index.md conflicts with a generated hiring page")):
        config.plugins.on_files(get_files(config), config=config)
