"""Billing increments: hand-worked durations and the invariants every increment obeys.

Reference values are worked out by hand from the definition of an ``a/b`` increment
(ITU-T D.140 usage): a duration d is billed 0 when d = 0, ``a`` when 0 < d ≤ a, else
``a + ⌈(d − a)/b⌉·b``; fractional seconds round up first.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendoreval.pricing import BillingIncrement
from vendoreval.pricing.billing import WHOLE_SECONDS_TOLERANCE, whole_seconds

durations = st.integers(min_value=0, max_value=200_000)
quarter_seconds = st.integers(min_value=0, max_value=400_000).map(lambda q: q / 4)
increments = st.builds(
    BillingIncrement, first=st.integers(1, 600), step=st.integers(1, 600)
) | st.sampled_from(["60/60", "1/1", "30/6", "6/6", "120/30"]).map(BillingIncrement.parse)

NESTED = [BillingIncrement.parse(text) for text in ("1/1", "6/6", "30/6", "60/60")]


def by_definition(increment: BillingIncrement, seconds: float) -> int:
    """The definition, one duration at a time, in Python integers."""
    whole = math.ceil(seconds)
    if whole == 0:
        return 0
    if whole <= increment.first:
        return increment.first
    return increment.first + -(-(whole - increment.first) // increment.step) * increment.step


@pytest.mark.parametrize(
    ("increment", "seconds", "billed"),
    [
        # per-minute: anything up to a minute is a minute; 61 s is two minutes.
        ("60/60", [0, 1, 59, 60, 61, 119, 120, 121], [0, 60, 60, 60, 120, 120, 120, 180]),
        # per-second: billed as is.
        ("per-second", [0, 1, 2, 59, 61], [0, 1, 2, 59, 61]),
        # 30/6: 30 s minimum, then 6 s steps: 31 → 30 + 6; 36 → 36; 37 → 42.
        ("30/6", [0, 1, 30, 31, 36, 37, 61], [0, 30, 30, 36, 36, 42, 66]),
        # 6/6: 6 s steps from the start: 1 → 6, 7 → 12, 61 → 66.
        ("6/6", [0, 1, 6, 7, 12, 13, 61], [0, 6, 6, 12, 12, 18, 66]),
        # 45/10 (minimum off the step grid): 46 → 45 + 10 = 55; 55 → 55; 56 → 65.
        ("45/10", [0, 44, 45, 46, 55, 56], [0, 45, 45, 55, 55, 65]),
    ],
)
def test_hand_worked_increments(increment: str, seconds: list[int], billed: list[int]) -> None:
    inc = BillingIncrement.parse(increment)
    assert np.asarray(inc.billed_seconds(np.array(seconds))).tolist() == billed
    assert inc.total_billed_seconds(np.array(seconds)) == sum(billed)
    assert [inc.billed_seconds(s) for s in seconds] == billed


def test_fractional_seconds_round_up_before_the_increment() -> None:
    # 0.2 s is a started second (1 s); 30.01 s is 31 s, so 30/6 bills 36.
    inc = BillingIncrement.parse("30/6")
    assert np.asarray(inc.billed_seconds([0.0, 0.2, 30.0, 30.01, 36.5])).tolist() == [
        0,
        30,
        30,
        36,
        42,
    ]
    assert BillingIncrement.parse("1/1").billed_seconds(0.2) == 1


def test_shape_and_scalar_are_kept() -> None:
    inc = BillingIncrement.parse("60/60")
    assert isinstance(inc.billed_seconds(61), int)
    assert np.asarray(inc.billed_seconds(np.array([[1, 61], [0, 120]]))).tolist() == [
        [60, 120],
        [0, 120],
    ]
    assert np.asarray(inc.billed_seconds(np.array([1, 2], dtype=np.int32))).dtype == np.int64


@pytest.mark.parametrize(
    ("values", "position"),
    [([5, -1, 3], 1), ([1.0, math.nan], 1), ([math.inf], 0), ([0.5, 2.0, -0.5], 2)],
)
def test_invalid_durations_name_the_position(values: list[float], position: int) -> None:
    inc = BillingIncrement.parse("6/6")
    with pytest.raises(ValueError, match=f"at position {position}"):
        inc.billed_seconds(values)
    with pytest.raises(ValueError, match=f"at position {position}"):
        inc.total_billed_seconds(values)


def test_large_input_matches_the_definition_across_worker_chunks() -> None:
    # More rows than one worker chunk, so the threaded path is exercised.
    rng = np.random.default_rng(7)
    seconds = rng.integers(0, 5_000, 700_000)
    seconds[rng.random(seconds.shape[0]) < 0.1] = 0
    for inc in [*NESTED, BillingIncrement.parse("45/10")]:
        unique, counts = np.unique(seconds, return_counts=True)
        expected = sum(
            by_definition(inc, int(u)) * int(c) for u, c in zip(unique, counts, strict=True)
        )
        assert inc.total_billed_seconds(seconds) == expected
        assert int(np.sum(inc.billed_seconds(seconds))) == expected


def test_an_invalid_value_deep_in_a_large_input_is_found() -> None:
    seconds = np.arange(600_000, dtype=np.int64)
    seconds[543_210] = -4
    with pytest.raises(ValueError, match="got -4 at position 543210"):
        BillingIncrement.parse("30/6").total_billed_seconds(seconds)


def test_overhead_is_billed_over_actual() -> None:
    # 30/6 on 10 s and 31 s bills 30 + 36 = 66 s for 41 s.
    assert BillingIncrement.parse("30/6").overhead([10, 31]) == pytest.approx(66 / 41)
    assert math.isnan(BillingIncrement.parse("30/6").overhead([0, 0]))


@given(increments, st.lists(durations, max_size=50))
def test_matches_the_definition(inc: BillingIncrement, seconds: list[int]) -> None:
    expected = [by_definition(inc, s) for s in seconds]
    assert np.asarray(inc.billed_seconds(np.array(seconds, dtype=np.int64))).tolist() == expected
    assert inc.total_billed_seconds(np.array(seconds, dtype=np.int64)) == sum(expected)


@given(increments, quarter_seconds)
def test_billed_is_at_least_actual(inc: BillingIncrement, seconds: float) -> None:
    billed = inc.billed_seconds(seconds)
    assert billed >= seconds
    assert (billed == 0) == (seconds == 0)


@given(increments, quarter_seconds, quarter_seconds)
def test_billed_is_monotone_in_duration(inc: BillingIncrement, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert inc.billed_seconds(low) <= inc.billed_seconds(high)


@given(quarter_seconds)
def test_nested_increments_bill_in_order(seconds: float) -> None:
    # 1/1 ≤ 6/6 ≤ 30/6 ≤ 60/60 on every duration: each one's boundaries are on the grid of
    # the next finer one.
    billed = [inc.billed_seconds(seconds) for inc in NESTED]
    assert billed == sorted(billed)
    assert all(finer.nests_within(coarser) for finer, coarser in itertools.pairwise(NESTED))


# --------------------------------------------------------------- whole billable seconds


def test_whole_billable_seconds_of_a_contact() -> None:
    # Integers add exactly: 20 + 0 + 5 = 25 s. Fractions round up: 10.2 + 0.5 + 0 = 10.7 → 11 s.
    # A float sum a hair above a whole second is that second: 0.1 + 2.7 + 0.2 is
    # 3.0000000000000004 in binary floating point, and bills 3 s, not 4.
    out = np.empty(3, dtype=np.int64)
    whole_seconds([np.array([20, 7, 0]), np.array([0, 0, 0]), np.array([5, 1, 0])], out)
    assert out.tolist() == [25, 8, 0]
    floats = [
        np.array([10.2, 0.1, 0.0, 59.0001]),
        np.array([0.5, 2.7, 0.0, 0.0]),
        np.array([0.0, 0.2, 0.0, 0.0]),
    ]
    assert 0.1 + 2.7 + 0.2 > 3
    out = np.empty(4, dtype=np.int64)
    whole_seconds(floats, out)
    assert out.tolist() == [11, 3, 0, 60]
    # Work arrays longer than the output, as the invoice's chunk buffers are, give the same.
    again = np.empty(4, dtype=np.int64)
    whole_seconds(floats, again, np.empty(9), np.empty(9))
    assert again.tolist() == out.tolist()
    whole_seconds([], again)
    assert again.tolist() == [0, 0, 0, 0]


@given(st.lists(st.tuples(quarter_seconds, quarter_seconds), min_size=1, max_size=50))
def test_whole_seconds_are_the_ceiling_of_the_exact_sum(pairs: list[tuple[float, float]]) -> None:
    # Quarter seconds are exact in binary: the sum needs no tolerance, only the ceiling.
    talk = np.array([p[0] for p in pairs])
    hold = np.array([p[1] for p in pairs])
    out = np.empty(len(pairs), dtype=np.int64)
    whole_seconds([talk, hold], out)
    assert out.tolist() == [math.ceil(a + b) for a, b in pairs]
    assert WHOLE_SECONDS_TOLERANCE == 1e-12
