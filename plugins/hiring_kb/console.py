"""``hiring-wiki``: the installed package's own command, for what comes before a wiki exists (issue 16).

A company that has only installed the package has no ``tasks.py`` yet, so ``invoke`` finds no task
to run; ``hiring-wiki init DIR`` writes the new wiki (``tasks.py`` included), and from then on
every command is ``invoke TASK`` inside it. ``hiring-wiki init`` runs the very ``init`` task of
:mod:`hiring_kb.tasks.tasks_instance`, so it and ``invoke init DIR`` (in the product's repository) print and
refuse alike. argparse rather than an invoke program: its help shows only what this command does,
not invoke's options for running shell commands.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Sequence
from pathlib import Path

from invoke import Context, Exit

from hiring_kb import __version__
from hiring_kb.task_loading import tasks_module

NAME = "hiring-wiki"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``hiring-wiki`` with ``argv`` (default: the command line's arguments); return the exit
    status: 0 done, 2 refused (the folder is in use) or a mistyped command line."""
    init = tasks_module(Path.cwd(), "hiring_kb.tasks.tasks_instance").init
    parser = argparse.ArgumentParser(
        prog=NAME,
        description="Start your company's own hiring wiki. Inside the wiki, every other command is "
        "'invoke TASK': 'invoke -l' lists them.",
    )
    parser.add_argument("--version", action="version", version=f"{NAME} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    summary = inspect.getdoc(init.body) or ""
    command = commands.add_parser("init", help=summary, description=summary)
    command.add_argument("dir", metavar="DIR", help=init.help["dir"])
    arguments = parser.parse_args(argv)
    try:
        init(Context(), arguments.dir)
    except Exit as refused:
        if refused.message:
            print(refused.message, file=sys.stderr)
        return refused.code
    return 0


if __name__ == "__main__":  # python -m hiring_kb.console
    sys.exit(main())
