"""Radar chart of each vendor's check scores."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.projections.polar import PolarAxes

from vendoreval.errors import ArgumentError
from vendoreval.plots._inputs import EvaluationLike
from vendoreval.plots._style import (
    _GREY,
    _colour_index,
    _criterion_labels,
    _label_for,
    _legend_outside,
    _localize_text,
    _new_polar_axes,
    _series_style,
    _vendor_order,
)

__all__ = ["plot_radar"]


def plot_radar(
    ev: EvaluationLike,
    ax: Axes | None = None,
    vendors: Sequence[str] | None = None,
    *,
    labels: Mapping[str, str] | None = None,
) -> Axes:
    """Radar chart of the eight check scores of each vendor.

    One closed line per vendor over the criteria of ``ev.scores`` — the seven scored checks
    and ``cost``, the pricing check scored on the ratio scale — on a 0–100 radial axis.

    Parameters
    ----------
    ev : Evaluation
        The evaluation (reads ``scores``, ``ranking`` and ``needs.buyer``).
    ax : PolarAxes, optional
        A polar Axes to draw on (``fig.add_subplot(projection="polar")``); a new figure
        when None.
    vendors : sequence of str, optional
        Vendors to draw, in legend order; default all, in ranking order.
    labels : mapping of str to str, optional
        Axis label per criterion; default the pack's labels, else :data:`CRITERION_LABELS`.

    Returns
    -------
    PolarAxes

    Raises
    ------
    ValueError
        When ``ax`` is not polar, a vendor is unknown, or there are fewer than 3 criteria.
    """
    if ax is not None and not isinstance(ax, PolarAxes):
        raise ArgumentError(
            f"ax: plot_radar needs a polar Axes (fig.add_subplot(projection='polar')), "
            f"got a {ax.name!r} Axes"
        )
    order = _vendor_order(ev)
    if vendors is None:
        chosen = order
    else:
        chosen = [str(v) for v in vendors]
        unknown = [v for v in chosen if v not in set(order)]
        if unknown:
            raise ArgumentError(f"vendors: unknown vendor(s) {unknown}; the vendors are {order}")
    criteria = [str(c) for c in ev.scores.columns]
    if len(criteria) < 3:
        raise ArgumentError(
            f"ev.scores: a radar needs at least 3 criteria, got {len(criteria)} ({criteria})"
        )
    polar = ax if isinstance(ax, PolarAxes) else _new_polar_axes((8.5, 6.5))
    names = _criterion_labels(ev, labels)
    angles = np.linspace(0.0, 2.0 * np.pi, len(criteria), endpoint=False)
    closed = np.append(angles, angles[0])
    polar.set_theta_offset(np.pi / 2.0)
    polar.set_theta_direction(-1)
    slots = _colour_index(ev)
    for vendor in chosen:
        values = ev.scores.loc[vendor, criteria].to_numpy(dtype=np.float64)
        ring = np.append(values, values[0])
        colour, style = _series_style(slots[vendor])
        polar.plot(closed, ring, color=colour, linestyle=style, linewidth=2.0, label=vendor)
        polar.fill(closed, ring, color=colour, alpha=0.08, label="_nolegend_")
    wrapped = [textwrap.fill(_label_for(c, names), 16) for c in criteria]
    _, tick_labels = polar.set_thetagrids(np.degrees(angles), labels=wrapped, fontsize=9)
    for label, angle in zip(tick_labels, angles, strict=True):
        across = math.sin(angle)  # clockwise from the top: > 0 on the right half
        label.set_horizontalalignment(
            "left" if across > 0.1 else "right" if across < -0.1 else "center"
        )
    polar.tick_params(axis="x", pad=8)
    polar.set_ylim(0.0, 100.0)
    polar.set_rgrids([20, 40, 60, 80, 100], angle=180.0 / len(criteria), fontsize=7, color=_GREY)
    polar.set_title(f"Check scores [0–100] — {ev.needs.buyer}", pad=24.0)
    _legend_outside(polar, fontsize=9, title="Vendor", anchor=(1.12, 1.0))
    _localize_text(polar.figure)
    return polar
