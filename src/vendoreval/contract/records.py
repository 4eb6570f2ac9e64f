"""Contact records for service-level reports: columns, checks and bounded-memory reading.

A record is one contact. On top of the columns an invoice replays (``channel``,
``started_at``, ``talk_seconds``, ``hold_seconds``, ``acw_seconds``, ``wait_seconds``) a
service-level report reads these optional columns:

==================  ==========================================================================
``answered``        bool: an agent answered (absent: answered when ``talk_seconds`` > 0). In
                    CSV files ``true``/``false``/``1``/``0`` (any case); frames and parquet
                    files need a boolean column
``contact_id``      identifier of the contact; repeated among the month's contacts is an
                    error (empty: not checked)
``customer_id``     identifier of the customer, for first-contact resolution (empty: the
                    contact is not linked and is left out of FCR)
``responded_at``    when a deferred contact (email, social) got its response (empty: not
                    responded); same time-zone convention as ``started_at``
``csat``            the customer's satisfaction score, a whole number 1–5 (empty: not surveyed)
``qa_score``        the quality evaluation, a share 0–1 (empty: not evaluated)
==================  ==========================================================================

Time stamps are datetime64 (naive or time-zone aware) or ISO 8601 text. A naive time is
local wall-clock time; an aware one is read in the report's ``timezone`` (or, without one,
in its own zone). Elapsed times (the response time, the repeat window) are measured between
instants for aware times and between wall-clock times for naive ones. Identifiers are text or
whole numbers; a whole number and its decimal text are the same identifier (see
:mod:`vendoreval.contract.identifiers`).

Records come from a :class:`pandas.DataFrame` or from ``.parquet`` / ``.csv`` (also
``.csv.gz``) files or a folder of them (read in name order). Files are read in batches of at
most ``batch_rows`` rows with :mod:`pyarrow`, only the columns needed, so memory is a few
batches whatever the size of the file. :func:`map_contact_batches` reads, checks and
measures batches on a few threads (Arrow and numpy release the GIL), one batch per thread at
a time: Parquet row groups are read by the threads themselves; a CSV file is cut into
pieces of whole lines (at most 16 MiB) that the threads parse a few ahead. Columns are
checked as Arrow arrays, falling back to pandas only for unusual types or to name a bad
value. A Parquet duration column the report does not use (``hold_seconds``,
``acw_seconds``, and ``talk_seconds`` when ``answered`` is given) is not read at all where
the file's row-group statistics already show every value is a valid duration (no nulls,
between 0 and :data:`MAX_SECONDS`).

A bad value raises :class:`~vendoreval.errors.CallRecordError` naming the file, the column and
the 1-based data row (for CSV files also the line, counting the header as line 1).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from vendoreval._parallel import worker_count
from vendoreval.contract.identifiers import Identifiers
from vendoreval.errors import CallRecordError
from vendoreval.vocabulary import Channel

__all__ = [
    "CHANNELS",
    "MAX_SECONDS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ContactBatch",
    "RecordSource",
    "iter_contact_batches",
    "map_contact_batches",
]

CHANNELS: Final[tuple[Channel, ...]] = tuple(Channel)
"""Channels in the order of their integer codes in :attr:`ContactBatch.channel`."""

REQUIRED_COLUMNS: Final[tuple[str, ...]] = (
    "channel",
    "started_at",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
    "wait_seconds",
)
"""Columns every contact record has."""

DURATION_COLUMNS: Final[tuple[str, ...]] = REQUIRED_COLUMNS[2:]

MAX_SECONDS: Final = 2**27 - 1
"""Largest accepted duration of one component of one contact [s] (about four years), the
bound invoices apply too: a larger value is a data error."""

OPTIONAL_COLUMNS: Final[tuple[str, ...]] = (
    "answered",
    "contact_id",
    "customer_id",
    "responded_at",
    "csat",
    "qa_score",
)
"""Columns a service-level report reads when present."""

_CHANNEL_INDEX: Final = pd.Index([c.value for c in CHANNELS])
_EXPECTED_CHANNELS: Final = ", ".join(c.value for c in CHANNELS)
_OFFSET: Final = r"(?:[Zz]|[+-]\d\d(?::?\d\d)?)$"
_TRUTH: Final = {"true": True, "false": False, "1": True, "0": False}
_CSV_BLOCK_BYTES: Final = 1 << 24
"""Largest block of a CSV file read at once [bytes]: blocks are read in order while earlier
ones are checked on other threads."""
_PARQUET_BATCH_ROWS: Final = 1 << 18
"""Most rows decoded from a Parquet file at a time [rows]: memory, not speed, sets it."""
_NS_PER: Final = {"s": 10**9, "ms": 10**6, "us": 10**3}
_INT64_MIN: Final = int(np.iinfo(np.int64).min)
_INT64_MAX: Final = int(np.iinfo(np.int64).max)
_THREAD_PREFIX: Final = "vendoreval-worker"  # as vendoreval._parallel's: no nested waiting
_POOL_LOCK: Final = threading.Lock()
_POOL: dict[int, ThreadPoolExecutor] = {}
_T = TypeVar("_T")


@dataclass(frozen=True, eq=False)
class RecordSource:
    """Where records came from: a frame or a file (for messages and re-reading a value)."""

    name: str | None
    csv: bool = False
    frame: pd.DataFrame | None = None

    def place(self, row: int) -> str:
        """``"row 5 (line 6 of the file)"`` for the record at 0-based ``row``."""
        text = f"row {row + 1}"
        if self.csv:
            text += f" (line {row + 2} of the file)"
        if self.frame is not None and not isinstance(self.frame.index, pd.RangeIndex):
            text += f" (index label {self.frame.index[row]!r})"
        return text

    def prefix(self) -> str:
        """``"call records in 'a.csv': "``."""
        return f"call records in {self.name!r}: " if self.name else "call records: "

    def fail(self, column: str, row: int, problem: str) -> CallRecordError:
        """An error naming the file, the column and the 1-based row of 0-based ``row``."""
        return CallRecordError(f"{self.prefix()}column {column!r}, {self.place(row)}: {problem}")

    def value_at(self, row: int, column: str) -> Any:
        """The raw value of ``column`` at 0-based ``row`` (re-reads a file; error paths only)."""
        if self.frame is not None:
            return self.frame[column].iloc[row]
        assert self.name is not None
        for first, batch in _file_frames(Path(self.name), [column], 1 << 16, self.csv):
            if first <= row < first + len(batch):
                return batch[column].iloc[row - first]
        raise IndexError(row)  # pragma: no cover - rows come from a previous read


@dataclass(frozen=True, eq=False)
class ContactBatch:
    """Checked columns of consecutive records.

    Attributes
    ----------
    source : RecordSource
        Where the records came from.
    first_row : int
        0-based row in the source of the batch's first record.
    channel : numpy.ndarray of int8
        Index into :data:`CHANNELS` (phone is 0).
    local_ns : numpy.ndarray of int64
        Wall-clock start in the report's zone, nanoseconds since 1970-01-01 00:00 [ns].
    clock_ns : numpy.ndarray of int64
        Start on the clock elapsed times are measured on: UTC for aware times, wall clock for
        naive ones [ns].
    aware : bool
        Whether the start times carried a time zone.
    wait_seconds : numpy.ndarray
        The customer's wait in queue, int64 or float64 [s].
    answered : numpy.ndarray of bool
        Whether an agent answered.
    contact_ids, customer_ids : Identifiers, optional
        The identifiers and their keys; None when the column was not read.
    responded_ns : numpy.ndarray of int64, optional
        Response time on the clock of ``clock_ns`` [ns]; ``responded`` says where present.
    responded : numpy.ndarray of bool, optional
        Where ``responded_at`` is given.
    csat : numpy.ndarray of float64, optional
        Score 1–5, NaN when not surveyed.
    qa_score : numpy.ndarray of float64, optional
        Share 0–1, NaN when not evaluated.
    """

    source: RecordSource
    first_row: int
    channel: npt.NDArray[np.int8]
    local_ns: npt.NDArray[np.int64]
    clock_ns: npt.NDArray[np.int64]
    aware: bool
    wait_seconds: npt.NDArray[np.int64] | npt.NDArray[np.float64]
    answered: npt.NDArray[np.bool_]
    contact_ids: Identifiers | None = None
    customer_ids: Identifiers | None = None
    responded_ns: npt.NDArray[np.int64] | None = None
    responded: npt.NDArray[np.bool_] | None = None
    csat: npt.NDArray[np.float64] | None = None
    qa_score: npt.NDArray[np.float64] | None = None

    def __len__(self) -> int:
        return int(self.channel.shape[0])

    @property
    def contact_id(self) -> npt.NDArray[np.object_] | None:
        """Contact identifiers as text (None where empty); None when not read."""
        return None if self.contact_ids is None else self.contact_ids.text()

    @property
    def customer_id(self) -> npt.NDArray[np.object_] | None:
        """Customer identifiers as text (None where empty); None when not read."""
        return None if self.customer_ids is None else self.customer_ids.text()

    def fail(self, column: str, position: int, problem: str) -> CallRecordError:
        """An error for the record at ``position`` of the batch."""
        return self.source.fail(column, self.first_row + position, problem)


class _BadValueError(Exception):
    """A bad value at a position of the batch (collected, the first row is reported)."""

    def __init__(self, position: int, problem: str) -> None:
        super().__init__(problem)
        self.position = position
        self.problem = problem


def _first(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.argmax(mask))


def _channels(series: pd.Series[Any]) -> npt.NDArray[np.int8]:
    codes: npt.NDArray[np.intp]
    if isinstance(series.array, pd.arrays.ArrowStringArray):
        import pyarrow as pa
        import pyarrow.compute as pc

        found = pc.index_in(pa.array(series.array), value_set=pa.array(list(_CHANNEL_INDEX)))
        codes = np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.intp)
    else:
        codes = _CHANNEL_INDEX.get_indexer(pd.Index(series.to_numpy(dtype=object), dtype=object))
    bad = codes < 0
    if bad.any():
        position = _first(bad)
        value = series.iloc[position]
        if pd.isna(value):
            raise _BadValueError(position, f"missing channel; expected one of {_EXPECTED_CHANNELS}")
        raise _BadValueError(
            position, f"unknown channel {value!r}; expected one of {_EXPECTED_CHANNELS}"
        )
    return codes.astype(np.int8)


def _is_text(series: pd.Series[Any]) -> bool:
    dtype = series.dtype
    return bool(pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype))


def _datetimes(series: pd.Series[Any], timezone: str | None) -> pd.DatetimeIndex:
    """Parse a column of times; NaT where empty."""
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or dtype.kind == "M":
        return _nanoseconds(pd.DatetimeIndex(series))
    if not _is_text(series):
        raise _BadValueError(
            0,
            f"expected date-times (datetime64 or ISO 8601 text such as "
            f"'2027-01-04T09:30:00+09:00'), got values of type {dtype}",
        )
    absent = np.asarray(series.isna())
    text = (
        series if isinstance(dtype, pd.StringDtype) else series.astype(object).where(~absent, None)
    )
    try:
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    except ValueError:  # times with and without offsets, or several offsets
        offset = np.asarray(text.astype(str).str.contains(_OFFSET, regex=True)) & ~absent
        if not offset[~absent].all():
            first_kind = offset[_first(~absent)]
            raise _BadValueError(
                _first((offset != first_kind) & ~absent),
                "times mix local times without a UTC offset and times with one; give every "
                "time an offset (e.g. '+09:00') or none",
            ) from None
        if timezone is None:
            raise _BadValueError(
                0,
                "times carry different UTC offsets; pass timezone='…' (e.g. 'Asia/Seoul') to "
                "say which local time the report is in",
            ) from None
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    index = pd.DatetimeIndex(parsed)
    unread = np.asarray(index.isna()) & ~absent
    if unread.any():
        position = _first(unread)
        raise _BadValueError(
            position,
            f"cannot read {series.iloc[position]!r} as a date-time; expected ISO 8601 such as "
            "'2027-01-04T09:30:00' or '2027-01-04 09:30:00+09:00'",
        )
    return _nanoseconds(index)


def _nanoseconds(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The times in nanoseconds; a time beyond what they can hold is a bad value."""
    if index.unit == "ns":
        return index
    try:
        return index.as_unit("ns")
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        values = np.asarray(index.asi8, dtype=np.int64)
        factor = _NS_PER[index.unit]
        bad = (values != _INT64_MIN) & (
            (values <= _INT64_MIN // factor) | (values >= _INT64_MAX // factor)
        )
        position = _first(bad)
        raise _BadValueError(
            position,
            f"date-time {index[position]} is out of range; expected one between "
            f"{pd.Timestamp.min:%Y-%m-%d} and {pd.Timestamp.max:%Y-%m-%d}",
        ) from None


def _instants(
    index: pd.DatetimeIndex, timezone: str | None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(wall clock in the report's zone, elapsed-time clock), in ns."""
    if index.tz is None and index.unit != "ns":
        # Coarser naive times scale to ns by one multiplication when no value overflows
        # (NaT, the smallest int64, never passes: pandas then handles it).
        values = np.asarray(index.asi8, dtype=np.int64)
        factor = _NS_PER[index.unit]
        low, high = (int(values.min()), int(values.max())) if values.size else (0, 0)
        if values.size and low > _INT64_MIN // factor and high < _INT64_MAX // factor:
            scaled = values * factor
            return scaled, scaled
    index = index.as_unit("ns")
    clock = np.asarray(index.asi8, dtype=np.int64)
    if index.tz is None:
        return clock, clock
    local = index.tz_convert(timezone) if timezone is not None else index
    return np.asarray(local.tz_localize(None).asi8, dtype=np.int64), clock


def _seconds(series: pd.Series[Any]) -> npt.NDArray[np.int64] | npt.NDArray[np.float64]:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise _BadValueError(0, f"expected numbers of seconds, got values of type {dtype}")
    absent = np.asarray(series.isna())
    if absent.any():
        raise _BadValueError(_first(absent), "missing duration; expected seconds ≥ 0")
    if pd.api.types.is_integer_dtype(dtype):
        values: npt.NDArray[Any] = series.to_numpy(dtype=np.int64)
    elif pd.api.types.is_float_dtype(dtype):
        values = series.to_numpy(dtype=np.float64)
    elif _is_text(series):
        values = _text_numbers(series)
        unread = np.isnan(values) if values.dtype.kind == "f" else np.zeros(len(values), bool)
        if unread.any():
            position = _first(unread)
            raise _BadValueError(
                position, f"expected a number of seconds, got {series.iloc[position]!r}"
            )
    else:
        raise _BadValueError(0, f"expected numbers of seconds, got values of type {dtype}")
    with np.errstate(invalid="ignore"):
        bad = ~((values >= 0) & (values <= MAX_SECONDS))  # NaN and ±inf fail too
    if bad.any():
        position = _first(bad)
        value = values[position]
        if value < 0:
            raise _BadValueError(position, f"negative duration {value}; expected seconds ≥ 0")
        raise _BadValueError(
            position,
            f"duration {value} is not a plausible contact (expected a finite number of seconds "
            f"≤ {MAX_SECONDS:,})",
        )
    result: npt.NDArray[np.int64] | npt.NDArray[np.float64] = values
    return result


def _text_numbers(series: pd.Series[Any]) -> npt.NDArray[np.int64] | npt.NDArray[np.float64]:
    """Numbers read from text: int64 when every value is a whole number, else float64 (NaN
    where empty or unreadable)."""
    if isinstance(series.array, pd.arrays.ArrowStringArray):
        import pyarrow as pa
        import pyarrow.compute as pc

        text = pa.array(series.array)
        for target in (pa.int64(), pa.float64()):
            try:
                cast = pc.cast(text, target)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
            numbers: npt.NDArray[Any] = cast.to_numpy(zero_copy_only=False)
            return numbers
    parsed = pd.to_numeric(series, errors="coerce")
    values: npt.NDArray[Any] = parsed.to_numpy()
    if values.dtype.kind not in "if":
        values = parsed.to_numpy(dtype=np.float64, na_value=np.nan)
    return values


def _answered(series: pd.Series[Any], csv: bool) -> npt.NDArray[np.bool_]:
    dtype = series.dtype
    absent = np.asarray(series.isna())
    if absent.any():
        raise _BadValueError(_first(absent), "missing value; expected true or false")
    if pd.api.types.is_bool_dtype(dtype):
        return series.to_numpy(dtype=bool)
    if csv and _is_text(series):
        words = series.astype(str).str.strip().str.lower()
        known = np.asarray(words.isin(list(_TRUTH)))
        if not known.all():
            position = _first(~known)
            raise _BadValueError(
                position,
                f"expected true or false (or 1/0), got {series.iloc[position]!r}",
            )
        return np.asarray(words.map(_TRUTH), dtype=bool)
    if pd.api.types.is_object_dtype(dtype) and pd.api.types.infer_dtype(series) == "boolean":
        return series.to_numpy(dtype=bool)
    values = series.to_numpy(dtype=object)
    kinds = np.fromiter((isinstance(v, bool | np.bool_) for v in values), bool, len(values))
    position = _first(~kinds) if not kinds.all() else 0
    raise _BadValueError(
        position, f"expected a boolean (true or false), got {values[position]!r} of type {dtype}"
    )


def _identifiers(series: pd.Series[Any]) -> npt.NDArray[np.object_]:
    """Identifiers as text, None where empty; whole-number ids read the same from any file."""
    dtype = series.dtype
    absent = np.asarray(series.isna())
    out = np.full(len(series), None, dtype=object)
    present = series[~absent]
    if pd.api.types.is_bool_dtype(dtype):
        raise _BadValueError(
            0, f"expected identifiers (text or whole numbers), got values of type {dtype}"
        )
    if pd.api.types.is_float_dtype(dtype):
        numbers = present.to_numpy(dtype=np.float64)
        fractional = numbers != np.floor(numbers)
        if fractional.any():
            position = int(np.flatnonzero(~absent)[_first(fractional)])
            raise _BadValueError(
                position, f"expected an identifier, got the fraction {series.iloc[position]!r}"
            )
        present = present.astype(np.int64)
    out[~absent] = present.astype(str).to_numpy(dtype=object)
    return out


def _scores(
    series: pd.Series[Any], low: float, high: float, whole: bool, what: str
) -> npt.NDArray[np.float64]:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise _BadValueError(0, f"expected {what}, got values of type {dtype}")
    absent = np.asarray(series.isna())
    if pd.api.types.is_numeric_dtype(dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    elif _is_text(series):
        values = _text_numbers(series).astype(np.float64)
        unread = np.isnan(values) & ~absent
        if unread.any():
            position = _first(unread)
            raise _BadValueError(position, f"expected {what}, got {series.iloc[position]!r}")
    else:
        raise _BadValueError(0, f"expected {what}, got values of type {dtype}")
    with np.errstate(invalid="ignore"):
        good = (values >= low) & (values <= high)
        if whole:
            good &= values == np.floor(values)
    bad = ~good & ~absent
    if bad.any():
        position = _first(bad)
        raise _BadValueError(position, f"{values[position]:g} is out of range; expected {what}")
    return values


# ------------------------------------------------------------------------- Arrow columns
# Each converter returns what its pandas counterpart above returns, or None when it cannot
# tell (an unusual type, or a value that may be bad): the pandas parser then decides, and
# names the offending row.


def _is_text_type(kind: Any) -> bool:
    import pyarrow as pa

    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    )


def _fast_channels(column: Any) -> npt.NDArray[np.int8] | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count:
        return None
    known = pa.array(list(_CHANNEL_INDEX))
    if pa.types.is_dictionary(column.type):
        if not _is_text_type(column.type.value_type):
            return None
        # Look the few dictionary values up, then take each record's code by its index.
        found = pc.index_in(column.dictionary, value_set=known).fill_null(-1)
        lookup = np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int8)
        codes: npt.NDArray[np.int8] = lookup[column.indices.to_numpy(zero_copy_only=False)]
        if (lookup < 0).any() and (codes < 0).any():
            return None
        return codes
    if not _is_text_type(column.type):
        return None
    found = pc.index_in(column, value_set=known)
    if found.null_count:
        return None
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int8)


def _fast_datetimes(column: Any) -> pd.DatetimeIndex | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_timestamp(kind) and kind.tz is None:
        if kind.unit != "ns":  # times nanoseconds cannot hold: pandas names the first
            bounds = pc.min_max(column.cast(pa.int64()))
            factor = _NS_PER[kind.unit]
            low, high = bounds["min"].as_py(), bounds["max"].as_py()
            if low is not None and not (low > _INT64_MIN // factor and high < _INT64_MAX // factor):
                return None
        return pd.DatetimeIndex(column.to_numpy(zero_copy_only=False))
    if not _is_text_type(kind):
        return None
    # Arrow reads a subset of the ISO 8601 forms pandas reads, to the same instants, and
    # refuses any text with a UTC offset here: those go to pandas.
    try:
        parsed = pc.cast(column, pa.timestamp("ns"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pd.DatetimeIndex(parsed.to_numpy(zero_copy_only=False))


def _fast_seconds(column: Any) -> npt.NDArray[np.int64] | npt.NDArray[np.float64] | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count or not len(column):
        return None
    kind = column.type
    values: npt.NDArray[Any]
    if pa.types.is_integer(kind) and not pa.types.is_uint64(kind):
        values = np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.int64)
    elif pa.types.is_floating(kind):
        values = np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)
    elif _is_text_type(kind):
        for target in (pa.int64(), pa.float64()):
            try:
                values = pc.cast(column, target).to_numpy(zero_copy_only=False)
                break
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
        else:
            return None
    else:
        return None
    if values.dtype.kind == "i":  # one pass (Arrow's min_max skips NaN: floats use numpy)
        bounds = pc.min_max(pa.array(values))
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
    else:
        low, high = values.min(), values.max()
    if not (low >= 0 and high <= MAX_SECONDS):  # NaN fails too
        return None
    result: npt.NDArray[np.int64] | npt.NDArray[np.float64] = values
    return result


def _fast_answered(column: Any, csv: bool) -> npt.NDArray[np.bool_] | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count:
        return None
    if pa.types.is_boolean(column.type):
        return np.asarray(column.to_numpy(zero_copy_only=False), dtype=bool)
    if not (csv and _is_text_type(column.type)):
        return None
    words = pc.ascii_lower(pc.ascii_trim_whitespace(column))
    found = pc.index_in(words, value_set=pa.array(["true", "1", "false", "0"]))
    if found.null_count:
        return None
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int8) < 2


_Fast = Callable[[Any], Any]
_Parser = Callable[["pd.Series[Any]"], Any]


@dataclass(frozen=True, eq=False)
class _Column:
    """One column of a batch: as Arrow (when read from a file) and, on demand, pandas."""

    series: Callable[[], pd.Series[Any]]
    arrow: Any = None


def _arrow_column(batch: Any, name: str) -> _Column:
    import pyarrow as pa

    array = batch.column(name)
    return _Column(
        series=lambda: pa.RecordBatch.from_arrays([array], names=[name]).to_pandas()[name],
        arrow=array,
    )


def _frame_column(frame: pd.DataFrame, name: str) -> _Column:
    """A frame's column, with an Arrow view where one costs no conversion of objects."""
    import pyarrow as pa

    series = frame[name]
    dtype = series.dtype
    arrow = None
    try:
        if isinstance(
            series.array, pd.arrays.ArrowExtensionArray | pd.arrays.ArrowStringArray
        ) or isinstance(dtype, pd.CategoricalDtype):
            arrow = pa.array(series.array)
        elif isinstance(dtype, np.dtype) and dtype.kind in "iu":
            arrow = pa.array(series.to_numpy())
    except (pa.ArrowException, TypeError, ValueError):  # mixed objects: pandas only
        arrow = None
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    return _Column(series=lambda: series, arrow=arrow)


def _parsers(csv: bool, timezone: str | None) -> dict[str, tuple[_Fast | None, _Parser]]:
    """Each column's (Arrow converter, pandas parser), in the order problems are ranked."""
    return {
        "channel": (_fast_channels, _channels),
        "started_at": (_fast_datetimes, lambda s: _datetimes(s, timezone)),
        **dict.fromkeys(DURATION_COLUMNS, (_fast_seconds, _seconds)),
        "answered": (lambda a: _fast_answered(a, csv), lambda s: _answered(s, csv)),
        "contact_id": (Identifiers.from_arrow, lambda s: Identifiers.from_text(_identifiers(s))),
        "customer_id": (Identifiers.from_arrow, lambda s: Identifiers.from_text(_identifiers(s))),
        "responded_at": (_fast_datetimes, lambda s: _datetimes(s, timezone)),
        "csat": (
            None,
            lambda s: _scores(s, 1, 5, True, "a whole score 1–5 (empty when not surveyed)"),
        ),
        "qa_score": (
            None,
            lambda s: _scores(s, 0, 1, False, "a share 0–1 (empty when not evaluated)"),
        ),
    }


def _parse(
    columns: Mapping[str, _Column],
    source: RecordSource,
    first_row: int,
    timezone: str | None,
) -> ContactBatch:
    """Check and convert one batch; raise at the first offending row (then column order)."""
    problems: list[tuple[int, int, str, str]] = []
    results: dict[str, Any] = {}
    parsers = _parsers(source.csv, timezone)
    for order, (column, (fast, parse)) in enumerate(parsers.items()):
        found = columns.get(column)
        if found is None:
            continue
        value = fast(found.arrow) if fast is not None and found.arrow is not None else None
        if value is None:
            try:
                value = parse(found.series())
            except _BadValueError as bad:
                problems.append((bad.position, order, column, bad.problem))
                continue
        results[column] = value
    started: pd.DatetimeIndex | None = results.get("started_at")
    if started is not None:
        absent = np.asarray(started.isna())
        if absent.any():
            problems.append((_first(absent), 1, "started_at", "missing start time"))
    responded: pd.DatetimeIndex | None = results.get("responded_at")
    if started is not None and responded is not None:
        present = ~np.asarray(responded.isna())
        if present.any() and (started.tz is None) != (responded.tz is None):
            problems.append(
                (
                    _first(present),
                    len(parsers),
                    "responded_at",
                    "responded_at and started_at must both carry a time zone or both not",
                )
            )
        elif present.any():
            if responded.tz is None and started.tz is None:
                early = present & np.asarray(responded < started)
            else:
                early = present & np.asarray(
                    responded.tz_convert("UTC") < started.tz_convert("UTC")
                )
            if early.any():
                at = _first(early)
                problems.append(
                    (
                        at,
                        len(parsers),
                        "responded_at",
                        f"responded at {responded[at]} before the contact started ({started[at]})",
                    )
                )
        else:
            responded = pd.DatetimeIndex(np.full(len(responded), np.datetime64("NaT", "ns")))
    if problems:
        position, _, column, problem = min(problems)
        raise source.fail(column, first_row + position, problem)
    assert started is not None
    local, clock = _instants(started, timezone)
    answered = (
        results["answered"] if "answered" in results else np.asarray(results["talk_seconds"] > 0)
    )
    responded_ns = responded_mask = None
    if responded is not None:
        responded_mask = ~np.asarray(responded.isna())
        responded_ns = _instants(responded, timezone)[1]
    return ContactBatch(
        source=source,
        first_row=first_row,
        channel=results["channel"],
        local_ns=local,
        clock_ns=clock,
        aware=started.tz is not None,
        wait_seconds=results["wait_seconds"],
        answered=answered,
        contact_ids=results.get("contact_id"),
        customer_ids=results.get("customer_id"),
        responded_ns=responded_ns,
        responded=responded_mask,
        csat=results.get("csat"),
        qa_score=results.get("qa_score"),
    )


def _check_columns(present: list[str], required: Mapping[str, str], source: RecordSource) -> None:
    absent = [name for name in REQUIRED_COLUMNS if name not in present]
    if absent:
        plural = "s" if len(absent) > 1 else ""
        raise CallRecordError(
            f"{source.prefix()}missing column{plural} {', '.join(map(repr, absent))}; records "
            f"need {', '.join(REQUIRED_COLUMNS)} (found: {', '.join(present) or 'no columns'})"
        )
    for name, reason in required.items():
        if name not in present:
            raise CallRecordError(f"{source.prefix()}missing column {name!r}, needed {reason}")


def _wanted(present: list[str], skip: frozenset[str]) -> list[str]:
    return [*REQUIRED_COLUMNS, *(c for c in OPTIONAL_COLUMNS if c in present and c not in skip)]


def _files(path: Path) -> list[Path]:
    def readable(p: Path) -> bool:
        name = p.name.lower()
        return name.endswith((".parquet", ".csv", ".csv.gz")) and not name.startswith((".", "_"))

    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and readable(p))
        if not files:
            raise CallRecordError(
                f"call records: folder {str(path)!r} holds no .parquet or .csv files"
            )
        return files
    if not path.exists():
        raise CallRecordError(f"call records: no file or folder {str(path)!r}")
    if not readable(path):
        raise CallRecordError(
            f"call records: cannot read {str(path)!r}; expected a .parquet or .csv file, or a "
            "folder of them"
        )
    return [path]


