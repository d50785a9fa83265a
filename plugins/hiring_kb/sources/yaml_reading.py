"""Parsing YAML 1.2 text that must hold one mapping: refusals first, the fast path, then round-trip.

Part of :mod:`hiring_kb.sources.yamlio` (the module other code imports). YAML 1.2 via ruamel.yaml
(``no`` is the string "no"); duplicate keys and multi-document files are refused, and every
refusal is a diagnostic at its line and column, never an exception.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from hiring_kb.base.diagnostics import Diagnostic, Position, error
from hiring_kb.sources.yaml_hazards import (
    _HAZARD_SUSPECT,
    _empty_error,
    _hazards,
    _nesting_error,
    _refused_before_parsing,
)
from hiring_kb.sources.yaml_loaders import _FAST, _ROUND_TRIP
from hiring_kb.sources.yaml_plain_mapping import read_plain_mapping
from hiring_kb.sources.yaml_positions import YamlDoc
from hiring_kb.sources.yaml_syntax_messages import _syntax_errors


def parse_yaml(
    text: str, path: str, line_offset: int = 0, *, front_matter: bool = False
) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse YAML 1.2 text that must hold exactly one mapping.

    Args:
        text: YAML text with ``\\n`` line endings.
        path: label for diagnostics.
        line_offset: lines of the file before ``text`` starts.
        front_matter: the text is a note's front matter (the messages say where the notes go).

    Returns:
        ``(YamlDoc, [])`` on success, else ``(None, diagnostics)`` with the
        position of every syntax error or hazard (``yaml-syntax``, ``yaml-tab``,
        ``duplicate-key``, ``yaml-directive``, ``yaml-anchor``, ``yaml-alias``,
        ``yaml-tag``, ``multiple-documents``, ``too-deeply-nested``,
        ``not-a-mapping``). Never raises for bad text.
    """
    refused = _refused_before_parsing(text, path, line_offset, front_matter)
    if refused:
        return None, refused
    suspect = _HAZARD_SUSPECT.search(text) is not None
    if not suspect:
        fast = _fast_mapping(text)
        if fast is not None:
            return YamlDoc(path, fast, line_offset, text=text), []
    data, problems = _round_trip_load(text, path, line_offset, front_matter, suspect)
    if problems:
        return None, problems
    if data is None:
        return None, [_empty_error(path, line_offset, front_matter)]
    if not isinstance(data, CommentedMap):
        return None, [_not_a_mapping(data, path, line_offset, front_matter)]
    return YamlDoc(path, data, line_offset, text=text), []


def _fast_mapping(text: str) -> dict[Any, Any] | None:
    """The mapping libyaml's C loader reads from ``text``; None when it is absent or has any doubt."""
    if _FAST is None:
        return None
    plain = read_plain_mapping(text, _FAST)  # key: value lines, the usual front matter, read directly
    if plain is not None:
        return plain
    try:
        data = _FAST.load(text)
    except Exception:  # noqa: BLE001 - any doubt: the round-trip parse reports it with a position
        return None
    return data if isinstance(data, dict) else None


def _round_trip_load(
    text: str, path: str, line_offset: int, front_matter: bool, suspect: bool
) -> tuple[Any, list[Diagnostic]]:
    """``(data, [])`` from the round-trip loader, or ``(None, diagnostics)`` for hazards and syntax errors.

    ``suspect``: the text holds a character a hazard needs, so the events are checked first.
    """
    try:
        if suspect:
            hazards = _hazards(text, path, line_offset)
            if hazards:
                return None, hazards
        return _ROUND_TRIP.load(text), []
    except MarkedYAMLError as exc:
        return None, _syntax_errors(exc, text, path, line_offset, front_matter)
    except YAMLError as exc:  # errors without a mark
        return None, [
            error(
                Position(path, 1 + line_offset, 1),
                "yaml-syntax",
                f"invalid YAML: {exc}",
                "check indentation and quoting",
            )
        ]
    except RecursionError:
        return None, [_nesting_error(path, line_offset)]
    except Exception as exc:  # noqa: BLE001 - the third-party parser's own failure on this text
        return None, [
            error(
                Position(path, 1 + line_offset, 1),
                "yaml-syntax",
                f"the YAML parser cannot read this text ({type(exc).__name__}: {exc})",
                "check indentation and quoting",
            )
        ]


def _not_a_mapping(data: Any, path: str, line_offset: int, front_matter: bool) -> Diagnostic:
    """``not-a-mapping`` for a file that holds a list or a single value instead of ``key: value`` lines."""
    if isinstance(data, list):
        kind = "a list of '- ' items"
    elif isinstance(data, str):
        kind = f"only the text '{data if len(data) <= 40 else data[:39] + '…'}'"
    else:
        kind = f"only the value {data}"
    return error(
        Position(path, 1 + line_offset, 1),
        "not-a-mapping",
        f"expected 'key: value' lines, found {kind}",
        "start each line with a key and ': ', such as 'interviewer: ana'"
        if front_matter
        else "start each line with a key and ': ', such as 'name: Ana Silva'",
    )
