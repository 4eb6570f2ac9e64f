"""Tests for vendoreval.simulation: the Monte Carlo cost of several vendors over the term.

The main reference is a brute-force simulation written here: every call of a month drawn one
by one (handle time, abandonment, wait, start minute, language), the queue of the month given
by Erlang A per half hour at the month's volume against the agents staffed for the forecast,
billed with :meth:`BillingIncrement.billed_seconds` and priced line by line. At a few hundred
calls a month the simulated mean cost must agree with it within four standard errors.
Term costs, credits and staffing are checked against hand-worked cases whose arithmetic is
written out, and the invariants of the service model are hypothesis properties.
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
from vendoreval.calendar import WEEKS_PER_MONTH
from vendoreval.errors import UnpricedChannelError
from vendoreval.needs import ChannelNeeds, Needs
from vendoreval.needs.arrivals import ArrivalPattern, ArrivalProfile, profile_shares
from vendoreval.needs.hours import Hours
from vendoreval.pricing import BillableComponent, BillingIncrement, Premiums, Rounding
from vendoreval.proposal import VendorProposal
from vendoreval.proposal.staffing import StaffingAnswer
from vendoreval.simulation import CostSimulation, queue_wait, simulate_costs
from vendoreval.staffing import agents_required, erlang_a, interval_staffing
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


_QUEUE: dict[float, tuple[float, float, float]] = {}


def queue_at(needs: Needs, factor: float) -> tuple[float, float, float]:
    """P(abandon), P(wait | answered) and E[W | W > 0] of a month whose traffic is ``factor``
    × the forecast, every half hour staffed for the forecast at the buyer's 80/20 (Erlang C
    head-count), the queue Erlang A with the callers' patience — computed directly."""
    key = round(factor, 3)
    if key not in _QUEUE:
        phone = needs.channel("phone")
        assert phone.service_level is not None
        assert phone.patience_seconds is not None
        aht = phone.aht_seconds
        traffic = phone.volume_per_month * 12 / 52 * phone.arrival.half_hour_shares() * aht / 1800
        agents = agents_required(traffic, aht, 20.0, 0.8)
        busy = traffic > 0
        result = erlang_a(traffic[busy] * key, agents[busy], aht, phone.patience_seconds, 20.0)
        weights = traffic[busy] / traffic[busy].sum()
        p_ab = float((weights * np.asarray(result.prob_abandon)).sum())
        p_wait = float((weights * np.asarray(result.prob_wait)).sum())
        wait = float((weights * np.asarray(result.mean_wait_seconds)).sum())
        _QUEUE[key] = (p_ab, (p_wait - p_ab) / (1 - p_ab), wait / p_wait)
    return _QUEUE[key]


def brute_force(needs: Needs, runs: int, seed: int) -> pd.DataFrame:
    """Monthly costs of VENDORS by drawing every call of every month (January 2027, Seoul)."""
    rng = np.random.default_rng(seed)
    sigma2 = math.log1p(FORECAST_CV**2)
    factor = rng.lognormal(-sigma2 / 2, math.sqrt(sigma2), runs)
    calls = rng.poisson(factor * PHONE_VOLUME)
    chats = rng.poisson(factor * CHAT_VOLUME)
    run_of_call = np.repeat(np.arange(runs), calls)
    run_of_chat = np.repeat(np.arange(runs), chats)
    n, m = run_of_call.size, run_of_chat.size
    queue = np.array([queue_at(needs, float(f)) for f in factor])  # (runs, 3)
    p_ab, q, mu = (queue[run_of_call, k] for k in range(3))

    abandoned = rng.random(n) < p_ab
    waited = abandoned | (rng.random(n) < q)
    wait_seconds = np.where(waited, rng.exponential(1.0, n) * mu, 0.0)
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


MONTH = "2027-01"


