"""Reuse of per-candidate load results across runs, and parallel loading of the rest.

Loading a candidate (parsing and checking ``candidate.yml`` and its notes) is a
pure function of the candidate folder's bytes, the roles, the settings, the
date and this package's code. :class:`CandidateCache` keys each candidate's
result by a content hash of its folder under a *context* hash of everything
else, so a run with nothing changed reuses every result (``invoke validate``
warm, ``mkdocs serve`` rebuilds), and an edit to one note reloads one
candidate. Content hashes, not modification times: an edit within the same
clock tick, or a ``git checkout`` that restores old times, cannot serve stale
results.

The cache lives in memory for the life of the process and on disk in
``.cache/hiring/candidates.pickle`` (git-ignored; ``invoke purge`` deletes
``.cache/``). It holds candidate data, so it is written with owner-only
permissions and never inside ``docs/`` or ``site/``. Set ``HIRING_CACHE=0`` to
switch it off.

Unpickling runs code, and a file in the project can arrive through a pull request (``git add -f``
gets past ``.gitignore``). So the file carries an HMAC-SHA256 of its bytes under a key that lives
outside every repository, in the user's own cache folder (:func:`cache_key`, created owner-only);
a file without a valid tag is never unpickled. Another machine's or a planted file is just a miss.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from hiring_kb.base.diagnostics import Diagnostic

CACHE_FILE = Path(".cache") / "hiring" / "candidates.pickle"
#: Start of every cache file, then the 32-byte HMAC of what follows.
MAGIC = b"hiring-kb-cache\n"
#: Bump when the pickled shapes change in a way the code fingerprint would not catch.
FORMAT = 1
#: Below this many candidates to load, starting worker processes costs more than it saves.
PARALLEL_MIN = 120


@dataclass
class CandidateLoad:
    """What loading one candidate folder produced: the candidate (None when it has an error),
    its diagnostics, and the names it adds to the cross-candidate name check."""

    candidate: Any
    problems: list[Diagnostic]
    names: Any


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of this package's source and templates: results of other code are never reused."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def folder_fingerprint(folder: Path) -> str:
    """Content hash of a candidate folder: names, links and bytes of everything up to two levels down."""
    digest = hashlib.blake2b(digest_size=16)
    _hash_tree(folder, digest, depth=2)
    return digest.hexdigest()


def _hash_tree(directory: Path, digest: Any, depth: int) -> None:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        digest.update(f"!{exc.errno}".encode())
        return
    for entry in entries:
        digest.update(b"\0" + entry.name.encode("utf-8", "surrogateescape"))
        if entry.is_symlink():
            digest.update(b"@" + os.readlink(entry.path).encode("utf-8", "surrogateescape"))
        if entry.is_dir():
            digest.update(b"/")
            if depth > 1:
                _hash_tree(Path(entry.path), digest, depth - 1)
        else:
            try:
                digest.update(Path(entry.path).read_bytes())
            except OSError as exc:
                digest.update(f"!{exc.errno}".encode())


def context_fingerprint(*parts: object) -> str:
    """Hash of the inputs every candidate's result depends on (settings, roles, date), plus the code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}:{code_fingerprint()}".encode())
    for part in parts:
        digest.update(b"\0" + repr(part).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def enabled() -> bool:
    """False when ``HIRING_CACHE=0`` is set."""
    return os.environ.get("HIRING_CACHE", "1") != "0"


@dataclass
class CandidateCache:
    """Results by candidate folder name, valid for one context; see the module docstring."""

    path: Path
    context: str
    entries: dict[str, tuple[str, CandidateLoad]] = field(default_factory=dict)
    dirty: bool = False

    def get(self, name: str, fingerprint: str) -> CandidateLoad | None:
        """The stored result for folder ``name`` when its content hash is still ``fingerprint``."""
        entry = self.entries.get(name)
        return entry[1] if entry is not None and entry[0] == fingerprint else None

    def put(self, name: str, fingerprint: str, result: CandidateLoad) -> None:
        self.entries[name] = (fingerprint, result)
        self.dirty = True

    def keep_only(self, names: Iterable[str]) -> None:
        """Forget folders that no longer exist (a deleted candidate leaves no data behind)."""
        keep = set(names)
        for name in [n for n in self.entries if n not in keep]:
            del self.entries[name]
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically (owner-only) when it changed; a failure to write is not an error."""
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".candidates-")
            key = cache_key()
            if key is None:  # no private place for the key: memory only
                os.unlink(temporary)
                return
            payload = pickle.dumps((FORMAT, self.context, self.entries), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(handle, "wb") as stream:
                stream.write(MAGIC + hmac.new(key, payload, hashlib.sha256).digest() + payload)
            os.replace(temporary, self.path)
            self.dirty = False
        except OSError:
            pass


def cache_key() -> bytes | None:
    """The key that authenticates cache files: 32 random bytes in ``$XDG_CACHE_HOME/hiring-kb/cache-key``
    (default ``~/.cache``), outside any repository, made owner-only on first use. None when that folder
    cannot be written (then nothing is cached on disk)."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hiring-kb"
    path = folder / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".cache-key-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(secrets.token_bytes(32))
        os.replace(temporary, path)
        return path.read_bytes()
    except OSError:
        return None


def _authentic_payload(data: bytes) -> bytes | None:
    """The pickled part of a cache file when its HMAC is valid under :func:`cache_key`, else None."""
    key = cache_key()
    head = len(MAGIC) + 32
    if key is None or len(data) < head or not data.startswith(MAGIC):
        return None
    tag, payload = data[len(MAGIC) : head], data[head:]
    return payload if hmac.compare_digest(tag, hmac.new(key, payload, hashlib.sha256).digest()) else None


_MEMORY: dict[Path, CandidateCache] = {}
_LOCK = threading.Lock()


def open_cache(root: Path, context: str) -> CandidateCache:
    """The cache of the project at ``root`` for ``context``: from memory, else from disk, else empty.

    A file from another context, format or code, or one that cannot be read, gives an empty cache.
    """
    path = root / CACHE_FILE
    with _LOCK:
        cached = _MEMORY.get(path)
        if cached is not None and cached.context == context:
            return cached
        cache = CandidateCache(path, context)
        try:
            payload = _authentic_payload(path.read_bytes())
            if payload is not None:  # only bytes this user's own runs wrote are unpickled
                form, stored_context, entries = pickle.loads(payload)
                if form == FORMAT and stored_context == context:
                    cache.entries = entries
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError):
            pass
        _MEMORY[path] = cache
        return cache


