"""Compile first: the hiring pages written as a content tree that any MkDocs-compatible engine renders.

:class:`Compiler` renders the generated pages (Markdown with front matter and HTML blocks, from
:mod:`hiring_kb.render`), the hand-written pages that hold ``<!-- hiring:... -->`` directives (filled in),
and the site's own CSS and JS into ``<project>/.hiring-build/<audience>/docs/``. A file is rewritten only
when its content changes, so its modification time tells an engine's dirty build which pages changed
(MkDocs' ``File.is_modified`` compares it with the built page's).

Rendering is skipped for a page whose inputs did not change: each page has a key (a BLAKE2 digest of
the model values it is rendered from, the settings, the date and this package's code), kept in memory
across ``mkdocs serve`` rebuilds and in ``.hiring-manifest.json`` beside the tree across processes.

Privacy: the tree is a copy of what gets published, so it is owner-only (folders 0700, files 0600),
ignored by git (a ``.gitignore`` of ``*`` in the build folder, whatever the repository's own says),
read by ``invoke audit`` and removed by ``invoke purge``. No MkDocs import here: the plugin is a shim.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from .generated_page import GeneratedPage, candidate_uri
from .models import Candidate, Interview
from .render import SiteRenderer

if TYPE_CHECKING:
    from .validate import ValidationReport

#: The build folder, at the project root beside roles/ and candidates/ (never inside docs/ or site/).
BUILD_DIR = ".hiring-build"
#: The tree of the site without an audience filter; an audience's is ``audience-<name>``.
EVERYONE = "everyone"
TREE = "docs"
MANIFEST = ".hiring-manifest.json"
#: The site's own stylesheet and scripts, copied into the tree at ``assets/hiring/``.
ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS_URI = "assets/hiring"
DIRECTIVE = "<!-- hiring:"
_PACKAGE = Path(__file__).parent
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def build_root(project_root: Path) -> Path:
    """``<project_root>/.hiring-build``: every compiled tree of the project (what purge removes)."""
    return project_root / BUILD_DIR


def tree_path(project_root: Path, audience: str | None = None) -> Path:
    """The content tree of one site: ``.hiring-build/everyone/docs`` or ``.hiring-build/audience-<name>/docs``."""
    name = EVERYONE if audience is None else f"audience-{audience}"
    return build_root(project_root) / name / TREE


@dataclass(frozen=True)
class CompiledPage:
    """A page of the tree: ``src_uri`` (``"candidates/c-1.md"``), its file, its title as plain text.

    ``generated``: False for a hand-written page of docs/ whose directives were filled in.
    ``written``: True when this compile rewrote the file (its content changed).
    """

    src_uri: str
    path: Path
    title: str
    in_nav: bool
    generated: bool = True
    written: bool = False


@dataclass
class CompileResult:
    """What one :meth:`Compiler.compile` did: the pages of the tree (generated ones first, in site order),
    the asset files (site path -> file), the other files of docs/ copied, how many pages were rendered and
    rewritten, and the role page URIs."""

    tree: Path
    pages: list[CompiledPage] = field(default_factory=list)
    assets: dict[str, Path] = field(default_factory=dict)
    role_uris: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)  # hand-written files of docs/ copied as they are
    rendered: int = 0
    written: int = 0
    candidates: int = 0

    @property
    def generated(self) -> list[CompiledPage]:
        return [page for page in self.pages if page.generated]


def code_version() -> str:
    """Digest of this package's code and templates (names, sizes, modification times): a new version of
    the renderer invalidates every cached page."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2", ".css", ".js", ".html", ".xml") and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def _digest(*parts: object) -> str:
    """A key of model values (frozen dataclasses, tuples, dates...): the BLAKE2 digest of their repr, which
    dataclasses write field by field (pickle would not do: its bytes depend on which equal strings are one object)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _summary(interview: Interview) -> tuple[object, ...]:
    """What aggregate pages read of an interview: everything but the note text (only whether each evidence
    section has any, and whether the scorecard is untouched)."""
    evidence = tuple((s.competency_id, bool(s.markdown.strip())) for s in interview.evidence)
    return (
        interview.id,
        interview.source,
        interview.interviewer,
        interview.date,
        interview.stage,
        tuple(interview.ratings.items()),
        interview.recommendation,
        interview.empty,
        evidence,
    )


_CANDIDATE_FIELDS = tuple(f.name for f in fields(Candidate) if f.name != "interviews")


def _candidate_summary(candidate: Candidate) -> str:
    """The repr of a candidate's fields, each interview as its :func:`_summary` (plain tuples: fast to repr)."""
    values = tuple(getattr(candidate, name) for name in _CANDIDATE_FIELDS)
    return repr((values, tuple(_summary(i) for i in candidate.interviews)))


