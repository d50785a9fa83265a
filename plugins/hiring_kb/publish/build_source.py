"""Which commit a site is built from, for the footer of every page ("which commit is live").

The plugin puts :func:`source_of` into ``config.extra["hiring_source"]`` and the theme's footer
partial (``theme/partials/footer.html``) prints it escaped. Only the short commit id (12 hex
digits, 16 when the first 12 are all decimal digits), the branch name and whether the data is
reviewed (:mod:`hiring_kb.publish.release_gate`) are shown: never a commit message, an author or a
link to the forge (the audit refuses external URLs, and messages can name candidates). The full id
stays in the release record beside the release.
"""

from __future__ import annotations

from typing import TypedDict

from hiring_kb.publish.release_gate import source_state
from hiring_kb.sources.settings import Settings

#: Hex digits of the commit id shown (as ``git log --abbrev=12``; unique in any real repository).
SHORT = 12
#: ... when those twelve are all decimal digits (one commit in about 280): twelve digits read as a phone
#: number, so the leak audit would refuse every page; a run of sixteen digits cannot be one (E.164: at
#: most fifteen), and a longer id with a letter is no run of digits.
DIGITS_ONLY_SHORT = 16


def short_commit(commit: str) -> str:
    """The abbreviation of a full commit id (40 or 64 hex digits) shown in the footer: its first
    :data:`SHORT` hex digits, or :data:`DIGITS_ONLY_SHORT` when those are all decimal digits."""
    short = commit[:SHORT]
    return commit[:DIGITS_ONLY_SHORT] if short.isdecimal() else short


class BuildSource(TypedDict):
    """What the footer says: ``commit`` (12 hex digits, 16 when 12 would be only digits: :func:`short_commit`),
    ``branch`` and ``reviewed``."""

    commit: str
    branch: str
    reviewed: bool


def source_of(settings: Settings) -> BuildSource | None:
    """The commit the project's working tree is at, or None outside git (nothing is shown then).

    ``reviewed`` is False when a deploy would refuse the data as not reviewed (uncommitted or
    untracked files, another branch than ``deploy.branch``, unpushed commits).
    """
    branch = settings.deploy.branch if settings.deploy is not None else "main"
    state = source_state(settings, branch)
    if state.commit is None:
        return None
    return {"commit": short_commit(state.commit), "branch": state.branch or "detached", "reviewed": not state.problems}
