"""Progress on long work: a live display on a terminal, plain lines in logs, one summary line at the end.

Builds, deploys, imports and the bench take from seconds to minutes. On a terminal the steps show as
rich's live progress (spinner, bar with done/total where the total is known, elapsed time) on standard
error; in CI and any other non-terminal stream each step is one plain line, so logs stay readable. Every
run ends with one summary line on standard output (what was done, how many, seconds), which is what a
script or a test reads.

Usage::

    with Progress("build") as progress:
        with progress.step("compiling pages", total=len(candidates)) as advance:
            for candidate in candidates:
                ...
                advance()
        progress.finish(f"{pages} pages, {len(candidates)} candidates")
    # prints: build: 1,007 pages, 1,000 candidates in 27.8 s

Nothing here raises for display problems: progress must never be the reason a deploy fails.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress

PLAIN_ENV = "HIRING_PLAIN_PROGRESS"
"""Set to 1 to force plain lines on a terminal too (e.g. when recording a session)."""


def is_live(stream: TextIO) -> bool:
    """True when ``stream`` is a terminal that can show a live display.

    False in CI (``CI`` set, as GitHub Actions, GitLab and most runners do), for ``TERM=dumb``, when
    ``HIRING_PLAIN_PROGRESS=1``, and for anything that is not a TTY (pipes, files, pytest's capture).
    """
    if os.environ.get("CI") or os.environ.get(PLAIN_ENV) == "1" or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Named steps of one long command, shown live on a terminal or as plain lines.

    ``title``: the command's short name, the prefix of every line (``"build"``, ``"deploy"``).
    ``stream``: where steps go (default standard error); ``out``: where the summary goes (default
    standard output). ``live``: force the display mode (default: :func:`is_live` of ``stream``).
    Seconds are wall-clock from entering the context.
    """

    def __init__(
        self,
        title: str,
        *,
        stream: TextIO | None = None,
        out: TextIO | None = None,
        live: bool | None = None,
    ) -> None:
        self.title = title
        self._stream = stream if stream is not None else sys.stderr
        self._out = out if out is not None else sys.stdout
        self._live = is_live(self._stream) if live is None else live
        self._rich: RichProgress | None = None
        self._started = time.monotonic()

    def __enter__(self) -> Progress:
        self._started = time.monotonic()
        if self._live:
            self._rich = RichProgress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=Console(file=self._stream),
                transient=False,
            )
            self._rich.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None

    @property
    def seconds(self) -> float:
        """Seconds since the command started."""
        return time.monotonic() - self._started

    @contextmanager
    def step(self, label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        """One named step; yields ``advance(n=1)`` to count done items out of ``total``.

        ``total`` None: an open-ended step (a spinner on a terminal). On plain streams the step is one
        line when it starts (``build: compiling pages (1,000)``); nothing is printed per item.
        """
        if self._rich is not None:
            task = self._rich.add_task(f"{self.title}: {label}", total=total)
            rich = self._rich

            def advance(n: int = 1) -> None:
                rich.advance(task, n)

            try:
                yield advance
            finally:
                if total is None:
                    rich.update(task, total=1, completed=1)
                else:
                    rich.update(task, completed=total)
            return
        count = f" ({total:,})" if total is not None else ""
        self._plain(f"{self.title}: {label}{count}")

        def ignore(n: int = 1) -> None:
            return None

        yield ignore

    def note(self, line: str) -> None:
        """A line worth keeping (a warning, a path) printed above the live display or as a plain line."""
        if self._rich is not None:
            self._rich.console.print(line, markup=False, highlight=False)
        else:
            self._plain(line)

    def finish(self, summary: str) -> str:
        """Print and return the one summary line: ``<title>: <summary> in <seconds> s``."""
        if self._rich is not None:
            self._rich.stop()
            self._rich = None
        line = f"{self.title}: {summary} in {self.seconds:.1f} s"
        print(line, file=self._out, flush=True)
        return line

    def _plain(self, line: str) -> None:
        with suppress(OSError, ValueError):
            print(line, file=self._stream, flush=True)
