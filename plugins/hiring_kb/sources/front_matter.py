"""Splitting a Markdown scorecard into its ``---`` front matter (parsed as YAML) and its body.

Part of :mod:`hiring_kb.sources.yamlio` (the module other code imports).
"""

from __future__ import annotations

from dataclasses import dataclass

from hiring_kb.base.diagnostics import Diagnostic, Position, error
from hiring_kb.sources.source_text import SourceText
from hiring_kb.sources.yaml_positions import YamlDoc
from hiring_kb.sources.yaml_reading import parse_yaml


@dataclass(frozen=True)
class FrontMatterFile:
    """A Markdown file split into its YAML front matter and its body."""

    meta: YamlDoc
    body: str
    body_line: int  # 1-based file line where the body starts


def split_front_matter(source: SourceText) -> tuple[FrontMatterFile | None, list[Diagnostic]]:
    """Split ``---`` delimited YAML front matter from a Markdown body and parse it.

    Returns ``(FrontMatterFile, [])`` or ``(None, diagnostics)`` when the front
    matter is missing (``missing-front-matter``), unclosed
    (``unclosed-front-matter``) or invalid YAML.
    """
    lines = source.text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [
            error(
                Position(source.path, 1, 1),
                "missing-front-matter",
                "the file must start with '---' and a block of interview details",
                "scaffold the note with 'invoke new-interview' or copy the example in docs/writing-notes.md",
            )
        ]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            meta, problems = parse_yaml(yaml_text, source.path, line_offset=1, front_matter=True)
            if meta is None:
                return None, problems
            return FrontMatterFile(meta, "\n".join(lines[index + 1 :]), index + 2), []
    return None, [
        error(
            Position(source.path, 1, 1),
            "unclosed-front-matter",
            "front matter opened with '---' is never closed",
            "add a line with '---' after the last front-matter key",
        )
    ]


def body_despite_front_matter(source: SourceText) -> tuple[str, int] | None:
    """The body of a note whose front matter failed to parse: ``(body, first body line)``.

    The note is not loaded, but what its text says is still checked (the notes lint, links,
    contact details), so one run shows a file's warnings together with its errors. None when
    there is no closed ``---`` block.
    """
    lines = source.text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[index + 1 :]), index + 2
    return None
