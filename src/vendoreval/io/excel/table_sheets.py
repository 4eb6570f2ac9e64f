"""Sheets of plain tables added to the comparison workbook: the contract terms and their
cost over the term, the buyer's pilot, and a split award.

Each sheet stacks titled tables (a title row, a header row, the rows). Values are written as
constants — they are results of the analysis, not inputs a reader edits — and text goes
through :meth:`~vendoreval.io.excel.sheet.Sheet.text`, so nothing from a proposal becomes a
formula.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np

from vendoreval._lazy import pd
from vendoreval.io.excel.sheet import Sheet, display_width

__all__ = ["SHEET_TITLES", "write_tables"]

#: Names of the extra sheets, by key and language.
SHEET_TITLES: Mapping[str, Mapping[str, str]] = {
    "contract": {"en": "Contract", "ko": "계약 조건"},
    "pilots": {"en": "Pilots", "ko": "파일럿"},
    "award": {"en": "Award", "ko": "분할 발주"},
}

_MAX_WIDTH = 48


def _cell(value: object) -> object:
    """A value a cell can hold: Python scalars, dates, text."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str | dt.date):
        return value
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def write_tables(sheet: Sheet, tables: Mapping[str, pd.DataFrame]) -> None:
    """Write titled tables one below the other, the index as the first column.

    Parameters
    ----------
    sheet : Sheet
        The worksheet.
    tables : mapping of str to pandas.DataFrame
        Title → table.
    """
    row = 1
    widths: dict[int, float] = {}
    for title, frame in tables.items():
        sheet.text(row, 1, str(title), "section")
        row += 1
        table = frame.reset_index() if frame.index.name or frame.index.nlevels > 1 else frame
        headers = [str(c) for c in table.columns]
        sheet.texts(row, 1, headers, "header")
        for column, header in enumerate(headers, start=1):
            widths[column] = max(widths.get(column, 8.0), display_width(header) + 2.0)
        row += 1
        for values in table.itertuples(index=False):
            for column, value in enumerate(values, start=1):
                converted = _cell(value)
                if converted is None:
                    continue
                if isinstance(converted, str):
                    sheet.text(row, column, converted)
                    shown = float(display_width(converted) + 2)
                else:
                    sheet.value(row, column, converted)
                    shown = 12.0
                widths[column] = min(_MAX_WIDTH, max(widths.get(column, 8.0), shown))
            row += 1
        row += 1
    sheet.widths(widths)
