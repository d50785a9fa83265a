"""The lint searches a note only for the terms all of whose words it holds: the same warnings as a search
for every term (the speed-up of issue 14 must not change a single hit)."""

from __future__ import annotations

import random
import re

from hiring_kb.sources.lint import NotesLint
from hiring_kb.sources.lint_words import PROTECTED, VERDICTS

NOTE = """## Communication
- Not a fit for the lead role: she wants to stay hands-on (said so twice)
- Good fit with the team, for the on-call rota too
- Mentioned her kids; a natural presenter
- Smart
<!-- guidance: culture fit, smart, age -->
- `age` is the name of a column here
"""


class EveryTermLint(NotesLint):
    """The lint as it was: every note searched with the alternation of all terms."""

    def _pattern_of(self, words: set[str]) -> re.Pattern[str]:
        assert self._pattern is not None
        return self._pattern


def _found(lint: NotesLint, body: str) -> list[str]:
    return [f"{d.position.line}:{d.position.col} {d.code} {d.message}" for d in lint.check(body, 1, "n.md")]


def test_a_note_gets_the_warnings_of_its_own_terms() -> None:
    assert _found(NotesLint(), NOTE) == [
        "3:3 verdict-without-evidence 'Good fit' is a verdict, not evidence",
        "4:17 protected-characteristic 'kids' mentions family and pregnancy, a protected characteristic",
        "4:23 verdict-without-evidence 'a natural' is a verdict, not evidence",
        "5:3 verdict-without-evidence 'Smart' is a verdict, not evidence",
    ]


def test_the_subset_search_finds_what_the_search_of_every_term_finds() -> None:
    lint, reference = NotesLint(), EveryTermLint()
    terms = [w for words in PROTECTED.values() for w in words] + list(VERDICTS)
    rng = random.Random(14)
    filler = NOTE.split()
    hits = 0
    for _ in range(300):
        words = rng.sample(filler, 12)
        for _ in range(rng.randint(0, 5)):
            term = rng.choice(terms)
            term = term.upper() if rng.random() < 0.3 else term
            before, after = rng.choice(["", "-", "x", "`", "("]), rng.choice(["", "s", ":", "-", " because 3", ")"])
            words.insert(rng.randrange(len(words) + 1), before + term + after)
        body = "\n".join(" ".join(words[i : i + 5]) for i in range(0, len(words), 5))
        expected = _found(reference, body)
        assert _found(lint, body) == expected, body
        hits += len(expected)
    assert hits > 200  # the comparison covered many real hits, not only notes without any
