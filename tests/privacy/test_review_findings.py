"""Regression tests for review findings 1, 2, 3, 4, 14, 15 and 16 (see each test's docstring).

1  contact details and private values split by inline markup (validator and audit);
2  short (CJK) names in URLs; 15 no false positive across URL separators;
3  data folders confined to the project, outside docs/ and the site;
4  purge searches the import's unassigned text and lists what it cannot reach;
14 bidirectional control characters in names, tags and role texts;
16 stable, unique, non-ASCII tag anchors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hiring_kb.analysis.tags import tag_anchor, tag_index
from hiring_kb.authoring.import_plan import plan_import
from hiring_kb.authoring.importer import run_import
from hiring_kb.base.name_patterns import name_pattern, url_key, words
from hiring_kb.base.names import bidi_controls
from hiring_kb.model.models import Candidate, Project
from hiring_kb.publish.audit import AuditContext, audit_site
from hiring_kb.publish.candidate_mentions import searched_places
from hiring_kb.publish.purge import PurgeError, purge_candidate
from hiring_kb.sources.contact_details import ContactDetail, find_contact_details_in_markup, plain_text
from hiring_kb.sources.personal_data import CandidateIdentity
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project
from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.privacy.conftest import build

JOAQUIM = "candidates/c-7d3e91"
NOTE = f"{JOAQUIM}/interviews/2026-11-18-technical-ana.md"
#: The lines of finding 1: Joaquim's private email, phone and salary, split by Markdown and HTML.
SPLIT_LINES = (
    "- reach him at joaquim.barros@**example**.invalid or +351 900 *000* 000\n"
    "- salary 72000 <b>EUR</b>\n"
    "- html joaquim.barros@<strong>example</strong>.invalid\n"
)
PRIVATE_HINT = "remove it from wherever it was copied (a note, a tag, a page) — private: values are never rendered"
CONTACT_HINT = "contact details belong in the candidate's private: block; remove it from the note or page"


def context(root: Path = ROOT, *extra: CandidateIdentity) -> AuditContext:
    settings, problems = load_settings(root)
    assert problems == []
    found = AuditContext.from_settings(settings)
    return AuditContext(found.identities + extra, found.private_values)


@pytest.fixture
def site(example_site: Path, tmp_path: Path) -> Path:
    """A writable copy of the built example site to plant text into."""
    return Path(shutil.copytree(example_site, tmp_path / "site"))


def plant(site: Path, page: str, html: str) -> int:
    """Put ``html`` on a line of its own before the page's first <h1>; return that line's number."""
    path = site / page
    text = path.read_text(encoding="utf-8")
    at = text.index("<h1")
    path.write_text(text[:at] + "\n" + html + "\n" + text[at:], encoding="utf-8")
    return text[:at].count("\n") + 2


# -- finding 1: values split by inline markup ------------------------------------------------


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


# -- findings 2 and 15: names in URLs --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "url", "found"),
    [
        # finding 15: the words must match whole, a separator is never inside a match
        ("Solo Candidate", "roles/solo/#candidates-ranked-by-fit", False),
        ("Solo Candidate", "../solo-candidate/", True),
        ("Solo Candidate", "solo_candidate.html", True),
        ("Solo Candidate", "#solocandidate2", True),
        ("Joaquim Barros", "https://wiki.example.net/JoaquimBarros/", True),
        ("Joaquim Barros", "joaquim/about-barros", False),
        ("José Núñez", "jose-nunez", True),
        # finding 2: names in spaceless scripts, from two characters
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


# -- finding 3: data folders stay inside the project, outside what is published ---------------


def settings_problems(project: Path, hiring: str) -> list[str]:
    (project / "hiring.yml").write_text(hiring, encoding="utf-8")
    settings, problems = load_settings(project)
    assert (settings.roles_dir.resolve(), settings.candidates_dir) == (project / "roles", project / "candidates")
    return [d.format() for d in problems]


def test_data_folders_outside_the_project_or_published_are_refused(project: Path) -> None:
    outside = "(hint: use a folder inside the project, e.g. '{}' (the default): data from outside the repository is never reviewed in pull requests)"
    published = "(hint: use a folder outside docs/ and site/, e.g. '{}' (the default): every file there is published as it is, in the nav and the search)"
    assert settings_problems(
        project,
        "roles_dir: .\ncandidates_dir: ../outside\nimport:\n  unassigned_dir: docs/imports\n",
    ) == [
        f"hiring.yml:1:12: error[folder-outside-project]: roles_dir '.' is the project folder itself {outside.format('roles')}",
        f"hiring.yml:2:17: error[folder-outside-project]: candidates_dir '../outside' is outside the project {outside.format('candidates')}",
        f"hiring.yml:4:19: error[folder-published]: import.unassigned_dir 'docs/imports' is inside docs/, which is published {published.format('imports')}",
    ]
    assert settings_problems(project, f"candidates_dir: {project.parent}\nroles_dir: site/roles\n") == [
        f"hiring.yml:1:17: error[folder-outside-project]: candidates_dir '{project.parent}' is outside the project {outside.format('candidates')}",
        f"hiring.yml:2:12: error[folder-published]: roles_dir 'site/roles' is inside site/, which is published {published.format('roles')}",
    ]
    assert settings_problems(project, "roles_dir: roles/../roles\ncandidates_dir: candidates\n") == []


def test_the_published_folders_come_from_mkdocs_yml(project: Path) -> None:
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text(encoding="utf-8").replace("docs_dir: docs\n", "docs_dir: web/pages\n")
        + "extra_javascript: [!ENV [JS, x.js]]\n",
        encoding="utf-8",
    )
    assert settings_problems(project, "candidates_dir: web\nroles_dir: docs/roles\n") == [
        "hiring.yml:1:17: error[folder-published]: candidates_dir 'web' contains web/pages/, which is published (hint: use "
        "a folder outside docs/ and site/, e.g. 'candidates' (the default): every file there is published as it is, in "
        "the nav and the search)"
    ]


def test_validate_and_import_refuse_a_published_unassigned_folder(project: Path) -> None:
    hiring = project / "hiring.yml"
    hiring.write_text(
        hiring.read_text(encoding="utf-8").replace("unassigned_dir: imports", "unassigned_dir: docs/imports")
    )
    report = validate_project(project, today=EXAMPLE_TODAY)
    assert [d.code for d in report.diagnostics] == ["folder-published"] and not report.ok
    (project / "notes.md").write_text("### Paula (QA)\n- Great English\n\n## Loose ends\n- call the agency\n")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "import-notes", "notes.md"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    line = (
        hiring.read_text(encoding="utf-8")
        .split("\n")
        .index("  unassigned_dir: docs/imports     # text that belongs to no person is kept in a file here")
        + 1
    )
    assert (
        f"hiring.yml:{line}:19: error[folder-published]: import.unassigned_dir 'docs/imports' is inside docs/"
        in result.stderr
    )
    assert not (project / "docs/imports").exists()


def test_the_importer_refuses_settings_made_in_code(project: Path, tmp_path: Path) -> None:
    settings, _ = load_settings(project)
    (project / "notes.md").write_text("### Paula (QA)\n- Great English\n\n## Loose ends\n- call the agency\n")
    published = dataclasses.replace(
        settings, import_rules=dataclasses.replace(settings.import_rules, unassigned_dir="docs/x")
    )
    plan = plan_import(published, project / "notes.md", date=dt.date(2026, 11, 29))
    assert [d.format() for d in plan.diagnostics] == [
        "hiring.yml: error[folder-published]: import.unassigned_dir 'docs/x' is inside docs/, which is published: the "
        "text that belongs to no one would be written there (hint: set import.unassigned_dir to a folder inside the "
        "project and outside docs/ and site/, e.g. 'imports')"
    ]
    (tmp_path / "elsewhere").mkdir()
    (project / "imports").symlink_to(tmp_path / "elsewhere")
    plan = plan_import(settings, project / "notes.md", date=dt.date(2026, 11, 29))
    assert [(d.code, d.message.split(":")[0]) for d in plan.diagnostics] == [
        ("folder-outside-project", "import.unassigned_dir 'imports' leads outside the project through a symbolic link")
    ]
    assert not plan.ok


# -- finding 4: purge and the import's unassigned text ---------------------------------------


def test_purge_searches_the_unassigned_text_of_the_import(project: Path) -> None:
    settings, _ = load_settings(project)
    assert [settings.label(p) for p in searched_places(settings)] == [
        "roles", "docs", "candidates", "imports", "hiring.yml", "mkdocs.yml",
    ]  # fmt: skip
    kept = project / "imports/2026-11-29-notes-unassigned.md"
    kept.parent.mkdir()
    kept.write_text("<!-- lines 3-4 -->\n### Lena Kowalczyk (2nd call)\n- asked about relocation\n", encoding="utf-8")
    with pytest.raises(PurgeError) as refused:
        purge_candidate(
            project, project / "mkdocs.yml", project / "site", "c-2b8f40", say=lambda _: None, today=EXAMPLE_TODAY
        )
    assert str(refused.value).splitlines()[1:] == [
        "  imports/2026-11-29-notes-unassigned.md:2:5: mentions 'Lena Kowalczyk'"
    ]
    assert (project / "candidates/c-2b8f40/candidate.yml").is_file()


def test_purge_lists_the_unassigned_text_and_the_notes_an_imported_candidate_came_from(project: Path) -> None:
    settings, _ = load_settings(project)
    (project / "notes.md").write_text("### Quentin Okoye (QA)\n- Great English\n\n## Loose ends\n- call the agency\n")
    created = run_import(settings, plan_import(settings, project / "notes.md", date=dt.date(2026, 11, 29))).created
    report = purge_candidate(
        project,
        project / "mkdocs.yml",
        project / "site",
        created[0],
        say=lambda _: None,
        dry_run=True,
        today=EXAMPLE_TODAY,
    )
    assert report.unreachable[4:] == [
        "text import-notes kept for no one in imports/: searched for the full name and id only; read it for notes "
        "under a first name or nickname and delete them (also from git history)",
        "the free-form notes file 'notes.md' the candidate was imported from, and its copies (shared drives, chat, "
        "mail): delete the candidate's section there",
    ]
    plain = purge_candidate(
        project,
        project / "mkdocs.yml",
        project / "site",
        "c-2b8f40",
        say=lambda _: None,
        dry_run=True,
        today=EXAMPLE_TODAY,
    )
    assert len(plain.unreachable) == 5  # the four places of every purge, and imports/ (which holds a file now)


# -- finding 14: bidirectional controls ------------------------------------------------------


def test_bidi_controls_in_names_tags_and_role_texts_are_errors(project: Path) -> None:
    candidate = project / f"{JOAQUIM}/candidate.yml"
    text = candidate.read_text(encoding="utf-8")
    text = text.replace("name: Joaquim Barros", 'name: "Joaquim \u202eorraB"')
    text = text.replace("source: referral", 'source: "\u200freferral"')
    candidate.write_text(
        text.replace("tags: [remote, nestjs]", 'tags: [remote, "nest\u2066js\u2069"]'), encoding="utf-8"
    )
    role = project / "roles/qa-engineer.yml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("title: QA Engineer", 'title: "QA \u202aEngineer"'), encoding="utf-8"
    )
    title = role.read_text(encoding="utf-8").split("\n").index('title: "QA \u202aEngineer"') + 1
    report = validate_project(project, today=EXAMPLE_TODAY)
    hint = (
        "(hint: retype the value (editors do not show these characters): they make the text display as something "
        "else on the site; Hebrew and Arabic text displays right to left without them)"
    )
    assert [d.format() for d in report.diagnostics] == [
        f"{JOAQUIM}/candidate.yml:1:7: error[bidi-control]: candidate name 'Joaquim [U+202E]orraB' contains an "
        f"invisible bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE) {hint}",
        f"{JOAQUIM}/candidate.yml:6:9: error[bidi-control]: candidate source '[U+200F]referral' contains an "
        f"invisible bidirectional control character (U+200F RIGHT-TO-LEFT MARK) {hint}",
        f"{JOAQUIM}/candidate.yml:7:16: error[bidi-control]: candidate tag 2 'nest[U+2066]js[U+2069]' contains "
        f"invisible bidirectional control characters (U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP DIRECTIONAL ISOLATE) {hint}",
        f"roles/qa-engineer.yml:{title}:8: error[bidi-control]: role title 'QA [U+202A]Engineer' contains an invisible "
        f"bidirectional control character (U+202A LEFT-TO-RIGHT EMBEDDING) {hint}",
    ]
    assert "c-7d3e91" not in report.project.candidates  # never rendered


def test_bidi_controls_are_listed_with_offsets() -> None:
    assert bidi_controls("Ana \u202eLexa\u061c") == [
        (4, "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (9, "U+061C ARABIC LETTER MARK"),
    ]
    assert bidi_controls("שרה כהן") == []


# -- finding 16: tag anchors -----------------------------------------------------------------


def tagged(*tags: tuple[str, ...]) -> Project:
    candidates = {
        f"c-00000{n}": Candidate(
            id=f"c-00000{n}", name=f"N{n}", role_id="r", stage="s", status="active", applied=None, decided_on=None,
            source_channel="", tags=t, interviews=(), source="x",
        )
        for n, t in enumerate(tags)
    }  # fmt: skip
    return Project(roles={}, candidates=candidates)


def test_tag_anchors_keep_every_script_and_never_depend_on_other_tags() -> None:
    assert [tag_anchor(t) for t in ("Remote", "REMOTE", "日本", "中文", "עברית", "🙂", "🚀", "Nest.js", "nest js")] == [
        "tag-remote", "tag-remote", "tag-日本", "tag-中文", "tag-עברית", "tag-d06f15", "tag-ebbc0b",
        "tag-nest-js-2672c3", "tag-nest-js-3a7d7c",
    ]  # fmt: skip
    few = tag_index(tagged(("日本", "🙂"), ("remote",)))
    more = tag_index(tagged(("中文", "日本", "🙂", "🚀"), ("remote", "Nest.js"), ("nest js", "Remote")))
    assert {g.name: g.anchor for g in few.groups}.items() <= {g.name: g.anchor for g in more.groups}.items()
    anchors = [g.anchor for g in more.groups]
    assert len(set(anchors)) == len(anchors) == 7
    assert more.anchor("🙂") == few.anchor("🙂") == "tag-d06f15"
