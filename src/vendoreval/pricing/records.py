"""Call records: validation and streaming reads of the contacts an invoice replays.

A call record is one contact. The columns are

========================  ===================================================================
``channel``               ``phone``, ``email``, ``chat``, ``social`` or ``messaging``
``started_at``            when the contact started: datetime64 / an Arrow timestamp (with or
                          without a time zone) or ISO 8601 text; a time without a zone is
                          local time
``talk_seconds``          talk (or handling) time [s]
``hold_seconds``          time on hold [s]
``acw_seconds``           after-call work [s]
``wait_seconds``          the customer's time in queue before an agent answered [s]
``language``              optional: BCP 47 tag of the contact's language
``resolved``              optional: whether the contact was resolved (not used for pricing)
========================  ===================================================================

Durations are numbers (integers, floats, decimals or time deltas) ≥ 0, at most
:data:`MAX_COMPONENT_SECONDS` each; NaN, negative and infinite values are errors, and so are
booleans and text in a frame, an Arrow table or a Parquet file (only a CSV file holds
durations as text, which is read as numbers). Language tags are matched without regard to
case, as BCP 47 says (RFC 5646 §2.1.1: ``KO`` is ``ko``, ``PT-br`` is ``pt-BR``); a tag that
is not well formed is an error, and so is a missing one when language premiums apply (the
column is read only then).

Records come from

* a :class:`pandas.DataFrame` — its channel column may be text of any kind (``object``,
  ``str``, ``string``), categorical or an Arrow dictionary: text is mapped to channels
  chunk by chunk with :func:`pyarrow.compute.index_in` where it is Arrow-backed, and
  categories and dictionaries through a lookup on their few distinct values, so no column
  is factorized that need not be;
* a :class:`pyarrow.Table`, :class:`pyarrow.RecordBatch` or :class:`pyarrow.RecordBatchReader`
  (read batch by batch);
* ``.parquet`` and ``.csv`` (also ``.csv.gz``) files, or a folder of them (in name order).
  Parquet files are read row group by row group, only the columns needed, text columns as
  dictionaries, on reader threads while the previous batch is priced; columns whose
  values the consumer does not use are checked from the file's column statistics when
  those prove every value valid, else read and checked. CSV files are cut into pieces at
  line ends outside quotes and each piece parsed by :func:`pyarrow.csv.read_csv` (Arrow's
  streaming reader reads ahead without bound).

Files are read in batches of at most ``batch_rows`` rows, so memory stays bounded however
long the file is: a CSV file holds about two pieces of 4 MiB of text in memory; a parquet
file whose row groups have at most 2²⁰ rows holds about three row groups (two being decoded,
on two threads, and one being priced), one with larger row groups about two batches.

Bad input raises one :class:`~vendoreval.errors.CallRecordError` that names the column, the
first offending row — ``row N`` is the 1-based data row (the header of a CSV file is not a
row; its line number is given too) — and, for files, the path. Errors of the libraries that
read files are raised as such errors too, naming the file and the rows being read.
"""

from __future__ import annotations

import gzip
import io
import numbers
import re
import threading
import zoneinfo
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Final, Protocol, TypeAlias, TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from vendoreval._parallel import CHUNK_ROWS, map_row_ranges, prefetch, worker_count
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
    "CallRecords",
    "ChunkVisitor",
    "SecondsArray",
    "canonical_language_tag",
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

CallRecords: TypeAlias = "pd.DataFrame | str | Path | Any"
"""Call records as they may be given: a :class:`pandas.DataFrame`; the path of a ``.parquet``
or ``.csv`` file or folder; a :class:`pyarrow.Table`, ``RecordBatch`` or
``RecordBatchReader``; or, to :func:`~vendoreval.pricing.invoice` and its siblings, a DuckDB
relation or an Ibis table (:mod:`vendoreval.pricing.warehouse`)."""

MAX_COMPONENT_SECONDS: Final = 2**27 - 1
"""Largest accepted duration of one component of one contact [s] (134,217,727 s, about four
years): any larger value is a data error, and the bound keeps every sum exact in int64."""

_BLOCK_ROWS: Final = 1 << 20
"""Most rows of one batch cut from an in-memory frame or table."""

_FILE_BATCH_ROWS: Final = 1 << 18
"""Most rows read from a file at a time (the two batches in memory stay small)."""

_WHOLE_GROUP_ROWS: Final = 1 << 20
"""Parquet row groups up to this many rows are decoded whole, two at a time."""

_RELEASE_ROWS: Final = 1 << 21
"""Rows read from Parquet between two returns of Arrow's cached memory to the system."""

_UNKNOWN: Final = len(CHANNEL_ORDER)
_MISSING: Final = _UNKNOWN + 1
_CHANNEL_NAMES: Final[tuple[str, ...]] = tuple(c.value for c in CHANNEL_ORDER)
_CHANNEL_CODES: Final[dict[str, int]] = {name: i for i, name in enumerate(_CHANNEL_NAMES)}
_UNITS_PER_SECOND: Final[dict[str, int]] = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 10**9}
_OFFSET_SUFFIX: Final = r"(?:[Zz]|[+-]\d\d(?::?\d\d)?)$"
_EXPECTED_CHANNELS: Final = ", ".join(_CHANNEL_NAMES)
_MINUTE_TABLE_LIMIT: Final = 1 << 22
_LANGUAGE_SHAPE: Final = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
_UTC_OFFSET: Final = re.compile(r"^[+-](?:[01]\d|2[0-3]):?[0-5]\d$")
_EXPECTED_TAG: Final = "expected a BCP 47 language tag such as 'ko', 'en', 'es-419' or 'pt-BR'"
_READ_ERRORS: Final = (OSError, ValueError, KeyError, TypeError, IndexError)


