"""Hand-written pages (MkDocs' ``docs_dir``, ``docs/``) under the same rules as the hiring data.

MkDocs publishes every file of docs/: Markdown becomes a page (in the nav and the search), and
any other file is copied into the site as it is. So a CV, a spreadsheet or a copied scorecard
dropped there would be published to everyone who can read the site. :func:`check_docs` is run
by :func:`hiring_kb.sources.validate.validate_project`, so ``invoke validate`` and the build stop such a
file before anything is built:

- only pages (:data:`PAGE_SUFFIXES`) and assets of the types in :data:`ASSET_SUFFIXES`
  (images, stylesheets, scripts, fonts) may be in docs/: data-like files (:data:`DATA_SUFFIXES`,
  ``docs-data-file``) and any other type (``docs-unknown-file``) are errors;
- a page that is a scorecard or a candidate file (front matter, or pasted ``key: value`` lines,
  with interview or candidate keys) is ``docs-scorecard``;
- a symbolic link anywhere in docs/ is ``docs-symlink`` (MkDocs follows it and publishes its target);
- a link or image in a page that leaves the site as a browser resolves it
  (:mod:`hiring_kb.base.links`), and raw HTML that runs code, are ``page-link-off-site`` and
  ``page-script``, at their line.

Titles and other front-matter values of hand-written pages are printed by Material's templates
without escaping (nav, header, footer, search index): :func:`escape_page_meta` escapes them.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from hiring_kb.base.diagnostics import Diagnostic, Position, error, register_rules
from hiring_kb.base.html_reading import as_browsers_read_comments
from hiring_kb.base.links import Destination, judge, leaves_site
from hiring_kb.base.markdown_parse import parse_markdown
from hiring_kb.sources.settings import Settings

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "docs-data-file": "a data file in docs/ (.yml, .txt, .pdf, .docx, .csv...), which would be published as it is",
        "docs-unknown-file": (
            "a file in docs/ that is neither a page nor an allowed asset type (images, css, js, fonts)"
        ),
        "docs-scorecard": "a page in docs/ that is a scorecard or candidate file (interviewer:, ratings:...)",
        "docs-symlink": "a symbolic link in docs/ (MkDocs would publish whatever it points to)",
        "page-link-off-site": "a link or image in a hand-written page that leaves the site as a browser reads it",
        "page-script": "raw HTML in a hand-written page that runs code (<script>, on...=, <iframe>, <form>...)",
    },
)

#: Markdown pages, as MkDocs recognises them.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
#: Assets that may be published from docs/: raster images, stylesheets, scripts and web fonts.
#: SVG is not among them: an SVG file opened on its own runs the scripts it holds (export a PNG).
ASSET_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico",
    ".css", ".js",
    ".woff", ".woff2", ".ttf", ".otf",
)  # fmt: skip
#: Files that hold data rather than a page: what a CV, an export or a copied candidate file is.
DATA_SUFFIXES = (
    ".yml", ".yaml", ".json", ".toml", ".xml", ".csv", ".tsv", ".txt", ".text", ".log",
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".pages",
    ".xls", ".xlsx", ".ods", ".numbers",
    ".eml", ".msg", ".vcf", ".zip", ".gz", ".tar", ".7z",
)  # fmt: skip
#: Keys of candidate.yml and scorecard front matter that no hand-written page has.
RECORD_KEYS = ("interviewer", "ratings", "recommendation", "decided_on", "applied", "private", "planned")
_RECORD_LINE = re.compile(r"^(" + "|".join(RECORD_KEYS) + r")[ \t]*:", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_PARSER = MarkdownIt("commonmark", {"html": True})
# Python-Markdown (MkDocs) writes a link target as written: no percent-encoding ('/\\x' stays a
# backslash, which a browser reads as '//x') and no refusal of 'javascript:'. See them the same way.
# markdown-it-py documents replacing these two hooks; mypy sees methods being assigned.
_PARSER.normalizeLink = lambda url: url  # type: ignore[method-assign]
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]
#: Raw HTML elements that run code, load another document or send a form.
SCRIPT_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "meta"}
)
_LINK_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset")


def check_docs(settings: Settings, docs_dir: Path, linked_as: Path | None = None) -> list[Diagnostic]:
    """Every problem of the hand-written pages under ``docs_dir`` (see the module docstring).

    ``docs_dir`` is the resolved folder; ``linked_as`` the same folder as mkdocs.yml names it,
    links not followed (``<project>/docs``), so that a docs folder that is itself a link is refused.

    Dot-files and dot-folders are skipped (MkDocs does not publish them). A missing docs
    folder gives nothing. Never raises for bad files: an unreadable page is skipped here
    (MkDocs reports it).
    """
    if not docs_dir.is_dir():
        return []
    found: list[Diagnostic] = []
    if linked_as is not None and linked_as.is_symlink():  # docs/ itself is a link: its target is published
        found.append(_symlink(settings.label(linked_as)))
    for path, is_link in _walk(docs_dir, found, settings):
        label = settings.label(path)
        name = path.name.casefold()
        if is_link:
            found.append(_symlink(label))
        elif name.endswith(PAGE_SUFFIXES):
            found += check_page(path, label)
        elif name.endswith(DATA_SUFFIXES):
            found.append(
                error(
                    Position(label),
                    "docs-data-file",
                    f"a '{Path(name).suffix}' file in docs/ would be published as it is, "
                    "to everyone who reads the site",
                    "remove it from docs/: candidates' documents (CVs, exports) stay out of the repository, and "
                    "hiring data lives in roles/ and candidates/",
                )
            )
        elif not name.endswith(ASSET_SUFFIXES):
            kind = f"a '{Path(name).suffix}' file" if Path(name).suffix else "a file without an extension"
            found.append(
                error(
                    Position(label),
                    "docs-unknown-file",
                    f"{kind} in docs/ would be published as it is; docs/ holds pages and images only",
                    "keep pages (.md) and assets (" + ", ".join(ASSET_SUFFIXES) + ") in docs/; save a drawing as "
                    ".png; remove anything else",
                )
            )
    return found


def _symlink(label: str) -> Diagnostic:
    return error(
        Position(label),
        "docs-symlink",
        "symbolic link in docs/: MkDocs would publish whatever it points to",
        "copy the page or image into docs/ instead (or remove the link): files outside it are not reviewed as pages",
    )


def _walk(folder: Path, found: list[Diagnostic], settings: Settings) -> Iterable[tuple[Path, bool]]:
    """``(path, is_symlink)`` of every file and link under ``folder``, sorted, links not followed."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        found.append(
            error(
                Position(settings.label(folder)),
                "unreadable",
                f"cannot list folder: {exc.strerror or exc}",
                "check the folder's permissions",
            )
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            yield Path(entry.path), True
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), found, settings)
        else:
            yield Path(entry.path), False


