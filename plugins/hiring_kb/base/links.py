"""Where a link goes, judged the way a browser resolves it (WHATWG URL Standard, "basic URL parser").

A sanitiser that looks at the text of an ``href`` is fooled by spellings a browser repairs
before it resolves the link: ``\\\\x.invalid``, ``/\\x.invalid`` and ``/<tab>/x.invalid`` are all
``//x.invalid`` (another site) once parsed against an ``http(s)`` page, and ``java<tab>script:``
is ``javascript:``. :func:`browser_form` applies the same repairs, in the standard's order:

1. leading and trailing C0 controls and spaces (U+0000..U+0020) are stripped;
2. every ASCII tab, line feed and carriage return is removed, wherever it is;
3. the scheme (``[A-Za-z][A-Za-z0-9+.-]*:``) is case-insensitive;
4. for a special scheme (http, https, ws, wss, ftp, file) and for a relative link on an
   http(s) page, a backslash is a slash.

:func:`judge` then says where the repaired link leads. The site itself is always served over
http(s), so a relative link is resolved against a special URL (rule 4 applies to it).
"""

from __future__ import annotations

import enum
import re

#: http, https, ws, wss, ftp and file: the WHATWG "special" schemes (backslash is a slash).
SPECIAL_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "file"})
#: Schemes that run code or carry a document of their own (never allowed in a link).
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "blob", "livescript", "mocha"})
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
#: The reader's own machine (``invoke serve`` in the docs): no third party is involved.
_LOOPBACK_HOST = re.compile(r"(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d*)?", re.IGNORECASE)


class Destination(enum.Enum):
    """Where a link leads from a page of the site."""

    #: A page, anchor or file of this site (a path, ``?query`` or ``#anchor``).
    SITE = "site"
    #: Another host: ``https://x``, ``//x``, ``\\\\x``, ``/\\x``, ``https:x`` on an http page...
    OTHER_SITE = "other-site"
    #: Loopback (``http://127.0.0.1:8000``): the reader's own machine.
    LOOPBACK = "loopback"
    #: Code or an inline document: ``javascript:``, ``vbscript:``, ``data:``, ``blob:``.
    SCRIPT = "script"
    #: Another application: ``mailto:``, ``tel:``, ``file:`` and any other scheme.
    OTHER_SCHEME = "other-scheme"


#: The other schemes a page may link to: they open the reader's mail or phone app with an address
#: written on the page, never a web page. Any other scheme (``intent:``, ``x-safari-https:``,
#: ``microsoft-edge:``...) can hand a web address to a browser, so it counts as leaving the site.
MAIL_SCHEMES = frozenset({"mailto", "tel"})


def leaves_site(href: str) -> bool:
    """Whether a link or resource ``href`` leads off the site as a browser reads it: another host, code,
    or a scheme other than :data:`MAIL_SCHEMES` (loopback and the site's own pages stay)."""
    destination = judge(href)
    if destination is Destination.OTHER_SCHEME:
        return (scheme_of(href) or "") not in MAIL_SCHEMES
    return destination in (Destination.OTHER_SITE, Destination.SCRIPT)


def browser_form(href: str) -> str:
    """``href`` as a browser reads it before resolving: C0 controls and spaces stripped at both ends,
    tabs and newlines removed, the scheme lowercased, backslashes as slashes where the URL is special
    (see the module docstring). ``" Java\\tScript:x"`` → ``"javascript:x"``; ``"/\\\\x"`` → ``"//x"``."""
    text = _TAB_OR_NEWLINE.sub("", href.strip(_C0_OR_SPACE))
    match = _SCHEME.match(text)
    if match is None:
        return text.replace("\\", "/")  # relative to an http(s) page: special
    scheme = match.group(1).lower()
    rest = text[match.end() :]
    if scheme in SPECIAL_SCHEMES:
        rest = rest.replace("\\", "/")
    return f"{scheme}:{rest}"


def scheme_of(href: str) -> str | None:
    """The lowercased scheme of ``href`` as a browser reads it (:func:`browser_form`), None for a relative link."""
    match = _SCHEME.match(browser_form(href))
    return match.group(1).lower() if match else None


def judge(href: str) -> Destination:
    """Where ``href`` leads from a page of the site (served over http or https).

    A special scheme followed by anything but a path is another host; ``http:page`` without
    slashes is a path of this site only on a page of the same scheme, so it counts as another
    site too (the site may be served over either). A relative link whose repaired form starts
    with ``//`` is protocol-relative: another host.
    """
    text = browser_form(href)
    scheme = scheme_of(href)
    if scheme is None:
        return _host_destination(text) if text.startswith("//") else Destination.SITE
    if scheme in SCRIPT_SCHEMES:
        return Destination.SCRIPT
    if scheme in SPECIAL_SCHEMES and scheme != "file":
        return _host_destination(text[len(scheme) + 1 :])
    return Destination.OTHER_SCHEME


def _host_destination(rest: str) -> Destination:
    """LOOPBACK or OTHER_SITE for what follows the scheme (``//host:port/path``, slashes optional)."""
    host = re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0].rsplit("@", 1)[-1]
    return Destination.LOOPBACK if _LOOPBACK_HOST.fullmatch(host) else Destination.OTHER_SITE


def stays_on_site(href: str) -> bool:
    """True when ``href`` (an ``href`` or ``src`` value as the HTML parser gives it, entities decoded)
    leads to this site only: :data:`Destination.SITE`."""
    return judge(href) is Destination.SITE
