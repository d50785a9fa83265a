"""Need-to-know audiences for real: `invoke deploy` builds one site per audience of hiring.yml,
each holding nothing of another role's candidates in any file, and real nginx (workers as
www-data) serves them behind company sign-in: `auth_request` to a stub of oauth2-proxy's
/oauth2/auth contract (202 with X-Auth-Request-User/-Groups for a session cookie, 401 without,
403 outside `allowed_groups`), configured with deploy/nginx/privacy.conf, the generated
oauth2-proxy.conf and the locations `invoke nginx-conf` prints."""

from __future__ import annotations

import http.client
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.nginx_recipe import oauth2_proxy_conf, site_locations
from hiring_kb.publish.publishing import deploy_project, load_checked_settings, plan_deploy, target_of
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY, ROOT, copy_project
from tests.privacy.conftest import commit_all, source_date_epoch
from tests.privacy.nginx import Nginx, start_nginx

AUDIENCES = """audiences:
  backend-team: {roles: [backend-engineer], group: "acme:backend-hiring"}
  qa-team: {roles: [qa-engineer], group: "acme:qa-hiring"}
  hiring-leads: {roles: all, group: "acme:hiring-leads"}
"""
ROLES = {
    "backend-team": {"backend-engineer"},
    "qa-team": {"qa-engineer"},
    "hiring-leads": {"backend-engineer", "qa-engineer"},
}
#: Session cookies the stub knows: cookie value -> (user, groups).
SESSIONS = {
    "s-bea": ("bea", ["acme:backend-hiring"]),
    "s-quinn": ("quinn", ["acme:qa-hiring", "acme:everyone"]),
    "s-lee": ("lee", ["acme:hiring-leads"]),
}
COOKIE = "_oauth2_proxy"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, list[str]]]:
    """(project, published folder, deploy messages) after `invoke deploy` of the example project
    with three audiences, into a folder a web server can read (/srv-like, 0755)."""
    work = Path(tempfile.mkdtemp(prefix="hiring-audiences-"))
    try:
        yield from _deploy_audiences(work, tmp_path_factory.mktemp("audiences") / "project")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _deploy_audiences(work: Path, destination: Path) -> Iterator[tuple[Path, Path, list[str]]]:
    work.chmod(0o755)
    project = copy_project(destination)
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {work}/published\n{AUDIENCES}")
    commit_all(project)
    messages: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch())
        try:
            deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY)
        except DeployError as exc:  # show what deploy said (the audit's findings), not only the count
            raise AssertionError("\n".join([*messages, str(exc)])) from exc
    yield project, work / "published", messages


def traces(project: Path) -> dict[str, dict[str, list[str]]]:
    """Per role: the names, ids, tags and note phrases of that role's candidates."""
    report = validate_project(project, today=EXAMPLE_TODAY)
    out: dict[str, dict[str, list[str]]] = {}
    for candidate in report.project.candidates.values():
        found = out.setdefault(candidate.role_id, {"name": [], "id": [], "tag": [], "phrase": []})
        found["name"].append(candidate.name)
        found["id"].append(candidate.id)
        found["tag"] += list(candidate.tags)
        for interview in candidate.interviews:
            lines = [line.strip("-* ").strip() for line in interview.body.splitlines()]
            found["phrase"] += [line for line in lines if len(line.split()) >= 6][:3]
    return out


def site_text(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "ignore") for p in sorted(folder.rglob("*")) if p.is_file())


