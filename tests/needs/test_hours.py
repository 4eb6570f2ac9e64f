"""Weekly hours: half-hour masks, windows past midnight, 24:00, coverage fractions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from pydantic import ValidationError

from tests import strategies
from vendoreval.needs.hours import SLOT_MINUTES, SLOTS_PER_WEEK, Hours, WeeklyWindow
from vendoreval.vocabulary import Weekday

MONDAY = dt.datetime(2024, 1, 1)  # a Monday
WEEK = dt.timedelta(days=7)


def reference_mask(window: WeeklyWindow) -> np.ndarray:
    """Slots covered by ``window``, computed with calendar arithmetic on real datetimes.

    For each day the window opens, the opening and closing instants are built with
    ``datetime``; a slot is covered when its start falls in one of those intervals, this week
    or (for a Sunday window running past midnight) one week earlier.
    """
    intervals = []
    for day in window.days:
        date = MONDAY + dt.timedelta(days=day.number)
        start_h, start_m = map(int, window.start.split(":"))
        end_h, end_m = map(int, window.end.split(":"))
        opens = date + dt.timedelta(hours=start_h, minutes=start_m)
        closes = date + dt.timedelta(hours=end_h, minutes=end_m)
        if closes <= opens:
            closes += dt.timedelta(days=1)
        intervals.append((opens, closes))
    covered = np.zeros(SLOTS_PER_WEEK, dtype=bool)
    for slot in range(SLOTS_PER_WEEK):
        moment = MONDAY + dt.timedelta(minutes=SLOT_MINUTES * slot)
        covered[slot] = any(
            opens <= t < closes for opens, closes in intervals for t in (moment, moment + WEEK)
        )
    return covered


def slots(day: int, start: str, end: str) -> set[int]:
    """Slot numbers from ``start`` to ``end`` on ``day`` (0 = Monday), same day only."""
    first = day * 48 + int(start[:2]) * 2 + int(start[3:]) // 30
    last = day * 48 + int(end[:2]) * 2 + int(end[3:]) // 30
    return set(range(first, last))


def test_around_the_clock() -> None:
    hours = Hours.around_the_clock()
    assert hours.mask().shape == (336,)
    assert hours.mask().all()
    assert hours.hours_per_week == 168.0
    assert hours.describe() == "24/7"


def test_office_hours_window() -> None:
    window = WeeklyWindow(days=(Weekday.MON,), start="09:00", end="18:00")
    assert set(np.flatnonzero(window.mask())) == slots(0, "09:00", "18:00")
    hours = Hours(windows=(window,))
    assert hours.hours_per_week == 9.0
    assert hours.describe() == "mon 09:00–18:00"


def test_window_ending_at_24_00() -> None:
    window = WeeklyWindow(days=(Weekday.TUE,), start="18:00", end="24:00")
    assert set(np.flatnonzero(window.mask())) == slots(1, "18:00", "24:00")
    whole_day = WeeklyWindow(days=(Weekday.WED,), start="00:00", end="24:00")
    assert whole_day.mask().sum() == 48
    assert set(np.flatnonzero(whole_day.mask())) == set(range(96, 144))


def test_overnight_window_runs_into_the_next_day() -> None:
    window = WeeklyWindow(days=(Weekday.FRI,), start="22:00", end="06:00")
    expected = slots(4, "22:00", "24:00") | slots(5, "00:00", "06:00")
    assert set(np.flatnonzero(window.mask())) == expected
    assert Hours(windows=(window,)).hours_per_week == 8.0


def test_overnight_window_on_sunday_wraps_to_monday() -> None:
    window = WeeklyWindow(days=(Weekday.SUN,), start="22:00", end="02:00")
    expected = slots(6, "22:00", "24:00") | slots(0, "00:00", "02:00")
    assert set(np.flatnonzero(window.mask())) == expected


def test_window_ending_at_midnight_written_00_00_is_overnight_to_midnight() -> None:
    late = WeeklyWindow(days=(Weekday.MON,), start="20:00", end="00:00")
    assert set(np.flatnonzero(late.mask())) == slots(0, "20:00", "24:00")


def test_overlapping_windows_are_not_counted_twice() -> None:
    hours = Hours(
        windows=(
            WeeklyWindow(days=(Weekday.MON, Weekday.TUE), start="09:00", end="18:00"),
            WeeklyWindow(days=(Weekday.MON,), start="12:00", end="20:00"),
        )
    )
    assert hours.hours_per_week == 9 + 9 + 2


@pytest.mark.parametrize("clock", ["9:00", "24:30", "25:00", "12:15", "12:60", "noon", "1200"])
def test_bad_clock_times(clock: str) -> None:
    with pytest.raises(ValidationError, match="expected a time"):
        WeeklyWindow(days=(Weekday.MON,), start=clock, end="18:00")


def test_empty_window_and_missing_days() -> None:
    with pytest.raises(ValidationError, match="is empty"):
        WeeklyWindow(days=(Weekday.MON,), start="09:00", end="09:00")
    with pytest.raises(ValidationError, match="days"):
        WeeklyWindow(days=(), start="09:00", end="18:00")
    with pytest.raises(ValidationError, match="days"):
        WeeklyWindow.model_validate({"days": ["monday"], "start": "09:00", "end": "18:00"})


def test_hours_need_exactly_one_form() -> None:
    window = WeeklyWindow(days=(Weekday.MON,), start="09:00", end="18:00")
    with pytest.raises(ValidationError, match="not both"):
        Hours(always=True, windows=(window,))
    with pytest.raises(ValidationError, match="no hours given"):
        Hours()


def test_fraction_covering() -> None:
    office = Hours(
        windows=(
            WeeklyWindow(
                days=(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI),
                start="09:00",
                end="18:00",
            ),
        )
    )
    always = Hours.around_the_clock()
    assert office.fraction_covering(always) == pytest.approx(45 / 168)
    assert always.fraction_covering(office) == 1.0
    evening = Hours(windows=(WeeklyWindow(days=(Weekday.MON,), start="17:00", end="21:00"),))
    assert office.fraction_covering(evening) == pytest.approx(1 / 4)


@given(strategies.weekly_windows())
def test_window_mask_matches_calendar_arithmetic(window: WeeklyWindow) -> None:
    assert np.array_equal(window.mask(), reference_mask(window))


@given(strategies.hours)
def test_hours_mask_is_the_union_of_windows(hours: Hours) -> None:
    mask = hours.mask()
    assert mask.shape == (SLOTS_PER_WEEK,)
    assert mask.dtype == np.bool_
    if hours.always:
        assert mask.all()
    else:
        union = np.logical_or.reduce([reference_mask(w) for w in hours.windows])
        assert np.array_equal(mask, union)
    assert hours.hours_per_week == pytest.approx(mask.sum() / 2)
    assert hours.fraction_covering(hours) == 1.0


def test_window_cannot_start_at_midnight_end_of_day() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="cannot start at 24:00"):
        WeeklyWindow(days=("mon",), start="24:00", end="06:00")
