"""What a generated page is: :class:`GeneratedPage` (source URI, title, Markdown) and the source URIs of the
hiring pages (candidate and role pages, the indexes).

It renders nothing: the page modules (:mod:`hiring_kb.rendering.candidate_page`, :mod:`hiring_kb.rendering.role_page`,
:mod:`hiring_kb.rendering.index_pages`, :mod:`hiring_kb.rendering.interviewers_page`) build the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

CANDIDATES_INDEX = "candidates/index.md"
ROLES_INDEX = "roles/index.md"
INTERVIEWERS_INDEX = "interviewers/index.md"


def candidate_uri(candidate_id: str) -> str:
    """Source URI of a candidate page (the opaque id, never the name)."""
    return f"candidates/{candidate_id}.md"


def role_uri(role_id: str) -> str:
    """Source URI of a role page."""
    return f"roles/{role_id}.md"


@dataclass(frozen=True)
class GeneratedPage:
    """A page to add to the site: ``src_uri`` such as ``"candidates/c-1.md"`` and its Markdown.

    ``in_nav`` is False for candidate pages: they are listed from the index and
    role pages, since a nav entry per candidate makes every page carry the whole
    list (Material renders the full nav into each page: quadratic builds).
    """

    src_uri: str
    title: str
    markdown: str
    in_nav: bool = True
