"""markdown-it-py's parse, with a way around its crashes at the end of a text.

markdown-it-py is a port of markdown-it (JavaScript), where reading past the end of a string gives
nothing; in Python it raises ``IndexError``. Several such crashes on texts ending in a quote marker
were fixed upstream (issues #185, #204, #415); 4.3 still raises on ``'> - <pre>\\n>'``. A note, role
or page ending that way would stop validation or the build, so the text is parsed again with the line
break its last line lacks, which reads the same lines.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token


def parse_markdown(parser: MarkdownIt, text: str) -> list[Token]:
    """``parser.parse(text)``; when that raises ``IndexError`` and ``text`` does not end with a line break,
    the tokens of ``text`` with one (the same lines; a code or HTML block that runs to the end then holds
    that line break, as it does when a file ends with one). Raises what the parse raises otherwise."""
    try:
        return parser.parse(text)
    except IndexError:
        if text.endswith("\n"):
            raise
        return parser.parse(text + "\n")
