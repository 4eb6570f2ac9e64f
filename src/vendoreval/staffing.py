"""Staffing from traffic: Erlang B, C and A, service level, ASA and agents required.

Every function is vectorized with numpy broadcasting over its arguments: scalars in give
Python ``float``/``int`` out, arrays in give arrays out. Only numpy is needed at run time.

Models
------
* **Erlang B** (M/M/N/N, blocked contacts lost) — Erlang (1917).
* **Erlang C** (M/M/N, infinite patience, first come first served) — the classic call-center
  staffing model; service level ``1 − C·exp(−(N − A)·t/AHT)``.
* **Erlang A** (M/M/N+M, exponential patience) — Garnett, Mandelbaum & Reiman (2002).

Traffic ``A`` is offered load in Erlangs: arrival rate × mean handle time, e.g. 360 contacts
in 30 minutes with a 240 s handle time is ``360 × 240 / 1800 = 48`` Erlangs.

Numerics
--------
The Erlang B value comes from the recursion on ``z_n = 1/B(n, A) − 1``::

    z_0 = 0,    z_n = (n / A) · (1 + z_{n−1}),

i.e. ``z_N = Σ_{j<N} P(X = j) / P(X = N)`` for ``X ~ Poisson(A)``. Every term is positive, so
the recursion is forward-stable (an error made at step ``n`` is damped by the factor
``1 − 1/(1 + z_n)``), and nothing overflows before ``B`` itself underflows. It starts at
``n₀ = max(0, m − L)`` with ``m = min(N, ⌊A⌋)`` instead of 0: the terms it leaves out fall off
like a Poisson tail below the mode, and ``L`` (about ``9.2 √A``, or at most
``42 / ln(A/m)`` when ``m ≤ A/2``) is chosen so that their sum is below ``e⁻⁴² ≈ 6·10⁻¹⁹`` of
the terms kept — a proven bound, not an estimate (see :func:`_lead`). Up to ``⌊A⌋ + 1`` the
steps are taken eight at a time (``z ← c + d·z``, the same positive sums regrouped, two numpy
calls per eight steps), above it one at a time — the same single steps with which
:func:`agents_required` searches upward, so the two agree to the last bit. The cost per
element is ``O(√A + max(0, N − A))`` steps, run for all elements at once. Where ``N`` is so
far above ``A`` that ``B < e⁻⁷⁵⁰`` is certain, ``B`` is returned as 0 without iterating.

Closed forms through the Poisson pmf and cdf (``B = pmf(N) / cdf(N)``) were not used: the
log of the pmf is a difference of terms of size ``A·ln A`` (≈ 5·10⁵ at 50,000 Erlangs), which
leaves about 10⁻¹⁰ relative error in double precision — far from the 10⁻¹² kept here.

:func:`agents_required` first searches with a closed form that needs no loop over agents.
For the head-counts ``n`` of a window below a top ``M < 512``,
``1/B(n) = Σ_{m≤n} t_m / t_n`` with ``t_{M−k}/t_M = Π_{i<k} (M − i)/A``: a cached table of
``Π_{i<k} (M − i)/M`` times the powers ``(M/A)^k``, summed by matrix products — a few dozen
numpy calls for the whole window of every element, against two per eight recursion steps.
Its service levels are within 10⁻¹² of the exact ones (:func:`_late_shares`). Where one
lies within 10⁻⁹ of the target at the answer or below it, or the table would be large
(512 agents, 65,536 entries), the element is searched again with the recursion, so the
result is always the smallest head-count that :func:`service_level` itself accepts.

References
----------
.. [1] A. K. Erlang, "Solution of some problems in the theory of probabilities of significance
   in automatic telephone exchanges", Elektroteknikeren 13 (1917); English translation in
   Post Office Electrical Engineers' Journal 10 (1918), 189–197.
.. [2] R. B. Cooper, *Introduction to Queueing Theory*, 2nd ed., North Holland, 1981,
   §3.3–3.4 (Erlang loss and delay formulas, the recursion for B) and §5.
.. [3] O. Garnett, A. Mandelbaum and M. Reiman, "Designing a call center with impatient
   customers", Manufacturing & Service Operations Management 4(3), 2002, 208–227.
.. [4] A. Mandelbaum and S. Zeltyn, "The impact of customers' patience on delay and
   abandonment: some empirically-driven experiments with the M/M/n+G queue", OR Spectrum 26,
   2004, 377–411.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, overload

import numpy as np
import numpy.typing as npt

from vendoreval.errors import InfeasibleStaffingError

if TYPE_CHECKING:
    import pandas as pd

    from vendoreval.needs import Needs
    from vendoreval.vocabulary import Channel

__all__ = [
    "ErlangAResult",
    "IntervalStaffing",
    "agents_required",
    "asa",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "interval_staffing",
    "occupancy",
    "scheduled_agents",
    "service_level",
    "staff_channel",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

WEEKS_PER_MONTH: Final = 52.0 / 12.0
"""Average weeks in a month [weeks/month]."""

PAID_HOURS_PER_FTE_MONTH: Final = 40.0 * 52.0 / 12.0
"""Paid hours of one full-time equivalent a month at 40 h a week [h/month]."""

_MAX_AGENTS: Final = 2**53
"""Largest head-count represented exactly in a float64."""

_TRUNCATION_LOG: Final = 42.0
"""Terms left out of a sum are below ``exp(−42)`` of the terms kept."""

_UNDERFLOW_LOG: Final = 750.0
"""``B < exp(−750)`` rounds to 0 in float64."""

_TAIL_TOLERANCE: Final = 1e-17
"""Relative size of the neglected queue-length tail in the Erlang A sums."""

_ERLANG_A_MAX_TERMS: Final = 2_000_000
"""Most queue-length terms the Erlang A sums may need before it is refused."""

_RESCALE_ABOVE: Final = 1e250
_RESCALE_BY: Final = 1e-250
"""Erlang A terms above ``_RESCALE_ABOVE`` are scaled by ``_RESCALE_BY`` (no overflow)."""

_BLOCK_ELEMENTS: Final = 1 << 16
"""Elements in one block of precomputed recursion factors (keeps blocks in cache)."""

_ALWAYS_FROM_ZERO: Final = 80.0
"""Up to this traffic [Erlang] the Erlang B recursion always starts at 0 agents."""

_Z_CAP: Final = 1e280
"""``1/B − 1`` is capped here in service-level formulas, so products stay finite."""

_GROUP: Final = 8
"""Recursion steps composed into one update below ``⌊A⌋ + 1``."""

_CHUNK: Final = 4096
"""Recursions run over chunks of at most this many elements, sorted by length."""

_TABLE_AGENTS: Final = 512
"""The closed-form search of :func:`agents_required` covers head-counts below this."""

_TABLE_ELEMENTS: Final = 1 << 16
"""Largest table (Poisson terms × elements) the closed-form search builds."""

_TABLE_MARGIN: Final = 1e-9
"""A closed-form service level this close to the target is left to the recursion [-]."""

_WINDOW_MAX: Final = 64
"""Most head-counts above the start the closed-form search examines."""

_OFFSETS: Final = np.arange(_WINDOW_MAX, dtype=np.float64)[:, np.newaxis]
"""``0, 1, …, 63`` as a column: head-counts below the top of a closed-form window."""

_ONES: Final = np.ones(_TABLE_AGENTS)
"""Ones, to sum table rows with a matrix-vector product."""

_POWER_CAP: Final = 1e300
"""Powers ``(M/A)^k`` up to this keep every closed-form sum and product finite."""


# ----------------------------------------------------------------------------- validation


def _where(index: tuple[int, ...], ndim: int) -> str:
    if ndim == 0:
        return ""
    if ndim == 1:
        return f" at index {index[0]}"
    return f" at index {index}"


def _as_float(name: str, value: Any) -> FloatArray:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers; got {value!r}") from None
    return array


def _check(
    name: str,
    array: FloatArray,
    ok: npt.NDArray[np.bool_] | bool,
    expected: str,
) -> None:
    """Raise a ValueError naming ``name``, the first bad value and its index unless all ok."""
    if array.ndim == 0:
        if not ok:
            raise ValueError(f"{name} must be {expected}; got {float(array)!r}")
        return
    bad = ~np.asarray(ok)
    if bad.any():
        index = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), array.shape))
        where = _where(index, array.ndim)
        raise ValueError(f"{name} must be {expected}; got {float(array[index])!r}{where}")


def _ok(array: FloatArray, test: Any) -> npt.NDArray[np.bool_] | bool:
    """``test(array)`` elementwise, or on the Python float for a 0-d array (faster)."""
    if array.ndim == 0:
        return bool(test(float(array)))
    result: npt.NDArray[np.bool_] = test(array)
    return result


def _non_negative(name: str, value: Any, unit: str, *, allow_inf: bool = False) -> FloatArray:
    array = _as_float(name, value)
    if allow_inf:
        _check(name, array, _ok(array, lambda x: x >= 0), f"a number ≥ 0 (inf allowed) [{unit}]")
    else:
        finite = _ok(array, lambda x: (x >= 0) & (x < np.inf))
        _check(name, array, finite, f"a finite number ≥ 0 [{unit}]")
    return array


def _positive(name: str, value: Any, unit: str, *, allow_inf: bool = False) -> FloatArray:
    array = _as_float(name, value)
    if allow_inf:
        _check(name, array, _ok(array, lambda x: x > 0), f"a number > 0 (inf allowed) [{unit}]")
    else:
        finite = _ok(array, lambda x: (x > 0) & (x < np.inf))
        _check(name, array, finite, f"a finite number > 0 [{unit}]")
    return array


def _fraction(name: str, value: Any, *, closed_low: bool, closed_high: bool) -> FloatArray:
    array = _as_float(name, value)
    if closed_low:
        ok = _ok(
            array,
            (lambda x: (x >= 0) & (x < 1)) if not closed_high else (lambda x: (x >= 0) & (x <= 1)),
        )
    else:
        ok = _ok(
            array,
            (lambda x: (x > 0) & (x < 1)) if not closed_high else (lambda x: (x > 0) & (x <= 1)),
        )
    interval = f"{'[' if closed_low else '('}0, 1{']' if closed_high else ')'}"
    _check(name, array, ok, f"a fraction in {interval} [-]")
    return array


def _agents(name: str, value: Any) -> IntArray:
    array = _as_float(name, value)
    ok = _ok(array, lambda x: (x >= 0) & (x <= _MAX_AGENTS) & (np.floor(x) == x))
    _check(name, array, ok, "a whole number of agents ≥ 0 [agents]")
    return array.astype(np.int64)


def _broadcast(**arrays: npt.NDArray[Any]) -> list[npt.NDArray[Any]]:
    """The arrays broadcast to one shape (0-d ones filled, others viewed)."""
    try:
        shape = np.broadcast(*arrays.values()).shape
    except ValueError:
        shapes = ", ".join(f"{name} {np.shape(a)}" for name, a in arrays.items())
        raise ValueError(f"arguments do not broadcast to one shape: {shapes}") from None
    return [
        a
        if a.shape == shape
        else np.full(shape, a[()], dtype=a.dtype)
        if a.ndim == 0
        else np.broadcast_to(a, shape)
        for a in arrays.values()
    ]


def _out_float(values: FloatArray, scalar: bool) -> float | FloatArray:
    if scalar:
        return float(values.reshape(()))
    return values


def _out_int(values: IntArray, scalar: bool) -> int | IntArray:
    if scalar:
        return int(values.reshape(()))
    return values


def _is_scalar(*arrays: npt.NDArray[Any]) -> bool:
    return all(a.ndim == 0 for a in arrays)


# ----------------------------------------------------------------------------- Erlang B core


def _lead(traffic: FloatArray, m: IntArray) -> IntArray:
    """Steps below ``m`` the Erlang B recursion must start so the omitted terms are negligible.

    With ``t_j = P(X = j)`` for ``X ~ Poisson(A)`` and ``m ≤ A`` (so ``t`` rises up to ``m``),
    starting at ``n₀ = m − L`` drops ``Σ_{j<n₀} t_j``. Relative to ``t_m`` (itself part of the
    kept sum):

    * ``t_{n₀}/t_m = Π_{i=n₀+1}^{m} i/A ≤ ((m + n₀ + 1)/(2A))^L ≤ exp(−L(L−1)/(2A))`` by the
      AM–GM inequality, and the terms below ``n₀`` fall geometrically with ratio ≤ ``n₀/A``,
      adding a factor ≤ ``A/L``. ``L(L − 1) ≥ 2A(42 + ln max(A, 1))`` makes the total
      ≤ ``e⁻⁴²``.
    * When ``r = m/A ≤ 1/2`` every factor is ≤ ``r``, the dropped sum is ≤ ``r^L · r/(1 − r)``
      ≤ ``r^L``, and ``L ≥ 42/ln(1/r)`` suffices.
    """
    gauss = np.ceil(
        0.5 + np.sqrt(0.25 + 2.0 * traffic * (_TRUNCATION_LOG + np.log(np.maximum(traffic, 1.0))))
    )
    ratio = m / traffic
    low = ratio <= 0.5
    if low.any():
        with np.errstate(divide="ignore"):
            geometric = np.ceil(_TRUNCATION_LOG / -np.log(np.where(low, ratio, 0.5)))
        gauss = np.where(low, np.minimum(geometric, gauss), gauss)
    return gauss.astype(np.int64)


def _chunked(
    kernel: Callable[..., FloatArray], steps: IntArray, *arrays: npt.NDArray[Any]
) -> FloatArray:
    """Run a recursion ``kernel(counts, *arrays)`` over elements that all end together.

    The elements are sorted by ``steps``, descending, and cut into chunks that stay in cache;
    in a chunk, ``counts[g]`` leading elements are active at global step ``g`` (a prefix).
    Each element goes through the same arithmetic wherever it lands, so results do not
    depend on what else is computed alongside.
    """
    size = steps.size
    if size == 0:
        return np.zeros(0)
    key = -steps
    if int(steps.max()) < 2**15:
        key = key.astype(np.int16)  # a stable sort of 16-bit keys is a radix sort
    order = np.argsort(key, kind="stable")
    ordered_steps = steps[order]
    ordered = [a[order] for a in arrays]
    out = np.empty(size)
    for low in range(0, size, _CHUNK):
        high = min(size, low + _CHUNK)
        chunk_steps = ordered_steps[low:high]
        total = max(int(chunk_steps[0]), 0)
        counts = np.searchsorted(-chunk_steps, np.arange(total) - total, side="right").tolist()
        out[low:high] = kernel(counts, *(a[low:high] for a in ordered))
    result = np.empty(size)
    result[order] = out
    return result


def _grouped_kernel(
    counts: list[int], traffic: FloatArray, start: IntArray, stop: IntArray
) -> FloatArray:
    size = traffic.size
    z = np.zeros(size)
    total = len(counts)
    if total == 0:
        return z
    padded = -(-total // _GROUP) * _GROUP
    counts = [counts[0]] * (padded - total) + counts  # leading padding rows are inactive
    stop_f = stop.astype(np.float64)
    start_f = start.astype(np.float64)
    fewest = int((stop - start).min())
    from_zero = not bool(start.any())
    g0 = 0
    while g0 < padded:
        rows = max(_GROUP, min(64, (_BLOCK_ELEMENTS // counts[g0]) // _GROUP * _GROUP))
        g1 = min(padded, g0 + rows)
        width = counts[g1 - 1]
        offsets = float(padded - 1) - np.arange(g0, g1, dtype=np.float64)[:, np.newaxis]
        heads = stop_f[:width] - offsets
        if padded - 1 - g0 < fewest:  # every element is active in every row of this block
            factors = heads / traffic[:width]
        elif from_zero:
            np.maximum(heads, 0.0, out=heads)
            factors = heads / traffic[:width]
        else:
            factors = heads / traffic[:width]
            factors *= heads > start_f[:width]
        # four steps f₁…f₄: z ← c + d·z
        f = factors.reshape((g1 - g0) // 4, 4, width)
        c = f[:, 0] + 1.0
        c *= f[:, 1]
        c += 1.0
        c *= f[:, 2]
        c += 1.0
        c *= f[:, 3]
        d = f[:, 0] * f[:, 1]
        d *= f[:, 2]
        d *= f[:, 3]
        # two fours in a row: z ← c₂ + d₂(c₁ + d₁z)
        c8 = c[1::2] + d[1::2] * c[0::2]
        d8 = d[1::2] * d[0::2]
        for group in range((g1 - g0) // _GROUP):
            count = counts[g0 + _GROUP * group + _GROUP - 1]
            if count == size:
                np.multiply(z, d8[group], out=z)
                np.add(z, c8[group], out=z)
            else:
                zc = z[:count]
                np.multiply(zc, d8[group, :count], out=zc)
                np.add(zc, c8[group, :count], out=zc)
        g0 = g1
    # d overflows only for traffic below ~10⁻³⁸, where z is beyond float64 anyway; inf·0
    # then leaves nan in place of inf
    z[np.isnan(z)] = np.inf
    return z


def _recursion(traffic: FloatArray, start: IntArray, stop: IntArray) -> FloatArray:
    """``z_stop`` of ``z_n = (1 + z_{n−1}) · (n/A)`` from ``z_start = 0``, eight steps at a time.

    All elements end together; an element's factors are 0 before its start, which keeps its
    ``z`` at 0. Four steps ``f₁…f₄`` compose to ``z ← c + d·z`` with
    ``c = f₄(1 + f₃(1 + f₂(1 + f₁)))`` and ``d = f₁f₂f₃f₄``, and two such fours compose
    again — the same positive sums regrouped — all computed in bulk, leaving two ufunc calls
    per eight steps. The grouping depends only on an element's own number of steps.
    """
    return _chunked(_grouped_kernel, stop - start, traffic, start, stop)


def _single_kernel(
    counts: list[int], traffic: FloatArray, start: IntArray, stop: IntArray, z: FloatArray
) -> FloatArray:
    del start  # the active elements are the prefix counts[g] (sorted by steps)
    z = z.copy()
    total = len(counts)
    stop_f = stop.astype(np.float64)
    g0 = 0
    while g0 < total:
        rows = max(1, min(64, _BLOCK_ELEMENTS // counts[g0]))
        g1 = min(total, g0 + rows)
        width = counts[g1 - 1]
        offsets = float(total - 1) - np.arange(g0, g1, dtype=np.float64)[:, np.newaxis]
        factors = (stop_f[:width] - offsets) / traffic[:width]
        for row, g in enumerate(range(g0, g1)):
            zc = z[: counts[g]]
            np.add(zc, 1.0, out=zc)
            np.multiply(zc, factors[row, : counts[g]], out=zc)
        g0 = g1
    return z


def _continue(traffic: FloatArray, z: FloatArray, start: IntArray, stop: IntArray) -> FloatArray:
    """Carry ``z_n = (1 + z_{n−1}) · (n/A)`` one step at a time from ``z_start`` to ``stop``.

    The same single steps, in the same order of operations, as the search in
    :func:`agents_required`, so both give identical values.
    """
    return _chunked(_single_kernel, stop - start, traffic, start, stop, z)


def _start(traffic: FloatArray, m: IntArray) -> IntArray:
    """Where the Erlang B recursion starts: ``max(0, m − L)`` with ``L`` from :func:`_lead`.

    Up to 80 Erlangs it is always 0 (``L ≥ √(84 A) ≥ A`` and, when ``m ≤ A/2``,
    ``42/ln(A/m) > m`` because ``m ln(A/m) ≤ A/e < 42``), which saves computing ``L``.
    """
    if float(traffic.max(initial=0.0)) <= _ALWAYS_FROM_ZERO:
        return np.zeros(m.shape, dtype=np.int64)
    start: IntArray = np.maximum(m - _lead(traffic, m), 0)
    return start


def _z(traffic: FloatArray, agents: IntArray) -> FloatArray:
    """``1/B(N, A) − 1`` for flat arrays (``inf`` where ``B`` underflows or ``A = 0 < N``).

    Eight-step groups run up to ``q = min(N, ⌊A⌋ + 1)``, single steps from there to ``N``;
    :func:`agents_required` searches upward from ``⌊A⌋ + 1`` with the same single steps.
    """
    z = np.zeros(traffic.shape)
    work = (traffic > 0) & (agents > 0)
    z[(traffic == 0) & (agents > 0)] = np.inf
    excess = agents - np.ceil(traffic)
    if float(excess.max(initial=0.0)) > 2.0:  # a shortcut only: two steps cost nothing
        half = excess / 2.0
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            certain_underflow = (
                work & (excess > 0) & (half * np.log1p(half / traffic) >= _UNDERFLOW_LOG)
            )
        if certain_underflow.any():
            z[certain_underflow] = np.inf
            work &= ~certain_underflow
    if work.all():
        a, n = traffic, agents
        index = None
    else:
        index = np.flatnonzero(work)
        if not index.size:
            return z
        a, n = traffic[index], agents[index]
    floor_a = np.floor(a).astype(np.int64)
    q = np.minimum(n, floor_a + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        values = _recursion(a, _start(a, np.minimum(q, floor_a)), q)
        if bool((n > q).any()):
            values = _continue(a, values, q, n)
    if index is None:
        return values
    z[index] = values
    return z


def _erlang_c_from_z(traffic: FloatArray, agents: FloatArray, z: FloatArray) -> FloatArray:
    """Erlang C for ``N > A > 0`` from ``z = 1/B − 1``: ``C = N / ((N − A)(1 + z) + A)``."""
    with np.errstate(over="ignore"):
        result: FloatArray = agents / ((agents - traffic) * (1.0 + z) + traffic)
    return result


def _service_level_from_z(
    traffic: FloatArray, agents: FloatArray, z: FloatArray, ratio: FloatArray
) -> FloatArray:
    """``1 − C·exp(−(N − A)·t/AHT)`` for ``N > A > 0``; ``ratio`` is ``t/AHT``.

    Written as ``(1 − C) + C·(1 − exp(−x))`` with
    ``1 − C = (N − A)·z / ((N − A)(1 + z) + A)``, so no term cancels. ``z`` is capped at
    10²⁸⁰ (``B`` below 10⁻²⁸⁰ changes nothing visible) so that no product overflows.
    """
    gap = agents - traffic
    z = np.minimum(z, _Z_CAP)
    level: FloatArray = (gap * z - agents * np.expm1(-gap * ratio)) / (gap * (1.0 + z) + traffic)
    return level


# ----------------------------------------------------------------------------- public: Erlang B/C


@overload
def erlang_b(traffic: float, agents: int) -> float: ...
@overload
def erlang_b(traffic: npt.NDArray[Any], agents: npt.ArrayLike) -> FloatArray: ...
@overload
def erlang_b(traffic: npt.ArrayLike, agents: npt.NDArray[Any]) -> FloatArray: ...
@overload
def erlang_b(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray: ...
def erlang_b(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray:
    """Erlang B blocking probability: the share of contacts that find all agents busy and are lost.

    .. math:: B(N, A) = \\frac{A^N / N!}{\\sum_{k=0}^{N} A^k / k!}

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Number of agents (servers, trunks) ``N`` [agents], whole numbers ≥ 0.

    Returns
    -------
    float or numpy.ndarray
        Blocking probability in [0, 1] [-]; broadcast shape of the arguments. ``B(A, 0) = 1``;
        ``B(0, N) = 0`` for ``N ≥ 1``.

    Raises
    ------
    ValueError
        A negative, non-finite or fractional argument; the message names it and its index.

    Notes
    -----
    Computed by the forward recursion ``1/B(n) = 1 + (n/A)/B(n − 1)`` (Cooper 1981, §3.3),
    started near the Poisson mode with a proven truncation bound (module docstring). Relative
    error ≤ 10⁻¹² against 50-digit arithmetic from 0.5 to 100,000 Erlangs.

    References
    ----------
    A. K. Erlang (1917); R. B. Cooper, *Introduction to Queueing Theory* (1981).

    Examples
    --------
    >>> round(erlang_b(5.0, 10), 6)
    0.018385
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    scalar = _is_scalar(a, n)
    a, n = _broadcast(traffic=a, agents=n)
    z = _z(a.ravel(), n.ravel())
    with np.errstate(over="ignore"):
        b = (1.0 / (1.0 + z)).reshape(a.shape)
    return _out_float(b, scalar)


