"""The data folders stay inside the project and outside what is published (docs/ and the site), whatever hiring.yml
or mkdocs.yml say."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

from hiring_kb.authoring.import_plan import plan_import
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY


def settings_problems(project: Path, hiring: str) -> list[str]:
    (project / "hiring.yml").write_text(hiring, encoding="utf-8")
    settings, problems = load_settings(project)
    assert (settings.roles_dir.resolve(), settings.candidates_dir) == (project / "roles", project / "candidates")
    return [d.format() for d in problems]


def test_data_folders_outside_the_project_or_published_are_refused(project: Path) -> None:
    outside = "(hint: use a folder inside the project, e.g. '{}' (the default): data from outside the repository is never reviewed in pull requests)"
    published = "(hint: use a folder outside docs/ and site/, e.g. '{}' (the default): every file there is published as it is, in the nav and the search)"
    assert settings_problems(
        project,
        "roles_dir: .\ncandidates_dir: ../outside\nimport:\n  unassigned_dir: docs/imports\n",
    ) == [
        f"hiring.yml:1:12: error[folder-outside-project]: roles_dir '.' is the project folder itself {outside.format('roles')}",
        f"hiring.yml:2:17: error[folder-outside-project]: candidates_dir '../outside' is outside the project {outside.format('candidates')}",
        f"hiring.yml:4:19: error[folder-published]: import.unassigned_dir 'docs/imports' is inside docs/, which is published {published.format('imports')}",
    ]
    assert settings_problems(project, f"candidates_dir: {project.parent}\nroles_dir: site/roles\n") == [
        f"hiring.yml:1:17: error[folder-outside-project]: candidates_dir '{project.parent}' is outside the project {outside.format('candidates')}",
        f"hiring.yml:2:12: error[folder-published]: roles_dir 'site/roles' is inside site/, which is published {published.format('roles')}",
    ]
    assert settings_problems(project, "roles_dir: roles/../roles\ncandidates_dir: candidates\n") == []


def test_the_published_folders_come_from_mkdocs_yml(project: Path) -> None:
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text(encoding="utf-8").replace("docs_dir: docs\n", "docs_dir: web/pages\n")
        + "extra_javascript: [!ENV [JS, x.js]]\n",
        encoding="utf-8",
    )
    assert settings_problems(project, "candidates_dir: web\nroles_dir: docs/roles\n") == [
        "hiring.yml:1:17: error[folder-published]: candidates_dir 'web' contains web/pages/, which is published (hint: use "
        "a folder outside docs/ and site/, e.g. 'candidates' (the default): every file there is published as it is, in "
        "the nav and the search)"
    ]


def test_validate_and_import_refuse_a_published_unassigned_folder(project: Path) -> None:
    hiring = project / "hiring.yml"
    hiring.write_text(
        hiring.read_text(encoding="utf-8").replace("unassigned_dir: imports", "unassigned_dir: docs/imports")
    )
    report = validate_project(project, today=EXAMPLE_TODAY)
    assert [d.code for d in report.diagnostics] == ["folder-published"] and not report.ok
    (project / "notes.md").write_text("### Paula (QA)\n- Great English\n\n## Loose ends\n- call the agency\n")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "import-notes", "notes.md"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    line = (
        hiring.read_text(encoding="utf-8")
        .split("\n")
        .index("  unassigned_dir: docs/imports     # text that belongs to no person is kept in a file here")
        + 1
    )
    assert (
        f"hiring.yml:{line}:19: error[folder-published]: import.unassigned_dir 'docs/imports' is inside docs/"
        in result.stderr
    )
    assert not (project / "docs/imports").exists()


def test_the_importer_refuses_settings_made_in_code(project: Path, tmp_path: Path) -> None:
    settings, _ = load_settings(project)
    (project / "notes.md").write_text("### Paula (QA)\n- Great English\n\n## Loose ends\n- call the agency\n")
    published = dataclasses.replace(
        settings, import_rules=dataclasses.replace(settings.import_rules, unassigned_dir="docs/x")
    )
    plan = plan_import(published, project / "notes.md", date=dt.date(2026, 11, 29))
    assert [d.format() for d in plan.diagnostics] == [
        "hiring.yml: error[folder-published]: import.unassigned_dir 'docs/x' is inside docs/, which is published: the "
        "text that belongs to no one would be written there (hint: set import.unassigned_dir to a folder inside the "
        "project and outside docs/ and site/, e.g. 'imports')"
    ]
    (tmp_path / "elsewhere").mkdir()
    (project / "imports").symlink_to(tmp_path / "elsewhere")
    plan = plan_import(settings, project / "notes.md", date=dt.date(2026, 11, 29))
    assert [(d.code, d.message.split(":")[0]) for d in plan.diagnostics] == [
        ("folder-outside-project", "import.unassigned_dir 'imports' leads outside the project through a symbolic link")
    ]
    assert not plan.ok
