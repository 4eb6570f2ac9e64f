"""Stacked bars of each criterion's weighted contribution to a vendor's score."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from vendoreval.errors import ArgumentError
from vendoreval.plots._inputs import EvaluationLike
from vendoreval.plots._style import (
    _GREY,
    OKABE_ITO,
    _criterion_labels,
    _label_for,
    _legend_outside,
    _localize_text,
    _new_axes,
    _passed,
    _vendor_order,
)

__all__ = ["plot_contributions"]


def plot_contributions(
    ev: EvaluationLike,
    ax: Axes | None = None,
    *,
    labels: Mapping[str, str] | None = None,
) -> Axes:
    """Stacked bars of each criterion's contribution (score × weight) per vendor.

    Vendors are in ranking order, best at the top, with the total (the weighted-sum score)
    at the end of each bar. Knocked-out vendors are hatched and labelled "knocked out".
    Under TOPSIS the bars still show the weighted-sum decomposition.

    Parameters
    ----------
    ev : Evaluation
        The evaluation (reads ``scores``, ``weights``, ``ranking``).
    ax : Axes, optional
        Axes to draw on; a new figure when None.
    labels : mapping of str to str, optional
        Legend label per criterion.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        When a criterion of ``ev.scores`` has no weight.
    """
    order = _vendor_order(ev)
    criteria = [str(c) for c in ev.scores.columns]
    missing = [c for c in criteria if c not in ev.weights.index]
    if missing:
        raise ArgumentError(f"ev.weights: no weight for criterion/criteria {missing}")
    weights = ev.weights.loc[criteria].to_numpy(dtype=np.float64)
    parts = ev.scores.loc[order, criteria].to_numpy(dtype=np.float64) * weights
    if ax is None:
        ax = _new_axes((10.0, 1.6 + 0.55 * len(order)))
    names = _criterion_labels(ev, labels)
    passed = _passed(ev, order)
    knocked = np.array([not passed[v] for v in order])
    y = np.arange(len(order), dtype=np.float64)
    left = np.zeros(len(order))
    for j, criterion in enumerate(criteria):
        colour = OKABE_ITO[j] if j < len(OKABE_ITO) else _GREY
        bars = ax.barh(
            y,
            parts[:, j],
            left=left,
            height=0.7,
            color=colour,
            edgecolor="white",
            linewidth=0.6,
            label=_label_for(criterion, names),
        )
        for bar, out in zip(bars.patches, knocked, strict=True):
            if out:
                bar.set_hatch("///")
        left += parts[:, j]
    span = max(float(left.max(initial=0.0)), 1.0)
    for row, (total, out) in enumerate(zip(left, knocked, strict=True)):
        text = f"{total:.1f}" + ("  knocked out" if out else "")
        ax.text(
            total + 0.01 * span,
            row,
            text,
            va="center",
            ha="left",
            fontsize=9,
            color=OKABE_ITO[4] if out else "black",
        )
    ax.set_yticks(y, labels=order)
    ax.invert_yaxis()
    ax.set_xlim(0.0, span * (1.35 if knocked.any() else 1.15))
    ax.set_xlabel("Weighted score [points]: score × weight")
    title = "Score contributions by check"
    if ev.method == "topsis":
        title += " (weighted-sum view; ranked by TOPSIS)"
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    _legend_outside(ax, fontsize=8, title="Check")
    _localize_text(ax.figure)
    return ax
