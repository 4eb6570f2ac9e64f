"""The service model of the simulation: who staffs how much, and what the traffic then gets.

References: the Erlang A / Erlang C formulas of :mod:`vendoreval.staffing` applied directly to
the agents the simulation reports (:meth:`CostSimulation.staffing`), and hypothesis
properties — credits within the pool, fewer agents never serving better, fewer agents never
costing less to a buyer billed for the wait, house-monotone apportionment.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import builders
from vendoreval.contract import Commitment, ServiceCredits
from vendoreval.needs import Needs
from vendoreval.pricing import BillableComponent
from vendoreval.proposal import VendorProposal
from vendoreval.simulation import simulate_costs
from vendoreval.simulation.service import apportion
from vendoreval.staffing import agents_required, erlang_a
from vendoreval.vocabulary import Channel

D = Decimal
FEW = settings(max_examples=12, deadline=None)


def needs_for(
    volume: int,
    *,
    patience: float | None = 90.0,
    cv: float = 0.0,
    months: int = 2,
    growth: float = 0.0,
    arrival: str = "retail-evenings",
    messaging: int = 0,
) -> Needs:
    channels = [
        builders.channel(
            "phone",
            volume,
            240,
            share=0.8,
            within_seconds=20,
            acw_seconds=60,
            patience_seconds=patience,
            arrival=arrival,
        )
    ]
    if messaging:
        channels.append(
            builders.channel(
                "messaging",
                messaging,
                480,
                share=0.8,
                within_seconds=60,
                patience_seconds=patience,
                concurrency=2.5,
                arrival=arrival,
            )
        )
    return builders.make_needs(
        channels=tuple(channels),
        contract=builders.contract(term_months=months, forecast_cv=cv, monthly_growth=growth),
    )


def per_head(
    name: str, ftes: float, terms: ServiceCredits | None = None, **sheet: Any
) -> VendorProposal:
    proposal = builders.vendor(
        name,
        billing_increment="60/60",
        fte_month_rate=D(4_000_000),
        committed_ftes={Channel.PHONE: ftes},
        **sheet,
    )
    return proposal.model_copy(update={"commitments": terms})


def committing(name: str, target: float, **sheet: Any) -> VendorProposal:
    """A usage-priced vendor that commits to ``target`` answered within 20 s on phone."""
    terms = ServiceCredits(
        commitments=(
            Commitment(channel="phone", kpi="service_level", target=target, threshold_seconds=20),
        ),
        at_risk_share=0.05,
    )
    sheet.setdefault("billing_increment", "1/1")
    sheet.setdefault("voice_rate_per_minute", D(600))
    return builders.vendor(name, **sheet).model_copy(update={"commitments": terms})


def analytic_level(sim: Any, vendor: str, month: int, aht: float, patience: float | None) -> float:
    """Traffic-weighted Erlang A (C without patience) service level at 20 s for the agents
    and forecast traffic the simulation reports for ``vendor``."""
    frame = sim.staffing(vendor, "phone", month)
    traffic = frame["traffic"].to_numpy()
    agents = frame["agents"].to_numpy()
    busy = traffic > 0
    result = erlang_a(
        traffic[busy], agents[busy], aht, math.inf if patience is None else patience, 20.0
    )
    level = np.asarray(result.service_level, dtype=np.float64)
    return float((traffic[busy] * level).sum() / traffic[busy].sum())


# ----------------------------------------------------------------------------- staffing rules


def test_each_vendor_is_staffed_by_its_rule() -> None:
    needs = needs_for(20_000)
    vendors = [
        per_head("Head", 20),
        committing("Weaker", 0.6),
        builders.vendor("Target", billing_increment="60/60", voice_rate_per_minute=D(600)),
    ]
    sim = simulate_costs(needs, vendors, runs=10, seed=0)
    head, weaker, target = (sim.staffing(name) for name in ("Head", "Weaker", "Target"))
    assert set(head["rule"]) == {"committed"}
    assert set(weaker["rule"]) == {"commitment"}
    assert set(target["rule"]) == {"target"}
    # a committed head-count delivers FTE × scheduled hours × (1 − shrinkage) a month:
    # 20 × 173.33 × 0.7 = 2,426.7 h, i.e. ⌊2,426.7 / (365.2425 / 84)⌋ = 558 agent-hours a
    # week, each hour's two half hours staffed alike
    weeks = 365.2425 / 12 / 7
    hours = math.floor(20 * (40 * 52 / 12) * 0.7 / weeks + 1e-9)
    assert hours == 558
    assert head["agents"].sum() == 2 * hours
    agents = head["agents"].to_numpy()
    assert np.array_equal(agents[0::2], agents[1::2])
    # the target rule staffs every interval with the Erlang C head-count of 80/20
    expected = agents_required(target["traffic"].to_numpy(), 300.0, 20.0, 0.8)
    assert np.array_equal(target["agents"].to_numpy(), expected)
    # staffing to a weaker commitment of its own takes fewer agents
    assert (weaker["agents"] <= target["agents"]).all()
    assert weaker["agents"].sum() < target["agents"].sum()


def test_concurrency_divides_the_messaging_traffic() -> None:
    needs = needs_for(10_000, messaging=30_000)
    sim = simulate_costs(
        needs,
        [
            builders.vendor(
                "V",
                billing_increment="60/60",
                voice_rate_per_minute=D(600),
                unpriced_contacts_free=True,
            )
        ],
        runs=5,
        seed=0,
    )
    frame = sim.staffing("V", "messaging")
    channel = needs.channel("messaging")
    # traffic of a half hour = contacts × (480 s ÷ 2.5 conversations at once) / 1800 s
    shares = channel.arrival.half_hour_shares()
    weeks = 365.2425 / 12 / 7
    assert np.allclose(frame["traffic"], 30_000 / weeks * shares * (480 / 2.5) / 1800)


# ----------------------------------------------------------------------------- zero forecast error


@FEW
@given(
    volume=st.integers(500, 60_000),
    ftes=st.floats(2, 80),
    patience=st.sampled_from([None, 45.0, 120.0]),
    growth=st.sampled_from([0.0, 0.03]),
)
def test_zero_forecast_error_gives_the_analytic_service_level(
    volume: int, ftes: float, patience: float | None, growth: float
) -> None:
    needs = needs_for(volume, patience=patience, months=3, growth=growth)
    terms = ServiceCredits(
        commitments=(
            Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20),
        ),
        at_risk_share=0.1,
    )
    vendors = [per_head("Head", ftes, terms), committing("Own", 0.7)]
    sim = simulate_costs(needs, vendors, runs=3, seed=0)
    achieved = sim.service_levels()
    for name in ("Head", "Own"):
        for month in (1, 2, 3):
            expected = analytic_level(sim, name, month, 300.0, patience)
            got = float(achieved.loc[(name, "phone.service_level")].iloc[month - 1])
            assert got == pytest.approx(expected, abs=1e-12), (name, month)


# ----------------------------------------------------------------------------- properties


@FEW
@given(
    fewer=st.floats(3, 40),
    more=st.floats(0.5, 30),
    cv=st.sampled_from([0.0, 0.15]),
    patience=st.sampled_from([None, 60.0]),
)
def test_fewer_agents_never_serve_better(
    fewer: float, more: float, cv: float, patience: float | None
) -> None:
    terms = ServiceCredits(
        commitments=(
            Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20),
            Commitment(channel="phone", kpi="asa_seconds", target=30),
            Commitment(channel="phone", kpi="abandonment", target=0.05),
        ),
        at_risk_share=0.1,
    )
    small = per_head("Small", fewer, terms)
    large = per_head("Large", fewer + more, terms)
    sim = simulate_costs(
        needs_for(15_000, patience=patience, cv=cv), [small, large], runs=300, seed=4
    )
    assert (sim.staffing("Small")["agents"] <= sim.staffing("Large")["agents"]).all()
    levels = sim.service_levels()
    tol = 1e-12
    assert (
        levels.loc[("Small", "phone.service_level")]
        <= levels.loc[("Large", "phone.service_level")] + tol
    ).all()
    assert (
        levels.loc[("Small", "phone.asa_seconds")]
        >= levels.loc[("Large", "phone.asa_seconds")] - tol
    ).all()
    assert (
        levels.loc[("Small", "phone.abandonment")]
        >= levels.loc[("Large", "phone.abandonment")] - tol
    ).all()
    breach = sim.breach_probability()
    assert (breach.loc["Small"] >= breach.loc["Large"] - tol).all()


@FEW
@given(
    weights=st.lists(st.floats(0, 1.5), min_size=1, max_size=3),
    at_risk=st.floats(0.01, 0.3),
    ftes=st.floats(2, 40),
    cv=st.sampled_from([0.05, 0.3]),
)
def test_credits_never_exceed_the_pool(
    weights: list[float], at_risk: float, ftes: float, cv: float
) -> None:
    kpis = [
        Commitment(channel="phone", kpi="service_level", target=0.85, threshold_seconds=20),
        Commitment(channel="phone", kpi="asa_seconds", target=20),
        Commitment(channel="phone", kpi="abandonment", target=0.03),
    ]
    terms = ServiceCredits(
        commitments=tuple(
            c.model_copy(update={"weight": w}) for c, w in zip(kpis, weights, strict=False)
        ),
        at_risk_share=at_risk,
    )
    vendor = per_head("Head", ftes, terms)
    sim = simulate_costs(needs_for(12_000, cv=cv, months=3), [vendor], runs=200, seed=1)
    credits = sim.credits["Head"].to_numpy()
    fees = sim.gross["Head"].to_numpy()  # no one-off fees: gross is the fees
    assert (credits >= 0).all()
    assert (credits <= at_risk * fees * (1 + 1e-12)).all()


@FEW
@given(
    lower=st.floats(0.3, 0.75),
    gap=st.floats(0.02, 0.2),
    cv=st.sampled_from([0.0, 0.1]),
    volume=st.sampled_from([600, 20_000]),
    increment=st.sampled_from(["1/1", "30/6", "60/60"]),
)
def test_billing_the_wait_never_rewards_fewer_agents(
    lower: float, gap: float, cv: float, volume: int, increment: str
) -> None:
    """Without abandonment (no patience), a vendor that bills the customer's wait and staffs
    to a lower service level never costs less on average than the same sheet staffed to a
    higher one."""
    sheet: dict[str, Any] = {
        "billing_increment": increment,
        "billable_components": tuple(BillableComponent),
        "voice_rate_per_minute": D(600),
    }
    thin = committing("Thin", lower, **sheet)
    thick = committing("Thick", min(lower + gap, 0.95), **sheet)
    sim = simulate_costs(needs_for(volume, patience=None, cv=cv), [thin, thick], runs=300, seed=2)
    assert (sim.staffing("Thin")["agents"] <= sim.staffing("Thick")["agents"]).all()
    gross = sim.gross
    assert gross["Thin"].mean() >= gross["Thick"].mean() * (1 - 1e-9)


@given(
    weights=st.lists(st.floats(0, 100), min_size=1, max_size=40),
    total=st.integers(0, 500),
    extra=st.integers(0, 50),
)
def test_apportionment_is_house_monotone_and_meets_the_lower_quota(
    weights: list[float], total: int, extra: int
) -> None:
    w = np.array(weights)
    if total and not (w > 0).any():
        assert apportion(w, total).sum() == 0
        return
    first = apportion(w, total)
    second = apportion(w, total + extra)
    assert first.sum() == (total if (w > 0).any() else 0)
    assert (second >= first).all()
    if (w > 0).any():
        assert (first >= np.floor(total * w / w.sum()) - 1e-9).all()
        assert (first[w == 0] == 0).all()


def test_apportionment_hand_worked() -> None:
    # D'Hondt: 7 seats over 5 : 3 : 2 — quotients 5, 3, 2.5, 2, 1.67, 1.5, 1.25, 1, …; the seven
    # largest are 5, 3, 2.5, 2 (second of 3), 1.67, 1.5 (second of 3), 1.25 → 4, 2, 1.
    assert apportion([5, 3, 2], 7).tolist() == [4, 2, 1]
    assert apportion([1, 1], 3).tolist() == [2, 1]  # a tie goes to the first
    assert apportion([0, 0], 3).tolist() == [0, 0]


def test_interpolated_service_is_close_to_the_exact_erlang_values() -> None:
    """Between its exact nodes a month's service is interpolated linearly in the volume
    factor: within 0.01 of the exact traffic-weighted Erlang A service level, for a
    committed head-count and for a vendor staffing to its own commitment."""
    from vendoreval.simulation.model import CostModel

    needs = needs_for(20_000, cv=0.12, months=3, growth=0.02)
    terms = ServiceCredits(
        commitments=(
            Commitment(channel="phone", kpi="service_level", target=0.8, threshold_seconds=20),
        ),
        at_risk_share=0.1,
    )
    vendors = [per_head("Head", 22, terms), committing("Own", 0.75)]
    model = CostModel(needs, vendors)
    factors = np.linspace(0.75, 1.35, 13)
    for vendor in model.vendors:
        curve = vendor.curves[Channel.PHONE]
        plan = curve.plan
        for month in range(3):
            got = curve.at(month, factors, ["service_level@20", "abandonment"])
            traffic = plan.traffic[month]
            busy = traffic > 0
            for i, f in enumerate(factors):
                exact = erlang_a(traffic[busy] * f, plan.agents[month][busy], 300.0, 90.0, 20.0)
                weights = traffic[busy] / traffic[busy].sum()
                level = float((weights * np.asarray(exact.service_level)).sum())
                abandon = float((weights * np.asarray(exact.prob_abandon)).sum())
                assert got["service_level@20"][i] == pytest.approx(level, abs=0.01)
                assert got["abandonment"][i] == pytest.approx(abandon, abs=0.005)
