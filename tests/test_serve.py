"""`invoke serve` for people (hiring_kb.rendering.serving): a busy port in one line before building; an invalid edit
under a real `mkdocs serve` shows the validation messages in the page instead of leaving the tab waiting."""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hiring_kb.base.diagnostics import Severity
from hiring_kb.rendering.serving import address_problem, error_page, page_heading, split_address
from hiring_kb.rendering.site_build import build_site, mkdocs_env
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY

EPOCH = "1796126400"  # 2026-12-01 12:00 UTC
NOTE = "candidates/c-2b8f40/interviews/2026-11-20-screen-bea.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def listening():
    """A port someone is already serving on (as another `invoke serve` would)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_a_busy_port_is_one_line_with_the_address_fix_before_building(project: Path, listening: int) -> None:
    env = {**mkdocs_env(), "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run([sys.executable, "-m", "invoke", "serve", "--address", f"127.0.0.1:{listening}"],
                          cwd=project, capture_output=True, text=True, env=env, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == "0 errors, 0 warnings\n"  # validation only: mkdocs never started
    match = re.fullmatch(
        rf"127\.0\.0\.1:{listening} is already in use \(another invoke serve\?\); "
        r"stop it, or run: invoke serve --address 127\.0\.0\.1:(\d+)\n",
        done.stderr,
    )
    assert match, done.stderr
    assert int(match.group(1)) > listening
    assert not (project / "site").exists()


def test_address_problems() -> None:
    assert split_address("[::1]:8000") == ("::1", 8000)
    assert (
        address_problem("localhost")
        == "--address 'localhost' is not HOST:PORT; e.g. invoke serve --address 127.0.0.1:8000"
    )
    assert address_problem(f"127.0.0.1:{free_port()}") == ""
    assert (
        address_problem("192.0.2.10:8000")
        == "192.0.2.10 is not an address of this machine; e.g. invoke serve --address 127.0.0.1:8000"
    )


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, needle: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if needle in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {needle!r}; last page: {page[:500]!r}")


def test_an_invalid_edit_under_serve_shows_the_messages_in_the_page_and_build_still_fails(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    env = {**mkdocs_env(), "SOURCE_DATE_EPOCH": EPOCH}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/candidates/c-2b8f40/"
    try:
        wait_for(url, "Lena Kowalczyk")
        note = project / NOTE
        good = note.read_text()
        note.write_text(good.replace("ratings: {english: 4,", "ratings: {english: 7,"))
        page = wait_for(url, "The hiring data has errors")
        errors = [d for d in validate_project(project, today=EXAMPLE_TODAY).diagnostics if d.severity is Severity.ERROR]
        assert [d.position.path for d in errors] == [NOTE]
        listed = re.search(r'<pre class="hkb-serve-error__list"><code>(.*?)</code></pre>', page, re.S)
        assert listed is not None
        assert html.unescape(listed.group(1)).splitlines() == [d.format() for d in errors]
        assert "Lena Kowalczyk" not in page  # nothing rendered from the data while it is invalid
        # the home page shows the same reason, so whatever tab is open reloads into it
        home = fetch(f"http://127.0.0.1:{port}/")
        assert "The hiring data has errors" in home
        assert '<h1 id="hiring-wiki">Hiring wiki' in home  # each page keeps its own title (and the nav its titles)
        # `build` still refuses the same data
        monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        built = build_site(project / "mkdocs.yml", tmp_path / "site")
        assert not built.ok and errors[0].format() in built.output
        note.write_text(good)
        wait_for(url, "Lena Kowalczyk")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_error_page_escapes_and_orders_errors_before_warnings() -> None:
    from hiring_kb.base.diagnostics import Position, error, warning

    page = error_page([warning(Position("a.md", 2, 1), "lint", "w <b>"), error(Position("b.md", 1, 1), "x", "e & f")],
                      page_heading("intro\n# Roles\n## Sub\n# Other"))  # fmt: skip
    assert page == (
        "# Roles\n\n"
        '<div class="hkb-serve-error" role="alert">\n'
        '<p class="hkb-serve-error__title"><strong>The hiring data has errors</strong></p>\n'
        "<p><strong>1 error, 1 warning.</strong> The pages are not rebuilt until these are fixed; "
        "save the file and this page reloads.</p>\n"
        '<pre class="hkb-serve-error__list"><code>b.md:1:1: error[x]: e &amp; f\n'
        "a.md:2:1: warning[lint]: w &lt;b&gt;</code></pre>\n"
        "</div>\n"
    )