def test_each_audience_site_holds_nothing_of_other_roles(deployed: tuple[Path, Path, list[str]]) -> None:
    project, published, messages = deployed
    by_role = traces(project)
    assert set(by_role) == {"backend-engineer", "qa-engineer"}
    assert "Lena Kowalczyk" in by_role["qa-engineer"]["name"] and "mobile" in by_role["qa-engineer"]["tag"]
    assert "Joaquim Barros" in by_role["backend-engineer"]["name"] and "nestjs" in by_role["backend-engineer"]["tag"]
    for audience, roles in ROLES.items():
        current = published / audience / "current"
        assert (current / "index.html").is_file(), audience
        text = site_text(current)
        folded = text.casefold()
        own = {kind: {v for role in roles for v in by_role[role][kind]} for kind in ("name", "id", "tag", "phrase")}
        for role, found in by_role.items():
            for kind, values in found.items():
                for value in values:
                    if role in roles:
                        if kind in ("name", "id"):
                            assert value.casefold() in folded or json.dumps(value)[1:-1] in text, (audience, value)
                        continue
                    if value in own[kind]:
                        continue  # e.g. a tag an own candidate has too
                    if kind == "tag":
                        # a tag appears as a tag page and a link, never as a word of a note here
                        assert f"tags/{value}/" not in text and f">{value}<" not in text, (audience, value)
                    else:
                        needle = value.casefold()
                        assert needle not in folded and json.dumps(value)[1:-1].casefold() not in folded, (
                            audience,
                            kind,
                            value,
                        )
        # no page of another role's candidate, in the files, the search index or the sitemap
        index = json.loads((current / "search/search_index.json").read_text(encoding="utf-8"))
        for role, found in by_role.items():
            for cid in found["id"]:
                assert (current / "candidates" / cid).exists() == (role in roles), (audience, cid)
                assert any(cid in doc["location"] for doc in index["docs"]) == (role in roles), (audience, cid)
    assert sum("audit: ok" in m and "another audience" in m for m in messages) == 3


def test_each_audience_has_its_own_releases_and_sub_path(deployed: tuple[Path, Path, list[str]]) -> None:
    project, published, _ = deployed
    assert sorted(p.name for p in published.iterdir()) == ["backend-team", "hiring-leads", "qa-team"]
    for audience in ROLES:
        releases = [p for p in (published / audience / "releases").iterdir() if p.is_dir()]
        assert len(releases) == 1
        record = json.loads(releases[0].with_name(releases[0].name + ".json").read_text())
        assert record["audience"] == audience and record["dirty"] is False
        not_found = (published / audience / "current/404.html").read_text(encoding="utf-8")
        # served at any depth, so its links are absolute below the audience's path
        assert re.search(rf'href="/{audience}/assets/stylesheets/main\.[0-9a-f]+\.min\.css"', not_found), audience
    lines = plan_deploy(project, project / "site")
    assert "   - copy the site to " + f"{published}/qa-team/releases/<UTC timestamp>/" in "\n".join(lines)
    assert any(
        line.endswith(
            "audience 'qa-team' (roles: qa-engineer; sign-in: group acme:qa-hiring): "
            f"build the site strictly into {project / 'site/qa-team'} (stop on any warning)"
        )
        for line in lines
    ), lines


def test_invoke_build_audience(deployed: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    project, _, _ = deployed
    env = {"SOURCE_DATE_EPOCH": source_date_epoch(), "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    built = subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--audience", "qa-team", "--site-dir", str(tmp_path / "qa")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "qa/candidates/c-2b8f40/index.html").is_file()
    assert not (tmp_path / "qa/candidates/c-7d3e91").exists()
    wrong = subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--audience", "qa-tem"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "audience 'qa-tem' is not defined in hiring.yml: did you mean 'qa-team'?"


def test_a_hand_written_page_naming_another_audiences_candidate_is_refused(tmp_path: Path, srv: Path) -> None:
    project = copy_project(tmp_path / "project")
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {srv}/published\n" + AUDIENCES.split("  hiring-leads")[0])
    # the handbook names no candidate (tests/test_handbook_names_no_candidate.py), but for one page below
    (project / "docs/debrief.md").write_text(
        "# Debrief notes\n\nThe panel met on Friday.\n\nJoaquim Barros goes on to the offer stage.\n", encoding="utf-8"
    )
    commit_all(project)
    messages: list[str] = []
    with pytest.raises(
        DeployError, match=r"^the leak audit found \d+ problem\(s\) in .*/site/qa-team, nothing was published$"
    ):
        deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY)
    assert re.search(
        r"^debrief/index\.html:\d+:\d+: error\[other-audience\]: candidate 'c-7d3e91' is not in this audience, "
        r"but their name is in its site \(hint: .*; it was written in docs/debrief\.md:5\)$",
        messages[-1],
        re.MULTILINE,
    ), messages[-1]
    assert not (srv / "published").exists()


