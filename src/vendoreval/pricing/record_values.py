"""The values of a frame or an Arrow batch as arrays: durations and start times.

Durations are numbers (integers, floats, decimals or time deltas); booleans and text are
refused, except in a CSV file, whose durations are text read as numbers. Start times are
datetime64 or Arrow timestamps (with or without a time zone) or ISO 8601 text: times
without an offset are local, times that all carry one offset keep it as their zone, and
times with different offsets are read in UTC. The values themselves are checked later,
chunk by chunk (:meth:`~vendoreval.pricing.record_batch.CallBatch.scan`); what is found here
is a column of the wrong type, a missing value or an unreadable time.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Collection, Iterable, Iterator
from decimal import Decimal
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._arrow_numpy import arrow_values, is_view, without_views
from vendoreval._lazy import pd
from vendoreval._types import SecondsArray
from vendoreval.pricing.record_batch import _Columns, _Times
from vendoreval.pricing.record_codes import (
    _arrow_channels,
    _arrow_languages,
    _series_channels,
    _series_languages,
)
from vendoreval.pricing.record_schema import (
    DURATION_COLUMNS,
    MAX_COMPONENT_SECONDS,
    OFFSET_SUFFIX,
    _check_arrow_schema,
    _check_names,
    _needed,
    _Where,
)

__all__ = ["arrow_text_numbers", "plain_column"]


def _numeric_seconds(values: npt.NDArray[Any], column: str, where: _Where) -> SecondsArray:
    """Durations as int64 or float64 (values are checked later, block by block)."""
    kind = values.dtype.kind
    if kind == "i":
        integers: npt.NDArray[np.int64] = values.astype(np.int64, copy=False)
        return integers
    if kind == "u":
        if values.size and values.max() > MAX_COMPONENT_SECONDS:
            position = int(np.argmax(values > MAX_COMPONENT_SECONDS))
            raise where.fail(
                column,
                position,
                f"duration {values[position]} is not a plausible contact (expected at most "
                f"{MAX_COMPONENT_SECONDS:,} seconds)",
            )
        unsigned: npt.NDArray[np.int64] = values.astype(np.int64)
        return unsigned
    if kind == "f":
        floats: npt.NDArray[np.float64] = values.astype(np.float64, copy=False)
        return floats
    if kind == "m":
        missing = np.isnat(values)
        if missing.any():
            raise where.fail(column, int(np.argmax(missing)), "missing duration (NaT)")
        seconds: npt.NDArray[np.float64] = values / np.timedelta64(1, "s")
        return seconds
    raise where.fail(column, 0, _not_numbers(str(values.dtype)))


def _not_numbers(kind: str) -> str:
    return (
        f"expected numbers of seconds, got values of type {kind}; convert the column to "
        "numbers (booleans and text are not durations)"
    )


def _frame_times(values: pd.Series[Any], where: _Where) -> _Times:
    """Start times of a frame's column; date-times are checked for NaT later, chunk by chunk.

    A date-time column is taken as it is and its missing values (NaT) are looked for while
    the batch is scanned (:meth:`~vendoreval.pricing.record_batch.CallBatch.scan`) or when
    the times are first used, so that its values cross memory with the others rather than in
    a pass of their own. Text is parsed, and checked, at once.
    """
    if _is_date_time(values.dtype):
        return _Times(pd.DatetimeIndex(values), unchecked=True)
    return _Times(_parse_times(values, where))


def _is_date_time(dtype: Any) -> bool:
    arrow_times = isinstance(dtype, pd.ArrowDtype) and "timestamp" in str(dtype)
    return isinstance(dtype, pd.DatetimeTZDtype) or dtype.kind == "M" or arrow_times


def _parse_times(values: pd.Series[Any], where: _Where) -> pd.DatetimeIndex:
    """Start times as a DatetimeIndex; every value must be present and readable."""
    dtype = values.dtype
    if _is_date_time(dtype):
        index = pd.DatetimeIndex(values)
    elif pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        index = _parse_text_times(values, where)
    else:
        raise where.fail(
            "started_at",
            0,
            f"expected date-times (datetime64 or ISO 8601 text such as "
            f"'2027-01-04T09:30:00+09:00'), got values of type {dtype}",
        )
    _Times(index, unchecked=True).check(where)
    return index


def _parse_text_times(values: pd.Series[Any], where: _Where) -> pd.DatetimeIndex:
    absent = np.asarray(values.isna())
    if absent.any():
        raise where.fail("started_at", int(np.argmax(absent)), "missing start time")
    try:
        parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", cache=False)
    except (ValueError, TypeError, OverflowError) as error:
        if "mixed" not in str(error).lower():
            raise where.fail("started_at", 0, f"cannot read the start times: {error}") from None
        text = values.astype(str)
        with_offset = np.asarray(text.str.contains(OFFSET_SUFFIX, regex=True))
        if not with_offset.all():
            raise where.fail(
                "started_at",
                int(np.argmax(~with_offset)),
                "start times mix local times without a UTC offset and times with one; "
                "give every time an offset (e.g. '+09:00') or none",
            ) from None
        parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True, cache=False)
    index = pd.DatetimeIndex(parsed)
    unread = np.asarray(index.isna())
    if unread.any():
        position = int(np.argmax(unread))
        raise where.fail(
            "started_at",
            position,
            f"cannot read {values.iloc[position]!r} as a date-time; expected ISO 8601 such as "
            "'2027-01-04T09:30:00' or '2027-01-04 09:30:00+09:00'",
        )
    return index


_NUMBER_KINDS: Final = frozenset({"integer", "floating", "mixed-integer-float", "empty"})


def _series_seconds(series: pd.Series[Any], column: str, where: _Where) -> SecondsArray:
    dtype = series.dtype
    if isinstance(dtype, np.dtype):
        if dtype.kind in "iufm":
            return _numeric_seconds(series.to_numpy(), column, where)
        if dtype.kind == "O":
            return _object_seconds(series.to_numpy(), column, where)
        raise where.fail(column, 0, _not_numbers(str(dtype)))
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        raise where.fail(column, 0, _not_numbers(str(dtype)))
    absent = np.asarray(series.isna())
    if absent.any():
        raise where.fail(column, int(np.argmax(absent)), "missing duration; expected seconds ≥ 0")
    if pd.api.types.is_integer_dtype(dtype):
        return _numeric_seconds(series.to_numpy(dtype=np.int64), column, where)
    if pd.api.types.is_numeric_dtype(dtype):
        return _numeric_seconds(series.to_numpy(dtype=np.float64), column, where)
    if isinstance(dtype, pd.ArrowDtype):
        import pyarrow as pa

        return _arrow_seconds(pa.array(series.array), column, where, text=False)
    raise where.fail(column, 0, _not_numbers(str(dtype)))


def _object_seconds(values: npt.NDArray[Any], column: str, where: _Where) -> SecondsArray:
    """Durations from an object column: real numbers only (no booleans, no text)."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    absent = pd.isna(values)
    first_absent = int(np.argmax(absent)) if absent.any() else len(values)
    if kind in _NUMBER_KINDS:
        if first_absent < len(values):
            raise where.fail(column, first_absent, "missing duration; expected seconds ≥ 0")
        numbers_ = pd.to_numeric(pd.Series(values))
        return _numeric_seconds(numbers_.to_numpy(), column, where)
    for position, value in enumerate(values):  # error path or unusual numbers (Decimal)
        if position == first_absent:
            raise where.fail(column, position, "missing duration; expected seconds ≥ 0")
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real | Decimal):
            raise where.fail(
                column,
                position,
                f"expected a number of seconds, got {value!r} (booleans and text are not "
                "durations)",
            )
    return _numeric_seconds(np.array([float(v) for v in values], dtype=np.float64), column, where)


