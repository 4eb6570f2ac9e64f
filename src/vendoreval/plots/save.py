"""Every chart of an evaluation written as PNG files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vendoreval.errors import WriteError
from vendoreval.plots._inputs import ChartSource
from vendoreval.plots.acceptability import plot_acceptability
from vendoreval.plots.billing import plot_billing_curves
from vendoreval.plots.contributions import plot_contributions
from vendoreval.plots.costs import plot_cost_distribution
from vendoreval.plots.radar import plot_radar

__all__ = ["CHART_FILES", "save_charts"]


CHART_FILES: tuple[str, ...] = (
    "radar.png",
    "contributions.png",
    "cost_distribution.png",
    "acceptability.png",
    "billing_curves.png",
)
"""File names :func:`save_charts` writes, in order."""


def _save_atomic(fig: Figure | Any, path: Path, dpi: float) -> None:
    """Save ``fig`` as PNG to a temporary name beside ``path``, then rename it."""
    from vendoreval._atomic import atomic_write

    atomic_write(
        path, lambda temporary: fig.savefig(temporary, format="png", dpi=dpi, bbox_inches="tight")
    )


def save_charts(
    ev: ChartSource,
    folder: str | Path,
    *,
    dpi: float = 150.0,
    samples: int = 10_000,
    seed: int = 0,
    aht_values: npt.ArrayLike | None = None,
) -> list[Path]:
    """Write the standard charts of an evaluation as PNG files.

    Writes, in this order, ``radar.png``, ``contributions.png``, ``cost_distribution.png``,
    ``acceptability.png`` and — when the buyer has a phone channel — ``billing_curves.png``
    into ``folder`` (created if needed). Each file is written to a temporary name and
    renamed, so a file is either complete or absent; each figure is closed after saving.

    Parameters
    ----------
    ev : Evaluation
        The evaluation.
    folder : str or Path
        Destination directory.
    dpi : float
        Resolution [dots per inch].
    samples : int
        Weight samples of the rank acceptability chart.
    seed : int
        Seed of those samples.
    aht_values : array_like, optional
        Mean phone handle times of the billing curves [s] (see
        :func:`plot_billing_curves`).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    WriteError
        When the folder or a file cannot be written (names the path).
    """
    target = Path(folder)
    n = len(ev.ranking.index)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{target}: cannot create the chart folder ({exc.strerror})") from exc
    has_phone = any(item.channel == "phone" for item in ev.needs.channels)
    charts: list[tuple[str, tuple[float, float], Callable[[Axes], Axes]]] = [
        ("radar.png", (8.5, 6.5), lambda ax: plot_radar(ev, ax)),
        ("contributions.png", (10.0, 1.6 + 0.55 * n), lambda ax: plot_contributions(ev, ax)),
        (
            "cost_distribution.png",
            (10.0, 1.6 + 0.75 * n),
            lambda ax: plot_cost_distribution(ev, ax),
        ),
        (
            "acceptability.png",
            (4.5 + 0.9 * max(n, 3), 1.4 + 0.55 * n),
            lambda ax: plot_acceptability(ev, ax, samples=samples, seed=seed),
        ),
    ]
    if has_phone:
        charts.append(
            (
                "billing_curves.png",
                (10.0, 5.5),
                lambda ax: plot_billing_curves(ev, ax, aht_values),
            )
        )
    written: list[Path] = []
    for name, size, draw in charts:
        fig = plt.figure(figsize=size, layout="constrained")
        try:
            draw(fig.add_subplot(projection="polar" if name == "radar.png" else None))
            path = target / name
            _save_atomic(fig, path, dpi)
            written.append(path)
        finally:
            plt.close(fig)
    return written
