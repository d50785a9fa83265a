"""Krippendorff's alpha (hiring_kb.analysis.reliability): the published worked example, the GPL `krippendorff`
package as a test-only oracle, and the seeded bootstrap interval, to 4 decimals."""

from __future__ import annotations

import random
import statistics
from fractions import Fraction

import pytest

from hiring_kb.analysis.reliability import binomial, bootstrap_interval, coincidences, ordinal_alpha, reliability

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units,
# missing values. Published: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
UNITS = [[row[u] for row in OBSERVERS if row[u] is not None] for u in range(12)]

# A hiring panel: one competency, levels 1..4, two or three interviewers per candidate.
PANEL = [[3, 3], [2, 4, 3], [4, 4], [1, 2], [3, 3, 2], [2, 2], [4, 3], [3]]


def test_published_worked_example() -> None:
    alpha = ordinal_alpha(UNITS)
    assert alpha == Fraction(108577, 133160)
    assert round(float(alpha), 3) == 0.815  # the value printed in Krippendorff (2011)
    # the coincidences of Krippendorff (2011): value 5 coincides with itself 3 + 3 times... in 3 units of 3
    matrix = coincidences(UNITS)
    assert matrix[(5, 5)] == 3 and matrix[(1, 1)] == 7 and matrix[(1, 2)] == Fraction(4, 3)
    assert sum(matrix.values()) == 40  # pairable values: unit 12 has one value only


@pytest.mark.parametrize("units", [UNITS, PANEL, [[1, 2], [2, 3], [3, 4], [4, 4], [1, 1]], [[1, 4], [4, 1], [2, 3]]])
def test_matches_the_krippendorff_package_to_4_decimals(units: list[list[int]]) -> None:
    krippendorff = pytest.importorskip("krippendorff", reason="the [test] extra installs the oracle")
    raters = max(len(u) for u in units)
    data = [[u[r] if r < len(u) else float("nan") for u in units] for r in range(raters)]
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")
    assert round(float(ordinal_alpha(units)), 4) == round(float(expected), 4)


def test_panel_alpha_and_interval_exactly() -> None:
    result = reliability(PANEL, minimum=10)
    assert (result.units, result.pairable) == (7, 16)
    assert result.alpha == Fraction(181, 328)  # 0.5518, as the oracle computes it
    assert (round(result.low, 4), round(result.high, 4)) == (-0.1848, 0.7904)
    assert result.state == "ok" and result.enough
    assert result.low <= float(result.alpha) <= result.high


def test_bootstrap_is_seeded_and_follows_hayes_and_krippendorff() -> None:
    assert bootstrap_interval(UNITS) == bootstrap_interval(UNITS)
    low, high = bootstrap_interval(UNITS)
    assert (round(low, 4), round(high, 4)) == (0.6180, 0.9283)
    assert bootstrap_interval(UNITS, seed=1) != (low, high)
    with pytest.raises(ValueError):
        bootstrap_interval(UNITS, samples=10)


def test_pair_by_pair_bootstrap_gives_the_same_distribution() -> None:
    # The algorithm as Hayes & Krippendorff state it, one random pair at a time; the grouped draws of
    # bootstrap_interval must give the same percentiles (within sampling error of 20,000 samples).
    units = [u for u in UNITS if len(u) >= 2]
    alpha_terms = coincidences(units)
    margins: dict[int, Fraction] = {}
    for (c, _k), o in alpha_terms.items():
        margins[c] = margins.get(c, Fraction(0)) + o
    order = sorted(margins)

    def delta(c: int, k: int) -> float:
        lo, hi = sorted((order.index(c), order.index(k)))
        return float((sum(margins[g] for g in order[lo : hi + 1]) - (margins[c] + margins[k]) / 2) ** 2)

    n = float(sum(margins.values()))
    d_e = sum(float(margins[c] * margins[k]) * delta(c, k) for c in order for k in order) / (n * (n - 1))
    pairs = [delta(u[i], u[j]) for u in units for i in range(len(u)) for j in range(i + 1, len(u))]
    rng = random.Random(3)
    alphas = sorted(
        1
        - sum(
            2 * rng.choice(pairs) / (n * d_e * (len(u) - 1)) for u in units for _ in range(len(u) * (len(u) - 1) // 2)
        )
        for _ in range(20000)
    )
    low, high = bootstrap_interval(UNITS, samples=20000, seed=4)
    assert abs(alphas[500] - low) < 0.01 and abs(alphas[19499] - high) < 0.01


def test_insufficient_data_and_no_variation() -> None:
    few = reliability([[3, 4], [2, 2], [3]], minimum=10)
    assert (few.pairable, few.state, few.enough) == (4, "insufficient", False)
    assert few.alpha is not None  # computed, but not to be read
    same = reliability([[3, 3], [3, 3, 3], [3, 3]] * 2, minimum=10)
    assert (same.pairable, same.alpha, same.low, same.state) == (14, None, None, "no-variation")
    none = reliability([], minimum=10)
    assert (none.units, none.pairable, none.alpha, none.state) == (0, 0, None, "insufficient")
    assert ordinal_alpha([[1], [2]]) is None


def test_binomial_draws() -> None:
    rng = random.Random(9)
    for n, p in ((5, 0.3), (200, 0.4), (1000, 0.9), (50, 0.0), (50, 1.0)):
        draws = [binomial(rng, n, p) for _ in range(4000)]
        assert all(0 <= x <= n for x in draws)
        assert abs(statistics.fmean(draws) - n * p) <= 4 * (n * p * (1 - p) / 4000) ** 0.5 + 1e-9
    assert binomial(random.Random(1), 0, 0.5) == 0