def _file_columns(path: Path, csv: bool) -> list[str]:
    import pyarrow as pa

    try:
        if csv:
            import pyarrow.csv as pacsv

            reader = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16))
            return list(reader.schema.names)
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    except (pa.ArrowException, OSError) as error:
        kind = "CSV" if csv else "parquet"
        raise CallRecordError(
            f"call records: cannot read {str(path)!r} as {kind}: {error}"
        ) from None


def _csv_pieces(path: Path, size: int) -> Iterator[Any]:
    """The file as Arrow buffers of whole lines, about ``size`` bytes each (the first holds
    the header); None first when lines end in a lone carriage return (not split here)."""
    import pyarrow as pa

    if path.name.lower().endswith(".gz"):
        with pa.input_stream(str(path), compression="gzip") as stream:
            carry = b""
            while True:
                block = stream.read(size)
                data = carry + block
                cut = data.rfind(b"\n") + 1 if block else len(data)
                if data[:cut]:
                    yield pa.py_buffer(data[:cut])
                if not block:
                    return
                carry = data[cut:]
    with pa.OSFile(str(path)) as handle:
        total, offset, want = handle.size(), 0, size
        while offset < total:
            handle.seek(offset)
            buffer = handle.read_buffer(min(want, total - offset))
            raw = np.frombuffer(buffer, dtype=np.uint8)
            if offset == 0 and not (raw == 10).any() and (raw == 13).any():
                yield None
                return
            cut = raw.shape[0]
            if offset + cut < total:  # end at the last newline seen
                newlines = np.flatnonzero(raw[-(1 << 16) :] == 10)
                if not newlines.size:
                    newlines = np.flatnonzero(raw == 10)
                    if not newlines.size:  # one line longer than the piece: read more
                        want *= 2
                        continue
                    cut = int(newlines[-1]) + 1
                else:
                    cut = raw.shape[0] - min(raw.shape[0], 1 << 16) + int(newlines[-1]) + 1
            yield buffer.slice(0, cut)
            offset += cut
            want = size


