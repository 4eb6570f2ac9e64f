"""Pricing speed and memory: vendoreval against DuckDB doing the same arithmetic in SQL.

* ``billed-seconds-10M``: Σ billed seconds of 10⁷ durations under a 30/6 increment —
  :meth:`~vendoreval.pricing.BillingIncrement.total_billed_seconds` and
  ``billed_seconds(...).sum()`` against DuckDB's
  ``SUM(CASE WHEN d=0 THEN 0 WHEN d<=30 THEN 30 ELSE 30 + CEIL((d-30)/6)*6 END)`` over the
  same numbers registered as an Arrow table.
* ``invoice-2M``: :func:`~vendoreval.pricing.invoice` of 2·10⁶ synthetic contacts (a pandas
  DataFrame from :func:`~vendoreval.datasets.calls.sample_calls`) against DuckDB computing
  the same invoice total (voice billed minutes × rate + per-contact prices by channel) in
  SQL over the same DataFrame. vendoreval also checks every record and builds the lines.
* ``invoice-parquet``: the same month read from a parquet file by both.
* ``streaming-memory``: peak resident memory (``ru_maxrss`` of a fresh process) of replaying
  a parquet file of ``VENDOREVAL_BENCH_STREAM_ROWS`` contacts (default 20 million under
  ``--benchmark-only``, 200,000 when benchmarks are disabled as in ``make test``), with
  DuckDB's figure for the same query beside it.

Run with ``make bench`` (or ``python benchmarks/bench_pricing.py`` for a plain report); under
``make test`` each benchmark runs once as a test.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vendoreval.datasets.calls import sample_calls
from vendoreval.needs import Needs
from vendoreval.pricing import BillingIncrement, PriceSheet, invoice

DURATIONS = 10_000_000
CONTACTS = 2_000_000
STREAM_ROWS_ENV = "VENDOREVAL_BENCH_STREAM_ROWS"

INCREMENT = BillingIncrement.parse("30/6")
BILLED_SQL = "SUM(CASE WHEN d = 0 THEN 0 WHEN d <= 30 THEN 30 ELSE 30 + CEIL((d - 30) / 6) * 6 END)"

SHEET = PriceSheet(
    currency="KRW",
    billing_increment="30/6",
    voice_rate_per_minute=Decimal(450),
    per_contact={"phone": Decimal(100), "chat": Decimal(1800), "email": Decimal(2500)},
)
# The same invoice in SQL: billed seconds of handled phone contacts (talk + hold + acw,
# 30/6 per contact) ÷ 60 × 450, plus the per-contact prices of handled contacts.
INVOICE_SQL = """
WITH c AS (SELECT channel, talk_seconds + hold_seconds + acw_seconds AS d FROM {source})
SELECT
  SUM(CASE WHEN channel = 'phone' THEN
        CASE WHEN d = 0 THEN 0 WHEN d <= 30 THEN 30 ELSE 30 + CEIL((d - 30) / 6) * 6 END
      ELSE 0 END) / 60.0 * 450
  + SUM(CASE WHEN channel = 'phone' AND d > 0 THEN 100
             WHEN channel = 'chat' THEN 1800
             WHEN channel = 'email' THEN 2500
             ELSE 0 END)
