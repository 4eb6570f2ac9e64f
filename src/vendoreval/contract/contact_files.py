"""Contact records from files: the files of a folder, CSV pieces read ahead, Parquet statistics.

A CSV file is cut into pieces of whole records (at most 16 MiB) that worker threads parse a
few ahead, handed on in order; durations are parsed as whole numbers while they are, every
other column is read as text. A Parquet duration column the report does not use is left
unread where the row groups' statistics show every value valid. The worker threads are the
process's one pool (:func:`vendoreval._parallel.shared_pool`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Final

from vendoreval._lazy import pd
from vendoreval._parallel import shared_pool, worker_count
from vendoreval.errors import CallRecordError
from vendoreval.pricing.record_csv import _open_text, _PieceReader, _stream_pieces

__all__: list[str] = []

_CSV_BLOCK_BYTES: Final = 1 << 24
"""Largest block of a CSV file read at once [bytes]: blocks are read in order while earlier
ones are checked on other threads."""


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
    """The file as Arrow buffers of whole records, about ``size`` bytes each (the first holds
    the header), each ending at a line end outside quotes
    (:func:`vendoreval.pricing.record_csv._csv_pieces`); None first when lines end in a lone
    carriage return (not split here). The first ``size`` bytes are read once, for both."""
    import pyarrow as pa

    with _open_text(path) as stream:
        start = stream.read(size)
        if b"\n" not in start and b"\r" in start:
            yield None
            return
        for _, piece in _stream_pieces(stream, size, start):
            yield pa.py_buffer(piece)


def _csv_stream(
    path: Path, columns: list[str], batch_rows: int, names: list[str] | None = None
) -> Iterator[tuple[int, Any]]:
    """(0-based first row, Arrow record batch of text columns) per batch of a CSV file.

    The file is cut into pieces of whole records (a quoted value may hold line breaks),
    parsed on worker threads a few ahead and handed on in order; ``names`` are the columns
    of the header, when known.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # Durations as whole numbers while they are, every other column as text.
    reader = _PieceReader(columns, dict.fromkeys(columns, pa.string()))
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
            path,
            read_options=pacsv.ReadOptions(block_size=block_size),
            convert_options=reader.as_text,
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
    pool = shared_pool()

    def parse(buffer: Any, header: bool) -> Any:
        options = pacsv.ReadOptions(
            use_threads=False,
            block_size=max(buffer.size + 1, 1 << 14),
            column_names=None if header else header_names,
        )
        return reader.read(buffer, options)

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
