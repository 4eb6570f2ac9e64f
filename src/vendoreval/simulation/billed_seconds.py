"""Billed seconds of a voice contact, exactly, and of a month of contacts.

One offered voice contact
-------------------------
A contact's *billable* seconds are ``X = H_b + W_b`` where

* ``H_b`` is the billed part of its handle time. Handle time (talk + hold + after-call work) is
  lognormal with the channel's mean ``aht_seconds`` and coefficient of variation
  ``handle_time_cv``; the components are taken in fixed proportion to it, so when a sheet bills
  only some of them ``H_b = c·H`` with ``c`` the billed share of the mean (still lognormal, same
  CV). ``handle_time_cv = 0`` gives a fixed handle time.
* ``W_b`` is the customer's queue time when the sheet bills ``wait`` (else 0). From the queue
  model (:class:`WaitProfile`) a contact waits with probability ``P(wait)``; its wait is then
  exponential with the queue model's conditional mean ``E[W | W > 0]``. A contact that abandons
  (probability ``P(abandon) ≤ P(wait)``) has no handle time, only its wait.

The billable whole seconds ``D = ⌈X⌉`` have an exact pmf on the 1-second grid
``d = 0, 1, …, L``, computed from the survival function ``S(d) = P(X > d)``:

* handle time alone: ``S_H(d) = Q((ln d − m)/s)`` (``Q`` the standard normal tail);
* handle time plus an exponential wait of rate ``λ`` (conditioning on ``H``):
  ``S_{H+W}(d) = S_H(d) + Σ_{j ≤ d} e^{−λ(d−j)} g_j`` with
  ``g_j = ∫_{j−1}^{j} e^{−λ(j−h)} f_H(h) dh`` — a convolution on the grid of the per-second
  masses ``g`` with the exponential kernel, carried out exactly by a blocked, rescaled
  cumulative sum (no FFT round-off). ``g_j`` is the bin's exact mass less
  ``∫ (1 − e^{−λ(j−h)}) f_H``, the latter by 8-point Gauss–Legendre quadrature in the
  log-time variable on ``max(1, ⌈2λ⌉)`` panels per bin (36 times more on bins wider than half
  a standard deviation), so the quadrature acts only on a correction below ``λ`` times the
  bin's mass (the pmf agrees with 30-digit numerical integration to about 10⁻¹³ relative);
* the wait alone (abandoned contacts): ``S_W(d) = e^{−λd}``.

``L`` is the smallest grid end with ``P(X > L) ≤ 10⁻¹²`` (:data:`TAIL_MASS`, from the normal and
exponential tail bounds), capped at :data:`MAX_GRID_SECONDS`; the remaining tail mass, computed
exactly, is put in the last bin, so the pmf sums to 1 and :attr:`ContactSeconds.tail_mass`
reports what was moved. The pmf of *billed* seconds is ``D`` mapped through the billing
increment (:meth:`BillingIncrement.billed_seconds`); means, variances and the third absolute
central moment are sums over that pmf. The standard normal tail is evaluated with a vectorized
complementary error function (series below 1.5, Laplace continued fraction above) accurate to
about 10⁻¹³ relative.

A month of contacts
-------------------
For ``N`` contacts in a month the billed total ``S = Σ B_i`` is drawn exactly — the sum of ``N``
inverse-CDF draws from the pmf — when ``N ≤ N₀`` (:data:`EXACT_SUM_LIMIT`, 2,000), and from the
normal limit ``S ~ Normal(N μ, N σ²)`` above it, so the cost of a draw never grows with the
month's volume. The error of the normal limit is bounded by the Berry–Esseen inequality

.. math:: \\sup_x |F_S(x) − Φ((x − Nμ)/(σ\\sqrt N))| ≤ \\frac{C\\,ρ}{σ^3 \\sqrt N},
          \\quad ρ = E|B − μ|^3,\\; C = 0.4748

(:func:`berry_esseen_bound`). At ``N₀`` it is a few per cent for usual handle-time
distributions (e.g. 0.03 for per-minute billing of a 315 s mean with CV 0.7), and the actual
distance is smaller still. Under ``rounding: monthly`` the whole billable seconds ``D`` are
summed the same way and the caller rounds the month's total once by the increment, as an
invoice does.

References
----------
.. [1] A. C. Berry, "The accuracy of the Gaussian approximation to the sum of independent
   variates", Transactions of the AMS 49(1), 1941, 122–136.
.. [2] C.-G. Esseen, "On the Liapunoff limit of error in the theory of probability", Arkiv för
   Matematik, Astronomi och Fysik 28A(9), 1942, 1–19.
.. [3] I. G. Shevtsova, "On the absolute constants in the Berry–Esseen type inequalities for
   identically distributed summands", arXiv:1111.6554, 2011 (the constant 0.4748).
.. [4] M. Abramowitz and I. A. Stegun, *Handbook of Mathematical Functions*, 1964, 7.1.6 (the
   series of erf) and 7.1.14 (the continued fraction of erfc).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final, overload

import numpy as np
import numpy.typing as npt

from vendoreval._types import FloatArray, IntArray
from vendoreval.errors import ArgumentError
from vendoreval.pricing.billing import BillingIncrement

__all__ = [
    "BERRY_ESSEEN_CONSTANT",
    "EXACT_SUM_LIMIT",
    "MAX_GRID_SECONDS",
    "TAIL_MASS",
    "ContactSeconds",
    "SecondsPmf",
    "WaitProfile",
    "berry_esseen_bound",
    "contact_seconds",
    "normal_sf",
    "sample_sums",
]


TAIL_MASS: Final = 1e-12
"""Probability mass beyond the grid end that is folded into the last bin [-]."""

MAX_GRID_SECONDS: Final = 2**20
"""Longest billable duration represented on the grid (about 12 days) [s]."""

EXACT_SUM_LIMIT: Final = 2_000
"""Monthly contact counts up to this are summed draw by draw; above, the normal limit [contacts]."""

BERRY_ESSEEN_CONSTANT: Final = 0.4748
"""Shevtsova's (2011) constant of the Berry–Esseen bound for identically distributed summands."""

