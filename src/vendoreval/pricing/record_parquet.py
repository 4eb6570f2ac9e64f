"""Call records from a Parquet file, row group by row group, on reader threads.

Only the columns needed are read, text columns as dictionaries; a file of more than four
million rows (a stream) is read and decoded into a memory pool that returns freed pages to
the system (:mod:`vendoreval._arrow_memory`). Row groups of at most 2²⁰ rows are decoded
whole and worked on (checked and priced) by the reader thread that decoded them, one group
per thread, while the calling thread takes the results in order; a larger row group is read
batch by batch, the next batch on a reader thread while the calling thread works on one.
A column whose values the consumer does not use is left unread when the file's row-group
statistics prove every value valid. An error of the reader names the file, the rows of the
row group and, where one column fails on its own, that column.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Sequence
from concurrent.futures import wait
from pathlib import Path
from typing import Any, Final, TypeVar

from vendoreval._arrow_memory import caches_freed_memory, parquet_file, pooled_input
from vendoreval._parallel import prefetch, reader_count, reader_pool, worker_count
from vendoreval.errors import CallRecordError
from vendoreval.pricing.record_batch import _Columns
from vendoreval.pricing.record_schema import (
    _READ_ERRORS,
    CALL_COLUMNS,
    MAX_COMPONENT_SECONDS,
    _check_arrow_schema,
    _needed,
    _reason,
    _Where,
    is_arrow_text,
)
from vendoreval.pricing.record_values import _arrow_columns

__all__ = ["statistics_prove"]

_T = TypeVar("_T")

_WHOLE_GROUP_ROWS: Final = 1 << 20
"""Parquet row groups up to this many rows are decoded whole and worked on by the reader
threads."""

_RELEASE_ROWS: Final = 1 << 18
"""Rows read between two returns of Arrow's cached memory to the system, where the decoding
pool does not return it by itself (a pyarrow without jemalloc)."""

_AHEAD_ROWS: Final = 1 << 21
"""Most rows under way ahead of their use, beyond one row group per reader thread (bounds
the memory held); see :func:`_ahead`."""

_READ_BUFFER: Final = 1 << 20
"""Bytes read at a time from a stream's large row group (batch by batch): its column chunks
are not held whole. Over a 20-million-row group this kept 25 MiB less at the same speed."""

_STREAM_ROWS: Final = 1 << 22
"""Files of more rows are streams: decoded into the decoding pool, which returns memory.

A smaller file is decoded with pyarrow's default pool, whose cached pages make decoding
faster and whose memory is bounded by the file itself."""


def statistics_prove(
    metadata: Any, groups: Iterable[int], column: int, *, integers: bool = True
) -> bool:
    """Whether the statistics of the row groups ``groups`` prove a column valid unread.

    Every row group with rows must have statistics that count no null in the column and,
    for ``integers``, give whole-number bounds within 0 … :data:`MAX_COMPONENT_SECONDS`: every
    value is then a valid duration (a floating-point column has no such bounds).

    Parameters
    ----------
    metadata : pyarrow.parquet.FileMetaData
        The file's metadata.
    groups : iterable of int
        The row groups (0-based) read together.
    column : int
        The column's index among the file's leaf columns.
    integers : bool
        Require duration bounds (False: only completeness, e.g. for start times).
    """
    for group in groups:
        row_group = metadata.row_group(group)
        if row_group.num_rows == 0:
            continue
        stats = row_group.column(column).statistics
        if stats is None or not stats.has_null_count or stats.null_count != 0:
            return False
        if integers:
            low, high = (stats.min, stats.max) if stats.has_min_max else (None, None)
            if not (isinstance(low, int) and isinstance(high, int)):
                return False
            if not (low >= 0 and high <= MAX_COMPONENT_SECONDS):
                return False
    return True


def _statistics_prove(metadata: Any, column: str, integers: bool) -> bool:
    """True when every row group's statistics prove ``column`` complete (and in range)."""
    names = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
    if names.count(column) != 1:
        return False
    groups = range(metadata.num_row_groups)
    return statistics_prove(metadata, groups, names.index(column), integers=integers)


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


