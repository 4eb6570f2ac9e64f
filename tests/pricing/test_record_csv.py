"""Call records from CSV files: pieces that end outside quotes, and unreadable lines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from tests.pricing.test_records import good_calls
from vendoreval.errors import CallRecordError
from vendoreval.pricing import PriceSheet, invoice, validate_calls

D = Decimal
_SHEET = PriceSheet(
    currency="USD",
    billing_increment="6/6",
    voice_rate_per_minute=D("0.5"),
    per_contact={"chat": D("0.75"), "email": D("1.25")},
)


def test_a_ragged_csv_line_names_the_file_and_row(tmp_path: Path) -> None:
    ragged = tmp_path / "ragged.csv"
    good_calls().to_csv(ragged, index=False)
    ragged.write_text(ragged.read_text() + "phone,2027-01-04 10:00:00,1,2,3,4,5,6\n")
    with pytest.raises(CallRecordError, match=r"ragged\.csv.*at row 7 \(line 8 of the file\)"):
        validate_calls(ragged)


def test_csv_is_parsed_in_pieces_that_end_outside_quotes(tmp_path: Path) -> None:
    # Pieces of about 1 MiB: a language column holding quoted text with line breaks and
    # quotes forces cuts to step back to a line end outside the quotes. The file is read
    # plain, gzipped and with CRLF line ends; every way gives the in-memory invoice.
    import gzip

    from vendoreval.pricing.record_csv import _csv_pieces

    rows = 40_000
    calls = good_calls(rows - rows % 3)
    calls["language"] = ["ko", 'e"n\nx', "ja"] * (len(calls) // 3)
    calls["resolved"] = "a,b\r\nc"
    path = tmp_path / "calls.csv"
    calls.to_csv(path, index=False)
    pieces = list(_csv_pieces(path, 1 << 20))
    assert len(pieces) > 1
    assert all(bytes(piece).count(b'"') % 2 == 0 for _, piece in pieces)
    assert [first for first, _ in pieces] == [True] + [False] * (len(pieces) - 1)
    sheet = _SHEET
    expected = invoice(sheet, calls)
    zipped = tmp_path / "calls.csv.gz"
    zipped.write_bytes(gzip.compress(path.read_bytes()))
    crlf = tmp_path / "crlf.csv"
    calls.to_csv(crlf, index=False, lineterminator="\r\n")
    for source in (path, zipped, crlf):
        streamed = invoice(sheet, source, batch_rows=7_000)
        assert streamed.total == expected.total
        assert streamed.contacts == expected.contacts


def test_a_csv_stream_closed_early_closes_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pieces are parsed a few ahead on the reader threads; stopping after the first batch
    drops them and closes the file."""
    from typing import BinaryIO

    from vendoreval.pricing import iter_call_batches, record_csv

    opened: list[BinaryIO] = []
    open_text = record_csv._open_text

    def recorded(path: Path) -> BinaryIO:
        stream = open_text(path)
        opened.append(stream)
        return stream

    monkeypatch.setattr(record_csv, "_open_text", recorded)
    path = tmp_path / "calls.csv"
    good_calls(300_000).to_csv(path, index=False)
    batches = iter_call_batches(path, batch_rows=1_000)
    first = next(batches)
    assert len(first) == 1_000
    batches.close()
    assert opened
    assert all(stream.closed for stream in opened)


@pytest.mark.parametrize("row", [6, 150_000])  # phone contacts
def test_fractional_seconds_in_any_piece_of_a_csv_file_are_priced(tmp_path: Path, row: int) -> None:
    """Durations are parsed as whole numbers while they are; a piece with a fraction (the
    first or a later one) is read again as text, and so are the pieces after it."""
    written = good_calls(300_000).astype({"talk_seconds": object, "acw_seconds": object})
    written.loc[row, "talk_seconds"] = 61.25  # whole numbers elsewhere, written as such
    written.loc[row + 40_002, "acw_seconds"] = 0.5
    path = tmp_path / "month.csv"
    written.to_csv(path, index=False)
    assert path.stat().st_size > 8 * 2**20  # several pieces of at most 4 MiB
    lines = path.read_text().splitlines()
    assert ",61.25," in lines[row + 1]
    assert "." not in lines[row + 2].split(",", 2)[2]
    calls = written.astype({"talk_seconds": np.float64, "acw_seconds": np.float64})
    sheet = _SHEET
    expected = invoice(sheet, calls)
    streamed = invoice(sheet, path)
    assert streamed.total == expected.total
    assert streamed.contacts == expected.contacts
    whole = invoice(sheet, calls.astype({"talk_seconds": np.int64, "acw_seconds": np.int64}))
    assert streamed.total != whole.total  # the fractions were read, not dropped


@pytest.mark.parametrize("fraction", [False, True])
def test_spaces_around_csv_durations_are_read_in_any_piece(tmp_path: Path, fraction: bool) -> None:
    """``" 12"`` is 12 seconds whether its piece is parsed with whole numbers or, after a
    fraction, as text; a duration of spaces only is named at its row either way."""
    rows = ["channel,started_at,talk_seconds,hold_seconds,acw_seconds,wait_seconds"]
    rows += ["phone,2027-01-04 09:00:00,60,0,0,0"] * 3
    rows += ['phone,2027-01-04 09:01:00," 12",0, 5 ,0']
    if fraction:
        rows[1] = "phone,2027-01-04 09:00:00,59.5,0,0,0"
    path = tmp_path / "padded.csv"
    path.write_text("\n".join(rows) + "\n")
    sheet = PriceSheet(currency="USD", billing_increment="1/1", voice_rate_per_minute=D("60"))
    assert invoice(sheet, path).total == D(60 * 3 + 17)
    path.write_text("\n".join([*rows, "phone,2027-01-04 09:02:00,  ,0,0,0"]) + "\n")
    with pytest.raises(CallRecordError, match=r"'talk_seconds', row 5 .*got '  '"):
        invoice(sheet, path)


@pytest.mark.parametrize("bad", [[0], [7], [12], [3, 9], [12, 5]])
def test_the_first_duration_arrow_cannot_read_is_named(bad: list[int]) -> None:
    """The row named is the first whose text Arrow's number cast refuses, whichever half of
    the column it is in (the search halves the column)."""
    import pyarrow as pa

    from vendoreval.pricing.record_values import _first_unreadable

    words = [str(i) for i in range(13)]
    for position in bad:
        words[position] = f"{position}s"
    assert _first_unreadable(pa.array(words)) == min(bad)
