"""Safe writes to the data files: atomic replacement and minimal, comment-keeping YAML edits.

Two guarantees for every command that writes (``new-candidate``,
``new-interview``, ``move``, ``import-notes``):

* **atomic**: the new content goes to a temporary file in the same folder,
  is flushed and fsync'ed, then ``os.replace``'d over the target; a crash at
  any point leaves either the old file or the new one, never a mix, and no
  temporary file behind;
* **nothing else changes**: :func:`set_top_level` changes one top-level value of
  a YAML mapping and keeps every other byte (comments, key order, quoting,
  indentation, BOM and CRLF line endings). A plain ruamel.yaml dump would
  re-indent sequences and re-wrap long lines, so instead ruamel.yaml's composer
  locates the value, ruamel.yaml renders the new scalar, the text is spliced,
  and the result is loaded again with ruamel.yaml and compared with the
  intended data before anything is written.

The ``move`` command (:func:`move_candidate`) sits here too: it is the edit
of ``candidate.yml`` that sets ``decided_on`` when a status leaves ``active``
(``decided_on`` starts the retention clock: docs/publishing.md, "Retention and purge").
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from .clock import today as clock_today
from .decisions import MAX_RATIONALE
from .diagnostics import Diagnostic, Position, did_you_mean, error
from .loader import CANDIDATE_FILE
from .models import Role
from .names import bidi_controls
from .role_loader import load_role
from .schemas import CANDIDATE_SCHEMA, CANDIDATE_STATUSES, check_schema
from .settings import Settings
from .vocabulary import CandidateStatus
from .yamlio import YamlDoc, new_yaml, parse_yaml, read_source


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


# -- atomic writes ---------------------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    """Persist a rename on POSIX (a directory fsync); a no-op where directories cannot be opened."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + fsync + ``os.replace``).

    Args:
        path: the target; its folder must exist.
        data: the complete new content.
        exclusive: refuse (``FileExistsError``) when ``path`` already exists,
            so a scaffold never overwrites someone's note.

    Raises:
        OSError: when writing fails; the target is then unchanged and the
        temporary file is removed. An existing file keeps its permission bits;
        a new one gets the default ones (0666 minus the umask).
    """
    if exclusive and path.exists():
        raise FileExistsError(f"{path} already exists")
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, *, exclusive: bool = False) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text (written as is: no newline translation)."""
    atomic_write_bytes(path, text.encode("utf-8"), exclusive=exclusive)


# -- YAML scalars and minimal edits ----------------------------------------------------------


def yaml_scalar(value: Any, quote: str | None = None) -> str:
    """Render one value as YAML 1.2 flow text, the way ruamel.yaml would write it.

    ``None`` → ``""`` (an empty value); a ``datetime.date`` → ``2026-11-30``;
    strings stay plain unless they would read back as something else
    (``"null"``, ``"1"``, ``"a: b"`` get quotes). ``quote`` (``'"'`` or ``"'"``)
    forces that quote style, to keep the style of the value being replaced.
    """
    if value is None:
        return ""
    if isinstance(value, str) and quote == '"':
        value = DoubleQuotedScalarString(value)
    elif isinstance(value, str) and quote == "'":
        value = SingleQuotedScalarString(value)
    yaml = new_yaml()
    yaml.width = 1 << 16  # never fold a value over two lines
    buffer = io.StringIO()
    yaml.dump({"k": value}, buffer)
    text = buffer.getvalue()
    assert text.startswith("k: ")
    return text[len("k: ") :].rstrip("\n").removesuffix("\n...").rstrip("\n")


