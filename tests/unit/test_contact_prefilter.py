"""The cheap first look of the contact-detail check (hiring_kb.sources.contact_details) skips only notes
that hold no contact detail: exactly the notes the full search finds nothing in."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from hiring_kb.sources import contact_details

#: The nine-digit test before it counted digits: "nine digits anywhere", as one regex.
_NINE_DIGITS = re.compile(r"(?:\d\D*){8}\d")

_PIECES = ["+44 ", "7700 900", "123", "(0)", "-", ".", " ", "\n", "2026-11-03", "ann", "@", "example.org", "٣", "&#64;"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_the_first_look_skips_only_notes_without_contact_details(pieces: list[str]) -> None:
    body = "".join(pieces)
    assert (len(contact_details._DIGIT.findall(body)) >= 9) == (_NINE_DIGITS.search(body) is not None)
    if not contact_details._may_hold_contact_details(body):
        assert contact_details.contact_details_in_note(body, 1, "n.md", "candidate.yml") == []


def test_nine_digits_spread_out_or_in_another_script_count() -> None:
    assert len(contact_details._DIGIT.findall("call 0 7 7 0 0 9 0 0 1")) == 9
    assert len(contact_details._DIGIT.findall("٠١٢٣٤٥٦٧٨")) == 9  # Arabic-Indic digits are digits too
    assert contact_details._may_hold_contact_details("numbers 12 34 56 78") is False  # eight: not looked at
    assert contact_details._may_hold_contact_details("+44 7700 900123") is True
