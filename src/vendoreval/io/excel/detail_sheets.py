"""The detail sheets of the comparison workbook: ``Checks``, ``Costs`` and ``Sensitivity``.

They hold constants (no formulas): the eight checks' answers side by side with each
check's score, reasons and knock-outs; the simulated monthly cost, what drives it, the
staffing the traffic needs and the cost distribution; rank acceptability and the weight
ranges that keep the winner first. Each function writes one sheet of a
:class:`~vendoreval.io.excel.builder.Builder`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vendoreval._lazy import pd
from vendoreval.io.excel import formulas as fx
from vendoreval.io.excel.charts import line_chart, score_scale, share_scale
from vendoreval.io.excel.content import COST_COLUMNS
from vendoreval.io.excel.sheet import Sheet, display_width, text_width
from vendoreval.labels import check_label

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vendoreval.io.excel.builder import Builder

__all__ = ["acceptability_columns", "checks_sheet", "costs_sheet", "sensitivity_sheet"]

#: Number formats of known cost-driver columns (:meth:`CostSimulation.drivers`).
_DRIVER_FORMATS = {
    "billed_over_actual": "0.000",
    "billed_wait_seconds_per_contact": "#,##0.0",
    "billed_wait_share": "0.0%",
    "agent_hours": "#,##0",
    "fte": "#,##0.0",
}

#: Vendors (first in the ranking) in the cost histogram and its chart: more lines than this
#: cannot be told apart.
_HISTOGRAM_VENDORS = 10

#: Rank positions shown one by one on the Sensitivity sheet; further ones are summed.
_ACCEPTABILITY_RANKS = 20

_VENDOR_WIDTH = 30  # width of a vendor's column on the Checks sheet [characters]


# ---------------------------------------------------------------------------- Checks


def checks_sheet(b: Builder) -> None:
    """The ``Checks`` sheet: one column per vendor, one block of rows per check."""
    sheet = b.sheets["checks"]
    t = b.text
    c = b.content
    vendors = b.vendors
    last_column = len(vendors) + 1
    b.header(sheet, 1, [t["checks.item"], *vendors])
    # every table as rows of plain Python values, vendors in ranking order, once
    scores = _rows_by_key(c.check_scores, vendors)
    reasons = _rows_by_key(c.check_reasons, vendors)
    knockouts = _rows_by_key(c.check_knockouts, vendors)
    answers: dict[str, list[tuple[str, list[object]]]] = {}
    if not c.checks.empty:
        table = c.checks.reindex(columns=vendors).to_numpy(dtype=object).tolist()
        for (check, item), values in zip(c.checks.index, table, strict=True):
            answers.setdefault(str(check), []).append((str(item), values))
    order = list(dict.fromkeys([*scores, *answers]))
    yes, no = t["checks.yes"], t["checks.no"]
    score_rows: list[int] = []
    row = 1
    for position, check in enumerate(order, start=1):
        row += 1
        sheet.text(row, 1, f"{position}. {check_label(check, b.language)}", "section")
        if check in scores:
            score_rows.append(row)
            sheet.values(row, scores[check], "0.0", column=2)
        for item, values in answers.get(check, []):
            row += 1
            shown = [(yes if v else no) if isinstance(v, bool | np.bool_) else v for v in values]
            sheet.text(row, 1, f"  {item}")
            wrapped = any(isinstance(v, str) and "\n" in v for v in shown)
            sheet.values(row, shown, column=2, style="wrap" if wrapped else None)
            if wrapped:
                sheet.fit_height(row, shown, _VENDOR_WIDTH)
        for lines, key in ((reasons, "checks.reasons"), (knockouts, "checks.knockouts")):
            texts = [v if isinstance(v, str) else "" for v in lines.get(check, [])]
            if any(texts) or (key == "checks.reasons" and check in lines):
                row += 1
                sheet.text(row, 1, f"  {t[key]}")
                sheet.values(row, texts, column=2, style="wrap")
                sheet.fit_height(row, texts, _VENDOR_WIDTH)
    if score_rows:
        last_letter = fx.column_letter(last_column)
        ranges = " ".join(f"B{r}:{last_letter}{r}" for r in score_rows)
        sheet.ws.conditional_format(
            f"B{score_rows[0]}:{last_letter}{score_rows[0]}",
            {**score_scale(), "multi_range": ranges},
        )
    sheet.freeze(2, 2)
    items = [item for block in answers.values() for item, _ in block]
    sheet.widths(
        {
            1: min(max(text_width(items, 20) + 2, 24), 40),
            **dict.fromkeys(range(2, last_column + 1), _VENDOR_WIDTH),
        }
    )
    sheet.print_titles(rows=1, columns=1)


def _rows_by_key(table: pd.DataFrame, columns: Sequence[str]) -> dict[str, list[object]]:
    """Row label → the row's values in the order of ``columns`` (missing ones None)."""
    if table.empty:
        return {}
    values = table.reindex(columns=list(columns)).to_numpy(dtype=object).tolist()
    return {str(key): row for key, row in zip(table.index, values, strict=True)}


