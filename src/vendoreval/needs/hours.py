"""Weekly opening hours: 24/7 or a set of weekly windows, as a half-hour mask of the week.

Times are local to a time zone that the owning model states (the buyer's ``Needs.timezone``).
The week starts Monday 00:00; slot ``k`` of the half-hour mask covers minutes
``[30k, 30k + 30)`` of the week, so the mask has 336 slots.
"""

from __future__ import annotations

import re
from typing import Self

import numpy as np
import numpy.typing as npt
from pydantic import Field, field_validator, model_validator

from vendoreval._model import Model
from vendoreval.errors import ArgumentError
from vendoreval.vocabulary import Weekday

__all__ = ["SLOTS_PER_WEEK", "SLOT_MINUTES", "Hours", "WeeklyWindow"]

SLOT_MINUTES = 30
"""Length of one slot of the weekly mask [min]."""
SLOTS_PER_WEEK = 7 * 24 * 60 // SLOT_MINUTES
"""Number of half-hour slots in a week (336)."""

_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$|^24:00$")


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


class WeeklyWindow(Model):
    """Opening hours on some days of the week.

    Parameters
    ----------
    days : tuple of Weekday
        Days the window opens (``mon`` … ``sun``).
    start, end : str
        Local opening and closing time ``"HH:MM"`` on a 30-minute boundary; ``end`` may be
        ``"24:00"``. When ``end`` ≤ ``start`` the window runs past midnight into the next day
        (``"22:00"``–``"06:00"``).
    """

    days: tuple[Weekday, ...] = Field(min_length=1)
    start: str
    end: str

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ArgumentError(f"expected a time 'HH:MM' between 00:00 and 24:00, got {value!r}")
        if _minutes(value) % SLOT_MINUTES:
            raise ArgumentError(
                f"expected a time on a half-hour boundary (:00 or :30), got {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _nonempty(self) -> Self:
        if self.start == "24:00":
            raise ArgumentError("a window cannot start at 24:00: start it at 00:00 of the next day")
        if self.start == self.end:
            raise ArgumentError(
                f"window {self.start}–{self.end} is empty: use start '00:00' and end '24:00' "
                "for a whole day"
            )
        return self

    def mask(self) -> npt.NDArray[np.bool_]:
        """Half-hour slots of the week this window covers, shape (336,)."""
        covered = np.zeros(SLOTS_PER_WEEK, dtype=bool)
        start = _minutes(self.start) // SLOT_MINUTES
        end = _minutes(self.end) // SLOT_MINUTES
        length = end - start if end > start else end + 48 - start
        for day in self.days:
            first = day.number * 48 + start
            covered[np.arange(first, first + length) % SLOTS_PER_WEEK] = True
        return covered


class Hours(Model):
    """Weekly coverage: around the clock, or the union of some weekly windows.

    Parameters
    ----------
    always : bool
        True for 24/7 coverage (then ``windows`` must be empty).
    windows : tuple of WeeklyWindow
        Weekly opening windows, local time.
    """

    always: bool = False
    windows: tuple[WeeklyWindow, ...] = ()

    @model_validator(mode="after")
    def _either(self) -> Self:
        if self.always and self.windows:
            raise ArgumentError("give either always: true (24/7) or windows, not both")
        if not self.always and not self.windows:
            raise ArgumentError("no hours given: set always: true for 24/7, or list weekly windows")
        return self

    @classmethod
    def around_the_clock(cls) -> Hours:
        """24/7 coverage."""
        return cls(always=True)

    def mask(self) -> npt.NDArray[np.bool_]:
        """Half-hour slots of the week covered, shape (336,), Monday 00:00 first."""
        if self.always:
            return np.ones(SLOTS_PER_WEEK, dtype=bool)
        covered = np.zeros(SLOTS_PER_WEEK, dtype=bool)
        for window in self.windows:
            covered |= window.mask()
        return covered

    @property
    def hours_per_week(self) -> float:
        """Covered hours in a week [h]."""
        return float(self.mask().sum()) * SLOT_MINUTES / 60

    def fraction_covering(self, required: Hours) -> float:
        """Share of the ``required`` hours that these hours cover, 0–1."""
        needed = required.mask()
        return float((self.mask() & needed).sum() / needed.sum())

    def describe(self) -> str:
        """Human-readable summary, e.g. ``"24/7"`` or ``"mon–fri 09:00–18:00"``."""
        if self.always:
            return "24/7"
        return "; ".join(
            f"{','.join(day.value for day in w.days)} {w.start}–{w.end}" for w in self.windows
        )
