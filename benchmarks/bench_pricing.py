"""Pricing speed and memory: vendoreval against DuckDB doing the same arithmetic in SQL.

* ``billed-seconds-10M``: Σ billed seconds of 10⁷ durations under a 30/6 increment —
  :meth:`~vendoreval.pricing.BillingIncrement.total_billed_seconds` and
  ``billed_seconds(...).sum()`` against DuckDB's
  ``SUM(CASE WHEN d=0 THEN 0 WHEN d<=30 THEN 30 ELSE 30 + CEIL((d-30)/6)*6 END)`` over the
  same numbers registered as an Arrow table.
* ``invoice-2M-<channel>``: :func:`~vendoreval.pricing.invoice` of 2·10⁶ synthetic contacts
  (:func:`~vendoreval.datasets.calls.sample_calls`) whose ``channel`` column is text as
  pandas 3 reads it (``str``, Arrow-backed), ``object`` text (a string object per row, or a
  few shared objects as pandas' CSV reader makes them), categorical or an Arrow dictionary,
  against DuckDB computing the same invoice total (voice billed minutes × rate
  + per-contact prices by channel) in SQL over the same DataFrame. vendoreval also checks
  every record and builds the lines. ``str`` text is looked up by compiled code where numba
  is installed (``vendoreval[fast]``, a dev dependency); ``python
  benchmarks/bench_pricing.py`` also prints the same invoice with Arrow's ``index_in``.
* ``invoice-parquet``: the same month read from a parquet file by both.
* ``invoice-duckdb-relation``: the invoice of a DuckDB relation (the sums pushed into
  DuckDB, the money priced exactly here) against the SQL alone.
* ``streaming-memory``: time and peak resident memory (``VmHWM`` of a fresh process) of
  replaying a parquet file of ``VENDOREVAL_BENCH_STREAM_ROWS`` contacts (default 20 million
  under ``--benchmark-only``, 200,000 when benchmarks are disabled as in ``make test``) by
  both, and of a CSV file by vendoreval. Each engine is loaded before the clock starts:
  DuckDB by its import, vendoreval's Parquet reader (pyarrow, which vendoreval imports on
  first use) by importing it.

The machine these run on may be shared: every figure is the best of several runs, ours and
the peer's interleaved, and ``python benchmarks/bench_pricing.py`` prints the best and the
median of each. Run with ``make bench``; under ``make test`` each benchmark runs once as a
test.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any
from unittest import mock

import duckdb
import measure
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vendoreval.datasets.calls import sample_calls
from vendoreval.needs import Needs
from vendoreval.pricing import BillingIncrement, PriceSheet, invoice, record_codes

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
        rows = connection.execute(query).fetchall()  # fetches to the end: the next can run
        return int(rows[0][0])

    return run


@pytest.mark.benchmark(group="billed-seconds-10M")
def test_billed_seconds_duckdb(benchmark: Any, durations: npt.NDArray[np.int64]) -> None:
    total = benchmark(_duckdb_billed(_duckdb(), durations))
    assert total == INCREMENT.total_billed_seconds(durations)


# ------------------------------------------------------------------------------ invoice

CHANNEL_KINDS = ("str", "object", "object-shared", "category", "arrow-dictionary")


def with_channel(calls: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The records with their channel column as text, categories or an Arrow dictionary."""
    text = calls["channel"].astype(str)
    if kind == "str":
        return calls.assign(channel=text)
    if kind == "object":  # a string object per row, as Arrow text converts
        return calls.assign(channel=text.astype(object))
    if kind == "object-shared":  # a few string objects, as pandas' CSV reader makes them
        return calls.assign(channel=text.astype("category").astype(object))
    if kind == "category":
        return calls.assign(channel=text.astype("category"))
    encoded = pa.array(text.to_numpy(dtype=object), type=pa.string()).dictionary_encode()
    return calls.assign(channel=pd.Series(encoded, dtype=pd.ArrowDtype(encoded.type)))


def _duckdb_invoice(connection: duckdb.DuckDBPyConnection, source: str) -> Callable[[], float]:
    query = INVOICE_SQL.format(source=source)

    def run() -> float:
        rows = connection.execute(query).fetchall()
        return float(rows[0][0])

    return run


@pytest.fixture(scope="module", params=CHANNEL_KINDS)
def channel_calls(request: pytest.FixtureRequest, calls: pd.DataFrame) -> pd.DataFrame:
    return with_channel(calls, str(request.param))


@pytest.mark.benchmark(group="invoice-2M")
def test_invoice_vendoreval(benchmark: Any, channel_calls: pd.DataFrame) -> None:
    result = benchmark(invoice, SHEET, channel_calls)
    connection = _duckdb()
    connection.register("calls", channel_calls)
    assert result.total == round(_duckdb_invoice(connection, "calls")())


@pytest.mark.benchmark(group="invoice-2M")
def test_invoice_duckdb(benchmark: Any, channel_calls: pd.DataFrame) -> None:
    connection = _duckdb()
    connection.register("calls", channel_calls)
    total = benchmark(_duckdb_invoice(connection, "calls"))
    assert round(total) == invoice(SHEET, channel_calls).total


