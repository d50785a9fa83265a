"""The ``private:`` block of ``candidate.yml``: sealed on disk, read back as written.

On disk (docs/privacy.md, "Sealed private values")::

    private:  # sealed for the admins: invoke private-show ID
      sealed:
        - |
          -----BEGIN AGE ENCRYPTED FILE-----
          YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBt…
          -----END AGE ENCRYPTED FILE-----

Each item of ``sealed:`` is one age message (:mod:`hiring_kb.sealed`) whose plaintext is YAML
text: the private block exactly as it was written (comments, quoting, ``01234`` stays ``01234``).
Someone without an identity who runs ``invoke private-set`` adds one more message holding just that
``key: value`` line; later messages replace the earlier value of the same top-level key, and the
next identity holder's ``private-set``/``private-edit`` merges them into one message.

This module reads the block (plain or sealed) and checks it; the commands that write it are in
:mod:`hiring_kb.private_commands`. Nothing here writes files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, error, register_rules, warning
from .sealed import DamagedSealError, Keyring, SealError, is_age_message, unseal
from .yamlio import YamlDoc, new_yaml, parse_yaml, read_source

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.rules.RULE_CODES).
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

PRIVATE_KEY = "private"
SEALED_KEY = "sealed"
#: Plain scalars YAML reads as "no value".
_NULLS = {"", "~", "null", "Null", "NULL"}

# -- where the block is in the text --------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """Where the ``private:`` block of a candidate.yml text is and what it holds.

    ``kind``: ``absent`` (no ``private:`` key), ``empty`` (no value), ``plain`` (values in clear:
    ``plaintext`` is the block's YAML text as written, un-indented), ``sealed`` (``messages``: the
    armored age messages, in order) or ``mixed`` (``sealed:`` next to plain keys, or a ``sealed:``
    that is not a list of texts). ``start``/``end``: the character range from the ``private:`` key
    to the end of its value (after its last line); ``comment``: the comment on the key's line.
    """

    kind: str
    start: int
    end: int
    comment: str = ""
    plaintext: str | None = None
    messages: tuple[str, ...] = ()


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The index just after the newline ending the line that holds ``index`` (or the text's end)."""
    cut = text.find("\n", index)
    return len(text) if cut < 0 else cut + 1


def _trailing_comment(line: str) -> str:
    """The ``# comment`` that ends a line of YAML (outside quotes), or ''."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[index:].rstrip("\n")
    return ""


def find_block(text: str, key_name: str = PRIVATE_KEY) -> Block:
    """Locate the ``private:`` block of ``text`` (a candidate.yml with ``\\n`` line endings), or
    the entry of another top-level ``key_name``.

    Raises ValueError when the text is not a block-style YAML mapping.
    """
    root = new_yaml().compose(text) if text.strip() else None
    if root is None:
        return Block("absent", len(text), len(text))
    if not isinstance(root, MappingNode) or root.flow_style:
        raise ValueError("the file is not a list of 'key: value' lines")
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == key_name:
            return _block(text, key, value)
    return Block("absent", len(text), len(text))


def _block(text: str, key: Any, value: Any) -> Block:
    start = key.start_mark.index
    key_line_end = _line_end(text, key.end_mark.index)
    on_key_line = value.start_mark.index < key_line_end and not (
        isinstance(value, ScalarNode) and value.start_mark.index == value.end_mark.index
    )
    if isinstance(value, ScalarNode) and (value.tag or "").endswith(":null") and value.value in _NULLS:
        end = key_line_end if not on_key_line else _line_end(text, value.start_mark.index)
        return Block("empty", start, end, _trailing_comment(text[start:key_line_end]))
    if on_key_line and (getattr(value, "flow_style", False) or isinstance(value, ScalarNode)):
        end = _line_end(text, value.end_mark.index - 1)
        comment = _trailing_comment(text[value.end_mark.index : end])
        plaintext = text[value.start_mark.index : value.end_mark.index] + "\n"
    else:
        end = value.end_mark.index
        if end < len(text) and text[end - 1 : end] != "\n":
            end = _line_end(text, end)
        # Blank lines and column-0 comments before the next key belong to what follows.
        while end > key_line_end:
            previous = _line_start(text, end - 1)
            line = text[previous:end]
            if line.strip() and not line.startswith("#"):
                break
            end = previous
        comment = _trailing_comment(text[start:key_line_end])
        indent = value.start_mark.column
        lines = text[_line_start(text, value.start_mark.index) : end].split("\n")
        plaintext = "\n".join(_dedent(line, indent) for line in lines)
    data = new_yaml().load(plaintext)
    if isinstance(data, dict) and SEALED_KEY in data:
        sealed = data[SEALED_KEY]
        if len(data) == 1 and isinstance(sealed, list) and sealed and all(isinstance(m, str) for m in sealed):
            return Block("sealed", start, end, comment, None, tuple(str(m) for m in sealed))
        return Block("mixed", start, end, comment, plaintext)
    return Block("plain", start, end, comment, plaintext)


def _dedent(line: str, indent: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]


# -- values as written ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenValue:
    """One value of a private block: its dotted key (``private.phone``), the text as written
    (``01234``, never the number 1234) and its 1-based line in the block's YAML text."""

    key: str
    text: str
    line: int


