"""The rsync target against a real OpenSSH server on 127.0.0.1 (tests/privacy/sshd.py): releases owned
by an unprivileged deploy user, served by nginx as www-data from ``current``; publish twice, roll back
once, purge once; the same refusals as the dir target."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiring_kb.publish.deploy import DeployError
from hiring_kb.publish.publishing import deploy_project, load_checked_settings, plan_deploy, release_lines
from hiring_kb.publish.purge import purge_candidate
from hiring_kb.publish.rsync_target import RsyncTarget
from hiring_kb.publish.trace_search import find_in_tree
from hiring_kb.sources.deploy_settings import DeployConfig
from tests.conftest import EXAMPLE_TODAY
from tests.privacy.conftest import commit_all
from tests.privacy.nginx import Nginx, start_nginx
from tests.privacy.sshd import Sshd, start_sshd

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
CID, NAME = "c-2b8f40", "Lena Kowalczyk"  # an example candidate no other file mentions


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def server() -> Iterator[tuple[Sshd, Path]]:
    """sshd for the deploy user, and the folder on the "web server" the deploy user owns (as
    /srv/hiring-wiki would be: created by the admin for that user, 0755)."""
    sshd = start_sshd()
    top = Path(tempfile.mkdtemp(prefix="hiring-web-"))
    top.chmod(0o755)
    base = top / "wiki"
    base.mkdir(mode=0o755)
    user = pwd.getpwnam(sshd.user)
    os.chown(base, user.pw_uid, user.pw_gid)
    try:
        yield sshd, base
    finally:
        sshd.stop()
        shutil.rmtree(top, ignore_errors=True)


def rsync_yaml(sshd: Sshd, base: Path) -> str:
    return (
        f"deploy:\n  target: rsync\n  host: {sshd.host}\n  port: {sshd.port}\n  path: {base}\n"
        f"  identity: {sshd.identity}\n  known_hosts: {sshd.known_hosts}\n"
    )


def get(nginx: Nginx, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection(nginx.host, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode("utf-8", errors="replace")
    connection.close()
    return response.status, body


def footer(commit: str) -> str:
    return f"Built from commit {commit[:12]} on main"


def test_rsync_publish_twice_roll_back_and_purge_against_real_sshd(project: Path, server: tuple[Sshd, Path]) -> None:
    sshd, base = server
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(rsync_yaml(sshd, base))
    first = commit_all(project)
    where = f"{sshd.host}:{base}"
    plan = plan_deploy(project, project / "site")
    assert plan[-6:] == [
        f"5. publish the site to folder {base} on {sshd.host} port {sshd.port} over ssh (releases/ + current symlink, keep 5):",
        f"   - log in to {sshd.host} with ssh (ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o ConnectTimeout=20 "
        f"-o UserKnownHostsFile={sshd.known_hosts} -i {sshd.identity} -o IdentitiesOnly=yes -p {sshd.port}): "
        f"a host key not in {sshd.known_hosts} is refused",
        f"   - copy the site with rsync to {base}/releases/<UTC timestamp>/ (folders 755, files 644); "
        "record the source commit beside it in <UTC timestamp>.json (not served)",
        f"   - switch {base}/current to it (ln -s to a temporary name, then mv -T: one atomic rename)",
        f"   - check that 'www-data' on {sshd.host} can read {base}/current/index.html, else switch back",
        "   - keep all 1 releases (limit 5)",
    ]
    messages: list[str] = []
    result = deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY, at(0))
    assert result.published == "20261201T090000000000Z"
    assert messages[-1] == f"publish: release 20261201T090000000000Z is now current in {where}"
    assert result.summary() == (
        f"published release 20261201T090000000000Z of commit {first[:12]} to folder {base} on {sshd.host} port "
        f"{sshd.port} over ssh (releases/ + current symlink, keep 5)"
    )
    # as deployed: owned by the deploy user (not root), readable by the web server, `current` a relative link
    release = base / "releases/20261201T090000000000Z"
    assert os.readlink(base / "current") == "releases/20261201T090000000000Z"
    for path in [release, *release.rglob("*")]:
        info = path.lstat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (sshd.uid, 0o755 if path.is_dir() else 0o644), path
    record = json.loads((base / "releases/20261201T090000000000Z.json").read_text())
    assert record == {
        "audience": "all",
        "branch": "main",
        "commit": first,
        "dirty": False,
        "published": "2026-12-01T09:00:00+00:00",
    }
    assert (base / "releases/20261201T090000000000Z.json").stat().st_uid == sshd.uid

    nginx = start_nginx(
        base.parent / "nginx", f"        root {base}/current;\n        location / {{ try_files $uri $uri/ =404; }}"
    )
    try:
        status, page = get(nginx, "/")
        assert status == 200 and footer(first) in page
        assert get(nginx, f"/candidates/{CID}/")[0] == 200

        # a second merge: a new release, served at once, with its commit in the footer
        note = project / "candidates/c-7d3e91/interviews/2026-11-10-screen-bea.md"
        note.write_text(
            note.read_text(encoding="utf-8") + "\nFollow-up: strong on incident review.\n", encoding="utf-8"
        )
        second = commit_all(project, "A second scorecard note")
        result = deploy_project(
            project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY, at(1)
        )
        assert result.published == "20261201T090100000000Z"
        assert footer(second) in get(nginx, "/")[1]
        assert release_lines(load_checked_settings(project)) == [
            f"the site: folder {base} on {sshd.host} port {sshd.port} over ssh (releases/ + current symlink, keep 5)",
            f"  20261201T090000000000Z  2026-12-01 09:00:00 UTC  commit {first[:12]} on main",
            f"  20261201T090100000000Z  2026-12-01 09:01:00 UTC  commit {second[:12]} on main  current",
        ]

        # the same refusals as the dir target: data that is not reviewed is not published
        (project / "candidates/c-7d3e91/draft.md").write_text("not reviewed\n", encoding="utf-8")
        with pytest.raises(DeployError, match=r"^only reviewed data is published, and this is not"):
            deploy_project(project, project / "mkdocs.yml", project / "site", messages.append, EXAMPLE_TODAY, at(2))
        (project / "candidates/c-7d3e91/draft.md").unlink()
        assert sorted(p.name for p in (base / "releases").iterdir()) == [
            "20261201T090000000000Z",
            "20261201T090000000000Z.json",
            "20261201T090100000000Z",
            "20261201T090100000000Z.json",
        ]

        # roll back once, as a user would
        back = subprocess.run([sys.executable, "-m", "invoke", "rollback"], cwd=project, capture_output=True, text=True,
                              check=False)  # fmt: skip
        assert back.returncode == 0, back.stderr
        assert (
            back.stdout == "rolled back: release 20261201T090000000000Z is current again (was 20261201T090100000000Z)\n"
        )
        assert footer(first) in get(nginx, "/")[1]

        # purge once: the candidate leaves the server, including the two older releases a rollback could serve
        report = purge_candidate(project, project / "mkdocs.yml", project / "site", CID, lambda _: None,
                                 today=EXAMPLE_TODAY, now=at(5))  # fmt: skip
        assert sorted(report.releases) == ["20261201T090000000000Z", "20261201T090100000000Z"]
        assert report.checked[-1] == f"every release under {where}"
        assert sorted(p.name for p in (base / "releases").iterdir()) == [
            "20261201T090500000000Z",
            "20261201T090500000000Z.json",
        ]
        assert find_in_tree(base, [NAME, CID]) == []
        assert get(nginx, f"/candidates/{CID}/")[0] == 404
        assert get(nginx, "/candidates/c-7d3e91/")[0] == 200
        assert nginx.worker_users() == {pwd.getpwnam("www-data").pw_uid}
    finally:
        nginx.stop()


def tiny_site(tmp_path: Path, marker: str) -> Path:
    site = tmp_path / marker
    site.mkdir()
    (site / "index.html").write_text(f"<p>{marker}</p>")
    return site


def test_an_unknown_host_key_is_refused(tmp_path: Path, server: tuple[Sshd, Path]) -> None:
    sshd, base = server
    other = tmp_path / "other_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    wrong = tmp_path / "known_hosts"
    kind, key = other.with_suffix(".pub").read_text().split()[:2]
    wrong.write_text(f"[127.0.0.1]:{sshd.port} {kind} {key}\n")
    config = DeployConfig("rsync", path=base, host=sshd.host, port=sshd.port, identity=sshd.identity, known_hosts=wrong)
    with pytest.raises(DeployError) as refused:
        RsyncTarget(config).publish(tiny_site(tmp_path, "a"), at(0), {})
    assert str(refused.value).startswith(
        f"preparing {sshd.host}:{base} failed: cannot log in to {sshd.host} over ssh: "
    )
    assert f"the server's host key is not the one in {wrong}" in str(refused.value)
    assert list(base.iterdir()) == []


def test_a_release_the_web_server_cannot_read_is_switched_back(tmp_path: Path, server: tuple[Sshd, Path]) -> None:
    sshd, base = server
    config = DeployConfig("rsync", path=base, host="127.0.0.1", user=sshd.user, port=sshd.port, identity=sshd.identity,
                          known_hosts=sshd.known_hosts)  # fmt: skip
    target = RsyncTarget(config)
    assert target.publish(tiny_site(tmp_path, "old"), at(0), {}).name == "20261201T090000000000Z"
    base.chmod(0o700)  # e.g. the admin tightened the folder by mistake: www-data may not enter it
    with pytest.raises(DeployError) as refused:
        target.publish(tiny_site(tmp_path, "new"), at(1), {})
    assert str(refused.value).startswith(
        f"the web server's user 'www-data' cannot read 127.0.0.1:{base}/current/index.html: it may not enter {base} "
        f"(mode drwx------, owner uid {sshd.uid}, gid {pwd.getpwnam(sshd.user).pw_gid}); switched back to release "
        "20261201T090000000000Z, nothing new is served."
    )
    base.chmod(0o755)
    assert [(r.name, r.current) for r in target.releases()] == [("20261201T090000000000Z", True)]
    assert (base / "current/index.html").read_text() == "<p>old</p>"


def test_rsync_settings_are_checked(project: Path) -> None:
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write("deploy:\n  target: rsync\n  host: deploy@wiki.example.invalid\n  path: srv/wiki\n"
                     "  identity: deploy/key\n")  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "invoke", "deploy", "--dry-run"], cwd=project, capture_output=True,
                            text=True, check=False)  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "hiring.yml:" in result.stderr and "deploy.path" in result.stderr, result.stderr
    text = (project / "hiring.yml").read_text(encoding="utf-8").replace("path: srv/wiki", "path: /srv/wiki")
    (project / "hiring.yml").write_text(text, encoding="utf-8")
    commit_all(project)
    result = subprocess.run([sys.executable, "-m", "invoke", "deploy", "--dry-run"], cwd=project, capture_output=True,
                            text=True, check=False)  # fmt: skip
    assert result.stderr.strip() == (
        f"deploy refused: deploy.identity {(project / 'deploy/key').resolve()} is inside the project "
        f"{project.resolve()}: a private key there ends up in a commit. Keep it outside, e.g. "
        "~/.ssh/hiring-wiki-deploy (in CI: written from a secret, see docs/publishing.md)"
    )