def load_all(
    folders: list[Path],
    load_one: Callable[..., CandidateLoad],
    arguments: tuple[Any, ...],
    cache: CandidateCache | None,
) -> list[CandidateLoad]:
    """``load_one(folder, *arguments)`` for every folder, in order: cached results reused, the rest
    loaded in worker processes when there are many and the machine has several cores.

    ``load_one`` must be a module-level function and ``arguments`` picklable.
    """
    results: dict[int, CandidateLoad] = {}
    cold = cache is not None and not cache.entries
    if cold:
        # Nothing to reuse (a cold start): no fingerprint is compared, so each is taken where its
        # folder is loaded, in the workers, instead of one by one before them.
        missing: list[tuple[int, Path, str]] = [(index, folder, "") for index, folder in enumerate(folders)]
    else:
        missing = []
        for index, folder in enumerate(folders):
            fingerprint = folder_fingerprint(folder) if cache is not None else ""
            hit = cache.get(folder.name, fingerprint) if cache is not None else None
            if hit is not None:
                results[index] = hit
            else:
                missing.append((index, folder, fingerprint))
    loaded = _load_missing([folder for _, folder, _ in missing], load_one, arguments, cold)
    for (index, folder, fingerprint), (taken, result) in zip(missing, loaded, strict=True):
        results[index] = result
        if cache is not None:
            cache.put(folder.name, fingerprint or taken, result)
    if cache is not None:
        cache.keep_only(folder.name for folder in folders)
    return [results[index] for index in range(len(folders))]


def _load_missing(
    folders: list[Path], load_one: Callable[..., CandidateLoad], arguments: tuple[Any, ...], fingerprints: bool
) -> list[tuple[str, CandidateLoad]]:
    """``(fingerprint, result)`` of each folder, in order; the fingerprint (taken before loading, so an edit
    made meanwhile is a miss next time) is ``""`` unless ``fingerprints``."""
    workers = min(os.cpu_count() or 1, 4)
    # fork is only safe in a single-threaded process (mkdocs serve runs threads: load serially there,
    # where the cache makes loads small anyway).
    if len(folders) < PARALLEL_MIN or workers < 2 or threading.active_count() > 1 or os.name != "posix":
        return _load_chunk((folders, load_one, arguments, fingerprints))
    chunks = [folders[start :: workers * 4] for start in range(workers * 4)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        parts = list(pool.map(_load_chunk, [(chunk, load_one, arguments, fingerprints) for chunk in chunks]))
    by_folder = {
        folder: result
        for chunk, part in zip(chunks, parts, strict=True)
        for folder, result in zip(chunk, part, strict=True)
    }
    return [by_folder[folder] for folder in folders]


def _load_chunk(
    job: tuple[list[Path], Callable[..., CandidateLoad], tuple[Any, ...], bool],
) -> list[tuple[str, CandidateLoad]]:
    chunk, load_one, arguments, fingerprints = job
    return [(folder_fingerprint(folder) if fingerprints else "", load_one(folder, *arguments)) for folder in chunk]
