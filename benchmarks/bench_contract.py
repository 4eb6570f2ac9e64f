"""Speed and memory of the monthly service report: :func:`vendoreval.contract.sla_report`
against DuckDB aggregating the same month.

* ``sla-report``: the phone service level (answered within 20 s ÷ offered), abandonment
  (not answered ÷ offered) and ASA (mean wait of answered contacts) of one month of
  ``VENDOREVAL_BENCH_SLA_ROWS`` contacts (default 20 million under ``--benchmark-only``,
  20,000 when benchmarks are disabled as in ``make test``) read from a Parquet file, against
  DuckDB aggregating the same file in SQL; the figures must be equal. vendoreval also checks
  every record (channel, durations, repeated contact ids) and keeps the half-hour detail, so
  it reads ``started_at`` and ``contact_id`` where DuckDB's query skips ``started_at``
  (its row-group statistics already place every row in the month). ``duckdb-same-outputs``
  has DuckDB compute what the report computes: the half-hour detail per channel (checked
  equal to the report's), the search for a repeated contact id and the checks of channels
  and durations.
* ``sla-report-csv``: the same month as a CSV file, against DuckDB's ``read_csv``.
* ``sla-memory``: peak resident memory (``VmHWM`` of a fresh process) of the report of
  ``VENDOREVAL_BENCH_SLA_STREAM_ROWS`` contacts from Parquet (default 20 million under
  ``--benchmark-only``, 200,000 when disabled), with DuckDB's figure for its query beside it,
  each also counted from after the imports.

The month: contacts in time order with ids 1…n, 80% phone and 20% chat, exponential waits
(mean 12 s), 4% abandoned, log-normal talk times; one row group per 2²⁰ contacts.

Run with ``make bench`` or ``python benchmarks/bench_contract.py`` (a plain report: the best of
several rounds, as the machine may be busy); under ``make test`` each benchmark runs once as a
test, on less data.
"""

from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import measure
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from vendoreval.contract import Commitment, ServiceCredits, SlaReport, sla_report

ROWS_ENV = "VENDOREVAL_BENCH_SLA_ROWS"
STREAM_ROWS_ENV = "VENDOREVAL_BENCH_SLA_STREAM_ROWS"
MONTH_SECONDS = 31 * 24 * 3600
PART_ROWS = 1 << 20
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
FROM {source}
WHERE channel = 'phone'
  AND started_at >= TIMESTAMP '2027-01-01' AND started_at < TIMESTAMP '2027-02-01'
