"""The ruamel.yaml loaders every reader shares: round-trip with positions, and libyaml's fast path.

Part of :mod:`hiring_kb.sources.yamlio` (the module other code imports). Dates are *not* resolved by
either loader (ruamel raises a position-less ``ValueError`` on ``2026-02-30``); they stay strings
and the model parses them with a precise position.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor


class _DatesAsTextConstructor(RoundTripConstructor):
    """Round-trip constructor that leaves YAML timestamps as plain strings."""


def _construct_timestamp_as_text(constructor: RoundTripConstructor, node: Any) -> str:
    return str(node.value)


_DatesAsTextConstructor.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def new_yaml() -> YAML:
    """Return a round-trip YAML 1.2 instance that keeps comments and reports positions."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsTextConstructor
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True
    return yaml


class _DatesAsTextSafeConstructor(SafeConstructor):
    """Safe (plain dict/list) constructor that leaves YAML timestamps as plain strings."""


_DatesAsTextSafeConstructor.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def _new_fast_yaml() -> YAML | None:
    """A YAML 1.2 loader on libyaml's C parser (ruamel.yaml.clib), or None when it is not installed.

    It builds plain dicts and lists without positions, about 4x faster than the
    round-trip loader; positions are recovered only when a diagnostic needs one
    (see :meth:`YamlDoc._twin_of`).
    """
    yaml = YAML(typ="safe", pure=False)
    if "CParser" not in getattr(yaml.Parser, "__name__", ""):
        return None
    yaml.Constructor = _DatesAsTextSafeConstructor
    yaml.allow_duplicate_keys = False
    return yaml


# One loader of each kind per process: building a YAML instance costs as much as parsing a small file.
_ROUND_TRIP = new_yaml()
_FAST = _new_fast_yaml()
