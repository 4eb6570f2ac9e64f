"""The vendor's answer to the pricing check.

Data only: it is scored by :mod:`vendoreval.checks.pricing`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt

from vendoreval._model import Model
from vendoreval.pricing.sheet import PriceSheet

__all__ = ["PricingAnswer"]


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

    sheet: PriceSheet = Field(
        description="rates, billing increment, billable components, fees, tiers and premiums",
        json_schema_extra={"questionnaire": {"label": "Price sheet"}},
    )
    pilot_offered: bool = Field(
        default=False,
        description="the vendor offers a paid pilot before the full contract",
        json_schema_extra={"questionnaire": {"label": "Paid pilot offered"}},
    )
    outcome_based_fees: bool = Field(
        default=False,
        description="part of the fee depends on outcomes (resolution, CSAT…) rather than "
        "contact counts",
        json_schema_extra={"questionnaire": {"label": "Part of the fee depends on outcomes"}},
    )
    payment_terms_days: Annotated[StrictInt, Field(ge=0)] = Field(
        default=30,
        description="days to pay an invoice [days]",
        json_schema_extra={"questionnaire": {"label": "Payment terms"}},
    )
