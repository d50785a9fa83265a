"""Build the site with MkDocs in a subprocess and swap it into place atomically.

The core does not import MkDocs; it runs it. A failed build leaves the previous
``site/`` untouched and removes its partial output, so nothing half-built or
built from invalid data is ever served from ``site/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .audiences import AUDIENCE_ENV


@dataclass(frozen=True)
class BuildResult:
    """Outcome of :func:`build_site`: ``ok``, the MkDocs exit code and its combined output."""

    ok: bool
    returncode: int
    output: str


def mkdocs_env() -> dict[str, str]:
    """Environment for MkDocs runs: silences Material's MkDocs-2 banner, which is noise in CI logs."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(
    config_file: Path, site_dir: Path, strict: bool = True, audience: str | None = None
) -> BuildResult:
    """Run ``mkdocs build`` for ``config_file`` into a temporary sibling of ``site_dir``,
    then replace ``site_dir`` with it in two renames.

    ``audience``: build the site of that audience of hiring.yml (:mod:`hiring_kb.audiences`);
    None: every candidate. Returns the result; raises nothing for a failed build (``ok`` is
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
    completed = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(False, completed.returncode, output)
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return BuildResult(True, 0, output)
