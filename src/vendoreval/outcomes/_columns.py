"""Column checks shared by pilot contacts and customer records.

Every check is vectorised over the column and, on failure, raises one
:class:`~vendoreval.errors.OutcomeRecordError` naming the table, the column, the first bad
row (1-based data row, plus the index label when the frame has a non-default index) and what
was expected. Nothing is coerced silently: numbers are not parsed from text, ``1``/``0`` are
not booleans, numbers are not timestamps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval._arrow_numpy import without_views
from vendoreval._lazy import is_frame, pd, ptypes
from vendoreval.errors import OutcomeRecordError

__all__ = ["Table"]

_NS_PER_DAY: Final = 86_400 * 10**9


@dataclass(frozen=True)
class Table:
    """A frame under validation, and how to name its rows in errors.

    Parameters
    ----------
    frame : pandas.DataFrame
        The records.
    what : str
        What the rows are, for messages (``"pilot records"``, ``"customers"``).
    """

    frame: pd.DataFrame
    what: str

    def __post_init__(self) -> None:
        # pandas' Arrow dtypes (``dtype_backend="pyarrow"``) become the usual pandas types,
        # which every check below reads; the caller's frame is left as it is.
        if is_frame(self.frame):
            arrow = [c for c, d in self.frame.dtypes.items() if isinstance(d, pd.ArrowDtype)]
            if arrow:
                plain = self.frame.copy(deep=False)
                for column in arrow:
                    plain[column] = _pandas_column(self.frame[column])
                object.__setattr__(self, "frame", plain)

    def fail(self, column: str, position: int, problem: str) -> OutcomeRecordError:
        """Error for the value of ``column`` at 0-based ``position``."""
        place = f"row {position + 1}"
        index = self.frame.index
        if not isinstance(index, pd.RangeIndex) or index.start != 0 or index.step != 1:
            place += f" (index label {index[position]!r})"
        return OutcomeRecordError(f"{self.what}: column {column!r}, {place}: {problem}")

    def first(self, column: str, bad: npt.NDArray[np.bool_], problem: str) -> None:
        """Raise for the first True of ``bad``, if any."""
        if bad.any():
            position = int(np.flatnonzero(bad)[0])
            value = self.frame[column].iloc[position]
            raise self.fail(column, position, f"{problem}, got {value!r}")

    def require(self, columns: Sequence[str]) -> None:
        """Raise if any of ``columns`` is absent, naming it and the columns present."""
        if not is_frame(self.frame):
            raise OutcomeRecordError(
                f"{self.what}: expected a pandas DataFrame, got {type(self.frame).__name__}"
            )
        missing = [c for c in columns if c not in self.frame.columns]
        if missing:
            present = ", ".join(map(str, self.frame.columns)) or "none"
            raise OutcomeRecordError(
                f"{self.what}: missing required column {missing[0]!r} "
                f"(required: {', '.join(columns)}; present: {present})"
            )
        if self.frame.columns.has_duplicates:
            duplicated = self.frame.columns[self.frame.columns.duplicated()][0]
            raise OutcomeRecordError(f"{self.what}: column {duplicated!r} appears twice")

    def vendors(self, columns: Sequence[str], row: str) -> npt.NDArray[np.object_]:
        """Check that ``columns`` are present and that there is a row (one per ``row``, e.g.
        ``"contact"``), and return the ``vendor`` column every outcome table holds."""
        self.require(columns)
        if len(self.frame) == 0:
            raise OutcomeRecordError(f"{self.what}: no rows; expected one row per {row}")
        return self.labels("vendor", "a vendor name")

    def missing(self, column: str) -> npt.NDArray[np.bool_]:
        """True where the value is missing: None, NaN, NaT, pd.NA or blank text."""
        series = self.frame[column]
        absent = series.isna().to_numpy(dtype=bool, copy=True)
        if isinstance(series.dtype, pd.StringDtype):
            absent |= (series.str.strip() == "").to_numpy(dtype=bool, na_value=False)
        elif ptypes.is_object_dtype(series.dtype):
            text = series.map(lambda v: isinstance(v, str) and not v.strip())
            absent |= text.to_numpy(dtype=bool)
        return absent

    def labels(self, column: str, expected: str) -> npt.NDArray[np.object_]:
        """A column of non-blank names (text), e.g. ``vendor``; missing values are errors."""
        series = self.frame[column]
        self.first(column, self.missing(column), f"expected {expected}, the value is missing")
        if not isinstance(series.dtype, pd.StringDtype):
            not_text = ~series.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
            self.first(column, not_text, f"expected {expected} (text)")
        return series.to_numpy(dtype=object)

    def identifiers(self, column: str) -> npt.NDArray[np.int64]:
        """Integer codes of an identifier column (any hashable values); missing ones are errors."""
        self.first(column, self.missing(column), "expected an identifier, the value is missing")
        series = self.frame[column]
        if ptypes.is_bool_dtype(series.dtype):
            self.first(column, np.ones(len(series), dtype=bool), "expected an identifier")
        codes, _ = pd.factorize(series, use_na_sentinel=True)
        return np.asarray(codes, dtype=np.int64)

    def timestamps(self, column: str, *, optional: bool = False) -> npt.NDArray[np.int64]:
        """Nanoseconds since the epoch, UTC, of a timestamp column.

        Accepts datetime64 columns (naive values are UTC; zoned ones are converted), and
        ``datetime``/``date``/``Timestamp`` objects or ISO 8601 text in object columns.
        Missing values are errors unless ``optional``, where they become
        ``numpy.iinfo(int64).min`` (test with :data:`NAT`).
        """
        series = self.frame[column]
        absent = self.missing(column)
        if not optional:
            self.first(column, absent, "expected a timestamp, the value is missing")
        expected = "expected a timestamp (datetime or ISO 8601 text such as '2025-03-04T09:30')"
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            parsed = series.dt.tz_convert("UTC")
        elif ptypes.is_datetime64_dtype(series.dtype):
            parsed = series.dt.tz_localize("UTC")
        elif ptypes.is_object_dtype(series.dtype) or ptypes.is_string_dtype(series.dtype):
            allowed = series.map(
                lambda v: isinstance(v, str | dt.date | np.datetime64) or v is None
            ).to_numpy(dtype=bool)
            self.first(column, ~(allowed | absent), expected)
            text = series.where(~absent, None)
            parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
            self.first(column, parsed.isna().to_numpy(dtype=bool) & ~absent, expected)
        else:
            all_missing = absent.all()
            if not all_missing:
                self.first(column, ~absent, expected)
            parsed = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns, UTC]")
        naive = parsed.dt.tz_convert(None).dt.as_unit("ns")
        values = naive.to_numpy(dtype="datetime64[ns]").view(np.int64)
        return np.where(absent, NAT, values)

    def numbers(self, column: str, expected: str) -> npt.NDArray[np.float64]:
        """A numeric column as float64 (NaN where missing); text and booleans are errors."""
        series = self.frame[column]
        absent = self.missing(column)
        if ptypes.is_bool_dtype(series.dtype):
            self.first(column, ~absent, expected)
        if ptypes.is_numeric_dtype(series.dtype):
            values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            numeric = series.map(
                lambda v: (
                    isinstance(v, int | float | np.integer | np.floating)
                    and not isinstance(v, bool | np.bool_)
                )
            ).to_numpy(dtype=bool)
            self.first(column, ~(numeric | absent), expected)
            values = series.where(~absent, np.nan).to_numpy(dtype=np.float64)
        self.first(column, np.isinf(values), f"{expected} (finite)")
        return values

    def booleans(self, column: str) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """A True/False column: (values, present); missing values are allowed and not counted.

        Integers 0/1 and text such as ``"yes"`` are errors (never coerced).
        """
        series = self.frame[column]
        absent = self.missing(column)
        expected = "expected True or False"
        if ptypes.is_bool_dtype(series.dtype):
            values = series.to_numpy(dtype=bool, na_value=False)
        else:
            boolean = series.map(lambda v: isinstance(v, bool | np.bool_)).to_numpy(dtype=bool)
            self.first(column, ~(boolean | absent), expected)
            values = series.map(lambda v: v is True or v is np.True_).to_numpy(dtype=bool)
        return values & ~absent, ~absent


def _pandas_column(series: pd.Series) -> pd.Series:
    """An Arrow-typed column as pandas converts Arrow data by default (timestamps as
    datetime64, text as ``str``, dictionaries as categories), view types made plain."""
    import pyarrow as pa

    converted = without_views(pa.array(series.array)).to_pandas()
    return pd.Series(converted.array, index=series.index, name=series.name, copy=False)


NAT: Final = np.iinfo(np.int64).min
"""Marker of a missing timestamp in the int64 nanosecond arrays of :meth:`Table.timestamps`."""


def whole_days(
    start_ns: npt.NDArray[np.int64], end_ns: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Whole days from ``start`` to ``end``: the floor of the difference in days."""
    days: npt.NDArray[np.int64] = np.floor_divide(end_ns - start_ns, _NS_PER_DAY)
    return days
