"""Invoice-audit speed: vendoreval against DuckDB doing the same join and aggregation in SQL.

A month of 2·10⁶ synthetic contacts (:func:`~vendoreval.datasets.calls.sample_calls`, with
a ``contact_id``) and the vendor's billing detail for its 1.3·10⁶ phone contacts, in which
errors are planted: 1% of the lines bill the customer's wait, 1% are rounded per minute
(60/60 on a 30/6 sheet), 0.5% are 6 s short, 0.2% are billed twice and 0.2% bill contacts
that do not exist.

* ``audit-2M``: :func:`~vendoreval.pricing.audit_invoice` on pandas DataFrames against DuckDB
  computing, over the same DataFrames, each contact's billed seconds under 30/6, the
  billable + wait and the other increments, joining the lines on ``contact_id``, numbering
  repeated lines, classifying every line (phantom, duplicate, wait_billed, rounding, other)
  into a table of differing lines fetched as a DataFrame, and summing it per reason.
  vendoreval also checks every record and every line.
* ``audit-parquet``: the same month, records and detail read from parquet files by both.

Run with ``make bench`` (or ``python benchmarks/bench_audit.py`` for a plain report); under
``make test`` (``--benchmark-disable``) each benchmark runs once as a test on 2·10⁴ contacts.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import measure
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vendoreval.datasets.calls import sample_calls
from vendoreval.needs import Needs
from vendoreval.pricing import BillingIncrement, PriceSheet, audit_invoice

SHEET = PriceSheet(
    currency="KRW",
    billing_increment="30/6",
    voice_rate_per_minute=Decimal(450),
    per_contact={"chat": Decimal(1800), "email": Decimal(2500)},
)

NEEDS = Needs.model_validate(
    {
        "buyer": "Hanbit Mall",
        "industry": "e-commerce",
        "timezone": "Asia/Seoul",
        "hours": {"always": True},
        "channels": [
            {
                "channel": "phone",
                "volume_per_month": 1_340_000,
                "talk_seconds": 240,
                "hold_seconds": 30,
                "acw_seconds": 45,
                "patience_seconds": 180,
                "arrival": "retail-evenings",
            },
            {
                "channel": "chat",
                "volume_per_month": 400_000,
                "talk_seconds": 420,
                "acw_seconds": 30,
                "patience_seconds": 120,
            },
            {"channel": "email", "volume_per_month": 260_000, "talk_seconds": 300},
        ],
        "languages": [{"language": "ko", "share": 1.0}],
        "contract": {"currency": "KRW", "start_month": "2027-01"},
    }
)

# The audit in SQL: ours under 30/6 and the candidates of each reason, per contact; lines
# joined on contact_id and numbered per contact in file order; one reason per line.
AUDIT_SQL = """
CREATE OR REPLACE MACRO inc(d, a, b) AS
  CASE WHEN d = 0 THEN 0 WHEN d <= a THEN a ELSE a + CEIL((d - a) / b) * b END;
CREATE OR REPLACE TEMP TABLE diffs AS
WITH c AS (
  SELECT contact_id,
         CASE WHEN channel = 'phone' THEN talk_seconds + hold_seconds + acw_seconds ELSE 0 END
           AS b,
         CASE WHEN channel = 'phone'
              THEN talk_seconds + hold_seconds + acw_seconds + wait_seconds ELSE 0 END AS bw
  FROM {calls}),
o AS (
  SELECT contact_id, inc(b, 30, 6) AS ours, inc(bw, 30, 6) AS waited,
         inc(b, 60, 60) AS r60, inc(b, 30, 30) AS r30, inc(b, 6, 6) AS r6, b AS r1
  FROM c),
l AS (
  SELECT line, contact_id, billed_seconds AS their,
         row_number() OVER (PARTITION BY contact_id ORDER BY line) AS k
  FROM {billed}),
j AS (
  SELECT l.line, l.contact_id, l.their, l.k, o.ours, o.waited, o.r60, o.r30, o.r6, o.r1,
         o.contact_id IS NULL AS phantom
  FROM l LEFT JOIN o ON l.contact_id = o.contact_id),
