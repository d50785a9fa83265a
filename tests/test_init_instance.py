"""`invoke init DIR` and `hiring-wiki init DIR` (issue 16): a company's own hiring wiki, ready as written.
Run as a user runs it: init into a new folder, commit, then validate, build, audit and deploy there; once
from this repository, once from a wheel of the package installed into a fresh virtual environment."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from hiring_kb.sources.settings import load_settings

from .conftest import ROOT


def run(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def invoke(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(cwd, sys.executable, "-m", "invoke", *args)


def git(cwd: Path, *args: str) -> None:
    result = run(cwd, "git", "-c", "user.name=Admin", "-c", "user.email=admin@example.invalid", *args)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def srv() -> Iterator[Path]:
    """A folder the web server can read, as /srv is on a server (0755), outside pytest's 0700 temp folder."""
    folder = Path(tempfile.mkdtemp(prefix="hiring-srv-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_init_writes_an_instance_that_validates_builds_audits_and_deploys(tmp_path: Path, srv: Path) -> None:
    wiki = tmp_path / "acme-hiring"
    made = invoke(ROOT, "init", str(wiki))
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0].startswith(f"wrote a new hiring wiki in {wiki} (")
    for name in (
        "README.md",
        "hiring.yml",
        "mkdocs.yml",
        "tasks.py",
        "requirements.txt",
        "roles/software-engineer.yml",
        "candidates/.gitkeep",
        "docs/index.md",
        "docs/process.md",
        "docs/interviewing.md",
        "docs/privacy.md",
        ".github/workflows/hiring-checks.yml",
        ".github/pull_request_template.md",
        ".github/CODEOWNERS",
        ".pre-commit-config.yaml",
        ".gitignore",
        "schemas/candidate.schema.json",
        ".vscode/settings.json",
    ):
        assert (wiki / name).is_file(), name
    assert [p.name for p in (wiki / "roles").iterdir()] == ["software-engineer.yml"]
    assert [p.name for p in (wiki / "candidates").iterdir()] == [".gitkeep"]
    assert not (wiki / "plugins").exists() and not (wiki / "tests").exists()
    # the instance's CI installs the pinned package, not a checkout it does not have
    steps = YAML(typ="safe").load((wiki / ".github/workflows/hiring-checks.yml").read_text())["jobs"]["checks"]["steps"]
    assert next(s["run"] for s in steps if "run" in s) == "pip install -r requirements.txt"
    assert (wiki / "requirements.txt").read_text().splitlines()[-1].startswith("hiring-kb==")
    # every CODEOWNERS path exists in the instance (or is made by import-notes)
    owned = [line.split()[0] for line in (wiki / ".github/CODEOWNERS").read_text().splitlines() if line.startswith("/")]
    assert [p for p in owned if p != "/imports/" and not (wiki / p.strip("/")).exists()] == []
    # the template role is the import's default role, so the settings are consistent
    settings, problems = load_settings(wiki)
    assert problems == []
    assert settings.import_rules.default_role == "software-engineer"

    publish = srv / "hiring-wiki"
    with (wiki / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {publish}\n")
    git(wiki, "init", "-q", "-b", "main")
    git(wiki, "add", "-A")
    git(wiki, "commit", "-q", "-m", "Our hiring wiki")

    validated = invoke(wiki, "validate", "--strict")
    assert (validated.returncode, validated.stdout.strip()) == (0, "0 errors, 0 warnings")
    built = invoke(wiki, "build")
    assert built.returncode == 0, built.stderr
    assert (wiki / "site/roles/software-engineer/index.html").is_file()
    assert (wiki / "site/process/index.html").is_file()
    audited = invoke(wiki, "audit")
    assert (audited.returncode, audited.stdout.strip()) == (0, "0 errors, 0 warnings")
    deployed = invoke(wiki, "deploy")
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert "publish: release " in deployed.stdout
    assert (publish / "current/roles/software-engineer/index.html").is_file()


def test_init_refuses_a_folder_in_use_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki/notes.txt").write_text("mine\n")
    refused = invoke(ROOT, "init", str(tmp_path / "wiki"))
    assert refused.returncode == 2
    assert (
        refused.stderr.strip()
        == f"{tmp_path / 'wiki'} already exists and is not empty: give a new folder, nothing was written"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wiki"]
    assert [p.name for p in (tmp_path / "wiki").iterdir()] == ["notes.txt"]


def test_init_into_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "wiki").mkdir()
    assert invoke(ROOT, "init", str(tmp_path / "wiki")).returncode == 0
    assert (tmp_path / "wiki/hiring.yml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wiki"]  # no staging folder left behind


def test_the_instance_hiring_yml_explains_every_setting(tmp_path: Path) -> None:
    """Every key hiring.yml accepts (the settings schema) is in the new instance's hiring.yml, set or commented."""
    from hiring_kb.authoring.instance import HIRING_YML
    from hiring_kb.sources.settings_schema import SETTINGS_SCHEMA

    def keys(schema: dict, depth: int = 0) -> list[tuple[int, str]]:
        found = []
        for key, sub in schema.get("properties", {}).items():
            found += [(depth, key), *keys(sub, depth + 1)]
        return found

    # a commented setting is '# key: value': without '# ', it is indented as it would be when set
    lines = [re.sub(r"^# ?", "", line) for line in HIRING_YML.splitlines()]
    written = {(len(line) - len(line.lstrip(" ")), line.split(":", 1)[0].strip()) for line in lines if ":" in line}
    missing = [key for depth, key in keys(SETTINGS_SCHEMA) if (depth * 2, key) not in written]
    assert missing == []
    assert "roles_dir" in HIRING_YML and "private_recipients" in HIRING_YML


def test_the_instance_tasks_py_is_the_repository_s_and_only_loads_the_package_s_tasks(tmp_path: Path) -> None:
    from hiring_kb.authoring.instance import init_instance

    init_instance(tmp_path / "wiki")
    text = (tmp_path / "wiki/tasks.py").read_text(encoding="utf-8")
    assert text == (ROOT / "tasks.py").read_text(encoding="utf-8")
    assert "@task" not in text and "globals().update(load_tasks(__file__))" in text


def test_the_readme_s_screenshot_of_an_example_candidate_stays_in_the_repository(tmp_path: Path) -> None:
    from hiring_kb.authoring.instance import init_instance

    written = init_instance(tmp_path / "wiki")
    assert (ROOT / "docs/assets/images/candidate-page.png").is_file()
    assert [name for name in written if name.startswith("docs/assets/")] == []


def _offline_venv(folder: Path) -> Path:
    """A fresh virtual environment whose only extra path is this venv's site-packages (the dependencies,
    already installed: nothing is downloaded); its .pth files, and so the editable install of this
    checkout, are not read from there. Returns its python."""
    import sysconfig

    made = run(folder.parent, sys.executable, "-m", "venv", "--without-pip", str(folder))
    assert made.returncode == 0, made.stderr
    python = folder / "bin" / "python"
    purelib = run(folder, str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    Path(purelib.stdout.strip(), "hiring-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_a_wheel_installed_elsewhere_starts_a_wiki_that_validates_builds_audits_and_deploys(
    tmp_path: Path, srv: Path
) -> None:
    """The package alone makes a wiki: build a wheel from a copy of the repository, delete the copy,
    install the wheel into a fresh venv, run hiring-wiki init outside any checkout, then work there."""
    source = tmp_path / "source"
    listed = run(ROOT, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = run(tmp_path, sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                "--no-index", "-w", str(tmp_path / "dist"), str(source))  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    shutil.rmtree(source)  # from here on, nothing of a checkout exists outside this repository
    [wheel] = (tmp_path / "dist").glob("hiring_kb-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "hiring_kb/product/docs/process.md" in names and "hiring_kb/tasks/tasks_site.py" in names
    example = ("hiring_kb/product/roles/", "hiring_kb/product/candidates/", "hiring_kb/product/hiring.yml",
               "hiring_kb/product/docs/assets/images/candidate-page.png", "tests/")  # fmt: skip
    assert [name for name in names if name.startswith(example)] == []
    python = _offline_venv(tmp_path / "venv")
    installed = run(tmp_path, sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel))  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = run(
        tmp_path,
        str(python),
        "-c",
        "import hiring_kb.authoring.instance as i; print(i.__file__); print(i.product_dir())",
    )
    package = tmp_path / "venv/lib" / f"python{sys.version_info.major}.{sys.version_info.minor}/site-packages/hiring_kb"
    assert where.stdout.splitlines() == [str(package / "authoring" / "instance.py"), str(package / "product")]

    work = tmp_path / "work"
    work.mkdir()
    made = run(work, str(tmp_path / "venv/bin/hiring-wiki"), "init", "acme-hiring")
    assert (made.returncode, made.stderr) == (0, "")
    files = sum(1 for p in (work / "acme-hiring").rglob("*") if p.is_file())
    assert made.stdout.splitlines() == [
        f"wrote a new hiring wiki in acme-hiring ({files} files)",
        "next: cd acme-hiring && git init -b main && pip install -r requirements.txt && invoke validate && invoke serve",
        "then edit roles/software-engineer.yml and hiring.yml (README.md lists the first steps)",
    ]
    again = run(work, str(tmp_path / "venv/bin/hiring-wiki"), "init", "acme-hiring")
    assert (again.returncode, again.stdout) == (2, "")
    assert (
        again.stderr
        == f"{work / 'acme-hiring'} already exists and is not empty: give a new folder, nothing was written\n"
    )
    wiki = work / "acme-hiring"
    for name in ("docs/process.md", "mkdocs.yml", "deploy/nginx/privacy.conf", ".pre-commit-config.yaml",
                 ".github/pull_request_template.md", "schemas/role.schema.json", "tasks.py"):  # fmt: skip
        assert (wiki / name).read_bytes() == (package / "product" / name).read_bytes(), name
    publish = srv / "hiring-wiki"
    with (wiki / "hiring.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"deploy:\n  target: dir\n  path: {publish}\n")
    git(wiki, "init", "-q", "-b", "main")
    git(wiki, "add", "-A")
    git(wiki, "commit", "-q", "-m", "Our hiring wiki")

    def wiki_invoke(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return run(cwd, str(python), "-m", "invoke", *args)

    listed_tasks = wiki_invoke(wiki / "roles", "-l")  # invoke finds tasks.py above the working directory
    assert listed_tasks.returncode == 0, listed_tasks.stderr
    assert "  validate " in listed_tasks.stdout and "  deploy " in listed_tasks.stdout
    assert "bench" not in listed_tasks.stdout and "generate-fixtures" not in listed_tasks.stdout
    helped = wiki_invoke(wiki / "candidates", "--help", "new-candidate")
    assert helped.returncode == 0 and "Role id (a file name in roles/ without .yml)." in helped.stdout
    validated = wiki_invoke(wiki / "candidates", "validate", "--strict")
    assert (validated.returncode, validated.stdout.strip()) == (0, "0 errors, 0 warnings")
    built_site = wiki_invoke(wiki, "build")  # always strict (mkdocs.yml strict: true, and the plugin)
    assert built_site.returncode == 0, built_site.stderr
    assert re.fullmatch(  # the build's one summary line (hiring_kb.base.progress)
        rf"build: 17 pages, 0 candidates into {re.escape(str(wiki / 'site'))} in \d+\.\d s",
        built_site.stdout.splitlines()[-1],
    ), built_site.stdout
    audited = wiki_invoke(wiki, "audit")
    assert (audited.returncode, audited.stdout.strip()) == (0, "0 errors, 0 warnings")
    deployed = wiki_invoke(wiki, "deploy")
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert "publish: release " in deployed.stdout
    assert (publish / "current/roles/software-engineer/index.html").is_file()
    assert (publish / "current/process/index.html").is_file()


def test_the_worked_example_of_the_new_instance_page(tmp_path: Path) -> None:
    """docs/new-instance.md shows what `hiring-wiki init acme-hiring` prints: the same lines (the number
    of files grows with the handbook)."""
    page = (ROOT / "docs/new-instance.md").read_text(encoding="utf-8")
    shown = page.split("```text\n", 1)[1].split("```", 1)[0]
    assert "hiring-wiki init acme-hiring\n" in page
    made = run(tmp_path, sys.executable, "-m", "hiring_kb.console", "init", "acme-hiring")
    assert (made.returncode, made.stderr) == (0, "")
    files = sum(1 for p in (tmp_path / "acme-hiring").rglob("*") if p.is_file())
    assert made.stdout == re.sub(r"\(\d+ files\)", f"({files} files)", shown)


def test_a_package_without_the_product_files_refuses_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hiring_kb.authoring.instance as instance

    monkeypatch.setattr(instance, "PACKAGED_PRODUCT", tmp_path / "site-packages/hiring_kb/product")
    monkeypatch.setattr(instance, "CHECKOUT", tmp_path / "lib")
    with pytest.raises(instance.InitError) as refused:
        instance.init_instance(tmp_path / "wiki")
    assert str(refused.value) == (
        f"the installed hiring-kb package lacks the files of a new wiki ({tmp_path / 'site-packages/hiring_kb/product'}): "
        "reinstall it from a wheel or from the product's repository"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []
