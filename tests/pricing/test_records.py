"""Call records: one clear error per bad input, and files streamed to the in-memory result."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

from tests.pricing.test_invoice import call_frames, premium_sheets
from vendoreval.errors import CallRecordError
from vendoreval.pricing import PriceSheet, invoice, iter_call_batches, validate_calls
from vendoreval.pricing.records import MAX_COMPONENT_SECONDS

D = Decimal


def good_calls(rows: int = 6) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "channel": ["phone", "chat", "email"] * (rows // 3),
            "started_at": pd.date_range("2027-01-04 09:00", periods=rows, freq="7min"),
            "talk_seconds": np.arange(rows, dtype=np.int64) * 10,
            "hold_seconds": np.zeros(rows, dtype=np.int64),
            "acw_seconds": np.full(rows, 5, dtype=np.int64),
            "wait_seconds": np.full(rows, 3, dtype=np.int64),
        }
    )


def broken(column: str, row: int, value: Any) -> pd.DataFrame:
    calls = good_calls().astype({column: object})
    calls.loc[row, column] = value
    return calls


@pytest.mark.parametrize(
    ("calls", "message"),
    [
        (good_calls().drop(columns="wait_seconds"), r"missing column 'wait_seconds'"),
        (
            good_calls().drop(columns=["channel", "acw_seconds"]),
            r"missing columns 'channel', 'acw_seconds'",
        ),
        (broken("hold_seconds", 3, -2), r"column 'hold_seconds', row 4: negative duration -2"),
        (broken("talk_seconds", 4, np.nan), r"column 'talk_seconds', row 5: missing duration"),
        (
            broken("acw_seconds", 1, "ten"),
            r"column 'acw_seconds', row 2: expected a number of seconds, got 'ten'",
        ),
        (
            broken("wait_seconds", 5, float(MAX_COMPONENT_SECONDS) + 1),
            r"column 'wait_seconds', row 6: duration .* is not a plausible contact",
        ),
        (broken("wait_seconds", 2, np.inf), r"column 'wait_seconds', row 3: duration inf"),
        (broken("channel", 2, "voice"), r"column 'channel', row 3: unknown channel 'voice'"),
        (broken("channel", 0, None), r"column 'channel', row 1: missing channel"),
        (
            good_calls().assign(started_at=["2027-01-04 09:00"] * 3 + ["not a time"] * 3),
            r"column 'started_at', row 4: cannot read 'not a time'",
        ),
        (
            good_calls().assign(started_at=lambda c: c["started_at"].where(c.index > 0)),
            r"column 'started_at', row 1: missing start time",
        ),
        (
            good_calls().assign(
                started_at=["2027-01-04T09:00:00+09:00", "2027-01-04T09:00:00+01:00"] * 2
                + ["2027-01-04T09:00:00"] * 2
            ),
            r"column 'started_at', row 5: start times mix local times",
        ),
        (
            good_calls().assign(talk_seconds=[True, False] * 3),
            r"column 'talk_seconds', row 1: expected numbers of seconds",
        ),
    ],
)
def test_bad_records_name_the_column_and_first_row(calls: pd.DataFrame, message: str) -> None:
    sheet = PriceSheet(
        currency="USD",
        billing_increment="60/60",
        voice_rate_per_minute=D("0.5"),
        unpriced_contacts_free=True,
    )
    with pytest.raises(CallRecordError, match=message):
        invoice(sheet, calls)
    with pytest.raises(CallRecordError, match=message):
        validate_calls(calls)


def test_the_first_offending_row_wins_across_columns() -> None:
    calls = good_calls()
    calls.loc[4, "talk_seconds"] = -1
    calls.loc[2, "wait_seconds"] = -7
    with pytest.raises(CallRecordError, match=r"column 'wait_seconds', row 3"):
        validate_calls(calls)


def test_index_labels_are_named_too() -> None:
    calls = broken("hold_seconds", 3, -2).set_axis(list("abcdef"))
    with pytest.raises(CallRecordError, match=r"row 4 \(index label 'd'\)"):
        validate_calls(calls)


def test_a_bad_value_deep_in_a_large_frame_is_found() -> None:
    # Larger than a chunk and a worker's share, so the threaded scan finds it.
    rows = 900_000
    calls = pd.DataFrame(
        {
            "channel": pd.Categorical(["phone"] * rows, categories=["phone", "email"]),
            "started_at": pd.date_range("2027-01-01", periods=rows, freq="s"),
            "talk_seconds": np.ones(rows, dtype=np.int64),
            "hold_seconds": np.zeros(rows, dtype=np.int64),
            "acw_seconds": np.zeros(rows, dtype=np.int64),
            "wait_seconds": np.zeros(rows, dtype=np.float64),
        }
    )
    calls.loc[654_321, "wait_seconds"] = -0.5
    with pytest.raises(CallRecordError, match=r"row 654322: negative duration -0\.5"):
        validate_calls(calls)
    assert validate_calls(calls.iloc[:600_000]) == 600_000


def test_values_accepted_in_other_types() -> None:
    calls = good_calls()
    calls["talk_seconds"] = calls["talk_seconds"].astype("Int32")
    calls["hold_seconds"] = calls["hold_seconds"].astype(np.uint16)
    calls["acw_seconds"] = pd.to_timedelta(calls["acw_seconds"], unit="s")
    calls["wait_seconds"] = pd.Series([3, 3.5, D("4.25"), np.int32(3), 3, 3], dtype=object)
    calls["started_at"] = calls["started_at"].dt.strftime("%Y-%m-%dT%H:%M:%S+09:00")
    calls["channel"] = calls["channel"].astype("category")
    assert validate_calls(calls) == 6
    arrow = good_calls().astype(
        {"talk_seconds": "int64[pyarrow]", "hold_seconds": pd.ArrowDtype(pa.decimal128(24, 2))}
    )
    assert validate_calls(arrow) == 6
    nullable = good_calls().astype({"hold_seconds": "Int64"})
    nullable.loc[2, "hold_seconds"] = pd.NA
    with pytest.raises(CallRecordError, match=r"column 'hold_seconds', row 3: missing"):
        validate_calls(nullable)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        # True would be billed as one second if it were read as a number.
        ([5, 5, True, 5, 5, 5], r"'hold_seconds', row 3: expected a number of seconds, got True"),
        ([5, "12", 5, 5, 5, 5], r"'hold_seconds', row 2: expected a number of seconds, got '12'"),
        ([5.0, 2.5, 1, None, 5, False], r"'hold_seconds', row 4: missing duration"),
        (pd.Series(["5"] * 6, dtype="str"), r"'hold_seconds', row 1: expected numbers .* str"),
        (pd.Series(["5"] * 6, dtype="string"), r"'hold_seconds', row 1: expected numbers"),
        (pd.Series([True] * 6), r"'hold_seconds', row 1: expected numbers .* bool"),
        (pd.Series([False] * 6, dtype="boolean"), r"'hold_seconds', row 1: expected numbers"),
        (pd.Series([1] * 6, dtype="bool[pyarrow]"), r"'hold_seconds', row 1: expected numbers"),
    ],
)
def test_booleans_and_text_are_not_durations(values: Any, message: str) -> None:
    calls = good_calls()
    calls["hold_seconds"] = pd.Series(values, dtype=object) if isinstance(values, list) else values
    with pytest.raises(CallRecordError, match=message):
        validate_calls(calls)


@pytest.mark.parametrize(
    ("column", "message"),
    [
        (pa.array([True] * 6), r"'hold_seconds', row 1: expected numbers .* bool"),
        (pa.array(["5"] * 6), r"'hold_seconds', row 1: expected numbers .* string"),
    ],
)
def test_arrow_and_parquet_durations_must_be_numbers(
    tmp_path: Path, column: pa.Array, message: str
) -> None:
    table = pa.Table.from_pandas(good_calls(), preserve_index=False)
    table = table.set_column(table.schema.get_field_index("hold_seconds"), "hold_seconds", column)
    with pytest.raises(CallRecordError, match=message):
        validate_calls(table)
    pq.write_table(table, tmp_path / "calls.parquet")
    with pytest.raises(CallRecordError, match=r"calls\.parquet.*" + message):
        validate_calls(tmp_path / "calls.parquet")


@pytest.mark.parametrize("kind", [pa.string_view(), pa.binary_view()])
def test_view_columns_are_not_durations(kind: pa.DataType) -> None:
    """Text or bytes in Arrow's view layout are refused as durations, by their own type."""
    calls = good_calls(3)
    values = pa.array([b"1", b"2", b"3"] if kind == pa.binary_view() else ["1", "2", "3"])
    column = pd.Series(values.cast(kind), dtype=pd.ArrowDtype(kind))
    with pytest.raises(CallRecordError, match=r"'talk_seconds', row 1: expected numbers.*view"):
        validate_calls(calls.assign(talk_seconds=column))
    table = pa.Table.from_pandas(calls, preserve_index=False)
    index = table.schema.get_field_index("hold_seconds")
    table = table.set_column(index, pa.field("hold_seconds", kind), values.cast(kind))
    with pytest.raises(CallRecordError, match=r"'hold_seconds', row 1: expected numbers.*view"):
        validate_calls(table)


