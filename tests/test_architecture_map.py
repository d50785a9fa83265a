"""ARCHITECTURE.md's map is the package: every module is named in the row of its folder, and every
module a row names exists there (a name in parentheses is a function or class, not a module)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "plugins" / "hiring_kb"
TOP = "top of the package"


def map_rows(text: str) -> dict[str, set[str]]:
    """folder ('' for the top of the package) -> the module names its row of the map table names."""
    section = text.split("## The map", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not (cells[0].startswith("`") or cells[0].startswith(TOP)):
            continue
        folder = "" if cells[0].startswith(TOP) else re.match(r"`(\w+)/`", cells[0]).group(1)
        names, before = cells[2], ""
        while names != before:  # parentheses (nested too) hold functions, classes, commands
            names, before = re.sub(r"\([^()]*\)", "", names), names
        rows[folder] = set(re.findall(r"`([a-z_]+)`", names))
    return rows


def package_modules(package: Path) -> dict[str, set[str]]:
    """folder ('' for the top) -> its modules, without ``__init__``."""
    found: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        if path.stem != "__init__" and "__pycache__" not in path.parts:
            folder = "" if path.parent == package else path.parent.name
            found.setdefault(folder, set()).add(path.stem)
    return found


def test_the_map_names_every_module_in_its_folder():
    assert map_rows((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")) == package_modules(PACKAGE)


def test_a_module_missing_from_the_map_or_in_the_wrong_row_is_found(tmp_path):
    text = (
        "## The map\n\n| folder | what | modules |\n|---|---|---|\n"
        "| `base/` | helpers | `names`, `clock` (today, `today()`) |\n"
        "| top of the package (adapters) | entry points | `console` |\n\n## Next\n| `x/` | no | `gone` |\n"
    )
    (tmp_path / "base").mkdir()
    for name in ("base/names.py", "base/__init__.py", "console.py", "base/limits.py"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert map_rows(text) == {"base": {"names", "clock"}, "": {"console"}}
    assert package_modules(tmp_path) == {"base": {"names", "limits"}, "": {"console"}}
