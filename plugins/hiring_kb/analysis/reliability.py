"""Inter-rater reliability: Krippendorff's alpha for ordinal data, with a bootstrap 95 % interval.

Input is *reliability data*: a list of units (here: one candidate on one competency), each the list of
values (levels 1..4) the different raters gave it. A unit with fewer than two values has no partner to
compare with and is left out; the values of the other units are the *pairable* values, ``n``.

Alpha (Krippendorff, "Computing Krippendorff's Alpha-Reliability", Annenberg School for Communication,
University of Pennsylvania, 2011, sections A and C):

* coincidences ``o[c][k] = Σ_u (number of ordered pairs (c, k) of values of u by different raters) / (m_u - 1)``,
  with ``m_u`` the number of values of unit ``u``; margins ``n_c = Σ_k o[c][k]``; ``n = Σ_c n_c``;
* ordinal difference ``δ²(c, k) = (Σ_{g=c..k} n_g - (n_c + n_k) / 2)²`` (categories in order);
* ``α = 1 - (n - 1) · Σ_c Σ_k o[c][k] δ²(c, k) / Σ_c Σ_k n_c n_k δ²(c, k)``.

α = 1 is perfect agreement, 0 agreement no better than chance, below 0 systematic disagreement. It is
undefined (None) when every pairable value is the same level: there is no variation to agree on.

Bootstrap (Hayes & Krippendorff, "Answering the call for a standard reliability measure for coding data",
Communication Methods and Measures 1(1), 2007, 77-89; the algorithm of their KALPHA macro): the expected
disagreement ``D_e`` is kept from the data; each bootstrap sample draws, for every unit, ``m_u(m_u-1)/2``
pairs at random (with replacement) from all ``N = Σ_u m_u(m_u-1)/2`` pairs of values within units, and
adds ``2 δ²(pair) / (n · D_e · (m_u - 1))`` for each; the sample's alpha is 1 minus that sum. The draws of
the units with the same ``m_u`` only matter through how many pairs of each kind they draw, so they are
drawn at once as multinomial counts (conditional binomials) instead of pair by pair: the same
distribution, at a cost that does not grow with the number of ratings. The 95 % interval is the 2.5th and
97.5th percentile of :data:`BOOTSTRAP_SAMPLES` samples, drawn from ``random.Random(seed)``: the same data
always gives the same interval.
"""

from __future__ import annotations

import functools
import math
import random
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hiring_kb.model.vocabulary import ReliabilityReading, ReliabilityState

#: Bootstrap samples behind each interval (Hayes & Krippendorff ask for at least 1,000).
BOOTSTRAP_SAMPLES = 1000
#: Seed of the bootstrap's random numbers: a fixed seed makes every build show the same interval.
BOOTSTRAP_SEED = 2007
#: Krippendorff's reading of alpha ("Content Analysis: An Introduction to Its Methodology", 2nd ed., 2004,
#: p. 241): at least 0.800 reliable; 0.667 up to 0.800 for tentative conclusions only; below, unreliable.
RELIABLE = Fraction(4, 5)
TENTATIVE = Fraction(667, 1000)


@dataclass(frozen=True)
class Reliability:
    """Alpha of one set of reliability data.

    ``units``: units with two or more values; ``pairable``: their values (``n``); ``alpha`` (exact) is
    None without pairable values or without variation; ``low``/``high`` bound the bootstrap 95 % interval
    (None where alpha is, or when :func:`reliability` was told not to bootstrap); ``enough`` is False when
    ``pairable`` is below the minimum asked for: then the numbers are there but too few to read.
    """

    units: int
    pairable: int
    alpha: Fraction | None
    low: float | None
    high: float | None
    minimum: int

    @property
    def enough(self) -> bool:
        """Whether there are at least ``minimum`` pairable values (and alpha is defined)."""
        return self.alpha is not None and self.pairable >= self.minimum

    @property
    def state(self) -> ReliabilityState:
        """``ok``, ``insufficient`` (fewer pairable ratings than the minimum) or ``no-variation``."""
        if self.pairable < self.minimum or self.pairable == 0:
            return ReliabilityState.INSUFFICIENT
        return ReliabilityState.NO_VARIATION if self.alpha is None else ReliabilityState.OK

    @property
    def reading(self) -> ReliabilityReading | None:
        """``consistent`` (alpha >= :data:`RELIABLE`), ``tentative`` (>= :data:`TENTATIVE`) or
        ``inconsistent``; None unless :attr:`state` is ``ok``."""
        if self.state is not ReliabilityState.OK or self.alpha is None:
            return None
        if self.alpha >= RELIABLE:
            return ReliabilityReading.CONSISTENT
        return ReliabilityReading.TENTATIVE if self.alpha >= TENTATIVE else ReliabilityReading.INCONSISTENT


def _pairable(units: Iterable[Sequence[Hashable]]) -> list[Counter]:
    """Value counts of each unit with at least two values."""
    return [Counter(values) for values in units if len(values) >= 2]