def _frame_columns(frame: pd.DataFrame, language: bool) -> _Columns:
    needed = _needed(language)
    _check_names([str(c) for c in frame.columns], needed, _Where(None, 0))
    where = _Where(None, 0, labels=frame.index)
    started = _frame_times(plain_column(frame, "started_at"), where)
    seconds = {
        component: _frame_seconds(frame, column, where)
        for component, column in DURATION_COLUMNS.items()
    }
    if language:
        lang_codes, languages = _series_languages(plain_column(frame, "language"), where)
    else:
        lang_codes, languages = None, ()
    channels = _series_channels(plain_column(frame, "channel"))
    return _Columns(channels, started, seconds, lang_codes, languages, where)


def plain_column(frame: pd.DataFrame, name: str) -> pd.Series[Any]:
    """A frame's column, Arrow view types (``string_view``, ``binary_view``) made plain.

    pandas' dtype checks raise on view types; their values are kept as they are.
    """
    series = frame[name]
    if not _is_view(series.dtype):
        return series
    import pyarrow as pa

    values = pd.arrays.ArrowExtensionArray(without_views(pa.array(series.array)))
    return pd.Series(values, index=series.index, name=series.name, copy=False)


def _frame_seconds(frame: pd.DataFrame, column: str, where: _Where) -> SecondsArray:
    """Durations of a frame's column (a view type is text or bytes: never durations)."""
    series = frame[column]
    if _is_view(series.dtype):
        raise where.fail(column, 0, _not_numbers(str(series.dtype)))
    return _series_seconds(series, column, where)


