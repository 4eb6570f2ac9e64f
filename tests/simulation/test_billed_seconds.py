"""Tests for vendoreval.simulation.billed_seconds: exact per-contact billed seconds, monthly sums.

References are independent of the code under test: mpmath (high-precision erfc and numerical
integration of the convolution), large seeded Monte Carlo of lognormal and exponential draws
pushed through :meth:`BillingIncrement.billed_seconds`, and closed forms worked by hand.
"""

from __future__ import annotations

import math

import mpmath  # type: ignore[import-untyped]
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from vendoreval.pricing.billing import BillingIncrement
from vendoreval.simulation.billed_seconds import (
    BERRY_ESSEEN_CONSTANT,
    EXACT_SUM_LIMIT,
    TAIL_MASS,
    SecondsPmf,
    WaitProfile,
    berry_esseen_bound,
    contact_seconds,
    normal_sf,
    sample_sums,
)

FloatArray = npt.NDArray[np.float64]

INCREMENTS = ("60/60", "1/1", "30/6", "6/6", "120/30")


def _lognormal(rng: np.random.Generator, mean: float, cv: float, size: int) -> FloatArray:
    sigma2 = math.log1p(cv * cv)
    return rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2), size)


def _answered_draws(
    rng: np.random.Generator, mean: float, cv: float, wait: WaitProfile, size: int
) -> FloatArray:
    """Billable seconds of answered contacts: handle time plus, sometimes, an exponential wait."""
    q = (wait.prob_wait - wait.prob_abandon) / (1.0 - wait.prob_abandon)
    waited = rng.random(size) < q
    return _lognormal(rng, mean, cv, size) + waited * rng.exponential(
        wait.mean_wait_if_waiting_seconds, size
    )


# ----------------------------------------------------------------------------- normal tail


def test_normal_sf_matches_mpmath_to_1e12_relative() -> None:
    z = np.concatenate((np.linspace(-9.0, 37.0, 2001), [-np.inf, np.inf, 0.0, 2.1213203]))
    got = normal_sf(z)
    mpmath.mp.dps = 40
    for value, result in zip(z, got, strict=True):
        if math.isinf(value):
            assert result == (0.0 if value > 0 else 1.0)
            continue
        exact = float(mpmath.erfc(mpmath.mpf(float(value)) / mpmath.sqrt(2)) / 2)
        assert result == pytest.approx(exact, rel=1e-12, abs=0.0), value


def test_normal_sf_keeps_shape() -> None:
    assert normal_sf(np.zeros((2, 3))).shape == (2, 3)
    assert float(normal_sf(0.0)) == 0.5


# ----------------------------------------------------------------------------- deterministic


@given(
    seconds=st.floats(min_value=0.01, max_value=5000.0),
    increment=st.sampled_from(INCREMENTS),
    share=st.sampled_from((1.0, 0.75, 0.5)),
)
def test_fixed_duration_is_billed_like_billing_increment(
    seconds: float, increment: str, share: float
) -> None:
    inc = BillingIncrement.parse(increment)
    contact = contact_seconds(seconds, 0.0, inc, billable_share=share)
    expected = inc.billed_seconds(seconds * share)
    assert contact.answered_billed.values.tolist() == [expected]
    assert contact.mean_billed_seconds == expected
    assert contact.answered.values.tolist() == [math.ceil(seconds * share)]


@given(seconds=st.floats(min_value=5.0, max_value=3000.0), increment=st.sampled_from(INCREMENTS))
def test_nearly_fixed_duration_is_billed_like_billing_increment(
    seconds: float, increment: str
) -> None:
    # cv 1e-6: the standard deviation is 1e-6 × seconds. A whole second more than 20 of
    # them away leaves no mass beyond it that a float could show; nearer, the tail past the
    # next whole second is billed and the mean is rightly above the fixed duration's bill
    # (2605.984375 s: 6 deviations from 2606 s, 1e-9 s more on average).
    assume(abs(seconds - round(seconds)) > 2e-5 * seconds)
    inc = BillingIncrement.parse(increment)
    contact = contact_seconds(seconds, 1e-6, inc)
    assert contact.mean_billed_seconds == pytest.approx(inc.billed_seconds(seconds), abs=1e-9)


