"""The two sides of an invoice audit: the vendor's billing detail and the buyer's records.

The billing detail (``contact_id``, ``billed_seconds``, optionally ``amount``) is read from a
frame or a file and checked: ids text or whole numbers, seconds whole and ≥ 0, amounts at
most the currency's minor-unit decimals. The records are read with
:func:`~vendoreval.pricing.iter_call_batches` and replayed per contact: whole billable
seconds, the same plus the wait (when the sheet does not bill it), and the premium class of
the contact's start and language; their ``contact_id`` column is read beside them. Every
error names the file, the 1-based data row (and CSV line) and the column.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import is_frame, pd
from vendoreval._types import IntArray
from vendoreval.currency import minor_units
from vendoreval.errors import ArgumentTypeError, CallRecordError
from vendoreval.pricing.audit_premiums import _Premium
from vendoreval.pricing.audit_report import AMOUNT_COLUMN, ID_COLUMN, SECONDS_COLUMN
from vendoreval.pricing.billing import whole_seconds
from vendoreval.pricing.premium_windows import time_kinds
from vendoreval.pricing.record_schema import (
    UNITS_PER_SECOND,
    missing_columns_text,
    row_text,
    source_prefix,
    value_error,
)
from vendoreval.pricing.record_values import plain_column
from vendoreval.pricing.records import CHANNEL_ORDER, CallBatch, SecondsArray, iter_call_batches
from vendoreval.pricing.sheet import BillableComponent, PriceSheet
from vendoreval.vocabulary import Channel

__all__: list[str] = []

_PHONE: Final = CHANNEL_ORDER.index(Channel.PHONE)
_MAX_BILLED_SECONDS: Final = 2**31 - 1
_CALLS: Final = "call records"
_DETAIL: Final = "billing detail"


@dataclass(frozen=True, eq=False)
class _Place:
    """Where values came from, for messages that name the file, 1-based row and column."""

    what: str
    source: str | None
    csv: bool = False
    labels: pd.Index | None = None

    def fail(self, column: str, position: int, problem: str) -> CallRecordError:
        """An error for the value at 0-based ``position`` of the frame or file."""
        place = row_text(position, csv=self.csv, labels=self.labels)
        return value_error(self.prefix(), column, place, problem)

    def missing(self, absent: Sequence[str], present: Sequence[str], needed: str) -> None:
        if absent:
            raise CallRecordError(
                f"{self.prefix()}{missing_columns_text(absent, present)}; "
                f"{self.what} need {needed} (found: {', '.join(map(str, present)) or 'none'})"
            )

    def prefix(self) -> str:
        return source_prefix(self.source, self.what)


@dataclass(frozen=True)
class _Segment:
    """Rows ``start``… of the concatenated records come from ``row``… of ``place``."""

    start: int
    row: int
    place: _Place


def _locate(segments: list[_Segment], position: int) -> tuple[_Place, int]:
    index = bisect.bisect_right([s.start for s in segments], position) - 1
    segment = segments[index]
    return segment.place, segment.row + position - segment.start


def _read_columns(
    path: Path, required: Sequence[str], optional: Sequence[str], place: _Place, needed: str
) -> pd.DataFrame:
    """Read the ``required`` and present ``optional`` columns of a parquet or CSV file.

    CSV ids are read as text; a CSV value of the wrong type makes the whole file be read as
    text so that the value checks can name its row.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    kind = "CSV" if place.csv else "parquet"
    try:
        if place.csv:
            options = pacsv.ReadOptions(block_size=1 << 16)
            present = pacsv.open_csv(path, read_options=options).schema.names
        else:
            present = pq.ParquetFile(path).schema_arrow.names
        place.missing([c for c in required if c not in present], present, needed)
        wanted = [*required, *(c for c in optional if c in present)]
        if not place.csv:
            frame: pd.DataFrame = pq.read_table(path, columns=wanted).to_pandas()
            return frame
        try:
            table = pacsv.read_csv(
                path,
                convert_options=pacsv.ConvertOptions(
                    include_columns=wanted,
                    column_types={ID_COLUMN: pa.string()},
                    strings_can_be_null=True,
                ),
            )
        except pa.ArrowInvalid:
            table = pacsv.read_csv(
                path,
                convert_options=pacsv.ConvertOptions(
                    include_columns=wanted,
                    column_types=dict.fromkeys(wanted, pa.string()),
                    strings_can_be_null=True,
                ),
            )
    except (pa.ArrowException, OSError) as error:
        raise CallRecordError(
            f"{place.what}: cannot read {str(path)!r} as {kind}: {error}"
        ) from None
    text: pd.DataFrame = table.to_pandas()
    return text


