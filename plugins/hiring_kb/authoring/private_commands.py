"""The commands that write sealed private values: ``invoke private-set``, ``private-show``,
``private-edit``, ``private-seal-all``, ``private-reseal`` and ``private-keygen``.

Every write to ``candidate.yml`` replaces the ``private:`` block only (the rest of the file keeps
its bytes, BOM and line endings), is checked by loading the result back, and is atomic
(:func:`hiring_kb.authoring.atomic_files.atomic_write_bytes`). The format is in :mod:`hiring_kb.sources.private_fields`.
Refusals are :class:`hiring_kb.authoring.edit.EditError` with diagnostics, like the other editing commands.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

from hiring_kb.authoring.atomic_files import atomic_write_bytes, decode_text, encode_text
from hiring_kb.authoring.edit import EditError, candidate_file, fail
from hiring_kb.authoring.yaml_edits import plain_data, set_top_level, yaml_scalar
from hiring_kb.base.diagnostics import Position
from hiring_kb.base.sealed import Keyring, SealError, generate_identity, parse_recipient, seal, unseal
from hiring_kb.sources.private_block import PRIVATE_KEY, SEALED_KEY, Block, find_block
from hiring_kb.sources.private_checks import private_text_problem
from hiring_kb.sources.settings import SETTINGS_FILE, Settings
from hiring_kb.sources.yamlio import new_yaml

#: A key of the private block that ``private-set`` writes: a plain YAML key.
KEY_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
DEFAULT_COMMENT = "# sealed for the admins (private_recipients: in hiring.yml); never rendered"


# -- the block's text ----------------------------------------------------------------------------


def render_block(messages: tuple[str, ...], comment: str = "") -> str:
    """The ``private:`` lines holding ``messages`` (armored age messages); just ``private:`` when none."""
    head = f"{PRIVATE_KEY}:  {comment or DEFAULT_COMMENT}\n"
    if not messages:
        return head
    lines = [head, f"  {SEALED_KEY}:\n"]
    for message in messages:
        lines.append("    - |\n")
        lines += [f"      {line}\n" for line in message.strip("\n").split("\n")]
    return "".join(lines)


def replace_block(text: str, messages: tuple[str, ...]) -> str:
    """``text`` (a candidate.yml, ``\\n`` endings) with its ``private:`` block holding ``messages``.

    Only the block's lines change; the result is loaded back and compared with the intended data.
    Raises ValueError when the file layout does not allow it (then nothing may be written).
    """
    block = find_block(text)
    before = plain_data(new_yaml().load(text)) if text.strip() else {}
    if block.kind == "absent":
        prefix = text if not text or text.endswith("\n") else text + "\n"
        edited = prefix + render_block(messages)
    else:
        edited = text[: block.start] + render_block(messages, block.comment) + text[block.end :]
    expected = dict(before or {})
    expected[PRIVATE_KEY] = {SEALED_KEY: list(messages)} if messages else None
    if plain_data(new_yaml().load(edited)) != plain_data(expected):
        raise ValueError("the private: block cannot be replaced without touching other lines; edit the file by hand")
    return edited


def set_value_text(plaintext: str, key: str, value: str) -> str:
    """The private block's YAML text with top-level ``key`` set to the text ``value`` (quoted when
    YAML would read it as something else, so ``01234`` stays text); comments and every other line kept."""
    if not plaintext.strip() or new_yaml().compose(plaintext) is None:
        base = plaintext if not plaintext or plaintext.endswith("\n") else plaintext + "\n"
        return base + f"{key}: {yaml_scalar(value)}\n"
    existing = find_block(plaintext, key)
    if existing.kind not in ("absent", "empty") and not _is_scalar_entry(plaintext, key):
        plaintext = plaintext[: existing.start] + plaintext[existing.end :]
    return set_top_level(plaintext, key, value)


def _is_scalar_entry(text: str, key: str) -> bool:
    root = new_yaml().compose(text)
    return isinstance(root, MappingNode) and any(
        isinstance(k, ScalarNode) and k.value == key and isinstance(v, ScalarNode) for k, v in root.value
    )


def merged_text(texts: tuple[str, ...] | list[str]) -> str:
    """One YAML text from the messages of a block: the first as written, then each later
    message's top-level keys set over it (:func:`set_value_text` for single values; a list or
    mapping replaces the earlier entry)."""
    if not texts:
        return ""
    base = texts[0]
    for later in texts[1:]:
        root = new_yaml().compose(later)
        if not isinstance(root, MappingNode):
            continue
        for key, value in root.value:
            if isinstance(value, ScalarNode):
                base = set_value_text(base, key.value, value.value)
                continue
            entry = find_block(later, key.value)
            existing = find_block(base, key.value)
            if existing.kind != "absent":
                base = base[: existing.start] + base[existing.end :]
            base = (base if not base or base.endswith("\n") else base + "\n") + later[entry.start : entry.end]
    return base


# -- reading one candidate -----------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateText:
    """A candidate.yml as read for an edit: path, label, text (``\\n`` endings), BOM/CRLF, its block."""

    path: Path
    label: str
    text: str
    bom: bool
    crlf: bool
    block: Block

    def write(self, messages: tuple[str, ...]) -> None:
        """Atomically replace the block with ``messages`` (the rest of the bytes unchanged)."""
        try:
            edited = replace_block(self.text, messages)
        except (ValueError, YAMLError) as exc:
            raise fail(Position(self.label), "cannot-edit", str(exc)) from None
        atomic_write_bytes(self.path, encode_text(edited, self.bom, self.crlf))


def read_candidate(settings: Settings, candidate_id: str) -> CandidateText:
    """Read ``candidates/<id>/candidate.yml`` for an edit; raises EditError (unknown id, not YAML)."""
    path = candidate_file(settings, candidate_id)
    label = settings.label(path)
    try:
        text, bom, crlf = decode_text(path.read_bytes())
        block = find_block(text)
    except (UnicodeDecodeError, ValueError, YAMLError):
        raise fail(
            Position(label), "cannot-edit", "the file does not read as YAML", "run 'invoke validate' and fix it first"
        ) from None
    return CandidateText(path, label, text, bom, crlf, block)


def recipients_of(settings: Settings) -> list[Any]:
    """The parsed ``private_recipients:``; raises EditError when there is none."""
    if not settings.private_recipients:
        raise fail(
            Position(SETTINGS_FILE),
            "no-recipients",
            "hiring.yml lists no private_recipients: nobody could read what would be sealed",
            "each admin runs 'invoke private-keygen --out ~/.config/hiring/identity.txt' and adds the public key "
            "it prints under private_recipients: in hiring.yml",
        )
    try:
        return [parse_recipient(r) for r in settings.private_recipients]
    except SealError as exc:
        raise fail(
            Position(SETTINGS_FILE), "no-recipients", str(exc), "fix private_recipients: in hiring.yml"
        ) from None


def _need_keyring(keyring: Keyring | None, label: str, what: str) -> Keyring:
    if keyring is None:
        raise fail(
            Position(label),
            "no-identity",
            f"{what} needs an identity that opens the sealed private: block",
            "set HIRING_AGE_IDENTITY to your identity file, or pass --identity FILE",
        )
    return keyring


def _not_sealed(candidate: CandidateText) -> EditError:
    return fail(
        Position(candidate.label),
        "private-not-sealed",
        "private: is still in plain text",
        "run 'invoke private-seal-all' first",
    )


def open_texts(candidate: CandidateText, keyring: Keyring) -> tuple[str, ...]:
    """The decrypted texts of the candidate's sealed messages; raises EditError when one cannot be opened."""
    try:
        return tuple(unseal(message, keyring) for message in candidate.block.messages)
    except SealError as exc:
        raise fail(Position(candidate.label), "sealed-unreadable", f"private: cannot be opened: {exc}") from None


