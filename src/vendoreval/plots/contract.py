"""Charts of service-level reports (matplotlib is imported when a chart is drawn)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal

import numpy as np
import pandas as pd

from vendoreval.contract.commitments import CommitmentKpi
from vendoreval.errors import ArgumentError, ContractError
from vendoreval.vocabulary import Channel

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from vendoreval.contract.sla import SlaReport

__all__ = ["MET_COLOUR", "MISSED_COLOUR", "TARGET_COLOUR", "service_level_plot"]

MET_COLOUR: Final = "#0072B2"
"""Okabe–Ito blue: intervals at or above the target."""
MISSED_COLOUR: Final = "#E69F00"
"""Okabe–Ito orange: intervals below the target."""
TARGET_COLOUR: Final = "#D55E00"
"""Okabe–Ito vermillion: the committed target."""


def service_level_plot(
    report: SlaReport,
    channel: Channel | str = "phone",
    ax: Axes | None = None,
    by: Literal["time_of_day", "interval"] = "time_of_day",
) -> Axes:
    """Service level by half hour against the channel's committed target.

    Parameters
    ----------
    report : SlaReport
        A month's report whose terms commit to ``service_level`` on ``channel``.
    channel : Channel or str
        The channel to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's axes when None.
    by : {"time_of_day", "interval"}
        ``time_of_day``: one bar per half hour of the day, the month's contacts pooled
        (answered within the threshold ÷ offered over every day). ``interval``: one point per
        half-hour interval of the month, joined by a line.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: bars (or a line) of the service level, a horizontal line at the
        target; bars below the target are orange (Okabe–Ito palette, readable in colour
        blindness).

    Raises
    ------
    ContractError
        When the terms have no ``service_level`` commitment on the channel, or the month has
        no contacts on it.
    """
    import matplotlib.pyplot as plt

    name = Channel(channel).value
    key = f"{name}.{CommitmentKpi.SERVICE_LEVEL.value}"
    if key not in report.terms.keys:
        raise ContractError(
            f"no {key!r} commitment to plot; the terms commit to {', '.join(report.terms.keys)}"
        )
    commitment = report.terms.commitment(key)
    intervals = report.intervals
    if name not in intervals.index.get_level_values("channel"):
        raise ContractError(f"no {name} contacts in {report.month} to plot")
    rows = intervals.xs(name, level="channel")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4))
    target = commitment.target
    if by == "time_of_day":
        starts = pd.DatetimeIndex(rows.index)
        slot = (starts.hour * 60 + starts.minute) // 30
        offered = np.bincount(slot, weights=rows["offered"].to_numpy(float), minlength=48)
        within = np.bincount(
            slot, weights=rows["answered_within"].to_numpy(float, na_value=0), minlength=48
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            level = np.where(offered > 0, within / offered, np.nan)
        x = np.arange(48)
        colours = [MISSED_COLOUR if v < target else MET_COLOUR for v in np.nan_to_num(level, nan=1)]
        ax.bar(x, np.nan_to_num(level), width=0.8, color=colours, label="service level")
        ticks = x[::4]
        ax.set_xticks(ticks, [f"{t // 2:02d}:{30 * (t % 2):02d}" for t in ticks])
        ax.set_xlim(-0.6, 47.6)
        ax.set_xlabel("half hour of the day (local time)")
    elif by == "interval":
        ax.plot(rows.index, rows["service_level"], color=MET_COLOUR, lw=1, label="service level")
        ax.set_xlabel("half-hour interval (local time)")
    else:
        raise ArgumentError(f"by must be 'time_of_day' or 'interval', got {by!r}")
    threshold = commitment.threshold_seconds
    ax.axhline(
        target,
        color=TARGET_COLOUR,
        lw=1.5,
        ls="--",
        label=f"target {target:.0%} within {threshold:g} s",
    )
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylabel("answered within threshold ÷ offered")
    ax.set_title(f"{name} service level, {report.month}")
    ax.legend(loc="lower right")
    return ax
