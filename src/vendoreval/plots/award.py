"""The allocation of an award: each segment's volume, split by vendor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np
from matplotlib.axes import Axes

from vendoreval.errors import ArgumentError
from vendoreval.plots._style import (
    _GREY,
    _legend_outside,
    _localize_text,
    _new_axes,
    _series_style,
    format_money,
)

if TYPE_CHECKING:
    from vendoreval.award import Award

__all__ = ["plot_award"]

_LABEL_MIN_WIDTH: Final = 0.08
"""Smallest part of the longest bar that gets its share written inside [-]."""


def plot_award(award: Award, ax: Axes | None = None) -> Axes:
    """Horizontal bars of each segment's monthly volume, split by the vendors receiving it.

    One bar per segment, in the award's order (top to bottom), as long as the segment's
    forecast contacts a month; each awarded vendor's part is coloured as that vendor (its
    colour follows its place among the proposals, Okabe–Ito palette) and labelled with its
    share when wide enough. The legend gives each vendor's expected monthly cost; the title
    the award's cost and its saving (or extra cost) against the best single vendor.

    Parameters
    ----------
    award : Award
        The award (reads ``allocation``, ``segment_volumes``, ``vendor_costs``,
        ``monthly_cost_mean``, ``best_single``, ``saving``, ``currency``).
    ax : Axes, optional
        Axes to draw on; a new figure when None.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        When the allocation has no segment.
    """
    allocation = award.allocation
    if allocation.empty:
        raise ArgumentError("award.allocation has no segment to draw")
    volumes = award.segment_volumes.reindex(allocation.index).to_numpy(dtype=float)
    if ax is None:
        ax = _new_axes((9.0, 1.2 + 0.45 * len(allocation.index)))
    rows = np.arange(len(allocation.index))
    left = np.zeros(len(rows))
    longest = float(volumes.max()) if volumes.size else 1.0
    for position, vendor in enumerate(allocation.columns):
        shares = allocation[vendor].to_numpy(dtype=float)
        if not (shares > 0).any():
            continue
        colour, _ = _series_style(position)
        widths = shares * volumes
        cost = format_money(float(award.vendor_costs[vendor]), award.currency)
        ax.barh(
            rows,
            widths,
            left=left,
            color=colour,
            edgecolor="white",
            label=f"{vendor} ({cost}/month)",
        )
        for row in rows:
            if widths[row] >= _LABEL_MIN_WIDTH * longest and shares[row] < 1.0:
                ax.text(
                    left[row] + widths[row] / 2,
                    float(row),
                    f"{shares[row]:.0%}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="black",
                )
        left += widths
    ax.set_yticks(rows, [str(s) for s in allocation.index])
    ax.invert_yaxis()
    ax.set_xlabel("contacts a month")
    ax.grid(axis="x", color=_GREY, alpha=0.3)
    ax.set_axisbelow(True)
    title = f"Award: {format_money(award.monthly_cost_mean, award.currency)} a month"
    if award.vendors == (award.best_single,):
        title += f" — {award.best_single} alone is the cheapest"
    elif award.best_single is not None and np.isfinite(award.saving):
        verb = "saves" if award.saving >= 0 else "costs"
        title += (
            f" — {verb} {format_money(abs(award.saving), award.currency)} against "
            f"{award.best_single} alone"
        )
    ax.set_title(title)
    _legend_outside(ax, title="vendor")
    _localize_text(ax.figure)
    return ax
