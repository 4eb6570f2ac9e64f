"""Speed of the monthly service report: :func:`vendoreval.contract.sla_report` against DuckDB.

* ``sla-report``: the phone service level (answered within 20 s ÷ offered), abandonment
  (not answered ÷ offered) and ASA (mean wait of answered contacts) of one month of
  ``VENDOREVAL_BENCH_SLA_ROWS`` contacts (default 20 million under ``--benchmark-only``,
  20,000 when benchmarks are disabled as in ``make test``) read from a Parquet file, against
  DuckDB aggregating the same file in SQL. vendoreval also validates every record (channel,
  durations, duplicate contact ids) and keeps the half-hour detail; both read only the
  columns they need.

Run with ``make bench``; under ``make test`` each benchmark runs once as a test, on less data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vendoreval.contract import Commitment, ServiceCredits, sla_report

ROWS_ENV = "VENDOREVAL_BENCH_SLA_ROWS"
MONTH_SECONDS = 31 * 24 * 3600
TERMS = ServiceCredits(
    commitments=(
        Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20),
        Commitment(channel="phone", kpi="abandonment", target=0.05),
        Commitment(channel="phone", kpi="asa_seconds", target=30),
    ),
    at_risk_share=0.1,
)
SQL = """
SELECT
  SUM(CASE WHEN talk_seconds > 0 AND wait_seconds <= 20 THEN 1 ELSE 0 END) / COUNT(*)
    AS service_level,
  SUM(CASE WHEN talk_seconds > 0 THEN 0 ELSE 1 END) / COUNT(*) AS abandonment,
  AVG(CASE WHEN talk_seconds > 0 THEN wait_seconds END) AS asa_seconds
FROM read_parquet('{path}')
WHERE channel = 'phone'
  AND started_at >= TIMESTAMP '2027-01-01' AND started_at < TIMESTAMP '2027-02-01'
"""


def _disabled(request: pytest.FixtureRequest) -> bool:
    """True under ``--benchmark-disable`` (``make test``): each runs once, on less data."""
    return bool(request.config.getoption("benchmark_disable", default=False))


def _month(rows: int, seed: int = 0) -> pa.Table:
    """``rows`` synthetic contacts of January 2027 (naive local times): 80% phone, 20% chat;
    exponential waits (mean 12 s), 4% abandoned, log-normal talk times."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2027-01-01T00:00:00", "s")
    offsets = np.sort(rng.integers(0, MONTH_SECONDS, size=rows))
    channel = np.where(rng.random(rows) < 0.8, "phone", "chat")
    abandoned = rng.random(rows) < 0.04
    talk = np.where(abandoned, 0, np.ceil(rng.lognormal(5.3, 0.6, size=rows))).astype(np.int64)
    return pa.table(
        {
            "contact_id": np.arange(1, rows + 1, dtype=np.int64),
            "channel": pa.array(channel).dictionary_encode(),
            "started_at": start + offsets.astype("timedelta64[s]"),
            "talk_seconds": talk,
            "hold_seconds": np.zeros(rows, dtype=np.int64),
            "acw_seconds": np.where(abandoned, 0, 30).astype(np.int64),
            "wait_seconds": np.ceil(rng.exponential(12.0, size=rows)).astype(np.int64),
        }
    )


@pytest.fixture(scope="module")
def month_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = int(os.environ.get(ROWS_ENV, 20_000 if _disabled(request) else 20_000_000))
    path = tmp_path_factory.mktemp("sla") / "2027-01.parquet"
    table = _month(rows)
    pq.write_table(table, path, row_group_size=1 << 20)
    return path


def _ours(path: Path) -> dict[str, float]:
    report = sla_report(TERMS, path, month="2027-01")
    return {key: float(value) for key, value in report.achieved.items()}


def _duckdb(path: Path) -> dict[str, float]:
    with duckdb.connect() as con:
        row = con.execute(SQL.format(path=path.as_posix())).fetchone()
    assert row is not None
    level, abandonment, asa = (float(x) for x in row)
    return {
        "phone.service_level": level,
        "phone.abandonment": abandonment,
        "phone.asa_seconds": asa,
    }


@pytest.mark.benchmark(group="sla-report")
def test_sla_report_vendoreval(benchmark: Any, month_file: Path) -> None:
    achieved = benchmark(_ours, month_file)
    reference = _duckdb(month_file)
    for key, value in reference.items():
        assert achieved[key] == pytest.approx(value, rel=1e-12, abs=1e-12)


@pytest.mark.benchmark(group="sla-report")
def test_sla_report_duckdb(benchmark: Any, month_file: Path) -> None:
    result = benchmark(_duckdb, month_file)
    assert 0.0 < result["phone.service_level"] < 1.0