# ---------------------------------------------------------------------------- Costs


def costs_sheet(b: Builder) -> None:
    """The ``Costs`` sheet: cost statistics and drivers per vendor, staffing, histogram."""
    sheet = b.sheets["costs"]
    t = b.text
    c = b.content
    vendors = b.vendors
    cost_columns = [col for col in COST_COLUMNS if col in c.costs.columns]
    drivers = c.cost_drivers.reindex(vendors)
    driver_columns = [str(col) for col in drivers.columns]
    header = [
        t["costs.vendor"],
        *(t[f"costs.{col}"] for col in cost_columns),
        *(t.get(f"costs.col.{col}", col) for col in driver_columns),
    ]
    b.header(sheet, 1, header)
    formats: list[str | None] = [
        "0.0%" if col == "prob_over_budget" else b.money_format for col in cost_columns
    ]
    for col in driver_columns:
        if col in c.money_columns:
            formats.append(b.money_format)
        elif col in _DRIVER_FORMATS:
            formats.append(_DRIVER_FORMATS[col])
        elif pd.api.types.is_float_dtype(drivers[col]):
            formats.append("#,##0.00")
        else:
            formats.append(None)
    costs = c.costs.reindex(vendors)[cost_columns].to_numpy(dtype=np.float64).tolist()
    driver_rows = drivers.to_numpy(dtype=object).tolist()
    for offset, (vendor, numbers, extra) in enumerate(
        zip(vendors, costs, driver_rows, strict=True)
    ):
        sheet.text(offset + 2, 1, vendor)
        sheet.values(offset + 2, [*numbers, *extra], formats, column=2)
    last = len(vendors) + 1
    sheet.freeze(2, 2)
    sheet.autofilter(last, len(header))
    widths: dict[int, float] = {
        1: text_width(vendors, 14),
        **dict.fromkeys(range(2, len(header) + 1), 16),
    }
    for position, text in enumerate(header[1 + len(cost_columns) :], start=2 + len(cost_columns)):
        widths[position] = min(max(display_width(text) + 2, 12), 30)
    sheet.widths(widths)
    sheet.print_titles(rows=1, columns=1)
    anchor = fx.column_letter(len(header) + 2)
    if {"p5", "p50", "p95"} <= set(cost_columns):
        series = [2 + cost_columns.index(col) for col in ("p5", "p50", "p95")]
        axis = {"name": f"{t['costs.axis']} [{c.currency}]", "num_format": b.money_format}
        chart = b.bar_chart(sheet, t["costs.chart_title"], series, 1, last, axis)
        sheet.ws.insert_chart(f"{anchor}2", chart)
    row = last + 1
    if not c.staffing.empty:
        row = _staffing(b, sheet, row + 1)
    if not c.cost_histogram.empty:
        _histogram(b, sheet, row + 1, anchor)


def _staffing(b: Builder, sheet: Sheet, row: int) -> int:
    """The buyer's staffing table from ``row``; returns its last row."""
    staffing = b.content.staffing
    sheet.text(row, 1, b.text["costs.staffing"], "section")
    columns = [b.text.get(f"costs.col.{col}", str(col)) for col in staffing.columns]
    b.header(sheet, row + 1, [b.text["costs.channel"], *columns])
    last = row + 1
    for channel, values in zip(
        staffing.index, staffing.to_numpy(dtype=object).tolist(), strict=True
    ):
        last += 1
        sheet.text(last, 1, str(channel))
        sheet.values(last, values, "#,##0.0", column=2)
    return last


def _histogram(b: Builder, sheet: Sheet, row: int, anchor: str) -> None:
    """Cost histogram of the first-ranked vendors from ``row``, with a line chart."""
    t = b.text
    c = b.content
    shown = [v for v in b.vendors if v in c.cost_histogram.columns][:_HISTOGRAM_VENDORS]
    if not shown:
        return
    sheet.text(row, 1, t["costs.histogram"].format(n=len(shown)), "section")
    header_row = row + 1
    b.header(sheet, header_row, [t["costs.bin"], *shown])
    centres = c.cost_histogram.index.to_numpy(dtype=np.float64).tolist()
    shares = c.cost_histogram[shown].to_numpy(dtype=np.float64).tolist()
    last = header_row
    for centre, values in zip(centres, shares, strict=True):
        last += 1
        sheet.numbers(last, 1, [centre], b.money_format)
        sheet.numbers(last, 2, values, "0.0%")
    chart = line_chart(
        b.workbook,
        sheet.name,
        title=t["costs.histogram_chart"],
        series=range(2, len(shown) + 2),
        category=1,
        header_row=header_row,
        last_row=last,
        category_axis={"name": f"{t['costs.axis']} [{c.currency}]", "num_format": b.money_format},
        value_axis={"name": t["costs.share_axis"], "num_format": "0%"},
    )
    sheet.ws.insert_chart(f"{anchor}{header_row}", chart)


