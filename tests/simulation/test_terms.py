"""Hand-worked contract economics through the simulation: the term's costs and the credits.

Every case is deterministic: a per-head contract (its fee does not depend on the traffic)
and, for credits, no forecast error, so each month's service is the analytic Erlang A value
and the credit is fixed. The arithmetic is written beside each expectation; the rules are
those of docs/design ("Contract economics": pool and grade methods, the cap, the term).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from tests import builders
from vendoreval.contract import Commitment, GradeBand, ServiceCredits
from vendoreval.errors import ArgumentError
from vendoreval.needs import EventPeak, Needs, Seasonality
from vendoreval.pricing import Rounding
from vendoreval.proposal import (
    ContractTerms,
    PilotOutcome,
    ReferencesAnswer,
    StaffingAnswer,
    VendorProposal,
)
from vendoreval.simulation import simulate_costs
from vendoreval.vocabulary import Channel

D = Decimal
FEE = 4_000_000  # per committed FTE a month [KRW]


def needs_for(months: int = 24, *, cv: float = 0.0, **contract: Any) -> Needs:
    """20,000 phone calls a month, 80/20, 90 s patience, no forecast error by default."""
    return builders.make_needs(
        channels=(
            builders.channel(
                "phone",
                20_000,
                240,
                share=0.8,
                within_seconds=20,
                acw_seconds=60,
                patience_seconds=90,
                arrival="retail-evenings",
            ),
        ),
        contract=builders.contract(term_months=months, forecast_cv=cv, **contract),
    )


def per_head(
    ftes: float = 10,
    *,
    commitments: ServiceCredits | None = None,
    terms: ContractTerms | None = None,
    pilot: PilotOutcome | None = None,
    **sheet: Any,
) -> VendorProposal:
    proposal = builders.vendor(
        "Per head",
        staffing=StaffingAnswer(annual_attrition=0.36),
        billing_increment="60/60",
        fte_month_rate=D(FEE),
        committed_ftes={Channel.PHONE: ftes},
        **sheet,
    )
    references = None if pilot is None else ReferencesAnswer(pilot=pilot)
    return proposal.model_copy(
        update={"commitments": commitments, "terms": terms, "references": references}
    )


# ----------------------------------------------------------------------------- the term


def test_indexation_transition_double_running_and_training() -> None:
    needs = needs_for(current_monthly_cost=D(30_000_000))
    vendor = per_head(
        annual_increase=0.05,
        setup_fee=D(1_000_000),
        training_fee_per_hire=D(500_000),
        terms=ContractTerms(transition_fee=D(2_000_000), double_running_months=2),
    )
    sim = simulate_costs(needs, [vendor], runs=20, seed=0)
    by_year = sim.tco(by="year")
    # Year 1: fee 10 FTE × 4,000,000 = 40,000,000; hires 10 × 0.36 / 12 = 0.3 a month,
    # training 0.3 × 500,000 = 150,000 → 40,150,000 × 12 = 481,800,000; one-off fees
    # 1,000,000 set-up + 2,000,000 transition; double running 2 × 30,000,000 = 60,000,000.
    # 481,800,000 + 3,000,000 + 60,000,000 = 544,800,000.
    assert by_year.loc["Per head", 1] == pytest.approx(544_800_000, abs=1e-3)
    # Year 2: prices × 1.05 (set-up and transition excepted): 42,000,000 + 157,500 =
    # 42,157,500 × 12 = 505,890,000.
    assert by_year.loc["Per head", 2] == pytest.approx(505_890_000, abs=1e-3)
    # samples: the term's net cost per month, (544,800,000 + 505,890,000) / 24 = 43,778,750
    assert np.allclose(sim.samples["Per head"], 43_778_750, rtol=0, atol=1e-6)
    breakdown = sim.breakdown().loc["Per head"]
    assert breakdown["staffing"] == pytest.approx((12 * 40_000_000 + 12 * 42_000_000) / 24)
    assert breakdown["training"] == pytest.approx((12 * 150_000 + 12 * 157_500) / 24)
    assert breakdown["one_off"] == pytest.approx(3_000_000 / 24)
    assert breakdown["double_running"] == pytest.approx(60_000_000 / 24)
    assert breakdown.sum() == pytest.approx(43_778_750)
    months = sim.tco(by="month").loc["Per head"]
    assert months["2027-01"] == pytest.approx(40_150_000 + 3_000_000 + 30_000_000)
    assert months["2028-01"] == pytest.approx(42_157_500)


def test_renewal_and_early_exit() -> None:
    needs = needs_for(months=24)
    # Minimum term 12 months, +10% at renewal: year 2 at 40,000,000 × 1.05 × 1.10 =
    # 46,200,000 a month → 554,400,000.
    renewing = per_head(
        annual_increase=0.05, terms=ContractTerms(minimum_term_months=12, renewal_increase=0.1)
    )
    by_year = simulate_costs(needs, [renewing], runs=5, seed=0).tco(by="year")
    assert by_year.loc["Per head", 1] == pytest.approx(12 * 40_000_000)
    assert by_year.loc["Per head", 2] == pytest.approx(12 * 46_200_000)
    # Minimum term 36 months: leaving after 24 pays the termination fee, in the last year.
    leaving = per_head(terms=ContractTerms(minimum_term_months=36, termination_fee=D(25_000_000)))
    by_year = simulate_costs(needs, [leaving], runs=5, seed=0).tco(by="year")
    assert by_year.loc["Per head", 1] == pytest.approx(480_000_000)
    assert by_year.loc["Per head", 2] == pytest.approx(480_000_000 + 25_000_000)


def test_indexation_of_a_usage_price() -> None:
    # Per minute at 600 KRW, +5% a year: the same expected traffic costs 5% more in year 2.
    needs = needs_for(months=24)
    usage = builders.vendor(
        "Usage", billing_increment="60/60", voice_rate_per_minute=D(600), annual_increase=0.05
    )
    by_year = simulate_costs(needs, [usage], runs=400, seed=2).tco(by="year")
    assert by_year.loc["Usage", 2] / by_year.loc["Usage", 1] == pytest.approx(1.05, rel=2e-3)


def test_double_running_needs_the_current_cost() -> None:
    vendor = per_head(terms=ContractTerms(double_running_months=1))
    with pytest.raises(ArgumentError, match="current_monthly_cost"):
        simulate_costs(needs_for(), [vendor], runs=5)


# ----------------------------------------------------------------------------- credits

SL = Commitment(channel="phone", kpi="service_level", target=0.99, threshold_seconds=20)


def _credits(vendor: VendorProposal, months: int = 3, **contract: Any) -> float:
    sim = simulate_costs(needs_for(months, **contract), [vendor], runs=10, seed=0)
    values = sim.credits["Per head"].to_numpy()
    assert np.allclose(values, values[0])  # no forecast error: every run the same
    return float(values[0])


def test_pool_credit_is_the_weight_of_the_missed_commitments() -> None:
    # 10 FTEs cannot answer 99% of 20,000 calls within 20 s: the SL commitment (higher is
    # better) is missed. Pool 10% of 40,000,000 = 4,000,000; weight 0.6 missed:
    # credit = min(4,000,000, 4,000,000 × 0.6) = 2,400,000 a month.
    terms = ServiceCredits(commitments=(SL.model_copy(update={"weight": 0.6}),), at_risk_share=0.1)
    assert _credits(per_head(commitments=terms)) == pytest.approx(2_400_000)


def test_pool_credit_is_capped_at_the_pool() -> None:
    # SL missed (0.6) and ASA above 1 s (lower is better, missed, 0.6): 1.2 of the pool is
    # claimed, 1.0 is paid: min(4,000,000, 4,000,000 × 1.2) = 4,000,000.
    # Abandonment at most 50% (lower is better) is met and claims nothing.
    terms = ServiceCredits(
        commitments=(
            SL.model_copy(update={"weight": 0.6}),
            Commitment(channel="phone", kpi="asa_seconds", target=1, weight=0.6),
            Commitment(channel="phone", kpi="abandonment", target=0.5, weight=0.5),
        ),
        at_risk_share=0.1,
    )
    assert _credits(per_head(commitments=terms)) == pytest.approx(4_000_000)


def test_pool_credit_lower_is_better_missed() -> None:
    # Abandonment at most 0.01% is missed (10 FTEs let callers abandon): 10% × 0.5 of the
    # fees = 2,000,000 a month. A generous ASA (at most 3,000 s) is met.
    terms = ServiceCredits(
        commitments=(
            Commitment(channel="phone", kpi="abandonment", target=0.0001, weight=0.5),
            Commitment(channel="phone", kpi="asa_seconds", target=3000, weight=0.5),
        ),
        at_risk_share=0.1,
    )
    sim = simulate_costs(needs_for(3), [per_head(commitments=terms)], runs=10, seed=0)
    assert float(sim.credits["Per head"].iloc[0]) == pytest.approx(2_000_000)
    breach = sim.breach_probability().loc["Per head"]
    assert breach["phone.abandonment"] == 1.0
    assert breach["phone.asa_seconds"] == 0.0


GRADES = (
    GradeBand(grade="S", min_score=97, adjustment=0.02),
    GradeBand(grade="A", min_score=93, adjustment=0.0),
    GradeBand(grade="B", min_score=88, adjustment=-0.05),
    GradeBand(grade="C", min_score=80, adjustment=-0.08),
    GradeBand(grade="D", min_score=0, adjustment=-0.12),
)


def _graded(pilot_fcr: float) -> VendorProposal:
    # 200 FTEs answer essentially every call within 20 s (attainment 1 on an 80% target);
    # FCR comes from the vendor's pilot.
    terms = ServiceCredits(
        commitments=(
            Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20),
            Commitment(channel="phone", kpi="fcr", target=0.8, weight=3),
        ),
        grades=GRADES,
    )
    return per_head(
        200, commitments=terms, pilot=PilotOutcome(weeks=6, first_contact_resolution=pilot_fcr)
    )


def test_grade_deduction() -> None:
    # FCR 0.72 against 0.80 attains 0.9; score = 100 × (1 × 1 + 3 × 0.9) / 4 = 92.5 → B
    # (88 ≤ 92.5 < 93), a 5% deduction of 200 × 4,000,000 = 800,000,000: 40,000,000 a month.
    assert _credits(_graded(0.72)) == pytest.approx(40_000_000)


def test_grade_bonus_is_a_negative_credit() -> None:
    # FCR 0.85 ≥ 0.80 attains 1 → score 100 → S: a 2% bonus, 16,000,000 a month paid on top.
    assert _credits(_graded(0.85)) == pytest.approx(-16_000_000)


def test_earn_back_returns_a_credit_after_months_met() -> None:
    # An event peak doubles March's calls: 25 FTEs answer 88% within 20 s in the other months
    # but 53% in March. The pool credit of March, 10% × 0.5 × 100,000,000 = 5,000,000, is
    # returned in May (March missed, April and May met; earn-back 2 months): net credit 0
    # over the term. Without earn-back it stays: 5,000,000 / 6 months = 833,333.33 a month.
    season = Seasonality(events=(EventPeak(name="sale", month="2027-03", factor=2.0),))
    commitment = Commitment(
        channel="phone", kpi="service_level", target=0.8, threshold_seconds=20, weight=0.5
    )
    kept = ServiceCredits(commitments=(commitment,), at_risk_share=0.1)
    returned = kept.model_copy(update={"earn_back_months": 2})
    needs = needs_for(6).model_copy(update={"seasonality": season})
    for terms, expected in ((kept, 5_000_000 / 6), (returned, 0.0)):
        sim = simulate_costs(needs, [per_head(25, commitments=terms)], runs=5, seed=0)
        breach = sim.breach_probability().loc["Per head", "phone.service_level"]
        assert breach == pytest.approx(1 / 6)  # March only
        assert float(sim.credits["Per head"].iloc[0]) == pytest.approx(expected, abs=1e-6)


def test_credits_are_money_back_on_the_net_cost() -> None:
    terms = ServiceCredits(commitments=(SL.model_copy(update={"weight": 0.6}),), at_risk_share=0.1)
    sim = simulate_costs(needs_for(3), [per_head(commitments=terms)], runs=10, seed=0)
    assert np.allclose(sim.gross["Per head"], 40_000_000)
    assert np.allclose(sim.samples["Per head"], 40_000_000 - 2_400_000)
    assert sim.breakdown().loc["Per head", "credits"] == pytest.approx(-2_400_000)
    assert sim.summary().loc["Per head", "credits_mean"] == pytest.approx(2_400_000)


def test_monthly_rounding_sheet_is_still_simulated_with_commitments() -> None:
    terms = ServiceCredits(commitments=(SL,), at_risk_share=0.05)
    usage = builders.vendor(
        "Usage",
        billing_increment="1/1",
        rounding=Rounding.MONTHLY,
        voice_rate_per_minute=D(600),
    ).model_copy(update={"commitments": terms})
    sim = simulate_costs(needs_for(2, cv=0.1), [usage], runs=200, seed=1)
    # staffed to its own 99% commitment it nearly always meets it: credits are rare
    assert sim.breach_probability().loc["Usage", "phone.service_level"] < 0.6
    assert (sim.credits["Usage"] >= 0).all()
