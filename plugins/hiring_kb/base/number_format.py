"""How numbers are written on the site and in sentences: one place, so a fit, a coverage or a
calibration offset reads the same on every page, in every verdict reason and in every chart.

Role-fit numbers are exact fractions (:mod:`hiring_kb.analysis.fit`); they are rounded only here, for display.
"""

from __future__ import annotations

from fractions import Fraction

#: Shown where a number is not known yet (no rating, nothing to compare).
MISSING = "—"

Number = Fraction | float | int


def one_decimal(value: Number | None) -> str:
    """A number with one decimal: ``Fraction(65)`` → ``"65.0"``; None → ``"—"``."""
    return MISSING if value is None else f"{float(value):.1f}"


def two_decimals(value: Number | None) -> str:
    """A number with two decimals: ``Fraction(10, 3)`` → ``"3.33"``; None → ``"—"``."""
    return MISSING if value is None else f"{float(value):.2f}"


def percent(value: Number | None, digits: int = 1) -> str:
    """A 0..1 share as a percentage with ``digits`` decimals and a space before the sign.

    ``Fraction(10, 11)`` → ``"90.9 %"``; with ``digits=0``, ``Fraction(3, 5)`` → ``"60 %"``;
    None → ``"—"``.
    """
    return MISSING if value is None else f"{float(value) * 100:.{digits}f} %"


def signed(value: Number | None) -> str:
    """A difference with its sign and two decimals, using the minus sign U+2212.

    ``Fraction(1, 2)`` → ``"+0.50"``, ``-1`` → ``"−1.00"``, anything that rounds to zero →
    ``"±0.00"``; None → ``"—"``.
    """
    if value is None:
        return MISSING
    text = f"{float(value):+.2f}"
    return "±0.00" if text in ("+0.00", "-0.00") else text.replace("-", "−")


def _half_up(value: Fraction) -> int:
    """Round half up (``Fraction(143, 2)`` → 72), unlike :func:`round`'s half to even."""
    return int((value + Fraction(1, 2)) // 1)


def rounded_for_reading(value: Number | None, thresholds: tuple[Number, ...] = ()) -> str:
    """A 0..100 figure as a whole number for reading: ``Fraction(427, 6)`` (71.17) → ``"71"``.

    Half up, except that a value never rounds up onto a threshold it has not reached: with a threshold
    of 60, 59.6 reads ``"59"``, so the figure and the verdict beside it never contradict each other.
    Exact values stay in the arithmetic (:func:`one_decimal`). None → ``"—"``.
    """
    if value is None:
        return MISSING
    exact = Fraction(value) if not isinstance(value, float) else Fraction(str(value))
    shown = _half_up(exact)
    for threshold in thresholds:
        limit = Fraction(threshold) if not isinstance(threshold, float) else Fraction(str(threshold))
        if exact < limit <= shown:
            shown = -((-limit) // 1) - 1  # the whole number just below the threshold
    return str(shown)


def percent_for_reading(value: Number | None, thresholds: tuple[Number, ...] = ()) -> str:
    """A 0..1 share as a whole percentage for reading: ``Fraction(6, 11)`` → ``"55 %"``; same rounding and
    threshold rule as :func:`rounded_for_reading` (thresholds as 0..1 shares). None → ``"—"``."""
    if value is None:
        return MISSING
    scaled = tuple(Fraction(str(t)) * 100 if isinstance(t, float) else Fraction(t) * 100 for t in thresholds)
    share = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    return f"{rounded_for_reading(share * 100, scaled)} %"


def three_decimals(value: Number | None) -> str:
    """A coefficient such as Krippendorff's alpha, with three decimals (as Krippendorff reports it) and
    the minus sign U+2212: ``Fraction(181, 328)`` → ``"0.552"``, ``-0.1848`` → ``"−0.185"``; None → ``"—"``."""
    if value is None:
        return MISSING
    text = f"{float(value):.3f}"
    return "0.000" if text == "-0.000" else text.replace("-", "−")
