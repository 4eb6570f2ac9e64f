"""Native charts and colour scales of the comparison workbook (XlsxWriter).

Charts reference the cells they plot, so they follow the live formulas: the score chart on
the ``Ranking`` sheet redraws when a weight is edited. Scores use ColorBrewer's PuOr
diverging scale (orange–white–purple), which stays distinguishable with every common
colour-vision deficiency; shares the sequential Blues scale (Harrower & Brewer 2003 [1]_).

References
----------
.. [1] Harrower, M., & Brewer, C. A. (2003). ColorBrewer.org: an online tool for selecting
   colour schemes for maps. *The Cartographic Journal*, 40(1), 27–37.
   https://doi.org/10.1179/000870403235002042
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

__all__ = [
    "SCORE_SCALE",
    "SHARE_SCALE",
    "bar_chart",
    "chart_size",
    "line_chart",
    "score_scale",
    "share_scale",
]

#: Low, middle and high colours of the score scale (0, 50, 100 points): PuOr.
SCORE_SCALE = ("#F1A340", "#F7F7F7", "#998EC3")

#: Low and high colours of the share scale (0 and 1): Blues.
SHARE_SCALE = ("#F7FBFF", "#6BAED6")

_PIXELS_PER_CM = 96 / 2.54  # at 96 dpi


def score_scale() -> dict[str, object]:
    """Conditional format of scores: a three-colour scale over 0–50–100 points."""
    low, middle, high = SCORE_SCALE
    return {
        "type": "3_color_scale",
        "min_type": "num",
        "min_value": 0,
        "min_color": low,
        "mid_type": "num",
        "mid_value": 50,
        "mid_color": middle,
        "max_type": "num",
        "max_value": 100,
        "max_color": high,
    }


def share_scale() -> dict[str, object]:
    """Conditional format of shares: a two-colour scale over 0–1."""
    low, high = SHARE_SCALE
    return {
        "type": "2_color_scale",
        "min_type": "num",
        "min_value": 0,
        "min_color": low,
        "max_type": "num",
        "max_value": 1,
        "max_color": high,
    }


def chart_size(width_cm: float, height_cm: float) -> dict[str, int]:
    """XlsxWriter chart size [pixels] from a size in centimetres."""
    return {
        "width": round(width_cm * _PIXELS_PER_CM),
        "height": round(height_cm * _PIXELS_PER_CM),
    }


def _column(sheet: str, first_row: int, last_row: int, column: int) -> list[object]:
    """XlsxWriter range of one column, from 1-based rows and column."""
    return [sheet, first_row - 1, column - 1, last_row - 1, column - 1]


def bar_chart(
    workbook: Workbook,
    sheet: str,
    *,
    title: str,
    series: Sequence[int],
    category: int,
    header_row: int,
    last_row: int,
    value_axis: Mapping[str, object] | None = None,
) -> Any:
    """A horizontal bar chart, first row on top, one series per column of ``series``.

    Parameters
    ----------
    workbook : xlsxwriter.Workbook
        The workbook.
    sheet : str
        Name of the sheet holding the data.
    title : str
        Chart title.
    series : sequence of int
        1-based columns plotted; their titles are in ``header_row``.
    category : int
        1-based column of the bar labels.
    header_row, last_row : int
        1-based row of the series titles and last data row.
    value_axis : dict, optional
        XlsxWriter axis options of the value axis (title, bounds, number format).

    Returns
    -------
    xlsxwriter.chart.Chart
        Sized for its bars; a single series has no legend.
    """
    chart = workbook.add_chart({"type": "bar"})
    _add_columns(chart, sheet, series, category, header_row, last_row)
    chart.set_title({"name": title})
    # in an XlsxWriter bar chart x is the (horizontal) value axis, y the category axis
    chart.set_x_axis(dict(value_axis or {}))
    chart.set_y_axis({"reverse": True})
    if len(series) == 1:
        chart.set_legend({"none": True})
    bars = max(last_row - header_row, 1)
    chart.set_size(chart_size(18, min(max(7.5, 0.6 * bars + 3), 120)))
    return chart


def _add_columns(
    chart: Any, sheet: str, series: Sequence[int], category: int, header_row: int, last_row: int
) -> None:
    """One series per column of ``series`` (1-based), titled from ``header_row``."""
    for column in series:
        chart.add_series(
            {
                "name": [sheet, header_row - 1, column - 1],
                "categories": _column(sheet, header_row + 1, last_row, category),
                "values": _column(sheet, header_row + 1, last_row, column),
            }
        )


def line_chart(
    workbook: Workbook,
    sheet: str,
    *,
    title: str,
    series: Sequence[int],
    category: int,
    header_row: int,
    last_row: int,
    category_axis: Mapping[str, object],
    value_axis: Mapping[str, object],
) -> Any:
    """A line chart of columns ``series`` against the values of column ``category``.

    Parameters
    ----------
    workbook : xlsxwriter.Workbook
        The workbook.
    sheet : str
        Name of the sheet holding the data.
    title : str
        Chart title.
    series : sequence of int
        1-based columns plotted; their titles are in ``header_row``.
    category : int
        1-based column of the x values.
    header_row, last_row : int
        1-based row of the series titles and last data row.
    category_axis, value_axis : dict
        XlsxWriter axis options.

    Returns
    -------
    xlsxwriter.chart.Chart
    """
    chart = workbook.add_chart({"type": "line"})
    _add_columns(chart, sheet, series, category, header_row, last_row)
    chart.set_title({"name": title})
    chart.set_x_axis(dict(category_axis))
    chart.set_y_axis(dict(value_axis))
    chart.set_size(chart_size(24, 12))
    return chart