def _csv_stream(
    path: Path, columns: list[str], batch_rows: int, names: list[str] | None = None
) -> Iterator[tuple[int, Any]]:
    """(0-based first row, Arrow record batch of text columns) per batch of a CSV file.

    The file is cut into pieces of whole lines (Arrow, not allowing newlines inside values
    by default, reads a CSV file line by line all the same), parsed on worker threads a few
    ahead and handed on in order; ``names`` are the columns of the header, when known.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    convert = pacsv.ConvertOptions(
        include_columns=columns,
        column_types=dict.fromkeys(columns, pa.string()),
        strings_can_be_null=True,
    )
    block_size = int(min(max(batch_rows * 128, 1 << 14), _CSV_BLOCK_BYTES))

    def fail(first: int, error: Exception) -> CallRecordError:
        return CallRecordError(
            f"call records in {str(path)!r}: cannot read the CSV after row {first}: {error}"
        )

    pieces = _csv_pieces(path, block_size)
    piece = next(pieces, None)
    first = 0
    if piece is None:  # lines end in a lone carriage return: one reader streams the file
        stream = pacsv.open_csv(
            path, read_options=pacsv.ReadOptions(block_size=block_size), convert_options=convert
        )
        while True:
            try:
                block = stream.read_next_batch()
            except StopIteration:
                return
            except pa.ArrowException as error:
                raise fail(first, error) from None
            for start in range(0, block.num_rows, batch_rows):
                part = block.slice(start, batch_rows)
                yield first, part
                first += part.num_rows
    header_names = _file_columns(path, csv=True) if names is None else names
    pool = _pool()

    def parse(buffer: Any, header: bool) -> Any:
        options = pacsv.ReadOptions(
            use_threads=False,
            block_size=max(buffer.size + 1, 1 << 14),
            column_names=None if header else header_names,
        )
        return pacsv.read_csv(
            pa.BufferReader(buffer), read_options=options, convert_options=convert
        )

    def submit(buffer: Any, header: bool) -> Future[Any]:
        if pool is not None:
            return pool.submit(parse, buffer, header)
        done: Future[Any] = Future()
        try:
            done.set_result(parse(buffer, header))
        except pa.ArrowException as error:
            done.set_exception(error)
        return done

    pending: deque[Future[Any]] = deque([submit(piece, True)])
    try:
        for piece in pieces:
            pending.append(submit(piece, False))
            if len(pending) > worker_count():
                first = yield from _emit(pending.popleft(), first, batch_rows, fail)
        while pending:
            first = yield from _emit(pending.popleft(), first, batch_rows, fail)
    finally:
        for future in pending:
            future.cancel()


def _emit(
    future: Future[Any],
    first: int,
    batch_rows: int,
    fail: Callable[[int, Exception], CallRecordError],
) -> Generator[tuple[int, Any], None, int]:
    """Hand on the batches of one parsed piece; returns the row after them."""
    import pyarrow as pa

    try:
        table = future.result()
    except pa.ArrowException as error:
        raise fail(first, error) from None
    for part in table.to_batches(max_chunksize=batch_rows):
        if part.num_rows:
            yield first, part
            first += part.num_rows
    return first


def _file_frames(
    path: Path, columns: list[str], batch_rows: int, csv: bool
) -> Iterator[tuple[int, pd.DataFrame]]:
    """(0-based first row, frame) per batch of a file, only ``columns`` read (error paths)."""
    if csv:
        for first, batch in _csv_stream(path, columns, batch_rows):
            yield first, batch.to_pandas()
        return
    import pyarrow.parquet as pq

    first = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows, columns=columns):
        yield first, batch.to_pandas()
        first += batch.num_rows


def _valid_by_statistics(metadata: Any, groups: list[int], column: int) -> bool:
    """Whether the row groups' statistics show every value of an integer column is a
    duration: no nulls, between 0 and :data:`MAX_SECONDS`."""
    for group in groups:
        chunk = metadata.row_group(group).column(column)
        stats = chunk.statistics
        if (
            chunk.physical_type not in ("INT32", "INT64")
            or stats is None
            or not (stats.has_min_max and stats.has_null_count)
            or stats.null_count != 0
        ):
            return False
        low, high = stats.min, stats.max
        if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high <= MAX_SECONDS):
            return False
    return True


_Unit = Callable[[], Iterator[ContactBatch]]
"""Reads and checks a run of consecutive batches (one task for a worker thread)."""


def _parquet_units(
    path: Path, source: RecordSource, columns: list[str], batch_rows: int, timezone: str | None
) -> Iterator[_Unit]:
    """One unit per row group (consecutive small groups together, up to ``batch_rows``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise CallRecordError(
            f"call records: cannot read {str(path)!r} as parquet: {error}"
        ) from None
    metadata = reader.metadata
    schema = reader.schema_arrow
    # Durations the batches do not carry need checking only: statistics may settle it.
    unused = {"hold_seconds", "acw_seconds"} | (
        {"talk_seconds"} if "answered" in columns else set()
    )
    leaves = {name: i for i, name in enumerate(metadata.schema.names)}
    checkable = [
        name
        for name in columns
        if name in unused
        and name in leaves
        and pa.types.is_integer(schema.field(name).type)
        and not pa.types.is_uint64(schema.field(name).type)
    ]

    def unit(groups: list[int], first: int) -> _Unit:
        skipped = {n for n in checkable if _valid_by_statistics(metadata, groups, leaves[n])}
        read = [n for n in columns if n not in skipped]

        def run() -> Iterator[ContactBatch]:
            row = first
            handle = pq.ParquetFile(path, metadata=metadata)
            for batch in handle.iter_batches(
                batch_size=min(batch_rows, _PARQUET_BATCH_ROWS),
                row_groups=groups,
                columns=read,
                use_threads=True,
            ):
                parts = {name: _arrow_column(batch, name) for name in read}
                yield _parse(parts, source, row, timezone)
                row += batch.num_rows

        return run

    first = 0
    groups: list[int] = []
    rows = 0
    for group in range(metadata.num_row_groups):
        groups.append(group)
        rows += metadata.row_group(group).num_rows
        if rows >= batch_rows:
            yield unit(groups, first)
            first += rows
            groups, rows = [], 0
    if groups:
        yield unit(groups, first)


def _csv_units(
    path: Path,
    source: RecordSource,
    names: list[str],
    columns: list[str],
    batch_rows: int,
    timezone: str | None,
) -> Iterator[_Unit]:
    """One unit per batch; batches come in order from the reader, and are checked in units."""
    for first, batch in _csv_stream(path, columns, batch_rows, names):

        def run(first: int = first, batch: Any = batch) -> Iterator[ContactBatch]:
            parts = {name: _arrow_column(batch, name) for name in columns}
            yield _parse(parts, source, first, timezone)

        yield run


def _units(
    calls: pd.DataFrame | str | Path,
    required: Mapping[str, str] | None,
    skip: frozenset[str],
    timezone: str | None,
    batch_rows: int,
) -> Iterator[_Unit]:
    if isinstance(batch_rows, bool) or not isinstance(batch_rows, int) or batch_rows < 1:
        raise ValueError(f"batch_rows must be a whole number of rows ≥ 1, got {batch_rows!r}")
    needed = dict(required or {})
    if isinstance(calls, pd.DataFrame):
        frame = calls
        source = RecordSource(None, frame=frame)
        present = [str(c) for c in frame.columns]
        _check_columns(present, needed, source)
        columns = _wanted(present, skip)
        for start in range(0, max(len(frame), 1), batch_rows):

            def run(start: int = start) -> Iterator[ContactBatch]:
                part = frame.iloc[start : start + batch_rows].loc[:, columns]
                part = part.reset_index(drop=True)
                yield _parse({c: _frame_column(part, c) for c in columns}, source, start, timezone)

            yield run
        return
    if not isinstance(calls, str | Path):
        raise TypeError(
            "calls must be a pandas DataFrame or the path of a .parquet/.csv file or folder, "
            f"got {type(calls).__name__}"
        )
    for path in _files(Path(calls)):
        csv = not path.name.lower().endswith(".parquet")
        source = RecordSource(str(path), csv=csv)
        present = _file_columns(path, csv)
        _check_columns(present, needed, source)
        columns = _wanted(present, skip)
        if csv:
            yield from _csv_units(path, source, present, columns, batch_rows, timezone)
        else:
            yield from _parquet_units(path, source, columns, batch_rows, timezone)


def _pool() -> ThreadPoolExecutor | None:
    workers = worker_count()
    if workers < 2 or threading.current_thread().name.startswith(_THREAD_PREFIX):
        return None
    pid = os.getpid()  # a pool does not survive fork: one per process
    with _POOL_LOCK:
        if pid not in _POOL:
            _POOL.clear()
            _POOL[pid] = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=_THREAD_PREFIX)
        return _POOL[pid]


