"""Erlang tables: the most traffic each head-count carries at a service level, cached.

Planners once read head-counts off printed Erlang C tables: for one service level (say 80 %
answered within 20 s, AHT 300 s), the largest load each number of agents can carry. The
service level falls as traffic rises (``N`` fixed) and rises with ``N`` (traffic fixed), so
such a table answers :func:`~vendoreval.staffing.agents_required` for any traffic with one
binary search — no Erlang evaluation per interval.

This module builds that table for one ``(t/AHT, target)`` pair and head-counts below a
size of 64, 128, 256 or 512, keeps it in a small cache, and looks answers up in it. Each
head-count ``N`` gets two bounds around its capacity ``A*(N)`` (where the exact level
equals the target), each confirmed with :func:`~vendoreval.staffing.service_level`'s own
arithmetic:

* ``low[N]``: the level at ``low[N]`` meets the target by more than ``_TABLE_MARGIN``
  (10⁻⁹), so :func:`service_level` meets it at every traffic up to ``low[N]``;
* ``high[N]``: the level there misses the target by more than the margin, so
  :func:`service_level` misses it at every traffic from ``high[N]`` on.

Both arguments rest on the exact level being monotone and on :func:`service_level` being
within 10⁻¹² of it (module docstring of :mod:`vendoreval.staffing._core`). The bounds sit
about 10⁻⁸ Erlang from ``A*(N)``; a traffic that falls between them, or beyond the table, is
left to the closed-form search, so the lookup's answers are exactly those of the search.

A table is built the second time a call asks for the same ``(t/AHT, target, size)``: the
first call is answered by the search alone, so a sweep over many service levels or handle
times never pays for tables it uses once.
"""

from __future__ import annotations

import functools
import math
import threading
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval._types import FloatArray, IntArray
from vendoreval.staffing._core import (
    _TABLE_AGENTS,
    _TABLE_MARGIN,
    _stable_service_level,
    _z,
)

__all__: list[str] = []

_SIZES: Final = (64, 128, 256, _TABLE_AGENTS)
"""Head-count bounds of the tables; a call uses the smallest that covers its reach."""

_NEWTON_STEPS: Final = 60
"""Most Newton steps for the capacities (about six are taken; bisection guards each)."""

_CONVERGED: Final = 1e-12
"""Relative step [-] below which a capacity has converged."""

_WIDEN: Final = (1.0, 16.0, 256.0)
"""Successive factors on the first guess of the distance from ``A*(N)`` to its bounds."""

_SEEN_MAX: Final = 1024
"""Keys remembered as asked once; the record starts afresh when it is full."""

_seen: set[tuple[float, float, int]] = set()
_seen_lock = threading.Lock()


