"""Safe spreadsheet cell values: text from input is never a formula.

A spreadsheet treats a cell whose text starts with ``=`` (and, in many programs and on
re-entry, ``+``, ``-`` or ``@``) as a formula, and tab or carriage return prefixes are used
to smuggle one past naive filters; this is *formula injection* (CSV/spreadsheet
injection, OWASP [1]_). Vendor names, reasons and notes come from proposals that third
parties wrote, so every string this package puts in a workbook goes through
:func:`write_text`: the cell is stored as an inline string (``t="inlineStr"``, never an
``<f>`` element), and a string that *looks* like a formula (:func:`is_formula_like`) also
gets Excel's quote prefix (the leading apostrophe), so editing the cell later keeps it text.

The quote prefix lives in the cell's style, so assigning a named style to a cell replaces
it: a style is therefore given to :func:`write_text` (``style=``), or set with
:func:`set_style`, both of which apply the style first and the quote prefix after it.
Writers that do not use openpyxl (XlsxWriter) call :func:`is_formula_like` to decide where
the prefix goes.

Strings are also made storable: characters XML 1.0 forbids (C0 controls other than tab,
line feed and carriage return, lone surrogates, U+FFFE and U+FFFF) become U+FFFD; carriage
returns (alone or before a line feed) become line feeds, as an XML reader would turn them
anyway, so the text read back is the text written; and text longer than a cell can hold
(32,767 characters) is cut with an ellipsis.

openpyxl is imported lazily by the functions that need it (for its ``Cell`` type only).

References
----------
.. [1] OWASP Foundation. *CSV Injection*.
   https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import numpy as np

from vendoreval.errors import ArgumentError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FORMULA_PREFIXES",
    "MAX_CELL_CHARS",
    "CellValue",
    "append_row",
    "cell_value",
    "clean_text",
    "is_formula_like",
    "set_style",
    "write_formula",
    "write_text",
    "write_value",
]

#: Leading characters that make a spreadsheet program read text as a formula (or that hide
#: one): ``=``, ``+``, ``-``, ``@``, tab and carriage return.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

# A carriage return is stored as a line feed (see clean_text): text that started with one
# still gets the prefix once stored.
_QUOTED_PREFIXES: tuple[str, ...] = (*FORMULA_PREFIXES, "\n")

#: Most characters one cell holds (Excel's limit) [characters].
MAX_CELL_CHARS = 32_767

_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ELLIPSIS = "…"

CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | Decimal | None
"""A value openpyxl stores as a constant (never a formula once written by this module)."""


def is_formula_like(text: str) -> bool:
    """True when ``text`` must be stored with a quote prefix to stay text when edited.

    That is text starting with one of :data:`FORMULA_PREFIXES` (``= + - @``, tab, carriage
    return) or with a line feed, which is how a leading carriage return is stored. Any
    writer — openpyxl through :func:`write_text`, or XlsxWriter — uses this one test.

    Parameters
    ----------
    text : str
        Any text (as given, or as :func:`clean_text` stores it).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_formula_like("=1+1"), is_formula_like("-2"), is_formula_like("Acme")
    (True, True, False)
    """
    return isinstance(text, str) and text.startswith(_QUOTED_PREFIXES)


def clean_text(text: str) -> str:
    """Make ``text`` storable in a cell: no XML-illegal characters, at most 32,767 characters.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        ``text`` with characters XML forbids (C0 controls other than tab, LF and CR, lone
        surrogates, U+FFFE, U+FFFF) replaced by U+FFFD,
        CR LF and lone CR replaced by LF, cut to :data:`MAX_CELL_CHARS` characters (the last
        one an ellipsis) when longer.

    Examples
    --------
    >>> clean_text("a\\x00b\\r\\nc")
    'a\\ufffdb\\nc'
    """
    if len(text) <= MAX_CELL_CHARS and _NEEDS_CLEANING.search(text) is None:
        return text
    cleaned = _ILLEGAL_XML.sub("\ufffd", text).replace("\r\n", "\n").replace("\r", "\n")
    if len(cleaned) > MAX_CELL_CHARS:
        cleaned = cleaned[: MAX_CELL_CHARS - 1] + _ELLIPSIS
    return cleaned


def cell_value(value: object) -> CellValue:
    """Convert a Python, numpy or pandas scalar to a value a cell can hold.

    Parameters
    ----------
    value : object
        ``None``, a bool, number, date/time, enum member or string; numpy scalars and
        pandas ``NA``/``NaT`` are accepted.

    Returns
    -------
    CellValue
        NaN, infinities, ``pd.NA``, ``NaT`` and the empty string become ``None`` (an empty
        cell; a NaN would make the file unreadable to Excel); numpy scalars become Python
        ones; enum members their value; strings pass through :func:`clean_text`; other
        objects their ``str``.
    """
    # exact-type fast paths for the bulk of table cells
    if type(value) is float:
        return value if math.isfinite(value) else None
    if type(value) is str:
        return clean_text(value) or None
    if type(value) is int:
        return value
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return clean_text(value) or None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, dt.datetime):
        # a pandas NaT is a datetime subclass whose year is undefined
        return None if value != value else value.replace(tzinfo=None)
    if isinstance(value, dt.date | dt.time):
        return value
    if _is_missing(value):
        return None
    return clean_text(str(value))


def _is_missing(value: object) -> bool:
    """True for pandas' missing-value singletons (``pd.NA``, ``pd.NaT``)."""
    import pandas as pd

    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def _force_text(cell: Cell, text: str) -> None:
    """Mark ``cell`` (whose value is ``text``) as a string, quote-prefixed when formula-like."""
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


