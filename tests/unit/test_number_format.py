"""Number formatting lives in one place (hiring_kb.base.number_format), with exact texts."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hiring_kb.analysis import dashboard, fit
from hiring_kb.base import number_format
from hiring_kb.base.number_format import one_decimal, percent, signed, two_decimals
from hiring_kb.rendering import charts, page_templates


@pytest.mark.parametrize(
    ("value", "one", "two"),
    [
        (Fraction(65), "65.0", "65.00"),
        (Fraction(10, 3), "3.3", "3.33"),
        (Fraction(7, 2), "3.5", "3.50"),
        (Fraction(1427, 20), "71.3", "71.35"),  # 71.35 exactly: float formatting, as the site always did
        (0, "0.0", "0.00"),
        (None, "—", "—"),
    ],
)
def test_one_and_two_decimals(value: Fraction | int | None, one: str, two: str) -> None:
    assert (one_decimal(value), two_decimals(value)) == (one, two)


def test_percent() -> None:
    assert percent(Fraction(10, 11)) == "90.9 %"
    assert percent(Fraction(6, 11)) == "54.5 %"
    assert percent(Fraction(1)) == "100.0 %"
    assert percent(Fraction(3, 5), digits=0) == "60 %"
    assert percent(Fraction(2, 3), digits=0) == "67 %"
    assert percent(None) == "—"


def test_signed_uses_the_minus_sign_and_no_signed_zero() -> None:
    assert [signed(v) for v in (Fraction(1, 2), -1, Fraction(-1, 1000), Fraction(1, 1000), None)] == [
        "+0.50",
        "−1.00",
        "±0.00",
        "±0.00",
        "—",
    ]


def test_every_module_uses_the_shared_functions() -> None:
    assert page_templates.one_decimal is number_format.one_decimal and page_templates.percent is number_format.percent
    assert page_templates.two_decimals is number_format.two_decimals and page_templates.signed is number_format.signed
    assert fit.one_decimal is one_decimal and fit.percent is percent
    assert dashboard.percent is percent
    assert charts.one_decimal is one_decimal and charts.percent is percent
    for module in (fit, dashboard):
        assert not hasattr(module, "_fmt") and not hasattr(module, "_fmt_percent")
