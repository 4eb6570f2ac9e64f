"""SLA reports: a hand-counted month, files streamed to the same report, and bad records."""

from __future__ import annotations

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
from hypothesis import strategies as st

from tests.arrow_inputs import string_view_table
from tests.contract.fixtures import CONTACTS, EXPECTED, MET, TERMS, contacts
from vendoreval.contract import (
    Commitment,
    ServiceCredits,
    SlaReport,
    iter_contact_batches,
    sla_report,
)
from vendoreval.errors import CallRecordError, ContractError


def report(calls: Any = None, **kwargs: Any) -> SlaReport:
    return sla_report(TERMS, contacts() if calls is None else calls, "2027-01", **kwargs)


def test_hand_counted_month() -> None:
    result = report()
    assert result.month == "2027-01"
    assert list(result.achieved.index) == list(TERMS.keys)
    pd.testing.assert_series_equal(
        result.achieved, pd.Series(EXPECTED, name="achieved").rename_axis("commitment")
    )
    assert result.met.to_dict() == MET
    assert result.contacts.to_dict() == CONTACTS


def test_hand_counted_intervals() -> None:
    intervals = report().intervals
    assert intervals.index.names == ["channel", "interval_start"]
    # 09:00–09:30 on 4 January: P1 (wait 5), P2 (20), P3 (abandoned, 45).
    first = intervals.xs(("phone", pd.Timestamp("2027-01-04 09:00")))
    assert (first["offered"], first["answered"], first["answered_within"]) == (3, 2, 2)
    assert first["service_level"] == pytest.approx(2 / 3)
    assert first["asa_seconds"] == 12.5  # (5 + 20) / 2
    assert first["abandonment"] == pytest.approx(1 / 3)
    # 09:30–10:00: P4 alone, answered after 21 s.
    second = intervals.xs(("phone", pd.Timestamp("2027-01-04 09:30")))
    assert (second["offered"], second["answered_within"], second["asa_seconds"]) == (1, 0, 21.0)
    # P10 at 23:59 on the 31st falls in the last half hour of the month.
    assert ("phone", pd.Timestamp("2027-01-31 23:30")) in intervals.index
    # Offered per channel adds up to the month; December and February are left out.
    totals = intervals.groupby(level="channel")["offered"].sum().to_dict()
    assert totals == {"chat": 4, "email": 5, "phone": 10}
    assert len(intervals.xs("phone", level="channel")) == 8
    # Email has no service-level commitment: no answered_within, no service level.
    email = intervals.xs("email", level="channel")
    assert email["answered_within"].isna().all()
    assert email["service_level"].isna().all()
    assert intervals["answered_within"].dtype == "Int64"


def test_credit_and_frame() -> None:
    result = report()
    # Missed weights 0.4 + 0.2 + 0.2 + 0.2 + 0.1 + 0.1 = 1.2 → capped at the 10% pool:
    # 0.1 × 123,456,789 = 12,345,678.9 → 12,345,679 KRW; in USD on "1234.5" → 123.45.
    assert result.credit(123_456_789) == Decimal("12345679")
    assert result.credit("1234.5", currency="USD") == Decimal("123.45")
    frame = result.to_frame()
    assert list(frame.columns) == [
        "channel",
        "kpi",
        "target",
        "threshold_seconds",
        "threshold_hours",
        "weight",
        "achieved",
        "met",
        "contacts",
    ]
    assert frame.loc["phone.service_level", "threshold_seconds"] == 20
    assert frame.loc["email.response_within_hours", "threshold_hours"] == 4
    assert frame.loc["phone.qa_score", "achieved"] == 0.8125


def test_answered_column_overrides_talk() -> None:
    calls = contacts()
    calls["answered"] = calls["talk_seconds"] > 0
    calls.loc[calls["contact_id"] == "P3", "answered"] = True  # answered after 45 s, no talk
    result = report(calls)
    # Answered 9 of 10: abandonment 1/10; ASA (154 + 45)/9; service level unchanged (45 > 20).
    assert result.achieved["phone.abandonment"] == 0.1
    assert result.achieved["phone.asa_seconds"] == pytest.approx(199 / 9)
    assert result.achieved["phone.service_level"] == 0.5


