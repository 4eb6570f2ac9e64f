"""Waterfall chart of an invoice audit: from the vendor's billed total to the replayed total.

The chart takes an :class:`~vendoreval.pricing.audit.InvoiceAudit` and an optional ``ax``
and returns the ``ax`` it drew on, in the style of scikit-criteria. matplotlib is imported
only when a chart is drawn. Colours are the Okabe–Ito colour-blind-safe palette [1]_.

References
----------
.. [1] Okabe, M., & Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
   presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal

from vendoreval.currency import minor_units

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from vendoreval.pricing.audit import InvoiceAudit

__all__ = ["STEP_COLORS", "audit_waterfall"]

_BLUE: Final = "#0072B2"
STEP_COLORS: Final[dict[str, str]] = {
    "billed by the vendor": _BLUE,
    "phantom": "#D55E00",  # vermillion
    "duplicate": "#E69F00",  # orange
    "wait_billed": "#CC79A7",  # reddish purple
    "rounding": "#56B4E9",  # sky blue
    "premium": "#F0E442",  # yellow
    "other": "#000000",  # black
    "not billed": "#009E73",  # bluish green
    "monthly rounding": "#56B4E9",  # sky blue (hatched)
    "replay": _BLUE,
}
"""Okabe–Ito colour of each step of the waterfall."""


def audit_waterfall(
    audit: InvoiceAudit,
    ax: Axes | None = None,
    *,
    measure: Literal["seconds", "amount"] = "seconds",
) -> Axes:
    """Draw the steps from the vendor's billed total to the replayed total.

    The first bar is what the vendor billed, the last the exact replay of the records; in
    between, one floating bar per reason of :data:`~vendoreval.pricing.audit.AUDIT_REASONS`
    takes that reason's over-billing away (under-billing adds back), then the contacts the
    vendor did not bill are added (and, for a sheet that rounds monthly, the monthly
    rounding). Each bar is labelled with its change.

    Parameters
    ----------
    audit : InvoiceAudit
        The result of :func:`~vendoreval.pricing.audit_invoice`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure's axes when None.
    measure : {"seconds", "amount"}
        Billed seconds [s], or money at the sheet's voice rate [currency]
        (see :meth:`InvoiceAudit.waterfall`).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    steps = audit.waterfall(measure)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(steps)), 4.0))
    names = [str(name) for name in steps["step"]]
    changes = [float(value) for value in steps["change"]]
    levels = [float(value) for value in steps["level"]]
    last = len(names) - 1
    bottoms, heights = [], []
    for i, (change, level) in enumerate(zip(changes, levels, strict=True)):
        if i in (0, last):
            bottoms.append(0.0)
            heights.append(level)
        else:
            bottoms.append(level - change)
            heights.append(change)
    positions = list(range(len(names)))
    bars = ax.bar(
        positions,
        heights,
        bottom=bottoms,
        color=[STEP_COLORS.get(name, _BLUE) for name in names],
        edgecolor="#000000",
        linewidth=0.6,
        width=0.7,
    )
    for bar, name in zip(bars, names, strict=True):
        if name == "monthly rounding":
            bar.set_hatch("//")
    for i in range(last):  # connectors from each level to the next bar
        ax.plot([i + 0.35, i + 0.65], [levels[i], levels[i]], color="#000000", linewidth=0.6)
    places = minor_units(audit.currency) if measure == "amount" else 0
    for i, (change, bottom, height) in enumerate(zip(changes, bottoms, heights, strict=True)):
        text = f"{change:,.{places}f}" if i in (0, last) or not change else f"{change:+,.{places}f}"
        ax.annotate(
            text,
            (i, bottom + max(height, 0.0)),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_xticks(positions)
    ax.set_xticklabels([name.replace("_", " ") for name in names], rotation=30, ha="right")
    unit = "billed seconds [s]" if measure == "seconds" else f"amount [{audit.currency}]"
    ax.set_ylabel(unit)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_title("Invoice audit: vendor's bill → replay of the records")
    ax.axhline(0.0, color="#000000", linewidth=0.6)
    # The floating bars' bottoms are sticky edges that would keep the labels off the axes.
    ends = [*bottoms, *(b + h for b, h in zip(bottoms, heights, strict=True))]
    low, high = min(0.0, *ends), max(0.0, *ends)
    steps_low = min(levels)
    steps_high = max(levels)
    step_span = steps_high - steps_low
    if levels[0] > 0 and 0 < step_span < 0.2 * steps_high:
        # Errors are small beside the totals (the usual case): zoom on the levels so every
        # step can be seen, and say that the axis does not start at zero.
        pad = 0.35 * step_span
        ax.set_ylim(steps_low - pad, steps_high + pad)
        ax.text(
            0.99,
            0.97,
            "axis does not start at 0",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=7,
            color="#555555",
        )
    else:
        pad = 0.12 * (high - low) or 1.0
        ax.set_ylim(low - (pad if low < 0 else 0.0), high + pad)
    return ax
