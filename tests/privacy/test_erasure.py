"""Purge finds every spelling, says which releases go, records the erasure, names the refs that
still hold the candidate; verify-erased repeats the checks; private values keep their text.

Regressions (issue 11): mentions with a zero-width joiner, full-width letters, a no-break space or a
double space survived a purge that reported "no trace"; the dry run did not say that older releases
(and so rollback) would go; no erasure record; refs/pull/* went unmentioned; ``01234`` was read as
1234, so its copy in a page was not recognised.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hiring_kb.base.name_patterns import name_pattern, url_key
from hiring_kb.base.sealed import load_identity_file
from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.publish.dir_target import publish_dir
from hiring_kb.publish.erasure import LOG_FILE, read_salt, subject_of
from hiring_kb.publish.publishing import deploy_project
from hiring_kb.publish.purge import PurgeError, purge_candidate
from hiring_kb.publish.purge_verify import verify_erased
from hiring_kb.publish.releases import list_releases
from hiring_kb.publish.trace_search import find_in_tree
from hiring_kb.sources.deploy_settings import DeployConfig
from hiring_kb.sources.settings import load_settings
from tests.conftest import DEMO_IDENTITY, EXAMPLE_TODAY, seal_private
from tests.privacy.conftest import commit_all

NAME = "Lena Kowalczyk"
CID = "c-2b8f40"
OTHER_NOTE = "candidates/c-5a1c06/interviews/2026-11-13-screen-bea.md"
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
quiet = lambda _: None  # noqa: E731 - a silent "say" for the purge steps


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(
    "spelling",
    [
        "Le\u200dna Kowalczyk",  # zero-width joiner
        "Lena Kowal\u200bczyk",  # zero-width space
        "Ｌｅｎａ Ｋｏｗａｌｃｚｙｋ",  # full-width letters
        "Lena\u00a0Kowalczyk",  # no-break space
        "Lena  Kowalczyk",  # double space
        "LENA\u2066 KOWALCZYK",  # a bidi isolate, upper case
    ],
)
def test_purge_refuses_while_any_spelling_of_the_name_is_elsewhere(project: Path, spelling: str) -> None:
    other = project / OTHER_NOTE
    before = other.read_text(encoding="utf-8")
    other.write_text(before + f"- Same loop as {spelling}, who asked about on-call\n", encoding="utf-8")
    line = before.count("\n") + 1
    with pytest.raises(PurgeError) as refused:
        purge_candidate(project, project / "mkdocs.yml", project / "site", CID, say=quiet, today=EXAMPLE_TODAY)
    assert str(refused.value).splitlines() == [
        f"other files still mention candidate '{CID}'; edit them first, nothing was deleted:",
        f"  {OTHER_NOTE}:{line}:16: mentions '{spelling}'",
    ]
    assert (project / "candidates" / CID).is_dir()


def test_purge_refuses_while_a_private_value_of_the_candidate_is_elsewhere(project: Path) -> None:
    other = project / OTHER_NOTE
    before = other.read_text(encoding="utf-8")
    other.write_text(before + "- Referred by LENA.K@example.invalid\n", encoding="utf-8")
    with pytest.raises(PurgeError) as refused:
        purge_candidate(project, project / "mkdocs.yml", project / "site", CID, say=quiet, today=EXAMPLE_TODAY)
    assert (
        str(refused.value).splitlines()[1]
        == f"  {OTHER_NOTE}:{before.count(chr(10)) + 1}:15: mentions 'LENA.K@example.invalid'"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.html", "<p>Le\u200dna Kowalczyk</p>"),
        ("b.html", "<p>Lena&nbsp;Kowalczyk</p>"),
        ("c.html", "<p>Lena &#x200d;Kowalczyk</p>"),
        ("d.json", '{"docs": [{"text": "Ｌｅｎａ\\u00a0Kowalczyk"}]}'),
        ("e.txt", "LENA   KOWALCZYK"),
    ],
)
def test_the_published_site_is_searched_for_every_spelling(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "clean.html").write_text("<p>Lena Kowalski</p>", encoding="utf-8")
    assert find_in_tree(tmp_path, [NAME]) == [name]


def test_the_audit_sees_a_name_in_a_url_through_invisible_characters() -> None:
    pattern = name_pattern(NAME)
    assert pattern is not None
    assert pattern.found_in(url_key("/notes/le\u200dna-kowalczyk/"))
    assert pattern.found_in(url_key("/notes/ｌｅｎａ-ｋｏｗａｌｃｚｙｋ/"))
    assert not pattern.found_in(url_key("/notes/lena-kowalski/"))


def test_a_leaked_private_value_is_recognised_as_written(project: Path, tmp_path: Path) -> None:
    """Regression: ``zip: 01234`` was read as 1234 (4 digits: too short to search), so a page
    showing 01234 passed the audit."""
    path = project / "candidates/c-9e4d27/candidate.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("private:")] + "private:\n  zip: 01234\n", encoding="utf-8")
    seal_private(project)
    settings, _ = load_settings(project)
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text(
        '<html><head><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"></head>'
        "<body><p>Lives in 01234.</p></body></html>",
        encoding="utf-8",
    )
    found = audit_site(site, AuditContext.from_settings(settings))
    assert [(d.position.line, d.code, d.message) for d in found] == [
        (1, "private-value", "value of private.zip of candidate 'c-9e4d27' is published")
    ]


def _dir_target(project: Path, srv: Path) -> DeployConfig:
    published = srv / "published"  # a folder the web server's user can reach, as /srv on a server
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {published}\n  keep: 5\n")
    commit_all(project)  # deploys publish reviewed data only: the state after a merged pull request
    deploy_project(project, project / "mkdocs.yml", project / "site", quiet, EXAMPLE_TODAY, T0)
    config = DeployConfig("dir", path=published, keep=5)
    publish_dir(project / "site", config, T0 + dt.timedelta(minutes=1))
    return config


def test_dry_run_lists_the_releases_it_deletes_and_says_rollback_goes(project: Path, srv: Path) -> None:
    config = _dir_target(project, srv)
    messages: list[str] = []
    report = purge_candidate(project, project / "mkdocs.yml", project / "site", CID, messages.append, dry_run=True)
    assert report.releases == ["20261201T090000000000Z", "20261201T090100000000Z"]
    assert messages[2] == (
        "would delete 2 releases that hold the candidate: 20261201T090000000000Z, 20261201T090100000000Z; "
        "'invoke rollback' can no longer return to any of them: no older release stays"
    )
    assert messages[-1] == f"would append an erasure record to {LOG_FILE} (no name, no id)"
    assert len(list_releases(config)) == 2 and not (project / LOG_FILE).exists()


def test_purge_appends_an_erasure_record_without_name_or_id(project: Path, srv: Path) -> None:
    _dir_target(project, srv)
    messages: list[str] = []
    purge_candidate(
        project, project / "mkdocs.yml", project / "site", CID, messages.append, today=EXAMPLE_TODAY,
        now=T0 + dt.timedelta(minutes=5),
    )  # fmt: skip
    assert messages[-3] == (
        "deleted older releases that still held the candidate (a rollback to them is gone): "
        "20261201T090000000000Z, 20261201T090100000000Z"
    )
    log = (project / LOG_FILE).read_text(encoding="utf-8")
    assert NAME.casefold() not in log.casefold() and CID not in log and "kowalczyk" not in log.casefold()
    keyring = load_identity_file(DEMO_IDENTITY)
    salt = read_salt(project, keyring)
    assert salt is not None and len(salt) == 64 and salt not in log  # sealed for the admins
    entry = log[log.index("erasures:\n") + len("erasures:\n") :]
    assert entry == (
        f"- subject: {subject_of(salt, CID)}\n"
        "  date: 2026-12-01\n"
        "  removed:\n"
        '  - "the candidate\'s folder (2 files: candidate.yml, scorecards)"\n'
        "  - .cache/ (built site or caches)\n"
        "  - .hiring-build/ (built site or caches)\n"
        "  - site/ (built site or caches)\n"
        "  - 'republished without the candidate: dir target'\n"
        "  - 2 older release(s) of the dir target (rollback to them is gone)\n"
        "  not_reached:\n"
        "  - the repository's git history (earlier commits)\n"
        "  - 1 git ref(s) still reaching the files (branches, tags, pull requests, stashes)\n"
        "  - other clones and forks, open pull requests\n"
        "  - backups\n"
        "  - copies people made\n"
    )
    # verify-erased, later: the record is found, and nothing of the candidate is left
    verified = verify_erased(project, project / "site", CID, NAME)
    history = f"git ref refs/heads/main still reaches candidates/{CID}/ (rewrite its history or delete it)"
    assert verified.found == [history]  # the deploy came from a commit that holds the candidate
    assert [(r.date, r.removed[0]) for r in verified.records] == [
        ("2026-12-01", "the candidate's folder (2 files: candidate.yml, scorecards)")
    ]
    # ... and a copy that turns up later is found
    (project / "site" / "stray.html").write_text("<p>Ｌｅｎａ Kowalczyk</p>", encoding="utf-8")
    assert verify_erased(project, project / "site", CID, NAME).found == ["published: site/stray.html", history]


def test_verify_erased_without_a_record_or_name(project: Path) -> None:
    report = verify_erased(project, project / "site", CID)
    assert report.found == [
        f"candidates/{CID}/ still exists: run 'invoke purge {CID}'",
        f"no erasure record for this id in {LOG_FILE}",
    ]
    assert report.checked[-1] == '(the name was not given: only the id was searched; add --name "Full Name")'


def test_refs_that_still_reach_the_candidate_are_listed(project: Path) -> None:
    git("init", "-q", "-b", "main", cwd=project)
    identity = ["-c", "user.name=Ana", "-c", "user.email=ana@example.invalid"]
    git("add", "-A", cwd=project)
    git(*identity, "commit", "-qm", "hiring wiki", cwd=project)
    git("update-ref", "refs/pull/7/head", "HEAD", cwd=project)  # as a host's pull-request ref
    git("tag", "v1", cwd=project)
    note = project / f"candidates/{CID}/interviews/2026-11-20-screen-bea.md"
    note.write_text(note.read_text(encoding="utf-8") + "- one more line\n", encoding="utf-8")
    git(*identity, "stash", "-q", cwd=project)
    (project / "README.txt").write_text("x\n", encoding="utf-8")
    git(*identity, "stash", "-q", "-u", cwd=project)
    report = purge_candidate(project, project / "mkdocs.yml", project / "site", CID, say=quiet, today=EXAMPLE_TODAY)
    assert report.refs == ["refs/heads/main", "refs/pull/7/head", "refs/stash", "refs/tags/v1", "stash@{1}"]
    assert report.unreachable[1] == (
        f"git refs that still reach candidates/{CID}/ (5): refs/heads/main, refs/pull/7/head, refs/stash, "
        "refs/tags/v1, stash@{1} — pull-request refs and stashes included; delete them or rewrite their history "
        "too (the host keeps refs/pull/* until asked)"
    )
    log = (project / LOG_FILE).read_text(encoding="utf-8")
    assert "  - 5 git ref(s) still reaching the files (branches, tags, pull requests, stashes)\n" in log
    assert "refs/pull" not in log
    found = verify_erased(project, project / "site", CID, NAME).found
    assert found[0] == f"git ref refs/heads/main still reaches candidates/{CID}/ (rewrite its history or delete it)"
    assert len(found) == 5


def test_invoke_verify_erased_exits_1_while_something_is_left(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "verify-erased", CID, "--name", NAME],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-3:] == [
        "still there:",
        f"  - candidates/{CID}/ still exists: run 'invoke purge {CID}'",
        f"  - no erasure record for this id in {LOG_FILE}",
    ]


def test_without_an_identity_a_sealed_salt_stops_the_purge_before_anything_is_deleted(project: Path) -> None:
    from hiring_kb.publish.erasure import ensure_salt

    settings, _ = load_settings(project)
    ensure_salt(project, settings.private_recipients, None)  # an earlier purge made the log
    messages: list[str] = []
    purge_candidate(project, project / "mkdocs.yml", project / "site", CID, messages.append, dry_run=True, keyring=None)
    assert messages[-1] == (
        f"would refuse: the salt in {LOG_FILE} is sealed for the admins: set HIRING_AGE_IDENTITY (or --identity) to "
        "your identity file; the purge writes an erasure record"
    )
    with pytest.raises(PurgeError, match="the purge writes an erasure record, nothing was deleted"):
        purge_candidate(project, project / "mkdocs.yml", project / "site", CID, say=quiet, keyring=None)
    assert (project / "candidates" / CID / "candidate.yml").is_file()