def test_time_zone_decides_the_month() -> None:
    calls = contacts()
    # The same local times, stored as UTC instants: Seoul is UTC+9 all year.
    for column in ("started_at", "responded_at"):
        calls[column] = calls[column].dt.tz_localize("Asia/Seoul").dt.tz_convert("UTC")
    local = report(calls, timezone="Asia/Seoul")
    pd.testing.assert_series_equal(local.achieved, report().achieved)
    pd.testing.assert_frame_equal(local.intervals, report().intervals)
    # Read in UTC instead, P1–P5 (4 Jan, 00:05–01:15 UTC) stay in January but P10
    # (31 Jan 14:59 UTC) too, and P11 (31 Dec 14:59 UTC) stays in December: same offered.
    utc = report(calls)
    assert utc.contacts["phone.service_level"] == 10
    assert ("phone", pd.Timestamp("2027-01-04 00:00")) in utc.intervals.index


def test_nothing_to_measure_counts_as_met() -> None:
    terms = ServiceCredits(
        commitments=[
            Commitment(channel="social", kpi="service_level", target=0.8, threshold_seconds=60),
            Commitment(channel="phone", kpi="abandonment", target=0.05),
        ],
        at_risk_share=0.1,
    )
    result = sla_report(terms, contacts(), "2027-01")
    assert np.isnan(result.achieved["social.service_level"])
    assert result.met["social.service_level"]
    assert result.contacts["social.service_level"] == 0
    # Only the abandonment (0.2 > 0.05) is missed: 0.1 × 1,000,000 × 1 = 100,000.
    assert result.credit(1_000_000) == Decimal("100000")


def test_a_month_without_records() -> None:
    result = sla_report(TERMS, contacts(), "2025-06")
    assert result.achieved.isna().all()
    assert result.met.all()
    assert result.intervals.empty
    assert result.credit(1_000_000) == Decimal("0")


def test_small_batches_give_the_same_report() -> None:
    whole = report()
    batched = report(batch_rows=3)
    pd.testing.assert_series_equal(batched.achieved, whole.achieved)
    pd.testing.assert_frame_equal(batched.intervals, whole.intervals)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"month": "2027-1"}, r"month must be 'YYYY-MM'"),
        ({"month": "2027-13"}, r"month must be 'YYYY-MM'"),
        ({"repeat_window_days": 0}, r"repeat_window_days must be > 0"),
        ({"repeat_window_days": True}, r"repeat_window_days must be a number"),
        ({"timezone": "Mars/Olympus"}, r"unknown time zone 'Mars/Olympus'"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {"month": "2027-01"} | kwargs
    with pytest.raises(ContractError, match=message):
        sla_report(TERMS, contacts(), **arguments)


# ------------------------------------------------------------------------------ files


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=4)
    return path


def assert_same_report(left: SlaReport, right: SlaReport) -> None:
    pd.testing.assert_series_equal(left.achieved, right.achieved)
    pd.testing.assert_series_equal(left.met, right.met)
    pd.testing.assert_series_equal(left.contacts, right.contacts)
    pd.testing.assert_frame_equal(left.intervals, right.intervals)


def test_fixture_read_from_csv_and_parquet(tmp_path: Path) -> None:
    frame = contacts()
    assert_same_report(report(write_csv(frame, tmp_path / "calls.csv")), report())
    assert_same_report(report(str(write_parquet(frame, tmp_path / "calls.parquet"))), report())


def test_text_as_arrow_string_views(tmp_path: Path) -> None:
    """``string_view`` text (Polars' newest Arrow output) is measured like any other text: as a
    frame of Arrow dtypes and as a parquet file that keeps the view type."""
    table = string_view_table(contacts())
    assert pa.types.is_string_view(table.schema.field("channel").type)
    path = tmp_path / "views.parquet"
    pq.write_table(table, path)
    assert pa.types.is_string_view(pq.read_schema(path).field("contact_id").type)
    assert_same_report(report(str(path)), report())
    assert_same_report(report(table.to_pandas(types_mapper=pd.ArrowDtype)), report())


