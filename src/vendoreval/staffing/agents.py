"""The smallest head-count that meets a service level and an occupancy ceiling, vectorized."""

from __future__ import annotations

import functools
import math
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from vendoreval._types import FloatArray, IntArray
from vendoreval.errors import InfeasibleStaffingError
from vendoreval.staffing._capacity import table_agents
from vendoreval.staffing._core import (
    _BLOCK_ELEMENTS,
    _MAX_AGENTS,
    _OFFSETS,
    _ONES,
    _POWER_CAP,
    _TABLE_AGENTS,
    _TABLE_ELEMENTS,
    _TABLE_MARGIN,
    _WINDOW_MAX,
    _agents,
    _broadcast,
    _fraction,
    _is_scalar,
    _non_negative,
    _out_int,
    _positive,
    _recursion,
    _service_level_from_z,
    _start,
    _where,
    _z,
)

__all__ = ["agents_required", "scheduled_agents"]


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
    traffic: FloatArray,
    ratio: FloatArray | float,
    first: IntArray,
    width: int,
    highest: int | None = None,
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

    ``highest``, when given, is ``first.max()``.

    Returns
    -------
    late : numpy.ndarray
        Shape ``(width, elements)``; row ``k`` is head-count ``first + width − 1 − k``.
    usable : numpy.ndarray of bool
        False where a power passed 10³⁰⁰: no value in that column is then trusted.
    """
    top = first + (width - 1)
    count = (int(first.max()) if highest is None else highest) + width
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
    ratio: FloatArray | float,
    target: FloatArray | float,
    first: IntArray,
    largest: float | None = None,
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
    the answer is not certain. ``ratio`` and ``target`` may be one number for every element;
    ``largest``, when given, is ``traffic.max()``.
    """
    amax = float(traffic.max(initial=0.0)) if largest is None else largest
    agents: IntArray | None = None  # made when a second window or a subset is searched
    certain: npt.NDArray[np.bool_] | None = None
    todo: IntArray | None = None  # None: every element
    a, r, tau, start = traffic, ratio, target, first
    width = min(_WINDOW_MAX, max(4, int(2.0 + math.sqrt(amax))))
    highest = int(start.max())
    while width <= _WINDOW_MAX:
        if highest + width > _TABLE_AGENTS:
            fits = start + width <= _TABLE_AGENTS
            todo = np.flatnonzero(fits) if todo is None else todo[fits]
            a, r, tau, start = traffic[todo], _pick(ratio, todo), _pick(target, todo), start[fits]
            if not start.size:
                break
            highest = int(start.max())
        if start.size * (highest + width) > _TABLE_ELEMENTS:
            break
        late, usable = _late_shares(a, r, start, width, highest)
        limit = 1.0 - tau
        # the exact level rises with N: head-counts surely short come before those surely met
        short = np.count_nonzero(late > limit + _TABLE_MARGIN, axis=0)
        meets = np.count_nonzero(late < limit - _TABLE_MARGIN, axis=0)
        decided = (short + meets == width) & (meets > 0) & usable
        more = (short == width) & usable  # the window is entirely short of the target
        again = bool(more.any())
        if todo is None:
            if not again:  # the common call: one window over every element decides
                return start + short, decided
            agents, certain = start + short, decided
        else:
            if agents is None or certain is None:
                agents, certain = first.copy(), np.zeros(first.size, dtype=np.bool_)
            agents[todo] = start + short
            certain[todo] = decided
        if not again:
            break
        todo = np.flatnonzero(more) if todo is None else todo[more]
        a, r, tau = traffic[todo], _pick(ratio, todo), _pick(target, todo)
        start = start[more] + width
        highest = int(start.max())
        width *= 2
    if agents is None or certain is None:
        return first.copy(), np.zeros(first.size, dtype=np.bool_)
    return agents, certain


def _pick(values: FloatArray | float, index: IntArray) -> FloatArray | float:
    """``values[index]``, or the one number that stands for every element."""
    return values if isinstance(values, float) else values[index]