def _file_kind(path: Path, what: str) -> bool:
    """True for CSV, False for parquet; an error for anything else."""
    name = path.name.lower()
    if not path.is_file():
        raise CallRecordError(f"{what}: no file {str(path)!r}")
    if name.endswith((".csv", ".csv.gz")):
        return True
    if name.endswith(".parquet"):
        return False
    raise CallRecordError(f"{what}: cannot read {str(path)!r}; expected a .parquet or .csv file")


def _ids(series: pd.Series[Any], place: _Place) -> pd.Series[Any]:
    """Contact ids as int64 or text; missing, float or mixed ids are errors."""
    values = series.reset_index(drop=True)
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        values = values.astype(dtype.categories.dtype)
        dtype = values.dtype
    absent = np.asarray(values.isna())
    if absent.any():
        raise place.fail(ID_COLUMN, int(np.argmax(absent)), "missing contact id")
    if pd.api.types.is_bool_dtype(dtype):
        raise place.fail(ID_COLUMN, 0, "expected text or whole-number ids, got booleans")
    if pd.api.types.is_integer_dtype(dtype):
        position = _beyond_int64(values)
        if position is not None:
            raise place.fail(ID_COLUMN, position, "id too large; give ids as text")
        return pd.Series(values.to_numpy(dtype=np.int64))
    if pd.api.types.is_float_dtype(dtype):
        raise place.fail(
            ID_COLUMN,
            0,
            f"expected text or whole-number ids, got floating-point numbers ({values.iloc[0]!r}); "
            "read the ids as text or integers",
        )
    if pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
        kind = pd.api.types.infer_dtype(values, skipna=False)
        if kind in ("string", "empty"):
            return values.astype("str")
        if kind == "integer":
            return pd.Series(values.to_numpy(dtype=np.int64))
        is_text = np.asarray(values.map(lambda v: isinstance(v, str)), dtype=bool)
        position = int(np.argmax(~is_text)) if not is_text.all() else 0
        value = values.iloc[position]
        raise place.fail(
            ID_COLUMN,
            position,
            f"expected text or whole-number ids, got {value!r} ({type(value).__name__}) among "
            "text ids",
        )
    raise place.fail(ID_COLUMN, 0, f"expected text or whole-number ids, got values of type {dtype}")


def _beyond_int64(values: pd.Series[Any]) -> int | None:
    """Position of the first value of an unsigned integer column above int64's range."""
    if not (pd.api.types.is_unsigned_integer_dtype(values.dtype) and len(values)):
        return None
    big = np.asarray(values > np.iinfo(np.int64).max)
    return int(np.argmax(big)) if big.any() else None


def _unify(parts: list[pd.Series[Any]]) -> list[pd.Series[Any]]:
    """Ids of several sources in one kind: text as soon as one source holds text."""
    if all(pd.api.types.is_integer_dtype(p.dtype) for p in parts):
        return parts
    return [p.astype("str") if pd.api.types.is_integer_dtype(p.dtype) else p for p in parts]


def _numbers(series: pd.Series[Any], column: str, place: _Place, unit: str) -> SecondsArray:
    """Numeric values of a column (int64 or float64); missing or unreadable values fail."""
    values = series.reset_index(drop=True)
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise place.fail(column, 0, f"expected {unit}, got booleans")
    absent = np.asarray(values.isna())
    if absent.any():
        raise place.fail(column, int(np.argmax(absent)), f"missing value; expected {unit}")
    if pd.api.types.is_integer_dtype(dtype):
        position = _beyond_int64(values)
        if position is not None:
            problem = f"{values.iloc[position]} is too large; expected {unit}"
            raise place.fail(column, position, problem)
        integers: IntArray = values.to_numpy(dtype=np.int64)
        return integers
    if pd.api.types.is_float_dtype(dtype):
        floats: npt.NDArray[np.float64] = values.to_numpy(dtype=np.float64)
        return floats
    numbers = pd.to_numeric(values, errors="coerce")
    unread = np.asarray(numbers.isna())
    if unread.any():
        position = int(np.argmax(unread))
        raise place.fail(column, position, f"expected {unit}, got {values.iloc[position]!r}")
    if pd.api.types.is_integer_dtype(numbers.dtype):
        return numbers.to_numpy(dtype=np.int64)
    return numbers.to_numpy(dtype=np.float64)


