"""The host recipe for real: Debian's nginx on loopback, workers as www-data, configured with
deploy/nginx/privacy.conf and auth-basic.conf, serving a real `dir` deploy of the example project
with default settings. Unauthenticated requests get 401 everywhere; authenticated ones get the
pages with the privacy headers, and the site works under the CSP."""

from __future__ import annotations

import base64
import http.client
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiring_kb.publish.publishing import deploy_project
from tests.conftest import EXAMPLE_TODAY, ROOT, copy_project
from tests.privacy.conftest import commit_all
from tests.privacy.nginx import WORKER_USER, Nginx, require_nginx, start_nginx

PRIVACY = ROOT / "deploy/nginx/privacy.conf"
BASIC = ROOT / "deploy/nginx/auth-basic.conf"
USER, PASSWORD = "ana", "correct horse battery staple"
PATHS = {
    "home": "/",
    "candidate page": "/candidates/c-7d3e91/",
    "search index": "/search/search_index.json",
    "sitemap": "/sitemap.xml",
    "404 page": "/404.html",
    "asset": "/assets/hiring/hiring.css",
    "missing page": "/no-such-page/",
}
#: The deploy folder nginx serves (set by the fixture), for the CSP control page.
PUBLISHED: list[Path] = []
EXPECTED_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
#: The workers of the running nginx (set by the fixture).
SERVER: list[Nginx] = []


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of nginx (workers as www-data) serving a fresh `invoke deploy` of the example
    project with default settings, configured as deploy/nginx/site.conf: privacy.conf,
    auth-basic.conf, the release's `current` as root. Nothing is chmod-ed after the deploy."""
    require_nginx()
    # The server's /srv: a folder anyone may enter, created before the first deploy.
    work = Path(tempfile.mkdtemp(prefix="hiring-nginx-"))
    work.chmod(0o755)
    project = copy_project(tmp_path_factory.mktemp("nginx") / "project")
    published = work / "published"
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {published}\n")
    commit_all(project)
    with pytest.MonkeyPatch.context() as patch:
        from tests.privacy.conftest import source_date_epoch

        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch())
        deploy_project(project, project / "mkdocs.yml", project / "site", lambda _: None, EXAMPLE_TODAY)
    conf = work / "conf"
    conf.mkdir()
    hashed = subprocess.run(
        ["openssl", "passwd", "-5", PASSWORD], capture_output=True, text=True, check=True
    ).stdout.strip()
    (conf / "hiring-wiki.htpasswd").write_text(f"{USER}:{hashed}\n")  # read by the master (root), as in /etc/nginx
    server = start_nginx(
        work,
        f"""        include {PRIVACY};
        include {BASIC};
        root {published}/current;
        error_page 404 /404.html;
        location / {{
            try_files $uri $uri/ =404;
        }}""",
    )
    PUBLISHED[:] = [published]
    SERVER[:] = [server]
    try:
        yield server.host
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def test_the_workers_run_unprivileged(nginx: str) -> None:
    expected = pwd.getpwnam(WORKER_USER).pw_uid if os.geteuid() == 0 else os.geteuid()
    assert SERVER[0].worker_users() == {expected}
    # and the release belongs to whoever deployed (here the test's user), not to the workers
    release = (PUBLISHED[0] / "current").resolve()
    assert {p.stat().st_uid for p in [release, *release.rglob("*")]} == {os.geteuid()}
    if os.geteuid() == 0:
        assert expected != 0


def get(host: str, path: str, auth: tuple[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(host, timeout=10)
    headers = {}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k: v for k, v in response.getheaders()}, body


@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS.keys())
def test_every_path_needs_a_login(nginx: str, path: str) -> None:
    status, headers, body = get(nginx, path)
    assert status == 401
    assert headers["WWW-Authenticate"] == 'Basic realm="Hiring wiki"'
    assert b"Joaquim" not in body and b"hiring" not in body.lower()
    for name, value in EXPECTED_HEADERS.items():
        assert headers[name] == value
    wrong = get(nginx, path, (USER, "wrong"))
    assert wrong[0] == 401


@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS.keys())
def test_logged_in_pages_carry_the_privacy_headers(nginx: str, path: str) -> None:
    status, headers, body = get(nginx, path, (USER, PASSWORD))
    assert status == (404 if path == "/no-such-page/" else 200)
    for name, value in EXPECTED_HEADERS.items():
        assert headers[name] == value, name
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "default-src 'none';" in csp and "frame-ancestors 'none'" in csp
    assert "Server" not in headers or headers["Server"] == "nginx"  # no version number
    if path == "/no-such-page/":
        assert b"404 - Not found" in body  # Material's 404 page, served under the same rules
    if path == "/candidates/c-7d3e91/":
        assert b'<h1 id="candidate">Joaquim Barros</h1>' in body


@pytest.mark.parametrize("path", ["/hiring.yml", "/candidates/c-7d3e91/candidate.yml", "/.git/config", "/index.md"])
def test_sources_are_never_served(nginx: str, path: str) -> None:
    assert get(nginx, path, (USER, PASSWORD))[0] == 404


def test_site_works_in_chromium_under_the_csp(nginx: str, browser, screenshot_dir: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    base = f"http://{USER}:{PASSWORD.replace(' ', '%20')}@{nginx}/"
    browser.get_log("browser")  # drop earlier tests' messages
    browser.get(base + "candidates/c-7d3e91/")
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "Joaquim Barros"
    # Material's scripts ran (served as files): the palette toggle and the search work.
    assert browser.execute_script("return typeof __md_get") == "function"
    assert browser.execute_script("return document.documentElement.classList.contains('js')") is True
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys("Kowalczyk")
    # the search worker loads and answers (worker-src and connect-src 'self')
    WebDriverWait(browser, 10).until(
        expected_conditions.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".md-search-result__meta"), "matching document"
        )
    )
    assert browser.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
    browser.save_screenshot(str(screenshot_dir / "nginx-search-under-csp.png"))
    box.send_keys(Keys.ESCAPE)
    browser.get(base + "no-such-page/")
    assert "404" in browser.find_element(By.CSS_SELECTOR, "article h1").text
    browser.get(base + "roles/backend-engineer/")
    # No CSP violation ("Refused to ...") or failed request, except the 404 we asked for.
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "/no-such-page/ " not in e["message"]]
    assert errors == [], errors
    # Control: the same log does show a violation, and the CSP blocks an inline script.
    (PUBLISHED[0] / "current" / "csp-control.html").write_text(
        "<!doctype html><title>x</title><script>window.__ran = 1</script>"
    )
    browser.get(base + "csp-control.html")
    assert browser.execute_script("return typeof window.__ran") == "undefined"
    assert any("Content Security Policy" in e["message"] for e in browser.get_log("browser"))
