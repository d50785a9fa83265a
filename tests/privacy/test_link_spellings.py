"""Links judged as a browser resolves them (issue 11): a corpus of spellings of "another site" and of
"this site", through the URL judgement, the note sanitiser, the validator, the audit, and headless
Chromium (which resolves each href of a rendered page against the page's own URL)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hiring_kb.base.links import Destination, browser_form, judge
from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.sources.note_html import render_notes_html
from hiring_kb.sources.notes import external_links
from tests.conftest import copy_project
from tests.privacy.conftest import build

#: Spellings that leave the site once a browser has parsed them (WHATWG URL), as the HTML parser
#: hands them over (entities decoded): (href, what the browser reads).
OFF_SITE = [
    ("//x.invalid/p", "//x.invalid/p"),
    ("\\\\x.invalid", "//x.invalid"),
    ("/\\x.invalid", "//x.invalid"),
    ("\\/x.invalid", "//x.invalid"),
    ("/\t/x.invalid", "//x.invalid"),
    ("/\n/x.invalid", "//x.invalid"),
    ("/\r\n/x.invalid", "//x.invalid"),
    ("\t//x.invalid", "//x.invalid"),
    (" //x.invalid", "//x.invalid"),
    ("\x00//x.invalid", "//x.invalid"),
    ("\x1f\\\\x.invalid\x0c", "//x.invalid"),
    ("https://x.invalid", "https://x.invalid"),
    ("HTTPS://x.invalid", "https://x.invalid"),
    ("hTtP:\\\\x.invalid", "http://x.invalid"),
    ("ht\ttp://x.invalid", "http://x.invalid"),
    ("https:x.invalid", "https:x.invalid"),
    ("https:/x.invalid", "https:/x.invalid"),
    ("ws://x.invalid", "ws://x.invalid"),
    ("ftp://x.invalid", "ftp://x.invalid"),
]
SCRIPTS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " \x01javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "blob:https://x.invalid/1",
]
ON_SITE = ["../c-7d3e91/", "#interview-2026-11-10-screen-bea", "?q=1", "roles/qa-engineer/", "/%5Cx.invalid", "%2F%2Fx"]


@pytest.mark.parametrize("href, read_as", OFF_SITE)
def test_off_site_spellings(href: str, read_as: str) -> None:
    assert browser_form(href) == read_as
    assert judge(href) is Destination.OTHER_SITE


@pytest.mark.parametrize("href", SCRIPTS)
def test_script_spellings(href: str) -> None:
    assert judge(href) is Destination.SCRIPT


@pytest.mark.parametrize("href", ON_SITE)
def test_on_site_spellings(href: str) -> None:
    assert judge(href) is Destination.SITE


@pytest.mark.parametrize(
    "href, destination",
    [
        ("http://127.0.0.1:8000/", Destination.LOOPBACK),
        ("//localhost:8000", Destination.LOOPBACK),
        ("http://[::1]/", Destination.LOOPBACK),
        ("http://127.0.0.1.x.invalid/", Destination.OTHER_SITE),
        ("http://user@127.0.0.1@x.invalid/", Destination.OTHER_SITE),
        ("mailto:jo@x.invalid", Destination.OTHER_SCHEME),
        ("tel:+4912345", Destination.OTHER_SCHEME),
    ],
)
def test_loopback_and_other_schemes(href: str, destination: Destination) -> None:
    assert judge(href) is destination


def _html_attribute(href: str) -> str:
    """``href`` written into an HTML attribute value (quotes and ampersands escaped, the rest as is)."""
    return href.replace("&", "&amp;").replace('"', "&quot;")


# (An HTML parser turns NUL into U+FFFD, which makes a path of this site: the NUL spelling is URL-level only.)
@pytest.mark.parametrize("href", [h for h, _ in OFF_SITE if "\x00" not in h] + SCRIPTS)
def test_the_sanitiser_drops_every_spelling(href: str) -> None:
    # On main `\\x.invalid`, `/\x.invalid` and `/<tab>/x.invalid` kept their href.
    html = render_notes_html(f'Shared <a href="{_html_attribute(href)}">slides</a> today.')
    link = BeautifulSoup(html, "html.parser").find("a")
    assert link is not None and link.get_text() == "slides"
    assert link.get("href") is None


@pytest.mark.parametrize(
    "body, col",
    [
        ("Repo: [repo](//x.invalid/dev).", 14),
        ('See <a href="/\\x.invalid">slides</a>.', 14),
        ('See <a href="\\\\x.invalid">slides</a>.', 14),
        ('See <a href="/\t/x.invalid">slides</a>.', 14),
        ('See <a href="&#92;&#92;x.invalid">slides</a>.', 8),
        ("See [board][b].\n\n[b]: //x.invalid", 6),
    ],
)
def test_validate_warns_at_the_line(body: str, col: int) -> None:
    # On main none of these gave a warning (validate --strict passed).
    found = external_links("Intro line.\n" + body, 7, "n.md")
    assert [(d.code, d.position.line) for d in found] == [("external-link", 8 if "[b]:" not in body else 10)]
    assert found[0].position.col == col


def test_a_link_to_the_site_is_kept_and_not_warned() -> None:
    html = render_notes_html("See [the loop](../c-7d3e91/#loop).")
    assert BeautifulSoup(html, "html.parser").find("a")["href"] == "../c-7d3e91/#loop"
    assert external_links("See [the loop](../c-7d3e91/#loop).", 7, "n.md") == []


def test_the_audit_reads_links_as_a_browser(tmp_path: Path) -> None:
    # On main the audit found nothing in these three.
    site = tmp_path / "site"
    site.mkdir()
    head = '<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">'
    (site / "index.html").write_text(
        f'<html><head>{head}</head><body><a href="/\\x.invalid">a</a>\n<a href="\\\\x.invalid">b</a>\n'
        '<a href="/&#9;/x.invalid">c</a>\n<a href="java&#9;script:alert(1)">d</a></body></html>\n',
        encoding="utf-8",
    )
    found = audit_site(site, AuditContext((), ()))
    assert [(d.code, d.position.line) for d in found] == [
        ("external-url", 1),
        ("external-url", 2),
        ("external-url", 3),
        ("unsafe-url", 4),
    ]


# -- in Chromium ------------------------------------------------------------------------------

#: A few spellings as an interviewer would paste them into raw HTML of a note.
BROWSER_SPELLINGS = [
    "/\\x.invalid/",
    "\\\\x.invalid/",
    "/\t/x.invalid/",
    "/\n/x.invalid/",
    "&#92;/x.invalid/",
    " //x.invalid/",
]
NOTE = "candidates/c-7d3e91/interviews/2026-11-18-technical-ana.md"
#: Every link of the page's article, resolved against the page URL: those whose origin is another.
OFF_SITE_JS = (
    "return [...document.querySelectorAll('article a[href], article [src]')]"
    ".map(e => new URL(e.getAttribute('href') ?? e.getAttribute('src'), location.href))"
    ".filter(u => u.origin !== location.origin).map(u => u.href)"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    project = copy_project(tmp_path_factory.mktemp("links") / "project")
    note = project / NOTE
    links = "\n".join(f'- <a href="{href}">link {i}</a>' for i, href in enumerate(BROWSER_SPELLINGS))
    note.write_text(note.read_text(encoding="utf-8") + f"\n\nLinks she shared:\n\n{links}\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        from tests.privacy.conftest import source_date_epoch

        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch())
        site = build(project, tmp_path_factory.mktemp("links-site") / "site")
    # The control: the same spellings unsanitised, so the check below is seen to catch them.
    (site / "control.html").write_text(
        "<!doctype html><article>" + "".join(f'<a href="{h}">c</a>' for h in BROWSER_SPELLINGS) + "</article>",
        encoding="utf-8",
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", site
    finally:
        server.shutdown()
        server.server_close()


def test_no_rendered_link_leaves_the_site_in_chromium(browser, linked_site: tuple[str, Path]) -> None:
    url, _site = linked_site
    browser.get(url + "control.html")
    assert sorted(set(browser.execute_script(OFF_SITE_JS))) == ["http://x.invalid/"]
    assert len(browser.execute_script(OFF_SITE_JS)) == len(BROWSER_SPELLINGS)
    browser.get(url + "candidates/c-7d3e91/")
    texts = browser.execute_script("return [...document.querySelectorAll('article a')].map(a => a.textContent)")
    assert sorted({t for t in texts if t.startswith("link ")}) == [f"link {i}" for i in range(len(BROWSER_SPELLINGS))]
    assert browser.execute_script(OFF_SITE_JS) == []
    # A dropped link reads as text: the colour of the words around it (hiring.css).
    link, around = browser.execute_script(
        "const a = [...document.querySelectorAll('.hkb-notes a, .hkb-evidence__notes a')].find(a => a.textContent === 'link 0');"
        "return [getComputedStyle(a).color, getComputedStyle(a.parentElement).color]"
    )
    assert link == around
    # Clicking the first one stays on the page (an <a> without href is not a link).
    browser.execute_script("[...document.querySelectorAll('article a')].find(a => a.textContent === 'link 0').click()")
    assert browser.current_url.startswith(url)
