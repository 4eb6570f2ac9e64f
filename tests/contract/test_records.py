"""Reading contact records: Arrow and pandas checks agree, statistics, ids, threads, order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vendoreval.contract.sla as sla_module
from tests.contract.fixtures import TERMS, contacts
from vendoreval.contract import ServiceCredits, iter_contact_batches, sla_report
from vendoreval.contract.records import (
    _valid_by_statistics,
    map_contact_batches,
)
from vendoreval.errors import CallRecordError

SERVICE_LEVEL = ServiceCredits.model_validate(
    {
        "commitments": [
            {"channel": "phone", "kpi": "service_level", "target": 0.8, "threshold_seconds": 20}
        ],
        "at_risk_share": 0.1,
    }
)


def month(rows: int, seed: int = 0) -> pd.DataFrame:
    """``rows`` phone and chat contacts in January 2027 with whole-number ids 1…rows."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2027-01-01").value
    return pd.DataFrame(
        {
            "contact_id": np.arange(1, rows + 1),
            "channel": rng.choice(["phone", "chat"], rows),
            "started_at": pd.to_datetime(
                np.sort(rng.integers(start, start + 31 * 86_400 * 10**9, rows)) // 10**9 * 10**9
            ),
            "talk_seconds": rng.integers(0, 300, rows) * (rng.random(rows) < 0.9),
            "hold_seconds": rng.integers(0, 30, rows),
            "acw_seconds": rng.integers(0, 30, rows),
            "wait_seconds": rng.integers(0, 60, rows),
        }
    )


def parquet(frame: pd.DataFrame, path: Path, **options: Any) -> Path:
    options.setdefault("row_group_size", 16)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, **options)
    return path


@pytest.mark.parametrize("kind", ["frame", "parquet", "csv"])
def test_times_beyond_nanoseconds_are_bad_values(tmp_path: Path, kind: str) -> None:
    frame = month(6)
    frame["started_at"] = frame["started_at"].astype("datetime64[us]")
    frame.loc[4, "started_at"] = pd.Timestamp("2300-01-01").as_unit("us")
    calls: Any = frame
    if kind == "parquet":
        calls = parquet(frame, tmp_path / "calls.parquet")
    elif kind == "csv":
        calls = tmp_path / "calls.csv"
        frame.to_csv(calls, index=False)
    with pytest.raises(
        CallRecordError,
        match=r"column 'started_at', row 5.*: date-time 2300-01-01 00:00:00 is out of range",
    ):
        sla_report(SERVICE_LEVEL, calls, "2027-01")


def test_batches_carry_identifiers_as_text(tmp_path: Path) -> None:
    path = parquet(month(5), tmp_path / "calls.parquet")
    batch = next(iter_contact_batches(path))
    assert batch.contact_id is not None
    assert batch.contact_id.tolist() == ["1", "2", "3", "4", "5"]
    assert batch.contact_ids is not None
    assert batch.contact_ids.numbers.tolist() == [1, 2, 3, 4, 5]


# ------------------------------------------------------------ durations from statistics


def test_statistics_prove_unused_durations(tmp_path: Path) -> None:
    frame = month(40)
    frame.loc[25, "hold_seconds"] = -1  # in the second row group of 16
    frame["acw_seconds"] = frame["acw_seconds"].astype(float)
    path = parquet(frame, tmp_path / "calls.parquet")
    metadata = pq.ParquetFile(path).metadata
    hold = metadata.schema.names.index("hold_seconds")
    acw = metadata.schema.names.index("acw_seconds")
    assert _valid_by_statistics(metadata, [0, 2], hold)
    assert not _valid_by_statistics(metadata, [0, 1], hold)
    assert not _valid_by_statistics(metadata, [0], acw)  # not integers
    with pytest.raises(CallRecordError, match=r"column 'hold_seconds', row 26: negative"):
        sla_report(SERVICE_LEVEL, path, "2027-01")
    # Without statistics every value is read and checked.
    bare = parquet(frame, tmp_path / "bare.parquet", write_statistics=False)
    assert not _valid_by_statistics(pq.ParquetFile(bare).metadata, [0], hold)
    with pytest.raises(CallRecordError, match=r"column 'hold_seconds', row 26: negative"):
        sla_report(SERVICE_LEVEL, bare, "2027-01")


