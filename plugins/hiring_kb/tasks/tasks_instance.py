"""invoke task that starts a new hiring wiki: ``invoke init DIR`` (also ``hiring-wiki init DIR``).

A thin wrapper over :func:`hiring_kb.authoring.instance.init_instance`, which writes the files; the installed
``hiring-wiki`` command (:mod:`hiring_kb.console`) runs this very task, so both print and refuse alike.
Every other task works inside an existing wiki (``tasks_*.py`` beside this module).
"""

from __future__ import annotations

from pathlib import Path

from invoke import Context, Exit, task


@task(help={"dir": "The new instance's folder: must not exist yet, or be empty."})
def init(c: Context, dir: str) -> None:
    """Start your company's own hiring wiki in DIR: template role, empty candidates/, documented hiring.yml, handbook, CI."""  # noqa: E501 - `invoke --list` shows this first line whole
    from hiring_kb.authoring.instance import TEMPLATE_ROLE, InitError, init_instance

    try:
        written = init_instance(Path(dir).expanduser())
    except InitError as exc:
        raise Exit(str(exc), code=2) from None
    print(f"wrote a new hiring wiki in {dir} ({len(written)} files)")
    print(f"next: cd {dir} && git init -b main && pip install -r requirements.txt && invoke validate && invoke serve")
    print(f"then edit roles/{TEMPLATE_ROLE}.yml and hiring.yml (README.md lists the first steps)")