FROM c
"""

NEEDS = Needs.model_validate(
    {
        "buyer": "Hanbit Mall",
        "industry": "e-commerce",
        "timezone": "Asia/Seoul",
        "hours": {"always": True},
        "holidays": [dt.date(2027, 1, 1)],
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
        "languages": [{"language": "ko", "share": 0.85}, {"language": "en", "share": 0.15}],
        "contract": {"currency": "KRW", "start_month": "2027-01"},
    }
)


def _duckdb() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"SET threads = {os.cpu_count() or 1}")
    return connection


def _disabled(request: pytest.FixtureRequest) -> bool:
    """True under ``--benchmark-disable`` (``make test``): each runs once, on less data."""
    return bool(request.config.getoption("benchmark_disable", default=False))


def handle_times(size: int) -> npt.NDArray[np.int64]:
    """Handle times: lognormal around 300 s, 10% zeros (unanswered) [s]."""
    rng = np.random.default_rng(11)
    seconds = np.rint(rng.lognormal(np.log(300) - 0.32, 0.8, size)).astype(np.int64)
    seconds[rng.random(size) < 0.1] = 0
    return seconds


@pytest.fixture(scope="module")
def durations(request: pytest.FixtureRequest) -> npt.NDArray[np.int64]:
    """10⁷ handle times (10⁵ when benchmarks are disabled)."""
    return handle_times(100_000 if _disabled(request) else DURATIONS)


@pytest.fixture(scope="module")
def calls(request: pytest.FixtureRequest) -> pd.DataFrame:
    """A month of 2·10⁶ contacts (phone, chat, email); 2·10⁴ when benchmarks are disabled."""
    needs = NEEDS.scale_volume(0.01) if _disabled(request) else NEEDS
    return sample_calls(needs, month="2027-01", seed=5)


@pytest.fixture(scope="module")
def calls_parquet(calls: pd.DataFrame) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calls.parquet"
        pq.write_table(pa.Table.from_pandas(calls, preserve_index=False), path)
        yield path


# ------------------------------------------------------------------------------ billed seconds


@pytest.mark.benchmark(group="billed-seconds-10M")
def test_total_billed_seconds_vendoreval(benchmark: Any, durations: npt.NDArray[np.int64]) -> None:
    total = benchmark(INCREMENT.total_billed_seconds, durations)
    assert total == _duckdb_billed(_duckdb(), durations)()


@pytest.mark.benchmark(group="billed-seconds-10M")
def test_billed_seconds_array_sum_vendoreval(
    benchmark: Any, durations: npt.NDArray[np.int64]
) -> None:
    total = benchmark(lambda: int(np.sum(INCREMENT.billed_seconds(durations))))
    assert total == INCREMENT.total_billed_seconds(durations)


def _duckdb_billed(
    connection: duckdb.DuckDBPyConnection, durations: npt.NDArray[np.int64]
) -> Callable[[], int]:
    connection.register("durations", pa.table({"d": durations}))
    query = f"SELECT {BILLED_SQL} FROM durations"

    def run() -> int:
        row = connection.execute(query).fetchone()
        assert row is not None
        return int(row[0])

    return run


@pytest.mark.benchmark(group="billed-seconds-10M")
def test_billed_seconds_duckdb(benchmark: Any, durations: npt.NDArray[np.int64]) -> None:
    total = benchmark(_duckdb_billed(_duckdb(), durations))
    assert total == INCREMENT.total_billed_seconds(durations)


# ------------------------------------------------------------------------------ invoice


def _duckdb_invoice(connection: duckdb.DuckDBPyConnection, source: str) -> Callable[[], float]:
    query = INVOICE_SQL.format(source=source)

    def run() -> float:
        row = connection.execute(query).fetchone()
        assert row is not None
        return float(row[0])

    return run


@pytest.mark.benchmark(group="invoice-2M")
def test_invoice_vendoreval(benchmark: Any, calls: pd.DataFrame) -> None:
    result = benchmark(invoice, SHEET, calls)
    connection = _duckdb()
    connection.register("calls", calls)
    assert result.total == round(_duckdb_invoice(connection, "calls")())


@pytest.mark.benchmark(group="invoice-2M")
def test_invoice_duckdb(benchmark: Any, calls: pd.DataFrame) -> None:
    connection = _duckdb()
    connection.register("calls", calls)
    total = benchmark(_duckdb_invoice(connection, "calls"))
    assert round(total) == invoice(SHEET, calls).total


@pytest.mark.benchmark(group="invoice-parquet")
def test_invoice_parquet_vendoreval(benchmark: Any, calls_parquet: Path) -> None:
    result = benchmark(invoice, SHEET, calls_parquet)
    assert result.total == round(_duckdb_invoice(_duckdb(), f"'{calls_parquet}'")())


@pytest.mark.benchmark(group="invoice-parquet")
def test_invoice_parquet_duckdb(benchmark: Any, calls_parquet: Path) -> None:
    total = benchmark(_duckdb_invoice(_duckdb(), f"'{calls_parquet}'"))
    assert round(total) == invoice(SHEET, calls_parquet).total


# ------------------------------------------------------------------------------ memory


def write_month(path: Path, rows: int, seed: int = 0) -> None:
    """Write ``rows`` synthetic contacts to a parquet file, one million at a time."""
    part = min(rows, 1_000_000)
    needs = NEEDS.scale_volume(part / NEEDS.volume_per_month)
    schema = None
    written = 0
    writer: pq.ParquetWriter | None = None
    try:
        while written < rows:
            chunk = sample_calls(needs, month="2027-01", seed=seed + written).iloc[: rows - written]
            table = pa.Table.from_pandas(chunk, preserve_index=False, schema=schema)
            if writer is None:
                schema = table.schema
                writer = pq.ParquetWriter(path, schema)
            writer.write_table(table, row_group_size=256_000)
            written += len(chunk)
    finally:
        if writer is not None:
            writer.close()


_MEMORY_SCRIPT = """
import json, resource, sys, time
from decimal import Decimal


def high_water_kib():
    # VmHWM starts afresh with the new program; ru_maxrss may carry the parent's peak over.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


