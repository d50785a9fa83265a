"""Notes lint: words that do not belong in a scorecard, as warnings with the line.

Two checks on every interview note body (front matter excluded):

* ``protected-characteristic``: a word that mentions a protected characteristic
  (age, family and pregnancy, health and disability, religion, nationality and
  ethnicity, sex and orientation, politics). A hiring decision must not rest on
  them, and notes are personal data: keep them out (EU GDPR art. 9 special
  categories; the grounds of the UK Equality Act 2010 and EU equal-treatment
  law).
* ``verdict-without-evidence``: a verdict word ("culture fit", "smart") on a
  line that gives no evidence for it. The line counts as giving evidence when
  it also holds a reason marker ("because", "e.g.", "for example", "when",
  "since"), a ``:`` or ``->`` followed by words, or a number.

Words match whole words, case-insensitively; a multi-word term matches across
any run of spaces. HTML comments (the scaffold's guidance), code blocks and
inline code are skipped. Both word lists can be replaced in ``hiring.yml``
under ``lint:`` (``protected:`` a mapping characteristic → words,
``verdicts:`` a list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from markdown_it import MarkdownIt

from .diagnostics import Diagnostic, Position, warning
from .models import Interview, Project
from .notes import is_comment_block
from .settings import LintRules

PROTECTED: Mapping[str, tuple[str, ...]] = {
    "age": ("age", "aged", "years old", "year-old", "too old", "too young", "elderly", "retirement", "date of birth", "born in"),
    "family and pregnancy": (
        "pregnant", "pregnancy", "maternity", "paternity", "parental leave", "kids", "children", "family plans",
        "wants a family", "married", "marriage", "divorced", "wife", "husband", "boyfriend", "girlfriend",
        "single mother", "single father",
    ),
    "health and disability": (
        "health issues", "health problems", "illness", "sick leave", "disability", "disabled", "mental health", "depression", "anxiety",
        "adhd", "autism", "autistic", "diagnosis", "medication", "therapy", "wheelchair", "burnout",
    ),
    "religion": (
        "religion", "religious", "church", "mosque", "synagogue", "temple", "christian", "muslim", "jewish",
        "hindu", "buddhist", "atheist", "prays", "prayer", "ramadan",
    ),
    "nationality and ethnicity": (
        "nationality", "citizenship", "ethnic", "ethnicity", "skin colour", "skin color", "accent",
        "native speaker", "immigrant", "foreigner",
    ),
    "sex and sexual orientation": ("gender", "sexual orientation", "gay", "lesbian", "transgender", "female", "male"),
    "political opinion and union membership": ("political", "politics", "trade union", "union member"),
}

VERDICTS: tuple[str, ...] = (
    "culture fit", "cultural fit", "not a fit", "good fit", "bad fit", "smart", "brilliant", "genius", "rockstar",
    "ninja", "gut feeling", "good vibes", "bad vibes", "likeable", "likable", "nice guy", "nice girl", "weird",
    "lazy", "arrogant", "not senior enough", "a natural",
)

#: On a line with a verdict word, any of these means the writer said why.
_EVIDENCE = re.compile(
    r"\b(because|since|e\.g\.|for example|for instance|when|such as)\b"  # a reason
    r"|(:|->|=>|—)\s*\w+\W+\w+"  # "smart: solved it in 20 minutes", "smart -> found the bug"
    r"|\d",  # numbers are observations
    re.IGNORECASE,
)
_CODE_SPAN = re.compile(r"`[^`]*`")
_PARSER = MarkdownIt("commonmark")


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class _Term:
    text: str
    kind: str  # "protected" or "verdict"
    characteristic: str
    pattern: re.Pattern[str]


class NotesLint:
    """The lint with its word lists compiled once; :meth:`check` runs it on one note body."""

    def __init__(self, rules: LintRules | None = None) -> None:
        rules = rules or LintRules()
        protected = PROTECTED if rules.protected is None else rules.protected
        verdicts = VERDICTS if rules.verdicts is None else rules.verdicts
        self._terms = [
            _Term(word, "protected", characteristic, _pattern(word))
            for characteristic, words in protected.items()
            for word in words
        ] + [_Term(word, "verdict", "", _pattern(word)) for word in verdicts]

    def check(self, body: str, body_line: int, path: str) -> list[Diagnostic]:
        """Lint a note body.

        Args:
            body: the Markdown after the front matter.
            body_line: 1-based file line of the body's first line.
            path: label for the diagnostics.

        Returns:
            One warning per match (a longer term wins over a shorter one at the
            same place), positioned at the line and column of the word.
        """
        found: list[Diagnostic] = []
        lines = body.split("\n")
        for index in _prose_lines(body):
            line = lines[index]
            prose = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
            taken: list[tuple[int, int]] = []
            for term in sorted(self._terms, key=lambda t: -len(t.text)):
                for match in term.pattern.finditer(prose):
                    span = match.span()
                    if any(a < span[1] and span[0] < b for a, b in taken):
                        continue
                    diagnostic = self._diagnostic(term, match.group(), prose, Position(path, body_line + index, span[0] + 1))
                    if diagnostic is not None:
                        taken.append(span)
                        found.append(diagnostic)
        return sorted(found, key=Diagnostic.sort_key)

    @staticmethod
    def _diagnostic(term: _Term, word: str, line: str, position: Position) -> Diagnostic | None:
        if term.kind == "protected":
            return warning(
                position,
                "protected-characteristic",
                f"'{word}' mentions {term.characteristic}, a protected characteristic",
                "leave it out of the notes: it must not count in the decision",
            )
        if _EVIDENCE.search(line):
            return None
        return warning(
            position,
            "verdict-without-evidence",
            f"'{word}' is a verdict, not evidence",
            "write what the candidate said or did that shows it",
        )


def _prose_lines(body: str) -> Iterable[int]:
    """0-based indexes of body lines outside code blocks and HTML comments."""
    skipped: set[int] = set()
    for token in _PARSER.parse(body):
        if token.map and (token.type in ("fence", "code_block") or is_comment_block(token)):
            skipped.update(range(*token.map))
    return (i for i in range(body.count("\n") + 1) if i not in skipped)


def lint_interview(interview: Interview, lint: NotesLint) -> list[Diagnostic]:
    """Lint one loaded interview note."""
    return lint.check(interview.body, interview.body_line, interview.source)


def lint_project(project: Project, rules: LintRules | None = None) -> list[Diagnostic]:
    """Lint every interview note of every loaded candidate; warnings sorted by path and line."""
    lint = NotesLint(rules)
    found = [d for c in project.candidates.values() for i in c.interviews for d in lint_interview(i, lint)]
    return sorted(found, key=Diagnostic.sort_key)
