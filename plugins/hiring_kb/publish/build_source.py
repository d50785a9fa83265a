"""Which commit a site is built from, for the footer of every page ("which commit is live").

The plugin puts :func:`source_of` into ``config.extra["hiring_source"]`` and the theme's footer
partial (``theme/partials/footer.html``) prints it escaped. Only the short commit id (12 hex
digits), the branch name and whether the data is reviewed (:mod:`hiring_kb.publish.release_gate`) are
shown: never a commit message, an author or a link to the forge (the audit refuses external URLs,
and messages can name candidates). The full id stays in the release record beside the release.
"""

from __future__ import annotations

from typing import TypedDict

from hiring_kb.publish.release_gate import source_state
from hiring_kb.sources.settings import Settings

#: Hex digits of the commit id shown (as ``git log --abbrev=12``; unique in any real repository).
SHORT = 12


class BuildSource(TypedDict):
    """What the footer says: ``commit`` (12 hex digits), ``branch`` and ``reviewed``."""

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
    return {"commit": state.commit[:SHORT], "branch": state.branch or "detached", "reviewed": not state.problems}
