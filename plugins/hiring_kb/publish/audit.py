"""Leak audit of a built site: the last gate before anything is published.

In the docs: docs/publishing.md, "What `invoke deploy` does".

:func:`audit_site` reads every file of a built site folder (pages, search index, sitemap,
404 page, assets) and returns one :class:`~hiring_kb.base.diagnostics.Diagnostic` per leak, each
positioned at ``<file in the site>:line:col`` with a hint. ``invoke deploy`` publishes only
when this list is empty. Codes:

- ``private-value``: a value of some candidate's ``private:`` block (contact, compensation…), as
  written; sealed blocks are opened with the identity of ``HIRING_AGE_IDENTITY`` when there is one
  (:attr:`AuditContext.closed` lists the candidates whose values could not be opened);
- ``contact-detail``: an email address or phone number anywhere in the site (notes are
  rendered, so one written in a note is caught here; the validator already warned about it);
- ``source-file``: a copied source file (``.yml``, ``.yaml``, ``.md``), or any file that
  starts with YAML front matter;
- ``data-file``: a document or data file (``.txt``, ``.pdf``, ``.docx``, ``.csv``…, see
  :data:`hiring_kb.sources.handwritten.DATA_SUFFIXES`): a CV or an export copied from docs/ (validation
  refuses it first, ``docs-data-file``);
- ``front-matter``: raw front matter rendered into a page (MkDocs renders an invalid block
  as text) — two or more scorecard/candidate keys such as ``interviewer:`` and ``ratings:``
  in a page's text outside code blocks;
- ``external-url``: a reference that makes a browser fetch or navigate off the site
  (``http:``, ``https:``, ``//host``) in HTML attributes, meta refresh or CSS; only an
  ``<a href>`` into mkdocs.yml's ``repo_url`` repository is allowed (the scorecard editor links);
- ``unsafe-url``: a ``javascript:``, ``vbscript:`` or ``data:`` URL in a link or a frame;
- ``name-in-url``: a candidate's name in a file path, link, anchor id, search-index
  location or sitemap entry (compared word by word, accents and case ignored; the rule,
  including short names in Chinese, Japanese or Korean, is :func:`~hiring_kb.base.name_patterns.name_pattern`);
- ``executable-content``: an inline ``<script>``, an ``on*`` attribute, a frame, object,
  ``<base>``, meta refresh or a form with an action (the CSP would block most; the site must
  not depend on that);
- ``missing-noindex`` / ``missing-referrer-policy``: an HTML page without
  ``<meta name="robots" content="noindex…">`` / ``<meta name="referrer" content="no-referrer">``;
- ``other-audience``: in an audience's site (:mod:`hiring_kb.sources.audiences`), the id or name of a
  candidate the audience does not see, in any file.

Links to the site's own address (``site_url`` of mkdocs.yml: canonical links, the sitemap) are
on the site, not external. A finding whose text comes from a note or candidate file also
names that file's ``path:line`` in its hint, where the text is to be fixed.

Text is read as it displays: private values and contact details are searched in the joined
text of each run of inline content (a paragraph, list item or cell with its ``<strong>``,
``<code>``, ``<a>``…), so ``jo@<strong>x</strong>.org`` or ``72000 <b>EUR</b>`` is one value.

JavaScript bundles and source maps are vendor assets (Material): they are searched for
private values, but not for URLs or numbers (their code is full of both).

This is the module other code imports from; the work is done in:

- :mod:`hiring_kb.publish.audit_context`: what is looked for (:class:`AuditContext`, ``site_url``);
- :mod:`hiring_kb.publish.audit_scanner`: which checks run on which file (pages, search index, sitemap, CSS);
- :mod:`hiring_kb.publish.audit_text_checks` and :mod:`hiring_kb.publish.audit_url_checks`: the checks;
- :mod:`hiring_kb.publish.audit_page_reader`: a built page's text runs, attributes and positions;
- :mod:`hiring_kb.publish.audit_findings`: the findings, each naming where its text was written.
"""

from __future__ import annotations

from pathlib import Path

from hiring_kb.base.diagnostics import Diagnostic
from hiring_kb.publish.audit_context import AuditContext, read_site_url
from hiring_kb.publish.audit_scanner import _Scanner

__all__ = ["AuditContext", "audit_compiled_trees", "audit_site", "audit_tree", "read_site_url"]


def audit_site(site_dir: Path, context: AuditContext) -> list[Diagnostic]:
    """Scan every file under ``site_dir`` for leaks.

    Args:
        site_dir: a built site folder (``mkdocs build`` output).
        context: names and private values to look for (:meth:`AuditContext.from_settings`).

    Returns:
        One error diagnostic per finding, positioned in site-relative paths
        (``candidates/c-1/index.html:12:5``), sorted; empty when nothing leaks. Raises
        ``FileNotFoundError`` when ``site_dir`` is not a folder.
    """
    if not site_dir.is_dir():
        raise FileNotFoundError(f"no built site at {site_dir}")
    scanner = _Scanner(context)
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() or p.is_symlink()):
        scanner.scan_file(path, path.relative_to(site_dir).as_posix())
    return sorted(scanner.findings, key=Diagnostic.sort_key)


def audit_tree(tree: Path, context: AuditContext, label: str = "") -> list[Diagnostic]:
    """Scan a compiled site source (:mod:`hiring_kb.rendering.compiler`: Markdown with front matter, HTML blocks,
    assets)
    for what must never be in it: private values, contact details, other audiences' candidates.

    It is a copy of what gets published, so it is read like the site; its Markdown and front matter are
    its normal form (not ``source-file`` findings). ``label``: prefix of the positions (e.g.
    ``.hiring-build/everyone/docs``). Returns the sorted findings; [] when ``tree`` does not exist.
    """
    if not tree.is_dir():
        return []
    scanner = _Scanner(context)
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        where = "/".join(part for part in (label, path.relative_to(tree).as_posix()) if part)
        text = path.read_bytes().decode("utf-8", errors="replace")
        scanner._scan_foreign(text, where)
        if path.suffix in (".js", ".map"):
            scanner._scan_private(text, where, 1, 1)  # vendor code: numbers everywhere (as in the site)
        else:
            scanner._scan_text(text, where, 1, 1)
    return sorted(scanner.findings, key=Diagnostic.sort_key)


def audit_compiled_trees(project_root: Path, context: AuditContext) -> list[Diagnostic]:
    """Scan every compiled site source of the project (:func:`hiring_kb.rendering.compiler.build_root`: one folder per
    audience, its ``docs/`` tree with the search entries beside it) with :func:`audit_tree`: they are a copy of
    what gets published. Positions start with the folder's path from ``project_root``
    (``.hiring-build/everyone/docs/...``); folders in name order, each one's findings sorted; [] when nothing
    was compiled yet."""
    from hiring_kb.rendering.compiler import build_root

    findings: list[Diagnostic] = []
    for tree in sorted(p.parent for p in build_root(project_root).glob("*/docs")):
        findings += audit_tree(tree, context, tree.relative_to(project_root).as_posix())
    return findings