def coincidences(units: Iterable[Sequence[Hashable]]) -> dict[tuple[Hashable, Hashable], Fraction]:
    """The coincidence matrix ``o[(c, k)]`` of Krippendorff (2011), only its non-zero cells.

    Args:
        units: per unit, the values of the different raters (missing values left out).

    Returns:
        ``{(c, k): o_ck}`` as exact fractions; symmetric; its sum is the number of pairable values.
    """
    # whole pair counts per (c, k) and unit size m first: one division per cell and size, not per unit
    pairs_by_size: dict[tuple[Hashable, Hashable, int], int] = {}
    for counts in _pairable(units):
        m = sum(counts.values())
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    pairs_by_size[(c, k, m)] = pairs_by_size.get((c, k, m), 0) + pairs
    matrix: dict[tuple[Hashable, Hashable], Fraction] = {}
    for (c, k, m), pairs in pairs_by_size.items():
        matrix[(c, k)] = matrix.get((c, k), Fraction(0)) + Fraction(pairs, m - 1)
    return matrix


def _ordinal_delta(
    margins: dict[Hashable, Fraction], order: list[Hashable]
) -> dict[tuple[Hashable, Hashable], Fraction]:
    """``δ²(c, k)`` of the ordinal metric for every pair of categories in ``order``."""
    delta: dict[tuple[Hashable, Hashable], Fraction] = {}
    for i, c in enumerate(order):
        for j, k in enumerate(order):
            lo, hi = min(i, j), max(i, j)
            between = sum((margins[g] for g in order[lo : hi + 1]), Fraction(0))
            delta[(c, k)] = (between - (margins[c] + margins[k]) / 2) ** 2
    return delta


def ordinal_alpha(units: Iterable[Sequence[Hashable]]) -> Fraction | None:
    """Krippendorff's alpha for ordinal data (formula in the module docstring), exact.

    Args:
        units: per unit, the values of the different raters; values must be orderable (levels 1..4).

    Returns:
        Alpha as a :class:`~fractions.Fraction` (at most 1), or None when fewer than two values are
        pairable or all pairable values are equal (no variation: alpha is undefined).
    """
    units = list(units)
    matrix = coincidences(units)
    margins, order, delta = _margins_and_delta(matrix)
    n = sum(margins.values(), Fraction(0))
    if n < 2:
        return None
    expected = sum((margins[c] * margins[k] * delta[(c, k)] for c in order for k in order), Fraction(0))
    if expected == 0:
        return None
    observed = sum((o * delta[key] for key, o in matrix.items()), Fraction(0))
    return 1 - (n - 1) * observed / expected


def _margins_and_delta(
    matrix: dict[tuple[Hashable, Hashable], Fraction],
) -> tuple[dict[Hashable, Fraction], list[Hashable], dict[tuple[Hashable, Hashable], Fraction]]:
    margins: dict[Hashable, Fraction] = {}
    for (c, _k), o in matrix.items():
        margins[c] = margins.get(c, Fraction(0)) + o
    order = sorted(margins)  # type: ignore[type-var]  # categories are levels (int); Hashable has no order
    return margins, order, _ordinal_delta(margins, order)


def bootstrap_interval(
    units: Iterable[Sequence[Hashable]],
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float] | None:
    """The bootstrap 95 % interval of :func:`ordinal_alpha` (Hayes & Krippendorff 2007, see the module docstring).

    Args:
        units: as for :func:`ordinal_alpha`.
        samples: how many bootstrap samples (at least 40, so each tail holds a value).
        seed: seed of :class:`random.Random`; the same data, samples and seed give the same interval.

    Returns:
        ``(low, high)``: the values at positions ``floor(0.025 · samples)`` and ``ceil(0.975 · samples) - 1``
        of the sorted sample alphas, or None where alpha is undefined.

    Raises:
        ValueError: when ``samples`` is below 40.
    """
    if samples < 40:
        raise ValueError("the 95 % interval needs at least 40 bootstrap samples")
    # The interval depends on the multiset of units only: `invoke serve` rebuilds reuse it.
    key = tuple(sorted(tuple(sorted(Counter(u).items())) for u in units if len(u) >= 2))
    return _interval(key, samples, seed)