r AS (
  SELECT line, contact_id, their,
         CASE WHEN phantom OR k > 1 THEN 0 ELSE ours END AS ours_seconds,
         CASE WHEN phantom THEN 'phantom'
              WHEN k > 1 THEN 'duplicate'
              WHEN their = ours THEN NULL
              WHEN their = waited THEN 'wait_billed'
              WHEN their IN (r60, r30, r6, r1) THEN 'rounding'
              ELSE 'other' END AS reason
  FROM j)
SELECT contact_id, reason, ours_seconds, their AS their_seconds
FROM r WHERE reason IS NOT NULL ORDER BY line;
"""
BY_REASON_SQL = """
SELECT reason, COUNT(*) AS contacts, SUM(their_seconds - ours_seconds) AS seconds
FROM diffs GROUP BY reason
"""


def _duckdb() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"SET threads = {os.cpu_count() or 1}")
    return connection


def _disabled(request: pytest.FixtureRequest) -> bool:
    """True under ``--benchmark-disable`` (``make test``): each runs once, on less data."""
    return bool(request.config.getoption("benchmark_disable", default=False))


def month(scale: float = 1.0, seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records with contact ids and the vendor's billing detail with planted errors."""
    needs = NEEDS.scale_volume(scale) if scale != 1.0 else NEEDS
    calls = sample_calls(needs, month="2027-01", seed=seed)
    calls["contact_id"] = np.arange(len(calls), dtype=np.int64) + 70_000_000
    rng = np.random.default_rng(seed)
    phone = np.flatnonzero((calls["channel"] == "phone").to_numpy())
    handling = calls[["talk_seconds", "hold_seconds", "acw_seconds"]].to_numpy().sum(axis=1)
    billable = handling[phone]
    wait = calls["wait_seconds"].to_numpy()[phone]
    seconds = np.asarray(SHEET.billing_increment.billed_seconds(billable), dtype=np.int64)
    kind = rng.random(phone.shape[0])
    waited = kind < 0.01
    seconds[waited] = SHEET.billing_increment.billed_seconds(billable[waited] + wait[waited])
    per_minute = (kind >= 0.01) & (kind < 0.02)
    seconds[per_minute] = BillingIncrement.parse("60/60").billed_seconds(billable[per_minute])
    short = (kind >= 0.02) & (kind < 0.025) & (seconds > 36)
    seconds[short] -= 6
    ids = calls["contact_id"].to_numpy()[phone]
    twice = rng.random(phone.shape[0]) < 0.002
    ghosts = rng.choice(10**7, size=max(1, phone.shape[0] // 500), replace=False) + 10**9
    ghost_seconds = rng.integers(30, 600, size=ghosts.shape[0])
    billed = pd.DataFrame(
        {
            "contact_id": np.concatenate([ids, ids[twice], ghosts]),
            "billed_seconds": np.concatenate([seconds, seconds[twice], ghost_seconds]),
        }
    )
    order = rng.permutation(len(billed))
    return calls, billed.iloc[order].reset_index(drop=True)


def _duckdb_audit(
    connection: duckdb.DuckDBPyConnection, calls: str, billed: str
) -> Callable[[], tuple[pd.DataFrame, pd.DataFrame]]:
    query = AUDIT_SQL.format(calls=calls, billed=billed)

    def run() -> tuple[pd.DataFrame, pd.DataFrame]:
        connection.execute(query)
        diffs = connection.execute("SELECT * FROM diffs").df()
        by_reason = connection.execute(BY_REASON_SQL).df()
        return diffs, by_reason

    return run


def _agrees(audit: Any, by_reason: pd.DataFrame) -> None:
    found = {
        str(reason): (int(contacts), int(seconds))
        for reason, contacts, seconds in by_reason.itertuples(index=False)
    }
    for reason in ("phantom", "duplicate", "wait_billed", "rounding", "other"):
        contacts, seconds = found.get(reason, (0, 0))
        assert audit.by_reason.loc[reason, "contacts"] == contacts, reason
        assert audit.by_reason.loc[reason, "seconds"] == seconds, reason


@pytest.fixture(scope="module")
def frames(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, pd.DataFrame]:
    """2·10⁶ contacts and their billing detail (2·10⁴ when benchmarks are disabled)."""
    return month(0.01 if _disabled(request) else 1.0)


@pytest.fixture(scope="module")
def files(frames: tuple[pd.DataFrame, pd.DataFrame]) -> Iterator[tuple[Path, Path]]:
    calls, billed = frames
    with tempfile.TemporaryDirectory() as folder:
        calls_path, billed_path = Path(folder) / "calls.parquet", Path(folder) / "billed.parquet"
        pq.write_table(pa.Table.from_pandas(calls, preserve_index=False), calls_path)
        pq.write_table(pa.Table.from_pandas(billed, preserve_index=False), billed_path)
        yield calls_path, billed_path


def _duckdb_frames(
    calls: pd.DataFrame, billed: pd.DataFrame
) -> Callable[[], tuple[pd.DataFrame, pd.DataFrame]]:
    connection = _duckdb()
    connection.register("calls", calls)
    # The line number is the detail's order; vendoreval reads it from the row position.
    connection.register("billed", billed.assign(line=np.arange(len(billed))))
    return _duckdb_audit(connection, "calls", "billed")


@pytest.mark.benchmark(group="audit-2M")
def test_audit_vendoreval(benchmark: Any, frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    calls, billed = frames
    result = benchmark(audit_invoice, SHEET, calls, billed)
    _, by_reason = _duckdb_frames(calls, billed)()
    _agrees(result, by_reason)
    assert result.by_reason["contacts"].sum() > 0


@pytest.mark.benchmark(group="audit-2M")
def test_audit_duckdb(benchmark: Any, frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    calls, billed = frames
    diffs, by_reason = benchmark(_duckdb_frames(calls, billed))
    result = audit_invoice(SHEET, calls, billed)
    _agrees(result, by_reason)
    assert diffs["contact_id"].tolist() == result.contacts["contact_id"].tolist()


def _duckdb_files(calls: Path, billed: Path) -> Callable[[], tuple[pd.DataFrame, pd.DataFrame]]:
    source = f"(SELECT *, row_number() OVER () AS line FROM read_parquet('{billed}'))"
    return _duckdb_audit(_duckdb(), f"read_parquet('{calls}')", source)


@pytest.mark.benchmark(group="audit-parquet")
def test_audit_parquet_vendoreval(benchmark: Any, files: tuple[Path, Path]) -> None:
    calls, billed = files
    result = benchmark(audit_invoice, SHEET, calls, billed)
    _agrees(result, _duckdb_files(calls, billed)()[1])


@pytest.mark.benchmark(group="audit-parquet")
def test_audit_parquet_duckdb(benchmark: Any, files: tuple[Path, Path]) -> None:
    calls, billed = files
    _, by_reason = benchmark(_duckdb_files(calls, billed))
    _agrees(audit_invoice(SHEET, calls, billed), by_reason)


def main() -> None:
    """Print both figures and their ratio for DataFrames and for parquet files."""
    calls, billed = month()
    print(f"{len(calls):,} contacts, {len(billed):,} billed lines")
    rows = [
        (
            "audit-2M (DataFrame)",
            lambda: audit_invoice(SHEET, calls, billed),
            _duckdb_frames(calls, billed),
        )
    ]
    with tempfile.TemporaryDirectory() as folder:
        calls_path, billed_path = Path(folder) / "calls.parquet", Path(folder) / "billed.parquet"
        pq.write_table(pa.Table.from_pandas(calls, preserve_index=False), calls_path)
        pq.write_table(pa.Table.from_pandas(billed, preserve_index=False), billed_path)
        rows.append(
            (
                "audit-2M (parquet)",
                lambda: audit_invoice(SHEET, calls_path, billed_path),
                _duckdb_files(calls_path, billed_path),
            )
        )
        for name, ours, theirs in rows:
            a, b = measure.best_seconds(ours), measure.best_seconds(theirs)
            print(
                f"{name:25s} vendoreval {a * 1e3:8.1f} ms  duckdb {b * 1e3:8.1f} ms  "
                f"duckdb/vendoreval {b / a:5.2f}"
            )


if __name__ == "__main__":
    main()
