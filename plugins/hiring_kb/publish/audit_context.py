"""What the leak audit looks for: candidates' names and private values, the site's own address.

Part of :mod:`hiring_kb.publish.audit` (the module other code imports).
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from hiring_kb.authoring.forge import read_repo_url
from hiring_kb.base.sealed import FROM_ENVIRONMENT, Keyring
from hiring_kb.sources.personal_data import CandidateIdentity, PrivateValue, read_candidate_sources
from hiring_kb.sources.project_folders import docs_folder
from hiring_kb.sources.settings import Settings

#: Source files: their text is read to name where a leak was written; one copied into a site is a leak.
SOURCE_SUFFIXES = (".yml", ".yaml", ".md", ".markdown")


@dataclass(frozen=True)
class AuditContext:
    """What the audit looks for: candidates' names and ``private:`` values from the sources;
    ``site_url`` (mkdocs.yml): the site's own address; ``foreign``: candidates whose id or name
    must appear nowhere (another audience's); ``sources``: ``(path, text)`` of the candidate
    files, to name where a finding's text was written."""

    identities: tuple[CandidateIdentity, ...]
    private_values: tuple[PrivateValue, ...]
    #: Candidates whose sealed private: values could not be opened, so are not searched for.
    closed: tuple[str, ...] = ()
    site_url: str | None = None
    foreign: tuple[CandidateIdentity, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    #: ``(path, text, page)`` of the hand-written pages (MkDocs' docs folder), for the same purpose;
    #: ``page`` is the path inside the docs folder without ``.md`` (``index`` for the home page).
    pages: tuple[tuple[str, str, str], ...] = ()
    #: ``repo_url`` of mkdocs.yml: links (``<a href>`` only) into that repository are allowed
    #: (the web-editor links of hiring_kb.authoring.forge); None: no link leaves the site.
    repo_url: str | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        mkdocs_config: Path | None = None,
        keyring: Keyring | object | None = FROM_ENVIRONMENT,
    ) -> AuditContext:
        """Read names and private values from every parseable ``candidate.yml`` of the project
        (sealed values are opened with ``keyring``, default: ``HIRING_AGE_IDENTITY``'s file, if
        any), the texts of the candidate files, and ``site_url`` and ``repo_url`` from
        ``mkdocs_config`` (default ``<root>/mkdocs.yml``)."""
        closed: list[str] = []
        identities, private = read_candidate_sources(settings, keyring, closed)
        return cls(
            tuple(identities),
            tuple(private),
            tuple(closed),
            site_url=read_site_url(mkdocs_config or settings.root / "mkdocs.yml"),
            sources=tuple(_texts(settings, settings.candidates_dir)),
            pages=tuple(_pages(settings)),
            repo_url=read_repo_url(settings.root),
        )

    def closed_note(self) -> str:
        """One line saying whose sealed values the audit could not search for (empty when none)."""
        if not self.closed:
            return ""
        count = len(self.closed)
        return (
            f"audit: the sealed private values of {count} candidate{'s' * (count != 1)} were not searched for "
            f"(no identity opens them: set HIRING_AGE_IDENTITY); email addresses and phone numbers were"
        )

    def for_audience(self, visible: set[str]) -> AuditContext:
        """This context for an audience that sees only the candidate ids in ``visible``."""
        foreign = tuple(i for i in self.identities if i.candidate_id not in visible)
        return dataclasses.replace(self, foreign=foreign)


def read_site_url(mkdocs_config: Path) -> str | None:
    """``site_url`` of a mkdocs.yml (None when unset or unreadable; tags such as !ENV are not run)."""
    from ruamel.yaml import YAML

    try:
        config = YAML(typ="rt").load(mkdocs_config.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - MkDocs reports an unreadable mkdocs.yml itself
        return None
    value = config.get("site_url") if isinstance(config, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _pages(settings: Settings) -> list[tuple[str, str, str]]:
    docs = docs_folder(settings.root)
    return [
        (label, text, (settings.root / label).relative_to(docs).with_suffix("").as_posix())
        for label, text in _texts(settings, docs, (".md", ".markdown"))
    ]


def _texts(settings: Settings, folder: Path, suffixes: tuple[str, ...] = SOURCE_SUFFIXES) -> list[tuple[str, str]]:
    """``(path label, text)`` of the files under ``folder`` with one of ``suffixes``."""
    if not folder.is_dir():
        return []
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in suffixes:
            try:
                texts.append((settings.label(path), path.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                continue
    return texts


def _normal_site_url(url: str | None) -> str:
    """``scheme://host/path/`` lowercased up to the path, with a trailing ``/``; "" for None.

    A URL is on the site when its normal form starts with the site's (same origin, same path
    or below it).
    """
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url.strip())
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    if not parts.netloc:
        return path if path.startswith("/") and not path.startswith("//") else ""
    return f"{parts.scheme.casefold()}://{parts.netloc.casefold()}{path}"
