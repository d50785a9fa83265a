"""Site URLs of generated pages, computed without MkDocs.

Generated pages hold raw HTML, whose links MkDocs does not rewrite, so the core
writes final relative URLs itself with the same rules as MkDocs
(``use_directory_urls``).
"""

from __future__ import annotations

import posixpath


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """Return the site-relative URL of a Markdown page.

    ``"index.md"`` → ``""``; ``"roles/index.md"`` → ``"roles/"``;
    ``"roles/qa.md"`` → ``"roles/qa/"``. Without directory URLs, as MkDocs writes them:
    ``"index.html"``, ``"roles/index.html"``, ``"roles/qa.html"`` (a link to a folder would
    show a listing or a 404 on a server that does not add ``index.html``).
    """
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def relative_url(target: str, current: str) -> str:
    """Return a link from the page at site URL ``current`` to site URL ``target``.

    Both are site-root-relative URLs as returned by :func:`page_url` (a trailing
    ``/`` means a directory page).
    """
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    if target.endswith("/") or not target:
        rel = rel.rstrip("/") + "/"
        if rel == "./":
            return "./"
    return rel