def _decode(raw: bytes) -> tuple[str, bool, bool]:
    """Return (text with ``\\n`` endings, had a BOM, used CRLF)."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    crlf = "\r\n" in text
    return text.replace("\r\n", "\n"), bom, crlf


def _encode(text: str, bom: bool, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _top_level_nodes(text: str) -> MappingNode:
    node = new_yaml().compose(text)
    if not isinstance(node, MappingNode):
        raise ValueError("the file is not 'key: value' lines")
    return node


def _plain_data(data: Any) -> Any:
    """ruamel round-trip data → plain dicts/lists/scalars, for comparing two loads."""
    if isinstance(data, dict):
        return {k: _plain_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain_data(v) for v in data]
    return data if data is None or isinstance(data, (bool, int, float)) else str(data)


def set_top_level(text: str, key: str, value: Any, *, after: str | None = None) -> str:
    """Return ``text`` (a block-style YAML mapping) with top-level ``key`` set to ``value``.

    Only the characters of the old value change; when ``key`` is absent, one
    ``key: value`` line is inserted after the line of top-level key ``after``
    (at the end when ``after`` is absent too). A quoted old value keeps its
    quote style. ``value`` None empties the value (``key:``).

    Raises:
        ValueError: when the text is not a block mapping, the value to replace is
            not a scalar, or the edited text does not load back to exactly the
            intended data (nothing should be written then).
    """
    root = _top_level_nodes(text)
    if root.flow_style:
        raise ValueError("the file is written as one {...} line; edit it by hand")
    before = _plain_data(new_yaml().load(text))
    pairs = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
    if key in pairs:
        key_node, value_node = pairs[key]
        if not isinstance(value_node, ScalarNode):
            raise ValueError(f"'{key}' holds a list or indented lines, not a single value")
        start, end = value_node.start_mark.index, value_node.end_mark.index
        if start == end:  # empty value: ruamel marks it at the next token; write right after the colon
            colon = text.index(":", key_node.end_mark.index)
            start = end = colon + 1
            new = " " + yaml_scalar(value) if value is not None else ""
        else:
            quote = value_node.style if value_node.style in ('"', "'") else None
            new = yaml_scalar(value, quote)
            if value is None and text[start - 1 : start] == " ":
                start -= 1  # 'key: old' → 'key:' rather than 'key: '
        edited = text[:start] + new + text[end:]
    else:
        line = f"{key}: {yaml_scalar(value)}".rstrip() + "\n"
        if after in pairs:
            anchor = pairs[after][1].end_mark.index
            cut = text.find("\n", anchor)
            cut = len(text) if cut < 0 else cut + 1
        else:
            cut = len(text)
        prefix = text[:cut] if text[:cut].endswith("\n") or not text[:cut] else text[:cut] + "\n"
        edited = prefix + line + text[cut:]
    expected = dict(before)
    expected[key] = None if value is None else (value.isoformat() if isinstance(value, dt.date) else value)
    if _plain_data(new_yaml().load(edited)) != _plain_data(expected):
        raise ValueError(f"setting '{key}' would change other values; edit the file by hand")
    return edited


def _last_leaf(node: Node) -> Node:
    """The last scalar (or flow collection) of a node: where its text really ends.

    A block collection's end mark is the start of the next token, past comments and blank lines
    that belong to what follows; its last leaf ends on the collection's last line.
    """
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node


def _line_end(text: str, index: int) -> int:
    """The index just after the newline that ends the line holding ``index`` (or the text's end)."""
    cut = text.find("\n", index)
    return len(text) if cut < 0 else cut + 1


def _entry_end(text: str, key_node: Node, value_node: Node) -> int:
    """Index just after the last line of a top-level ``key: value`` entry (its value's last leaf)."""
    leaf = _last_leaf(value_node)
    if leaf.start_mark.index == leaf.end_mark.index:  # empty value: marked at the next token
        return _line_end(text, key_node.end_mark.index)
    return _line_end(text, leaf.end_mark.index - 1)


def _verified(before_text: str, edited: str, key: str, value: Any) -> str:
    """``edited`` if it loads to the data of ``before_text`` with ``key`` set to ``value`` (None: removed)."""
    expected = dict(_plain_data(new_yaml().load(before_text)))
    if value is None:
        expected.pop(key, None)
    else:
        expected[key] = _plain_data(value)
    if _plain_data(new_yaml().load(edited)) != expected:
        raise ValueError(f"changing '{key}' would change other values; edit the file by hand")
    return edited


def flow_mapping(values: dict[str, Any]) -> str:
    """``{date: 2026-11-30, stage: technical}``: one YAML flow mapping on one line (None values left out)."""
    return "{" + ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in values.items() if v is not None) + "}"


