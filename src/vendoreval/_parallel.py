"""One thread pool for the process — chunked numpy work over rows (numpy releases the GIL in
its loops) and the record readers' parsing and checking — and reader threads that prepare
the next item of a stream while the current one is processed.

Both pools are made once per process and kept: a stream starts no thread of its own, so
reading many small files costs no thread start-up, and no call waits on a thread being
born (CPython's ``Thread.start`` can wait forever on a thread that dies while starting,
gh-140746)."""

from __future__ import annotations

import itertools
import os
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Final, TypeVar

__all__ = [
    "CHUNK_ROWS",
    "RowChunks",
    "map_ahead",
    "map_row_chunks",
    "map_row_ranges",
    "prefetch",
    "reader_count",
    "reader_pool",
    "shared_pool",
    "worker_count",
]

CHUNK_ROWS: Final = 1 << 17
"""Rows processed per step of the chunked numpy loops.

A chunk's temporaries (1 MiB per int64 array) stay in the processor's caches, and each
numpy call is long enough that the threads seldom wait on each other for the interpreter
lock between calls: with chunks half as long, an invoice on two threads took 5–15% longer.
"""

_PARALLEL_ROWS: Final = 1 << 17
"""Inputs of fewer rows are worked on the calling thread alone."""
_T = TypeVar("_T")
_R = TypeVar("_R")
_POOL_LOCK = threading.Lock()
_POOL: dict[int, ThreadPoolExecutor] = {}
_THREAD_PREFIX: Final = "vendoreval-worker"
_READERS: dict[int, ThreadPoolExecutor] = {}
_READER_PREFIX: Final = "vendoreval-reader"
_MIN_READERS: Final = 2


