"""Parquet readers whose decoded columns come from a memory pool that gives memory back.

Streaming a large Parquet file decodes one row group after another; each decoded group is
freed once priced. pyarrow's default pool (mimalloc in current wheels) keeps freed pages in
per-thread caches, so the resident memory of a long read keeps growing with the threads that
decode, and handing the pages back (``release_unused``) costs milliseconds each time. Arrow's
jemalloc pool, where the wheel has one, returns freed pages to the system on its own after
a short delay at no cost to the reader. :func:`parquet_file` opens a reader bound to that
pool; the process's default pool is left as it was. :func:`pooled_input` opens a file whose
reads are allocated from that pool too: a reader that is not pre-buffering reads each column
chunk on its own thread into memory that goes back the same way.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

__all__ = ["caches_freed_memory", "decoding_pool", "parquet_file", "pooled_input"]

_LOCK = threading.Lock()
_POOL: list[Any] = []


def decoding_pool() -> Any | None:
    """Arrow's jemalloc memory pool, or None when this pyarrow build has none."""
    import pyarrow as pa

    with _LOCK:
        if not _POOL:
            try:
                _POOL.append(pa.jemalloc_memory_pool())
            except NotImplementedError:  # a build without jemalloc (e.g. Windows wheels)
                _POOL.append(None)
        return _POOL[0]


def caches_freed_memory(pooled: bool) -> bool:
    """Whether a reader opened by :func:`parquet_file` keeps freed pages until released.

    True when a pooled reader falls back on the default pool (no jemalloc in this build):
    the caller then hands the cached pages back now and then with
    ``pyarrow.default_memory_pool().release_unused()``. A reader that is not pooled reads a
    file whose memory is bounded by the file itself, and is left alone.
    """
    return pooled and decoding_pool() is None


def parquet_file(path: str | Path, *, pooled: bool = True, **options: Any) -> Any:
    """A :class:`pyarrow.parquet.ParquetFile` that decodes into :func:`decoding_pool`.

    A reader allocates from the default pool of the moment it is opened, so that pool is
    set for the opening alone (under a lock) and then put back.

    Parameters
    ----------
    path : str or Path
        The Parquet file.
    pooled : bool, default True
        False keeps the default pool: faster for a file read once whole (its freed pages
        are reused at once instead of faulted in again), while a long stream is better
        served by the decoding pool.
    **options
        Passed to :class:`pyarrow.parquet.ParquetFile`.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    pool = decoding_pool() if pooled else None
    if pool is None:
        return pq.ParquetFile(path, **options)
    with _LOCK:
        previous = pa.default_memory_pool()
        pa.set_memory_pool(pool)
        try:
            return pq.ParquetFile(path, **options)
        finally:
            pa.set_memory_pool(previous)


def pooled_input(path: str | Path) -> Any:
    """``path`` opened for reading, each read allocated from :func:`decoding_pool`.

    Without jemalloc the reads come from the default pool. The caller closes the file.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    pyarrow.OSFile
        The open file, a source for :func:`parquet_file`.
    """
    import pyarrow as pa

    return pa.OSFile(str(path), mode="r", memory_pool=decoding_pool())
