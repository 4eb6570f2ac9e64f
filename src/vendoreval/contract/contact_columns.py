"""The columns of contact records, and the check of one column read with pandas.

The columns are described in :mod:`vendoreval.contract.records`. Each parser here converts a
pandas column to what a :class:`~vendoreval.contract.contact_batch.ContactBatch` holds —
channel codes, times in nanoseconds, durations, booleans, identifiers, scores — or raises a
``_BadValueError`` at the first offending position with the problem in words; the caller
turns it into an error naming the file, the column and the 1-based row.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval.pricing.record_codes import text_channel_codes
from vendoreval.pricing.record_schema import (
    _UNKNOWN,
    CALL_COLUMNS,
    CHANNEL_ORDER,
    MAX_COMPONENT_SECONDS,
    OFFSET_SUFFIX,
    UNITS_PER_SECOND,
    channel_problem,
    duration_problem,
)
from vendoreval.pricing.record_values import arrow_text_numbers
from vendoreval.vocabulary import Channel

__all__ = ["CHANNELS", "DURATION_COLUMNS", "MAX_SECONDS", "OPTIONAL_COLUMNS", "REQUIRED_COLUMNS"]

CHANNELS: Final[tuple[Channel, ...]] = CHANNEL_ORDER
"""Channels in the order of their integer codes in
:attr:`~vendoreval.contract.contact_batch.ContactBatch.channel` (those of the call records
an invoice reads)."""

REQUIRED_COLUMNS: Final[tuple[str, ...]] = CALL_COLUMNS
"""Columns every contact record has: those of a call record (``channel``, ``started_at``,
``talk_seconds``, ``hold_seconds``, ``acw_seconds``, ``wait_seconds``)."""

DURATION_COLUMNS: Final[tuple[str, ...]] = REQUIRED_COLUMNS[2:]
MAX_SECONDS: Final = MAX_COMPONENT_SECONDS
"""Largest accepted duration of one component of one contact [s] (about four years), the
bound invoices apply: a larger value is a data error."""

OPTIONAL_COLUMNS: Final[tuple[str, ...]] = (
    "answered",
    "contact_id",
    "customer_id",
    "responded_at",
    "csat",
    "qa_score",
)
"""Columns a service-level report reads when present."""

_CHANNEL_NAMES: Final = [c.value for c in CHANNELS]
"""Channel names in code order."""
_TRUTH: Final = {"true": True, "false": False, "1": True, "0": False}
_NS_PER: Final = {unit: 10**9 // ticks for unit, ticks in UNITS_PER_SECOND.items() if ticks < 10**9}
"""Nanoseconds per tick of the coarser datetime units (``s``, ``ms``, ``us``)."""
_INT64_MIN: Final = int(np.iinfo(np.int64).min)
_INT64_MAX: Final = int(np.iinfo(np.int64).max)


class _BadValueError(Exception):
    """A bad value at a position of the batch (collected, the first row is reported)."""

    def __init__(self, position: int, problem: str) -> None:
        super().__init__(problem)
        self.position = position
        self.problem = problem


def _first(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.argmax(mask))


def _channels(series: pd.Series[Any]) -> npt.NDArray[np.int8]:
    codes: npt.NDArray[np.integer[Any]]
    if isinstance(series.array, pd.arrays.ArrowStringArray):
        import pyarrow as pa

        codes = text_channel_codes(pa.array(series.array))
        bad = codes >= _UNKNOWN
    else:
        codes = pd.Index(_CHANNEL_NAMES).get_indexer(
            pd.Index(series.to_numpy(dtype=object), dtype=object)
        )
        bad = codes < 0
    if bad.any():
        position = _first(bad)
        value = series.iloc[position]
        raise _BadValueError(position, channel_problem(value, missing=bool(pd.isna(value))))
    return codes.astype(np.int8, copy=False)


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
        offset = np.asarray(text.astype(str).str.contains(OFFSET_SUFFIX, regex=True)) & ~absent
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
        raise _BadValueError(position, duration_problem(values[position]))
    result: npt.NDArray[np.int64] | npt.NDArray[np.float64] = values
    return result


def _text_numbers(series: pd.Series[Any]) -> npt.NDArray[np.int64] | npt.NDArray[np.float64]:
    """Numbers read from text: int64 when every value is a whole number, else float64 (NaN
    where empty or unreadable)."""
    if isinstance(series.array, pd.arrays.ArrowStringArray):
        import pyarrow as pa

        numbers = arrow_text_numbers(pa.array(series.array))
        if numbers is not None:
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
