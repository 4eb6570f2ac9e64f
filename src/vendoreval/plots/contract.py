"""Contract charts: a month's service levels against the commitment, and each vendor's
cost net of its service credits (matplotlib is imported when a chart is drawn)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal, Protocol

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.contract.commitments import CommitmentKpi
from vendoreval.errors import ArgumentError, ContractError
from vendoreval.vocabulary import Channel

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from vendoreval.contract.sla import SlaReport

__all__ = [
    "CREDIT_COLOUR",
    "MET_COLOUR",
    "MISSED_COLOUR",
    "TARGET_COLOUR",
    "NetCostSource",
    "plot_net_cost",
    "service_level_plot",
]

MET_COLOUR: Final = "#0072B2"
"""Okabe–Ito blue: intervals at or above the target."""
MISSED_COLOUR: Final = "#E69F00"
"""Okabe–Ito orange: intervals below the target."""
TARGET_COLOUR: Final = "#D55E00"
"""Okabe–Ito vermillion: the committed target."""
CREDIT_COLOUR: Final = "#009E73"
"""Okabe–Ito bluish green: service credits (money back)."""


class NetCostSource(Protocol):
    """What :func:`plot_net_cost` reads: a :class:`vendoreval.simulation.CostSimulation`."""

    @property
    def samples(self) -> pd.DataFrame: ...

    @property
    def gross(self) -> pd.DataFrame: ...

    @property
    def credits(self) -> pd.DataFrame: ...

    @property
    def currency(self) -> str: ...


def plot_net_cost(
    sim: NetCostSource,
    ax: Axes | None = None,
    *,
    vendors: Sequence[str] | None = None,
) -> Axes:
    """Each vendor's monthly cost over the term, net of its service credits, with its spread.

    One row per vendor, cheapest net cost at the top: a pale bar to the mean *gross* cost
    (fees, training, double running and one-off fees spread over the term), a solid bar to
    the mean *net* cost the buyer pays, the part between them in green when it is money back
    (credits) — or beyond the gross when a grade bonus is paid — and a line from the 5th to
    the 95th percentile of the net cost of the simulated terms.

    Parameters
    ----------
    sim : CostSimulation
        The simulation (reads ``samples``, ``gross``, ``credits`` and ``currency``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's axes when None.
    vendors : sequence of str, optional
        Vendors to draw, in this order (default: all, cheapest net first).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ArgumentError
        An unknown vendor name.
    """
    import matplotlib.pyplot as plt

    from vendoreval.plots._style import OKABE_ITO, MoneyFormatter, format_money

    net = sim.samples
    names = [str(v) for v in net.columns]

    def column(frame: pd.DataFrame, vendor: str) -> npt.NDArray[np.float64]:
        return np.asarray(frame[vendor].to_numpy(dtype=np.float64), dtype=np.float64)

    if vendors is None:
        order = sorted(names, key=lambda name: float(column(net, name).mean()))
    else:
        unknown = [v for v in vendors if v not in names]
        if unknown:
            raise ArgumentError(f"vendors: no vendor {unknown[0]!r}; vendors: {', '.join(names)}")
        order = list(vendors)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.8 + 0.6 * len(order)), layout="constrained")
    y = np.arange(len(order))[::-1]
    net_mean = np.array([column(net, v).mean() for v in order])
    gross_mean = np.array([column(sim.gross, v).mean() for v in order])
    low = np.array([np.percentile(column(net, v), 5) for v in order])
    high = np.array([np.percentile(column(net, v), 95) for v in order])
    colours = [OKABE_ITO[names.index(v) % len(OKABE_ITO)] for v in order]
    ax.barh(y, gross_mean, height=0.6, color=colours, alpha=0.3, label="gross (before credits)")
    ax.barh(y, net_mean, height=0.6, color=colours, label="net: what the buyer pays")
    back = gross_mean > net_mean
    ax.barh(
        y[back],
        (gross_mean - net_mean)[back],
        left=net_mean[back],
        height=0.6,
        color=CREDIT_COLOUR,
        hatch="//",
        alpha=0.7,
        label="service credits (money back)",
    )
    ax.errorbar(
        net_mean,
        y,
        xerr=np.vstack([net_mean - low, high - net_mean]),
        fmt="none",
        ecolor="black",
        capsize=4,
        lw=1.2,
        label="5–95% of simulated terms",
    )
    for row, vendor in zip(y, order, strict=True):
        credit = float(column(sim.credits, vendor).mean())
        text = format_money(float(column(net, vendor).mean()), sim.currency)
        if credit:
            word = "credits" if credit > 0 else "bonus"
            text += f"  ({word} {format_money(abs(credit), sim.currency)})"
        ax.annotate(
            text,
            (float(high[order.index(vendor)]), float(row)),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(y, order)
    ax.xaxis.set_major_formatter(MoneyFormatter(sim.currency))
    ax.set_xlim(0, float(max(high.max(), gross_mean.max())) * 1.3)
    ax.set_xlabel(f"monthly cost over the term [{sim.currency}/month]")
    ax.set_title("Cost net of service credits (mean, 5–95% range)")
    ax.legend(loc="lower right", fontsize=8)
    return ax


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
