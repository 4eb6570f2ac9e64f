"""What-if curves: expected monthly cost as one input varies, and where two vendors break even.

The costs here are exact expected values, not Monte Carlo: every vendor's tariff
(:func:`vendoreval.pricing.tariff.monthly_charges`) applied to the expected quantities of
the chosen month — contacts split by the calendar's premium classes and the languages, the
phone's answered and abandoned shares from the vendor's own queue at the forecast (its
staffing, :mod:`vendoreval.simulation.service`, met by the forecast's traffic), billed
seconds from the exact per-contact means of :mod:`vendoreval.simulation.billed_seconds`,
agent hours re-staffed for the varied forecast (a committed head-count stays), prices at
that month's indexation. Service credits and the term's one-off costs are not included:
see :func:`~vendoreval.simulation.simulate_costs` for those.
Curves are therefore smooth where the tariff is, and quick. Where a tariff is non-linear
(a binding minimum, an all-units tier) this is the cost of the expected month, which the
simulation's mean can exceed.

Varied inputs
-------------
``volume``
    Multiplier of every channel's forecast volume [-].
``aht_seconds``
    Mean handle time of ``channel`` [s]: talk, hold and after-call work are scaled in
    proportion; the queue and the staffing follow.
``wait_seconds``
    Mean customer queue time per offered phone contact [s]: the queue model's probability of
    waiting and of abandoning are kept and the conditional wait set to
    ``value / P(wait)`` (every contact waits when the model has no queueing).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval._types import FloatArray
from vendoreval.errors import ArgumentError
from vendoreval.needs import Needs
from vendoreval.proposal import VendorProposal
from vendoreval.simulation.billed_seconds import WaitProfile
from vendoreval.simulation.model import CostModel
from vendoreval.simulation.service import queue_wait
from vendoreval.vocabulary import Channel

__all__ = ["VARIABLES", "break_even", "cost_curve"]

Variable = Literal["volume", "aht_seconds", "wait_seconds"]

VARIABLES: Final[tuple[str, ...]] = ("volume", "aht_seconds", "wait_seconds")
"""Inputs :func:`cost_curve` and :func:`break_even` can vary."""


def _check_vary(vary: str) -> str:
    if vary not in VARIABLES:
        raise ArgumentError(f"vary must be one of {', '.join(VARIABLES)}; got {vary!r}")
    return vary


def _channel(needs: Needs, channel: Channel | str, vary: str) -> Channel:
    try:
        name = Channel(channel)
    except ValueError:
        raise ArgumentError(
            f"channel must be one of {', '.join(c.value for c in Channel)}; got {channel!r}"
        ) from None
    if vary == "wait_seconds" and name is not Channel.PHONE:
        raise ArgumentError(
            f"vary='wait_seconds' is the phone queue time (the wait some vendors bill); "
            f"channel must be 'phone', got {name.value!r}"
        )
    if vary != "volume" and name not in needs.channel_names:
        present = ", ".join(c.value for c in needs.channel_names)
        raise ArgumentError(f"channel {name.value!r} is not in the needs (channels: {present})")
    return name


def _with_aht(needs: Needs, channel: Channel, aht_seconds: float) -> Needs:
    items = []
    for item in needs.channels:
        if item.channel is channel:
            current = item.aht_seconds
            if current > 0:
                scale = aht_seconds / current
                item = item.model_copy(
                    update={
                        "talk_seconds": item.talk_seconds * scale,
                        "hold_seconds": item.hold_seconds * scale,
                        "acw_seconds": item.acw_seconds * scale,
                    }
                )
            else:
                item = item.model_copy(update={"talk_seconds": aht_seconds})
        items.append(item)
    return needs.model_copy(update={"channels": tuple(items)})


def _wait_override(base: WaitProfile, mean_wait_seconds: float) -> WaitProfile:
    p_wait = base.prob_wait if base.prob_wait > 0 else 1.0
    return WaitProfile(p_wait, mean_wait_seconds / p_wait, min(base.prob_abandon, p_wait))


def _values(vary: str, values: npt.ArrayLike | None, needs: Needs, channel: Channel) -> FloatArray:
    if values is None:
        if vary == "volume":
            return np.linspace(0.5, 2.0, 31)
        if vary == "aht_seconds":
            return needs.channel(channel).aht_seconds * np.linspace(0.5, 2.0, 31)
        return np.linspace(0.0, 120.0, 25)
    array = np.atleast_1d(np.asarray(values, dtype=np.float64))
    if array.ndim != 1 or array.size == 0 or not np.isfinite(array).all():
        raise ArgumentError(
            f"values must be a non-empty 1-D sequence of finite numbers; got {values!r}"
        )
    if vary == "aht_seconds" and (array <= 0).any():
        raise ArgumentError("values of aht_seconds must be > 0 [s]")
    if (array < 0).any():
        raise ArgumentError(f"values of {vary} must be ≥ 0")
    return array


def _curve(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    vary: str,
    values: FloatArray,
    channel: Channel,
    month: str,
    base: CostModel,
) -> dict[str, FloatArray]:
    if vary == "volume":
        return base.expected_charges(values)
    names = [p.name for p in proposals]
    out = {name: np.empty(values.size) for name in names}
    base_wait = None
    if vary == "wait_seconds":
        base_wait = queue_wait(needs.channel(Channel.PHONE))
    for i, value in enumerate(values):
        if vary == "aht_seconds":
            model = base.with_changes(needs=_with_aht(needs, channel, float(value)))
        else:
            assert base_wait is not None
            model = base.with_changes(wait=_wait_override(base_wait, float(value)))
        costs = model.expected_charges([1.0])
        for name in names:
            out[name][i] = costs[name][0]
    return out


def cost_curve(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    vary: Variable = "volume",
    values: npt.ArrayLike | None = None,
    channel: Channel | str = "phone",
    *,
    month: str | None = None,
) -> pd.DataFrame:
    """Expected monthly cost of every vendor as one input varies.

    Parameters
    ----------
    needs : Needs
        The buyer's needs (the baseline).
    proposals : sequence of VendorProposal
        The vendors.
    vary : {"volume", "aht_seconds", "wait_seconds"}
        The input to vary (see the module notes).
    values : array_like, optional
        Values of the input: volume multipliers [-] (default 0.5–2.0), mean handle times [s]
        (default 0.5–2 × the channel's) or mean waits [s] (default 0–120 s).
    channel : Channel or str, default "phone"
        Channel whose handle time is varied (``aht_seconds``); ``wait_seconds`` is the phone's.
    month : str, optional
        Calendar month ``YYYY-MM``; defaults to ``needs.contract.start_month``.

    Returns
    -------
    pandas.DataFrame
        Index the varied values (named after ``vary``), one column per vendor: expected
        monthly cost [currency].

    Raises
    ------
    ValueError
        An unknown ``vary`` or channel, bad values, or a bad proposal (see
        :func:`~vendoreval.simulation.simulate_costs`).

    Examples
    --------
    >>> from vendoreval.datasets import load_sample
    >>> needs, proposals = load_sample()
    >>> curve = cost_curve(needs, proposals, "aht_seconds", [240, 300, 360])  # doctest: +SKIP
    """
    kind = _check_vary(vary)
    name = _channel(needs, channel, kind)
    points = _values(kind, values, needs, name)
    chosen = needs.contract.start_month if month is None else month
    costs = _curve(
        needs, proposals, kind, points, name, chosen, CostModel(needs, proposals, month=chosen)
    )
    frame = pd.DataFrame(costs, index=pd.Index(points, name=kind))
    frame.columns.name = "vendor"
    return frame


def break_even(
    needs: Needs,
    a: VendorProposal,
    b: VendorProposal,
    vary: Variable = "aht_seconds",
    low: float = 60.0,
    high: float = 900.0,
    channel: Channel | str = "phone",
    *,
    month: str | None = None,
    grid: int = 17,
    tolerance: float | None = None,
) -> float | None:
    """The value of ``vary`` at which vendor ``a``'s expected monthly cost equals ``b``'s.

    The difference ``cost_a − cost_b`` is evaluated on ``grid`` equally spaced values of
    ``[low, high]``; the first sign change is then narrowed by bisection to ``tolerance``.
    E.g. the handle time above which a per-second sheet with a higher rate beats a per-minute
    one.

    Parameters
    ----------
    needs : Needs
        The buyer's needs (the baseline).
    a, b : VendorProposal
        The two vendors (different names).
    vary : {"volume", "aht_seconds", "wait_seconds"}, default "aht_seconds"
        The input to vary (see the module notes).
    low, high : float
        The range searched, ``low < high`` (units of ``vary``).
    channel : Channel or str, default "phone"
        Channel whose handle time is varied.
    month : str, optional
        Calendar month ``YYYY-MM``; defaults to ``needs.contract.start_month``.
    grid : int, default 17
        Points of the initial scan, ≥ 2.
    tolerance : float, optional
        Width of the final bracket (units of ``vary``); default ``(high − low) × 1e-4``.

    Returns
    -------
    float or None
        The crossing (the middle of the final bracket); a grid point where the costs are
        equal is returned as is. None when the difference keeps one sign over the range.

    Raises
    ------
    ValueError
        A bad range, grid or tolerance, or the same vendor twice.
    """
    kind = _check_vary(vary)
    name = _channel(needs, channel, kind)
    if a.name == b.name:
        raise ArgumentError(f"a and b must be different vendors; both are {a.name!r}")
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ArgumentError(f"need finite low < high; got low={low!r}, high={high!r}")
    if isinstance(grid, bool) or not isinstance(grid, int) or grid < 2:
        raise ArgumentError(f"grid must be a whole number ≥ 2; got {grid!r}")
    width = (high - low) * 1e-4 if tolerance is None else tolerance
    if not (math.isfinite(width) and width > 0):
        raise ArgumentError(f"tolerance must be a number > 0; got {tolerance!r}")
    chosen = needs.contract.start_month if month is None else month
    pair = [a, b]
    base = CostModel(needs, pair, month=chosen)

    def difference(values: FloatArray) -> FloatArray:
        costs = _curve(needs, pair, kind, values, name, chosen, base)
        return np.asarray(costs[a.name] - costs[b.name], dtype=np.float64)

    points = _values(kind, np.linspace(low, high, grid), needs, name)
    diff = difference(points)
    zero = np.flatnonzero(diff == 0)
    change = np.flatnonzero(np.sign(diff[:-1]) * np.sign(diff[1:]) < 0)
    if zero.size and (not change.size or zero[0] <= change[0]):
        return float(points[zero[0]])
    if not change.size:
        return None
    lo, hi = float(points[change[0]]), float(points[change[0] + 1])
    sign_lo = np.sign(diff[change[0]])
    while hi - lo > width:
        middle = 0.5 * (lo + hi)
        value = float(difference(np.array([middle]))[0])
        if value == 0:
            return middle
        if np.sign(value) == sign_lo:
            lo = middle
        else:
            hi = middle
    return 0.5 * (lo + hi)
