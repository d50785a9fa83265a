"""The one "today" of the project: what validation, the site build and the scaffolds call today.

Every date rule (no date in the future, retention, staleness, scorecards owed)
is judged against :func:`today`, so ``invoke validate``, ``invoke build`` and
``mkdocs build`` agree on the same data even when a build pins the date with
``SOURCE_DATE_EPOCH`` (reproducible builds, tests of the example site).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

#: The reproducible-builds.org variable (seconds since 1970-01-01 UTC) that MkDocs also honours.
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def today(environ: Mapping[str, str] | None = None) -> dt.date:
    """The date to treat as today.

    Args:
        environ: the environment to read (default: ``os.environ``).

    Returns:
        The UTC date of ``SOURCE_DATE_EPOCH`` (whole seconds since 1970) when it is
        set and not empty, else the local date.

    Raises:
        ValueError: ``SOURCE_DATE_EPOCH`` is not a whole number of seconds or is out
            of the calendar's range; the message names the variable and its value.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"{SOURCE_DATE_EPOCH} must be a whole number of seconds since 1970, got {value!r}") from None