@pytest.mark.benchmark(group="invoice-parquet")
def test_invoice_parquet_vendoreval(benchmark: Any, calls_parquet: Path) -> None:
    result = benchmark(invoice, SHEET, calls_parquet)
    assert result.total == round(_duckdb_invoice(_duckdb(), f"'{calls_parquet}'")())


@pytest.mark.benchmark(group="invoice-parquet")
def test_invoice_parquet_duckdb(benchmark: Any, calls_parquet: Path) -> None:
    total = benchmark(_duckdb_invoice(_duckdb(), f"'{calls_parquet}'"))
    assert round(total) == invoice(SHEET, calls_parquet).total


@pytest.mark.benchmark(group="invoice-duckdb-relation")
def test_invoice_relation_vendoreval(benchmark: Any, calls: pd.DataFrame) -> None:
    connection = _duckdb()
    relation = connection.from_df(with_channel(calls, "str"))
    result = benchmark(invoice, SHEET, relation)
    assert result.total == invoice(SHEET, calls).total


@pytest.mark.benchmark(group="invoice-duckdb-relation")
def test_invoice_relation_duckdb(benchmark: Any, calls: pd.DataFrame) -> None:
    connection = _duckdb()
    connection.register("calls", with_channel(calls, "str"))
    total = benchmark(_duckdb_invoice(connection, "calls"))
    assert round(total) == invoice(SHEET, calls).total


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


_OURS = {
    "setup": textwrap.dedent(
        """
        import pyarrow.compute, pyarrow.parquet  # the reader, loaded as DuckDB's is at import
        from vendoreval.pricing import PriceSheet, invoice
        sheet = PriceSheet(currency="KRW", billing_increment="30/6",
            voice_rate_per_minute=Decimal(450),
            per_contact={"phone": Decimal(100), "chat": Decimal(1800), "email": Decimal(2500)})
        """
    ),
    "run": "str(invoice(sheet, sys.argv[1], batch_rows=1_000_000).total)",
}
_DUCKDB = {
    "setup": "import duckdb\nconnection = duckdb.connect()\n"
    "connection.execute('SET enable_progress_bar = false')",
    "run": "str(round(connection.execute("
    + repr(INVOICE_SQL.format(source="'{path}'"))
    + ".replace('{path}', sys.argv[1])).fetchone()[0]))",
}


def peak_memory(path: Path, script: dict[str, str]) -> dict[str, Any]:
    """Run one replay of ``path`` in a fresh interpreter; its total, time and peak RSS."""
    return measure.peak_memory(script["setup"], script["run"], path)


@pytest.fixture(scope="module")
def stream_file(request: pytest.FixtureRequest) -> Iterator[tuple[Path, Path, int]]:
    """A parquet file of the streaming month, and the same records as CSV."""
    rows = int(os.environ.get(STREAM_ROWS_ENV, 200_000 if _disabled(request) else 20_000_000))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"calls-{rows}.parquet"
        write_month(path, rows)
        csv = path.with_suffix(".csv")
        write_csv(path, csv)
        yield path, csv, rows


def write_csv(parquet: Path, csv: Path) -> None:
    """The records of a parquet file as CSV (channel and language as plain text)."""
    import pyarrow.csv as pacsv

    writer: pacsv.CSVWriter | None = None
    for batch in pq.ParquetFile(parquet).iter_batches(batch_size=1 << 20):
        table = pa.Table.from_batches([batch])
        for name in ("channel", "language"):
            index = table.schema.get_field_index(name)
            table = table.set_column(index, name, table.column(name).cast(pa.string()))
        if writer is None:
            writer = pacsv.CSVWriter(csv, table.schema)
        writer.write_table(table)
    if writer is not None:
        writer.close()


@pytest.mark.benchmark(group="streaming-memory")
@pytest.mark.parametrize("engine", ["vendoreval", "duckdb", "vendoreval-csv", "duckdb-csv"])
def test_streaming_peak_memory(
    benchmark: Any, stream_file: tuple[Path, Path, int], engine: str
) -> None:
    path, csv, rows = stream_file
    script = _DUCKDB if engine == "duckdb" else _OURS
    source = csv if engine.endswith("csv") else path
    report = benchmark.pedantic(peak_memory, args=(source, script), rounds=1, iterations=1)
    benchmark.extra_info.update({"rows": rows, **report})
    print(
        f"\n{engine}: {rows:,} rows in {report['seconds']:.2f} s, peak RSS "
        f"{report['peak_mib']:.0f} MiB ({report['peak_mib'] - report['baseline_mib']:.0f} MiB "
        f"above the {report['baseline_mib']:.0f} MiB after imports)"
    )
    assert Decimal(report["result"]) > 0


# ------------------------------------------------------------------------------ report


