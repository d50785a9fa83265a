"""A parsed YAML mapping that can point at the line and column of any of its keys, values and items.

Part of :mod:`hiring_kb.sources.yamlio` (the module other code imports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hiring_kb.base.diagnostics import Position
from hiring_kb.sources.yaml_loaders import _ROUND_TRIP


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML mapping plus what is needed to point at any of its values.

    ``line_offset`` is the number of file lines before the YAML text (1 for
    front matter, which starts after the opening ``---``). ``data`` is either
    round-trip data that carries positions, or plain data from the fast C
    loader together with its ``text``: then the text is parsed again with the
    round-trip loader the first time a position is asked for, which happens
    only for files that get a diagnostic.
    """

    path: str
    data: Any
    line_offset: int = 0
    text: str | None = field(default=None, compare=False, repr=False)
    _twins: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # Pickled for the load cache and worker processes: keep plain data and the text;
        # positions are found again from the text when needed.
        state = dict(self.__dict__)
        state["_twins"] = {}
        if self.text is not None and isinstance(self.data, (CommentedMap, CommentedSeq)):
            state["data"] = _plain(self.data)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def _twin_of(self, node: Any) -> Any:
        """The round-trip node (with ``.lc`` positions) that corresponds to ``node``."""
        if self.text is None or isinstance(node, (CommentedMap, CommentedSeq)):
            return node
        if not self._twins:
            _pair_up(self.data, _ROUND_TRIP.load(self.text), self._twins)
        return self._twins.get(id(node), node)

    def _pos(self, line0: int | None, col0: int | None) -> Position:
        if line0 is None:
            return Position(self.path)
        return Position(self.path, line0 + 1 + self.line_offset, (col0 or 0) + 1)

    def node(self, node: Any) -> Position:
        """Position where a mapping or sequence node starts (file start when unknown)."""
        lc = getattr(self._twin_of(node), "lc", None)
        if lc is None or lc.line is None:
            return Position(self.path, 1 + self.line_offset, 1)
        return self._pos(lc.line, lc.col)

    def key(self, mapping: Any, key: Any) -> Position:
        """Position of ``key`` in ``mapping``; the mapping's own position when absent."""
        located = self._twin_of(mapping)
        if isinstance(located, CommentedMap) and key in located:
            line, col = located.lc.key(key)
            return self._pos(line, col)
        return self.node(mapping)

    def value(self, mapping: Any, key: Any) -> Position:
        """Position of the value of ``key`` in ``mapping``; the mapping's own when absent.

        An empty value (``key:``) has no text of its own (ruamel marks the next
        line), so its position is the key's.
        """
        located = self._twin_of(mapping)
        if isinstance(located, CommentedMap) and key in located:
            if located[key] is None:
                return self.key(mapping, key)
            line, col = located.lc.value(key)
            return self._pos(line, col)
        return self.node(mapping)

    def item(self, seq: Any, index: int) -> Position:
        """Position of item ``index`` of sequence ``seq``."""
        located = self._twin_of(seq)
        if isinstance(located, CommentedSeq) and 0 <= index < len(located):
            line, col = located.lc.item(index)
            return self._pos(line, col)
        return self.node(seq)


def _plain(value: Any) -> Any:
    """Round-trip data as plain dicts, lists and built-in scalars."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def _pair_up(plain: Any, located: Any, twins: dict[int, Any]) -> None:
    """Record, for every container of ``plain``, the round-trip container at the same place."""
    if isinstance(plain, dict) and isinstance(located, dict):
        twins[id(plain)] = located
        for key, value in plain.items():
            if key in located:
                _pair_up(value, located[key], twins)
    elif isinstance(plain, list) and isinstance(located, list):
        twins[id(plain)] = located
        for value, twin in zip(plain, located, strict=False):  # the same text: same lengths
            _pair_up(value, twin, twins)