@functools.lru_cache(maxsize=256)
def _interval(key: tuple[tuple[tuple[Hashable, int], ...], ...], samples: int, seed: int) -> tuple[float, float] | None:
    """:func:`bootstrap_interval` of units given as sorted ``(value, count)`` tuples."""
    counted = [Counter(dict(unit)) for unit in key]
    matrix = coincidences([list(c.elements()) for c in counted])
    margins, order, delta = _margins_and_delta(matrix)
    n = sum(margins.values(), Fraction(0))
    if n < 2:
        return None
    expected_sum = sum((margins[c] * margins[k] * delta[(c, k)] for c in order for k in order), Fraction(0))
    if expected_sum == 0:
        return None
    d_e = expected_sum / (n * (n - 1))
    # Every unordered pair of values within a unit, by its δ² (pairs of equal values have δ² = 0).
    kinds: Counter[Fraction] = Counter()
    for counts in counted:
        levels = sorted(counts)  # type: ignore[type-var]  # categories are levels (int); Hashable has no order
        for i, c in enumerate(levels):
            kinds[Fraction(0)] += counts[c] * (counts[c] - 1) // 2
            for k in levels[i + 1 :]:
                kinds[delta[(c, k)]] += counts[c] * counts[k]
    total_pairs = sum(kinds.values())
    # Units with the same number of values draw the same number of pairs with the same weight.
    draws: Counter[int] = Counter()
    for counts in counted:
        m = sum(counts.values())
        draws[m] += m * (m - 1) // 2
    deltas = [d for d in sorted(kinds) if d != 0]
    values = [float(d) for d in deltas]
    # P(kind i | not one of the kinds before it): the chain of binomials of a multinomial draw
    conditional, rest = [], total_pairs
    for d in deltas:
        conditional.append(kinds[d] / rest if rest else 0.0)
        rest -= kinds[d]
    groups = [(count, 2 / (float(n) * float(d_e) * (m - 1))) for m, count in sorted(draws.items())]
    rng = random.Random(seed)
    alphas = []
    for _ in range(samples):
        disagreement = 0.0
        for count, scale in groups:
            drawn = _multinomial(rng, count, conditional)
            disagreement += scale * sum(v * x for v, x in zip(values, drawn, strict=True))
        alphas.append(1 - disagreement)
    alphas.sort()
    return alphas[math.floor(0.025 * samples)], alphas[math.ceil(0.975 * samples) - 1]


def reliability(
    units: Iterable[Sequence[Hashable]],
    minimum: int,
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Reliability:
    """Alpha, its bootstrap 95 % interval and the counts behind them, for one set of reliability data.

    ``minimum`` is the number of pairable values below which the result is "insufficient data" (the
    interval is still computed, for the method note). See :func:`ordinal_alpha` and
    :func:`bootstrap_interval`.
    """
    units = [list(u) for u in units]
    counted = _pairable(units)
    alpha = ordinal_alpha(units)
    interval = bootstrap_interval(units, samples, seed) if alpha is not None else None
    return Reliability(
        units=len(counted),
        pairable=sum(sum(c.values()) for c in counted),
        alpha=alpha,
        low=interval[0] if interval else None,
        high=interval[1] if interval else None,
        minimum=minimum,
    )


def _multinomial(rng: random.Random, trials: int, conditional: list[float]) -> list[int]:
    """Counts of ``trials`` draws over categories given ``conditional[i]``, the probability of category ``i``
    among draws not in an earlier category (the remaining probability is one more category, not returned)."""
    out = []
    left = trials
    for p in conditional:
        x = binomial(rng, left, p) if left else 0
        out.append(x)
        left -= x
    return out


def binomial(rng: random.Random, n: int, p: float) -> int:
    """A Binomial(n, p) random number from ``rng`` (Python 3.12's ``random.binomialvariate`` algorithm,
    here so that every supported Python draws the same numbers).

    Small ``n·p``: the geometric method (Devroye, "Non-Uniform Random Variate Generation", 1986, X.4.3);
    otherwise BTRS, transformed rejection with squeeze (Hörmann, "The generation of binomial random
    variates", Journal of Statistical Computation and Simulation 46, 1993).
    """
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if p > 0.5:
        return n - binomial(rng, n, 1.0 - p)
    if n * p < 10.0:
        x = y = 0
        c = math.log(1.0 - p)
        if not c:
            return x
        while True:
            y += math.floor(math.log(1.0 - rng.random()) / c) + 1
            if y > n:
                return x
            x += 1
    spq = math.sqrt(n * p * (1.0 - p))
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    vr = 0.92 - 4.2 / b
    setup: tuple[float, float, int, float] | None = None  # only needed past the squeeze test
    while True:
        u = rng.random() - 0.5
        us = 0.5 - abs(u)
        if us <= 0.0:
            continue
        k = math.floor((2.0 * a / us + b) * u + c)
        if k < 0 or k > n:
            continue
        v = rng.random()
        if us >= 0.07 and v <= vr:
            return k
        if setup is None:
            mode = math.floor((n + 1) * p)
            setup = (
                (2.83 + 5.1 / b) * spq,
                math.log(p / (1.0 - p)),
                mode,
                math.lgamma(mode + 1) + math.lgamma(n - mode + 1),
            )
        alpha, lpq, mode, h = setup
        v *= alpha / (a / (us * us) + b)
        if v > 0.0 and math.log(v) <= h - math.lgamma(k + 1) - math.lgamma(n - k + 1) + (k - mode) * lpq:
            return k
