"""The cheap first look of the contact-detail check (hiring_kb.sources.contact_details) skips only notes
that hold no contact detail: exactly the notes the full search finds nothing in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hiring_kb.sources import contact_details

_PIECES = ["+44 ", "7700 900", "123", "(0)", "-", ".", " ", "\n", "2026-11-03", "ann", "@", "example.org", "٣", "&#64;"]
_PIECES += ["*", "`", "<b>", "</b>", "\\-", "&#51;", "](x)", "<!-- -->", "<a\nhref=tel:", "<span\n", ">"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_the_first_look_skips_only_notes_without_contact_details(pieces: list[str]) -> None:
    body = "".join(pieces)
    nine_on_a_line = any(sum(ch.isdecimal() for ch in line) >= 9 for line in body.split("\n"))
    assert (contact_details._NINE_DIGITS_ON_A_LINE.search(body) is not None) == nine_on_a_line
    if not contact_details._may_hold_contact_details(body):
        assert contact_details.contact_details_in_note(body, 1, "n.md", "candidate.yml") == []


def test_nine_digits_spread_out_or_in_another_script_count() -> None:
    nine = contact_details._NINE_DIGITS_ON_A_LINE
    assert nine.search("call 0 7 7 0 0 9 0 0 1") is not None
    assert nine.search("٠١٢٣٤٥٦٧٨") is not None  # Arabic-Indic digits are digits too
    assert nine.search("1234 5678\n9") is None
    assert contact_details._may_hold_contact_details("numbers 12 34 56 78") is False  # eight: not looked at
    assert contact_details._may_hold_contact_details("1234 5678\n9") is False  # nine, but on two lines
    assert contact_details._may_hold_contact_details("+44 7700 900123") is True


def test_a_tag_split_across_lines_hides_nothing_from_the_first_look() -> None:
    """Each line is searched on its own, so the first look must not join a tag across a line break."""
    for body, kind in (
        ("<a\nhref=tel:912345678>call</a>", "a phone number"),
        ("<a\nhref=mailto:jo@x.org>mail</a>", "an email address"),
        ("see <span\n+351 912 345 678>", "a phone number"),
    ):
        found = contact_details.contact_details_in_note(body, 1, "n.md", "candidate.yml")
        assert [(d.position.line, d.message.split(" here")[0]) for d in found] == [(2, f"note contains {kind}")]
