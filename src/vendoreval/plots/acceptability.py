"""Rank acceptability: how often each vendor takes each rank when the weights vary."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Normalize, to_rgb

from vendoreval._lazy import pd
from vendoreval.errors import ArgumentError
from vendoreval.mcda import AcceptabilityResult
from vendoreval.plots._inputs import EvaluationLike
from vendoreval.plots._style import _localize_text, _new_axes

__all__ = ["plot_acceptability"]


def plot_acceptability(
    ev_or_frame: EvaluationLike | AcceptabilityResult | pd.DataFrame,
    ax: Axes | None = None,
    *,
    samples: int = 2_000,
    seed: int = 0,
) -> Axes:
    """Heat map of rank acceptability: the share of samples in which each vendor takes
    each rank, annotated in percent.

    Parameters
    ----------
    ev_or_frame : Evaluation, AcceptabilityResult or pandas.DataFrame
        An evaluation (its :meth:`~vendoreval.evaluation.Evaluation.sensitivity` is
        computed with ``samples`` and ``seed``), an acceptability result, or a vendor ×
        rank frame of shares [fraction 0–1].
    ax : Axes, optional
        Axes to draw on; a new figure when None.
    samples : int
        Weight samples when an evaluation is given.
    seed : int
        Seed of those samples.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        When the table is empty or holds values outside 0–1.
    """
    if isinstance(ev_or_frame, pd.DataFrame):
        frame = ev_or_frame
    elif isinstance(ev_or_frame, AcceptabilityResult):
        frame = ev_or_frame.acceptability
    else:
        frame = ev_or_frame.sensitivity(samples=samples, seed=seed)
    if frame.empty:
        raise ArgumentError("acceptability: expected a vendor × rank table, got an empty one")
    shares = frame.to_numpy(dtype=np.float64)
    bad = ~np.isfinite(shares) | (shares < -1e-12) | (shares > 1 + 1e-12)
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad)[0])
        raise ArgumentError(
            f"acceptability: expected shares between 0 and 1; vendor {str(frame.index[row])!r}, "
            f"rank {frame.columns[col]} holds {float(shares[row, col])!r}"
        )
    vendors = [str(v) for v in frame.index]
    ranks = [str(c) for c in frame.columns]
    if ax is None:
        ax = _new_axes((1.8 + 0.9 * max(len(ranks), 3) + 1.5, 1.4 + 0.55 * len(vendors)))
    cmap = plt.get_cmap("cividis")
    norm = Normalize(vmin=0.0, vmax=100.0)
    image = ax.imshow(shares * 100.0, cmap=cmap, norm=norm, aspect="auto")
    for (row, col), share in np.ndenumerate(shares):
        red, green, blue = to_rgb(cmap(norm(share * 100.0)))
        luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
        text = "<1%" if 0 < share < 0.005 else f"{share:.0%}"
        ax.text(
            col,
            row,
            text,
            ha="center",
            va="center",
            fontsize=9,
            color="black" if luminance > 0.5 else "white",
        )
    ax.set_xticks(np.arange(len(ranks)), labels=ranks)
    ax.set_yticks(np.arange(len(vendors)), labels=vendors)
    ax.set_xlabel("Rank position (1 = best)")
    ax.set_title("Rank acceptability [% of samples]")
    colourbar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    colourbar.set_label("Share of samples [%]")
    _localize_text(ax.figure)
    return ax
