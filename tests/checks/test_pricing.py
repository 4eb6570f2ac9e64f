"""Check 8 — pricing: the commercial terms, scored for information beside the cost."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from tests.checks import AS_OF, default_pack, make_needs, pack_with
from vendoreval.checks import ScoringContext, score_check
from vendoreval.checks.pricing import representative_durations, score_pricing
from vendoreval.criteria import CheckSpec
from vendoreval.needs import ChannelNeeds
from vendoreval.pricing.sheet import PriceSheet
from vendoreval.proposal.pricing import PricingAnswer

# cv 0: every call lasts exactly the mean, 240 + 30 + 60 = 330 s
NEEDS = make_needs(
    channels=(
        ChannelNeeds(
            channel="phone",
            volume_per_month=10_000,
            talk_seconds=240,
            hold_seconds=30,
            acw_seconds=60,
            handle_time_cv=0.0,
        ),
    )
)
CONTEXT = ScoringContext(as_of=AS_OF)


def sheet(
    increment: str = "60/60", components: tuple[str, ...] = ("talk", "hold", "acw")
) -> PriceSheet:
    return PriceSheet(
        currency="KRW",
        billing_increment=increment,
        billable_components=components,
        voice_rate_per_minute=Decimal(500),
    )


def spec() -> CheckSpec:
    return default_pack().check("pricing")


def test_score_by_hand() -> None:
    answer = PricingAnswer(
        sheet=sheet(components=("talk", "hold", "acw", "wait")),
        pilot_offered=True,
        payment_terms_days=45,
    )
    result = score_pricing(NEEDS, answer, spec(), CONTEXT)
    # a 330 s call is billed 360 s per minute: overhead 30/330 = 1/11 on 0.15 → 0
    rounding = 100 * (0.15 - 1 / 11) / 0.15
    terms = 100 * (45 - 15) / (60 - 15)
    expected = (25 * 100 + 20 * 0 + 25 * 0 + 15 * rounding + 15 * terms) / 100
    assert result.score == pytest.approx(expected)
    assert result.informational
    assert result.subscores["customer_wait"] == 0  # bills wait: the pack gives it 0
    text = next(r.text for r in result.reasons if r.criterion == "rounding")
    assert "per-minute (60/60) billing adds 9.09%" in text


def test_per_second_billing_has_no_rounding_overhead() -> None:
    result = score_pricing(NEEDS, PricingAnswer(sheet=sheet("1/1")), spec(), CONTEXT)
    assert result.subscores["rounding"] == 100


def test_a_sheet_without_a_minute_rate_leaves_rounding_out() -> None:
    flat = PriceSheet(currency="KRW", billing_increment="60/60", fte_month_rate=Decimal(3_000_000))
    result = score_pricing(NEEDS, PricingAnswer(sheet=flat), spec(), CONTEXT)
    assert "rounding" not in result.subscores


def test_representative_durations_have_the_stated_mean_and_cv() -> None:
    durations = representative_durations(300.0, 0.8)
    assert durations.mean() == pytest.approx(300.0, rel=0.01)
    assert durations.std() / durations.mean() == pytest.approx(0.8, rel=0.05)
    assert np.all(np.diff(durations) > 0)


def test_a_wait_billing_knockout_from_a_custom_pack() -> None:
    rule = {
        "id": "no_wait_billing",
        "measure": "bills_customer_wait",
        "equals": True,
        "message": "the customer's queue time must not be billed",
    }
    pack = pack_with("pricing", knockouts=[rule])
    answer = PricingAnswer(sheet=sheet(components=("talk", "wait")))
    result = score_check("pricing", NEEDS, answer, pack, CONTEXT)
    assert [ko.rule for ko in result.knockouts] == ["no_wait_billing"]


def test_not_answered() -> None:
    result = score_pricing(NEEDS, None, spec(), CONTEXT)
    assert (result.score, result.answered, result.informational) == (0, False, True)
    assert math.isclose(sum(r.points for r in result.reasons), 0)
