"""The months a cost simulation covers: calendar months, contract month numbers, forecasts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vendoreval._types import FloatArray
from vendoreval.calendar import add_months, months_between
from vendoreval.errors import ArgumentError
from vendoreval.needs import MAX_VOLUME_FACTOR, MAX_VOLUME_PER_MONTH, Needs
from vendoreval.vocabulary import Channel

__all__ = ["Term", "term_of"]


@dataclass(frozen=True, eq=False)
class Term:
    """The months simulated: calendar months, contract month numbers and forecasts.

    Attributes
    ----------
    months : tuple of str
        Calendar months ``YYYY-MM``.
    numbers : tuple of int
        Contract month of each (1 = the start month).
    volumes : dict of Channel to numpy.ndarray
        Forecast contacts of each month [contacts/month].
    term_months : int
        The contract's length, for exits and renewals [months].
    """

    months: tuple[str, ...]
    numbers: tuple[int, ...]
    volumes: dict[Channel, FloatArray]
    term_months: int

    @property
    def size(self) -> int:
        """Months simulated."""
        return len(self.months)


def term_of(needs: Needs, month: str | None, months: int | None) -> Term:
    """The months of ``needs``' contract to simulate: only ``month`` (``YYYY-MM``), or the
    first ``months`` months, or (both None) the whole term.

    Each channel's forecast is its volume × ``(1 + contract.monthly_growth)^(n − 1)`` × the
    month's seasonality; a forecast beyond what a contact centre takes is refused.
    """
    contract = needs.contract
    if month is not None:
        number = months_between(contract.start_month, month) + 1
        last = add_months(contract.start_month, contract.term_months - 1)
        if not 1 <= number <= contract.term_months:
            raise ArgumentError(
                f"month {month!r} is outside the contract term ({contract.start_month} … "
                f"{last}, needs.contract.term_months = {contract.term_months})"
            )
        numbers: tuple[int, ...] = (number,)
    else:
        count = contract.term_months if months is None else months
        numbers = tuple(range(1, count + 1))
    calendar = tuple(add_months(contract.start_month, n - 1) for n in numbers)
    growth = 1.0 + float(contract.monthly_growth)
    exponent = np.array(numbers, dtype=np.float64) - 1.0
    volumes: dict[Channel, FloatArray] = {}
    ceiling = MAX_VOLUME_PER_MONTH * MAX_VOLUME_FACTOR
    for channel in needs.channels:
        season = needs.seasonality.factors(list(calendar), channel.channel)
        values = channel.volume_per_month * growth**exponent * season
        if not (np.isfinite(values).all() and values.max(initial=0.0) <= ceiling):
            raise ArgumentError(
                f"the {channel.channel.value} forecast grows to "
                f"{float(np.nanmax(values)):.3g} contacts a month within the term (volume × "
                "(1 + contract.monthly_growth)^months × seasonality); a contact centre takes "
                f"at most {ceiling:.0e}: check contract.monthly_growth and term_months"
            )
        volumes[channel.channel] = np.asarray(values, dtype=np.float64)
    return Term(calendar, numbers, volumes, contract.term_months)