def test_fixed_duration_plus_exponential_wait_has_closed_form() -> None:
    # D = ⌈h + W⌉ with W ~ Exp(mean 20 s): P(D > d) = exp(−(d − h)/20) for d ≥ h.
    h, mean_wait = 95.3, 20.0
    wait = WaitProfile(prob_wait=1.0, mean_wait_if_waiting_seconds=mean_wait)
    contact = contact_seconds(h, 0.0, "1/1", wait=wait, bills_wait=True)
    d = contact.answered.values
    p = contact.answered.probs
    assert d[0] == 96
    expected = np.exp(-(d - 1 - h).clip(min=0) / mean_wait) - np.exp(-(d - h) / mean_wait)
    assert np.allclose(p[:200], expected[:200], rtol=1e-12, atol=1e-15)
    mean = 96 + math.exp(-(96 - h) / mean_wait) / -math.expm1(-1 / mean_wait)
    assert contact.answered.mean == pytest.approx(mean, rel=1e-12)


# ----------------------------------------------------------------------------- exact pmf


def _sf_sum_mpmath(d: int, mu: float, sigma: float, rate: float) -> float:
    """P(H + W > d) by numerical integration: S_H(d) + ∫_0^d e^{−rate(d−h)} f_H(h) dh."""
    mpmath.mp.dps = 30

    def density(h: mpmath.mpf) -> mpmath.mpf:
        return mpmath.npdf(mpmath.log(h), mu, sigma) / h

    integral = mpmath.quad(lambda h: mpmath.exp(-rate * (d - h)) * density(h), [0, d / 4, d / 2, d])
    tail = mpmath.ncdf(-(mpmath.log(d) - mu) / sigma)
    return float(tail + integral)


@pytest.mark.parametrize(
    ("mean", "cv", "mean_wait"), [(300.0, 0.8, 30.0), (60.0, 0.3, 4.0), (200.0, 0.05, 0.5)]
)
def test_handle_plus_wait_pmf_matches_numerical_integration(
    mean: float, cv: float, mean_wait: float
) -> None:
    wait = WaitProfile(prob_wait=1.0, mean_wait_if_waiting_seconds=mean_wait)
    contact = contact_seconds(mean, cv, "1/1", wait=wait, bills_wait=True)
    sigma = math.sqrt(math.log1p(cv * cv))
    mu = math.log(mean) - sigma**2 / 2
    pmf = dict(zip(contact.answered.values.tolist(), contact.answered.probs, strict=True))
    for d in (int(mean * 0.9), int(mean), int(mean * 1.1), int(mean * 2)):
        exact = _sf_sum_mpmath(d - 1, mu, sigma, 1 / mean_wait) - _sf_sum_mpmath(
            d, mu, sigma, 1 / mean_wait
        )
        assert pmf.get(d, 0.0) == pytest.approx(exact, rel=1e-11, abs=1e-15), d


@pytest.mark.parametrize(
    ("mean", "cv", "increment", "wait", "bills_wait"),
    [
        (315.0, 0.7, "60/60", WaitProfile(), False),
        (240.0, 0.8, "30/6", WaitProfile(0.4, 25.0, 0.05), True),
        (180.0, 1.2, "1/1", WaitProfile(0.2, 40.0, 0.02), True),
        (45.0, 0.5, "120/30", WaitProfile(0.3, 10.0, 0.0), False),
    ],
)
def test_pmf_moments_match_monte_carlo(
    mean: float, cv: float, increment: str, wait: WaitProfile, bills_wait: bool
) -> None:
    inc = BillingIncrement.parse(increment)
    contact = contact_seconds(mean, cv, inc, wait=wait, bills_wait=bills_wait)
    rng = np.random.default_rng(20270101)
    size = 400_000
    if bills_wait:
        actual = _answered_draws(rng, mean, cv, wait, size)
    else:
        actual = _lognormal(rng, mean, cv, size)
    billed = np.asarray(inc.billed_seconds(actual), dtype=np.float64)
    whole = np.ceil(actual)
    for pmf, draws in ((contact.answered_billed, billed), (contact.answered, whole)):
        error = draws.std() / math.sqrt(size)
        assert abs(pmf.mean - draws.mean()) < 4 * error
    # P(billed = first period) — a bin the increment creates — within 4 binomial errors
    first = float(np.mean(billed == inc.first))
    exact = float(contact.answered_billed.cdf(inc.first)[()])
    assert abs(exact - first) < 4 * math.sqrt(exact * (1 - exact) / size) + 1e-12