def append_to_list(text: str, key: str, item: dict[str, Any], *, before: str | None = None) -> str:
    """Return ``text`` with ``item`` appended to the top-level list ``key`` as one ``- {…}`` line.

    A block list gets the line after its last item, indented like its items; an empty value or ``[]``
    becomes a block list; a non-empty ``[…]`` list gets ``, {…}`` before its ``]``. When ``key`` is
    absent, ``key:`` and the item are inserted before the line of top-level key ``before`` (at the end
    when that is absent too). Every other byte is kept.

    Raises:
        ValueError: when ``key`` holds something else than a list, the text is not a block mapping, or
            the result would not load back to exactly the old data plus the item.
    """
    root = _top_level_nodes(text)
    if root.flow_style:
        raise ValueError("the file is one {...} flow mapping; edit it by hand")
    pairs = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
    data = new_yaml().load(text)
    old = data.get(key)
    if old is not None and not isinstance(old, list):
        raise ValueError(f"'{key}' holds a single value or a mapping, not a list")
    line = flow_mapping(item)
    if key not in pairs:
        block = f"{key}:\n  - {line}\n"
        cut = text.rfind("\n", 0, pairs[before][0].start_mark.index) + 1 if before in pairs else len(text)
        prefix = text[:cut] if not text[:cut] or text[:cut].endswith("\n") else text[:cut] + "\n"
        edited = prefix + block + text[cut:]
    else:
        key_node, value_node = pairs[key]
        if isinstance(value_node, SequenceNode) and not value_node.flow_style and value_node.value:
            first = value_node.value[0]
            line_start = text.rfind("\n", 0, first.start_mark.index) + 1
            dash = text.rfind("-", line_start, first.start_mark.index)
            indent = text[line_start:dash] if dash >= line_start else "  "
            cut = _entry_end(text, key_node, value_node)
            prefix = text[:cut] if text[:cut].endswith("\n") else text[:cut] + "\n"
            edited = prefix + f"{indent}- {line}\n" + text[cut:]
        elif isinstance(value_node, SequenceNode) and value_node.value:  # [a, b]
            close = text.rindex("]", 0, value_node.end_mark.index)
            edited = text[:close].rstrip() + f", {line}" + text[close:]
        else:  # empty value or []
            if isinstance(value_node, SequenceNode):
                start, end = value_node.start_mark.index, value_node.end_mark.index
            else:
                start = end = text.index(":", key_node.end_mark.index) + 1
            comment_end = _line_end(text, end)
            tail = text[end:comment_end].rstrip("\n")
            edited = text[:start].rstrip(" ") + tail + f"\n  - {line}\n" + text[comment_end:]
    return _verified(text, edited, key, [*(old or []), item])


def set_block(text: str, key: str, value: dict[str, Any] | None, *, after: str | None = None) -> str:
    """Return ``text`` with top-level ``key`` set to the small mapping ``value`` written as a block
    (``key:`` then one ``  name: value`` line each, lists in ``[…]``), or removed when ``value`` is None.

    The lines of the old value are replaced; when ``key`` is absent, the block goes after the line of
    top-level key ``after`` (at the end when that is absent too). Every other byte is kept.

    Raises:
        ValueError: when the result would not load back to exactly the intended data.
    """
    root = _top_level_nodes(text)
    if root.flow_style:
        raise ValueError("the file is one {...} flow mapping; edit it by hand")
    pairs = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}

    def scalar_or_list(item: Any) -> str:
        if isinstance(item, (list, tuple)):
            return "[" + ", ".join(yaml_scalar(v) for v in item) + "]"
        return yaml_scalar(item)

    block = (
        ""
        if value is None
        else f"{key}:\n"
        + "".join(
            f"  {name}: {scalar_or_list(item)}\n" for name, item in value.items() if item not in (None, "", [], ())
        )
    )
    if key in pairs:
        key_node, value_node = pairs[key]
        start = text.rfind("\n", 0, key_node.start_mark.index) + 1
        end = _entry_end(text, key_node, value_node)
        edited = text[:start] + block + text[end:]
    elif value is None:
        return text
    else:
        cut = _entry_end(text, *pairs[after]) if after in pairs else len(text)
        prefix = text[:cut] if not text[:cut] or text[:cut].endswith("\n") else text[:cut] + "\n"
        edited = prefix + block + text[cut:]
    plain = (
        None
        if value is None
        else {k: list(v) if isinstance(v, tuple) else v for k, v in value.items() if v not in (None, "", [], ())}
    )
    return _verified(text, edited, key, plain)


# -- invoke move -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One changed value of a candidate file: key, old and new value (None = empty)."""

    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class MoveResult:
    """Outcome of :func:`move_candidate`: the file (relative label) and what changed (empty: nothing to do)."""

    path: str
    changes: tuple[Change, ...]


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


