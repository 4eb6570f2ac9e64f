"""Whole billable seconds of one voice contact on the 1-second grid: the survival function of
the billed handle time, alone or plus an exponential wait, and the pmf it gives.

The formulas are in the module notes of :mod:`vendoreval.simulation.billed_seconds`: the
lognormal survival ``S_H(d)``, the per-second masses ``g_j`` with their Gauss–Legendre
correction, and their exact convolution with the exponential kernel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from vendoreval._types import FloatArray
from vendoreval.simulation.normal_tail import normal_sf

__all__ = ["Handle", "exponential_convolution", "pmf_from_sf"]

_Z_CLIP: Final = 9.0  # Q(9) ≈ 1.1e-19: normal mass beyond ±9 is below any tolerance used here
_SQRT_2PI: Final = math.sqrt(2.0 * math.pi)
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(8)
_PANEL_WIDTH: Final = 0.5  # widest log-time panel of the 8-point rule [standard deviations]
_WIDE_PANELS: Final = math.ceil(2 * _Z_CLIP / _PANEL_WIDTH)
_CHUNK: Final = 1 << 20  # quadrature nodes per chunk (bounds memory)
_MAX_EXP: Final = 600.0  # largest exponent the blocked convolution lets grow within a block


@dataclass(frozen=True, slots=True)
class Handle:
    """Billed handle time: lognormal (``sigma > 0``) or fixed at ``mean`` (``sigma == 0``)."""

    mean: float
    sigma: float
    mu: float

    @classmethod
    def of(cls, mean: float, cv: float) -> Handle:
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


def exponential_convolution(g: FloatArray, rate: float) -> FloatArray:
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


def pmf_from_sf(sf: FloatArray) -> FloatArray:
    """pmf of ⌈X⌉ on 0…L from S(d) = P(X > d); the tail S(L) is folded into the last bin."""
    pmf = np.empty_like(sf)
    pmf[0] = 1.0 - sf[0]
    pmf[1:] = sf[:-1] - sf[1:]
    pmf[-1] += sf[-1]
    return np.maximum(pmf, 0.0)
