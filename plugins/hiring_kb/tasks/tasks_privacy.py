"""invoke tasks for candidates' personal data: purge, verify-erased, export and the sealed private: values.

invoke purge ID [--dry-run] # erase a candidate from sources, site and target
invoke verify-erased ID [--name NAME]   # repeat the purge's checks later
invoke export ID [--out FILE]           # subject-access export (GDPR Art. 15)
invoke private-set ID KEY VALUE | private-show ID | private-edit ID   # sealed private: values
invoke private-seal-all | private-reseal | private-keygen --out FILE

Thin wrappers over :mod:`hiring_kb.publish.purge`, :mod:`hiring_kb.publish.export` and
:mod:`hiring_kb.authoring.private_commands`
(docs/privacy.md). What stays here is the terminal side: asking for a value without echoing it and
running the person's editor. Dash names (private-set, ...) rather than an invoke collection: the tasks
are found by module discovery (:mod:`hiring_kb.task_loading`), which an explicit namespace would replace.
"""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Context, Exit, task

from hiring_kb.authoring.edit import EditError
from hiring_kb.task_loading import loading_root
from hiring_kb.tasks.task_wiki import MKDOCS_FILE, SITE_FOLDER, refused, settings_or_exit, today_or_exit

# The wiki these tasks run on: the folder of the tasks.py that loads them (hiring_kb.task_loading).
ROOT = loading_root()
MKDOCS_CONFIG = ROOT / MKDOCS_FILE
SITE_DIR = ROOT / SITE_FOLDER

_IDENTITY_HELP = "Identity file that opens sealed values (default: $HIRING_AGE_IDENTITY)."


def _keyring(identity: str | None):
    from hiring_kb.base.sealed import SealError, keyring_from

    try:
        return keyring_from(identity)
    except SealError as exc:
        raise Exit(str(exc), code=2) from None


# -- erasure and subject access (hiring_kb.publish.purge, hiring_kb.publish.export) ------------------------------


@task(help={"id": "Candidate id (folder name under candidates/).", "dry_run": "Check and print the plan only."})
def purge(c: Context, id: str, dry_run: bool = False) -> None:
    """Erase a candidate from sources, caches, site and deploy target; list what cannot be reached."""
    from hiring_kb.publish.deploy import DeployError
    from hiring_kb.publish.purge import purge_candidate

    try:
        report = purge_candidate(ROOT, MKDOCS_CONFIG, SITE_DIR, id, dry_run=dry_run, today=today_or_exit())
    except DeployError as exc:
        raise Exit(f"purge refused: {exc}", code=1) from None
    print("not reachable from here, erase by hand:")
    print("\n".join(f"  - {place}" for place in report.unreachable))


@task(
    help={
        "id": "The erased candidate's id.",
        "name": "Their full name, to search for it too (it is kept nowhere).",
        "identity": _IDENTITY_HELP,
    }
)
def verify_erased(c: Context, id: str, name: str | None = None, identity: str | None = None) -> None:
    """Repeat a purge's checks: sources, caches, site, deploy target, git refs and the erasure record."""
    from hiring_kb.publish.deploy import DeployError
    from hiring_kb.publish.purge_verify import verify_erased as verify

    try:
        report = verify(ROOT, SITE_DIR, id, name, _keyring(identity))
    except DeployError as exc:
        raise Exit(f"verify-erased refused: {exc}", code=1) from None
    for entry in report.records:
        print(f"erasure record of {entry.date}: removed {'; '.join(entry.removed)}")
    print("checked: " + "; ".join(report.checked))
    if report.found:
        print("still there:")
        print("\n".join(f"  - {place}" for place in report.found))
        raise Exit(code=1)
    print(f"no trace of {id}" + (f" or '{name}'" if name else "") + " found")


@task(
    help={
        "id": "Candidate id.",
        "out": "Archive to write (default: ~/hiring-exports/<id>-<date>.zip; never inside the repository).",
        "identity": _IDENTITY_HELP,
    }
)
def export(c: Context, id: str, out: str | None = None, identity: str | None = None) -> None:
    """Subject-access export (GDPR Art. 15): one zip of everything held about a candidate, nothing about others."""
    from hiring_kb.publish.export import ExportError, export_candidate

    try:
        result = export_candidate(ROOT, id, Path(out) if out else None, _keyring(identity), today=today_or_exit())
    except ExportError as exc:
        raise Exit(f"export refused: {exc}", code=1) from None
    print(f"wrote {result.path} (readable by you only):")
    print("\n".join(f"  {member}" for member in result.members))
    for note in result.notes:
        print(f"NOTE: {note}")


