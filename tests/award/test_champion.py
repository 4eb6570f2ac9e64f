"""champion_challenger: the share follows the measured KPI, quarter by quarter, priced with
scenario_cost; the KPI is Erlang A at the staffed agents."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.award.instances import small_needs, small_vendors
from tests.builders import channel, contract
from vendoreval.award import champion_challenger, scenario_cost
from vendoreval.calendar import WEEKS_PER_MONTH
from vendoreval.errors import ArgumentError, ArgumentTypeError
from vendoreval.staffing import agents_required, erlang_a

RUNS = 200


@pytest.fixture(scope="module")
def pair() -> tuple[Any, Any]:
    proposals = small_vendors()
    return proposals[0], proposals[1]  # Alpha the champion, Bravo the challenger


def test_quarters_cover_the_term() -> None:
    alpha, bravo = small_vendors()[:2]
    needs = small_needs(contract=contract(start_month="2027-03", term_months=10))
    frame = champion_challenger(needs, alpha, bravo, runs=RUNS)
    assert list(frame.index) == [1, 2, 3, 4]
    assert frame["months"].tolist() == [3, 3, 3, 1]
    assert frame["month"].tolist() == ["2027-03", "2027-06", "2027-09", "2027-12"]


def test_share_moves_a_step_towards_the_better_kpi(pair: tuple[Any, Any]) -> None:
    needs = small_needs()
    frame = champion_challenger(needs, *pair, initial_share=0.3, step=0.1, runs=RUNS, seed=5)
    assert frame["challenger_share"].iloc[0] == 0.3
    shares = frame["challenger_share"].to_numpy()
    np.testing.assert_allclose(frame["champion_share"].to_numpy(), 1.0 - shares)
    for (_, row), following in zip(frame.iloc[:-1].iterrows(), shares[1:], strict=True):
        share = row["challenger_share"]
        if row["leader"] == "Bravo":
            expected = min(1.0, share + 0.1)
        elif row["leader"] == "Alpha":
            expected = max(0.0, share - 0.1)
        else:
            expected = share
        assert following == pytest.approx(expected)
        if row["leader"]:
            better = max if row["leader"] == "Bravo" else min
            kpis = [row["champion_kpi"], row["challenger_kpi"]]
            assert row["challenger_kpi"] == better(kpis)


def test_a_slower_challenger_loses_its_share(pair: tuple[Any, Any]) -> None:
    # 60,000 calls a month; Bravo's agents take 40% longer than forecast: its service level
    # falls well short of Alpha's every quarter, so it loses 0.1 a quarter until it has
    # nothing left to measure. (On a few hundred calls per vendor the head-count, rounded
    # up per half hour, leaves so much slack that handle time hardly shows.)
    needs = small_needs(
        channels=(
            channel("phone", 60_000, 240, share=0.8, within_seconds=20, patience_seconds=90),
        ),
        contract=contract(start_month="2027-03", term_months=24, forecast_cv=0.1),
    )
    frame = champion_challenger(
        needs, *pair, handle_time_ratio={"Bravo": 1.4}, quarters=5, runs=RUNS
    )
    assert frame["challenger_share"].tolist() == pytest.approx([0.3, 0.2, 0.1, 0.0, 0.0])
    assert frame["leader"].tolist()[:3] == ["Alpha"] * 3
    assert np.isnan(frame["challenger_kpi"].iloc[3])
    slow = champion_challenger(
        needs,
        *pair,
        kpi="phone.abandonment",
        handle_time_ratio={"Bravo": 1.4},
        quarters=2,
        runs=RUNS,
    )
    assert slow["leader"].iloc[0] == "Alpha"
    assert slow["challenger_kpi"].iloc[0] > slow["champion_kpi"].iloc[0]


def test_costs_are_scenario_costs_of_each_quarter(pair: tuple[Any, Any]) -> None:
    # Quarter 2 (months 3–5 of the term) at volumes grown 1% a month: the mean factor of
    # 1.01³, 1.01⁴ and 1.01⁵, in its first calendar month.
    needs = small_needs(
        contract=contract(start_month="2027-03", term_months=12, monthly_growth=0.01)
    )
    frame = champion_challenger(needs, *pair, quarters=2, runs=RUNS, seed=2)
    row = frame.loc[2]
    scaled = needs.scale_volume(float(np.mean([1.01**3, 1.01**4, 1.01**5])))
    share = float(frame["challenger_share"].to_numpy()[1])
    split = {c: {"Alpha": 1 - share, "Bravo": share} for c in ("phone", "chat", "email")}
    monthly = scenario_cost(scaled, list(pair), split, RUNS, 2, month="2027-06")
    assert row["monthly_cost_mean"] == pytest.approx(monthly, rel=1e-12)
    assert row["cost"] == pytest.approx(3 * monthly, rel=1e-12)
    alone = scenario_cost(
        scaled, list(pair), dict.fromkeys(split, "Alpha"), RUNS, 2, month="2027-06"
    )
    assert row["champion_only_cost"] == pytest.approx(3 * alone, rel=1e-12)


def test_same_seed_same_quarters(pair: tuple[Any, Any]) -> None:
    needs = small_needs()
    first = champion_challenger(needs, *pair, quarters=3, runs=RUNS, seed=9)
    again = champion_challenger(needs, *pair, quarters=3, runs=RUNS, seed=9)
    assert first.equals(again)


def test_kpi_without_noise_is_erlang_a_at_the_staffed_agents(pair: tuple[Any, Any]) -> None:
    # No forecast error and no handle-time noise: the champion's measured service level is
    # the volume-weighted Erlang A service level of its 70% of the phone traffic, staffed
    # per half hour at 80/20 — up to the binomial noise of its ~6,300 contacts a quarter.
    needs = small_needs(contract=contract(start_month="2027-03", forecast_cv=0.0))
    frame = champion_challenger(needs, *pair, quarters=1, aht_cv=0.0, runs=RUNS)
    phone = needs.channel("phone")
    volumes = 0.7 * 3_000 / WEEKS_PER_MONTH * phone.arrival.half_hour_shares()
    load = volumes * phone.aht_seconds / 1800.0
    agents = agents_required(load, phone.aht_seconds, 20.0, 0.8)
    levels = np.asarray(erlang_a(load, agents, phone.aht_seconds, 90.0, 20.0).service_level)
    expected = float((volumes * levels).sum() / volumes.sum())
    error = np.sqrt(expected * (1 - expected) / (3 * 0.7 * 3_000))
    assert frame.loc[1, "champion_kpi"] == pytest.approx(expected, abs=4 * error)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kpi": "fax.service_level"}, ArgumentError, "no 'fax' traffic"),
        ({"kpi": "phone.csat"}, ArgumentError, "must be one of"),
        ({"kpi": "service_level"}, ArgumentError, "<channel>.<kpi>"),
        ({"initial_share": 1.5}, ArgumentError, "initial_share"),
        ({"step": 0}, ArgumentError, "step"),
        ({"step": "big"}, ArgumentTypeError, "step"),
        ({"quarters": 0}, ArgumentError, "quarters"),
        ({"handle_time_ratio": {"Zulu": 1.1}}, ArgumentError, "Zulu"),
        ({"handle_time_ratio": {"Bravo": 0}}, ArgumentError, "above 0"),
        ({"aht_cv": -1}, ArgumentError, "aht_cv"),
    ],
)
def test_bad_arguments_are_named(
    pair: tuple[Any, Any], kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        champion_challenger(small_needs(), *pair, runs=RUNS, **kwargs)


def test_champion_and_challenger_must_differ(pair: tuple[Any, Any]) -> None:
    with pytest.raises(ArgumentError, match="unique"):
        champion_challenger(small_needs(), pair[0], pair[0], runs=RUNS)
