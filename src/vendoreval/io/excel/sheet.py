"""Cells of the comparison workbook, written with XlsxWriter: text stays text, formulas carry
their values, styles are named.

:class:`Sheet` wraps one XlsxWriter worksheet with 1-based rows and columns (as in the A1
references of :mod:`vendoreval.io.excel.formulas`) and three ways to fill a cell:

* :meth:`Sheet.texts` (:meth:`Sheet.text` for one cell) — **the** way text reaches a cell.
  Vendor names, reasons and notes come from proposals that third parties wrote; a
  spreadsheet treats text starting with ``=`` (and, in many programs and on re-entry,
  ``+``, ``-``, ``@``, tab or carriage return) as a formula — *formula injection*
  (OWASP [1]_). The text is cleaned (:func:`vendoreval.io.cells.clean_text`) and stored
  with ``write_string`` as a shared string, never an ``<f>`` element; text that looks like
  a formula also gets the quote prefix (Excel's leading apostrophe), so editing the cell
  later keeps it text. Every other writer here sends strings through it, and the workbook
  is opened with XlsxWriter's string conversions (to formulas, numbers, URLs) switched
  off, so nothing reinterprets a string on the way.
* :meth:`Sheet.value` — numbers, booleans, dates and text, converted by
  :func:`vendoreval.io.cells.cell_value` (NaN, ``pd.NA`` and the empty string leave the
  cell empty).
* :meth:`Sheet.formula` — a formula this package built, with the value it evaluates to
  (:mod:`vendoreval.io.excel.values`), so readers that do not calculate see numbers.

References
----------
.. [1] OWASP Foundation. *CSV Injection*.
   https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from vendoreval.errors import ArgumentError
from vendoreval.io.cells import FORMULA_PREFIXES, cell_value, clean_text

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

__all__ = [
    "ERROR_VALUES",
    "LINE_HEIGHT",
    "MAX_WIDTH",
    "STYLES",
    "WORKBOOK_OPTIONS",
    "Formats",
    "Sheet",
    "display_width",
    "formula_sheet_class",
    "text_lines",
    "text_width",
]

#: Options of every workbook: XlsxWriter never turns a string into a formula, number or
#: link; worksheets are assembled in memory rather than in temporary files.
WORKBOOK_OPTIONS: Mapping[str, object] = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "in_memory": True,
}

_HEADER_FILL = "#D9E1F2"
_INPUT_FILL = "#FFF2CC"
_INPUT_FONT = "#0000FF"
_INPUT_BORDER = "#BFBFBF"

#: Named cell styles (XlsxWriter format properties).
STYLES: Mapping[str, Mapping[str, object]] = {
    "header": {
        "bold": True,
        "bg_color": _HEADER_FILL,
        "bottom": 1,
        "text_wrap": True,
        "valign": "top",
    },
    "title": {"bold": True, "font_size": 14},
    "section": {"bold": True, "font_size": 12},
    "input": {
        "font_color": _INPUT_FONT,
        "bg_color": _INPUT_FILL,
        "border": 1,
        "border_color": _INPUT_BORDER,
        "num_format": "0.000",
    },
    "wrap": {"text_wrap": True, "valign": "top"},
    "left": {"align": "left"},
}

#: Cached formula results XlsxWriter stores as error values, not as text.
ERROR_VALUES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))

_DATE_FORMATS: Mapping[type, str] = {
    dt.datetime: "yyyy-mm-dd hh:mm:ss",
    dt.date: "yyyy-mm-dd",
    dt.time: "hh:mm:ss",
}

#: Widest column the workbook sets [characters].
MAX_WIDTH = 60

#: Height of one line of 11-point text [points].
LINE_HEIGHT = 15.0

_MAX_ROW_HEIGHT = 409.0  # Excel's maximum row height [points]

#: Longest text stored without XlsxWriter's own length check: half its 32,767-unit limit,
#: so that no text of this length can pass the limit in UTF-16 units [characters].
_SHORT_TEXT = 16_383

#: Characters that may be East Asian wide: none below U+1100 (Hangul Jamo) is.
_MAYBE_WIDE = re.compile("[^\x00-\u10ff]")


class Formats:
    """XlsxWriter formats by (style, number format, quote prefix), each created once.

    Parameters
    ----------
    workbook : xlsxwriter.Workbook
        The workbook the formats belong to.
    """

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[str | None, str | None, bool], Format | None] = {}

    def get(
        self, style: str | None = None, number_format: str | None = None, *, quote: bool = False
    ) -> Format | None:
        """The format of a named style (:data:`STYLES`) with a number format.

        Parameters
        ----------
        style : str, optional
            Key of :data:`STYLES`.
        number_format : str, optional
            Excel number format; overrides the style's.
        quote : bool
            Add the quote prefix (the cell's text is never read as a formula on re-entry).

        Returns
        -------
        xlsxwriter.format.Format or None
            None for no style, no number format and no quote prefix.
        """
        key = (style, number_format, quote)
        if key not in self._cache:
            properties: dict[str, object] = dict(STYLES[style]) if style else {}
            if number_format is not None:
                properties["num_format"] = number_format
            if quote:
                properties["quote_prefix"] = True
            self._cache[key] = self._workbook.add_format(properties) if properties else None
        return self._cache[key]

    def dxf(self, properties: Mapping[str, object]) -> Format:
        """A format for a conditional-formatting rule (created on every call)."""
        return self._workbook.add_format(dict(properties))


class Sheet:
    """One worksheet, addressed with 1-based rows and columns.

    Parameters
    ----------
    worksheet : xlsxwriter.worksheet.Worksheet
        The worksheet.
    formats : Formats
        The workbook's formats.
    """

    def __init__(self, worksheet: Worksheet, formats: Formats) -> None:
        self.ws = worksheet
        self.formats = formats
        self.name: str = worksheet.get_name()

    # ------------------------------------------------------------------ cells
    def text(
        self,
        row: int,
        column: int,
        text: str,
        style: str | None = None,
        number_format: str | None = None,
    ) -> None:
        """Write ``text`` as a string, never as a formula (see :meth:`texts`).

        Parameters
        ----------
        row, column : int
            1-based cell position.
        text : str
            Text from any source, including untrusted input.
        style, number_format : str, optional
            Cell style (:data:`STYLES`) and number format.
        """
        self.texts(row, column, (text,), style, number_format)

    def texts(
        self,
        row: int,
        column: int,
        texts: Iterable[str],
        style: str | None = None,
        number_format: str | None = None,
    ) -> None:
        """Write texts across a row from ``column`` as strings, never as formulas.

        The one place text reaches a cell. Each text is cleaned
        (:func:`~vendoreval.io.cells.clean_text`) and stored with ``write_string``; one
        that starts like a formula (:data:`~vendoreval.io.cells.FORMULA_PREFIXES`) also
        gets the quote prefix. Empty text leaves its cell empty (styled when a style is
        given).

        Parameters
        ----------
        row, column : int
            1-based first cell.
        texts : iterable of str
            Text from any source, including untrusted input.
        style, number_format : str, optional
            Cell style (:data:`STYLES`) and number format of every cell.
        """
        cell_format = self.formats.get(style, number_format)
        first = column - 1
        items = texts if isinstance(texts, Sequence) else list(texts)
        cells = _row_cells(self.ws, row - 1, first, first + len(items) - 1)
        for offset, text in enumerate(items):
            cleaned = clean_text(text)
            if not cleaned:
                self.blank(row, column + offset, style, number_format)
                continue
            target = cell_format
            if cleaned.startswith(FORMULA_PREFIXES):
                target = self.formats.get(style, number_format, quote=True)
            # XlsxWriter measures long text in UTF-16 units: it takes the public path
            if cells is None or len(cleaned) > _SHORT_TEXT:
                self.ws.write_string(row - 1, first + offset, cleaned, target)
            else:
                cells[first + offset] = self.ws.string_cell(cleaned, target)

    def value(
        self,
        row: int,
        column: int,
        value: object,
        style: str | None = None,
        number_format: str | None = None,
    ) -> None:
        """Write a constant: number, bool, date or text (through :meth:`text`).

        Parameters
        ----------
        row, column : int
            1-based cell position.
        value : object
            Converted by :func:`~vendoreval.io.cells.cell_value`: numpy scalars become
            Python ones, enum members their value; NaN, infinities, ``pd.NA``, ``NaT`` and
            the empty string leave the cell empty. Dates without a number format are shown
            as ``yyyy-mm-dd``.
        style, number_format : str, optional
            Cell style (:data:`STYLES`) and number format.
        """
        converted = cell_value(value)
        if converted is None:
            self.blank(row, column, style, number_format)
        elif isinstance(converted, str):
            self.text(row, column, converted, style, number_format)
        elif isinstance(converted, bool):
            self.ws.write_boolean(
                row - 1, column - 1, converted, self.formats.get(style, number_format)
            )
        elif isinstance(converted, int | float | Decimal):
            self.ws.write_number(
                row - 1, column - 1, float(converted), self.formats.get(style, number_format)
            )
        else:
            shown = number_format or _DATE_FORMATS[type(converted)]
            self.ws.write_datetime(row - 1, column - 1, converted, self.formats.get(style, shown))

    def blank(
        self, row: int, column: int, style: str | None = None, number_format: str | None = None
    ) -> None:
        """Leave a cell empty; it keeps the style when one is given."""
        cell_format = self.formats.get(style, number_format)
        if cell_format is not None:
            self.ws.write_blank(row - 1, column - 1, None, cell_format)

    def formula(
        self,
        row: int,
        column: int,
        formula: str,
        value: float | int | bool | str,
        style: str | None = None,
        number_format: str | None = None,
    ) -> None:
        """Write a formula this package built, with the value it evaluates to.

        Parameters
        ----------
        row, column : int
            1-based cell position.
        formula : str
            A formula from :mod:`vendoreval.io.excel.formulas`, starting with ``=``.
        value : float, int, bool or str
            Its value (the cached result). Text is cleaned; text that equals an Excel error
            value (``#N/A``…), which XlsxWriter would store as that error, is stored empty
            instead, and the spreadsheet program fills it in when it calculates.
        style, number_format : str, optional
            Cell style (:data:`STYLES`) and number format.

        Raises
        ------
        ValueError
            If ``formula`` does not start with ``=``, or ``value`` is a non-finite number.
        """
        if not _is_formula(formula):
            raise ArgumentError(f"formula: expected text starting with '=', got {formula[:40]!r}")
        cached: float | int | bool | str
        if isinstance(value, str):
            cached = clean_text(value)
            if cached in ERROR_VALUES:
                cached = ""
        elif isinstance(value, bool | int):
            cached = value
        else:
            cached = float(value)
            if not math.isfinite(cached):
                raise ArgumentError(
                    f"value of {formula[:40]!r}: expected a finite number, got {value}"
                )
        self.ws.write_formula(
            row - 1, column - 1, formula, self.formats.get(style, number_format), cached
        )

    def formulas(
        self,
        row: int,
        column: int,
        formulas: Sequence[str],
        values: Sequence[float],
        number_format: str | None = None,
    ) -> None:
        """Write formulas this package built across a row, each with its value.

        The fast path of formula tables (see :meth:`formula`).

        Parameters
        ----------
        row, column : int
            1-based first cell.
        formulas : sequence of str
            Formulas starting with ``=``.
        values : sequence of float
            Their values, finite numbers.
        number_format : str, optional
            Number format of every cell.

        Raises
        ------
        ValueError
            If a formula does not start with ``=`` or a value is not a finite number.
        """
        if len(formulas) != len(values):
            raise ArgumentError(f"formulas: {len(formulas)} formulas for {len(values)} values")
        if not all(map(_is_formula, formulas)):
            bad = next(f for f in formulas if not _is_formula(f))
            raise ArgumentError(f"formula: expected text starting with '=', got {bad[:40]!r}")
        if not all(map(math.isfinite, values)):
            raise ArgumentError(f"values of {formulas[0][:40]!r}…: expected finite numbers")
        cell_format = self.formats.get(None, number_format)
        first = column - 1
        cells = _row_cells(self.ws, row - 1, first, first + len(formulas) - 1)
        for offset, (formula, value) in enumerate(zip(formulas, values, strict=True)):
            if cells is None:
                self.ws.write_formula(row - 1, first + offset, formula, cell_format, value)
            else:  # stored as XlsxWriter stores it: without the leading "="
                cells[first + offset] = self.ws.formula_cell(formula[1:], cell_format, value)

    def values(
        self,
        row: int,
        values: Sequence[object],
        number_formats: Sequence[str | None] | str | None = None,
        *,
        column: int = 1,
        style: str | None = None,
    ) -> None:
        """Write constants across a row from ``column`` (see :meth:`value`).

        Parameters
        ----------
        row : int
            1-based row.
        values : sequence
            Cell values.
        number_formats : str or sequence of str, optional
            One number format for every cell, or one per value (None for none).
        column : int
            1-based first column.
        style : str, optional
            Cell style of every cell.
        """
        if number_formats is None or isinstance(number_formats, str):
            if all(type(value) is str for value in values):
                self.texts(row, column, cast("Sequence[str]", values), style, number_formats)
                return
            formats: Sequence[str | None] = [number_formats] * len(values)
        else:
            formats = number_formats
        write_number = self.ws.write_number
        get = self.formats.get
        for offset, (value, number_format) in enumerate(zip(values, formats, strict=True)):
            # exact-type fast paths for the bulk of table cells; text still goes through text()
            kind = type(value)
            if kind is str:
                self.text(row, column + offset, cast(str, value), style, number_format)
            elif (kind is float and math.isfinite(cast(float, value))) or kind is int:
                write_number(row - 1, column + offset - 1, value, get(style, number_format))
            else:
                self.value(row, column + offset, value, style, number_format)

    def numbers(
        self,
        row: int,
        column: int,
        values: Iterable[float],
        number_format: str | None = None,
        *,
        skip_zero: bool = False,
    ) -> None:
        """Write floats across a row from ``column``: the fast path of numeric tables.

        Parameters
        ----------
        row, column : int
            1-based first cell.
        values : iterable of float
            Python floats; non-finite ones (and zeros with ``skip_zero``) leave the cell
            empty and unstyled.
        number_format : str, optional
            Number format of every written cell.
        skip_zero : bool
            Leave exact zeros empty (a heat map shows where values are).
        """
        cell_format = self.formats.get(None, number_format)
        first = column - 1
        numbers = values if isinstance(values, Sequence) else list(values)
        cells = _row_cells(self.ws, row - 1, first, first + len(numbers) - 1)
        for offset, number in enumerate(numbers):
            if not math.isfinite(number) or (skip_zero and number == 0.0):
                continue
            if cells is None:
                self.ws.write_number(row - 1, first + offset, number, cell_format)
            else:
                cells[first + offset] = self.ws.number_cell(number, cell_format)

    def paragraph(self, row: int, first_column: int, last_column: int, text: str) -> None:
        """A wrapped text merged across ``first_column``–``last_column`` of ``row``."""
        cell_format = self.formats.get("wrap")
        self.ws.merge_range(row - 1, first_column - 1, row - 1, last_column - 1, "", cell_format)
        self.text(row, first_column, text, "wrap")

    # ------------------------------------------------------------------ layout
    def widths(self, widths: Mapping[int, float], hidden: Iterable[int] = ()) -> None:
        """Set column widths [characters] (1-based columns); hide the ``hidden`` ones."""
        hide = set(hidden)
        for column in sorted(set(widths) | hide):
            options = {"hidden": True} if column in hide else {}
            self.ws.set_column(column - 1, column - 1, widths.get(column), None, options)

    def fit_height(self, row: int, texts: Iterable[object], width: float) -> None:
        """Make ``row`` tall enough for the tallest of ``texts`` wrapped at ``width``.

        Spreadsheet programs do not size rows to wrapped text they did not lay out
        themselves, so without this a multi-line reason would spill over the next row.
        """
        lines = max((text_lines(text, width) for text in texts if text), default=1)
        if lines > 1:
            self.ws.set_row(row - 1, min(lines * LINE_HEIGHT, _MAX_ROW_HEIGHT))

    def freeze(self, row: int, column: int) -> None:
        """Freeze the rows above ``row`` and the columns left of ``column`` (1-based)."""
        self.ws.freeze_panes(row - 1, column - 1)

    def autofilter(self, last_row: int, last_column: int) -> None:
        """A filter over ``A1`` to (``last_row``, ``last_column``), header in row 1."""
        self.ws.autofilter(0, 0, last_row - 1, last_column - 1)

    def print_titles(self, rows: int | None = 1, columns: int | None = None) -> None:
        """Repeat the first ``rows`` rows and ``columns`` columns on every printed page."""
        if rows:
            self.ws.repeat_rows(0, rows - 1)
        if columns:
            self.ws.repeat_columns(0, columns - 1)

    def print_setup(self) -> None:
        """Landscape, fit to one page wide, centred horizontally."""
        self.ws.set_landscape()
        self.ws.fit_to_pages(1, 0)
        self.ws.center_horizontally()


def _is_formula(text: str) -> bool:
    """True for text that can be a formula: ``=`` and something after it."""
    return text.startswith("=") and len(text) > 1


def formula_sheet_class() -> type[Any]:
    """An XlsxWriter worksheet class that stores this package's formulas as written.

    XlsxWriter rewrites every formula for Excel 365's newer functions (``XLOOKUP``,
    ``FILTER``…): some thirty regular-expression passes per formula, most of the time spent
    writing a large TOPSIS workbook. The formulas of :mod:`vendoreval.io.excel.formulas`
    use only functions every Excel version knows, so the worksheets of this workbook keep
    them as they are (the leading ``=`` removed). Were XlsxWriter to rename that step, the
    override would go unused and the formulas would still be written correctly.
    """
    return _sheet_class()


@functools.cache
def _sheet_class() -> type[Any]:
    """The worksheet class of :func:`formula_sheet_class`, made once."""
    from xlsxwriter import worksheet as xlsx_worksheet

    class FormulaSheet(xlsx_worksheet.Worksheet):  # type: ignore[misc]
        def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
            return formula[1:] if formula.startswith("=") else formula

    # The cell records XlsxWriter keeps in ``table[row][column]``: rows of a large table go
    # there directly (see :func:`_row_cells`), where the records and the tables exist.
    records = ("CellNumberTuple", "CellStringTuple", "CellFormulaTuple")
    if all(hasattr(xlsx_worksheet, name) for name in records):
        string_record = xlsx_worksheet.CellStringTuple

        def string_cell(self: Any, text: str, cell_format: Any) -> Any:
            return string_record(self.str_table._get_shared_string_index(text), cell_format)

        FormulaSheet.number_cell = staticmethod(xlsx_worksheet.CellNumberTuple)
        FormulaSheet.formula_cell = staticmethod(xlsx_worksheet.CellFormulaTuple)
        FormulaSheet.string_cell = string_cell
    if all(hasattr(xlsx_worksheet, name) for name in (*records, "xl_col_to_name")):
        FormulaSheet._write_rows = _rows_writer(xlsx_worksheet)
    return FormulaSheet


def _rows_writer(xlsx_worksheet: Any) -> Any:
    """``Worksheet._write_rows`` with the XML of the common cells written a row at a time.

    Saving a large table spends most of its time in XlsxWriter's per-cell XML writer, which
    assembles each element from a list of attributes, escaping each. Number, shared-string
    and formula cells with a float value — the tables of this workbook — are written here
    as XlsxWriter writes them, character for character: ``r`` is a cell reference and ``s``
    a format index (the cell's, else its row's, else its column's), neither needing escapes,
    and the formula is escaped as XlsxWriter does. Every other cell goes to XlsxWriter's own
    ``_write_cell``, and rows, spans and empty rows to its own methods, in its order. In
    constant-memory mode (not used here) XlsxWriter's method runs unchanged.
    """
    number_record = xlsx_worksheet.CellNumberTuple
    string_record = xlsx_worksheet.CellStringTuple
    formula_record = xlsx_worksheet.CellFormulaTuple
    column_name = xlsx_worksheet.xl_col_to_name
    generic = xlsx_worksheet.Worksheet._write_rows

    def write_rows(self: Any) -> None:
        if self.constant_memory or self.dim_colmin is None:  # no cell written: rows only
            generic(self)
            return
        self._calculate_spans()
        table, row_info, col_info = self.table, self.row_info, self.col_info
        first_column, last_column = self.dim_colmin, self.dim_colmax
        names = [column_name(col) for col in range(last_column + 1)]
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row_num)
            info = row_info.get(row_num)
            if not cells and info is None and row_num not in self.comments:
                continue
            span = self.row_spans.get(row_num // 16)
            if not cells:
                self._write_empty_row(row_num, span, info)
                continue
            if info is None:
                self._write_row(row_num, span)
            else:
                self._write_row(row_num, span, info)
            row_format = info.row_format if info is not None and info.row_format else None
            row_text = str(row_num + 1)
            parts: list[str] = []
            for col_num in sorted(cells):
                if not first_column <= col_num <= last_column:
                    continue
                cell = cells[col_num]
                kind = type(cell)
                if not (
                    kind is number_record
                    or kind is string_record
                    or (kind is formula_record and type(cell.value) is float)
                ):
                    self.fh.write("".join(parts))
                    parts.clear()
                    self._write_cell(row_num, col_num, cell)
                    continue
                cell_format = cell.format or row_format
                if cell_format is None and col_num in col_info:
                    cell_format = col_info[col_num].column_format
                if cell_format is None:
                    head = f'<c r="{names[col_num]}{row_text}"'
                else:
                    head = f'<c r="{names[col_num]}{row_text}" s="{cell_format._get_xf_index()}"'
                if kind is number_record:
                    parts.append(f"{head}><v>{cell.number:.16G}</v></c>")
                elif kind is string_record:
                    parts.append(f'{head} t="s"><v>{cell.string}</v></c>')
                else:
                    formula = self._escape_data(cell.formula)
                    parts.append(f"{head}><f>{formula}</f><v>{cell.value}</v></c>")
            self.fh.write("".join(parts))
            self._xml_end_tag("row")

    return write_rows


def _row_cells(ws: Any, row: int, first: int, last: int) -> dict[int, Any] | None:
    """Row ``row``'s cell table to fill columns ``first``–``last`` (0-based) directly, or None.

    Writing a cell through XlsxWriter's public methods checks its argument types, its
    position and the workbook's string options once per cell, about half the time of a
    200 × 60 table. The worksheets of this package (:func:`formula_sheet_class`) know the
    records XlsxWriter stores; for them the position check runs once for the row's first
    and last cell — which also records the sheet's extent, as writing each cell would — and
    the records go into the row. The values are those the public methods take: finite
    floats, cleaned text of at most :data:`_SHORT_TEXT` characters (longer text, which
    XlsxWriter measures in UTF-16 units, takes the public path), formulas with their
    values. None, for any other worksheet, an empty range, a position out of the sheet or
    constant-memory mode, sends the caller to the public methods.
    """
    if last < first or not hasattr(ws, "number_cell") or ws.constant_memory:
        return None
    if ws._check_dimensions(row, first) or ws._check_dimensions(row, last):
        return None
    table: dict[int, dict[int, Any]] = ws.table
    return table[row]


# ---------------------------------------------------------------------------- text size


def display_width(text: str) -> int:
    """Width of the first line of ``text`` [characters]; East Asian wide characters count 2.

    Examples
    --------
    >>> display_width("공급업체"), display_width("Vendor\\nname")
    (8, 6)
    """
    return _shown_width(text.split("\n", 1)[0])


def text_width(texts: Iterable[object], minimum: int) -> int:
    """Column width fitting the longest of ``texts`` [characters], at most :data:`MAX_WIDTH`."""
    longest = minimum
    for text in texts:
        longest = max(longest, display_width(str(text)) + 2)
    return min(longest, MAX_WIDTH)


def text_lines(text: object, width: float) -> int:
    """Lines a wrapped ``text`` takes in a column ``width`` characters wide.

    Examples
    --------
    >>> text_lines("a" * 100, 48), text_lines("one\\ntwo", 48)
    (3, 2)
    """
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += max(1, -(-_shown_width(paragraph) // max(int(width) - 1, 1)))
    return lines


def _shown_width(line: str) -> int:
    """Width of one line of text [characters]; East Asian wide and full-width count 2."""
    if line.isascii():
        return len(line)
    wide = _MAYBE_WIDE.findall(line)
    return len(line) + sum(1 for ch in wide if unicodedata.east_asian_width(ch) in "WF")
