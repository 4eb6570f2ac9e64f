"""How the buyer's monthly volumes move over the contract term: the month profile and events.

A channel's forecast volume in contract month ``m`` (1 = the start month) is

.. math:: V_m = V \\,(1 + g)^{m-1}\\, s_{\\mathrm{moy}(m)} \\prod_{e \\ni m} f_e

with ``V`` the channel's ``volume_per_month``, ``g`` the contract's ``monthly_growth``,
``s`` the month-of-year profile (:attr:`Seasonality.month_factors`, averaging 1 so that
``V`` stays the mean month of a flat year) and ``f_e`` the factor of every event peak
(:class:`EventPeak`) in that calendar month that applies to the channel. Korean online
retail, for example, peaks in November (Korea Sale Festa, 11.11) and around the Seollal and
Chuseok holidays, and dips in February.
"""

from __future__ import annotations

import math
from typing import Annotated, Final, Self

import numpy as np
import numpy.typing as npt
from pydantic import Field, StrictFloat, StrictInt, model_validator

from vendoreval._model import Model
from vendoreval.calendar import YearMonth
from vendoreval.errors import ArgumentError
from vendoreval.vocabulary import Channel

__all__ = ["MAX_VOLUME_FACTOR", "EventPeak", "Seasonality"]

MAX_VOLUME_FACTOR: Final = 10.0
"""Largest month factor or event factor accepted [-]: a month ten times the average."""

Factor = Annotated[StrictFloat | StrictInt, Field(gt=0, le=MAX_VOLUME_FACTOR, allow_inf_nan=False)]


class EventPeak(Model):
    """A known peak (a sale, a launch, a holiday season) that raises one calendar month.

    Parameters
    ----------
    name : str
        What the event is, e.g. ``"Korea Sale Festa"``.
    month : str
        Calendar month ``YYYY-MM`` of the peak.
    factor : float
        Multiplier of the month's volume, in (0, 10] [-] (1.35 = +35%).
    channels : tuple of Channel
        Channels it applies to; empty (default) for every channel.
    """

    name: str = Field(min_length=1, max_length=200)
    month: YearMonth
    factor: Factor
    channels: tuple[Channel, ...] = ()


class Seasonality(Model):
    """Month-of-year profile and event peaks of the buyer's volumes.

    Parameters
    ----------
    month_factors : tuple of 12 float
        Multipliers of January … December, each in (0, 10], averaging 1 (within 0.001): the
        channels' ``volume_per_month`` is the average month. All 1 by default (no season).
    events : tuple of EventPeak
        Known peaks of particular calendar months, on top of the profile.

    Examples
    --------
    >>> season = Seasonality(month_factors=(1.0,) * 10 + (1.2, 0.8))
    >>> season.factor(11)
    1.2
    """

    month_factors: tuple[Factor, ...] = (1.0,) * 12
    events: tuple[EventPeak, ...] = ()

    @model_validator(mode="after")
    def _twelve_averaging_one(self) -> Self:
        factors = self.month_factors
        if len(factors) != 12:
            raise ArgumentError(
                f"month_factors must have 12 values (January … December), got {len(factors)}"
            )
        mean = math.fsum(factors) / 12.0
        if abs(mean - 1.0) > 1e-3:
            raise ArgumentError(
                f"month_factors must average 1 (volume_per_month is the average month); they "
                f"average {mean:.6g}: divide each by {mean:.6g}"
            )
        return self

    def factor(self, month_of_year: int) -> float:
        """The profile's multiplier of a month of the year (1 = January) [-]."""
        if not 1 <= month_of_year <= 12:
            raise ArgumentError(f"month_of_year must be 1–12, got {month_of_year!r}")
        return float(self.month_factors[month_of_year - 1])

    def month_factor(self, month: str, channel: Channel) -> float:
        """Profile × event factors of calendar month ``YYYY-MM`` for ``channel`` [-]."""
        value = self.factor(int(month[5:7]))
        for event in self.events:
            if event.month == month and (not event.channels or channel in event.channels):
                value *= float(event.factor)
        return value

    def factors(self, months: list[str], channel: Channel) -> npt.NDArray[np.float64]:
        """:meth:`month_factor` of every month in ``months``, as an array [-]."""
        return np.array([self.month_factor(m, channel) for m in months], dtype=np.float64)