def check_page(path: Path, label: str) -> list[Diagnostic]:
    """``docs-scorecard``, ``page-link-off-site`` and ``page-script`` for one hand-written page."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # MkDocs reports what it cannot read
    record = _record_keys(text)
    if record:
        line, keys = record
        return [
            error(
                Position(label, line, 1),
                "docs-scorecard",
                f"this page looks like a scorecard or a candidate file ({', '.join(keys)}): in docs/ it would be "
                "published to every reader, before the debrief and after the retention period",
                "remove it from docs/: scorecards live in candidates/<id>/interviews/ only",
            )
        ]
    return _page_links(text, label)


def _record_keys(text: str) -> tuple[int, list[str]] | None:
    """(line, keys) when front matter, or ``key:`` lines of a paragraph, hold 2+ :data:`RECORD_KEYS`."""
    front = _FRONT_MATTER.match(text)
    if front:
        keys = list(dict.fromkeys(m.group(1) for m in _RECORD_LINE.finditer(front.group(1))))
        if keys:
            return 1, keys
    for token in parse_markdown(_PARSER, text):
        if token.type == "inline" and token.map:
            keys = list(dict.fromkeys(m.group(1) for m in _RECORD_LINE.finditer(token.content)))
            if len(keys) >= 2:
                return token.map[0] + 1, keys
    return None


class _RawHtml(HTMLParser):
    """Start tags and link attributes of a raw HTML fragment, with their offsets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], tuple[int, int]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs, self.getpos()))

    handle_startendtag = handle_starttag


