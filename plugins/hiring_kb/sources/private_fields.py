"""The ``private:`` block of ``candidate.yml``: sealed on disk, read back as written.

On disk (docs/privacy.md, "Sealed private values")::

    private:  # sealed for the admins: invoke private-show ID
      sealed:
        - |
          -----BEGIN AGE ENCRYPTED FILE-----
          YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBt…
          -----END AGE ENCRYPTED FILE-----

Each item of ``sealed:`` is one age message (:mod:`hiring_kb.base.sealed`) whose plaintext is YAML
text: the private block exactly as it was written (comments, quoting, ``01234`` stays ``01234``).
Someone without an identity who runs ``invoke private-set`` adds one more message holding just that
``key: value`` line; later messages replace the earlier value of the same top-level key, and the
next identity holder's ``private-set``/``private-edit`` merges them into one message.

This module reads the block (plain or sealed) back as written. Where the block is in the text is
:mod:`hiring_kb.sources.private_block`; its checks are :mod:`hiring_kb.sources.private_checks`; the commands that
write it are in :mod:`hiring_kb.authoring.private_commands`. Nothing here writes files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from hiring_kb.base.sealed import Keyring, SealError, unseal
from hiring_kb.sources.private_block import NULLS, PRIVATE_KEY, SEALED_KEY, Block, find_block
from hiring_kb.sources.yamlio import new_yaml

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
        if (node.tag or "").endswith(":null") and node.value in NULLS:
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