def _notes_text(candidate: Candidate) -> str:
    """Digest of the note text of a candidate's interviews and the evidence sections found in it: the rest of
    a candidate page's input beside :func:`_candidate_summary` (hashed as text: a repr of long strings is slow)."""
    digest = hashlib.blake2b(digest_size=16)
    for interview in candidate.interviews:
        digest.update(f"\x00{interview.body_line}\x00".encode())
        digest.update(interview.body.encode("utf-8", "surrogatepass"))
        for section in interview.evidence:
            digest.update(
                f"\x00{section.competency_id}\x00{section.heading}\x00{section.line}\x00".encode(
                    "utf-8", "surrogatepass"
                )
            )
            digest.update(section.markdown.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` (0600, atomically: temp file and rename) unless it already holds exactly
    that. Returns True when the file was written. Parent folders are created 0700."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    make_private_dirs(path.parent)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, FILE_MODE)  # whatever the umask
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return True


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents as owner-only (0700) folders."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        with suppress(FileExistsError):
            path.mkdir(mode=FOLDER_MODE)
        os.chmod(path, FOLDER_MODE)


def _prepare_build_root(project_root: Path) -> None:
    root = build_root(project_root)
    make_private_dirs(root)
    os.chmod(root, FOLDER_MODE)
    write_if_changed(
        root / ".gitignore", b"# Compiled site sources (hiring_kb.compiler): personal data, never committed.\n*\n"
    )


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter block with its ``---`` lines, body) of a Markdown page; ("", text) when it has none."""
    if text.startswith("---\n") or text.startswith("---\r\n"):
        end = text.find("\n---", 3)
        if end != -1:
            close = text.find("\n", end + 4)
            close = len(text) if close == -1 else close + 1
            return text[:close], text[close:]
    return "", text


class Compiler:
    """Compiles one site's tree; keep the instance to compile again after an edit (``mkdocs serve``).

    ``project_root``: the folder of hiring.yml; ``audience``: the audience whose site this is (None: every
    candidate); ``docs_dir``: the hand-written pages (their directives are filled in the tree's copy).
    """

    def __init__(self, project_root: Path, audience: str | None = None, docs_dir: Path | None = None) -> None:
        self.project_root = project_root
        self.audience = audience
        self.docs_dir = docs_dir
        self.tree = tree_path(project_root, audience)
        self._keys: dict[str, str] | None = None  # src_uri -> key of the file on disk
        self._files: set[str] | None = None  # the tree's files after the last compile of this instance

    def compile(
        self,
        report: ValidationReport,
        renderer: SiteRenderer,
        on_page: Callable[[], None] | None = None,
    ) -> CompileResult:
        """Render what changed into the tree and remove pages that are gone.

        ``report``: a valid (and, for an audience, filtered) report; ``renderer``: its renderer.
        ``on_page``: called once per page considered (progress). Returns the :class:`CompileResult`.
        Raises OSError when the tree cannot be written.
        """
        _prepare_build_root(self.project_root)
        make_private_dirs(self.tree)
        keys = self._load_keys()
        result = CompileResult(self.tree, candidates=len(renderer.project.candidates))
        context = _digest(
            code_version(),
            report.today,
            report.settings.thresholds,
            report.settings.dashboard,
            report.settings.calibration,
            report.settings.retention,
            report.settings.debrief_gate,
            report.settings.decision_reasons,
            renderer.directory_urls,
            renderer.forge,
        )
        project = renderer._ungated  # as loaded: the debrief gate's view follows from it, the settings and the date
        summaries = {cid: _candidate_summary(c) for cid, c in project.candidates.items()}
        aggregate = _digest(context, tuple(project.roles.values()), *summaries.values())
        new_keys: dict[str, str] = {}

        def emit(uri: str, key: str, render: Callable[[], GeneratedPage], title: str, in_nav: bool) -> None:
            path = self.tree / uri
            written = False
            if keys.get(uri) != key or not path.is_file():
                page = render()
                written = write_if_changed(path, page.markdown.encode("utf-8"))
                result.rendered += 1
                result.written += written
            new_keys[uri] = key
            result.pages.append(CompiledPage(uri, path, title, in_nav, True, written))
            if on_page is not None:
                on_page()

        emit("candidates/index.md", aggregate, renderer.candidates_index, "Candidates", True)
        emit("roles/index.md", aggregate, renderer.roles_index, "Roles", True)
        emit("interviewers/index.md", aggregate, renderer.interviewers_index, "Interviewers", True)
        emit("tags/index.md", aggregate, renderer.tags_index, "Tags", True)
        for role in renderer.project.roles.values():
            uri = f"roles/{role.id}.md"
            emit(uri, aggregate, lambda role=role: renderer.role_page(role), role.title, True)  # type: ignore[misc]
        result.role_uris = renderer.role_uris()
        role_keys = {role_id: _digest(context, role) for role_id, role in project.roles.items()}
        for candidate in renderer.project.candidates.values():
            # The page is rendered from the candidate, its notes, its role and the anchors of its tags.
            anchors = tuple(renderer.tags.anchor(tag) for tag in candidate.tags)
            loaded = project.candidates[candidate.id]
            key = _digest(role_keys[candidate.role_id], summaries[candidate.id], _notes_text(loaded), anchors)
            emit(
                candidate_uri(candidate.id),
                key,
                lambda candidate=candidate: renderer.candidate_page(candidate),  # type: ignore[misc]
                candidate.name,
                False,
            )
        for uri, text in self._directive_pages():
            path = self.tree / uri
            key = _digest(aggregate, text)
            written = False
            if keys.get(uri) != key or not path.is_file():
                front, body = split_front_matter(text)
                markdown = front + renderer.fill_directives(body, uri)
                written = write_if_changed(path, markdown.encode("utf-8"))
                result.rendered += 1
                result.written += written
            result.pages.append(CompiledPage(uri, path, "", True, False, written))
            new_keys[uri] = key
        # The rest of docs/ (hand-written pages, images, styles), so the tree is a whole site for any engine.
        generated = {page.src_uri for page in result.pages}
        for uri, source in self._handwritten_files():
            if uri not in generated:
                write_if_changed(self.tree / uri, source.read_bytes())
                result.copied.append(uri)
        for name in sorted(p.name for p in ASSETS_DIR.iterdir() if p.is_file()):
            path = self.tree / ASSETS_URI / name
            write_if_changed(path, (ASSETS_DIR / name).read_bytes())
            result.assets[f"{ASSETS_URI}/{name}"] = path
        self._remove_stale({page.src_uri for page in result.pages} | set(result.assets) | set(result.copied))
        self._save_keys(new_keys)
        return result

    def _handwritten_files(self) -> Iterator[tuple[str, Path]]:
        """(site path, file) of every regular file of docs/ (symbolic links are refused by validation and
        never followed here)."""
        if self.docs_dir is None or not self.docs_dir.is_dir():
            return
        for path in sorted(self.docs_dir.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(self.docs_dir).as_posix(), path

    def _directive_pages(self) -> Iterator[tuple[str, str]]:
        """(src_uri, text) of every hand-written Markdown page holding a hiring directive."""
        if self.docs_dir is None or not self.docs_dir.is_dir():
            return
        for path in sorted(self.docs_dir.rglob("*.md")):
            if not path.is_file() or path.is_symlink():
                continue
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # validation reports unreadable pages; the engine reports it again
            if DIRECTIVE in text:
                yield path.relative_to(self.docs_dir).as_posix(), text

    def _remove_stale(self, keep: set[str]) -> None:
        """Delete tree files no page or asset of this compile has (a candidate removed or purged). The first
        compile of an instance looks at every file of the tree; later ones (``mkdocs serve``) only at the files
        the last compile left."""
        if self._files is not None:
            for relative in sorted(self._files - keep):
                path = self.tree / relative
                with suppress(FileNotFoundError):
                    path.unlink()
                for folder in path.parents:
                    if folder == self.tree or not folder.is_relative_to(self.tree):
                        break
                    with suppress(OSError):  # not empty: stop there
                        folder.rmdir()
                        continue
                    break
            self._files = set(keep)
            return
        for path in sorted(self.tree.rglob("*"), reverse=True):
            relative = path.relative_to(self.tree).as_posix()
            if path.is_file() or path.is_symlink():
                if relative not in keep:
                    path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        self._files = set(keep)

    # The manifest: page keys of the files on disk, so a new process skips unchanged pages too.
    def _manifest(self) -> Path:
        return self.tree.parent / MANIFEST

    def _load_keys(self) -> dict[str, str]:
        if self._keys is not None:
            return self._keys
        try:
            data = json.loads(self._manifest().read_text(encoding="utf-8"))
            pages = data.get("pages", {}) if isinstance(data, dict) else {}
            return {str(k): str(v) for k, v in pages.items()} if isinstance(pages, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save_keys(self, keys: dict[str, str]) -> None:
        self._keys = keys
        write_if_changed(self._manifest(), json.dumps({"pages": keys}, sort_keys=True).encode("utf-8"))


def remove_trees(project_root: Path) -> bool:
    """Delete every compiled tree of the project (``.hiring-build``); True when there was one."""
    root = build_root(project_root)
    if not root.exists():
        return False
    shutil.rmtree(root)
    return True


def tree_files(project_root: Path) -> Iterable[Path]:
    """Every file of every compiled tree of the project (for audits and erasure checks)."""
    root = build_root(project_root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())