@pytest.fixture(scope="module")
def small() -> CostSimulation:
    return simulate_costs(make_needs(), VENDORS, runs=10_000, seed=123, month=MONTH)


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
    kwargs: dict[str, Any] = {"runs": 3_000, "seed": 5, "month": MONTH}
    second = simulate_costs(needs, [_twin("per-second")], **kwargs).samples["Twin"]
    minute = simulate_costs(needs, [_twin("per-minute")], **kwargs).samples["Twin"]
    assert (second <= minute).all()
    assert (second < minute).mean() > 0.99


def test_same_seed_same_samples_other_seed_other_samples() -> None:
    needs = short_term()
    first = simulate_costs(needs, VENDORS, runs=500, seed=7).samples
    second = simulate_costs(needs, VENDORS, runs=500, seed=7).samples
    other = simulate_costs(needs, VENDORS, runs=500, seed=8).samples
    pd.testing.assert_frame_equal(first, second)
    assert not first.equals(other)


def test_vendor_order_does_not_change_a_vendors_samples() -> None:
    needs = short_term(phone=40_000)
    forward = simulate_costs(needs, VENDORS, runs=500, seed=3).samples
    backward = simulate_costs(needs, VENDORS[::-1], runs=500, seed=3).samples
    assert list(backward.columns) == [v.name for v in VENDORS[::-1]]
    pd.testing.assert_frame_equal(forward, backward[forward.columns])


@pytest.mark.parametrize("phone", [300, 40_000])
def test_identical_offers_cost_the_same(phone: int) -> None:
    """Two proposals that differ only in the vendor's name get the same samples (the random
    streams are common to every vendor, keyed on nothing a vendor says), so the documented
    tie-break by cost and then name applies to them."""
    needs = short_term(phone=phone)
    for proposal in VENDORS:
        twin = proposal.model_copy(update={"name": proposal.name + " (twin)"})
        sim = simulate_costs(needs, [proposal, twin], runs=400, seed=11)
        assert np.array_equal(sim.samples[proposal.name], sim.samples[twin.name]), proposal.name
        assert np.array_equal(sim.credits[proposal.name], sim.credits[twin.name])


