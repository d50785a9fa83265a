"""Subject-access export (GDPR Art. 15): everything held about one candidate, in one archive.

``invoke export ID [--out FILE]`` writes a zip archive (zip rather than tar.gz: Windows and macOS
open it with a double click, and it is sent to a candidate, not to a programmer) holding, under
``<id>/``:

- ``README.txt``: what the archive holds, when it was made, and what was left out and why;
- ``candidate.yml``: the candidate's file as stored (the ``private:`` block sealed);
- ``private.yml``: the private values decrypted, as written (or ``private.txt`` saying they are
  sealed and no identity was given, so the export is incomplete);
- ``interviews/*.md``: every scorecard as written, with mentions of *other* candidates (their
  names, ids and private values) replaced by ``[another candidate]``;
- ``fit.txt`` and ``fit.json``: the computed role fit (:func:`hiring_kb.analysis.fit.role_fit`), per
  competency and overall, with the rule that gave the verdict;
- ``history.txt``: the git history of the candidate's files (date, author, change, file), from
  ``git log`` of the folder and ``git log --follow`` of each file (commit messages are left out:
  they can name other people).

Nothing about anyone else: no other candidate's file, no calibration of interviewers, no ranking.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from hiring_kb.analysis.fit import role_fit, verdict_reason
from hiring_kb.authoring.private_commands import merged_text
from hiring_kb.base.folded_text import find_folded
from hiring_kb.base.number_format import one_decimal, percent
from hiring_kb.base.sealed import FROM_ENVIRONMENT, Keyring, SealError, keyring_from
from hiring_kb.sources.personal_data import read_candidate_sources, searchable
from hiring_kb.sources.private_fields import read_private_file
from hiring_kb.sources.settings import Settings
from hiring_kb.sources.source_files import CANDIDATE_FILE, INTERVIEWS_DIR
from hiring_kb.sources.validate import ValidationReport, validate_project

#: What a mention of another candidate becomes in an exported note.
REDACTED = "[another candidate]"


class ExportError(Exception):
    """The export cannot be made (unknown candidate, a path inside the repository); nothing was written."""


@dataclass
class ExportResult:
    """The archive written and what it holds: ``members`` (paths inside the archive), ``notes``
    (things the person exporting must know, e.g. that private values stayed sealed)."""

    path: Path
    members: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def default_out(candidate_id: str, today: dt.date) -> Path:
    """``~/hiring-exports/<id>-<date>.zip``: outside the repository, so it is never committed."""
    return Path.home() / "hiring-exports" / f"{candidate_id}-{today.isoformat()}.zip"


# Over 60 lines: one archive member per block, in the order the README lists them; splitting scatters it.
def export_candidate(
    root: Path,
    candidate_id: str,
    out: Path | None = None,
    keyring: Keyring | object | None = FROM_ENVIRONMENT,
    today: dt.date | None = None,
) -> ExportResult:
    """Write the subject-access archive of one candidate (see the module docstring).

    Args:
        root: the project root.
        candidate_id: the folder name under ``candidates/``.
        out: the archive to write (default :func:`default_out`); refused inside ``root``.
        keyring: opens the sealed private values (default: ``HIRING_AGE_IDENTITY``'s file, if any).
        today: the date of the export and of validation (default: today).

    Returns the result. Raises ExportError; the archive is written atomically, readable by its
    owner only (0600).
    """
    today = today or dt.date.today()
    if keyring is FROM_ENVIRONMENT:
        try:
            keyring = keyring_from()
        except SealError as exc:
            raise ExportError(str(exc)) from None
    report = validate_project(root, today=today, keyring=None)
    settings = report.settings
    folder = settings.candidates_dir / candidate_id
    if "/" in candidate_id or candidate_id.startswith(".") or not (folder / CANDIDATE_FILE).is_file():
        raise ExportError(f"no candidate '{candidate_id}' (no {settings.label(folder / CANDIDATE_FILE)})")
    target = (out or default_out(candidate_id, today)).expanduser().resolve()
    if target == root.resolve() or root.resolve() in target.parents:
        raise ExportError(
            f"{target} is inside the repository, where it could be committed and published: write it elsewhere "
            f"(default: {default_out(candidate_id, today)})"
        )
    result = ExportResult(target)
    usable = keyring if isinstance(keyring, Keyring) else None
    members: dict[str, bytes] = {}

    members[CANDIDATE_FILE] = (folder / CANDIDATE_FILE).read_bytes()
    content = read_private_file(folder / CANDIDATE_FILE, usable)
    if content.texts:
        members["private.yml"] = merged_text(content.texts).encode("utf-8")
        if not content.sealed:
            result.notes.append("the private: block is not sealed yet (invoke private-seal-all)")
    elif content.closed:
        members["private.txt"] = (
            "The private values (contact details, compensation, documents) are stored sealed for the admins\n"
            f"and could not be opened for this export: {content.closed}.\n"
            "This export is incomplete: an admin runs it again with their identity (HIRING_AGE_IDENTITY).\n"
        ).encode()
        result.notes.append(f"the private values were NOT included: {content.closed}; the export is incomplete")
    else:
        members["private.txt"] = b"No private values are held about you.\n"

    others = _other_people(settings, candidate_id, usable)
    redactions = 0
    notes_dir = folder / INTERVIEWS_DIR
    for path in sorted(notes_dir.glob("*.md")) if notes_dir.is_dir() else []:
        text, count = _redact(path.read_text(encoding="utf-8", errors="replace"), others)
        redactions += count
        members[f"{INTERVIEWS_DIR}/{path.name}"] = text.encode("utf-8")

    fit_text, fit_json = _fit(report, candidate_id)
    members["fit.txt"] = fit_text.encode("utf-8")
    members["fit.json"] = (json.dumps(fit_json, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    members["history.txt"] = history_text(root, settings.label(folder)).encode("utf-8")
    members["README.txt"] = _readme(candidate_id, today, sorted(members), redactions, result.notes).encode("utf-8")

    _write_zip(target, candidate_id, members, today)
    result.members = [f"{candidate_id}/{name}" for name in sorted(members)]
    return result


def _other_people(settings: Settings, candidate_id: str, keyring: Keyring | None) -> list[str]:
    """Names, ids and (when the keyring opens them) private values of every other candidate."""
    identities, private = read_candidate_sources(settings, keyring)
    words = [w for i in identities if i.candidate_id != candidate_id for w in (i.name, i.candidate_id)]
    words += [v.value for v in private if v.candidate_id != candidate_id and searchable(v)]
    return words


def _redact(text: str, others: list[str]) -> tuple[str, int]:
    """``text`` with every mention of ``others`` (compared folded) replaced by :data:`REDACTED`."""
    spans = find_folded(text, others) if others else []
    for start, end in reversed(spans):
        text = text[:start] + REDACTED + text[end:]
    return text, len(spans)


def _fit(report: ValidationReport, candidate_id: str) -> tuple[str, dict[str, object]]:
    """The computed role fit as text and as JSON (None values when it cannot be computed)."""
    project = report.project
    settings = report.settings
    candidate = project.candidates.get(candidate_id)
    if candidate is None or candidate.role_id not in project.roles:
        message = "The role fit could not be computed: the candidate's files do not pass 'invoke validate'."
        return message + "\n", {"fit": None, "reason": message}
    role = project.roles[candidate.role_id]
    fit = role_fit(role, candidate.interviews, settings.thresholds)
    reason = verdict_reason(fit, settings.thresholds)
    lines = [
        f"Role: {role.title}",
        f"Fit: {one_decimal(fit.fit)} of 100 (weighted mean of the ratings, 1 = 0 and 4 = 100)",
        f"Coverage: {percent(fit.coverage)} of the role's weight assessed",
        f"Verdict: {fit.verdict} — {reason}",
        "",
        "Per competency (ratings 1 far below, 2 below, 3 meets, 4 exceeds):",
    ]
    rows = []
    for result in fit.competencies:
        c = result.competency
        ratings = ", ".join(map(str, result.ratings)) or "not assessed"
        must = ", must-have" if c.must_have else ""
        lines.append(f"- {c.name} (weight {c.weight}{must}): {ratings}; mean {one_decimal(result.mean)}")
        rows.append(
            {
                "competency": c.id,
                "name": c.name,
                "weight": c.weight,
                "must_have": c.must_have,
                "ratings": list(result.ratings),
                "mean": None if result.mean is None else float(result.mean),
            }
        )
    data: dict[str, object] = {
        "role": role.id,
        "fit": None if fit.fit is None else round(float(fit.fit), 1),
        "coverage": round(float(fit.coverage), 3),
        "verdict": fit.verdict,
        "reason": reason,
        "competencies": rows,
        "recommendations": dict(fit.recommendations),
    }
    return "\n".join(lines) + "\n", data


def history_text(root: Path, folder: str) -> str:
    """The git history of ``folder`` (relative to ``root``): one line per change of a file, oldest
    first: ``date  author <email>  change  path`` (``git log`` of the folder, plus ``git log --follow``
    of each current file for its life before a rename). No commit messages."""
    fmt = "--format=%x00%H%x09%aI%x09%an <%ae>"

    def log(*args: str) -> str | None:
        completed = subprocess.run(
            ["git", "-c", "core.quotePath=false", "log", fmt, "--name-status", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        return completed.stdout if completed.returncode == 0 else None

    whole = log("--", folder)
    if whole is None:
        return "No git history: the project is not a git repository.\n"
    texts = [whole]
    for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
        if path.is_file():
            texts.append(log("--follow", "--", path.relative_to(root).as_posix()) or "")
    seen: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    for text in texts:
        for block in text.split("\x00")[1:]:
            head, _, rest = block.partition("\n")
            commit, date, author = head.split("\t", 2)
            for line in rest.strip().splitlines():
                parts = line.split("\t")
                if len(parts) < 2:
                    continue
                change = {"A": "added", "M": "changed", "D": "deleted"}.get(
                    parts[0][:1], "renamed" if parts[0].startswith("R") else parts[0]
                )
                seen.setdefault((commit, parts[-1]), (date, author, change, " <- ".join(reversed(parts[1:]))))
    if not seen:
        return "No git history yet: the candidate's files are not committed.\n"
    rows = sorted(seen.values())
    header = "date (as committed)  author  change  file\n"
    return header + "".join(f"{date}  {author}  {change}  {path}\n" for date, author, change, path in rows)


def _readme(candidate_id: str, today: dt.date, members: list[str], redactions: int, notes: list[str]) -> str:
    lines = [
        f"Everything the hiring team's knowledge base holds about you (candidate {candidate_id}),",
        f"exported on {today.isoformat()} in answer to a request under GDPR Art. 15.",
        "",
        "Files:",
        *(f"  {name}" for name in members),
        "",
        "candidate.yml   your record as stored (its private: block is encrypted at rest)",
        "private.yml     your contact details and other private values, as written (private.txt if none)",
        "interviews/     the scorecard of each interview: ratings 1..4 per competency, recommendation, notes",
        "fit.txt, .json  the role fit computed from the ratings, and the rule that gave the verdict",
        "history.txt     when your files were added or changed, and by whom",
        "",
        "Left out: other candidates and their data, and the interviewers' calibration.",
    ]
    if redactions:
        lines.append(f"Mentions of other candidates in the notes ({redactions}) read '{REDACTED}'.")
    if notes:
        lines += ["", "Note for the person sending this export:", *(f"  - {note}" for note in notes)]
    return "\n".join(lines) + "\n"


def _write_zip(target: Path, candidate_id: str, members: dict[str, bytes], today: dt.date) -> None:
    """Write the archive atomically with owner-only permissions; entries dated ``today``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    stamp = (today.year, today.month, today.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{candidate_id}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, members[name])
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(buffer.getvalue())
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
