"""Leak corpus and the audit: the real build leaks nothing; each kind of leak planted into a
built site is caught, at the right file, with the right code."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.privacy.corpus import PRIVATE_CANARIES

CANDIDATE_PAGE = "candidates/c-7d3e91/index.html"
#: Joaquim's candidate.yml as it was before its private: block was sealed.
PLAIN_COPY = (
    "name: Joaquim Barros\nrole: backend-engineer\nstage: system-design\nstatus: active\n"
    "private:  # validated, never rendered\n  email: joaquim.barros@example.invalid\n"
    '  phone: "+351 900 000 000"\n  expected_salary: 72000 EUR\n'
)


def context(root: Path = ROOT) -> AuditContext:
    settings, problems = load_settings(root)
    assert problems == []
    return AuditContext.from_settings(settings)


def findings(site: Path, root: Path = ROOT) -> list[tuple[str, str]]:
    return [(d.position.path, d.code) for d in audit_site(site, context(root))]


def test_example_site_passes_the_audit(example_site: Path) -> None:
    assert audit_site(example_site, context()) == []


def test_leak_corpus_build_contains_no_private_value(leaky_project: tuple[Path, str], leaky_site: Path) -> None:
    project, cid = leaky_project
    # the canary candidate is published (name, page) ...
    assert "Quentin Canary" in (leaky_site / "candidates" / cid / "index.html").read_text(encoding="utf-8")
    # ... but no private value, in any file, in any form the site might hold it
    canaries = [*PRIVATE_CANARIES.values(), "joaquim.barros@example.invalid", "72000 EUR", "+351 900 000 000"]
    for path in sorted(p for p in leaky_site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="ignore").casefold()
        for canary in canaries:
            assert canary.casefold() not in text, f"{canary} in {path}"
            assert json.dumps(canary)[1:-1].casefold() not in text, f"{canary} in {path}"
    assert audit_site(leaky_site, context(project)) == []


def plant(site: Path, page: str, html: str) -> None:
    """Insert ``html`` at the start of the page's article."""
    path = site / page
    text = path.read_text(encoding="utf-8")
    marker = '<h1 id="candidate">' if '<h1 id="candidate">' in text else "<h1"
    path.write_text(text.replace(marker, html + marker, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "html", "expected"),
    [
        # a private value (expected_salary of c-7d3e91) copied into a note
        (CANDIDATE_PAGE, "<p>Expects 72000 EUR gross.</p>", [(CANDIDATE_PAGE, "private-value")]),
        # an email an interviewer wrote in a note (not a private value of anyone)
        (CANDIDATE_PAGE, "<p>Follow up at jo.b@mail.example.org</p>", [(CANDIDATE_PAGE, "contact-detail")]),
        (CANDIDATE_PAGE, "<p>Call her on 07700 900 457 after 6pm</p>", [(CANDIDATE_PAGE, "contact-detail")]),
        # raw front matter rendered as text (MkDocs renders a broken block this way)
        (
            CANDIDATE_PAGE,
            "<hr><p>interviewer: bea date: 2026-11-20 stage: screen ratings: {english: 3}</p>",
            [(CANDIDATE_PAGE, "front-matter")],
        ),
        # an external request and an external link
        (CANDIDATE_PAGE, '<img src="https://fonts.example.net/logo.png">', [(CANDIDATE_PAGE, "external-url")]),
        (CANDIDATE_PAGE, '<a href="//tracker.example.net/p">x</a>', [(CANDIDATE_PAGE, "external-url")]),
        (
            CANDIDATE_PAGE,
            '<p style="background:url(http://x.example.net/a.png)">x</p>',
            [(CANDIDATE_PAGE, "external-url")],
        ),
        # a candidate's name in a link and in an anchor
        ("candidates/index.html", '<a href="../joaquim-barros/">x</a>', [("candidates/index.html", "name-in-url")]),
        ("roles/index.html", '<h2 id="Marta_Okafor">x</h2>', [("roles/index.html", "name-in-url")]),
        # executable content that must never survive sanitising
        (CANDIDATE_PAGE, "<script>alert(1)</script>", [(CANDIDATE_PAGE, "executable-content")]),
        (CANDIDATE_PAGE, '<p onclick="alert(1)">x</p>', [(CANDIDATE_PAGE, "executable-content")]),
        (CANDIDATE_PAGE, '<a href="javascript:alert(1)">x</a>', [(CANDIDATE_PAGE, "unsafe-url")]),
    ],
)
def test_planted_leak_is_found(site: Path, page: str, html: str, expected: list[tuple[str, str]]) -> None:
    plant(site, page, html)
    assert findings(site) == expected