def _is_view(dtype: Any) -> bool:
    """True for pandas' Arrow ``string_view`` and ``binary_view`` dtypes."""
    return isinstance(dtype, pd.ArrowDtype) and is_view(dtype.pyarrow_dtype)


def _arrow_seconds(array: Any, column: str, where: _Where, *, text: bool) -> SecondsArray:
    """Durations of an Arrow column; ``text`` (CSV) allows numbers written as text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if array.null_count:
        absent = np.asarray(pc.is_null(array).to_numpy(zero_copy_only=False))
        raise where.fail(column, int(np.argmax(absent)), "missing duration; expected seconds ≥ 0")
    kind = array.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_duration(kind):
        return _numeric_seconds(arrow_values(array), column, where)
    if pa.types.is_decimal(kind):
        return _numeric_seconds(pc.cast(array, pa.float64()).to_numpy(), column, where)
    if text and (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        # Spaces around a number are allowed, as Arrow's CSV parser of numbers allows them.
        trimmed = pc.utf8_trim_whitespace(array)
        written = arrow_text_numbers(trimmed)
        if written is not None:
            return _numeric_seconds(written, column, where)
        position = _first_unreadable(trimmed)
        value = array[position].as_py()
        raise where.fail(column, position, f"expected a number of seconds, got {value!r}")
    raise where.fail(column, 0, _not_numbers(str(kind)))


def _first_unreadable(text: Any) -> int:
    """0-based position of the first value of an Arrow text array that Arrow does not read
    as a number (there is one): the array is halved while a half reads, a few casts in all.
    A value is unread when Arrow's cast to float64 refuses it, the last cast
    :func:`arrow_text_numbers` tries, so the row named is one that made that function fail."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def readable(part: Any) -> bool:
        try:
            pc.cast(part, pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return False
        return True

    low, high = 0, len(text)
    while high - low > 1:  # the first unreadable value lies in low..high - 1
        middle = (low + high) // 2
        if readable(text.slice(low, middle - low)):
            low = middle
        else:
            high = middle
    return low


def arrow_text_numbers(text: Any) -> npt.NDArray[Any] | None:
    """Numbers written as text in an Arrow array: int64 when every value is a whole number,
    else float64 (NaN where a value is missing); None when a value is not a number."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for target in (pa.int64(), pa.float64()):
        try:
            cast = pc.cast(text, target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        # A view of Arrow's buffer where nothing is missing (no pandas loaded); else
        # pyarrow's conversion (missing values as NaN).
        numbers_: npt.NDArray[Any] = arrow_values(cast)
        return numbers_
    return None


def _arrow_text_times(times: Any) -> Any | None:
    """ISO 8601 text parsed by Arrow, or None when pandas must decide (or name the row).

    The result is what :func:`_parse_text_times` gives, faster: times without an offset are
    local (naive); times that all carry the same UTC offset keep that offset as their zone;
    times with different offsets are read in UTC. Missing values, times mixing the two
    kinds, other spellings and times outside 1677–2262 return None.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if times.null_count or not len(times):
        return None
    # The first time says which kind to try (a failing cast is slow: it is tried once).
    first = re.search(OFFSET_SUFFIX, str(times[0].as_py()))
    if first is None:
        try:
            return pc.cast(times, pa.timestamp("ns"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
    try:
        instants = pc.cast(times, pa.timestamp("ns", "UTC"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    # Every time parsed with an offset: when all end as the first does, that is the one
    # offset (one comparison a row); else the regular expression runs on the few distinct
    # endings (an offset is at most six characters) rather than on every row.
    if pc.all(pc.ends_with(times, pattern=first.group(0))).as_py():
        offsets = {_offset_zone(first.group(0))}
    else:
        endings = pc.unique(pc.utf8_slice_codeunits(times, start=-6))
        found = pc.extract_regex(endings, r"(?P<offset>(?:[Zz]|[+-]\d\d(?::?\d\d)?))$")
        offsets = {_offset_zone(text) for text in pc.unique(found.field("offset")).to_pylist()}
    if len(offsets) == 1:
        return instants.cast(pa.timestamp("ns", offsets.pop()))
    return instants


def _offset_zone(text: str) -> str:
    """``"+0900"`` or ``"+09:00"`` → ``"+09:00"``; ``"Z"`` and zero offsets → ``"UTC"``."""
    if text in ("Z", "z"):
        return "UTC"
    digits = text[1:].replace(":", "")
    hours, minutes = digits[:2], digits[2:] or "00"
    if hours == "00" and minutes == "00":
        return "UTC"
    return f"{text[0]}{hours}:{minutes}"


def _arrow_columns(
    batch: Any,
    offset: int,
    source: str | None,
    language: bool,
    *,
    csv: bool = False,
    unread: Collection[str] = (),
    split: bool = True,
) -> _Columns:
    """Columns of one Arrow record batch (``unread`` columns were proven valid, not read).

    ``split`` False keeps the work on each of its batches on the calling thread.
    """
    import pyarrow as pa

    where = _Where(source, offset, csv=csv)
    names = batch.schema.names
    started = _Times(None)
    if "started_at" not in unread:
        times = without_views(batch.column(names.index("started_at")))
        kind = times.type
        if pa.types.is_timestamp(kind):
            if times.null_count:
                absent = times.is_null().to_numpy(zero_copy_only=False)
                raise where.fail("started_at", int(np.argmax(absent)), "missing start time")
            started = _Times(times)
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            parsed = _arrow_text_times(times)
            if parsed is None:  # anything unusual: pandas' parser, which names the row
                parsed = _parse_times(pd.Series(times.to_pandas()), where)
            started = _Times(parsed)
        else:
            raise where.fail(
                "started_at", 0, f"expected date-times (timestamp or ISO 8601 text), got {kind}"
            )
    seconds = {
        component: _arrow_seconds(batch.column(names.index(column)), column, where, text=csv)
        for component, column in DURATION_COLUMNS.items()
        if column not in unread
    }
    lang_codes: npt.NDArray[np.int32] | None = None
    languages: tuple[str, ...] = ()
    if language:
        lang_codes, languages = _arrow_languages(batch.column(names.index("language")), where)
    channels = _arrow_channels(batch.column(names.index("channel")))
    return _Columns(channels, started, seconds, lang_codes, languages, where, split)


def _arrow_input_batches(calls: Any, batch_rows: int, language: bool) -> Iterator[_Columns]:
    """An in-memory Arrow table, record batch or stream of record batches."""
    import pyarrow as pa

    needed = _needed(language)
    _check_arrow_schema(calls.schema, needed, _Where(None, 0))
    if isinstance(calls, pa.RecordBatch):
        calls = pa.Table.from_batches([calls])
    if isinstance(calls, pa.Table):
        calls = calls.select([calls.schema.names.index(name) for name in needed])
        batches: Iterable[Any] = calls.to_batches(max_chunksize=batch_rows)
    else:
        batches = calls
    offset = 0
    for batch in batches:
        for start in range(0, batch.num_rows, batch_rows):
            part = batch.slice(start, batch_rows)
            yield _arrow_columns(part, offset, None, language)
            offset += part.num_rows
