"""URLs as users configure them: with site_url under a sub-path (/kb/) the audit passes a clean
build, and every link of every page, the 404 page included (served at any depth), resolves to a
file of the site, as a browser resolves it; with use_directory_urls: false links end in .html."""

from __future__ import annotations

import datetime as dt
import os
import stat
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.rendering.site_build import build_site
from hiring_kb.sources.settings import load_settings
from tests.conftest import EXAMPLE_TODAY, copy_project

SITE_URL = "https://wiki.example.invalid/kb/"
BASE = "/kb/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name, tag) in {
                ("href", "a"),
                ("href", "link"),
                ("src", "script"),
                ("src", "img"),
            }:
                self.links.append(value)


def page_address(relative: str, directory_urls: bool) -> str:
    """The URL a browser shows for a built file (404.html: any missing page, deep down)."""
    if relative == "404.html":
        return f"{BASE}no/such/page/here/"
    if directory_urls and (relative == "index.html" or relative.endswith("/index.html")):
        return BASE + relative[: -len("index.html")]
    return BASE + relative


def broken_links(site: Path, directory_urls: bool) -> tuple[list[str], list[str], int]:
    """(links that lead to no file, internal links to a folder, links checked)."""
    broken, folders, checked = [], [], 0
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        address = "https://wiki.example.invalid" + page_address(relative, directory_urls)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if link.startswith(("#", "mailto:", "data:", "tel:")):
                continue
            url = urllib.parse.urlsplit(urllib.parse.urljoin(address, link))
            if url.hostname in ("127.0.0.1", "localhost"):
                continue  # `invoke serve` on the reader's own machine, in the docs
            if url.netloc != "wiki.example.invalid":
                broken.append(f"{relative}: {link} leaves the site")
                continue
            checked += 1
            if not url.path.startswith(BASE):
                broken.append(f"{relative}: {link} -> {url.path} is outside {BASE}")
                continue
            target = urllib.parse.unquote(url.path[len(BASE) :])
            if target == "" or target.endswith("/"):
                folders.append(f"{relative}: {link}")
                target += "index.html"
            if not (site / target).is_file():
                broken.append(f"{relative}: {link} -> {url.path} (no file)")
    return broken, folders, checked


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "html-urls"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bool]:
    directory_urls: bool = request.param
    project = copy_project(tmp_path_factory.mktemp("urls") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "use_directory_urls: true", f"use_directory_urls: {str(directory_urls).lower()}"
    )
    config.write_text(f"site_url: {SITE_URL}\n" + text, encoding="utf-8")
    epoch = dt.datetime.combine(EXAMPLE_TODAY, dt.time(12), dt.timezone.utc).timestamp()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))
        result = build_site(config, project / "site")
    assert result.ok, result.output
    return project, project / "site", directory_urls


def test_the_audit_passes_a_clean_build_with_site_url(built: tuple[Path, Path, bool]) -> None:
    project, site, _ = built
    canonical = (site / "roles/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}roles/' in canonical
    settings, _ = load_settings(project)
    assert audit_site(site, AuditContext.from_settings(settings, project / "mkdocs.yml")) == []


def test_a_canonical_link_to_another_host_is_still_external(built: tuple[Path, Path, bool], tmp_path: Path) -> None:
    project, _site, _ = built
    page = tmp_path / "site/index.html"
    page.parent.mkdir()
    head = '<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">'
    page.write_text(
        f'{head}<link rel="canonical" href="https://wiki.example.invalid.evil.test/kb/">'
        f'<link rel="canonical" href="https://wiki.example.invalid/other/">'
    )
    settings, _ = load_settings(project)
    found = [
        d.code for d in audit_site(tmp_path / "site", AuditContext.from_settings(settings, project / "mkdocs.yml"))
    ]
    assert found == ["external-url", "external-url"]


def test_every_link_works_under_the_sub_path(built: tuple[Path, Path, bool]) -> None:
    _, site, directory_urls = built
    broken, folders, checked = broken_links(site, directory_urls)
    assert broken == []
    assert checked > 200  # every page's nav, assets and generated links were followed
    if not directory_urls:
        assert folders == []  # every link names its .html file
        assert (site / "candidates/c-7d3e91.html").is_file()
        roles = (site / "roles/index.html").read_text(encoding="utf-8")
        assert 'href="backend-engineer.html"' in roles or 'href="../roles/backend-engineer.html"' in roles
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/kb/assets/hiring/hiring.css"' in not_found


def test_the_built_site_folder_has_the_usual_mode(built: tuple[Path, Path, bool]) -> None:
    """Not mkdtemp's 0700: a web server pointed at site/ (or a copy made with cp -a) can read it."""
    _, site, _ = built
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~umask
