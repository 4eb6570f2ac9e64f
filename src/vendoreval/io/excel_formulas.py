"""Builders of the live formulas of the comparison workbook.

The workbook recomputes the ranking itself, so a buyer who edits a weight sees the new
order at once, in Excel and in LibreOffice. The formulas use only functions every engine
has evaluated the same way for decades (``SUMPRODUCT``, ``SUMSQ``, ``SUMXMY2``, ``INDEX``,
``MATCH``, ``ROUND``, ``SQRT``, ``MAX``, ``MIN``, ``IF``): no dynamic arrays, no
``LET``/``LAMBDA``, no text comparison of vendor names (Excel compares text ignoring case,
the library by Unicode code point).

Layout they assume (see :mod:`vendoreval.io.excel`):

* ``Weights``: criteria in rows, raw weights in column B, their sum below them.
* ``Scores``: vendor names in column A, vendor numbers in column B, criteria from column C.
* ``Calc``: row 2 holds the normalized weights, one column per criterion from column C.
  Vendor rows hold the vendor number in column A and the aggregate score after the
  criterion columns: for the weighted sum a ``SUMPRODUCT`` of the vendor's ``Scores`` row
  and the weight row; for TOPSIS the criterion columns hold the weighted normalized matrix,
  rows 3–5 the column norms, the ideal and the anti-ideal, and the score follows the two
  distances.
* ``Ranking``: one row per vendor; the score is looked up from ``Calc`` by vendor number
  (so sorting either sheet keeps every score with its vendor), the rank counts the vendors
  ahead: passed before failed, then higher score rounded to 9 decimals (the library's tie
  tolerance is 1e-9 points), then lower vendor number (lower mean cost, then name).

All builders return text starting with ``=``.

References
----------
.. [1] Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
   Applications*. Springer. https://doi.org/10.1007/978-3-642-48318-9
"""

from __future__ import annotations

__all__ = [
    "SCORE_DECIMALS",
    "cell_ref",
    "column_letter",
    "column_max",
    "column_min",
    "column_norm",
    "distance",
    "lookup",
    "normalized_weight",
    "range_ref",
    "rank",
    "sheet_prefix",
    "sort_key",
    "topsis_cell",
    "topsis_closeness",
    "total",
    "weighted_sum",
]

#: Decimals the sort key keeps of a score [points]: scores within about 1e-9 points tie,
#: like :data:`vendoreval.mcda.TIE_TOLERANCE`.
SCORE_DECIMALS = 9

_MAX_COLUMN = 16_384


def column_letter(column: int) -> str:
    """Spreadsheet column letters of a 1-based column index.

    Examples
    --------
    >>> column_letter(1), column_letter(27), column_letter(16384)
    ('A', 'AA', 'XFD')
    """
    if not 1 <= column <= _MAX_COLUMN:
        raise ValueError(f"column: expected 1..{_MAX_COLUMN}, got {column}")
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_prefix(sheet: str | None) -> str:
    """``'Sheet name'!`` with the name quoted (quotes doubled); empty for the same sheet.

    Examples
    --------
    >>> sheet_prefix("순위"), sheet_prefix("Bob's"), sheet_prefix(None)
    ("'순위'!", "'Bob''s'!", '')
    """
    if sheet is None:
        return ""
    return "'" + sheet.replace("'", "''") + "'!"


def cell_ref(
    column: int,
    row: int,
    *,
    sheet: str | None = None,
    absolute_column: bool = False,
    absolute_row: bool = False,
) -> str:
    """A cell reference such as ``'Scores'!$C5``.

    Examples
    --------
    >>> cell_ref(3, 5, sheet="Scores", absolute_column=True)
    "'Scores'!$C5"
    """
    column_part = ("$" if absolute_column else "") + column_letter(column)
    row_part = ("$" if absolute_row else "") + str(row)
    return f"{sheet_prefix(sheet)}{column_part}{row_part}"


def range_ref(
    first_column: int,
    first_row: int,
    last_column: int,
    last_row: int,
    *,
    sheet: str | None = None,
    absolute: bool = True,
) -> str:
    """A range reference such as ``'Calc'!$A$7:$A$11`` (absolute by default).

    Examples
    --------
    >>> range_ref(1, 7, 1, 11, sheet="Calc")
    "'Calc'!$A$7:$A$11"
    """
    first = cell_ref(first_column, first_row, absolute_column=absolute, absolute_row=absolute)
    last = cell_ref(last_column, last_row, absolute_column=absolute, absolute_row=absolute)
    return f"{sheet_prefix(sheet)}{first}:{last}"


