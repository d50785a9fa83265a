"""docs/ under the same rules as the data (issue 11): data files, copied scorecards and symbolic links
stop the build before anything is written; titles of hand-written pages and nav entries are text in
every place Material prints them; plugins are refused by what they are, not by how they are spelled."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hiring_kb.base.diagnostics import render_report
from hiring_kb.rendering.site_build import build_site
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY, copy_project
from tests.privacy.conftest import build, source_date_epoch
from tests.privacy.corpus import TRAP

TITLE = f"<script>{TRAP}=1</script><img src=x onerror={TRAP}=2>"
SUBTITLE = f"<b onmouseover={TRAP}=3>Loop</b>"
DESCRIPTION = f'"><script>{TRAP}=4</script>'
NAV_PAGE = f"<img src=y onerror={TRAP}=5>Process"
NAV_SECTION = f"<svg onload={TRAP}=6>Team"


def _failed_build(project: Path, tmp_path: Path) -> str:
    site = tmp_path / "site"
    result = build_site(project / "mkdocs.yml", site)
    assert not result.ok
    assert not site.exists()
    return result.output


@pytest.mark.parametrize(
    "name, content, line",
    [
        ("cv-jane-doe.txt", "Jane Doe\nSenior QA engineer\n", "docs/cv-jane-doe.txt: error[docs-data-file]"),
        ("assets/cv.pdf", "%PDF-1.4\n", "docs/assets/cv.pdf: error[docs-data-file]"),
        ("c-7d3e91.yml", "name: Jane Doe\n", "docs/c-7d3e91.yml: error[docs-data-file]"),
        ("offer.docx", "PK\x03\x04", "docs/offer.docx: error[docs-data-file]"),
        (
            "debrief.md",
            "---\ninterviewer: marc\ndate: 2026-11-24\nstage: system-design\nratings: {design: 3}\n---\n\nNotes.\n",
            "docs/debrief.md:1:1: error[docs-scorecard]",
        ),
    ],
)
def test_a_data_file_in_docs_stops_the_build(tmp_path: Path, name: str, content: str, line: str) -> None:
    # On main the .txt/.pdf/.docx were copied into the site and deployed (the audit saw nothing in the CV).
    project = copy_project(tmp_path / "project")
    target = project / "docs" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    report = validate_project(project, today=EXAMPLE_TODAY)
    assert not report.ok
    assert [d.code for d in report.diagnostics] == [line.split("[")[1].rstrip("]")]
    assert render_report(report.diagnostics).startswith(line)
    assert line in _failed_build(project, tmp_path)


def test_a_symbolic_link_in_docs_stops_the_build(tmp_path: Path) -> None:
    # On main a link to a file outside the repository was published.
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "outside.md"
    outside.write_text("# Salaries\n\nJane Doe: 72000\n", encoding="utf-8")
    (project / "docs/salaries.md").symlink_to(outside)
    output = _failed_build(project, tmp_path)
    assert (
        "docs/salaries.md: error[docs-symlink]: symbolic link in docs/: MkDocs would publish whatever it points to"
        in output
    )


def test_invoke_validate_names_the_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs/cv-jane-doe.txt").write_text("Jane Doe\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "validate"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(
        "docs/cv-jane-doe.txt: error[docs-data-file]: a '.txt' file in docs/"
    )


# -- titles and nav entries -------------------------------------------------------------------


@pytest.fixture(scope="module")
def titled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("titles") / "project")
    (project / "docs/loop.md").write_text(
        "---\n"
        f"title: {json.dumps(TITLE)}\n"
        f"subtitle: {json.dumps(SUBTITLE)}\n"
        f"description: {json.dumps(DESCRIPTION)}\n"
        "---\n\nHow the loop runs.\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nnav:\n"
        "  - index.md\n"
        "  - loop.md\n"
        f"  - {json.dumps(NAV_PAGE)}: process.md\n"
        f"  - {json.dumps(NAV_SECTION)}:\n"
        "      - interviewing.md\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch())
        return build(project, tmp_path_factory.mktemp("titles-site") / "site")


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_titles_are_text_in_nav_title_header_and_heading(titled_site: Path) -> None:
    doc = _soup(titled_site, "loop/index.html")
    assert doc.title.get_text() == f"{TITLE} - Hiring wiki"
    assert doc.select_one("article h1").get_text() == TITLE
    assert doc.select_one(".md-header__topic[data-md-component=header-topic] .md-ellipsis").get_text().strip() == TITLE
    assert doc.select_one('meta[name="description"]')["content"] == DESCRIPTION
    nav = [" ".join(a.get_text(" ", strip=True).split()) for a in doc.select(".md-nav--primary .md-nav__link")]
    assert f"{TITLE} {SUBTITLE}" in nav
    assert NAV_PAGE in nav
    assert NAV_SECTION in [
        " ".join(label.get_text(" ", strip=True).split()) for label in doc.select("label.md-nav__link")
    ]
    # Every page's navigation lists the title (the nav is on every page).
    home = [
        " ".join(a.get_text(" ", strip=True).split()) for a in _soup(titled_site, "index.html").select(".md-nav__link")
    ]
    assert f"{TITLE} {SUBTITLE}" in home


def test_no_markup_from_titles_reaches_any_page(titled_site: Path) -> None:
    for path in titled_site.rglob("*.html"):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in doc.find_all(True):
            assert not [a for a in element.attrs if a.lower().startswith("on")], f"{path}: {element}"
            if element.name == "script":
                assert TRAP not in element.get_text(), path
        assert not doc.find("svg", attrs={"onload": True})


def test_search_index_titles_are_escaped(titled_site: Path) -> None:
    # Material renders search results with innerHTML: a title must be escaped HTML there.
    docs = json.loads((titled_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = {d["location"]: d["title"] for d in docs}
    assert titles["loop/"] == (f"&lt;script&gt;{TRAP}=1&lt;/script&gt;&lt;img src=x onerror={TRAP}=2&gt;")
    assert [d["location"] for d in docs if TRAP in (d["title"] or "") and "<" in d["title"]] == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def titled_url(titled_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(titled_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_titles_run_nothing_in_chromium(browser, titled_url: str, screenshot_dir: Path) -> None:
    browser.set_window_size(1280, 1000)
    for page in ("", "loop/", "process/"):
        browser.get(titled_url + page)
        browser.execute_script(
            "for (const el of document.querySelectorAll('*'))"
            " for (const t of ['mouseover', 'load', 'error', 'focus']) el.dispatchEvent(new Event(t));"
        )
        assert browser.execute_script(f"return typeof {TRAP}") == "undefined", page
    browser.get(titled_url + "loop/")
    assert browser.title == f"{TITLE} - Hiring wiki"
    browser.save_screenshot(str(screenshot_dir / "hostile-title-1280.png"))


# -- plugins and extensions by what they are ----------------------------------------------------


def _disguised_plugin(folder: Path) -> Path:
    """A package registering a stand-in of mkdocs-encryptcontent under the harmless name 'tidy'."""
    package = folder / "mkdocs_encryptcontent_plugin"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "plugin.py").write_text(
        "from mkdocs.plugins import BasePlugin\n\n\nclass EncryptContentPlugin(BasePlugin):\n    pass\n",
        encoding="utf-8",
    )
    info = folder / "tidy_pages-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tidy-pages\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[mkdocs.plugins]\ntidy = mkdocs_encryptcontent_plugin.plugin:EncryptContentPlugin\n", encoding="utf-8"
    )
    return folder


def test_a_plugin_under_another_name_is_refused_by_its_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # On main only a plugin spelled 'macros' was refused; encryptcontent was accepted.
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - hiring\n", "  - hiring\n  - tidy\n"), encoding="utf-8"
    )
    site_packages = _disguised_plugin(tmp_path / "packages")
    monkeypatch.syspath_prepend(str(site_packages))
    lines = render_report(validate_project(project, today=EXAMPLE_TODAY).diagnostics).splitlines()
    line = config.read_text(encoding="utf-8").splitlines().index("  - tidy") + 1  # where it was written
    assert lines[0].startswith(
        f"mkdocs.yml:{line}:5: error[refused-plugin]: plugin 'tidy' is not allowed: it leaves page titles"
    )
    monkeypatch.setenv("PYTHONPATH", str(site_packages))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "plugin 'tidy' is not allowed: it leaves page titles (candidate names) in <title>" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_audit_finds_a_copied_cv(tmp_path: Path) -> None:
    # On main the audit found nothing in a CV copied into the site (the deploy went ahead).
    from hiring_kb.publish.audit import AuditContext, audit_site

    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets/cv-jane-doe.pdf").write_bytes(b"%PDF-1.4\n")
    (site / "cv.txt").write_text("Jane Doe, QA engineer\n", encoding="utf-8")
    found = [(d.position.path, d.code) for d in audit_site(site, AuditContext((), ()))]
    assert found == [("assets/cv-jane-doe.pdf", "data-file"), ("cv.txt", "data-file")]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # '<!-->' is a whole (empty) comment in a browser: the link after it is live
        (
            '<!--> <a href="https://x.invalid/phish">Open the debrief form</a> -->',
            "docs/tricks.md:3:7: error[page-link-off-site]: link 'https://x.invalid/phish' leads to another site",
        ),
        (
            "[Open](intent://x.invalid/#Intent;scheme=https;end)",
            "docs/tricks.md:3:8: error[page-link-off-site]: link 'intent://x.invalid/#Intent;scheme=https;end' opens "
            "another application, which can open any web address",
        ),
        (
            "[Open](x-safari-https://x.invalid/)",
            "docs/tricks.md:3:8: error[page-link-off-site]: link 'x-safari-https://x.invalid/' opens another",
        ),
    ],
)
def test_links_that_leave_by_a_comment_trick_or_another_app_are_refused(
    tmp_path: Path, line: str, message: str
) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs/tricks.md").write_text(f"# Tricks\n\n{line}\n", encoding="utf-8")
    lines = [
        x
        for x in render_report(validate_project(project, today=EXAMPLE_TODAY).diagnostics).splitlines()
        if x.startswith("docs/tricks.md")
    ]
    assert len(lines) == 1 and lines[0].startswith(message), lines


def test_the_audit_reads_comments_and_schemes_as_a_browser_does(tmp_path: Path) -> None:
    from hiring_kb.publish.audit import AuditContext, audit_site

    site = tmp_path / "site"
    site.mkdir()
    head = '<head><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"></head>'
    (site / "index.html").write_text(
        f'<html>{head}<body>\n<!--> <a href="https://x.invalid/">a</a> -->\n'
        '<a href="microsoft-edge:https://x.invalid/">b</a>\n<a href="mailto:hiring@x.invalid">c</a>\n</body></html>',
        encoding="utf-8",
    )
    found = [(d.position.line, d.code) for d in audit_site(site, AuditContext((), ())) if d.code != "contact-detail"]
    assert found == [(2, "external-url"), (3, "external-url")]