def test_a_missing_channel_in_string_views_names_its_row() -> None:
    calls = good_calls(6)
    channel = pa.array(["phone", "chat", None, "email", "phone", "fax"], type=pa.string_view())
    frame = calls.assign(channel=pd.Series(channel, dtype=pd.ArrowDtype(pa.string_view())))
    with pytest.raises(CallRecordError, match=r"'channel', row 3: missing channel"):
        validate_calls(frame)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    with pytest.raises(CallRecordError, match=r"'channel', row 3: missing channel"):
        validate_calls(table)


def test_files_name_the_path_and_row(tmp_path: Path) -> None:
    calls = good_calls(12)
    calls.loc[9, "talk_seconds"] = -5
    parquet = tmp_path / "month.parquet"
    calls.to_parquet(parquet)
    # Four-row batches: the bad row (position 9, the tenth data row) is in the third batch,
    # still reported as row 10 — rows are 1-based data rows, the header is line 1 of a CSV.
    with pytest.raises(CallRecordError, match=r"month\.parquet.*column 'talk_seconds', row 10"):
        list(iter_call_batches(parquet, batch_rows=4))
    csv = tmp_path / "month.csv"
    calls.to_csv(csv, index=False)
    with pytest.raises(CallRecordError, match=r"month\.csv.*row 10 \(line 11 of the file\)"):
        list(iter_call_batches(csv, batch_rows=4))
    folder = tmp_path / "folder"
    folder.mkdir()
    good_calls(6).to_parquet(folder / "a.parquet")
    calls.to_csv(folder / "b.csv", index=False)
    with pytest.raises(CallRecordError, match=r"b\.csv.*row 10\b"):
        validate_calls(folder)
    missing = tmp_path / "missing.parquet"
    good_calls().drop(columns="hold_seconds").to_parquet(missing)
    with pytest.raises(CallRecordError, match=r"missing\.parquet.*missing column 'hold_seconds'"):
        validate_calls(missing)
    text = tmp_path / "bad.csv"
    good_calls().assign(hold_seconds="x").to_csv(text, index=False)
    with pytest.raises(CallRecordError, match=r"bad\.csv.*'hold_seconds', row 1 .*got 'x'"):
        validate_calls(text)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("started_at", "", r"'started_at', row 150001 \(line 150002 of the file\): missing start"),
        ("hold_seconds", "x", r"'hold_seconds', row 150001 \(line 150002 of the file\).*'x'"),
        ("hold_seconds", "-4", r"'hold_seconds', row 150001 \(line 150002 of the file\).*-4"),
        ("acw_seconds", "", r"'acw_seconds', row 150001 \(line 150002 of the file\): missing"),
        ("talk_seconds", "9" * 20, r"'talk_seconds', row 150001 \(line 150002 of the file\)"),
        ("channel", "fax", r"'channel', row 150001 \(line 150002 of the file\).*'fax'"),
    ],
)
def test_a_bad_value_in_a_later_piece_of_a_csv_file_is_named_at_its_row(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    """A CSV file of many pieces, parsed a few at once on the reader threads: the row is
    counted from the start of the file, not of its piece."""
    calls = good_calls(300_000).astype({column: object})
    calls.loc[150_000, column] = value
    path = tmp_path / "month.csv"
    calls.to_csv(path, index=False)
    assert path.stat().st_size > 8 * 2**20  # several pieces of at most 4 MiB
    with pytest.raises(CallRecordError, match=message):
        list(iter_call_batches(path))


def test_a_ragged_row_in_a_later_piece_of_a_csv_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "month.csv"
    good_calls(300_000).to_csv(path, index=False)
    lines = path.read_text().splitlines(keepends=True)
    lines[200_001] = lines[200_001].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines))
    with pytest.raises(CallRecordError, match=r"row 200001 \(line 200002 of the file\)"):
        list(iter_call_batches(path))


