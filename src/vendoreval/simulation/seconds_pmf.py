"""A distribution on whole seconds, and the sum of a month's draws from it.

:class:`SecondsPmf` holds distinct values and their probabilities with exact moments (mean,
variance, third absolute central moment) and draws by inverse CDF. :func:`sample_sums` sums
``N`` draws exactly — draw by draw — when ``N ≤ N₀`` (:data:`EXACT_SUM_LIMIT`, 2,000), and
from the normal limit ``Normal(N μ, N σ²)`` above, so the cost of a draw never grows with the
month's volume; :func:`berry_esseen_bound` bounds the error of that limit (module notes of
:mod:`vendoreval.simulation.billed_seconds`).

The Berry–Esseen bound is that of Berry (1941) and Esseen (1942) with Shevtsova's (2011)
constant; the references are listed in :mod:`vendoreval.simulation.billed_seconds`.
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
    "SecondsPmf",
    "berry_esseen_bound",
    "sample_sums",
]

EXACT_SUM_LIMIT: Final = 2_000
"""Monthly contact counts up to this are summed draw by draw; above, the normal limit [contacts]."""

BERRY_ESSEEN_CONSTANT: Final = 0.4748
"""Shevtsova's (2011) constant of the Berry–Esseen bound for identically distributed summands."""
_DRAW_CHUNK: Final = 1 << 22  # draws per chunk when summing exactly


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
