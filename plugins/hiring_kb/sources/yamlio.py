"""Reading source files safely: bytes to text, YAML 1.2 with positions, front matter.

The rules (docs/validation.md, "YAML"): YAML 1.2 via ruamel.yaml (``no`` is the string "no");
reject ``%`` directives, anchors and aliases (alias bombs), explicit tags, tabs,
duplicate keys and multi-document files; accept a UTF-8 BOM and CRLF line
endings as if absent. Text is normalised to Unicode NFC, so an NFD spelling of a
name (as macOS tools write it) reads exactly like the NFC one.
Dates are *not* resolved by the YAML loader (ruamel raises a position-less
``ValueError`` on ``2026-02-30``); they stay strings and the model parses them
with a precise position.

This is the module other code imports from; the work is done in:

- :mod:`hiring_kb.sources.source_text`: bytes to text (size cap, UTF-8, BOM, line endings, NFC);
- :mod:`hiring_kb.sources.yaml_loaders`: the shared ruamel.yaml loaders (round-trip, libyaml's fast path);
- :mod:`hiring_kb.sources.yaml_reading`: :func:`parse_yaml`, the one entry point for YAML text;
- :mod:`hiring_kb.sources.yaml_hazards`: what is refused before or instead of loading (tabs, anchors…);
- :mod:`hiring_kb.sources.yaml_syntax_messages` and :mod:`hiring_kb.sources.yaml_layout`: parse errors in the
  authors' words, at the line of the mistake;
- :mod:`hiring_kb.sources.yaml_positions`: :class:`YamlDoc`, line and column of any key, value or item;
- :mod:`hiring_kb.sources.yaml_commented_values`: values emptied by a ``#``;
- :mod:`hiring_kb.sources.front_matter`: a scorecard's ``---`` block and its body.
"""

from __future__ import annotations

from hiring_kb.base.diagnostics import register_rules
from hiring_kb.sources.front_matter import FrontMatterFile, body_despite_front_matter, split_front_matter
from hiring_kb.sources.source_text import MAX_FILE_BYTES, SourceText, read_source
from hiring_kb.sources.yaml_commented_values import values_emptied_by_hash
from hiring_kb.sources.yaml_layout import _layout_problem
from hiring_kb.sources.yaml_loaders import new_yaml
from hiring_kb.sources.yaml_positions import YamlDoc
from hiring_kb.sources.yaml_reading import parse_yaml

#: The validation codes raised by the YAML reading modules above, and what each catches
#: (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "unreadable": "a file or folder that cannot be read (permissions, a link to nothing)",
        "file-too-large": "a file over 1,000,000 bytes",
        "not-utf8": "bytes that are not UTF-8 (a file saved as Latin-1, Windows-1252 or UTF-16)",
        "nul-byte": "a NUL byte (a binary file)",
        "empty-file": "a file with nothing but white space",
        "yaml-syntax": "YAML that does not parse (unclosed quote or bracket, a second ': ', wrong "
        "indentation, english:4, prose)",
        "yaml-tab": "a tab character in YAML",
        "duplicate-key": "the same key twice in one block (each repeat, with the line of the first)",
        "yaml-directive": "a %YAML or %TAG directive (%YAML 1.1 would turn 'no' into false)",
        "yaml-anchor": "an anchor (&name)",
        "yaml-alias": "an alias (*name), including alias bombs",
        "yaml-tag": "an explicit tag (!!binary, !custom)",
        "multiple-documents": "a second YAML document ('---' inside a YAML file)",
        "too-deeply-nested": "runaway nesting ([[[[...) that would stall the parser",
        "not-a-mapping": "a file or front matter that is a list, a single value or empty instead of 'key: value' lines",
        "missing-front-matter": "a note that does not start with a '---' block",
        "unclosed-front-matter": "a front-matter block that is never closed",
        "value-commented-out": "a value emptied by a '#' typed before it (source: #referral): the text is "
        "read as a comment",
    },
)

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
