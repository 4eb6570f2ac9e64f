"""Intervals and sample sizes: published values, independent libraries, and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats  # type: ignore[import-untyped, unused-ignore]
from statsmodels.stats.power import (  # type: ignore[import-untyped, unused-ignore]
    NormalIndPower,
)
from statsmodels.stats.proportion import (  # type: ignore[import-untyped, unused-ignore]
    confint_proportions_2indep,
    proportion_confint,
    samplesize_proportions_2indep_onetail,
)

from vendoreval.errors import OutcomeRecordError
from vendoreval.outcomes.intervals import (
    means_sample_size,
    newcombe_interval,
    normal_quantile,
    proportions_sample_size,
    t_quantile,
    welch_difference_interval,
    welch_mean_interval,
    wilson_interval,
)

# Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion:
# comparison of seven methods. Statistics in Medicine 17(8), 857–872, Table I, method 3
# (score interval without continuity correction), 95%.
WILSON_PUBLISHED = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]

# Newcombe, R. G. (1998). Interval estimation for the difference between independent
# proportions: comparison of eleven methods. Statistics in Medicine 17(8), 873–890,
# Table II, method 10 (hybrid score, no continuity correction), 95%: x1/n1 − x2/n2.
NEWCOMBE_PUBLISHED = [
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (0, 10, 0, 10, -0.2775, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
    (10, 10, 0, 10, 0.6075, 1.0000),
]

COUNTS = [(0, 1), (1, 1), (3, 7), (7, 20), (12, 25), (96, 120), (400, 401), (0, 1000), (517, 983)]
CONFIDENCES = [0.8, 0.9, 0.95, 0.99]


@pytest.mark.parametrize(("x", "n", "low", "high"), WILSON_PUBLISHED)
def test_wilson_matches_newcombe_1998_table(x: int, n: int, low: float, high: float) -> None:
    got = wilson_interval(x, n, 0.95)
    assert float(got[0]) == pytest.approx(low, abs=5e-5)
    assert float(got[1]) == pytest.approx(high, abs=5e-5)


@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_wilson_matches_statsmodels(confidence: float) -> None:
    x = np.array([c[0] for c in COUNTS])
    n = np.array([c[1] for c in COUNTS])
    low, high = wilson_interval(x, n, confidence)
    ref_low, ref_high = proportion_confint(x, n, alpha=1 - confidence, method="wilson")
    np.testing.assert_allclose(low, ref_low, atol=1e-12)
    np.testing.assert_allclose(high, ref_high, atol=1e-12)


def test_wilson_without_trials_is_nan() -> None:
    low, high = wilson_interval([0, 3], [0, 5])
    assert math.isnan(low[0])
    assert math.isnan(high[0])
    assert not math.isnan(low[1])


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "low", "high"), NEWCOMBE_PUBLISHED)
def test_newcombe_matches_method_10_published(
    x1: int, n1: int, x2: int, n2: int, low: float, high: float
) -> None:
    got = newcombe_interval(x1, n1, x2, n2, 0.95)
    assert float(got[0]) == pytest.approx(low, abs=5e-5)
    assert float(got[1]) == pytest.approx(high, abs=5e-5)


@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_newcombe_matches_statsmodels(confidence: float) -> None:
    # statsmodels' method="newcomb" is Newcombe's method 10 (hybrid score from two Wilson
    # intervals, no continuity correction) for p1 − p2, the same sign convention as ours
    # (first group minus second); checked against the published table above as well.
    pairs = [(a, b) for a in COUNTS for b in COUNTS[::2]]
    for (x1, n1), (x2, n2) in pairs:
        low, high = newcombe_interval(x1, n1, x2, n2, confidence)
        ref = confint_proportions_2indep(
            x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - confidence
        )
        assert float(low) == pytest.approx(float(ref[0]), abs=1e-12)
        assert float(high) == pytest.approx(float(ref[1]), abs=1e-12)


def test_newcombe_is_antisymmetric() -> None:
    # Swapping the groups negates and swaps the bounds.
    low, high = newcombe_interval(56, 70, 48, 80)
    swapped_low, swapped_high = newcombe_interval(48, 80, 56, 70)
    assert float(swapped_low) == pytest.approx(-float(high))
    assert float(swapped_high) == pytest.approx(-float(low))


def _samples(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return [
        (rng.normal(300, 60, 40), rng.normal(280, 20, 25)),
        (rng.lognormal(5.5, 0.6, 12), rng.lognormal(5.2, 0.3, 90)),
        (rng.uniform(0, 1, 3), rng.uniform(0.2, 1, 2)),
        (rng.beta(8, 2, 200), rng.beta(6, 3, 180)),
    ]


@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_welch_difference_matches_scipy(confidence: float) -> None:
    for a, b in _samples(7):
        low, high = welch_difference_interval(
            a.mean(), a.var(ddof=1), a.size, b.mean(), b.var(ddof=1), b.size, confidence
        )
        ref = stats.ttest_ind(a, b, equal_var=False).confidence_interval(confidence)
        assert float(low) == pytest.approx(ref.low, rel=1e-9)
        assert float(high) == pytest.approx(ref.high, rel=1e-9)


@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_mean_interval_matches_scipy_one_sample_t(confidence: float) -> None:
    for a, _ in _samples(11):
        low, high = welch_mean_interval(a.mean(), a.var(ddof=1), a.size, confidence)
        ref = stats.ttest_1samp(a, 0.0).confidence_interval(confidence)
        assert float(low) == pytest.approx(ref.low, rel=1e-9)
        assert float(high) == pytest.approx(ref.high, rel=1e-9)


def test_welch_degenerate_groups() -> None:
    # Fewer than two values: no interval. Zero variance in both groups: the point interval.
    low, high = welch_difference_interval(1.0, math.nan, 1, 0.0, 2.0, 5)
    assert math.isnan(low)
    assert math.isnan(high)
    low, high = welch_difference_interval(3.0, 0.0, 4, 1.0, 0.0, 6)
    assert (float(low), float(high)) == (2.0, 2.0)
    low, high = welch_mean_interval(5.0, 0.0, 3)
    assert (float(low), float(high)) == (5.0, 5.0)
    low, high = welch_mean_interval(5.0, math.nan, 1)
    assert math.isnan(low)
    assert math.isnan(high)


def test_quantiles() -> None:
    assert normal_quantile(0.95) == pytest.approx(1.959963984540054)
    assert float(t_quantile(0.95, 10)) == pytest.approx(2.2281388519649385)
    assert math.isnan(float(t_quantile(0.95, 0)))


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, math.nan, True, "0.95"])
def test_confidence_is_checked(bad: object) -> None:
    with pytest.raises(OutcomeRecordError, match="confidence"):
        normal_quantile(bad)  # type: ignore[arg-type]


# Fleiss, Levin & Paik (2003), eq. 4.14, worked by hand: p1 = 0.80, p2 = 0.70, α = 0.05
# two-sided, power 0.80: p̄ = 0.75; z.975 = 1.959964, z.80 = 0.841621;
# 1.959964·√(2·0.75·0.25) = 1.959964·0.612372 = 1.200231;
# 0.841621·√(0.16 + 0.21) = 0.841621·0.608276 = 0.511938;
# (1.712169)² / 0.01 = 293.15 → 294 per arm.
def test_proportions_sample_size_hand_worked() -> None:
    assert proportions_sample_size(0.80, -0.10, confidence=0.95, power=0.80) == 294


@pytest.mark.parametrize(
    ("baseline", "difference", "confidence", "power"),
    [
        (0.8, -0.1, 0.95, 0.8),
        (0.5, 0.05, 0.95, 0.9),
        (0.2, 0.15, 0.9, 0.8),
        (0.95, -0.02, 0.99, 0.8),
        (0.05, 0.03, 0.95, 0.5),
    ],
)
def test_proportions_sample_size_matches_statsmodels(
    baseline: float, difference: float, confidence: float, power: float
) -> None:
    # statsmodels: diff = p1 − p2 with prop2 the reference; the alternative here is the
    # baseline plus the difference, so prop2 = baseline and diff = difference.
    ref = samplesize_proportions_2indep_onetail(
        difference, baseline, power, ratio=1, alpha=1 - confidence, alternative="two-sided"
    )
    got = proportions_sample_size(baseline, difference, confidence=confidence, power=power)
    assert got == math.ceil(float(ref) - 1e-9)


@pytest.mark.parametrize(("sd", "difference"), [(60.0, 15.0), (0.1, -0.02), (200.0, 5.0)])
def test_means_sample_size_matches_normal_formula(sd: float, difference: float) -> None:
    # 2σ²(z.975 + z.80)²/Δ²; e.g. σ = 60, Δ = 15: 2·3600·7.848879/225 = 251.16 → 252.
    got = means_sample_size(sd, difference, confidence=0.95, power=0.8)
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    assert got == math.ceil(2 * sd**2 * z**2 / difference**2)
    # statsmodels solves the power of the two-sided z test including its far tail, which
    # adds a negligible amount: the two agree to within one contact.
    ref = NormalIndPower().solve_power(abs(difference) / sd, alpha=0.05, power=0.8, ratio=1)
    assert abs(got - float(ref)) <= 1
    assert means_sample_size(60.0, 15.0) == 252


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: proportions_sample_size(0.8, 0.0), "difference"),
        (lambda: proportions_sample_size(0.8, 0.3), "outside"),
        (lambda: proportions_sample_size(1.2, 0.1), "baseline"),
        (lambda: proportions_sample_size(0.8, -0.1, power=1.0), "power"),
        (lambda: means_sample_size(-1.0, 2.0), "sd"),
        (lambda: means_sample_size(1.0, math.inf), "difference"),
    ],
)
def test_sample_size_arguments_are_checked(call: object, match: str) -> None:
    with pytest.raises(OutcomeRecordError, match=match):
        call()  # type: ignore[operator]


counts = st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)
levels = st.sampled_from([0.8, 0.9, 0.95, 0.99])


@settings(max_examples=60)
@given(a=counts, b=counts, confidence=levels)
def test_intervals_contain_the_estimate(
    a: tuple[int, int], b: tuple[int, int], confidence: float
) -> None:
    (x1, n1), (x2, n2) = a, b
    low, high = wilson_interval(x1, n1, confidence)
    assert float(low) - 1e-12 <= x1 / n1 <= float(high) + 1e-12
    low, high = newcombe_interval(x1, n1, x2, n2, confidence)
    assert float(low) - 1e-12 <= x1 / n1 - x2 / n2 <= float(high) + 1e-12
    assert float(low) >= -1 - 1e-12
    assert float(high) <= 1 + 1e-12


@settings(max_examples=60)
@given(
    values=st.lists(
        st.floats(min_value=0, max_value=1e4, allow_nan=False), min_size=2, max_size=30
    ),
    confidence=levels,
)
def test_mean_interval_contains_the_mean(values: list[float], confidence: float) -> None:
    a = np.asarray(values)
    low, high = welch_mean_interval(a.mean(), a.var(ddof=1), a.size, confidence)
    assert float(low) <= a.mean() + 1e-9
    assert a.mean() - 1e-9 <= float(high)


@settings(max_examples=60)
@given(count=counts, factor=st.integers(min_value=2, max_value=20), confidence=levels)
def test_width_narrows_as_n_grows(count: tuple[int, int], factor: int, confidence: float) -> None:
    # Same proportion x/n, more contacts: a strictly narrower Wilson interval, and a
    # narrower Newcombe interval when both groups grow.
    x, n = count
    low, high = wilson_interval([x, factor * x], [n, factor * n], confidence)
    assert high[1] - low[1] < high[0] - low[0]
    low, high = newcombe_interval([x, factor * x], [n, factor * n], 0, 3 * n, confidence)
    assert high[1] - low[1] < high[0] - low[0]


def test_identical_arms_cover_zero_about_95_percent() -> None:
    # 400 seeded replications of two arms drawn from the same distribution: the 95%
    # difference interval should contain 0 in about 95% of them (binomial sd ≈ 1.1 points).
    rng = np.random.default_rng(20250301)
    replications, n = 400, 250
    x1 = rng.binomial(n, 0.8, replications)
    x2 = rng.binomial(n, 0.8, replications)
    low, high = newcombe_interval(x1, n, x2, n, 0.95)
    covered = np.mean((low <= 0) & (high >= 0))
    assert 0.92 <= covered <= 0.98

    a = rng.lognormal(5.8, 0.5, (replications, 60))
    b = rng.lognormal(5.8, 0.5, (replications, 80))
    low, high = welch_difference_interval(
        a.mean(axis=1), a.var(axis=1, ddof=1), 60, b.mean(axis=1), b.var(axis=1, ddof=1), 80
    )
    covered = np.mean((low <= 0) & (high >= 0))
    assert 0.92 <= covered <= 0.98
