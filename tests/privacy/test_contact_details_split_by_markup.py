"""Contact details and private values split by inline markup: the validator reads a note line as it renders, and the leak
audit reads each element as a browser displays it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hiring_kb.publish.audit import audit_site
from hiring_kb.sources.contact_details import ContactDetail, find_contact_details_in_markup, plain_text
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY
from tests.privacy.conftest import build
from tests.privacy.planted import JOAQUIM, NOTE, SPLIT_LINES, context, plant


def test_a_note_line_is_read_as_it_renders() -> None:
    line = SPLIT_LINES.splitlines()[0]
    assert plain_text(line)[0] == "- reach him at joaquim.barros@example.invalid or +351 900 000 000"
    assert find_contact_details_in_markup(line) == [
        ContactDetail("email", "joaquim.barros@**example**.invalid", 15),
        ContactDetail("phone", "+351 900 *000* 000", 53),
    ]
    assert find_contact_details_in_markup("mail `jo`&#64;<span>example</span>.org") == [
        ContactDetail("email", "jo`&#64;<span>example</span>.org", 6)
    ]
    assert find_contact_details_in_markup(r"jo\@example\.org, [call](x) 07700_900_457") == [
        ContactDetail("email", r"jo\@example\.org", 0),
        ContactDetail("phone", "07700_900_457", 28),
    ]
    # a block tag separates like a line break: no address across it
    assert find_contact_details_in_markup("jo@example<br>.org") == []


def test_validate_warns_about_contact_details_split_by_markup(project: Path) -> None:
    note = project / NOTE
    text = note.read_text(encoding="utf-8")
    note.write_text(text + SPLIT_LINES, encoding="utf-8")
    first = text.count("\n") + 1
    report = validate_project(project, today=EXAMPLE_TODAY)
    hint = f"(hint: move it to the private: block of {JOAQUIM}/candidate.yml (invoke private-set))"
    published = "it would be published and 'invoke deploy' refuses it"
    assert [d.format() for d in report.diagnostics if d.code == "contact-in-note"] == [
        f"{NOTE}:{first}:16: warning[contact-in-note]: note contains an email address here; {published} {hint}",
        f"{NOTE}:{first}:54: warning[contact-in-note]: note contains a phone number here; {published} {hint}",
        f"{NOTE}:{first + 2}:8: warning[contact-in-note]: note contains an email address here; {published} {hint}",
    ]


def test_the_audit_reads_each_element_as_displayed(site: Path) -> None:
    page = f"{JOAQUIM}/index.html"
    line = plant(
        site,
        page,
        "<ul><li>reach him at joaquim.barros@<strong>example</strong>.invalid or +351 900 <em>000</em> 000</li>"
        "<li>salary <b>72000</b> <b>EUR</b></li><li><table><tr><td>351 900</td><td>000 000</td></tr></table></li></ul>",
    )
    found = [(d.position.line, d.position.col, d.code, d.message) for d in audit_site(site, context())]
    assert found == [
        (line, 9, "private-value", "value of private.email of candidate 'c-7d3e91' is published"),
        (line, 9, "private-value", "value of private.phone of candidate 'c-7d3e91' is published"),
        (line, 22, "contact-detail", "email address 'joaquim.barros@example.invalid' is published"),
        (line, 73, "contact-detail", "phone number '+351 900 000 000' is published"),
        (line, 107, "private-value", "value of private.expected_salary of candidate 'c-7d3e91' is published"),
    ]


@pytest.fixture(scope="module")
def repro_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Findings 1 and 2 as reported: split values in a note, a candidate named 王小明 with a page
    docs/王小明.md, and no search plugin (so the search index cannot be what catches them)."""
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("review") / "project")
    note = project / NOTE
    note.write_text(note.read_text(encoding="utf-8") + SPLIT_LINES, encoding="utf-8")
    lena = project / "candidates/c-2b8f40/candidate.yml"
    lena.write_text(lena.read_text(encoding="utf-8").replace("name: Lena Kowalczyk", "name: 王小明"), encoding="utf-8")
    (project / "docs/王小明.md").write_text("# Notes\n\nTo sort out.\n", encoding="utf-8")
    mkdocs = project / "mkdocs.yml"
    # the search plugin's entry, with its indented options (mkdocs.yml sets the search separator)
    without_search = re.sub(r"(?m)^  - search:?\n(?:(?: {6}.*)?\n)*", "", mkdocs.read_text(encoding="utf-8"))
    assert "search" not in without_search.split("plugins:", 1)[1].split("markdown_extensions:", 1)[0]
    mkdocs.write_text(without_search, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        from tests.privacy.conftest import source_date_epoch

        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch())
        return project, build(project, tmp_path_factory.mktemp("review-site") / "site")


def test_the_reported_leaks_fail_the_audit_without_a_search_index(repro_site: tuple[Path, Path]) -> None:
    project, site = repro_site
    assert not (site / "search").exists()
    findings = audit_site(site, context(project))
    page = f"{JOAQUIM}/index.html"
    on_page = [(d.code, d.message) for d in findings if d.position.path == page and d.code != "name-in-url"]
    # each note's text is shown once on the page (under its competency; issue 12)
    assert on_page == [
        ("private-value", "value of private.email of candidate 'c-7d3e91' is published"),
        ("private-value", "value of private.phone of candidate 'c-7d3e91' is published"),
        ("contact-detail", "email address 'joaquim.barros@example.invalid' is published"),
        ("contact-detail", "phone number '+351 900 000 000' is published"),
        ("private-value", "value of private.expected_salary of candidate 'c-7d3e91' is published"),
        ("private-value", "value of private.email of candidate 'c-7d3e91' is published"),
        ("contact-detail", "email address 'joaquim.barros@example.invalid' is published"),
    ]
    names = [d for d in findings if d.code == "name-in-url"]
    assert names[-1].format() == (
        "王小明/index.html: error[name-in-url]: name of candidate 'c-2b8f40' appears in a file path: "
        "'王小明/index.html' (hint: URLs use the opaque candidate id; names must not appear in paths, links or anchors)"
    )
    # every page links to it from the nav
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert sorted({d.position.path for d in names}) == pages