def test_copied_sources_are_found(site: Path) -> None:
    # an old copy of candidate.yml, from before its private: block was sealed (git history has it)
    (site / "candidate.yml").write_text(PLAIN_COPY, encoding="utf-8")
    shutil.copy(ROOT / "candidates/c-2b8f40/interviews/2026-11-20-screen-bea.md", site / "assets/note.txt")
    found = findings(site)
    assert ("candidate.yml", "source-file") in found
    # the copy also publishes the private block: each value is reported
    assert found.count(("candidate.yml", "private-value")) == 3
    assert ("assets/note.txt", "source-file") in found  # front matter under another name


def test_a_copied_sealed_candidate_file_is_a_source_file_without_values(site: Path) -> None:
    shutil.copy(ROOT / "candidates/c-7d3e91/candidate.yml", site / "candidate.yml")
    found = findings(site)
    assert ("candidate.yml", "source-file") in found
    assert found.count(("candidate.yml", "private-value")) == 0  # sealed: the copy holds no value


def test_missing_noindex_and_referrer_policy_are_found(site: Path) -> None:
    path = site / "process/index.html"
    text = path.read_text(encoding="utf-8")
    text = text.replace('<meta name="robots" content="noindex, nofollow, noarchive">', "")
    path.write_text(text.replace('<meta name="referrer" content="no-referrer">', ""), encoding="utf-8")
    assert findings(site) == [
        ("process/index.html", "missing-noindex"),
        ("process/index.html", "missing-referrer-policy"),
    ]


def test_names_in_sitemap_search_index_and_paths_are_found(site: Path) -> None:
    sitemap = site / "sitemap.xml"
    sitemap.write_text(
        sitemap.read_text().replace(
            "</urlset>", "<url><loc>https://wiki.example.net/lena-kowalczyk/</loc></url></urlset>"
        )
    )
    index = site / "search/search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"].append({"location": "candidates/marta-okafor/", "title": "x", "text": ""})
    index.write_text(json.dumps(data), encoding="utf-8")
    (site / "joaquim_barros.html").write_text(
        '<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">'
    )
    assert findings(site) == [
        ("joaquim_barros.html", "name-in-url"),
        ("search/search_index.json", "name-in-url"),
        ("sitemap.xml", "name-in-url"),
    ]


def test_external_css_import_is_found(site: Path) -> None:
    css = site / "assets/hiring/hiring.css"
    css.write_text('@import url("https://fonts.example.net/css");\n' + css.read_text(encoding="utf-8"))
    assert findings(site) == [("assets/hiring/hiring.css", "external-url")]


def test_validator_warns_where_an_interviewer_wrote_contact_details(project: Path) -> None:
    note = project / "candidates/c-2b8f40/interviews/2026-11-20-screen-bea.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text + "- Her cell: +48 600 700 800, mail lena@example.org\n")
    line = text.count("\n") + 1
    report = validate_project(project, today=EXAMPLE_TODAY)
    contact = [d.format() for d in report.diagnostics if d.code == "contact-in-note"]
    label = "candidates/c-2b8f40/interviews/2026-11-20-screen-bea.md"
    assert contact == [
        f"{label}:{line}:13: warning[contact-in-note]: note contains a phone number here; it would be "
        "published and 'invoke deploy' refuses it (hint: move it to the private: block of "
        "candidates/c-2b8f40/candidate.yml (invoke private-set))",
        f"{label}:{line}:35: warning[contact-in-note]: note contains an email address here; it would be "
        "published and 'invoke deploy' refuses it (hint: move it to the private: block of "
        "candidates/c-2b8f40/candidate.yml (invoke private-set))",
    ]
    # the value itself is never repeated: messages end up in CI logs that outlive a purge
    assert not any("600 700" in d or "lena@" in d for d in contact)
    assert report.ok  # a warning: the audit is what stops the deploy


def test_invoke_audit(project: Path, example_site: Path) -> None:
    site = Path(shutil.copytree(example_site, project / "site"))
    run = lambda: subprocess.run(  # noqa: E731 - the same command run twice, read as one line
        [sys.executable, "-m", "invoke", "audit"], cwd=project, capture_output=True, text=True, check=False
    )
    clean = run()
    assert (clean.returncode, clean.stdout.strip()) == (0, "0 errors, 0 warnings")
    plant(site, CANDIDATE_PAGE, "<p>lena.k@example.invalid</p>")
    dirty = run()
    assert dirty.returncode == 1
    lines = dirty.stdout.strip().splitlines()
    assert lines[-1] == "2 errors, 0 warnings"
    planted = next(n for n, text in enumerate((site / CANDIDATE_PAGE).read_text().split("\n"), 1) if "lena.k@" in text)
    assert all(line.startswith(f"{CANDIDATE_PAGE}:{planted}:") for line in lines[:2])
    assert sorted(line.split(": ", 1)[1].split(" (hint")[0] for line in lines[:2]) == [
        "error[contact-detail]: email address 'lena.k@example.invalid' is published",
        "error[private-value]: value of private.email of candidate 'c-2b8f40' is published",
    ]
    assert "audit failed" in dirty.stderr
