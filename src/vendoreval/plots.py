"""Charts of an evaluation: checks radar, score contributions, cost distributions, billing
curves and rank acceptability.

Every plotting function takes the data it needs and an optional Matplotlib ``ax``, draws on
it (or on a new figure of a sensible size when ``ax`` is None) and returns the Axes, in the
style of scikit-criteria. Series take their colours from the Okabe–Ito palette [1]_, which
stays distinguishable under the common colour-vision deficiencies; a vendor keeps the same
colour in every chart (its position among the evaluated vendors). Heat maps use
``cividis``, a colour map designed to read the same with and without colour-vision
deficiency [2]_.

Korean text (buyer and vendor names, pack labels) renders with the bundled NanumGothic
font (NAVER Corporation, SIL Open Font License 1.1; ``vendoreval/fonts/``), registered on
demand by :func:`use_hangul_font`.

This module imports Matplotlib when it is imported; ``import vendoreval`` does not import
it.

References
----------
.. [1] Okabe, M., & Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
   presentations that are friendly to colorblind people.* https://jfly.uni-koeln.de/color/
.. [2] Nuñez, J. R., Anderton, C. R., & Renslow, R. S. (2018). Optimizing colormaps with
   consideration for color vision deficiency to enable accurate interpretation of
   scientific data. *PLOS ONE*, 13(7), e0199239.
   https://doi.org/10.1371/journal.pone.0199239
"""

from __future__ import annotations

import itertools
import math
import re
import textwrap
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.cbook import violin_stats
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.projections.polar import PolarAxes
from matplotlib.text import Text
from matplotlib.ticker import Formatter
from matplotlib.transforms import blended_transform_factory

from vendoreval._types import FloatArray
from vendoreval.errors import ArgumentError, ArgumentTypeError, WriteError
from vendoreval.mcda import AcceptabilityResult

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import PathPatch

    from vendoreval.needs import Needs
    from vendoreval.pricing.billing import BillingIncrement
    from vendoreval.proposal import VendorProposal

__all__ = [
    "BUNDLED_HANGUL_FONT",
    "CHART_FILES",
    "CRITERION_LABELS",
    "OKABE_ITO",
    "SYSTEM_HANGUL_FAMILIES",
    "ChartSource",
    "ContractLike",
    "EvaluationLike",
    "MoneyFormatter",
    "NeedsLike",
    "SimulationLike",
    "format_money",
    "plot_acceptability",
    "plot_billing_curves",
    "plot_contributions",
    "plot_cost_curve",
    "plot_cost_distribution",
    "plot_radar",
    "save_charts",
    "use_hangul_font",
]


OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)
"""The Okabe–Ito colour-blind-safe palette, in the order series take it."""

_LINESTYLES = ("-", "--", "-.", ":")
_GREY = "#777777"

CRITERION_LABELS: dict[str, str] = {
    "coverage": "Needs & coverage",
    "references": "References",
    "staffing": "Staffing & languages",
    "crm": "CRM integration",
    "social": "Social media",
    "location": "Location",
    "security": "Security & DR",
    "pricing": "Pricing & billing",
    "cost": "Monthly cost",
}
"""Readable labels of the criteria, used when the evaluation's pack gives none."""

CHART_FILES: tuple[str, ...] = (
    "radar.png",
    "contributions.png",
    "cost_distribution.png",
    "acceptability.png",
    "billing_curves.png",
)
"""File names :func:`save_charts` writes, in order."""

BUNDLED_HANGUL_FONT = Path(__file__).with_name("fonts") / "NanumGothic.ttf"
"""NanumGothic Regular, shipped with vendoreval (SIL Open Font License 1.1)."""

SYSTEM_HANGUL_FAMILIES: tuple[str, ...] = (
    "NanumGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "AppleGothic",
    "NanumBarunGothic",
)
"""Installed font families with Hangul tried when the bundled font cannot be loaded."""

_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]")

_CURRENCY_SYMBOLS: dict[str, str] = {
    "KRW": "₩",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "PHP": "₱",
    "VND": "₫",
}


