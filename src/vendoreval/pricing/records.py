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
  dictionaries, on reader threads that also check (and, for an invoice, price) the row group
  each has decoded; columns whose
  values the consumer does not use are checked from the file's column statistics when
  those prove every value valid, else read and checked. CSV files are cut into pieces at
  line ends outside quotes and each piece parsed by :func:`pyarrow.csv.read_csv` (Arrow's
  streaming reader reads ahead without bound), a few at once on the reader threads.

Arrow text, in a table, a file or a frame's Arrow-backed column, may be ``string``,
``large_string`` or ``string_view`` (Polars' and DuckDB's newer Arrow output); a view
column is cast to ``large_string`` where it enters, as Arrow's compute functions and
pandas' dtype checks do not take views.

Files are read in batches of at most ``batch_rows`` rows, so memory stays bounded however
long the file is: a CSV file holds about five pieces of 4 MiB of text in memory (four
parsed ahead, one being cut); a parquet file whose row groups have at most 2²⁰ rows holds
about one row group per reader thread (as many as the cores, at least two), each being
decoded and worked on, and one waiting; one with larger row groups about two batches.

Bad input raises one :class:`~vendoreval.errors.CallRecordError` that names the column, the
first offending row — ``row N`` is the 1-based data row (the header of a CSV file is not a
row; its line number is given too) — and, for files, the path. Errors of the libraries that
read files are raised as such errors too, naming the file and the rows being read.

This module is the entry (:func:`iter_call_batches`, :func:`map_call_batches`,
:func:`validate_calls`); the pieces are
:mod:`~vendoreval.pricing.record_schema` (columns, bounds, places named in messages),
:mod:`~vendoreval.pricing.record_codes` (channel and language codes),
:mod:`~vendoreval.pricing.record_values` (durations and start times of frames and Arrow
batches), :mod:`~vendoreval.pricing.record_batch` (:class:`CallBatch`, checked chunk by chunk),
:mod:`~vendoreval.pricing.record_parquet` and :mod:`~vendoreval.pricing.record_csv` (files).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, Final, TypeAlias, TypeVar

from vendoreval._lazy import is_frame, pd
from vendoreval._parallel import CHUNK_ROWS, map_row_ranges, worker_count
from vendoreval._types import SecondsArray
from vendoreval.errors import ArgumentError, ArgumentTypeError, CallRecordError
from vendoreval.pricing.record_batch import CallBatch, ChunkVisitor, _Columns
from vendoreval.pricing.record_csv import _csv_batches
from vendoreval.pricing.record_csv import _csv_pieces as _csv_pieces
from vendoreval.pricing.record_parquet import _parquet_work
from vendoreval.pricing.record_schema import (
    CALL_COLUMNS,
    CHANNEL_ORDER,
    DURATION_COLUMNS,
    MAX_COMPONENT_SECONDS,
    OPTIONAL_CALL_COLUMNS,
    canonical_language_tag,
)
from vendoreval.pricing.record_values import _arrow_input_batches, _frame_columns

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
    "map_call_batches",
    "map_row_ranges",
    "record_files",
    "validate_calls",
    "worker_count",
]

CallRecords: TypeAlias = "pd.DataFrame | str | Path | Any"
"""Call records as they may be given: a :class:`pandas.DataFrame`; the path of a ``.parquet``
or ``.csv`` file or folder; a :class:`pyarrow.Table`, ``RecordBatch`` or
``RecordBatchReader``; or, to :func:`~vendoreval.pricing.invoice` and its siblings, a DuckDB
relation or an Ibis table (:mod:`vendoreval.pricing.warehouse`)."""

_T = TypeVar("_T")

_BLOCK_ROWS: Final = 1 << 20
"""Most rows of one batch cut from an in-memory frame or table."""

_FILE_BATCH_ROWS: Final = 1 << 18
"""Most rows read from a file at a time (the two batches in memory stay small)."""


def record_files(path: Path) -> list[Path]:
    """The record files at ``path``: the file itself, or a folder's ``.parquet``, ``.csv`` and
    ``.csv.gz`` files in name order (hidden and ``_``-prefixed names left out).

    Raises
    ------
    CallRecordError
        No such file or folder, a folder without record files, or a file of another kind.
    """

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