_SQRT_PI: Final = math.sqrt(math.pi)
_CF_BANDS: Final = ((1.5, 2.0, 100), (2.0, 3.0, 48), (3.0, 4.5, 24), (4.5, math.inf, 16))
_SQRT2: Final = math.sqrt(2.0)
_Z_CLIP: Final = 9.0  # Q(9) ≈ 1.1e-19: normal mass beyond ±9 is below any tolerance used here
_SQRT_2PI: Final = math.sqrt(2.0 * math.pi)
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(8)
_PANEL_WIDTH: Final = 0.5  # widest log-time panel of the 8-point rule [standard deviations]
_WIDE_PANELS: Final = math.ceil(2 * _Z_CLIP / _PANEL_WIDTH)
_CHUNK: Final = 1 << 20  # quadrature nodes per chunk (bounds memory)
_MAX_EXP: Final = 600.0  # largest exponent the blocked convolution lets grow within a block
_DRAW_CHUNK: Final = 1 << 22  # draws per chunk when summing exactly


# ----------------------------------------------------------------------------- normal tail


def _erfc_nonnegative(x: FloatArray) -> FloatArray:
    """erfc for x ≥ 0: series of erf below 1.5, Laplace continued fraction above (A&S 7.1)."""
    out = np.empty_like(x)
    small = x < 1.5
    xs = x[small]
    if xs.size:
        twice_square = 2.0 * xs * xs
        term = xs.copy()
        total = xs.copy()
        for n in range(50):  # erf(x) = 2/√π e^{-x²} Σ 2ⁿ x^{2n+1}/(2n+1)!!
            term *= twice_square / (2 * n + 3)
            total += term
        out[small] = 1.0 - (2.0 / _SQRT_PI) * np.exp(-xs * xs) * total
    # Continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + …))), evaluated from a depth that
    # gives 1e-14 relative accuracy on each band of x (fewer terms as x grows).
    for low, high, depth in _CF_BANDS:
        band = (x >= low) & (x < high)
        xl = x[band]
        if not xl.size:
            continue
        fraction = xl.copy()
        for k in range(depth, 0, -1):
            fraction = xl + (0.5 * k) / fraction
        with np.errstate(under="ignore"):
            out[band] = np.exp(-xl * xl) / (_SQRT_PI * fraction)
    return out


def normal_sf(z: npt.ArrayLike) -> FloatArray:
    """Upper tail of the standard normal, ``Q(z) = P(Z > z) = erfc(z/√2)/2``, elementwise.

    Parameters
    ----------
    z : array_like
        Standard scores [-]; ``±inf`` allowed.

    Returns
    -------
    numpy.ndarray
        ``Q(z)``, accurate to about 10⁻¹³ relative (also deep in the upper tail, down to the
        float64 underflow near ``z ≈ 37``).
    """
    values = np.asarray(z, dtype=np.float64)
    flat = values.ravel() / _SQRT2
    finite = np.where(np.isfinite(flat), flat, 0.0)
    tail = 0.5 * _erfc_nonnegative(np.abs(finite))
    out = np.where(finite >= 0, tail, 1.0 - tail)
    out = np.where(flat == np.inf, 0.0, np.where(flat == -np.inf, 1.0, out))
    return out.reshape(values.shape)


