"""Build the site with MkDocs in a subprocess and swap it into place atomically.

The core does not import MkDocs; it runs it. A failed build leaves the previous
``site/`` untouched and removes its partial output, so nothing half-built or
built from invalid data is ever served from ``site/``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hiring_kb.sources.audiences import AUDIENCE_ENV

if TYPE_CHECKING:
    from hiring_kb.base.progress import Progress


@dataclass(frozen=True)
class BuildResult:
    """Outcome of :func:`build_site`: ``ok``, the MkDocs exit code and its combined output; ``pages``: the
    built site's pages; ``candidates``: those the hiring plugin compiled (0 when it did not say)."""

    ok: bool
    returncode: int
    output: str
    pages: int = 0  # HTML pages of the built site (not the 404 page)
    candidates: int = 0


#: The hiring plugin's line after compiling (hiring_kb.rendering.site_session.SiteSession.prepare, run by the plugin's
#: on_config).
_COMPILED = re.compile(r"hiring: compiled [\d,]+ pages for ([\d,]+) candidates")
#: (the line that starts it, the step): the first starts with the process.
_STEPS = (
    ("", "validating the hiring data and compiling its pages"),
    ("hiring: compiled", "rendering the site (MkDocs)"),
)


def _run_with_progress(command: list[str], env: dict[str, str], progress: Progress | None) -> tuple[int, str]:
    """Run MkDocs, relaying its steps to ``progress`` as they start; returns (exit code, combined output)."""
    lines: list[str] = []
    with (
        ExitStack() as steps,
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, errors="replace"
        ) as process,
    ):
        assert process.stdout is not None
        next_step = 0
        if progress is not None:
            steps.enter_context(progress.step(_STEPS[0][1]))
            next_step = 1
        for line in process.stdout:
            lines.append(line)
            if progress is None:
                continue
            while next_step < len(_STEPS) and _STEPS[next_step][0] in line:
                steps.close()
                steps.enter_context(progress.step(_STEPS[next_step][1]))
                next_step += 1
            if "hiring: compiled" in line:
                progress.note(line[line.index("hiring: ") :].rstrip())
        returncode = process.wait()
    return returncode, "".join(lines)


def mkdocs_env() -> dict[str, str]:
    """Environment for MkDocs runs: silences Material's MkDocs-2 banner, which is noise in CI logs."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(
    config_file: Path,
    site_dir: Path,
    strict: bool = True,
    audience: str | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Run ``mkdocs build`` for ``config_file`` into a temporary sibling of ``site_dir``,
    then replace ``site_dir`` with it in two renames.

    ``audience``: build the site of that audience of hiring.yml (:mod:`hiring_kb.sources.audiences`);
    None: every candidate. ``progress``: where to show the build's steps as MkDocs reaches them
    (:mod:`hiring_kb.base.progress`). Returns the result; raises nothing for a failed build (``ok`` is
    False and ``site_dir`` is unchanged).
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    # mkdtemp makes the folder 0700; the site is served as built, so give it the usual mode.
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    env = mkdocs_env()
    env[AUDIENCE_ENV] = audience or ""
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config_file), "-d", str(staging)]
    if strict:
        command.append("--strict")
    returncode, output = _run_with_progress(command, env, progress)
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(False, returncode, output)
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    counts = _COMPILED.search(output)
    candidates = int(counts.group(1).replace(",", "")) if counts else 0
    pages = sum(1 for page in site_dir.rglob("*.html") if page.name != "404.html")
    return BuildResult(True, 0, output, pages, candidates)
