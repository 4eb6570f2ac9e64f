"""The process's thread pools (vendoreval._parallel): streams read ahead on long-lived
reader threads, in order, with errors raised when their item is due."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from vendoreval._parallel import (
    CHUNK_ROWS,
    RowChunks,
    map_ahead,
    map_row_chunks,
    map_row_ranges,
    prefetch,
    reader_pool,
    worker_count,
)


def _numbers(count: int, seen: list[str]) -> Iterator[int]:
    for number in range(count):
        seen.append(threading.current_thread().name)
        yield number


def test_prefetch_keeps_the_order_and_reads_on_the_reader_threads() -> None:
    seen: list[str] = []
    assert list(prefetch(_numbers(50, seen))) == list(range(50))
    assert len(seen) == 50
    assert all(name.startswith("vendoreval-reader") for name in seen)


def test_streams_start_no_thread_of_their_own() -> None:
    threads: list[threading.Thread] = []  # kept alive, so no two are the same object

    def items() -> Iterator[int]:
        threads.append(threading.current_thread())
        yield from range(3)

    for _ in range(100):
        assert list(prefetch(items())) == [0, 1, 2]
    assert len({id(thread) for thread in threads}) <= 2
    assert reader_pool() is reader_pool()


def test_an_error_is_raised_when_its_item_is_due() -> None:
    def failing() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("third item")

    stream = prefetch(failing())
    assert next(stream) == 1
    assert next(stream) == 2
    with pytest.raises(ValueError, match="third item"):
        next(stream)


def test_closing_early_waits_for_the_item_being_produced() -> None:
    produced: list[int] = []

    def slow() -> Iterator[int]:
        for number in range(5):
            time.sleep(0.05)
            produced.append(number)
            yield number

    stream = prefetch(slow())
    assert next(stream) == 0
    stream.close()  # item 1 is being produced: close waits for it, then drops it
    assert produced == [0, 1]
    time.sleep(0.15)
    assert produced == [0, 1]  # nothing more is read after the close


def test_map_ahead_keeps_the_order_and_works_on_the_reader_threads() -> None:
    drawn: list[str] = []
    ran: list[str] = []

    def square(number: int) -> int:
        ran.append(threading.current_thread().name)
        time.sleep(0.001 * (number % 3))  # finishing out of order
        return number * number

    assert list(map_ahead(square, _numbers(40, drawn), ahead=4)) == [n * n for n in range(40)]
    assert all(name == threading.current_thread().name for name in drawn)
    assert all(name.startswith("vendoreval-reader") for name in ran)


def test_map_ahead_draws_at_most_ahead_items_before_the_first_result() -> None:
    drawn: list[str] = []
    results = map_ahead(lambda number: number, _numbers(100, drawn), ahead=3)
    assert next(results) == 0
    assert len(drawn) == 3
    results.close()


def test_map_ahead_raises_a_tasks_error_when_its_result_is_due() -> None:
    def task(number: int) -> int:
        if number == 2:
            raise ValueError("task 2")
        return number

    results = map_ahead(task, range(6), ahead=4)
    assert next(results) == 0
    assert next(results) == 1
    with pytest.raises(ValueError, match="task 2"):
        next(results)


def test_map_ahead_closed_early_waits_for_the_tasks_under_way() -> None:
    finished: list[int] = []

    def slow(number: int) -> int:
        time.sleep(0.05)
        finished.append(number)
        return number

    results = map_ahead(slow, range(20), ahead=4)
    assert next(results) == 0
    results.close()  # two tasks run on the two readers, the queued ones are cancelled
    done = list(finished)
    assert len(done) <= 4
    time.sleep(0.2)
    assert finished == done  # nothing runs after the close


def test_row_ranges_stay_on_the_calling_thread_unless_split() -> None:
    rows = (1 << 20) + 5
    seen: list[str] = []
    caller = threading.current_thread().name
    lock, helped = threading.Lock(), threading.Event()

    def task(low: int, high: int) -> tuple[int, int]:
        me = threading.current_thread().name
        with lock:
            seen.append(me)
            first = seen[0]
        if me != first:
            helped.set()
        elif seen.count(me) == 1 and high - low == CHUNK_ROWS and worker_count() > 1:
            assert helped.wait(10)  # another worker claims a range meanwhile
        return low, high

    assert map_row_ranges(task, rows, split=False) == [(0, rows)]
    assert seen == [caller]
    seen.clear()
    ranges = map_row_ranges(task, rows)
    assert ranges == [(low, min(low + CHUNK_ROWS, rows)) for low in range(0, rows, CHUNK_ROWS)]
    assert len(set(seen)) == min(worker_count(), 2)


@pytest.mark.parametrize("held", ["caller", "helpers"])
def test_a_worker_held_up_claims_fewer_chunks(held: str) -> None:
    """The chunks go to whichever worker is free: a worker held up at its first chunk (its
    core taken) does that chunk alone while the others do the rest."""
    if worker_count() < 2:
        pytest.skip("one core: the calling thread does every chunk")
    caller = threading.current_thread().name
    done: dict[str, int] = {}
    holding, rest_done = threading.Event(), threading.Event()

    def task(chunks: RowChunks) -> str:
        me = threading.current_thread().name
        is_held = (me == caller) == (held == "caller")
        for _ in chunks:
            if not done.get(me):
                if is_held:
                    holding.set()
                    assert rest_done.wait(10)  # held up until the others are through
                else:
                    assert holding.wait(10)  # a held worker has its chunk
            done[me] = done.get(me, 0) + 1
        if not is_held:
            rest_done.set()  # nothing left to claim
        return me

    workers = map_row_chunks(task, 40 * CHUNK_ROWS)
    assert workers[-1] == caller
    assert sum(done.values()) == 40
    held_workers = [name for name in done if (name == caller) == (held == "caller")]
    assert held_workers
    assert all(done[name] == 1 for name in held_workers)


def test_a_stopped_run_leaves_the_remaining_chunks_and_an_error_is_raised() -> None:
    claimed: list[int] = []

    def stops(chunks: RowChunks) -> None:
        for start, _ in chunks:
            claimed.append(start)
            chunks.stop()

    map_row_chunks(stops, 40 * CHUNK_ROWS)
    assert 1 <= len(claimed) <= worker_count()

    raising = threading.Event()
    helped: list[int] = []

    def fails(chunks: RowChunks) -> None:
        for start, _ in chunks:
            if threading.current_thread().name.startswith("vendoreval-worker"):
                assert raising.wait(10)  # the calling thread has a chunk
                helped.append(start)
            else:
                raising.set()
                raise ValueError(f"chunk at {start}")

    with pytest.raises(ValueError, match="chunk at"):
        map_row_chunks(fails, 40 * CHUNK_ROWS)
    assert len(helped) <= worker_count() - 1  # the helpers stopped at their chunk