# ----------------------------------------------------------------------------- pmf on seconds


@dataclass(frozen=True, slots=True, eq=False)
class SecondsPmf:
    """A distribution on whole seconds: distinct ``values`` [s] with probabilities ``probs``.

    Build it with :meth:`from_grid` (zero-probability values are dropped). Moments are exact
    sums over the support.

    Attributes
    ----------
    values : numpy.ndarray of int64
        Support, ascending [s].
    probs : numpy.ndarray
        Probabilities, summing to 1 [-].
    mean : float
        ``μ = Σ v·p`` [s].
    variance : float
        ``σ² = Σ (v − μ)²·p`` [s²].
    third_absolute_moment : float
        ``ρ = Σ |v − μ|³·p`` [s³], for the Berry–Esseen bound.
    """

    values: IntArray
    probs: FloatArray
    mean: float
    variance: float
    third_absolute_moment: float
    _cdf: FloatArray = field(repr=False)

    @classmethod
    def from_grid(cls, values: npt.ArrayLike, probs: npt.ArrayLike) -> SecondsPmf:
        """Collect probabilities by value (values may repeat) and compute the moments.

        Parameters
        ----------
        values : array_like of int
            Whole seconds ≥ 0 [s].
        probs : array_like of float
            Probability of each entry, ≥ 0, summing to 1 (renormalized) [-].
        """
        v = np.asarray(values, dtype=np.int64).ravel()
        p = np.asarray(probs, dtype=np.float64).ravel()
        if v.shape != p.shape or v.size == 0:
            raise ArgumentError("values and probs must be non-empty and of the same length")
        if (v < 0).any() or not np.isfinite(p).all() or (p < 0).any():
            raise ArgumentError("values must be whole seconds ≥ 0 and probs finite and ≥ 0")
        if v.size > 1 and bool((v[1:] > v[:-1]).all()):
            support, mass = v.copy(), p.copy()
        else:
            support, inverse = np.unique(v, return_inverse=True)
            mass = np.asarray(
                np.bincount(inverse, weights=p, minlength=support.size), dtype=np.float64
            )
        keep = mass > 0
        support, mass = support[keep], mass[keep]
        total = float(mass.sum())
        if not total > 0:
            raise ArgumentError("probs must not all be zero")
        mass = mass / total
        as_float = support.astype(np.float64)
        # Elementwise products and sums, not BLAS dot: a multithreaded dot is slow on a
        # loaded machine and these arrays are small.
        mean = float((as_float * mass).sum())
        centred = as_float - mean
        variance = float((centred * centred * mass).sum())
        third = float((np.abs(centred) * centred * centred * mass).sum())
        cdf = np.cumsum(mass)
        cdf[-1] = 1.0
        support.setflags(write=False)
        mass.setflags(write=False)
        cdf.setflags(write=False)
        return cls(support, mass, mean, max(variance, 0.0), third, cdf)

    @classmethod
    def point(cls, value: int) -> SecondsPmf:
        """All mass on one value [s]."""
        return cls.from_grid([value], [1.0])

    @property
    def std(self) -> float:
        """Standard deviation ``σ`` [s]."""
        return math.sqrt(self.variance)

    @property
    def is_degenerate(self) -> bool:
        """True when all mass is on one value."""
        return self.values.size == 1

    def cdf(self, x: npt.ArrayLike) -> FloatArray:
        """``P(B ≤ x)`` elementwise [-]."""
        points = np.asarray(x, dtype=np.float64)
        index = np.searchsorted(self.values, points, side="right")
        padded = np.concatenate(([0.0], self._cdf))
        return np.asarray(padded[index], dtype=np.float64)

    def sample(self, size: int, rng: np.random.Generator) -> IntArray:
        """``size`` independent draws by inverse CDF [s]."""
        if self.is_degenerate:
            return np.full(size, self.values[0], dtype=np.int64)
        u = rng.random(size)
        index = np.searchsorted(self._cdf, u, side="right")
        np.minimum(index, self.values.size - 1, out=index)
        return np.asarray(self.values[index], dtype=np.int64)

    def map(self, increment: BillingIncrement) -> SecondsPmf:
        """The pmf of ``increment.billed_seconds(B)``."""
        return SecondsPmf.from_grid(increment.billed_seconds(self.values), self.probs)


