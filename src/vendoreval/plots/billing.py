"""Cost curves against a varied input, and billing curves of per-minute against per-second
sheets."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes

from vendoreval._lazy import pd
from vendoreval._types import FloatArray
from vendoreval.errors import ArgumentError
from vendoreval.plots._inputs import CostCurveSource
from vendoreval.plots._style import (
    _GREY,
    _LINESTYLES,
    OKABE_ITO,
    MoneyFormatter,
    _legend_outside,
    _localize_text,
    _new_axes,
    _series_style,
)

if TYPE_CHECKING:
    from vendoreval.pricing.billing import BillingIncrement


__all__ = ["plot_billing_curves", "plot_cost_curve"]


def _increment_key(increment: BillingIncrement) -> tuple[int, int]:
    """Order increments from finest (per-second) to coarsest (per-minute)."""
    return increment.first + increment.step, increment.first


def _crossings(x: FloatArray, difference: FloatArray) -> FloatArray:
    """The x where a piecewise-linear ``difference`` crosses zero (linear interpolation)."""
    points: list[float] = []
    sign = np.sign(difference)
    for i in np.flatnonzero(sign[:-1] * sign[1:] < 0):
        d0, d1 = difference[i], difference[i + 1]
        points.append(float(x[i] - d0 * (x[i + 1] - x[i]) / (d1 - d0)))
    interior_zeros = np.flatnonzero(sign[1:-1] == 0) + 1
    for i in interior_zeros:
        if sign[i - 1] * sign[i + 1] < 0:
            points.append(float(x[i]))
    return np.sort(np.asarray(points, dtype=np.float64))


def plot_cost_curve(
    curve: pd.DataFrame,
    ax: Axes | None = None,
    *,
    xlabel: str = "Mean handle time [s]",
    currency: str | None = None,
    increments: Mapping[str, BillingIncrement] | None = None,
    current: float | None = None,
    x_unit: str = "s",
    title: str | None = None,
) -> Axes:
    """Expected monthly cost of each vendor as one input varies.

    Parameters
    ----------
    curve : pandas.DataFrame
        Index the varied values (e.g. mean handle time [s]), one column per vendor of
        expected monthly cost [currency/month] — as returned by
        :func:`vendoreval.simulation.whatif.cost_curve`.
    ax : Axes, optional
        Axes to draw on; a new figure when None.
    xlabel : str
        Label of the varied input, with its unit.
    currency : str, optional
        ISO 4217 code of the costs, for the axis format.
    increments : mapping of str to BillingIncrement, optional
        Billing increment of each vendor. When given, the legend names each vendor's
        increment and, when the vendors use different increments, the ranges where the
        cheapest vendor on the finest increment (e.g. per-second) beats the cheapest on the
        coarsest (e.g. per-minute) are shaded, with a dotted line and note at each
        break-even point.
    current : float, optional
        Today's value of the varied input, marked with a vertical line.
    x_unit : str
        Unit of the varied input, for the break-even notes.
    title : str, optional
        Axes title; default ``"Expected monthly cost"``.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        When ``curve`` is empty, its index is not numeric, or a vendor has no increment.
    """
    if curve.empty or curve.shape[1] == 0:
        raise ArgumentError("curve: expected at least one value row and one vendor column")
    try:
        x_all = np.asarray(curve.index, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(
            f"curve: the index must hold the numeric varied values ({exc})"
        ) from exc
    order = np.argsort(x_all, kind="stable")
    x = x_all[order]
    vendors = [str(c) for c in curve.columns]
    costs = curve.to_numpy(dtype=np.float64)[order]
    if increments is not None:
        missing = [v for v in vendors if v not in increments]
        if missing:
            raise ArgumentError(f"increments: no billing increment for vendor(s) {missing}")
    if ax is None:
        ax = _new_axes((10.0, 5.5))
    for i, vendor in enumerate(vendors):
        colour, _ = _series_style(i)
        style = _LINESTYLES[i % len(_LINESTYLES)]
        label = vendor if increments is None else f"{vendor} — {increments[vendor].label}"
        ax.plot(x, costs[:, i], color=colour, linestyle=style, linewidth=2.0, label=label)
    if increments is not None:
        _shade_break_even(ax, x, costs, vendors, increments, x_unit)
    if current is not None:
        ax.axvline(
            current,
            color=_GREY,
            linestyle="-.",
            linewidth=1.2,
            label=f"today: {current:.4g} {x_unit}".rstrip(),
        )
    ax.yaxis.set_major_formatter(MoneyFormatter(currency))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"Expected monthly cost [{currency}/month]" if currency else "Expected cost")
    ax.set_title(title or "Expected monthly cost")
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.grid(alpha=0.3)
    entries = len(ax.get_legend_handles_labels()[1])
    if entries > 5:
        _legend_outside(ax, fontsize=8)
    else:
        ax.legend(loc="best", fontsize=8, framealpha=0.9)
    _localize_text(ax.figure)
    return ax


def _shade_break_even(
    ax: Axes,
    x: FloatArray,
    costs: FloatArray,
    vendors: Sequence[str],
    increments: Mapping[str, BillingIncrement],
    x_unit: str,
) -> None:
    keys = {v: _increment_key(increments[v]) for v in vendors}
    finest, coarsest = min(keys.values()), max(keys.values())
    if finest == coarsest or x.size < 2:
        return
    fine_cols = [i for i, v in enumerate(vendors) if keys[v] == finest]
    coarse_cols = [i for i, v in enumerate(vendors) if keys[v] == coarsest]
    fine_label = increments[vendors[fine_cols[0]]].label
    coarse_label = increments[vendors[coarse_cols[0]]].label
    fine = costs[:, fine_cols].min(axis=1)
    coarse = costs[:, coarse_cols].min(axis=1)
    difference = fine - coarse
    points = _crossings(x, difference)
    bounds = np.concatenate([[x[0]], points, [x[-1]]])
    labelled = False
    for lo, hi in itertools.pairwise(bounds):
        if hi <= lo:
            continue
        mid = 0.5 * (lo + hi)
        if float(np.interp(mid, x, difference)) < 0:
            ax.axvspan(
                lo,
                hi,
                color=OKABE_ITO[1],
                alpha=0.15,
                linewidth=0,
                label="_nolegend_" if labelled else f"{fine_label} cheaper than {coarse_label}",
            )
            labelled = True
    span = float(x[-1] - x[0])
    for k, point in enumerate(points):
        near_right = point > x[0] + 0.8 * span
        ax.axvline(
            point,
            color="black",
            linestyle=":",
            linewidth=1.2,
            label="break-even" if k == 0 else "_nolegend_",
        )
        ax.annotate(
            f"break-even {point:.4g} {x_unit}".rstrip(),
            xy=(point, 1.0),
            xycoords=ax.get_xaxis_transform(),
            xytext=(-3 if near_right else 3, -4 - 12 * (k % 2)),
            textcoords="offset points",
            ha="right" if near_right else "left",
            va="top",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
        )


def _default_aht_grid(aht: float) -> FloatArray:
    low = max(15.0, 0.3 * aht)
    high = max(2.5 * aht, low + 120.0)
    return np.unique(np.round(np.linspace(low, high, 17)))


def plot_billing_curves(
    ev: CostCurveSource,
    ax: Axes | None = None,
    values: npt.ArrayLike | None = None,
) -> Axes:
    """Expected monthly cost against the mean phone handle time, per billing increment.

    Draws the evaluation's cost curve over the phone handle time
    (:meth:`vendoreval.Evaluation.cost_curve` with ``vary="aht_seconds"``, computed and
    cached by the evaluation) with :func:`plot_cost_curve`: each vendor's line is labelled
    with its billing increment, ranges where the finest increment (per-second) beats the
    coarsest (per-minute) are shaded, break-even handle times are marked, and today's handle
    time is shown.

    Parameters
    ----------
    ev : Evaluation
        The evaluation; its needs must have a ``phone`` channel.
    ax : Axes, optional
        Axes to draw on; a new figure when None.
    values : array_like, optional
        Mean handle times to evaluate [s]; default 17 points from 0.3× to 2.5× today's.

    Returns
    -------
    Axes

    Raises
    ------
    ArgumentError
        When the needs have no phone channel or the evaluation has no proposal.
    """
    needs, proposals = ev.needs, ev.proposals
    if not proposals:
        raise ArgumentError("proposals: at least one vendor proposal is needed")
    try:
        phone = needs.channel("phone")
    except KeyError as exc:
        raise ArgumentError(
            f"needs.channels: billing curves vary the phone handle time; {exc.args[0]}"
        ) from exc
    aht = phone.aht_seconds
    grid = _default_aht_grid(aht) if values is None else np.asarray(values, dtype=np.float64)
    curve = ev.cost_curve("aht_seconds", grid)
    increments = {p.name: p.pricing.sheet.billing_increment for p in proposals}
    return plot_cost_curve(
        curve,
        ax,
        xlabel="Mean handle time of a phone contact [s]",
        currency=needs.contract.currency,
        increments=increments,
        current=aht,
        title=f"Monthly cost vs handle time, by billing increment — {needs.buyer}",
    )
