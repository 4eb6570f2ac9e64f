"""A batch of call records: columns checked chunk by chunk while a consumer prices them.

:class:`CallBatch` is what :func:`~vendoreval.pricing.iter_call_batches` yields. Its values are
checked one cache-sized chunk at a time, on worker threads, and each checked chunk is handed
to a visitor (:class:`ChunkVisitor`) so that the records cross memory once. The batch also
turns its start times into local wall-clock minutes or seconds for premium windows and
month selection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from vendoreval._lazy import pd
from vendoreval._parallel import RowChunks, map_row_chunks, map_row_ranges
from vendoreval._scratch import scratch
from vendoreval._types import SecondsArray
from vendoreval.pricing.record_codes import _Channels, _CodedChannels
from vendoreval.pricing.record_schema import (
    _CHANNEL_NAMES,
    _UNKNOWN,
    CHANNEL_ORDER,
    DURATION_COLUMNS,
    MAX_COMPONENT_SECONDS,
    UNITS_PER_SECOND,
    _is_missing,
    _reason,
    _Where,
    channel_problem,
    duration_problem,
    wall_seconds,
)
from vendoreval.pricing.sheet import BillableComponent

__all__ = ["CallBatch", "ChunkVisitor"]

_MINUTE_TABLE_LIMIT: Final = 1 << 22


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


_NAT: Final = int(np.iinfo(np.int64).min)
"""The ticks of NaT, the smallest int64: one reduction finds a missing start time."""

_NAT_PROBLEM: Final = "missing start time (NaT)"

_V = TypeVar("_V", bound=ChunkVisitor)
_G = TypeVar("_G", bound=np.generic)


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
        Canonical language tags (see
        :func:`~vendoreval.pricing.record_schema.canonical_language_tag`) that ``language``
        indexes.
    where : _Where, optional
        The source and first row of the batch, for messages.
    split : bool, default True
        Whether :meth:`scan` may split the rows over the worker threads; False runs it on
        the calling thread (a reader thread that works on the batch it decoded, while the
        other reader threads do the same).
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
        *,
        split: bool = True,
    ) -> None:
        self.split = split
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
        """Check every value; raise a ``CallRecordError`` at the first offending row."""
        if not self._state.validated:
            self.scan(None)

    def scan(self, make_visitor: Callable[[], _V] | None) -> list[_V]:
        """Check the batch chunk by chunk and hand each checked chunk to a visitor.

        Parameters
        ----------
        make_visitor : callable, optional
            Makes one visitor per worker thread; each sees the chunks its worker claims
            (:func:`~vendoreval._parallel.map_row_chunks`): in increasing order, not
            necessarily contiguous, so a visitor sums what it sees in any order.

        Returns
        -------
        list
            The visitors, one per worker that ran.

        Raises
        ------
        CallRecordError
            At the first offending row of the batch (the column, row and file are named).
        """
        channels, identity, channel = self._channels, self._identity, self._channel
        columns = list(self.seconds.values())
        ticks = self._times.ticks()  # start times still to be checked for NaT, if any
        n_channels = len(CHANNEL_ORDER)

        def task(chunks: RowChunks) -> tuple[_V | None, npt.NDArray[np.int64], bool]:
            visitor = make_visitor() if make_visitor is not None else None
            counts = np.zeros(n_channels, dtype=np.int64)
            for first, last in chunks:
                if not identity:
                    channels.fill(first, last, channel[first:last])
                part = channel[first:last]
                # One reduction checks the codes (unknown, missing and -1 are all at least
                # n_channels as unsigned bytes) and finds a chunk of phone contacts only.
                top = int(part.view(np.uint8).max(initial=0))
                if top >= n_channels or (
                    ticks is not None and int(ticks[first:last].min()) == _NAT
                ):
                    chunks.stop()
                    return visitor, counts, False
                for column in columns:
                    values = column[first:last]
                    if values.dtype.kind == "i":
                        # One OR over the chunk: it is ≤ 2**27 - 1 exactly when every value is
                        # in 0..2**27 - 1 (a negative value sets the sign bit).
                        valid = 0 <= np.bitwise_or.reduce(values) <= MAX_COMPONENT_SECONDS
                    else:
                        valid = values.min() >= 0 and values.max() <= MAX_COMPONENT_SECONDS
                    if not valid:
                        chunks.stop()
                        return visitor, counts, False
                if visitor is not None:
                    visitor.chunk(first, last, part, top == 0)
                # Contacts per channel; no code is above the chunk's largest.
                others = 0
                same = scratch("scan.same", last - first, np.bool_)
                for code in range(1, top + 1):
                    found = int(np.count_nonzero(np.equal(part, code, out=same)))
                    counts[code] += found
                    others += found
                counts[0] += (last - first) - others
            return visitor, counts, True

        results = map_row_chunks(task, len(self), split=self.split)
        if not all(ok for _, _, ok in results):
            self._raise_first_problem()
        self._state.counts = np.sum([r[1] for r in results], axis=0, dtype=np.int64)
        self._state.validated = True
        self._times.checked()
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
        ticks = self._times.ticks()
        if ticks is not None and bool((missing := ticks == _NAT).any()):
            problems.append((int(np.argmax(missing)), 1, "started_at"))
        for order, (component, values) in enumerate(self.seconds.items(), start=2):
            with np.errstate(invalid="ignore"):
                bad = ~((values >= 0) & (values <= MAX_COMPONENT_SECONDS))
            if bad.any():
                problems.append((int(np.argmax(bad)), order, DURATION_COLUMNS[component]))
        position, _, column = min(problems)
        if column == "channel":
            value = self._channels.value(position)
            problem = channel_problem(value, missing=_is_missing(value))
            raise self.where.fail("channel", position, problem)
        if column == "started_at":
            raise self.where.fail("started_at", position, _NAT_PROBLEM)
        component = next(c for c, name in DURATION_COLUMNS.items() if name == column)
        problem = duration_problem(self.seconds[component][position])
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
        per_minute = 60 * UNITS_PER_SECOND[str(index.unit)]
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
            wall = wall_seconds(np.arange(first, last + 1, dtype=np.int64) * 60, zone)
            if np.any(wall % 60):  # an offset with seconds (old local mean time)
                return rule(self.local_seconds(timezone) // 60)
            table = wall // 60
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
            per_second = UNITS_PER_SECOND[str(index.unit)]
            cache[key] = ticks // per_second if per_second != 1 else ticks.copy()
        local: npt.NDArray[np.int64] = cache[key]
        return local

    def language_slots(self, languages: Sequence[str]) -> npt.NDArray[np.intp]:
        """Each contact's slot among ``languages``: i for ``languages[i - 1]``, 0 for another.

        Parameters
        ----------
        languages : sequence of str
            Canonical BCP 47 tags, e.g. those a price sheet has a multiplier for.

        Returns
        -------
        numpy.ndarray of intp
            One slot per contact (the batch was read with its ``language`` column).
        """
        assert self.language is not None
        lookup = np.zeros(len(self.languages) + 1, dtype=np.intp)  # the last entry: missing
        position = {tag: i + 1 for i, tag in enumerate(languages)}
        for i, tag in enumerate(self.languages):
            lookup[i] = position.get(tag, 0)
        slots: npt.NDArray[np.intp] = lookup[self.language]
        return slots

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
    column that its statistics prove complete is not read at all (None). A frame's
    date-time column (``unchecked``) is checked for NaT by :meth:`CallBatch.scan`, chunk by
    chunk with the other columns, or in one pass when the times are first used.
    """

    def __init__(self, times: pd.DatetimeIndex | Any | None, *, unchecked: bool = False) -> None:
        self._times = times
        self._unchecked = unchecked and isinstance(times, pd.DatetimeIndex)

    def ticks(self) -> npt.NDArray[np.int64] | None:
        """The int64 ticks of a DatetimeIndex still to be checked for NaT, else None.

        :meth:`CallBatch.scan` checks them chunk by chunk and then calls :meth:`checked`.
        """
        if not self._unchecked or not isinstance(self._times, pd.DatetimeIndex):
            return None
        ticks: npt.NDArray[np.int64] = self._times.asi8
        return ticks

    def checked(self) -> None:
        """Record that the times hold no NaT."""
        self._unchecked = False

    def check(self, where: _Where) -> None:
        """Raise at the first NaT, if the times are still to be checked (worker threads)."""
        ticks = self.ticks()
        if ticks is None:
            return
        lowest = map_row_ranges(lambda low, high: int(ticks[low:high].min(initial=0)), ticks.size)
        if min(lowest) == _NAT:
            raise where.fail("started_at", int(np.argmax(ticks == _NAT)), _NAT_PROBLEM)
        self.checked()

    def slice(self, start: int, stop: int) -> _Times:
        if self._times is None:
            return self
        if isinstance(self._times, pd.DatetimeIndex):
            return _Times(self._times[start:stop], unchecked=self._unchecked)
        return _Times(self._times.slice(start, stop - start))

    def take(self, positions: npt.NDArray[np.intp], where: _Where) -> _Times:
        if self._times is None:
            return self
        return _Times(self.index(where)[positions])

    def index(self, where: _Where) -> pd.DatetimeIndex:
        if self._times is None:
            raise RuntimeError("the start times were not read: ask iter_call_batches for them")
        self.check(where)
        if not isinstance(self._times, pd.DatetimeIndex):
            try:
                self._times = pd.DatetimeIndex(pd.Series(self._times.to_pandas()))
            except Exception as error:  # any reader error names the column
                raise where.fail(
                    "started_at", 0, f"cannot read the start times: {_reason(error)}"
                ) from None
        return self._times


@dataclass(frozen=True, eq=False)
class _Columns:
    """Whole columns of a frame or a file batch, converted to arrays, values not yet checked."""

    channel: _Channels
    started_at: _Times
    seconds: dict[BillableComponent, SecondsArray]
    language: npt.NDArray[np.int32] | None
    languages: tuple[str, ...]
    where: _Where
    split: bool = True
    """Whether a batch's work may be split over the worker threads (see ``CallBatch``)."""

    def blocks(self, block_rows: int) -> Iterator[CallBatch]:
        """Batches of equal size, about ``block_rows`` rows each (values checked when scanned).

        A batch holds at most an eighth more than ``block_rows`` rather than leave a small
        last batch: every batch costs a round of the worker threads.
        """
        rows = len(self.channel)
        count = max(1, -(-(rows - block_rows // 8) // block_rows))
        if count == 1:
            yield self.batch(self.channel, self.started_at, self.seconds, self.language, 0)
            return
        size = -(-rows // count)
        for start in range(0, rows, size):
            stop = min(start + size, rows)
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
            split=self.split,
        )