def move_candidate(
    settings: Settings,
    candidate_id: str,
    stage: str | None = None,
    status: str | None = None,
    today: dt.date | None = None,
    reasons: tuple[str, ...] | list[str] = (),
    rationale: str | None = None,
) -> MoveResult:
    """Move a candidate to another stage and/or status by editing ``candidate.yml`` in place.

    Args:
        settings: the project's settings (folders).
        candidate_id: the candidate folder name, e.g. ``c-7d3e91``.
        stage: a stage id of the candidate's role, or None to keep it.
        status: ``active``, ``hired``, ``rejected`` or ``withdrawn``, or None.
        today: the decision date (default: :func:`hiring_kb.clock.today`, the date validation uses).
        reasons: ids of ``decision_reasons:`` in hiring.yml; at least one is required to reject a
            candidate or record a withdrawal, optional for hired; only with a status.
        rationale: an optional sentence (at most 300 characters) shown with the decision.

    A status other than ``active`` sets ``decided_on`` to ``today`` (it starts
    the retention clock) and ``decision:`` (reasons, rationale);
    going back to ``active`` empties ``decided_on`` and removes ``decision:``.
    Every stage or status change is appended to ``history:`` with ``today``
    (a candidate without history first gets the stage they are leaving, dated
    ``applied``, when that is the role's first stage). Only the changed
    values' lines change; the write is atomic.

    Returns:
        The changes made (none when the candidate is already there).

    Raises:
        EditError: unknown candidate, neither stage nor status given, a file
            that does not validate, an unknown status, stage or reason, a missing
            reason, a rationale that is too long or holds invisible controls, or a
            file layout that cannot be edited without touching other lines.
    """
    today = today or clock_today()
    path = candidate_file(settings, candidate_id)
    label = settings.label(path)
    _check_move_options(label, stage, status)
    reasons = tuple(dict.fromkeys(r.strip() for r in reasons if r.strip()))
    rationale = " ".join(rationale.split()) if rationale else ""
    _check_decision(settings, label, status, reasons, rationale)
    raw = path.read_bytes()
    doc, role = _candidate_and_role(settings, path, label)
    data = doc.data
    _check_move_target(settings, candidate_id, label, doc, role, stage, status, reasons)
    text, bom, crlf = _decode(raw)
    try:
        text, changes = _moved_text(text, data, role, stage, status, reasons, rationale, today)
    except ValueError as exc:
        raise fail(Position(label), "cannot-edit", str(exc)) from None
    if changes:
        atomic_write_bytes(path, _encode(text, bom, crlf))
    return MoveResult(label, tuple(changes))


def _check_move_options(label: str, stage: str | None, status: str | None) -> None:
    """Refuse a move without a stage and a status, or to a status that does not exist."""
    if stage is None and status is None:
        raise fail(
            Position(label), "nothing-to-do", "give --stage, --status or both", "e.g. invoke move ID --stage technical"
        )
    if status is not None and status not in CANDIDATE_STATUSES:
        raise fail(
            Position(label),
            "invalid-value",
            f"status '{status}' is not one of: {', '.join(CANDIDATE_STATUSES)}",
            did_you_mean(status, CANDIDATE_STATUSES),
        )


def _candidate_and_role(settings: Settings, path: Path, label: str) -> tuple[YamlDoc, Role]:
    """The candidate file (refused unless it validates) and its role (refused when it cannot be loaded)."""
    doc = read_yaml_or_refuse(path, label)
    problems = check_schema(doc, CANDIDATE_SCHEMA)
    if problems:
        raise EditError(problems)
    data = doc.data
    role, role_problems = load_role(settings.roles_dir / f"{data['role']}.yml", settings)
    if role is None:
        raise EditError(
            role_problems or [error(doc.value(data, "role"), "unknown-role", f"role '{data['role']}' does not exist")]
        )
    return doc, role


def _check_move_target(
    settings: Settings,
    candidate_id: str,
    label: str,
    doc: YamlDoc,
    role: Role,
    stage: str | None,
    status: str | None,
    reasons: tuple[str, ...],
) -> None:
    """Refuse a stage the role does not have, and a rejection or withdrawal without a reason."""
    data = doc.data
    if stage is not None and role.stage(stage) is None:
        raise fail(
            doc.value(data, "stage"),
            "unknown-stage",
            f"'{stage}' is not a stage of role '{role.id}'",
            did_you_mean(stage, [s.id for s in role.stages]),
        )
    if (
        status is not None
        and status not in (CandidateStatus.ACTIVE, CandidateStatus.HIRED)
        and not reasons
        and status != data.get("status")
    ):
        raise fail(
            Position(label),
            "missing-reason",
            f"give the reason for '{status}' with --reason",
            f"one or more of: {', '.join(settings.decision_reasons)} (decision_reasons in hiring.yml), "
            f"e.g. invoke move {candidate_id} --status {status} --reason {next(iter(settings.decision_reasons), 'ID')}",
        )


