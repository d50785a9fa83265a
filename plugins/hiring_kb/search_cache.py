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

from .compiler import write_if_changed

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

    :meth:`get` and :meth:`put` mark keys used by this build; :meth:`save` keeps the used keys only
    (``prune=True``, a full build) or every key (a dirty rebuild, which sees few pages).
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self._entries: dict[str, Entries] = self._load()
        self._used: set[str] = set()
        self._changed = False

    def _load(self) -> dict[str, Entries]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("pages"), dict):
            return {}
        return {str(k): v for k, v in data["pages"].items() if isinstance(v, list)}

    def start_build(self) -> None:
        """Forget which keys the last build used (the entries stay)."""
        self._used = set()

    def get(self, key: str) -> Entries | None:
        """The entries stored under ``key`` (copies: the search plugin may change them), or None."""
        found = self._entries.get(key)
        if found is None:
            return None
        self._used.add(key)
        return [dict(entry) for entry in found]

    def put(self, key: str, entries: Entries) -> None:
        """Store the entries the search plugin made for a page under its key."""
        self._used.add(key)
        if self._entries.get(key) != entries:
            self._entries[key] = [dict(entry) for entry in entries]
            self._changed = True

    def save(self, prune: bool) -> None:
        """Write the cache (atomically, 0600) when it changed; ``prune``: drop keys this build did not use.
        Raises OSError when it cannot be written."""
        if prune and set(self._entries) != self._used:
            self._entries = {k: v for k, v in self._entries.items() if k in self._used}
            self._changed = True
        if not self._changed:
            return
        payload = json.dumps({"version": VERSION, "pages": self._entries}, ensure_ascii=False, separators=(",", ":"))
        write_if_changed(self.path, payload.encode("utf-8"))
        self._changed = False