def _capacities(
    agents: IntArray, ratio: float, target: float, start: FloatArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """``A*(N)`` where the level equals ``target``, and ``dSL/dA`` there [1/Erlang].

    Safeguarded Newton on ``h(A) = ln(1 − SL) − ln(1 − target)``, which rises with ``A``
    from ``−∞`` at 0 to ``−ln(1 − target) > 0`` at ``N``; every step that would leave the
    bracket ``(lo, hi)`` bisects instead. With ``z = 1/B − 1``, ``B = 1/(1 + z)``,
    ``D = N − A(1 − B)`` and ``C = N·B/D``: ``1 − SL = C·e^{−(N − A)r}``,
    ``d ln B/dA = N/A − 1 + B`` and ``h' = d ln B/dA − D'/D + r`` with
    ``D' = −(1 − B) + A·B·(N/A − 1 + B)``.
    """
    limit = math.log1p(-target)
    capacity = np.maximum(agents - np.sqrt(agents), 0.5 * agents) if start is None else start
    slope = np.ones(capacity.shape)
    todo = np.arange(agents.size)  # elements not yet converged
    n, m, a = agents.astype(np.float64), agents, capacity.copy()
    lo, hi = np.zeros(n.shape), n.copy()
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        for _ in range(_NEWTON_STEPS):
            b = 1.0 / (1.0 + _z(a, m))
            gap = n - a
            d = gap + a * b
            log_b = n / a - 1.0 + b
            late = np.log(n * b / d) - gap * ratio
            h = late - limit
            below = h < 0.0
            lo = np.where(below, a, lo)
            hi = np.where(below, hi, a)
            dh = log_b - (b - 1.0 + a * b * log_b) / d + ratio
            step = h / dh
            newton = a - step
            a = np.where((newton >= lo) & (newton <= hi), newton, 0.5 * (lo + hi))
            capacity[todo] = a
            slope[todo] = np.exp(late) * dh  # d(1 − SL)/dA
            going = ~(np.abs(step) <= _CONVERGED * a)  # a NaN step has not converged
            if not going.all():
                todo, m = todo[going], m[going]
                n, a, lo, hi = n[going], a[going], lo[going], hi[going]
                if not todo.size:
                    break
    return capacity, slope


def _bounds(
    agents: IntArray, capacity: FloatArray, slope: FloatArray, ratio: float, target: float
) -> tuple[FloatArray, FloatArray]:
    """Confirmed ``low`` and ``high`` around each capacity; 0 and ``N`` where none is found."""
    n = agents.astype(np.float64)
    low = np.zeros(n.shape)
    high = n.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        guess = 4.0 * _TABLE_MARGIN / slope
    guess = np.where(np.isfinite(guess) & (guess > 0), guess, 1e-8 * n)
    guess = np.maximum(guess, 1e-13 * n)
    low_open = np.ones(n.shape, dtype=np.bool_)
    high_open = low_open.copy()
    for factor in _WIDEN:
        for side, is_open, sign in ((low, low_open, -1.0), (high, high_open, 1.0)):
            index = np.flatnonzero(is_open)
            if not index.size:
                continue
            value = capacity[index] + sign * factor * guess[index]
            fits = (value > 0.0) & (value < n[index])
            index, value = index[fits], value[fits]
            level = _stable_service_level(value, agents[index], ratio)
            if sign < 0:
                confirmed = level >= target + _TABLE_MARGIN
            else:
                confirmed = level <= target - _TABLE_MARGIN
            side[index[confirmed]] = value[confirmed]
            is_open[index[confirmed]] = False
    return low, high


@functools.lru_cache(maxsize=32)
def _table(ratio: float, target: float, size: int) -> tuple[FloatArray, FloatArray]:
    """``(low, high)`` indexed by head-count ``0 ≤ N < size``, nondecreasing, read-only.

    ``low[N] ≤ A*(N) ≤ high[N]``. A running maximum of ``low`` (and minimum of ``high`` from
    the top) keeps each bound valid, because ``A*(N)`` rises with ``N``: the level at a
    traffic below ``N' < N`` is at least that at ``N'``. Where no bound was confirmed,
    ``low`` is 0 (no traffic surely met) and ``high`` is ``N`` (no traffic that ``N``
    agents can serve is surely missed): those head-counts are left to the search.
    """
    agents = np.arange(1, size, dtype=np.int64)
    # the capacity of the largest head-count gives a square-root-staffing start for all:
    # A*(N) ≈ N − β√N
    top = agents[-1:]
    beta = float(((top - _capacities(top, ratio, target)[0]) / np.sqrt(top))[0])
    start = np.maximum(agents - beta * np.sqrt(agents), 0.5 * agents)
    capacity, slope = _capacities(agents, ratio, target, start)
    low_n, high_n = _bounds(agents, capacity, slope, ratio, target)
    low = np.concatenate(([0.0], np.maximum.accumulate(low_n)))
    high = np.concatenate(([0.0], np.minimum.accumulate(high_n[::-1])[::-1]))
    low.setflags(write=False)
    high.setflags(write=False)
    return low, high


def _size_for(first: IntArray, largest: float) -> int | None:
    """The smallest table size that covers the search from ``first``; None past 511."""
    reach = int(first.max()) + 4 + 4 * math.isqrt(int(largest) + 1)
    for size in _SIZES:
        if reach <= size:
            return size
    return None


def table_agents(
    traffic: FloatArray,
    ratio: float,
    target: float,
    first: IntArray,
    largest: float,
) -> tuple[IntArray, npt.NDArray[np.bool_]] | None:
    """Head-counts from the Erlang table, and where they are certain; None without a table.

    For traffic ``A > 0`` (flat), ``first`` the lowest head-count allowed (``⌊A⌋ + 1`` or
    the occupancy floor): the smallest ``N ≥ first`` with ``low[N] ≥ A`` is surely met;
    every ``N`` with ``high[N] < A`` surely misses. The answer is certain where every
    head-count from ``first`` below it surely misses. None when the pair of ratio and
    target is asked for the first time, when the target leaves no room for the margin, or
    when the answers may pass 511 agents.
    """
    if not _TABLE_MARGIN < target < 1.0 - 2.0 * _TABLE_MARGIN:
        return None
    size = _size_for(first, largest)
    if size is None:
        return None
    key = (ratio, target, size)
    with _seen_lock:
        if key not in _seen:
            if len(_seen) >= _SEEN_MAX:
                _seen.clear()
            _seen.add(key)
            return None
    low, high = _table(ratio, target, size)
    met = np.searchsorted(low, traffic)  # smallest N with low[N] ≥ A
    short = np.searchsorted(high, traffic)  # every N below it: high[N] < A
    agents: IntArray = np.maximum(met, first)
    certain = (np.maximum(short, first) == agents) & (met < size)
    return agents, certain