@pytest.mark.parametrize("separator", [";", "\t", "|"])
def test_a_csv_file_with_another_separator_is_named(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "calls.csv"
    good_calls().to_csv(path, index=False, sep=separator)
    hint = re.escape(f"separated by {separator!r}: write it with commas")
    with pytest.raises(CallRecordError, match=hint):
        validate_calls(path)


def test_missing_columns_get_no_separator_hint_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    good_calls().drop(columns="wait_seconds").to_csv(path, index=False)
    with pytest.raises(CallRecordError, match="missing column 'wait_seconds'; ") as raised:
        validate_calls(path)
    assert "separated" not in str(raised.value)


@pytest.mark.parametrize("offsets", [False, True])
def test_pricing_files_does_not_load_pandas(tmp_path: Path, offsets: bool) -> None:
    """CSV (start times with and without UTC offsets) and Parquet files are priced with
    Arrow and numpy alone: pandas (about 80 MiB and 0.3 s) is not imported."""
    import subprocess
    import sys

    calls = good_calls(6_000)
    if offsets:
        calls["started_at"] = calls["started_at"].dt.tz_localize("Asia/Seoul")
    calls.to_csv(tmp_path / "calls.csv", index=False)
    calls.to_parquet(tmp_path / "calls.parquet", index=False)
    code = (
        "import sys\n"
        "from decimal import Decimal\n"
        "from vendoreval.pricing import PriceSheet, invoice\n"
        "sheet = PriceSheet(currency='KRW', billing_increment='30/6',\n"
        "    voice_rate_per_minute=Decimal(450), unpriced_contacts_free=True)\n"
        f"totals = [invoice(sheet, {str(tmp_path)!r} + name).total\n"
        "          for name in ('/calls.csv', '/calls.parquet')]\n"
        "print(totals[0] == totals[1] > 0, 'pandas' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]


def test_paths_that_are_not_call_records(tmp_path: Path) -> None:
    with pytest.raises(CallRecordError, match="no file or folder"):
        validate_calls(tmp_path / "nowhere.parquet")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CallRecordError, match=r"expected a \.parquet or \.csv file"):
        validate_calls(tmp_path / "notes.txt")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CallRecordError, match=r"holds no \.parquet or \.csv files"):
        validate_calls(empty)
    with pytest.raises(TypeError, match="DataFrame, a pyarrow Table"):
        validate_calls(42)  # type: ignore[arg-type]


