"""Work arrays kept per thread: reused across calls, never shared between threads."""

from __future__ import annotations

import threading

import numpy as np

from vendoreval._scratch import MAX_SCRATCH_ITEMS, scratch


def test_a_work_array_is_reused_by_its_thread_and_name() -> None:
    first = scratch("test.reuse", 1_000, np.int64)
    first[:] = 7
    again = scratch("test.reuse", 10, np.int64)
    assert again.shape == (10,)
    assert again.dtype == np.int64
    assert np.shares_memory(first, again)
    assert int(again[0]) == 7
    assert not np.shares_memory(first, scratch("test.other", 1_000, np.int64))
    flags = scratch("test.reuse", 10, np.bool_)  # another type: a new array
    assert flags.dtype == np.bool_
    assert not np.shares_memory(first, flags)


def test_a_long_work_array_is_not_kept() -> None:
    long = scratch("test.long", MAX_SCRATCH_ITEMS + 1, np.int64)
    assert long.shape == (MAX_SCRATCH_ITEMS + 1,)
    assert not np.shares_memory(long, scratch("test.long", MAX_SCRATCH_ITEMS + 1, np.int64))
    kept = scratch("test.long", MAX_SCRATCH_ITEMS, np.int64)
    assert np.shares_memory(kept, scratch("test.long", 5, np.int64))


def test_each_thread_has_its_own_work_arrays() -> None:
    mine = scratch("test.thread", 100, np.int64)
    theirs: list[np.ndarray] = []
    thread = threading.Thread(target=lambda: theirs.append(scratch("test.thread", 100, np.int64)))
    thread.start()
    thread.join()
    assert not np.shares_memory(mine, theirs[0])