# -- sealed private values (hiring_kb.authoring.private_commands; docs/privacy.md) ----------------------------


@task(
    help={
        "id": "Candidate id.",
        "key": "Key in private:, e.g. phone.",
        "value": "The value, kept as typed; '-' asks for it (hidden at a terminal, else one line of standard "
        "input), so it stays out of your shell history.",
        "identity": _IDENTITY_HELP,
    }
)
def private_set(c: Context, id: str, key: str, value: str, identity: str | None = None) -> None:
    """Seal KEY: VALUE into a candidate's private: block (needs only hiring.yml's public keys)."""
    from hiring_kb.authoring.private_commands import set_private

    if value == "-":
        value = _typed_value(key)
    try:
        print(set_private(settings_or_exit(ROOT), id, key, value, _keyring(identity)))
    except EditError as exc:
        raise refused(exc) from None


def _typed_value(key: str) -> str:
    """A private value asked for rather than given on the command line (where shell history and other
    users' process lists would keep it): hidden at a terminal, else the first line of standard input."""
    import getpass

    if sys.stdin.isatty():
        return getpass.getpass(f"{key}: ")
    line = sys.stdin.readline()
    if not line:
        raise Exit(f"no value for '{key}' on standard input (type it, or pipe one line)", code=2)
    return line.rstrip("\r\n")


@task(help={"id": "Candidate id.", "identity": _IDENTITY_HELP})
def private_show(c: Context, id: str, identity: str | None = None) -> None:
    """Print a candidate's private: values as written (needs an identity)."""
    from hiring_kb.authoring.private_commands import show_private

    try:
        print(show_private(settings_or_exit(ROOT), id, _keyring(identity)).rstrip("\n"))
    except EditError as exc:
        raise refused(exc) from None


@task(help={"id": "Candidate id.", "identity": _IDENTITY_HELP})
def private_edit(c: Context, id: str, identity: str | None = None) -> None:
    """Edit a candidate's private: values in $VISUAL/$EDITOR (a 0600 temp file, sealed again, removed)."""
    import os
    import shlex
    import subprocess

    from hiring_kb.authoring.private_commands import edit_private

    command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")

    def editor(path: Path) -> None:
        if subprocess.run([*command, str(path)], check=False).returncode != 0:
            raise Exit(f"the editor ({command[0]}) failed; nothing was changed", code=1)

    def retry(problem: str) -> bool:
        print(f"not saved: {problem}")
        return sys.stdin.isatty() and input("edit again? [Y/n] ").strip().lower() in ("", "y", "yes")

    try:
        print(edit_private(settings_or_exit(ROOT), id, _keyring(identity), editor, retry))
    except EditError as exc:
        raise refused(exc) from None


@task
def private_seal_all(c: Context) -> None:
    """Seal every plain-text private: block for hiring.yml's private_recipients (as written, comments kept)."""
    from hiring_kb.authoring.private_commands import seal_all

    try:
        done = seal_all(settings_or_exit(ROOT))
    except EditError as exc:
        raise refused(exc) from None
    print("\n".join(done) if done else "every private: block is already sealed")


@task(help={"identity": _IDENTITY_HELP})
def private_reseal(c: Context, identity: str | None = None) -> None:
    """Seal every private: block again for today's private_recipients (after adding or removing an admin)."""
    from hiring_kb.authoring.private_commands import reseal_all

    try:
        done = reseal_all(settings_or_exit(ROOT), _keyring(identity))
    except EditError as exc:
        raise refused(exc) from None
    print("\n".join(done) if done else "no sealed private: block")


@task(
    help={"out": "Where to write the new identity file (outside the repository), e.g. ~/.config/hiring/identity.txt."}
)
def private_keygen(c: Context, out: str) -> None:
    """Make a new identity (secret key file, 0600) and print its public key for private_recipients:."""
    from hiring_kb.authoring.private_commands import write_identity

    try:
        public = write_identity(Path(out), ROOT)
    except EditError as exc:
        raise refused(exc) from None
    print(f"wrote {out} (keep it private; back it up)")
    print(f"add to private_recipients: in hiring.yml, then run 'invoke private-reseal':\n  - {public}")