def _parquet_work(
    path: Path,
    batch_rows: int,
    language: bool,
    columns: Collection[str] | None,
    work: Callable[[_Columns], _T],
) -> Iterator[_T]:
    """``work(batch)`` of every batch of a parquet file, in order.

    Where the row groups are decoded whole on the reader threads (:func:`_worked_row_groups`),
    the reader thread that decoded a row group also works on its batches, as DuckDB's
    threads each scan and aggregate their own part of a file: the work runs on both cores
    instead of on the calling thread alone, on columns still in the cache, and no decoded
    row group waits for the calling thread. ``work`` must then be safe to run on several
    threads at once, each with its own batch; those batches are not split over the worker
    threads. Where the file is read batch by batch, ``work`` runs on the calling thread
    while the next batch is decoded.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        probe = pq.ParquetFile(path)
    except (pa.ArrowException, *_READ_ERRORS) as error:
        raise _not_parquet(str(path), error) from None
    try:
        yield from _parquet_results(path, probe, batch_rows, language, columns, work)
    finally:
        probe.close()


def _parquet_results(
    path: Path,
    probe: Any,
    batch_rows: int,
    language: bool,
    columns: Collection[str] | None,
    work: Callable[[_Columns], _T],
) -> Iterator[_T]:
    """:func:`_parquet_work` of a file opened as ``probe`` (whose reader is used for its
    metadata and to find which column a reader's error comes from)."""
    import pyarrow as pa

    source = str(path)
    where = _Where(source, 0)
    needed = _needed(language)
    try:
        schema, metadata = probe.schema_arrow, probe.metadata
    except (pa.ArrowException, *_READ_ERRORS) as error:
        raise _not_parquet(source, error) from None
    _check_arrow_schema(schema, needed, where)
    skippable = [] if columns is None else [c for c in CALL_COLUMNS[1:] if c not in columns]
    unread = _unread_columns(metadata, schema, skippable)
    read = [name for name in needed if name not in unread]
    text = [  # read as dictionaries (pandas writes its text as large_string)
        name
        for name in ("channel", "language")
        if name in read and is_arrow_text(schema.field(name).type)
    ]
    groups = metadata.num_row_groups
    long_file = metadata.num_rows > _STREAM_ROWS
    largest = max((metadata.row_group(g).num_rows for g in range(groups)), default=0)
    ends = list(itertools.accumulate(metadata.row_group(g).num_rows for g in range(groups)))
    caching = caches_freed_memory(long_file)
    worked: Generator[tuple[int, list[_T]], None, None] | None = None
    stream: Generator[Any, None, None] | None = None
    opened = None
    if groups > 1 and largest <= _WHOLE_GROUP_ROWS and worker_count() > 1:
        # Row groups of at most a million rows are decoded whole and worked on, each by a
        # reader thread, while the calling thread takes the results in order.

        def decoded(group: int, table: Any) -> list[_T]:
            offset = ends[group] - table.num_rows
            results = []
            for batch in table.to_batches(max_chunksize=batch_rows):
                part = _arrow_columns(batch, offset, source, language, unread=unread, split=False)
                results.append(work(part))
                offset += batch.num_rows
            return results

        worked = _worked_row_groups(path, metadata, text, read, largest, long_file, decoded)
    else:
        # A large row group is read batch by batch (memory stays within a few batches), the
        # next batch on a reader thread while this one is worked on.
        try:
            if long_file:  # pages read a buffer at a time, into the decoding pool
                opened = pooled_input(path)
                reader = parquet_file(
                    opened,
                    metadata=metadata,
                    pre_buffer=False,
                    buffer_size=_READ_BUFFER,
                    read_dictionary=text,
                )
            else:
                reader = parquet_file(
                    path, metadata=metadata, pre_buffer=True, read_dictionary=text, pooled=False
                )
        except (pa.ArrowException, *_READ_ERRORS) as error:
            if opened is not None:
                opened.close()
            raise _not_parquet(source, error) from None
        stream = prefetch(_row_group_batches(reader, read, groups, batch_rows))
    offset = released = 0
    try:
        if worked is not None:
            for group, results in worked:
                yield from results
                offset = ends[group]
                released = _released(caching, offset, released)
        else:
            assert stream is not None
            for batch in stream:
                yield work(_arrow_columns(batch, offset, source, language, unread=unread))
                offset += batch.num_rows
                released = _released(caching, offset, released)
    except _RowGroupError as failure:
        group = failure.group
        rows = metadata.row_group(group).num_rows
        first = ends[group] - rows
        cause = failure.__cause__ if isinstance(failure.__cause__, Exception) else failure
        raise _parquet_error(probe, source, group, first, rows, read, cause) from None
    finally:
        # a read under way on a reader thread ends before the file closes
        for running in (stream, worked):
            if running is not None:
                running.close()
        if opened is not None:
            opened.close()


def _not_parquet(source: str, error: BaseException) -> CallRecordError:
    """The error for a file that cannot be opened or read as parquet at all."""
    return CallRecordError(f"call records: cannot read {source!r} as parquet: {_reason(error)}")


def _released(caching: bool, offset: int, released: int) -> int:
    """Hand Arrow's cached memory back now and then; the rows read when it last was.

    Arrow's default allocator keeps freed decode buffers cached per thread; handing them
    back takes milliseconds, so it is done every :data:`_RELEASE_ROWS` rows read (``offset``),
    and only where the reader's pool keeps them (``caching``).
    """
    if caching and offset >= released + _RELEASE_ROWS:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
        return offset
    return released


class _RowGroupError(Exception):
    """A reader's error while reading row group ``group`` (0-based); the cause is chained."""

    def __init__(self, group: int) -> None:
        super().__init__(group)
        self.group = group


def _row_group_batches(
    reader: Any, read: Sequence[str], groups: int, batch_rows: int
) -> Iterator[Any]:
    """The batches of a parquet file, read batch by batch, group by group (a reader's error
    raised as :class:`_RowGroupError`).

    The reader decodes one batch ahead on Arrow's threads, which leaves the cores free for
    the pricing of the batch before it: that pricing may be split over the workers.
    """
    import pyarrow as pa

    for group in range(groups):
        try:
            # Pre-buffering (set on the reader) coalesces the reads of the group's chunks.
            batches = reader.iter_batches(
                batch_size=batch_rows, row_groups=[group], columns=list(read), use_threads=True
            )
            yield from batches
        except (pa.ArrowException, *_READ_ERRORS) as error:
            raise _RowGroupError(group) from error


def _ahead(largest: int) -> int:
    """Row groups under way or done ahead of the one whose result is being used.

    One per reader thread (:func:`~vendoreval._parallel.reader_count`), each decoding and
    pricing its own, and one more waiting its turn so that a thread that finishes early
    starts on the next at once; the waiting one only while the groups of ``largest`` rows
    hold at most :data:`_AHEAD_ROWS` rows. On two cores: three groups of 2¹⁸ rows, two of
    2²⁰.
    """
    threads = reader_count()
    return min(threads + 1, max(threads, _AHEAD_ROWS // max(largest, 1)))


def _worked_row_groups(
    path: Path,
    metadata: Any,
    text: Sequence[str],
    read: Sequence[str],
    largest: int,
    pooled: bool,
    work: Callable[[int, Any], _T],
) -> Generator[tuple[int, _T], None, None]:
    """(row group, ``work(row group, table)``) of every row group of a parquet file, in order.

    Each reader thread (:func:`~vendoreval._parallel.reader_pool`) has its own reader (a
    reader is not shared between threads; the file's ``metadata``, already read, is not
    read again), decodes one row group at a time (Arrow releases the GIL while it decodes)
    and works on it at once, while its columns are still in the cache. At most
    :func:`_ahead` row groups are under way or done ahead of the one whose result is used.

    ``pooled`` (a stream) reads the file and decodes it into the decoding pool
    (:func:`~vendoreval._arrow_memory.parquet_file`,
    :func:`~vendoreval._arrow_memory.pooled_input`), each column chunk read on the reader's
    own thread. Pre-buffering instead reads on Arrow's IO threads into the default pool,
    which keeps what it freed: over 20 million rows that took 15–20 MiB more at the peak
    and about a tenth more time. A short file is pre-buffered (its reads are coalesced).

    A reader's error is raised as :class:`_RowGroupError` (its cause chained) when its row
    group is due; an error of ``work`` is raised as it is, when its row group is due.
    Closing the generator early waits for the row groups under way.
    """
    import pyarrow as pa

    groups = metadata.num_row_groups
    ahead = _ahead(largest)
    local = threading.local()
    caching = caches_freed_memory(pooled)
    sources: list[Any] = []  # the files the readers opened, closed at the end

    def opened() -> Any:
        reader = getattr(local, "reader", None)
        if reader is None:
            source: Any = path
            if pooled:
                source = pooled_input(path)
                sources.append(source)
            reader = local.reader = parquet_file(
                source,
                metadata=metadata,
                pre_buffer=not pooled,
                read_dictionary=list(text),
                pooled=pooled,
            )
            local.rows = 0
        return reader

    def decode(group: int) -> _T:
        try:
            reader = opened()
            if caching and local.rows >= _RELEASE_ROWS:  # this thread's cached buffers go back
                pa.default_memory_pool().release_unused()
                local.rows = 0
            table = reader.read_row_group(group, columns=list(read), use_threads=False)
        except (pa.ArrowException, *_READ_ERRORS) as error:
            raise _RowGroupError(group) from error
        local.rows += table.num_rows
        return work(group, table)

    pool = reader_pool()
    pending = deque(pool.submit(decode, group) for group in range(min(ahead, groups)))
    following = len(pending)
    try:
        for group in range(groups):
            result = pending.popleft().result()
            if following < groups:
                pending.append(pool.submit(decode, following))
                following += 1
            yield group, result
    finally:
        wait(pending)  # closed early: the row groups under way are dropped
        for source in sources:
            source.close()


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
