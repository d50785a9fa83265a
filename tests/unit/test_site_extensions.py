"""Plugins and Markdown extensions refused by what they are (hiring_kb.sources.site_extensions), and the
escaping of hand-written pages' front matter (hiring_kb.sources.handwritten)."""

from __future__ import annotations

import pytest

from hiring_kb.sources.handwritten import escape_page_meta
from hiring_kb.sources.site_extensions import refused_extension, refused_plugin


@pytest.mark.parametrize(
    "spec, module",
    [
        ("pymdownx.snippets", None),
        ("pymdownx.snippets:SnippetExtension", None),
        ("pymdownx.snippets.SnippetExtension", None),
        ("anything", "pymdownx.snippets"),  # a loaded Extension object, judged by its class's module
        ("markdown_include.include", None),
        ("mdx_include", None),
        ("mkdocs_macros.plugin:MacrosPlugin", None),
    ],
)
def test_refused_extensions_by_module(spec: str, module: str | None) -> None:
    assert refused_extension(spec, module)


@pytest.mark.parametrize(
    "spec", ["toc", "admonition", "tables", "pymdownx.superfences", "pymdownx.details", "attr_list"]
)
def test_ordinary_extensions_are_allowed(spec: str) -> None:
    assert refused_extension(spec) is None


@pytest.mark.parametrize(
    "name, module",
    [
        ("macros", None),
        ("mkdocs-macros-plugin", None),
        ("encryptcontent", None),
        ("tidy", "mkdocs_encryptcontent_plugin.plugin"),
        ("include-markdown", None),
        ("include_markdown", None),
        ("simple-hooks", None),
        ("mysite/inc", "mkdocs_include_markdown_plugin.plugin"),
        ("git-committers", None),
    ],
)
def test_refused_plugins(name: str, module: str | None) -> None:
    assert refused_plugin(name, module)


@pytest.mark.parametrize(
    "name, module", [("search", None), ("material/search", None), ("hiring", "hiring_kb.mkdocs_plugin")]
)
def test_ordinary_plugins_are_allowed(name: str, module: str | None) -> None:
    assert refused_plugin(name, module) is None


def test_the_encryptcontent_reason_says_why() -> None:
    assert refused_plugin("encryptcontent") == (
        "leaves page titles (candidate names) in <title> and the search index, and its cache file keeps the "
        "password in clear; the site is private behind sign-in instead (docs/publishing.md)"
    )


def test_front_matter_texts_are_escaped() -> None:
    meta = {"title": "<b>R&D</b>", "tags": ["<i>", 3], "hide": ["navigation"], "search": {"exclude": True}, "n": 2}
    assert escape_page_meta(meta) == {
        "title": "&lt;b&gt;R&amp;D&lt;/b&gt;",
        "tags": ["&lt;i&gt;", 3],
        "hide": ["navigation"],
        "search": {"exclude": True},
        "n": 2,
    }
