"""Arrow columns as numpy without pandas, and Parquet readers bound to the decoding pool."""

from __future__ import annotations

import contextlib
import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vendoreval._arrow_memory import (
    caches_freed_memory,
    decoding_pool,
    parquet_file,
    pooled_input,
)
from vendoreval._arrow_numpy import arrow_values, text_array, without_views


@pytest.mark.parametrize(
    "kind", [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint32()]
)
def test_integers_are_a_view_of_the_buffer(kind: pa.DataType) -> None:
    array = pa.array([0, 1, 2, 3, 4, 5, 6], type=kind)
    values = arrow_values(array)
    assert values.dtype == np.dtype(kind.to_pandas_dtype())
    assert values.tolist() == [0, 1, 2, 3, 4, 5, 6]
    assert not values.flags.writeable


@pytest.mark.parametrize("kind", [pa.float32(), pa.float64()])
def test_floats_are_a_view_of_the_buffer(kind: pa.DataType) -> None:
    values = arrow_values(pa.array([0.5, 1.25, 3.0], type=kind))
    assert values.dtype == np.dtype(kind.to_pandas_dtype())
    assert values.tolist() == [0.5, 1.25, 3.0]


def test_a_slice_starts_at_its_offset() -> None:
    array = pa.array(np.arange(100, dtype=np.int64)).slice(37, 5)
    assert arrow_values(array).tolist() == [37, 38, 39, 40, 41]


def test_chunks_are_concatenated_in_order() -> None:
    chunked = pa.chunked_array([pa.array([1, 2], pa.int32()), pa.array([3], pa.int32())])
    assert arrow_values(chunked).tolist() == [1, 2, 3]
    single = pa.chunked_array([pa.array([7, 8], pa.int64())])
    assert arrow_values(single).tolist() == [7, 8]
    assert arrow_values(pa.chunked_array([], type=pa.int16())).dtype == np.int16


def test_missing_values_and_other_types_go_through_pyarrow() -> None:
    with_null = arrow_values(pa.array([1.0, None, 3.0]))
    assert np.isnan(with_null[1])
    assert with_null[2] == 3.0
    assert arrow_values(pa.array([True, False])).tolist() == [True, False]
    chunked = pa.chunked_array([pa.array([1, None], pa.int64())])
    assert np.isnan(arrow_values(chunked)[1])


def test_views_become_large_types_with_every_value_kept() -> None:
    text = pa.array(["phone", None, "a string longer than twelve bytes"], type=pa.string_view())
    plain = without_views(text)
    assert plain.type == pa.large_string()
    assert plain.to_pylist() == text.to_pylist()
    raw = pa.array([b"\x00\xff", None], type=pa.binary_view())
    assert without_views(raw).type == pa.large_binary()
    assert without_views(raw).to_pylist() == [b"\x00\xff", None]
    chunked = pa.chunked_array([text.slice(1), text.slice(0, 1)])
    assert without_views(chunked).type == pa.large_string()
    assert without_views(chunked).to_pylist() == [*text.to_pylist()[1:], "phone"]


@pytest.mark.parametrize(
    "array",
    [
        pa.array(["a"]),
        pa.array(["a"], pa.large_string()),
        pa.array([1]),
        pa.array(["a"]).dictionary_encode(),
    ],
)
def test_other_types_are_returned_as_they_are(array: pa.Array) -> None:
    assert without_views(array) is array


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_text_arrays_are_built_from_their_buffers(kind: pa.DataType) -> None:
    values = ["phone", "", "한국어", "messaging"]
    array = text_array(values, kind)
    array.validate(full=True)
    assert array.type == kind
    assert array.to_pylist() == values
    assert text_array([], kind).to_pylist() == []


def test_reading_a_column_does_not_load_pandas(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": pa.array(np.arange(10, dtype=np.int64))}), path)
    code = (
        "import sys\n"
        "from vendoreval._arrow_memory import parquet_file\n"
        "from vendoreval._arrow_numpy import arrow_values, text_array, without_views\n"
        f"table = parquet_file({str(path)!r}).read()\n"
        "print(int(arrow_values(table.column('a')).sum()), 'pandas' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "45 False"


def test_a_reader_decodes_into_the_decoding_pool(tmp_path: Path) -> None:
    pool = decoding_pool()
    if pool is None:
        pytest.skip("this pyarrow has no jemalloc pool")
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": pa.array(np.arange(200_000, dtype=np.int64))}), path)
    before_default = pa.default_memory_pool()
    reader = parquet_file(path)
    assert pa.default_memory_pool().backend_name == before_default.backend_name
    with _no_collection():
        held = pool.bytes_allocated()
        table = reader.read()
        assert pool.bytes_allocated() - held >= 200_000 * 8
    assert arrow_values(table.column("a"))[-1] == 199_999


@pytest.mark.parametrize("pooled", [True, False])
def test_freed_memory_is_released_by_hand_only_without_jemalloc(
    pooled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vendoreval import _arrow_memory

    assert caches_freed_memory(pooled) is (pooled and decoding_pool() is None)
    monkeypatch.setattr(_arrow_memory, "_POOL", [None])  # a build without jemalloc
    assert caches_freed_memory(pooled) is pooled
    monkeypatch.setattr(_arrow_memory, "_POOL", [pa.system_memory_pool()])
    assert caches_freed_memory(pooled) is False


def test_a_pooled_input_reads_into_the_decoding_pool(tmp_path: Path) -> None:
    path = tmp_path / "bytes.bin"
    path.write_bytes(b"x" * 1_000_000)
    pool = decoding_pool() or pa.default_memory_pool()
    source = pooled_input(path)
    try:
        with _no_collection():
            before = pool.bytes_allocated()
            data = source.read_buffer(1_000_000)
            assert pool.bytes_allocated() >= before + 1_000_000
        assert data.to_pybytes() == b"x" * 1_000_000
    finally:
        source.close()
    assert source.closed


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """No garbage collection while a pool's allocations are measured: the pools are the
    process's, and collecting what earlier tests left (a traceback holding decoded columns,
    say) would free memory from them meanwhile."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