"""
MONTH_FILTER = "started_at >= TIMESTAMP '2027-01-01' AND started_at < TIMESTAMP '2027-02-01'"
SAME_OUTPUTS_SQL = [
    # The half-hour detail of the report, per channel.
    f"""
    SELECT channel, time_bucket(INTERVAL 30 MINUTE, started_at) AS interval_start,
      COUNT(*) AS offered,
      COUNT(*) FILTER (WHERE talk_seconds > 0) AS answered,
      COUNT(*) FILTER (WHERE talk_seconds > 0 AND wait_seconds <= 20) AS answered_within,
      SUM(wait_seconds) FILTER (WHERE talk_seconds > 0) AS wait_seconds
    FROM {{source}} WHERE {MONTH_FILTER}
    GROUP BY ALL ORDER BY ALL
    """,
    # A contact id repeated within the month.
    f"""
    SELECT contact_id FROM {{source}} WHERE {MONTH_FILTER}
    GROUP BY contact_id HAVING COUNT(*) > 1 LIMIT 1
    """,
    # Records with an unknown channel, a missing start or a bad duration.
    """
    SELECT COUNT(*) FROM {source}
    WHERE channel IS NULL OR channel NOT IN ('phone', 'email', 'chat', 'social', 'messaging')
      OR started_at IS NULL
      OR talk_seconds IS NULL OR talk_seconds NOT BETWEEN 0 AND 134217727
      OR hold_seconds IS NULL OR hold_seconds NOT BETWEEN 0 AND 134217727
      OR acw_seconds IS NULL OR acw_seconds NOT BETWEEN 0 AND 134217727
      OR wait_seconds IS NULL OR wait_seconds NOT BETWEEN 0 AND 134217727
    """,
]


def _disabled(request: pytest.FixtureRequest) -> bool:
    """True under ``--benchmark-disable`` (``make test``): each runs once, on less data."""
    return bool(request.config.getoption("benchmark_disable", default=False))


def _part(first: int, rows: int, total: int, seed: int) -> pa.Table:
    """Contacts ``first``…``first + rows - 1`` of a month of ``total``, in time order."""
    rng = np.random.default_rng([seed, first])
    start = np.datetime64("2027-01-01T00:00:00", "s")
    low, high = first * MONTH_SECONDS // total, (first + rows) * MONTH_SECONDS // total
    offsets = np.sort(rng.integers(low, max(high, low + 1), size=rows))
    channel = np.where(rng.random(rows) < 0.8, "phone", "chat")
    abandoned = rng.random(rows) < 0.04
    talk = np.where(abandoned, 0, np.ceil(rng.lognormal(5.3, 0.6, size=rows))).astype(np.int64)
    return pa.table(
        {
            "contact_id": np.arange(first + 1, first + rows + 1, dtype=np.int64),
            "channel": pa.array(channel).dictionary_encode(),
            "started_at": start + offsets.astype("timedelta64[s]"),
            "talk_seconds": talk,
            "hold_seconds": np.zeros(rows, dtype=np.int64),
            "acw_seconds": np.where(abandoned, 0, 30).astype(np.int64),
            "wait_seconds": np.ceil(rng.exponential(12.0, size=rows)).astype(np.int64),
        }
    )


def write_month(path: Path, rows: int, seed: int = 0) -> None:
    """Write the month to a Parquet file, or a CSV file for a ``.csv`` path, 2²⁰ rows at a
    time (one row group each)."""
    writer: Any = None
    try:
        for first in range(0, rows, PART_ROWS):
            table = _part(first, min(PART_ROWS, rows - first), rows, seed)
            if path.suffix == ".csv":
                table = table.set_column(1, "channel", table["channel"].cast(pa.string()))
                writer = writer or pacsv.CSVWriter(path, table.schema)
                writer.write_table(table)
            else:
                writer = writer or pq.ParquetWriter(path, table.schema)
                writer.write_table(table, row_group_size=PART_ROWS)
    finally:
        if writer is not None:
            writer.close()


def _source(path: Path) -> str:
    reader = "read_csv" if path.suffix == ".csv" else "read_parquet"
    return f"{reader}('{path.as_posix()}')"


def _ours(path: Path) -> dict[str, float]:
    report = sla_report(TERMS, path, month="2027-01")
    return {key: float(value) for key, value in report.achieved.items()}


def _duckdb(path: Path) -> dict[str, float]:
    with duckdb.connect() as con:
        row = con.execute(SQL.format(source=_source(path))).fetchone()
    assert row is not None
    level, abandonment, asa = (float(x) for x in row)
    return {
        "phone.service_level": level,
        "phone.abandonment": abandonment,
        "phone.asa_seconds": asa,
    }


def _duckdb_same_outputs(path: Path) -> tuple[pd.DataFrame, Any, int]:
    halves, repeat, bad = (query.format(source=_source(path)) for query in SAME_OUTPUTS_SQL)
    with duckdb.connect() as con:
        detail = con.execute(halves).df()
        repeated = con.execute(repeat).fetchone()
        count = con.execute(bad).fetchone()
    assert count is not None
    return detail, repeated, int(count[0])


@pytest.fixture(scope="module")
def month_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sla")


@pytest.fixture(scope="module")
def month_rows(request: pytest.FixtureRequest) -> int:
    return int(os.environ.get(ROWS_ENV, 20_000 if _disabled(request) else 20_000_000))


@pytest.fixture(scope="module")
def month_file(month_folder: Path, month_rows: int) -> Path:
    path = month_folder / "2027-01.parquet"
    write_month(path, month_rows)
    return path


@pytest.fixture(scope="module")
def month_csv(month_folder: Path, month_rows: int) -> Path:
    path = month_folder / "2027-01.csv"
    write_month(path, month_rows)
    return path


@pytest.mark.benchmark(group="sla-report")
def test_sla_report_vendoreval(benchmark: Any, month_file: Path) -> None:
    achieved = benchmark(_ours, month_file)
    assert achieved == _duckdb(month_file)


@pytest.mark.benchmark(group="sla-report")
def test_sla_report_duckdb(benchmark: Any, month_file: Path) -> None:
    result = benchmark(_duckdb, month_file)
    assert 0.0 < result["phone.service_level"] < 1.0


def _report_detail(report: SlaReport) -> pd.DataFrame:
    frame = report.intervals.reset_index()
    frame["wait_seconds"] = frame["asa_seconds"] * frame["answered"]
    return frame


@pytest.mark.benchmark(group="sla-report")
def test_sla_report_duckdb_same_outputs(benchmark: Any, month_file: Path) -> None:
    detail, repeated, bad = benchmark(_duckdb_same_outputs, month_file)
    assert repeated is None
    assert bad == 0
    ours = _report_detail(sla_report(TERMS, month_file, month="2027-01"))
    theirs = detail.set_index(["channel", "interval_start"]).sort_index()
    ours = ours.set_index(["channel", "interval_start"]).sort_index()
    assert list(ours.index) == list(theirs.index)
    for column in ("offered", "answered"):
        assert ours[column].tolist() == theirs[column].astype(np.int64).tolist()
    phone = ours.index.get_level_values("channel") == "phone"
    assert ours["answered_within"][phone].tolist() == theirs["answered_within"][phone].tolist()
    np.testing.assert_allclose(ours["wait_seconds"], theirs["wait_seconds"], rtol=1e-12)


@pytest.mark.benchmark(group="sla-report-csv")
def test_sla_report_csv_vendoreval(benchmark: Any, month_csv: Path) -> None:
    achieved = benchmark(_ours, month_csv)
    assert achieved == _duckdb(month_csv)


@pytest.mark.benchmark(group="sla-report-csv")
def test_sla_report_csv_duckdb(benchmark: Any, month_csv: Path) -> None:
    result = benchmark(_duckdb, month_csv)
    assert 0.0 < result["phone.service_level"] < 1.0


# ------------------------------------------------------------------------------ memory

_ENGINES = {
    "vendoreval": {
        "setup": textwrap.dedent(
            """
            from vendoreval.contract import Commitment, ServiceCredits, sla_report
            terms = ServiceCredits(
                commitments=(
                    Commitment(channel="phone", kpi="service_level", target=0.8,
                               threshold_seconds=20),
                    Commitment(channel="phone", kpi="abandonment", target=0.05),
                    Commitment(channel="phone", kpi="asa_seconds", target=30),
                ),
                at_risk_share=0.1,
            )
            """
        ),
        "run": "[float(x) for x in sla_report(terms, sys.argv[1], month='2027-01').achieved]",
    },
    "duckdb": {
        "setup": "import duckdb\nconnection = duckdb.connect()",
        "run": "list(connection.execute("
        + repr(SQL)
        + ".format(source=f\"read_parquet('{sys.argv[1]}')\")).fetchone())",
    },
}


def peak_memory(path: Path, engine: str) -> dict[str, Any]:
    """Run one report of ``path`` in a fresh interpreter: its result, time and peak RSS."""
    return measure.peak_memory(_ENGINES[engine]["setup"], _ENGINES[engine]["run"], path)


@pytest.fixture(scope="module")
def stream_file(request: pytest.FixtureRequest) -> Iterator[tuple[Path, int]]:
    rows = int(os.environ.get(STREAM_ROWS_ENV, 200_000 if _disabled(request) else 20_000_000))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"month-{rows}.parquet"
        write_month(path, rows)
        yield path, rows


@pytest.mark.benchmark(group="sla-memory")
def test_streaming_peak_memory(benchmark: Any, stream_file: tuple[Path, int]) -> None:
    path, rows = stream_file
    ours = benchmark.pedantic(peak_memory, args=(path, "vendoreval"), rounds=1, iterations=1)
    theirs = peak_memory(path, "duckdb")
    assert ours["result"] == theirs["result"]
    benchmark.extra_info.update(
        {
            "rows": rows,
            **{f"vendoreval_{k}": v for k, v in ours.items()},
            **{f"duckdb_{k}": v for k, v in theirs.items()},
        }
    )
    for name, figures in (("vendoreval", ours), ("duckdb", theirs)):
        print(
            f"\n{name}: {rows:,} rows from parquet in {figures['seconds']:.2f} s, peak RSS "
            f"{figures['peak_mib']:.0f} MiB ({figures['after_imports_mib']:.0f} MiB after imports)"
        )


# ------------------------------------------------------------------------------ report


def main() -> None:
    """Print every figure, the best of several rounds: ours, DuckDB's and the ratio."""
    rows = int(os.environ.get(ROWS_ENV, 20_000_000))
    repeat = int(os.environ.get("VENDOREVAL_BENCH_ROUNDS", "5"))
    with tempfile.TemporaryDirectory() as folder:
        parquet, csv = Path(folder) / "month.parquet", Path(folder) / "month.csv"
        write_month(parquet, rows)
        write_month(csv, rows)
        assert _ours(parquet) == _duckdb(parquet)
        assert _ours(csv) == _duckdb(csv)
        for name, ours, theirs in (
            ("parquet: KPIs", lambda: _ours(parquet), lambda: _duckdb(parquet)),
            (
                "parquet: same outputs",
                lambda: _ours(parquet),
                lambda: _duckdb_same_outputs(parquet),
            ),
            ("csv: KPIs", lambda: _ours(csv), lambda: _duckdb(csv)),
        ):
            a, b = measure.best_seconds(ours, repeat), measure.best_seconds(theirs, repeat)
            print(
                f"{rows:,} rows, {name:22s} vendoreval {a * 1e3:8.1f} ms  duckdb "
                f"{b * 1e3:8.1f} ms  duckdb/vendoreval {b / a:5.2f}"
            )
        for engine in ("vendoreval", "duckdb"):
            report = peak_memory(parquet, engine)
            print(
                f"memory {engine:10s} {report['seconds']:6.2f} s  peak RSS "
                f"{report['peak_mib']:6.0f} MiB  ({report['after_imports_mib']:.0f} MiB after "
                "imports)"
            )


if __name__ == "__main__":
    main()