@overload
def berry_esseen_bound(pmf: SecondsPmf, n: int | float) -> float: ...
@overload
def berry_esseen_bound(pmf: SecondsPmf, n: npt.ArrayLike) -> float | FloatArray: ...
def berry_esseen_bound(pmf: SecondsPmf, n: npt.ArrayLike) -> float | FloatArray:
    """Berry–Esseen bound on the normal approximation of a sum of ``n`` i.i.d. draws.

    .. math:: \\sup_x |F_{S_n}(x) − Φ((x − nμ)/(σ\\sqrt n))| ≤ 0.4748\\,ρ/(σ^3\\sqrt n)

    Parameters
    ----------
    pmf : SecondsPmf
        Distribution of one summand (``μ``, ``σ``, ``ρ = E|B − μ|³`` from its pmf).
    n : int or array_like
        Number of summands, ≥ 1 [contacts].

    Returns
    -------
    float or numpy.ndarray
        The bound on the Kolmogorov distance [-], elementwise in ``n`` (a float for a scalar
        ``n``); 0 for a degenerate summand (the sum is then exactly ``nμ``).

    References
    ----------
    Berry (1941); Esseen (1942); Shevtsova (2011) for the constant 0.4748.
    """
    counts = np.asarray(n, dtype=np.float64)
    if (counts < 1).any() or not np.isfinite(counts).all():
        raise ArgumentError("n must be a number of summands ≥ 1")
    ratio = pmf.third_absolute_moment / pmf.variance**1.5 if pmf.variance > 0 else 0.0
    bound = np.asarray(BERRY_ESSEEN_CONSTANT * ratio / np.sqrt(counts), dtype=np.float64)
    return float(bound) if bound.ndim == 0 else bound


# ----------------------------------------------------------------------------- queue outcome


@dataclass(frozen=True, slots=True)
class WaitProfile:
    """How long an offered contact waits in queue, from the queue model.

    Attributes
    ----------
    prob_wait : float
        Probability that the contact queues at all, ``P(W > 0)`` [-].
    mean_wait_if_waiting_seconds : float
        Mean queue time of the contacts that queue, ``E[W | W > 0]`` [s]; the wait is taken
        to be exponential with this mean (0: waits too short to bill).
    prob_abandon : float
        Probability that the contact abandons before an answer, ``≤ prob_wait`` [-].
    """

    prob_wait: float = 0.0
    mean_wait_if_waiting_seconds: float = 0.0
    prob_abandon: float = 0.0

    def __post_init__(self) -> None:
        if not (0.0 <= self.prob_wait <= 1.0):
            raise ArgumentError(f"prob_wait must be in [0, 1]; got {self.prob_wait!r}")
        if not (0.0 <= self.prob_abandon <= self.prob_wait):
            raise ArgumentError(
                f"prob_abandon must be in [0, prob_wait = {self.prob_wait!r}]; "
                f"got {self.prob_abandon!r}"
            )
        mean = self.mean_wait_if_waiting_seconds
        if not (math.isfinite(mean) and mean >= 0):
            raise ArgumentError(
                f"mean_wait_if_waiting_seconds must be finite and ≥ 0 [s]; got {mean!r}"
            )

    @property
    def mean_wait_seconds(self) -> float:
        """Mean queue time of all offered contacts, ``P(wait)·E[W | W > 0]`` [s]."""
        return self.prob_wait * self.mean_wait_if_waiting_seconds

    @property
    def prob_wait_if_answered(self) -> float:
        """Probability that an answered contact queued first [-]."""
        if self.prob_abandon >= 1.0:
            return 0.0
        return (self.prob_wait - self.prob_abandon) / (1.0 - self.prob_abandon)


# ----------------------------------------------------------------------------- survival on grid


