"""Candidate tags (``tags:`` in candidate.yml): grouped for the tag index page, with stable anchors.

Tags are grouped case- and Unicode-insensitively (``Remote`` and ``remote`` are one tag, shown as first
written). We render the index ourselves instead of using Material's tags plugin: candidate pages stay out of
the nav and every tag passes through our autoescaping templates (Material prints tag names into its own
templates, where MkDocs does not autoescape).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from hiring_kb.base.names import slug
from hiring_kb.model.models import Candidate, Project

TAGS_INDEX = "tags/index.md"


def tag_key(tag: str) -> str:
    """The grouping key of a tag: NFC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", tag).casefold().split())


def tag_slug(tag: str) -> str:
    """The slug of a tag (:func:`hiring_kb.base.names.slug`): letters and digits of every script, accents
    folded (``"Nest.js"`` → ``"nest-js"``, ``"日本"`` → ``"日本"``); ``""`` for a tag without any (``"🙂"``)."""
    return slug(tag)


def tag_anchor(tag: str) -> str:
    """The anchor of ``tag`` on the tag index page: the same for the tag whatever other tags exist.

    ``"tag-"`` + :func:`tag_slug` when the tag's :func:`tag_key` is its own slug (``Remote``,
    ``senior``, ``日本``, ``עברית``). Any other tag (spaces, punctuation, accents, emoji) shares its
    slug with other spellings (``Nest.js``, ``nest js``), so ``"-"`` and the first 6 hex digits of
    the SHA-256 of its key are added: ``"tag-nest-js-3f5d1a"``, or ``"tag-3f5d1a"`` without a slug.
    An anchor never depends on the order or presence of other tags, so a link to it stays valid.
    """
    key = tag_key(tag)
    base = tag_slug(key)
    if base == key:
        return f"tag-{base}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:6]
    return f"tag-{base}-{digest}" if base else f"tag-{digest}"


@dataclass(frozen=True)
class TagGroup:
    """One tag: its display ``name``, unique ``anchor`` (:func:`tag_anchor`) and candidates sorted by name."""

    name: str
    anchor: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class TagIndex:
    """Every tag of a project, sorted by name, and the anchor of each tag key."""

    groups: tuple[TagGroup, ...]
    #: tag_key -> anchor: one dictionary lookup per tag link (a scan of every group per link
    #: made the build quadratic in the number of tags).
    anchors: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.anchors:
            self.anchors.update((tag_key(group.name), group.anchor) for group in self.groups)

    def anchor(self, tag: str) -> str:
        """The anchor of ``tag`` on the tag index page (KeyError for a tag no candidate has)."""
        try:
            return self.anchors[tag_key(tag)]
        except KeyError:
            raise KeyError(tag) from None


def tag_index(project: Project) -> TagIndex:
    """Group the candidates of ``project`` by tag (see :func:`tag_key`), each with its :func:`tag_anchor`.

    Should two anchors still be equal (a tag spelled like another's anchor with its hash, one
    chance in 16 million), the later key in sorted order gets -2, -3…
    """
    names: dict[str, str] = {}
    # Each candidate once per key, in a dict keyed by id: comparing Candidate objects ("in" on a
    # list) compares every field, tags included, for each tag.
    members: dict[str, dict[str, Candidate]] = {}
    for candidate in project.candidates.values():
        for tag in candidate.tags:
            key = tag_key(tag)
            if not key:
                continue
            names.setdefault(key, " ".join(tag.split()))
            members.setdefault(key, {}).setdefault(candidate.id, candidate)
    groups = []
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for key in sorted(names, key=lambda k: (k, names[k])):
        base = tag_anchor(key)
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        candidates = tuple(sorted(members[key].values(), key=lambda c: (c.name.casefold(), c.id)))
        groups.append(TagGroup(names[key], anchor, candidates))
        anchors[key] = anchor
    return TagIndex(tuple(groups), anchors)