def test_abandoned_contacts_bill_their_wait_only() -> None:
    wait = WaitProfile(prob_wait=0.3, mean_wait_if_waiting_seconds=25.0, prob_abandon=0.1)
    billed = contact_seconds(200.0, 0.6, "1/1", wait=wait, bills_wait=True)
    d = billed.abandoned.values
    expected = np.exp(-(d - 1).clip(min=0) / 25.0) - np.exp(-d / 25.0)
    expected[d == 0] = 0.0
    assert np.allclose(billed.abandoned.probs, expected[billed.abandoned.probs > 0], atol=1e-15)
    unbilled = contact_seconds(200.0, 0.6, "1/1", wait=wait, bills_wait=False)
    assert unbilled.abandoned.values.tolist() == [0]
    assert unbilled.mean_billed_wait_seconds == 0.0


def test_billed_wait_matches_monte_carlo() -> None:
    wait = WaitProfile(prob_wait=0.35, mean_wait_if_waiting_seconds=30.0, prob_abandon=0.05)
    contact = contact_seconds(300.0, 0.7, "1/1", wait=wait, bills_wait=True)
    rng = np.random.default_rng(7)
    size = 500_000
    handle = _lognormal(rng, 300.0, 0.7, size)
    abandoned = rng.random(size) < 0.05
    waits = (rng.random(size) < 0.30 / 0.95) * rng.exponential(30.0, size)
    waits[abandoned] = rng.exponential(30.0, int(abandoned.sum()))
    handle[abandoned] = 0.0
    with_wait = np.ceil(handle + waits)
    without = np.ceil(handle)
    extra = with_wait - without
    assert abs(contact.mean_billed_wait_seconds - extra.mean()) < 4 * extra.std() / math.sqrt(size)
    assert abs(contact.mean_actual_seconds - with_wait.mean()) < 4 * with_wait.std() / math.sqrt(
        size
    )


def test_pmf_is_normalised_and_tail_is_small() -> None:
    contact = contact_seconds(
        600.0, 1.0, "60/60", wait=WaitProfile(0.5, 60.0, 0.1), bills_wait=True
    )
    for pmf in (contact.answered, contact.abandoned, contact.answered_billed, contact.billed):
        assert pmf.probs.sum() == pytest.approx(1.0, abs=1e-12)
        assert (pmf.probs > 0).all()
        assert (np.diff(pmf.values) > 0).all()
    assert 0 <= contact.tail_mass <= TAIL_MASS


def test_per_second_has_no_overhead_and_per_minute_does() -> None:
    per_second = contact_seconds(250.0, 0.8, "1/1")
    per_minute = contact_seconds(250.0, 0.8, "60/60")
    assert per_second.overhead == pytest.approx(1.0, abs=1e-12)
    assert per_minute.overhead > 1.05
    # first-order stochastic dominance: the per-second cdf is never below the per-minute one
    points = np.arange(0, 5000, 7)
    assert (
        per_second.answered_billed.cdf(points) >= per_minute.answered_billed.cdf(points) - 1e-15
    ).all()


def test_nothing_billable_but_the_wait() -> None:
    wait = WaitProfile(prob_wait=0.5, mean_wait_if_waiting_seconds=20.0, prob_abandon=0.1)
    contact = contact_seconds(200.0, 0.5, "1/1", wait=wait, bills_wait=True, billable_share=0.0)
    q = (0.5 - 0.1) / 0.9
    assert contact.prob_unbilled_answered == pytest.approx(1 - q, rel=1e-12)
    assert contact.answered_positive.values[0] == 1


