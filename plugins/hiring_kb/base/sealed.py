"""Sealed private values: the age encryption format (https://age-encryption.org/v1) via pyrage.

A candidate's ``private:`` block is stored as one or more ASCII-armored age messages
(:mod:`hiring_kb.sources.private_fields` says where they sit in ``candidate.yml``). Encrypting needs only
the public *recipients* listed in ``hiring.yml`` (``private_recipients:``, ``age1…`` X25519 keys
or ``ssh-ed25519``/``ssh-rsa`` public keys), so anyone can add or replace a value; decrypting needs
an *identity* (the secret key): a file named by ``HIRING_AGE_IDENTITY`` or ``--identity FILE``,
as ``age-keygen`` writes it (``AGE-SECRET-KEY-1…`` lines, ``#`` comments) or an OpenSSH private key.

Errors are :class:`SealError` with a message for the person at the keyboard.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage

#: The environment variable naming the identity file that opens sealed blocks.
IDENTITY_ENV = "HIRING_AGE_IDENTITY"
ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = "-----END AGE ENCRYPTED FILE-----"
#: The first line of every age v1 message (after the armor is removed).
AGE_HEADER = b"age-encryption.org/v1\n"
#: A recipient as hiring.yml lists it: an age X25519 public key, or an SSH public key.
RECIPIENT_PATTERN = r"^(age1[02-9ac-hj-np-z]{58}|ssh-(ed25519|rsa) [A-Za-z0-9+/=]+( .*)?)$"
_SECRET_LINE = re.compile(r"^AGE-SECRET-KEY-1[0-9A-Z]+$")


#: The default of ``keyring`` arguments: the identity file named by ``HIRING_AGE_IDENTITY``, if any.
FROM_ENVIRONMENT: object = object()


class SealError(Exception):
    """A key or a sealed message that cannot be used; the message says why and what to do."""


class DamagedSealError(SealError):
    """A sealed message that opens for no one: it was changed after it was sealed (one character is
    enough), so even its recipients cannot read it."""


def parse_recipient(text: str) -> Any:
    """The pyrage recipient of one ``private_recipients:`` entry; raises SealError when it is not one."""
    text = text.strip()
    try:
        if text.startswith("age1"):
            return pyrage.x25519.Recipient.from_str(text)
        if text.startswith("ssh-"):
            return pyrage.ssh.Recipient.from_str(text)
    except (pyrage.RecipientError, ValueError):
        raise SealError(f"'{_short(text)}' is not a valid public key: a character is wrong or missing") from None
    raise SealError(f"'{_short(text)}' is not a public key: write an 'age1…' key (age-keygen -y) or an SSH public key")


def recipient_problem(text: str) -> str | None:
    """Why ``text`` is not a usable recipient, or None when it is one."""
    try:
        parse_recipient(text)
    except SealError as exc:
        return str(exc)
    return None


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:20] + "…"


@dataclass(frozen=True)
class Keyring:
    """The identities that open sealed blocks, and the file they came from (for messages)."""

    identities: tuple[Any, ...]
    source: str


def load_identity_file(path: Path) -> Keyring:
    """Read an identity file: ``AGE-SECRET-KEY-1…`` lines (``#`` comments and blank lines skipped,
    as ``age-keygen`` writes them) or an OpenSSH private key (without a passphrase).

    Raises SealError when the file cannot be read or holds no identity.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SealError(f"cannot read identity file {path}: {exc.strerror or exc}") from None
    text = raw.decode("utf-8", errors="replace")
    if "-----BEGIN OPENSSH PRIVATE KEY-----" in text:
        try:
            return Keyring((pyrage.ssh.Identity.from_buffer(raw),), str(path))
        except (pyrage.IdentityError, ValueError) as exc:
            raise SealError(f"identity file {path} is not a usable SSH key ({exc})") from None
    identities = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not _SECRET_LINE.match(line):
            raise SealError(f"{path}:{number}: not an age identity: lines start with AGE-SECRET-KEY-1 (age-keygen)")
        try:
            identities.append(pyrage.x25519.Identity.from_str(line))
        except (pyrage.IdentityError, ValueError) as exc:
            raise SealError(f"{path}:{number}: the identity is damaged ({exc})") from None
    if not identities:
        raise SealError(f"identity file {path} holds no identity (an AGE-SECRET-KEY-1… line)")
    return Keyring(tuple(identities), str(path))


def keyring_from(option: str | None = None, environ: Mapping[str, str] | None = None) -> Keyring | None:
    """The keyring of ``--identity FILE`` when given, else of ``$HIRING_AGE_IDENTITY``; None when
    neither is set (then sealed values stay closed). Raises SealError for an unusable file."""
    environ = os.environ if environ is None else environ
    path = option or environ.get(IDENTITY_ENV, "").strip()
    if not path:
        return None
    return load_identity_file(Path(path).expanduser())


def seal(plaintext: str, recipients: Iterable[Any]) -> str:
    """Encrypt UTF-8 ``plaintext`` for every recipient; return the ASCII-armored age message
    (``-----BEGIN AGE ENCRYPTED FILE-----`` … ``-----END …``, ending with a newline).

    Raises SealError when there is no recipient.
    """
    recipients = list(recipients)
    if not recipients:
        raise SealError("there is no recipient to seal for: add private_recipients: to hiring.yml")
    message = pyrage.encrypt(plaintext.encode("utf-8"), recipients, armored=True).decode("ascii")
    return message if message.endswith("\n") else message + "\n"


def unseal(message: str, keyring: Keyring) -> str:
    """Decrypt an armored age message with the keyring; return the UTF-8 text.

    Raises SealError when no identity of the keyring opens it, or it is damaged.
    """
    try:
        data = pyrage.decrypt(message.strip().encode("ascii", errors="replace") + b"\n", list(keyring.identities))
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise SealError("it was not sealed for your identity") from None
        raise DamagedSealError("the sealed message is damaged") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SealError("the sealed message does not hold UTF-8 text") from None


def is_age_message(text: str) -> bool:
    """True when ``text`` has the shape of one armored age message: the BEGIN and END lines around
    base64 lines that decode to an ``age-encryption.org/v1`` header. Needs no key: this is the check
    everyone's validate runs; only an identity can tell whether the rest is intact."""
    lines = text.strip().splitlines()
    if len(lines) < 3 or lines[0].strip() != ARMOR_BEGIN or lines[-1].strip() != ARMOR_END:
        return False
    try:
        body = base64.b64decode("".join(line.strip() for line in lines[1:-1]), validate=True)
    except (binascii.Error, ValueError):
        return False
    return body.startswith(AGE_HEADER)


def generate_identity(now: dt.datetime | None = None) -> tuple[str, str]:
    """A new X25519 identity: ``(file text as age-keygen writes it, public key)``."""
    identity = pyrage.x25519.Identity.generate()
    public = str(identity.to_public())
    created = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    text = f"# created: {created.isoformat()}\n# public key: {public}\n{identity}\n"
    return text, public
