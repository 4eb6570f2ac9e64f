"""The vendor's lifecycle terms: transition, learning curve, renewal and early exit.

Data only: the simulation (:mod:`vendoreval.simulation.model`) prices them over the buyer's
contract term — the transition fee once in the first month, the buyer's current cost in each
month of double running, handle times × the learning curve in the first months, the renewal
change of prices after the vendor's initial term, and the termination fee when the buyer's
term ends before the vendor's minimum term.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Final

from pydantic import Field, StrictFloat, StrictInt

from vendoreval._model import Model
from vendoreval.pricing.sheet import Money

__all__ = ["MAX_LEARNING_MULTIPLIER", "ContractTerms"]

MAX_LEARNING_MULTIPLIER: Final = 3.0
"""Largest handle-time multiplier of a learning curve [-]: a new team three times slower."""

LearningMultiplier = Annotated[
    StrictFloat | StrictInt, Field(ge=1, le=MAX_LEARNING_MULTIPLIER, allow_inf_nan=False)
]


class ContractTerms(Model):
    """How the contract starts, ramps up, renews and ends.

    Parameters
    ----------
    transition_fee : Decimal
        One-off transition fee (knowledge transfer, process mapping, parallel run support)
        [currency]; never indexed. Default 0.
    double_running_months : int
        Months from the start during which the buyer keeps its current operation running
        beside the new vendor and pays ``needs.contract.current_monthly_cost`` for each
        [months], 0–24.
    learning_curve : tuple of float
        Handle-time multipliers of contract months 1, 2, … while the new team learns, each in
        [1, 3] (1.25 = 25% longer contacts); later months are 1. At most 24 values.
    minimum_term_months : int, optional
        The vendor's minimum (initial) term [months], 1–120. When the buyer's term is shorter,
        ``termination_fee`` is due at its end; when it is longer, prices change by
        ``renewal_increase`` after it.
    termination_fee : Decimal
        Fee for leaving before ``minimum_term_months`` [currency]. Default 0.
    renewal_increase : float
        Change of every price at renewal, after ``minimum_term_months``, in [−0.5, 1]
        (0.05 = +5%), on top of the yearly indexation. Default 0.
    """

    transition_fee: Money = Field(
        default=Decimal(0),
        description="one-off transition fee (knowledge transfer, process mapping, parallel "
        "run support), in the sheet's currency; never indexed [currency]",
        json_schema_extra={"questionnaire": {"label": "One-off transition fee"}},
    )
    double_running_months: Annotated[StrictInt, Field(ge=0, le=24)] = Field(
        default=0,
        description="months from go-live during which the buyer's current operation must keep "
        "running beside yours [months]",
        json_schema_extra={"questionnaire": {"label": "Months of double running"}},
    )
    learning_curve: tuple[LearningMultiplier, ...] = Field(
        default=(),
        max_length=24,
        description="handle-time multiplier of each first month while your team learns, "
        "1 to 3 (1.25 = contacts 25% longer); later months are 1",
        json_schema_extra={
            "questionnaire": {
                "label": "Learning curve",
                "table": "Learning curve — handle-time multiplier of month 1, 2, … one per row",
                "rows": 6,
                "value": {"label": "Handle-time multiplier"},
            }
        },
    )
    minimum_term_months: Annotated[StrictInt, Field(ge=1, le=120)] | None = Field(
        default=None,
        description="your minimum (initial) contract term [months]",
        json_schema_extra={
            "questionnaire": {"label": "Minimum contract term", "blank": "blank = none"}
        },
    )
    termination_fee: Money = Field(
        default=Decimal(0),
        description="fee for leaving before the minimum term, in the sheet's currency [currency]",
        json_schema_extra={"questionnaire": {"label": "Early termination fee"}},
    )
    renewal_increase: Annotated[
        StrictFloat | StrictInt, Field(ge=-0.5, le=1, allow_inf_nan=False)
    ] = Field(
        default=0.0,
        description="change of every price at renewal after the minimum term, -0.5 to 1 "
        "(0.05 = +5%), on top of the yearly increase",
        json_schema_extra={"questionnaire": {"label": "Price change at renewal"}},
    )

    def learning_multiplier(self, month: int) -> float:
        """Handle-time multiplier of contract month ``month`` (1 = the first) [-]."""
        if 1 <= month <= len(self.learning_curve):
            return float(self.learning_curve[month - 1])
        return 1.0
