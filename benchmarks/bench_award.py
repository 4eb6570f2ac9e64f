"""Award optimisation: 12 segments × 10 vendors, and exhaustive enumeration as the peer.

* ``award-12x10``: :func:`~vendoreval.award.optimize_award` on a retailer's phone, chat,
  e-mail and social care in Korean, English and Japanese split by channel × language (12
  segments) across 10 vendors billing per minute, per second with the customer's wait, 30/6
  with graduated and all-units tiers, per contact with minimums, per agent hour and per FTE,
  some with language surcharges, at most 3 vendors and none above 60% of the volume. The
  cache of simulated vendor costs is emptied before every round, so each round pays for all
  its simulations. Target: under 2 s.
* ``award-6x3``: the peer, what an analyst would otherwise do — enumerate every allocation
  of whole segments and price each with :func:`~vendoreval.award.scenario_cost` — on a
  problem small enough for it (3 channels × 2 languages = 6 segments, 3 vendors: 3⁶ = 729
  allocations), beside ``optimize_award`` on the same problem, exact (every vendor × set of
  segments simulated: 189 simulations) and with the model. At 12 × 10 enumeration would
  price 10¹² allocations.

Run with ``make bench`` (or ``pytest benchmarks/bench_award.py --benchmark-only``); under
``make test`` (``--benchmark-disable``) each runs once, with fewer simulated months.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest

from vendoreval.award import Award, optimize_award, scenario_cost
from vendoreval.award.cost import clear_cache
from vendoreval.needs import ChannelNeeds, ContractNeeds, LanguageNeed, Needs, ServiceLevelTarget
from vendoreval.needs.hours import Hours
from vendoreval.pricing import Premiums, PriceSheet, TierBand, TierBasis, TierMode, VolumeTier
from vendoreval.proposal import CoverageAnswer, LanguageStaff, StaffingAnswer, VendorProposal
from vendoreval.proposal.pricing import PricingAnswer
from vendoreval.vocabulary import CEFR

D = Decimal
RUNS = 10_000
QUICK_RUNS = 300
SEED = 2027


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest) -> int:
    """Simulated months per vendor: fewer under ``--benchmark-disable``."""
    disabled = bool(request.config.getoption("benchmark_disable", default=False))
    return QUICK_RUNS if disabled else RUNS


def _channel(name: str, volume: int, talk: float, **fields: Any) -> ChannelNeeds:
    return ChannelNeeds(channel=name, volume_per_month=volume, talk_seconds=talk, **fields)


def retailer(channels: tuple[str, ...] = ("phone", "chat", "email", "social")) -> Needs:
    """Phone 40,000, chat 18,000, e-mail 9,000 and social 4,000 contacts a month; Korean
    80%, English 13%, Japanese 7%."""
    live = ServiceLevelTarget(share=0.8, answer_within_seconds=20)
    every = {
        "phone": _channel(
            "phone",
            40_000,
            240,
            hold_seconds=30,
            acw_seconds=45,
            service_level=live,
            patience_seconds=90,
            arrival="retail-evenings",
        ),
        "chat": _channel("chat", 18_000, 400, acw_seconds=30, service_level=live),
        "email": _channel(
            "email",
            9_000,
            300,
            service_level=ServiceLevelTarget(share=0.9, respond_within_hours=4),
        ),
        "social": _channel(
            "social",
            4_000,
            240,
            service_level=ServiceLevelTarget(share=0.9, respond_within_hours=1),
        ),
    }
    return Needs(
        buyer="Benchmark Mall",
        industry="e-commerce",
        timezone="Asia/Seoul",
        hours=Hours(always=True),
        channels=tuple(every[c] for c in channels),
        languages=(
            LanguageNeed(language="ko", share=0.80),
            LanguageNeed(language="en", share=0.13),
            LanguageNeed(language="ja", share=0.07),
        ),
        contract=ContractNeeds(currency="KRW", start_month="2027-01", forecast_cv=0.1),
    )


def _vendor(name: str, seats: int, languages: tuple[str, ...], **sheet: Any) -> VendorProposal:
    return VendorProposal(
        name=name,
        coverage=CoverageAnswer(
            channels=("phone", "chat", "email", "social"), hours=Hours(always=True), seats=seats
        ),
        staffing=StaffingAnswer(
            languages=tuple(
                LanguageStaff(language=tag, agents=100, cefr=CEFR.C2) for tag in languages
            )
        ),
        pricing=PricingAnswer(sheet=PriceSheet(currency="KRW", **sheet)),
    )


def _tier(
    basis: TierBasis, mode: TierMode, limits: list[int], rates: list[int], **kw: Any
) -> VolumeTier:
    bands = [TierBand(up_to=u, rate=D(r)) for u, r in zip(limits, rates, strict=False)]
    bands.append(TierBand(rate=D(rates[-1])))
    return VolumeTier(basis=basis, mode=mode, bands=tuple(bands), **kw)


def ten_vendors() -> list[VendorProposal]:
    """Ten vendors priced every way a sheet can (module notes)."""
    everyone = ("ko", "en", "ja")
    contacts = {"chat": D(1_900), "email": D(2_300), "social": D(2_100)}
    return [
        _vendor(
            "V01 per-minute",
            90,
            everyone,
            billing_increment="60/60",
            voice_rate_per_minute=D(720),
            per_contact=contacts,
            monthly_fixed=D(4_000_000),
        ),
        _vendor(
            "V02 per-second+wait",
            80,
            everyone,
            billing_increment="1/1",
            billable_components=("talk", "hold", "acw", "wait"),
            voice_rate_per_minute=D(760),
            per_contact={**contacts, "chat": D(1_700)},
        ),
        _vendor(
            "V03 30/6 tiers",
            100,
            everyone,
            billing_increment="30/6",
            voice_rate_per_minute=D(800),
            per_contact=contacts,
            volume_tiers=(
                _tier(
                    TierBasis.VOICE_MINUTES, TierMode.GRADUATED, [100_000, 150_000], [780, 720, 650]
                ),
                _tier(
                    TierBasis.CONTACTS,
                    TierMode.ALL_UNITS,
                    [10_000, 15_000],
                    [2_000, 1_800, 1_500],
                    channel="chat",
                ),
            ),
        ),
        _vendor(
            "V04 minimum",
            120,
            everyone,
            billing_increment="60/60",
            voice_rate_per_minute=D(650),
            per_contact=contacts,
            minimum_monthly=D(150_000_000),
        ),
        _vendor(
            "V05 per-hour",
            70,
            everyone,
            billing_increment="60/60",
            agent_hour_rate=D(21_000),
            monthly_fixed=D(2_000_000),
        ),
        _vendor(
            "V06 per-FTE",
            90,
            ("ko",),
            billing_increment="60/60",
            fte_month_rate=D(3_300_000),
            monthly_fixed=D(5_000_000),
        ),
        _vendor(
            "V07 language premium",
            60,
            everyone,
            billing_increment="6/6",
            voice_rate_per_minute=D(690),
            per_contact=contacts,
            premiums=Premiums(language_multipliers={"en": D("1.2"), "ja": D("1.35")}),
        ),
        _vendor(
            "V08 Korean only",
            80,
            ("ko",),
            billing_increment="1/1",
            voice_rate_per_minute=D(640),
            per_contact={"chat": D(1_600), "email": D(2_000), "social": D(1_900)},
            monthly_fixed=D(3_000_000),
        ),
        _vendor(
            "V09 digital",
            40,
            everyone,
            billing_increment="60/60",
            voice_rate_per_minute=D(950),
            per_contact={"chat": D(1_400), "email": D(1_700), "social": D(1_500)},
            monthly_fixed=D(1_000_000),
        ),
        _vendor(
            "V10 foreign languages",
            50,
            ("en", "ja"),
            billing_increment="1/1",
            voice_rate_per_minute=D(700),
            per_contact=contacts,
            monthly_fixed=D(1_500_000),
        ),
    ]


def _optimise(needs: Needs, vendors: list[VendorProposal], runs: int, **kw: Any) -> Award:
    return optimize_award(needs, vendors, "both", runs=runs, seed=SEED, **kw)


@pytest.mark.benchmark(group="award-12x10")
def test_award_12_segments_10_vendors(benchmark: Any, runs: int) -> None:
    needs, vendors = retailer(), ten_vendors()
    award = benchmark.pedantic(
        _optimise,
        args=(needs, vendors, runs),
        kwargs={"max_vendors": 3, "max_share": 0.6},
        setup=clear_cache,
        rounds=3,
        iterations=1,
    )
    assert len(award.allocation.index) == 12
    assert len(award.vendors) <= 3
    assert (award.volume_shares <= 0.6 + 1e-9).all()
    for vendor in award.vendors:
        assert award.agents[vendor] <= award.seats[vendor]


def _enumerate(needs: Needs, vendors: list[VendorProposal], runs: int) -> float:
    labels = [
        f"{c.channel.value}/{lang.language}" for c in needs.channels for lang in needs.languages
    ]
    names = [v.name for v in vendors]
    return min(
        scenario_cost(needs, vendors, dict(zip(labels, owners, strict=True)), runs, SEED)
        for owners in itertools.product(names, repeat=len(labels))
    )


@pytest.fixture(scope="module")
def small() -> tuple[Needs, list[VendorProposal]]:
    """3 channels × 2 languages, 3 vendors that can serve everything."""
    needs = retailer(("phone", "chat", "email"))
    needs = needs.model_copy(
        update={
            "languages": (
                LanguageNeed(language="ko", share=0.85),
                LanguageNeed(language="en", share=0.15),
            )
        }
    )
    chosen = ("V01 per-minute", "V03 30/6 tiers", "V09 digital")
    return needs, [v for v in ten_vendors() if v.name in chosen]


@pytest.fixture(scope="module")
def small_award(small: tuple[Needs, list[VendorProposal]], runs: int) -> Award:
    """The optimiser's award on the small problem (not timed)."""
    clear_cache()
    return _optimise(*small, runs)


@pytest.mark.benchmark(group="award-6x3")
@pytest.mark.parametrize("method", ["exact", "model"])
def test_award_6x3_optimiser(
    benchmark: Any, small: tuple[Needs, list[VendorProposal]], runs: int, method: str
) -> None:
    needs, vendors = small
    award = benchmark.pedantic(
        _optimise,
        args=(needs, vendors, runs),
        kwargs={"method": method},
        setup=clear_cache,
        rounds=3,
        iterations=1,
    )
    assert award.method == method


@pytest.mark.benchmark(group="award-6x3")
def test_award_6x3_enumeration(
    benchmark: Any, small: tuple[Needs, list[VendorProposal]], runs: int, small_award: Award
) -> None:
    needs, vendors = small
    best = benchmark.pedantic(
        _enumerate, args=(needs, vendors, runs), setup=clear_cache, rounds=1, iterations=1
    )
    assert small_award.monthly_cost_mean <= best * (1 + 1e-12)
