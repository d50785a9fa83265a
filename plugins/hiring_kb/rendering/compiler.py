"""Compile first: the hiring pages written as a content tree that any MkDocs-compatible engine renders.

:class:`Compiler` renders the generated pages (Markdown with front matter and HTML blocks, from
:mod:`hiring_kb.rendering.render`), the hand-written pages that hold ``<!-- hiring:... -->`` directives (filled in),
and the site's own CSS and JS into ``<project>/.hiring-build/<audience>/docs/``. A file is rewritten only
when its content changes, so its modification time tells an engine's dirty build which pages changed
(MkDocs' ``File.is_modified`` compares it with the built page's).

Rendering is skipped for a page whose inputs did not change: each page has a key (a BLAKE2 digest of
the model values it is rendered from, the settings, the date and this package's code), kept in memory
across ``mkdocs serve`` rebuilds and in ``.hiring-manifest.json`` beside the tree across processes.

Privacy: the tree is a copy of what gets published, so it is owner-only (folders 0700, files 0600),
ignored by git (a ``.gitignore`` of ``*`` in the build folder, whatever the repository's own says),
read by ``invoke audit`` and removed by ``invoke purge``. No MkDocs import here: the plugin is a shim.
The keys are computed in :mod:`hiring_kb.rendering.page_keys`; the file writes and removals are
:mod:`hiring_kb.rendering.tree_writes`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from hiring_kb.rendering.generated_page import GeneratedPage, candidate_uri
from hiring_kb.rendering.page_keys import candidate_summary, context_key, digest, notes_text
from hiring_kb.rendering.render import SiteRenderer
from hiring_kb.rendering.tree_writes import (
    make_private_dirs,
    prepare_build_folder,
    remove_all_but,
    remove_files,
    write_if_changed,
)

if TYPE_CHECKING:
    from hiring_kb.model.models import Project
    from hiring_kb.sources.validate import ValidationReport

#: The build folder, at the project root beside roles/ and candidates/ (never inside docs/ or site/).
BUILD_DIR = ".hiring-build"
#: The tree of the site without an audience filter; an audience's is ``audience-<name>``.
EVERYONE = "everyone"
TREE = "docs"
MANIFEST = ".hiring-manifest.json"
#: The site's own stylesheet and scripts, copied into the tree at ``assets/hiring/``.
ASSETS_DIR = Path(__file__).parents[1] / "assets"
ASSETS_URI = "assets/hiring"
DIRECTIVE = "<!-- hiring:"


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


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter block with its ``---`` lines, body) of a Markdown page; ("", text) when it has none."""
    if text.startswith("---\n") or text.startswith("---\r\n"):
        end = text.find("\n---", 3)
        if end != -1:
            close = text.find("\n", end + 4)
            close = len(text) if close == -1 else close + 1
            return text[:close], text[close:]
    return "", text


