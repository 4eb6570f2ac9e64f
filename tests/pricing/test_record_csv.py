"""Call records from CSV files: pieces that end outside quotes, and unreadable lines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.pricing.test_records import good_calls
from vendoreval.errors import CallRecordError
from vendoreval.pricing import PriceSheet, invoice, validate_calls

D = Decimal


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
    sheet = PriceSheet(
        currency="USD",
        billing_increment="6/6",
        voice_rate_per_minute=D("0.5"),
        per_contact={"chat": D("0.75"), "email": D("1.25")},
    )
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
