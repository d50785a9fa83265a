"""The search index entries of generated pages, kept beside the compiled tree so an unchanged page is not
parsed again.

Material's search plugin finds a page's sections by parsing its HTML (Python's ``html.parser``), which costs
more than the rest of building a big candidate page. Its entries follow from the page's HTML, URL, table of
contents, front matter and the search plugin's own configuration, and nothing else; :func:`entries_key` is a
digest of exactly those, so a page whose key is in the cache gets the entries the search plugin made for it
last time, in the same order, without the parse.

The cache, ``.hiring-build/<audience>/.hiring-search.json``, is a copy of text the site publishes in its search
index, so it lives in the owner-only build folder (a file 0600), is audited with the tree and removed by
purge. No MkDocs import here: the plugin passes plain values.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from hiring_kb.rendering.tree_writes import write_if_changed

CACHE_FILE = ".hiring-search.json"
#: Bumped when the stored form changes; a cache of another version is ignored.
VERSION = 1

Entries = list[dict[str, Any]]


def entries_key(url: str, html: str, toc: object, meta: object, title: object, search_config: object) -> str:
    """BLAKE2 digest (hex) of everything a page's search entries are made from: its URL, HTML content, table
    of contents (a repr of anchors and titles), front matter, title, and the search plugin's configuration
    and version (``search_config``, any repr-able value)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (url, repr(toc), repr(meta), repr(title), repr(search_config)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    digest.update(html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class SearchCache:
    """Search entries by :func:`entries_key`, loaded from and saved to ``folder / CACHE_FILE``.

    Only the entries of each page's latest version are kept: when a page (by URL) gets a new key, the entries
    of its old one are dropped at the next :meth:`save`, and so are those of pages no build of this process has
    seen (a full build sees every page; a later dirty rebuild remembers what the earlier builds saw). Nothing
    of a page's earlier text outlives the next save.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self._entries: dict[str, Entries] = self._load()
        self._current: dict[str, str] = {}  # page URL -> key of its latest version
        self._changed = False

    def _load(self) -> dict[str, Entries]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("pages"), dict):
            return {}
        return {str(k): v for k, v in data["pages"].items() if isinstance(v, list)}

    def forget_pages(self, keep: set[str]) -> None:
        """Forget the pages whose URL is not in ``keep`` (the site's pages now: a removed page's entries go)."""
        self._current = {url: key for url, key in self._current.items() if url in keep}

    def get(self, url: str, key: str) -> Entries | None:
        """The entries stored under ``key`` for the page at ``url`` (copies: the search plugin may change
        them), or None."""
        found = self._entries.get(key)
        if found is None:
            return None
        self._current[url] = key
        return [dict(entry) for entry in found]

    def put(self, url: str, key: str, entries: Entries) -> None:
        """Store the entries the search plugin made for the page at ``url`` under its key."""
        self._current[url] = key
        if self._entries.get(key) != entries:
            self._entries[key] = [dict(entry) for entry in entries]
            self._changed = True

    def save(self) -> None:
        """Write the entries of the pages' latest versions (atomically, 0600) when they changed.
        Raises OSError when the file cannot be written."""
        current = set(self._current.values())
        if set(self._entries) != current:
            self._entries = {k: v for k, v in self._entries.items() if k in current}
            self._changed = True
        if not self._changed:
            return
        payload = json.dumps({"version": VERSION, "pages": self._entries}, ensure_ascii=False, separators=(",", ":"))
        write_if_changed(self.path, payload.encode("utf-8"))
        self._changed = False