def random_month(seed: int, rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-12-29").value
    span = 40 * 86_400 * 10**9
    started = pd.to_datetime(np.sort(rng.integers(start, start + span, rows)) // 10**9 * 10**9)
    channel = rng.choice(["phone", "chat", "email", "social", "messaging"], rows)
    talk = rng.integers(0, 300, rows) * (rng.random(rows) < 0.85)
    responded = pd.Series(
        started + pd.to_timedelta(rng.integers(0, 8 * 3600, rows), unit="s")
    ).where(rng.random(rows) < 0.7)
    csat = pd.Series(rng.integers(1, 6, rows), dtype=float).where(rng.random(rows) < 0.5)
    qa = pd.Series(rng.integers(0, 5, rows) / 4).where(rng.random(rows) < 0.4)
    # Text customer ids, or whole numbers (parquet stores them as int64 with nulls, CSV as text).
    names = ["ann", "bo", "cy", "di", "ed"] if seed % 2 else [101, 102, 103, 104, 105]
    customers = pd.Series(rng.choice(np.array(names, dtype=object), rows), dtype=object).where(
        rng.random(rows) < 0.9, None
    )
    return pd.DataFrame(
        {
            "contact_id": [f"k{i}" for i in range(rows)],
            "channel": channel,
            "started_at": started,
            "talk_seconds": talk,
            "hold_seconds": rng.integers(0, 60, rows),
            "acw_seconds": rng.integers(0, 60, rows),
            "wait_seconds": rng.integers(0, 120, rows),
            "answered": (talk > 0) | (rng.random(rows) < 0.05),
            "customer_id": customers,
            "responded_at": responded,
            "csat": csat,
            "qa_score": qa,
        }
    )


ALL_KPIS = ServiceCredits(
    commitments=[
        Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20),
        Commitment(channel="chat", kpi="service_level", target=0.8, threshold_seconds=60),
        Commitment(channel="phone", kpi="asa_seconds", target=30),
        Commitment(channel="messaging", kpi="abandonment", target=0.05),
        Commitment(channel="email", kpi="response_within_hours", target=0.9, threshold_hours=4),
        Commitment(channel="phone", kpi="fcr", target=0.7),
        Commitment(channel="chat", kpi="csat", target=0.8),
        Commitment(channel="social", kpi="qa_score", target=0.8),
    ],
    at_risk_share=0.1,
)


@settings(max_examples=15)
@given(st.integers(0, 2**32 - 1), st.integers(0, 60), st.data())
def test_a_month_split_in_two_files_equals_the_whole(
    seed: int, rows: int, data: st.DataObject
) -> None:
    frame = random_month(seed, rows)
    cut = data.draw(st.integers(0, rows))
    with tempfile.TemporaryDirectory() as folder:
        parts = Path(folder) / "parts"
        parts.mkdir()
        write_parquet(frame.iloc[:cut], parts / "a.parquet")
        write_csv(frame.iloc[cut:], parts / "b.csv")
        split = sla_report(ALL_KPIS, parts, "2027-01", batch_rows=7)
        whole_file = sla_report(
            ALL_KPIS, write_parquet(frame, Path(folder) / "whole.parquet"), "2027-01"
        )
    whole = sla_report(ALL_KPIS, frame, "2027-01")
    assert_same_report(split, whole)
    assert_same_report(whole_file, whole)
    # The counts behind the report are plain integer sums of the parts.
    first = sla_report(ALL_KPIS, frame.iloc[:cut], "2027-01").intervals["offered"]
    second = sla_report(ALL_KPIS, frame.iloc[cut:], "2027-01").intervals["offered"]
    both = first.add(second, fill_value=0).astype(np.int64).sort_index()
    pd.testing.assert_series_equal(both, whole.intervals["offered"].sort_index())


# ------------------------------------------------------------------------- bad records


def with_value(column: str, row: int, value: Any) -> pd.DataFrame:
    frame = contacts().astype({column: object})
    frame.loc[row, column] = value
    return frame


@pytest.mark.parametrize("kind", ["csv", "parquet", "frame"])
@pytest.mark.parametrize(
    ("column", "row", "value", "message"),
    [
        ("channel", 2, "fax", r"unknown channel 'fax'"),
        ("channel", 0, None, r"missing channel"),
        ("wait_seconds", 4, -3, r"negative duration -3"),
        ("hold_seconds", 6, -1, r"negative duration -1"),
        ("talk_seconds", 9, 2.0**27, r"duration 134217728(\.0)? is not a plausible contact"),
        ("csat", 5, 6, r"6 is out of range; expected a whole score 1–5"),
        ("csat", 1, 3.5, r"3\.5 is out of range"),
        ("qa_score", 3, 1.5, r"1\.5 is out of range; expected a share 0–1"),
        ("started_at", 7, "yesterday", r"cannot read 'yesterday' as a date-time"),
    ],
)
def test_bad_records_name_file_row_and_column(
    tmp_path: Path, kind: str, column: str, row: int, value: Any, message: str
) -> None:
    frame = with_value(column, row, value)
    if column == "started_at" and kind != "frame":
        frame["started_at"] = frame["started_at"].astype(str)
    if kind == "csv":
        calls: Any = write_csv(frame, tmp_path / "bad.csv")
        place = rf"row {row + 1} \(line {row + 2} of the file\)"
    elif kind == "parquet":
        if column in ("wait_seconds", "hold_seconds"):
            frame[column] = frame[column].astype(np.int64)
        if column == "talk_seconds":
            frame[column] = frame[column].astype(float)
        if column in ("csat", "qa_score"):
            frame[column] = frame[column].astype(float)
        calls = write_parquet(frame, tmp_path / "bad.parquet")
        place = rf"row {row + 1}"
    else:
        calls = frame
        place = rf"row {row + 1}"
    prefix = rf"call records in '{calls}': " if kind != "frame" else r"call records: "
    with pytest.raises(CallRecordError, match=prefix + rf"column '{column}', {place}: {message}"):
        report(calls)


def test_repeated_contact_id_across_files(tmp_path: Path) -> None:
    frame = contacts()
    folder = tmp_path / "calls"
    folder.mkdir()
    write_parquet(frame.iloc[:10], folder / "a.parquet")
    later = frame.iloc[10:].copy()
    later.loc[later.index[3], "contact_id"] = "P4"  # C2 reuses P4's id
    write_csv(later, folder / "b.csv")
    expected = (
        rf"call records in '{folder / 'b.csv'}': column 'contact_id', row 4 \(line 5 of the "
        rf"file\): contact_id 'P4' repeats row 4 of '{folder / 'a.parquet'}'"
    )
    with pytest.raises(CallRecordError, match=expected):
        report(folder)


def test_repeated_contact_id_in_a_frame() -> None:
    frame = contacts()
    frame.loc[15, "contact_id"] = "P2"
    with pytest.raises(
        CallRecordError, match=r"column 'contact_id', row 16: contact_id 'P2' repeats row 2;"
    ):
        report(frame)


@pytest.mark.parametrize(
    ("text", "ok"), [("true", True), ("FALSE", True), ("1", True), ("yes", False)]
)
def test_answered_text_in_csv(tmp_path: Path, text: str, ok: bool) -> None:
    frame = contacts().assign(answered=(contacts()["talk_seconds"] > 0).map(str).str.lower())
    frame.loc[4, "answered"] = text
    path = write_csv(frame, tmp_path / "calls.csv")
    if ok:
        report(path)
        return
    with pytest.raises(
        CallRecordError,
        match=r"column 'answered', row 5 \(line 6 of the file\): expected true or false",
    ):
        report(path)


def test_answered_must_be_boolean_in_frames_and_parquet(tmp_path: Path) -> None:
    frame = contacts().assign(answered=(contacts()["talk_seconds"] > 0).astype(int))
    with pytest.raises(CallRecordError, match=r"column 'answered', row 1: expected a boolean"):
        report(frame)
    path = write_parquet(frame, tmp_path / "calls.parquet")
    with pytest.raises(CallRecordError, match=r"column 'answered', row 1: expected a boolean"):
        report(path)
    mixed = contacts().assign(answered=pd.Series([True] * 20 + ["no"], dtype=object))
    with pytest.raises(CallRecordError, match=r"column 'answered', row 21: expected a boolean"):
        report(mixed)


def test_response_before_the_contact_is_an_error() -> None:
    frame = contacts()
    frame.loc[17, "responded_at"] = pd.Timestamp("2027-01-05 09:59")
    with pytest.raises(
        CallRecordError, match=r"column 'responded_at', row 18: responded at 2027-01-05 09:59"
    ):
        report(frame)


def test_columns_a_commitment_needs_are_named() -> None:
    with pytest.raises(
        CallRecordError, match=r"missing column 'customer_id', needed by commitment 'phone.fcr'"
    ):
        report(contacts().drop(columns="customer_id"))
    with pytest.raises(CallRecordError, match=r"missing column 'wait_seconds'"):
        report(contacts().drop(columns="wait_seconds"))


def test_time_stamps_must_agree_in_kind(tmp_path: Path) -> None:
    frame = contacts()
    folder = tmp_path / "calls"
    folder.mkdir()
    aware = frame.iloc[:5].copy()
    aware["started_at"] = aware["started_at"].dt.tz_localize("Asia/Seoul")
    aware["responded_at"] = aware["responded_at"].dt.tz_localize("Asia/Seoul")
    write_parquet(aware, folder / "a.parquet")
    write_parquet(frame.iloc[5:], folder / "b.parquet")
    with pytest.raises(CallRecordError, match=r"b\.parquet'.*column 'started_at', row 1"):
        report(folder)
    offsets = frame.assign(started_at=frame["started_at"].astype(str) + "+09:00")
    offsets.loc[3, "started_at"] = "2027-01-04 09:40:00+00:00"
    offsets = offsets.drop(columns="responded_at").assign(responded_at=None)
    path = write_csv(offsets, tmp_path / "offsets.csv")
    with pytest.raises(CallRecordError, match=r"different UTC offsets; pass timezone"):
        report(path)
    assert report(path, timezone="Asia/Seoul").contacts["phone.service_level"] == 10


def test_missing_files() -> None:
    with pytest.raises(CallRecordError, match=r"no file or folder"):
        report("/nonexistent/calls.parquet")
    with pytest.raises(TypeError, match=r"calls must be a pandas DataFrame"):
        report(42)


def test_batches_remember_their_rows(tmp_path: Path) -> None:
    path = write_csv(contacts(), tmp_path / "calls.csv")
    batches = list(iter_contact_batches(path, batch_rows=8))
    assert [len(b) for b in batches] == [8, 8, 5]
    assert [b.first_row for b in batches] == [0, 8, 16]
    assert batches[0].customer_id is not None
    assert list(batches[0].customer_id[:3]) == ["A", "B", "C"]
    assert batches[1].channel.dtype == np.int8
    # customer_id is skipped when asked; the error on row 1 of the second batch is row 9.
    skipped = next(iter_contact_batches(contacts(), skip=frozenset({"customer_id"})))
    assert skipped.customer_id is None
    frame = contacts()
    frame.loc[8, "wait_seconds"] = -1
    with pytest.raises(CallRecordError, match=r"column 'wait_seconds', row 9: negative"):
        list(iter_contact_batches(frame, batch_rows=8))
    with pytest.raises(ValueError, match=r"batch_rows must be a whole number"):
        list(iter_contact_batches(frame, batch_rows=0))
