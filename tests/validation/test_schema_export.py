"""Editor JSON Schemas: committed files equal the generated ones and judge data like the validator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from invoke import Exit, MockContext
from jsonschema import Draft7Validator

from hiring_kb.authoring.schema_export import DRAFT_07, render_schemas, stale_schemas, write_schemas
from hiring_kb.sources.yamlio import parse_yaml, read_source, split_front_matter
from hiring_kb.task_loading import tasks_module
from tests.conftest import ROOT, tasks_of

SCHEMAS = ROOT / "schemas"


def load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def as_json(path: Path) -> Any:
    """A source file's data as an editor sees it: JSON types, string keys."""
    source, problems = read_source(path, path.name)
    assert source is not None, problems
    if path.suffix == ".md":
        note, problems = split_front_matter(source)
        assert note is not None, problems
        return json.loads(json.dumps(note.meta.data))
    doc, problems = parse_yaml(source.text, path.name)
    assert doc is not None, problems
    return json.loads(json.dumps(doc.data))


def test_committed_schemas_are_up_to_date() -> None:
    assert stale_schemas(SCHEMAS) == [], "schemas/ is out of date: run 'invoke schema' and commit the result"
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(render_schemas())


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_exported_schemas_are_valid_draft_07_without_our_annotations(name: str) -> None:
    schema = load(name)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT_07
    text = json.dumps(schema)
    assert '"x-code"' not in text and '"x-hint"' not in text


def test_hints_become_editor_messages() -> None:
    interviewer = load("interview.schema.json")["properties"]["interviewer"]
    assert interviewer["pattern"] == "^[a-z0-9][a-z0-9-]*$"
    assert (
        interviewer["patternErrorMessage"]
        == "use lowercase letters, digits and '-' (ids appear in URLs and file names)"
    )
    assert interviewer["description"] == "Your handle, as in the file name <date>-<stage>-<interviewer>.md."
    rubric = load("role.schema.json")["properties"]["competencies"]["items"]["properties"]["rubric"]
    assert rubric["propertyNames"] == {"enum": ["1", "2", "3", "4"]}


@pytest.mark.parametrize(
    ("schema", "pattern"),
    [
        ("role.schema.json", "roles/*.yml"),
        ("candidate.schema.json", "candidates/*/candidate.yml"),
        ("interview.schema.json", "candidates/*/interviews/*.md"),
        ("hiring.schema.json", "hiring.yml"),
    ],
)
def test_every_example_file_passes_its_editor_schema(schema: str, pattern: str) -> None:
    validator = Draft7Validator(load(schema))
    paths = sorted(ROOT.glob(pattern))
    assert paths
    for path in paths:
        assert [e.message for e in validator.iter_errors(as_json(path))] == [], path


@pytest.mark.parametrize(
    ("schema", "data", "failing_keyword"),
    [
        ("candidate.schema.json", {"name": "A", "role": "r", "stage": "s", "status": "rejected"}, "required"),
        (
            "candidate.schema.json",
            {"name": "A", "role": "r", "stage": "s", "status": "hired", "decided_on": None},
            "type",
        ),
        (
            "interview.schema.json",
            {"interviewer": "ana", "date": "2026-11-18", "stage": "s", "ratings": {"x": 5}},
            "anyOf",
        ),
        ("interview.schema.json", {"interviewer": "Ana", "date": "2026-11-18", "stage": "s"}, "pattern"),
        ("interview.schema.json", {"interviewer": "ana", "date": "18/11/2026", "stage": "s"}, "pattern"),
        (
            "interview.schema.json",
            {"interviewer": "ana", "date": "2026-11-18", "stage": "s", "reccomendation": "yes"},
            "additionalProperties",
        ),
        ("hiring.schema.json", {"interviewers": ["ana", "ana"]}, "uniqueItems"),
    ],
)
def test_editor_schemas_reject_what_the_validator_rejects(schema: str, data: Any, failing_keyword: str) -> None:
    assert [e.validator for e in Draft7Validator(load(schema)).iter_errors(data)] == [failing_keyword]


def test_write_schemas_writes_the_rendered_text(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "out")
    assert [p.name for p in written] == list(render_schemas())
    assert all(p.read_text(encoding="utf-8") == render_schemas()[p.name] for p in written)
    assert stale_schemas(tmp_path / "out") == []
    (tmp_path / "out/role.schema.json").write_text("{}\n", encoding="utf-8")
    assert stale_schemas(tmp_path / "out") == ["role.schema.json"]
    assert not list((tmp_path / "out").glob(".*"))  # no temp files left behind


def test_invoke_schema_check(capsys: pytest.CaptureFixture[str]) -> None:
    tasks = tasks_of(ROOT)
    tasks.schema(MockContext(), check=True)
    assert capsys.readouterr().out == "schemas/ is up to date\n"


def test_invoke_schema_check_fails_when_stale(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    tasks = tasks_module(ROOT, "hiring_kb.tasks.tasks_data")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    with pytest.raises(Exit) as failure:
        tasks.schema(MockContext(), check=True)
    assert failure.value.code == 1
    assert str(failure.value.message) == (
        "out of date in schemas/: role.schema.json, candidate.schema.json, interview.schema.json, "
        "hiring.schema.json; run 'invoke schema'"
    )


def test_vscode_settings_map_every_yaml_schema_to_the_example_files() -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert sorted(mapping) == [
        "./schemas/candidate.schema.json",
        "./schemas/hiring.schema.json",
        "./schemas/role.schema.json",
    ]
    for schema, patterns in mapping.items():
        assert (ROOT / schema).is_file()
        assert all(list(ROOT.glob(pattern)) for pattern in patterns), (schema, patterns)
    assert settings["yaml.yamlVersion"] == "1.2"  # as the validator reads: `no` is the string "no"


def test_docs_list_every_rule_code() -> None:
    from hiring_kb.sources.rules import RULE_CODES

    text = (ROOT / "docs/validation.md").read_text(encoding="utf-8")
    assert [code for code in RULE_CODES if f"`{code}`" not in text] == []
    assert "(editor-setup.md)" in text
    assert "(validation.md)" in (ROOT / "docs/editor-setup.md").read_text(encoding="utf-8")
