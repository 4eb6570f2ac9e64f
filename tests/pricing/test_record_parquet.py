"""Call records from Parquet files: reader errors, and columns proven valid unread."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.pricing.test_records import good_calls
from vendoreval import _arrow_memory
from vendoreval.errors import CallRecordError
from vendoreval.pricing import PriceSheet, iter_call_batches, validate_calls
from vendoreval.pricing.record_parquet import statistics_prove

SHEET = PriceSheet(
    currency="KRW",
    billing_increment="30/6",
    voice_rate_per_minute=Decimal(450),
    per_contact={"phone": Decimal(100), "chat": Decimal(1800), "email": Decimal(2500)},
)


def _damage_talk_seconds(path: Path, group: int) -> None:
    """Overwrite the bytes of the ``talk_seconds`` column chunk of row group ``group``."""
    chunk = pq.ParquetFile(path).metadata.row_group(group).column(2)
    assert chunk.path_in_schema == "talk_seconds"
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    data = bytearray(path.read_bytes())
    data[start : start + chunk.total_compressed_size] = b"\xab" * chunk.total_compressed_size
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("stream", [False, True])
def test_a_damaged_parquet_file_names_the_file_rows_and_column(
    tmp_path: Path, stream: bool, request: pytest.FixtureRequest
) -> None:
    opened = request.getfixturevalue("as_streams") if stream else []
    path = tmp_path / "month.parquet"
    pq.write_table(pa.Table.from_pandas(good_calls(), preserve_index=False), path)
    _damage_talk_seconds(path, 0)
    with pytest.raises(
        CallRecordError, match=r"month\.parquet.*column 'talk_seconds', rows 1–6 .*cannot read"
    ):
        validate_calls(path)
    # Three row groups of four rows, decoded two at a time: the second is damaged.
    groups = tmp_path / "groups.parquet"
    pq.write_table(
        pa.Table.from_pandas(good_calls(12), preserve_index=False), groups, row_group_size=4
    )
    _damage_talk_seconds(groups, 1)
    with pytest.raises(
        CallRecordError, match=r"groups\.parquet.*'talk_seconds', rows 5–8 \(row group 2\)"
    ):
        validate_calls(groups)
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(CallRecordError, match=r"junk\.parquet.*as parquet"):
        validate_calls(tmp_path / "junk.parquet")
    assert bool(opened) == stream
    assert all(source.closed for source in opened)


def test_unused_parquet_columns_are_checked_from_statistics(tmp_path: Path) -> None:
    # A sheet that bills neither wait nor time premiums reads neither column when the
    # file's statistics prove them complete; a float column (NaN is not in statistics)
    # and a column with a missing value are read and checked.
    calls = good_calls(12)
    path = tmp_path / "month.parquet"
    calls.to_parquet(path)
    used = {"channel", "talk_seconds", "hold_seconds", "acw_seconds"}
    batches = list(iter_call_batches(path, columns=used))
    assert all(len(b.seconds) == 3 for b in batches)
    with pytest.raises(RuntimeError, match="were not read"):
        _ = batches[0].started_at
    floats = tmp_path / "floats.parquet"
    calls.astype({"wait_seconds": float}).to_parquet(floats)
    assert all(len(b.seconds) == 4 for b in iter_call_batches(floats, columns=used))
    gap = calls.astype({"wait_seconds": "Int64"})
    gap.loc[7, "wait_seconds"] = pd.NA
    gap.to_parquet(tmp_path / "gap.parquet")
    with pytest.raises(CallRecordError, match=r"'wait_seconds', row 8: missing duration"):
        list(iter_call_batches(tmp_path / "gap.parquet", columns=used))


def test_statistics_prove_a_column_valid_without_reading_it(tmp_path: Path) -> None:
    # Twelve contacts in three row groups of four. The hold seconds are whole numbers in
    # 0 … 2**27 - 1 except for -1 in the second group (row 6); the acw seconds are floats,
    # whose statistics cannot prove NaN absent.
    calls = good_calls(12).astype({"acw_seconds": float})
    calls.loc[5, "hold_seconds"] = -1
    path = tmp_path / "month.parquet"
    pq.write_table(pa.Table.from_pandas(calls, preserve_index=False), path, row_group_size=4)
    metadata = pq.ParquetFile(path).metadata
    hold = metadata.schema.names.index("hold_seconds")
    acw = metadata.schema.names.index("acw_seconds")
    started = metadata.schema.names.index("started_at")
    assert statistics_prove(metadata, [0, 2], hold)
    assert not statistics_prove(metadata, [0, 1], hold)
    assert not statistics_prove(metadata, [0], acw)
    assert statistics_prove(metadata, range(3), started, integers=False)  # no nulls
    bare = tmp_path / "bare.parquet"
    pq.write_table(pa.Table.from_pandas(calls, preserve_index=False), bare, write_statistics=False)
    assert not statistics_prove(pq.ParquetFile(bare).metadata, [0], hold)
    empty = tmp_path / "empty.parquet"
    pq.write_table(pa.Table.from_pandas(calls.iloc[:0], preserve_index=False), empty)
    assert statistics_prove(pq.ParquetFile(empty).metadata, [0], hold)  # nothing to disprove
    with pytest.raises(CallRecordError, match=r"'hold_seconds', row 6: negative duration -1"):
        validate_calls(path)


@pytest.mark.parametrize("group_rows", [1_000, 30_000, 150_000])
def test_row_groups_decoded_ahead_price_as_the_frame_does(tmp_path: Path, group_rows: int) -> None:
    # Row groups decoded and priced on the reader threads, several at once, or (150,000
    # rows a group, two groups) the second read batch by batch.
    from decimal import Decimal

    from vendoreval.pricing import PriceSheet, invoice

    calls = good_calls(300_000)
    calls["talk_seconds"] = (calls.index.to_numpy() * 7919) % 1_800
    path = tmp_path / "month.parquet"
    pq.write_table(
        pa.Table.from_pandas(calls, preserve_index=False), path, row_group_size=group_rows
    )
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="30/6",
        voice_rate_per_minute=Decimal(450),
        per_contact={"phone": Decimal(100), "chat": Decimal(1800), "email": Decimal(2500)},
    )
    expected = invoice(sheet, calls)
    for batch_rows in (7_000, 1_000_000):
        found = invoice(sheet, path, batch_rows=batch_rows)
        assert found.total == expected.total
        assert found.voice_billed_seconds == expected.voice_billed_seconds
        assert found.contacts == expected.contacts


@pytest.fixture
def as_streams(monkeypatch: pytest.MonkeyPatch) -> list[pa.NativeFile]:
    """Every file read as a stream (into the decoding pool, without pre-buffering); the
    files the readers open are collected."""
    from vendoreval.pricing import record_parquet

    opened: list[pa.NativeFile] = []

    def pooled_input(path: Path) -> pa.NativeFile:
        source = _arrow_memory.pooled_input(path)
        opened.append(source)
        return source

    monkeypatch.setattr(record_parquet, "_STREAM_ROWS", 0)
    monkeypatch.setattr(record_parquet, "pooled_input", pooled_input)
    return opened


@pytest.mark.parametrize("group_rows", [4_000, 60_000])
def test_streams_price_as_the_frame_does_and_close_their_files(
    tmp_path: Path, group_rows: int, as_streams: list[pa.NativeFile]
) -> None:
    from vendoreval.pricing import invoice

    calls = good_calls(60_000)
    calls["talk_seconds"] = (calls.index.to_numpy() * 7919) % 1_800
    path = tmp_path / "month.parquet"
    pq.write_table(
        pa.Table.from_pandas(calls, preserve_index=False), path, row_group_size=group_rows
    )
    expected = invoice(SHEET, calls)
    for batch_rows in (7_000, 1_000_000):
        found = invoice(SHEET, path, batch_rows=batch_rows)
        assert found.total == expected.total
        assert found.voice_billed_seconds == expected.voice_billed_seconds
    assert as_streams  # the stream's readers opened the file themselves …
    assert all(source.closed for source in as_streams)  # … and closed it


@pytest.mark.parametrize("group_rows", [1_000, 30_000])  # groups decoded ahead; one group
def test_a_stream_closed_early_closes_its_files(
    tmp_path: Path, group_rows: int, as_streams: list[pa.NativeFile]
) -> None:
    path = tmp_path / "month.parquet"
    calls = pa.Table.from_pandas(good_calls(30_000), preserve_index=False)
    pq.write_table(calls, path, row_group_size=group_rows)
    batches = iter_call_batches(path, batch_rows=500)
    next(batches)
    batches.close()
    assert as_streams
    assert all(source.closed for source in as_streams)


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view()])
def test_text_channels_are_read_as_dictionaries(tmp_path: Path, kind: pa.DataType) -> None:
    """pandas writes its text as large_string, Polars may write string_view: either is
    decoded as a dictionary (a lookup on its few values), not mapped row by row."""
    calls = pa.Table.from_pandas(good_calls(12), preserve_index=False)
    index = calls.schema.get_field_index("channel")
    calls = calls.set_column(index, pa.field("channel", kind), calls.column(index).cast(kind))
    path = tmp_path / "month.parquet"
    pq.write_table(calls, path)
    assert pq.read_schema(path).field("channel").type == kind
    batches = list(iter_call_batches(path))
    assert [type(b._channels).__name__ for b in batches] == ["_CodedChannels"]
    assert batches[0].counts.tolist()[:3] == [4, 4, 4]


def _twelve_groups(tmp_path: Path) -> Path:
    path = tmp_path / "groups.parquet"
    calls = pa.Table.from_pandas(good_calls(12_000), preserve_index=False)
    pq.write_table(calls, path, row_group_size=1_000)
    return path


def test_each_row_group_is_worked_on_by_the_thread_that_decoded_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from vendoreval.pricing import record_parquet
    from vendoreval.pricing.records import CallBatch, map_call_batches

    monkeypatch.setattr(record_parquet, "worker_count", lambda: 2)  # as on two cores or more
    path = _twelve_groups(tmp_path)
    decoding: set[int] = set()
    real = record_parquet.parquet_file

    def parquet_file(*args: object, **options: object) -> object:
        decoding.add(threading.get_ident())  # the threads that open a reader decode
        return real(*args, **options)

    monkeypatch.setattr(record_parquet, "parquet_file", parquet_file)

    def work(batch: CallBatch) -> tuple[int, int, int]:
        return batch.row(0), len(batch), threading.get_ident()

    results = list(map_call_batches(path, work, batch_rows=400))
    assert [(first, rows) for first, rows, _ in results] == [
        (start + offset, rows)
        for start in range(0, 12_000, 1_000)
        for offset, rows in ((0, 400), (400, 400), (800, 200))
    ]  # each group of 1,000 rows cut into batches of at most 400, all in the file's order
    workers = {thread for _, _, thread in results}
    assert threading.get_ident() not in workers
    assert workers <= decoding


def test_an_error_in_a_later_row_group_comes_after_the_results_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vendoreval.pricing import record_parquet
    from vendoreval.pricing.records import CallBatch, map_call_batches

    monkeypatch.setattr(record_parquet, "worker_count", lambda: 2)
    path = _twelve_groups(tmp_path)

    def work(batch: CallBatch) -> int:
        if batch.row(0) >= 5_000:  # the sixth row group fails, and every one after it
            raise LookupError(f"row {batch.row(0)}")
        return batch.row(0)

    results = map_call_batches(path, work)
    seen = [next(results) for _ in range(5)]
    assert seen == list(range(0, 5_000, 1_000))
    with pytest.raises(LookupError, match=r"^row 5000$"):  # raised as it is, when due
        next(results)
    # A bad value in the eighth group names its row, whichever thread checked it first.
    calls = good_calls(12_000)
    calls.loc[7_321, "acw_seconds"] = -3
    bad = tmp_path / "bad.parquet"
    pq.write_table(pa.Table.from_pandas(calls, preserve_index=False), bad, row_group_size=1_000)
    with pytest.raises(CallRecordError, match=r"'acw_seconds', row 7322: negative"):
        list(map_call_batches(bad, lambda batch: batch.scan(None)))


def test_several_sheets_with_premiums_and_a_month_price_row_groups_as_the_frame_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Row groups priced on the reader threads: the month's contacts only, time and language
    # premiums, wait billed, for three sheets at once, as from the frame.
    import numpy as np

    from tests.pricing.test_invoice import krw_premium_sheet
    from vendoreval.pricing import record_parquet, replay_invoices

    monkeypatch.setattr(record_parquet, "worker_count", lambda: 2)
    rows = 9_000
    rng = np.random.default_rng(11)
    calls = good_calls(rows).assign(
        started_at=pd.Timestamp("2026-12-28", tz="Asia/Seoul")
        + pd.to_timedelta(rng.integers(0, 12 * 86_400, rows), unit="s"),
        talk_seconds=rng.integers(0, 900, rows),
        wait_seconds=rng.integers(0, 120, rows),
        language=rng.choice(["ko", "ja", "EN"], rows),
    )
    path = tmp_path / "month.parquet"
    pq.write_table(pa.Table.from_pandas(calls, preserve_index=False), path, row_group_size=700)
    sheets = {
        "premiums": krw_premium_sheet(per_contact={"chat": Decimal(900), "email": Decimal(700)}),
        "wait": SHEET.model_copy(update={"bill_wait_time": True}),
        "plain": SHEET,
    }
    for month in (None, "2027-01"):
        expected = replay_invoices(sheets, calls, month=month)
        found = replay_invoices(sheets, path, month=month, batch_rows=300)
        for vendor, bill in expected.items():
            assert found[vendor].total == bill.total, vendor
            assert found[vendor].lines.equals(bill.lines), vendor
    assert sum(expected["premiums"].contacts.values()) < rows  # the month left some out


def test_a_reader_thread_that_cannot_open_the_file_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is opened once for its metadata; a reader thread that then fails to open it
    # (gone, or no longer a parquet file) ends in the same kind of message, not Arrow's.
    from vendoreval.pricing import record_parquet

    monkeypatch.setattr(record_parquet, "worker_count", lambda: 2)
    path = _twelve_groups(tmp_path)

    def parquet_file(*args: object, **options: object) -> object:
        raise pa.ArrowInvalid("Parquet magic bytes not found in footer")

    monkeypatch.setattr(record_parquet, "parquet_file", parquet_file)
    with pytest.raises(
        CallRecordError, match=r"groups\.parquet': rows 1–1000 \(row group 1\): cannot read"
    ):
        validate_calls(path)


@pytest.mark.parametrize(
    ("threads", "largest", "ahead"),
    [(2, 1 << 18, 3), (2, 1 << 20, 2), (2, 1_000, 3), (8, 1 << 18, 8), (8, 1 << 20, 8), (8, 1, 9)],
)
def test_row_groups_ahead_one_per_reader_thread_and_one_waiting_while_small(
    monkeypatch: pytest.MonkeyPatch, threads: int, largest: int, ahead: int
) -> None:
    from vendoreval.pricing import record_parquet

    monkeypatch.setattr(record_parquet, "reader_count", lambda: threads)
    assert record_parquet._ahead(largest) == ahead


def test_every_reader_thread_decodes_and_prices_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Four reader threads (as on four cores): four row groups are worked on at the same
    # time, each work waiting at a barrier for the other three.
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from vendoreval.pricing import record_parquet
    from vendoreval.pricing.records import CallBatch, map_call_batches

    pool = ThreadPoolExecutor(max_workers=4)
    monkeypatch.setattr(record_parquet, "worker_count", lambda: 4)
    monkeypatch.setattr(record_parquet, "reader_count", lambda: 4)
    monkeypatch.setattr(record_parquet, "reader_pool", lambda: pool)
    barrier = threading.Barrier(4, timeout=30)

    def work(batch: CallBatch) -> int:
        barrier.wait()  # broken (an error) unless four threads work at once
        return batch.row(0)

    try:
        found = list(map_call_batches(_twelve_groups(tmp_path), work))
    finally:
        pool.shutdown()
    assert found == list(range(0, 12_000, 1_000))
