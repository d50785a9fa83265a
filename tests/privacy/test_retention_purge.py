"""Retention with a fixed clock, and purge against a real dir target and a real bare git repository."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hiring_kb.publish.dir_target import publish_dir
from hiring_kb.publish.git_target import publish_git
from hiring_kb.publish.publishing import deploy_project
from hiring_kb.publish.purge import PurgeError, purge_candidate
from hiring_kb.publish.releases import list_releases
from hiring_kb.publish.trace_search import find_in_tree
from hiring_kb.rendering.site_build import build_site
from hiring_kb.sources.deploy_settings import DeployConfig
from hiring_kb.sources.retention import RetentionPolicy, dashboard_check
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY, ORIGINAL_CANDIDATES
from tests.privacy.conftest import commit_all, source_date_epoch

MARTA = "candidates/c-5a1c06/candidate.yml"  # rejected, decided_on 2026-11-26 → due 2027-05-25


def retention(project: Path, today: dt.date) -> list[str]:
    report = validate_project(project, today=today)
    # the example's first candidates only: the example data may gain decided candidates of its own
    return [
        d.format()
        for d in report.diagnostics
        if d.code.startswith("retention") and d.position.path.split("/")[1] in ORIGINAL_CANDIDATES
    ]


def test_retention_warns_30_days_before_and_fails_after(project: Path) -> None:
    assert retention(project, dt.date(2027, 4, 24)) == []
    assert retention(project, dt.date(2027, 4, 25)) == [
        f"{MARTA}:6:13: warning[retention-due]: candidate 'c-5a1c06' is due for deletion soon: rejected on "
        "2026-11-26: keep until 2027-05-25 (180 days), 30 days left (hint: plan 'invoke purge c-5a1c06' by 2027-05-25)"
    ]
    assert retention(project, dt.date(2027, 5, 25)) == [
        f"{MARTA}:6:13: warning[retention-due]: candidate 'c-5a1c06' is due for deletion soon: rejected on "
        "2026-11-26: keep until 2027-05-25 (180 days), due today (hint: plan 'invoke purge c-5a1c06' by 2027-05-25)"
    ]
    # past retention: a warning for interviewers (validate, PR checks), an error for a deploy
    assert retention(project, dt.date(2027, 5, 27)) == [
        f"{MARTA}:6:13: warning[retention-expired]: candidate 'c-5a1c06' is past retention: rejected on 2026-11-26: "
        "keep until 2027-05-25 (180 days), overdue by 2 days (hint: run 'invoke purge c-5a1c06' (or change "
        "retention: in hiring.yml); deploy refuses until then)"
    ]
    assert validate_project(project, today=dt.date(2027, 5, 27)).ok
    deploying = validate_project(project, today=dt.date(2027, 5, 27), for_deploy=True)
    assert not deploying.ok
    assert [d.format() for d in deploying.diagnostics if d.code.startswith("retention") and MARTA in d.format()] == [
        f"{MARTA}:6:13: error[retention-expired]: candidate 'c-5a1c06' is past retention: rejected on 2026-11-26: "
        "keep until 2027-05-25 (180 days), overdue by 2 days (hint: run 'invoke purge c-5a1c06' (or change "
        "retention: in hiring.yml); nothing is published until then)"
    ]


def test_an_expired_candidate_validate_exits_0_deploy_refuses(project: Path, srv: Path) -> None:
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {srv}/published\n")
    for folder in (project / "candidates").iterdir():  # Marta is the one decided candidate here
        if folder.name not in ORIGINAL_CANDIDATES:
            shutil.rmtree(folder)
    commit_all(project)
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(dt.date(2027, 6, 1))}

    def invoke(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "invoke", *args], cwd=project, env=env, capture_output=True, text=True, check=False
        )

    validated = invoke("validate")
    assert validated.returncode == 0, validated.stderr
    assert f"{MARTA}:6:13: warning[retention-expired]" in validated.stdout
    assert validated.stdout.splitlines()[-1] == "0 errors, 1 warning"
    strict = invoke("validate", "--for-deploy")
    assert strict.returncode == 1 and f"{MARTA}:6:13: error[retention-expired]" in strict.stdout
    deployed = invoke("deploy")
    assert deployed.returncode == 1
    assert f"{MARTA}:6:13: error[retention-expired]" in deployed.stdout
    assert deployed.stderr.strip() == "deploy refused: validation failed (1 error, 0 warnings), nothing was published"
    assert not (srv / "published").exists()


def test_retention_is_configurable(project: Path) -> None:
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write("retention:\n  warn_days: 10\n  days:\n    rejected: 30\n    hired: 365\n")
    settings, problems = load_settings(project)
    assert problems == []
    assert settings.retention == RetentionPolicy(days={"rejected": 30, "withdrawn": 180, "hired": 365}, warn_days=10)
    assert retention(project, dt.date(2026, 12, 15)) == []
    assert [line.split(": ")[1] for line in retention(project, dt.date(2026, 12, 16))] == ["warning[retention-due]"]
    assert [line.split(": ")[1] for line in retention(project, dt.date(2026, 12, 27))] == ["warning[retention-expired]"]


def test_a_status_can_be_kept_without_limit(project: Path) -> None:
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write("retention:\n  days:\n    rejected: null\n")
    assert retention(project, dt.date(2030, 1, 1)) == []


def test_invalid_retention_settings_are_positioned(project: Path) -> None:
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write("retention:\n  days:\n    rejcted: 30\n")
    lines = (project / "hiring.yml").read_text().count("\n")
    _, problems = load_settings(project)
    assert [p.format() for p in problems] == [
        f"hiring.yml:{lines}:5: error[invalid-value]: retention.days has key 'rejcted', not one of: hired, rejected, "
        "withdrawn (hint: did you mean 'rejected'?)"
    ]


def test_the_build_goes_on_past_retention_with_a_warning(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only publishing stops (test above): an interviewer's preview build still works."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(dt.date(2027, 6, 1)))
    result = build_site(project / "mkdocs.yml", tmp_path / "site")
    assert result.ok, result.output
    assert f"{MARTA}:6:13: warning[retention-expired]" in result.output


def test_dashboard_lists_retention_due(project: Path) -> None:
    report = validate_project(project, today=EXAMPLE_TODAY)
    check = dashboard_check(report.settings.retention)
    marta = report.project.candidates["c-5a1c06"]
    assert check(marta, dt.date(2027, 4, 24)) is None
    assert check(marta, dt.date(2027, 5, 20)) == "rejected on 2026-11-26: keep until 2027-05-25 (180 days), 5 days left"


# -- purge ---------------------------------------------------------------------------------------

NAME = "Lena Kowalczyk"
CID = "c-2b8f40"
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def all_objects_text(repo: Path) -> str:
    """Every object of a repository, reachable or not, as text."""
    listing = git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)", cwd=repo).split()
    out = subprocess.run(
        ["git", "cat-file", "--batch"], cwd=repo, input="\n".join(listing).encode(), capture_output=True, check=True
    ).stdout
    return out.decode("utf-8", errors="ignore").casefold()


def test_purge_refuses_while_other_notes_mention_the_candidate(project: Path) -> None:
    other = project / "candidates/c-5a1c06/interviews/2026-11-13-screen-bea.md"
    other.write_text(
        other.read_text(encoding="utf-8") + "- Compared with lena kowalczyk (c-2b8f40) from the same loop\n"
    )
    line = other.read_text(encoding="utf-8").count("\n")
    with pytest.raises(PurgeError) as refused:
        purge_candidate(project, project / "mkdocs.yml", project / "site", CID, say=lambda _: None, today=EXAMPLE_TODAY)
    label = "candidates/c-5a1c06/interviews/2026-11-13-screen-bea.md"
    assert str(refused.value).splitlines() == [
        f"other files still mention candidate '{CID}'; edit them first, nothing was deleted:",
        f"  {label}:{line}:17: mentions 'lena kowalczyk'",
        f"  {label}:{line}:33: mentions 'c-2b8f40'",
    ]
    assert (project / "candidates" / CID / "candidate.yml").is_file()


@pytest.mark.parametrize("bad", ["c-nope00", "../roles", "c-7d3e91/../..", ".."])
def test_purge_refuses_unknown_or_unsafe_ids(project: Path, bad: str) -> None:
    with pytest.raises(PurgeError, match=r"is not a candidate id|no candidate"):
        purge_candidate(project, project / "mkdocs.yml", project / "site", bad, say=lambda _: None)
    assert (project / "roles").is_dir()


def test_purge_erases_from_a_git_target_including_history(project: Path, tmp_path: Path) -> None:
    remote = tmp_path / "published.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: git\n  remote: {remote}\n  publish_branch: site\n")
    commit_all(project)
    quiet = lambda _: None  # noqa: E731 - a silent "say" for the purge steps
    result = deploy_project(project, project / "mkdocs.yml", project / "site", quiet, EXAMPLE_TODAY, T0)
    publish_git(project / "site", result.config, "Publish again")  # a second deploy of the same build
    assert git("rev-list", "--count", "site", cwd=remote).strip() == "1"
    assert NAME.casefold() in all_objects_text(remote)  # published before the purge

    messages: list[str] = []
    report = purge_candidate(
        project, project / "mkdocs.yml", project / "site", CID, messages.append, today=EXAMPLE_TODAY, now=T0
    )
    assert not (project / "candidates" / CID).exists()
    # .cache/ holds the validation cache and .hiring-build/ the compiled pages, which hold the candidate's data too
    assert report.removed == [f"candidates/{CID}/", ".cache/", ".hiring-build/", "site/"]
    assert messages[-1].startswith("checked, no trace of the name or id: built site site/; every object reachable")
    # an independent check, after pruning unreachable objects of the bare repository ourselves
    git("gc", "-q", "--prune=now", cwd=remote)
    text = all_objects_text(remote)
    assert NAME.casefold() not in text and CID not in text
    assert "joaquim barros" in text  # the others are still published
    assert git("rev-list", "--count", "site", cwd=remote).strip() == "1"
    assert report.unreachable[0].startswith(
        f"this repository's git history: earlier commits still hold candidates/{CID}/"
    )
    # the deploy came from a commit that holds the candidate: its branch is named
    assert report.unreachable[1].startswith(f"git refs that still reach candidates/{CID}/ (1): refs/heads/main")
    assert len(report.unreachable) == 5


def test_purge_erases_from_every_release_of_a_dir_target(project: Path, srv: Path) -> None:
    published = srv / "published"
    with (project / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {published}\n  keep: 5\n")
    commit_all(project)
    quiet = lambda _: None  # noqa: E731 - a silent "say" for the purge steps
    deploy_project(project, project / "mkdocs.yml", project / "site", quiet, EXAMPLE_TODAY, T0)
    config = DeployConfig("dir", path=published, keep=5)
    publish_dir(project / "site", config, T0 + dt.timedelta(minutes=1))  # a second release of the same build
    assert len(list_releases(config)) == 2
    assert find_in_tree(published, [NAME]) != []

    report = purge_candidate(
        project,
        project / "mkdocs.yml",
        project / "site",
        CID,
        say=quiet,
        today=EXAMPLE_TODAY,
        now=T0 + dt.timedelta(minutes=5),
    )
    assert [(r.name, r.current) for r in list_releases(config)] == [("20261201T090500000000Z", True)]
    assert find_in_tree(published, [NAME, CID]) == []
    assert (published / "current/candidates/c-7d3e91/index.html").is_file()
    assert not (published / f"current/candidates/{CID}").exists()
    assert report.checked[-1] == f"every release under {published}"


def test_invoke_purge_dry_run_changes_nothing(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "purge", CID, "--dry-run"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"would delete candidates/{CID}/, site/ and caches"
    assert lines[1] == "would rebuild, audit and not deploy (no target)"
    assert "not reachable from here, erase by hand:" in lines
    assert (project / "candidates" / CID).is_dir()