@dataclass
class _Pass:
    """One compile pass: the keys of the files on disk (``old``), those of this pass (``new``), the result."""

    tree: Path
    old: dict[str, str]
    result: CompileResult
    on_page: Callable[[], None] | None
    new: dict[str, str] = field(default_factory=dict)

    def write(self, uri: str, key: str, markdown: Callable[[], str]) -> tuple[Path, bool]:
        """Render (``markdown()``) and write the page at ``uri`` unless its key and file are unchanged;
        (its file, whether it was rewritten)."""
        path = self.tree / uri
        written = False
        if self.old.get(uri) != key or not path.is_file():
            written = write_if_changed(path, markdown().encode("utf-8"))
            self.result.rendered += 1
            self.result.written += written
        self.new[uri] = key
        return path, written

    def emit(self, uri: str, key: str, render: Callable[[], GeneratedPage], title: str, in_nav: bool) -> None:
        """A generated page: written when its key changed, listed in the result either way."""
        path, written = self.write(uri, key, lambda: render().markdown)
        self.result.pages.append(CompiledPage(uri, path, title, in_nav, True, written))
        if self.on_page is not None:
            self.on_page()


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
        prepare_build_folder(build_root(self.project_root))
        make_private_dirs(self.tree)
        result = CompileResult(self.tree, candidates=len(renderer.project.candidates))
        step = _Pass(self.tree, self._load_keys(), result, on_page)
        context = context_key(report, renderer)
        project = renderer._ungated  # as loaded: the debrief gate's view follows from it, the settings and the date
        summaries = {cid: candidate_summary(c) for cid, c in project.candidates.items()}
        aggregate = digest(context, tuple(project.roles.values()), *summaries.values())
        _emit_indexes(step, renderer, aggregate)
        _emit_roles(step, renderer, aggregate)
        _emit_candidates(step, renderer, project, context, summaries)
        self._emit_directive_pages(step, renderer, aggregate)
        self._copy_handwritten(result)
        _copy_assets(result)
        self._remove_stale({page.src_uri for page in result.pages} | set(result.assets) | set(result.copied))
        self._save_keys(step.new)
        return result

    def _emit_directive_pages(self, step: _Pass, renderer: SiteRenderer, aggregate: str) -> None:
        """Hand-written pages holding hiring directives: their copy with the directives filled in."""
        for uri, text in self._directive_pages():
            path, written = step.write(uri, digest(aggregate, text), partial(_filled, renderer, text, uri))
            step.result.pages.append(CompiledPage(uri, path, "", True, False, written))

    def _copy_handwritten(self, result: CompileResult) -> None:
        """The rest of docs/ (hand-written pages, images, styles), so the tree is a whole site for any engine."""
        generated = {page.src_uri for page in result.pages}
        for uri, source in self._handwritten_files():
            if uri not in generated:
                write_if_changed(self.tree / uri, source.read_bytes())
                result.copied.append(uri)

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
            remove_files(self.tree, self._files - keep)
        else:
            remove_all_but(self.tree, keep)
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


def _emit_indexes(step: _Pass, renderer: SiteRenderer, aggregate: str) -> None:
    """The index pages of candidates, roles, interviewers and tags (pages of the whole project)."""
    step.emit("candidates/index.md", aggregate, renderer.candidates_index, "Candidates", True)
    step.emit("roles/index.md", aggregate, renderer.roles_index, "Roles", True)
    step.emit("interviewers/index.md", aggregate, renderer.interviewers_index, "Interviewers", True)
    step.emit("tags/index.md", aggregate, renderer.tags_index, "Tags", True)


def _emit_roles(step: _Pass, renderer: SiteRenderer, aggregate: str) -> None:
    """One page per role (a role page lists its candidates: keyed like the aggregate pages)."""
    for role in renderer.project.roles.values():
        step.emit(f"roles/{role.id}.md", aggregate, lambda role=role: renderer.role_page(role), role.title, True)  # type: ignore[misc]  # mypy cannot type a default-bound lambda argument
    step.result.role_uris = renderer.role_uris()


def _emit_candidates(
    step: _Pass, renderer: SiteRenderer, project: Project, context: str, summaries: dict[str, str]
) -> None:
    """One page per candidate, rendered from the candidate, its notes, its role and the anchors of its tags."""
    role_keys = {role_id: digest(context, role) for role_id, role in project.roles.items()}
    for candidate in renderer.project.candidates.values():
        anchors = tuple(renderer.tags.anchor(tag) for tag in candidate.tags)
        loaded = project.candidates[candidate.id]
        key = digest(role_keys[candidate.role_id], summaries[candidate.id], notes_text(loaded), anchors)
        step.emit(
            candidate_uri(candidate.id),
            key,
            lambda candidate=candidate: renderer.candidate_page(candidate),  # type: ignore[misc]  # as above
            candidate.name,
            False,
        )


def _filled(renderer: SiteRenderer, text: str, uri: str) -> str:
    """A hand-written page's text with its hiring directives filled in (front matter kept as it is)."""
    front, body = split_front_matter(text)
    return front + renderer.fill_directives(body, uri)


def _copy_assets(result: CompileResult) -> None:
    """The site's own stylesheet and scripts, at ``assets/hiring/`` of the tree."""
    for name in sorted(p.name for p in ASSETS_DIR.iterdir() if p.is_file()):
        path = result.tree / ASSETS_URI / name
        write_if_changed(path, (ASSETS_DIR / name).read_bytes())
        result.assets[f"{ASSETS_URI}/{name}"] = path


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
