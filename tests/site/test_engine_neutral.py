"""Compile first, engine-neutral (issue 14): the compiled tree builds with stock MkDocs + Material and no hiring
plugin (our theme overrides, CSS and JS as plain files) into the same candidate, role and index pages."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import yaml

from hiring_kb.mkdocs_plugin import THEME_DIR
from hiring_kb.rendering.compiler import tree_path
from hiring_kb.rendering.generated_page import candidate_uri
from hiring_kb.rendering.site_build import build_site, mkdocs_env
from hiring_kb.rendering.site_nav import hiring_nav
from tests.conftest import EXAMPLE_TODAY, ORIGINAL_CANDIDATES

EPOCH = str(int(dt.datetime.combine(EXAMPLE_TODAY, dt.time(12), dt.timezone.utc).timestamp()))
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def article(page: Path) -> str:
    """The page's content as built, without white space differences."""
    match = _ARTICLE.search(page.read_text(encoding="utf-8"))
    assert match, page
    return " ".join(match.group(1).split())


def test_the_compiled_tree_builds_without_the_plugin_into_the_same_pages(
    project: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    with_plugin = build_site(project / "mkdocs.yml", tmp_path / "with-plugin")
    assert with_plugin.ok, with_plugin.output
    tree = tree_path(project)
    assert (tree / "candidates" / "index.md").is_file()

    # Stock MkDocs: the project's theme and extensions, the tree as docs_dir, no hiring plugin.
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [{"search": config["plugins"][0]["search"]}]
    config["docs_dir"] = str(tree)
    config["theme"]["custom_dir"] = str(THEME_DIR)
    config["extra_css"] = ["assets/hiring/hiring.css"]
    config["extra_javascript"] = ["assets/hiring/hiring.js"]
    in_nav = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.md") if not p.name.startswith("c-"))
    roles = sorted(p for p in in_nav if p.startswith("roles/") and p != "roles/index.md")
    config["nav"] = hiring_nav(config.get("nav"), in_nav, roles)
    plain = tmp_path / "plain" / "mkdocs.yml"
    plain.parent.mkdir()
    plain.write_text(yaml.safe_dump(config), encoding="utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(plain), "-d", str(tmp_path / "stock")],
        capture_output=True, text=True, env={**mkdocs_env(), "SOURCE_DATE_EPOCH": EPOCH}, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert "hiring:" not in built.stderr  # the plugin did not run

    stock, ours = tmp_path / "stock", tmp_path / "with-plugin"
    pages = ["candidates/index.html", "roles/index.html", "interviewers/index.html", "tags/index.html", "index.html"]
    pages += [f"{p.removesuffix('.md')}/index.html" for p in roles]
    pages += [f"{candidate_uri(cid).removesuffix('.md')}/index.html" for cid in ORIGINAL_CANDIDATES]
    for page in pages:
        assert article(stock / page) == article(ours / page), page
    built_candidates = sorted(p.parent.name for p in (ours / "candidates").glob("c-*/index.html"))
    assert sorted(p.parent.name for p in (stock / "candidates").glob("c-*/index.html")) == built_candidates
    # the pages carry our theme overrides and assets: noindex, the plain-text title, the stylesheet
    for page in ("index.html", "candidates/c-2b8f40/index.html"):
        stock_html, our_html = (stock / page).read_text(encoding="utf-8"), (ours / page).read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex, nofollow, noarchive">' in stock_html
        assert _TITLE.search(stock_html).group(1) == _TITLE.search(our_html).group(1)
        assert "assets/hiring/hiring.css" in stock_html and "assets/hiring/material-base.js" in stock_html
    assert (
        _TITLE.search((stock / "candidates/c-2b8f40/index.html").read_text()).group(1) == "Lena Kowalczyk - Hiring wiki"
    )
