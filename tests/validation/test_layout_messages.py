"""The line-by-line reading behind the YAML layout messages (hiring_kb.sources.yamlio._layout_problem).

It only runs once ruamel has refused a file, to name the line of the mistake; on any valid layout it
must find nothing, or a later, unrelated error would be blamed on a good line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hiring_kb.sources.yamlio import _layout_problem, parse_yaml

ROOT = Path(__file__).resolve().parents[2]

VALID = [
    "summary: a long line\n  continued here\n  and more\nnext: 1\n",
    "description: >\n  folded text: with a colon\n    deeper\nnext: 1\n",
    "a: |\n  literal\n\n  more: x\nb: 2\n",
    "tags:\n- a\n- b\nx:\n  - id: q\n    name: Q\n    rubric:\n      1: x\n      2: y\n  - id: r\n    focus: [a, b]\n",
    'q: "multi\n  line"\nz: 1\n',
    "planned:\n  - stage: screen\n    interviewer: bea\n  # a comment\n  - stage: technical\n    interviewer: ana\n",
    "x:\n    deep: 1\n    deeper:\n        - a\n        - b\n    back: 2\ny: 3\n",
    "url: https://x.example/a:b\ntime: 10:30\nk: 'a: b'\nprivate:  # never rendered\n  phone: \"+351 900\"\n",
    "nested:\n  - - a\n    - b\n  - c\n",
    "key with space: 1\n? complex\n: value\n",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_layouts_hold_no_layout_problem(text: str) -> None:
    assert parse_yaml(text, "f.yml")[1] == []
    assert _layout_problem(text, "f.yml", 0, 10**9, front_matter=False) is None


def test_the_example_files_hold_no_layout_problem() -> None:
    files = [*ROOT.glob("roles/*.yml"), *ROOT.glob("candidates/*/candidate.yml"), ROOT / "hiring.yml"]
    assert [p.name for p in files if _layout_problem(p.read_text(encoding="utf-8"), p.name, 0, 10**9, False)] == []
    for note in ROOT.glob("candidates/*/interviews/*.md"):
        lines = note.read_text(encoding="utf-8").split("\n")
        front = "\n".join(lines[1 : lines.index("---", 1)]) + "\n"
        assert _layout_problem(front, note.name, 1, 10**9, True) is None


def test_an_invisible_control_character_is_named_at_its_line() -> None:
    _, problems = parse_yaml("name: Ana\nsource: refer\x08ral\n", "c.yml")
    assert [d.format() for d in problems] == [
        "c.yml:2:14: error[yaml-syntax]: invisible control character U+0008 in the text (hint: delete it (it usually "
        "comes in with pasted text; retype the line if you cannot see it))"
    ]


def _rating_lines() -> list[tuple[str, int]]:
    """(note, 0-based line) of every rating line of the example notes."""
    found = []
    for note in sorted(ROOT.glob("candidates/*/interviews/*.md")):
        lines = note.read_text(encoding="utf-8").split("\n")
        starts = [n for n, line in enumerate(lines) if line.split("#")[0].strip() == "ratings:"]
        if not starts:
            continue
        for number in range(starts[0] + 1, len(lines)):
            if not lines[number].startswith("  "):
                break
            found.append((note.relative_to(ROOT).as_posix(), number))
    return found


def _messages(text: str) -> list[str]:
    from hiring_kb.sources.schemas import INTERVIEW_SCHEMA, check_schema
    from hiring_kb.sources.yamlio import SourceText, split_front_matter

    note, problems = split_front_matter(SourceText("n.md", text))
    if note is not None:
        problems = check_schema(note.meta, INTERVIEW_SCHEMA)
    return [f"{d.position.line}: {d.message} (hint: {d.hint})" for d in problems]


@pytest.mark.parametrize(("note", "index"), _rating_lines())
def test_each_typo_of_a_rating_line_is_reported_at_that_line(note: str, index: int) -> None:
    """The three likeliest typos of any rating line of the example notes are named at that line."""
    lines = (ROOT / note).read_text(encoding="utf-8").split("\n")
    key, value = lines[index].strip().split(": ", 1)
    number = index + 1

    def typed(line: str) -> str:
        return "\n".join([*lines[:index], line, *lines[index + 1 :]])

    assert _messages(typed(f"  {key}:{value}")) == [
        f"{number}: '{key}:{value}' needs a space after the ':' (hint: write '{key}: {value}')"
    ]
    assert _messages(typed(f"   {key}: {value}"))[0].startswith(f"{number}: '{key}: {value}' is indented by 3 spaces")
    at_margin = _messages(typed(f"{key}: {value}"))
    assert at_margin[0].startswith(f"{number}: ") and "ratings:" in at_margin[0]