def worker_count() -> int:
    """Threads used for chunked numpy work: the cores available to this process, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without CPU affinity
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def shared_pool() -> ThreadPoolExecutor | None:
    """The process's worker threads, or None when there is one core or the caller is one of them.

    One pool serves every module (its threads are named ``vendoreval-worker…``); a task running
    on it gets None, so that it does its work itself rather than wait on the pool it runs in.
    """
    workers = worker_count()
    if workers < 2 or threading.current_thread().name.startswith(_THREAD_PREFIX):
        return None
    pid = os.getpid()  # a pool does not survive fork: one per process
    with _POOL_LOCK:
        if pid not in _POOL:
            _POOL.clear()
            _POOL[pid] = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=_THREAD_PREFIX)
        return _POOL[pid]


def reader_count() -> int:
    """Reader threads of the process: as many as the worker threads, at least two."""
    return max(_MIN_READERS, worker_count())


def reader_pool() -> ThreadPoolExecutor:
    """The process's reader threads (``vendoreval-reader…``): file decoding ahead of its use.

    :func:`reader_count` threads, started as tasks come: a stream that keeps one item in
    preparation uses one, so two streams can overlap; a Parquet file's row groups are
    decoded (and worked on) by all of them. A task on this pool must not wait on this pool
    (it may wait on :func:`shared_pool`).
    """
    pid = os.getpid()  # a pool does not survive fork: one per process
    with _POOL_LOCK:
        if pid not in _READERS:
            _READERS.clear()
            _READERS[pid] = ThreadPoolExecutor(
                max_workers=reader_count(), thread_name_prefix=_READER_PREFIX
            )
        return _READERS[pid]


def map_row_ranges(task: Callable[[int, int], _T], rows: int, *, split: bool = True) -> list[_T]:
    """Run ``task(start, stop)`` over contiguous row ranges covering ``0..rows``, in order.

    Large inputs are cut into ranges of :data:`CHUNK_ROWS` rows that the worker threads
    claim as they go (:func:`map_row_chunks`; numpy releases the GIL inside its loops); small
    ones, and any with ``split`` False (the cores are busy elsewhere, e.g. decoding the next
    part of a file), run as a single range on the calling thread.

    Returns
    -------
    list
        ``task``'s result for each range, in row order.
    """
    pool = shared_pool() if split else None
    if pool is None or rows < _PARALLEL_ROWS:
        return [task(0, rows)]
    results: dict[int, _T] = {}

    def work(chunks: RowChunks) -> None:
        for start, stop in chunks:
            results[start] = task(start, stop)

    map_row_chunks(work, rows)
    return [results[start] for start in sorted(results)]


class RowChunks:
    """The chunks of ``0..rows`` (``CHUNK_ROWS`` rows each) still to be worked on, shared by
    the workers of :func:`map_row_chunks`: each ``next`` claims the next unclaimed chunk.

    Claiming is one ``next`` on an :func:`itertools.count`, atomic under the interpreter
    lock. :meth:`stop` leaves the remaining chunks unclaimed (a worker found a problem).
    """

    def __init__(self, rows: int, chunk: int) -> None:
        self.rows = rows
        self.chunk = chunk
        self.count = -(-rows // chunk)
        self._next = itertools.count()
        self._stopped = False

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return self

    def __next__(self) -> tuple[int, int]:
        index = next(self._next)
        if self._stopped or index >= self.count:
            raise StopIteration
        start = index * self.chunk
        return start, min(start + self.chunk, self.rows)

    def stop(self) -> None:
        """Leave the chunks not yet claimed to no one."""
        self._stopped = True


def map_row_chunks(
    task: Callable[[RowChunks], _T], rows: int, *, split: bool = True, chunk: int = CHUNK_ROWS
) -> list[_T]:
    """Run ``task(chunks)`` on each worker thread, the workers claiming chunks as they go.

    Each worker (the pool's threads and the calling thread) calls ``task`` once with the
    shared :class:`RowChunks`, and ``task`` works on every chunk it draws from it, so a
    worker whose core is taken by other work draws fewer chunks and the call ends when the
    last chunk does, not when the slowest worker's fixed share does (a shared machine takes
    cores away for milliseconds at a time). The chunks a worker draws are in increasing
    order but need not be contiguous: ``task`` must combine them in any order. Small
    inputs, and any with ``split`` False, run on the calling thread alone.

    Returns
    -------
    list
        One result per worker that ran (the calling thread's last).
    """
    chunks = RowChunks(rows, chunk)
    pool = shared_pool() if split else None
    if pool is None or rows < _PARALLEL_ROWS or chunks.count < 2:
        return [task(chunks)]
    helpers = min(worker_count(), chunks.count) - 1
    futures = [pool.submit(task, chunks) for _ in range(helpers)]
    try:
        mine = task(chunks)
    except BaseException:
        chunks.stop()  # the helpers end with their current chunk
        wait(futures)
        raise
    return [*(future.result() for future in futures), mine]


_END: Final = object()


def prefetch(items: Iterable[_T]) -> Generator[_T, None, None]:
    """The items of ``items``, each produced on a reader thread while the previous is used.

    One item is produced ahead (so at most two are alive at once): a file reader that
    decodes the next batch (Arrow releases the GIL) overlaps with the pricing of the current
    one. The iterator is advanced by one thread at a time, in order; an exception raised
    while producing an item is raised here, when that item is due. Closing the returned
    generator early waits for the item being produced and drops it.
    """
    iterator = iter(items)
    reader = reader_pool()
    pending = reader.submit(next, iterator, _END)
    try:
        while True:
            item = pending.result()
            if item is _END:
                return
            pending = reader.submit(next, iterator, _END)
            yield item  # type: ignore[misc]
    finally:
        wait((pending,))  # closed early: the item being produced is dropped


def map_ahead(
    task: Callable[[_T], _R], items: Iterable[_T], ahead: int
) -> Generator[_R, None, None]:
    """``task(item)`` for each of ``items``, on the reader threads, the results in order.

    The items are drawn on the calling thread (e.g. pieces cut from a file) and at most
    ``ahead`` tasks are submitted or under way at once, so the reader threads work while the
    caller uses a result. An exception raised by a task is raised here when its result
    is due. Closing the generator early cancels the tasks not started and waits for those
    under way (their results are dropped).
    """
    pool = reader_pool()
    pending: deque[Future[_R]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(task, item))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        wait(pending)
