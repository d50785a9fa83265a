"""Bounds on list lengths that keep every step of validation and the build linear and small.

A file under the size cap (1,000,000 bytes, :data:`hiring_kb.sources.yamlio.MAX_FILE_BYTES`) can still
hold 100,000 one-letter tags; each tag is a link on the candidate page and an entry of the tag
index, so one such file made a 100 MB site. The limits are far above what a real candidate
has (Greenhouse and Lever loops have 4 to 8 interviews; a handful of tags) and are checked by
the schema (``too-many-items``) and the loader (``too-many-notes``) before anything is rendered.
"""

from __future__ import annotations

#: Tags of one candidate (``tags:`` of candidate.yml).
MAX_TAGS = 50
#: Planned interviews of one candidate (``planned:``, the interview loop).
MAX_PLANNED = 50
#: Interview notes of one candidate (``interviews/*.md``).
MAX_NOTES = 100