def test_unknown_role_in_an_audience_is_a_diagnostic(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write("audiences:\n  backend-team: {roles: [backend-enginer]}\n")
    line = (project / "hiring.yml").read_text().count("\n")
    report = validate_project(project, today=EXAMPLE_TODAY)
    assert [d.format() for d in report.diagnostics if d.code == "unknown-role"] == [
        f"hiring.yml:{line}:26: error[unknown-role]: audience 'backend-team' lists role 'backend-enginer', which has "
        "no file in roles/ (hint: did you mean 'backend-engineer'?)"
    ]


# -- company sign-in: real nginx, a stub of oauth2-proxy's auth endpoint -------------------------


class _AuthStub(http.server.BaseHTTPRequestHandler):
    """oauth2-proxy's /oauth2/auth contract: 401 without a valid session; 403 when signed in but
    not in `allowed_groups`; 202 with X-Auth-Request-User / -Groups otherwise."""

    seen: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        self.seen.append((url.path, self.headers.get("X-Forwarded-Uri", "")))
        if url.path == "/oauth2/sign_in":
            self._answer(200, b"<p>Sign in with your company account</p>")
            return
        if url.path != "/oauth2/auth":
            self._answer(404, b"")
            return
        cookies = dict(part.strip().split("=", 1) for part in self.headers.get("Cookie", "").split(";") if "=" in part)
        session = SESSIONS.get(cookies.get(COOKIE, ""))
        if session is None:
            self._answer(401, b"Unauthorized")
            return
        user, groups = session
        allowed = [g for g in urllib.parse.parse_qs(url.query).get("allowed_groups", [""])[0].split(",") if g]
        if allowed and not set(allowed) & set(groups):
            self._answer(403, b"Forbidden")
            return
        self._answer(202, b"", {"X-Auth-Request-User": user, "X-Auth-Request-Groups": ",".join(groups)})

    def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture(scope="module")
def sso(deployed: tuple[Path, Path, list[str]]) -> Iterator[Nginx]:
    project, published, _ = deployed
    stub = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AuthStub)
    thread = threading.Thread(target=stub.serve_forever, daemon=True)
    thread.start()
    upstream = f"http://127.0.0.1:{stub.server_address[1]}"
    work = published.parent / "nginx"
    (work / "conf").mkdir(parents=True)
    settings = load_checked_settings(project)
    (work / "conf/oauth2-proxy.conf").write_text(oauth2_proxy_conf(upstream))
    (work / "conf/locations.conf").write_text(
        site_locations(settings, target_of(settings), project / "mkdocs.yml", "oauth2-proxy", upstream)
    )
    server = start_nginx(
        work,
        f"""        include {ROOT / "deploy/nginx/privacy.conf"};
        include {work}/conf/oauth2-proxy.conf;
        include {work}/conf/locations.conf;""",
    )
    try:
        yield server
    finally:
        server.stop()
        stub.shutdown()
        stub.server_close()


def test_the_shipped_oauth2_proxy_conf_is_the_generated_one() -> None:
    assert (ROOT / "deploy/nginx/oauth2-proxy.conf").read_text() == oauth2_proxy_conf()