def test_a_file_proven_valid_gives_the_same_report(tmp_path: Path) -> None:
    frame = month(300, seed=3)
    expected = sla_report(SERVICE_LEVEL, frame, "2027-01")
    for options in ({}, {"write_statistics": False}, {"row_group_size": 1000}):
        got = sla_report(
            SERVICE_LEVEL, parquet(frame, tmp_path / "m.parquet", **options), "2027-01"
        )
        pd.testing.assert_series_equal(got.achieved, expected.achieved)
        pd.testing.assert_frame_equal(got.intervals, expected.intervals)


# ------------------------------------------------------------------------ contact ids


def test_repeated_whole_number_id_across_row_groups(tmp_path: Path) -> None:
    frame = month(50)
    frame.loc[40, "contact_id"] = 7
    path = parquet(frame, tmp_path / "calls.parquet")
    with pytest.raises(
        CallRecordError,
        match=r"column 'contact_id', row 41: contact_id np.int64\(7\) repeats row 7;",
    ):
        sla_report(SERVICE_LEVEL, path, "2027-01")


def test_a_number_and_its_text_are_one_id(tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    frame = month(20)
    parquet(frame.iloc[:10], folder / "a.parquet")
    later = frame.iloc[10:].astype({"contact_id": object})
    later.loc[later.index[2], "contact_id"] = "05"  # not id 5: another text
    later.to_csv(folder / "b.csv", index=False)
    sla_report(SERVICE_LEVEL, folder, "2027-01")
    later.loc[later.index[4], "contact_id"] = "5"
    later.to_csv(folder / "b.csv", index=False)
    with pytest.raises(
        CallRecordError,
        match=r"b\.csv': column 'contact_id', row 5 \(line 6 of the file\): contact_id '5' "
        r"repeats row 5 of '.*a\.parquet'",
    ):
        sla_report(SERVICE_LEVEL, folder, "2027-01")


def test_ids_outside_the_month_may_repeat() -> None:
    frame = month(10)
    frame.loc[9, "started_at"] = pd.Timestamp("2027-02-01 00:00")
    frame.loc[9, "contact_id"] = 1
    assert sla_report(SERVICE_LEVEL, frame, "2027-01").contacts["phone.service_level"] > 0


@pytest.mark.parametrize("dense", [1 << 27, 64])
def test_scattered_ids_are_checked_too(monkeypatch: pytest.MonkeyPatch, dense: int) -> None:
    # Below 64 values of range per id the bitmap gives way to the ids themselves.
    monkeypatch.setattr(sla_module, "_DENSE_IDS", dense)
    frame = month(60)
    frame["contact_id"] = np.arange(60) * 1_000 + 10**15
    assert sla_report(SERVICE_LEVEL, frame, "2027-01", batch_rows=9).contacts.iloc[0] >= 0
    frame.loc[55, "contact_id"] = frame.loc[3, "contact_id"]
    with pytest.raises(CallRecordError, match=r"row 56: contact_id .* repeats row 4;"):
        sla_report(SERVICE_LEVEL, frame, "2027-01", batch_rows=9)


@settings(max_examples=60)
@given(
    st.lists(
        st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(-50, 50), max_size=20),
        max_size=6,
    ),
    st.sampled_from([8, 64, 1 << 27]),
)
def test_seen_ids_find_a_repeat_exactly_when_there_is_one(
    batches: list[list[int]], dense: int
) -> None:
    old = sla_module._DENSE_IDS
    sla_module._DENSE_IDS = dense
    try:
        seen = sla_module._SeenIds()
        for values in batches:
            seen.add(np.array(values, dtype=np.int64), np.zeros((0, 2), dtype=np.uint64))
        every = [v for values in batches for v in values]
        assert seen.any_repeated() == (len(set(every)) != len(every))
    finally:
        sla_module._DENSE_IDS = old


# --------------------------------------------------------------- threads keep the order