def test_bad_arguments_name_the_argument() -> None:
    with pytest.raises(ValueError, match="aht_seconds"):
        contact_seconds(-1.0, 0.5, "60/60")
    with pytest.raises(ValueError, match="handle_time_cv"):
        contact_seconds(100.0, math.nan, "60/60")
    with pytest.raises(ValueError, match="billable_share"):
        contact_seconds(100.0, 0.5, "60/60", billable_share=1.5)
    with pytest.raises(ValueError, match="prob_abandon"):
        WaitProfile(prob_wait=0.1, mean_wait_if_waiting_seconds=5.0, prob_abandon=0.2)
    with pytest.raises(ValueError, match="prob_wait"):
        WaitProfile(prob_wait=1.5)


# ----------------------------------------------------------------------------- sums


def _ks_two_sample(a: FloatArray, b: FloatArray) -> float:
    points = np.union1d(a, b)
    cdf_a = np.searchsorted(np.sort(a), points, side="right") / a.size
    cdf_b = np.searchsorted(np.sort(b), points, side="right") / b.size
    return float(np.abs(cdf_a - cdf_b).max())


def test_berry_esseen_bound_formula() -> None:
    pmf = SecondsPmf.from_grid([60, 120, 180, 600], [0.5, 0.3, 0.15, 0.05])
    values = np.array([60.0, 120.0, 180.0, 600.0])
    probs = np.array([0.5, 0.3, 0.15, 0.05])
    mu = float(values @ probs)
    sigma = math.sqrt(float(((values - mu) ** 2) @ probs))
    rho = float((np.abs(values - mu) ** 3) @ probs)
    for n in (1, 10, 2000):
        bound = float(berry_esseen_bound(pmf, n))
        assert bound == pytest.approx(BERRY_ESSEEN_CONSTANT * rho / (sigma**3 * math.sqrt(n)))
    assert float(berry_esseen_bound(SecondsPmf.point(60), 10)) == 0.0
    with pytest.raises(ValueError, match="n must"):
        berry_esseen_bound(pmf, 0)


def test_normal_limit_at_the_threshold_agrees_with_exact_sums() -> None:
    contact = contact_seconds(315.0, 0.7, "60/60", wait=WaitProfile(0.2, 30.0, 0.04))
    pmf = contact.billed
    bound = float(berry_esseen_bound(pmf, EXACT_SUM_LIMIT))
    assert bound < 0.05
    samples = 3_000
    counts = np.full(samples, EXACT_SUM_LIMIT)
    exact = sample_sums(pmf, counts, np.random.default_rng(1), exact=True)
    normal = sample_sums(pmf, counts, np.random.default_rng(2), exact=False)
    assert np.array_equal(exact, np.round(exact))
    # Two-sample KS critical value at the 0.1% level: 1.95·sqrt(2/m).
    assert _ks_two_sample(exact, normal) < bound + 1.95 * math.sqrt(2 / samples)
    spread = math.sqrt(EXACT_SUM_LIMIT * pmf.variance)
    for draws in (exact, normal):
        assert abs(draws.mean() - EXACT_SUM_LIMIT * pmf.mean) < 4 * spread / math.sqrt(samples)


def test_sample_sums_is_seeded_and_shaped() -> None:
    pmf = contact_seconds(200.0, 0.6, "30/6").answered_billed
    counts = np.array([[0, 3, 2500], [10, 0, 1]])
    first = sample_sums(pmf, counts, np.random.default_rng(5))
    second = sample_sums(pmf, counts, np.random.default_rng(5))
    assert first.shape == counts.shape
    assert np.array_equal(first, second)
    assert first[0, 0] == 0
    assert first[1, 1] == 0
    assert first[1, 2] in set(pmf.values.tolist())
    assert np.array_equal(
        sample_sums(SecondsPmf.point(60), counts, np.random.default_rng(0)), 60.0 * counts
    )
    with pytest.raises(ValueError, match="counts"):
        sample_sums(pmf, np.array([-1]), np.random.default_rng(0))


def test_exact_sums_have_the_compound_mean_and_variance() -> None:
    pmf = SecondsPmf.from_grid([0, 30, 36, 42, 300], [0.1, 0.4, 0.2, 0.2, 0.1])
    counts = np.full(20_000, 7)
    sums = sample_sums(pmf, counts, np.random.default_rng(3))
    assert abs(sums.mean() - 7 * pmf.mean) < 4 * math.sqrt(7 * pmf.variance / counts.size)
    assert sums.var() == pytest.approx(7 * pmf.variance, rel=0.05)
