"""Injection corpus: hostile names, tags, stage names, rubric, questions and notes build into
pages where none of it can run — checked in the HTML and in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.sources.settings import load_settings
from tests.privacy.corpus import HOSTILE_VALUES, TRAP

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href", "background")
_SCHEME_NOISE = re.compile(r"[\x00-\x20]")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_pages_hold_no_executable_markup(hostile_site: Path) -> None:
    checked = 0
    for path in pages(hostile_site):
        doc = soup(path)
        label = path.relative_to(hostile_site).as_posix()
        for element in doc.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert handlers == [], f"{label}: <{element.name} {handlers}>"
            assert element.name not in {"iframe", "frame", "object", "embed", "base", "applet"}, label
            if element.name == "meta":
                assert element.get("http-equiv", "").lower() != "refresh", label
            if element.name == "form":
                assert not element.get("action"), label
            if element.name == "script":
                # Only the theme's and our own files, and Material's JSON config (not executed).
                assert element.get("src") or element.get("type") == "application/json", f"{label}: {element}"
                if element.get("src"):
                    assert "assets/" in element["src"] and "//" not in element["src"], label
            for attribute in URL_ATTRIBUTES:
                value = _SCHEME_NOISE.sub("", str(element.get(attribute, ""))).lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:")), f"{label}: {element}"
            checked += 1
        # The trap only ever appears as text or inside a quoted attribute value, never as code.
        for script in doc.find_all("script"):
            assert TRAP not in script.get_text(), label
    assert checked > 5000


def test_hostile_values_render_as_their_own_text(hostile_site: Path, hostile_project: tuple[Path, list[str]]) -> None:
    _, ids = hostile_project
    for cid, value in zip(ids, HOSTILE_VALUES, strict=True):
        doc = soup(hostile_site / "candidates" / cid / "index.html")
        name = " ".join(f"Eve {value}".split())
        assert doc.title.get_text() == f"{name} - Hiring wiki"
        assert doc.select_one("article h1").get_text() == name
        assert doc.select_one("article h1")["id"] == "candidate"
        assert [li.get_text() for li in doc.select(".hkb-tags li")] == [
            value,
            HOSTILE_VALUES[(HOSTILE_VALUES.index(value) + 1) % len(HOSTILE_VALUES)],
        ]
        assert (
            doc.select_one(".md-header__topic[data-md-component=header-topic] .md-ellipsis").get_text().strip() == name
        )
    role = soup(hostile_site / "roles/qa-engineer/index.html")
    assert role.title.get_text() == f"QA {HOSTILE_VALUES[0]} - Hiring wiki"
    assert f"Screen {HOSTILE_VALUES[1]}" in [h.get_text().rstrip("¶") for h in role.select("article h3")]


def test_search_index_keeps_values_as_escaped_text(hostile_site: Path, hostile_project: tuple[Path, list[str]]) -> None:
    # Material renders search results with innerHTML: titles and texts must be escaped HTML.
    docs = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {d["location"]: d for d in docs}
    cid = hostile_project[1][0]
    assert (
        by_location[f"candidates/{cid}/"]["title"] == "Eve &lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;"
    )
    for doc in docs:
        assert "<script" not in doc["title"] + doc["text"]
        assert not re.search(r"<[^>]+\son\w+\s*=", doc["text"]), doc["location"]


def test_the_audit_agrees(hostile_site: Path, hostile_project: tuple[Path, list[str]]) -> None:
    settings, _ = load_settings(hostile_project[0])
    assert audit_site(hostile_site, AuditContext.from_settings(settings)) == []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    """The hostile site on loopback with no CSP at all: the markup alone must be safe."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(hostile_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_no_page_runs_the_payload_in_chromium(
    browser, hostile_site: Path, hostile_url: str, screenshot_dir: Path
) -> None:
    # Control: the same check does see a payload that runs.
    browser.get(f"data:text/html,<script>{TRAP}=1</script>")
    assert browser.execute_script(f"return typeof {TRAP}") == "number"
    loaded = []
    # Every generated page, the home page and one hand-written page (hand-written pages only
    # show the hostile values in the navigation, which every page shares).
    generated = ("candidates/", "roles/", "tags/", "interviewers/")
    for path in pages(hostile_site):
        relative = path.relative_to(hostile_site).as_posix()
        if not (relative.startswith(generated) or relative in ("index.html", "process/index.html")):
            continue  # 404.html uses absolute asset URLs (site root): it is loaded through nginx in test_nginx
        url = hostile_url + relative.removesuffix("index.html")
        browser.get(url)
        # Give any surviving handler its event: one synthetic event of each kind on every element.
        browser.execute_script(
            "for (const el of document.querySelectorAll('article *, .md-header *, title'))"
            " for (const t of ['mouseover', 'mouseenter', 'focus', 'toggle', 'load', 'error', 'begin'])"
            "  el.dispatchEvent(new Event(t));"
        )
        assert browser.execute_script(f"return typeof {TRAP}") == "undefined", url
        assert browser.execute_script("return document.title") and browser.title != ""
        loaded.append(url)
    assert len(loaded) >= 15
    browser.get(hostile_url + "candidates/c-ee0001/")
    browser.save_screenshot(str(screenshot_dir / "hostile-candidate.png"))
    assert browser.execute_script(f"return typeof {TRAP}") == "undefined"


@pytest.mark.parametrize("spelling", ["pymdownx.snippets", "pymdownx.snippets:SnippetExtension"])
def test_snippets_and_macros_are_refused(project: Path, spelling: str) -> None:
    import subprocess
    import sys

    # Every spelling of the snippets extension names one module: refused by what it is (issue 11).
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"  - '{spelling}'\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "out")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert (
        f"Markdown extension '{spelling}' is not allowed: it includes other files into pages, so a page could "
        "publish a candidate file or a CV ('--8<--' lines); remove it from mkdocs.yml"
    ) in result.stderr
    assert not (project / "out").exists()