# ----------------------------------------------------------------------------- inputs


class ContractLike(Protocol):
    """The contract terms a chart reads (see :class:`vendoreval.needs.ContractNeeds`)."""

    @property
    def currency(self) -> str: ...

    @property
    def budget_per_month(self) -> Decimal | float | None: ...


class NeedsLike(Protocol):
    """The part of :class:`vendoreval.needs.Needs` a chart reads."""

    @property
    def buyer(self) -> str: ...

    @property
    def contract(self) -> ContractLike: ...


class SimulationLike(Protocol):
    """A cost simulation: ``samples`` is a runs × vendor frame of monthly cost."""

    @property
    def samples(self) -> pd.DataFrame: ...


class EvaluationLike(Protocol):
    """What the charts read from an :class:`vendoreval.evaluation.Evaluation`."""

    @property
    def ranking(self) -> pd.DataFrame: ...

    @property
    def scores(self) -> pd.DataFrame: ...

    @property
    def weights(self) -> pd.Series: ...

    @property
    def simulation(self) -> SimulationLike: ...

    @property
    def needs(self) -> NeedsLike: ...

    @property
    def method(self) -> str: ...

    def sensitivity(self, samples: int = ..., seed: int = ...) -> pd.DataFrame: ...


class ChartSource(EvaluationLike, Protocol):
    """An evaluation with the buyer's full needs and the proposals (for billing curves)."""

    @property
    def needs(self) -> Needs: ...

    @property
    def proposals(self) -> Sequence[VendorProposal]: ...


# ----------------------------------------------------------------------------- fonts


@dataclass
class _FontState:
    family: str | None = None
    resolved: bool = False
    warned: bool = False


_FONT = _FontState()


def use_hangul_font(path: str | Path | None = None) -> str | None:
    """Make Korean (Hangul) text render in Matplotlib figures.

    Registers the bundled NanumGothic font (or the font file ``path``) with Matplotlib's
    font manager and appends its family to ``rcParams["font.family"]`` as a fallback
    (Matplotlib ≥ 3.6 draws each character with the first family in the list that has
    it): Latin text keeps its font, Hangul comes from NanumGothic. NanumGothic is not put
    in front because it lacks some glyphs the default font has, such as the minus sign
    U+2212 of negative tick labels.

    When the bundled file is missing or unreadable, an installed Hangul family is used
    (:data:`SYSTEM_HANGUL_FAMILIES`); when there is none, one ``UserWarning`` says that
    Korean text may not render. The plotting functions of this module call this function
    when a text they drew contains Hangul.

    Parameters
    ----------
    path : str or Path, optional
        A TrueType/OpenType font file with Hangul to use instead of the bundled one.

    Returns
    -------
    str or None
        The font family now used for Hangul, or None when no Hangul font was found.

    Raises
    ------
    ValueError
        When ``path`` is given and cannot be loaded as a font.
    """
    if path is not None:
        family = _register_font(Path(path))
        if family is None:
            raise ArgumentError(f"path: {path} could not be loaded as a TrueType/OpenType font")
        _FONT.family, _FONT.resolved = family, True
    elif not _FONT.resolved:
        _FONT.family = _register_font(BUNDLED_HANGUL_FONT) or _installed_hangul_family()
        _FONT.resolved = True
    if _FONT.family is None:
        if not _FONT.warned:
            _FONT.warned = True
            warnings.warn(
                f"no font with Hangul found (bundled {BUNDLED_HANGUL_FONT} is missing or "
                f"unreadable, and none of {', '.join(SYSTEM_HANGUL_FAMILIES)} is installed): "
                "Korean text may not render",
                UserWarning,
                stacklevel=2,
            )
        return None
    families = [f for f in _rc_families() if f != _FONT.family]
    mpl.rcParams["font.family"] = [*families, _FONT.family]
    return _FONT.family


def _register_font(path: Path) -> str | None:
    """Add a font file to Matplotlib's font manager; its family name, or None."""
    if not path.is_file():
        return None
    try:
        known = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
        if path not in known:
            font_manager.fontManager.addfont(str(path))
        name = font_manager.FontProperties(fname=str(path)).get_name()
    except (OSError, RuntimeError, ValueError):
        return None
    return str(name)