def _billed_seconds(series: pd.Series[Any], place: _Place) -> IntArray:
    """Whole billed seconds ≥ 0 of each line."""
    unit = "whole seconds ≥ 0"
    values = _numbers(series, SECONDS_COLUMN, place, unit)
    if values.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            bad = ~(np.isfinite(values) & (values >= 0) & (values == np.floor(values)))
            bad |= values > _MAX_BILLED_SECONDS
    else:
        bad = (values < 0) | (values > _MAX_BILLED_SECONDS)
    if bad.any():
        position = int(np.argmax(bad))
        value = values[position]
        if value < 0:
            problem = f"negative seconds {value}; expected {unit}"
        elif values.dtype.kind == "f" and np.isfinite(value) and value != np.floor(value):
            problem = f"{value} is not a whole number of seconds; expected {unit}"
        else:
            problem = f"{value} is not a plausible billed duration; expected {unit}"
        raise place.fail(SECONDS_COLUMN, position, problem)
    return values.astype(np.int64, copy=False)


def _amount_minor(series: pd.Series[Any], currency: str, place: _Place) -> IntArray:
    """Line amounts in minor units of the currency (exact: more decimals are an error)."""
    places = minor_units(currency)
    unit = f"an amount ≥ 0 in {currency} with at most {places} decimals"
    values = _numbers(series, AMOUNT_COLUMN, place, unit)
    if values.dtype.kind == "i":
        bad = (values < 0) | (values >= 2**53 // 10**places)
        if bad.any():
            position = int(np.argmax(bad))
            raise place.fail(AMOUNT_COLUMN, position, f"{values[position]} is not {unit}")
        result: IntArray = values * 10**places
        return result
    scaled = values * float(10**places)
    with np.errstate(invalid="ignore"):
        minor = np.rint(scaled)
        bad = ~(np.isfinite(scaled) & (values >= 0) & (scaled < 2.0**53))
        bad |= np.abs(scaled - minor) > 1e-9 + 1e-12 * np.abs(minor)
    if bad.any():
        position = int(np.argmax(bad))
        raise place.fail(AMOUNT_COLUMN, position, f"{series.iloc[position]} is not {unit}")
    return minor.astype(np.int64)


@dataclass(frozen=True, eq=False)
class _Billed:
    ids: pd.Series[Any]
    seconds: IntArray
    amount: IntArray | None
    place: _Place


def _read_billed(billed: pd.DataFrame | str | Path, currency: str) -> _Billed:
    needed = f"{ID_COLUMN!r} and {SECONDS_COLUMN!r} (and optionally {AMOUNT_COLUMN!r})"
    columns = [ID_COLUMN, SECONDS_COLUMN, AMOUNT_COLUMN]
    if is_frame(billed):
        place = _Place(_DETAIL, None, labels=billed.index)
        present = [str(c) for c in billed.columns]
        place.missing([c for c in columns[:2] if c not in present], present, needed)
        frame = billed
    elif isinstance(billed, str | Path):
        path = Path(billed)
        place = _Place(_DETAIL, str(path), csv=_file_kind(path, _DETAIL))
        frame = _read_columns(path, columns[:2], columns[2:], place, needed)
    else:
        raise ArgumentTypeError(
            "billed must be a pandas DataFrame or the path of a .parquet/.csv file, "
            f"got {type(billed).__name__}"
        )
    ids = _ids(plain_column(frame, ID_COLUMN), place)
    seconds = _billed_seconds(plain_column(frame, SECONDS_COLUMN), place)
    amount = (
        _amount_minor(plain_column(frame, AMOUNT_COLUMN), currency, place)
        if AMOUNT_COLUMN in frame.columns
        else None
    )
    return _Billed(ids, seconds, amount, place)


@dataclass(frozen=True, eq=False)
class _Records:
    ids: pd.Series[Any]
    billable: IntArray
    with_wait: IntArray | None
    classes: npt.NDArray[np.intp] | None
    segments: list[_Segment]


def _whole_seconds(columns: list[SecondsArray]) -> IntArray:
    """Per-contact sum of ``columns`` in whole seconds, fractions rounded up, as the invoice
    counts them [s]."""
    seconds = np.empty(columns[0].shape[0], dtype=np.int64)
    whole_seconds(columns, seconds)
    return seconds


def _time_kinds(batch: CallBatch, premium: _Premium, timezone: str | None) -> npt.NDArray[np.intp]:
    """Which time premium applies at each contact's start, decided as the invoice does."""

    def kinds(minutes: IntArray) -> npt.NDArray[np.intp]:
        # ``minutes``: local wall-clock minutes since 1970-01-01 00:00.
        return time_kinds(premium.premiums, minutes * 60, premium.order)

    index = batch.started_at
    if timezone is None or index.tz is not None:
        return batch.by_local_minute(premium.timezone, kinds)
    # Naive times read in ``timezone``: a wall-clock time repeated by a DST change is taken
    # as its first occurrence, a skipped one moves forward.
    aware = index.tz_localize(
        timezone, ambiguous=np.ones(len(index), dtype=bool), nonexistent="shift_forward"
    )
    wall = aware.tz_convert(premium.timezone).tz_localize(None)
    per_minute = 60 * UNITS_PER_SECOND[str(wall.unit)]
    return kinds(np.asarray(wall.asi8, dtype=np.int64) // per_minute)


def _source_ids(
    calls: pd.DataFrame | str | Path, source: str | None, csv: bool, cache: dict[str, Any]
) -> tuple[pd.Series[Any], _Place]:
    """Contact ids of the records frame, or of one records file (read once, column only)."""
    key = source if source is not None else ""
    if key not in cache:
        needed = f"{ID_COLUMN!r} to audit an invoice"
        if source is None:
            assert is_frame(calls)
            place = _Place(_CALLS, None, labels=calls.index)
            column = plain_column(calls, ID_COLUMN)
        else:
            place = _Place(_CALLS, source, csv=csv)
            column = _read_columns(Path(source), [ID_COLUMN], [], place, needed)[ID_COLUMN]
        cache[key] = (_ids(column, place), place)
    ids, place = cache[key]
    return ids, place


def _read_records(
    sheet: PriceSheet,
    calls: pd.DataFrame | str | Path,
    premium: _Premium | None,
    timezone: str | None,
    batch_rows: int,
) -> _Records:
    if is_frame(calls) and ID_COLUMN not in calls.columns:
        _Place(_CALLS, None).missing(
            [ID_COLUMN], [str(c) for c in calls.columns], f"{ID_COLUMN!r} to audit an invoice"
        )
    components = [c for c in BillableComponent if c in sheet.billable_components]
    with_wait = [*components, BillableComponent.WAIT] if not sheet.bills_wait else None
    language = premium is not None and bool(premium.languages)
    cache: dict[str, Any] = {}
    ids: list[pd.Series[Any]] = []
    billable: list[IntArray] = []
    waited: list[IntArray] = []
    classes: list[npt.NDArray[np.intp]] = []
    segments: list[_Segment] = []
    start = 0
    for batch in iter_call_batches(calls, batch_rows=batch_rows, language=language):
        rows = len(batch)
        if rows == 0:
            continue
        column, place = _source_ids(calls, batch.where.source, batch.where.csv, cache)
        first = batch.row(0)
        ids.append(column.iloc[first : first + rows])
        segments.append(_Segment(start, first, place))
        start += rows
        phone = None if batch.all_phone else batch.channel == _PHONE
        seconds = _whole_seconds([batch.seconds[c] for c in components])
        billable.append(seconds if phone is None else np.where(phone, seconds, 0))
        if with_wait is not None:
            more = _whole_seconds([batch.seconds[c] for c in with_wait])
            waited.append(more if phone is None else np.where(phone, more, 0))
        if premium is not None:
            kind = _time_kinds(batch, premium, timezone) * premium.n_languages
            classes.append(kind + batch.language_slots(premium.languages) if language else kind)
    return _Records(
        ids=pd.concat(_unify(ids), ignore_index=True) if ids else pd.Series([], dtype="str"),
        billable=np.concatenate(billable) if billable else np.zeros(0, dtype=np.int64),
        with_wait=(
            (np.concatenate(waited) if waited else np.zeros(0, dtype=np.int64))
            if with_wait is not None
            else None
        ),
        classes=(
            (np.concatenate(classes) if classes else np.zeros(0, dtype=np.intp))
            if premium is not None
            else None
        ),
        segments=segments,
    )