def set_style(cell: Cell, style: str) -> Cell:
    """Give ``cell`` a named style, keeping the quote prefix its text needs.

    Assigning a named style replaces the cell's whole style, quote prefix included; this is
    the one way cells holding text get a style in vendoreval.

    Parameters
    ----------
    cell : openpyxl.cell.cell.Cell
        A cell, empty or holding a constant.
    style : str
        Name of a named style registered in the workbook.

    Returns
    -------
    openpyxl.cell.cell.Cell
        The cell; when it holds text that :func:`is_formula_like`, still a string with
        ``quotePrefix`` set.
    """
    cell.style = style
    value = cell.value
    if isinstance(value, str) and cell.data_type != "f":
        _force_text(cell, value)
    return cell


def write_text(
    ws: Worksheet,
    row: int,
    column: int,
    text: str,
    *,
    style: str | None = None,
    number_format: str | None = None,
) -> Cell:
    """Write ``text`` to a cell as a string, never as a formula.

    Parameters
    ----------
    ws : openpyxl.worksheet.worksheet.Worksheet
        Target sheet.
    row, column : int
        1-based cell position.
    text : str
        Text from any source, including untrusted input.
    style : str, optional
        Named style of the cell, applied before the quote prefix (see :func:`set_style`).
    number_format : str, optional
        Number format of the cell (``"@"`` for Text).

    Returns
    -------
    openpyxl.cell.cell.Cell
        The cell: ``data_type == "s"``; quote-prefixed when :func:`is_formula_like`.
    """
    cleaned = clean_text(text)
    cell = _put(ws, row, column, cleaned, style, number_format)
    _force_text(cell, cleaned)
    return cell


def write_value(
    ws: Worksheet,
    row: int,
    column: int,
    value: object,
    *,
    style: str | None = None,
    number_format: str | None = None,
) -> Cell:
    """Write a constant (number, bool, date or text) to a cell; text never becomes a formula.

    Parameters
    ----------
    ws : openpyxl.worksheet.worksheet.Worksheet
        Target sheet.
    row, column : int
        1-based cell position.
    value : object
        Converted by :func:`cell_value`.
    style : str, optional
        Named style of the cell (text keeps its quote prefix, see :func:`set_style`).
    number_format : str, optional
        Number format of the cell.

    Returns
    -------
    openpyxl.cell.cell.Cell
    """
    converted = cell_value(value)
    if isinstance(converted, str):
        return write_text(ws, row, column, converted, style=style, number_format=number_format)
    return _put(ws, row, column, converted, style, number_format)


def _put(
    ws: Worksheet,
    row: int,
    column: int,
    value: CellValue,
    style: str | None,
    number_format: str | None,
) -> Cell:
    """Store ``value`` in a cell and give it ``style`` and ``number_format`` when given."""
    cell: Cell = ws.cell(row=row, column=column)
    cell.value = value
    if style is not None:
        cell.style = style
    if number_format is not None:
        cell.number_format = number_format
    return cell


def write_formula(ws: Worksheet, row: int, column: int, formula: str) -> Cell:
    """Write a formula this package built (never text from input) to a cell.

    Parameters
    ----------
    ws : openpyxl.worksheet.worksheet.Worksheet
        Target sheet.
    row, column : int
        1-based cell position.
    formula : str
        A formula starting with ``=``.

    Returns
    -------
    openpyxl.cell.cell.Cell

    Raises
    ------
    ArgumentError
        If ``formula`` does not start with ``=`` (also a ``ValueError``).
    """
    if not formula.startswith("=") or len(formula) < 2:
        raise ArgumentError(f"formula: expected text starting with '=', got {formula[:40]!r}")
    cell: Cell = ws.cell(row=row, column=column)
    cell.value = formula
    return cell


def append_row(ws: Worksheet, values: Iterable[Any], *, formulas: Iterable[int] = ()) -> int:
    """Append a row of constants (and optionally formulas) to ``ws``, text kept as text.

    The fast path for large tables: one ``Worksheet.append`` call, then only the cells whose
    text looks like a formula are touched again. Missing values (None, NaN, ``pd.NA``)
    leave their cell empty — no cell is created for them.

    Parameters
    ----------
    ws : openpyxl.worksheet.worksheet.Worksheet
        Target sheet (not write-only).
    values : iterable
        Cell values, converted by :func:`cell_value`; formula positions are passed as is.
    formulas : iterable of int
        0-based positions in ``values`` that hold formulas this package built (strings
        starting with ``=``); every other string is stored as text.

    Returns
    -------
    int
        The 1-based row number written.

    Raises
    ------
    ArgumentError
        When a formula position does not hold text starting with ``=`` (also a
        ``ValueError``).
    """
    allowed = set(formulas)
    row: dict[int, CellValue] = {}
    texts: list[int] = []
    for position, value in enumerate(values, start=1):
        if position - 1 in allowed:
            if not (isinstance(value, str) and value.startswith("=") and len(value) > 1):
                raise ArgumentError(
                    f"formulas: position {position - 1} expected a formula starting with '=', "
                    f"got {value!r}"
                )
            row[position] = value
            continue
        converted = cell_value(value)
        if converted is None:
            continue
        if isinstance(converted, str) and is_formula_like(converted):
            texts.append(position)
        row[position] = converted
    ws.append(row)
    row_number: int = ws._current_row
    for position in texts:
        text = row[position]
        assert isinstance(text, str)
        _force_text(ws.cell(row=row_number, column=position), text)
    return row_number