@dataclass(frozen=True, slots=True)
class _Handle:
    """Billed handle time: lognormal (``sigma > 0``) or fixed at ``mean`` (``sigma == 0``)."""

    mean: float
    sigma: float
    mu: float

    @classmethod
    def of(cls, mean: float, cv: float) -> _Handle:
        if mean <= 0 or cv <= 0:
            return cls(max(mean, 0.0), 0.0, 0.0)
        sigma2 = math.log1p(cv * cv)
        return cls(mean, math.sqrt(sigma2), math.log(mean) - 0.5 * sigma2)

    def upper(self, tail: float) -> float:
        """A duration beyond which at most ``tail`` of the mass lies [s]."""
        if self.sigma == 0:
            return self.mean
        z = math.sqrt(2.0 * math.log(0.5 / tail))  # Q(z) ≤ e^{−z²/2}/2
        return math.exp(self.mu + self.sigma * z)

    def z(self, seconds: FloatArray) -> FloatArray:
        with np.errstate(divide="ignore"):
            return (np.log(seconds) - self.mu) / self.sigma

    def sf(self, grid: FloatArray) -> FloatArray:
        """``P(H > d)`` at the grid points."""
        if self.sigma == 0:
            return (grid < self.mean).astype(np.float64)
        return normal_sf(self.z(grid))

    def bin_masses(self, length: int, sf: FloatArray, rate: float) -> FloatArray:
        """``g_j = ∫_{j−1}^{j} e^{−rate (j−h)} f_H(h) dh``, j = 0…length (j = 0: an atom at 0)."""
        g = np.zeros(length + 1)
        if self.sigma == 0:
            if self.mean == 0:
                g[0] = 1.0
            else:
                atom = math.ceil(self.mean)
                if atom <= length:
                    g[atom] = math.exp(-rate * (atom - self.mean))
            return g
        mass = sf[:-1] - sf[1:]  # P(j−1 < H ≤ j), j = 1…length
        correction = np.zeros(length)
        bins = max(1, _CHUNK // (8 * max(1, math.ceil(2.0 * rate))))
        for start in range(0, length, bins):
            stop = min(start + bins, length)
            j = np.arange(start + 1, stop + 1, dtype=np.float64)
            correction[start:stop] = self._correction(j, rate)
        g[1:] = np.maximum(mass - correction, 0.0)
        return g

    def _correction(self, j: FloatArray, rate: float) -> FloatArray:
        """``∫_{j−1}^{j} (1 − e^{−rate (j−h)}) f_H(h) dh`` by Gauss–Legendre in log time.

        Each bin's log-time interval (clipped to ±9 standard deviations) is split into
        ``max(1, ⌈2·rate⌉)`` panels — so the exponential factor varies by at most ``e^{1/2}``
        on a panel — times 36 when the interval is wider than half a standard deviation, and
        each panel gets the 8-point rule.
        """
        low = np.clip(self.z(j - 1.0), -_Z_CLIP, _Z_CLIP)
        high = np.clip(self.z(j), -_Z_CLIP, _Z_CLIP)
        width = high - low
        out = np.zeros(j.shape)
        per_bin = max(1, math.ceil(2.0 * rate))
        for selected, panels in (
            (np.flatnonzero((width > 0) & (width <= _PANEL_WIDTH)), per_bin),
            (np.flatnonzero(width > _PANEL_WIDTH), per_bin * _WIDE_PANELS),
        ):
            if selected.size == 0:
                continue
            step = width[selected] / panels
            offsets = np.arange(panels, dtype=np.float64)
            lows = low[selected, None] + step[:, None] * offsets
            total = self._panels(
                np.repeat(j[selected], panels), lows.ravel(), (lows + step[:, None]).ravel(), rate
            )
            out[selected] = total.reshape(selected.size, panels).sum(axis=1)
        return out

    def _panels(self, j: FloatArray, low: FloatArray, high: FloatArray, rate: float) -> FloatArray:
        half = 0.5 * (high - low)
        z = 0.5 * (high + low)[:, None] + half[:, None] * _NODES
        h = np.exp(self.mu + self.sigma * z)
        lag = np.maximum(j[:, None] - h, 0.0)
        integrand = -np.expm1(-rate * lag) * np.exp(-0.5 * z * z)
        return np.asarray(half * (integrand * _WEIGHTS).sum(axis=1) / _SQRT_2PI, dtype=np.float64)


def _exponential_convolution(g: FloatArray, rate: float) -> FloatArray:
    """``y_d = Σ_{j ≤ d} e^{−rate (d−j)} g_j`` for every d, exactly and without overflow."""
    decay = math.exp(-rate)
    kernel_length = math.ceil(42.0 / rate) if rate > 0 else g.size
    y = np.empty_like(g)
    if kernel_length <= 64:  # short kernel (e^{-42} ≈ 6e-19 beyond): direct shifted sums
        y[:] = g
        factor = 1.0
        for shift in range(1, min(kernel_length, g.size)):
            factor *= decay
            y[shift:] += factor * g[:-shift]
        return y
    block = max(1, int(_MAX_EXP / rate)) if rate > 0 else g.size
    carry = 0.0
    for start in range(0, g.size, block):
        stop = min(start + block, g.size)
        steps = np.arange(stop - start, dtype=np.float64)
        grow = np.exp(rate * steps)
        shrink = np.exp(-rate * steps)
        y[start:stop] = shrink * (np.cumsum(g[start:stop] * grow) + carry)
        carry = float(y[stop - 1]) * decay
    return y


# ----------------------------------------------------------------------------- one contact


@dataclass(frozen=True, slots=True, eq=False)
class ContactSeconds:
    """Billable and billed seconds of one offered voice contact (see the module notes).

    Whole seconds are what an invoice calls *actual* seconds: the billable components summed
    and rounded up per contact, before the billing increment.

    Attributes
    ----------
    increment : BillingIncrement
        The billing increment.
    bills_wait : bool
        Whether the customer's queue time is billable.
    billable_handle_seconds : float
        Mean billed handle time ``E[H_b]`` [s].
    handle_time_cv : float
        Coefficient of variation of the handle time (0 = fixed) [-].
    wait : WaitProfile
        Queue outcome of an offered contact.
    answered : SecondsPmf
        Whole billable seconds ``D = ⌈X⌉`` of an answered contact [s].
    abandoned : SecondsPmf
        Whole billable seconds of an abandoned contact (all 0 unless the wait is billed) [s].
    answered_billed, abandoned_billed : SecondsPmf
        The same after the billing increment [s].
    answered_handle_mean : float
        ``E[⌈H_b⌉]``: mean whole seconds of an answered contact without its wait [s].
    tail_mass : float
        Mass beyond the grid end folded into its last bin [-] (≤ 10⁻¹² unless the grid was
        capped at :data:`MAX_GRID_SECONDS`).
    grid_seconds : int
        Grid end ``L`` [s].
    """

    increment: BillingIncrement
    bills_wait: bool
    billable_handle_seconds: float
    handle_time_cv: float
    wait: WaitProfile
    answered: SecondsPmf
    abandoned: SecondsPmf
    answered_billed: SecondsPmf
    abandoned_billed: SecondsPmf
    answered_handle_mean: float
    tail_mass: float
    grid_seconds: int

    @property
    def prob_abandon(self) -> float:
        """Probability that an offered contact abandons [-]."""
        return self.wait.prob_abandon

    def _mix(self, answered: float, abandoned: float) -> float:
        p = self.wait.prob_abandon
        return (1.0 - p) * answered + p * abandoned

    @property
    def seconds(self) -> SecondsPmf:
        """Whole billable seconds ``D`` of an offered contact, answered or not [s]."""
        return _mixture(self.answered, self.abandoned, self.wait.prob_abandon)

    @property
    def billed(self) -> SecondsPmf:
        """Billed seconds ``B`` of an offered contact, answered or not [s]."""
        return _mixture(self.answered_billed, self.abandoned_billed, self.wait.prob_abandon)

    @property
    def mean_billed_seconds(self) -> float:
        """``E[B]`` per offered contact [s]."""
        return self._mix(self.answered_billed.mean, self.abandoned_billed.mean)

    @property
    def mean_actual_seconds(self) -> float:
        """``E[D]``: mean whole billable seconds per offered contact, before the increment [s]."""
        return self._mix(self.answered.mean, self.abandoned.mean)

    @property
    def overhead(self) -> float:
        """Billed ÷ actual seconds ``E[B]/E[D]`` (1 = the increment adds nothing) [-].

        NaN when nothing is billable.
        """
        actual = self.mean_actual_seconds
        return self.mean_billed_seconds / actual if actual > 0 else float("nan")

    @property
    def mean_billed_wait_seconds(self) -> float:
        """Whole seconds of queue time among the billable seconds, per offered contact [s].

        ``E[D] − (1 − P(abandon))·E[⌈H_b⌉]``, as an invoice counts it (the billable seconds
        with and without the wait, each rounded up per contact); 0 when the wait is not billed.
        """
        if not self.bills_wait:
            return 0.0
        without = (1.0 - self.wait.prob_abandon) * self.answered_handle_mean
        return max(self.mean_actual_seconds - without, 0.0)

    @property
    def prob_unbilled_answered(self) -> float:
        """``P(D = 0 | answered)``: an answered contact with nothing billable [-].

        Such a contact costs nothing, neither per minute nor per contact (it is not counted
        as handled). Positive only when no handle-time component is billed.
        """
        pmf = self.answered
        return float(pmf.probs[0]) if pmf.values[0] == 0 else 0.0

    @property
    def answered_positive(self) -> SecondsPmf:
        """Whole billable seconds of an answered contact given ``D > 0`` [s]."""
        return _positive_part(self.answered)

    @property
    def answered_billed_positive(self) -> SecondsPmf:
        """Billed seconds of an answered contact given ``D > 0`` [s]."""
        return _positive_part(self.answered_billed)


def _positive_part(pmf: SecondsPmf) -> SecondsPmf:
    if pmf.values[0] != 0 or pmf.values.size == 1:
        return pmf
    return SecondsPmf.from_grid(pmf.values[1:], pmf.probs[1:])


def _mixture(first: SecondsPmf, second: SecondsPmf, weight_second: float) -> SecondsPmf:
    if weight_second <= 0:
        return first
    if weight_second >= 1:
        return second
    return SecondsPmf.from_grid(
        np.concatenate((first.values, second.values)),
        np.concatenate((first.probs * (1.0 - weight_second), second.probs * weight_second)),
    )


def _pmf_from_sf(sf: FloatArray) -> FloatArray:
    """pmf of ⌈X⌉ on 0…L from S(d) = P(X > d); the tail S(L) is folded into the last bin."""
    pmf = np.empty_like(sf)
    pmf[0] = 1.0 - sf[0]
    pmf[1:] = sf[:-1] - sf[1:]
    pmf[-1] += sf[-1]
    return np.maximum(pmf, 0.0)


def contact_seconds(
    aht_seconds: float,
    handle_time_cv: float,
    increment: BillingIncrement | str,
    *,
    wait: WaitProfile | None = None,
    bills_wait: bool = False,
    billable_share: float = 1.0,
    tail_mass: float = TAIL_MASS,
) -> ContactSeconds:
    """Exact distribution of one voice contact's whole billable and billed seconds.

    Parameters
    ----------
    aht_seconds : float
        Mean handle time, talk + hold + after-call work [s], ≥ 0.
    handle_time_cv : float
        Coefficient of variation of the handle time (lognormal; 0 = fixed) [-], ≥ 0.
    increment : BillingIncrement or str
        Billing increment, e.g. ``"60/60"`` or ``"1/1"``.
    wait : WaitProfile, optional
        Queue outcome of an offered contact (no queueing when omitted).
    bills_wait : bool, default False
        Whether the customer's queue time is billable.
    billable_share : float, default 1.0
        Share of the mean handle time that is billable, in [0, 1] [-] (e.g. talk + hold of
        talk + hold + acw).
    tail_mass : float, default 1e-12
        Largest probability allowed beyond the grid end [-], in (0, 1e-3).

    Returns
    -------
    ContactSeconds

    Raises
    ------
    ValueError
        A negative or non-finite duration, CV or share (the message names it).

    Examples
    --------
    >>> fixed = contact_seconds(61.0, 0.0, "60/60")
    >>> fixed.answered_billed.values.tolist(), fixed.mean_billed_seconds
    ([120], 120.0)
    """
    inc = (
        increment if isinstance(increment, BillingIncrement) else BillingIncrement.parse(increment)
    )
    for name, value in (("aht_seconds", aht_seconds), ("handle_time_cv", handle_time_cv)):
        if not (math.isfinite(value) and value >= 0):
            raise ArgumentError(f"{name} must be a finite number ≥ 0; got {value!r}")
    if not (0.0 <= billable_share <= 1.0):
        raise ArgumentError(f"billable_share must be in [0, 1]; got {billable_share!r}")
    if not (0.0 < tail_mass < 1e-3):
        raise ArgumentError(f"tail_mass must be in (0, 1e-3); got {tail_mass!r}")
    queue = wait if wait is not None else WaitProfile()
    handle = _Handle.of(aht_seconds * billable_share, handle_time_cv)
    mean_wait = queue.mean_wait_if_waiting_seconds
    waits = bills_wait and queue.prob_wait > 0 and mean_wait > 0
    rate = 1.0 / mean_wait if waits else 0.0

    upper = handle.upper(0.5 * tail_mass)
    if waits:
        upper += mean_wait * math.log(2.0 / tail_mass)
    length = int(min(max(math.ceil(upper) + 1, 2), MAX_GRID_SECONDS))
    grid = np.arange(length + 1, dtype=np.float64)
    support = np.arange(length + 1, dtype=np.int64)
    sf_handle = handle.sf(grid)
    handle_only = SecondsPmf.from_grid(support, _pmf_from_sf(sf_handle))

    if waits:
        q = queue.prob_wait_if_answered
        with np.errstate(under="ignore"):
            sf_wait = np.exp(-rate * grid)
        y = _exponential_convolution(handle.bin_masses(length, sf_handle, rate), rate)
        sf_answered = sf_handle + q * y  # (1 − q)·S_H + q·(S_H + y)
        answered = SecondsPmf.from_grid(support, _pmf_from_sf(sf_answered))
        abandoned = SecondsPmf.from_grid(support, _pmf_from_sf(sf_wait))
        tail = max(float(sf_answered[-1]), float(sf_wait[-1]))
    else:
        answered = handle_only
        abandoned = SecondsPmf.point(0)
        tail = float(sf_handle[-1])
    return ContactSeconds(
        increment=inc,
        bills_wait=bills_wait,
        billable_handle_seconds=handle.mean,
        handle_time_cv=float(handle_time_cv) if handle.sigma > 0 else 0.0,
        wait=queue,
        answered=answered,
        abandoned=abandoned,
        answered_billed=answered.map(inc),
        abandoned_billed=abandoned.map(inc),
        answered_handle_mean=handle_only.mean,
        tail_mass=tail,
        grid_seconds=length,
    )


# ----------------------------------------------------------------------------- monthly sums


def _sum_draws(pmf: SecondsPmf, counts: IntArray, rng: np.random.Generator) -> FloatArray:
    """Sum of ``counts[i]`` draws for every i (all counts > 0), in chunks of bounded memory."""
    out = np.zeros(counts.size)
    ends = np.cumsum(counts)
    first = 0
    while first < counts.size:
        base = int(ends[first - 1]) if first else 0
        stop = max(int(np.searchsorted(ends, base + _DRAW_CHUNK, side="right")), first + 1)
        chunk = counts[first:stop]
        draws = pmf.sample(int(chunk.sum()), rng)
        offsets = np.concatenate(([0], np.cumsum(chunk)[:-1]))
        out[first:stop] = np.add.reduceat(draws, offsets)
        first = stop
    return out


def sample_sums(
    pmf: SecondsPmf,
    counts: npt.ArrayLike,
    rng: np.random.Generator,
    *,
    exact: npt.ArrayLike | None = None,
    limit: int = EXACT_SUM_LIMIT,
) -> FloatArray:
    """Sum of ``counts`` i.i.d. draws from ``pmf``, elementwise (a month's seconds).

    Parameters
    ----------
    pmf : SecondsPmf
        Seconds of one contact [s].
    counts : array_like of int
        Contacts per element [contacts], ≥ 0.
    rng : numpy.random.Generator
        Random stream.
    exact : array_like of bool, optional
        Where to sum draw by draw (broadcast to ``counts``); defaults to ``counts ≤ limit``.
        Elsewhere the normal limit ``Normal(nμ, nσ²)`` is drawn, clipped at 0; its error is
        bounded by :func:`berry_esseen_bound`.
    limit : int, default 2000
        ``N₀`` of the default rule [contacts].

    Returns
    -------
    numpy.ndarray
        Seconds [s], shape of ``counts`` (whole numbers where summed draw by draw).

    Notes
    -----
    The work is at most ``N₀`` draws per element, whatever the counts.
    """
    n = np.asarray(counts)
    if n.size and (n.dtype.kind not in "iu" or int(n.min()) < 0):
        raise ArgumentError("counts must be whole numbers of contacts ≥ 0")
    n = n.astype(np.int64)
    mask = n <= limit if exact is None else np.broadcast_to(np.asarray(exact, dtype=bool), n.shape)
    flat = n.ravel()
    flat_mask = np.asarray(mask).ravel()
    out = np.zeros(flat.size)
    if pmf.is_degenerate:
        return (flat * float(pmf.values[0])).astype(np.float64).reshape(n.shape)
    small = np.flatnonzero(flat_mask & (flat > 0))
    if small.size:
        out[small] = _sum_draws(pmf, flat[small], rng)
    large = np.flatnonzero(~flat_mask & (flat > 0))
    if large.size:
        m = flat[large].astype(np.float64)
        z = rng.standard_normal(large.size)
        out[large] = np.maximum(m * pmf.mean + np.sqrt(m * pmf.variance) * z, 0.0)
    return out.reshape(n.shape)