def normalized_weight(weight: str, weight_sum: str) -> str:
    """Normalized weight ``w_j / Σ w`` (``#DIV/0!`` when every weight is zero).

    Examples
    --------
    >>> normalized_weight("'Weights'!$B$2", "'Weights'!$B$10")
    "='Weights'!$B$2/'Weights'!$B$10"
    """
    return f"={weight}/{weight_sum}"


def weighted_sum(scores: str, weights: str) -> str:
    """Weighted sum of one vendor's scores, ``Σ_j x_ij w_j`` [points], over two same-shaped
    rows (the weights already normalized).

    Examples
    --------
    >>> weighted_sum("'Scores'!C2:F2", "$C$2:$F$2")
    "=SUMPRODUCT('Scores'!C2:F2,$C$2:$F$2)"
    """
    return f"=SUMPRODUCT({scores},{weights})"


def total(cells: str) -> str:
    """Sum of a range, e.g. a vendor's contributions (its weighted sum) [points]."""
    return f"=SUM({cells})"


def column_norm(column: str) -> str:
    """Euclidean norm of a score column, ``sqrt(Σ_i x_ij²)`` (TOPSIS vector normalization)."""
    return f"=SQRT(SUMSQ({column}))"


def topsis_cell(score: str, norm: str, weight: str) -> str:
    """Weighted normalized score ``v_ij = w_j x_ij / ‖x_j‖``; 0 for an all-zero column.

    Examples
    --------
    >>> topsis_cell("'Scores'!C3", "C$3", "C$2")
    "=IF(C$3>0,'Scores'!C3/C$3,0)*C$2"
    """
    return f"=IF({norm}>0,{score}/{norm},0)*{weight}"


def column_max(column: str) -> str:
    """Column maximum: the TOPSIS ideal of a benefit criterion."""
    return f"=MAX({column})"


def column_min(column: str) -> str:
    """Column minimum: the TOPSIS anti-ideal of a benefit criterion."""
    return f"=MIN({column})"


def distance(row: str, point: str) -> str:
    """Euclidean distance between two same-shaped rows, ``sqrt(Σ (a − b)²)``.

    Examples
    --------
    >>> distance("C7:E7", "C$4:E$4")
    '=SQRT(SUMXMY2(C7:E7,C$4:E$4))'
    """
    return f"=SQRT(SUMXMY2({row},{point}))"


def topsis_closeness(d_plus: str, d_minus: str) -> str:
    """TOPSIS score ``100 × d⁻ / (d⁺ + d⁻)`` [points]; 100 when both distances are 0.

    Examples
    --------
    >>> topsis_closeness("F7", "G7")
    '=IF(F7+G7>0,100*G7/(F7+G7),100)'
    """
    return f"=IF({d_plus}+{d_minus}>0,100*{d_minus}/({d_plus}+{d_minus}),100)"


def lookup(values: str, keys: str, key: str) -> str:
    """The entry of ``values`` in the row where ``keys`` equals ``key`` (exact match).

    Examples
    --------
    >>> lookup("'Calc'!$H$7:$H$9", "'Calc'!$A$7:$A$9", "H2")
    "=INDEX('Calc'!$H$7:$H$9,MATCH(H2,'Calc'!$A$7:$A$9,0))"
    """
    return f"=INDEX({values},MATCH({key},{keys},0))"


def sort_key(score: str) -> str:
    """A score rounded to :data:`SCORE_DECIMALS` decimals, so engine round-off cannot
    split a tie."""
    return f"=ROUND({score},{SCORE_DECIMALS})"


def rank(passed: tuple[str, str], key: tuple[str, str], number: tuple[str, str]) -> str:
    """Rank 1..n: one plus the number of vendors ahead of this one.

    Vendor *j* is ahead of vendor *i* when it passed and *i* did not; or both have the same
    pass status and *j*'s sort key is higher; or both also have the same sort key and *j*
    has the lower vendor number. Every pair is ordered one way, so the ranks are a
    permutation of 1..n.

    Parameters
    ----------
    passed, key, number : tuple of (str, str)
        ``(column range, this vendor's cell)`` of the pass flags (booleans), the sort keys
        and the vendor numbers.

    Examples
    --------
    >>> rank(("$D$2:$D$4", "D2"), ("$I$2:$I$4", "I2"), ("$H$2:$H$4", "H2"))
    '=1+SUMPRODUCT(($D$2:$D$4>D2)+($D$2:$D$4=D2)*(($I$2:$I$4>I2)+($I$2:$I$4=I2)*($H$2:$H$4<H2)))'
    """
    passes, passed_cell = passed
    keys, key_cell = key
    numbers, number_cell = number
    return (
        f"=1+SUMPRODUCT(({passes}>{passed_cell})+({passes}={passed_cell})*"
        f"(({keys}>{key_cell})+({keys}={key_cell})*({numbers}<{number_cell})))"
    )
