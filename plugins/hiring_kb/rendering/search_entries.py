"""The search index of one site build and what a ``mkdocs serve`` session keeps of it between rebuilds.

Two things, both about Material's search plugin without importing it (the engine adapter passes the
plugin object, the page's values and the index's ``entries`` list):

- Reuse: a generated page whose :func:`~hiring_kb.rendering.search_cache.entries_key` is in the
  :class:`~hiring_kb.rendering.search_cache.SearchCache` is marked ``search: exclude`` for the search plugin's turn
  (so its HTML is not parsed), and its cached entries are put where the plugin would have put them.
- Kept entries: the search plugin indexes only the pages rendered in this build; a dirty rebuild renders a
  few, so the entries of every other page still in the site are kept from the previous build.

What the entries are stored as on disk is :mod:`hiring_kb.rendering.search_cache`; this module is the per-build flow.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, MutableMapping
from pathlib import Path
from typing import Any

from hiring_kb.rendering.search_cache import Entries, SearchCache, entries_key

_ABSENT = object()


def search_plugin(plugins: Iterable[object]) -> Any:
    """The search plugin among the site's loaded plugins (the one with a ``search_index``), or None."""
    return next((plugin for plugin in plugins if hasattr(plugin, "search_index")), None)


def search_index(plugins: Iterable[object]) -> Any:
    """The index of the search plugin (its ``entries`` list), or None without one."""
    index = getattr(search_plugin(plugins), "search_index", None)
    return index if isinstance(getattr(index, "entries", None), list) else None


def search_setup(plugin: object) -> tuple[str, str, str]:
    """What the search entries depend on beside the page: the search plugin's class, version and settings."""
    package = type(plugin).__module__.partition(".")[0]
    version = str(getattr(sys.modules.get(package), "__version__", ""))
    return (
        f"{type(plugin).__module__}.{type(plugin).__qualname__}",
        version,
        repr(sorted(dict(getattr(plugin, "config", {}) or {}).items())),
    )


def toc_outline(toc: Iterable[object] | None) -> list[tuple[str, str, list[Any]]]:
    """(anchor, title, children) of a page's table of contents: the part search entries read."""
    return [
        (str(getattr(item, "url", "")), str(getattr(item, "title", "")), toc_outline(getattr(item, "children", [])))
        for item in (toc or [])
    ]


def page_of(entry: dict[str, Any]) -> str:
    """The page URL of a search index entry (its location without the section anchor)."""
    return str(entry.get("location", "")).partition("#")[0]


class SearchEntries:
    """The search entries of generated pages across the builds of one process.

    ``log``: where the reuse line and a failed save are reported (the engine's logger).
    """

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self.cache: SearchCache | None = None
        #: Per page of this build, from the search plugin's turn before to its turn after: the key and either
        #: the cached entries (the search plugin skips the page) or where its own entries start.
        self._pending: dict[str, tuple[str, Entries | None, int, object]] = {}
        self.reused = 0  # pages of this build whose search entries came from the cache
        self._previous: list[dict[str, Any]] = []  # the last full search index (serve)

    def use_folder(self, folder: Path) -> None:
        """Keep the cache of ``folder`` (the compiled tree's build folder), loading it when it is another one."""
        if self.cache is None or self.cache.path.parent != folder:
            self.cache = SearchCache(folder)

    def begin_build(self) -> None:
        """A new build starts: nothing pending, nothing reused yet."""
        self._pending = {}
        self.reused = 0

    def forget_index(self) -> None:
        """Drop the kept index (a new serve session or command starts from a full build)."""
        self._previous = []

    def before_index(self, src_uri: str, url: str, html: str, page: Any, plugin: object, start: int) -> None:
        """Before the search plugin's turn on a generated page: when its entries are cached, mark it
        ``search: exclude`` in ``page.meta``. ``page`` has ``toc``, ``meta`` and ``title``; ``start`` is the
        index's length now."""
        if self.cache is None:
            return
        # The entries follow from these values only: a page seen before gets them without its HTML parsed.
        key = entries_key(url, html, toc_outline(page.toc), page.meta, page.title, search_setup(plugin))
        cached = self.cache.get(url, key)
        saved = page.meta.get("search", _ABSENT)
        if cached is not None:
            page.meta["search"] = {**(saved if isinstance(saved, dict) else {}), "exclude": True}
        self._pending[src_uri] = (key, cached, start, saved)

    def after_index(
        self, src_uri: str, url: str, meta: MutableMapping[str, Any], entries: list[dict[str, Any]]
    ) -> None:
        """After the search plugin's turn: ``meta`` as it was; the cached entries put in ``entries`` (the
        index's list) where the plugin would have put them, or the plugin's new entries stored."""
        pending = self._pending.pop(src_uri, None)
        if pending is None or self.cache is None:
            return
        key, cached, start, saved = pending
        if saved is _ABSENT:
            meta.pop("search", None)
        else:
            meta["search"] = saved
        if cached is not None:
            entries[start:] = cached
            self.reused += 1
        else:
            self.cache.put(url, key, entries[start:])

    def finish_build(self, page_urls: set[str], save: bool) -> None:
        """The build's pages are all known (``page_urls``): forget removed pages, and save the cache when
        ``save`` (a serve rebuild keeps it in memory; :meth:`save` runs when serve stops)."""
        if self.reused:
            self.log.info(f"hiring: search entries of {self.reused:,} unchanged pages reused")
        if self.cache is not None:
            self.cache.forget_pages(page_urls)
        if save:
            self.save()

    def merge_kept(
        self, entries: list[dict[str, Any]], rendered: set[str], page_urls: set[str], dirty: bool
    ) -> list[dict[str, Any]]:
        """The whole index: the kept entries of pages not rendered this build and still in the site, then
        ``entries`` (this build's). Kept for the next rebuild when ``dirty``."""
        kept = [entry for entry in self._previous if (page := page_of(entry)) not in rendered and page in page_urls]
        merged = kept + entries
        self._previous = merged if dirty else []
        return merged

    def save(self) -> None:
        """Write the cache; a failure is a warning (only a cache: the next build parses those pages again)."""
        if self.cache is None:
            return
        try:
            self.cache.save()
        except OSError as exc:
            self.log.warning(f"hiring: could not save the search entries cache: {exc}")