def _file_work(
    paths: list[Path],
    batch_rows: int,
    language: bool,
    columns: Collection[str] | None,
    work: Callable[[_Columns], list[_T]],
) -> Iterator[_T]:
    """The results of ``work`` on every batch of the files, in order.

    A parquet file's row groups are worked on by the reader threads that decode them (see
    :func:`~vendoreval.pricing.record_parquet._parquet_work`); a CSV file's pieces are parsed
    on the reader threads and worked on by this one.
    """
    for path in paths:
        if path.name.lower().endswith(".parquet"):
            for results in _parquet_work(path, batch_rows, language, columns, work):
                yield from results
        else:
            for part in _csv_batches(path, batch_rows, language):
                yield from work(part)


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
    _check_batch_rows(batch_rows)
    check = _validated if validate else _unchecked
    yield from _batches(calls, batch_rows, language, columns, check)


def _batches(
    calls: CallRecords,
    batch_rows: int,
    language: bool,
    columns: Collection[str] | None,
    work: Callable[[CallBatch], _T],
) -> Iterator[_T]:
    """``work(batch)`` of every batch, in order (see :func:`map_call_batches`)."""
    block_rows = min(batch_rows, _BLOCK_ROWS)
    if is_frame(calls):
        for batch in _frame_columns(calls, language).blocks(block_rows):
            yield work(batch)
        return
    if _is_arrow(calls):
        for part in _arrow_input_batches(calls, block_rows, language):
            for batch in part.blocks(block_rows):
                yield work(batch)
        return
    if not isinstance(calls, str | Path):
        raise ArgumentTypeError(
            "calls must be a pandas DataFrame, a pyarrow Table or RecordBatch, or the path of "
            f"a .parquet/.csv file or folder, got {type(calls).__name__}"
        )
    paths = record_files(Path(calls))

    def blocks(part: _Columns) -> list[_T]:
        return [work(batch) for batch in part.blocks(block_rows)]

    yield from _file_work(paths, min(batch_rows, _FILE_BATCH_ROWS), language, columns, blocks)


def _validated(batch: CallBatch) -> CallBatch:
    batch.validate()
    return batch


def _unchecked(batch: CallBatch) -> CallBatch:
    return batch


def map_call_batches(
    calls: CallRecords,
    work: Callable[[CallBatch], _T],
    *,
    batch_rows: int = 1_000_000,
    language: bool = False,
    columns: Collection[str] | None = None,
) -> Iterator[_T]:
    """``work(batch)`` of every batch of call records, in order.

    The batches are those of :func:`iter_call_batches` with ``validate`` False: ``work``
    checks the values as it scans them (:meth:`CallBatch.scan`). A parquet file whose row
    groups are decoded whole on the reader threads has ``work`` run there, by the thread
    that decoded the batch, so that decoding and work share the cores (DuckDB's threads
    likewise each scan and aggregate their own part of a file); the work of such a batch is
    not split over the worker threads. Other inputs are worked on by the calling thread.

    Parameters
    ----------
    calls : pandas.DataFrame, pyarrow.Table, RecordBatch or RecordBatchReader, str or Path
        As for :func:`iter_call_batches`.
    work : callable
        Called once per batch; may run on several threads at once, each with its own batch.
    batch_rows, language, columns
        As for :func:`iter_call_batches`.

    Yields
    ------
    object
        ``work``'s result for each batch, in the order of the records.

    Raises
    ------
    CallRecordError
        As :func:`iter_call_batches`, and whatever ``work`` raises, each when its batch is
        due: an error in a later batch is not raised before the batches ahead of it.
    """
    _check_batch_rows(batch_rows)
    yield from _batches(calls, batch_rows, language, columns, work)


def _check_batch_rows(batch_rows: object) -> None:
    if isinstance(batch_rows, bool) or not isinstance(batch_rows, int) or batch_rows < 1:
        raise ArgumentError(f"batch_rows must be a whole number of rows ≥ 1, got {batch_rows!r}")


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
