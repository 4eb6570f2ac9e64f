"""When a time premium applies: after-hours windows, weekends and holidays on the local clock.

One rule serves both the exact invoice (:mod:`vendoreval.pricing.invoice`) and the
vectorized tariff of the cost simulation (:mod:`vendoreval.pricing.tariff`), so the two can
never disagree on which contacts carry which surcharge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Final

import numpy as np
import numpy.typing as npt

from vendoreval.pricing.sheet import Premiums
from vendoreval.vocabulary import Weekday

__all__ = [
    "AFTER_HOURS",
    "HOLIDAY",
    "TIME_NONE",
    "WEEKEND",
    "PremiumTerms",
    "precedence",
    "time_kinds",
    "time_multipliers",
]

TIME_NONE: Final = 0
"""No time premium."""
AFTER_HOURS: Final = 1
"""The daily after-hours window."""
WEEKEND: Final = 2
"""Saturday or Sunday, local time."""
HOLIDAY: Final = 3
"""A listed holiday."""

_SECONDS_PER_DAY: Final = 86_400
_WEEKDAYS: Final = tuple(Weekday)
_EPOCH: Final = np.datetime64("1970-01-01", "D")


def _clock_seconds(text: str) -> int:
    hours, minutes = text.split(":")
    return (int(hours) * 60 + int(minutes)) * 60


def time_multipliers(premiums: Premiums | None) -> dict[int, Decimal]:
    """The time premiums a sheet has, by kind: :data:`AFTER_HOURS`, :data:`WEEKEND`,
    :data:`HOLIDAY` → multiplier [-] (empty without premiums)."""
    multipliers: dict[int, Decimal] = {}
    if premiums is None:
        return multipliers
    if premiums.after_hours is not None:
        multipliers[AFTER_HOURS] = premiums.after_hours.multiplier
    if premiums.weekend_multiplier is not None:
        multipliers[WEEKEND] = premiums.weekend_multiplier
    if premiums.holiday_multiplier is not None:
        multipliers[HOLIDAY] = premiums.holiday_multiplier
    return multipliers


@dataclass(frozen=True)
class PremiumTerms:
    """A sheet's premiums as pricing reads them: all empty when the sheet has none.

    Attributes
    ----------
    timezone : str or None
        IANA zone of the time windows.
    time_multipliers : dict of int to Decimal
        Multiplier per time kind the sheet has (see :func:`time_multipliers`) [-].
    languages : tuple of str
        Languages with a multiplier (BCP 47).
    language_multipliers : tuple of Decimal
        Their multipliers, in the same order [-].
    """

    timezone: str | None = None
    time_multipliers: dict[int, Decimal] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    language_multipliers: tuple[Decimal, ...] = ()

    @classmethod
    def of(cls, premiums: Premiums | None) -> PremiumTerms:
        """The terms of ``premiums`` (None or empty premiums: no terms)."""
        if premiums is None or premiums.is_empty:
            return cls()
        return cls(
            timezone=premiums.timezone,
            time_multipliers=time_multipliers(premiums),
            languages=tuple(premiums.language_multipliers),
            language_multipliers=tuple(premiums.language_multipliers.values()),
        )


def precedence(multipliers: Mapping[int, Decimal | Fraction | float]) -> tuple[int, ...]:
    """The time kinds of ``multipliers``, the one that applies when several do first.

    The largest multiplier applies; ties go to holiday, then weekend, then after-hours. This
    is the ``order`` :func:`time_kinds` takes.
    """
    return tuple(sorted(multipliers, key=lambda kind: (-multipliers[kind], -kind)))


def time_kinds(
    premiums: Premiums, local_seconds: npt.ArrayLike, order: Sequence[int]
) -> npt.NDArray[np.intp]:
    """Which time premium applies to contacts starting at the given local times.

    A contact is after hours when it *starts* inside the window; a window that ends at or
    before it starts runs past midnight, and its part after midnight belongs to the day the
    window opened. Weekends are Saturday and Sunday; holidays are the listed dates.

    Parameters
    ----------
    premiums : Premiums
        The sheet's premiums; only the kinds with a multiplier are considered.
    local_seconds : array_like of int
        Start times as seconds since 1970-01-01 00:00 wall-clock time in the premiums' time
        zone [s].
    order : sequence of int
        The kinds that have a multiplier, the one that wins a tie first (the largest
        multiplier applies; ties go to holiday, then weekend, then after-hours).

    Returns
    -------
    numpy.ndarray of intp
        :data:`TIME_NONE`, :data:`AFTER_HOURS`, :data:`WEEKEND` or :data:`HOLIDAY` per contact.
    """
    local = np.asarray(local_seconds, dtype=np.int64)
    kinds = np.zeros(local.shape, dtype=np.intp)
    if not order:
        return kinds
    days = local // _SECONDS_PER_DAY
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    applies: dict[int, npt.NDArray[np.bool_]] = {}
    if premiums.after_hours is not None:
        window = premiums.after_hours
        of_day = local - days * _SECONDS_PER_DAY
        opens = np.zeros(7, dtype=bool)
        opens[[_WEEKDAYS.index(day) for day in window.days]] = True
        begin, end = _clock_seconds(window.start), _clock_seconds(window.end)
        if end > begin:
            inside = (of_day >= begin) & (of_day < end) & opens[weekday]
        else:  # past midnight: the part after midnight belongs to the previous day's window
            inside = ((of_day >= begin) & opens[weekday]) | (
                (of_day < end) & opens[(weekday + 6) % 7]
            )
        applies[AFTER_HOURS] = inside
    if premiums.weekend_multiplier is not None:
        applies[WEEKEND] = weekday >= 5
    if premiums.holiday_multiplier is not None:
        holidays = np.array(
            [(np.datetime64(d, "D") - _EPOCH).astype(np.int64) for d in premiums.holidays],
            dtype=np.int64,
        )
        applies[HOLIDAY] = np.isin(days, holidays)
    for kind in reversed(order):  # the first in the order wins: assign it last
        kinds[applies[kind]] = kind
    return kinds