# ---------------------------------------------------------------------------- Sensitivity


def sensitivity_sheet(b: Builder) -> None:
    """The ``Sensitivity`` sheet: rank acceptability heat map and weight stability."""
    sheet = b.sheets["sensitivity"]
    t = b.text
    c = b.content
    row = 0
    if not c.acceptability.empty:
        sheet.text(1, 1, t["sensitivity.acceptability"], "section")
        table = acceptability_columns(
            c.acceptability.reindex([v for v in b.vendors if v in c.acceptability.index])
        )
        ranks = [
            t["sensitivity.rank"].format(n=p)
            if isinstance(p, int)
            else t["sensitivity.rank_rest"].format(first=p[0], last=p[1])
            for p in table.columns
        ]
        b.header(sheet, 2, [t["sensitivity.vendor"], *ranks])
        # a share of exactly 0 stays blank: the heat map shows where each vendor can land
        shares = table.to_numpy(dtype=np.float64).tolist()
        row = 2
        for vendor, values in zip(table.index, shares, strict=True):
            row += 1
            sheet.text(row, 1, str(vendor))
            sheet.numbers(row, 2, values, "0.0%", skip_zero=True)
        last_column = len(ranks) + 1
        sheet.ws.conditional_format(f"B3:{fx.column_letter(last_column)}{row}", share_scale())
        sheet.freeze(3, 2)
        axis = {"num_format": "0%", "min": 0, "max": 1}
        chart = b.bar_chart(sheet, t["sensitivity.chart_title"], [2], 1, row, axis, header_row=2)
        sheet.ws.insert_chart(f"{fx.column_letter(min(last_column, 12) + 2)}2", chart)
    if not c.weight_stability.empty:
        _stability(b, sheet, row + 2)
    sheet.widths({1: max(text_width(b.vendors, 14), 22), **dict.fromkeys(range(2, 8), 14)})
    sheet.print_titles(rows=None, columns=1)


def _stability(b: Builder, sheet: Sheet, row: int) -> None:
    """The weight-stability table from ``row``."""
    t = b.text
    stability = b.content.weight_stability
    sheet.text(row, 1, t["sensitivity.stability"], "section")
    winner = stability.attrs.get("winner")
    if winner is not None:
        row += 1
        sheet.text(row, 1, t["sensitivity.winner"], "header")
        sheet.text(row, 2, str(winner))
    keys = ["criterion", "weight", "low", "high", "rival_low", "rival_high"]
    present = [k for k in keys if k in stability.columns]
    b.header(sheet, row + 1, [t[f"sensitivity.{k}"] for k in present])
    formats = ["0.0%" if key in ("weight", "low", "high") else None for key in present]
    row += 1
    for record in stability[present].to_numpy(dtype=object).tolist():
        row += 1
        sheet.values(row, record, formats)


def acceptability_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Rank positions 1..20 as they are; with more vendors, the rest summed in one column.

    A heat map of hundreds of rank positions cannot be read, and who might land 150th
    does not change a decision; the last column (labelled with its first and last rank)
    keeps every row summing to 1.

    Parameters
    ----------
    table : pandas.DataFrame
        Vendor × rank position (1..n) acceptability [fraction].

    Returns
    -------
    pandas.DataFrame
        Columns ``1..20`` (ints) and, with more than 20 positions, a last column
        ``(21, n)`` holding the sum of positions 21..n.
    """
    if table.shape[1] <= _ACCEPTABILITY_RANKS:
        return table.set_axis([int(p) for p in table.columns], axis=1)
    values = table.to_numpy(dtype=np.float64)
    kept = values[:, :_ACCEPTABILITY_RANKS]
    rest = values[:, _ACCEPTABILITY_RANKS:].sum(axis=1, keepdims=True)
    columns: list[object] = [*range(1, _ACCEPTABILITY_RANKS + 1)]
    columns.append((_ACCEPTABILITY_RANKS + 1, table.shape[1]))
    return pd.DataFrame(np.hstack([kept, rest]), index=table.index, columns=columns)
