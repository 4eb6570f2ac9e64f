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
Its service levels are within 10⁻¹² of the exact ones
(:func:`vendoreval.staffing.agents._late_shares`). Where one
lies within 10⁻⁹ of the target at the answer or below it, or the table would be large
(512 agents, 65,536 entries), the element is searched again with the recursion, so the
result is always the smallest head-count that :func:`service_level` itself accepts.
Called again with the same handle time, threshold and target, it reads the answers off a
cached Erlang table instead — for each head-count, bounds on the traffic it carries at that
target, confirmed with :func:`service_level` (:mod:`vendoreval.staffing._capacity`); traffic
between a pair of bounds goes to the search.

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

from collections.abc import Callable
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._types import FloatArray, IntArray
from vendoreval.errors import ArgumentError

__all__: list[str] = []


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
        raise ArgumentError(
            f"{name} must be a number or an array of numbers; got {value!r}"
        ) from None
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
            raise ArgumentError(f"{name} must be {expected}; got {float(array)!r}")
        return
    bad = ~np.asarray(ok)
    if bad.any():
        index = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), array.shape))
        where = _where(index, array.ndim)
        raise ArgumentError(f"{name} must be {expected}; got {float(array[index])!r}{where}")


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
        raise ArgumentError(f"arguments do not broadcast to one shape: {shapes}") from None
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
    """Erlang C for ``N > A > 0`` from ``z = 1/B − 1``: ``C = N / ((N − A)(1 + z) + A)``.

    Where the denominator overflows (``B`` near the smallest double, ``z`` near 10³⁰⁸) the
    same quotient is taken as ``(N/(N − A)) / ((1 + z) + A/(N − A))``, which stays finite,
    so ``C`` never drops below ``B`` by underflow.
    """
    gap = agents - traffic
    with np.errstate(over="ignore"):
        denominator = gap * (1.0 + z) + traffic
        result: FloatArray = agents / denominator
    overflow = np.isinf(denominator) & np.isfinite(z)
    if np.any(overflow):
        scaled = (agents / gap) / ((1.0 + z) + traffic / gap)
        result = np.where(overflow, scaled, result)
    return result


def _service_level_from_z(
    traffic: FloatArray, agents: FloatArray, z: FloatArray, ratio: FloatArray | float
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


def _stable_service_level(
    traffic: FloatArray, agents: IntArray, ratio: FloatArray | float
) -> FloatArray:
    """:func:`~vendoreval.staffing.service_level` of flat arrays with ``N > A > 0``.

    ``ratio`` is ``t/AHT``. The Erlang table (:mod:`vendoreval.staffing._capacity`) confirms
    its bounds with this same arithmetic.
    """
    return _service_level_from_z(traffic, agents.astype(np.float64), _z(traffic, agents), ratio)
