"""The compiled site sources (hiring_kb.rendering.compiler) are a copy of what gets published: owner-only, ignored by
git, one tree per audience holding only its candidates, read by the audit, removed by purge."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from hiring_kb.publish.audit import AuditContext, audit_compiled_trees, audit_tree
from hiring_kb.publish.purge import CACHE_DIRS
from hiring_kb.rendering.compiler import BUILD_DIR, tree_path
from hiring_kb.rendering.site_build import build_site
from hiring_kb.sources.settings import load_settings
from tests.conftest import EXAMPLE_TODAY
from tests.privacy.conftest import source_date_epoch

AUDIENCES = """audiences:
  backend-team: {roles: [backend-engineer], group: "acme:backend-hiring"}
  qa-team: {roles: [qa-engineer], group: "acme:qa-hiring"}
"""


def _modes(root: Path) -> tuple[set[int], set[int]]:
    folders = {stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")] if p.is_dir()}
    files = {stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*") if p.is_file()}
    return folders, files


def test_the_tree_is_owner_only_and_ignored_by_git_whatever_the_umask(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(EXAMPLE_TODAY))
    (project / ".gitignore").write_text("/site/\n", encoding="utf-8")  # a repository that does not know the folder
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    old = os.umask(0o002)  # a permissive umask, as on shared hosts
    try:
        assert build_site(project / "mkdocs.yml", tmp_path / "site").ok
    finally:
        os.umask(old)
    root = project / BUILD_DIR
    assert _modes(root) == ({0o700}, {0o600})
    assert (root / ".gitignore").read_text().splitlines()[-1] == "*"
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=project,
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert BUILD_DIR not in status and "candidates/c-2b8f40/candidate.yml" in status
    assert (tree_path(project) / "candidates/c-2b8f40.md").is_file()
    assert BUILD_DIR in CACHE_DIRS  # what `invoke purge` deletes and `verify-erased` searches


def test_one_tree_per_audience_with_its_candidates_only_and_the_audit_reads_it(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(EXAMPLE_TODAY))
    settings_file = project / "hiring.yml"
    settings_file.write_text(settings_file.read_text(encoding="utf-8") + AUDIENCES, encoding="utf-8")
    assert build_site(project / "mkdocs.yml", tmp_path / "qa", audience="qa-team").ok
    tree = tree_path(project, "qa-team")
    assert tree == project / ".hiring-build/audience-qa-team/docs"
    settings, _ = load_settings(project)
    qa = sorted(
        p.name for p in settings.candidates_dir.iterdir() if "role: qa-engineer" in (p / "candidate.yml").read_text()
    )
    assert qa and sorted(p.stem for p in (tree / "candidates").glob("c-*.md")) == qa
    assert not (tree / "roles/backend-engineer.md").exists()
    assert not tree_path(project).exists()  # no other audience's tree was written

    context = AuditContext.from_settings(settings)
    assert audit_tree(tree, context, ".hiring-build/audience-qa-team/docs") == []
    page = tree / "candidates" / f"{qa[0]}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nreach me at jo.doe@example.org\n", encoding="utf-8")
    lines = page.read_text(encoding="utf-8").count("\n")
    found = [d.format() for d in audit_tree(tree, context, ".hiring-build/audience-qa-team/docs")]
    assert found == [
        f".hiring-build/audience-qa-team/docs/candidates/{qa[0]}.md:{lines}:13: error[contact-detail]: email address "
        "'jo.doe@example.org' is published (hint: contact details belong in the candidate's private: block; "
        "remove it from the note or page)"
    ]
    # The search entries kept beside the tree (hiring_kb.rendering.search_cache) are read too, as `invoke audit` does.
    folder = tree.parent
    search = folder / ".hiring-search.json"
    assert search.is_file() and oct(search.stat().st_mode & 0o777) == "0o600"
    page.write_text(
        page.read_text(encoding="utf-8").replace("\nreach me at jo.doe@example.org\n", ""), encoding="utf-8"
    )
    assert audit_tree(folder, context, ".hiring-build/audience-qa-team") == []
    search.write_text(
        search.read_text(encoding="utf-8").replace('"text":"', '"text":"mail ann.lee@example.org ', 1), encoding="utf-8"
    )
    found = [d.format() for d in audit_tree(folder, context, ".hiring-build/audience-qa-team")]
    assert len(found) == 1 and found[0].startswith(".hiring-build/audience-qa-team/.hiring-search.json:1:")
    assert "error[contact-detail]: email address 'ann.lee@example.org' is published" in found[0]
    # `invoke audit` reads every compiled folder so (hiring_kb.publish.audit.audit_compiled_trees), none when none was
    # built.
    assert [d.format() for d in audit_compiled_trees(project, context)] == found
    assert audit_compiled_trees(tmp_path, context) == []
