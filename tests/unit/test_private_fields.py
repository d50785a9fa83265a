"""Sealed private: blocks: the on-disk format, the commands that write it, and reading values as written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hiring_kb.authoring.edit import EditError
from hiring_kb.authoring.private_commands import edit_private, seal_all, set_private, show_private, write_identity
from hiring_kb.base.sealed import Keyring, load_identity_file, parse_recipient, seal, unseal
from hiring_kb.sources.personal_data import read_candidate_sources
from hiring_kb.sources.private_block import find_block
from hiring_kb.sources.private_fields import read_private_file
from hiring_kb.sources.settings import load_settings
from hiring_kb.sources.validate import validate_project
from tests.conftest import DEMO_IDENTITY, EXAMPLE_TODAY

CID = "c-0a1b2c"
HEAD = (
    "name: Nadia Haddad   # as she writes it\r\n"
    "role: backend-engineer\r\n"
    "stage: screen\r\n"
    "status: active\r\n"
    "applied: 2026-11-20\r\n"
)
PLAIN_BLOCK = (
    "private:  # contact and offer\r\n"
    "  email: nadia@example.invalid   # work address\r\n"
    "  # she asked us to call after 18:00\r\n"
    "  zip: 01234\r\n"
    '  phones: ["+44 7700 900456"]\r\n'
)
TAIL = "# tags for the pipeline\r\ntags: [remote]\r\n"


def demo() -> Keyring:
    return load_identity_file(DEMO_IDENTITY)


def add_candidate(project: Path, text: str) -> Path:
    folder = project / "candidates" / CID
    (folder / "interviews").mkdir(parents=True)
    path = folder / "candidate.yml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def settings(project: Path):
    loaded, problems = load_settings(project)
    assert problems == []
    return loaded


def test_seal_all_keeps_every_other_byte_and_the_block_as_written(project: Path) -> None:
    path = add_candidate(project, HEAD + PLAIN_BLOCK + TAIL)
    lines = seal_all(settings(project))
    assert f"candidates/{CID}/candidate.yml: sealed" in lines
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + HEAD.encode())  # BOM, CRLF and the lines before: unchanged
    assert raw.endswith(TAIL.encode())  # the column-0 comment before tags: stays outside the block
    text = raw[3:].decode().replace("\r\n", "\n")
    block = find_block(text)
    assert block.kind == "sealed" and block.comment == "# contact and offer"
    assert "nadia@example.invalid" not in text and "01234" not in text
    # the sealed text is the block exactly as written: comments, spacing, 01234 as typed
    assert unseal(block.messages[0], demo()) == (
        "email: nadia@example.invalid   # work address\n"
        "# she asked us to call after 18:00\n"
        "zip: 01234\n"
        'phones: ["+44 7700 900456"]\n'
    )
    assert validate_project(project, today=EXAMPLE_TODAY).diagnostics == ()


def test_private_values_keep_the_text_as_written(project: Path) -> None:
    """Regression: an unquoted 01234 was read as the number 1234, so a copy of it was not recognised."""
    add_candidate(project, HEAD + PLAIN_BLOCK)
    _, plain = read_candidate_sources(settings(project), keyring=None)
    assert [(v.key, v.value, v.position.line) for v in plain if v.candidate_id == CID] == [
        ("private.email", "nadia@example.invalid", 7),
        ("private.zip", "01234", 9),
        ("private.phones[0]", "+44 7700 900456", 10),
    ]
    seal_all(settings(project))
    _, sealed = read_candidate_sources(settings(project), keyring=demo())
    assert [(v.key, v.value) for v in sealed if v.candidate_id == CID] == [
        ("private.email", "nadia@example.invalid"),
        ("private.zip", "01234"),
        ("private.phones[0]", "+44 7700 900456"),
    ]


def test_set_without_an_identity_adds_an_entry_and_an_admin_merges_it(project: Path) -> None:
    add_candidate(project, HEAD + PLAIN_BLOCK)
    seal_all(settings(project))
    said = set_private(settings(project), CID, "zip", "05678", keyring=None)
    assert said == (
        f"candidates/{CID}/candidate.yml: private.zip sealed as an added entry (it replaces any earlier value; "
        "an admin's private-edit merges it), readable by 1 recipient"
    )
    path = project / "candidates" / CID / "candidate.yml"
    assert len(find_block(path.read_bytes()[3:].decode().replace("\r\n", "\n")).messages) == 2
    assert "05678" not in path.read_text(encoding="utf-8-sig")
    assert show_private(settings(project), CID, demo()) == (
        "email: nadia@example.invalid   # work address\n"
        "# she asked us to call after 18:00\n"
        "zip: '05678'\n"
        'phones: ["+44 7700 900456"]\n'
    )
    # an admin's set opens, merges and seals one message again; comments stay
    set_private(settings(project), CID, "notice", "1 month", keyring=demo())
    content = read_private_file(path, demo())
    assert len(content.texts) == 1
    assert content.texts[0].endswith("zip: '05678'\nphones: [\"+44 7700 900456\"]\nnotice: 1 month\n")
    assert validate_project(project, today=EXAMPLE_TODAY).diagnostics == ()


def test_set_refuses_bad_keys_and_plain_blocks_and_show_needs_an_identity(project: Path) -> None:
    add_candidate(project, HEAD + PLAIN_BLOCK)
    with pytest.raises(EditError) as plain:
        set_private(settings(project), CID, "phone", "1", keyring=None)
    assert plain.value.diagnostics[0].format() == (
        f"candidates/{CID}/candidate.yml: error[private-not-sealed]: private: is still in plain text "
        "(hint: run 'invoke private-seal-all' first)"
    )
    seal_all(settings(project))
    with pytest.raises(EditError) as bad:
        set_private(settings(project), CID, "home address", "x", keyring=None)
    assert bad.value.diagnostics[0].code == "invalid-key"
    with pytest.raises(EditError) as closed:
        show_private(settings(project), CID, None)
    assert closed.value.diagnostics[0].format() == (
        f"candidates/{CID}/candidate.yml: error[no-identity]: private-show needs an identity that opens the sealed "
        "private: block (hint: set HIRING_AGE_IDENTITY to your identity file, or pass --identity FILE)"
    )


def test_edit_uses_an_owner_only_temp_file_and_removes_it(project: Path) -> None:
    add_candidate(project, HEAD + PLAIN_BLOCK)
    seal_all(settings(project))
    seen: list[Path] = []

    def editor(path: Path) -> None:
        seen.append(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        path.write_text(path.read_text(encoding="utf-8").replace("01234", "09999"), encoding="utf-8")

    said = edit_private(settings(project), CID, demo(), editor, retry=lambda problem: False)
    assert said == f"candidates/{CID}/candidate.yml: private: sealed again for 1 recipient"
    assert not seen[0].exists()
    assert "zip: 09999\n" in show_private(settings(project), CID, demo())


def test_an_edit_that_is_not_key_value_lines_is_never_sealed(project: Path) -> None:
    add_candidate(project, HEAD + PLAIN_BLOCK)
    seal_all(settings(project))
    path = project / "candidates" / CID / "candidate.yml"
    before = path.read_bytes()
    problems: list[str] = []

    def editor(file: Path) -> None:
        file.write_text("- just a list\n", encoding="utf-8")

    def retry(problem: str) -> bool:
        problems.append(problem)
        return False

    said = edit_private(settings(project), CID, demo(), editor, retry)
    assert problems == ["line 1 of the sealed text: not-a-mapping"]
    assert said.endswith(
        "nothing changed (the edit was not 'key: value' lines: line 1 of the sealed text: not-a-mapping)"
    )
    assert path.read_bytes() == before


def test_keygen_writes_an_owner_only_identity_outside_the_repository(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "keys" / "identity.txt"
    public = write_identity(target, project)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert f"# public key: {public}\n" in target.read_text(encoding="utf-8")
    keyring = load_identity_file(target)
    assert unseal(seal("x: 1\n", [parse_recipient(public)]), keyring) == "x: 1\n"
    with pytest.raises(EditError) as inside:
        write_identity(project / "identity.txt", project)
    assert inside.value.diagnostics[0].code == "identity-in-repository"
    with pytest.raises(EditError) as again:
        write_identity(target, project)
    assert again.value.diagnostics[0].code == "identity-exists"


def test_a_damaged_recipient_is_positioned_in_hiring_yml(project: Path) -> None:
    text = (project / "hiring.yml").read_text(encoding="utf-8")
    good = "age1gvwae58t34m4945thpe7a37zgennyutz67wq7vxhht2npatjz55sz5f7xv"
    (project / "hiring.yml").write_text(text.replace(good, good[:-1] + "q"), encoding="utf-8")
    line = text[: text.index(good)].count("\n") + 1
    _, problems = load_settings(project)
    assert [p.format().split(" (hint")[0] for p in problems] == [
        f"hiring.yml:{line}:5: error[invalid-value]: private_recipients[0]: '{(good[:-1] + 'q')[:20]}…' is not a "
        "valid public key: a character is wrong or missing"
    ]


def test_validate_with_an_unusable_identity_file_warns(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIRING_AGE_IDENTITY", str(project / "missing.txt"))
    assert [d.format() for d in validate_project(project, today=EXAMPLE_TODAY).diagnostics] == [
        f"HIRING_AGE_IDENTITY: warning[sealed-unreadable]: cannot read identity file {project / 'missing.txt'}: No "
        "such file or directory; sealed private: values were not checked (hint: point HIRING_AGE_IDENTITY at your "
        "identity file (invoke private-keygen), or unset it)"
    ]
    assert os.environ["HIRING_AGE_IDENTITY"].endswith("missing.txt")
