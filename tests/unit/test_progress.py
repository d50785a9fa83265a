"""Progress: plain lines off a terminal, one summary line on standard output, a live display on a TTY."""

from __future__ import annotations

import io

from hiring_kb.base.progress import Progress, is_live


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_stream_gets_one_line_per_step_and_the_summary_on_out() -> None:
    err, out = io.StringIO(), io.StringIO()
    with Progress("build", stream=err, out=out) as progress:
        with progress.step("compiling pages", total=1000) as advance:
            for _ in range(1000):
                advance()
        with progress.step("rendering"):
            pass
        progress.note("warning: one thing")
        line = progress.finish("1,007 pages, 1,000 candidates")
    assert err.getvalue() == "build: compiling pages (1,000)\nbuild: rendering\nwarning: one thing\n"
    assert out.getvalue() == line + "\n"
    assert line.startswith("build: 1,007 pages, 1,000 candidates in ")
    assert line.endswith(" s")


def test_ci_is_never_live(monkeypatch) -> None:
    monkeypatch.delenv("HIRING_PLAIN_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("CI", raising=False)
    assert is_live(_Tty()) is True
    monkeypatch.setenv("CI", "true")
    assert is_live(_Tty()) is False
    monkeypatch.delenv("CI")
    monkeypatch.setenv("HIRING_PLAIN_PROGRESS", "1")
    assert is_live(_Tty()) is False
    assert is_live(io.StringIO()) is False


def test_live_display_counts_and_ends_with_the_summary() -> None:
    err, out = _Tty(), io.StringIO()
    with Progress("deploy", stream=err, out=out, live=True) as progress:
        with progress.step("publishing", total=3) as advance:
            advance()
            advance(2)
        progress.finish("2 audiences")
    assert "deploy: publishing" in err.getvalue()
    assert "3/3" in err.getvalue()
    assert out.getvalue().startswith("deploy: 2 audiences in ")
