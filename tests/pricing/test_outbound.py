"""Outbound campaign cost: per dial, contact, sale, commission and clawback (hand-worked)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from vendoreval.errors import ArgumentError
from vendoreval.needs.outbound import OutboundCampaign
from vendoreval.pricing import OutboundPricing, campaign_cost, retained_customer_cost

CAMPAIGN = OutboundCampaign(
    name="win-back",
    list_size=10_000,
    do_not_call_share=0.1,
    dials_per_number=1.5,
    contact_rate=0.4,
    conversion_rate=0.05,
    first_year_revenue_per_sale=Decimal(240_000),
)
TERMS = OutboundPricing(
    per_dial=Decimal(100),
    per_contact=Decimal(500),
    per_sale=Decimal(20_000),
    commission_share=Decimal("0.1"),
    clawback_days=90,
)
RETENTION = {90: 0.8, 180: 0.7, 365: 0.5}


def test_hand_worked_campaign_cost_with_clawback() -> None:
    # dialled = 10,000 × (1 − 0.1) = 9,000 (do-not-call numbers are scrubbed)
    # dials 9,000 × 1.5 = 13,500 × 100 = 1,350,000
    # contacts 9,000 × 0.4 = 3,600 × 500 = 1,800,000
    # sales 3,600 × 0.05 = 180 × 20,000 = 3,600,000
    # commission 180 × 240,000 × 0.1 = 4,320,000           gross 11,070,000
    # clawback: 20% cancel within 90 days: 36 × (20,000 + 24,000) = 1,584,000
    cost = campaign_cost(CAMPAIGN, TERMS, RETENTION, currency="KRW")
    assert (cost.dials, cost.contacts, cost.sales) == pytest.approx((13_500, 3_600, 180))
    assert cost.dial_fees == Decimal(1_350_000)
    assert cost.contact_fees == Decimal(1_800_000)
    assert cost.sale_fees == Decimal(3_600_000)
    assert cost.commission == Decimal(4_320_000)
    assert cost.gross == Decimal(11_070_000)
    assert cost.clawback == Decimal(1_584_000)
    assert cost.total == Decimal(9_486_000)
    assert cost.cancelled_share == pytest.approx(0.2)
    # per retained customer: 9,486,000 / (180 × S): 144 → 65,875; 126 → 75,285.71 → 75,286;
    # 90 → 105,400
    per = retained_customer_cost(cost, RETENTION)
    assert per.to_dict() == {90: Decimal(65_875), 180: Decimal(75_286), 365: Decimal(105_400)}


def test_no_retention_means_no_clawback_and_half_clawback_share() -> None:
    assert campaign_cost(CAMPAIGN, TERMS, currency="KRW").total == Decimal(11_070_000)
    half = TERMS.model_copy(update={"clawback_share": Decimal("0.5")})
    assert campaign_cost(CAMPAIGN, half, RETENTION, currency="KRW").clawback == Decimal(792_000)


def test_a_retention_curve_without_the_clawback_day_is_an_error() -> None:
    with pytest.raises(ArgumentError, match="day 90"):
        campaign_cost(CAMPAIGN, TERMS, {180: 0.7}, currency="KRW")


def test_usd_lines_round_half_up_to_cents() -> None:
    # 3 dials × 0.125 = 0.375 → 0.38 (half-up, once per line)
    campaign = OutboundCampaign(name="x", list_size=3, contact_rate=0.0, conversion_rate=0.0)
    cost = campaign_cost(campaign, OutboundPricing(per_dial=Decimal("0.125")), currency="USD")
    assert cost.dial_fees == Decimal("0.38")


def test_bad_terms_are_refused() -> None:
    with pytest.raises(ValidationError):
        OutboundPricing(commission_share=Decimal("1.5"))
