"""Leak checks on text: private values, contact details, candidates of another audience.

Part of :mod:`hiring_kb.publish.audit` (the module other code imports).
"""

from __future__ import annotations

import html as html_module
import re

from hiring_kb.base.diagnostics import Position
from hiring_kb.base.folded_text import find_folded, fold
from hiring_kb.publish.audit_findings import _Findings
from hiring_kb.publish.audit_page_reader import Locate, _line_col
from hiring_kb.sources.contact_details import find_contact_details
from hiring_kb.sources.personal_data import CandidateIdentity

_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")  # a character as JSON writes it (search index)


class _TextChecks(_Findings):
    """Checks of the text of any file: ``private-value``, ``contact-detail``, ``other-audience``."""

    def _scan_foreign(self, text: str, label: str) -> None:
        """Ids and names of candidates of other audiences anywhere in a file (``other-audience``)."""
        if not self.foreign:
            return
        # As a reader sees it: entities and JSON escapes decoded, then folded (no-break and double
        # spaces, zero-width characters, full-width letters), as purge compares names.
        readable = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), html_module.unescape(text))
        forms: dict[str, CandidateIdentity] = {}
        for form, owner in self.foreign:
            forms.setdefault(fold(form), owner)
        seen: set[str] = set()
        for source in dict.fromkeys((text, readable)):
            folded = fold(source)  # C-speed first look; positions only for a file that holds a form
            present = [form for form in forms if form and form in folded]
            for at, end in find_folded(source, present) if present else ():
                identity = forms.get(fold(source[at:end]))
                if identity is None or identity.candidate_id in seen:
                    continue
                seen.add(identity.candidate_id)
                is_id = fold(source[at:end]) == identity.candidate_id.casefold()
                self._add(
                    Position(label, *_line_col(source, at)),
                    "other-audience",
                    f"candidate '{identity.candidate_id}' is not in this audience, but their "
                    f"{'id' if is_id else 'name'} is in its site",
                    "each audience's site holds only the candidates of its roles: remove the mention from the "
                    "hand-written page, or add the role to the audience in hiring.yml",
                    value=html_module.unescape(source[at:end]),
                    pages_only=True,
                )

    # -- text ----------------------------------------------------------------------------

    def _scan_private(self, text: str, label: str, line: int, col: int, locate: Locate | None = None) -> None:
        """Private values in ``text`` (which starts at ``line``:``col``, or whose offsets ``locate`` places)."""
        if self._private_re is None:
            return
        locate = locate or (lambda offset: _line_col(text, offset, line, col))
        # Fold per line so positions stay close to the original text.
        start = 0
        for raw_line in text.split("\n"):
            folded = fold(raw_line)
            at = start + len(raw_line) - len(raw_line.lstrip())
            start += len(raw_line) + 1
            for match in self._private_re.finditer(folded):
                value = self._private_by_fold[match.group()]
                where = Position(label, *locate(at))
                self._add(
                    where,
                    "private-value",
                    f"value of {value.key} of candidate '{value.candidate_id}' is published",
                    f"it comes from {value.position}; remove it from wherever it was copied "
                    "(a note, a tag, a page) — private: values are never rendered",
                )

    def _scan_text(
        self, text: str, label: str, line: int, col: int, phones: bool = True, locate: Locate | None = None
    ) -> None:
        """Private values and contact details; ``phones=False`` where numbers run together (search index).

        ``text`` starts at ``line``:``col``, or ``locate`` gives the position of each offset.
        """
        locate = locate or (lambda offset: _line_col(text, offset, line, col))
        self._scan_private(text, label, line, col, locate)
        for detail in find_contact_details(text):
            if detail.kind == "phone" and not phones:
                continue
            self._add(
                Position(label, *locate(detail.start)),
                "contact-detail",
                f"{'email address' if detail.kind == 'email' else 'phone number'} '{detail.value}' is published",
                "contact details belong in the candidate's private: block; remove it from the note or page",
                value=detail.value,
            )
