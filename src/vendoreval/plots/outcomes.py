"""Charts of pilot and outbound outcomes: a forest plot of differences and retention curves.

Both functions take the data and an optional Matplotlib ``ax``, draw on it (or on a new
figure when ``ax`` is None) and return the Axes. Vendors take their colours, in order, from
the Okabe–Ito palette [1]_, which stays distinguishable under the common colour-vision
deficiencies. Matplotlib is imported inside the functions, so importing this module does not
import it.

References
----------
.. [1] Okabe, M., & Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
   presentations that are friendly to colorblind people.* https://jfly.uni-koeln.de/color/
.. [2] Lewis, S., & Clarke, M. (2001). Forest plots: trying to see the wood and the trees.
   *BMJ*, 322(7300), 1479–1480. https://doi.org/10.1136/bmj.322.7300.1479
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vendoreval._lazy import pd
from vendoreval.errors import OutcomeRecordError
from vendoreval.outcomes.kpis import PilotKpi
from vendoreval.outcomes.pilots import PilotComparison
from vendoreval.outcomes.retention import CUSTOMER_COLUMNS, retention_table
from vendoreval.plots._style import OKABE_ITO

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["forest_plot", "retention_plot"]


def _colour(position: int) -> str:
    return OKABE_ITO[position % len(OKABE_ITO)]


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def forest_plot(
    comparison: PilotComparison, kpi: str | PilotKpi | None = None, ax: Axes | None = None
) -> Axes:
    """Each vendor's difference from the baseline with its confidence interval.

    A forest plot [2]_: one row per vendor (and KPI), a marker at the difference and a bar
    over its interval, and a vertical line at 0 (no difference). An interval wholly left of
    the line is a KPI significantly below the baseline's.

    Parameters
    ----------
    comparison : PilotComparison
        The result of :func:`~vendoreval.outcomes.compare_pilots`.
    kpi : str, optional
        One KPI of the comparison. None draws every KPI on the 0–1 scale (all but
        ``handle_seconds``, which is in seconds and needs its own chart), one row per
        vendor and KPI.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if kpi is None:
        kpis = [k for k in comparison.kpis if k != PilotKpi.HANDLE_SECONDS.value]
    else:
        if kpi not in comparison.kpis:
            raise OutcomeRecordError(
                f"kpi: {kpi!r} was not measured; expected one of {', '.join(comparison.kpis)}"
            )
        kpis = [PilotKpi(kpi).value]
    others = [v for v in comparison.vendors if v != comparison.baseline]
    rows = len(others) * len(kpis)
    ax = _new_axes(ax, (6.4, 1.2 + 0.45 * max(rows, 1)))
    labels: list[str] = []
    for position, vendor in enumerate(others):
        part = comparison.table.loc[vendor].loc[kpis]
        diff = part["diff_vs_baseline"].to_numpy(dtype=np.float64)
        low = part["diff_low"].to_numpy(dtype=np.float64)
        high = part["diff_high"].to_numpy(dtype=np.float64)
        y = rows - 1 - (position * len(kpis) + np.arange(len(kpis)))
        ax.errorbar(
            diff,
            y,
            xerr=np.vstack([diff - low, high - diff]),
            fmt="o",
            color=_colour(position),
            ecolor=_colour(position),
            capsize=3,
            label=vendor,
        )
        labels.extend(vendor if kpi is not None else f"{vendor} · {k}" for k in kpis)
    ax.axvline(0.0, color="0.3", linewidth=1, linestyle="--", zorder=0)
    ax.set_yticks(np.arange(rows - 1, -1, -1), labels)
    ax.set_ylim(-0.7, rows - 0.3)
    unit = "s" if kpis == [PilotKpi.HANDLE_SECONDS.value] else "share"
    ax.set_xlabel(f"difference from {comparison.baseline} [{unit}]")
    what = kpis[0] if kpi is not None else "outcomes"
    ax.set_title(f"{what}: {comparison.confidence:.0%} intervals vs {comparison.baseline}")
    if others:
        ax.legend(loc="best", fontsize="small")
    return ax


def retention_plot(curves_or_customers: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Share of each vendor's customers still active, as step curves.

    Parameters
    ----------
    curves_or_customers : pandas.DataFrame
        Either customer records (columns ``vendor``, ``acquired_at``, ``cancelled_at``,
        ``observed_until``), drawn as full Kaplan–Meier curves with a tick at each censoring
        day, or the output of :func:`~vendoreval.outcomes.retention_curve` (vendor × day),
        drawn as steps through its days from 1 on day 0.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = curves_or_customers
    if not isinstance(frame, pd.DataFrame):
        raise OutcomeRecordError(
            "curves_or_customers: expected customer records or a retention_curve table, "
            f"got {type(frame).__name__}"
        )
    ax = _new_axes(ax, (6.4, 4.0))
    if all(column in frame.columns for column in CUSTOMER_COLUMNS):
        table = retention_table(frame)
        for position, (vendor, part) in enumerate(table.groupby("vendor", sort=False)):
            steps = np.concatenate(([0], part["day"].to_numpy(dtype=np.float64)))
            survival = np.concatenate(([1.0], part["survival"].to_numpy(dtype=np.float64)))
            ax.step(steps, survival, where="post", color=_colour(position), label=str(vendor))
            censored = part[part["censored"] > 0]
            ax.plot(
                censored["day"],
                censored["survival"],
                linestyle="none",
                marker="|",
                color=_colour(position),
            )
    else:
        try:
            days = np.asarray(frame.columns, dtype=np.float64)
        except (TypeError, ValueError):
            raise OutcomeRecordError(
                "curves_or_customers: expected customer records (columns "
                f"{', '.join(CUSTOMER_COLUMNS)}) or a retention_curve table with days as "
                f"columns, got columns {list(frame.columns)!r}"
            ) from None
        for position, (name, row) in enumerate(frame.iterrows()):
            ax.step(
                np.concatenate(([0.0], days)),
                np.concatenate(([1.0], row.to_numpy(dtype=np.float64))),
                where="post",
                marker="o",
                color=_colour(position),
                label=str(name),
            )
    ax.set_ylim(0.0, 1.05)
    ax.set_xlim(left=0.0)
    ax.set_xlabel("days since acquisition [days]")
    ax.set_ylabel("customers still active [share]")
    ax.set_title("Retention (Kaplan–Meier)")
    ax.legend(loc="lower left", fontsize="small")
    return ax
