"""Hostile call records (CSV and Parquet) replayed into an invoice.

Each case either raises a VendorEvalError naming the file (and the column when one is at
fault), or is accepted and priced exactly as worked out by hand below. Records are
validated in ``vendoreval.pricing.records``.

Hand-worked prices: the sheet bills phone at 600 KRW a minute in 30/6 increments and
e-mail at 900 KRW a contact. A 100 s call bills 30 + ⌈70/6⌉·6 = 102 s = 1.7 min →
1,020 KRW; a 5 s call bills the 30 s minimum → 300 KRW; 100.5 s round up to 101 s, billed
30 + ⌈71/6⌉·6 = 102 s → 1,020 KRW.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vendoreval.errors import VendorEvalError
from vendoreval.pricing import PriceSheet, invoice

SHEET = PriceSheet(
    currency="KRW",
    billing_increment="30/6",
    voice_rate_per_minute=Decimal(600),
    per_contact={"email": 900},
)
HEADER = "channel,started_at,talk_seconds,hold_seconds,acw_seconds,wait_seconds\n"
CALL = "phone,2027-01-05T10:00:00,100,0,0,0\n"


# (name, CSV text, expected total or None for "our error", text the error names)
CSV_CASES = [
    ("bad-type", HEADER + "phone,2027-01-05T10:00:00,abc,0,0,0\n", None, "'talk_seconds', row 1"),
    ("true-duration", HEADER + "phone,2027-01-05T10:00:00,true,0,0,0\n", None, "'talk_seconds'"),
    ("nan", HEADER + "phone,2027-01-05T10:00:00,nan,0,0,0\n", None, "'talk_seconds'"),
    ("inf", HEADER + "phone,2027-01-05T10:00:00,inf,0,0,0\n", None, "'talk_seconds'"),
    ("1e308", HEADER + "phone,2027-01-05T10:00:00,1e308,0,0,0\n", None, "'talk_seconds'"),
    ("negative", HEADER + "phone,2027-01-05T10:00:00,0,-5,0,0\n", None, "'hold_seconds'"),
    ("centuries-long", HEADER + "phone,2027-01-05T10:00:00,9999999999,0,0,0\n", None, "talk"),
    ("bad-date", HEADER + "phone,2027-13-45T10:00:00,5,0,0,0\n", None, "'started_at', row 1"),
    ("unknown-channel", HEADER + "fax,2027-01-05T10:00:00,5,0,0,0\n", None, "'channel', row 1"),
    ("markup-channel", HEADER + "[/],2027-01-05T10:00:00,5,0,0,0\n", None, "unknown channel '[/]'"),
    ("missing-column", "channel,started_at,talk_seconds\nphone,2027-01-05,5\n", None, "hold"),
    ("nul", HEADER + "phone,2027-01-05T10:00:00,5\x00,0,0,0\n", None, "'talk_seconds'"),
    ("ragged", HEADER + "phone,2027-01-05T10:00:00,5,0,0\n", None, "CSV"),
    ("empty", "", None, "missing columns"),
    # accepted: two centuries apart, priced as two 100 s calls
    (
        "centuries-apart",
        HEADER + CALL.replace("2027", "1700") + CALL.replace("2027", "2300"),
        Decimal(2040),
        "",
    ),
    ("byte-order-mark", "\ufeff" + HEADER + CALL, Decimal(1020), ""),
    ("header-only", HEADER, Decimal(0), ""),
    ("fraction", HEADER + "phone,2027-01-05T10:00:00,100.5,0,0,0\n", Decimal(1020), ""),
    pytest.param(
        "duplicated-channel",
        "channel,channel,started_at,talk_seconds,hold_seconds,acw_seconds,wait_seconds\n"
        "phone,email,2027-01-05T10:00:00,100,0,0,0\n",
        None,
        "'channel'",
    ),
    pytest.param(
        "duplicated-talk",
        "channel,started_at,talk_seconds,talk_seconds,hold_seconds,acw_seconds,wait_seconds\n"
        "phone,2027-01-05T10:00:00,100,5,0,0,0\n",
        None,
        "'talk_seconds'",
    ),
]


def _check(path: Path, expected: Decimal | None, names: str) -> None:
    if expected is not None:
        assert invoice(SHEET, path).total == expected
        return
    with pytest.raises(VendorEvalError) as caught:
        invoice(SHEET, path)
    message = str(caught.value)
    assert str(path) in message, message
    assert names in message, message


@pytest.mark.parametrize(("name", "text", "expected", "names"), CSV_CASES)
def test_csv_records(
    tmp_path: Path, name: str, text: str, expected: Decimal | None, names: str
) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    _check(path, expected, names)


def _table(**columns: pa.Array) -> pa.Table:
    base = {
        "channel": pa.array(["phone"]),
        "started_at": pa.array([dt.datetime(2027, 1, 5, 10)], pa.timestamp("us")),
        "talk_seconds": pa.array([100]),
        "hold_seconds": pa.array([0]),
        "acw_seconds": pa.array([0]),
        "wait_seconds": pa.array([0]),
    }
    return pa.table({**base, **columns})


def _when(year: int) -> pa.Array:
    return pa.array([dt.datetime(year, 1, 5, 10)], pa.timestamp("us"))


PARQUET_CASES: list[tuple[str, Callable[[], pa.Table], Decimal | None, str]] = [
    ("bool-durations", lambda: _table(talk_seconds=pa.array([True])), None, "'talk_seconds'"),
    ("inf", lambda: _table(hold_seconds=pa.array([float("inf")])), None, "'hold_seconds'"),
    ("huge-int", lambda: _table(acw_seconds=pa.array([2**62])), None, "'acw_seconds'"),
    ("null-channel", lambda: _table(channel=pa.array([None], pa.string())), None, "'channel'"),
    ("dates-only", lambda: _table(started_at=pa.array([dt.date(2027, 1, 5)])), None, "started"),
    ("year-2300", lambda: _table(started_at=_when(2300)), Decimal(1020), ""),
    ("year-1600", lambda: _table(started_at=_when(1600)), Decimal(1020), ""),
    (
        "centuries-apart",
        lambda: pa.concat_tables([_table(started_at=_when(1700)), _table(started_at=_when(2200))]),
        Decimal(2040),
        "",
    ),
    # text is not a number of seconds: refused rather than parsed
    (
        "text-durations",
        lambda: _table(talk_seconds=pa.array(["100"])),
        None,
        "'talk_seconds', row 1",
    ),
    (
        "decimal-durations",
        lambda: _table(talk_seconds=pa.array([Decimal("100.5")])),
        Decimal(1020),
        "",
    ),
    (
        "dictionary-channel",
        lambda: _table(channel=pa.array(["phone"]).dictionary_encode()),
        Decimal(1020),
        "",
    ),
]


@pytest.mark.parametrize(("name", "build", "expected", "names"), PARQUET_CASES)
def test_parquet_records(
    tmp_path: Path,
    name: str,
    build: Callable[[], pa.Table],
    expected: Decimal | None,
    names: str,
) -> None:
    path = tmp_path / f"{name}.parquet"
    pq.write_table(build(), path)
    _check(path, expected, names)


def test_parquet_duplicated_column(tmp_path: Path) -> None:
    table = _table()
    duplicated = pa.table(
        [*table.columns, pa.array([50])], names=[*table.column_names, "talk_seconds"]
    )
    path = tmp_path / "duplicated.parquet"
    pq.write_table(duplicated, path)
    _check(path, None, "'talk_seconds'")


def test_damaged_parquet(tmp_path: Path) -> None:
    path = tmp_path / "damaged.parquet"
    path.write_bytes(b"PAR1" + bytes(64) + b"PAR1")
    _check(path, None, "parquet")
