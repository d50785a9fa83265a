"""HtmlStash: generated pages' HTML blocks bypass the Markdown converter and come back unchanged."""

from __future__ import annotations

import markdown

from hiring_kb.rendering.html_stash import HtmlStash
from hiring_kb.sources.note_html import render_note

PAGE = (
    "# Name\n\n"
    '<div class="a">\n<p>x &amp; y</p>\n</div>\n\n'
    "## Section\n\n"
    "<!-- a comment stays Markdown's business -->\n\n"
    '<table class="t"><tr><td>1</td></tr></table>\n'
)


def test_blocks_are_swapped_out_and_restored_verbatim() -> None:
    stash = HtmlStash()
    stashed = stash.stash(PAGE)
    assert '<div class="a">' not in stashed and "<table" not in stashed
    assert "# Name" in stashed and "## Section" in stashed and "<!-- a comment" in stashed
    converted = markdown.markdown(stashed)
    restored = stash.restore(converted)
    assert '<div class="a">\n<p>x &amp; y</p>\n</div>' in restored
    assert '<table class="t"><tr><td>1</td></tr></table>' in restored
    assert restored.index("<h1>Name</h1>") < restored.index('<div class="a">') < restored.index("<h2>Section</h2>")


def test_note_text_cannot_forge_a_placeholder() -> None:
    stash = HtmlStash()
    stash.stash("<div>secret</div>\n")
    forged = stash.restore("<p>&lt;!--hkb-0000000000000000-0--&gt;</p><!--hkb-0000000000000000-0-->")
    assert "secret" not in forged


def test_rendered_notes_have_no_blank_line_so_they_stay_one_block() -> None:
    note = render_note("```\na\n\n\nb\n```\n\n- x\n\n- y\n")
    assert "\n\n" not in note.html
    assert "<pre><code>a&#10;&#10;\nb\n</code></pre>" in note.html  # the same three line breaks
