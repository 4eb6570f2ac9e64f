"""Cost simulation over the contract term: cost independent of the volume, many vendors.

Problem sizes (needs and proposals built here, like the embedded sample: a Korean retailer
with phone, KakaoTalk messaging (concurrency 2.5), e-mail and social care, a month profile
and an event peak, a 24-month term; five vendors *with service commitments*: a per-head
contract graded S–D, per minute with tiers and premiums and a pool of credits, per second
billing the customer's wait and committing to a weaker service level, per FTE staffed to the
buyer's target, and per contact with a minimum and ASA credits):

* ``simulation-volume``: ``simulate_costs`` with 20,000 runs × 5 vendors × 24 months at the
  sample's volume (target under 1 s) and at 100× that volume (the per-head offer
  committing 100× the agents, as an offer for that volume would), in one group: the large
  run should take at most 1.2× the small one (no call is drawn one by one above 2,000
  contacts a month). The peer in the group is what an analyst would otherwise write — a numpy Monte
  Carlo drawing every call of every month (abandonment, wait, lognormal handle time, billing
  increment) and pricing voice minutes and contacts — run for only 2 terms (runs) because it
  grows with the number of calls; multiply its time by 10,000 for 20,000 runs.
* ``simulation-vendors``: 10,000 runs × 50 vendors × 24 months, beside the same 10,000 runs
  × 5 vendors.

Run with ``make bench`` (or ``pytest benchmarks --benchmark-only``).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from vendoreval.contract import Commitment, GradeBand, ServiceCredits
from vendoreval.needs import (
    ChannelNeeds,
    ContractNeeds,
    EventPeak,
    LanguageNeed,
    Needs,
    Seasonality,
    ServiceLevelTarget,
)
from vendoreval.needs.hours import Hours
from vendoreval.pricing import (
    AfterHours,
    BillableComponent,
    BillingIncrement,
    Premiums,
    PriceSheet,
    Rounding,
    TierBand,
    TierBasis,
    TierMode,
    VolumeTier,
)
from vendoreval.proposal import VendorProposal
from vendoreval.proposal.pricing import PricingAnswer
from vendoreval.proposal.staffing import StaffingAnswer
from vendoreval.simulation import queue_wait, simulate_costs
from vendoreval.vocabulary import Channel

D = Decimal
RUNS = 20_000
PEER_RUNS = 2
VENDOR_RUNS = 10_000
TERM_MONTHS = 24
SEED = 2027
HOLIDAYS = (dt.date(2027, 1, 1), dt.date(2027, 2, 8), dt.date(2027, 3, 1))


def sample_like_needs(scale: float = 1.0) -> Needs:
    """A retailer's traffic like the embedded sample's, volumes × ``scale``."""
    live = ServiceLevelTarget(share=0.8, answer_within_seconds=20)
    return Needs(
        buyer="Benchmark Mall",
        industry="e-commerce",
        timezone="Asia/Seoul",
        hours=Hours(always=True),
        holidays=HOLIDAYS,
        channels=(
            ChannelNeeds(
                channel=Channel.PHONE,
                volume_per_month=round(60_000 * scale),
                talk_seconds=240,
                hold_seconds=30,
                acw_seconds=45,
                handle_time_cv=0.7,
                service_level=live,
                patience_seconds=90,
                arrival="retail-evenings",
            ),
            ChannelNeeds(
                channel=Channel.MESSAGING,
                volume_per_month=round(25_000 * scale),
                talk_seconds=420,
                acw_seconds=30,
                concurrency=2.5,
                service_level=ServiceLevelTarget(share=0.8, answer_within_seconds=30),
                patience_seconds=120,
                arrival="retail-evenings",
            ),
            ChannelNeeds(
                channel=Channel.EMAIL,
                volume_per_month=round(12_000 * scale),
                talk_seconds=300,
                acw_seconds=60,
                service_level=ServiceLevelTarget(share=0.9, respond_within_hours=4),
                arrival="business-hours",
            ),
            ChannelNeeds(
                channel=Channel.SOCIAL,
                volume_per_month=round(3_000 * scale),
                talk_seconds=240,
                service_level=ServiceLevelTarget(share=0.9, respond_within_hours=1),
            ),
        ),
        languages=(
            LanguageNeed(language="ko", share=0.85),
            LanguageNeed(language="en", share=0.1),
            LanguageNeed(language="ja", share=0.05),
        ),
        contract=ContractNeeds(
            currency="KRW",
            start_month="2027-01",
            term_months=TERM_MONTHS,
            monthly_growth=0.01,
            forecast_cv=0.12,
        ),
        seasonality=Seasonality(
            month_factors=(1.05, 0.9, 0.95, 0.93, 1.0, 0.95, 0.97, 0.95, 1.05, 0.98, 1.2, 1.07),
            events=(EventPeak(name="anniversary sale", month="2027-06", factor=1.3),),
        ),
    )


def _proposal(
    name: str,
    staffing: StaffingAnswer | None = None,
    commitments: ServiceCredits | None = None,
    **sheet: Any,
) -> VendorProposal:
    return VendorProposal(
        name=name,
        pricing=PricingAnswer(sheet=PriceSheet(currency="KRW", **sheet)),
        staffing=staffing,
        commitments=commitments,
    )


def _level(channel: str, target: float, seconds: float, weight: float) -> Commitment:
    return Commitment(
        channel=channel,
        kpi="service_level",
        target=target,
        threshold_seconds=seconds,
        weight=weight,
    )


GRADES = (
    GradeBand(grade="S", min_score=97, adjustment=0.03),
    GradeBand(grade="A", min_score=93, adjustment=0.0),
    GradeBand(grade="B", min_score=88, adjustment=-0.03),
    GradeBand(grade="C", min_score=80, adjustment=-0.07),
    GradeBand(grade="D", min_score=0, adjustment=-0.12),
)


def five_vendors(
    rate_scale: float = 1.0, suffix: str = "", heads: float = 1.0
) -> list[VendorProposal]:
    """The five billing styles of the sample; rates × ``rate_scale``, the per-head offer's
    committed FTEs × ``heads`` (an offer sized for the volume)."""

    def krw(amount: float) -> Decimal:
        return D(round(amount * rate_scale))

    contacts = {
        Channel.MESSAGING: krw(2100),
        Channel.EMAIL: krw(2600),
        Channel.SOCIAL: krw(2400),
    }
    pool = ServiceCredits(
        commitments=(_level("phone", 0.8, 20, 0.6), _level("messaging", 0.8, 30, 0.6)),
        at_risk_share=0.1,
        earn_back_months=2,
    )
    return [
        _proposal(
            f"Per head{suffix}",
            staffing=StaffingAnswer(shrinkage=0.33),
            commitments=ServiceCredits(
                commitments=(
                    _level("phone", 0.8, 20, 0.4),
                    _level("messaging", 0.8, 30, 0.3),
                    Commitment(channel="phone", kpi="abandonment", target=0.05, weight=0.3),
                ),
                grades=GRADES,
            ),
            billing_increment="60/60",
            fte_month_rate=krw(3_800_000),
            committed_ftes={
                Channel.PHONE: 60 * heads,
                Channel.MESSAGING: 25 * heads,
                Channel.EMAIL: 15 * heads,
                Channel.SOCIAL: 4 * heads,
            },
            annual_increase=0.035,
            training_fee_per_hire=krw(1_500_000),
        ),
        _proposal(
            f"Per minute{suffix}",
            commitments=pool,
            billing_increment="60/60",
            per_contact=contacts,
            monthly_fixed=krw(4_500_000),
            volume_tiers=(
                VolumeTier(
                    basis=TierBasis.VOICE_MINUTES,
                    mode=TierMode.GRADUATED,
                    bands=(
                        TierBand(up_to=250_000, rate=krw(780)),
                        TierBand(up_to=350_000, rate=krw(740)),
                        TierBand(rate=krw(700)),
                    ),
                ),
            ),
            premiums=Premiums(
                timezone="Asia/Seoul",
                weekend_multiplier=D("1.1"),
                holidays=HOLIDAYS,
                holiday_multiplier=D("1.5"),
            ),
        ),
        _proposal(
            f"Per second with wait{suffix}",
            commitments=ServiceCredits(
                commitments=(_level("phone", 0.7, 30, 1.0),), at_risk_share=0.05
            ),
            billing_increment="1/1",
            billable_components=tuple(BillableComponent),
            rounding=Rounding.MONTHLY,
            voice_rate_per_minute=krw(690),
            per_contact={Channel.EMAIL: krw(2300), Channel.SOCIAL: krw(2200)},
            volume_tiers=(
                VolumeTier(
                    basis=TierBasis.CONTACTS,
                    channel=Channel.MESSAGING,
                    mode=TierMode.ALL_UNITS,
                    bands=(
                        TierBand(up_to=20_000, rate=krw(1900)),
                        TierBand(up_to=30_000, rate=krw(1800)),
                        TierBand(rate=krw(1700)),
                    ),
                ),
            ),
            premiums=Premiums(
                timezone="Asia/Seoul",
                after_hours=AfterHours(start="22:00", end="08:00", multiplier=D("1.3")),
                language_multipliers={"en": D("1.15"), "ja": D("1.25")},
            ),
            annual_increase=0.03,
        ),
        _proposal(
            f"Per FTE{suffix}",
            staffing=StaffingAnswer(shrinkage=0.35),
            commitments=pool,
            billing_increment="60/60",
            fte_month_rate=krw(4_150_000),
            monthly_fixed=krw(6_000_000),
        ),
        _proposal(
            f"Per contact{suffix}",
            commitments=ServiceCredits(
                commitments=(
                    _level("phone", 0.8, 20, 0.7),
                    Commitment(channel="phone", kpi="asa_seconds", target=30, weight=0.3),
                ),
                at_risk_share=0.08,
            ),
            billing_increment="6/6",
            per_contact={
                Channel.MESSAGING: krw(2000),
                Channel.EMAIL: krw(2400),
                Channel.SOCIAL: krw(2200),
            },
            volume_tiers=(
                VolumeTier(
                    basis=TierBasis.CONTACTS,
                    channel=Channel.PHONE,
                    bands=(
                        TierBand(up_to=50_000, rate=krw(3300)),
                        TierBand(up_to=70_000, rate=krw(3100)),
                        TierBand(rate=krw(2900)),
                    ),
                ),
            ),
            minimum_monthly=krw(260_000_000),
        ),
    ]


def fifty_vendors() -> list[VendorProposal]:
    """Ten copies of the five styles with rates between −10% and +10%."""
    scales = np.linspace(0.9, 1.1, 10)
    return [p for i, s in enumerate(scales) for p in five_vendors(float(s), f" #{i:02d}")]


# ----------------------------------------------------------------------------- peer


def per_call_monte_carlo(needs: Needs, runs: int, seed: int) -> npt.NDArray[np.float64]:
    """Every call of every month of the term drawn and billed; voice minutes and contacts
    priced, summed over the term per run.

    Flat per-minute rates (a graduated tier's first band) and per-contact prices, one queue
    (the buyer's target) for every vendor; the calendar premiums, tiers beyond the first band,
    minimums, credits and the term's fees are left out.
    """
    rng = np.random.default_rng(seed)
    phone = needs.channel("phone")
    wait = queue_wait(phone)
    cv = float(needs.contract.forecast_cv)
    sigma2 = math.log1p(cv * cv)
    months = needs.contract.term_months
    factor = rng.lognormal(-sigma2 / 2, math.sqrt(sigma2), runs * months)
    growth = (1 + float(needs.contract.monthly_growth)) ** np.tile(np.arange(months), runs)
    calls = rng.poisson(factor * growth * phone.volume_per_month)
    chats = rng.poisson(factor * growth * needs.channel("messaging").volume_per_month)
    runs = runs * months
    run = np.repeat(np.arange(runs), calls)
    n = run.size
    abandoned = rng.random(n) < wait.prob_abandon
    q = (wait.prob_wait - wait.prob_abandon) / (1 - wait.prob_abandon)
    waited = abandoned | (rng.random(n) < q)
    waits = np.where(waited, rng.exponential(wait.mean_wait_if_waiting_seconds, n), 0.0)
    h2 = math.log1p(float(phone.handle_time_cv) ** 2)
    handle = rng.lognormal(math.log(phone.aht_seconds) - h2 / 2, math.sqrt(h2), n)
    handle[abandoned] = 0.0
    costs = np.zeros((runs, 5))
    sheets = [(("60/60", False), 780.0), (("1/1", True), 690.0), (("30/6", False), 840.0)]
    for column, ((increment, bills_wait), rate) in enumerate(sheets):
        seconds = handle + waits if bills_wait else handle
        billed = BillingIncrement.parse(increment).billed_seconds(seconds)
        costs[:, column] = np.bincount(run, weights=billed, minlength=runs) / 60 * rate
        costs[:, column] += 2100 * chats
    handled = np.bincount(run, weights=~abandoned, minlength=runs)
    costs[:, 4] = 3300 * handled + 2000 * chats
    return np.asarray(costs.reshape(-1, months, 5).sum(axis=1), dtype=np.float64)


# ----------------------------------------------------------------------------- benchmarks


@pytest.mark.benchmark(group="simulation-volume")
def test_simulate_20000_runs_5_vendors_24_months_sample_volume(benchmark: Any) -> None:
    needs, vendors = sample_like_needs(), five_vendors()
    sim = benchmark(simulate_costs, needs, vendors, runs=RUNS, seed=SEED, progress=False)
    assert sim.samples.shape == (RUNS, 5)


@pytest.mark.benchmark(group="simulation-volume")
def test_simulate_20000_runs_5_vendors_24_months_100x_volume(benchmark: Any) -> None:
    needs, vendors = sample_like_needs(100.0), five_vendors(heads=100.0)
    sim = benchmark(simulate_costs, needs, vendors, runs=RUNS, seed=SEED, progress=False)
    assert sim.samples.shape == (RUNS, 5)
    assert np.isfinite(sim.samples.to_numpy()).all()


@pytest.mark.benchmark(group="simulation-volume")
def test_peer_per_call_numpy_2_terms_sample_volume(benchmark: Any) -> None:
    result = benchmark(per_call_monte_carlo, sample_like_needs(), PEER_RUNS, SEED)
    assert result.shape == (PEER_RUNS, 5)


@pytest.mark.benchmark(group="simulation-vendors")
def test_simulate_10000_runs_50_vendors(benchmark: Any) -> None:
    needs, vendors = sample_like_needs(), fifty_vendors()
    sim = benchmark(simulate_costs, needs, vendors, runs=VENDOR_RUNS, seed=SEED, progress=False)
    assert sim.samples.shape == (VENDOR_RUNS, 50)


@pytest.mark.benchmark(group="simulation-vendors")
def test_simulate_10000_runs_5_vendors(benchmark: Any) -> None:
    needs, vendors = sample_like_needs(), five_vendors()
    sim = benchmark(simulate_costs, needs, vendors, runs=VENDOR_RUNS, seed=SEED, progress=False)
    assert sim.samples.shape == (VENDOR_RUNS, 5)
