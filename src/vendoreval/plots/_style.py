"""Shared look of every chart: the Okabe–Ito palette, the Korean font, money on axes, and
the small helpers the chart modules share.

References
----------
.. [1] Okabe, M., & Ito, K. (2008). *Color Universal Design (CUD): how to make figures and
   presentations that are friendly to colorblind people.* https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.projections.polar import PolarAxes
from matplotlib.text import Text
from matplotlib.ticker import Formatter

from vendoreval.errors import ArgumentError, ArgumentTypeError
from vendoreval.labels import check_label
from vendoreval.plots._inputs import EvaluationLike, NeedsLike
from vendoreval.vocabulary import CHECKS

if TYPE_CHECKING:
    from matplotlib.artist import Artist


__all__ = [
    "BUNDLED_HANGUL_FONT",
    "CRITERION_LABELS",
    "OKABE_ITO",
    "SYSTEM_HANGUL_FAMILIES",
    "MoneyFormatter",
    "format_money",
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

CRITERION_LABELS: Mapping[str, str] = MappingProxyType(
    {name: check_label(name, "en") for name in (*CHECKS, "cost")}
)
"""Readable labels of the criteria (:func:`vendoreval.labels.check_label`), used when the
evaluation's pack gives none."""


BUNDLED_HANGUL_FONT = Path(__file__).parents[1] / "fonts" / "NanumGothic.ttf"
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
