"""The one "today" (hiring_kb.base.clock) and the callers that must use it when given no date."""

from __future__ import annotations

import datetime as dt

import pytest

from hiring_kb.base.clock import today
from hiring_kb.rendering.render import SiteRenderer
from hiring_kb.sources.settings_defaults import FitThresholds
from hiring_kb.sources.validate import validate_project
from tests.unit.factories import candidate, project

#: 2026-11-15T12:00:00Z
NOV_15_NOON = "1794744000"


def test_source_date_epoch_is_read_as_a_utc_date() -> None:
    assert today({"SOURCE_DATE_EPOCH": NOV_15_NOON}) == dt.date(2026, 11, 15)
    assert today({"SOURCE_DATE_EPOCH": "1794787199"}) == dt.date(2026, 11, 15)  # 23:59:59 UTC
    assert today({"SOURCE_DATE_EPOCH": "1794787200"}) == dt.date(2026, 11, 16)  # midnight UTC
    assert today({"SOURCE_DATE_EPOCH": " 0 "}) == dt.date(1970, 1, 1)


@pytest.mark.parametrize("environ", [{}, {"SOURCE_DATE_EPOCH": ""}, {"SOURCE_DATE_EPOCH": "  "}])
def test_without_source_date_epoch_today_is_the_local_date(environ: dict[str, str]) -> None:
    assert today(environ) == dt.date.today()


@pytest.mark.parametrize("value", ["tomorrow", "1.5e9", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_one_clear_error(value: str) -> None:
    with pytest.raises(ValueError) as bad:
        today({"SOURCE_DATE_EPOCH": value})
    assert str(bad.value) == f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {value!r}"


def test_os_environ_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOV_15_NOON)
    assert today() == dt.date(2026, 11, 15)


def test_validation_and_rendering_default_to_the_same_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import ROOT

    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOV_15_NOON)
    assert validate_project(ROOT).today == dt.date(2026, 11, 15)
    assert SiteRenderer(project(candidate("c1")), FitThresholds()).today == dt.date(2026, 11, 15)
