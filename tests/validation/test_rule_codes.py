"""The rule catalogue (hiring_kb.sources.rules.RULE_CODES) is what the modules validation runs register."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import hiring_kb
from hiring_kb.base.diagnostics import register_rules, registered_rules, rule_owner
from hiring_kb.sources.rules import RULE_CODES

PACKAGE = Path(hiring_kb.__file__).parent


def _modules_validation_runs() -> list[str]:
    """The hiring_kb modules a fresh ``import hiring_kb.sources.validate`` loads (none imported by this test run)."""
    script = (
        "import sys, hiring_kb.sources.validate; print(' '.join(m for m in sys.modules if m.startswith('hiring_kb.')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return sorted(out.split())


def _raised_codes(source: str) -> set[str]:
    """Codes written as the second argument of ``error(...)``/``warning(...)`` and as ``"x-code"`` of a schema."""
    codes = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("error", "warning") and len(node.args) > 1:
            code = node.args[1]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                codes.add(code.value)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "x-code" and isinstance(value, ast.Constant):
                    codes.add(value.value)
    return codes


def _source_of(module: str) -> Path:
    """The file of a dotted module name below hiring_kb (a subpackage's is its ``__init__.py``)."""
    path = PACKAGE.joinpath(*module.split(".")[1:])
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def test_every_code_validation_raises_is_registered() -> None:
    modules = _modules_validation_runs()
    assert "hiring_kb.sources.loader" in modules and "hiring_kb.sources.lint" in modules
    unregistered = {
        module: sorted(_raised_codes(_source_of(module).read_text(encoding="utf-8")) - set(RULE_CODES))
        for module in modules
    }
    assert {m: codes for m, codes in unregistered.items() if codes} == {}


def test_the_catalogue_names_the_codes_that_were_missing() -> None:
    assert {code: rule_owner(code) for code in ("protected-characteristic", "verdict-without-evidence",
                                                "contact-in-note", "retention-due", "retention-expired")} == {
        "protected-characteristic": "hiring_kb.sources.lint",
        "verdict-without-evidence": "hiring_kb.sources.lint",
        "contact-in-note": "hiring_kb.sources.contact_details",
        "retention-due": "hiring_kb.sources.retention",
        "retention-expired": "hiring_kb.sources.retention",
    }  # fmt: skip
    assert RULE_CODES["contact-in-note"].startswith("warning: ")
    assert RULE_CODES["yaml-tab"] == "a tab character in YAML"
    assert dict(RULE_CODES) == dict(registered_rules())


def test_a_code_belongs_to_one_module() -> None:
    with pytest.raises(
        ValueError,
        match=re.escape("rule code 'yaml-tab' of hiring_kb.elsewhere is registered by hiring_kb.sources.yamlio"),
    ):
        register_rules("hiring_kb.elsewhere", {"yaml-tab": "a tab"})
    assert rule_owner("yaml-tab") == "hiring_kb.sources.yamlio"
    assert rule_owner("no-such-code") is None
