"""An internal failure of the validator is one line pointing to --debug, never a traceback.

Also: the plugin stops the build with the same lines as ``invoke validate``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from invoke import Exit, MockContext
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

import hiring_kb.rendering.site_session
from hiring_kb.base.diagnostics import Severity
from hiring_kb.sources.validate import validate_project
from hiring_kb.tasks import task_wiki
from tests.conftest import ROOT, tasks_of
from tests.validation.test_corpus import CORPUS, overlay


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_invoke_validate_reports_an_internal_failure_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks = tasks_of(ROOT)
    monkeypatch.setattr(task_wiki, "validate_project", _explode)
    with pytest.raises(Exit) as failure:
        tasks.validate(MockContext())
    assert failure.value.code == 2
    assert (
        failure.value.message
        == "internal error while validating: RuntimeError('boom') (rerun with --debug for details)"
    )
    assert "Traceback" not in capsys.readouterr().err
    with pytest.raises(Exit):
        tasks.validate(MockContext(), debug=True)
    assert "Traceback" in capsys.readouterr().err


def test_the_plugin_reports_an_internal_failure_in_one_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hiring_kb.rendering.site_session, "validate_project", _explode)
    config = load_config(str(project / "mkdocs.yml"))
    with pytest.raises(PluginError) as failure:
        config.plugins.on_config(config)
    assert str(failure.value) == (
        "internal error while validating hiring data: RuntimeError('boom') (run 'invoke validate --debug' for details)"
    )


def test_the_plugin_stops_on_the_same_lines_as_invoke_validate(project: Path) -> None:
    overlay(CORPUS / "duplicate-interview", project)
    config = load_config(str(project / "mkdocs.yml"))
    with pytest.raises(PluginError) as failure:
        config.plugins.on_config(config)
    errors = [d.format() for d in validate_project(project).diagnostics if d.severity is Severity.ERROR]
    assert len(errors) == 3
    assert str(failure.value).splitlines()[1:] == [f"  {line}" for line in errors]


#: A scorecard whose notes end in a quote marker with no line break after it, an HTML block open in a
#: quoted item: markdown-it-py 4.3 raises IndexError on it (hiring_kb.base.markdown_parse).
NOTE_ENDING_IN_A_QUOTE = """---
interviewer: zoe
date: 2026-11-25
stage: technical
ratings:
  english: 3
  code: 3
recommendation: yes
---
## Strong English
- Clear, precise; asked good questions about the domain

## Code
- Clean endpoint, tests written first
> - <pre>git rebase -i
>"""


def test_a_note_the_markdown_parser_crashes_on_is_validated_like_any_other(project: Path) -> None:
    note = project / "candidates/c-7d3e91/interviews/2026-11-25-technical-zoe.md"
    note.write_text(NOTE_ENDING_IN_A_QUOTE, encoding="utf-8")
    diagnostics = validate_project(project).diagnostics
    assert [d.format() for d in diagnostics if d.position.path.endswith(note.name)] == []
    assert [d.format() for d in diagnostics if d.severity is Severity.ERROR] == []
