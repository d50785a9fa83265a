"""What every editing command shares: its refusal (:class:`EditError`) and the files it edits.

A command that writes data files (``new-candidate``, ``new-interview``, ``move``,
``import-notes``, ``private-set``) refuses with an :class:`EditError` that carries diagnostics in
the usual ``path:line:col: severity[code]`` form, and nothing is written then.
:func:`candidate_file` finds ``candidates/<id>/candidate.yml`` (or refuses with a "did you mean")
and :func:`read_yaml_or_refuse` reads a data file with the messages of ``invoke validate``.

The writes themselves are elsewhere: atomic, byte-preserving writes in
:mod:`hiring_kb.authoring.atomic_files`, comment-keeping YAML edits in :mod:`hiring_kb.authoring.yaml_edits`,
``invoke move`` in :mod:`hiring_kb.authoring.candidate_move`.
"""

from __future__ import annotations

from pathlib import Path

from hiring_kb.base.diagnostics import Diagnostic, Position, did_you_mean, error
from hiring_kb.sources.loader import CANDIDATE_FILE
from hiring_kb.sources.settings import Settings
from hiring_kb.sources.yamlio import YamlDoc, parse_yaml, read_source


class EditError(Exception):
    """A command cannot do what was asked; nothing was written.

    ``diagnostics`` say why, in the usual ``path:line:col: severity[code]`` form.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def fail(position: Position, code: str, message: str, hint: str = "") -> EditError:
    """Shorthand for an :class:`EditError` with one error diagnostic."""
    return EditError([error(position, code, message, hint)])


def read_yaml_or_refuse(path: Path, label: str) -> YamlDoc:
    """The parsed YAML file at ``path`` (``label``: its project-relative name for messages).

    Raises EditError with the file's own diagnostics (unreadable, not UTF-8, YAML syntax...), so
    a command that edits or reads a data file refuses with the same messages as ``invoke validate``.
    """
    source, problems = read_source(path, label)
    doc = None
    if source is not None:
        doc, problems = parse_yaml(source.text, label)
    if doc is None:
        raise EditError(problems or [error(Position(label), "invalid-file", "cannot read the file")])
    return doc


def candidate_file(settings: Settings, candidate_id: str) -> Path:
    """Return ``candidates/<id>/candidate.yml``, or raise :class:`EditError` (``unknown-candidate``)."""
    folder = settings.candidates_dir / candidate_id
    path = folder / CANDIDATE_FILE
    if "/" in candidate_id or "\\" in candidate_id or candidate_id.startswith(".") or not path.is_file():
        known = (
            [p.name for p in settings.candidates_dir.iterdir() if (p / CANDIDATE_FILE).is_file()]
            if (settings.candidates_dir.is_dir())
            else []
        )
        raise fail(
            Position(settings.label(settings.candidates_dir)),
            "unknown-candidate",
            f"no candidate '{candidate_id}' (no {settings.label(path)})",
            _close(candidate_id, known) or "the id is the folder name under candidates/",
        )
    return path


def _close(word: str, choices: list[str]) -> str:
    """A "did you mean" for a close id only (never a list of every candidate id)."""
    suggestion = did_you_mean(word, choices)
    return suggestion if suggestion.startswith("did you mean") else ""