def iter_contact_batches(
    calls: pd.DataFrame | str | Path,
    *,
    required: Mapping[str, str] | None = None,
    skip: frozenset[str] = frozenset(),
    timezone: str | None = None,
    batch_rows: int = 1_000_000,
) -> Iterator[ContactBatch]:
    """Checked batches of contact records from a frame, a file or a folder of files.

    Parameters
    ----------
    calls : pandas.DataFrame, str or pathlib.Path
        One row per contact, or a ``.parquet``/``.csv`` file, or a folder of them.
    required : mapping of str to str, optional
        Optional columns that must be present, each with the reason given in the error
        (``{"customer_id": "by commitment 'phone.fcr'"}``).
    skip : frozenset of str
        Optional columns not to read even when present.
    timezone : str, optional
        IANA zone aware times are read in; None keeps each time's own zone.
    batch_rows : int
        Most records per batch [rows].

    Yields
    ------
    ContactBatch
        Checked records, in reading order.

    Raises
    ------
    CallRecordError
        A missing column or a bad value (naming the file, column and 1-based row).
    """
    for unit in _units(calls, required, skip, timezone, batch_rows):
        yield from unit()


def map_contact_batches(
    calls: pd.DataFrame | str | Path,
    task: Callable[[ContactBatch], _T],
    *,
    required: Mapping[str, str] | None = None,
    skip: frozenset[str] = frozenset(),
    timezone: str | None = None,
    batch_rows: int = 1_000_000,
) -> Iterator[_T]:
    """``task`` applied to each checked batch, on worker threads, results in reading order.

    Reading (Parquet row groups are read by the workers themselves), checking and ``task``
    run on up to :func:`vendoreval._parallel.worker_count` threads, one batch each at a time,
    so memory stays a few batches; results come back in the order of the records. The first
    bad record in reading order raises, as with :func:`iter_contact_batches`.

    Parameters
    ----------
    calls : pandas.DataFrame, str or pathlib.Path
        One row per contact, or a ``.parquet``/``.csv`` file, or a folder of them.
    task : callable
        Applied to each :class:`ContactBatch`; runs on worker threads, so it must not
        change shared state (merge its results in the caller instead).
    required, skip, timezone, batch_rows
        As for :func:`iter_contact_batches`.

    Yields
    ------
    object
        ``task(batch)`` for each batch, in reading order.

    Raises
    ------
    CallRecordError
        A missing column or a bad value (naming the file, column and 1-based row).
    """
    units = _units(calls, required, skip, timezone, batch_rows)
    pool = _pool()
    if pool is None:
        for unit in units:
            yield from (task(batch) for batch in unit())
        return
    depth = worker_count()
    pending: deque[Future[list[_T]]] = deque()

    def work(unit: _Unit) -> list[_T]:
        return [task(batch) for batch in unit()]

    try:
        while True:
            try:
                unit = next(units)
            except StopIteration:
                break
            except BaseException:
                # Reading failed further on: report a bad record before it first.
                while pending:
                    yield from pending.popleft().result()
                raise
            pending.append(pool.submit(work, unit))
            if len(pending) >= depth:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
