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

This module is the entry (:func:`iter_contact_batches`, :func:`map_contact_batches`); the
pieces are :mod:`~vendoreval.contract.contact_columns` (the columns, checked with pandas),
:mod:`~vendoreval.contract.contact_arrow` (the same checks on Arrow arrays),
:mod:`~vendoreval.contract.contact_batch` (:class:`ContactBatch` and its checks) and
:mod:`~vendoreval.contract.contact_files` (CSV pieces, Parquet statistics, folders).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Final, TypeVar

from vendoreval._lazy import is_frame, pd
from vendoreval._parallel import shared_pool, worker_count
from vendoreval.contract.contact_arrow import _arrow_column, _frame_column
from vendoreval.contract.contact_arrow import _Column as _Column
from vendoreval.contract.contact_batch import ContactBatch, RecordSource, _parse
from vendoreval.contract.contact_columns import (
    CHANNELS,
    MAX_SECONDS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
)
from vendoreval.contract.contact_columns import DURATION_COLUMNS as DURATION_COLUMNS
from vendoreval.contract.contact_files import _csv_stream, _file_columns
from vendoreval.errors import CallRecordError
from vendoreval.pricing.record_parquet import statistics_prove
from vendoreval.pricing.record_schema import missing_columns_text
from vendoreval.pricing.records import record_files

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

_PARQUET_BATCH_ROWS: Final = 1 << 18
"""Most rows decoded from a Parquet file at a time [rows]: memory, not speed, sets it."""

_T = TypeVar("_T")
_valid_by_statistics = statistics_prove  # the name this module gave the proof


def _check_columns(present: list[str], required: Mapping[str, str], source: RecordSource) -> None:
    absent = [name for name in REQUIRED_COLUMNS if name not in present]
    if absent:
        raise CallRecordError(
            f"{source.prefix()}{missing_columns_text(absent, present)}; records need "
            f"{', '.join(REQUIRED_COLUMNS)} (found: {', '.join(present) or 'no columns'})"
        )
    for name, reason in required.items():
        if name not in present:
            raise CallRecordError(f"{source.prefix()}missing column {name!r}, needed {reason}")


def _wanted(present: list[str], skip: frozenset[str]) -> list[str]:
    return [*REQUIRED_COLUMNS, *(c for c in OPTIONAL_COLUMNS if c in present and c not in skip)]


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
        skipped = {n for n in checkable if statistics_prove(metadata, groups, leaves[n])}
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
    if is_frame(calls):
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
    for path in record_files(Path(calls)):
        csv = not path.name.lower().endswith(".parquet")
        source = RecordSource(str(path), csv=csv)
        present = _file_columns(path, csv)
        _check_columns(present, needed, source)
        columns = _wanted(present, skip)
        if csv:
            yield from _csv_units(path, source, present, columns, batch_rows, timezone)
        else:
            yield from _parquet_units(path, source, columns, batch_rows, timezone)


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
    pool = shared_pool()
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