{setup}
baseline = high_water_kib()
start = time.perf_counter()
total = {run}
seconds = time.perf_counter() - start
peak = high_water_kib()
print(json.dumps({{"total": str(total), "seconds": seconds, "baseline_kib": baseline,
                  "peak_kib": peak}}))
"""

_OURS = {
    "setup": textwrap.dedent(
        """
        from vendoreval.pricing import PriceSheet, invoice
        sheet = PriceSheet(currency="KRW", billing_increment="30/6",
            voice_rate_per_minute=Decimal(450),
            per_contact={"phone": Decimal(100), "chat": Decimal(1800), "email": Decimal(2500)})
        """
    ),
    "run": "invoice(sheet, sys.argv[1], batch_rows=1_000_000).total",
}
_DUCKDB = {
    "setup": "import duckdb\nconnection = duckdb.connect()",
    "run": "round(connection.execute("
    + repr(INVOICE_SQL.format(source="'{path}'"))
    + ".replace('{path}', sys.argv[1])).fetchone()[0])",
}


def peak_memory(path: Path, script: dict[str, str]) -> dict[str, Any]:
    """Run one replay of ``path`` in a fresh interpreter; its total, time and peak RSS."""
    code = _MEMORY_SCRIPT.format(**script)
    output = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    report: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    report["peak_mib"] = report["peak_kib"] / 1024
    report["baseline_mib"] = report["baseline_kib"] / 1024
    return report


@pytest.fixture(scope="module")
def stream_file(request: pytest.FixtureRequest) -> Iterator[tuple[Path, int]]:
    rows = int(os.environ.get(STREAM_ROWS_ENV, 200_000 if _disabled(request) else 20_000_000))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"calls-{rows}.parquet"
        write_month(path, rows)
        yield path, rows


@pytest.mark.benchmark(group="streaming-memory")
@pytest.mark.parametrize("engine", ["vendoreval", "duckdb"])
def test_streaming_peak_memory(benchmark: Any, stream_file: tuple[Path, int], engine: str) -> None:
    path, rows = stream_file
    script = _OURS if engine == "vendoreval" else _DUCKDB
    report = benchmark.pedantic(peak_memory, args=(path, script), rounds=1, iterations=1)
    benchmark.extra_info.update({"rows": rows, **report})
    print(
        f"\n{engine}: {rows:,} rows from parquet in {report['seconds']:.2f} s, "
        f"peak RSS {report['peak_mib']:.0f} MiB (after imports {report['baseline_mib']:.0f} MiB)"
    )
    assert Decimal(report["total"]) > 0


# ------------------------------------------------------------------------------ report


def _best(function: Callable[[], object], repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print every figure: ours, DuckDB's and the ratio, then peak memory of streaming."""
    seconds = handle_times(DURATIONS)
    connection = _duckdb()
    duck = _duckdb_billed(connection, seconds)
    rows: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        (
            "billed-seconds-10M: total_billed_seconds",
            lambda: INCREMENT.total_billed_seconds(seconds),
            duck,
        ),
        (
            "billed-seconds-10M: billed_seconds().sum()",
            lambda: int(np.sum(INCREMENT.billed_seconds(seconds))),
            duck,
        ),
    ]
    frame = sample_calls(NEEDS, month="2027-01", seed=5)
    connection.register("calls", frame)
    rows.append(
        (
            "invoice-2M (DataFrame)",
            lambda: invoice(SHEET, frame),
            _duckdb_invoice(connection, "calls"),
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calls.parquet"
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
        rows.append(
            (
                "invoice-2M (parquet)",
                lambda: invoice(SHEET, path),
                _duckdb_invoice(connection, f"'{path}'"),
            )
        )
        for name, ours, theirs in rows:
            a, b = _best(ours), _best(theirs)
            print(
                f"{name:45s} vendoreval {a * 1e3:8.1f} ms  duckdb {b * 1e3:8.1f} ms  "
                f"duckdb/vendoreval {b / a:5.2f}"
            )
    stream_rows = int(os.environ.get(STREAM_ROWS_ENV, 20_000_000))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stream.parquet"
        start = time.perf_counter()
        write_month(path, stream_rows)
        print(
            f"wrote {stream_rows:,} rows in {time.perf_counter() - start:.1f} s "
            f"({path.stat().st_size / 2**20:.0f} MiB parquet)"
        )
        for name, script in (("vendoreval", _OURS), ("duckdb", _DUCKDB)):
            report = peak_memory(path, script)
            print(
                f"streaming {name:10s} {report['seconds']:6.2f} s  peak RSS "
                f"{report['peak_mib']:6.0f} MiB  (after imports {report['baseline_mib']:.0f} MiB)"
                f"  total {report['total']}"
            )


if __name__ == "__main__":
    main()
