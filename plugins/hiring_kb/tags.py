"""Candidate tags (``tags:`` in candidate.yml): grouped for the tag index page, with stable anchors.

Tags are grouped case- and Unicode-insensitively (``Remote`` and ``remote`` are one tag, shown as first
written). We render the index ourselves instead of using Material's tags plugin: candidate pages stay out of
the nav and every tag passes through our autoescaping templates (Material prints tag names into its own
templates, where MkDocs does not autoescape).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .models import Candidate, Project

TAGS_INDEX = "tags/index.md"


def tag_key(tag: str) -> str:
    """The grouping key of a tag: NFC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", tag).casefold().split())


def tag_slug(tag: str) -> str:
    """An ASCII anchor fragment for a tag (``"Nest.js"`` → ``"nest-js"``); ``"tag"`` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "tag"


@dataclass(frozen=True)
class TagGroup:
    """One tag: its display ``name``, unique ``anchor`` (``tag-<slug>``) and candidates sorted by name."""

    name: str
    anchor: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class TagIndex:
    """Every tag of a project, sorted by name, and the anchor of each tag key."""

    groups: tuple[TagGroup, ...]

    def anchor(self, tag: str) -> str:
        """The anchor of ``tag`` on the tag index page (KeyError for a tag no candidate has)."""
        key = tag_key(tag)
        for group in self.groups:
            if tag_key(group.name) == key:
                return group.anchor
        raise KeyError(tag)


def tag_index(project: Project) -> TagIndex:
    """Group the candidates of ``project`` by tag (see :func:`tag_key`); anchors are made unique with -2, -3…"""
    names: dict[str, str] = {}
    members: dict[str, list[Candidate]] = {}
    for candidate in project.candidates.values():
        for tag in candidate.tags:
            key = tag_key(tag)
            if not key:
                continue
            names.setdefault(key, " ".join(tag.split()))
            if candidate not in members.setdefault(key, []):
                members[key].append(candidate)
    groups = []
    used: set[str] = set()
    for key in sorted(names, key=lambda k: (k, names[k])):
        base = f"tag-{tag_slug(names[key])}"
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        candidates = tuple(sorted(members[key], key=lambda c: (c.name.casefold(), c.id)))
        groups.append(TagGroup(names[key], anchor, candidates))
    return TagIndex(tuple(groups))
