"""Text of generated pages made safe and searchable: escaping for Markdown lines and front matter titles,
and spacing between table cells for the search index.

It holds no page and no template (see :mod:`hiring_kb.rendering.page_templates`) and imports nothing of the project.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markupsafe import Markup

#: Python-Markdown's own backslash-escapable characters (braces stop attr_list); escaping any
#: other character would leave a visible backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(value: Any) -> Markup:
    """Escape a plain value for a Markdown line: HTML-escape, then backslash-escape Markdown syntax."""
    text = " ".join(str(value).split())
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


def front_matter_title(value: Any) -> Markup:
    """A page title for generated front matter: a YAML double-quoted scalar of the value's
    HTML-escaped text on one line, without unprintable characters.

    MkDocs parses front matter with PyYAML, and Material prints ``page.meta.title`` into the
    header without escaping: pre-escaping keeps it text there (the theme override escapes the
    ``<title>`` too). A JSON string is a valid YAML 1.1 double-quoted scalar.
    """
    text = html.escape(" ".join(str(value).split()))
    return Markup(json.dumps("".join(ch for ch in text if ch.isprintable()), ensure_ascii=False))


#: Adjacent cells and label/value pairs: the browser separates them by layout, the search index by text.
_GLUED = re.compile(r"(</t[dh]>)(?=<t[dh][\s>])|(</tr>)(?=<tr[\s>])|(</dt>)(?=<dd[\s>])|(</dd>)(?=<dt[\s>])")


def search_spacing(html_text: str) -> str:
    """Put a space between adjacent table cells, rows and ``dt``/``dd`` pairs of rendered HTML.

    Material's search index concatenates the text of elements it does not keep, so ``<dt>Stage</dt><dd>System
    design</dd>`` was indexed as "StageSystem design". White space there changes nothing on screen.
    """
    return _GLUED.sub(
        lambda match: (match.group(1) or match.group(2) or match.group(3) or match.group(4)) + " ", html_text
    )
