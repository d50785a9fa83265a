"""Loading one role file (``roles/<role-id>.yml``) into a :class:`~hiring_kb.model.models.Role`.

Schema, unique competency and stage ids, and stage references to the role's competencies. The
candidates and their scorecards are loaded by :mod:`hiring_kb.sources.loader`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from hiring_kb.base.diagnostics import Diagnostic, error
from hiring_kb.model.models import Competency, Role, Stage
from hiring_kb.model.vocabulary import RoleStatus
from hiring_kb.sources.document_values import text_of, unknown_competency
from hiring_kb.sources.rules import role_file_id
from hiring_kb.sources.schemas import ROLE_SCHEMA, check_schema
from hiring_kb.sources.settings import Settings
from hiring_kb.sources.text_rules import empty_slug
from hiring_kb.sources.yamlio import YamlDoc, parse_yaml, read_source, values_emptied_by_hash


def load_role(path: Path, settings: Settings) -> tuple[Role | None, list[Diagnostic]]:
    """Load and check one role file; the role id is the file name without ``.yml``.

    Besides the schema: competency and stage ids are unique, and a stage's
    ``focus`` and ``questions`` name competencies of the role.
    """
    label = settings.label(path)
    doc, problems = _read_role_file(path, settings, label)
    if doc is None or problems:
        return None, problems
    data = doc.data
    problems += empty_slug(doc, data, "title", "role title")
    competencies, seen, competency_problems = _competencies(doc, data["competencies"])
    stages, stage_problems = _stages(doc, data["stages"], seen, path.stem)
    problems += competency_problems + stage_problems
    if problems:
        return None, problems
    role = Role(
        id=path.stem,
        title=str(data["title"]),
        # validated values (the schema's enum); __post_init__ turns the string into its RoleStatus
        status=cast(RoleStatus, text_of(data.get("status")) or "open"),
        summary=text_of(data.get("summary")),
        description=text_of(data.get("description")),
        competencies=tuple(competencies),
        stages=tuple(stages),
        source=label,
    )
    return role, []


def _read_role_file(path: Path, settings: Settings, label: str) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """The role file parsed, and its unreadable bytes, YAML errors, schema errors, a file name that is no
    id, or values emptied by a ``#``; the document is None only when it could not be parsed."""
    source, problems = read_source(path, label)
    if source is None:
        return None, problems
    doc, problems = parse_yaml(source.text, label)
    if doc is None:
        return None, problems
    return doc, check_schema(doc, ROLE_SCHEMA) + role_file_id(path, settings) + values_emptied_by_hash(doc)


def _competencies(doc: YamlDoc, items: Any) -> tuple[list[Competency], set[str], list[Diagnostic]]:
    """The role's competencies, their ids (for the stage references), ``duplicate-id`` and empty names."""
    competencies = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for item in items:
        if item["id"] in seen:
            problems.append(
                error(
                    doc.value(item, "id"), "duplicate-id", f"competency id '{item['id']}' is used twice", "rename one"
                )
            )
        seen.add(item["id"])
        problems += empty_slug(doc, item, "name", "competency name")
        rubric = {int(level): str(text) for level, text in (item.get("rubric") or {}).items()}
        competencies.append(
            Competency(
                id=str(item["id"]),
                name=str(item["name"]),
                weight=int(item["weight"]),
                must_have=bool(item.get("must_have", False)),
                description=text_of(item.get("description")),
                rubric=rubric,
            )
        )
    return competencies, seen, problems


def _stages(doc: YamlDoc, items: Any, seen: set[str], role_id: str) -> tuple[list[Stage], list[Diagnostic]]:
    """The role's stages, ``duplicate-id``, empty names, and ``unknown-competency`` for a ``focus`` or
    ``questions`` entry that is none of ``seen`` (the role's competency ids)."""
    stages = []
    problems: list[Diagnostic] = []
    stage_ids: set[str] = set()
    for item in items:
        if item["id"] in stage_ids:
            problems.append(
                error(doc.value(item, "id"), "duplicate-id", f"stage id '{item['id']}' is used twice", "rename one")
            )
        stage_ids.add(item["id"])
        problems += empty_slug(doc, item, "name", "stage name")
        focus = list(item.get("focus") or [])
        for index, competency_id in enumerate(focus):
            if competency_id not in seen:
                problems.append(unknown_competency(doc.item(item["focus"], index), competency_id, role_id, seen))
        questions = item.get("questions") or {}
        for competency_id in questions:
            if competency_id not in seen:
                problems.append(unknown_competency(doc.key(questions, competency_id), competency_id, role_id, seen))
        stages.append(
            Stage(
                id=str(item["id"]),
                name=text_of(item.get("name")) or str(item["id"]).replace("-", " ").capitalize(),
                focus=tuple(focus),
                questions={k: tuple(map(str, v)) for k, v in questions.items()},
            )
        )
    return stages, problems