# -- the commands --------------------------------------------------------------------------------


def set_private(settings: Settings, candidate_id: str, key: str, value: str, keyring: Keyring | None = None) -> str:
    """``invoke private-set ID KEY VALUE``: seal ``key: value`` into the candidate's private block.

    ``value`` is text, kept as typed (``01234`` is written ``'01234'``). With a keyring that opens the
    block, the block is decrypted, the key set (comments kept) and everything sealed again as one
    message; without one, a message holding only this line is added (it replaces the earlier value
    when read). Returns what was done, in one line. Raises EditError.
    """
    candidate = read_candidate(settings, candidate_id)
    if not KEY_PATTERN.match(key):
        raise fail(
            Position(candidate.label),
            "invalid-key",
            f"'{key}' is not a key for private:",
            "use letters, digits, '_' and '-', starting with a letter: e.g. phone, expected_salary",
        )
    if candidate.block.kind in ("plain", "mixed"):
        raise _not_sealed(candidate)
    recipients = recipients_of(settings)
    messages = candidate.block.messages
    how = "sealed"
    if messages and keyring is not None:
        text = set_value_text(merged_text(open_texts(candidate, keyring)), key, value)
        messages = (seal(text, recipients),)
    elif messages:
        messages = (*messages, seal(f"{key}: {yaml_scalar(value)}\n", recipients))
        how = "sealed as an added entry (it replaces any earlier value; an admin's private-edit merges it)"
    else:
        messages = (seal(f"{key}: {yaml_scalar(value)}\n", recipients),)
    candidate.write(messages)
    count = len(recipients)
    return f"{candidate.label}: private.{key} {how}, readable by {count} recipient{'s' * (count != 1)}"


def show_private(settings: Settings, candidate_id: str, keyring: Keyring | None) -> str:
    """``invoke private-show ID``: the private block's YAML text as written (decrypted); raises EditError."""
    candidate = read_candidate(settings, candidate_id)
    kind = candidate.block.kind
    if kind in ("absent", "empty"):
        return "# no private values"
    if kind in ("plain", "mixed"):
        return "# NOT SEALED: every clone can read this (invoke private-seal-all)\n" + (candidate.block.plaintext or "")
    keyring = _need_keyring(keyring, candidate.label, "private-show")
    return merged_text(open_texts(candidate, keyring))


