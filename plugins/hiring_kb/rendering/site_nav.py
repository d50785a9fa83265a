"""The site's navigation: hiring pages first, the handbook in its own section.

Pure data in, data out: a navigation is the value of ``nav:`` in mkdocs.yml (a list whose items are a page
path, ``{title: path}`` or ``{title: [items]}``), so the MkDocs adapter only hands it over. Role pages are
generated, so no hand-written ``nav:`` can list them: they are added under the roles index wherever it
appears. A hand-written page that the ``nav:`` forgets is added to the handbook rather than left out
(MkDocs would only log it), so a new page in ``docs/`` is never unreachable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hiring_kb.analysis.tags import TAGS_INDEX
from hiring_kb.rendering.generated_page import CANDIDATES_INDEX, INTERVIEWERS_INDEX, ROLES_INDEX

HOME = "index.md"
HANDBOOK = "Handbook"
#: The hiring pages in the order they come first in the navigation, with their titles.
HIRING_PAGES: tuple[tuple[str, str], ...] = (
    ("Candidates", CANDIDATES_INDEX),
    ("Roles", ROLES_INDEX),
    ("Interviewers", INTERVIEWERS_INDEX),
    ("Tags", TAGS_INDEX),
)

Nav = list[Any]


def hiring_nav(nav: Nav | None, doc_pages: Iterable[str], role_pages: Iterable[str]) -> Nav:
    """The navigation to build the site with.

    Args:
        nav: ``nav:`` of mkdocs.yml, or None when it has none.
        doc_pages: source paths of every page that may appear in the navigation (hand-written and generated,
            candidate pages excluded), e.g. ``["index.md", "process.md", "roles/index.md", ...]``.
        role_pages: source paths of the generated role pages, in the order to list them.

    Returns:
        Without ``nav``: Home, then Candidates, Roles (its index and every role page), Interviewers and Tags,
        then a "Handbook" section with the other pages in path order. With ``nav``: the same list with the
        roles index turned into a Roles section holding every role page, and every hand-written page it
        does not mention appended to its "Handbook" section (created at the end if missing). The input is
        not modified; applying the function twice gives the same result.
    """
    roles = [page for page in role_pages]
    pages = list(dict.fromkeys(doc_pages))
    if nav is None:
        hiring = {path for _, path in HIRING_PAGES} | set(roles)
        out: Nav = [{"Home": HOME}] if HOME in pages else []
        out += [{title: path} for title, path in HIRING_PAGES if path in pages]
        handbook = sorted(p for p in pages if p != HOME and p not in hiring)
        if handbook:
            out.append({HANDBOOK: handbook})
        return [_with_roles(item, roles) for item in out]
    out = [_with_roles(item, roles) for item in nav]
    listed = set(_paths(out))
    missing = [p for p in pages if p not in listed and p not in roles]
    if missing:
        out = _append_to_handbook(out, missing)
    return out


def _with_roles(item: Any, roles: list[str]) -> Any:
    """``item`` with the roles index (a path, or a titled path or section holding it) as a Roles section."""
    if item == ROLES_INDEX:
        return {"Roles": [ROLES_INDEX, *roles]}
    if isinstance(item, dict) and len(item) == 1:
        ((title, value),) = item.items()
        if value == ROLES_INDEX:
            return {title: [ROLES_INDEX, *roles]}
        if isinstance(value, list):
            if ROLES_INDEX in value:
                kept = [v for v in value if v not in roles and v != ROLES_INDEX]
                return {title: [ROLES_INDEX, *roles, *kept]}
            return {title: [_with_roles(child, roles) for child in value]}
    return item


def _paths(items: Iterable[Any]) -> Iterable[str]:
    for item in items:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                if isinstance(value, str):
                    yield value
                elif isinstance(value, list):
                    yield from _paths(value)


def _append_to_handbook(nav: Nav, missing: list[str]) -> Nav:
    out = list(nav)
    for index, item in enumerate(out):
        if isinstance(item, dict) and isinstance(item.get(HANDBOOK), list):
            out[index] = {HANDBOOK: [*item[HANDBOOK], *missing]}
            return out
    return [*out, {HANDBOOK: missing}]
