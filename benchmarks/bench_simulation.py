"""Monthly cost simulation: cost independent of the volume, and many vendors at once.

Problem sizes (needs and proposals built here, like the embedded sample: a Korean retailer
with phone, chat, e-mail and social care and five vendors billing per minute with tiers and
premiums, per second with the customer's wait and monthly rounding, 30/6, per FTE, and per
contact with a minimum):

* ``simulation-volume``: 20,000 runs × 5 vendors at the sample's volume (60,000 phone
  contacts a month) and at 100× that volume. Both are in one group: the large run should take
  at most 1.5× the small one (the simulation never draws call by call above 2,000 contacts a
  month). The peer in the group is what an analyst would otherwise write — a numpy Monte Carlo
  drawing every call (abandonment, wait, lognormal handle time, billing increment) and pricing
  each vendor's voice minutes and contacts — run for only 20 months (runs) at the sample volume
  because it grows with the number of calls; multiply its time by 1,000 for 20,000 runs.
* ``simulation-vendors``: 10,000 runs × 50 vendors at the sample volume (target under 1 s),
  beside the same 10,000 runs × 5 vendors.

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

from vendoreval.needs import ChannelNeeds, ContractNeeds, LanguageNeed, Needs, ServiceLevelTarget
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
PEER_RUNS = 20
VENDOR_RUNS = 10_000
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
                channel=Channel.CHAT,
                volume_per_month=round(25_000 * scale),
                talk_seconds=420,
                acw_seconds=30,
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
        contract=ContractNeeds(currency="KRW", start_month="2027-01", forecast_cv=0.12),
    )


def _proposal(name: str, staffing: StaffingAnswer | None = None, **sheet: Any) -> VendorProposal:
    return VendorProposal(
        name=name,
        pricing=PricingAnswer(sheet=PriceSheet(currency="KRW", **sheet)),
        staffing=staffing,
    )


def five_vendors(rate_scale: float = 1.0, suffix: str = "") -> list[VendorProposal]:
    """The five billing styles of the sample; rates × ``rate_scale``."""

    def krw(amount: float) -> Decimal:
        return D(round(amount * rate_scale))

    contacts = {Channel.CHAT: krw(2100), Channel.EMAIL: krw(2600), Channel.SOCIAL: krw(2400)}
    return [
        _proposal(
            f"Per minute{suffix}",
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
            billing_increment="1/1",
            billable_components=tuple(BillableComponent),
            rounding=Rounding.MONTHLY,
            voice_rate_per_minute=krw(690),
            per_contact={Channel.EMAIL: krw(2300), Channel.SOCIAL: krw(2200)},
            volume_tiers=(
                VolumeTier(
                    basis=TierBasis.CONTACTS,
                    channel=Channel.CHAT,
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
        ),
        _proposal(
            f"30/6{suffix}",
            billing_increment="30/6",
            voice_rate_per_minute=krw(840),
            per_contact={Channel.CHAT: krw(2300), Channel.EMAIL: krw(2700)},
            unpriced_contacts_free=True,
            monthly_fixed=krw(9_000_000),
            premiums=Premiums(timezone="Asia/Seoul", weekend_multiplier=D("1.15")),
        ),
        _proposal(
            f"Per FTE{suffix}",
            staffing=StaffingAnswer(shrinkage=0.35, paid_hours_per_fte_month=209),
            billing_increment="60/60",
            fte_month_rate=krw(4_150_000),
            monthly_fixed=krw(6_000_000),
        ),
        _proposal(
            f"Per contact{suffix}",
            billing_increment="6/6",
            per_contact={
                Channel.CHAT: krw(2000),
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
    """Every call of every month drawn and billed; voice minutes and contacts priced.

    Flat per-minute rates (a graduated tier's first band) and per-contact prices; the
    calendar premiums, tiers beyond the first band and minimums are left out.
    """
    rng = np.random.default_rng(seed)
    phone = needs.channel("phone")
    wait = queue_wait(phone)
    cv = float(needs.contract.forecast_cv)
    sigma2 = math.log1p(cv * cv)
    factor = rng.lognormal(-sigma2 / 2, math.sqrt(sigma2), runs)
    calls = rng.poisson(factor * phone.volume_per_month)
    chats = rng.poisson(factor * needs.channel("chat").volume_per_month)
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
    return costs


# ----------------------------------------------------------------------------- benchmarks


@pytest.mark.benchmark(group="simulation-volume")
def test_simulate_20000_runs_5_vendors_sample_volume(benchmark: Any) -> None:
    needs, vendors = sample_like_needs(), five_vendors()
    sim = benchmark(simulate_costs, needs, vendors, runs=RUNS, seed=SEED, progress=False)
    assert sim.samples.shape == (RUNS, 5)


@pytest.mark.benchmark(group="simulation-volume")
def test_simulate_20000_runs_5_vendors_100x_volume(benchmark: Any) -> None:
    needs, vendors = sample_like_needs(100.0), five_vendors()
    sim = benchmark(simulate_costs, needs, vendors, runs=RUNS, seed=SEED, progress=False)
    assert sim.samples.shape == (RUNS, 5)
    assert np.isfinite(sim.samples.to_numpy()).all()


@pytest.mark.benchmark(group="simulation-volume")
def test_peer_per_call_numpy_20_runs_sample_volume(benchmark: Any) -> None:
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