def _installed_hangul_family() -> str | None:
    """The first installed family of :data:`SYSTEM_HANGUL_FAMILIES`, or None."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in SYSTEM_HANGUL_FAMILIES:
        if family in installed:
            return family
    return None


def _rc_families() -> list[str]:
    value = mpl.rcParams["font.family"]
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def _localize_text(fig: Figure | Any) -> None:
    """Give every text of ``fig`` that contains Hangul a family list ending in a Hangul font.

    Texts created before :func:`use_hangul_font` changed the defaults (for example the
    title and tick labels of an Axes passed in by the caller) get the fallback too.
    """
    texts = [t for t in fig.findobj(Text) if _has_hangul(t.get_text())]
    if not texts:
        return
    family = use_hangul_font()
    if family is None:
        return
    families = [f for f in _rc_families() if f != family] + [family]
    for text in texts:
        text.set_fontfamily(families)


# ----------------------------------------------------------------------------- money


def _currency_affixes(currency: str | None) -> tuple[str, str]:
    if not currency:
        return "", ""
    symbol = _CURRENCY_SYMBOLS.get(currency)
    return (symbol, "") if symbol else ("", f" {currency}")


def _scale_of(magnitude: float) -> tuple[float, str]:
    for factor, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if magnitude >= factor:
            return factor, suffix
    return 1.0, ""


def format_money(value: float | Decimal, currency: str | None = None, digits: int = 3) -> str:
    """Compact money text: ``₩12.3M``, ``$950K``, ``12.3M MYR``.

    Parameters
    ----------
    value : float or Decimal
        Amount [currency].
    currency : str, optional
        ISO 4217 code; common currencies get their symbol in front, others their code
        after the number.
    digits : int
        Significant digits.

    Returns
    -------
    str
    """
    amount = float(value)
    prefix, suffix = _currency_affixes(currency)
    if not math.isfinite(amount):
        return f"{prefix}{amount}{suffix}"
    factor, unit = _scale_of(abs(amount))
    number = f"{abs(amount) / factor:.{digits}g}"
    sign = "−" if amount < 0 else ""
    return f"{sign}{prefix}{number}{unit}{suffix}"


class MoneyFormatter(Formatter):
    """Tick labels in compact money: ``₩12.5M``, with one scale and precision per axis.

    Parameters
    ----------
    currency : str, optional
        ISO 4217 code (symbol in front for common currencies, else the code after).
    """

    def __init__(self, currency: str | None = None) -> None:
        super().__init__()
        self.currency = currency
        self._factor = 1.0
        self._unit = ""
        self._decimals = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        """Choose the scale (K, M, B) and decimals from the tick locations [currency]."""
        super().set_locs(list(locs))
        values = np.asarray([v for v in locs if math.isfinite(v)], dtype=np.float64)
        if values.size == 0:
            return
        self._factor, self._unit = _scale_of(float(np.abs(values).max()))
        scaled = np.unique(np.round(values / self._factor, 9))
        if scaled.size > 1:
            step = float(np.min(np.diff(scaled)))
            self._decimals = max(0, min(6, -math.floor(math.log10(step) + 1e-9)))
        else:
            self._decimals = 0 if scaled[0] == round(scaled[0]) else 2

    def __call__(self, x: float, pos: int | None = None) -> str:
        """Format one tick value [currency]."""
        prefix, suffix = _currency_affixes(self.currency)
        if x == 0:
            return f"{prefix}0{suffix}"
        sign = "−" if x < 0 else ""
        number = f"{abs(x) / self._factor:.{self._decimals}f}"
        return f"{sign}{prefix}{number}{self._unit}{suffix}"


# ----------------------------------------------------------------------------- helpers


def _series_style(index: int) -> tuple[str, str]:
    """Colour and line style of the ``index``-th series (styles change every 8 colours)."""
    colour = OKABE_ITO[index % len(OKABE_ITO)]
    return colour, _LINESTYLES[(index // len(OKABE_ITO)) % len(_LINESTYLES)]


def _new_axes(figsize: tuple[float, float]) -> Axes:
    """Axes of a new figure [in] with a constrained layout."""
    return plt.figure(figsize=figsize, layout="constrained").add_subplot()


def _new_polar_axes(figsize: tuple[float, float]) -> PolarAxes:
    """Polar Axes of a new figure [in] with a constrained layout."""
    ax = plt.figure(figsize=figsize, layout="constrained").add_subplot(projection="polar")
    if not isinstance(ax, PolarAxes):  # pragma: no cover - Matplotlib guarantees it
        raise ArgumentTypeError(f"expected a polar Axes, got {type(ax).__name__}")
    return ax


def _vendor_order(ev: EvaluationLike) -> list[str]:
    """Vendors in ranking order, checked against the score table."""
    order = [str(v) for v in ev.ranking.index]
    known = {str(v) for v in ev.scores.index}
    missing = [v for v in order if v not in known]
    if missing:
        raise ArgumentError(f"ev.scores: no row for vendor(s) {missing} of ev.ranking")
    return order


def _colour_index(ev: EvaluationLike) -> dict[str, int]:
    """Stable colour slot of each vendor: its row in the score table (input order)."""
    return {str(v): i for i, v in enumerate(ev.scores.index)}


def _criterion_labels(ev: object, override: Mapping[str, str] | None) -> dict[str, str]:
    labels = dict(CRITERION_LABELS)
    pack_labels = getattr(getattr(ev, "criteria", None), "labels", None)
    if isinstance(pack_labels, Mapping):
        labels.update({str(k): str(v) for k, v in pack_labels.items()})
    if override:
        labels.update(override)
    return labels


def _label_for(name: str, labels: Mapping[str, str]) -> str:
    return labels.get(name, name.replace("_", " ").capitalize())


def _passed(ev: EvaluationLike, vendors: Sequence[str]) -> dict[str, bool]:
    if "passed" not in ev.ranking.columns:
        return dict.fromkeys(vendors, True)
    return {v: bool(ev.ranking.loc[v, "passed"]) for v in vendors}


def _budget(needs: NeedsLike) -> float | None:
    budget = needs.contract.budget_per_month
    return None if budget is None else float(budget)


def _legend_outside(
    ax: Axes,
    handles: Sequence[Artist] | None = None,
    *,
    anchor: tuple[float, float] = (1.02, 1.0),
    **kwargs: Any,
) -> None:
    """Legend to the right of the Axes, top-aligned."""
    if handles is not None:
        kwargs["handles"] = list(handles)
    ax.legend(loc="upper left", bbox_to_anchor=anchor, borderaxespad=0.0, **kwargs)


def _matplotlib_at_least(major: int, minor: int) -> bool:
    parts = mpl.__version__.split(".")
    return (int(parts[0]), int(re.match(r"\d+", parts[1])[0])) >= (major, minor)  # type: ignore[index]


def _horizontal() -> dict[str, Any]:
    """Keyword for horizontal box/violin plots on this Matplotlib version."""
    return {"orientation": "horizontal"} if _matplotlib_at_least(3, 10) else {"vert": False}


# ----------------------------------------------------------------------------- radar


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


# ----------------------------------------------------------------------------- contributions


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


# ----------------------------------------------------------------------------- costs


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


# ----------------------------------------------------------------------------- cost curves


def _increment_key(increment: BillingIncrement) -> tuple[int, int]:
    """Order increments from finest (per-second) to coarsest (per-minute)."""
    return increment.first + increment.step, increment.first


def _crossings(x: FloatArray, difference: FloatArray) -> FloatArray:
    """The x where a piecewise-linear ``difference`` crosses zero (linear interpolation)."""
    points: list[float] = []
    sign = np.sign(difference)
    for i in np.flatnonzero(sign[:-1] * sign[1:] < 0):
        d0, d1 = difference[i], difference[i + 1]
        points.append(float(x[i] - d0 * (x[i + 1] - x[i]) / (d1 - d0)))
    interior_zeros = np.flatnonzero(sign[1:-1] == 0) + 1
    for i in interior_zeros:
        if sign[i - 1] * sign[i + 1] < 0:
            points.append(float(x[i]))
    return np.sort(np.asarray(points, dtype=np.float64))


def plot_cost_curve(
    curve: pd.DataFrame,
    ax: Axes | None = None,
    *,
    xlabel: str = "Mean handle time [s]",
    currency: str | None = None,
    increments: Mapping[str, BillingIncrement] | None = None,
    current: float | None = None,
    x_unit: str = "s",
    title: str | None = None,
) -> Axes:
    """Expected monthly cost of each vendor as one input varies.

    Parameters
    ----------
    curve : pandas.DataFrame
        Index the varied values (e.g. mean handle time [s]), one column per vendor of
        expected monthly cost [currency/month] — as returned by
        :func:`vendoreval.simulation.whatif.cost_curve`.
    ax : Axes, optional
        Axes to draw on; a new figure when None.
    xlabel : str
        Label of the varied input, with its unit.
    currency : str, optional
        ISO 4217 code of the costs, for the axis format.
    increments : mapping of str to BillingIncrement, optional
        Billing increment of each vendor. When given, the legend names each vendor's
        increment and, when the vendors use different increments, the ranges where the
        cheapest vendor on the finest increment (e.g. per-second) beats the cheapest on the
        coarsest (e.g. per-minute) are shaded, with a dotted line and note at each
        break-even point.
    current : float, optional
        Today's value of the varied input, marked with a vertical line.
    x_unit : str
        Unit of the varied input, for the break-even notes.
    title : str, optional
        Axes title; default ``"Expected monthly cost"``.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        When ``curve`` is empty, its index is not numeric, or a vendor has no increment.
    """
    if curve.empty or curve.shape[1] == 0:
        raise ArgumentError("curve: expected at least one value row and one vendor column")
    try:
        x_all = np.asarray(curve.index, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(
            f"curve: the index must hold the numeric varied values ({exc})"
        ) from exc
    order = np.argsort(x_all, kind="stable")
    x = x_all[order]
    vendors = [str(c) for c in curve.columns]
    costs = curve.to_numpy(dtype=np.float64)[order]
    if increments is not None:
        missing = [v for v in vendors if v not in increments]
        if missing:
            raise ArgumentError(f"increments: no billing increment for vendor(s) {missing}")
    if ax is None:
        ax = _new_axes((10.0, 5.5))
    for i, vendor in enumerate(vendors):
        colour, _ = _series_style(i)
        style = _LINESTYLES[i % len(_LINESTYLES)]
        label = vendor if increments is None else f"{vendor} — {increments[vendor].label}"
        ax.plot(x, costs[:, i], color=colour, linestyle=style, linewidth=2.0, label=label)
    if increments is not None:
        _shade_break_even(ax, x, costs, vendors, increments, x_unit)
    if current is not None:
        ax.axvline(
            current,
            color=_GREY,
            linestyle="-.",
            linewidth=1.2,
            label=f"today: {current:.4g} {x_unit}".rstrip(),
        )
    ax.yaxis.set_major_formatter(MoneyFormatter(currency))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"Expected monthly cost [{currency}/month]" if currency else "Expected cost")
    ax.set_title(title or "Expected monthly cost")
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.grid(alpha=0.3)
    entries = len(ax.get_legend_handles_labels()[1])
    if entries > 5:
        _legend_outside(ax, fontsize=8)
    else:
        ax.legend(loc="best", fontsize=8, framealpha=0.9)
    _localize_text(ax.figure)
    return ax


def _shade_break_even(
    ax: Axes,
    x: FloatArray,
    costs: FloatArray,
    vendors: Sequence[str],
    increments: Mapping[str, BillingIncrement],
    x_unit: str,
) -> None:
    keys = {v: _increment_key(increments[v]) for v in vendors}
    finest, coarsest = min(keys.values()), max(keys.values())
    if finest == coarsest or x.size < 2:
        return
    fine_cols = [i for i, v in enumerate(vendors) if keys[v] == finest]
    coarse_cols = [i for i, v in enumerate(vendors) if keys[v] == coarsest]
    fine_label = increments[vendors[fine_cols[0]]].label
    coarse_label = increments[vendors[coarse_cols[0]]].label
    fine = costs[:, fine_cols].min(axis=1)
    coarse = costs[:, coarse_cols].min(axis=1)
    difference = fine - coarse
    points = _crossings(x, difference)
    bounds = np.concatenate([[x[0]], points, [x[-1]]])
    labelled = False
    for lo, hi in itertools.pairwise(bounds):
        if hi <= lo:
            continue
        mid = 0.5 * (lo + hi)
        if float(np.interp(mid, x, difference)) < 0:
            ax.axvspan(
                lo,
                hi,
                color=OKABE_ITO[1],
                alpha=0.15,
                linewidth=0,
                label="_nolegend_" if labelled else f"{fine_label} cheaper than {coarse_label}",
            )
            labelled = True
    span = float(x[-1] - x[0])
    for k, point in enumerate(points):
        near_right = point > x[0] + 0.8 * span
        ax.axvline(
            point,
            color="black",
            linestyle=":",
            linewidth=1.2,
            label="break-even" if k == 0 else "_nolegend_",
        )
        ax.annotate(
            f"break-even {point:.4g} {x_unit}".rstrip(),
            xy=(point, 1.0),
            xycoords=ax.get_xaxis_transform(),
            xytext=(-3 if near_right else 3, -4 - 12 * (k % 2)),
            textcoords="offset points",
            ha="right" if near_right else "left",
            va="top",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
        )


def _default_aht_grid(aht: float) -> FloatArray:
    low = max(15.0, 0.3 * aht)
    high = max(2.5 * aht, low + 120.0)
    return np.unique(np.round(np.linspace(low, high, 17)))


def plot_billing_curves(
    needs: Needs,
    proposals: Sequence[VendorProposal],
    ax: Axes | None = None,
    values: npt.ArrayLike | None = None,
) -> Axes:
    """Expected monthly cost against the mean phone handle time, per billing increment.

    Calls :func:`vendoreval.simulation.whatif.cost_curve` with ``vary="aht_seconds"`` and draws it
    with :func:`plot_cost_curve`: each vendor's line is labelled with its billing increment,
    ranges where the finest increment (per-second) beats the coarsest (per-minute) are
    shaded, break-even handle times are marked, and today's handle time is shown.

    Parameters
    ----------
    needs : Needs
        The buyer's needs; must have a ``phone`` channel.
    proposals : sequence of VendorProposal
        The proposals to price.
    ax : Axes, optional
        Axes to draw on; a new figure when None.
    values : array_like, optional
        Mean handle times to evaluate [s]; default 17 points from 0.3× to 2.5× today's.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        When the needs have no phone channel or no proposal is given.
    """
    if not proposals:
        raise ArgumentError("proposals: at least one vendor proposal is needed")
    try:
        phone = needs.channel("phone")
    except KeyError as exc:
        raise ArgumentError(
            f"needs.channels: billing curves vary the phone handle time; {exc.args[0]}"
        ) from exc
    from vendoreval.simulation.whatif import cost_curve

    aht = phone.aht_seconds
    grid = _default_aht_grid(aht) if values is None else np.asarray(values, dtype=np.float64)
    curve = cost_curve(needs, list(proposals), vary="aht_seconds", values=grid)
    increments = {p.name: p.pricing.sheet.billing_increment for p in proposals}
    return plot_cost_curve(
        curve,
        ax,
        xlabel="Mean handle time of a phone contact [s]",
        currency=needs.contract.currency,
        increments=increments,
        current=aht,
        title=f"Monthly cost vs handle time, by billing increment — {needs.buyer}",
    )


# ----------------------------------------------------------------------------- acceptability


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


# ----------------------------------------------------------------------------- files


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
                lambda ax: plot_billing_curves(ev.needs, ev.proposals, ax, aht_values),
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
