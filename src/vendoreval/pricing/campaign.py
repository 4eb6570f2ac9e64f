"""The expected cost of an outbound campaign, net of clawbacks, and per retained customer.

:func:`campaign_cost` prices an :class:`~vendoreval.needs.outbound.OutboundCampaign` with a
vendor's :class:`~vendoreval.pricing.outbound.OutboundPricing`, each line rounded half-up
once to the currency's minor unit:

* dials = dialled numbers × dials per number, × ``per_dial``;
* contacts × ``per_contact``; sales × ``per_sale``;
* commission = sales × first-year revenue per sale × ``commission_share``;
* clawback = sales × (1 − S(``clawback_days``)) × (``per_sale`` + revenue × commission
  share) × ``clawback_share`` — S the share of customers still active that many days after
  the sale, read from a retention curve (:func:`vendoreval.outcomes.retention_curve`);
  no clawback is deducted without one.

:func:`retained_customer_cost` divides the net cost by the customers still active after
each day of the curve (sales × S(day)): the cost of a customer the campaign really kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from vendoreval._lazy import pd
from vendoreval.currency import quantize
from vendoreval.errors import ArgumentError
from vendoreval.needs.outbound import OutboundCampaign
from vendoreval.pricing.outbound import OutboundPricing

__all__ = ["CampaignCost", "campaign_cost", "retained_customer_cost"]


@dataclass(frozen=True)
class CampaignCost:
    """The expected cost of one outbound campaign with one vendor.

    Attributes
    ----------
    currency : str
        ISO 4217 code of every amount.
    dials, contacts, sales : float
        Expected dial attempts, contacts and sales [count].
    dial_fees, contact_fees, sale_fees, commission : Decimal
        The gross lines [currency].
    clawback : Decimal
        Fees returned for customers who cancel within the clawback window [currency], ≥ 0.
    cancelled_share : float or None
        Share of sales cancelled within the window (1 − S), None without a retention curve.
    """

    currency: str
    dials: float
    contacts: float
    sales: float
    dial_fees: Decimal
    contact_fees: Decimal
    sale_fees: Decimal
    commission: Decimal
    clawback: Decimal
    cancelled_share: float | None

    @property
    def gross(self) -> Decimal:
        """Fees before clawbacks [currency]."""
        return self.dial_fees + self.contact_fees + self.sale_fees + self.commission

    @property
    def total(self) -> Decimal:
        """Expected net cost: gross − clawback [currency]."""
        return self.gross - self.clawback


def _by_day(retention: pd.Series | Mapping[int, float]) -> dict[int, float]:
    items: list[tuple[object, object]] = list(retention.items())
    out: dict[int, float] = {}
    for day, share in items:
        if isinstance(day, bool) or not isinstance(day, int | np.integer):
            raise ArgumentError(f"retention: expected whole days as the index, got {day!r}")
        if isinstance(share, bool) or not isinstance(share, int | float | np.number):
            raise ArgumentError(f"retention[{day}]: expected a share 0–1, got {share!r}")
        out[int(day)] = float(share)
    return out


def _survival(retention: pd.Series | Mapping[int, float], day: int, what: str) -> float:
    values = _by_day(retention)
    if day not in values:
        raise ArgumentError(
            f"retention: no survival at day {day} ({what}); expected a curve with that day, "
            f"e.g. retention_curve(customers, at_days=({day}, ...)); it has days "
            f"{sorted(int(d) for d in values)}"
        )
    share = float(values[day])
    if not 0.0 <= share <= 1.0:
        raise ArgumentError(f"retention[{day}]: expected a share 0–1 still active, got {share!r}")
    return share


def campaign_cost(
    campaign: OutboundCampaign,
    pricing: OutboundPricing,
    retention: pd.Series | Mapping[int, float] | None = None,
    *,
    currency: str,
) -> CampaignCost:
    """Expected cost of ``campaign`` under ``pricing``, net of clawbacks.

    Parameters
    ----------
    campaign : OutboundCampaign
        The list, rates and revenue per sale.
    pricing : OutboundPricing
        The vendor's outbound terms.
    retention : pandas.Series or mapping of int to float, optional
        Share of acquired customers still active by day after the sale [0–1] — one vendor's
        row of :func:`vendoreval.outcomes.retention_curve`. Must hold ``clawback_days``
        when the terms have a clawback; without it no clawback is deducted.
    currency : str
        ISO 4217 code of the amounts (the price sheet's).

    Returns
    -------
    CampaignCost
    """
    revenue = campaign.first_year_revenue_per_sale
    sales = Decimal(repr(campaign.sales))
    dial_fees = quantize(Decimal(repr(campaign.dials)) * pricing.per_dial, currency)
    contact_fees = quantize(Decimal(repr(campaign.contacts)) * pricing.per_contact, currency)
    sale_fees = quantize(sales * pricing.per_sale, currency)
    commission = quantize(sales * revenue * pricing.commission_share, currency)
    cancelled: float | None = None
    clawback = quantize(Decimal(0), currency)
    if retention is not None and pricing.clawback_days > 0:
        kept = _survival(retention, pricing.clawback_days, "the clawback window")
        cancelled = 1.0 - kept
        per_sale = pricing.per_sale + revenue * pricing.commission_share
        clawback = quantize(
            sales * Decimal(repr(cancelled)) * per_sale * pricing.clawback_share, currency
        )
    return CampaignCost(
        currency=currency,
        dials=campaign.dials,
        contacts=campaign.contacts,
        sales=campaign.sales,
        dial_fees=dial_fees,
        contact_fees=contact_fees,
        sale_fees=sale_fees,
        commission=commission,
        clawback=clawback,
        cancelled_share=cancelled,
    )


def retained_customer_cost(
    cost: CampaignCost, retention: pd.Series | Mapping[int, float]
) -> pd.Series:
    """Net campaign cost per customer still active at each day of ``retention``.

    Parameters
    ----------
    cost : CampaignCost
        From :func:`campaign_cost`.
    retention : pandas.Series or mapping of int to float
        Share still active by day after the sale [0–1] (e.g. days 90, 180, 365).

    Returns
    -------
    pandas.Series of Decimal
        Index ``day``: total ÷ (sales × S(day)) [currency/customer], rounded half-up to the
        currency's minor unit; ``Decimal('Infinity')`` when no customer is kept.
    """
    values = _by_day(retention)
    out: dict[int, Decimal] = {}
    for day in sorted(values):
        kept = Decimal(repr(cost.sales)) * Decimal(repr(_survival(values, day, "the curve")))
        out[day] = Decimal("Infinity") if kept == 0 else quantize(cost.total / kept, cost.currency)
    return pd.Series(out, dtype=object).rename_axis("day").rename("cost_per_retained_customer")