Editor = Callable[[Path], None]
#: Asked after an edit that is not 'key: value' lines: True opens the editor again, False drops the edit.
Retry = Callable[[str], bool]


def edit_private(settings: Settings, candidate_id: str, keyring: Keyring | None, editor: Editor, retry: Retry) -> str:
    """``invoke private-edit ID``: open the decrypted block in an editor, then seal what was saved.

    The text goes to a new file readable by its owner only (0600, in ``$XDG_RUNTIME_DIR`` when set:
    memory, not disk), ``editor(path)`` edits it, and the file is overwritten and removed whatever
    happens. Saved text that is not ``key: value`` lines is never sealed: ``retry(problem)`` decides
    between editing again and dropping the edit. Returns what was done. Raises EditError.
    """
    candidate = read_candidate(settings, candidate_id)
    if candidate.block.kind in ("plain", "mixed"):
        raise _not_sealed(candidate)
    recipients = recipients_of(settings)
    before = ""
    if candidate.block.messages:
        before = merged_text(open_texts(candidate, _need_keyring(keyring, candidate.label, "private-edit")))
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    fd, name = tempfile.mkstemp(
        prefix="private-", suffix=".yml", dir=runtime if runtime and Path(runtime).is_dir() else None
    )
    path = Path(name)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(before)
        while True:
            editor(path)
            after = path.read_text(encoding="utf-8")
            problem = private_text_problem(after) if after.strip() else ""
            if not problem:
                break
            if not retry(problem):
                return f"{candidate.label}: nothing changed (the edit was not 'key: value' lines: {problem})"
    finally:
        with suppress(OSError):
            size = path.stat().st_size
            with open(path, "r+b") as handle:
                handle.write(b"\0" * size)
                handle.flush()
                os.fsync(handle.fileno())
        with suppress(OSError):
            path.unlink()
    if after == before:
        return f"{candidate.label}: nothing changed"
    candidate.write((seal(after, recipients),) if after.strip() else ())
    return f"{candidate.label}: private: sealed again for {len(recipients)} recipient{'s' * (len(recipients) != 1)}"


def seal_all(settings: Settings) -> list[str]:
    """``invoke private-seal-all``: seal every plain ``private:`` block as written (comments and
    spelling kept inside the sealed text). Returns one line per candidate file changed or skipped.
    Raises EditError when hiring.yml lists no recipient."""
    recipients = recipients_of(settings)
    done: list[str] = []
    for path in sorted(settings.candidates_dir.glob("*/candidate.yml")) if settings.candidates_dir.is_dir() else []:
        try:
            candidate = read_candidate(settings, path.parent.name)
        except EditError as exc:
            done.append(f"{settings.label(path)}: skipped, {exc.diagnostics[0].message}")
            continue
        if candidate.block.kind == "mixed":
            done.append(f"{candidate.label}: skipped, private: mixes sealed: and plain keys; fix it by hand")
        elif candidate.block.kind == "plain":
            candidate.write((seal(candidate.block.plaintext or "", recipients),))
            done.append(f"{candidate.label}: sealed")
    return done


def reseal_all(settings: Settings, keyring: Keyring | None) -> list[str]:
    """``invoke private-reseal``: seal every sealed block again for today's ``private_recipients:``
    (after adding or removing an admin), merging added entries. Blocks the keyring cannot open are
    listed and left as they are. Raises EditError without a keyring or recipients."""
    recipients = recipients_of(settings)
    keyring = _need_keyring(keyring, SETTINGS_FILE, "private-reseal")
    done: list[str] = []
    for path in sorted(settings.candidates_dir.glob("*/candidate.yml")) if settings.candidates_dir.is_dir() else []:
        try:
            candidate = read_candidate(settings, path.parent.name)
            if candidate.block.kind != "sealed":
                continue
            text = merged_text(open_texts(candidate, keyring))
        except EditError as exc:
            done.append(f"{settings.label(path)}: not resealed, {exc.diagnostics[0].message}")
            continue
        candidate.write((seal(text, recipients),))
        done.append(f"{candidate.label}: sealed again")
    return done


def write_identity(path: Path, root: Path) -> str:
    """``invoke private-keygen --out FILE``: write a new identity file (0600, never overwritten, never
    inside the project) and return its public key, for ``private_recipients:``. Raises EditError."""
    target = path.expanduser().resolve()
    project = root.resolve()
    if target == project or project in target.parents:
        raise fail(
            Position(str(path)),
            "identity-in-repository",
            "an identity file inside the repository would be committed and open every sealed value",
            "write it outside, e.g. --out ~/.config/hiring/identity.txt",
        )
    text, public = generate_identity()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise fail(Position(str(path)), "identity-exists", f"{path} already exists; it was left as it is") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return public
