"""The stash that keeps the finished HTML blocks of generated pages away from the Markdown converter.

It only swaps blocks for placeholders and back; what a block holds is rendered elsewhere
(:mod:`hiring_kb.rendering.page_templates`, :mod:`hiring_kb.sources.notes`).
"""

from __future__ import annotations

import re
import secrets


class HtmlStash:
    """Keeps the raw HTML blocks of generated pages out of the Markdown converter.

    Python-Markdown parses every raw HTML block to find where it ends, and MkDocs
    parses it again for anchor ids; on candidate pages that is most of the
    conversion time, for HTML that is already final. :meth:`stash` swaps each
    block (a blank-line separated chunk that starts with ``<`` and is not a
    comment: our templates emit each block as one chunk and rendered notes hold
    no blank lines, see :func:`notes.render_note`) for a placeholder comment,
    which the converter passes through verbatim; :meth:`restore` puts the HTML
    back into the converted page. Placeholders carry a random per-build nonce,
    so note text cannot forge one.
    """

    def __init__(self) -> None:
        self._nonce = secrets.token_hex(8)
        self._blocks: list[str] = []
        self._pattern = re.compile(rf"<!--hkb-{self._nonce}-(\d+)-->")

    def stash(self, markdown: str) -> str:
        """Return ``markdown`` with each raw HTML block replaced by a placeholder."""
        chunks = markdown.split("\n\n")
        for index, chunk in enumerate(chunks):
            if chunk.startswith("<") and not chunk.startswith("<!--"):
                self._blocks.append(chunk)
                chunks[index] = f"<!--hkb-{self._nonce}-{len(self._blocks) - 1}-->"
        return "\n\n".join(chunks)

    def restore(self, html: str) -> str:
        """Return converted page HTML with every placeholder replaced by its block."""
        return self._pattern.sub(lambda match: self._blocks[int(match.group(1))], html)
