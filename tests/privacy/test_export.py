"""Subject-access export (GDPR Art. 15): one archive of everything held about one candidate, and
nothing about anyone else."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hiring_kb.analysis.fit import role_fit
from hiring_kb.publish.export import REDACTED, ExportError, export_candidate
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY

CID = "c-7d3e91"  # Joaquim Barros: three scorecards, a sealed private block
NOTE = f"candidates/{CID}/interviews/2026-11-18-technical-ana.md"
#: Everyone else in the example: their names and ids must not be in Joaquim's archive.
OTHERS = ["Lena Kowalczyk", "c-2b8f40", "Marta Okafor", "c-5a1c06", "Amara Nwosu", "c-9e4d27",
          "lena.k@example.invalid", "amara.nwosu@example.invalid"]  # fmt: skip


def git(
    *args: str, cwd: Path, author: str = "Ana Lima <ana@example.invalid>", date: str = "2026-11-18T17:05:00+00:00"
) -> None:
    name, email = author[:-1].split(" <")
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)


def archive(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as opened:
        return {info.filename: opened.read(info) for info in opened.infolist()}


@pytest.fixture
def with_history(project: Path) -> Path:
    """The example project as a git repository: first the candidate, then a later scorecard by Marc."""
    late = project / f"candidates/{CID}/interviews/2026-11-24-system-design-marc.md"
    text = late.read_bytes()
    late.unlink()
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-qm", "Add Joaquim and the other candidates", cwd=project)
    late.write_bytes(text)
    git("add", "-A", cwd=project)
    git(
        "commit",
        "-qm",
        "Marc's notes",
        cwd=project,
        author="Marc Dubois <marc@example.invalid>",
        date="2026-11-24T18:30:00+01:00",
    )
    return project


def test_export_holds_everything_about_the_candidate(with_history: Path, tmp_path: Path) -> None:
    project = with_history
    note = project / NOTE
    note.write_text(
        note.read_text(encoding="utf-8") + "- Calmer than Ｌｅｎａ Kowalczyk (c-2b8f40) in the same loop\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "joaquim.zip"
    result = export_candidate(project, CID, out, today=EXAMPLE_TODAY)
    assert result.path == out.resolve() and result.notes == []
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    files = archive(out)
    assert sorted(files) == [
        f"{CID}/README.txt",
        f"{CID}/candidate.yml",
        f"{CID}/fit.json",
        f"{CID}/fit.txt",
        f"{CID}/history.txt",
        f"{CID}/interviews/2026-11-10-screen-bea.md",
        f"{CID}/interviews/2026-11-18-technical-ana.md",
        f"{CID}/interviews/2026-11-24-system-design-marc.md",
        f"{CID}/private.yml",
    ]
    assert files[f"{CID}/candidate.yml"] == (project / f"candidates/{CID}/candidate.yml").read_bytes()
    assert files[f"{CID}/private.yml"].decode() == (
        'email: joaquim.barros@example.invalid\nphone: "+351 900 000 000"\nexpected_salary: 72000 EUR\n'
    )
    # the notes as written, but other candidates redacted
    exported = files[f"{CID}/interviews/2026-11-18-technical-ana.md"].decode()
    assert exported.endswith(f"- Calmer than {REDACTED} ({REDACTED}) in the same loop\n")
    written = note.read_text(encoding="utf-8")
    assert exported == written.replace("Ｌｅｎａ Kowalczyk", REDACTED).replace("c-2b8f40", REDACTED)
    # the computed fit, the same numbers as the site's
    report = validate_project(project, today=EXAMPLE_TODAY)
    candidate = report.project.candidates[CID]
    fit = role_fit(report.project.roles[candidate.role_id], candidate.interviews, report.settings.thresholds)
    data = json.loads(files[f"{CID}/fit.json"])
    assert data["fit"] == round(float(fit.fit), 1) == 71.2
    assert data["verdict"] == fit.verdict == "fit"
    assert files[f"{CID}/fit.txt"].decode().splitlines()[:4] == [
        "Role: Backend Engineer",
        "Fit: 71.2 of 100 (weighted mean of the ratings, 1 = 0 and 4 = 100)",
        "Coverage: 100.0 % of the role's weight assessed",
        "Verdict: fit — Fit 71 is between 60 and 80, coverage 100 %, every must-have at the bar.",
    ]
    # the git history of their files: dates and authors, no commit messages
    history = files[f"{CID}/history.txt"].decode().splitlines()
    assert history == [
        "date (as committed)  author  change  file",
        f"2026-11-18T17:05:00+00:00  Ana Lima <ana@example.invalid>  added  candidates/{CID}/candidate.yml",
        f"2026-11-18T17:05:00+00:00  Ana Lima <ana@example.invalid>  added  candidates/{CID}/interviews/2026-11-10-screen-bea.md",
        f"2026-11-18T17:05:00+00:00  Ana Lima <ana@example.invalid>  added  candidates/{CID}/interviews/2026-11-18-technical-ana.md",
        f"2026-11-24T18:30:00+01:00  Marc Dubois <marc@example.invalid>  added  candidates/{CID}/interviews/2026-11-24-system-design-marc.md",
    ]
    assert "Joaquim" not in files[f"{CID}/history.txt"].decode()  # the commit message is left out
    # nothing about anyone else, anywhere in the archive
    everything = b"\n".join(files.values()).decode().casefold()
    assert [other for other in OTHERS if other.casefold() in everything] == []
    assert (
        "Mentions of other candidates in the notes (2) read '[another candidate]'."
        in files[f"{CID}/README.txt"].decode()
    )


def test_without_an_identity_the_export_says_it_is_incomplete(project: Path, tmp_path: Path) -> None:
    result = export_candidate(project, CID, tmp_path / "x.zip", keyring=None, today=EXAMPLE_TODAY)
    assert result.notes == [
        "the private values were NOT included: sealed, and no identity was given (HIRING_AGE_IDENTITY or "
        "--identity); the export is incomplete"
    ]
    files = archive(tmp_path / "x.zip")
    assert f"{CID}/private.yml" not in files
    assert files[f"{CID}/private.txt"].decode().startswith("The private values (contact details, compensation")
    assert files[f"{CID}/history.txt"] == b"No git history: the project is not a git repository.\n"


def test_export_refuses_unknown_ids_and_paths_inside_the_repository(project: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no candidate 'c-nope00'"):
        export_candidate(project, "c-nope00", tmp_path / "x.zip", today=EXAMPLE_TODAY)
    with pytest.raises(ExportError, match="is inside the repository"):
        export_candidate(project, CID, project / "docs" / "x.zip", today=EXAMPLE_TODAY)
    assert not (project / "docs" / "x.zip").exists()


def test_invoke_export(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.zip"
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "export", CID, "--out", str(out)],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"wrote {out} (readable by you only):"
    assert f"  {CID}/private.yml" in result.stdout.splitlines()
