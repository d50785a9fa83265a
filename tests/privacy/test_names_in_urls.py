"""Candidates' names in URLs: short names in any script are found (CJK included), and URL separators never make a
false match."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiring_kb.base.name_patterns import name_pattern, url_key, words
from hiring_kb.publish.audit import audit_site
from hiring_kb.sources.personal_data import CandidateIdentity
from tests.conftest import ROOT
from tests.privacy.planted import context, plant


@pytest.mark.parametrize(
    ("name", "url", "found"),
    [
        # the words must match whole, a separator is never inside a match
        ("Solo Candidate", "roles/solo/#candidates-ranked-by-fit", False),
        ("Solo Candidate", "../solo-candidate/", True),
        ("Solo Candidate", "solo_candidate.html", True),
        ("Solo Candidate", "#solocandidate2", True),
        ("Joaquim Barros", "https://wiki.example.net/JoaquimBarros/", True),
        ("Joaquim Barros", "joaquim/about-barros", False),
        ("José Núñez", "jose-nunez", True),
        # names in spaceless scripts, from two characters
        ("王小明", "/王小明/", True),
        ("王小明", "notes-王小明-2026/", True),
        ("王小明", "王小明的面试", True),  # three characters: also inside a longer run
        ("王明", "/王明/", True),
        ("王明", "王明的面试", False),  # two characters: only as a whole word
        ("王明", "王小明", False),
        ("김민준", "candidates/김민준/", True),
        ("王小明 Wang", "wang-王小明", False),
    ],
)
def test_name_in_url_rule(name: str, url: str, found: bool) -> None:
    pattern = name_pattern(name)
    assert pattern is not None
    assert pattern.found_in(url_key(url)) is found


def test_short_alphabetic_names_are_not_searched() -> None:
    assert [name_pattern(n) for n in ("Ana", "Li Na", "Bo", "王")] == [None, None, None, None]
    assert words("José_Núñez-2/王小明x%") == ["jose", "nunez", "2", "王小明", "x"]


def test_the_audit_applies_the_rule_to_links_and_anchors(site: Path) -> None:
    extra = (
        CandidateIdentity("c-0a1b2c", "Solo Candidate", "candidates/c-0a1b2c/candidate.yml"),
        CandidateIdentity("c-0a1b2d", "王小明", "candidates/c-0a1b2d/candidate.yml"),
    )
    line = plant(
        site,
        "roles/index.html",
        '<a href="solo/#candidates-ranked-by-fit">ranked</a> <a href="../%E7%8E%8B%E5%B0%8F%E6%98%8E/">x</a>'
        ' <h2 id="王小明的面试">y</h2>',
    )
    found = [(d.position.line, d.position.col, d.message) for d in audit_site(site, context(ROOT, *extra))]
    assert found == [
        (line, 53, "name of candidate 'c-0a1b2d' appears in a <a href>: '../%E7%8E%8B%E5%B0%8F%E6%98%8E/'"),
        (line, 101, "name of candidate 'c-0a1b2d' appears in a anchor (id=): '王小明的面试'"),
    ]
