"""Check 8 — pricing: the commercial terms, scored for information beside the cost."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from tests.checks import AS_OF, default_pack, make_needs, pack_with
from vendoreval.checks import ScoringContext, score_check
from vendoreval.checks.pricing import fees_at_risk, representative_durations, score_pricing
from vendoreval.contract import Commitment, GradeBand, ServiceCredits
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
    # no service commitments: nothing of the fees at risk → 0 on the weight-15 criterion
    expected = (25 * 100 + 20 * 0 + 25 * 0 + 15 * rounding + 15 * terms + 15 * 0) / 115
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


# ----------------------------------------------------------------------------- fees at risk

POOL = ServiceCredits(
    commitments=(
        Commitment(
            channel="phone", kpi="service_level", target=0.8, threshold_seconds=20, weight=0.6
        ),
        Commitment(channel="phone", kpi="abandonment", target=0.05, weight=0.6),
    ),
    at_risk_share=0.1,
)
GRADED = ServiceCredits(
    commitments=POOL.commitments,
    grades=(
        GradeBand(grade="S", min_score=95, adjustment=0.03),
        GradeBand(grade="A", min_score=90, adjustment=0.0),
        GradeBand(grade="B", min_score=80, adjustment=-0.05),
        GradeBand(grade="C", min_score=70, adjustment=-0.10),
        GradeBand(grade="D", min_score=0, adjustment=-0.15),
    ),
)


@pytest.mark.parametrize(
    ("terms", "share", "points"),
    [
        # pool: 0.1 × min(1, 0.6 + 0.6) = 0.1 → 100 × 0.1 / 0.1 = 100 points
        (POOL, 0.1, 100.0),
        # a pool whose weights reach only half of it: 0.1 × 0.5 = 0.05 → 50 points
        (
            POOL.model_copy(
                update={"commitments": (POOL.commitments[0].model_copy(update={"weight": 0.5}),)}
            ),
            0.05,
            50.0,
        ),
        # grades: the deepest deduction, D −15%, is capped at the ideal 0.1 → 100 points
        (GRADED, 0.15, 100.0),
        # no commitments: nothing at risk → 0 points, with a reason
        (None, 0.0, 0.0),
    ],
)
def test_fees_at_risk_by_hand(terms: ServiceCredits | None, share: float, points: float) -> None:
    assert fees_at_risk(terms) == pytest.approx(share)
    context = CONTEXT.model_copy(update={"commitments": terms})
    result = score_pricing(NEEDS, PricingAnswer(sheet=sheet("1/1")), spec(), context)
    assert result.subscores["service_credits"] == pytest.approx(points)
    text = next(r.text for r in result.reasons if r.criterion == "service_credits")
    if terms is None:
        assert "costs nothing" in text
    elif terms.grades:
        assert "D -15%" in text
