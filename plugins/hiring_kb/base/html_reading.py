"""Read HTML comments the way browsers do before Python's ``html.parser`` sees the text.

The HTML Standard ends a comment at ``<!-->`` (an empty comment, "abrupt closing") and at ``--!>``;
Python's parser reads ``<!-->`` as the start of a comment that runs to the next ``-->`` and does not
end one at ``--!>``. A link between the two would be live in a browser yet invisible to a check that
uses the parser. :func:`as_browsers_read_comments` rewrites both spellings to ones the parser ends
in the same place, keeping every other character where it was (so line:col positions stay right).
"""

from __future__ import annotations

import re

_ABRUPT_EMPTY_COMMENT = re.compile(r"<!--->|<!-->")
_BANG_COMMENT_END = re.compile(r"--!>")


def as_browsers_read_comments(html: str) -> str:
    """``html`` with ``<!-->`` / ``<!--->`` as an empty comment and ``--!>`` as a comment end, same length.

    >>> as_browsers_read_comments('<!--> <a href="x">')
    '<!>   <a href="x">'
    """
    html = _ABRUPT_EMPTY_COMMENT.sub(lambda m: "<!>" + " " * (len(m.group()) - 3), html)
    return _BANG_COMMENT_END.sub("--> ", html)