def _moved_text(
    text: str,
    data: dict[str, Any],
    role: Role,
    stage: str | None,
    status: str | None,
    reasons: tuple[str, ...],
    rationale: str,
    today: dt.date,
) -> tuple[str, list[Change]]:
    """``text`` of candidate.yml with the move applied (stage, status, ``decided_on``, ``decision:``,
    ``history:``) and the changes made. Raises ValueError when the layout cannot be edited in place."""
    wanted: list[tuple[str, Any]] = []
    if stage is not None and stage != data.get("stage"):
        wanted.append(("stage", stage))
    if status is not None and status != data.get("status"):
        wanted.append(("status", status))
        decided = None if status == CandidateStatus.ACTIVE else today
        wanted.append(("decided_on", decided))
    changes = []
    entry: dict[str, Any] = {}
    for key, value in wanted:
        old = data.get(key)
        shown = value.isoformat() if isinstance(value, dt.date) else value
        if key in ("stage", "status"):
            entry[key] = value
        if old == shown:
            continue
        text = set_top_level(text, key, value, after="status")
        changes.append(Change(key, old, shown))
    decision = _decision_value(data, status, reasons, rationale)
    if decision is not _UNCHANGED:
        text = set_block(
            text, "decision", decision, after="decided_on" if "decided_on" in new_yaml().load(text) else "status"
        )
        changes.append(Change("decision", _shown_decision(data.get("decision")), _shown_decision(decision)))
    if entry:
        text = _with_history(text, data, role, entry, today, changes)
    return text, changes


def _with_history(
    text: str, data: dict[str, Any], role: Role, entry: dict[str, Any], today: dt.date, changes: list[Change]
) -> str:
    """``text`` with the move appended to ``history:`` (dated ``today``), the changes added to ``changes``."""
    history = data.get("history") if isinstance(data.get("history"), list) else []
    first = role.stages[0].id if role.stages else None
    applied = data.get("applied")
    if not history and "stage" in entry and data.get("stage") == first and isinstance(applied, str):
        # the stage being left, from the application on: time in the first stage counts too
        text = append_to_list(
            text, "history", {"date": dt.date.fromisoformat(applied), "stage": first}, before="private"
        )
        changes.append(Change("history", None, f"{applied} stage {first}"))
    text = append_to_list(text, "history", {"date": today, **entry}, before="private")
    changes.append(Change("history", None, " ".join([today.isoformat(), *(f"{k} {v}" for k, v in entry.items())])))
    return text


_UNCHANGED: Any = object()


def _decision_value(data: Any, status: str | None, reasons: tuple[str, ...], rationale: str) -> Any:
    """The new ``decision:`` mapping, None to remove it, or :data:`_UNCHANGED`."""
    if status == CandidateStatus.ACTIVE:
        return None if data.get("decision") is not None or "decision" in data else _UNCHANGED
    if status is None or not (reasons or rationale):
        return _UNCHANGED
    value: dict[str, Any] = {}
    if reasons:
        value["reasons"] = list(reasons)
    if rationale:
        value["rationale"] = rationale
    old = data.get("decision")
    if isinstance(old, dict) and _plain_data(old) == value:
        return _UNCHANGED
    return value


def _shown_decision(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    reasons = value.get("reasons") or []
    text = ", ".join(str(r) for r in reasons)
    if value.get("rationale"):
        text += f" ({value['rationale']})" if text else str(value["rationale"])
    return text or None


def _check_decision(
    settings: Settings, label: str, status: str | None, reasons: tuple[str, ...], rationale: str
) -> None:
    """Refuse reasons without a status or not configured, and a rationale that is long or holds controls."""
    if (reasons or rationale) and (status is None or status == CandidateStatus.ACTIVE):
        raise fail(
            Position(label),
            "nothing-to-do",
            "--reason and --rationale go with a decision: --status hired, rejected or withdrawn",
            "e.g. invoke move ID --status rejected --reason must-have-gap",
        )
    known = settings.decision_reasons
    for reason in reasons:
        if reason not in known:
            suggestion = did_you_mean(reason, list(known))
            raise fail(
                Position(settings.label(settings.root / "hiring.yml")),
                "unknown-decision-reason",
                f"reason '{reason}' is not one of decision_reasons in hiring.yml: {', '.join(known)}",
                suggestion
                if suggestion.startswith("did you")
                else "use one of the ids listed, or add it to hiring.yml",
            )
    if len(rationale) > MAX_RATIONALE:
        raise fail(
            Position(label),
            "invalid-value",
            f"the rationale has {len(rationale)} characters, more than {MAX_RATIONALE}",
            "keep it to a sentence or two; the evidence belongs in the scorecards",
        )
    if bidi_controls(rationale):
        raise fail(
            Position(label),
            "bidi-control",
            "the rationale contains an invisible bidirectional control character",
            "retype the text",
        )
