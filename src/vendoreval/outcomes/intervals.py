"""Confidence intervals and sample sizes for pilot KPIs.

Pure numpy functions, vectorised over arrays of groups (one element per vendor):

* a proportion (FCR, top-2-box CSAT, resolution, conversion): the Wilson score interval [1]_;
* the difference of two independent proportions: Newcombe's hybrid score interval, method 10
  of [2]_, built from the two Wilson intervals;
* a mean (QA score, handle time) and the difference of two means: Student's t with the
  Welch–Satterthwaite degrees of freedom [3]_ [4]_;
* contacts per arm to detect a difference: the normal approximation for two proportions
  [5]_ and for two means.

Normal quantiles come from :class:`statistics.NormalDist`; Student-t quantiles from
:func:`scipy.special.stdtrit`, imported when first needed.

References
----------
.. [1] Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
   inference. *Journal of the American Statistical Association*, 22(158), 209–212.
   https://doi.org/10.1080/01621459.1927.10502953
.. [2] Newcombe, R. G. (1998). Interval estimation for the difference between independent
   proportions: comparison of eleven methods. *Statistics in Medicine*, 17(8), 873–890.
   https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
.. [3] Welch, B. L. (1947). The generalization of "Student's" problem when several different
   population variances are involved. *Biometrika*, 34(1/2), 28–35.
   https://doi.org/10.2307/2332510
.. [4] Satterthwaite, F. E. (1946). An approximate distribution of estimates of variance
   components. *Biometrics Bulletin*, 2(6), 110–114. https://doi.org/10.2307/3002019
.. [5] Fleiss, J. L., Levin, B., & Paik, M. C. (2003). *Statistical Methods for Rates and
   Proportions* (3rd ed.), section 4.2, equation (4.14). Wiley.
   https://doi.org/10.1002/0471445428
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from vendoreval.errors import OutcomeRecordError

__all__ = [
    "means_sample_size",
    "newcombe_interval",
    "normal_quantile",
    "proportions_sample_size",
    "t_quantile",
    "welch_difference_interval",
    "welch_mean_interval",
    "wilson_interval",
]

FloatArray = npt.NDArray[np.float64]
ArrayLike = npt.ArrayLike


def _check_confidence(confidence: float) -> float:
    if not isinstance(confidence, int | float) or isinstance(confidence, bool):
        raise OutcomeRecordError(
            f"confidence: expected a number strictly between 0 and 1, got {confidence!r}"
        )
    if not 0.0 < float(confidence) < 1.0:
        raise OutcomeRecordError(
            f"confidence: expected a number strictly between 0 and 1, got {confidence!r}"
        )
    return float(confidence)


def normal_quantile(confidence: float) -> float:
    """Two-sided standard normal critical value z with P(|Z| ≤ z) = ``confidence``.

    Parameters
    ----------
    confidence : float
        Coverage of the two-sided interval, strictly between 0 and 1 (0.95 → 1.959964).
    """
    return NormalDist().inv_cdf(0.5 + _check_confidence(confidence) / 2.0)


def t_quantile(confidence: float, df: ArrayLike) -> FloatArray:
    """Two-sided Student-t critical values for ``df`` degrees of freedom (NaN where df ≤ 0).

    Parameters
    ----------
    confidence : float
        Coverage of the two-sided interval, strictly between 0 and 1.
    df : array_like of float
        Degrees of freedom (may be fractional, as Welch–Satterthwaite's are).
    """
    from scipy.special import stdtrit  # type: ignore[import-untyped, unused-ignore]

    level = 0.5 + _check_confidence(confidence) / 2.0
    dof = np.asarray(df, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        out = np.asarray(stdtrit(np.where(dof > 0, dof, np.nan), level), dtype=np.float64)
    return out


def wilson_interval(
    successes: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval for a binomial proportion [1]_.

    With p̂ = x/n and z the two-sided normal critical value,

    .. math:: \\frac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}

    Parameters
    ----------
    successes : array_like of int
        Successes x per group [contacts].
    n : array_like of int
        Trials per group [contacts]; groups with n = 0 get NaN bounds.
    confidence : float
        Two-sided coverage, strictly between 0 and 1.

    Returns
    -------
    low, high : numpy.ndarray of float
        Bounds [share 0–1], clipped to [0, 1] against rounding.
    """
    z = normal_quantile(confidence)
    x = np.asarray(successes, dtype=np.float64)
    trials = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / trials
        z2n = z * z / trials
        centre = (p + z2n / 2.0) / (1.0 + z2n)
        half = z * np.sqrt(p * (1.0 - p) / trials + z2n / (4.0 * trials)) / (1.0 + z2n)
    low = np.where(trials > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
    high = np.where(trials > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def newcombe_interval(
    successes1: ArrayLike,
    n1: ArrayLike,
    successes2: ArrayLike,
    n2: ArrayLike,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray]:
    """Newcombe's hybrid score interval for p₁ − p₂ (method 10 of [2]_).

    With (l₁, u₁) and (l₂, u₂) the Wilson intervals of the two proportions and
    d = p̂₁ − p̂₂,

    .. math:: L = d - \\sqrt{(\\hat p_1 - l_1)^2 + (u_2 - \\hat p_2)^2}, \\quad
              U = d + \\sqrt{(u_1 - \\hat p_1)^2 + (\\hat p_2 - l_2)^2}

    (no continuity correction).

    Parameters
    ----------
    successes1, n1 : array_like of int
        Successes and trials of the first group [contacts] (the vendor).
    successes2, n2 : array_like of int
        Successes and trials of the second group [contacts] (the baseline).
    confidence : float
        Two-sided coverage, strictly between 0 and 1.

    Returns
    -------
    low, high : numpy.ndarray of float
        Bounds of p₁ − p₂ [share, −1 to 1]; NaN where either group has no trials.
    """
    x1 = np.asarray(successes1, dtype=np.float64)
    t1 = np.asarray(n1, dtype=np.float64)
    x2 = np.asarray(successes2, dtype=np.float64)
    t2 = np.asarray(n2, dtype=np.float64)
    l1, u1 = wilson_interval(x1, t1, confidence)
    l2, u2 = wilson_interval(x2, t2, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1 = x1 / t1
        p2 = x2 / t2
    d = p1 - p2
    low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return low, high


def welch_mean_interval(
    mean: ArrayLike, variance: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Student-t interval for one mean: x̄ ± t(n − 1) · s/√n (Welch's with one group).

    Parameters
    ----------
    mean : array_like of float
        Sample means [unit of the KPI].
    variance : array_like of float
        Sample variances with n − 1 in the denominator [unit²].
    n : array_like of int
        Observations per group; groups with n < 2 get NaN bounds.
    confidence : float
        Two-sided coverage, strictly between 0 and 1.

    Returns
    -------
    low, high : numpy.ndarray of float
        Bounds [unit of the KPI]; a group whose values are all equal gets the point interval.
    """
    m = np.asarray(mean, dtype=np.float64)
    v = np.asarray(variance, dtype=np.float64)
    count = np.asarray(n, dtype=np.float64)
    t = t_quantile(confidence, count - 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        half = np.where(v == 0.0, 0.0, t * np.sqrt(v / count))
    half = np.where(count >= 2, half, np.nan)
    return m - half, m + half


def welch_difference_interval(
    mean1: ArrayLike,
    variance1: ArrayLike,
    n1: ArrayLike,
    mean2: ArrayLike,
    variance2: ArrayLike,
    n2: ArrayLike,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray]:
    """Welch's interval for μ₁ − μ₂ with unequal variances [3]_ [4]_.

    With a = s₁²/n₁ and b = s₂²/n₂: x̄₁ − x̄₂ ± t(ν) √(a + b), where
    ν = (a + b)² / (a²/(n₁ − 1) + b²/(n₂ − 1)).

    Parameters
    ----------
    mean1, variance1, n1 : array_like
        Mean [unit], variance (n − 1 denominator) [unit²] and size of the first group.
    mean2, variance2, n2 : array_like
        The same for the second group (the baseline).
    confidence : float
        Two-sided coverage, strictly between 0 and 1.

    Returns
    -------
    low, high : numpy.ndarray of float
        Bounds of μ₁ − μ₂ [unit]; NaN where a group has fewer than 2 values; the point
        interval where both groups have zero variance.
    """
    c1 = np.asarray(n1, dtype=np.float64)
    c2 = np.asarray(n2, dtype=np.float64)
    d = np.asarray(mean1, dtype=np.float64) - np.asarray(mean2, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = np.asarray(variance1, dtype=np.float64) / c1
        b = np.asarray(variance2, dtype=np.float64) / c2
        dof = (a + b) ** 2 / (a * a / (c1 - 1.0) + b * b / (c2 - 1.0))
        t = t_quantile(confidence, dof)
        half = np.where(a + b == 0.0, 0.0, t * np.sqrt(a + b))
    half = np.where((c1 >= 2) & (c2 >= 2), half, np.nan)
    return d - half, d + half


def _z_power(power: float) -> float:
    if not isinstance(power, int | float) or isinstance(power, bool) or not 0.0 < power < 1.0:
        raise OutcomeRecordError(
            f"power: expected a number strictly between 0 and 1, got {power!r}"
        )
    return NormalDist().inv_cdf(float(power))


def _check_difference(difference: float) -> float:
    if (
        not isinstance(difference, int | float)
        or isinstance(difference, bool)
        or not math.isfinite(difference)
        or difference == 0
    ):
        raise OutcomeRecordError(
            f"difference: expected a finite non-zero number, got {difference!r}"
        )
    return float(difference)


def proportions_sample_size(
    baseline: float, difference: float, *, confidence: float = 0.95, power: float = 0.8
) -> int:
    """Contacts per arm for a two-sided test of two proportions (normal approximation) [5]_.

    With p₁ the baseline, p₂ = p₁ + Δ, p̄ = (p₁ + p₂)/2 and q = 1 − p,

    .. math:: n = \\left\\lceil \\frac{\\left(z_{1-\\alpha/2}\\sqrt{2\\bar p\\bar q}
              + z_{1-\\beta}\\sqrt{p_1 q_1 + p_2 q_2}\\right)^2}{\\Delta^2} \\right\\rceil

    (Fleiss, Levin & Paik 2003, eq. 4.14, without continuity correction).

    Parameters
    ----------
    baseline : float
        The baseline's proportion p₁ [share 0–1].
    difference : float
        Difference Δ to detect [share]; p₁ + Δ must lie in [0, 1].
    confidence : float
        1 − α of the two-sided test.
    power : float
        1 − β, the probability of detecting Δ.

    Returns
    -------
    int
        Contacts needed in each arm [contacts].
    """
    delta = _check_difference(difference)
    if not 0.0 <= baseline <= 1.0 or not math.isfinite(baseline):
        raise OutcomeRecordError(f"baseline: expected a proportion in [0, 1], got {baseline!r}")
    p1 = float(baseline)
    p2 = p1 + delta
    if not 0.0 <= p2 <= 1.0:
        raise OutcomeRecordError(
            f"difference: the baseline {p1:.4g} plus {delta:.4g} is {p2:.4g}, outside [0, 1]"
        )
    p_bar = (p1 + p2) / 2.0
    root = normal_quantile(confidence) * math.sqrt(2.0 * p_bar * (1.0 - p_bar)) + _z_power(
        power
    ) * math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2))
    return max(1, math.ceil(root * root / (delta * delta) - 1e-9))


def means_sample_size(
    sd: float, difference: float, *, confidence: float = 0.95, power: float = 0.8
) -> int:
    """Observations per arm for a two-sided test of two means (normal approximation).

    .. math:: n = \\left\\lceil \\frac{2\\sigma^2 (z_{1-\\alpha/2} + z_{1-\\beta})^2}{\\Delta^2}
              \\right\\rceil

    Parameters
    ----------
    sd : float
        Common standard deviation σ [unit of the KPI], e.g. the pooled sample estimate.
    difference : float
        Difference Δ of the means to detect [unit of the KPI].
    confidence : float
        1 − α of the two-sided test.
    power : float
        1 − β.

    Returns
    -------
    int
        Observations needed in each arm [contacts].
    """
    delta = _check_difference(difference)
    if not math.isfinite(sd) or sd < 0:
        raise OutcomeRecordError(f"sd: expected a finite standard deviation ≥ 0, got {sd!r}")
    z = normal_quantile(confidence) + _z_power(power)
    return max(1, math.ceil(2.0 * sd * sd * z * z / (delta * delta) - 1e-9))
