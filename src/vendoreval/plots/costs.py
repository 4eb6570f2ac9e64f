"""Distributions of simulated monthly cost per vendor."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal, cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.cbook import violin_stats
from matplotlib.transforms import blended_transform_factory

from vendoreval._types import FloatArray
from vendoreval.errors import ArgumentError
from vendoreval.plots._inputs import EvaluationLike
from vendoreval.plots._style import (
    OKABE_ITO,
    MoneyFormatter,
    _budget,
    _colour_index,
    _horizontal,
    _localize_text,
    _new_axes,
    _series_style,
    _vendor_order,
    format_money,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import PathPatch


__all__ = ["plot_cost_distribution"]


def _binned_gaussian_kde(samples: FloatArray, coords: FloatArray) -> FloatArray:
    """Gaussian kernel density of ``samples`` at ``coords``, Scott's bandwidth, binned.

    Samples are binned on at most 2,048 bins first, so the cost is independent of the
    number of runs. A sample without spread gets a narrow spike instead of failing.
    """
    n = samples.size
    spread = float(samples.std())
    bandwidth = spread * n ** (-1.0 / 5.0)
    if not bandwidth > 0:
        bandwidth = max(abs(float(samples.mean())) * 1e-3, 1e-9)
    counts, edges = np.histogram(samples, bins=min(n, 2048))
    centres = 0.5 * (edges[:-1] + edges[1:])
    z = (coords[:, None] - centres[None, :]) / bandwidth
    density = np.exp(-0.5 * z * z) @ counts.astype(np.float64)
    return np.asarray(density / (n * bandwidth * math.sqrt(2.0 * math.pi)), dtype=np.float64)


def plot_cost_distribution(
    ev: EvaluationLike,
    ax: Axes | None = None,
    kind: Literal["violin", "box"] = "violin",
) -> Axes:
    """Distributions of the simulated monthly cost of each vendor, with the budget.

    Vendors are in ranking order, best at the top; the diamond is the mean. With a budget
    (``needs.contract.budget_per_month``) a dashed line marks it and the share of runs over
    budget is written at the right of each vendor.

    Parameters
    ----------
    ev : Evaluation
        The evaluation (reads ``simulation.samples``, ``ranking``, ``needs.contract``).
    ax : Axes, optional
        Axes to draw on; a new figure when None.
    kind : {"violin", "box"}
        Violins (kernel density, median and 5–95 % range) or boxes (quartiles, whiskers
        at the 5th and 95th percentiles).

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        For an unknown ``kind``, or a vendor without cost samples.
    """
    if kind not in ("violin", "box"):
        raise ArgumentError(f"kind: expected 'violin' or 'box', got {kind!r}")
    order = _vendor_order(ev)
    samples = ev.simulation.samples
    missing = [v for v in order if v not in samples.columns]
    if missing:
        raise ArgumentError(f"ev.simulation.samples: no cost column for vendor(s) {missing}")
    data: list[FloatArray] = []
    for vendor in order:
        values = samples[vendor].to_numpy(dtype=np.float64)
        values = values[np.isfinite(values)]
        if values.size == 0:
            raise ArgumentError(f"ev.simulation.samples: no finite cost for vendor {vendor!r}")
        data.append(values)
    currency = ev.needs.contract.currency
    budget = _budget(ev.needs)
    if ax is None:
        ax = _new_axes((10.0, 1.6 + 0.75 * len(order)))
    slots = _colour_index(ev)
    colours = [_series_style(slots[v])[0] for v in order]
    positions = np.arange(len(order), 0, -1, dtype=np.float64)
    if kind == "violin":
        stats = violin_stats(
            data, _binned_gaussian_kde, points=200, quantiles=[[0.05, 0.95]] * len(data)
        )
        parts = ax.violin(
            stats,
            positions=positions,
            widths=0.8,
            showmedians=True,
            showextrema=False,
            **_horizontal(),
        )
        bodies = cast("list[PolyCollection]", parts["bodies"])
        for body, colour, vendor in zip(bodies, colours, order, strict=True):
            body.set_facecolor(colour)
            body.set_edgecolor(colour)
            body.set_alpha(0.6)
            body.set_label(vendor)
        for key in ("cmedians", "cquantiles"):
            if key in parts:
                parts[key].set_color("black")
                parts[key].set_linewidth(1.0)
    else:
        parts = ax.boxplot(
            data,
            positions=positions,
            widths=0.6,
            whis=(5.0, 95.0),
            showfliers=False,
            patch_artist=True,
            manage_ticks=False,
            medianprops={"color": "black"},
            **_horizontal(),
        )
        boxes = cast("list[PathPatch]", parts["boxes"])
        for box, colour, vendor in zip(boxes, colours, order, strict=True):
            box.set_facecolor(colour)
            box.set_alpha(0.75)
            box.set_label(vendor)
    means = np.array([d.mean() for d in data])
    mean_marker = ax.scatter(
        means,
        positions,
        marker="D",
        s=28,
        color="white",
        edgecolors="black",
        zorder=4,
        label="Mean",
    )
    handles: list[Artist] = [mean_marker]
    if budget is not None:
        line = ax.axvline(
            budget,
            color="black",
            linestyle="--",
            linewidth=1.5,
            label=f"Budget {format_money(budget, currency)}/month",
        )
        handles.append(line)
        side = blended_transform_factory(ax.transAxes, ax.transData)
        for values, position in zip(data, positions, strict=True):
            share = float(np.mean(values > budget))
            ax.text(
                1.01,
                position,
                f"{share:.0%} over\nbudget",
                transform=side,
                va="center",
                ha="left",
                fontsize=8,
                color=OKABE_ITO[4] if share > 0.5 else "black",
            )
    ax.set_yticks(positions, labels=order)
    ax.set_ylim(0.4, len(order) + 0.6)
    ax.xaxis.set_major_formatter(MoneyFormatter(currency))
    ax.set_xlabel(f"Monthly cost [{currency}/month]")
    runs = len(samples.index)
    ax.set_title(f"Simulated monthly cost — {runs:,} runs")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.9)
    _localize_text(ax.figure)
    return ax