def test_cost_grows_with_volume() -> None:
    means = [
        simulate_costs(
            make_needs(phone=v, chat=v // 3), VENDORS[:3], runs=2_000, seed=1, month=MONTH
        )
        .samples.mean()
        .to_numpy()
        for v in (200, 2_000, 20_000)
    ]
    assert (np.diff(np.array(means), axis=0) > 0).all()


def short_term(phone: int = PHONE_VOLUME, months: int = 3, **changes: Any) -> Needs:
    """The test buyer on a term of a few months."""
    needs = make_needs(phone=phone)
    contract = needs.contract.model_copy(update={"term_months": months, **changes})
    return needs.model_copy(update={"contract": contract})


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
    sim = simulate_costs(budget, VENDORS, runs=1_000, seed=2, month=MONTH)
    over = sim.summary()["prob_over_budget"]
    assert np.allclose(over, (sim.samples > 900_000).mean())
    assert sim.currency == "KRW"
    assert sim.runs == 1_000
    assert sim.seed == 2
    assert sim.month == "2027-01"
    assert sim.months == ("2027-01",)


def test_drivers(small: CostSimulation) -> None:
    drivers = small.drivers()
    assert cell(drivers, PER_SECOND_WAIT.name, "billed_over_actual") == pytest.approx(1.0)
    assert cell(drivers, PER_MINUTE.name, "billed_over_actual") > 1.05
    assert cell(drivers, MONTHLY_WEEKEND.name, "billed_over_actual") == pytest.approx(1.0, abs=1e-3)
    # the wait billed per contact is the mean wait of the months' queues (Erlang A at each
    # month's volume), near the forecast's
    wait = queue_wait(make_needs().channel("phone"))
    billed_wait = cell(drivers, PER_SECOND_WAIT.name, "billed_wait_seconds_per_contact")
    assert billed_wait == pytest.approx(wait.mean_wait_seconds, rel=0.25)
    assert 0 < cell(drivers, PER_SECOND_WAIT.name, "billed_wait_share") < 0.2
    assert cell(drivers, PER_MINUTE.name, "billed_wait_seconds_per_contact") == 0
    assert math.isnan(cell(drivers, PER_CONTACT_MINIMUM.name, "billed_over_actual"))
    assert drivers["agent_hours"].isna().all()
    assert drivers["billing_increment"].to_dict()[PER_MINUTE.name] == "per-minute (60/60)"


def _exact_agent_hours(channel: ChannelNeeds, volume: float) -> float:
    """Productive agent hours a month: Erlang C staffing of each half hour of a typical week
    (a month is 365.2425 / 12 / 7 weeks)."""
    assert channel.service_level is not None
    weekly = volume / WEEKS_PER_MONTH * channel.arrival.half_hour_shares()
    staffed = interval_staffing(
        weekly,
        channel.aht_seconds,
        channel.service_level.threshold_seconds,
        channel.service_level.share,
    )
    return float(staffed.agents.sum()) * 0.5 * WEEKS_PER_MONTH


def test_staffing_based_vendor_pays_the_staffing_of_the_forecast_exactly() -> None:
    """An FTE-priced vendor staffs every half hour for the month's forecast; it is charged
    exactly those FTEs — no interpolation of hours over simulated volumes, so no bias (the
    earlier 17-point grid over the volume factor biased the mean by +0.12%)."""
    needs = make_needs(phone=20_000, chat=6_000)
    pattern = ArrivalPattern(profile=ArrivalProfile.RETAIL_EVENINGS)
    needs = needs.model_copy(
        update={
            "channels": tuple(c.model_copy(update={"arrival": pattern}) for c in needs.channels)
        }
    )
    answer = StaffingAnswer(shrinkage=0.3, scheduled_hours_per_fte_month=168)
    fte_vendor = vendor(
        "FTE",
        staffing=answer,
        billing_increment="60/60",
        fte_month_rate=D(4_000_000),
        monthly_fixed=D(5_000_000),
    )
    sim = simulate_costs(needs, [fte_vendor, PER_MINUTE], runs=2_000, seed=4, month=MONTH)
    drivers = sim.drivers()
    hours = sum(_exact_agent_hours(c, c.volume_per_month) for c in needs.channels)
    assert cell(drivers, "FTE", "agent_hours") == pytest.approx(hours, rel=1e-12)
    fte = hours / (168 * 0.7)
    assert cell(drivers, "FTE", "fte") == pytest.approx(fte, rel=1e-12)
    # the charge does not vary with the month's traffic: every run costs exactly this
    assert np.allclose(sim.samples["FTE"], 4_000_000 * fte + 5_000_000, rtol=1e-12)
    assert math.isnan(cell(drivers, PER_MINUTE.name, "fte"))


def test_tco_totals_the_term_and_splits_it_by_year() -> None:
    vendors = [PER_MINUTE, PER_CONTACT_MINIMUM]
    needs = short_term(months=15)
    sim = simulate_costs(needs, vendors, runs=2_000, seed=6)
    tco = sim.tco()
    by_year = sim.tco(by="year")
    assert list(by_year.columns) == [1, 2]
    for proposal in vendors:
        name = proposal.name
        total = sim.samples[name] * 15  # a run's net cost of the term
        assert cell(tco, name, "mean") == pytest.approx(total.mean())
        assert cell(tco, name, "p5") <= cell(tco, name, "mean") <= cell(tco, name, "p95")
        assert cell(tco, name, "setup_fee") == float(proposal.sheet.setup_fee)
        assert by_year.loc[name].sum() == pytest.approx(total.mean())
        # the set-up fee is in year 1, which has 12 of the 15 months
        months = sim.tco(by="month").loc[name]
        assert months.index.tolist()[0] == "2027-01"
        assert by_year.loc[name, 1] == pytest.approx(months.iloc[:12].sum())
        monthly = float(months.iloc[1:].mean())
        assert months.iloc[0] - monthly == pytest.approx(
            float(proposal.sheet.setup_fee), abs=0.01 * monthly
        )
    growing = simulate_costs(
        short_term(months=15, monthly_growth=0.05), vendors, runs=2_000, seed=6
    ).tco()
    assert (growing["mean"] > tco["mean"]).all()
    shorter = sim.tco(months=3)
    assert (shorter["mean"] < tco["mean"]).all()
    with pytest.raises(ValueError, match="months"):
        sim.tco(months=0)
    with pytest.raises(ValueError, match="by must be"):
        sim.tco(by="week")  # type: ignore[arg-type]


def test_progress_is_a_callback_and_the_library_prints_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    needs = short_term(months=2)
    steps: list[tuple[int, int]] = []
    called = simulate_costs(
        needs, VENDORS, runs=200, seed=1, progress=lambda d, t: steps.append((d, t))
    )
    assert steps == [(1, 2), (2, 2)]
    # booleans from earlier versions are accepted and mean no callback
    shown = simulate_costs(needs, VENDORS, runs=200, seed=1, progress=True)
    hidden = simulate_costs(needs, VENDORS, runs=200, seed=1, progress=False)
    pd.testing.assert_frame_equal(shown.samples, hidden.samples)
    pd.testing.assert_frame_equal(called.samples, hidden.samples)
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""
    with pytest.raises(ValueError, match="progress must be a callable"):
        simulate_costs(needs, VENDORS, runs=10, progress="yes")  # type: ignore[arg-type]


def test_month_argument() -> None:
    needs = make_needs()
    # February 2027 has 8 weekend days of 28, January 10 of 31
    january = simulate_costs(needs, [MONTHLY_WEEKEND], runs=4_000, seed=1, month="2027-01")
    february = simulate_costs(needs, [MONTHLY_WEEKEND], runs=4_000, seed=1, month="2027-02")
    assert february.month == "2027-02"
    assert february.breakdown()["premiums"].iloc[0] < january.breakdown()["premiums"].iloc[0]
    with pytest.raises(ValueError, match="month"):
        simulate_costs(needs, VENDORS, runs=10, month="2027-13")
    with pytest.raises(ValueError, match="outside the contract term"):
        simulate_costs(needs, VENDORS, runs=10, month="2026-12")


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


def _with_phone(needs: Needs, **changes: Any) -> Needs:
    """A copy of the needs with the phone channel changed *without* validation (as
    model_copy does), to reach simulate_costs with numbers the models would refuse."""
    channels = tuple(
        c.model_copy(update=changes) if c.channel is Channel.PHONE else c for c in needs.channels
    )
    return needs.model_copy(update={"channels": channels})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"volume_per_month": 10**14}, "volume_per_month"),
        ({"volume_per_month": 10**308}, "volume_per_month"),
        ({"talk_seconds": 1e308}, "talk_seconds"),
        ({"acw_seconds": 86_401.0}, "acw_seconds"),
        ({"patience_seconds": 1e12}, "patience_seconds"),
    ],
)
def test_implausible_numbers_are_refused_quickly_and_named(
    changes: dict[str, Any], field: str
) -> None:
    """Huge but valid numbers used to run for minutes or raise IndexError; every numeric
    input is bounded by a plausible range and the error names the field."""
    from vendoreval.errors import VendorEvalError

    needs = _with_phone(make_needs(), **changes)
    with pytest.raises(VendorEvalError, match=rf"needs\.channels\.0: {field} = "):
        simulate_costs(needs, VENDORS, runs=10)
    with pytest.raises(VendorEvalError, match=r"contact centre|one day"):
        simulate_costs(needs, VENDORS, runs=10)


def test_runs_have_an_upper_bound() -> None:
    from vendoreval.errors import ArgumentError

    with pytest.raises(ArgumentError, match=r"runs = 100,000,000 is above .* 10,000,000"):
        simulate_costs(make_needs(), VENDORS, runs=10**8)


def test_growth_cannot_take_the_forecast_beyond_the_bounds() -> None:
    from vendoreval.errors import ArgumentError

    needs = short_term(phone=900_000_000, months=120, monthly_growth=1.0)
    with pytest.raises(ArgumentError, match="monthly_growth"):
        simulate_costs(needs, VENDORS, runs=10)


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
    sim = simulate_costs(needs, [holiday], runs=2_000, seed=0, month=MONTH)
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
