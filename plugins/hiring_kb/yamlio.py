"""Reading source files safely: bytes to text, YAML 1.2 with positions, front matter.

Rules from design.md §3: YAML 1.2 via ruamel.yaml (``no`` is the string "no");
reject ``%`` directives, anchors and aliases (alias bombs), explicit tags, tabs,
duplicate keys and multi-document files; accept a UTF-8 BOM and CRLF line
endings as if absent. Text is normalised to Unicode NFC, so an NFD spelling of a
name (as macOS tools write it) reads exactly like the NFC one.
Dates are *not* resolved by the YAML loader (ruamel raises a position-less
``ValueError`` on ``2026-02-30``); they stay strings and the model parses them
with a precise position.

This is the module other code imports from; the work is done in:

- :mod:`hiring_kb.source_text`: bytes to text (size cap, UTF-8, BOM, line endings, NFC);
- :mod:`hiring_kb.yaml_loaders`: the shared ruamel.yaml loaders (round-trip, libyaml's fast path);
- :mod:`hiring_kb.yaml_reading`: :func:`parse_yaml`, the one entry point for YAML text;
- :mod:`hiring_kb.yaml_hazards`: what is refused before or instead of loading (tabs, anchors…);
- :mod:`hiring_kb.yaml_syntax_messages` and :mod:`hiring_kb.yaml_layout`: parse errors in the
  authors' words, at the line of the mistake;
- :mod:`hiring_kb.yaml_positions`: :class:`YamlDoc`, line and column of any key, value or item;
- :mod:`hiring_kb.yaml_commented_values`: values emptied by a ``#``;
- :mod:`hiring_kb.front_matter`: a scorecard's ``---`` block and its body.
"""

from __future__ import annotations

from .front_matter import FrontMatterFile, body_despite_front_matter, split_front_matter
from .source_text import MAX_FILE_BYTES, SourceText, read_source
from .yaml_commented_values import values_emptied_by_hash
from .yaml_layout import _layout_problem
from .yaml_loaders import new_yaml
from .yaml_positions import YamlDoc
from .yaml_reading import parse_yaml

__all__ = [
    "MAX_FILE_BYTES",
    "FrontMatterFile",
    "SourceText",
    "YamlDoc",
    # the line-by-line layout reading, for its own tests (tests/validation/test_layout_messages.py)
    "_layout_problem",
    "body_despite_front_matter",
    "new_yaml",
    "parse_yaml",
    "read_source",
    "split_front_matter",
    "values_emptied_by_hash",
]
