"""Tests for vendoreval.simulation: the Monte Carlo monthly cost of several vendors.

The main reference is a brute-force simulation written here: every call of every month drawn
one by one (handle time, abandonment, wait, start minute, language), billed with
:meth:`BillingIncrement.billed_seconds` and priced line by line. At a few hundred calls a
month the simulated mean cost must agree with it within four standard errors.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from tests import builders
from vendoreval.errors import UnpricedChannelError
from vendoreval.needs import ChannelNeeds, Needs
from vendoreval.needs.arrivals import ArrivalPattern, ArrivalProfile, profile_shares
from vendoreval.needs.hours import Hours
from vendoreval.pricing import BillableComponent, BillingIncrement, Premiums, Rounding
from vendoreval.proposal import VendorProposal
from vendoreval.proposal.staffing import StaffingAnswer
from vendoreval.simulation import CostSimulation, queue_wait, simulate_costs
from vendoreval.staffing import interval_staffing
from vendoreval.vocabulary import Channel

D = Decimal
FloatArray = npt.NDArray[np.float64]

PHONE_VOLUME = 300
CHAT_VOLUME = 120
FORECAST_CV = 0.1
EN_SHARE = 0.3


def make_needs(
    phone: int = PHONE_VOLUME,
    chat: int = CHAT_VOLUME,
    *,
    budget: Decimal | None = None,
    growth: float = 0.0,
    cv: float = FORECAST_CV,
) -> Needs:
    return builders.make_needs(
        buyer="Simulation test buyer",
        competitors=(),
        hours=Hours(always=True),
        channels=(
            builders.channel(
                Channel.PHONE,
                phone,
                240,
                share=0.8,
                within_seconds=20,
                hold_seconds=30,
                acw_seconds=45,
                handle_time_cv=0.7,
                patience_seconds=60,
                arrival="flat",
            ),
            builders.channel(Channel.CHAT, chat, 400, share=0.8, within_seconds=60),
        ),
        languages=builders.languages(ko=1 - EN_SHARE, en=EN_SHARE),
        contract=builders.contract(
            term_months=36, forecast_cv=cv, monthly_growth=growth, budget_per_month=budget
        ),
    )


vendor = builders.vendor


PER_MINUTE = vendor(
    "Per minute",
    billing_increment="60/60",
    voice_rate_per_minute=D(600),
    per_contact={Channel.CHAT: D(1500)},
    setup_fee=D(1_000_000),
)
PER_SECOND_WAIT = vendor(
    "Per second with wait",
    billing_increment="1/1",
    billable_components=tuple(BillableComponent),
    voice_rate_per_minute=D(660),
    per_contact={Channel.CHAT: D(1500)},
    premiums=Premiums(language_multipliers={"en": D("1.2")}),
)
MONTHLY_WEEKEND = vendor(
    "Monthly 30/6 weekend",
    billing_increment="30/6",
    rounding=Rounding.MONTHLY,
    voice_rate_per_minute=D(620),
    per_contact={Channel.CHAT: D(1400)},
    premiums=Premiums(timezone="Asia/Seoul", weekend_multiplier=D("1.25")),
)
PER_CONTACT_MINIMUM = vendor(
    "Per contact with minimum",
    billing_increment="6/6",
    per_contact={Channel.PHONE: D(2400), Channel.CHAT: D(1300)},
    minimum_monthly=D(850_000),
)
VENDORS = [PER_MINUTE, PER_SECOND_WAIT, MONTHLY_WEEKEND, PER_CONTACT_MINIMUM]


def cell(frame: pd.DataFrame, row: object, column: object) -> float:
    """One value of a frame as a float."""
    table: Any = frame
    return float(table.loc[row, column])


# ----------------------------------------------------------------------------- brute force


def brute_force(needs: Needs, runs: int, seed: int) -> pd.DataFrame:
    """Monthly costs of VENDORS by drawing every call of every month (January 2027, Seoul)."""
    rng = np.random.default_rng(seed)
    wait = queue_wait(needs.channel("phone"))
    sigma2 = math.log1p(FORECAST_CV**2)
    factor = rng.lognormal(-sigma2 / 2, math.sqrt(sigma2), runs)
    calls = rng.poisson(factor * PHONE_VOLUME)
    chats = rng.poisson(factor * CHAT_VOLUME)
    run_of_call = np.repeat(np.arange(runs), calls)
    run_of_chat = np.repeat(np.arange(runs), chats)
    n, m = run_of_call.size, run_of_chat.size

    abandoned = rng.random(n) < wait.prob_abandon
    q = (wait.prob_wait - wait.prob_abandon) / (1 - wait.prob_abandon)
    waited = abandoned | (rng.random(n) < q)
    wait_seconds = np.where(waited, rng.exponential(wait.mean_wait_if_waiting_seconds, n), 0.0)
    aht, cv = 315.0, 0.7
    s2 = math.log1p(cv * cv)
    handle = np.where(abandoned, 0.0, rng.lognormal(math.log(aht) - s2 / 2, math.sqrt(s2), n))
    english_call = rng.random(n) < EN_SHARE
    english_chat = rng.random(m) < EN_SHARE
    # flat arrivals: a start minute uniform over January 2027 (1 January was a Friday)
    weekday_call = (4 + rng.integers(0, 31 * 1440, n) // 1440) % 7
    weekday_chat = (4 + rng.integers(0, 31 * 1440, m) // 1440) % 7
    weekend_call, weekend_chat = weekday_call >= 5, weekday_chat >= 5

    def per_run(values: FloatArray, runs_of: npt.NDArray[np.int64]) -> FloatArray:
        return np.asarray(np.bincount(runs_of, weights=values, minlength=runs), dtype=np.float64)

    chat_count = chats.astype(np.float64)
    costs = {}
    billed = np.asarray(BillingIncrement.parse("60/60").billed_seconds(handle), dtype=np.float64)
    costs[PER_MINUTE.name] = per_run(billed / 60 * 600, run_of_call) + 1500 * chat_count

    billed = np.asarray(
        BillingIncrement.parse("1/1").billed_seconds(handle + wait_seconds), dtype=np.float64
    )
    weight = np.where(english_call, 1.2, 1.0)
    chat_weight = np.where(english_chat, 1.2, 1.0)
    costs[PER_SECOND_WAIT.name] = per_run(billed / 60 * 660 * weight, run_of_call) + 1500 * per_run(
        chat_weight, run_of_chat
    )

    whole = np.ceil(handle)
    total = per_run(whole, run_of_call)
    weekend = per_run(whole * weekend_call, run_of_call)
    voice = np.asarray(BillingIncrement.parse("30/6").billed_seconds(total)) / 60 * 620
    share = np.divide(weekend, total, out=np.zeros(runs), where=total > 0)
    chat_weighted = per_run(np.where(weekend_chat, 1.25, 1.0), run_of_chat)
    costs[MONTHLY_WEEKEND.name] = voice * (1 + 0.25 * share) + 1400 * chat_weighted

    handled = per_run((~abandoned).astype(np.float64), run_of_call)
    usage = 2400 * handled + 1300 * chat_count
    costs[PER_CONTACT_MINIMUM.name] = np.maximum(usage, 850_000)
    return pd.DataFrame(costs)


@pytest.fixture(scope="module")
def small() -> CostSimulation:
    return simulate_costs(make_needs(), VENDORS, runs=10_000, seed=123)


def test_mean_cost_matches_a_call_by_call_simulation(small: CostSimulation) -> None:
    reference = brute_force(make_needs(), runs=4_000, seed=99)
    for name in small.vendors:
        ours, theirs = small.samples[name], reference[name]
        error = math.sqrt(ours.var() / ours.size + theirs.var() / theirs.size)
        assert abs(ours.mean() - theirs.mean()) < 4 * error, name
        assert ours.std() == pytest.approx(theirs.std(), rel=0.1), name


def test_exact_sums_below_the_threshold_are_whole_seconds(small: CostSimulation) -> None:
    # Per-minute voice at 600/min plus 1500 per chat: every sample is a whole multiple of 300.
    samples = small.samples[PER_MINUTE.name].to_numpy()
    assert np.array_equal(samples / 300, np.round(samples / 300))


# ----------------------------------------------------------------------------- properties


def _twin(increment: str) -> VendorProposal:
    return vendor(
        "Twin",
        billing_increment=increment,
        voice_rate_per_minute=D(600),
        per_contact={Channel.CHAT: D(1000)},
    )


@pytest.mark.parametrize("phone", [300, 60_000])
def test_per_second_never_dearer_than_per_minute(phone: int) -> None:
    needs = make_needs(phone=phone)
    second = simulate_costs(needs, [_twin("per-second")], runs=3_000, seed=5).samples["Twin"]
    minute = simulate_costs(needs, [_twin("per-minute")], runs=3_000, seed=5).samples["Twin"]
    assert (second <= minute).all()
    assert (second < minute).mean() > 0.99


def test_same_seed_same_samples_other_seed_other_samples() -> None:
    needs = make_needs()
    first = simulate_costs(needs, VENDORS, runs=500, seed=7).samples
    second = simulate_costs(needs, VENDORS, runs=500, seed=7).samples
    other = simulate_costs(needs, VENDORS, runs=500, seed=8).samples
    pd.testing.assert_frame_equal(first, second)
    assert not first.equals(other)


def test_vendor_order_does_not_change_a_vendors_samples() -> None:
    needs = make_needs(phone=40_000)
    forward = simulate_costs(needs, VENDORS, runs=500, seed=3).samples
    backward = simulate_costs(needs, VENDORS[::-1], runs=500, seed=3).samples
    assert list(backward.columns) == [v.name for v in VENDORS[::-1]]
    pd.testing.assert_frame_equal(forward, backward[forward.columns])


def test_cost_grows_with_volume() -> None:
    means = [
        simulate_costs(make_needs(phone=v, chat=v // 3), VENDORS[:3], runs=2_000, seed=1)
        .samples.mean()
        .to_numpy()
        for v in (200, 2_000, 20_000)
    ]
    assert (np.diff(np.array(means), axis=0) > 0).all()


def test_summary_quantile_breakdown_and_budget(small: CostSimulation) -> None:
    summary = small.summary()
    assert list(summary.index) == list(small.vendors)
    assert (summary["p5"] <= summary["p50"]).all()
    assert (summary["p50"] <= summary["p95"]).all()
    assert summary["prob_over_budget"].isna().all()
    assert np.allclose(summary["mean"], small.samples.mean())
    median = small.quantile(0.5)
    assert isinstance(median, pd.Series)
    assert np.allclose(median, summary["p50"])
    assert small.quantile([0.1, 0.9]).shape == (2, len(VENDORS))
    breakdown = small.breakdown()
    assert np.allclose(breakdown.sum(axis=1), summary["mean"])
    assert cell(breakdown, PER_CONTACT_MINIMUM.name, "minimum_true_up") > 0
    assert cell(breakdown, PER_SECOND_WAIT.name, "premiums") > 0
    with pytest.raises(ValueError, match="q must"):
        small.quantile(1.5)

    budget = make_needs(budget=D(900_000))
    sim = simulate_costs(budget, VENDORS, runs=1_000, seed=2)
    over = sim.summary()["prob_over_budget"]
    assert np.allclose(over, (sim.samples > 900_000).mean())
    assert sim.currency == "KRW"
    assert sim.runs == 1_000
    assert sim.seed == 2
    assert sim.month == "2027-01"


def test_drivers(small: CostSimulation) -> None:
    drivers = small.drivers()
    assert cell(drivers, PER_SECOND_WAIT.name, "billed_over_actual") == pytest.approx(1.0)
    assert cell(drivers, PER_MINUTE.name, "billed_over_actual") > 1.05
    assert cell(drivers, MONTHLY_WEEKEND.name, "billed_over_actual") == pytest.approx(1.0, abs=1e-3)
    wait = queue_wait(make_needs().channel("phone"))
    billed_wait = cell(drivers, PER_SECOND_WAIT.name, "billed_wait_seconds_per_contact")
    assert billed_wait == pytest.approx(wait.mean_wait_seconds, abs=1.0)
    assert 0 < cell(drivers, PER_SECOND_WAIT.name, "billed_wait_share") < 0.2
    assert cell(drivers, PER_MINUTE.name, "billed_wait_seconds_per_contact") == 0
    assert math.isnan(cell(drivers, PER_CONTACT_MINIMUM.name, "billed_over_actual"))
    assert drivers["agent_hours"].isna().all()
    assert drivers["billing_increment"].to_dict()[PER_MINUTE.name] == "per-minute (60/60)"


def _exact_agent_hours(channel: ChannelNeeds, volume: float) -> float:
    """Productive agent hours a month: Erlang C staffing of each half hour of a typical week."""
    assert channel.service_level is not None
    weekly = volume * 12 / 52 * channel.arrival.half_hour_shares()
    staffed = interval_staffing(
        weekly,
        channel.aht_seconds,
        channel.service_level.threshold_seconds,
        channel.service_level.share,
    )
    return float(staffed.agents.sum()) * 0.5 * 52 / 12


def test_staffing_based_vendor() -> None:
    needs = make_needs(phone=20_000, chat=6_000)
    pattern = ArrivalPattern(profile=ArrivalProfile.RETAIL_EVENINGS)
    needs = needs.model_copy(
        update={
            "channels": tuple(c.model_copy(update={"arrival": pattern}) for c in needs.channels)
        }
    )
    answer = StaffingAnswer(shrinkage=0.3, paid_hours_per_fte_month=190)
    fte_vendor = vendor(
        "FTE",
        staffing=answer,
        billing_increment="60/60",
        fte_month_rate=D(4_000_000),
        monthly_fixed=D(5_000_000),
    )
    sim = simulate_costs(needs, [fte_vendor, PER_MINUTE], runs=2_000, seed=4)
    drivers = sim.drivers()
    hours = cell(drivers, "FTE", "agent_hours")
    # reference: exact interval staffing at 300 volumes drawn like the simulation's
    rng = np.random.default_rng(8)
    sigma2 = math.log1p(FORECAST_CV**2)
    factors = rng.lognormal(-sigma2 / 2, math.sqrt(sigma2), 300)
    exact = np.array(
        [
            sum(
                _exact_agent_hours(c, float(rng.poisson(f * c.volume_per_month)))
                for c in needs.channels
            )
            for f in factors
        ]
    )
    assert abs(hours - exact.mean()) < 4 * exact.std() / math.sqrt(exact.size) + 0.005 * hours
    fte = cell(drivers, "FTE", "fte")
    assert fte == pytest.approx(hours / (190 * 0.7))
    assert sim.samples["FTE"].mean() == pytest.approx(4_000_000 * fte + 5_000_000)
    assert math.isnan(cell(drivers, PER_MINUTE.name, "fte"))


def test_tco_is_months_times_mean_without_growth() -> None:
    vendors = [PER_MINUTE, PER_CONTACT_MINIMUM]
    sim = simulate_costs(make_needs(), vendors, runs=4_000, seed=6)
    tco = sim.tco(months=3)
    for proposal in vendors:
        name = proposal.name
        samples = sim.samples[name]
        expected = float(proposal.sheet.setup_fee) + 3 * samples.mean()
        error = math.sqrt(3 * 2) * samples.std() / math.sqrt(samples.size)
        assert abs(cell(tco, name, "mean") - expected) < 4 * error
        assert cell(tco, name, "p5") <= cell(tco, name, "mean") <= cell(tco, name, "p95")
        assert cell(tco, name, "setup_fee") == float(proposal.sheet.setup_fee)
    growing = simulate_costs(make_needs(growth=0.05), vendors, runs=4_000, seed=6).tco(months=3)
    assert (growing["mean"] > tco["mean"]).all()
    with pytest.raises(ValueError, match="months"):
        sim.tco(months=0)


def test_progress_bar_can_be_forced_or_disabled() -> None:
    needs = make_needs()
    shown = simulate_costs(needs, VENDORS, runs=200, seed=1, progress=True)
    hidden = simulate_costs(needs, VENDORS, runs=200, seed=1, progress=False)
    pd.testing.assert_frame_equal(shown.samples, hidden.samples)


def test_month_argument() -> None:
    needs = make_needs()
    # February 2027 has 8 weekend days of 28, January 10 of 31
    january = simulate_costs(needs, [MONTHLY_WEEKEND], runs=4_000, seed=1)
    february = simulate_costs(needs, [MONTHLY_WEEKEND], runs=4_000, seed=1, month="2027-02")
    assert february.month == "2027-02"
    assert february.breakdown()["premiums"].iloc[0] < january.breakdown()["premiums"].iloc[0]
    with pytest.raises(ValueError, match="month"):
        simulate_costs(needs, VENDORS, runs=10, month="2027-13")


# ----------------------------------------------------------------------------- bad input


def test_bad_input_names_the_argument_or_vendor() -> None:
    needs = make_needs()
    with pytest.raises(ValueError, match="runs"):
        simulate_costs(needs, VENDORS, runs=0)
    with pytest.raises(ValueError, match="runs"):
        simulate_costs(needs, VENDORS, runs=2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="seed"):
        simulate_costs(needs, VENDORS, runs=10, seed=-1)
    with pytest.raises(ValueError, match="proposals is empty"):
        simulate_costs(needs, [], runs=10)
    with pytest.raises(ValueError, match=r"'Per minute'.*unique"):
        simulate_costs(needs, [PER_MINUTE, PER_MINUTE], runs=10)
    dollars = vendor(
        "Dollar BPO",
        currency="USD",
        billing_increment="60/60",
        voice_rate_per_minute=D("0.5"),
        per_contact={Channel.CHAT: D(1)},
    )
    with pytest.raises(ValueError, match=r"'Dollar BPO'.*USD.*KRW"):
        simulate_costs(needs, [PER_MINUTE, dollars], runs=10)
    voice_only = vendor("Voice only", billing_increment="60/60", voice_rate_per_minute=D(600))
    with pytest.raises(UnpricedChannelError, match=r"'Voice only'.*'chat'"):
        simulate_costs(needs, [voice_only], runs=10)


def test_holidays_take_sundays_shape() -> None:
    # A business-hours profile: on a listed holiday the weekday peak moves to Sunday's (low)
    # level, so a holiday premium applies to fewer contacts than the holiday's weekday would.
    needs = make_needs().model_copy(update={"holidays": (dt.date(2027, 1, 4),)})
    pattern = ArrivalPattern(profile=ArrivalProfile.BUSINESS_HOURS)
    channels = tuple(c.model_copy(update={"arrival": pattern}) for c in needs.channels)
    needs = needs.model_copy(update={"channels": channels})
    holiday = vendor(
        "Holiday",
        billing_increment="60/60",
        voice_rate_per_minute=D(600),
        per_contact={Channel.CHAT: D(1000)},
        premiums=Premiums(
            timezone="Asia/Seoul", holidays=(dt.date(2027, 1, 4),), holiday_multiplier=D(2)
        ),
    )
    sim = simulate_costs(needs, [holiday], runs=2_000, seed=0)
    share = (
        sim.breakdown()["premiums"].iloc[0]
        / (sim.breakdown()[["voice_minutes", "per_contact"]].sum(axis=1).iloc[0])
    )
    # Sunday's share of a business-hours week, over a month with 5 Sundays + 1 holiday
    week = profile_shares(ArrivalProfile.BUSINESS_HOURS).reshape(7, 24).sum(axis=1)
    days = np.array([(4 + d) % 7 for d in range(31)])
    weights = week[days]
    weights[3] = week[6]  # 4 January (Monday) is the holiday: Sunday's shape
    assert share == pytest.approx(weights[3] / weights.sum(), rel=0.05)
