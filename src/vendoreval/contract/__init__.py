"""Contract economics and after-signing checks: commitments, service credits, SLA reports.

A vendor commits to KPIs per channel (:class:`Commitment`), with money riding on them
(:class:`ServiceCredits`: a pool at risk or grade bands, and earn-back).
:func:`service_credit` prices one month; :func:`monthly_credits` runs months with earn-back;
:func:`credit_shares` and :func:`credit_flows` are the vectorised forms for simulations.
After signing, :func:`sla_report` measures a month's KPIs from the contact records::

    from decimal import Decimal
    from vendoreval.contract import Commitment, ServiceCredits, service_credit, sla_report

    terms = ServiceCredits(
        commitments=[Commitment(channel="phone", kpi="service_level", target=0.8,
                                threshold_seconds=20)],
        at_risk_share=0.1,
    )
    service_credit(terms, fees=Decimal("100000000"), achieved={"phone.service_level": 0.76})
    report = sla_report(terms, "calls/2027-01.parquet", month="2027-01")
    report.achieved, report.credit(Decimal("100000000"))
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
from vendoreval.contract.fcr import repeated_within
from vendoreval.contract.records import iter_contact_batches
from vendoreval.contract.sla import SlaReport, sla_report

__all__ = [
    "Commitment",
    "CommitmentKpi",
    "CreditFlows",
    "CreditMethod",
    "GradeBand",
    "MonthlyCredits",
    "ServiceCredits",
    "SlaReport",
    "credit_flows",
    "credit_shares",
    "grade_for",
    "iter_contact_batches",
    "monthly_credits",
    "repeated_within",
    "service_credit",
    "sla_report",
]
