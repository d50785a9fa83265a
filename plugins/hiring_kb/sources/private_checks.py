"""The validation of the ``private:`` block: plain values that should be sealed, damaged or unreadable messages.

:func:`check_private_structure` runs in everyone's validate (no key needed);
:func:`check_sealed_values` and :func:`check_project_sealed` run when an identity is given.
Messages name the line and the rule, never a value. The format is in :mod:`hiring_kb.sources.private_fields`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from hiring_kb.base.diagnostics import Diagnostic, error, register_rules, warning
from hiring_kb.base.sealed import DamagedSealError, Keyring, SealError, is_age_message, unseal
from hiring_kb.sources.private_block import PRIVATE_KEY, SEALED_KEY
from hiring_kb.sources.yamlio import YamlDoc, parse_yaml, read_source

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "private-not-sealed": "a private: block in plain text (every clone could read it): run invoke private-seal-all",
        "sealed-invalid": "an item of private.sealed that is not an age-encrypted message (cut or edited by hand)",
        "sealed-unreadable": "warning: with an identity, a sealed block it cannot open (sealed for other "
        "keys), or an identity file that cannot be used",
        "private-invalid": "with an identity, a sealed block whose text is not 'key: value' lines",
    },
)

SEAL_HINT = (
    "run 'invoke private-seal-all': it encrypts private: for the admins' keys (private_recipients: in "
    "hiring.yml); then commit. See docs/privacy.md"
)


def check_private_structure(doc: YamlDoc) -> list[Diagnostic]:
    """The checks everyone's validate runs on a candidate's ``private:`` block (no key needed).

    ``private-not-sealed`` (error) at the first plain key: the values are readable by everyone
    who clones the repository. ``sealed-invalid`` (error) at each item of ``sealed:`` that is not
    an armored age message. Shapes that are not a mapping are the schema's (``wrong-type``).
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    block = data.get(PRIVATE_KEY)
    if not isinstance(block, dict) or not block:
        return []
    found: list[Diagnostic] = []
    plain = [key for key in block if key != SEALED_KEY]
    if plain:
        shown = ", ".join(f"'{key}'" for key in plain[:5]) + (", …" if len(plain) > 5 else "")
        found.append(
            error(
                doc.key(block, plain[0]),
                "private-not-sealed",
                f"private: holds {shown} in plain text: everyone who clones the repository can read "
                f"{'it' if len(plain) == 1 else 'them'}",
                SEAL_HINT,
            )
        )
    sealed = block.get(SEALED_KEY)
    if isinstance(sealed, list):
        for index, message in enumerate(sealed):
            if not isinstance(message, str) or not is_age_message(message):
                found.append(
                    error(
                        doc.item(sealed, index),
                        "sealed-invalid",
                        f"private.sealed[{index}] is not an age-encrypted message (cut, edited by hand or pasted "
                        "wrongly)",
                        "restore the block from git history (git checkout -- FILE), or replace the value with "
                        "'invoke private-set ID KEY VALUE'",
                    )
                )
    return found


def check_sealed_values(doc: YamlDoc, candidate_id: str, keyring: Keyring) -> list[Diagnostic]:
    """The checks of a sealed block that need an identity (validate runs them when one is given).

    ``sealed-unreadable`` (warning) at a message the keyring cannot open (sealed for other keys, or
    damaged): its values cannot be checked nor found by the audit. ``private-invalid`` (error) at a
    message whose text is not ``key: value`` lines (the message says the line, never a value).
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    block = data.get(PRIVATE_KEY)
    sealed = block.get(SEALED_KEY) if isinstance(block, dict) else None
    if not isinstance(sealed, list):
        return []
    found: list[Diagnostic] = []
    for index, message in enumerate(sealed):
        if not isinstance(message, str) or not is_age_message(message):
            continue  # sealed-invalid already
        try:
            plaintext = unseal(message, keyring)
        except DamagedSealError:
            found.append(
                error(
                    doc.item(sealed, index),
                    "sealed-invalid",
                    f"private.sealed[{index}] is damaged: a character was changed after it was sealed, so no one "
                    "can open it",
                    "restore the file from git (git checkout -- the file), or seal the values again with "
                    f"'invoke private-set {candidate_id} KEY VALUE'",
                )
            )
            continue
        except SealError as exc:
            found.append(
                warning(
                    doc.item(sealed, index),  # positions cost a second parse: only for a problem
                    "sealed-unreadable",
                    f"private.sealed[{index}] cannot be opened: {exc}; its values are not checked and the audit "
                    "cannot look for them",
                    "ask an admin whose key opens it to add your public key to private_recipients: in hiring.yml "
                    "and run 'invoke private-reseal'",
                )
            )
            continue
        problem = private_text_problem(plaintext)
        if problem:
            found.append(
                error(
                    doc.item(sealed, index),
                    "private-invalid",
                    f"private.sealed[{index}] holds text that is not 'key: value' lines ({problem})",
                    f"fix it with 'invoke private-edit {candidate_id}'",
                )
            )
    return found


def private_text_problem(plaintext: str) -> str:
    """Why decrypted text is not a private block (line and rule code only: never a value), or ''."""
    doc, problems = parse_yaml(plaintext, "sealed")
    if problems:
        first = problems[0]
        return f"line {first.position.line} of the sealed text: {first.code}"
    if doc is None or not isinstance(doc.data, dict):
        return "it is not a list of 'key: value' lines"
    return ""


def check_project_sealed(candidates_dir: Path, label: Any, keyring: Keyring) -> list[Diagnostic]:
    """:func:`check_sealed_values` for every readable ``candidates/*/candidate.yml``; ``label``
    turns a path into its project-relative label."""
    found: list[Diagnostic] = []
    if not candidates_dir.is_dir():
        return found
    for path in sorted(candidates_dir.glob("*/candidate.yml")):
        source, _ = read_source(path, label(path))
        if source is None or SEALED_KEY not in source.text:
            continue
        if all(_opens(message, keyring) for message in _ARMORED.findall(source.text)):
            continue  # the usual case, without parsing the file: positions are only needed for a problem
        doc, _ = parse_yaml(source.text, label(path))
        if doc is not None:
            found += check_sealed_values(doc, path.parent.name, keyring)
    return found


#: An armored age message inside candidate.yml, whatever its indentation.
_ARMORED = re.compile(r"-----BEGIN AGE ENCRYPTED FILE-----.*?-----END AGE ENCRYPTED FILE-----", re.DOTALL)


@lru_cache(maxsize=65536)
def _opens(message: str, keyring: Keyring) -> bool:
    """True when the message opens and holds a private block without problems (remembered for the
    life of the process: ``mkdocs serve`` rebuilds do not decrypt unchanged blocks again)."""
    text = "\n".join(line.strip() for line in message.split("\n"))
    try:
        return not private_text_problem(unseal(text, keyring))
    except SealError:
        return False