def compare(
    ours: Callable[[], object], theirs: Callable[[], object], repeat: int = 15
) -> tuple[list[float], list[float]]:
    """Times of ``ours`` and ``theirs`` [s], run alternately ``repeat`` times each."""
    ours(), theirs()  # warm up
    mine: list[float] = []
    peer: list[float] = []
    for _ in range(repeat):
        for function, times in ((ours, mine), (theirs, peer)):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return mine, peer


def _line(name: str, mine: list[float], peer: list[float], unit: float = 1e3) -> str:
    label = "ms" if unit == 1e3 else "us"
    best, peer_best = min(mine), min(peer)
    middle, peer_middle = statistics.median(mine), statistics.median(peer)
    return (
        f"{name:42s} vendoreval {best * unit:8.1f} {label} (median {middle * unit:8.1f})  "
        f"duckdb {peer_best * unit:8.1f} {label} (median {peer_middle * unit:8.1f})  "
        f"duckdb/vendoreval {peer_best / best:5.2f} (medians {peer_middle / middle:5.2f})"
    )


def main() -> None:
    """Print every figure: ours, DuckDB's and the ratio, then time and memory of streaming."""
    seconds = handle_times(DURATIONS)
    connection = _duckdb()
    duck = _duckdb_billed(connection, seconds)
    print(
        _line(
            "billed-seconds-10M: total_billed_seconds",
            *compare(lambda: INCREMENT.total_billed_seconds(seconds), duck),
        )
    )
    frame = sample_calls(NEEDS, month="2027-01", seed=5)
    for kind in CHANNEL_KINDS:
        calls = with_channel(frame, kind)
        peer = _duckdb()
        peer.register("calls", calls)
        print(
            _line(
                f"invoice-2M (channel {kind})",
                *compare(partial(invoice, SHEET, calls), _duckdb_invoice(peer, "calls")),
            )
        )
    calls = with_channel(frame, "str")
    peer = _duckdb()
    peer.register("calls", calls)
    with mock.patch.object(record_codes, "_channel_text_lookup", return_value=None):
        print(
            _line(
                "invoice-2M (channel str, Arrow index_in)",
                *compare(partial(invoice, SHEET, calls), _duckdb_invoice(peer, "calls")),
            )
        )
    relation = _duckdb().from_df(with_channel(frame, "str"))
    peer = _duckdb()
    peer.register("calls", with_channel(frame, "str"))
    print(
        _line(
            "invoice-2M (DuckDB relation, sums pushed)",
            *compare(lambda: invoice(SHEET, relation), _duckdb_invoice(peer, "calls")),
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calls.parquet"
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
        print(
            _line(
                "invoice-2M (parquet file)",
                *compare(lambda: invoice(SHEET, path), _duckdb_invoice(_duckdb(), f"'{path}'")),
            )
        )
    stream_rows = int(os.environ.get(STREAM_ROWS_ENV, 20_000_000))
    runs = int(os.environ.get("VENDOREVAL_BENCH_STREAM_RUNS", 3))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stream.parquet"
        start = time.perf_counter()
        write_month(path, stream_rows)
        csv = path.with_suffix(".csv")
        write_csv(path, csv)
        print(
            f"wrote {stream_rows:,} rows in {time.perf_counter() - start:.1f} s "
            f"({path.stat().st_size / 2**20:.0f} MiB parquet, {csv.stat().st_size / 2**20:.0f} "
            "MiB CSV)"
        )
        engines = (
            ("vendoreval", _OURS, path),
            ("duckdb", _DUCKDB, path),
            ("vendoreval", _OURS, csv),
            ("duckdb", _DUCKDB, csv),
        )
        reports: dict[str, list[dict[str, Any]]] = {}
        for _ in range(runs):  # interleaved: each engine meets the same load
            for name, script, source in engines:
                reports.setdefault(f"{name} {source.suffix}", []).append(
                    peak_memory(source, script)
                )
        for name, found in reports.items():
            seconds_ = [r["seconds"] for r in found]
            peaks = [r["peak_mib"] for r in found]
            above = [r["peak_mib"] - r["baseline_mib"] for r in found]
            print(
                f"streaming {name:18s} best {min(seconds_):6.3f} s (median "
                f"{statistics.median(seconds_):6.3f})  peak RSS {min(peaks):5.0f} MiB (median "
                f"{statistics.median(peaks):5.0f}), {min(above):4.0f} MiB above the "
                f"{found[0]['baseline_mib']:.0f} MiB after imports  total {found[0]['result']}"
            )
        for suffix in (".parquet", ".csv"):
            ours, peer = reports[f"vendoreval {suffix}"], reports[f"duckdb {suffix}"]
            mine = [r["seconds"] for r in ours]
            theirs = [r["seconds"] for r in peer]
            heights = max(r["peak_mib"] for r in ours) / max(r["peak_mib"] for r in peer)
            print(
                f"streaming {suffix:9s} duckdb/vendoreval time {min(theirs) / min(mine):.2f} "
                f"(medians {statistics.median(theirs) / statistics.median(mine):.2f}); "
                f"highest peak {heights:.2f}× DuckDB's"
            )


if __name__ == "__main__":
    main()
