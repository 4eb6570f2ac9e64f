"""Call records from a CSV file (also gzipped), parsed in pieces of bounded size.

Arrow's streaming CSV reader reads ahead without bound when it is faster than its consumer,
so the text is cut here into pieces of about 1–4 MiB at line ends outside quotes, and each
piece is parsed on its own by :func:`pyarrow.csv.read_csv` with the header's column names,
a few pieces at once on the reader threads, handed on in order.
Durations are parsed as whole numbers straight from the text; a piece where one is not
(fractional seconds, a word, a number too large) is parsed again with every column as text,
as are the pieces after it, and the durations are then read as numbers (or the bad value is
named at its row). Channels and languages are read as dictionaries, start times as text.
An unreadable piece names the first row whose number of fields is wrong.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, Final, cast

import numpy as np

from vendoreval._parallel import map_ahead
from vendoreval.errors import CallRecordError
from vendoreval.pricing.record_batch import _Columns
from vendoreval.pricing.record_schema import (
    _READ_ERRORS,
    DURATION_COLUMNS,
    _check_names,
    _needed,
    _reason,
    _Where,
)
from vendoreval.pricing.record_values import _arrow_columns

__all__: list[str] = []


_QUOTE: Final = ord('"')

_AHEAD: Final = 4
"""Pieces parsed ahead of the one being used, on the reader threads."""


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
    reader = _PieceReader(needed, kinds)

    def read(piece: bytes | memoryview, first: bool) -> Any:
        options = pacsv.ReadOptions(
            column_names=present,
            skip_rows=1 if first else 0,
            block_size=len(piece) + 1,  # one chunk per piece
            use_threads=False,
        )
        return reader.read(pa.py_buffer(piece), options)

    def parse(item: tuple[bool, bytes | memoryview]) -> list[tuple[Any, _Columns | None]]:
        """A piece's batches and their columns (None where a value is bad), on a reader
        thread; the rows are counted from 0 until the piece's place is known."""
        first, piece = item
        block = read(piece, first)
        parts: list[tuple[Any, _Columns | None]] = []
        for batch in block.to_batches(max_chunksize=batch_rows):
            try:
                parts.append((batch, _arrow_columns(batch, 0, source, language, csv=True)))
            except CallRecordError:
                parts.append((batch, None))  # named below, at its rows
        return parts

    offset = 0
    pieces = _csv_pieces(path, _csv_block_size(batch_rows))
    parsed = map_ahead(parse, pieces, _AHEAD)
    try:
        for parts in parsed:
            for batch, columns in parts:
                if columns is None:  # the same conversion again, raising at the right rows
                    columns = _arrow_columns(batch, offset, source, language, csv=True)
                yield replace(columns, where=replace(columns.where, offset=offset))
                offset += batch.num_rows
    except (pa.ArrowException, *_READ_ERRORS) as error:
        if isinstance(error, CallRecordError):
            raise
        row = _csv_ragged_row(path, len(present))
        place = f"row {row} (line {row + 1} of the file)" if row else f"after row {offset}"
        raise CallRecordError(
            f"call records in {source!r}: cannot read the CSV at {place}: {_reason(error)}"
        ) from None
    finally:  # closed early: the pieces being parsed are dropped, then the file is closed
        parsed.close()
        pieces.close()


class _PieceReader:
    """Parses CSV pieces with the durations read as whole numbers (int64) while every piece
    so far held only those; from the first piece that does not (fractional seconds, a word,
    a number too large) on, that piece included, the durations are read as text.

    No text column is built for whole seconds. Arrow's parser of a CSV integer is the one
    its cast from text uses (the text path trims the spaces the CSV parser skips), and the
    same words are missing values either way, so a piece parsed either way gives the same
    numbers. The reader threads share one reader: the switch to text is read and made in
    one step each.

    Parameters
    ----------
    columns : sequence of str
        The columns to read.
    text_types : mapping of str to pyarrow.DataType
        Each column's type when read as text (``string``, or a dictionary of strings).
    """

    def __init__(self, columns: Sequence[str], text_types: Mapping[str, Any]) -> None:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        self.as_text = pacsv.ConvertOptions(
            include_columns=list(columns), column_types=dict(text_types), strings_can_be_null=True
        )
        whole = {name: pa.int64() for name in DURATION_COLUMNS.values() if name in text_types}
        self._as_numbers: Any = None  # until a piece is not whole seconds (then None again)
        if whole:
            self._as_numbers = pacsv.ConvertOptions(
                include_columns=list(columns),
                column_types=dict(text_types) | whole,
                strings_can_be_null=True,
            )

    def read(self, piece: Any, options: Any) -> Any:
        """The Arrow table of ``piece`` (a :class:`pyarrow.Buffer`) under ``options``."""
        import pyarrow as pa
        import pyarrow.csv as pacsv

        convert = self._as_numbers
        if convert is not None:
            try:
                return pacsv.read_csv(pa.BufferReader(piece), options, convert_options=convert)
            except pa.ArrowInvalid:  # not whole seconds, or not CSV: read as text
                self._as_numbers = None
        return pacsv.read_csv(pa.BufferReader(piece), options, convert_options=self.as_text)


def _csv_pieces(path: Path, size: int) -> Generator[tuple[bool, bytes | memoryview], None, None]:
    """Pieces of about ``size`` bytes of a CSV file, each ending at a line end that is not
    inside a quoted field (a ``"`` count of even parity before it); the first holds the
    header. A quoted field spanning more than a piece makes the piece grow until it ends."""
    with _open_text(path) as stream:
        yield from _stream_pieces(stream, size)


def _stream_pieces(
    stream: BinaryIO, size: int, start: bytes | None = None
) -> Generator[tuple[bool, bytes | memoryview], None, None]:
    """The pieces of an open CSV file, as :func:`_csv_pieces` cuts them; ``start`` is its
    first ``size`` bytes where the caller has read them already."""
    carry = b""
    first = True
    while True:
        chunk = stream.read(size) if start is None else start
        start = None
        text = carry + chunk if carry else chunk
        if not chunk:
            if text.strip():
                yield first, text
            return
        cut = _last_line_end(text)
        if cut < 0:
            carry = text  # no usable line end yet: read on
            continue
        yield first, memoryview(text)[: cut + 1]  # no copy of the piece
        first = False
        carry = text[cut + 1 :]


def _last_line_end(text: bytes) -> int:
    """Index of the last ``\\n`` of ``text`` outside quotes (quotes counted from its start,
    which is a record start), or -1."""
    cut = text.rfind(b"\n")
    if cut < 0:
        return -1
    # numpy counts the quotes five times faster than bytes.count on quoted CSV text
    quotes = int(np.count_nonzero(np.frombuffer(text, dtype=np.uint8, count=cut) == _QUOTE))
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
