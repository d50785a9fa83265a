"""Diagnostics: one problem found in the data, with the place it was found.

Every loader and validation rule reports problems as :class:`Diagnostic` values
instead of raising, so that a run can show every problem at once
(docs/validation.md). Format: ``path:line:col: severity[code]: message (hint: ...)``.

Each module that raises validation diagnostics registers its codes with :func:`register_rules`
(code and what it catches), next to the checks; :data:`hiring_kb.sources.rules.RULE_CODES` is the catalogue
of those registrations.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType


class Severity(str, Enum):
    """How bad a problem is: errors stop the build, warnings only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Position:
    """A place in a source file.

    ``path`` is relative to the project root when the file is inside it;
    ``line`` and ``col`` are 1-based (0 means "the whole file / line").
    """

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.col <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where, how bad, a stable code, what is wrong and how to fix it."""

    position: Position
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        """Return the one-line text form ``path:line:col: severity[code]: message (hint: ...)``."""
        text = f"{self.position}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.position.path, self.position.line, self.position.col, self.code)


def error(position: Position, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(position, Severity.ERROR, code, message, hint)


def warning(position: Position, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(position, Severity.WARNING, code, message, hint)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """Return the closing count line, e.g. ``2 errors, 1 warning``."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"did you mean 'x'?"`` for the closest choice, or a list of valid choices.

    Closeness is difflib's ratio (cutoff 0.6), case-insensitive.
    """
    choices = sorted(set(choices))
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{lowered[close[0]]}'?"
    if not choices:
        return ""
    return "expected one of: " + ", ".join(f"'{c}'" for c in choices)


FORMATS = ("text", "github", "json")


def render_report(diagnostics: Sequence[Diagnostic], fmt: str = "text") -> str:
    """Render diagnostics for a terminal (``text``), GitHub annotations (``github``) or tools (``json``).

    ``text``: one ``path:line:col: severity[code]: message (hint: ...)`` line each,
    then the count line. ``github``: ``::error file=...,line=...,col=...,title=code::message``
    workflow commands, then the count line. ``json``: ``{"diagnostics": [...], "errors": n,
    "warnings": n}``. Raises ValueError for another format.
    """
    if fmt == "text":
        return "\n".join([*(d.format() for d in diagnostics), summary(diagnostics)])
    if fmt == "github":
        lines = []
        for d in diagnostics:
            props = [f"file={d.position.path}"]
            if d.position.line:
                props.append(f"line={d.position.line}")
            if d.position.col:
                props.append(f"col={d.position.col}")
            props.append(f"title={d.code}")
            message = d.message + (f" (hint: {d.hint})" if d.hint else "")
            # Workflow commands end at a newline; '%' must be escaped first.
            message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            lines.append(f"::{d.severity.value} {','.join(props)}::{message}")
        return "\n".join([*lines, summary(diagnostics)])
    if fmt == "json":
        items = [
            {
                "path": d.position.path,
                "line": d.position.line,
                "col": d.position.col,
                "severity": d.severity.value,
                "code": d.code,
                "message": d.message,
                "hint": d.hint,
            }
            for d in diagnostics
        ]
        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        return json.dumps({"diagnostics": items, "errors": errors, "warnings": len(items) - errors}, indent=2)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


# -- the rule catalogue ---------------------------------------------------------------------

#: code -> (what it catches, the module that registered it); see :func:`register_rules`.
_REGISTERED: dict[str, tuple[str, str]] = {}


def register_rules(module: str, codes: Mapping[str, str]) -> None:
    """Register the validation codes ``module`` (its ``__name__``) raises: ``code -> what it catches``,
    a phrase starting "warning: " for a warning (docs/validation.md lists every code).

    A code belongs to one module, the one whose check defines it, even when others raise it too.
    Raises ValueError when another module registered one of ``codes`` already.
    """
    for code, catches in codes.items():
        owner = _REGISTERED.get(code, (catches, module))[1]
        if owner != module:
            raise ValueError(f"rule code {code!r} of {module} is registered by {owner} already")
        _REGISTERED[code] = (catches, module)


def registered_rules() -> Mapping[str, str]:
    """Every registered code -> what it catches, in registration order (a read-only view).

    Only the modules imported so far have registered: :data:`hiring_kb.sources.rules.RULE_CODES` imports
    everything validation runs first.
    """
    return MappingProxyType({code: catches for code, (catches, _) in _REGISTERED.items()})


def rule_owner(code: str) -> str | None:
    """The module that registered ``code``, or None."""
    entry = _REGISTERED.get(code)
    return entry[1] if entry else None