@overload
def erlang_c(traffic: float, agents: int) -> float: ...
@overload
def erlang_c(traffic: npt.NDArray[Any], agents: npt.ArrayLike) -> FloatArray: ...
@overload
def erlang_c(traffic: npt.ArrayLike, agents: npt.NDArray[Any]) -> FloatArray: ...
@overload
def erlang_c(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray: ...
def erlang_c(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray:
    """Erlang C probability of waiting: the share of contacts that find every agent busy.

    .. math:: C(N, A) = \\frac{N\\,B(N, A)}{N - A\\,(1 - B(N, A))}, \\qquad N > A

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0.

    Returns
    -------
    float or numpy.ndarray
        Probability of waiting [-]. 1 where ``N ≤ A`` (the queue grows without bound);
        0 where there is no traffic.

    References
    ----------
    A. K. Erlang (1917); R. B. Cooper, *Introduction to Queueing Theory* (1981), §3.4.

    Examples
    --------
    >>> round(erlang_c(48.0, 55), 4)
    0.2387
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    scalar = _is_scalar(a, n)
    a, n = _broadcast(traffic=a, agents=n)
    a_flat, n_flat = a.ravel(), n.ravel()
    c = np.ones(a_flat.shape)
    c[a_flat == 0] = 0.0
    stable = np.flatnonzero((a_flat > 0) & (n_flat > a_flat))
    if stable.size:
        sa, sn = a_flat[stable], n_flat[stable]
        c[stable] = _erlang_c_from_z(sa, sn.astype(np.float64), _z(sa, sn))
    return _out_float(c.reshape(a.shape), scalar)


@overload
def service_level(
    traffic: float, agents: int, aht_seconds: float, target_seconds: float
) -> float: ...
@overload
def service_level(
    traffic: npt.NDArray[Any],
    agents: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
) -> FloatArray: ...
@overload
def service_level(
    traffic: npt.ArrayLike,
    agents: npt.NDArray[Any],
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
) -> FloatArray: ...
@overload
def service_level(
    traffic: npt.ArrayLike,
    agents: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
) -> float | FloatArray: ...
def service_level(
    traffic: npt.ArrayLike,
    agents: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
) -> float | FloatArray:
    """Erlang C service level: the share of contacts answered within ``target_seconds``.

    .. math:: SL = 1 - C(N, A)\\,e^{-(N - A)\\,t / \\mathrm{AHT}}

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0.
    aht_seconds : float or array_like
        Mean handle time (talk + hold + after-call work) [s], > 0.
    target_seconds : float or array_like
        Answer-time threshold ``t`` [s], ≥ 0 (20 for "80/20").

    Returns
    -------
    float or numpy.ndarray
        Service level in [0, 1] [-]; 0 where ``N ≤ A``; 1 where there is no traffic.

    References
    ----------
    R. B. Cooper, *Introduction to Queueing Theory* (1981), §3.4 (waiting-time distribution
    of M/M/N under first come, first served).

    Examples
    --------
    >>> round(service_level(48.0, 55, 240.0, 15.0), 4)
    0.8459
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    h = _positive("aht_seconds", aht_seconds, "s")
    t = _non_negative("target_seconds", target_seconds, "s")
    scalar = _is_scalar(a, n, h, t)
    a, n, h, t = _broadcast(traffic=a, agents=n, aht_seconds=h, target_seconds=t)
    a_flat, n_flat = a.ravel(), n.ravel()
    sl = np.zeros(a_flat.shape)
    sl[a_flat == 0] = 1.0
    stable = np.flatnonzero((a_flat > 0) & (n_flat > a_flat))
    if stable.size:
        sa, sn = a_flat[stable], n_flat[stable]
        ratio = t.ravel()[stable] / h.ravel()[stable]
        sl[stable] = _service_level_from_z(sa, sn.astype(np.float64), _z(sa, sn), ratio)
    return _out_float(sl.reshape(a.shape), scalar)


_service_level_any = service_level
"""The module-level :func:`service_level`, for functions with a parameter of that name."""


@overload
def asa(traffic: float, agents: int, aht_seconds: float) -> float: ...
@overload
def asa(
    traffic: npt.NDArray[Any], agents: npt.ArrayLike, aht_seconds: npt.ArrayLike
) -> FloatArray: ...
@overload
def asa(
    traffic: npt.ArrayLike, agents: npt.NDArray[Any], aht_seconds: npt.ArrayLike
) -> FloatArray: ...
@overload
def asa(
    traffic: npt.ArrayLike, agents: npt.ArrayLike, aht_seconds: npt.ArrayLike
) -> float | FloatArray: ...
def asa(
    traffic: npt.ArrayLike, agents: npt.ArrayLike, aht_seconds: npt.ArrayLike
) -> float | FloatArray:
    """Erlang C average speed of answer: mean queue time over all contacts.

    .. math:: \\mathrm{ASA} = \\frac{C(N, A)\\,\\mathrm{AHT}}{N - A}

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0.
    aht_seconds : float or array_like
        Mean handle time [s], > 0.

    Returns
    -------
    float or numpy.ndarray
        Mean wait of all contacts, those answered at once included [s]; ``inf`` where
        ``N ≤ A``; 0 where there is no traffic.

    References
    ----------
    R. B. Cooper, *Introduction to Queueing Theory* (1981), §3.4.

    Examples
    --------
    >>> round(asa(48.0, 55, 240.0), 2)
    8.18
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    h = _positive("aht_seconds", aht_seconds, "s")
    scalar = _is_scalar(a, n, h)
    a, n, h = _broadcast(traffic=a, agents=n, aht_seconds=h)
    a_flat, n_flat = a.ravel(), n.ravel()
    wait = np.full(a_flat.shape, np.inf)
    wait[a_flat == 0] = 0.0
    stable = np.flatnonzero((a_flat > 0) & (n_flat > a_flat))
    if stable.size:
        sa, sn = a_flat[stable], n_flat[stable].astype(np.float64)
        c = _erlang_c_from_z(sa, sn, _z(sa, n_flat[stable]))
        wait[stable] = c * h.ravel()[stable] / (sn - sa)
    return _out_float(wait.reshape(a.shape), scalar)


@overload
def occupancy(traffic: float, agents: int) -> float: ...
@overload
def occupancy(traffic: npt.NDArray[Any], agents: npt.ArrayLike) -> FloatArray: ...
@overload
def occupancy(traffic: npt.ArrayLike, agents: npt.NDArray[Any]) -> FloatArray: ...
@overload
def occupancy(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray: ...
def occupancy(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> float | FloatArray:
    """Agent occupancy: the share of staffed time spent handling contacts, ``min(A/N, 1)``.

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0.

    Returns
    -------
    float or numpy.ndarray
        Occupancy in [0, 1] [-]; 1 where ``N ≤ A`` (agents can do no more); 0 with no traffic.

    Examples
    --------
    >>> occupancy(48.0, 60)
    0.8
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    scalar = _is_scalar(a, n)
    a, n = _broadcast(traffic=a, agents=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(a == 0, 0.0, np.minimum(a / n, 1.0))
    return _out_float(np.asarray(occ, dtype=np.float64), scalar)


# ----------------------------------------------------------------------------- agents required


def _occupancy_floor(traffic: FloatArray, max_occupancy: FloatArray) -> IntArray:
    """Smallest ``N`` with ``A/N ≤ max_occupancy`` as evaluated in float64 (flat arrays).

    The caller checks that ``A / max_occupancy`` stays below 2**53.
    """
    n = np.ceil(traffic / max_occupancy).astype(np.int64)
    n = np.where(traffic / np.maximum(n, 1) > max_occupancy, n + 1, n)
    lower = np.maximum(n - 1, 1)
    floor: IntArray = np.where((n > 1) & (traffic / lower <= max_occupancy), lower, n)
    return floor


def _agents_required_flat(
    traffic: FloatArray,
    ratio: FloatArray,
    target: FloatArray,
    first: IntArray,
) -> IntArray:
    """Smallest ``N`` meeting the service level and occupancy for traffic > 0 (flat arrays).

    Every element starts at ``first`` (``max(⌊A⌋ + 1, ⌈A/occ⌉)``); the Erlang B recursion is carried
    over a window of head-counts above it for all unfinished elements at once, the service
    level evaluated on the whole window, and the first head-count that meets it taken. The
    service level is nondecreasing in ``N`` above ``A``, so that head-count is the smallest.
    Windows double in length until every element is done. The values are those of
    :func:`service_level`, bit for bit; :func:`_agents_required_search` falls back on this
    search wherever the closed form is not certain.
    """
    out = np.zeros(traffic.shape, dtype=np.int64)
    floor_a = np.floor(traffic).astype(np.int64)
    if bool((first > floor_a + 1).any()):  # an occupancy ceiling binds somewhere
        z = _z(traffic, first)
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            z = _recursion(traffic, _start(traffic, floor_a), first)  # = _z(traffic, first)
    index = np.arange(traffic.size)
    a = traffic
    n = first.astype(np.float64)
    r = ratio
    tau = target
    window = min(64, max(4, int(2.0 + math.sqrt(float(traffic.max(initial=0.0))))))
    while index.size:
        width = max(2, min(window, _BLOCK_ELEMENTS * 4 // index.size))
        steps = np.arange(width, dtype=np.float64)[:, np.newaxis]
        heads = n + steps
        zs = np.empty((width, index.size))
        zs[0] = z
        with np.errstate(over="ignore"):
            factors = heads[1:] / a
            for row in range(1, width):
                np.add(zs[row - 1], 1.0, out=zs[row])
                np.multiply(zs[row], factors[row - 1], out=zs[row])
        met = _service_level_from_z(a, heads, zs, r) >= tau
        found = met.any(axis=0)
        if found.all():
            out[index] = (n + np.argmax(met, axis=0)).astype(np.int64)
            break
        if found.any():
            out[index[found]] = (n[found] + np.argmax(met[:, found], axis=0)).astype(np.int64)
        rest = ~found
        index, a, r, tau = index[rest], a[rest], r[rest], tau[rest]
        n = heads[-1, rest]
        z = zs[-1, rest]
        window = min(2 * window, 1024)
    return out


@functools.lru_cache(maxsize=4)
def _falling_ratios(size: int) -> FloatArray:
    """``G[k, N] = Π_{i<k} (N − i)/N = N! / ((N − k)!·N^k)`` for ``0 ≤ k, N < size``, read-only.

    ``G[0, N] = 1`` and ``G[k, N] = 0`` for ``k > N``. Each factor is rounded once (its
    numerator is an exact integer), so an entry carries fewer than ``2k`` roundings (relative
    error below ``2k·2⁻⁵³``). Below ``N = 512`` the smallest nonzero entry,
    ``N!/N^N ≈ √(2πN)·e^{−N} > 10⁻²²¹``, is far from underflow.
    """
    heads = np.arange(size, dtype=np.float64)
    steps = np.arange(size - 1, dtype=np.float64)[:, np.newaxis]
    with np.errstate(divide="ignore", invalid="ignore"):
        factors = np.maximum(heads - steps, 0.0) / heads
    factors[:, 0] = 0.0  # N = 0 has the k = 0 term only
    table = np.ones((size, size))
    np.cumprod(factors, axis=0, out=table[1:])
    table.setflags(write=False)
    return table


@functools.lru_cache(maxsize=8)
def _suffix_sums(width: int) -> FloatArray:
    """``U`` with ``(U @ X)[k] = Σ_{k ≤ j < width} X[j]``: ones on and above the diagonal."""
    ones = np.triu(np.ones((width, width)))
    ones.setflags(write=False)
    return ones


def _late_shares(
    traffic: FloatArray, ratio: FloatArray, first: IntArray, width: int
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Closed-form ``1 − SL`` at head-counts ``first + j``, ``j < width`` (flat arrays).

    With ``t_m = A^m/m!`` and the top head-count ``M = first + width − 1`` (``M < 512``), the
    ratios ``T_k = t_{M−k}/t_M = Π_{i<k} (M − i)/A = G[k, M]·(M/A)^k`` (:func:`_falling_ratios`;
    the powers by repeated doubling) give ``1/B(n) = Σ_{m≤n} t_m/t_n = Σ_{k'≥k} T_{k'} / T_k``
    for every ``n = M − k`` at once: a table of ``M + 1`` terms per element, and two matrix
    products for the sums. Every term is positive. ``T_k`` carries fewer than ``4k``
    roundings (``G`` and the power fewer than ``2k`` each) and each sum fewer than ``M + 1``
    more, so ``1/B`` has a relative error below ``10(M + 1)·2⁻⁵³ < 6·10⁻¹³``, and the late
    share ``1 − SL = N·e^{−(N − A)t/AHT} / ((N − A)/B + A)`` (Cooper 1981, §3.4) an
    absolute error below 10⁻¹².

    Returns
    -------
    late : numpy.ndarray
        Shape ``(width, elements)``; row ``k`` is head-count ``first + width − 1 − k``.
    usable : numpy.ndarray of bool
        False where a power passed 10³⁰⁰: no value in that column is then trusted.
    """
    top = first + (width - 1)
    count = int(top.max()) + 1
    size = 64
    while size < count:
        size *= 2
    terms = _falling_ratios(size)[:count].take(top, axis=1)
    top_f = top.astype(np.float64)
    powers = np.empty(terms.shape)
    powers[0] = 1.0
    rising = powers[1:]
    done = 1
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        np.divide(top_f, traffic, out=rising[0])
        while done < count - 1:
            step = min(done, count - 1 - done)
            np.multiply(rising[:step], rising[done - 1], out=rising[done : done + step])
            done *= 2
        usable = powers[-1] <= _POWER_CAP  # the largest power, as M/A ≥ 1
        terms *= powers
        inverse_b = _suffix_sums(width) @ terms[:width]
        inverse_b += _ONES[: count - width] @ terms[width:]
        inverse_b /= terms[:width]
        heads = top_f - _OFFSETS[:width]  # row k: M − k
        gap = heads - traffic
        late = np.multiply(gap, -ratio)
        np.exp(late, out=late)
        late *= heads
        gap *= inverse_b
        gap += traffic
        late /= gap
    return late, usable


def _agents_required_table(
    traffic: FloatArray,
    ratio: FloatArray,
    target: FloatArray,
    first: IntArray,
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """The closed-form search for :func:`agents_required`, and where it is certain (flat arrays).

    For each element, the first head-count from ``first`` on whose closed-form service level
    (:func:`_late_shares`) meets the target. The first window holds ``2 + √A`` head-counts;
    an element that every head-count in it surely misses goes on to the next window, twice
    as long. An answer is certain where every head-count of its window misses the target by
    more than ``_TABLE_MARGIN`` (10⁻⁹) or meets it by more, and at least one meets it. The
    closed form and :func:`service_level` are both within 10⁻¹² of the exact level, which
    rises with ``N`` (``C`` falls, and so does the exponential factor), so the head-counts
    surely short come first, :func:`service_level` is short at exactly those, and it meets
    the target at the next one. Elsewhere (a level within the margin, 512 agents or more, a
    window longer than 64, a table over ``_TABLE_ELEMENTS`` entries, powers near overflow)
    the answer is not certain.
    """
    agents = first.copy()
    certain = np.zeros(traffic.size, dtype=np.bool_)
    todo: IntArray | None = None  # None: every element
    a, r, tau, start = traffic, ratio, target, first
    width = min(_WINDOW_MAX, max(4, int(2.0 + math.sqrt(float(traffic.max(initial=0.0))))))
    while width <= _WINDOW_MAX:
        highest = int(start.max())
        if highest + width > _TABLE_AGENTS:
            fits = start + width <= _TABLE_AGENTS
            todo = np.flatnonzero(fits) if todo is None else todo[fits]
            a, r, tau, start = traffic[todo], ratio[todo], target[todo], start[fits]
            if not start.size:
                break
            highest = int(start.max())
        if start.size * (highest + width) > _TABLE_ELEMENTS:
            break
        late, usable = _late_shares(a, r, start, width)
        limit = 1.0 - tau
        # the exact level rises with N: head-counts surely short come before those surely met
        short = (late > limit + _TABLE_MARGIN).sum(axis=0)
        meets = (late < limit - _TABLE_MARGIN).sum(axis=0)
        decided = (short + meets == width) & (meets > 0) & usable
        if todo is None:
            agents += short
            certain = decided
        else:
            agents[todo] = start + short
            certain[todo] = decided
        more = (short == width) & usable  # the window is entirely short of the target
        if not more.any():
            break
        todo = np.flatnonzero(more) if todo is None else todo[more]
        a, r, tau, start = traffic[todo], ratio[todo], target[todo], start[more] + width
        width *= 2
    return agents, certain


def _agents_required_search(
    traffic: FloatArray,
    ratio: FloatArray,
    target: FloatArray,
    first: IntArray,
) -> IntArray:
    """The closed-form search where it is certain, the recursion elsewhere (flat arrays)."""
    agents, certain = _agents_required_table(traffic, ratio, target, first)
    if not certain.all():
        rest = np.flatnonzero(~certain)
        agents[rest] = _agents_required_flat(traffic[rest], ratio[rest], target[rest], first[rest])
    return agents


@overload
def agents_required(
    traffic: float,
    aht_seconds: float,
    target_seconds: float,
    service_level: float,
    max_occupancy: float = 1.0,
) -> int: ...
@overload
def agents_required(
    traffic: npt.NDArray[Any],
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
    service_level: npt.ArrayLike,
    max_occupancy: npt.ArrayLike = 1.0,
) -> IntArray: ...
@overload
def agents_required(
    traffic: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
    service_level: npt.ArrayLike,
    max_occupancy: npt.ArrayLike = 1.0,
) -> int | IntArray: ...
def agents_required(
    traffic: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
    service_level: npt.ArrayLike,
    max_occupancy: npt.ArrayLike = 1.0,
) -> int | IntArray:
    """Smallest head-count meeting an Erlang C service level and an occupancy ceiling.

    The result is the smallest integer ``N`` with ``SL(N) ≥ service_level`` (see
    :func:`service_level`) and ``A/N ≤ max_occupancy``. No traffic needs no agents.

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A`` [Erlang], finite, ≥ 0.
    aht_seconds : float or array_like
        Mean handle time [s], > 0.
    target_seconds : float or array_like
        Answer-time threshold [s], ≥ 0.
    service_level : float or array_like
        Required share answered within ``target_seconds``, in (0, 1] [-].
    max_occupancy : float or array_like, default 1.0
        Highest acceptable occupancy ``A/N``, in (0, 1] [-].

    Returns
    -------
    int or numpy.ndarray of int64
        Productive agents required [agents], before shrinkage (see :func:`scheduled_agents`).

    Raises
    ------
    InfeasibleStaffingError
        ``service_level = 1`` with traffic > 0 (with random arrivals some contact always
        waits: ``SL < 1`` for every finite ``N``), or an occupancy ceiling needing more than
        2**53 agents.
    ValueError
        An argument out of range; the message names it and its index.

    Notes
    -----
    All elements are searched together (no per-element Python loop), upward from
    ``max(⌊A⌋ + 1, ⌈A/max_occupancy⌉)``. Below 512 agents, a closed form for ``1/B`` through
    ratios of Poisson terms gives the service level at a window of head-counts for every
    element in a few dozen numpy calls (module docstring, *Numerics*). An element whose
    closed-form level comes within 10⁻⁹ of the target at the answer or below it — or that
    lies beyond the closed form's bounds — is searched again with the Erlang B recursion,
    one agent at a time from the start, which costs about as much as one Erlang B evaluation
    at the answer. Either way the result is the smallest ``N`` from that start for which
    ``service_level(traffic, N, aht_seconds, target_seconds)`` reaches ``service_level``.

    Examples
    --------
    >>> agents_required(48.0, 240.0, 20.0, 0.8)
    54
    """
    a = _non_negative("traffic", traffic, "Erlang")
    h = _positive("aht_seconds", aht_seconds, "s")
    t = _non_negative("target_seconds", target_seconds, "s")
    sl = _fraction("service_level", service_level, closed_low=False, closed_high=True)
    occ = _fraction("max_occupancy", max_occupancy, closed_low=False, closed_high=True)
    scalar = _is_scalar(a, h, t, sl, occ)
    a, h, t, sl, occ = _broadcast(
        traffic=a, aht_seconds=h, target_seconds=t, service_level=sl, max_occupancy=occ
    )
    a_flat = a.ravel()
    sl_flat = sl.ravel()
    busy = a_flat > 0
    certain = busy & (sl_flat >= 1.0)
    if certain.any():
        i = int(np.argmax(certain))
        where = _where(tuple(int(j) for j in np.unravel_index(i, a.shape)), a.ndim)
        raise InfeasibleStaffingError(
            "service_level 1 cannot be reached: with random arrivals and traffic > 0 some "
            "contact always waits longer than any threshold, so no head-count answers every "
            f"contact within target_seconds (traffic {float(a_flat[i])!r} Erlang{where}); "
            "ask for a service level below 1"
        )
    out = np.zeros(a_flat.shape, dtype=np.int64)
    work = np.flatnonzero(busy)
    if work.size:
        aw = a_flat[work]
        first = np.floor(aw).astype(np.int64) + 1
        occ_w = occ.ravel()[work]
        if bool((occ_w < 1.0).any()):
            with np.errstate(over="ignore"):
                too_many = ~(aw / occ_w <= _MAX_AGENTS - 1)
            if too_many.any():
                i = int(work[int(np.argmax(too_many))])
                where = _where(tuple(int(j) for j in np.unravel_index(i, a.shape)), a.ndim)
                raise InfeasibleStaffingError(
                    f"max_occupancy {float(occ.ravel()[i])!r} is too low for traffic "
                    f"{float(a_flat[i])!r} Erlang{where}: it would take more than 2**53 agents"
                )
            first = np.maximum(first, _occupancy_floor(aw, occ_w))
        ratio = t.ravel()[work] / h.ravel()[work]
        out[work] = _agents_required_search(aw, ratio, sl_flat[work], first)
    return _out_int(out.reshape(a.shape), scalar)


@overload
def scheduled_agents(agents: int, shrinkage: float) -> int: ...
@overload
def scheduled_agents(agents: npt.NDArray[Any], shrinkage: npt.ArrayLike) -> IntArray: ...
@overload
def scheduled_agents(agents: npt.ArrayLike, shrinkage: npt.ArrayLike) -> int | IntArray: ...
def scheduled_agents(agents: npt.ArrayLike, shrinkage: npt.ArrayLike) -> int | IntArray:
    """Agents to schedule so that ``agents`` are productive after shrinkage.

    .. math:: \\lceil N / (1 - s) \\rceil

    Parameters
    ----------
    agents : int or array_like
        Productive agents required [agents], whole numbers ≥ 0.
    shrinkage : float or array_like
        Share of scheduled time not available for contacts (breaks, training, meetings,
        absence), in [0, 1) [-].

    Returns
    -------
    int or numpy.ndarray of int64
        Scheduled agents [agents]. A quotient within 10⁻¹² (relative) above an integer counts
        as that integer, so binary rounding such as ``7 / (1 − 0.3) = 10.000000000000002``
        does not add an agent.

    Examples
    --------
    >>> scheduled_agents(7, 0.3)
    10
    """
    n = _agents("agents", agents)
    s = _fraction("shrinkage", shrinkage, closed_low=True, closed_high=False)
    scalar = _is_scalar(n, s)
    n, s = _broadcast(agents=n, shrinkage=s)
    quotient = n / (1.0 - s)
    scheduled = np.ceil(quotient * (1.0 - 1e-12)).astype(np.int64)
    return _out_int(scheduled, scalar)


# ----------------------------------------------------------------------------- Erlang A


@dataclass(frozen=True, slots=True)
class ErlangAResult:
    """Performance of an M/M/N+M queue (Erlang A), elementwise over the inputs.

    Attributes
    ----------
    prob_wait : float or numpy.ndarray
        Probability that an arrival finds every agent busy and queues [-].
    prob_abandon : float or numpy.ndarray
        Probability that an arrival abandons before being answered [-].
    mean_wait_seconds : float or numpy.ndarray
        Mean time in queue of all arrivals — answered, abandoned and answered at once — i.e.
        the customer wait time some vendors bill [s].
    mean_wait_served_seconds : float or numpy.ndarray
        Mean time in queue of the arrivals that are answered (the Erlang A ASA) [s]; ``nan``
        with no agents.
    service_level : float or numpy.ndarray
        Share of all arrivals answered within the target time; abandoned contacts count as
        missing it [-].
    """

    prob_wait: float | FloatArray
    prob_abandon: float | FloatArray
    mean_wait_seconds: float | FloatArray
    mean_wait_served_seconds: float | FloatArray
    service_level: float | FloatArray


def _erlang_a_flat(
    traffic: FloatArray,
    agents: IntArray,
    aht: FloatArray,
    patience: FloatArray,
    target: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Erlang A sums for flat arrays with traffic > 0 and finite patience."""
    size = traffic.size
    a = agents * patience / aht  # N·μ/θ
    y = traffic * patience / aht  # λ/θ
    theta = 1.0 / patience
    peak = np.maximum(y - a, 0.0)
    # terms past the peak: a Gaussian fall-off of width √y, or geometric with ratio y/a
    with np.errstate(divide="ignore"):
        geometric = 60.0 / np.log(np.maximum(a / y, 1.0))
    estimate = peak + np.minimum(10.0 * np.sqrt(y), geometric) + 100.0
    if float(estimate.max()) > _ERLANG_A_MAX_TERMS:
        i = int(np.argmax(estimate))
        raise ValueError(
            f"patience_seconds {float(patience[i])!r} is too long for this overload (traffic "
            f"{float(traffic[i])!r} Erlang on {int(agents[i])} agents): the queue would hold "
            f"about {float(peak[i]):.3g} contacts and the Erlang A sums need more than "
            f"{_ERLANG_A_MAX_TERMS:,} terms; use Erlang C (patience_seconds=inf) or add agents"
        )
    z = _z(traffic, agents)
    with np.errstate(divide="ignore"):
        log_one_minus_x = np.log(-np.expm1(-target * theta))
    log_nb = -(a + 1.0) * target * theta

    s_q = np.zeros(size)
    s_w = np.zeros(size)
    s_sr = np.zeros(size)
    s_srw = np.zeros(size)
    s_sl = np.zeros(size)
    r = np.ones(size)
    h = np.zeros(size)
    cdf = np.zeros(size)
    scale_z = z.copy()

    results = [np.zeros(size) for _ in range(6)]  # s_q, s_w, s_sr, s_srw, s_sl, z
    index = np.arange(size)
    k = 0
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        while index.size:
            inv_d = 1.0 / (a + (k + 1.0))
            s_q += r
            s_w += r * ((k + 1.0) * inv_d)
            served = r * (a * inv_d)
            s_sr += served
            h += inv_d
            s_srw += served * h
            if k:
                log_nb += log_one_minus_x + np.log((a + k) / k)
            cdf += np.exp(log_nb)
            s_sl += served * np.maximum(1.0 - cdf, 0.0)
            rho = y * inv_d
            r = r * rho
            big = r > _RESCALE_ABOVE
            if big.any():
                for arr in (r, s_q, s_w, s_sr, s_srw, s_sl, scale_z):
                    arr[big] *= _RESCALE_BY
            reference = np.where(a > 0, np.minimum(s_w, s_srw), s_w)
            done = (rho < 1.0) & (r <= _TAIL_TOLERANCE * (1.0 - rho) * reference)
            if done.any():
                for out, arr in zip(results, (s_q, s_w, s_sr, s_srw, s_sl, scale_z), strict=True):
                    out[index[done]] = arr[done]
                keep = ~done
                index = index[keep]
                a, y, r, h, cdf, log_nb, log_one_minus_x = (
                    a[keep],
                    y[keep],
                    r[keep],
                    h[keep],
                    cdf[keep],
                    log_nb[keep],
                    log_one_minus_x[keep],
                )
                s_q, s_w, s_sr, s_srw, s_sl, scale_z = (
                    s_q[keep],
                    s_w[keep],
                    s_sr[keep],
                    s_srw[keep],
                    s_sl[keep],
                    scale_z[keep],
                )
            k += 1

    q, w, sr, srw, sl, zz = results
    with np.errstate(invalid="ignore", divide="ignore"):
        total = zz + q
        prob_wait = q / total
        prob_abandon = w / total
        mean_wait = w / (theta * total)
        mean_wait_served = srw / (theta * (zz + sr))
        level = np.where(np.isinf(zz), 1.0, (zz + sl) / total)
    prob_wait = np.where(np.isinf(zz), 0.0, prob_wait)
    prob_abandon = np.where(np.isinf(zz), 0.0, prob_abandon)
    mean_wait = np.where(np.isinf(zz), 0.0, mean_wait)
    mean_wait_served = np.where(np.isinf(zz), 0.0, mean_wait_served)
    return prob_wait, prob_abandon, mean_wait, mean_wait_served, level


def erlang_a(
    traffic: npt.ArrayLike,
    agents: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    patience_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike = 20.0,
) -> ErlangAResult:
    """Erlang A (M/M/N+M): a queue whose customers abandon after an exponential patience.

    Arrivals are Poisson at rate ``λ = A/AHT``, handle times exponential with mean ``AHT``
    (rate ``μ``), patience exponential with mean ``patience_seconds`` (rate ``θ``), first come
    first served. The stationary distribution is a birth–death chain (Garnett, Mandelbaum &
    Reiman 2002): ``π_n ∝ A^n/n!`` for ``n ≤ N`` and
    ``π_{N+k} = π_N Π_{j=1}^{k} λ/(Nμ + jθ)``. With ``a = Nμ/θ``, ``y = λ/θ`` the queue terms
    are ``r_k = y^k / Π_{j=1}^{k}(a + j)`` and, by PASTA, an arrival that finds ``k`` waiting:

    * is answered with probability ``a/(a + k + 1)`` and waits on average
      ``(k + 1)/(θ(a + k + 1))`` whatever happens (so ``P(Ab) = θ·E[W]``);
    * if it were infinitely patient would wait ``V = −ln U/θ`` with ``U ~ Beta(a, k + 1)``
      (a sum of exponentials of rates ``θ(a + i)``, ``i = 0…k``), hence it is answered within
      ``t`` with probability ``a/(a + k + 1)·(1 − I_x(a + 1, k + 1))``, ``x = e^{−θt}``, where
      the regularized incomplete beta with integer second argument is a negative-binomial
      cdf summed term by term (Mandelbaum & Zeltyn 2004).

    The sums over ``k`` are accumulated elementwise until the rest of the (eventually
    geometric) tail is below 10⁻¹⁷ of the smallest sum, with rescaling instead of overflow.
    Their length is about ``max(0, y − a) + 10√y`` terms.

    Parameters
    ----------
    traffic : float or array_like
        Offered load ``A = λ·AHT`` [Erlang], finite, ≥ 0.
    agents : int or array_like
        Agents ``N`` [agents], whole numbers ≥ 0 (any ``N`` is stable: impatient customers
        leave).
    aht_seconds : float or array_like
        Mean handle time [s], > 0.
    patience_seconds : float or array_like
        Mean patience before abandoning [s], > 0; ``inf`` gives Erlang C (then ``N ≤ A``
        yields the unstable-queue limits: ``prob_wait`` 1, waits ``inf``).
    target_seconds : float or array_like, default 20.0
        Answer-time threshold of the service level [s], ≥ 0.

    Returns
    -------
    ErlangAResult
        Probability of waiting and of abandoning, mean wait of all arrivals and of those
        answered [s], and the service level; floats for scalar input, arrays otherwise.

    Raises
    ------
    ValueError
        An argument out of range, or a patience so long in an overloaded queue that more than
        2,000,000 queue-length terms would be needed.

    References
    ----------
    O. Garnett, A. Mandelbaum and M. Reiman (2002), MSOM 4(3) 208–227; A. Mandelbaum and
    S. Zeltyn (2004), OR Spectrum 26, 377–411.

    Examples
    --------
    >>> result = erlang_a(10.0, 10, 300.0, 120.0)
    >>> 0.0 < result.prob_abandon < result.prob_wait < 1.0
    True
    """
    a = _non_negative("traffic", traffic, "Erlang")
    n = _agents("agents", agents)
    h = _positive("aht_seconds", aht_seconds, "s")
    p = _positive("patience_seconds", patience_seconds, "s", allow_inf=True)
    t = _non_negative("target_seconds", target_seconds, "s")
    scalar = _is_scalar(a, n, h, p, t)
    a, n, h, p, t = _broadcast(
        traffic=a, agents=n, aht_seconds=h, patience_seconds=p, target_seconds=t
    )
    a_flat, n_flat, h_flat = a.ravel(), n.ravel(), h.ravel()
    p_flat, t_flat = p.ravel(), t.ravel()
    size = a_flat.size
    prob_wait = np.zeros(size)
    prob_abandon = np.zeros(size)
    mean_wait = np.zeros(size)
    mean_wait_served = np.zeros(size)
    level = np.ones(size)

    patient = np.flatnonzero((a_flat > 0) & np.isinf(p_flat))
    if patient.size:
        pa, pn, ph, pt = a_flat[patient], n_flat[patient], h_flat[patient], t_flat[patient]
        c = np.ones(patient.size)
        sl = np.zeros(patient.size)
        wait = np.full(patient.size, np.inf)
        stable = pn > pa
        if stable.any():
            sa, sn = pa[stable], pn[stable]
            z = _z(sa, sn)
            snf = sn.astype(np.float64)
            c[stable] = _erlang_c_from_z(sa, snf, z)
            sl[stable] = _service_level_from_z(sa, snf, z, pt[stable] / ph[stable])
            wait[stable] = c[stable] * ph[stable] / (snf - sa)
        prob_wait[patient] = c
        mean_wait[patient] = wait
        mean_wait_served[patient] = wait
        level[patient] = sl

    impatient = np.flatnonzero((a_flat > 0) & np.isfinite(p_flat))
    if impatient.size:
        i = impatient
        wq, ab, mw, mws, sl = _erlang_a_flat(a_flat[i], n_flat[i], h_flat[i], p_flat[i], t_flat[i])
        prob_wait[i] = wq
        prob_abandon[i] = ab
        mean_wait[i] = mw
        mean_wait_served[i] = mws
        level[i] = sl

    shape = a.shape
    return ErlangAResult(
        prob_wait=_out_float(prob_wait.reshape(shape), scalar),
        prob_abandon=_out_float(prob_abandon.reshape(shape), scalar),
        mean_wait_seconds=_out_float(mean_wait.reshape(shape), scalar),
        mean_wait_served_seconds=_out_float(mean_wait_served.reshape(shape), scalar),
        service_level=_out_float(level.reshape(shape), scalar),
    )


# ----------------------------------------------------------------------------- interval staffing


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array = np.array(array, copy=True)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, slots=True)
class IntervalStaffing:
    """Staffing of a sequence of intervals, e.g. the 336 half hours of a typical week.

    Build it with :func:`interval_staffing` or :func:`staff_channel`. Arrays are read-only and
    share the shape of ``volumes``.

    Attributes
    ----------
    interval_minutes : float
        Length of each interval [min].
    volumes : numpy.ndarray
        Contacts offered per interval [contacts].
    aht_seconds : numpy.ndarray
        Mean handle time per interval [s].
    traffic : numpy.ndarray
        Offered load per interval [Erlang].
    agents : numpy.ndarray of int64
        Productive agents required per interval (Erlang C and the occupancy ceiling) [agents].
    scheduled_agents : numpy.ndarray of int64
        Agents to schedule per interval after shrinkage [agents].
    service_level : numpy.ndarray
        Expected Erlang C service level with ``agents`` (1 where there is no traffic) [-].
    asa_seconds : numpy.ndarray
        Erlang C average speed of answer with ``agents`` [s].
    mean_wait_seconds : numpy.ndarray
        Mean queue time of all contacts [s]: Erlang A when a patience was given, else the
        Erlang C ASA.
    abandon_probability : numpy.ndarray
        Erlang A probability of abandoning (0 without a patience: Erlang C customers wait) [-].
    occupancy : numpy.ndarray
        ``traffic / agents`` (0 where there is no traffic) [-].
    shrinkage : float
        Share of scheduled time not spent on contacts [-].
    paid_hours_per_fte_month : float
        Paid hours of one full-time equivalent in a month [h/month].
    patience_seconds : float or None
        Mean customer patience used for ``mean_wait_seconds`` [s].
    """

    interval_minutes: float
    volumes: FloatArray
    aht_seconds: FloatArray
    traffic: FloatArray
    agents: IntArray
    scheduled_agents: IntArray
    service_level: FloatArray
    asa_seconds: FloatArray
    mean_wait_seconds: FloatArray
    abandon_probability: FloatArray
    occupancy: FloatArray
    shrinkage: float
    paid_hours_per_fte_month: float
    patience_seconds: float | None

    @property
    def interval_hours(self) -> float:
        """Length of each interval [h]."""
        return self.interval_minutes / 60.0

    @property
    def agent_hours_per_week(self) -> float:
        """Productive agent hours over the intervals, taken to be one week [h/week]."""
        return float(self.agents.sum()) * self.interval_hours

    def agent_hours_per_month(self, weeks_per_month: float = WEEKS_PER_MONTH) -> float:
        """Productive agent hours a month [h/month].

        Parameters
        ----------
        weeks_per_month : float, default 52/12
            Weeks in a month [weeks/month].
        """
        weeks = float(_positive("weeks_per_month", weeks_per_month, "weeks/month"))
        return self.agent_hours_per_week * weeks

    @property
    def scheduled_hours_per_month(self) -> float:
        """Scheduled (paid, on-shift) agent hours a month, at 52/12 weeks a month [h/month]."""
        return float(self.scheduled_agents.sum()) * self.interval_hours * WEEKS_PER_MONTH

    def fte(
        self,
        paid_hours_per_fte_month: float | None = None,
        shrinkage: float | None = None,
    ) -> float:
        """Full-time equivalents needed: productive hours ÷ productive hours of one FTE.

        .. math:: \\mathrm{FTE} = \\frac{\\text{agent hours a month}}{H_{paid}\\,(1 - s)}

        Parameters
        ----------
        paid_hours_per_fte_month : float, optional
            Paid hours of one FTE a month [h/month]; defaults to the value this result was
            built with (40 h a week unless told otherwise).
        shrinkage : float, optional
            Share of paid time not spent on contacts, in [0, 1) [-]; defaults to the
            shrinkage this result was built with.

        Returns
        -------
        float
            FTEs [FTE] (fractional; no rounding per interval, unlike
            ``scheduled_hours_per_month``).
        """
        paid = (
            self.paid_hours_per_fte_month
            if paid_hours_per_fte_month is None
            else paid_hours_per_fte_month
        )
        shrink = self.shrinkage if shrinkage is None else shrinkage
        paid_checked = float(_positive("paid_hours_per_fte_month", paid, "h/month"))
        shrink_checked = float(_fraction("shrinkage", shrink, closed_low=True, closed_high=False))
        return self.agent_hours_per_month() / (paid_checked * (1.0 - shrink_checked))

    @property
    def peak_agents(self) -> int:
        """Largest productive head-count over the intervals [agents]."""
        return int(self.agents.max()) if self.agents.size else 0

    @property
    def peak_scheduled_agents(self) -> int:
        """Largest scheduled head-count over the intervals [agents]."""
        return int(self.scheduled_agents.max()) if self.scheduled_agents.size else 0

    def to_frame(self) -> pd.DataFrame:
        """One row per interval.

        Returns
        -------
        pandas.DataFrame
            Index ``interval`` (0, 1, …). When the intervals span exactly one week, columns
            ``weekday`` (``Mon`` … ``Sun``) and ``start`` (``HH:MM``) come first. Then
            ``volume`` [contacts], ``aht_seconds`` [s], ``traffic_erlang`` [Erlang],
            ``agents``, ``scheduled_agents`` [agents], ``service_level`` [-],
            ``asa_seconds``, ``mean_wait_seconds`` [s], ``abandon_probability`` and
            ``occupancy`` [-].
        """
        import pandas as pd

        count = self.volumes.size
        columns: dict[str, Any] = {}
        if count and math.isclose(count * self.interval_minutes, 7 * 24 * 60):
            minutes = np.arange(count) * self.interval_minutes
            days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
            columns["weekday"] = [days[int(m // 1440)] for m in minutes]
            columns["start"] = [
                f"{int(m % 1440) // 60:02d}:{round(m % 60) % 60:02d}" for m in minutes
            ]
        columns.update(
            volume=self.volumes,
            aht_seconds=self.aht_seconds,
            traffic_erlang=self.traffic,
            agents=self.agents,
            scheduled_agents=self.scheduled_agents,
            service_level=self.service_level,
            asa_seconds=self.asa_seconds,
            mean_wait_seconds=self.mean_wait_seconds,
            abandon_probability=self.abandon_probability,
            occupancy=self.occupancy,
        )
        return pd.DataFrame(columns, index=pd.RangeIndex(count, name="interval"))


def interval_staffing(
    volumes: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_seconds: npt.ArrayLike,
    service_level: npt.ArrayLike,
    interval_minutes: float = 30,
    max_occupancy: npt.ArrayLike = 1.0,
    shrinkage: float = 0.0,
    patience_seconds: float | None = None,
    paid_hours_per_fte_month: float = PAID_HOURS_PER_FTE_MONTH,
) -> IntervalStaffing:
    """Agents needed in each interval of a period to meet a service-level target.

    Each interval is an independent Erlang C system with traffic
    ``A = volume × AHT / (60 × interval_minutes)``; the head-count is
    :func:`agents_required`, rounded up for shrinkage by :func:`scheduled_agents`.

    Parameters
    ----------
    volumes : array_like
        Contacts offered per interval, 1-D, finite, ≥ 0 [contacts]; e.g. the 336 half hours
        of a typical week, Monday 00:00 first.
    aht_seconds : float or array_like
        Mean handle time (talk + hold + after-call work), scalar or one per interval [s].
    target_seconds : float or array_like
        Answer-time threshold [s], ≥ 0.
    service_level : float or array_like
        Share answered within ``target_seconds``, in (0, 1] [-].
    interval_minutes : float, default 30
        Interval length [min], > 0.
    max_occupancy : float or array_like, default 1.0
        Highest acceptable occupancy, in (0, 1] [-].
    shrinkage : float, default 0.0
        Share of scheduled time not spent on contacts, in [0, 1) [-].
    patience_seconds : float, optional
        Mean customer patience [s], > 0. When given, ``mean_wait_seconds`` and
        ``abandon_probability`` come from Erlang A with the staffed agents (the head-count
        itself stays the conservative Erlang C one).
    paid_hours_per_fte_month : float, default 40 × 52 / 12
        Paid hours of one full-time equivalent a month, used by :meth:`IntervalStaffing.fte`
        [h/month].

    Returns
    -------
    IntervalStaffing

    Raises
    ------
    InfeasibleStaffingError
        A target no head-count reaches (``service_level = 1`` with traffic).
    ValueError
        An argument out of range; the message names it and the interval.

    Examples
    --------
    >>> week = interval_staffing([0.0, 120.0, 360.0], 240.0, 20.0, 0.8)
    >>> week.agents.tolist()
    [0, 20, 54]
    """
    v = _non_negative("volumes", volumes, "contacts")
    if v.ndim != 1:
        raise ValueError(
            f"volumes must be a 1-D array of contacts per interval; got shape {v.shape}"
        )
    minutes = float(_positive("interval_minutes", interval_minutes, "min"))
    h = _positive("aht_seconds", aht_seconds, "s")
    shrink = float(_fraction("shrinkage", shrinkage, closed_low=True, closed_high=False))
    paid = float(_positive("paid_hours_per_fte_month", paid_hours_per_fte_month, "h/month"))
    patience = (
        None
        if patience_seconds is None
        else float(_positive("patience_seconds", patience_seconds, "s", allow_inf=True))
    )
    v, h = _broadcast(volumes=v, aht_seconds=h)
    if v.shape != np.shape(volumes):
        raise ValueError(
            "aht_seconds must be a scalar or one value per interval; got shape "
            f"{np.shape(aht_seconds)} for {v.size} volumes"
        )
    traffic = v * h / (60.0 * minutes)
    agents = np.asarray(
        agents_required(traffic, h, target_seconds, service_level, max_occupancy), dtype=np.int64
    )
    t = np.broadcast_to(np.asarray(target_seconds, dtype=np.float64), traffic.shape)
    level = np.asarray(_service_level_any(traffic, agents, h, t), dtype=np.float64)
    answer = np.asarray(asa(traffic, agents, h), dtype=np.float64)
    if patience is None:
        mean_wait = answer
        abandon = np.zeros(traffic.shape)
    else:
        result = erlang_a(traffic, agents, h, patience, t)
        mean_wait = np.asarray(result.mean_wait_seconds, dtype=np.float64)
        abandon = np.asarray(result.prob_abandon, dtype=np.float64)
    occ = np.asarray(occupancy(traffic, agents), dtype=np.float64)
    scheduled = np.asarray(scheduled_agents(agents, shrink), dtype=np.int64)
    return IntervalStaffing(
        interval_minutes=minutes,
        volumes=_readonly(v),
        aht_seconds=_readonly(h),
        traffic=_readonly(traffic),
        agents=_readonly(agents),
        scheduled_agents=_readonly(scheduled),
        service_level=_readonly(level),
        asa_seconds=_readonly(answer),
        mean_wait_seconds=_readonly(mean_wait),
        abandon_probability=_readonly(abandon),
        occupancy=_readonly(occ),
        shrinkage=shrink,
        paid_hours_per_fte_month=paid,
        patience_seconds=patience,
    )


def staff_channel(
    needs: Needs,
    channel: Channel | str,
    shrinkage: float = 0.0,
    paid_hours_per_fte_month: float = PAID_HOURS_PER_FTE_MONTH,
    max_occupancy: float = 1.0,
    weeks_per_month: float = WEEKS_PER_MONTH,
) -> IntervalStaffing:
    """Staff one channel of a buyer's needs over the 336 half hours of a typical week.

    The channel's monthly volume becomes a week's (``volume_per_month / weeks_per_month``,
    i.e. × 12/52), spread over the half hours by its arrival pattern (each hour's share split
    evenly into its two halves); its handle time is talk + hold + after-call work, its
    target and patience are its own.

    Parameters
    ----------
    needs : Needs
        The buyer's needs.
    channel : Channel or str
        Which channel (``phone``, ``chat``…).
    shrinkage : float, default 0.0
        Share of scheduled time not spent on contacts, in [0, 1) [-].
    paid_hours_per_fte_month : float, default 40 × 52 / 12
        Paid hours of one FTE a month [h/month].
    max_occupancy : float, default 1.0
        Highest acceptable occupancy, in (0, 1] [-].
    weeks_per_month : float, default 52/12
        Weeks in a month, to turn the monthly volume into a week's [weeks/month].

    Returns
    -------
    IntervalStaffing
        336 half-hour intervals, Monday 00:00 first, in the buyer's time zone.

    Raises
    ------
    KeyError
        The needs have no such channel.
    ValueError
        The channel has no service-level target. Deferred channels (email, social) use their
        response time in hours as the threshold, an Erlang C approximation of a work queue.
    """
    needs_channel = needs.channel(channel)
    target = needs_channel.service_level
    if target is None:
        raise ValueError(
            f"channels[{needs_channel.channel.value}].service_level is missing: staffing needs "
            f"a target (share answered within a time)"
        )
    weeks = float(_positive("weeks_per_month", weeks_per_month, "weeks/month"))
    weekly = needs_channel.volume_per_month / weeks
    volumes = weekly * needs_channel.arrival.half_hour_shares()
    # a channel without volume may have no handle time; any positive one gives zero traffic
    aht = needs_channel.aht_seconds if needs_channel.aht_seconds > 0 else 1.0
    return interval_staffing(
        volumes,
        aht_seconds=aht,
        target_seconds=target.threshold_seconds,
        service_level=target.share,
        interval_minutes=30,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
        patience_seconds=needs_channel.patience_seconds,
        paid_hours_per_fte_month=paid_hours_per_fte_month,
    )
