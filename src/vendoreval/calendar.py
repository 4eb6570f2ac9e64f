"""The calendar vendoreval counts in: months, hours in a month, and an FTE's working time.

One definition of each, used everywhere:

* a month is written ``YYYY-MM`` (:func:`parse_month`, :data:`YearMonth` for models);
* the average month has :data:`DAYS_PER_MONTH` = 365.2425 / 12 ≈ 30.44 days (the Gregorian
  year), so a monthly volume ``v`` is ``v × 7 / 30.44`` a week;
* an FTE (full-time equivalent) works :data:`SCHEDULED_HOURS_PER_FTE_MONTH` = 40 h × 52 / 12
  ≈ 173.33 scheduled hours a month. That is working time, not paid time: Korean payroll pays
  209 h a month because it includes about 35 h of paid weekly rest (주휴수당) that nobody
  works, so 209 must never be used as the hours an agent is on the phones.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from pydantic import AfterValidator

from vendoreval.errors import ArgumentError

__all__ = [
    "DAYS_PER_MONTH",
    "MAX_SCHEDULED_HOURS_PER_FTE_MONTH",
    "SCHEDULED_HOURS_PER_FTE_MONTH",
    "WEEKS_PER_MONTH",
    "YearMonth",
    "add_months",
    "hours_in_month",
    "month_after",
    "month_bounds",
    "month_start",
    "months_between",
    "parse_month",
]

DAYS_PER_MONTH: Final = 365.2425 / 12
"""Days in an average month of the Gregorian calendar [d] (≈ 30.44)."""

WEEKS_PER_MONTH: Final = DAYS_PER_MONTH / 7
"""Weeks in an average month [weeks] (≈ 4.35)."""

SCHEDULED_HOURS_PER_FTE_MONTH: Final = 40 * 52 / 12
"""Scheduled working hours of one full-time agent in a month [h] (40 h × 52 weeks / 12 ≈ 173.33)."""

MAX_SCHEDULED_HOURS_PER_FTE_MONTH: Final = 190.0
"""Most scheduled working hours per FTE a month that vendoreval accepts [h].

A 52-hour week (the Korean legal maximum of 40 + 12 overtime hours) is about 225 h a month,
but a month of scheduled work above 190 h almost always means *paid* hours were given: the
209 h of a Korean monthly wage includes paid weekly rest (주휴) that nobody works.
"""


def parse_month(month: object, what: str = "month") -> dt.date:
    """The first day of a month written ``YYYY-MM``.

    Parameters
    ----------
    month : str
        A month such as ``"2027-01"``.
    what : str
        What the value is, for the error message (e.g. ``"contract.start_month"``).

    Returns
    -------
    datetime.date
        The first day of the month.

    Raises
    ------
    ArgumentError
        When ``month`` is not a string of the form ``YYYY-MM`` naming a real month.
    """
    try:
        if not isinstance(month, str) or len(month) != 7 or month[4] != "-":
            raise ValueError
        return dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise ArgumentError(
            f"{what} must be a month 'YYYY-MM' (e.g. '2027-01'), got {month!r}"
        ) from None


def _year_month(value: str) -> str:
    parse_month(value, "the value")
    return value


YearMonth = Annotated[str, AfterValidator(_year_month)]
"""A month ``YYYY-MM`` in a pydantic model."""


def month_start(month: str, what: str = "month") -> dt.date:
    """The first day of ``month`` (an alias of :func:`parse_month` that reads better inline)."""
    return parse_month(month, what)


def month_after(first: dt.date) -> dt.date:
    """The first day of the month after the one ``first`` falls in."""
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def add_months(month: str, count: int) -> str:
    """The month ``count`` months after ``month`` (negative counts go back), as ``YYYY-MM``."""
    first = parse_month(month)
    index = first.year * 12 + first.month - 1 + count
    if not 1 <= index // 12 <= 9999:
        raise ArgumentError(f"{count} months after {month} is outside the calendar")
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(start: str, end: str) -> int:
    """Whole months from ``start`` to ``end`` (``YYYY-MM`` each); negative when end is earlier."""
    a, b = parse_month(start, "start"), parse_month(end, "end")
    return (b.year - a.year) * 12 + b.month - a.month


def month_bounds(month: str, what: str = "month") -> tuple[dt.date, dt.date]:
    """First day of ``month`` and first day of the following month (half-open interval)."""
    first = parse_month(month, what)
    return first, month_after(first)


def hours_in_month(month: str) -> int:
    """Clock hours in ``month`` [h] (e.g. 744 in January)."""
    first, following = month_bounds(month)
    return (following - first).days * 24