# ---------------------------------------------------------------------------------- places


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

    def place(self, position: int) -> str:
        """``"row 5"`` (1-based data row), with the CSV line or the frame's index label."""
        row = self.row(position)
        text = f"row {row + 1}"
        if self.csv:
            text += f" (line {row + 2} of the file)"
        if self.labels is not None and not isinstance(self.labels, pd.RangeIndex):
            text += f" (index label {self.labels[row]!r})"
        return text

    def fail(self, column: str, position: int, problem: str) -> CallRecordError:
        """An error naming the column, row and source of the record at ``position``."""
        place = self.place(position)
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


# ---------------------------------------------------------------------------------- channels


class _Channels:
    """The channel column of a batch, turned into channel codes chunk by chunk.

    A code is an index into :data:`CHANNEL_ORDER`, or ``_UNKNOWN`` / ``_MISSING``.
    """

    def __len__(self) -> int:
        raise NotImplementedError

    def identity(self) -> npt.NDArray[np.int8] | None:
        """The channel codes themselves, when the column already holds them (no mapping)."""
        return None

    def fill(self, start: int, stop: int, out: npt.NDArray[np.int8]) -> None:
        """Write the codes of rows ``start:stop`` into ``out``."""
        raise NotImplementedError

    def slice(self, start: int, stop: int) -> _Channels:
        raise NotImplementedError

    def value(self, position: int) -> Any:
        """The value at ``position`` as read (None when missing), for messages."""
        raise NotImplementedError


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def _channel_lookup(values: Sequence[Any]) -> npt.NDArray[np.int8]:
    """Channel code of each distinct value; the last entry is for a missing value (code -1)."""
    lookup = np.full(len(values) + 1, _MISSING, dtype=np.int8)
    for i, value in enumerate(values):
        if isinstance(value, str):
            lookup[i] = _CHANNEL_CODES.get(value, _UNKNOWN)
        elif not _is_missing(value):
            lookup[i] = _UNKNOWN
    return lookup


class _CodedChannels(_Channels):
    """Codes into a few distinct values: categories, an Arrow dictionary, factorized text."""

    def __init__(
        self,
        codes: npt.NDArray[np.integer[Any]],
        values: Sequence[Any],
        lookup: npt.NDArray[np.int8] | None = None,
    ) -> None:
        self.codes = codes
        self.values = list(values)
        self.lookup = lookup if lookup is not None else _channel_lookup(self.values)
        # Categories already in channel order (as sample data and database enums have) need
        # no mapping: the codes are the channel codes.
        size = len(self.values)
        self._identity = (
            codes.dtype == np.int8
            and size <= len(CHANNEL_ORDER)
            and bool(np.array_equal(self.lookup[:size], np.arange(size)))
        )

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def identity(self) -> npt.NDArray[np.int8] | None:
        return self.codes.view(np.int8) if self._identity else None

    def fill(self, start: int, stop: int, out: npt.NDArray[np.int8]) -> None:
        np.take(self.lookup, self.codes[start:stop], out=out)  # code -1: the last entry

    def slice(self, start: int, stop: int) -> _Channels:
        return _CodedChannels(self.codes[start:stop], self.values, self.lookup)

    def value(self, position: int) -> Any:
        code = int(self.codes[position])
        return None if code < 0 else self.values[code]


class _TextChannels(_Channels):
    """An Arrow text column, looked up in the channel names chunk by chunk (GIL released)."""

    def __init__(self, array: Any) -> None:
        import pyarrow as pa

        self.array = array
        self._names = pa.array(_CHANNEL_NAMES, type=array.type)

    def __len__(self) -> int:
        return len(self.array)

    def fill(self, start: int, stop: int, out: npt.NDArray[np.int8]) -> None:
        import pyarrow.compute as pc

        found = pc.index_in(self.array.slice(start, stop - start), value_set=self._names)
        if found.null_count:  # values that are no channel (or missing): checked later
            found = pc.fill_null(found, _UNKNOWN)
        np.copyto(out, found.to_numpy(), casting="unsafe")

    def slice(self, start: int, stop: int) -> _Channels:
        return _TextChannels(self.array.slice(start, stop - start))

    def value(self, position: int) -> Any:
        return self.array[position].as_py()


def _arrow_channels(array: Any) -> _Channels:
    """Channels of an Arrow array or chunked array of any type."""
    import pyarrow as pa

    kind = array.type
    if pa.types.is_dictionary(kind):
        indices, dictionary = _dictionary_codes(array)
        return _CodedChannels(indices, dictionary)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
        return _TextChannels(array)
    codes, uniques = pd.factorize(np.asarray(array.to_pandas(), dtype=object))
    return _CodedChannels(codes, list(uniques))