def test_results_come_back_in_reading_order(tmp_path: Path) -> None:
    frame = month(100)
    path = parquet(frame, tmp_path / "calls.parquet", row_group_size=7)
    for calls in (frame, path):
        rows = list(map_contact_batches(calls, lambda b: (b.first_row, len(b)), batch_rows=5))
        sequential = [(b.first_row, len(b)) for b in iter_contact_batches(calls, batch_rows=5)]
        assert rows == sequential
        assert sum(n for _, n in rows) == 100
        assert [first for first, _ in rows] == sorted(first for first, _ in rows)


@pytest.mark.parametrize("kind", ["frame", "parquet", "csv"])
def test_the_first_bad_record_in_reading_order_is_named(tmp_path: Path, kind: str) -> None:
    frame = month(100)
    frame.loc[[31, 77], "wait_seconds"] = -5
    calls: Any = frame
    if kind == "parquet":
        calls = parquet(frame, tmp_path / "calls.parquet", row_group_size=4)
    elif kind == "csv":
        calls = tmp_path / "calls.csv"
        frame.to_csv(calls, index=False)
    for _ in range(3):  # whichever thread finishes first
        with pytest.raises(CallRecordError, match=r"column 'wait_seconds', row 32"):
            sla_report(SERVICE_LEVEL, calls, "2027-01", batch_rows=3)


def test_a_bad_record_before_an_unreadable_line_comes_first(tmp_path: Path) -> None:
    frame = month(3000)
    frame.loc[5, "talk_seconds"] = -1
    path = tmp_path / "calls.csv"
    text = frame.to_csv(index=False)
    path.write_text(text + "1,phone,2027-01-05,1,1,1,1,extra,columns\n")
    with pytest.raises(CallRecordError, match=r"column 'talk_seconds', row 6"):
        sla_report(SERVICE_LEVEL, path, "2027-01", batch_rows=100)
    frame.loc[5, "talk_seconds"] = 1
    path.write_text(frame.to_csv(index=False) + "1,phone,2027-01-05,1,1,1,1,extra,columns\n")
    with pytest.raises(CallRecordError, match=r"cannot read the CSV"):
        sla_report(SERVICE_LEVEL, path, "2027-01", batch_rows=100)


# ------------------------------------------------- half hours against pandas' group-by


@settings(max_examples=10)
@given(st.integers(0, 2**32 - 1), st.integers(1, 400))
def test_half_hours_match_a_pandas_group_by(seed: int, rows: int) -> None:
    frame = month(rows, seed)
    frame.loc[frame.index % 11 == 0, "started_at"] -= pd.Timedelta(days=3)  # some in December
    report = sla_report(SERVICE_LEVEL, frame, "2027-01", batch_rows=37)
    january = frame[frame["started_at"] >= pd.Timestamp("2027-01-01")]
    answered = january["talk_seconds"] > 0
    grouped = january.assign(
        answered=answered,
        within=answered & (january["wait_seconds"] <= 20),
        wait=january["wait_seconds"].where(answered, 0),
    ).groupby(["channel", january["started_at"].dt.floor("30min").rename("interval_start")])
    expected = grouped.agg(
        offered=("answered", "size"),
        answered=("answered", "sum"),
        within=("within", "sum"),
        wait=("wait", "sum"),
    )
    got = report.intervals
    assert sorted(got.index) == sorted(expected.index)
    expected = expected.loc[got.index]
    assert got["offered"].tolist() == expected["offered"].tolist()
    assert got["answered"].tolist() == expected["answered"].tolist()
    phone = got.index.get_level_values("channel") == "phone"
    assert got["answered_within"][phone].tolist() == expected["within"][phone].tolist()
    assert got["answered_within"][~phone].isna().all()
    asa = expected["wait"] / expected["answered"].where(expected["answered"] > 0)
    np.testing.assert_allclose(got["asa_seconds"], asa, rtol=1e-12)


def test_hand_counted_month_from_every_source(tmp_path: Path) -> None:
    frame = contacts()
    expected = sla_report(TERMS, frame, "2027-01")
    pyarrow_frame = frame.astype({"channel": "category", "contact_id": "str"})
    for calls in (pyarrow_frame, parquet(frame, tmp_path / "c.parquet", row_group_size=3)):
        got = sla_report(TERMS, calls, "2027-01", batch_rows=4)
        pd.testing.assert_series_equal(got.achieved, expected.achieved)
        pd.testing.assert_frame_equal(got.intervals, expected.intervals)
