"""JSON Schemas for editors, generated from the schemas the validator uses (``invoke schema``).

Writes ``schemas/role.schema.json``, ``candidate.schema.json``,
``interview.schema.json`` and ``hiring.schema.json`` so that an editor with
yaml-language-server (VS Code's YAML extension, Neovim, Helix, JetBrains) can
complete and check files while they are typed; see ``docs/editor-setup.md``.

The exported files differ from the validator's schemas in three ways, all
because yaml-language-server supports JSON Schema draft 7 and below:

- ``$schema`` is draft-07 (our schemas only use keywords draft 7 has);
- our ``x-code`` and ``x-limit-hint`` annotations (diagnostic code, hint) are dropped; our ``x-hint``
  becomes ``patternErrorMessage`` under a ``pattern`` (yaml-language-server
  shows it instead of the bare regex) and ``description`` where there is none;
- ``propertyNames`` enums keep only strings (YAML's ``1:`` key is the integer
  1 for our loader, but JSON object keys are always strings).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hiring_kb.sources.schemas import CANDIDATE_SCHEMA, INTERVIEW_SCHEMA, ROLE_SCHEMA
from hiring_kb.sources.settings_schema import SETTINGS_SCHEMA

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = "schemas"

#: Exported file stem → the validator's schema.
SOURCES: Mapping[str, dict[str, Any]] = {
    "role": ROLE_SCHEMA,
    "candidate": CANDIDATE_SCHEMA,
    "interview": INTERVIEW_SCHEMA,
    "hiring": SETTINGS_SCHEMA,
}


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("x-code", "x-hint", "x-limit-hint"):
            continue
        if key == "propertyNames" and isinstance(value, dict) and "enum" in value:
            out[key] = {**value, "enum": [v for v in value["enum"] if isinstance(v, str)]}
            continue
        out[key] = _convert(value)
    hint = node.get("x-hint")
    if hint:
        if "pattern" in node:
            out["patternErrorMessage"] = hint
        out.setdefault("description", hint)
    return out


def editor_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the draft-07 editor version of one of our schemas (the input is not changed)."""
    converted = _convert(schema)
    converted["$schema"] = DRAFT_07
    return converted


def render_schemas() -> dict[str, str]:
    """File name → JSON text (2-space indent, UTF-8, trailing newline) of every editor schema."""
    return {
        f"{stem}.schema.json": json.dumps(editor_schema(schema), indent=2, ensure_ascii=False) + "\n"
        for stem, schema in SOURCES.items()
    }


def write_schemas(directory: Path) -> list[Path]:
    """Write every editor schema into ``directory`` (created if needed); return the paths written.

    Each file is written atomically (temp file + ``os.replace``), so an editor
    never reads half a schema. Raises OSError when the folder is not writable.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        target = directory / name
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written


def stale_schemas(directory: Path) -> list[str]:
    """Names of the editor schemas in ``directory`` that are missing or differ from the generated ones."""
    stale = []
    for name, text in render_schemas().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