def random_month(rows: int, seed: int) -> pd.DataFrame:
    """A month of mixed calls with aware start times, float and integer durations."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2027-01-01", tz="Asia/Seoul")
    seconds = np.sort(rng.integers(0, 31 * 86_400, rows))
    talk = rng.integers(0, 900, rows)
    talk[rng.random(rows) < 0.2] = 0
    return pd.DataFrame(
        {
            "channel": rng.choice(["phone", "phone", "chat", "email", "social"], rows),
            "started_at": start + pd.to_timedelta(seconds, unit="s"),
            "talk_seconds": talk,
            "hold_seconds": np.where(rng.random(rows) < 0.35, rng.integers(1, 120, rows), 0),
            "acw_seconds": rng.integers(0, 60, rows),
            "wait_seconds": np.round(rng.exponential(25, rows), 1),
            "language": rng.choice(["ko", "en", "ja"], rows),
        }
    )


STREAM_SHEET = PriceSheet.model_validate(
    {
        "currency": "KRW",
        "billing_increment": "30/6",
        "billable_components": ["talk", "hold", "acw", "wait"],
        "voice_rate_per_minute": D(450),
        "per_contact": {"chat": D(1800), "email": D(2500), "social": D(2100)},
        "volume_tiers": [
            {
                "basis": "contacts",
                "channel": "chat",
                "mode": "graduated",
                "bands": [{"up_to": 50, "rate": D(2000)}, {"rate": D(1500)}],
            }
        ],
        "premiums": {
            "timezone": "Asia/Seoul",
            "after_hours": {"start": "20:00", "end": "08:00", "multiplier": D("1.2")},
            "weekend_multiplier": D("1.1"),
            "holidays": [dt.date(2027, 1, 1)],
            "holiday_multiplier": D("1.5"),
            "language_multipliers": {"ja": D("1.3")},
        },
    }
)


@pytest.mark.parametrize("batch_rows", [1, 7, 64, 1_000_000])
def test_streaming_files_equals_the_in_memory_invoice(tmp_path: Path, batch_rows: int) -> None:
    calls = random_month(300, seed=3)
    expected = invoice(STREAM_SHEET, calls)
    parquet = tmp_path / "calls.parquet"
    pq.write_table(pa.Table.from_pandas(calls), parquet, row_group_size=50)
    csv = tmp_path / "calls.csv"
    calls.to_csv(csv, index=False)
    folder = tmp_path / "parts"
    folder.mkdir()
    calls.iloc[:120].to_parquet(folder / "2027-01-a.parquet")
    calls.iloc[120:].to_csv(folder / "2027-01-b.csv", index=False)
    for source in (parquet, csv, folder, str(parquet)):
        streamed = invoice(STREAM_SHEET, source, batch_rows=batch_rows)
        assert streamed.total == expected.total
        assert streamed.lines.equals(expected.lines)
        assert streamed.voice_billed_seconds == expected.voice_billed_seconds
        assert streamed.contacts == expected.contacts


@settings(max_examples=25)
@given(premium_sheets(), call_frames(max_rows=40))
def test_streaming_equals_in_memory_for_any_month(sheet: PriceSheet, calls: pd.DataFrame) -> None:
    expected = invoice(sheet, calls).total
    with tempfile.TemporaryDirectory() as folder:
        parquet, csv = Path(folder) / "c.parquet", Path(folder) / "c.csv"
        calls.to_parquet(parquet)
        calls.to_csv(csv, index=False)
        assert invoice(sheet, parquet, batch_rows=3).total == expected
        assert invoice(sheet, csv, batch_rows=5).total == expected


def test_an_empty_file_is_an_empty_month(tmp_path: Path) -> None:
    empty = good_calls().iloc[:0]
    path = tmp_path / "empty.parquet"
    empty.to_parquet(path)
    sheet = PriceSheet(currency="USD", billing_increment="60/60", monthly_fixed=D("99.00"))
    assert invoice(sheet, path).total == D("99.00")
    csv = tmp_path / "empty.csv"
    empty.to_csv(csv, index=False)
    assert invoice(sheet, csv).total == D("99.00")


# ------------------------------------------------------------------------------- languages

LANGUAGE_SHEET = PriceSheet(
    currency="KRW",
    billing_increment="1/1",
    voice_rate_per_minute=D(600),
    per_contact={"chat": D(1000)},
    premiums={"language_multipliers": {"ja": D("1.5"), "pt-BR": D("1.2")}},
)


def language_calls(tags: list[Any]) -> pd.DataFrame:
    calls = good_calls(len(tags))
    calls["language"] = pd.Series(tags, dtype=object)
    return calls


@pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning")
@pytest.mark.parametrize(
    "kind", ["object", "category", "str", "arrow-table", "parquet", "csv", "duckdb", "ibis"]
)
def test_language_tags_are_matched_without_regard_to_case(tmp_path: Path, kind: str) -> None:
    # BCP 47 tags are case-insensitive (RFC 5646 §2.1.1): 'JA' is 'ja', 'PT-br' is 'pt-BR'.
    # Rows: phone 0 s + 5 s, chat, email (unpriced, free of charge here) …
    plain = language_calls(["ja", "ja", "ko", "pt-BR", "pt-BR", "ko"])
    shouted = language_calls(["JA", "Ja", "KO", "PT-br", "pt-br", "ko"])
    sheet = LANGUAGE_SHEET.model_copy(update={"unpriced_contacts_free": True})
    expected = invoice(sheet, plain)
    assert expected.amounts_by_category()["premiums"] > 0
    assert invoice(sheet, _as(shouted, kind, tmp_path)).total == expected.total


def _as(calls: pd.DataFrame, kind: str, folder: Path) -> Any:
    from tests.pricing.test_warehouse import DUCKDB

    if kind in ("object", "category", "str"):
        return calls.assign(language=calls["language"].astype(kind))
    if kind == "arrow-table":
        return pa.Table.from_pandas(calls, preserve_index=False)
    if kind == "parquet":
        calls.to_parquet(folder / "calls.parquet")
        return folder / "calls.parquet"
    if kind == "csv":
        calls.to_csv(folder / "calls.csv", index=False)
        return folder / "calls.csv"
    if kind == "duckdb":
        return DUCKDB.from_df(calls)
    import ibis

    return ibis.memtable(calls)


@pytest.mark.parametrize("kind", ["object", "category", "arrow-table", "parquet", "csv"])
@pytest.mark.parametrize(
    ("tags", "message"),
    [
        # A missing language would be priced at the base rate: refused where premiums apply.
        (["ja", "ko", None, "ja", "ko", "ja"], r"'language', row 3\b.*: missing language"),
        (["ja", "ko", "ja", "ja", "ja_JP", "ja"], r"'language', row 5\b.*: 'ja_JP' is not a"),
        (["ja", "Japanese!", "ja", "ja", "ko", "ja"], r"'language', row 2\b.*: 'Japanese!' is"),
    ],
)
def test_missing_or_malformed_languages_are_refused_under_language_premiums(
    tmp_path: Path, kind: str, tags: list[Any], message: str
) -> None:
    calls = language_calls(tags)
    sheet = LANGUAGE_SHEET.model_copy(update={"unpriced_contacts_free": True})
    with pytest.raises(CallRecordError, match=message):
        invoice(sheet, _as(calls, kind, tmp_path))
    # A sheet without language premiums does not read the column.
    plain = sheet.model_copy(update={"premiums": None})
    assert invoice(plain, _as(calls, kind, tmp_path)).total > 0


# ------------------------------------------------------------------------------- hostile files


def test_a_repeated_column_is_refused(tmp_path: Path) -> None:
    calls = good_calls()
    twice = pd.concat([calls, calls[["channel"]]], axis=1)
    with pytest.raises(CallRecordError, match=r"column 'channel' appears 2 times"):
        validate_calls(twice)
    table = pa.Table.from_pandas(calls, preserve_index=False)
    table = table.append_column("channel", table.column("channel"))
    with pytest.raises(CallRecordError, match=r"column 'channel' appears 2 times"):
        validate_calls(table)
    pq.write_table(table, tmp_path / "twice.parquet")
    with pytest.raises(CallRecordError, match=r"twice\.parquet.*'channel' appears 2 times"):
        validate_calls(tmp_path / "twice.parquet")
    twice.to_csv(tmp_path / "twice.csv", index=False)
    with pytest.raises(CallRecordError, match=r"twice\.csv.*'channel' appears 2 times"):
        validate_calls(tmp_path / "twice.csv")


def test_an_unknown_time_zone_in_a_parquet_file_is_refused(tmp_path: Path) -> None:
    table = pa.Table.from_pandas(good_calls(), preserve_index=False)
    seconds = pa.array(np.arange(6, dtype=np.int64) * 420 + 1_799_053_200)
    mars = seconds.cast(pa.timestamp("s", tz="Mars/Olympus_Mons"))
    table = table.set_column(table.schema.get_field_index("started_at"), "started_at", mars)
    path = tmp_path / "mars.parquet"
    pq.write_table(table, path)
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="1/1",
        voice_rate_per_minute=D(600),
        unpriced_contacts_free=True,
        premiums={"timezone": "Asia/Seoul", "weekend_multiplier": D("1.2")},
    )
    for source in (path, table):
        with pytest.raises(CallRecordError, match=r"'started_at'.*'Mars/Olympus_Mons' is not"):
            invoice(sheet, source)


def test_records_arrive_as_arrow_batches_and_streams() -> None:
    calls = good_calls(300)
    table = pa.Table.from_pandas(calls, preserve_index=False)
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=7))
    sizes = [len(batch) for batch in iter_call_batches(reader, batch_rows=50)]
    assert sum(sizes) == 300
    assert max(sizes) <= 50
    assert validate_calls(table.to_batches()[0]) == 300


@pytest.mark.parametrize(
    ("rows", "batch_rows", "sizes"),
    [
        (300, 50, [50] * 6),
        (303, 50, [51] * 5 + [48]),  # 3 rows over: spread, not a batch of 3
        (306, 50, [51] * 6),
        (309, 50, [45] * 6 + [39]),  # 9 rows over (more than an eighth of 50): a batch more
        (54, 50, [54]),
        (57, 50, [29, 28]),
        (3, 50, [3]),
    ],
)
def test_a_frame_is_cut_into_batches_of_equal_size(
    rows: int, batch_rows: int, sizes: list[int]
) -> None:
    calls = good_calls(rows)
    batches = list(iter_call_batches(calls, batch_rows=batch_rows))
    assert [len(batch) for batch in batches] == sizes
    assert [batch.row(0) for batch in batches] == np.cumsum([0, *sizes[:-1]]).tolist()
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="30/6",
        voice_rate_per_minute=450,
        per_contact={"chat": 900, "email": 1500},
    )
    assert invoice(sheet, calls, batch_rows=batch_rows).total == invoice(sheet, calls).total


def _nat_calls(rows: int, nat_row: int) -> pd.DataFrame:
    calls = good_calls(rows)
    calls.loc[nat_row, "started_at"] = pd.NaT
    return calls


@pytest.mark.parametrize("batch_rows", [4, 1_000_000])
@pytest.mark.parametrize("month", [None, "2027-01"])
def test_a_missing_start_time_is_found_in_any_batch(batch_rows: int, month: str | None) -> None:
    """Date-time columns are checked for NaT while scanned, or when the times are used."""
    sheet = PriceSheet(
        currency="KRW",
        billing_increment="30/6",
        voice_rate_per_minute=450,
        per_contact={"chat": 900, "email": 1500},
    )
    calls = _nat_calls(30, 22)
    with pytest.raises(CallRecordError, match=r"'started_at', row 23: missing start time \(NaT\)"):
        invoice(sheet, calls, batch_rows=batch_rows, month=month)
    with pytest.raises(CallRecordError, match=r"'started_at', row 23: missing start time"):
        validate_calls(calls)

    def use_the_times() -> None:
        for batch in iter_call_batches(calls, batch_rows=batch_rows, validate=False):
            assert len(batch.started_at) == len(batch)

    with pytest.raises(CallRecordError, match=r"'started_at', row 23"):
        use_the_times()


def test_the_first_offending_row_is_named_whatever_its_column() -> None:
    calls = _nat_calls(30, 22)
    calls.loc[7, "hold_seconds"] = -1
    with pytest.raises(CallRecordError, match=r"'hold_seconds', row 8: negative"):
        validate_calls(calls)
    calls = _nat_calls(30, 7)
    calls.loc[7, "hold_seconds"] = -1  # same row: the start time comes first
    with pytest.raises(CallRecordError, match=r"'started_at', row 8: missing start time"):
        validate_calls(calls)
    calls = _nat_calls(30, 7)
    calls.loc[7, "channel"] = "fax"  # same row: the channel comes first
    with pytest.raises(CallRecordError, match=r"'channel', row 8: unknown channel 'fax'"):
        validate_calls(calls)