def request(host: str, path: str, session: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request("GET", path, headers={"Cookie": f"{COOKIE}={session}"} if session else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


PATH_TYPES = {
    "page": "candidates/{cid}/",
    "home": "",
    "asset": "assets/hiring/hiring.css",
    "search index": "search/search_index.json",
    "sitemap": "sitemap.xml",
    "404": "no-such-page/",
}
OWN = {"backend-team": "c-7d3e91", "qa-team": "c-2b8f40", "hiring-leads": "c-7d3e91"}


@pytest.mark.parametrize("kind", PATH_TYPES)
@pytest.mark.parametrize("audience", ROLES)
def test_sign_in_on_every_path_type(sso: Nginx, audience: str, kind: str) -> None:
    path = f"/{audience}/" + PATH_TYPES[kind].format(cid=OWN[audience])
    # no session (or a forged one): a redirect to sign-in, and not one byte of the site
    for session in (None, "s-forged"):
        status, headers, body = request(sso.host, path, session)
        assert status == 302, (path, status)
        assert headers["Location"] == f"http://{sso.host}/oauth2/sign_in?rd=http://127.0.0.1{path}"
        assert b"md-" not in body and b"hiring" not in body.lower() and b"Joaquim" not in body
        assert headers["Cache-Control"] == "private, no-store"
    # a member of the audience's group: the site, with the privacy headers
    member = {"backend-team": "s-bea", "qa-team": "s-quinn", "hiring-leads": "s-lee"}[audience]
    status, headers, body = request(sso.host, path, member)
    assert status == (404 if kind == "404" else 200), (path, status)
    assert headers["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    if kind == "404":
        assert b"404 - Not found" in body
        assert f'href="/{audience}/assets/hiring/hiring.css"'.encode() in body
    # signed in, but outside the audience's group: 403, no site bytes
    outsider = {"backend-team": "s-quinn", "qa-team": "s-bea", "hiring-leads": "s-bea"}[audience]
    status, headers, body = request(sso.host, path, outsider)
    assert status == 403, (path, status)
    assert b"md-" not in body and b"Joaquim" not in body and b"Lena" not in body


def test_nginx_asks_oauth2_proxy_with_the_audiences_group(sso: Nginx) -> None:
    _AuthStub.seen.clear()
    request(sso.host, "/qa-team/", "s-quinn")
    assert ("/oauth2/auth", "/qa-team/") in _AuthStub.seen
    locations = (sso.work / "conf/locations.conf").read_text()
    assert "proxy_pass http://127.0.0.1:" in locations and "/oauth2/auth?allowed_groups=acme%3Aqa-hiring;" in locations
    # nothing outside the audiences' folders, sources never
    assert request(sso.host, "/", "s-lee")[0] == 404
    assert request(sso.host, "/qa-team/candidates/c-2b8f40/candidate.yml", "s-quinn")[0] == 404
    # the workers run unprivileged
    assert 0 not in sso.worker_users()


def test_git_target_one_branch_per_audience_and_purge_republishes_every_audience(tmp_path: Path) -> None:
    from hiring_kb.publish.purge import purge_candidate
    from tests.privacy.conftest import git

    remote = tmp_path / "site.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    project = copy_project(tmp_path / "project")
    two = AUDIENCES.replace('  hiring-leads: {roles: all, group: "acme:hiring-leads"}\n', "")
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: git\n  remote: {remote}\n{two}")
    for page in (project / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("Joaquim Barros", "Rui Moreira").replace("c-7d3e91", "c-0a0b0c"), encoding="utf-8")
    commit = commit_all(project)
    quiet = lambda _: None  # noqa: E731 - a silent "say" for the purge steps
    deploy_project(project, project / "mkdocs.yml", project / "site", quiet, EXAMPLE_TODAY)
    branches = git("for-each-ref", "--format=%(refname:short)", "refs/heads", cwd=remote).split()
    assert branches == ["site-backend-team", "site-qa-team"]
    assert f"commit: {commit}" in git("log", "-1", "--format=%B", "site-qa-team", cwd=remote)
    assert "c-2b8f40" in git("ls-tree", "-r", "--name-only", "site-qa-team", cwd=remote)
    assert "c-2b8f40" not in git("ls-tree", "-r", "--name-only", "site-backend-team", cwd=remote)

    # purge a QA candidate: every audience is rebuilt and republished, and checked
    messages: list[str] = []
    report = purge_candidate(
        project, project / "mkdocs.yml", project / "site", "c-2b8f40", messages.append, today=EXAMPLE_TODAY
    )
    assert sum(line.startswith("publish: commit ") for line in messages) == 2
    assert [c for c in report.checked if c.startswith("every object reachable")] == [
        f"every object reachable from branch 'site-backend-team' of {remote}",
        f"every object reachable from branch 'site-qa-team' of {remote}",
    ]
    assert "c-2b8f40" not in git("ls-tree", "-r", "--name-only", "site-qa-team", cwd=remote)
    assert "c-5a1c06" in git("ls-tree", "-r", "--name-only", "site-qa-team", cwd=remote)


@pytest.mark.parametrize(
    "written",
    ["Joaquim&nbsp;Barros", "Joaquim  Barros", "Joa\u200dquim Barros", "Ｊｏａｑｕｉｍ Barros", "joaquim\\u00a0barros"],
)
def test_another_audiences_candidate_is_found_in_every_spelling(tmp_path: Path, written: str) -> None:
    from hiring_kb.publish.audit import AuditContext, audit_site
    from hiring_kb.sources.personal_data import CandidateIdentity

    site = tmp_path / "site"
    site.mkdir()
    head = '<head><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"></head>'
    (site / "index.html").write_text(
        f"<html>{head}<body>\n<p>Debrief: {written} moves on.</p>\n</body></html>", encoding="utf-8"
    )
    joaquim = CandidateIdentity("c-7d3e91", "Joaquim Barros", "candidates/c-7d3e91/candidate.yml")
    context = AuditContext((joaquim,), ()).for_audience(set())
    found = [(d.position.line, d.code) for d in audit_site(site, context) if d.code == "other-audience"]
    assert found == [(2, "other-audience")]