def values_as_written(plaintext: str) -> list[WrittenValue]:
    """Every non-empty scalar of a private block's YAML text, as written (quotes removed, escapes
    decoded, but no conversion to numbers, dates or booleans). Raises ValueError when the text
    is not YAML."""
    try:
        node = new_yaml().compose(plaintext)
    except YAMLError as exc:
        raise ValueError(f"not YAML: {exc}") from None
    return list(_walk(node, PRIVATE_KEY))


def _walk(node: Any, path: str) -> Iterator[WrittenValue]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _walk(value, f"{path}.{key.value}")
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, f"{path}[{index}]")
    elif isinstance(node, ScalarNode):
        if (node.tag or "").endswith(":null") and node.value in _NULLS:
            return
        if node.value.strip():
            yield WrittenValue(path, node.value, node.start_mark.line + 1)


def merged_values(texts: list[str]) -> list[WrittenValue]:
    """The values of several messages of one block: a later message's top-level key replaces
    every value under that key in the earlier ones."""
    merged: dict[str, list[WrittenValue]] = {}
    for text in texts:
        replaced: dict[str, list[WrittenValue]] = {}
        for value in values_as_written(text):
            top = value.key.split(".", 1)[1].split(".", 1)[0].split("[", 1)[0]
            replaced.setdefault(top, []).append(value)
        merged.update(replaced)  # an earlier key keeps its place, with the later values
    return [value for values in merged.values() for value in values]


# -- what a reader of the file gets --------------------------------------------------------------


@dataclass(frozen=True)
class PrivateContent:
    """What the private block of one candidate.yml gives its reader.

    ``kind`` as :attr:`Block.kind`; ``texts``: the YAML text of each message (decrypted) or of the
    plain block, empty when closed; ``closed``: why sealed values could not be read (no identity,
    not sealed for it, damaged), or ''; ``values``: the merged values as written.
    """

    kind: str
    texts: tuple[str, ...] = ()
    closed: str = ""
    values: tuple[WrittenValue, ...] = field(default_factory=tuple)

    @property
    def sealed(self) -> bool:
        return self.kind == "sealed"


def read_private(text: str, keyring: Keyring | None, data: Any = None) -> PrivateContent:
    """The private block of a candidate.yml ``text``: plain values as written, or sealed values
    decrypted with ``keyring`` when it opens every message (else ``closed`` says why).

    ``data``: the file already loaded, when the caller has it: a sealed block is then read from
    it without parsing the text again (only plain blocks need the text, for values as written).
    """
    block = _sealed_from_data(data)
    if block is None:
        try:
            block = find_block(text)
        except (ValueError, YAMLError):
            return PrivateContent("absent")
    if block.kind in ("plain", "mixed"):
        try:
            values = tuple(values_as_written(block.plaintext or ""))
        except ValueError:
            values = ()
        return PrivateContent(block.kind, (block.plaintext or "",), "", values)
    if block.kind != "sealed":
        return PrivateContent(block.kind)
    if keyring is None:
        return PrivateContent("sealed", (), "sealed, and no identity was given (HIRING_AGE_IDENTITY or --identity)")
    try:
        texts = tuple(unseal(message, keyring) for message in block.messages)
        values = tuple(merged_values(list(texts)))
    except SealError as exc:
        return PrivateContent("sealed", (), str(exc))
    except ValueError:
        return PrivateContent("sealed", (), "the sealed block does not read as 'key: value' lines")
    return PrivateContent("sealed", texts, "", values)


def _sealed_from_data(data: Any) -> Block | None:
    """A sealed (or empty) block read from loaded data; None when the text must be looked at."""
    if not isinstance(data, dict):
        return None
    private = data.get(PRIVATE_KEY)
    if private is None:
        return Block("empty" if PRIVATE_KEY in data else "absent", 0, 0)
    if isinstance(private, dict) and list(private) == [SEALED_KEY]:
        sealed = private[SEALED_KEY]
        if isinstance(sealed, list) and sealed and all(isinstance(m, str) for m in sealed):
            return Block("sealed", 0, 0, messages=tuple(str(m) for m in sealed))
    return None


def read_private_file(path: Path, keyring: Keyring | None) -> PrivateContent:
    """:func:`read_private` of a file (BOM and CRLF accepted); ``absent`` when unreadable."""
    try:
        raw = path.read_bytes()
        text = (raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw).decode("utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return PrivateContent("absent")
    return read_private(text, keyring)


# -- checks --------------------------------------------------------------------------------------

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