def _page_links(text: str, label: str) -> list[Diagnostic]:
    lines = text.split("\n")
    found: list[Diagnostic] = []
    # The body only: front-matter values are text (escaped by escape_page_meta), not Markdown.
    front = _FRONT_MATTER.match(text)
    skipped = text.count("\n", 0, front.end()) + 1 if front and _is_mapping(front.group(1)) else 0
    body = "\n".join(lines[skipped:])
    for token in parse_markdown(_PARSER, body):
        if not token.map:
            continue
        first = token.map[0] + skipped
        if token.type == "html_block":
            found += _raw_html(token.content, first, label)
        for child in token.children or ():
            if child.type in ("link_open", "image"):
                for attribute in ("href", "src"):
                    target = child.attrs.get(attribute)
                    if target is not None:
                        found += _judge(str(target), _find(lines, first, str(target)), label)
            elif child.type == "html_inline":
                line, col = _find(lines, first, child.content)
                found += _raw_html(child.content, line - 1, label, col)
    return found


def _is_mapping(yaml_text: str) -> bool:
    """True when front matter parses to ``key: value`` lines; MkDocs renders anything else as page text."""
    try:
        return isinstance(YAML(typ="safe", pure=True).load(yaml_text), dict)
    except Exception:  # noqa: BLE001 - any YAML error: MkDocs shows the block as text
        return False


def _find(lines: list[str], first: int, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle``'s first line from 0-based line ``first`` on (else that line, 1)."""
    head = needle.split("\n", 1)[0].strip()
    for index in range(first, len(lines)):
        col = lines[index].find(head) if head else -1
        if col >= 0:
            return index + 1, col + 1
    return first + 1, 1


def _raw_html(fragment: str, first: int, label: str, col: int = 1) -> list[Diagnostic]:
    parser = _RawHtml()
    parser.feed(as_browsers_read_comments(fragment))  # '<!-->' ends a comment in a browser
    parser.close()
    found: list[Diagnostic] = []
    for tag, attrs, (line, offset) in parser.tags:
        where = (first + line, (col + offset) if line == 1 else offset + 1)
        handlers = [name for name, _ in attrs if name.startswith("on")]
        if tag in SCRIPT_ELEMENTS or handlers:
            what = f"<{tag}>" if tag in SCRIPT_ELEMENTS else f"{handlers[0]}= on <{tag}>"
            found.append(
                error(
                    Position(label, *where),
                    "page-script",
                    f"{what} in a page would run code or load another document on every reader's browser",
                    "remove it: pages are text, images and links within the wiki",
                )
            )
        for name, value in attrs:
            if name in _LINK_ATTRIBUTES and value is not None:
                targets = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                for target in targets:
                    found += _judge(target, where, label)
    return found


def _judge(target: str, where: tuple[int, int], label: str) -> list[Diagnostic]:
    if not leaves_site(target):
        return []  # a page of the site, the reader's own machine, or mailto:/tel:
    destination = judge(target)
    shown = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"[U+{ord(m.group()):04X}]", target)[:80]
    what = {
        Destination.SCRIPT: "runs a script",
        Destination.OTHER_SCHEME: "opens another application, which can open any web address",
    }.get(destination, "leads to another site once a browser reads it")
    return [
        error(
            Position(label, *where),
            "page-link-off-site",
            f"link '{shown}' {what}; the site links nowhere outside and makes no third-party requests",
            "link to a page of this wiki, put images in docs/assets/, or write the address as plain text in `code`",
        )
    ]


def escape_page_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` (a page's front matter) with every text, and every text in a list, HTML-escaped.

    Material prints ``title``, ``subtitle``, ``description`` and ``author`` into the nav,
    header, footer, ``<meta>`` attributes and search index without escaping, while titles
    taken from a page's first heading are already HTML; escaping the front-matter texts makes
    both the same kind of value. Other values (numbers, booleans, mappings) are kept as they are.
    """
    escaped: dict[str, Any] = {}
    for key, value in meta.items():
        if isinstance(value, str):
            escaped[key] = html.escape(value)
        elif isinstance(value, list):
            escaped[key] = [html.escape(v) if isinstance(v, str) else v for v in value]
        else:
            escaped[key] = value
    return escaped


def escape_title(title: str) -> str:
    """A nav title written in mkdocs.yml (``nav:``), HTML-escaped like :func:`escape_page_meta`."""
    return html.escape(title)
