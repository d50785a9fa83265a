"""The search entries of a build (hiring_kb.rendering.search_entries), without MkDocs: reused from the cache for an
unchanged page, stored for a new one, and kept across a dirty rebuild for the pages it did not render."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from hiring_kb.rendering.search_entries import SearchEntries, page_of, search_index, search_plugin, toc_outline

LOG = logging.getLogger("tests.search_entries")


class _Index:
    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []


class _SearchPlugin:
    def __init__(self) -> None:
        self.config = {"lang": ["en"]}
        self.search_index = _Index()


class _Anchor:
    def __init__(self, url: str, title: str, children: list[_Anchor] | None = None) -> None:
        self.url, self.title, self.children = url, title, children or []


class _Page:
    def __init__(self) -> None:
        self.toc = [_Anchor("#evidence", "Evidence", [_Anchor("#craft", "Craft")])]
        self.meta: dict[str, Any] = {"title": "Ada"}
        self.title = "Ada"


def _index_page(entries: SearchEntries, plugin: _SearchPlugin, made: list[dict[str, Any]]) -> _Page:
    """One page's turn: our hook before, the search plugin (adds ``made`` unless excluded), our hook after."""
    page = _Page()
    index = plugin.search_index
    entries.before_index("candidates/c-1.md", "candidates/c-1/", "<h1>Ada</h1>", page, plugin, len(index.entries))
    if not page.meta.get("search", {}).get("exclude"):
        index.entries.extend(dict(entry) for entry in made)
    entries.after_index("candidates/c-1.md", "candidates/c-1/", page.meta, index.entries)
    return page


def test_an_unchanged_page_gets_its_entries_from_the_cache_without_being_indexed(tmp_path: Path) -> None:
    made = [{"location": "candidates/c-1/", "title": "Ada", "text": ""}]
    first = SearchEntries(LOG)
    first.use_folder(tmp_path)
    first.begin_build()
    plugin = _SearchPlugin()
    _index_page(first, plugin, made)
    assert plugin.search_index.entries == made
    assert first.reused == 0
    first.finish_build({"candidates/c-1/"}, save=True)
    assert (tmp_path / ".hiring-search.json").is_file()

    again = SearchEntries(LOG)  # a new process reads the saved cache
    again.use_folder(tmp_path)
    again.begin_build()
    plugin = _SearchPlugin()
    page = _index_page(again, plugin, [{"location": "candidates/c-1/", "title": "never indexed", "text": ""}])
    assert plugin.search_index.entries == made
    assert again.reused == 1
    assert page.meta == {"title": "Ada"}  # the exclude mark is gone after the search plugin's turn


def test_a_dirty_rebuild_keeps_the_entries_of_pages_it_did_not_render_and_drops_gone_pages() -> None:
    entries = SearchEntries(LOG)
    full = [
        {"location": "", "title": "Home"},
        {"location": "candidates/c-1/", "title": "Ada"},
        {"location": "candidates/c-1/#craft", "title": "Craft"},
        {"location": "candidates/c-2/", "title": "Grace"},
    ]
    pages = {"", "candidates/c-1/", "candidates/c-2/"}
    assert entries.merge_kept(list(full), set(pages), pages, dirty=True) == full
    rebuilt = [{"location": "candidates/c-1/", "title": "Ada L."}]
    merged = entries.merge_kept(rebuilt, {"candidates/c-1/"}, {"", "candidates/c-1/"}, dirty=True)
    assert merged == [{"location": "", "title": "Home"}, {"location": "candidates/c-1/", "title": "Ada L."}]
    assert entries.merge_kept([], set(), {"", "candidates/c-1/"}, dirty=False) == merged
    assert entries.merge_kept([], set(), {"", "candidates/c-1/"}, dirty=False) == []  # not kept when not dirty


def test_the_search_plugin_is_found_by_its_index_and_a_toc_is_read_as_plain_values() -> None:
    plugin = _SearchPlugin()
    assert search_plugin([object(), plugin]) is plugin
    assert search_index([object(), plugin]) is plugin.search_index
    assert search_index([object()]) is None
    assert toc_outline(_Page().toc) == [("#evidence", "Evidence", [("#craft", "Craft", [])])]
    assert page_of({"location": "candidates/c-1/#craft"}) == "candidates/c-1/"
