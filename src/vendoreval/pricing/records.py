"""Call records: validation and streaming reads of the contacts an invoice replays.

A call record is one contact. The columns are

========================  ===================================================================
``channel``               ``phone``, ``email``, ``chat``, ``social`` or ``messaging``
``started_at``            when the contact started: datetime64 (with or without a time zone)
                          or ISO 8601 text; a time without a zone is local time
``talk_seconds``          talk (or handling) time [s]
``hold_seconds``          time on hold [s]
``acw_seconds``           after-call work [s]
``wait_seconds``          the customer's time in queue before an agent answered [s]
``language``              optional: BCP 47 tag of the contact's language
``resolved``              optional: whether the contact was resolved (not used for pricing)
========================  ===================================================================

Durations are integers or floats ≥ 0 (at most :data:`MAX_COMPONENT_SECONDS` each); NaN,
negative and infinite values are errors. Records come from a :class:`pandas.DataFrame` or
from ``.parquet`` / ``.csv`` (also ``.csv.gz``) files or a folder of them, which are read in
batches of at most ``batch_rows`` rows with :mod:`pyarrow`, so memory stays bounded however
long the file is: one batch, plus for parquet the compressed column chunks of one row group.

Bad input raises one :class:`~vendoreval.errors.CallRecordError` that names the column, the
first offending row (0-based position in the frame or file) and, for files, the path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from vendoreval._parallel import CHUNK_ROWS, map_row_ranges, worker_count
from vendoreval._types import SecondsArray
from vendoreval.errors import ArgumentError, ArgumentTypeError, CallRecordError
from vendoreval.pricing.sheet import BillableComponent
from vendoreval.vocabulary import Channel

__all__ = [
    "CALL_COLUMNS",
    "CHANNEL_ORDER",
    "CHUNK_ROWS",
    "DURATION_COLUMNS",
    "MAX_COMPONENT_SECONDS",
    "OPTIONAL_CALL_COLUMNS",
    "CallBatch",
    "ChunkVisitor",
    "SecondsArray",
    "iter_call_batches",
    "map_row_ranges",
    "validate_calls",
    "worker_count",
]

CHANNEL_ORDER: Final[tuple[Channel, ...]] = tuple(Channel)
"""Channels in the order of their integer codes in :attr:`CallBatch.channel` (phone is 0)."""

DURATION_COLUMNS: Final[dict[BillableComponent, str]] = {
    BillableComponent.TALK: "talk_seconds",
    BillableComponent.HOLD: "hold_seconds",
    BillableComponent.ACW: "acw_seconds",
    BillableComponent.WAIT: "wait_seconds",
}
"""Column holding each billable component [s]."""

CALL_COLUMNS: Final[tuple[str, ...]] = ("channel", "started_at", *DURATION_COLUMNS.values())
"""Columns every call record must have."""

OPTIONAL_CALL_COLUMNS: Final[tuple[str, ...]] = ("language", "resolved")
"""Columns a call record may have (``language`` is required by language premiums)."""

MAX_COMPONENT_SECONDS: Final = 2**27 - 1
"""Largest accepted duration of one component of one contact [s] (134,217,727 s, about four
years): any larger value is a data error, and the bound keeps every sum exact in int64."""


_BLOCK_ROWS: Final = 1 << 20


_UNKNOWN: Final = len(CHANNEL_ORDER)
_MISSING: Final = _UNKNOWN + 1
_CHANNEL_CODES: Final[dict[str, int]] = {c.value: i for i, c in enumerate(CHANNEL_ORDER)}
_UNITS_PER_SECOND: Final[dict[str, int]] = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 10**9}
_OFFSET_SUFFIX: Final = r"(?:[Zz]|[+-]\d\d(?::?\d\d)?)$"
_EXPECTED_CHANNELS: Final = ", ".join(c.value for c in CHANNEL_ORDER)


@dataclass(frozen=True, eq=False)
class _Where:
    """Where a batch came from, for error messages."""

    source: str | None
    offset: int
    csv: bool = False
    labels: pd.Index | None = None
    rows: npt.NDArray[np.int64] | None = None

    def row(self, position: int) -> int:
        """0-based row of the frame or file at ``position`` of the batch."""
        if self.rows is not None:
            return int(self.rows[position])
        return self.offset + position

    def fail(self, column: str, position: int, problem: str) -> CallRecordError:
        """An error naming the column, row and source of the record at ``position``."""
        row = self.row(position)
        place = f"row {row}"
        if self.csv:
            place += f" (line {row + 2} of the file)"
        if self.labels is not None and not isinstance(self.labels, pd.RangeIndex):
            place += f" (index label {self.labels[row]!r})"
        return CallRecordError(f"{self.prefix()}column {column!r}, {place}: {problem}")

    def prefix(self) -> str:
        return f"call records in {self.source!r}: " if self.source else "call records: "


class ChunkVisitor(Protocol):
    """Receives the chunks of a batch as :meth:`CallBatch.scan` checks them."""

    def chunk(self, start: int, stop: int, channel: npt.NDArray[np.int8], phone_only: bool) -> None:
        """Rows ``start:stop`` of the batch passed their checks.

        Parameters
        ----------
        start, stop : int
            Positions of the chunk in the batch.
        channel : numpy.ndarray of int8
            Channel codes of the chunk.
        phone_only : bool
            True when every contact of the chunk is a phone contact.
        """


_V = TypeVar("_V", bound=ChunkVisitor)
_G = TypeVar("_G", bound=np.generic)
_MINUTE_TABLE_LIMIT: Final = 1 << 22


@dataclass(eq=False)
class _ScanState:
    validated: bool = False
    counts: npt.NDArray[np.int64] | None = None
    cache: dict[Any, Any] = field(default_factory=dict)


class CallBatch:
    """Columns of consecutive call records, checked chunk by chunk.

    Values are checked by :meth:`scan` (or :meth:`validate`), one cache-sized chunk at a time
    and in worker threads, so that a consumer that passes a visitor prices each chunk while
    it is still in cache: the records cross memory once.

    Parameters
    ----------
    channel_codes : numpy.ndarray of int
        Factorized channel of each contact (-1 when missing): an index into
        ``channel_values``.
    channel_values : sequence
        The distinct channel values that ``channel_codes`` index.
    started_at : pandas.DatetimeIndex
        Start of each contact, present and readable; naive (local time) or time-zone aware.
    seconds : dict of BillableComponent to numpy.ndarray
        Talk, hold, after-call work and wait of each contact, int64 or float64 [s]; checked
        to be ≥ 0, finite and at most :data:`MAX_COMPONENT_SECONDS` by :meth:`scan`.
    language : numpy.ndarray of int32, optional
        Index of each contact's language into ``languages`` (-1 when missing); None when the
        column was not read.
    languages : tuple of str
        Language tags that ``language`` indexes.
    """

    def __init__(
        self,
        channel_codes: npt.NDArray[np.integer[Any]],
        channel_values: Sequence[Any],
        started_at: pd.DatetimeIndex | _Times,
        seconds: dict[BillableComponent, SecondsArray],
        language: npt.NDArray[np.int32] | None = None,
        languages: tuple[str, ...] = (),
        where: _Where | None = None,
        lookup: tuple[npt.NDArray[np.int8], bool] | None = None,
    ) -> None:
        self.channel_codes = channel_codes
        self.channel_values = list(channel_values)
        self._times = started_at if isinstance(started_at, _Times) else _Times(started_at)
        self.seconds = seconds
        self.language = language
        self.languages = languages
        self.where = where if where is not None else _Where(None, 0)
        self._lookup, identity = lookup if lookup is not None else _lookup(channel_values)
        self._identity = identity and channel_codes.dtype == np.int8
        rows = int(channel_codes.shape[0])
        self._channel: npt.NDArray[np.int8] = (
            channel_codes.view(np.int8) if self._identity else np.empty(rows, dtype=np.int8)
        )
        self._state = _ScanState()

    def __len__(self) -> int:
        return int(self.channel_codes.shape[0])

    @property
    def started_at(self) -> pd.DatetimeIndex:
        """Start of each contact (naive: local time; or time-zone aware)."""
        return self._times.index()

    @property
    def channel(self) -> npt.NDArray[np.int8]:
        """Channel code of each contact, an index into :data:`CHANNEL_ORDER` (phone is 0)."""
        self.validate()
        return self._channel

    @property
    def counts(self) -> npt.NDArray[np.int64]:
        """Contacts per channel, in :data:`CHANNEL_ORDER` order [contacts]."""
        self.validate()
        assert self._state.counts is not None
        return self._state.counts

    @property
    def all_phone(self) -> bool:
        """True when every contact of the batch is a phone contact."""
        return bool(self.counts[0] == len(self))

    def row(self, position: int) -> int:
        """0-based row in the source frame or file of the contact at ``position``."""
        return self.where.row(position)

    def describe_row(self, position: int) -> str:
        """``"row 12 of 'calls.parquet'"``: where the contact at ``position`` came from."""
        text = f"row {self.row(position)}"
        return f"{text} of {self.where.source!r}" if self.where.source else text

    def validate(self) -> None:
        """Check every value; raise :class:`CallRecordError` at the first offending row."""
        if not self._state.validated:
            self.scan(None)

    def scan(self, make_visitor: Callable[[], _V] | None) -> list[_V]:
        """Check the batch chunk by chunk and hand each checked chunk to a visitor.

        Parameters
        ----------
        make_visitor : callable, optional
            Makes one visitor per worker thread; each sees a contiguous run of chunks.

        Returns
        -------
        list
            The visitors, in row order.

        Raises
        ------
        CallRecordError
            At the first offending row of the batch (the column, row and file are named).
        """
        codes, lookup, identity = self.channel_codes, self._lookup, self._identity
        channel = self._channel
        columns = list(self.seconds.values())
        n_channels = len(CHANNEL_ORDER)

        def task(low: int, high: int) -> tuple[_V | None, npt.NDArray[np.int64], bool]:
            visitor = make_visitor() if make_visitor is not None else None
            counts = np.zeros(n_channels, dtype=np.int64)
            for first in range(low, high, CHUNK_ROWS):
                last = min(first + CHUNK_ROWS, high)
                if not identity:
                    np.take(lookup, codes[first:last], out=channel[first:last])
                part = channel[first:last]
                chunk = [int(np.count_nonzero(part == code)) for code in range(n_channels)]
                if sum(chunk) != last - first:
                    return visitor, counts, False
                for column in columns:
                    values = column[first:last]
                    if values.dtype.kind == "i":
                        # One OR over the chunk: it is ≤ 2**27 - 1 exactly when every value is
                        # in 0..2**27 - 1 (a negative value sets the sign bit).
                        if not 0 <= np.bitwise_or.reduce(values) <= MAX_COMPONENT_SECONDS:
                            return visitor, counts, False
                    elif not (values.min() >= 0 and values.max() <= MAX_COMPONENT_SECONDS):
                        return visitor, counts, False
                counts += chunk
                if visitor is not None:
                    visitor.chunk(first, last, part, chunk[0] == last - first)
            return visitor, counts, True

        results = map_row_ranges(task, len(self))
        if not all(ok for _, _, ok in results):
            self._raise_first_problem()
        self._state.counts = np.sum([r[1] for r in results], axis=0, dtype=np.int64)
        self._state.validated = True
        return [visitor for visitor, _, _ in results if visitor is not None]

    def _raise_first_problem(self) -> None:
        mapped = (
            self.channel_codes.view(np.int8)
            if self._identity
            else np.take(self._lookup, self.channel_codes)
        )
        problems: list[tuple[int, int, str]] = []
        bad_channel = (mapped < 0) | (mapped >= _UNKNOWN)
        if bad_channel.any():
            problems.append((int(np.argmax(bad_channel)), 0, "channel"))
        for order, (component, values) in enumerate(self.seconds.items(), start=1):
            with np.errstate(invalid="ignore"):
                bad = ~((values >= 0) & (values <= MAX_COMPONENT_SECONDS))
            if bad.any():
                problems.append((int(np.argmax(bad)), order, DURATION_COLUMNS[component]))
        position, _, column = min(problems)
        if column == "channel":
            code = int(self.channel_codes[position])
            if code < 0 or mapped[position] == _MISSING:
                raise self.where.fail(
                    "channel", position, f"missing channel; expected one of {_EXPECTED_CHANNELS}"
                )
            raise self.where.fail(
                "channel",
                position,
                f"unknown channel {self.channel_values[code]!r}; expected one of "
                f"{_EXPECTED_CHANNELS}",
            )
        component = next(c for c, name in DURATION_COLUMNS.items() if name == column)
        value = self.seconds[component][position]
        if value != value:  # NaN
            problem = "missing duration (NaN); expected seconds ≥ 0"
        elif value < 0:
            problem = f"negative duration {value}; expected seconds ≥ 0"
        else:
            problem = (
                f"duration {value} is not a plausible contact (expected a finite number of "
                f"seconds ≤ {MAX_COMPONENT_SECONDS:,})"
            )
        raise self.where.fail(column, position, problem)

    def by_local_minute(
        self,
        timezone: str | None,
        rule: Callable[[npt.NDArray[np.int64]], npt.NDArray[_G]],
    ) -> npt.NDArray[_G]:
        """Apply ``rule`` to the local wall-clock minute at which each contact started.

        ``rule`` receives local minutes since 1970-01-01 00:00 and returns one value per
        minute. It is evaluated once per minute of the span the batch covers (a month is
        44,640 minutes), not once per contact, and the results are gathered per contact, so
        rules on clock time, weekday and date cost little however many contacts there are.

        Parameters
        ----------
        timezone : str, optional
            IANA zone to read aware timestamps in; None keeps each timestamp's own zone.
            Naive timestamps are already local.
        rule : callable
            Maps an int64 array of local minutes [min] to an array of the same length.

        Returns
        -------
        numpy.ndarray
            ``rule``'s value for each contact.
        """
        index = self.started_at
        per_minute = 60 * _UNITS_PER_SECOND[str(index.unit)]
        minutes = np.asarray(index.asi8, dtype=np.int64) // per_minute
        if minutes.size == 0:
            result: npt.NDArray[_G] = rule(minutes)
            return result
        first, last = int(minutes.min()), int(minutes.max())
        if index.tz is None:
            table = np.arange(first, last + 1, dtype=np.int64)
        elif last - first < _MINUTE_TABLE_LIMIT:
            zone = timezone if timezone is not None else index.tz
            instants = pd.DatetimeIndex(
                (np.arange(first, last + 1, dtype=np.int64) * 60).astype("datetime64[s]"),
                tz="UTC",
            )
            wall = np.asarray(instants.tz_convert(zone).tz_localize(None).asi8, dtype=np.int64)
            wall_seconds = wall // _UNITS_PER_SECOND[str(instants.unit)]
            if np.any(wall_seconds % 60):  # an offset with seconds (old local mean time)
                return rule(self.local_seconds(timezone) // 60)
            table = wall_seconds // 60
        else:  # a span of more than about eight years: convert every contact instead
            return rule(self.local_seconds(timezone) // 60)
        values = rule(table)
        minutes -= first
        gathered: npt.NDArray[_G] = values[minutes]
        return gathered

    def local_seconds(self, timezone: str | None) -> npt.NDArray[np.int64]:
        """Wall-clock start of each contact as seconds since 1970-01-01 00:00 [s].

        Parameters
        ----------
        timezone : str, optional
            IANA zone to read aware timestamps in; None keeps each timestamp's own zone.
            Naive timestamps are already local and are returned as they are.
        """
        key = ("local", timezone)
        cache = self._state.cache
        if key not in cache:
            index = self.started_at
            if index.tz is not None:
                if timezone is not None:
                    index = index.tz_convert(timezone)
                index = index.tz_localize(None)
            ticks = np.asarray(index.asi8, dtype=np.int64)
            per_second = _UNITS_PER_SECOND[str(index.unit)]
            cache[key] = ticks // per_second if per_second != 1 else ticks.copy()
        local: npt.NDArray[np.int64] = cache[key]
        return local

    def take(self, mask: npt.NDArray[np.bool_]) -> CallBatch:
        """The contacts where ``mask`` is True (after checking the whole batch).

        The new batch remembers the source rows of its contacts for messages.
        """
        channel = self.channel  # checks every value first
        positions = np.flatnonzero(mask)
        rows = (
            self.where.rows[positions]
            if self.where.rows is not None
            else positions.astype(np.int64) + self.where.offset
        )
        return CallBatch(
            channel_codes=channel[positions],
            channel_values=[c.value for c in CHANNEL_ORDER],
            started_at=self.started_at[positions],
            seconds={k: v[positions] for k, v in self.seconds.items()},
            language=None if self.language is None else self.language[positions],
            languages=self.languages,
            where=replace(self.where, rows=rows),
        )


class _Times:
    """Start times, as a DatetimeIndex or a checked Arrow timestamp array converted on demand.

    Pricing without time premiums or a month never looks at the times beyond checking they
    are present, so an Arrow column is turned into pandas only when asked for.
    """

    def __init__(self, times: pd.DatetimeIndex | Any) -> None:
        self._times = times

    def slice(self, start: int, stop: int) -> _Times:
        if isinstance(self._times, pd.DatetimeIndex):
            return _Times(self._times[start:stop])
        return _Times(self._times.slice(start, stop - start))

    def index(self) -> pd.DatetimeIndex:
        if not isinstance(self._times, pd.DatetimeIndex):
            self._times = pd.DatetimeIndex(pd.Series(self._times.to_pandas()))
        return self._times


def _lookup(values: Sequence[Any]) -> tuple[npt.NDArray[np.int8], bool]:
    """Channel code of each factorized value (last entry: missing) and whether it is identity."""
    lookup = np.full(len(values) + 1, _MISSING, dtype=np.int8)
    for i, value in enumerate(values):
        lookup[i] = _CHANNEL_CODES.get(value, _UNKNOWN) if isinstance(value, str) else _UNKNOWN
    # Categories already in channel order (as sample data and database enums have) need no
    # mapping: the codes are the channel codes.
    identity = bool(np.array_equal(lookup[:-1], np.arange(len(values))))
    return lookup, identity


# ---------------------------------------------------------------------------------- columns


@dataclass(frozen=True, eq=False)
class _Columns:
    """Whole columns of a frame or a file batch, converted to arrays, values not yet checked."""

    channel_codes: npt.NDArray[np.integer[Any]]
    channel_values: list[Any]
    started_at: _Times
    seconds: dict[BillableComponent, SecondsArray]
    language: npt.NDArray[np.int32] | None
    languages: tuple[str, ...]
    where: _Where

    def blocks(self, block_rows: int) -> Iterator[CallBatch]:
        """Batches of at most ``block_rows`` rows (values checked when scanned)."""
        lookup = _lookup(self.channel_values)
        rows = self.channel_codes.shape[0]
        for start in range(0, rows, block_rows):
            stop = min(start + block_rows, rows)
            yield CallBatch(
                channel_codes=self.channel_codes[start:stop],
                channel_values=self.channel_values,
                started_at=self.started_at.slice(start, stop),
                seconds={k: v[start:stop] for k, v in self.seconds.items()},
                language=None if self.language is None else self.language[start:stop],
                languages=self.languages,
                where=replace(self.where, offset=self.where.offset + start),
                lookup=lookup,
            )


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
    raise where.fail(column, 0, f"expected numbers of seconds, got values of type {values.dtype}")


def _parse_times(values: pd.Series[Any], where: _Where) -> pd.DatetimeIndex:
    """Start times as a DatetimeIndex; every value must be present and readable."""
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or dtype.kind == "M":
        index = pd.DatetimeIndex(values)
    elif pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
        index = _parse_text_times(values, where)
    elif isinstance(dtype, pd.ArrowDtype) and "timestamp" in str(dtype):
        index = pd.DatetimeIndex(values)
    else:
        raise where.fail(
            "started_at",
            0,
            f"expected date-times (datetime64 or ISO 8601 text such as "
            f"'2027-01-04T09:30:00+09:00'), got values of type {dtype}",
        )
    missing = np.asarray(index.isna())
    if missing.any():
        position = int(np.argmax(missing))
        raise where.fail("started_at", position, "missing start time (NaT)")
    return index


def _parse_text_times(values: pd.Series[Any], where: _Where) -> pd.DatetimeIndex:
    absent = np.asarray(values.isna())
    if absent.any():
        raise where.fail("started_at", int(np.argmax(absent)), "missing start time")
    try:
        parsed = pd.to_datetime(values, format="ISO8601", errors="coerce")
    except (ValueError, TypeError) as error:
        if "mixed" not in str(error).lower():
            raise where.fail("started_at", 0, f"cannot read the start times: {error}") from None
        text = values.astype(str)
        with_offset = np.asarray(text.str.contains(_OFFSET_SUFFIX, regex=True))
        if not with_offset.all():
            raise where.fail(
                "started_at",
                int(np.argmax(~with_offset)),
                "start times mix local times without a UTC offset and times with one; "
                "give every time an offset (e.g. '+09:00') or none",
            ) from None
        parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True)
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


def _missing_columns(present: Sequence[str], needed: Sequence[str], where: _Where) -> None:
    absent = [name for name in needed if name not in present]
    if absent:
        plural = "s" if len(absent) > 1 else ""
        hint = " (language premiums price contacts by language)" if absent == ["language"] else ""
        raise CallRecordError(
            f"{where.prefix()}missing column{plural} {', '.join(map(repr, absent))}{hint}; "
            f"call records need {', '.join(CALL_COLUMNS)}"
            + (" and language" if "language" in needed else "")
            + f" (found: {', '.join(map(str, present)) or 'no columns'})"
        )


# ---------------------------------------------------------------------------------- frames


def _series_seconds(series: pd.Series[Any], column: str, where: _Where) -> SecondsArray:
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iufm":
        return _numeric_seconds(series.to_numpy(), column, where)
    if pd.api.types.is_bool_dtype(dtype):
        raise where.fail(column, 0, f"expected numbers of seconds, got values of type {dtype}")
    absent = np.asarray(series.isna())
    if absent.any():
        raise where.fail(column, int(np.argmax(absent)), "missing duration; expected seconds ≥ 0")
    if pd.api.types.is_integer_dtype(dtype):
        return _numeric_seconds(series.to_numpy(dtype=np.int64), column, where)
    if pd.api.types.is_numeric_dtype(dtype):
        return _numeric_seconds(series.to_numpy(dtype=np.float64), column, where)
    numbers = pd.to_numeric(series, errors="coerce")
    unread = np.asarray(numbers.isna())
    if unread.any():
        position = int(np.argmax(unread))
        raise where.fail(
            column, position, f"expected a number of seconds, got {series.iloc[position]!r}"
        )
    return _numeric_seconds(numbers.to_numpy(dtype=np.float64), column, where)


def _factorize(series: pd.Series[Any]) -> tuple[npt.NDArray[np.integer[Any]], list[Any]]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        categorical = series.array
        assert isinstance(categorical, pd.Categorical)
        return np.asarray(categorical.codes), list(categorical.categories)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), list(uniques)


def _language_codes(series: pd.Series[Any]) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    codes, uniques = _factorize(series)
    return codes.astype(np.int32), tuple(str(u) for u in uniques)


def _frame_columns(frame: pd.DataFrame, language: bool) -> _Columns:
    needed = [*CALL_COLUMNS, "language"] if language else list(CALL_COLUMNS)
    _missing_columns([str(c) for c in frame.columns], needed, _Where(None, 0))
    where = _Where(None, 0, labels=frame.index)
    codes, uniques = _factorize(frame["channel"])
    started = _Times(_parse_times(frame["started_at"], where))
    seconds = {
        component: _series_seconds(frame[column], column, where)
        for component, column in DURATION_COLUMNS.items()
    }
    lang_codes, languages = _language_codes(frame["language"]) if language else (None, ())
    return _Columns(codes, uniques, started, seconds, lang_codes, languages, where)


# ---------------------------------------------------------------------------------- files


def _arrow_seconds(array: Any, column: str, where: _Where) -> SecondsArray:
    import pyarrow as pa
    import pyarrow.compute as pc

    if array.null_count:
        absent = array.is_null().to_numpy(zero_copy_only=False)
        raise where.fail(column, int(np.argmax(absent)), "missing duration; expected seconds ≥ 0")
    kind = array.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_duration(kind):
        return _numeric_seconds(array.to_numpy(zero_copy_only=False), column, where)
    if pa.types.is_decimal(kind):
        return _numeric_seconds(pc.cast(array, pa.float64()).to_numpy(), column, where)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        for target in (pa.int64(), pa.float64()):
            try:
                cast = pc.cast(array, target)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
            return _numeric_seconds(cast.to_numpy(zero_copy_only=False), column, where)
        return _series_seconds(pd.Series(array.to_pandas()), column, where)
    raise where.fail(column, 0, f"expected numbers of seconds, got values of type {kind}")


def _arrow_codes(array: Any) -> tuple[npt.NDArray[np.integer[Any]], list[Any]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
    dictionary = encoded.dictionary.to_pylist()
    indices = encoded.indices
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    codes: npt.NDArray[np.integer[Any]] = indices.to_numpy(zero_copy_only=False)
    return codes, dictionary


def _arrow_columns(batch: Any, offset: int, source: str, csv: bool, language: bool) -> _Columns:
    import pyarrow as pa

    where = _Where(source, offset, csv=csv)
    codes, uniques = _arrow_codes(batch.column("channel"))
    times = batch.column("started_at")
    kind = times.type
    if pa.types.is_timestamp(kind):
        if times.null_count:
            absent = times.is_null().to_numpy(zero_copy_only=False)
            raise where.fail("started_at", int(np.argmax(absent)), "missing start time")
        started = _Times(times)
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        started = _Times(_parse_times(pd.Series(times.to_pandas()), where))
    else:
        raise where.fail(
            "started_at", 0, f"expected date-times (timestamp or ISO 8601 text), got {times.type}"
        )
    seconds = {
        component: _arrow_seconds(batch.column(column), column, where)
        for component, column in DURATION_COLUMNS.items()
    }
    lang_codes: npt.NDArray[np.int32] | None = None
    languages: tuple[str, ...] = ()
    if language:
        lang_raw, lang_uniques = _arrow_codes(batch.column("language"))
        lang_codes = lang_raw.astype(np.int32)
        languages = tuple(str(u) for u in lang_uniques)
    return _Columns(codes, uniques, started, seconds, lang_codes, languages, where)


def _call_files(path: Path) -> list[Path]:
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


def _parquet_batches(path: Path, batch_rows: int, language: bool) -> Iterator[_Columns]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = str(path)
    try:
        reader = pq.ParquetFile(path, pre_buffer=True)
    except (pa.ArrowException, OSError) as error:
        raise CallRecordError(f"call records: cannot read {source!r} as parquet: {error}") from None
    needed = [*CALL_COLUMNS, "language"] if language else list(CALL_COLUMNS)
    _missing_columns(reader.schema_arrow.names, needed, _Where(source, 0))
    offset = 0
    # One row group at a time: pre-buffering coalesces the reads of a row group's column
    # chunks, and reading group by group keeps that buffer from growing with the file.
    for group in range(reader.num_row_groups):
        batches = reader.iter_batches(batch_size=batch_rows, columns=needed, row_groups=[group])
        for batch in batches:
            yield _arrow_columns(batch, offset, source, False, language)
            offset += batch.num_rows


def _csv_batches(path: Path, batch_rows: int, language: bool) -> Iterator[_Columns]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    source = str(path)
    needed = [*CALL_COLUMNS, "language"] if language else list(CALL_COLUMNS)
    try:
        header = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16))
        present = header.schema.names
    except (pa.ArrowException, OSError) as error:
        raise CallRecordError(f"call records: cannot read {source!r} as CSV: {error}") from None
    _missing_columns(present, needed, _Where(source, 0, csv=True))
    block_size = int(min(max(batch_rows * 96, 1 << 14), 1 << 28))
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=block_size),
        convert_options=pacsv.ConvertOptions(
            include_columns=needed,
            column_types=dict.fromkeys(needed, pa.string()),
            strings_can_be_null=True,
        ),
    )
    offset = 0
    while True:
        try:
            block = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowException as error:
            raise CallRecordError(
                f"call records in {source!r}: cannot read the CSV after row {offset - 1}: {error}"
            ) from None
        for start in range(0, block.num_rows, batch_rows):
            part = block.slice(start, batch_rows)
            yield _arrow_columns(part, offset, source, True, language)
            offset += part.num_rows


def iter_call_batches(
    calls: pd.DataFrame | str | Path,
    *,
    batch_rows: int = 1_000_000,
    language: bool = False,
    validate: bool = True,
) -> Iterator[CallBatch]:
    """Validated batches of call records from a frame, a file or a folder of files.

    Parameters
    ----------
    calls : pandas.DataFrame, str or pathlib.Path
        One row per contact (see the module docstring), or the path of a ``.parquet`` or
        ``.csv`` file, or of a folder whose ``.parquet``/``.csv`` files are read in name order.
    batch_rows : int
        Most rows per batch [rows]; bounds memory when reading files.
    language : bool
        Read the ``language`` column too (an error names it when it is absent).
    validate : bool
        Check every value before yielding a batch (default). False leaves the value checks
        to :meth:`CallBatch.scan`, which a consumer calls to process the batch chunk by chunk
        as each chunk is checked; columns, types, missing values and start times are checked
        in either case.

    Yields
    ------
    CallBatch
        The records of one batch.

    Raises
    ------
    CallRecordError
        A missing column or a bad value: the message names the column, the first offending
        row and the file.
    """
    if isinstance(batch_rows, bool) or not isinstance(batch_rows, int) or batch_rows < 1:
        raise ArgumentError(f"batch_rows must be a whole number of rows ≥ 1, got {batch_rows!r}")
    for batch in _batches(calls, batch_rows, language):
        if validate:
            batch.validate()
        yield batch


def _batches(
    calls: pd.DataFrame | str | Path, batch_rows: int, language: bool
) -> Iterator[CallBatch]:
    if isinstance(calls, pd.DataFrame):
        yield from _frame_columns(calls, language).blocks(min(batch_rows, _BLOCK_ROWS))
        return
    if not isinstance(calls, str | Path):
        raise ArgumentTypeError(
            "calls must be a pandas DataFrame or the path of a .parquet/.csv file or folder, "
            f"got {type(calls).__name__}"
        )
    block_rows = min(batch_rows, _BLOCK_ROWS)
    for path in _call_files(Path(calls)):
        read = _parquet_batches if path.name.lower().endswith(".parquet") else _csv_batches
        for columns in read(path, batch_rows, language):
            yield from columns.blocks(block_rows)


def validate_calls(calls: pd.DataFrame | str | Path, *, language: bool = False) -> int:
    """Check call records and return how many there are.

    Parameters
    ----------
    calls : pandas.DataFrame, str or pathlib.Path
        Call records, or a ``.parquet``/``.csv`` file or folder of them.
    language : bool
        Require a ``language`` column.

    Returns
    -------
    int
        Number of records [contacts].

    Raises
    ------
    CallRecordError
        Naming the column, the first offending row and the file.
    """
    return sum(len(batch) for batch in iter_call_batches(calls, language=language))