def _agents_required_search(
    traffic: FloatArray,
    ratio: FloatArray | float,
    target: FloatArray | float,
    first: IntArray,
    largest: float | None = None,
) -> IntArray:
    """The Erlang table, the closed-form search or the recursion, whichever is certain.

    With one ratio and one target for every element, a cached Erlang table
    (:mod:`vendoreval.staffing._capacity`) answers most elements with a binary search; the
    rest, and every element of other calls, go to :func:`_agents_required_closed_form`.
    ``largest``, when given, is ``traffic.max()``.
    """
    amax = float(traffic.max(initial=0.0)) if largest is None else largest
    if isinstance(ratio, float) and isinstance(target, float) and traffic.size:
        looked = table_agents(traffic, ratio, target, first, amax)
        if looked is not None:
            agents, certain = looked
            if not certain.all():
                rest = np.flatnonzero(~certain)
                agents[rest] = _agents_required_closed_form(
                    traffic[rest], ratio, target, first[rest]
                )
            return agents
    return _agents_required_closed_form(traffic, ratio, target, first, amax)


def _agents_required_closed_form(
    traffic: FloatArray,
    ratio: FloatArray | float,
    target: FloatArray | float,
    first: IntArray,
    largest: float | None = None,
) -> IntArray:
    """The closed-form search where it is certain, the recursion elsewhere (flat arrays).

    ``ratio`` and ``target`` may be one number for every element; ``largest``, when given,
    is ``traffic.max()``.
    """
    agents, certain = _agents_required_table(traffic, ratio, target, first, largest)
    if not certain.all():
        rest = np.flatnonzero(~certain)
        size = rest.size
        r = np.full(size, ratio) if isinstance(ratio, float) else ratio[rest]
        tau = np.full(size, target) if isinstance(target, float) else target[rest]
        agents[rest] = _agents_required_flat(traffic[rest], r, tau, first[rest])
    return agents


def _agents_required_plain(
    traffic: object,
    aht_seconds: object,
    target_seconds: object,
    service_level: object,
    max_occupancy: object,
) -> IntArray | None:
    """:func:`agents_required` for its common call, or None when the call is not of that kind.

    The common call is an array of float64 traffic with plain numbers for the other
    arguments, all in range. It is checked with two reductions (the smallest and largest
    traffic; a NaN fails both) instead of a mask per argument, and nothing is broadcast.
    Anything else — and any value out of range, which the general path then names with its
    index — returns None.
    """
    if type(traffic) is not np.ndarray or traffic.dtype != np.float64 or traffic.ndim == 0:
        return None
    numbers = (aht_seconds, target_seconds, service_level, max_occupancy)
    if not all(type(x) is float or type(x) is int for x in numbers):
        return None
    h, t, sl, occ = (float(x) for x in numbers)  # type: ignore[arg-type]
    if not (0.0 < h < math.inf and 0.0 <= t < math.inf and 0.0 < sl < 1.0 and 0.0 < occ <= 1.0):
        return None
    flat = traffic.ravel()
    largest = float(flat.max(initial=0.0))
    if flat.size and not (flat.min() >= 0.0 and largest < math.inf):
        return None
    out = np.zeros(flat.shape, dtype=np.int64)
    work = np.flatnonzero(flat)
    if work.size:
        busy = flat[work]
        first = busy.astype(np.int64)  # ⌊A⌋ + 1 below
        first += 1
        if occ < 1.0:
            if not largest / occ <= _MAX_AGENTS - 1:
                return None  # the general path says which traffic needs too many agents
            first = np.maximum(first, _occupancy_floor(busy, np.full(busy.size, occ)))
        out[work] = _agents_required_search(busy, t / h, sl, first, largest)
    result: IntArray = out.reshape(traffic.shape)
    return result


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
    With one handle time, threshold and target for every element, the second call for the
    same ``(target_seconds/aht_seconds, service_level)`` builds an Erlang table — the most
    traffic each head-count below 512 carries at that target, bracketed within about
    10⁻⁸ Erlang and confirmed with :func:`service_level` — and from then on reads every
    answer off it with one binary search (a week of half hours: about 20 µs; the table
    takes 2–10 ms to build, once). Traffic that falls between a bracket's bounds, or past
    the table, is searched as follows.

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
    plain = _agents_required_plain(
        traffic, aht_seconds, target_seconds, service_level, max_occupancy
    )
    if plain is not None:
        return plain
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
