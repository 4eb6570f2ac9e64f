"""Repeat contacts: the sorted scan agrees with the definition applied pair by pair."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vendoreval.contract import repeated_within


def brute_force(customer: list[int], times: list[int], window: int) -> list[bool]:
    """The definition, literally: another contact of the customer in (t, t + window]."""
    return [
        any(
            j != i and customer[j] == customer[i] and times[i] < times[j] <= times[i] + window
            for j in range(len(times))
        )
        for i in range(len(times))
    ]


def test_hand_worked() -> None:
    # Customer 1 at 0, 5, 5, 20; customer 2 at 5; window 10:
    # 0 → 5 (same customer, within) repeated; both contacts at 5 → next is 20 (15 later) no;
    # 20 → nothing after; customer 2 alone. Equal times are not "after".
    customer = np.array([[1], [1], [1], [1], [2]], dtype=np.uint64)
    times = np.array([5, 0, 20, 5, 5], dtype=np.int64)
    assert repeated_within(customer, times, 10).tolist() == [False, True, False, False, False]
    # The window end is inclusive: 0 → 10 with window 10 is a repeat.
    two = np.array([[7], [7]], dtype=np.uint64)
    assert repeated_within(two, np.array([0, 10], dtype=np.int64), 10).tolist() == [True, False]
    assert repeated_within(two, np.array([0, 11], dtype=np.int64), 10).tolist() == [False, False]
    assert repeated_within(two[:0], np.array([], dtype=np.int64), 10).tolist() == []


@settings(max_examples=60)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 40)), max_size=40),
    st.integers(0, 15),
)
def test_matches_the_definition(rows: list[tuple[int, int, int]], window: int) -> None:
    # Customers as two 64-bit words, as the report hashes them.
    customer = np.array([[a, b] for a, b, _ in rows], dtype=np.uint64).reshape(-1, 2)
    times = np.array([t for _, _, t in rows], dtype=np.int64)
    keys = [a * 10 + b for a, b, _ in rows]
    expected = brute_force(keys, [t for *_, t in rows], window)
    assert repeated_within(customer, times, window).tolist() == expected
