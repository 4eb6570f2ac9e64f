"""Contract economics and after-signing checks: commitments, service credits, SLA reports.

A vendor commits to KPIs per channel (:class:`Commitment`), with money riding on them
(:class:`ServiceCredits`: a pool at risk or grade bands, and earn-back).
:func:`service_credit` prices one month; :func:`monthly_credits` runs months with earn-back;
:func:`credit_shares` and :func:`credit_flows` are the vectorised forms for simulations.
Example::

    from decimal import Decimal
    from vendoreval.contract import Commitment, ServiceCredits, service_credit

    terms = ServiceCredits(
        commitments=[Commitment(channel="phone", kpi="service_level", target=0.8,
                                threshold_seconds=20)],
        at_risk_share=0.1,
    )
    service_credit(terms, fees=Decimal("100000000"), achieved={"phone.service_level": 0.76})
"""

from __future__ import annotations

from vendoreval.contract.commitments import (
    Commitment,
    CommitmentKpi,
    CreditMethod,
    GradeBand,
    ServiceCredits,
)
from vendoreval.contract.credits import credit_shares, grade_for, service_credit
from vendoreval.contract.earn_back import CreditFlows, MonthlyCredits, credit_flows, monthly_credits

__all__ = [
    "Commitment",
    "CommitmentKpi",
    "CreditFlows",
    "CreditMethod",
    "GradeBand",
    "MonthlyCredits",
    "ServiceCredits",
    "credit_flows",
    "credit_shares",
    "grade_for",
    "monthly_credits",
    "service_credit",
]
