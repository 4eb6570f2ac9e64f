"""The vendor's answer to the pricing check.

Data only: it is scored by :mod:`vendoreval.checks.pricing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StrictInt

from vendoreval._model import Model
from vendoreval.pricing.sheet import PriceSheet

if TYPE_CHECKING:
    pass

__all__ = [
    "PricingAnswer",
]


class PricingAnswer(Model):
    """How the vendor will charge.

    Parameters
    ----------
    sheet : PriceSheet
        Rates, billing increment, billable components, fees, tiers and premiums.
    pilot_offered : bool
        The vendor offers a paid pilot before the full contract.
    outcome_based_fees : bool
        Part of the fee depends on outcomes (resolution, CSAT) rather than contact counts.
    payment_terms_days : int
        Days to pay an invoice [days].
    """

    sheet: PriceSheet
    pilot_offered: bool = False
    outcome_based_fees: bool = False
    payment_terms_days: Annotated[StrictInt, Field(ge=0)] = 30
