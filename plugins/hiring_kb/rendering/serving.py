"""``invoke serve`` for people: a busy port said in one line, invalid data shown in the browser.

:func:`address_problem` checks ``--address`` before anything is validated or built, and says which
free address to pass instead. :func:`error_page` is the page the site shows under ``mkdocs serve``
while the hiring data does not validate: the same ``path:line:col`` messages as ``invoke
validate``, so the browser tab reloads into the reason instead of waiting for a rebuild that never
comes. ``invoke build`` still fails on the same data (nothing invalid is ever built into site/).
"""

from __future__ import annotations

import errno
import html
import socket
from collections.abc import Iterable

from hiring_kb.base.diagnostics import Diagnostic, Severity, summary

#: Ports tried after a busy one, for the suggestion.
_SUGGEST_RANGE = 20


def _free(host: str, port: int) -> bool | None:
    """True when ``host:port`` can be bound now, False when it is in use, None when the host is not local."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server binds: SO_REUSEADDR lets a port in TIME_WAIT be reused, not one being listened on.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                return None
            raise
    return True


def split_address(address: str) -> tuple[str, int] | None:
    """``"127.0.0.1:8000"`` → ``("127.0.0.1", 8000)``; ``"[::1]:8000"`` → ``("::1", 8000)``; None when malformed."""
    host, sep, port = address.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    host = host.removeprefix("[").removesuffix("]") or "127.0.0.1"
    return host, int(port)


def address_problem(address: str) -> str:
    """One line saying why ``invoke serve --address ADDRESS`` cannot serve, with the fix; "" when it can.

    A malformed address, a host that is not on this machine, or a port in use (then the next
    free port is proposed, e.g. ``invoke serve --address 127.0.0.1:8001``).
    """
    parts = split_address(address)
    if parts is None:
        return f"--address '{address}' is not HOST:PORT; e.g. invoke serve --address 127.0.0.1:8000"
    host, port = parts
    state = _free(host, port)
    if state is None:
        return f"{host} is not an address of this machine; e.g. invoke serve --address 127.0.0.1:{port}"
    if state:
        return ""
    shown = f"[{host}]" if ":" in host else host
    for candidate in range(port + 1, min(port + 1 + _SUGGEST_RANGE, 65536)):
        if _free(host, candidate):
            return (f"{shown}:{port} is already in use (another invoke serve?); "
                    f"stop it, or run: invoke serve --address {shown}:{candidate}")  # fmt: skip
    return f"{shown}:{port} is already in use (another invoke serve?); stop it, or pick a free port with --address"


ERROR_TITLE = "The hiring data has errors"


def page_heading(markdown: str) -> str:
    """The first ``# Title`` line of a page's Markdown ("" when none): kept on the error page, so the
    navigation keeps its titles instead of repeating the error's."""
    return next((line for line in markdown.split("\n") if line.startswith("# ")), "")


def error_page(diagnostics: Iterable[Diagnostic], heading: str = "") -> str:
    """The Markdown of the page shown under ``mkdocs serve`` while the data does not validate.

    ``heading`` is the page's own ``# Title`` line (:func:`page_heading`), kept first. Then every
    error, then every warning, one ``path:line:col: message`` line each, as ``invoke validate``
    prints them (HTML-escaped). Returns Markdown with one raw HTML block.
    """
    found = list(diagnostics)
    errors = [d for d in found if d.severity is Severity.ERROR]
    warnings = [d for d in found if d.severity is not Severity.ERROR]
    lines = "\n".join(html.escape(d.format()) for d in [*errors, *warnings])
    return (
        (f"{heading}\n\n" if heading else "") + '<div class="hkb-serve-error" role="alert">\n'
        f'<p class="hkb-serve-error__title"><strong>{ERROR_TITLE}</strong></p>\n'
        f"<p><strong>{html.escape(summary(found))}.</strong> The pages are not rebuilt until these are fixed; "
        "save the file and this page reloads.</p>\n"
        f'<pre class="hkb-serve-error__list"><code>{lines}</code></pre>\n'
        "</div>\n"
    )
