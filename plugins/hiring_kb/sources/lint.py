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
any run of spaces. HTML comments (the scaffold's guidance), fenced code blocks
and inline code are skipped (indented code blocks are not: in notes an indented
line is nearly always a nested bullet). Both word lists can be replaced in ``hiring.yml``
under ``lint:`` (``protected:`` a mapping characteristic → words,
``verdicts:`` a list).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt

from hiring_kb.base.diagnostics import Diagnostic, Position, register_rules, warning
from hiring_kb.base.markdown_parse import parse_markdown
from hiring_kb.sources.lint_words import PROTECTED, VERDICTS
from hiring_kb.sources.note_outline import is_comment_block
from hiring_kb.sources.settings_defaults import LintRules

#: The validation codes raised here, and what each catches (catalogue: hiring_kb.sources.rules.RULE_CODES).
register_rules(
    __name__,
    {
        "protected-characteristic": "warning: a word about a protected characteristic (age, family, "
        "origin, health...) in a note",
        "verdict-without-evidence": (
            "warning: a verdict word ('culture fit', 'smart') with no evidence on the same line"
        ),
    },
)


#: On a line with a verdict word, any of these means the writer said why.
_EVIDENCE = re.compile(
    r"\b(because|since|e\.g\.|for example|for instance|when|such as)\b"  # a reason
    r"|(:|->|=>|—)\s*\w+\W+\w+"  # "smart: solved it in 20 minutes", "smart -> found the bug"
    r"|\d",  # numbers are observations
    re.IGNORECASE,
)
_CODE_SPAN = re.compile(r"`[^`]*`")
_WORD = re.compile(r"\w+")
_PARSER = MarkdownIt("commonmark").disable("inline")  # block structure is all the lint needs
#: Only fences and comments send a note through the parse: an indented line in a note is almost always a
#: nested bullet, and an indented code block linted as prose costs at most a false warning.
_MAYBE_CODE = re.compile(r"```|~~~|<!--")
#: Compiled patterns kept per lint (one per distinct set of terms a note may hold).
_MAX_PATTERNS = 4096


def _alternative(term: str) -> str:
    """Regex for one term: its words, separated by any run of whitespace."""
    return r"\s+".join(re.escape(w) for w in term.split())


def _term_pattern(texts: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for the terms, tried in the order given, each as a whole word (no letter, digit or '-'
    on either side), case-insensitively."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(_alternative(t) for t in texts) + r")(?![\w-])", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class _Term:
    text: str
    kind: str  # "protected" or "verdict"
    characteristic: str


class NotesLint:
    """The lint with its word lists compiled once into one regex; :meth:`check` runs it on one note body."""

    def __init__(self, rules: LintRules | None = None) -> None:
        rules = rules or LintRules()
        protected = PROTECTED if rules.protected is None else rules.protected
        verdicts = VERDICTS if rules.verdicts is None else rules.verdicts
        terms = [_Term(w, "protected", characteristic) for characteristic, words in protected.items() for w in words]
        terms += [_Term(w, "verdict", "") for w in verdicts]
        self._terms: dict[str, _Term] = {}
        for term in terms:
            self._terms.setdefault(_key(term.text), term)
        # A term matches only where all its words are, so a note that holds all the words of no term
        # needs no regex search at all: a few hundred small set checks instead of a scan of the text
        # with an alternation of hundreds of terms (the lint's time on most notes).
        # Each word set filed under one of its words: a set can only be in a note that holds that word.
        self._word_sets: dict[str, list[frozenset[str]]] = {}
        for needed in {frozenset(_WORD.findall(_key(t.text))) for t in self._terms.values()}:
            self._word_sets.setdefault(min(needed, default=""), []).append(needed)
        self._wordless = "" in self._word_sets  # a term of no words (hiring.yml): may be in any note
        # One pass per line: longest terms first, so "culture fit" wins over "fit" at the same place.
        alternatives = sorted(self._terms.values(), key=lambda t: -len(t.text))
        self._alternatives = tuple((frozenset(_WORD.findall(_key(t.text))), t.text) for t in alternatives)
        self._pattern = _term_pattern(tuple(t.text for t in alternatives)) if alternatives else None
        self._patterns: dict[tuple[str, ...], re.Pattern[str]] = {}

    def check(self, body: str, body_line: int, path: str) -> list[Diagnostic]:
        """Lint a note body.

        Args:
            body: the Markdown after the front matter.
            body_line: 1-based file line of the body's first line.
            path: label for the diagnostics.

        Returns:
            One warning per match, positioned at the line and column (1-based)
            of the word; matches do not overlap (the longest term wins).
        """
        if self._pattern is None:
            return []
        words = set(_WORD.findall(body.casefold()))
        candidates = words & self._word_sets.keys()
        if not self._wordless and not any(needed <= words for word in candidates for needed in self._word_sets[word]):
            return []  # most notes: no term has all its words in them
        pattern = self._pattern_of(words)
        if pattern.search(body) is None:
            return []
        found: list[Diagnostic] = []
        lines = body.split("\n")
        for index in _prose_lines(body):
            line = lines[index]
            prose = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line) if "`" in line else line
            for match in pattern.finditer(prose):
                term = self._terms[_key(match.group())]
                position = Position(path, body_line + index, match.start() + 1)
                diagnostic = self._diagnostic(term, match.group(), prose, position)
                if diagnostic is not None:
                    found.append(diagnostic)
        return found

    def _pattern_of(self, words: set[str]) -> re.Pattern[str]:
        """The alternation of only the terms all of whose words are in ``words`` (the note's words,
        casefolded), in the same longest-first order: the other terms cannot match anywhere in the note,
        so the matches are those of the full pattern, and a search of a few terms is far
        cheaper than one of all of them (Python's ``re`` tries every alternative at every position).
        Compiled once per distinct set of terms."""
        texts = tuple(text for needed, text in self._alternatives if needed <= words)
        pattern = self._patterns.get(texts)
        if pattern is None:
            if len(self._patterns) >= _MAX_PATTERNS:
                self._patterns.clear()  # bounded memory whatever the notes hold
            pattern = self._patterns[texts] = _term_pattern(texts)
        return pattern

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
    """0-based indexes of body lines outside fenced code and HTML comments.

    A body without fences or comments is all prose and skips the parse (most
    notes; the parse would be most of the lint's time). Otherwise markdown-it's
    block parse (no inline pass needed) says which lines are code or comments.
    """
    count = body.count("\n") + 1
    if not _MAYBE_CODE.search(body):
        return range(count)
    skipped: set[int] = set()
    for token in parse_markdown(_PARSER, body):
        if token.map and (token.type in ("fence", "code_block") or is_comment_block(token)):
            skipped.update(range(*token.map))
    return (i for i in range(count) if i not in skipped)


_COMPILED: dict[str, NotesLint] = {}


def compiled_lint(rules: LintRules | None = None) -> NotesLint:
    """The lint for ``rules``, compiled once per process (the word-list regex is large)."""
    key = repr(rules)
    if key not in _COMPILED:
        _COMPILED[key] = NotesLint(rules)
    return _COMPILED[key]