def _dictionary_codes(array: Any) -> tuple[npt.NDArray[np.integer[Any]], list[Any]]:
    """Indices (-1 where missing) and dictionary values of a dictionary-encoded column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(array, pa.ChunkedArray):
        chunks = array.chunks
        if not chunks:
            return np.zeros(0, dtype=np.int8), []
        first = chunks[0].dictionary
        if not all(chunk.dictionary.equals(first) for chunk in chunks[1:]):
            array = array.unify_dictionaries()
            chunks = array.chunks
        dictionary = chunks[0].dictionary
        indices: Any = pa.chunked_array([chunk.indices for chunk in chunks])
    else:
        dictionary, indices = array.dictionary, array.indices
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    codes: npt.NDArray[np.integer[Any]] = indices.to_numpy()
    return codes, dictionary.to_pylist()


def _series_channels(series: pd.Series[Any]) -> _Channels:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categorical = series.array
        assert isinstance(categorical, pd.Categorical)
        return _CodedChannels(np.asarray(categorical.codes), list(categorical.categories))
    if _arrow_backed(series):
        import pyarrow as pa

        return _arrow_channels(pa.array(series.array))
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    return _CodedChannels(codes, list(uniques))


def _arrow_backed(series: pd.Series[Any]) -> bool:
    dtype = series.dtype
    if isinstance(dtype, pd.ArrowDtype):
        return True
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


# ---------------------------------------------------------------------------------- languages


def canonical_language_tag(text: str) -> str | None:
    """A BCP 47 tag in its canonical case, or None when ``text`` is not a well-formed tag.

    Tags are case-insensitive (RFC 5646 §2.1.1): the canonical form has the language in
    lower case, a four-letter script in title case and a two-letter region in upper case
    (``ZH-hant-tw`` → ``zh-Hant-TW``); subtags after a singleton (extensions, private use)
    are lower case. Well formed means letters and digits in subtags of 1–8 characters joined
    by ``-``, the first being 2–8 letters.

    Examples
    --------
    >>> canonical_language_tag("KO"), canonical_language_tag("es-419")
    ('ko', 'es-419')
    >>> canonical_language_tag("en_US") is None
    True
    """
    if not _LANGUAGE_SHAPE.match(text):
        return None
    parts = text.split("-")
    out = [parts[0].lower()]
    extension = False
    for part in parts[1:]:
        if len(part) == 1:
            extension = True
        if extension:
            out.append(part.lower())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def _checked_languages(
    codes: npt.NDArray[np.integer[Any]], uniques: Sequence[Any], where: _Where
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    """Codes and canonical tags; an error at the first missing or malformed language."""
    status = np.zeros(len(uniques) + 1, dtype=np.int8)  # 0 fine, 1 missing, 2 malformed
    status[-1] = 1  # code -1: missing
    tags: list[str] = []
    for i, value in enumerate(uniques):
        tag = canonical_language_tag(value) if isinstance(value, str) else None
        if tag is None:
            status[i] = 1 if _is_missing(value) else 2
        tags.append(tag or "")
    bad = status[codes] if codes.size else np.zeros(0, dtype=np.int8)
    if bad.any():
        position = int(np.argmax(bad != 0))
        code = int(codes[position])
        if bad[position] == 1:
            problem = (
                "missing language; the price sheet has language premiums, so every contact "
                f"needs its language ({_EXPECTED_TAG})"
            )
        else:
            problem = f"{uniques[code]!r} is not a language tag; {_EXPECTED_TAG}"
            if isinstance(uniques[code], str) and "_" in uniques[code]:
                problem += " (subtags are joined by '-', not '_')"
        raise where.fail("language", position, problem)
    return codes.astype(np.int32, copy=False), tuple(tags)


def _series_languages(
    series: pd.Series[Any], where: _Where
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categorical = series.array
        assert isinstance(categorical, pd.Categorical)
        codes: npt.NDArray[np.integer[Any]] = np.asarray(categorical.codes)
        uniques: list[Any] = list(categorical.categories)
    elif _arrow_backed(series):
        import pyarrow as pa

        return _arrow_languages(pa.array(series.array), where)
    else:
        codes, found = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
        uniques = list(found)
    return _checked_languages(codes, uniques, where)


def _arrow_languages(array: Any, where: _Where) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(array.type):
        if pa.types.is_null(array.type):
            return _checked_languages(np.full(len(array), -1, dtype=np.int32), [], where)
        array = pc.dictionary_encode(array)
    codes, uniques = _dictionary_codes(array)
    return _checked_languages(codes, uniques, where)


# ---------------------------------------------------------------------------------- batches


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
        to be ≥ 0, finite and at most :data:`MAX_COMPONENT_SECONDS` by :meth:`scan`. A
        component the consumer does not use may be absent (it was checked otherwise).
    language : numpy.ndarray of int32, optional
        Index of each contact's language into ``languages``; None when the column was not
        read.
    languages : tuple of str
        Canonical language tags (see :func:`canonical_language_tag`) that ``language``
        indexes.
    """

    def __init__(
        self,
        channel_codes: npt.NDArray[np.integer[Any]] | _Channels,
        channel_values: Sequence[Any],
        started_at: pd.DatetimeIndex | _Times,
        seconds: dict[BillableComponent, SecondsArray],
        language: npt.NDArray[np.int32] | None = None,
        languages: tuple[str, ...] = (),
        where: _Where | None = None,
    ) -> None:
        self._channels = (
            channel_codes
            if isinstance(channel_codes, _Channels)
            else _CodedChannels(channel_codes, channel_values)
        )
        self._times = started_at if isinstance(started_at, _Times) else _Times(started_at)
        self.seconds = seconds
        self.language = language
        self.languages = languages
        self.where = where if where is not None else _Where(None, 0)
        identity = self._channels.identity()
        self._identity = identity is not None
        self._channel: npt.NDArray[np.int8] = (
            identity if identity is not None else np.empty(len(self._channels), dtype=np.int8)
        )
        self._state = _ScanState()

    def __len__(self) -> int:
        return len(self._channels)

    @property
    def started_at(self) -> pd.DatetimeIndex:
        """Start of each contact (naive: local time; or time-zone aware)."""
        return self._times.index(self.where)

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
        """``"row 12 of 'calls.parquet'"``: where the contact at ``position`` came from.

        The row is the 1-based data row of the frame or file.
        """
        text = f"row {self.row(position) + 1}"
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
        channels, identity, channel = self._channels, self._identity, self._channel
        columns = list(self.seconds.values())
        n_channels = len(CHANNEL_ORDER)

        def task(low: int, high: int) -> tuple[_V | None, npt.NDArray[np.int64], bool]:
            visitor = make_visitor() if make_visitor is not None else None
            counts = np.zeros(n_channels, dtype=np.int64)
            for first in range(low, high, CHUNK_ROWS):
                last = min(first + CHUNK_ROWS, high)
                if not identity:
                    channels.fill(first, last, channel[first:last])
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
        rows = len(self)
        if self._identity:
            mapped = self._channel
        else:
            mapped = np.empty(rows, dtype=np.int8)
            self._channels.fill(0, rows, mapped)
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
            value = self._channels.value(position)
            if _is_missing(value):
                raise self.where.fail(
                    "channel", position, f"missing channel; expected one of {_EXPECTED_CHANNELS}"
                )
            raise self.where.fail(
                "channel",
                position,
                f"unknown channel {value!r}; expected one of {_EXPECTED_CHANNELS}",
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
        minute. When the batch covers a span of at most twice as many minutes as it has
        contacts (a month is 44,640 minutes), ``rule`` is evaluated once per minute of the
        span and the results are gathered per contact; otherwise once per contact. Either
        way the work and memory are bounded by the size of the batch, not by the span of
        its times (records spread over centuries cost what a month costs).

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
        span = last - first + 1
        if span > min(2 * minutes.size, _MINUTE_TABLE_LIMIT):
            # A table over the span would be larger than the batch: one value per contact.
            if index.tz is None:
                return rule(minutes)
            return rule(self.local_seconds(timezone) // 60)
        if index.tz is None:
            table = np.arange(first, last + 1, dtype=np.int64)
        else:
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
            channel_values=_CHANNEL_NAMES,
            started_at=self._times.take(positions, self.where),
            seconds={k: v[positions] for k, v in self.seconds.items()},
            language=None if self.language is None else self.language[positions],
            languages=self.languages,
            where=replace(self.where, rows=rows),
        )


class _Times:
    """Start times: a DatetimeIndex, an Arrow timestamp array converted on demand, or unread.

    Pricing without time premiums or a month never looks at the times beyond checking they
    are present, so an Arrow column is turned into pandas only when asked for, and a file
    column that its statistics prove complete is not read at all (None).
    """

    def __init__(self, times: pd.DatetimeIndex | Any | None) -> None:
        self._times = times

    def slice(self, start: int, stop: int) -> _Times:
        if self._times is None:
            return self
        if isinstance(self._times, pd.DatetimeIndex):
            return _Times(self._times[start:stop])
        return _Times(self._times.slice(start, stop - start))

    def take(self, positions: npt.NDArray[np.intp], where: _Where) -> _Times:
        if self._times is None:
            return self
        return _Times(self.index(where)[positions])

    def index(self, where: _Where) -> pd.DatetimeIndex:
        if self._times is None:
            raise RuntimeError("the start times were not read: ask iter_call_batches for them")
        if not isinstance(self._times, pd.DatetimeIndex):
            try:
                self._times = pd.DatetimeIndex(pd.Series(self._times.to_pandas()))
            except Exception as error:  # any reader error names the column
                raise where.fail(
                    "started_at", 0, f"cannot read the start times: {_reason(error)}"
                ) from None
        return self._times


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


# ---------------------------------------------------------------------------------- columns


@dataclass(frozen=True, eq=False)
class _Columns:
    """Whole columns of a frame or a file batch, converted to arrays, values not yet checked."""

    channel: _Channels
    started_at: _Times
    seconds: dict[BillableComponent, SecondsArray]
    language: npt.NDArray[np.int32] | None
    languages: tuple[str, ...]
    where: _Where

    def blocks(self, block_rows: int) -> Iterator[CallBatch]:
        """Batches of at most ``block_rows`` rows (values checked when scanned)."""
        rows = len(self.channel)
        if rows <= block_rows:
            yield self.batch(self.channel, self.started_at, self.seconds, self.language, 0)
            return
        for start in range(0, rows, block_rows):
            stop = min(start + block_rows, rows)
            yield self.batch(
                self.channel.slice(start, stop),
                self.started_at.slice(start, stop),
                {k: v[start:stop] for k, v in self.seconds.items()},
                None if self.language is None else self.language[start:stop],
                start,
            )

    def batch(
        self,
        channel: _Channels,
        started_at: _Times,
        seconds: dict[BillableComponent, SecondsArray],
        language: npt.NDArray[np.int32] | None,
        start: int,
    ) -> CallBatch:
        return CallBatch(
            channel_codes=channel,
            channel_values=(),
            started_at=started_at,
            seconds=seconds,
            language=language,
            languages=self.languages,
            where=replace(self.where, offset=self.where.offset + start),
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
    raise where.fail(column, 0, _not_numbers(str(values.dtype)))


def _not_numbers(kind: str) -> str:
    return (
        f"expected numbers of seconds, got values of type {kind}; convert the column to "
        "numbers (booleans and text are not durations)"
    )


def _parse_times(values: pd.Series[Any], where: _Where) -> pd.DatetimeIndex:
    """Start times as a DatetimeIndex; every value must be present and readable."""
    dtype = values.dtype
    arrow_times = isinstance(dtype, pd.ArrowDtype) and "timestamp" in str(dtype)
    if isinstance(dtype, pd.DatetimeTZDtype) or dtype.kind == "M" or arrow_times:
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
    ticks = index.asi8
    # NaT is the smallest int64: one reduction says whether any is missing.
    if ticks.size and ticks.min() == np.iinfo(np.int64).min:
        position = int(np.argmax(np.asarray(index.isna())))
        raise where.fail("started_at", position, "missing start time (NaT)")
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
        with_offset = np.asarray(text.str.contains(_OFFSET_SUFFIX, regex=True))
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


def _check_names(present: Sequence[str], needed: Sequence[str], where: _Where) -> None:
    """Every needed column present, and once."""
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
    for name in needed:
        count = sum(1 for p in present if p == name)
        if count > 1:
            raise CallRecordError(
                f"{where.prefix()}column {name!r} appears {count} times; expected each column "
                "once (which one holds the values is ambiguous)"
            )


def _needed(language: bool) -> list[str]:
    return [*CALL_COLUMNS, "language"] if language else list(CALL_COLUMNS)


# ---------------------------------------------------------------------------------- frames


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
    started = _Times(_parse_times(frame["started_at"], where))
    seconds = {
        component: _series_seconds(frame[column], column, where)
        for component, column in DURATION_COLUMNS.items()
    }
    lang_codes, languages = _series_languages(frame["language"], where) if language else (None, ())
    channels = _series_channels(frame["channel"])
    return _Columns(channels, started, seconds, lang_codes, languages, where)


# ---------------------------------------------------------------------------------- arrow


def _arrow_seconds(array: Any, column: str, where: _Where, *, text: bool) -> SecondsArray:
    """Durations of an Arrow column; ``text`` (CSV) allows numbers written as text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if array.null_count:
        absent = np.asarray(pc.is_null(array).to_numpy(zero_copy_only=False))
        raise where.fail(column, int(np.argmax(absent)), "missing duration; expected seconds ≥ 0")
    kind = array.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_duration(kind):
        return _numeric_seconds(np.asarray(array.to_numpy(zero_copy_only=False)), column, where)
    if pa.types.is_decimal(kind):
        return _numeric_seconds(pc.cast(array, pa.float64()).to_numpy(), column, where)
    if text and (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        for target in (pa.int64(), pa.float64()):
            try:
                cast = pc.cast(array, target)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
            return _numeric_seconds(cast.to_numpy(zero_copy_only=False), column, where)
        words = pd.Series(np.asarray(array.to_pandas(), dtype=object))
        numbers_ = pd.to_numeric(words.where(~words.str.lower().isin(["true", "false"])), "coerce")
        unread = np.asarray(numbers_.isna())
        position = int(np.argmax(unread))
        raise where.fail(column, position, f"expected a number of seconds, got {words[position]!r}")
    raise where.fail(column, 0, _not_numbers(str(kind)))


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
    if not re.search(_OFFSET_SUFFIX, str(times[0].as_py())):
        try:
            return pc.cast(times, pa.timestamp("ns"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
    try:
        instants = pc.cast(times, pa.timestamp("ns", "UTC"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    found = pc.extract_regex(times, r"(?P<offset>(?:[Zz]|[+-]\d\d(?::?\d\d)?))$")
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


def _check_arrow_schema(schema: Any, needed: Sequence[str], where: _Where) -> None:
    """Columns present once, and a time zone in the start times' type that can be read."""
    import pyarrow as pa

    _check_names(list(schema.names), needed, where)
    kind = schema.field("started_at").type
    if pa.types.is_timestamp(kind) and kind.tz is not None and not _readable_zone(kind.tz):
        raise CallRecordError(
            f"{where.prefix()}column 'started_at', every row: the timestamps' time zone "
            f"{kind.tz!r} is not known; expected an IANA zone such as 'Asia/Seoul' or a UTC "
            "offset such as '+09:00'"
        )


def _readable_zone(name: str) -> bool:
    if _UTC_OFFSET.match(name):
        return True
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _arrow_columns(
    batch: Any,
    offset: int,
    source: str | None,
    language: bool,
    *,
    csv: bool = False,
    unread: Collection[str] = (),
) -> _Columns:
    """Columns of one Arrow record batch (``unread`` columns were proven valid, not read)."""
    import pyarrow as pa

    where = _Where(source, offset, csv=csv)
    names = batch.schema.names
    started = _Times(None)
    if "started_at" not in unread:
        times = batch.column(names.index("started_at"))
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
    return _Columns(channels, started, seconds, lang_codes, languages, where)


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


# ---------------------------------------------------------------------------------- files


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


def _statistics_prove(metadata: Any, column: str, integers: bool) -> bool:
    """True when every row group's statistics prove ``column`` complete (and in range)."""
    names = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
    if names.count(column) != 1:
        return False
    index = names.index(column)
    for group in range(metadata.num_row_groups):
        chunk = metadata.row_group(group)
        if chunk.num_rows == 0:
            continue
        stats = chunk.column(index).statistics
        if stats is None or not stats.has_null_count or stats.null_count != 0:
            return False
        if integers:
            if not stats.has_min_max or not isinstance(stats.min, int):
                return False
            if not (stats.min >= 0 and stats.max <= MAX_COMPONENT_SECONDS):
                return False
    return True


def _unread_columns(metadata: Any, schema: Any, skippable: Collection[str]) -> set[str]:
    """Columns not needed for their values that the file's statistics prove valid."""
    import pyarrow as pa

    unread = set()
    for name in skippable:
        kind = schema.field(name).type
        if name == "started_at":
            proven = pa.types.is_timestamp(kind) and _statistics_prove(metadata, name, False)
        else:
            proven = pa.types.is_integer(kind) and _statistics_prove(metadata, name, True)
        if proven:
            unread.add(name)
    return unread


def _parquet_batches(
    path: Path, batch_rows: int, language: bool, columns: Collection[str] | None
) -> Iterator[_Columns]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = str(path)
    where = _Where(source, 0)
    needed = _needed(language)
    try:
        probe = pq.ParquetFile(path)
        schema, metadata = probe.schema_arrow, probe.metadata
    except (pa.ArrowException, *_READ_ERRORS) as error:
        raise CallRecordError(
            f"call records: cannot read {source!r} as parquet: {_reason(error)}"
        ) from None
    _check_arrow_schema(schema, needed, where)
    skippable = [] if columns is None else [c for c in CALL_COLUMNS[1:] if c not in columns]
    unread = _unread_columns(metadata, schema, skippable)
    read = [name for name in needed if name not in unread]
    text = [
        name
        for name in ("channel", "language")
        if name in read and pa.types.is_string(schema.field(name).type)
    ]
    try:
        reader = pq.ParquetFile(path, pre_buffer=True, read_dictionary=text)
    except (pa.ArrowException, *_READ_ERRORS) as error:
        raise CallRecordError(
            f"call records: cannot read {source!r} as parquet: {_reason(error)}"
        ) from None
    groups = metadata.num_row_groups
    largest = max((metadata.row_group(g).num_rows for g in range(groups)), default=0)
    stream: Iterator[tuple[int, Any]]
    if groups > 1 and largest <= _WHOLE_GROUP_ROWS and worker_count() > 1:
        # Small row groups are decoded whole, two at a time on their own readers, ahead of
        # the batch being priced.
        stream = _whole_row_groups(path, text, read, groups, batch_rows)
    else:
        # A large row group is read batch by batch (memory stays within a few batches), the
        # next batch on a reader thread while this one is priced.
        stream = prefetch(_row_group_batches(reader, read, groups, batch_rows))
    offset = released = 0
    try:
        for _, batch in stream:
            yield _arrow_columns(batch, offset, source, language, unread=unread)
            offset += batch.num_rows
            # Arrow's allocator keeps freed decode buffers cached per thread; hand them back
            # now and then (it takes milliseconds) so that memory follows what is in use.
            if offset >= released + _RELEASE_ROWS:
                pa.default_memory_pool().release_unused()
                released = offset
    except _RowGroupError as failure:
        group = failure.group
        first = sum(metadata.row_group(g).num_rows for g in range(group))
        rows = metadata.row_group(group).num_rows
        cause = failure.__cause__ if isinstance(failure.__cause__, Exception) else failure
        raise _parquet_error(reader, source, group, first, rows, read, cause) from None


class _RowGroupError(Exception):
    """A reader's error while reading row group ``group`` (0-based); the cause is chained."""

    def __init__(self, group: int) -> None:
        super().__init__(group)
        self.group = group


def _row_group_batches(
    reader: Any, read: Sequence[str], groups: int, batch_rows: int
) -> Iterator[tuple[int, Any]]:
    """(row group, batch) of a parquet file, read batch by batch, group by group."""
    import pyarrow as pa

    for group in range(groups):
        try:
            # Pre-buffering (set on the reader) coalesces the reads of the group's chunks.
            batches = reader.iter_batches(
                batch_size=batch_rows, row_groups=[group], columns=list(read), use_threads=True
            )
            for batch in batches:
                yield group, batch
        except (pa.ArrowException, *_READ_ERRORS) as error:
            raise _RowGroupError(group) from error


def _whole_row_groups(
    path: Path, text: Sequence[str], read: Sequence[str], groups: int, batch_rows: int
) -> Iterator[tuple[int, Any]]:
    """(row group, batch) of a parquet file whose row groups are decoded whole."""
    import pyarrow as pa

    tables = _decoded_row_groups(path, text, read, groups)
    for group in range(groups):
        try:
            table = next(tables)
        except (pa.ArrowException, *_READ_ERRORS) as error:
            raise _RowGroupError(group) from error
        for batch in table.to_batches(max_chunksize=batch_rows):
            yield group, batch


def _decoded_row_groups(
    path: Path, text: Sequence[str], read: Sequence[str], groups: int
) -> Iterator[Any]:
    """Every row group of a parquet file as a table, in order, two decoded at a time.

    Each worker thread has its own reader (a reader is not shared between threads); at most
    two row groups are decoded ahead of the one being used. Arrow releases the GIL while
    it decodes.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    local = threading.local()

    def decode(group: int) -> Any:
        reader = getattr(local, "reader", None)
        if reader is None:
            reader = local.reader = pq.ParquetFile(
                path, pre_buffer=True, read_dictionary=list(text)
            )
            local.rows = 0
        if local.rows >= _RELEASE_ROWS:  # this thread's cached decode buffers go back
            pa.default_memory_pool().release_unused()
            local.rows = 0
        table = reader.read_row_group(group, columns=list(read), use_threads=False)
        local.rows += table.num_rows
        return table

    with ThreadPoolExecutor(2, thread_name_prefix="vendoreval-decode") as pool:
        pending = deque(pool.submit(decode, group) for group in range(min(2, groups)))
        following = len(pending)
        while pending:
            table = pending.popleft().result()
            if following < groups:
                pending.append(pool.submit(decode, following))
                following += 1
            yield table


def _parquet_error(
    reader: Any, source: str, group: int, offset: int, rows: int, read: list[str], error: Exception
) -> CallRecordError:
    """A reader's error as a CallRecordError naming the file, the rows and the column."""
    if isinstance(error, CallRecordError):
        return error
    culprit = None
    for name in read:  # which column fails on its own (error path only)
        try:
            reader.read_row_group(group, columns=[name])
        except Exception:  # any failure points at the column
            culprit = name
            break
    column = f"column {culprit!r}, " if culprit else ""
    return CallRecordError(
        f"call records in {source!r}: {column}rows {offset + 1}–{offset + rows} (row group "
        f"{group + 1}): cannot read the file: {_reason(error)}"
    )


def _csv_block_size(batch_rows: int) -> int:
    """Bytes of CSV text parsed per piece: about ``batch_rows`` rows, within 1–4 MiB."""
    return int(min(max(batch_rows * 64, 1 << 20), 1 << 22))


def _csv_batches(path: Path, batch_rows: int, language: bool) -> Iterator[_Columns]:
    """A CSV file, parsed piece by piece: memory holds one piece, whatever the file's size.

    Arrow's streaming CSV reader reads ahead without bound when it is faster than its
    consumer (the whole file ends up in memory), so the text is cut here into pieces of
    about :func:`_csv_block_size` bytes at line ends outside quotes, and each piece is
    parsed on its own with the header's column names.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    source = str(path)
    needed = _needed(language)
    present = _csv_header(path)
    _check_names(present, needed, _Where(source, 0, csv=True))
    kinds = {name: pa.string() for name in needed}
    for name in ("channel", "language"):
        if name in kinds:
            kinds[name] = pa.dictionary(pa.int32(), pa.string())
    convert = pacsv.ConvertOptions(
        include_columns=needed, column_types=kinds, strings_can_be_null=True
    )
    offset = 0
    try:
        for first, piece in _csv_pieces(path, _csv_block_size(batch_rows)):
            options = pacsv.ReadOptions(
                column_names=present,
                skip_rows=1 if first else 0,
                block_size=len(piece) + 1,  # one chunk per piece
            )
            block = pacsv.read_csv(
                pa.py_buffer(piece), read_options=options, convert_options=convert
            )
            for batch in block.to_batches(max_chunksize=batch_rows):
                yield _arrow_columns(batch, offset, source, language, csv=True)
                offset += batch.num_rows
    except (pa.ArrowException, *_READ_ERRORS) as error:
        if isinstance(error, CallRecordError):
            raise
        row = _csv_ragged_row(path, len(present))
        place = f"row {row} (line {row + 1} of the file)" if row else f"after row {offset}"
        raise CallRecordError(
            f"call records in {source!r}: cannot read the CSV at {place}: {_reason(error)}"
        ) from None


def _csv_pieces(path: Path, size: int) -> Iterator[tuple[bool, bytes]]:
    """Pieces of about ``size`` bytes of a CSV file, each ending at a line end that is not
    inside a quoted field (a ``"`` count of even parity before it); the first holds the
    header. A quoted field spanning more than a piece makes the piece grow until it ends."""
    carry = b""
    first = True
    with _open_text(path) as stream:
        while True:
            chunk = stream.read(size)
            text = carry + chunk if carry else chunk
            if not chunk:
                if text.strip():
                    yield first, text
                return
            cut = _last_line_end(text)
            if cut < 0:
                carry = text  # no usable line end yet: read on
                continue
            yield first, text[: cut + 1]
            first = False
            carry = text[cut + 1 :]


def _last_line_end(text: bytes) -> int:
    """Index of the last ``\\n`` of ``text`` outside quotes (quotes counted from its start,
    which is a record start), or -1."""
    cut = text.rfind(b"\n")
    quotes = text.count(b'"', 0, cut) if cut >= 0 else 0
    while quotes % 2:  # inside a quoted field: step back to the previous line end
        previous = text.rfind(b"\n", 0, cut)
        if previous < 0:
            return -1
        quotes -= text.count(b'"', previous, cut)
        cut = previous
    return cut


def _open_text(path: Path) -> BinaryIO:
    """The bytes of a CSV file, decompressed when its name ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return cast(BinaryIO, gzip.GzipFile(path, "rb"))
    return path.open("rb")


def _csv_lines(path: Path) -> Iterator[str]:
    """The text lines of a CSV file (decompressed when it is gzipped)."""
    with _open_text(path) as stream:
        yield from io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


def _csv_header(path: Path) -> list[str]:
    """The column names of a CSV file (its first record)."""
    import csv

    import pyarrow as pa

    try:
        return next(csv.reader(_csv_lines(path)), [])
    except (pa.ArrowException, csv.Error, UnicodeDecodeError, *_READ_ERRORS) as error:
        raise CallRecordError(
            f"call records: cannot read {str(path)!r} as CSV: {_reason(error)}"
        ) from None


def _csv_ragged_row(path: Path, width: int) -> int | None:
    """The first 1-based data row whose number of fields is not ``width`` (error path)."""
    import csv

    try:
        for row, fields in enumerate(csv.reader(_csv_lines(path))):
            if row and len(fields) != width:
                return row
    except (csv.Error, UnicodeDecodeError, OSError):
        return None
    return None


def _file_batches(
    paths: list[Path], batch_rows: int, language: bool, columns: Collection[str] | None
) -> Iterator[_Columns]:
    for path in paths:
        if path.name.lower().endswith(".parquet"):
            yield from _parquet_batches(path, batch_rows, language, columns)
        else:  # the next piece is parsed on a reader thread while this one is priced
            yield from prefetch(_csv_batches(path, batch_rows, language))


# ---------------------------------------------------------------------------------- entry


def _is_arrow(calls: object) -> bool:
    module = type(calls).__module__
    if not module.startswith("pyarrow"):
        return False
    import pyarrow as pa

    return isinstance(calls, pa.Table | pa.RecordBatch | pa.RecordBatchReader)


def iter_call_batches(
    calls: CallRecords,
    *,
    batch_rows: int = 1_000_000,
    language: bool = False,
    validate: bool = True,
    columns: Collection[str] | None = None,
) -> Iterator[CallBatch]:
    """Validated batches of call records from a frame, an Arrow table, a file or a folder.

    Parameters
    ----------
    calls : pandas.DataFrame, pyarrow.Table, RecordBatch or RecordBatchReader, str or Path
        One row per contact (see the module docstring), or the path of a ``.parquet`` or
        ``.csv`` file, or of a folder whose ``.parquet``/``.csv`` files are read in name order.
    batch_rows : int
        Most rows per batch [rows]; bounds memory when reading files.
    language : bool
        Read the ``language`` column too (an error names it when it is absent, and the
        first row whose language is missing or not a BCP 47 tag).
    validate : bool
        Check every value before yielding a batch (default). False leaves the value checks
        to :meth:`CallBatch.scan`, which a consumer calls to process the batch chunk by chunk
        as each chunk is checked; columns, types, missing values and start times are checked
        in either case.
    columns : collection of str, optional
        The columns whose values the consumer reads (default: all). Every column is still
        checked, but from a Parquet file a column outside this set is left unread when the
        file's statistics prove all its values valid (no missing value; durations stored as
        integers between 0 and :data:`MAX_COMPONENT_SECONDS`); its
        :attr:`CallBatch.seconds` entry, or the start times, are then absent.

    Yields
    ------
    CallBatch
        The records of one batch.

    Raises
    ------
    CallRecordError
        A missing or repeated column or a bad value: the message names the column, the
        first offending row (1-based) and the file.
    """
    if isinstance(batch_rows, bool) or not isinstance(batch_rows, int) or batch_rows < 1:
        raise ArgumentError(f"batch_rows must be a whole number of rows ≥ 1, got {batch_rows!r}")
    for batch in _batches(calls, batch_rows, language, columns):
        if validate:
            batch.validate()
        yield batch


def _batches(
    calls: CallRecords,
    batch_rows: int,
    language: bool,
    columns: Collection[str] | None,
) -> Iterator[CallBatch]:
    block_rows = min(batch_rows, _BLOCK_ROWS)
    if isinstance(calls, pd.DataFrame):
        yield from _frame_columns(calls, language).blocks(block_rows)
        return
    if _is_arrow(calls):
        for part in _arrow_input_batches(calls, block_rows, language):
            yield from part.blocks(block_rows)
        return
    if not isinstance(calls, str | Path):
        raise ArgumentTypeError(
            "calls must be a pandas DataFrame, a pyarrow Table or RecordBatch, or the path of "
            f"a .parquet/.csv file or folder, got {type(calls).__name__}"
        )
    paths = _call_files(Path(calls))
    file_rows = min(batch_rows, _FILE_BATCH_ROWS)
    for part in _file_batches(paths, file_rows, language, columns):
        yield from part.blocks(block_rows)


def validate_calls(calls: CallRecords, *, language: bool = False) -> int:
    """Check call records and return how many there are.

    Parameters
    ----------
    calls : pandas.DataFrame, pyarrow.Table, str or pathlib.Path
        Call records, or a ``.parquet``/``.csv`` file or folder of them.
    language : bool
        Require a ``language`` column, every value a BCP 47 tag.

    Returns
    -------
    int
        Number of records [contacts].

    Raises
    ------
    CallRecordError
        Naming the column, the first offending row (1-based) and the file.
    """
    return sum(len(batch) for batch in iter_call_batches(calls, language=language))
